"""Assembling a document's text piece by piece, recording the region and table cells of each piece.

Readers of structured formats (Markdown, HTML, JATS, PubMed) do not build strings and offsets
by hand: they pour inline text into a `Flow`, mark block boundaries, and hand tables over as
`TableSource`s; the `TextBuilder` underneath normalises each piece before it records offsets, so
`text[region.start:region.end]` and `text[cell.start:cell.end] == cell.text` hold by construction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.document import Document, Metadata, Region, Table, TableCell
from evidence.readers.common import normalise
from evidence.readers.table_headers import leading_header_rows

PARAGRAPH = "\n\n"
LINE = "\n"
CELL_SEPARATOR = " | "
MAX_COLSPAN = 1000  # the HTML limit; a larger span is a broken or hostile file
_SPACES = re.compile(r"\s+")


def collapse(text: str) -> str:
    """Normalised text with every run of whitespace made one space, stripped: markup's inline text."""
    return _SPACES.sub(" ", normalise(text)).strip()


@dataclass(frozen=True)
class CellSource:
    """A table cell as the source gives it, before spans are expanded into the grid."""

    text: str
    header: bool = False
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class TableSource:
    """A table as the source gives it: label ("" when it has none), caption, rows, footnotes."""

    label: str
    caption: str
    rows: tuple[tuple[CellSource, ...], ...]
    footer: tuple[str, ...] = ()


def rows_to_placements(rows) -> list[tuple[int, int, int, int]]:
    """(grid row, grid col, source row, index in source row) for every grid position a cell covers.

    Rowspans and colspans are expanded: a cell spanning two columns covers both. A rowspan of 0
    (HTML: to the end of the table) or one running past the last row stops at the last row.
    """
    occupied: set[tuple[int, int]] = set()
    placements = []
    for r, row in enumerate(rows):
        c = 0
        for i, cell in enumerate(row):
            while (r, c) in occupied:
                c += 1
            rowspan = len(rows) - r if cell.rowspan <= 0 else min(cell.rowspan, len(rows) - r)
            colspan = min(max(cell.colspan, 1), MAX_COLSPAN)
            for dr in range(rowspan):
                for dc in range(colspan):
                    occupied.add((r + dr, c + dc))
                    placements.append((r + dr, c + dc, r, i))
            c += colspan
    return sorted(placements)


class TextBuilder:
    """Text written in pieces, each piece with its region; tables laid out one line per row."""

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._length = 0
        self._regions: list[Region] = []
        self._tables: list[Table] = []

    @property
    def length(self) -> int:
        return self._length

    def _write(self, text: str) -> tuple[int, int]:
        start = self._length
        self._chunks.append(text)
        self._length += len(text)
        return start, self._length

    def add_raw(self, text: str, kind: str = "body", section: str | None = None) -> tuple[int, int] | None:
        """Append `text` exactly as given (the caller normalised it), with no separator: plain
        text keeps its layout."""
        if not text:
            return None
        start, end = self._write(text)
        self._regions.append(Region(start, end, section=section, kind=kind))
        return start, end

    def add(self, text: str, kind: str = "body", section: str | None = None, sep: str = PARAGRAPH):
        """Append one block (stripped), after `sep` unless it is the first; None when it is empty."""
        text = normalise(text).strip()
        if not text:
            return None
        if self._length:
            self._write(sep)
        start, end = self._write(text)
        self._regions.append(Region(start, end, section=section, kind=kind))
        return start, end

    def add_table(self, source: TableSource, sep: str = PARAGRAPH) -> Table | None:
        """Lay out a table: "label. caption", one line per row with " | " between cells, footnotes.

        Every grid position gets a TableCell; positions a spanning cell covers share its offsets.
        A table whose source marks no header cell (no <th>, no <thead>) gets its leading rows
        without figures as headers (`table_headers`), so each cell can name its column's arm.
        """
        rows = tuple(row for row in source.rows if row)
        label, caption = collapse(source.label), collapse(source.caption)
        if not rows and not label and not caption:
            return None
        number = len(self._tables) + 1
        name = label or f"table {number}"
        if self._length:
            self._write(sep)
        start = self._length
        heading = _join_label(label, caption)
        if heading:
            self._write(heading)
        offsets: dict[tuple[int, int], tuple[int, int, str]] = {}
        for r, row in enumerate(rows):
            if self._length > start:
                self._write(LINE)
            for i, cell in enumerate(row):
                if i:
                    self._write(CELL_SEPARATOR)
                text = collapse(cell.text)
                cell_start, cell_end = self._write(text)
                offsets[(r, i)] = (cell_start, cell_end, text)
        for note in source.footer:
            note = collapse(note)
            if note:
                self._write(LINE)
                self._write(note)
        end = self._length
        marked = any(cell.header for row in rows for cell in row)
        headers = 0 if marked else leading_header_rows([[offsets[(r, i)][2] for i in range(len(row))]
                                                        for r, row in enumerate(rows)])
        cells = tuple(
            TableCell(row=gr, col=gc, text=offsets[(sr, si)][2], start=offsets[(sr, si)][0],
                      end=offsets[(sr, si)][1], header=rows[sr][si].header or sr < headers)
            for gr, gc, sr, si in rows_to_placements(rows)
        )
        table = Table(label=name, caption=caption, cells=cells, start=start, end=end)
        self._tables.append(table)
        self._regions.append(Region(start, end, section=name, kind="table"))
        return table

    @property
    def text(self) -> str:
        return "".join(self._chunks)

    def regions(self) -> tuple[Region, ...]:
        """Regions covering the whole text: separators join the region before them, neighbours
        of the same kind and section merge."""
        regions = sorted(self._regions, key=lambda r: (r.start, r.end))
        merged: list[Region] = []
        for i, region in enumerate(regions):
            start = 0 if not merged else merged[-1].end
            end = regions[i + 1].start if i + 1 < len(regions) else self._length
            end = max(end, region.end)
            previous = merged[-1] if merged else None
            if previous and (previous.kind, previous.section, previous.page) == (region.kind, region.section, region.page):
                merged[-1] = Region(previous.start, end, previous.page, previous.section, previous.kind)
            else:
                merged.append(Region(start, end, region.page, region.section, region.kind))
        return tuple(merged)

    def document(self, path: str, format_name: str, metadata: Metadata) -> Document:
        return Document(
            path=path, text=self.text, format=format_name, metadata=metadata,
            regions=self.regions(), tables=tuple(self._tables),
        )


