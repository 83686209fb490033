"""Cohort facts: how a retreatment cohort splits into same- and different-target subgroups.

Authors often give the split only as composition: "the second CAR targeted a different antigen
in 48 patients (78.7%)" (a subgroup's size), "35 of the 40 patients in CR had a new-target second
CAR" and "of the 21 who did not reach CR, 8 had the same target" (outcome groups split by
relation). These are not outcomes; linking derives outcomes from them. Each clause of a sentence
("...; of the 21 ...", "..., whereas 8 of the 21 ...") carries its own relation; the outcome group
is named where the sentence says who was counted (a leading "Of the 40 patients in CR," or
"patients in CR" after the count).
"""
from __future__ import annotations

import re

from evidence.facts import OUTCOME_SPLIT, SUBGROUP_SIZE, CohortFact
from evidence.text.quantity import COUNT, COUNT_OF, PERCENT
from extractors import binding, descriptors, mentions
from extractors.reading import read_sentence
from extractors.segments import prefix_of

_SAME = re.compile(r"\bsame (?:antigen|target|marker)|\bsame[- ]target\b|\bidentical (?:antigen|target)|\brepeated the (?:\S+ )?target", re.IGNORECASE)
_DIFFERENT = re.compile(r"\bdifferent (?:antigen|target|marker)|\bdifferent[- ]target\b|\bnew (?:antigen|target|marker)|\balternative (?:antigen|target)"
                        r"|\b(?:antigen|target) other than\b", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|no|without|never|failed to)\b[^,;]{0,25}$", re.IGNORECASE)
NON_CR = frozenset({"PR", "NR", "SD", "PD"})
RESPONDER_GROUPS = frozenset({"responders"})


def document_facts(document, analysis, context) -> list[CohortFact]:
    text = document.text
    table_spans = [(t.start, t.end) for t in document.tables]
    facts = []
    for span in analysis.sentences:
        s, e = span
        if any(a <= s < b for a, b in table_spans):
            continue
        if not (_SAME.search(text, s, e) or _DIFFERENT.search(text, s, e)):
            continue
        facts.extend(_sentence_facts(document, read_sentence(text, analysis, context, span), context))
    return facts


_CLAUSE_CUT = re.compile(r";|,\s+(?:whereas|while|but)\b|\s+whereas\s+", re.IGNORECASE)


def _clauses(sentence, text: str) -> list[tuple[int, int, int]]:
    """(start, end, prefix_end) of each clause: semicolons and contrasts ("whereas") outside
    brackets separate them. A prefix that itself states the relation ("In 48 patients (78.7%) the
    second CAR aimed at a new antigen") is the statement, not who was counted."""
    s, e = sentence.span
    cuts = [s] + [m.start() for m in _CLAUSE_CUT.finditer(text, s, e) if not _bracketed(text, s, m.start())] + [e]
    clauses = []
    for a, b in zip(cuts, cuts[1:]):
        start = a + 1 if text[a] in ";," else a
        prefix_end, _ = prefix_of(text, start, b)
        if _relation(text, start, prefix_end):
            prefix_end = start
        clauses.append((start, b, prefix_end))
    return clauses


def _bracketed(text: str, start: int, at: int) -> bool:
    return binding.bracket_depth(text, start, at) > 0


def _relation(text: str, a: int, b: int) -> str:
    same, different = bool(_SAME.search(text, a, b)), bool(_DIFFERENT.search(text, a, b))
    return "same" if same and not different else "different" if different and not same else ""


def _sentence_facts(document, sentence, context) -> list[CohortFact]:
    text = document.text
    s, e = sentence.span
    sentence_relation = _relation(text, s, e)
    facts = []
    for a, b, prefix_end in _clauses(sentence, text):
        relation = _relation(text, a, b) or sentence_relation
        if not relation:
            continue
        prefix_total = _prefix_total(text, a, b)
        for q in sentence.quantities:
            if not (a <= q.start < b) or q.kind not in (COUNT, COUNT_OF, PERCENT) or q.events is None or q.start < prefix_end:
                continue
            segment = next((g for g in sentence.segments if g.start <= q.start < g.end), sentence.segments[-1])
            usable = [m for m in sentence.usable_outcomes if m.start >= prefix_end and a <= m.start < b]
            if binding.choose_outcome(q, segment, (a, b), usable, text):
                continue  # an outcome figure, not a composition
            fact = _fact(document, sentence, q, relation, (a, prefix_end), prefix_total, context, text)
            if fact is not None:
                facts.append(fact)
    return facts


def _prefix_total(text: str, a: int, b: int):
    return prefix_of(text, a, b)[1]


def _group_outcomes(sentence, q, prefix, text: str):
    """The outcome terms that name the counted group: in the clause's prefix, or right after the count."""
    own = descriptors.descriptor_after(text, q.end, sentence.found[mentions.OUTCOME])
    spans = [prefix] + ([own] if own else [])
    return [m for m in sentence.found[mentions.OUTCOME] if descriptors.inside(m, spans)]


def _fact(document, sentence, q, relation, prefix, prefix_total, context, text) -> CohortFact | None:
    common = dict(document=document.path, relation=relation, quote=text[sentence.span[0]:sentence.span[1]].strip(),
                  start=q.start, end=q.end, page=document.page_at(q.start))
    group = _group_outcomes(sentence, q, prefix, text)
    of = q.total if q.kind == COUNT_OF else None
    if group:
        labels = {m.label for m in group}
        negated = labels <= NON_CR or any(_NEGATED.search(text, max(prefix[0], m.start - 30), m.start) for m in group)
        total = of or binding.total_for_count(q.events, q.percent, [prefix_total] if prefix_total else [])
        if total:
            outcome = "CR" if negated or "CR" in labels else sorted(labels)[0]
            return CohortFact(kind=OUTCOME_SPLIT, count=q.events, of=total, outcome=outcome, negated=negated, **common)
        return None
    groups = {m.label for m in sentence.found[mentions.SUBGROUP] if descriptors.overlapping(m, [(q.end, q.end + 40)])}
    if of and groups & RESPONDER_GROUPS:
        return CohortFact(kind=OUTCOME_SPLIT, count=q.events, of=of, outcome="", **common)
    if of is None:
        of = binding.total_for_count(q.events, q.percent, [context.cohort_n] if context.cohort_n else [])
        if of is None and q.percent is not None:
            return None
    if of is not None and q.events > of:
        return None
    return CohortFact(kind=SUBGROUP_SIZE, count=q.events, of=of, **common)
