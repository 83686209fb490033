"""From a pooled number back to the evidence rows it came from, for the report and the plots.

    rows = pooled_rows(pooled)           # {("Holland 2023 (same)", "same"): (146,), ...}
    used = rows_in_analyses(pools)       # {146: ("CR same",), ...}

Row ids are the evidence table's own (`evidence.outputs.studybook.row_id`: 1 is the first data row
of evidence.csv), as `Pooled.rows` keeps them and `pooled_<OUTCOME>.json` names them
(`evidence_rows`); the same ids appear in `derived_from` texts ("CR 40/61 (row 26)").
"""
from __future__ import annotations

import re

ROW_REFERENCE = re.compile(r"\(row (\d+)\)")


def pooled_rows(pooled) -> dict[tuple[str, str], tuple[int, ...]]:
    """(study label as pooled, group) -> evidence row ids, for every study of `pooled`."""
    if getattr(pooled, "result", None) is None:
        return {}
    return {(s.study, s.group): tuple(pooled.rows_of(s.study)) for s in pooled.result.studies}


def rows_in_analyses(pools) -> dict[int, tuple[str, ...]]:
    """Evidence row id -> the analyses that pooled it, as "CR same", "CRS3"."""
    used: dict[int, list[str]] = {}
    for key, pooled in pools.items():
        for (_, group), rows in pooled_rows(pooled).items():
            name = f"{key} {group}".strip() if group and group != "unknown" else key
            for row in rows:
                if name not in used.setdefault(row, []):
                    used[row].append(name)
    return {row: tuple(names) for row, names in used.items()}


def derived_studies(book, pooled) -> frozenset:
    """Labels of the pooled studies whose counts were derived (by subtraction, from a percent and
    the cohort size), not read: shown with the tables' mark ‡."""
    return frozenset(study for (study, _), rows in pooled_rows(pooled).items()
                     if any(0 < r <= len(book.figures) and book.figures[r - 1].derived for r in rows))
