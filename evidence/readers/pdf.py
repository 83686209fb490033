"""The PDF reader: a PDF, one page at a time, into one Document (format "pdf").

Per page (a `PageLayout`: plain text and boxes, the page's objects released):

    page_to_words -> find_ruled_tables (or find_rule_tables) -> words_to_lines -> lines_to_margins -> lines_to_blocks
    -> blocks_to_flows (lines_to_gutters, lines_to_flows per block) -> find_text_tables -> attach_captions

Per document:

    layouts_to_running_keys -> drop_running -> layouts_to_joined_tables -> Vocabulary.from_layouts
    -> layouts_to_text

Each page's characters are walked once, into pdfplumber's words (`extract_words`), and its rules
once, by `find_tables`; everything after works on those words. pdfplumber's characters and words
are made by a faster route to the same result (`pdf_chars`). Pages are closed as soon as they are read,
pdfminer's object cache is emptied every few pages, and layouts keep only text and boxes, so
memory stays bounded however long the PDF.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from evidence.document import Document, Metadata
from evidence.errors import CorruptFileError, EmptyFileError, EncryptedFileError, NoTextLayerError
from evidence.readers import reader
from evidence.readers.common import YEAR, metadata_from_text, normalise
from evidence.readers.pdf_layout import (BOLD_FONT, Line, PageLayout, Word, items_to_pitches,
                                         blocks_to_flows, lines_to_blocks, lines_to_margins,
                                         words_to_lines)
from evidence.readers.pdf_chars import fast_chars, upright_words
from evidence.readers.pdf_continued import layouts_to_joined_tables
from evidence.readers.pdf_rules import find_rule_tables
from evidence.readers.pdf_settings import PdfSettings
from evidence.readers.pdf_tables import attach_captions, find_ruled_tables, find_text_tables
from evidence.readers.pdf_text import (Style, Vocabulary, drop_running, join_lines,
                                       layouts_to_body_size, layouts_to_pitch, layouts_to_running_keys,
                                       layouts_to_text)

NOT_READABLE = "not a readable PDF (truncated or corrupt)"
PASSWORD = "password-protected PDF: remove the password and try again"
NO_TEXT = "no text layer: needs OCR"
NO_PAGES = "PDF without pages"
HEAD_BYTES = 1024  # "%PDF-" must start within them
TAIL_BYTES = 4096  # "%%EOF" must end within them: a file cut short has none
TITLE_SIZE_RATIO = 1.15  # a title is set at least this much larger than the body
# PDF metadata titles that are no title: producers' placeholders and file names
PLACEHOLDER_TITLE = re.compile(r"^(?:untitled|\(?anonymous\)?|\(?unspecified\)?|microsoft word\b.*"
                               r"|.*\.(?:docx?|pdf|tex|indd|qxd|rtf))$", re.IGNORECASE)
_PDFMINER_ERRORS = (PdfminerException, PSException)  # PSException: every pdfminer error


def check_envelope(path: Path, name: str) -> None:
    """A PDF starts with "%PDF-" and ends with "%%EOF"; a file cut short (a broken download) lacks
    the end, which pdfminer would otherwise paper over by reading what it can."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
        handle.seek(0, 2)
        size = handle.tell()
        handle.seek(max(0, size - TAIL_BYTES))
        tail = handle.read()
    if b"%PDF-" not in head or b"%%EOF" not in tail:
        raise CorruptFileError(name, NOT_READABLE)


def open_error(error: Exception, name: str) -> Exception:
    """The ReadError for an exception pdfplumber or pdfminer raised while reading."""
    cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
    if isinstance(cause, PDFEncryptionError):  # a wrong (empty) password, or unreadable encryption
        return EncryptedFileError(name, PASSWORD)
    return CorruptFileError(name, NOT_READABLE)


def page_to_words(page, settings: PdfSettings) -> list[Word]:
    """The upright words of a page (rotated margin notes left out), normalised, with font size
    and boldness: the page's only walk over its characters (pdfplumber's `extract_words`, by
    `pdf_chars.upright_words`)."""
    bold: dict[str, bool] = {}
    words = []
    for text, x0, x1, top, bottom, size, font in upright_words(page, settings.word_gap_em, settings.y_tolerance):
        # printable ASCII is normalised already
        text = (text if text.isascii() and text.isprintable() else normalise(text)).strip()
        if not text:
            continue
        if font not in bold:
            bold[font] = bool(BOLD_FONT.search(font))
        words.append(Word(text, x0, x1, top, bottom, float(size), bold[font]))
    return words


def _info_text(value) -> str:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    return " ".join(normalise(str(value)).split()) if value is not None else ""


def info_to_title_authors(info: dict) -> tuple[str, tuple[str, ...]]:
    """The title and authors a PDF's document information states, placeholders left out."""
    title = _info_text(info.get("Title"))
    if PLACEHOLDER_TITLE.match(title) or len(title.split()) < 3:
        title = ""
    author = _info_text(info.get("Author"))
    if not author or PLACEHOLDER_TITLE.match(author):
        return title, ()
    parts = author.split(";") if ";" in author else re.split(r",\s*|\s+and\s+|\s*&\s*", author)
    return title, tuple(p.strip() for p in parts if p.strip())


