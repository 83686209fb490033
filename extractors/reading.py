"""One sentence read for extraction: its quantities, vocabulary mentions, who-spans, clauses.

Outcome and infusion terms inside population spans (subgroup terms, "patients in CR" after a
count, a leading "Of the 40 patients in CR, ...") say who was counted; the rest say what was
measured and when (see `descriptors`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors import binding, descriptors, mentions
from extractors.context import DocumentContext, target_infusions
from extractors.segments import prefix_of, sentence_to_segments


@dataclass
class Sentence:
    """One sentence and what was found in it."""

    span: tuple[int, int]
    quantities: list
    found: dict
    usable_outcomes: list
    usable_infusions: list
    segments: list
    population: list = field(default_factory=list)  # (start, end) spans that say who was counted
    overrides: dict = field(default_factory=dict)


def read_sentence(text: str, analysis, context: DocumentContext, span) -> Sentence:
    s, e = span
    quantities = list(analysis.quantities_in(s, e))
    found = mentions.find_all(text, s, e)
    prefix = prefix_of(text, s, e)
    spans = descriptors.population_spans(text, quantities, found[mentions.OUTCOME], found[mentions.SUBGROUP], (s, prefix[0]))
    subgroup_spans = [(m.start, m.end) for m in found[mentions.SUBGROUP]]
    outcomes = [m for m in found[mentions.OUTCOME] if not descriptors.overlapping(m, spans)]
    infusions = sorted(found[mentions.INFUSION] + target_infusions(text, s, e, context), key=lambda m: m.start)
    infusions = [m for m in infusions if not descriptors.overlapping(m, subgroup_spans)]
    values = tuple(q.start for q in quantities if binding.is_value(q, text))
    return Sentence(span, quantities, found, outcomes, infusions, sentence_to_segments(text, s, e, values), spans)
