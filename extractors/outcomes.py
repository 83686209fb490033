"""The outcome extractor: every reported outcome figure in prose and tables, with its population."""
from __future__ import annotations

from dataclasses import dataclass, replace

from evidence.registry import register
from evidence.schema import Figure
from evidence.text.quantity import COUNT, COUNT_OF, DURATION, PERCENT, SHARE
from extractors import binding, checks, mentions, respectively
from extractors.context import DocumentContext, document_to_context
from extractors.mentions import RESPONSE_OUTCOMES, SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES
from extractors.segments import sentence_to_segments
from extractors.composition import document_facts
from extractors.tables import table_figures


@dataclass
class Memory:
    """What earlier sentences said that a later one refers back to ("two of those")."""

    last_total: int | None = None
    last_disease: str = ""


@register
class OutcomeExtractor:
    name = "outcomes"
    version = "1"

    def extract(self, document, analysis):
        context = document_to_context(document.text, analysis)
        table_spans = [(t.start, t.end) for t in document.tables]
        memory = Memory()
        previous = None
        figures = []
        for sentence in analysis.sentences:
            if any(a <= sentence[0] < b for a, b in table_spans):
                continue
            figures.extend(sentence_figures(document, analysis, context, sentence, previous, memory))
            previous = sentence
        for table in document.tables:
            figures.extend(table_figures(document, analysis, context, table))
        return [checks.check(f) for f in figures]

    def facts(self, document, analysis):
        return document_facts(document, analysis, document_to_context(document.text, analysis))


def sentence_figures(document, analysis, context: DocumentContext, sentence, previous, memory: Memory) -> list[Figure]:
    text = document.text
    s, e = sentence
    quantities = list(analysis.quantities_in(s, e))
    found = mentions.find_all(text, s, e)
    quantities = [binding.as_count(q, text) for q in quantities]
    segments = sentence_to_segments(text, s, e, tuple(q.start for q in quantities if binding.is_value(q, text)))
    overrides: dict[int, dict] = {}
    for b in respectively.respectively_bindings(text, s, e, quantities, previous):
        overrides.setdefault(b.quantity.start, {"quantity": b.quantity})[b.field] = b.label
    figures = []
    for q in quantities:
        if q.start in overrides:
            q = overrides[q.start]["quantity"]
        if not binding.is_value(q, text):
            continue
        if q.start < segments[0].prefix_end:
            continue  # "Of 40 patients with CR, ...": who was counted, not a result
        segment = next((g for g in segments if g.start <= q.start < g.end), segments[-1])
        override = overrides.get(q.start, {})
        outcome = _outcome(q, segment, sentence, found, text, override)
        if outcome is None:
            _remember(memory, q, "")
            continue
        figure = _figure(document, context, q, outcome, segment, sentence, found, quantities, override, memory)
        if figure is not None:
            figures.append(figure)
            _remember(memory, q, figure.disease)
    return _complement_subgroups(figures)


def _complement_subgroups(figures: list[Figure]) -> list[Figure]:
    """"36%, compared to 19% in non-responders": the unnamed side of a responder comparison is
    the responders (and the other way round), when the sentence compares exactly two values."""
    by_key = {}
    for f in figures:
        by_key.setdefault((f.outcome, f.measure, f.timepoint_months, f.disease, f.infusion), []).append(f)
    result = []
    for f in figures:
        pair = by_key[(f.outcome, f.measure, f.timepoint_months, f.disease, f.infusion)]
        if not f.subgroup and len(pair) == 2:
            other = pair[0] if pair[1] is f else pair[1]
            if other.subgroup in binding.COMPLEMENTS:
                f = replace(f, subgroup=binding.COMPLEMENTS[other.subgroup])
        result.append(f)
    return result


def _remember(memory: Memory, q, disease: str) -> None:
    if q.kind == COUNT_OF and q.total:
        memory.last_total = q.total
        memory.last_disease = disease


def _outcome(q, segment, sentence, found, text, override):
    if "outcome" in override:
        return mentions.Mention(mentions.OUTCOME, override["outcome"], q.start, q.start)
    return binding.choose_outcome(q, segment, sentence, found[mentions.OUTCOME], text)


