"""The outcome extractor: every reported outcome figure in prose and tables, with its population.

Each sentence goes through: the number layer's quantities -> vocabulary mentions -> population spans
(who was counted) -> clauses -> lists ("respectively") -> one figure per value: what it
measures (binding), its events and total (denominators), whom it describes (disease, infusion,
subgroup, grade) -> the sentence's figures settled together (restatements). Tables go through
`tables`. A figure said twice in a document is kept once.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, replace

from evidence.registry import register
from evidence.schema import Figure, infusion_code
from evidence.text.quantity import COUNT, COUNT_OF, DURATION
from extractors import (arm_prose, arms, binding, bounds, carried, checks, cohort_counts, cohort_statement, colon_lists,
                        contrasts, graded_lists, group_anaphora, group_counts, grouped_lists, mentions, pairs, relative_changes,
                        respectively, restatements, stacked, two_outcomes, unnamed_groups, whole_cohort)
from extractors.composition import document_facts
from extractors.context import DocumentContext, disease_code, document_to_context
from extractors.reading import Sentence, read_sentence
from extractors.denominators import counts_of, is_of_those, sentence_tally
from extractors.mentions import RESPONSE_OUTCOMES, SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES
from extractors.tables import table_figures
from extractors.vocabulary import population
from extractors.vocabulary.other import GRADED_OTHER, OTHER_PREFIX, TIMED_OTHER
from extractors.vocabulary.subgroups import CLAUSE_SUBJECT_END, CONDITIONAL_OUTCOMES, NO_INFUSION, RESPONDER_GROUPS, SUBGROUP_INFUSION

_SHARE_OF_RESPONDERS = re.compile(r"\s*(?:%|percent)?\s*of\s+(?:the\s+|all\s+)?(?:\d+\s+)?(?:complete\s+)?responders\b", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_CLAUSE_SUBJECT = re.compile(CLAUSE_SUBJECT_END, re.IGNORECASE)
_ANAPHORIC_GROUP = re.compile(r"\s*(?:in|among|for|of)\s+(?:this group|these patients|them|those|that group|this subgroup|these children)\b", re.IGNORECASE)
_ANAPHORIC_OUTCOME = re.compile(r"\b(?:the|this|that) (?:figure|rate|proportion|percentage|share)\b(?!\s+of\b)", re.IGNORECASE)  # not "the proportion of X"


@dataclass
class Memory:
    """What earlier sentences said that a later one refers back to."""

    last_total: int | None = None  # the group of "two of those"
    last_outcome: str = ""  # what "the figure" is
    last_subgroup: str = ""  # the group of "In this group, ..."
    last_disease: str = ""  # the disease the paragraph is about
    last_figures: list = field(default_factory=list)  # what "these respective rates" are
    cohort: int | None = None  # the treated cohort's size as the article states it (cohort_statement)
    previous_outcomes: tuple = ()  # the outcomes the previous sentence named: "similar in both groups" is of the one


@register
class OutcomeExtractor:
    name = "outcomes"
    version = "10"

    def extract(self, document, analysis):
        text = document.text
        context = self._context(document, analysis)
        table_spans = [(t.start, t.end) for t in document.tables]
        background = _background_regions(document)
        memory = Memory(cohort=cohort_statement.stated_cohort(text, analysis.quantities))
        previous = None
        figures, prose = [], []
        for sentence in analysis.sentences:
            if any(a <= sentence[0] < b for a, b in table_spans) or _background(document, sentence[0], background):
                continue
            if _OTHER_STUDY.search(text, sentence[0], sentence[1]):
                previous, memory.previous_outcomes = sentence, ()
                continue
            prose.append(sentence)
            if previous is not None and _new_paragraph(text, previous, sentence):
                memory.last_disease = ""
            figures.extend(sentence_figures(document, analysis, context, sentence, previous, memory))
            previous = sentence
        figures = arm_prose.merge(figures, arm_prose.document_arm_figures(document, analysis, prose))
        figures = bounds.settle_bounds(text, analysis, figures, table_spans)  # "an incidence of >=5% in any group"
        figures = relative_changes.drop_relative(text, analysis, figures, table_spans)  # "70% less likely to relapse"
        figures = unnamed_groups.flag_unnamed(text, figures, table_spans)  # "For patients who crossed over (n = 22), ..."
        figures = unnamed_groups.flag_unbound_arm(text, figures, table_spans, arm_prose.prose_arm_sizes(text))
        for table in document.tables:
            figures.extend(table_figures(document, analysis, context, table))
        figures.extend(stacked.stacked_figures(document, analysis, context))
        return [checks.check(f) for f in restatements.merge_restatements(figures)]

    def facts(self, document, analysis):
        return document_facts(document, analysis, self._context(document, analysis))

    def _context(self, document, analysis) -> DocumentContext:
        """The document's context, worked out once per analysis: `extract` and `facts` both need it
        (the last one is kept, by a weak reference to its analysis)."""
        last = getattr(self, "_last_context", None)
        if last is None or last[0]() is not analysis:
            last = self._last_context = (weakref.ref(analysis), document_to_context(document.text, analysis))
        return last[1]


_OTHER_STUDY = re.compile(population.OTHER_STUDY_CUES, re.IGNORECASE)
_BACKGROUND = re.compile(r"(?:^|>)\s*(?:background|introduction)\b", re.IGNORECASE)


def _background_regions(document) -> list:
    """The regions of a Background or Introduction section (usually one, or none)."""
    return [r for r in document.regions if _BACKGROUND.search(r.section or "")]


def _background(document, offset: int, regions) -> bool:
    """Figures in a Background or Introduction section are other studies' results. The section
    is looked up only inside one of its `regions`: a lookup scans every region of the document."""
    return any(r.start <= offset < r.end for r in regions) and bool(_BACKGROUND.search(document.section_at(offset) or ""))


def _new_paragraph(text: str, previous, sentence) -> bool:
    """A blank line, or a heading before the sentence (a line without a final stop, or a question)."""
    last = text[previous[0]:previous[1]].rstrip()
    return re.search(r"\n\s*\n", text[previous[1]:sentence[0]]) is not None or not last or last[-1] in "?:" or last[-1].isalnum()


def sentence_figures(document, analysis, context: DocumentContext, span, previous, memory: Memory) -> list[Figure]:
    text = document.text
    sentence = read_sentence(text, analysis, context, span)
    s, e = span
    for b in respectively.respectively_bindings(text, s, e, sentence.quantities, previous, sentence.usable_infusions):
        entry = sentence.overrides.setdefault(b.quantity.start, {"quantity": b.quantity})
        if b.field == "quantity":
            entry["quantity"] = b.quantity
        else:
            entry[b.field] = b.label
    for b in colon_lists.item_bindings(text, s, e, sentence.quantities, sentence.found[mentions.OUTCOME]):
        entry = sentence.overrides.setdefault(b.quantity.start, {"quantity": b.quantity})
        entry.pop(respectively.PARALLEL, None)  # the item's own outcome and group, not the values' before
        entry[b.field] = b.label
    first = sentence.segments[0]
    whole = cohort_counts.whole_cohort_sentence(text, span, sentence.quantities, sentence.found, first.prefix_end, context.arms)
    for q, outcome in cohort_counts.all_people(text, span, sentence.usable_outcomes, sentence.quantities, whole, context.stated_n):
        # "all patients had >= 1 adverse event": a value in words; the "1" is part of the outcome
        sentence.quantities = [v for v in sentence.quantities if not q.end <= v.start < outcome.start] + [q]
        sentence.overrides.setdefault(q.start, {"quantity": q, "outcome": outcome.label})
    sentence.quantities.sort(key=lambda q: q.start)
    for q, outcome in cohort_counts.death_counts(text, sentence.quantities, sentence.found[mentions.OUTCOME], whole, context.stated_n):
        sentence.overrides.setdefault(q.start, {"quantity": q, "outcome": outcome.label, group_counts.GROUP_TOTAL: q.total})
    for start, entry in group_counts.group_overrides(text, span, sentence.quantities, sentence.usable_outcomes, sentence.found[mentions.SUBGROUP],
                                                     context.named_groups, (memory.last_total, context.stated_n), first.prefix_end).items():
        sentence.overrides.setdefault(start, entry)  # "5 deaths in the CR group": of a group the article sized
    tally = sentence_tally(text, sentence.quantities, (first.prefix_total,), memory.last_total)
    anaphoric_group = memory.last_subgroup if _ANAPHORIC_GROUP.match(text, s) else ""
    figures, by_start = [], {}
    for q in sentence.quantities:
        override = sentence.overrides.get(q.start, {})
        q = override.get("quantity", q)
        if not binding.is_value(q, text) or q.start < first.prefix_end:
            continue
        segment = next((g for g in sentence.segments if g.start <= q.start < g.end), sentence.segments[-1])
        outcome = _outcome(q, segment, sentence, text, override, memory)
        if outcome is not None and _cut_before_outcome(text, span, q, outcome, sentence):
            outcome = None  # "..., with 45 (39%) patients having a" and the excerpt stops: what they had is not said
        if outcome is None:
            _count_total(tally, q)
            continue
        figure = _figure(document, context, q, outcome, segment, sentence, tally, override, memory, anaphoric_group, whole)
        _count_total(tally, q)
        if figure is not None:
            figures.append(figure)
            by_start[q.start] = figure
    figures = _parallel(figures, sentence.overrides, by_start)
    figures = restatements.sentence_to_figures(figures)
    figures = arms.bind_arms(text, span, figures, context.arms)
    figures = group_anaphora.group_figures(text, span, figures)
    grouped = [f for f in figures if group_counts.GROUP_TOTAL in sentence.overrides.get(f.start, {})]
    figures = [f for f in figures if f not in grouped]  # lists and pairs are of the sentence's own values
    figures = contrasts.contrast_pairs(text, span, figures)
    figures = pairs.timepoint_lists(text, span, figures)
    figures = pairs.slash_pairs(text, sentence.found[mentions.OUTCOME], figures)
    figures = pairs.and_pairs(text, sentence.found[mentions.OUTCOME], sentence.found[mentions.SUBGROUP], figures)
    figures = pairs.same_population_twice(figures) + grouped
    figures = figures + grouped_lists.trailing_group_figures(text, span, sentence.quantities, figures)
    figures = figures or carried.carried_figures(document, sentence, memory.last_figures)
    figures = two_outcomes.mrd_negative_cr(text, figures)
    if not any(f.outcome in TOXICITY_OUTCOMES for f in figures):
        figures += whole_cohort.everyone_figures(document, context, span, memory.cohort)
    if not any(f.subgroup for f in figures):
        figures += whole_cohort.all_responders_figures(document, context, span)
    memory.last_figures = figures
    _remember(memory, text, sentence, figures)
    return figures


_CUT_PREDICATE = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:patients?\s+|pts\s+|people\s+|children\s+)?"
                            r"(?:having|had|achieving|achieved|reaching|reached|attaining|with|who)\b[^.;]*$", re.IGNORECASE)


def _cut_before_outcome(text: str, span, q, outcome, sentence: Sentence) -> bool:
    """A value at the end of an excerpt cut mid-sentence whose own words ("patients having a")
    stop before they name what was counted: an outcome named earlier is not its outcome."""
    s, e = span
    if text[e:].strip() or re.search(r"[.!?)\]\"'”]\s*$", text[s:e]) or outcome.end > q.start:
        return False
    if any(m.start >= q.end for m in sentence.found[mentions.OUTCOME]):
        return False
    return bool(_CUT_PREDICATE.match(text, q.end, e))


def _outcome(q, segment, sentence: Sentence, text, override, memory: Memory):
    if "outcome" in override:
        listed = [m for m in sentence.found[mentions.OUTCOME] if m.label == override["outcome"] and m.end <= q.start]
        return listed[-1] if listed else mentions.Mention(mentions.OUTCOME, override["outcome"], q.start, q.start)
    chosen = binding.choose_outcome(q, segment, sentence.span, sentence.usable_outcomes, text)
    if chosen is None and group_anaphora.after_comparison(q, text, sentence.span):
        return group_anaphora.carried_outcome(q, text, sentence.span, memory.previous_outcomes)
    return chosen if chosen is not None else _anaphoric(q, sentence, text, memory)


def _anaphoric(q, sentence: Sentence, text: str, memory: Memory):
    """"The rate was ...": the outcome of the last figure read."""
    if memory.last_outcome and _ANAPHORIC_OUTCOME.search(text, sentence.span[0], q.start):
        return mentions.Mention(mentions.OUTCOME, memory.last_outcome, q.start, q.start)
    return None


def _count_total(tally, q) -> None:
    """A printed total is the one later counts of the sentence share ("..., four with CR")."""
    if q.kind == COUNT_OF and q.total:
        tally.running_total = q.total


def _remember(memory: Memory, text: str, sentence: Sentence, figures: list[Figure]) -> None:
    memory.previous_outcomes = group_anaphora.named_outcomes(text, sentence.usable_outcomes)
    totals = [q.total for q in sentence.quantities if q.kind == COUNT_OF and q.total]
    prefix_total = sentence.segments[0].prefix_total
    if totals or prefix_total:
        memory.last_total = totals[-1] if totals else prefix_total
    groups = [m.label for m in sentence.found[mentions.SUBGROUP] if not m.label.startswith(("without", "comparator"))]
    memory.last_subgroup = groups[-1] if groups else ""  # "... could be bridged to transplant. In this group, ..."
    if figures:
        last = figures[-1]  # an OTHER outcome is remembered with its name: "the rate" is that outcome's
        memory.last_outcome = OTHER_PREFIX + last.outcome_text if last.outcome == "OTHER" else last.outcome
        named = {f.disease for f in figures if f.disease and f.disease != "mixed"}
        diseases = {m.label for m in sentence.found[mentions.DISEASE]}
        memory.last_disease = named.pop() if len(named) == 1 and len(diseases) == 1 else ""


def _parallel(figures: list[Figure], overrides: dict, by_start: dict) -> list[Figure]:
    """Values of a "respectively" list with no groups named take the populations of the values before."""
    run = sorted((start, o[respectively.PARALLEL]) for start, o in overrides.items() if respectively.PARALLEL in o)
    if not run:
        return figures
    first = run[0][0]
    before = [f for f in figures if f.start < first]
    k = len(run)
    if len(before) < k:
        return figures
    models = before[-k:]
    result = []
    for f in figures:
        o = overrides.get(f.start, {})
        if respectively.PARALLEL in o and f.start in by_start:
            m = models[o[respectively.PARALLEL]]
            f = restatements.no_infusion(replace(f, subgroup=m.subgroup, infusion=m.infusion, disease=m.disease,
                                                 target_relation=m.target_relation if m.subgroup else f.target_relation))
        result.append(f)
    return result


def _figure(document, context, q, outcome, segment, sentence: Sentence, tally, override, memory, anaphoric_group,
            whole: bool = False) -> Figure | None:
    text = document.text
    label, outcome_text = outcome.label, ""
    if label.startswith(OTHER_PREFIX):
        label, outcome_text = "OTHER", label[len(OTHER_PREFIX):]
    flags = ["approximate"] if q.approximate else []
    timepoint = None
    if "timepoint" in override:
        timepoint = override["timepoint"]
    elif label in SURVIVAL_OUTCOMES or label == "RELAPSE" or label in RESPONSE_OUTCOMES or outcome_text in TIMED_OTHER:
        timepoint = _timepoint(q, outcome, segment, sentence, text, label)
    events = total = counted = None
    of_stated_cohort = False  # a plain count divided by the cohort the article states
    if q.kind == DURATION:
        if label not in SURVIVAL_OUTCOMES:
            return None
        measure, unit, value = "median", "months", q.value
        timepoint = None  # a median is a time itself: "at month 3" or a nearby "24-month" rate is not its timepoint
        if value is None:
            return None
        if not binding.median_cued(text, sentence.span):
            flags.append("median_assumed")
    else:
        if label in SURVIVAL_OUTCOMES and timepoint is None:
            return None
        measure = "rate_at" if timepoint is not None else "proportion"
        unit = "proportion"
        events, total, value, more = counts_of(q, text, tally, sentence.quantities, context.cohort_n, outcome.lay)
        counted = cohort_counts.cohort_count(q, text, sentence.usable_outcomes, whole, context.stated_n) if value is None and label == "OTHER" else None
        if counted:  # "Nineteen patients experienced infections", of the one cohort the article states
            events, total, more, outcome = counted
            value, outcome_text = events / total, outcome.label[len(OTHER_PREFIX):]
        elif value is None and label in _COHORT_COUNTED and _cohort_count(q, text, memory.cohort):
            events, total, value, more = q.events, memory.cohort, q.events / memory.cohort, ["total_from_cohort"]
            of_stated_cohort = True
        if value is None:
            return None
        flags.extend(more)
        if measure == "rate_at":
            events, total = (events, total) if q.kind == COUNT_OF else (None, None)
    ci_low, ci_high = binding.ci_after(q, sentence.quantities, segment.end, text)
    if label == "NR" and events == 0:  # "did not respond (0/1)": nobody responded
        label = "ORR"
    grade = ""
    if label in TOXICITY_OUTCOMES:
        values = [v for v in sentence.quantities if binding.is_value(v, text)]
        grade = override.get("grade") or binding.grade_for(sentence.found[mentions.GRADE], q, outcome, segment, values, text)
        if grade is None or grade == "<3":
            return None
        if not grade and _unowned_severe(sentence, values):
            grade = "any"  # "Neurotoxicity in 4 patients (12.9%); none was grade 3 or higher"
    elif outcome_text in GRADED_OTHER:
        values = [v for v in sentence.quantities if binding.is_value(v, text)]
        grade = binding.grade_for(sentence.found[mentions.GRADE], q, outcome, segment, values, text) or ""
        grade = "" if grade in ("<3", "any") else grade
        if not grade:  # "grade >=3 AEs were neutropenia (80%), anemia (50%) and ...": the list's grade
            grade = graded_lists.list_grade(text, sentence.found[mentions.GRADE], outcome, sentence.span[0])
            grade = "" if grade == "any" else grade
    subgroup = override.get("subgroup", None)
    if subgroup is None:
        subgroup = _subgroup(q, segment, sentence, outcome, text) or anaphoric_group
    if subgroup and of_stated_cohort:
        return None  # "In the CD19-negative group, 5 patients achieved CR": not 5 of the whole cohort
    if label in CONDITIONAL_OUTCOMES and subgroup in RESPONDER_GROUPS and not (measure == "rate_at" and _SHARE_OF_RESPONDERS.match(text, q.end)):
        subgroup = ""  # relapse "of the 40 patients in CR": counted among responders by definition
        # (but "59% of responders remaining relapse-free at 12 months" is a rate the text gives over the responders)
    if label == "NR" and subgroup == "non-responders":
        subgroup = ""  # "13 had no response (non-responder group)": the figure names its own group
    disease = override.get("disease") or _disease(q, segment, sentence, text, context, memory)
    infusion = override.get("infusion") or _infusion(q, segment, sentence, context, subgroup)
    if counted or group_counts.GROUP_TOTAL in override:  # a sized group: an infusion named in another clause is not theirs
        infusion = binding.nearest(sentence.usable_infusions, q, segment.start, segment.end)
        infusion = infusion.label if infusion else context.default_infusion
    relation = binding.relation_in(text, segment.start, segment.end, context.relation)
    figure = Figure(
        document=document.path, outcome=label, outcome_text=outcome_text, measure=measure, value=float(value), unit=unit,
        events=events, total=total, ci_low=ci_low, ci_high=ci_high, timepoint_months=timepoint,
        grade=grade, disease=disease, infusion=infusion_code(infusion), prior_target=context.prior_target,
        target=context.target, target_relation=relation, subgroup=subgroup,
        quote=text[sentence.span[0]:sentence.span[1]].strip(), start=q.start, end=q.end,
        page=document.page_at(q.start), section=document.section_at(q.start) or "",
        flags=";".join(sorted(set(flags))), extractor="outcomes",
    )
    return restatements.no_infusion(figure)


_COHORT_COUNTED = TOXICITY_OUTCOMES | {"CR", "ORR"}
_PLAIN_COUNT = re.compile(r"(?:\d+|[a-z]+) (?:patients?|pts?|people|persons?|children|adults|subjects|participants)", re.IGNORECASE)


def _cohort_count(q, text: str, cohort: int | None) -> bool:
    """"One patient experienced grade 1 neurotoxicity", "CR was achieved by 65 pts": a count of
    plain patients (no "with ..." or disease words) is of the cohort the article states."""
    return (cohort is not None and q.kind == COUNT and q.events is not None and 0 < q.events < cohort
            and bool(_PLAIN_COUNT.fullmatch(q.text.strip())) and not re.match(r"\s+(?:with|who|whose|in)\b", text[q.end:]))


def _unowned_severe(sentence: Sentence, values) -> bool:
    """A ">=3" grade term of the sentence that no value is next to: the grades were told apart."""
    for g in sentence.found[mentions.GRADE]:
        clause = next((s for s in sentence.segments if s.start <= g.start < s.end), None)
        if g.label == ">=3" and clause is not None and not any(clause.start <= v.start < clause.end for v in values):
            return True
    return False


def _timepoint(q, outcome, segment, sentence: Sentence, text, label):
    """A timepoint for a rate: "2-year OS", "OS at 24 months", "four years out", "CR rate at 18 months";
    the value's own "at 4 years" first, then one attached to the outcome term, then the nearest."""
    attached, others = [], []
    for t in sentence.quantities:
        if t is q or t.kind != DURATION or not binding.is_timepoint(text, t):
            continue
        months = binding.timepoint_months(t)
        near_outcome = abs(t.end - outcome.start) <= 30 or abs(t.start - outcome.end) <= 30
        if label in RESPONSE_OUTCOMES:
            if re.search(r"day|week|wk", t.text, re.IGNORECASE):
                continue  # "progression at week 6", "CR at day 28": when it was assessed, still a proportion
            if t.timepoint and 0 <= outcome.start - t.end <= 3:  # "18-month CR rate"
                return months
            if 0 <= t.start - outcome.end <= 14 and re.match(r"\s*\)?\s*(?:rates?\s+)?(?:at|by)\s*$", text[outcome.end:t.start], re.IGNORECASE):
                return months  # "CR rate at 18 months"
            continue
        if binding.follow_up_time(text, t):
            continue  # "at a median follow-up of 14.3 months": when, not the rate's timepoint
        if re.match(r"\s*(?:\([^()]*\))?\s*(?:at|by)\s*$", text[q.end:t.start]) and t.start - q.end <= 40:
            return months  # "66.7% at 4-year": the value's own timepoint
        if t.timepoint and 0 <= outcome.start - t.end <= 3:
            attached.append(months)  # "24-month RFS"
        elif segment.start <= t.start < segment.end or near_outcome or sentence.span[0] <= t.start < segment.start:
            others.append((abs(t.start - outcome.start), months))
    if attached:
        return attached[-1]
    return min(others)[1] if others else None


