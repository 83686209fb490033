"""Figures whose outcomes were named in the sentence before: "For patients in CR, the 24-month
EFS and OS were 53% and 56%, respectively. These respective rates were 73% and 83% for patients
in CRi." The second sentence names only its group; its values take, in order, the outcomes,
measures and timepoints of the figures of the sentence before, one value each.
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from evidence.text.quantity import DURATION, PERCENT
from extractors import binding, mentions, restatements

CARRIED = re.compile(r"\b(?:these|the|their) (?:respective|corresponding|same) (?:rates|figures|values|probabilities|proportions|estimates)\b"
                     r"|\b(?:these|the) (?:rates|figures|values|probabilities|proportions|estimates) (?:were|was) (?=[^.;]*\brespectively\b)",
                     re.IGNORECASE)


def carried_figures(document, sentence, before: list[Figure]) -> list[Figure]:
    """The sentence's values as the figures `before` for its own subgroup; [] unless the sentence
    says the values are the "respective" ones, names no outcome of its own, names exactly one
    subgroup, and has exactly as many values as `before` has figures of one population."""
    text = document.text
    s, e = sentence.span
    if not before or not CARRIED.search(text, s, e) or sentence.usable_outcomes:
        return []
    groups = sentence.found[mentions.SUBGROUP]
    if len(groups) != 1 or len({(f.subgroup, f.arm) for f in before}) != 1:
        return []
    values = [q for q in sentence.quantities if binding.is_value(q, text)]
    measures = {f.measure for f in before}
    kinds = {DURATION} if measures == {"median"} else {PERCENT} if "median" not in measures else set()
    if len(values) != len(before) or not all(q.kind in kinds for q in values):
        return []
    quote = text[s:e].strip()
    figures = []
    for q, model in zip(values, before):
        ci_low, ci_high = binding.ci_after(q, sentence.quantities, e, text)
        figures.append(restatements.no_infusion(replace(
            model, value=float(q.value), events=None, total=None, ci_low=ci_low, ci_high=ci_high,
            subgroup=groups[0].label, arm="", quote=quote, start=q.start, end=q.end, flags="",
            page=document.page_at(q.start), section=document.section_at(q.start) or "")))
    return figures
