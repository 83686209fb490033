"""The document model: one article's text, where each stretch of it came from, and its metadata.

Every reader produces `Document`s. Offsets index `Document.text`; `Region`s map offset ranges
back to a page (PDF) or a section / table cell (XML, HTML), so a figure found at
`text[start:end]` can be traced to its place in the article.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Region:
    """A stretch `text[start:end]` of a document and where it sits in the source."""

    start: int
    end: int
    page: int | None = None  # 1-based, PDFs only
    section: str | None = None  # "abstract", "Results", "table 2", ...
    kind: str = "body"  # "title", "abstract", "body", "table", "caption", "metadata"


@dataclass(frozen=True)
class TableCell:
    """One cell of a table, with its place in the document text."""

    row: int
    col: int
    text: str
    start: int
    end: int
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A table read as a table: addressable cells, each also present in the document text."""

    label: str  # "Table 1", or "table 1" when the source gives none
    caption: str
    cells: tuple[TableCell, ...]
    start: int
    end: int
    page: int | None = None

    @property
    def n_rows(self) -> int:
        return 1 + max((c.row for c in self.cells), default=-1)

    @property
    def n_cols(self) -> int:
        return 1 + max((c.col for c in self.cells), default=-1)

    def cell(self, row: int, col: int) -> TableCell | None:
        for c in self.cells:
            if c.row == row and c.col == col:
                return c
        return None

    def header_rows(self) -> int:
        """How many leading rows hold only header cells (arm names, "n = 392", spanning headings)."""
        count = 0
        for row in range(self.n_rows):
            cells = [c for c in self.cells if c.row == row]
            if not cells or not all(c.header for c in cells):
                break
            count += 1
        return count

    def column_headers(self, col: int) -> tuple[str, ...]:
        """The header texts above column `col`, top down, a spanning header once: ("ePDS score",
        "Control group (n = 393)")."""
        texts: list[str] = []
        for row in range(self.header_rows()):
            cell = self.cell(row, col)
            if cell is not None and cell.text and cell.text not in texts:
                texts.append(cell.text)
        return tuple(texts)

    def row_label(self, row: int) -> str:
        """The text of the row's first cell (its label: "Miscarriage", "Grade 3-4 neutropenia")."""
        cell = self.cell(row, 0)
        return cell.text if cell is not None else ""

    def rows(self) -> list[list[str]]:
        n_cols = self.n_cols  # read once: each read scans every cell
        grid = [["" for _ in range(n_cols)] for _ in range(self.n_rows)]
        for c in self.cells:
            grid[c.row][c.col] = c.text
        return grid


@dataclass(frozen=True)
class Metadata:
    """Bibliographic facts about an article, when the source states them."""

    title: str = ""
    authors: tuple[str, ...] = ()
    journal: str = ""
    year: int | None = None
    date: str = ""  # ISO date (or partial) of publication or presentation, when known
    doi: str = ""
    pmid: str = ""
    registrations: tuple[str, ...] = ()  # trial registrations, e.g. NCT numbers
    language: str = "en"
    kind: str = ""  # "journal", "abstract", "news", ... when the source says


@dataclass(frozen=True)
class Document:
    """One article as text, with regions, tables and metadata."""

    path: str  # relative to the PATH given to `extract` (plus "#n" for a PubMed record)
    text: str
    format: str  # "pdf", "text", "markdown", "html", "jats", "pubmed"
    metadata: Metadata = field(default_factory=Metadata)
    regions: tuple[Region, ...] = ()
    tables: tuple[Table, ...] = ()
    pages: int | None = None
    flags: tuple[str, ...] = ()  # warnings about the whole document, as figure flags ("recovered_xml")
    warnings: tuple[str, ...] = ()  # the same, for people: what happened and where

    def region_at(self, offset: int) -> Region | None:
        """The smallest region that holds `offset` (table cells sit inside sections), or None."""
        holding = [r for r in self.regions if r.start <= offset < r.end]
        return min(holding, key=lambda r: r.end - r.start, default=None)

    def page_at(self, offset: int) -> int | None:
        region = self.region_at(offset)
        return region.page if region else None

    def section_at(self, offset: int) -> str | None:
        region = self.region_at(offset)
        return region.section if region else None
