"""Which leading rows of a table are its header, when the source does not say (a PDF, an HTML or
JATS table without <th> or <thead>): arm names, "n = 392", a heading spanning two arms.

A leading row is a header while none of its cells beyond the first is a figure ("12 (4)",
"0.60 (0.22 to 1.67)", "-"), and it is not a row label standing alone ("Primary:"); at least one
row is a header, at most MAX_HEADER_ROWS, and one row at least is left for data.
"""
from __future__ import annotations

import re
from typing import Sequence

# a cell of data: figures, ranges, percentages, "x/N", a dash for none, "NR"/"NA"
DATA_CELL = re.compile(
    r"^(?:[-\u2212\u2013<>\u2264\u2265~]?\s*\d[\d\s.,\u00b7:/()%\u00b1\u2212\u2013\-]*[*\u2020\u2021\u00a7a-d]?"
    r"|[-\u2013\u2014]|NR|NA)$")
MAX_HEADER_ROWS = 3


def leading_header_rows(rows: Sequence[Sequence[str]]) -> int:
    """How many leading rows of `rows` (cell texts, first column first) are header rows."""
    count = 0
    for cells in rows[:MAX_HEADER_ROWS]:
        cells = [c.strip() for c in cells]
        if any(DATA_CELL.match(c) for c in cells[1:] if c) or count and not any(cells[1:]):
            break
        count += 1
    return max(1, min(count, len(rows) - 1)) if rows else 0
