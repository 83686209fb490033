"""From a pooled number back to the evidence rows it came from.

    rows = pooled_rows(book, pooled)     # {("Holland 2023 (same)", "same"): (146, 26, 27), ...}
    used = rows_in_analyses(book, pools) # {146: ("CR same",), ...}

Row numbers are the evidence table's own: 1 is its first data row (as in `derived_from` texts,
"CR 40/61 (row 26)", and in the table errors of `evidence.meta.data`). A derived row is followed
by the rows it was derived from, so the reader reaches the sentences behind a subtraction too.
"""
from __future__ import annotations

import re

from evidence.schema import frame_to_figures

ROW_REFERENCE = re.compile(r"\(row (\d+)\)")


def pooled_rows(book, pooled) -> dict[tuple[str, str], tuple[int, ...]]:
    """(study label as pooled, group) -> evidence rows (1-based), for every study of `pooled`."""
    result = getattr(pooled, "result", None)
    if result is None:
        return {}
    frame = book.pool_frame(pooled.spec.outcome, pooled.spec.grade)
    chosen = frame_to_figures(frame)
    index = {}
    for row, figure in enumerate(book.figures, start=1):
        index.setdefault(figure, row)
    found = {}
    for study in result.studies:
        rows: list[int] = []
        if study.row is not None and 0 < study.row <= len(chosen):
            row = index.get(chosen[study.row - 1])
            if row is not None:
                rows.append(row)
                rows += [r for r in cited_rows(book.figures[row - 1].derived_from) if r not in rows]
        found[(study.study, study.group)] = tuple(rows)
    return found


def cited_rows(text: str) -> list[int]:
    """The rows a `derived_from` text names: "CR 40/61 (row 26) minus ..." -> [26]."""
    rows: list[int] = []
    for match in ROW_REFERENCE.finditer(text or ""):
        row = int(match.group(1))
        if row not in rows:
            rows.append(row)
    return rows


def rows_in_analyses(book, pools) -> dict[int, tuple[str, ...]]:
    """Evidence row (1-based) -> the analyses that pooled it, as "CR same", "CRS3" (the row
    pooled, not the rows a derived one was computed from)."""
    used: dict[int, list[str]] = {}
    for key, pooled in pools.items():
        for (_, group), rows in pooled_rows(book, pooled).items():
            name = f"{key} {group}".strip() if group and group != "unknown" else key
            for row in rows[:1]:
                if name not in used.setdefault(row, []):
                    used[row].append(name)
    return {row: tuple(names) for row, names in used.items()}
