"""Cohort facts: how a retreatment cohort splits into same- and different-target subgroups.

Authors often give the split only as composition: "the second CAR targeted a different antigen
in 48 patients (78.7%)" (a subgroup's size), "35 of 40 responders had a different-target
second CAR" and "among the 21 patients with a partial or no response, 8 had the same target"
(outcome groups split by relation). These are not outcomes; linking derives outcomes from them.
"""
from __future__ import annotations

import re

from evidence.facts import OUTCOME_SPLIT, SUBGROUP_SIZE, CohortFact
from evidence.text.quantity import COUNT, COUNT_OF, PERCENT
from extractors import binding, mentions
from extractors.segments import sentence_to_segments

_SAME = re.compile(r"\bsame (?:antigen|target)|\bsame[- ]target\b|\bidentical (?:antigen|target)", re.IGNORECASE)
_DIFFERENT = re.compile(r"\bdifferent (?:antigen|target)|\bdifferent[- ]target\b|\bnew (?:antigen|target)|\balternative (?:antigen|target)", re.IGNORECASE)
_RESPONDERS = re.compile(r"^[^,;.]{0,30}?\b(?:responders|responding patients|patients (?:who )?(?:responded|with (?:a )?(?:response|CR|complete (?:response|remission))))\b", re.IGNORECASE)
NON_CR = frozenset({"PR", "NR", "SD", "PD"})


def document_facts(document, analysis, context) -> list[CohortFact]:
    text = document.text
    table_spans = [(t.start, t.end) for t in document.tables]
    facts = []
    for s, e in analysis.sentences:
        if any(a <= s < b for a, b in table_spans):
            continue
        same, different = bool(_SAME.search(text, s, e)), bool(_DIFFERENT.search(text, s, e))
        if same == different:
            continue
        relation = "same" if same else "different"
        facts.extend(_sentence_facts(document, analysis, context, (s, e), relation))
    return facts


def _sentence_facts(document, analysis, context, sentence, relation) -> list[CohortFact]:
    text = document.text
    s, e = sentence
    segments = sentence_to_segments(text, s, e)
    first = segments[0]
    outcomes = mentions.find(mentions.OUTCOME, text, s, e)
    prefix_outcomes = {m.label for m in outcomes if first.start <= m.start < first.prefix_end}
    facts = []
    for q in analysis.quantities_in(s, e):
        if q.kind not in (COUNT, COUNT_OF, PERCENT) or q.events is None:
            continue
        if q.start < first.prefix_end:
            continue
        segment = next((g for g in segments if g.start <= q.start < g.end), segments[-1])
        if binding.choose_outcome(q, segment, sentence, [m for m in outcomes if m.start >= first.prefix_end], text):
            continue  # an outcome figure, not a composition
        quote = text[s:e].strip()
        common = dict(document=document.path, relation=relation, quote=quote, start=q.start, end=q.end,
                      page=document.page_at(q.start))
        if prefix_outcomes and first.prefix_total:
            negated = prefix_outcomes <= NON_CR
            total = binding.total_for_count(q.events, q.percent, [first.prefix_total])
            if total:
                facts.append(CohortFact(kind=OUTCOME_SPLIT, count=q.events, of=total,
                                        outcome="CR" if negated or "CR" in prefix_outcomes else sorted(prefix_outcomes)[0],
                                        negated=negated, **common))
            continue
        if q.kind == COUNT_OF and q.total and _RESPONDERS.match(text[q.end:e]):
            facts.append(CohortFact(kind=OUTCOME_SPLIT, count=q.events, of=q.total, outcome="", **common))
            continue
        of = q.total if q.kind == COUNT_OF else binding.total_for_count(q.events, q.percent, [context.cohort_n] if context.cohort_n else [])
        facts.append(CohortFact(kind=SUBGROUP_SIZE, count=q.events, of=of, **common))
    return facts
