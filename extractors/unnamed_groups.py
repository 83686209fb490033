"""A figure said of a group that no subgroup word names is flagged `uncertain`.

"For patients who crossed over at progression (n = 22), median PFS was 1.8 months": the sentence
opens with the group its figures describe. When the subgroup vocabulary names that group ("Among
patients who achieved a CR" -> "with CR") the row carries it; when it cannot, the row would read as
the whole trial's figure, so it is kept but flagged for a reviewer.
"""
from __future__ import annotations

import re

_LEAD_GROUP = re.compile(r"\s*(?:for|among|in)\s+(?:the\s+|those\s+|all\s+)?(?:\d+\s+)?(?:patients|participants|subjects|those|women|men|"
                         r"children|adults|infants|people)\s+(?:who|whose|receiving|given|treated|randomi[sz]ed|assigned|crossed|switched)\b"
                         r"[^,;.]{0,150}(?:\([^()]*\)[^,;.]{0,40})?,", re.IGNORECASE)
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n)(?=\S)")


def flag_unnamed(text: str, figures: list, table_spans) -> list:
    """`figures`, with those of a group the sentence opens with but no subgroup names flagged `uncertain`."""
    return [f.with_flags("uncertain") if _of_unnamed_group(text, f, table_spans) else f for f in figures]


def _of_unnamed_group(text: str, figure, table_spans) -> bool:
    if figure.subgroup or figure.arm or any(a <= figure.start < b for a, b in table_spans):
        return False
    window = max(0, figure.start - 400)
    starts = [m.end() for m in _SENTENCE_START.finditer(text, window, figure.start)]
    start = starts[-1] if starts else window
    lead = _LEAD_GROUP.match(text, start, figure.start)
    return lead is not None
