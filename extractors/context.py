"""What a whole document says about its cohort: disease, CAR targets, retreatment, size.

Figures that do not name their population inherit it from here: a single-disease cohort gives
its disease to every figure; in an article about retreatment a figure that names no infusion is
about the second; the cohort's targets give the same/different relation.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from evidence.text.quantity import COUNT, COUNT_OF, N_EQUALS
from extractors import mentions
from extractors.vocabulary import population

SINGLE_DISEASE_SHARE = 0.7
_PRIOR_CUE = re.compile(
    r"\b(?:after|following|post|prior|previous(?:ly)?|failed|failure of|relapsed after|resistant to|"
    r"refractory to|exposed to|received|naive or resistant to|earlier)\b[^.;]{0,40}?$",
    re.IGNORECASE,
)
_PRIOR_SUFFIX = re.compile(r"^[- ]?(?:directed|targeted|targeting)?[^.;]{0,25}?\b(?:failure|failed|relapse)", re.IGNORECASE)


@dataclass(frozen=True)
class DocumentContext:
    disease: str  # cohort disease, "mixed", or ""
    prior_target: str
    target: str
    relation: str  # same / different / mixed / ""
    retreatment: bool
    cohort_n: int | None


def document_to_context(text: str, analysis) -> DocumentContext:
    retreatment = bool(re.search(population.RETREATMENT_CUES, text, re.IGNORECASE))
    prior, target, relation = _targets(text, retreatment)
    return DocumentContext(
        disease=_cohort_disease(text),
        prior_target=prior,
        target=target,
        relation=relation,
        retreatment=retreatment,
        cohort_n=_cohort_size(analysis),
    )


def _cohort_disease(text: str) -> str:
    counts = Counter(m.label for m in mentions.find(mentions.DISEASE, text))
    if not counts:
        return ""
    top, n = counts.most_common(1)[0]
    return top if n >= SINGLE_DISEASE_SHARE * sum(counts.values()) else "mixed"


def _targets(text: str, retreatment: bool) -> tuple[str, str, str]:
    antigens = [m.group(1) for m in re.finditer(population.TARGET_TERM, text)]
    same = bool(re.search(population.SAME_TARGET_CUES, text, re.IGNORECASE))
    different = bool(re.search(population.DIFFERENT_TARGET_CUES, text, re.IGNORECASE))
    if same and different:
        return "", "", "mixed"
    distinct = list(dict.fromkeys(antigens))
    if not distinct:
        return "", "", ("same" if retreatment and not different else "")
    if len(distinct) == 1:
        only = distinct[0]
        if retreatment and not different:
            return only, only, "same"
        return "", only, ""
    priors = Counter()
    for match in re.finditer(population.TARGET_TERM, text):
        before = text[max(0, match.start() - 60):match.start()]
        after = text[match.end():match.end() + 40]
        if _PRIOR_CUE.search(before) or _PRIOR_SUFFIX.search(after):
            priors[match.group(1)] += 1
    counts = Counter(antigens)
    if priors:
        prior = priors.most_common(1)[0][0]
        others = [a for a, _ in counts.most_common() if a != prior]
        if others:
            return prior, others[0], "different" if not same else "mixed"
    return "", "", ("different" if different else "")


def _cohort_size(analysis) -> int | None:
    """The most often stated number of patients (totals of "x of y", "n = y", "y patients")."""
    counts = Counter()
    text = analysis.text
    for q in analysis.quantities:
        if q.kind in (COUNT_OF, N_EQUALS) and q.total:
            counts[q.total] += 1
        elif q.kind == COUNT and q.events and re.match(r"\s*(?:adult |pediatric |paediatric |evaluable )?(?:patients|people|participants|children|adults|subjects)\b", text[q.end:q.end + 30]):
            counts[q.events] += 1
    if not counts:
        return None
    best = max(counts.values())
    for q in analysis.quantities:  # first stated among the most frequent
        for value in (q.total, q.events):
            if value and counts.get(value) == best:
                return value
    return None
