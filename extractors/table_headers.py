"""What a table's column headers say about their cells beyond naming them.

- A column headed "SD" beside a mean ("Mean | SD", "x̄ | SD", "Apple juice n = 30: x̄ | SD") holds
  standard deviations, or the percent of a categorical row: never stable disease. "SD" is the
  response category only among its siblings "CR | PR | SD | PD" or under a response header.
- A column headed by a group with its size ("Relapsed (n = 20)", "Responders (n = 12)") is a group of
  patients: an outcome word in it says who was counted (a baseline table of the relapsed), not
  what the cell measures; the row names that.
"""
from __future__ import annotations

import re

_DEVIATION = re.compile(r"^\s*(?:±\s*)?(?:SD|S\.D\.|SEM?|s\.d\.)\s*$")
_RESPONSE_SIBLING = re.compile(r"^\s*(?:CR|CRi|PR|PD|NR|ORR|VGPR|MRD)\b|\b(?:response|remission|stable disease|progressi)", re.IGNORECASE)
_SIZED = re.compile(r"\b[nN]\s*=\s*\d+")


def deviation_columns(grid, header_rows) -> frozenset[int]:
    """The columns headed "SD" (or "SE") in a header row that names no response category."""
    columns = set()
    for r in header_rows:
        row = grid[r]
        if any(_RESPONSE_SIBLING.search(t) for t in row if not _DEVIATION.match(t)):
            continue
        columns |= {c for c, t in enumerate(row) if _DEVIATION.match(t)}
    return frozenset(columns)


def sized_group(column: str) -> bool:
    """Whether a column header names a group with its size ("Hyperglycemia relapse (n = 20)")."""
    return bool(_SIZED.search(column))


def flag_twin_arms(figures: list) -> list:
    """`figures` of one table, with those flagged `uncertain` whose row gives two cells of different
    sizes to one arm ("Overall: Placebo (n = 112) | Drug B (n = 112) | Drug B (n = 115)"): the header
    repeats a name where it meant another arm, so it does not say whose each cell is."""
    sizes: dict[tuple, set] = {}
    for f in figures:
        if f.arm and f.total:
            sizes.setdefault(_row_arm(f), set()).add(f.total)
    return [f.with_flags("uncertain") if f.arm and len(sizes.get(_row_arm(f), ())) > 1 else f for f in figures]


def _row_arm(figure) -> tuple:
    return (figure.section, figure.outcome, figure.outcome_text, figure.grade, figure.arm, figure.subgroup, figure.timepoint_months)


_PRINTED_TOTAL = re.compile(r"\d+\s*/\s*(\d+)")
_PERCENT_PRINTED = re.compile(r"%|\(\s*\d")


def flag_counts_under_subsets(figures: list) -> list:
    """`figures` of one table, with a bare count ("5", no percent to confirm its total) flagged
    `uncertain` when the row above it in its column printed a total other than the arm's ("New-onset SI | 7/104" over "Wish to be dead | 5"):
    rows listed under a subset may be counted among that subset, not among the whole arm."""
    last: dict[tuple, int] = {}
    out = list(figures)
    for i in sorted(range(len(out)), key=lambda i: out[i].start):
        f = out[i]
        if not f.arm:
            continue
        key = (f.section, f.arm, f.subgroup, f.timepoint_months)
        cell = f.quote.rsplit(" | ", 1)[-1]
        printed = _PRINTED_TOTAL.search(cell)
        if printed:
            last[key] = int(printed.group(1))
        elif f.total and last.get(key, f.total) != f.total and not _PERCENT_PRINTED.search(cell):
            out[i] = f.with_flags("uncertain")  # a percent beside the count would have confirmed its total
    return out