def layout_to_title(layout: PageLayout, body_size: float, vocabulary: Vocabulary) -> str:
    """The first page's largest-font lines (consecutive, in reading order), when they are set
    clearly larger than the body."""
    lines = [i for i in layout.items if isinstance(i, Line) and not i.margin]
    if not lines:
        return ""
    largest = max(l.size for l in lines)
    if largest < TITLE_SIZE_RATIO * body_size:
        return ""
    title: list[str] = []
    for item in layout.items:
        if isinstance(item, Line) and not item.margin and item.size >= largest - 0.5:
            title.append(item.text)
        elif title:
            break
    return join_lines(title, vocabulary)


def layouts_to_year(layouts: list[PageLayout]) -> int | None:
    """The year a journal's running head gives on the first pages ("Blood. 2021;137(4):574"),
    read before running heads leave the text."""
    for layout in layouts[:2]:
        for item in layout.items:
            if isinstance(item, Line) and item.band and item.top < layout.height / 2:
                found = YEAR.search(item.text)
                if found:
                    return int(found.group(1))
    return None


class PdfReader:
    """Reads PDFs into Documents with one set of layout settings."""

    def __init__(self, settings: PdfSettings | dict | None = None) -> None:
        self.settings = PdfSettings.resolve(settings)

    def read(self, path: str | Path, name: str | None = None) -> Document:
        path = Path(path)
        name = name or path.name
        check_envelope(path, name)
        try:
            with pdfplumber.open(path) as pdf:
                layouts = []
                for number, page in enumerate(pdf.pages, start=1):
                    layouts.append(self.page_to_layout(fast_chars(page)))
                    page.close()
                    if number % self.settings.cache_pages == 0:
                        _forget_objects(pdf)
                info = dict(pdf.metadata or {})
        except _PDFMINER_ERRORS as error:
            raise open_error(error, name) from error
        if not layouts:
            raise EmptyFileError(name, NO_PAGES)
        if not any(layout.words for layout in layouts):
            raise NoTextLayerError(name, NO_TEXT)
        return self.layouts_to_document(layouts, info, name)

    def page_to_layout(self, page) -> PageLayout:
        """One page in reading order: margin heads first, the body by flows, margin feet last."""
        s = self.settings
        words = page_to_words(page, s)
        if not words:
            return PageLayout(page.page_number, float(page.height), (), (), 0)
        tables, body_words = find_ruled_tables(page, words, s.tight_em)
        if s.text_tables and not tables:
            size = sorted(w.size for w in words)[len(words) // 2]
            tables, body_words = find_rule_tables(page.edges, words, size, s.cell_gap_em, s.tight_em)
        lines = words_to_lines(body_words, s.tight_em)
        head, body, foot = lines_to_margins(lines, float(page.height), s.margin_share, s.margin_gap_em,
                                            s.tight_em)
        blocks = lines_to_blocks(body, s.block_gap_em)
        items = blocks_to_flows(blocks, tables, s.min_gutter, s.min_column_lines, s.tight_em)
        if s.text_tables and not tables:
            items = find_text_tables(page, items, s.cell_gap_em, s.tight_em)
        items = attach_captions(items)
        # the words have served: keep lines as text and boxes, so long documents stay small
        kept = tuple(replace(i, words=()) if isinstance(i, Line) else i for i in (*head, *items, *foot))
        return PageLayout(page.page_number, float(page.height), kept, items_to_pitches(items), len(words))

    def layouts_to_document(self, layouts: list[PageLayout], info: dict, name: str) -> Document:
        s = self.settings
        year = layouts_to_year(layouts)
        running, boilerplate = layouts_to_running_keys(layouts, s.running_share, s.boilerplate_share)
        layouts = layouts_to_joined_tables([drop_running(layout, running, boilerplate) for layout in layouts])
        vocabulary = Vocabulary.from_layouts(layouts)
        body_size = layouts_to_body_size(layouts)
        style = Style(body_size, layouts_to_pitch(layouts), s.paragraph_gap_em, s.indent_em, s.size_step)
        text, regions, tables = layouts_to_text(layouts, vocabulary, style)
        info_title, authors = info_to_title_authors(info)
        title = info_title or layout_to_title(layouts[0], body_size, vocabulary)
        known = {"year": year} if year else {}
        metadata: Metadata = metadata_from_text(text, title=title, authors=authors, **known)
        return Document(path=name, text=text, format="pdf", metadata=metadata, regions=regions,
                        tables=tables, pages=len(layouts))


def _forget_objects(pdf) -> None:
    """Empty pdfminer's cache of parsed objects, which keeps every content stream and image read
    so far (a PDF's worth of them by the last page); what a later page needs is parsed again."""
    cache = getattr(pdf.doc, "_cached_objs", None)
    if isinstance(cache, dict):
        cache.clear()


@reader("pdf", (".pdf",))
def read(path: Path, name: str) -> list[Document]:
    """Read one PDF into one document."""
    return [PdfReader().read(path, name)]
