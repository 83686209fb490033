"""Walking lxml trees (HTML and XML alike) into a `Flow`.

A `TreeWalker` knows which elements to skip, which end a paragraph or a line, and which need a
handler of their own (headings, sections, tables); everything else is inline and its text simply
flows. Superscripts join the text before them with "^" ("10^6", "CR^a"), except signs and marks
("CD19+", "Kymriah®"), so figures and their exponents and footnote marks stay apart.
"""
from __future__ import annotations

import re
from typing import Callable, Iterator

from lxml import etree

from evidence.readers.builder import LINE, PARAGRAPH, CellSource, Collector, Flow

_MARKS = set("+-±−–®™©°*†‡§¶#'\"")


def local_name(element) -> str:
    """The tag without its namespace ("{http://...}article" -> "article"); "" for comments and PIs."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def superscript_text(text: str) -> str:
    """How a superscript joins the text before it: "^6" for 10<sup>6</sup>, "+" for CD19<sup>+</sup>."""
    text = " ".join(text.split())
    if not text:
        return ""
    if set(text) <= _MARKS:
        return text
    return "^" + text


def int_attribute(element, name: str, default: int = 1) -> int:
    """A span attribute as an int ("2", " 2 ", "2;" -> 2); `default` when absent or unreadable."""
    match = re.match(r"\s*(\d+)", element.get(name) or "")
    return int(match.group(1)) if match else default


class TreeWalker:
    """Visits an element tree and writes its visible text into a flow, block by block."""

    skip: frozenset = frozenset()
    paragraphs: frozenset = frozenset()
    lines: frozenset = frozenset()

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self.handlers: dict[str, Callable] = {"sup": self.visit_sup, "sub": self.visit_inline, "msup": self.visit_msup}

    def skipped(self, element, name: str) -> bool:
        return name in self.skip

    def visit(self, element) -> None:
        name = local_name(element)
        if self.skipped(element, name):
            return
        handler = self.handlers.get(name)
        if handler is not None:
            handler(element)
        elif name in self.paragraphs:
            self.block(element, PARAGRAPH)
        elif name in self.lines:
            self.block(element, LINE)
        else:
            self.children(element)

    def block(self, element, strength: str) -> None:
        self.flow.brk(strength)
        self.children(element)
        self.flow.brk(strength)

    def children(self, element, skip: tuple[str, ...] = ()) -> None:
        """The element's own text, its children (but those named in `skip`) and their tails."""
        if element.text:
            self.flow.write(element.text)
        for child in element:
            if isinstance(child.tag, str):
                if local_name(child) not in skip:
                    self.visit(child)
            elif child.tag is etree.Entity:
                self.flow.write(child.text)  # an entity no DTD defines: left as written, unexpanded
            if child.tail:
                self.flow.write(child.tail)

    def text_of(self, element, skip: tuple[str, ...] = ()) -> str:
        """The element's text on one line, breaks made spaces (headings, cells, captions)."""
        if element is None:
            return ""
        return self._collected(lambda: self.children(element, skip))

    def text_of_element(self, element) -> str:
        """Like text_of, but the element's own handler applies (a <sup> inside keeps its "^")."""
        return self._collected(lambda: self.visit(element))

    def _collected(self, run: Callable[[], None]) -> str:
        saved, self.flow = self.flow, Collector()
        try:
            run()
            return self.flow.text
        finally:
            self.flow = saved

    def visit_inline(self, element) -> None:
        self.children(element)

    def visit_sup(self, element) -> None:
        self.flow.write(superscript_text(self.text_of(element)))

    def visit_msup(self, element) -> None:
        """MathML base and exponent: <msup><mn>10</mn><mn>6</mn></msup> -> "10^6"."""
        parts = [part for part in element if isinstance(part.tag, str)]
        if len(parts) != 2:
            self.children(element)
            return
        self.visit(parts[0])
        self.flow.write(superscript_text(self.text_of_element(parts[1])))

    def cell_rows(self, table) -> tuple[tuple[CellSource, ...], ...]:
        """Rows of an HTML-model table (JATS uses the same): body rows first, footer rows last."""
        body, foot = [], []
        for row, section in table_rows(table):
            cells = tuple(
                CellSource(
                    text=self.text_of(cell),
                    header=local_name(cell) == "th" or section == "thead",
                    rowspan=int_attribute(cell, "rowspan"),
                    colspan=int_attribute(cell, "colspan"),
                )
                for cell in row
                if local_name(cell) in ("td", "th") and not self.skipped(cell, local_name(cell))
            )
            (foot if section == "tfoot" else body).append(cells)
        return tuple(body + foot)


def table_rows(table, section: str = "") -> Iterator[tuple[object, str]]:
    """(tr, "thead" | "tbody" | "tfoot" | "") for each row of `table`, not descending into nested tables."""
    for child in table:
        name = local_name(child)
        if name == "tr":
            yield child, section
        elif name in ("thead", "tbody", "tfoot"):
            yield from table_rows(child, name)


_TABLE_LABEL = re.compile(
    r"^\s*((?:supplementa(?:ry|l)\s+)?table\s+(?:[A-Z]?\d+[A-Za-z]?|[IVX]+))\b\s*[.:|\u2014\u2013-]?\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)


def split_table_label(caption: str) -> tuple[str, str]:
    """ "Table 2. Outcomes" -> ("Table 2", "Outcomes"); a caption without a label -> ("", caption)."""
    match = _TABLE_LABEL.match(caption)
    if not match:
        return "", caption.strip()
    return match.group(1).strip(), match.group(2).strip()
