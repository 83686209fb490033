"""HTML pages: the visible text, blocks on their own lines, tables as tables, sections from headings.

Scripts, styles, forms' controls, hidden elements and navigation (nav, menus, breadcrumbs, and
page-level footers and asides) are dropped. lxml's HTML parser decodes entities, survives broken
markup and never fetches anything.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

import lxml.html
from lxml import etree

from evidence.document import Document
from evidence.errors import CorruptFileError, EmptyFileError
from evidence.readers import reader
from evidence.readers.builder import LINE, PARAGRAPH, Flow, TableSource, TextBuilder
from evidence.readers.common import (
    author_from_text, decode, find_identifiers, kind_of_section, metadata_from_text, parse_date,
)
from evidence.readers.markup import TreeWalker, local_name, split_table_label

SKIP = frozenset((
    "script", "style", "noscript", "template", "head", "nav", "iframe", "object", "embed", "svg",
    "canvas", "map", "audio", "video", "select", "option", "button", "input", "textarea", "img",
    "picture", "source", "meta", "link", "base", "dialog",
))
PARAGRAPHS = frozenset((
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "figure",
    "figcaption", "address", "details", "summary", "fieldset", "legend", "dl", "ul", "ol", "hr",
    "center", "body", "html", "form", "caption", "hgroup", "tr", "td", "th", "tbody", "thead",
    "tfoot", "noframes", "menu",
))
LINES = frozenset(("li", "dt", "dd"))
NAVIGATION_ROLES = frozenset(("navigation", "search", "menu", "menubar"))
PAGE_ROLES = frozenset(("banner", "contentinfo"))  # the site's header and footer
NAVIGATION_CLASSES = frozenset((
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "skip-link", "skiplink",
    "site-header", "site-footer", "cookie-banner", "cookie-notice", "share", "social-share", "sharing",
))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def bytes_to_text(data: bytes, name: str) -> str:
    """Decode by BOM, else by the page's own <meta charset>, else as common.decode does."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode(data, name)
    match = _CHARSET.search(data[:4096])
    if match:
        label = match.group(1).decode("ascii").lower()
        if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            label = "cp1252"  # what browsers do with these labels
        try:
            codec = codecs.lookup(label).name
            if codec.startswith("utf-16"):  # a UTF-16 label in bytes readable as ASCII is wrong
                raise LookupError(label)
            return data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(data, name)


def text_to_tree(text: str, name: str):
    """The page's tree; CorruptFileError when the parser had to stop early, leaving text unread."""
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        tree = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1), parser=parser)
    except etree.ParserError as error:
        raise EmptyFileError(name, f"no HTML content ({error})") from error
    except (ValueError, etree.LxmlError) as error:
        raise CorruptFileError(name, f"cannot be parsed as HTML ({error}); open it in a browser to check") from error
    fatal = next((e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL), None)
    if fatal is not None:
        raise CorruptFileError(
            name, f"the HTML parser stopped at line {fatal.line}, column {fatal.column} ({fatal.message}), "
            "so the rest of the page would be lost; save just the article's part of the page and read that",
        )
    return tree


def tree_to_meta(tree) -> dict[str, list[str]]:
    """<meta name|property="..." content="..."> as lower-cased name -> contents, in order."""
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = " ".join((meta.get("content") or "").split())
        if key and content:
            found.setdefault(key, []).append(content)
    return found


