"""The groups of a per-arm table: which columns are arms, their names and sizes.

A trial report's results table has one column per arm ("Intervention (n = 392) | Control (n = 393)"),
sometimes under a spanning header ("Children | Adolescents" over "Placebo | Active"), with the arm's
N in its header, in a spanning header row ("N = 326"), in a "No. of patients" row, or in the
table's notes ("n = 6 per dose; placebo n = 14"). A column of "n" beside a column of "(%)" is one
arm printed in two cells. Columns of p-values, differences, ratios and totals are not arms.

The table grid repeats a spanning cell's text in every row and column it covers (the readers'
contract); a cell repeated across a row is one cell.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evidence.text.cells import INTEGER, read_cell, to_int
from extractors import mentions, trial_words as words

_N = re.compile(rf"\b[nN]\s*=\s*(?P<n>{INTEGER})\b")
_MARKERS = re.compile(r"\^[^\s]{1,4}|[*\u2020\u2021\u00a7\u00b6#\u00a4\u2122\u00ae]+")


@dataclass(frozen=True)
class ArmColumn:
    """One arm's column: `col` of its counts, `percent_col` when its percents sit in the next
    column, the arm's `name`, its `total` when the table gives one, and a spanning `subgroup`."""

    col: int
    name: str
    total: int | None
    percent_col: int | None = None
    subgroup: str = ""
    timepoint: str = ""  # a column of a time under its arm ("Intervention" over "6-Month N (%)")
    header: str = ""  # all its header text, for formats and quotes
    pieces: tuple[str, ...] = ()  # its header texts, top to bottom


def clean(text: str) -> str:
    """A label without footnote markers, N or format words, spaces collapsed."""
    text = _MARKERS.sub("", text)
    text = re.sub(rf"[(\[]?\s*[nN]\s*=\s*{INTEGER}\s*[)\]]?", " ", text)
    text = words.FORMAT_WORDS.sub(" ", text)
    text = re.sub(r"\(\s*\)|[,;:]\s*$", " ", text)
    return re.sub(r"\s+", " ", text).strip(" ,;:")


def header_rows(table, grid) -> list[int]:
    """The header rows the reader marked, and the rows just below that only hold N or formats."""
    rows = sorted({c.row for c in table.cells if c.header}) or [0]
    last = max(rows)
    for r in range(last + 1, len(grid)):
        cells = [t for t in grid[r][1:] if t.strip()]
        if cells and not grid[r][0].strip() and all(_is_header_piece(t) for t in cells):
            rows.append(r)
        else:
            break
    return rows


def _is_header_piece(text: str) -> bool:
    return bool(_N.search(text) and not read_cell(text)) or bool(words.FORMAT_WORDS.fullmatch(text.strip())) \
        or bool(re.fullmatch(r"\s*[(\[]?\s*[nN]\s*=\s*[\d, ]+\s*[)\]]?\s*", text))


def header_pieces(grid, rows: list[int], col: int) -> list[str]:
    """The header texts over a column, top to bottom, a text spanning several rows said once."""
    pieces: list[str] = []
    for r in rows:
        text = grid[r][col].strip()
        if text and text not in pieces:
            pieces.append(text)
    return pieces


def label_columns(grid, body: list[int]) -> int:
    """How many leading columns hold row labels (no counts in their body cells)."""
    n = 1
    while n < len(grid[0]) - 1:
        cells = [grid[r][n] for r in body if grid[r][n].strip()]
        if cells and all(read_cell(t) is None and not re.match(r"\s*[-\d.]", t) for t in cells):
            n += 1
        else:
            break
    return n