def _figure(document, context, q, outcome, segment, sentence, found, quantities, override, memory) -> Figure | None:
    text = document.text
    label = outcome.label
    flags = ["approximate"] if q.approximate else []
    # what was measured, and how
    timepoint = None
    if label in SURVIVAL_OUTCOMES or label == "RELAPSE" or label in RESPONSE_OUTCOMES:
        timepoint = _timepoint(q, outcome, segment, sentence, quantities, text, label)
    if q.kind == DURATION:
        if label not in SURVIVAL_OUTCOMES:
            return None
        measure, unit, value = "median", "months", q.value
        if not binding.median_cued(text, sentence):
            flags.append("median_assumed")
        ci_low, ci_high = binding.ci_after(q, quantities, segment.end, text)
        events = total = None
    else:
        if label in SURVIVAL_OUTCOMES and timepoint is None:
            return None
        measure = "rate_at" if timepoint is not None else "proportion"
        unit = "proportion"
        events, total, value, more = _counts(q, segment, sentence, context, memory, text, outcome)
        if value is None:
            return None
        flags.extend(more)
        ci_low, ci_high = binding.ci_after(q, quantities, segment.end, text)
    # whom it describes
    disease = override.get("disease") or _disease(q, segment, found, text, context, memory)
    infusion = override.get("infusion") or _infusion(q, segment, sentence, found, context)
    subgroup = override.get("subgroup") or _subgroup(q, segment, found, outcome)
    grade = binding.grade_near(found[mentions.GRADE], outcome, segment) if label in TOXICITY_OUTCOMES else ""
    relation = binding.relation_in(text, segment.start, segment.end, context.relation)
    return Figure(
        document=document.path, outcome=label, measure=measure, value=float(value), unit=unit,
        events=events, total=total, ci_low=ci_low, ci_high=ci_high, timepoint_months=timepoint,
        grade=grade, disease=disease, infusion=infusion, prior_target=context.prior_target,
        target=context.target, target_relation=relation, subgroup=subgroup,
        quote=text[sentence[0]:sentence[1]].strip(), start=q.start, end=q.end,
        page=document.page_at(q.start), section=document.section_at(q.start) or "",
        flags=";".join(sorted(set(flags))), extractor="outcomes",
    )


def _timepoint(q, outcome, segment, sentence, quantities, text, label):
    """A timepoint for a rate: "2-year OS", "OS at 24 months", "four years out"."""
    for t in quantities:
        if t is q or t.kind != DURATION or not binding.is_timepoint(text, t):
            continue
        near_outcome = abs(t.end - outcome.start) <= 30 or abs(t.start - outcome.end) <= 30
        if label in RESPONSE_OUTCOMES:
            if t.timepoint and 0 <= outcome.start - t.end <= 3:  # "18-month CR rate"
                return t.value
            continue
        if segment.start <= t.start < segment.end or near_outcome or sentence[0] <= t.start < segment.start:
            return t.value
    return None


def _counts(q, segment, sentence, context, memory, text, outcome):
    """(events, total, value, flags) for a proportion; value None when it cannot be known."""
    flags = []
    if q.kind == COUNT_OF and q.total:
        events, total = q.events, q.total
        if q.percent is not None and checks.percent_mismatch(events, total, q.percent):
            flags.append("percent_mismatch")
        return events, total, events / total, flags
    if q.kind in (PERCENT, SHARE) and q.events is not None and q.total:
        return q.events, q.total, q.events / q.total, flags
    if q.kind == SHARE or (q.kind == PERCENT and q.events is None):
        return None, None, q.value, flags
    if q.kind in (COUNT, PERCENT) and q.events is not None:
        events = q.events
        if binding.all_n(q, text):
            return events, events, 1.0, flags
        if binding.is_of_those(q, text) and memory.last_total:
            return events, memory.last_total, events / memory.last_total, flags
        candidates = [segment.prefix_total, sentence_to_segments(text, *sentence)[0].prefix_total]
        total = binding.total_for_count(events, q.percent, [c for c in candidates if c])
        if total:
            return events, total, events / total, flags
        if q.percent is not None:
            return events, None, q.percent / 100, flags
        if context.cohort_n and outcome.lay and events <= context.cohort_n:
            return events, context.cohort_n, events / context.cohort_n, ["total_from_cohort"]
    return None, None, None, flags


def _disease(q, segment, found, text, context, memory) -> str:
    diseases = found[mentions.DISEASE]
    attached = binding.attached_disease(diseases, q, text, segment.end)
    if attached:
        return attached.label
    near = binding.nearest(diseases, q, segment.start, segment.end)
    if near:
        return near.label
    if binding.is_of_those(q, text) and memory.last_disease:
        return memory.last_disease
    return context.disease


def _infusion(q, segment, sentence, found, context):
    infusions = found[mentions.INFUSION]
    near = binding.nearest(infusions, q, segment.start, segment.end) or binding.nearest(infusions, q, *sentence)
    if near:
        return near.label
    return 2 if context.retreatment else None


def _subgroup(q, segment, found, outcome) -> str:
    groups = [m for m in found[mentions.SUBGROUP]
              if not (m.start < outcome.end and m.end > outcome.start)]
    near = binding.nearest(groups, q, segment.start, segment.end, within=True)
    return near.label if near else ""
