"""Split a sentence into clauses that each carry their own population.

Authors put two arms or two groups in one sentence ("lower with CART-B (65.5%) than with CART-A
(88.5%)", "36% among responders compared to 19% in non-responders", "29% for patients with CR
and 61% for those without"); the markers below separate them, and so does a list comma or an
"and" right before a value. A leading population prefix ("Of 40 patients with CR, ...", "Among
the 21 patients with a partial response, ...", "Of the 40 who went into remission, ...",
"Counting everyone who enrolled, ...") names who was counted, not what was measured.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_BOUNDARY = re.compile(
    r";|:\s|,\s+(?:and|but|while|whereas|with|compared|versus|vs\.?|which corresponds? to|corresponding to|i\.e\.|(?:\w+\s+)?because)\b|\s+(?:compared (?:to|with)|versus|vs\.?|than|whereas|while|against)\s+|\s*\((?=(?:compared (?:to|with)|versus|vs\.?)\s)"
    r"|\s+and\s+(?=(?:in|among|for|with)\b)",
    re.IGNORECASE,
)
_NOUNS = (r"(?:patients|participants|children|adults|people|subjects|cases|relapses|reinfusions|infusions|responders"
          r"|complete responders|non-?responders|survivors|recipients|ones)")
_PREFIX = re.compile(
    r"\s*(?:(?:of|among(?:st)?|for|in)\s+(?:the\s+|all\s+|these\s+|those\s+)?(?P<n>\d+|[a-z]+(?:-[a-z]+)?)?\s*"
    r"(?:[\w/-]+\s+){0,3}?" + _NOUNS + r"\b[^,]{0,120}?,"
    r"|(?:of|among(?:st)?|for|in)\s+(?:the\s+|these\s+|those\s+)(?P<m>\d+|[a-z]+(?:-[a-z]+)?)\s+(?:who|whose|with|in)\b[^,]{0,100}?,"
    r"|(?:of|among(?:st)?|for|in)\s+(?:those|them|these|this group|these patients|that group)\b[^,]{0,100}?,"
    r"|counting\s+[^,]{0,60}?,)",
    re.IGNORECASE,
)
_SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
_NOT_A_SIZE = {"all", "these", "those", "the"}


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    prefix_end: int  # end of a population prefix, or `start` when there is none
    prefix_total: int | None  # the N of "Of N patients ..., ", when given


_LIST_COMMA = re.compile(r",\s+(?:and\s+)?$")
_LIST_AND = re.compile(r"\s+and\s+(?:(?:by|in|for|among|of|with|after|then|only|just|the)\s+){0,2}$", re.IGNORECASE)


def prefix_of(text: str, start: int, end: int) -> tuple[int, int | None]:
    """(end of the population prefix, its N) of the sentence text[start:end]."""
    match = _PREFIX.match(text, start, end)
    if not match or match.end() >= end:
        return start, None
    n = match.group("n") or match.group("m")
    total = None
    if n and n.lower() not in _NOT_A_SIZE:
        total = int(n) if n.isdigit() else _SMALL_NUMBERS.get(n.lower())
    return match.end(), total


def sentence_to_segments(text: str, start: int, end: int, value_starts: tuple[int, ...] = ()) -> list[Segment]:
    """Clauses of text[start:end]; a list comma or "and" right before a value (", 52%") also separates."""
    prefix_end, prefix_total = prefix_of(text, start, end)
    cuts = [start]
    boundaries = [b.start() for b in _BOUNDARY.finditer(text, prefix_end, end)]
    for value in value_starts:
        for pattern in (_LIST_COMMA, _LIST_AND):
            cut = pattern.search(text, max(prefix_end, value - 20), value)
            if cut and prefix_end <= cut.start() and not _inside_brackets(text, start, cut.start()):
                boundaries.append(cut.start())
    for boundary in sorted(set(boundaries)):
        if text[cuts[-1]:boundary].strip():
            cuts.append(boundary)
    cuts.append(end)
    segments = []
    for a, b in zip(cuts, cuts[1:]):
        segments.append(Segment(a, b, prefix_end if a == start else a, prefix_total if a == start else None))
    return segments


def _inside_brackets(text: str, start: int, at: int) -> bool:
    depth = 0
    for ch in text[start:at]:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
    return depth > 0
