"""Split a sentence into clauses that each carry their own population.

Authors put two arms or two groups in one sentence ("lower with CART-B (65.5%) than with CART-A
(88.5%)", "36% among responders compared to 19% in non-responders"); the markers below separate
them. A leading population prefix ("Of 40 patients with CR, ...", "Among the 21 patients with a
partial response, ...") names who was counted, not what was measured.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(
    r";|,\s+(?:and|but|while|whereas|with|compared|versus|vs\.?)\b|\s+(?:compared (?:to|with)|versus|vs\.?|than|whereas|while)\s+"
    r"|\s+and\s+(?=(?:in|among|for|with)\b)",
    re.IGNORECASE,
)
_PREFIX = re.compile(
    r"\s*(?:(?:of|among(?:st)?|for|in)\s+(?:the\s+|all\s+|these\s+|those\s+)?(?P<n>\d+|[a-z]+(?:-[a-z]+)?)?\s*"
    r"(?:evaluable\s+|eligible\s+|treated\s+|remaining\s+)?(?:patients|participants|children|adults|people|subjects|cases)\b[^,]{0,120}?,)",
    re.IGNORECASE,
)


_SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    prefix_end: int  # end of a population prefix, or `start` when there is none
    prefix_total: int | None  # the N of "Of N patients ..., ", when given


_LIST_COMMA = re.compile(r",\s+(?:and\s+)?$")


def sentence_to_segments(text: str, start: int, end: int, value_starts: tuple[int, ...] = ()) -> list[Segment]:
    """Clauses of text[start:end]; a list comma right before a value (", 52%") also separates."""
    prefix_end, prefix_total = start, None
    match = _PREFIX.match(text, start, end)
    if match:
        prefix_end = match.end()
        n = match.group("n")
        if n:
            prefix_total = int(n) if n.isdigit() else _SMALL_NUMBERS.get(n.lower())
    cuts = [start]
    boundaries = [b.start() for b in _BOUNDARY.finditer(text, prefix_end, end)]
    for value in value_starts:
        comma = _LIST_COMMA.search(text, max(prefix_end, value - 8), value)
        if comma and prefix_end <= comma.start():
            boundaries.append(comma.start())
    for boundary in sorted(set(boundaries)):
        if text[cuts[-1]:boundary].strip():
            cuts.append(boundary)
    cuts.append(end)
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        segments.append(Segment(a, b, prefix_end if a == start else a, prefix_total if a == start else None))
    return segments
