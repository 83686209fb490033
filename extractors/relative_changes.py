"""A percent that compares two groups is neither group's figure.

"Patients given drug A were about 70% less likely to relapse", "drug A reduced the risk of relapse
by 40%", "a 25% relative reduction in events", "40% lower odds of infection": the percent is a
relative difference between arms (or over time), not the share of a group who had the outcome.
Such prose figures are dropped; the arms' own rates, where given, are read elsewhere.
"""
from __future__ import annotations

import re

from evidence.text.quantity import PERCENT

_AFTER = re.compile(r"\s*\)?\s*(?:(?:less|more)\s+likely\b"
                    r"|(?:relative\s+)?(?:risk\s+|odds\s+)?(?:reduction|decrease|increase)s?\b"
                    r"|(?:lower|higher|greater|smaller|reduced|increased)\s+(?:relative\s+)?(?:risk|odds|hazard|likelihood|chance)\b)",
                    re.IGNORECASE)
_BEFORE = re.compile(r"(?:\b(?:reduced|lowered|decreased|increased|raised|cut)\s+(?:[\w-]+\s+){0,6}?by"
                     r"|\brelative\s+(?:risk\s+)?(?:reduction|increase|difference)\s*(?:of|was|,)?)\s*(?:about|approximately|nearly|~|∼)?\s*$",
                     re.IGNORECASE)


def drop_relative(text: str, analysis, figures: list, table_spans) -> list:
    """`figures` without the prose percents that are relative differences."""
    return [f for f in figures if any(a <= f.start < b for a, b in table_spans) or not is_relative(text, analysis, f.start, f.end)]


def is_relative(text: str, analysis, start: int, end: int) -> bool:
    quantity = next((q for q in analysis.quantities_in(start, end) if q.start == start and q.kind == PERCENT), None)
    if quantity is None:
        return False
    return bool(_AFTER.match(text, quantity.end) or _BEFORE.search(text[max(0, quantity.start - 80):quantity.start]))
