"""How the PDF reader reads a page: margin bands, column gutters, paragraph breaks, tables.

`PdfSettings` validates its fields at construction and `resolve` accepts `None`, a dict or an
instance (pdfplumber's `TableSettings` pattern). Lengths are in PDF points (1/72 inch) unless the
name says `_em` (a multiple of the line's font size) or `_share` (a fraction).
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import EvidenceError
from evidence.settings import resolve_settings

# Top and bottom bands of the page (share of its height) where running heads and page numbers sit.
DEFAULT_MARGIN_SHARE = 0.1
# A line in a margin band is set apart from the body when this much space (em) separates them.
DEFAULT_MARGIN_GAP_EM = 0.9
# A running head repeats (digits aside) on at least this share of pages, and on two pages at least.
DEFAULT_RUNNING_SHARE = 0.3
# A line anywhere on the page repeated on this share of pages (three at least) is boilerplate too.
DEFAULT_BOILERPLATE_SHARE = 0.6
# The narrowest gap between two columns; inter-word spaces are far narrower.
DEFAULT_MIN_GUTTER = 6.0
# A band of the page this high (em) without any line cuts it into blocks laid out apart (a first
# page's sidebar beside the abstract, the two columns below): each finds its own gutters.
DEFAULT_BLOCK_GAP_EM = 2.0
# Each column needs this many lines before a page is read as two columns.
DEFAULT_MIN_COLUMN_LINES = 3
# Extra space between lines (em, beyond the page's usual line pitch) that ends a paragraph.
DEFAULT_PARAGRAPH_GAP_EM = 0.4
# A first-line indent (em) that starts a paragraph after a sentence end.
DEFAULT_INDENT_EM = 0.8
# Two lines whose font sizes differ by more than this (points) belong to different blocks.
DEFAULT_SIZE_STEP = 0.6
# Words closer than this (em) were split by a font change, not by a space: "CD19" + "+".
DEFAULT_TIGHT_EM = 0.1
# Gap (em) between the cells of a table row set without rules.
DEFAULT_CELL_GAP_EM = 1.5
# A gap between two characters wider than this (em of the character before) starts a new word.
# Letters within a word sit within 0.05 em of each other; a word space, even in PDFs that draw
# none (the space is only a gap), is 0.15 em or more: pdfplumber's default of 3 points (a third
# of an em at 9 points) would glue such words into one.
DEFAULT_WORD_GAP_EM = 0.12
# pdfplumber's line tolerance (its default), in points.
DEFAULT_Y_TOLERANCE = 3.0
# Read tables without rules with pdfplumber's text strategy when a stretch of lines looks tabular.
DEFAULT_TEXT_TABLES = True
# Empty pdfminer's object cache (content streams, images) every this many pages.
DEFAULT_CACHE_PAGES = 10


@dataclass(frozen=True)
class PdfSettings:
    """A validated set of layout thresholds for the PDF reader."""

    margin_share: float = DEFAULT_MARGIN_SHARE
    margin_gap_em: float = DEFAULT_MARGIN_GAP_EM
    running_share: float = DEFAULT_RUNNING_SHARE
    boilerplate_share: float = DEFAULT_BOILERPLATE_SHARE
    min_gutter: float = DEFAULT_MIN_GUTTER
    min_column_lines: int = DEFAULT_MIN_COLUMN_LINES
    block_gap_em: float = DEFAULT_BLOCK_GAP_EM
    paragraph_gap_em: float = DEFAULT_PARAGRAPH_GAP_EM
    indent_em: float = DEFAULT_INDENT_EM
    size_step: float = DEFAULT_SIZE_STEP
    tight_em: float = DEFAULT_TIGHT_EM
    cell_gap_em: float = DEFAULT_CELL_GAP_EM
    word_gap_em: float = DEFAULT_WORD_GAP_EM
    y_tolerance: float = DEFAULT_Y_TOLERANCE
    text_tables: bool = DEFAULT_TEXT_TABLES
    cache_pages: int = DEFAULT_CACHE_PAGES

    def __post_init__(self):
        if not 0 <= self.margin_share < 0.5:
            raise EvidenceError(f"PDF setting margin_share={self.margin_share!r} must lie in [0, 0.5)")
        for name in ("running_share", "boilerplate_share"):
            if not 0 < getattr(self, name) <= 1:
                raise EvidenceError(f"PDF setting {name}={getattr(self, name)!r} must lie in (0, 1]")
        for name in ("margin_gap_em", "block_gap_em", "min_gutter", "paragraph_gap_em", "indent_em", "size_step",
                     "tight_em", "cell_gap_em", "word_gap_em", "y_tolerance"):
            if getattr(self, name) < 0:
                raise EvidenceError(f"PDF setting {name}={getattr(self, name)!r} must not be negative")
        for name in ("min_column_lines", "cache_pages"):
            if int(getattr(self, name)) < 1:
                raise EvidenceError(f"PDF setting {name}={getattr(self, name)!r} must be at least 1")

    @classmethod
    def resolve(cls, settings: "PdfSettings | dict | None") -> "PdfSettings":
        return resolve_settings(cls, settings, "PDF")