def _join_label(label: str, caption: str) -> str:
    if label and caption:
        return f"{label} {caption}" if label[-1] in ".:" else f"{label}. {caption}"
    return label or caption


class Flow:
    """Inline text poured in piece by piece; block boundaries turn it into paragraphs and lines.

    `brk(PARAGRAPH)` or `brk(LINE)` ends the current block; the separator written before the next
    block is the strongest break seen since the last one. Each block takes the kind and section
    that are current when it ends, so a reader sets them right after a break.
    """

    def __init__(self, builder: TextBuilder) -> None:
        self.builder = builder
        self.kind = "body"
        self.section: str | None = None
        self._pieces: list[str] = []
        self._prefix = ""
        self._owed = PARAGRAPH

    def write(self, text: str) -> None:
        if not text:
            return
        if self._prefix and text.strip():
            self._pieces.append(self._prefix)
            self._prefix = ""
        self._pieces.append(text)

    def prefix(self, text: str) -> None:
        """Text (a list bullet, a footnote mark) that opens the next block, whichever it is."""
        self._prefix += text

    def clear_prefix(self) -> None:
        self._prefix = ""

    def tail(self) -> str:
        """The text of the current block so far (to decide how a superscript joins it)."""
        return "".join(self._pieces)

    def brk(self, strength: str = PARAGRAPH) -> None:
        text = collapse("".join(self._pieces))
        self._pieces = []
        if text:
            self.builder.add(text, self.kind, self.section, sep=self._owed)
            self._owed = strength
        elif strength == PARAGRAPH:
            self._owed = PARAGRAPH

    def table(self, source: TableSource) -> Table | None:
        self.brk(PARAGRAPH)
        table = self.builder.add_table(source, sep=self._owed)
        self._owed = PARAGRAPH
        return table


class Collector:
    """A Flow that only gathers text, breaks becoming spaces: a heading's, a cell's, a caption's."""

    kind = "body"  # set and read by walkers as on a Flow (a recovered file can nest a section in a cell)
    section: str | None = None

    def __init__(self) -> None:
        self._pieces: list[str] = []

    def write(self, text: str) -> None:
        self._pieces.append(text)

    def prefix(self, text: str) -> None:
        self._pieces.append(text)

    def clear_prefix(self) -> None:
        pass

    def tail(self) -> str:
        return "".join(self._pieces)

    def brk(self, strength: str = PARAGRAPH) -> None:
        self._pieces.append(" ")

    def table(self, source: TableSource) -> None:
        for row in source.rows:
            self._pieces.append(" " + " ".join(cell.text for cell in row))

    @property
    def text(self) -> str:
        return collapse("".join(self._pieces))
