"""A table continued on the next page ("Table 1 (continued)") joined to the part before it, so its
rows below the break keep the header (the arms and their N) printed above it.

    layouts_to_joined_tables: per document, after running heads leave and before the text is written

A part continues the table before it when its caption names the same table and says so ("Table 2
(continued)", "TABLE 2 Continued", "Table 2 (cont'd)"); header rows it repeats are left out. Each
joined row keeps the page it was printed on (`PageTable.row_pages`), so figures read from it cite
their own page.
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.readers.pdf_layout import PageLayout
from evidence.readers.pdf_tables import PageTable, caption_number

CONTINUED = re.compile(r"\bcont(?:inued|'d|d|\.)", re.IGNORECASE)


def continues(previous: PageTable, part: PageTable) -> bool:
    """Whether `part` is `previous` continued: its caption names the same table and says so."""
    caption = " ".join(part.caption)
    number = caption_number(caption)
    return (number is not None and number == caption_number(" ".join(previous.caption))
            and bool(CONTINUED.search(caption)))


def join_parts(previous: PageTable, part: PageTable, previous_page: int, page: int) -> PageTable:
    """`previous` with the rows of `part` below its own; rows repeating its header rows left out."""
    headers = previous.header_rows()
    repeated = 0
    while repeated < min(headers, len(part.rows)) and part.rows[repeated] == previous.rows[repeated]:
        repeated += 1
    kept_rows = part.rows[repeated:]
    if not kept_rows:
        return previous
    grid_offset = 1 + max(g for g, _, _, _ in previous.placements)
    first_grid = min(g for g, _, r, _ in part.placements if r >= repeated)
    placements = [(g - first_grid + grid_offset, c, r - repeated + len(previous.rows), i)
                  for g, c, r, i in part.placements if r >= repeated]
    pages = previous.row_pages or (previous_page,) * len(previous.rows)
    return replace(previous, rows=previous.rows + kept_rows,
                   placements=previous.placements + tuple(placements),
                   row_pages=pages + (page,) * len(kept_rows))


def layouts_to_joined_tables(layouts: list[PageLayout]) -> list[PageLayout]:
    """The pages with each continued part of a table joined to the table it continues (which may
    itself have started pages before), and removed from its own page."""
    items = [list(layout.items) for layout in layouts]
    last = None  # (page index, item index) of the latest table
    for j, page_items in enumerate(items):
        for k, item in enumerate(page_items):
            if not isinstance(item, PageTable):
                continue
            if last is not None and continues(items[last[0]][last[1]], item):
                items[last[0]][last[1]] = join_parts(items[last[0]][last[1]], item,
                                                     layouts[last[0]].number, layouts[j].number)
                page_items[k] = None
            else:
                last = (j, k)
    joined = [tuple(i for i in page_items if i is not None) for page_items in items]
    return [layout if page_items == layout.items else replace(layout, items=page_items)
            for layout, page_items in zip(layouts, joined)]
