"""A figure said of a group that no subgroup word names is flagged `uncertain`.

"For patients who crossed over at progression (n = 22), median PFS was 1.8 months": the sentence
opens with the group its figures describe. When the subgroup vocabulary names that group ("Among
patients who achieved a CR" -> "with CR") the row carries it; when it cannot, the row would read as
the whole trial's figure, so it is kept but flagged for a reviewer. So is a value set right after
the name of an arm the article sized ("response rates were 78.2% for drug A (n = 112) ... for drug
B (68.7%)") when no arm was bound to it.
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


def flag_unbound_arm(text: str, figures: list, table_spans, arm_names) -> list:
    """`figures`, with a prose value in brackets right after the name of one of `arm_names` (the arms
    the article sized) but bound to no arm or subgroup flagged `uncertain`."""
    names = [n for n in arm_names if len(n) > 3]
    if len(names) < 2:
        return figures
    after_arm = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\s*[(\[]\s*$", re.IGNORECASE)
    return [f.with_flags("uncertain") if not (f.arm or f.subgroup or any(a <= f.start < b for a, b in table_spans))
            and after_arm.search(text, max(0, f.start - 60), f.start) else f for f in figures]


def _of_unnamed_group(text: str, figure, table_spans) -> bool:
    if figure.subgroup or figure.arm or any(a <= figure.start < b for a, b in table_spans):
        return False
    window = max(0, figure.start - 400)
    starts = [m.end() for m in _SENTENCE_START.finditer(text, window, figure.start)]
    start = starts[-1] if starts else window
    lead = _LEAD_GROUP.match(text, start, figure.start)
    return lead is not None
