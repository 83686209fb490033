"""A percent written as a bound is a threshold, not a figure.

Authors state the cut-offs they chose with a comparison: "adverse events with an incidence of ≥5% in
any treatment group are listed in Table 3", "events reported by more than 10% of patients in any
group were headache and nausea", "the most frequent (>10%) events were", "relapse was defined as an
HbA1c >7.0%". Such a percent says which rows a table keeps or what counts as an event; no group had
it. With one of those cues (a reporting threshold or a definition) the figure is dropped; a bound
without them ("more than 90% of patients had a fever") is a figure the authors rounded into a
bound: it is kept, flagged `uncertain`.
"""
from __future__ import annotations

import re

from evidence.text.quantity import PERCENT

BOUND = re.compile(r"^\s*(?:≥|≤|>=|<=|=>|>|<|(?:more|greater|fewer|less|higher|lower)\s+than|at\s+(?:least|most)"
                   r"|over|under|above|below|exceeding)\s*\d", re.IGNORECASE)

# after the percent: "≥5% in any treatment group", "more than 10% of patients in any group", "(≥5% in any arm)"
_AFTER = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:patients|participants|subjects|children|women|men)\s+)?"
                    r"(?:in|of)\s+(?:any|either|each|at\s+least\s+one)\s+(?:\w+\s+){0,2}?(?:groups?|arms?|cohorts?)\b", re.IGNORECASE)
# before the percent, in its clause: "an incidence (of)", "a frequency of", "the most frequent (", "defined as ... HbA1c"
_BEFORE = re.compile(r"(?:\b(?:incidences?|frequency|frequencies|cut-?offs?|thresholds?)(?:\s+(?:rate\s+)?of)?"
                     r"|\bmost\s+(?:frequent(?:ly)?|common(?:ly)?)(?:\s+\w+){0,2}\s*\()\s*$", re.IGNORECASE)
_DEFINITION = re.compile(r"\b(?:defined\s+(?:as|by)|definitions?\s+of|cut-?offs?|thresholds?)\b", re.IGNORECASE)
_CLAUSE_START = re.compile(r"[.;:!?]\s")


def settle_bounds(text: str, analysis, figures: list, table_spans) -> list:
    """`figures` without the prose percents that are reporting thresholds or definitions; other
    bounds flagged `uncertain`. Table cells are left to the table readers."""
    kept = []
    for figure in figures:
        if any(a <= figure.start < b for a, b in table_spans):
            kept.append(figure)
            continue
        kind = bound_kind(text, analysis, figure.start, figure.end)
        if kind == "threshold":
            continue
        kept.append(figure.with_flags("uncertain") if kind == "bound" else figure)
    return kept


def bound_kind(text: str, analysis, start: int, end: int) -> str:
    """"threshold", "bound" or "" for the percent at `text[start:end]`."""
    quantity = next((q for q in analysis.quantities_in(start, end) if q.start == start and q.kind == PERCENT), None)
    if quantity is None or not BOUND.match(quantity.text):
        return ""
    clause_start = max((m.end() for m in _CLAUSE_START.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    before = text[clause_start:start]
    if _AFTER.match(text, quantity.end) or _BEFORE.search(before) or _DEFINITION.search(before):
        return "threshold"
    return "bound"