class HtmlWalker(TreeWalker):
    skip = SKIP
    paragraphs = PARAGRAPHS
    lines = LINES

    def __init__(self, flow: Flow) -> None:
        super().__init__(flow)
        self.title_written = False
        self.headings: list[tuple[int, str]] = []
        self.handlers.update({
            "br": lambda element: self.flow.brk(LINE),
            "pre": self.visit_pre,
            "table": self.visit_table,
            **{f"h{level}": self.visit_heading for level in range(1, 7)},
        })

    def skipped(self, element, name: str) -> bool:
        if name in self.skip or element.get("hidden") is not None:
            return True
        if (element.get("aria-hidden") or "").lower() == "true" or _HIDDEN_STYLE.search(element.get("style") or ""):
            return True
        role = (element.get("role") or "").lower()
        if role in NAVIGATION_ROLES:
            return True
        if (role in PAGE_ROLES or name in ("footer", "aside")) and not _inside(element, ("article", "main")):
            return True
        classes = set((element.get("class") or "").lower().split()) | {(element.get("id") or "").lower()}
        return bool(classes & NAVIGATION_CLASSES)

    def visit_heading(self, element) -> None:
        text = self.text_of(element)
        self.flow.brk(PARAGRAPH)
        if not text:
            return
        level = int(local_name(element)[1])
        if level == 1 and not self.title_written:
            self.title_written = True
            self.flow.kind, self.flow.section = "title", None
            self.headings = []
        else:
            while self.headings and self.headings[-1][0] >= level:
                self.headings.pop()
            self.headings.append((level, text))
            self.flow.section = " > ".join(heading for _, heading in self.headings)
            self.flow.kind = kind_of_section(self.flow.section)
        self.flow.write(text)
        self.flow.brk(PARAGRAPH)
        if self.flow.kind == "title":
            self.flow.kind = "body"

    def visit_pre(self, element) -> None:
        self.flow.brk(PARAGRAPH)
        for line in "".join(element.itertext()).splitlines():
            self.flow.write(line)
            self.flow.brk(LINE)
        self.flow.brk(PARAGRAPH)

    def visit_table(self, element) -> None:
        nested = any(True for _ in element.iterdescendants("table"))
        rows = () if nested else self.cell_rows(element)
        presentational = (element.get("role") or "").lower() in ("presentation", "none")
        if nested or presentational or sum(map(len, rows)) < 2:
            self.block(element, PARAGRAPH)  # a layout table (or a lone cell): its cells are just blocks
            return
        caption = next((child for child in element if local_name(child) == "caption"), None)
        label, caption_text = split_table_label(self.text_of(caption))
        self.flow.table(TableSource(label, caption_text, rows))


def _inside(element, names: tuple[str, ...]) -> bool:
    return any(local_name(ancestor) in names for ancestor in element.iterancestors())


def tree_to_builder(tree) -> TextBuilder:
    """The page's visible text; the <title> opens it when the page has no <h1> of its own."""
    builder = TextBuilder()
    flow = Flow(builder)
    title = " ".join((tree.findtext(".//title") or "").split())
    has_h1 = any(True for _ in tree.iter("h1"))
    if title and not has_h1:
        builder.add(title, kind="title")
    walker = HtmlWalker(flow)
    body = tree.find(".//body")
    walker.visit(body if body is not None else tree)
    flow.brk(PARAGRAPH)
    return builder


def first(meta: dict[str, list[str]], *keys: str) -> str:
    return next((meta[key][0] for key in keys if meta.get(key)), "")


def _doi(value: str) -> str:
    value = re.sub(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", "", value.strip(), flags=re.IGNORECASE)
    return value if value.startswith("10.") else ""


def tree_to_metadata(tree, text: str):
    meta = tree_to_meta(tree)
    title = first(meta, "citation_title", "dc.title", "og:title")
    if not title:
        h1 = tree.find(".//h1")
        title = " ".join(h1.text_content().split()) if h1 is not None else ""
        title = title or " ".join((tree.findtext(".//title") or "").split())
    authors = meta.get("citation_author") or meta.get("dc.creator") or meta.get("author") or []
    date = parse_date(first(
        meta, "citation_publication_date", "citation_date", "citation_online_date", "dc.date",
        "article:published_time", "date",
    ))
    identifiers = [_doi(value) for value in meta.get("dc.identifier", []) + meta.get("prism.doi", [])]
    doi = _doi(first(meta, "citation_doi")) or next((d for d in identifiers if d), "")
    registrations = find_identifiers(" ".join(" ".join(values) for values in meta.values()) + " " + text)
    known = {
        "authors": tuple(dict.fromkeys(a for a in map(author_from_text, authors) if a)),
        "journal": first(meta, "citation_journal_title", "citation_conference_title", "dc.source", "og:site_name"),
        "date": date,
        "doi": doi,
        "pmid": first(meta, "citation_pmid"),
        "registrations": registrations["registrations"],
        "kind": "journal" if meta.get("citation_journal_title") else "",
    }
    if date:
        known["year"] = int(date[:4])
    language = (tree.get("lang") or first(meta, "citation_language", "dc.language")).lower()[:2]
    if language.isalpha() and len(language) == 2:
        known["language"] = language
    return metadata_from_text(text, title=title, **known)


@reader("html", (".html", ".htm", ".xhtml"))
def read_html(path: Path, name: str) -> list[Document]:
    tree = text_to_tree(bytes_to_text(path.read_bytes(), name), name)
    builder = tree_to_builder(tree)
    if not builder.text.strip():
        raise EmptyFileError(name, "no visible text in this HTML page (only markup, scripts or navigation)")
    return [builder.document(name, "html", tree_to_metadata(tree, builder.text))]