def _disease(q, segment, sentence: Sentence, text, context, memory: Memory) -> str:
    outcomes = sentence.found[mentions.OUTCOME]  # "non-hematological malignancies" names an outcome, not the cohort
    diseases = [d for d in sentence.found[mentions.DISEASE] if not any(o.start <= d.start and d.end <= o.end for o in outcomes)]
    attached = binding.attached_disease(diseases, q, text, segment.end)
    if attached:
        return disease_code(attached, context)
    near = binding.nearest(diseases, q, segment.start, segment.end)
    if near:
        return disease_code(near, context)
    lead = _lead_end(sentence, text)
    near = binding.nearest(diseases, q, sentence.span[0], lead)
    if near:
        return disease_code(near, context)
    if is_of_those(q, text) and memory.last_disease:
        return memory.last_disease
    if context.disease == "mixed" and memory.last_disease:
        return memory.last_disease  # the paragraph goes on about one disease
    return context.disease


def _infusion(q, segment, sentence: Sentence, context, subgroup: str):
    if subgroup in SUBGROUP_INFUSION:
        return SUBGROUP_INFUSION[subgroup]
    infusions = sentence.usable_infusions
    near = binding.nearest(infusions, q, segment.start, segment.end) or binding.nearest(infusions, q, *sentence.span)
    if near:
        return near.label
    return context.default_infusion


