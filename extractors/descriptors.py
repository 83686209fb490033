"""Where a sentence says *who* rather than *what*: population descriptors.

An outcome word can name the people counted instead of the result: "35 of the 40 patients in CR
had received a new-target CAR" (a composition, not a CR rate), "5 of 6 patients whose best first
response was CR responded again" (the CR picks the subgroup; the result is the response),
"29% for patients with CR" (the CR picks the subgroup; the result is relapse). Such words sit in
a subgroup term, in a relative clause after a counted noun ("patients who/whose/with/in ..."),
or in a leading prefix ("Of the 40 patients in CR, ..."). Outcome and infusion terms inside
these spans describe the population; they are not what the value measures.
"""
from __future__ import annotations

import re

from extractors.mentions import Mention

_COUNTED = re.compile(
    r"\s*(?:\([^()]{0,30}\)\s*)?(?:(?:of|for|among|in)\s+)?(?:the\s+|all\s+|these\s+|those\s+)?(?:\d+\s+|[a-z]+\s+)?(?:evaluable\s+|treated\s+|remaining\s+|other\s+)?"
    r"(?:patients?|people|persons?|children|adults|participants|subjects|cases|those|ones|reinfusions|infusions)\s+"
    r"(?:who|whose|that|with|in)\b",
    re.IGNORECASE,
)
_JOIN = re.compile(r"^\s*(?:,|or|and|/)\s*(?:an?\s+|no\s+)?$", re.IGNORECASE)
MAX_REACH = 80


def population_spans(text: str, quantities, outcome_mentions: list[Mention], subgroup_mentions: list[Mention],
                     prefix: tuple[int, int]) -> list[tuple[int, int]]:
    """Spans of the sentence that describe who was counted."""
    spans = [(m.start, m.end) for m in subgroup_mentions]
    if prefix[1] > prefix[0]:
        spans.append(prefix)
    for q in quantities:
        span = descriptor_after(text, q.end, outcome_mentions)
        if span:
            spans.append(span)
    return spans


def descriptor_after(text: str, at: int, outcome_mentions: list[Mention]) -> tuple[int, int] | None:
    """"... patients in CR", "... patients with a partial response or no response": from the
    value to the end of the outcome words that qualify the counted noun."""
    match = _COUNTED.match(text, at, min(len(text), at + MAX_REACH))
    if not match:
        return None
    run = []
    for m in outcome_mentions:
        if m.start < match.end():
            continue
        if not run:
            gap = text[match.end():m.start]
            if m.start - match.end() > 50 or re.search(r"[,;:]", gap) or _has_verb_before(gap) or _FINITE.match(text, m.start):
                break  # "... patients with lymphoma were alive": the outcome is the predicate, not a descriptor
            run.append(m)
        elif _JOIN.match(text[run[-1].end:m.start]):
            run.append(m)
        else:
            break
    if not run:
        return None
    return at, run[-1].end


_FINITE = re.compile(r"(?:were|was|are|is|had|has|have|remained|remain|stayed)\b", re.IGNORECASE)
_MAIN_VERB = re.compile(r"\b(?:had been|have been|has been|were|was)\s+(?:given|treated|infused|reinfused)\b", re.IGNORECASE)


def _has_verb_before(gap: str) -> bool:
    return bool(_MAIN_VERB.search(gap))


def inside(m: Mention, spans) -> bool:
    return any(a <= m.start and m.end <= b for a, b in spans)


def overlapping(m: Mention, spans) -> bool:
    return any(m.start < b and m.end > a for a, b in spans)
