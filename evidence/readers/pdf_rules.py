"""Tables set between horizontal rules only, as most journals print them: a rule above the table,
one below its header, one at its foot, no vertical rules (pdfplumber's lines strategy, which needs
both, finds no cells there).

    page_to_rule_sets -> split_at_captions -> rule_set_to_region -> region_to_table

A set of rules is two or more horizontal rules of one width (their ends within RULE_END_TOLERANCE);
what they enclose is a table when its lines cut into cells are clearly tabular (three rows or more
cut into three or more aligned cells, `lines_look_tabular`). A caption set between the rules
("Table 5 ..." above the header rule) stays out of the table's box, so it becomes its caption.
Each line in the box is a row; the columns are where the cells of its rows (cut at wide gaps)
align, the outer ones widened to the rules' ends so that row labels set flush with them (section
rows such as "Phosphate") stay in. The page's characters are not walked again.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from evidence.readers.pdf_layout import Line, Word, split_line, words_to_lines
from evidence.readers.pdf_tables import (PageTable, caption_number, inside, lines_look_tabular, merged_spans,
                                        table_to_page_table, words_outside)

RULE_MIN_EM = 8.0  # a rule at least this many ems of the page's usual size long (not an underline)
RULE_END_TOLERANCE = 3.0  # points: rules whose ends lie this close belong to one set
RIVER_EM = 0.5  # a band empty in (nearly) every row is a gap between columns when this wide (em)
CELL_EM = 8.0  # most cells of a dense table are narrower than this (em); lines of prose are wider
SAME_RULE = 2.0  # points: a rule drawn as a thin box has two edges this close; they are one rule


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Horizontal rules of one width, top to bottom."""

    x0: float
    x1: float
    tops: tuple[float, ...]


def page_to_rule_sets(edges, min_length: float) -> list[RuleSet]:
    """The page's horizontal rules at least `min_length` long, grouped by their ends."""
    sets: list[list] = []  # [x0, x1, [tops]]
    for edge in sorted((e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] >= min_length),
                       key=lambda e: e["top"]):
        home = next((s for s in sets if abs(s[0] - edge["x0"]) <= RULE_END_TOLERANCE
                     and abs(s[1] - edge["x1"]) <= RULE_END_TOLERANCE), None)
        if home is None:
            sets.append([edge["x0"], edge["x1"], [edge["top"]]])
        elif edge["top"] - home[2][-1] > SAME_RULE:
            home[2].append(edge["top"])
    return [RuleSet(x0, x1, tuple(tops)) for x0, x1, tops in sets if len(tops) >= 2]