def _subgroup(q, segment, sentence: Sentence, outcome, text: str) -> str:
    """The subgroup term of the value's clause that is not nearer another value; else the
    sentence's lead ("In the relapse-prevention group, 33 of 63 ...", "After consolidation, ...")."""
    groups = [m for m in sentence.found[mentions.SUBGROUP] if not (m.start < outcome.end and m.end > outcome.start)
              and not _other_side(text, m, q, sentence.span[0])]
    lead = _lead_end(sentence, text)
    values = [v for v in sentence.quantities if binding.is_value(v, text) and v is not q and v.start >= lead
              and segment.start <= v.start < segment.end and not _apposed(text, q, v) and not _same_number(q, v)]

    def distance(m, v) -> int:
        return v.start - m.end if m.end <= v.start else max(0, m.start - v.end)

    subject = [m for m in groups if segment.start <= m.start and m.end <= q.start and _CLAUSE_SUBJECT.search(text, m.start, m.end)]
    if subject and not any(subject[-1].end <= m.start < q.start for m in groups):
        return subject[-1].label  # "month 3 CRi showed a median of 40 months and a 24-month rate of 71%"
    own = [m for m in groups if segment.start <= m.start and m.end <= segment.end
           and (m.end <= lead or all(distance(m, q) <= distance(m, v) for v in values))]
    near = binding.nearest(own, q, segment.start, segment.end, within=True)
    if near is None:
        near = binding.nearest(groups, q, sentence.span[0], lead, within=True)
    if near is None:
        near = _shared_lead_group(groups, sentence, text)
    return near.label if near else ""


