"""Tables on a PDF page, read as tables: a grid of cells filled from the page's words.

Ruled tables come from pdfplumber's table finder with the lines strategy, called once per page.
Only on a page without them, a stretch of lines of one column that is clearly tabular (three
rows or more cut into three or more aligned cells by wide gaps) is handed to the finder's text
strategy, cropped to that stretch. Either way the cells are filled from the words the page was
read into, so the characters are not walked again, and those words leave the body text.

    find_ruled_tables / find_text_tables -> cells_to_grid -> table_to_page_table -> attach_captions
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from evidence.readers.pdf_layout import Line, Word, split_line, words_to_lines
from evidence.readers.table_headers import leading_header_rows

LINES_STRATEGY = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}
# a table's caption, in any case ("Table 2.", "TABLE 2", "table 2 |"); lower case only with a
# separator after the number, so a sentence starting "table 2 shows" is none
CAPTION = re.compile(r"^(?:(?:Table|TABLE)\s+(\d+|[IVX]+)\b\s*[.:|]?|table\s+(\d+|[IVX]+)\s*[.:|])\s*")
MAX_CAPTION_LINES = 4
_ROUND = 1  # decimals to which cell edges are compared


def caption_number(text: str) -> str | None:
    """The number of the table a caption names ("Table 2. ..." -> "2"), or None."""
    found = CAPTION.match(text)
    return (found.group(1) or found.group(2)) if found else None


@dataclass(frozen=True, slots=True)
class PageTable:
    """A table found on a page: the lines of text of each cell, by row, and where it sits."""

    rows: tuple[tuple[tuple[str, ...], ...], ...]  # rows of cells (those that start in the row) of lines
    placements: tuple[tuple[int, int, int, int], ...]  # (grid row, grid col, row, index in row)
    x0: float
    x1: float
    top: float
    bottom: float
    caption: tuple[str, ...] = ()  # the lines of its caption ("Table 2. Responses ...")
    flow: int = 0
    row_pages: tuple[int, ...] = ()  # the page of each row, when joined across pages (pdf_continued)

    def header_rows(self) -> int:
        """How many leading rows are headers (arm names, "n = 392", a spanning "ePDS score")."""
        return leading_header_rows([[" ".join(lines) for lines in row] for row in self.rows])


def caption_row_to_caption(table: PageTable) -> PageTable:
    """A table whose first row is one cell across it holding its caption ("table 1 | Baseline
    ..."), as publishers that rule the caption into the table print it: that row becomes the caption."""
    if table.caption or len(table.rows) < 3 or len(table.rows[0]) != 1:
        return table
    lines = table.rows[0][0]
    if not lines or caption_number(lines[0]) is None:
        return table
    placements = tuple((g - 1, c, r - 1, i) for g, c, r, i in table.placements if r > 0)
    return replace(table, rows=table.rows[1:], placements=placements, caption=lines)


def cells_to_grid(cells) -> tuple[list[list[tuple]], list[tuple[int, int, int, int]]]:
    """Cell boxes (x0, top, x1, bottom) into rows of boxes and the grid positions each covers.

    A box spanning columns or rows (a merged cell) covers every grid position whose edges lie
    inside it; it belongs to the row where it starts.
    """
    xs = sorted({round(c[0], _ROUND) for c in cells})
    tops = sorted({round(c[1], _ROUND) for c in cells})
    row_of = {t: r for r, t in enumerate(tops)}
    rows: list[list[tuple]] = [[] for _ in tops]
    for cell in sorted(cells, key=lambda c: (round(c[1], _ROUND), round(c[0], _ROUND))):
        rows[row_of[round(cell[1], _ROUND)]].append(cell)
    placements = []
    for r, row in enumerate(rows):
        for i, (x0, top, x1, bottom) in enumerate(row):
            # the grid rows and columns whose edges lie in [start, end) of the box: bisected
            grid_rows = range(bisect_left(tops, round(top, _ROUND)), bisect_left(tops, round(bottom, _ROUND)))
            grid_cols = range(bisect_left(xs, round(x0, _ROUND)), bisect_left(xs, round(x1, _ROUND)))
            placements.extend((gr, gc, r, i) for gr in grid_rows for gc in grid_cols)
    # a position two boxes claim (overlapping boxes in a damaged table) keeps the first
    seen, unique = set(), []
    for p in sorted(placements):
        if p[:2] not in seen:
            seen.add(p[:2])
            unique.append(p)
    return rows, unique


def drop_empty_rows(texts: list, placements: list) -> tuple[list, list]:
    """Rows without a word in any cell left out (the text strategy makes one of each gap between
    rows), grid and row numbers closed up."""
    kept = [r for r, row in enumerate(texts) if any(line.strip() for cell in row for line in cell)]
    if len(kept) == len(texts):
        return texts, placements
    row_number = {r: n for n, r in enumerate(kept)}
    grid_rows = sorted({p[0] for p in placements if p[2] in row_number})
    grid_number = {g: n for n, g in enumerate(grid_rows)}
    placements = [(grid_number[g], c, row_number[r], i) for g, c, r, i in placements
                  if r in row_number and g in grid_number]
    return [texts[r] for r in kept], placements


def inside(word: Word, box) -> bool:
    """Whether the word's centre lies in box (x0, top, x1, bottom)."""
    x, y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def words_in_boxes(words: list[Word], boxes) -> list[list[Word]]:
    """For each box (x0, top, x1, bottom), the words whose centre it holds (`inside`), in the order
    given: found by bisecting the words' centres top to bottom, not by testing every word per box."""
    centres = sorted(((w.top + w.bottom) / 2, (w.x0 + w.x1) / 2, i) for i, w in enumerate(words))
    ys = [c[0] for c in centres]
    held = []
    for x0, top, x1, bottom in boxes:
        band = centres[bisect_left(ys, top):bisect_right(ys, bottom)]
        held.append([words[i] for i in sorted(i for _, x, i in band if x0 <= x <= x1)])
    return held


def words_outside(tables: list[PageTable], words: list[Word]) -> list[Word]:
    """The words of a page that no table holds."""
    if not tables:  # most pages
        return list(words)
    boxes = [(t.x0, t.top, t.x1, t.bottom) for t in tables]
    return [w for w in words if not any(inside(w, box) for box in boxes)]


def table_to_page_table(cells, bbox, words: list[Word], tight_em: float) -> PageTable | None:
    """A PageTable from pdfplumber's cell boxes, filled with the words whose centre each holds;
    None for a "table" of one row or one column (a box around a paragraph)."""
    cells = [c for c in cells if c[2] > c[0] and c[3] > c[1]]
    if not cells:
        return None
    rows, placements = cells_to_grid(cells)
    if len(rows) < 2 or 1 + max(p[1] for p in placements) < 2:
        return None
    held_by_table = [w for w in words if inside(w, bbox)]
    held_by_cell = iter(words_in_boxes(held_by_table, [box for row in rows for box in row]))
    texts = [tuple(tuple(line.text for line in words_to_lines(next(held_by_cell), tight_em)) for _ in row)
             for row in rows]
    texts, placements = drop_empty_rows(texts, placements)
    if len(texts) < 2:
        return None
    x0, top, x1, bottom = bbox
    return caption_row_to_caption(
        PageTable(rows=tuple(texts), placements=tuple(placements), x0=x0, x1=x1, top=top, bottom=bottom))


def find_ruled_tables(page, words: list[Word], tight_em: float) -> tuple[list[PageTable], list[Word]]:
    """The ruled tables of a page, and the words outside them."""
    tables = []
    for found in page.find_tables(LINES_STRATEGY):
        table = table_to_page_table(found.cells, found.bbox, words, tight_em)
        if table is not None:
            tables.append(table)
    return tables, words_outside(tables, words)


def merged_spans(spans) -> list[tuple[float, float]]:
    """The columns (x0, x1) that horizontal spans fall into, left to right: overlapping spans merged."""
    ordered = sorted(spans)
    if not ordered:
        return []
    columns = [list(ordered[0])]
    for x0, x1 in ordered[1:]:
        if x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    return [(x0, x1) for x0, x1 in columns]


def lines_look_tabular(lines: list[Line], gap_em: float, tight_em: float) -> bool:
    """Three or more rows cut into three or more cells by wide gaps, the cells of all rows
    falling into the same columns (no two cells of a row in one column)."""
    rows = [split_line(line, gap_em, tight_em) for line in lines]
    if sum(len(cells) >= 3 for cells in rows) < 3:
        return False
    columns = merged_spans((c.x0, c.x1) for cells in rows for c in cells)
    if len(columns) < 3:
        return False
    for cells in rows:
        hit = [next(i for i, col in enumerate(columns) if col[0] <= c.x0 <= col[1]) for c in cells]
        if len(set(hit)) != len(hit):
            return False
    return True


def items_to_tabular_runs(items: list, gap_em: float, tight_em: float) -> list[tuple[int, int]]:
    """(start, end) index ranges of consecutive lines of one flow that look like a table."""
    runs, start = [], None

    def close(end):
        if start is not None and end - start >= 3 and lines_look_tabular(items[start:end], gap_em, tight_em):
            runs.append((start, end))

    for i, item in enumerate(items):
        is_row = (isinstance(item, Line) and not item.margin
                  and len(split_line(item, gap_em, tight_em)) >= 2)
        joins = is_row and start is not None and item.flow == items[i - 1].flow
        if joins:
            continue
        close(i)
        start = i if is_row else None
    close(len(items))
    return runs


def find_text_tables(page, items: list, gap_em: float, tight_em: float) -> list:
    """Items with each clearly tabular stretch of lines replaced by the table pdfplumber's text
    strategy finds there (cropped to the stretch); lines it leaves out stay lines."""
    runs = items_to_tabular_runs(items, gap_em, tight_em)
    if not runs:
        return items
    result, done = [], 0
    for start, end in runs:
        result.extend(items[done:start])
        run = items[start:end]
        words = [w for line in run for w in line.words]
        x0, x1 = max(0, min(l.x0 for l in run) - 1), min(page.width, max(l.x1 for l in run) + 1)
        top, bottom = max(0, min(l.top for l in run) - 1), min(page.height, max(l.bottom for l in run) + 1)
        region = page.crop((x0, top, x1, bottom), strict=False)
        tables = [t for t in (table_to_page_table(f.cells, f.bbox, words, tight_em)
                              for f in region.find_tables(TEXT_STRATEGY)) if t is not None]
        if not tables:
            result.extend(run)
        else:
            left = words_outside(tables, words)
            pieces = [*(replace(t, flow=run[0].flow) for t in tables),
                      *(replace(l, flow=run[0].flow) for l in words_to_lines(left, tight_em))]
            result.extend(sorted(pieces, key=lambda p: p.top))
        done = end
    result.extend(items[done:])
    return result


def attach_captions(items: list) -> list:
    """Items with the caption of each table ("Table 2. ...", the lines just above it) moved into
    the table, so a paragraph that flows around the table is not cut by it."""
    result = list(items)
    i = 0
    while i < len(result):
        table = result[i]
        if isinstance(table, PageTable) and not table.caption:
            for j in range(i - 1, max(-1, i - 1 - MAX_CAPTION_LINES), -1):
                line = result[j]
                if not isinstance(line, Line) or line.margin or line.bottom > table.top + 1:
                    break
                if j == i - 1 and table.top - line.bottom > 3 * line.size:
                    break
                if caption_number(line.text) is not None:
                    caption = tuple(l.text for l in result[j:i])
                    result[j:i + 1] = [replace(table, caption=caption)]
                    i = j
                    break
        i += 1
    return result