def table_to_arms(grid, rows: list[int], first_col: int) -> list[ArmColumn]:
    """The arm columns of a table, from its header rows."""
    arms: list[ArmColumn] = []
    skip = set()
    ncols = len(grid[0]) if grid else 0
    for col in range(first_col, ncols):
        if col in skip:
            continue
        pieces = header_pieces(grid, rows, col)
        if not pieces:
            continue
        bottom = pieces[-1]
        if words.NOT_AN_ARM_COLUMN.search(clean(bottom) or bottom) and not words.COUNT_COLUMN.match(bottom):
            continue
        if any(words.NOT_AN_ARM_COLUMN.search(clean(p)) for p in pieces[:-1] if clean(p)) and not _N.search(" ".join(pieces)):
            continue
        percent_col = None
        if words.COUNT_COLUMN.match(bottom) and col + 1 < ncols:
            after = header_pieces(grid, rows, col + 1)
            if after and words.PERCENT_COLUMN.match(after[-1]) and after[:-1] == pieces[:-1]:
                percent_col = col + 1
                skip.add(col + 1)
        header = " ".join(pieces)
        n = _N.search(header)
        named = [clean(p) for p in pieces if clean(p)]
        if not named:
            continue
        name, timepoint = named[-1], ""
        if words.TIMEPOINT_COLUMN.match(name):
            if len(named) < 2:
                continue  # times without groups: the arms are rows
            name, timepoint = named[-2], name
        elif not re.search(r"[A-Za-z]", name) and len(named) > 1:
            name = f"{named[-2]} {name}"
        if re.fullmatch(r"(?i)total|overall|all(?: patients| subjects| participants)?|combined", name) \
                or any(not m.lay for m in mentions.find(mentions.OUTCOME, name)):
            continue  # a column of totals, or of an outcome ("CR, n/N (%)"), is not an arm
        arms.append(ArmColumn(col=col, name=name, total=to_int(n.group("n")) if n else None,
                              percent_col=percent_col, timepoint=timepoint, header=header, pieces=tuple(pieces)))
    return _with_subgroups(arms)


def _with_subgroups(arms: list[ArmColumn]) -> list[ArmColumn]:
    """A spanning header over some arms and another over others ("Children", "Adolescents") names
    the population of each; one spanning header over all of them is only a label."""
    spans = {a.col: " ".join(p for p in (clean(x) for x in a.pieces[:-1]) if p and p not in a.name and p != a.timepoint)
             for a in arms}
    if len({s for s in spans.values() if s}) < 2:
        return arms
    return [replace(a, subgroup="" if re.fullmatch(r"(?i)overall|total|all(?: patients)?", spans[a.col]) else spans[a.col])
            for a in arms]


def body_group_sizes(grid, body: list[int], arms: list[ArmColumn]) -> dict[int, int]:
    """col -> N from a "No. of patients" row of bare whole numbers."""
    sizes: dict[int, int] = {}
    for r in body:
        if not words.GROUP_SIZE_ROW.search(clean(grid[r][0]) or grid[r][0]):
            continue
        for a in arms:
            m = re.fullmatch(rf"\s*({INTEGER})\s*", _MARKERS.sub("", grid[r][a.col]))
            if m and a.col not in sizes:
                sizes[a.col] = to_int(m.group(1))
    return sizes


_PER = re.compile(rf"\b[nN]\s*=\s*(?P<n>{INTEGER})\s+(?:per|in each|each)\s+(?:dose|group|arm|cohort)\b"
                  rf"|\b(?P<n2>{INTEGER})\s+(?:patients|subjects|participants)\s+(?:per|in each)\s+(?:dose|group|arm)\b")
_NAMED_N = re.compile(rf"(?P<name>[A-Za-z][A-Za-z0-9\- ]{{1,40}}?)\s*[(\[,]\s*[nN]\s*=\s*(?P<n>{INTEGER})\s*[)\],;]?")


def notes_group_sizes(notes: str, arms: list[ArmColumn]) -> dict[int, int]:
    """col -> N from a table's notes: "(n = 6 per dose) or placebo (n = 14)"."""
    sizes: dict[int, int] = {}
    named = [(m.group("name").strip(), to_int(m.group("n"))) for m in _NAMED_N.finditer(notes)]
    for a in arms:
        for name, n in named:
            if _same_arm(a.name, name):
                sizes[a.col] = n
                break
    per = _PER.search(notes)
    if per:
        n = to_int(per.group("n") or per.group("n2"))
        for a in arms:
            sizes.setdefault(a.col, n)
    return sizes


def _same_arm(arm: str, name: str) -> bool:
    """Whether a name in a note or sentence names this arm: its last word is one of the arm's words."""
    arm_words = {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]+", arm)}
    name_words = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9-]+", name)]
    return bool(name_words) and name_words[-1] in arm_words and len(name_words[-1]) > 2