_AGAINST = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|than|over|relative to)\s+(?:the\s+|that of the\s+|those of the\s+)?$", re.IGNORECASE)


def _other_side(text: str, m, q, sentence_start: int) -> bool:
    """"Compared with the control group, the ORR was 80%", "60% compared with the control group":
    a group named after a comparison word is the other side of the comparison, not the group of
    a value elsewhere in the sentence; only a value right after it is its own ("than the control group (30%)")."""
    if m.label not in NO_INFUSION and not m.label.startswith("without"):
        return False
    if not _AGAINST.search(text, max(sentence_start, m.start - 40), m.start):
        return False
    return not (q.start >= m.end and re.fullmatch(r"\s*[(\[,:]?\s*", text[m.end:q.start]))


def _shared_lead_group(groups, sentence: Sentence, text: str):
    """"The 6- and 12-month RFS in those achieving CR was 80% and 58%, respectively": the one group
    named before a list's first value is the group of every value of the list."""
    s, e = sentence.span
    values = [v.start for v in sentence.quantities if binding.is_value(v, text)]
    before = [m for m in groups if values and m.end <= min(values)]
    if len(before) == 1 and before[0].label not in NO_INFUSION and not before[0].label.startswith("without") \
            and _RESPECTIVELY.search(text, s, e):  # not "Compared with the control group, ... respectively"
        return before[0]
    return None


_APPOSITION = re.compile(r"[\s(\[,;:–—-]*(?:or\s+|i\.e\.\s*)?[\s(\[]*")


def _same_number(a, b) -> bool:
    """"None of the 8 ... (0/8)": the same figure said twice in a sentence."""
    if a.events is not None and b.events is not None and a.total and b.total:
        return (a.events, a.total) == (b.events, b.total)
    return a.value is not None and b.value is not None and a.kind != DURATION and abs(a.value - b.value) < 0.005


def _apposed(text: str, a, b) -> bool:
    """"half (5 of 10)", "11 (73%)", "five of the ten - one in two": one figure said twice."""
    first, second = (a, b) if a.start < b.start else (b, a)
    return second.start - first.end <= 8 and _APPOSITION.fullmatch(text, first.end, second.start) is not None


def _lead_end(sentence: Sentence, text: str) -> int:
    """Where the sentence's lead ends: the prefix, or the clauses before the first value."""
    values = [v.start for v in sentence.quantities if binding.is_value(v, text)]
    first_value = min(values) if values else sentence.span[1]
    lead = sentence.segments[0].prefix_end
    for g in sentence.segments:
        if g.end <= first_value:
            lead = max(lead, g.end)
    return lead