def rule_set_to_region(rules: RuleSet, words: list[Word], gap_em: float, tight_em: float):
    """(box, columns) of the table between the rules, or None when what they enclose is no table.

    Only lines cut into cells count (a footnote or a section row is one cell; a caption is none): they
    must be clearly tabular, most of their cells short (CELL_EM), their cells aligned (`rows_to_columns`) or, in a dense table whose
    cells stand closer than a cell gap, their words leaving the same vertical bands empty
    (`rows_to_river_columns`). The box runs from the last rule above the first of them (below a
    caption set under that rule: "Table 2. ..." between the top rule and the header) to the first
    rule below the last of them; a figure boxed above the table, or its caption, stays out.
    """
    box = (rules.x0, rules.tops[0], rules.x1, rules.tops[-1])
    lines = words_to_lines([w for w in words if inside(w, box)], tight_em)
    rows = [line for line in lines
            if len(split_line(line, gap_em, tight_em)) >= 2 and caption_number(line.text) is None]
    if not rows:
        return None
    if lines_look_tabular(rows, gap_em, tight_em):
        widths = sorted((c.x1 - c.x0) / c.size for line in rows for c in split_line(line, gap_em, tight_em))
        if widths[len(widths) // 2] >= CELL_EM:
            return None  # columns of prose, not of cells
        columns = rows_to_columns(rows, gap_em, tight_em)
    else:
        columns = rows_to_river_columns(rows)
        if columns is None:
            return None
    first, last = rows[0], rows[-1]
    top = max((t for t in rules.tops if t <= first.top), default=rules.tops[0])
    bottom = min((t for t in rules.tops if t >= last.bottom), default=rules.tops[-1])
    for line in lines:
        if top <= line.top and line.bottom <= first.top and caption_number(line.text) is not None:
            top = line.bottom + 0.5
    return (rules.x0, top, rules.x1, bottom), columns


def rows_to_columns(rows: list[Line], gap_em: float, tight_em: float) -> list[tuple[float, float]]:
    """The columns (x0, x1) the cells of the rows fall into, left to right: overlapping cells merged."""
    return merged_spans((c.x0, c.x1) for line in rows for c in split_line(line, gap_em, tight_em))


def rows_to_river_columns(rows: list[Line]) -> list[tuple[float, float]] | None:
    """The columns of a dense table: the runs of x positions that the words of more than a tenth
    of the rows cover, the bands between them (RIVER_EM wide at least) left empty by (nearly)
    every row; None unless there are three columns or more, three rows fill three of them, and
    most cells are short (a table's cells, not the lines of columns of prose)."""
    left = int(min(w.x0 for line in rows for w in line.words))
    cover = [0] * (int(max(w.x1 for line in rows for w in line.words)) - left + 2)
    for line in rows:
        covered = {x for w in line.words for x in range(int(w.x0) - left, int(w.x1) - left + 1)}
        for x in covered:
            cover[x] += 1
    limit = max(1, len(rows) // 10)
    min_gap = RIVER_EM * sorted(line.size for line in rows)[len(rows) // 2]
    columns: list[tuple[float, float]] = []
    start = None
    for x, count in enumerate([*cover, 0]):
        if count > limit and start is None:
            start = x
        elif count <= limit and start is not None:
            if columns and left + start - columns[-1][1] < min_gap:  # a word space, not a gap
                columns[-1] = (columns[-1][0], left + x)
            else:
                columns.append((left + start, left + x))
            start = None
    if len(columns) < 3:
        return None
    widths, filled_rows = [], 0
    for line in rows:
        cells = [[w for w in line.words if a <= (w.x0 + w.x1) / 2 <= b] for a, b in columns]
        widths += [(max(w.x1 for w in c) - min(w.x0 for w in c)) / line.size for c in cells if c]
        filled_rows += sum(1 for c in cells if c) >= 3
    widths.sort()
    return columns if filled_rows >= 3 and widths[len(widths) // 2] < CELL_EM else None


def region_to_table(region, columns, words: list[Word], tight_em: float) -> PageTable | None:
    """The table in the region: one row per line, the given columns, the outer ones reaching the
    region's edges (a section row set flush left stays in)."""
    held = [w for w in words if inside(w, region)]
    lines = words_to_lines(held, tight_em)
    if len(lines) < 2:
        return None
    x0, top, x1, bottom = region
    xs = [x0, *((a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])), x1]
    ys = [top, *((a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:])), bottom]
    cells = [(xs[c], ys[r], xs[c + 1], ys[r + 1]) for r in range(len(lines)) for c in range(len(columns))]
    return table_to_page_table(cells, region, held, tight_em)


def split_at_captions(rules: RuleSet, words: list[Word], gap_em: float, tight_em: float) -> list[RuleSet]:
    """The set cut where a caption follows rows of cells: two tables stacked between rules of one
    width ("Table 1 (continued)" above, "Table 2" below), the rule above the caption opening the second."""
    box = (rules.x0, rules.tops[0], rules.x1, rules.tops[-1])
    seen_row = False
    for line in words_to_lines([w for w in words if inside(w, box)], tight_em):
        if caption_number(line.text) is not None:
            if seen_row:
                before = tuple(t for t in rules.tops if t < line.top)
                after = before[-1:] + tuple(t for t in rules.tops if t > line.top)
                if len(before) >= 2 and len(after) >= 2:
                    return [replace(rules, tops=before),
                            *split_at_captions(replace(rules, tops=after), words, gap_em, tight_em)]
        elif len(split_line(line, gap_em, tight_em)) >= 2:
            seen_row = True
    return [rules]


def find_rule_tables(edges, words: list[Word], body_size: float, gap_em: float,
                     tight_em: float) -> tuple[list[PageTable], list[Word]]:
    """The tables of a page set between horizontal rules only, and the words outside them."""
    tables = []
    for rules in (part for found in page_to_rule_sets(edges, RULE_MIN_EM * body_size)
                  for part in split_at_captions(found, words, gap_em, tight_em)):
        found = rule_set_to_region(rules, words, gap_em, tight_em)
        table = region_to_table(*found, words, tight_em) if found else None
        if table is not None:
            tables.append(table)
    return tables, words_outside(tables, words)
