"""Numbers as tables print them: one table cell read as a count, a count of a total, a percent.

Tables print counts tersely and the prose number layer is not made for them:

| cell | reading |
| --- | --- |
| "238(73%)", "238 (73%)", "238 (73.0)", "238 [73]" | 238 events, 73% |
| "42/402 (10.5)", "42 / 402" | 42 of 402, 10.5% |
| "1,525 (12.1)", "10 218 (40)", "10\u2009218" | thousands separators: 1525, 10218 |
| "4.1%\u1d43", "12 (4)*", "7 (13) \u2020", "9 (12.5)^a", "0.86#" | footnote markers after a number are dropped |
| "-", "\u2013", "\u2014", "NA", "n.s." | no figure (a dash is zero or missing: the table's own key decides, so none is read) |
| "<0.001", "> 0.99", "P = .03" | never a figure: a statistic of the analysis |
| "13(%59.1)" | the percent sign before the number, as some journals print it |
| "12.6 \u00b1 3.2", "26 (20\u201360)", "2 (2; 4)" | not a count: a mean, a median with its range |

`read_cell` returns None for anything that is not one count (with an optional total and percent).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# footnote markers printed after a number: superscript letters and digits, symbols, "^a", "^a,b"
FOOTNOTE = r"(?:\s*(?:\^[A-Za-z0-9,]{1,4}|[*\u2020\u2021\u00a7\u00b6#\u2016\u00b0\u1d43-\u1d61\u00b9\u00b2\u00b3\u2070-\u209c\u02b0-\u02b8]+))*"
# an integer with optional thousands separators (comma, thin or plain space between groups of three)
INTEGER = r"(?:\d{1,3}(?:[,\u2009\u202f\u00a0 ]\d{3})+(?!\d)|\d+)"
DECIMAL = r"\d+(?:[.\u00b7]\d+)?"
_OPEN = r"[(\[]"
_CLOSE = r"[)\]]"

_COUNT = re.compile(
    rf"^\s*(?P<events>{INTEGER}){FOOTNOTE}"
    rf"(?:\s*/\s*(?P<total>{INTEGER}){FOOTNOTE})?"
    rf"(?:\s*{_OPEN}\s*(?P<pre>%)?\s*(?P<percent>{DECIMAL})\s*%?\s*(?:{_CLOSE}|$))?"
    rf"{FOOTNOTE}\s*$"
)
_PERCENT_ONLY = re.compile(rf"^\s*(?P<percent>{DECIMAL})\s*%{FOOTNOTE}\s*$")
_STATISTIC = re.compile(r"^\s*(?:[pP]\s*)?(?:[<>\u2264\u2265=]|&[lg]t;)")
_MISSING = re.compile(r"^\s*(?:[-\u2010-\u2015\u2212]|n\.?\s?[as]\.?|NA|N/A|NR|ND|NE)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CellReading:
    """A count read from a cell: `events`, the `total` when the cell prints it, the printed `percent`
    with its `decimals`, and where the count sits in the cell (`start`, `end`, offsets in the cell)."""

    events: int | None
    total: int | None
    percent: float | None
    decimals: int
    start: int
    end: int


def to_int(text: str) -> int:
    """"1,525", "10 218", "10\u2009218" -> the integer."""
    return int(re.sub(r"[,\u2009\u202f\u00a0 ]", "", text))


def _decimals(text: str) -> int:
    text = text.replace("\u00b7", ".")
    return len(text.split(".")[1]) if "." in text else 0


def is_missing(text: str) -> bool:
    """A dash or "NA": the table gives no figure here."""
    return bool(_MISSING.match(text))


def is_statistic(text: str) -> bool:
    """"<0.001", "P = .03", ">0.99": a statistic of the analysis, never a figure."""
    return bool(_STATISTIC.match(text))


def read_cell(text: str) -> CellReading | None:
    """The count a table cell prints ("238(73%)", "42/402 (10.5)", "1,525", "0"), or None."""
    if not text or is_statistic(text) or is_missing(text):
        return None
    m = _COUNT.match(text)
    if m:
        percent = m.group("percent")
        total = m.group("total")
        return CellReading(
            events=to_int(m.group("events")), total=to_int(total) if total else None,
            percent=float(percent.replace("\u00b7", ".")) if percent else None,
            decimals=_decimals(percent) if percent else 0, start=m.start("events"), end=m.end(),
        )
    m = _PERCENT_ONLY.match(text)
    if m:
        percent = m.group("percent")
        return CellReading(events=None, total=None, percent=float(percent.replace("\u00b7", ".")),
                           decimals=_decimals(percent), start=m.start("percent"), end=m.end())
    return None
