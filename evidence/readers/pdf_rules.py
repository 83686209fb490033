"""Tables set between horizontal rules only, as most journals print them: a rule above the table,
one below its header, one at its foot, no vertical rules (pdfplumber's lines strategy, which needs
both, finds no cells there).

    page_to_rule_sets -> rule_set_to_region -> region_to_table

A set of rules is two or more horizontal rules of one width (their ends within RULE_END_TOLERANCE);
what they enclose is a table when its lines cut into cells are clearly tabular (three rows or more
cut into three or more aligned cells, `lines_look_tabular`). A caption set between the rules
("Table 5 ..." above the header rule) stays out of the table's box, so it becomes its caption.
Each line in the box is a row; the columns are where the cells of its rows (cut at wide gaps)
align, the outer ones widened to the rules' ends so that row labels set flush with them (section
rows such as "Phosphate") stay in. The page's characters are not walked again.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.readers.pdf_layout import Line, Word, split_line, words_to_lines
from evidence.readers.pdf_tables import _inside as inside
from evidence.readers.pdf_tables import PageTable, caption_number, lines_look_tabular, table_to_page_table

RULE_MIN_EM = 8.0  # a rule at least this many ems of the page's usual size long (not an underline)
RULE_END_TOLERANCE = 3.0  # points: rules whose ends lie this close belong to one set
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


def rule_set_to_region(rules: RuleSet, words: list[Word], gap_em: float,
                       tight_em: float) -> tuple[float, float, float, float] | None:
    """The box of the table between the rules, or None when what they enclose is no table.

    Only lines cut into cells count (a footnote or a section row is one cell; a caption is none): they
    must be clearly tabular. The box runs from the last rule above the first of them (below a
    caption set under that rule: "Table 2. ..." between the top rule and the header) to the first
    rule below the last of them; a figure boxed above the table, or its caption, stays out.
    """
    box = (rules.x0, rules.tops[0], rules.x1, rules.tops[-1])
    lines = words_to_lines([w for w in words if inside(w, box)], tight_em)
    rows = [line for line in lines
            if len(split_line(line, gap_em, tight_em)) >= 2 and caption_number(line.text) is None]
    if not rows or not lines_look_tabular(rows, gap_em, tight_em):
        return None
    first, last = rows[0], rows[-1]
    top = max((t for t in rules.tops if t <= first.top), default=rules.tops[0])
    bottom = min((t for t in rules.tops if t >= last.bottom), default=rules.tops[-1])
    for line in lines:
        if top <= line.top and line.bottom <= first.top and caption_number(line.text) is not None:
            top = line.bottom + 0.5
    return rules.x0, top, rules.x1, bottom


def rows_to_columns(rows: list[Line], gap_em: float, tight_em: float) -> list[tuple[float, float]]:
    """The columns (x0, x1) the cells of the rows fall into, left to right: overlapping cells merged."""
    spans = sorted((c.x0, c.x1) for line in rows for c in split_line(line, gap_em, tight_em))
    columns = [list(spans[0])]
    for x0, x1 in spans[1:]:
        if x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(x0, x1) for x0, x1 in columns]


def region_to_table(region, words: list[Word], gap_em: float, tight_em: float) -> PageTable | None:
    """The table in the region: one row per line, the columns where the cells of its rows align,
    the outer ones reaching the region's edges (a section row set flush left stays in)."""
    held = [w for w in words if inside(w, region)]
    lines = words_to_lines(held, tight_em)
    rows = [line for line in lines if len(split_line(line, gap_em, tight_em)) >= 2]
    if len(lines) < 2 or not rows:
        return None
    x0, top, x1, bottom = region
    columns = rows_to_columns(rows, gap_em, tight_em)
    xs = [x0, *((a[1] + b[0]) / 2 for a, b in zip(columns, columns[1:])), x1]
    ys = [top, *((a.bottom + b.top) / 2 for a, b in zip(lines, lines[1:])), bottom]
    cells = [(xs[c], ys[r], xs[c + 1], ys[r + 1]) for r in range(len(lines)) for c in range(len(columns))]
    return table_to_page_table(cells, region, held, tight_em)


def find_rule_tables(edges, words: list[Word], body_size: float, gap_em: float,
                     tight_em: float) -> tuple[list[PageTable], list[Word]]:
    """The tables of a page set between horizontal rules only, and the words outside them."""
    tables = []
    for rules in page_to_rule_sets(edges, RULE_MIN_EM * body_size):
        region = rule_set_to_region(rules, words, gap_em, tight_em)
        table = region_to_table(region, words, gap_em, tight_em) if region else None
        if table is not None:
            tables.append(table)
    if not tables:
        return [], words
    boxes = [(t.x0, t.top, t.x1, t.bottom) for t in tables]
    return tables, [w for w in words if not any(inside(w, box) for box in boxes)]
