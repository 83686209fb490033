"""From page layouts to the document's text: running heads out, line-end hyphens mended, lines
joined into paragraphs, tables laid out one row per line, every character traced to its page.

    layouts_to_running_keys -> drop_running -> Vocabulary.from_layouts -> layouts_to_text

Paragraphs: lines join with a space; a paragraph ends where the vertical gap or a first-line
indent after a sentence end says so, at a heading (a short line in bold or in a larger font),
or at a change of font size. Where the reading order jumps (to the next column or page, or past
a table), a paragraph goes on unless its last line ended a sentence. Tables and kept margin
lines met in the middle of a paragraph wait until it ends, so no sentence is cut by them.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Iterable

from evidence.document import Region, Table, TableCell
from evidence.readers.pdf_layout import Line, PageLayout
from evidence.readers.pdf_tables import CAPTION, PageTable, caption_number

PARAGRAPH = "\n\n"
ROW = "\n"
CELL_SEPARATOR = " | "
# a lone page number: "3", "- 3 -", "Page 3", "Page 3 of 10", "3/10", "iv"
PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-\u2013\u2014]?"
                         r"(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
# a sentence end at a line end: "cells.", "cells?)", "cells.12" (a reference), "as follows:"
ENDS_SENTENCE = re.compile(r"(?:[.!?:]|(?<=[A-Za-z)\]])[.!?]\d{1,3}(?:[,\u2013-]\d{1,3})*)[\"')\]]*$")
BULLET = re.compile(r"^[\u2022\u25aa\u25e6\u2023\u25cf\u25a0\u25cb\u2043\u2219*]\s")  # a list item starts
TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*-?")
# prefixes that keep their hyphen at a line end ("non-\nself"), and those that keep it only when
# what follows is a word of the document ("anti-\ntumor", but "anti-\nbody", "pre-\nvious")
HYPHEN_PREFIXES = frozenset({"non", "self"})
WORD_PREFIXES = frozenset({"anti", "co", "multi", "post", "pre", "semi"})
VOWELS = frozenset("aeiou")
# second halves of compounds common in clinical writing: "cancer-free", "treatment-related"
COMPOUND_TAILS = frozenset({"free", "up", "term", "line", "related", "based", "like", "specific", "naive",
                            "positive", "negative", "directed", "targeted", "derived", "associated",
                            "induced", "mediated", "dependent", "independent", "risk", "grade", "arm",
                            "label", "world", "emergent", "refractory", "relapsed", "expressing",
                            "adjusted", "matched", "year", "month", "week", "dose", "cell",
                            "cells", "infusion", "treated", "experienced", "eligible"})
# closed compounds whose halves are words too: joined when broken at a line end
CLOSED_WORDS = frozenset({"cannot", "without", "within", "into", "onto", "upon", "however", "therefore",
                          "whereas", "throughout", "furthermore", "moreover", "nevertheless",
                          "nonetheless", "otherwise", "overall", "another", "sometimes", "somewhat",
                          "whereby", "thereafter", "hereafter", "meanwhile", "outcome", "outcomes",
                          "become", "became", "before", "beyond", "together"})
MAX_RUNNING_LENGTH = 120  # longer lines are body text, however often they repeat
MIN_BOILERPLATE_WORDS = 4  # shorter lines ("infusion.") recur in any body text


def line_key(text: str, digits: bool = False) -> str:
    """A line as running heads are compared: lower case, spaces collapsed, digits as '#' (page
    numbers in running heads vary) unless `digits`."""
    text = " ".join(text.lower().split())
    return text if digits else re.sub(r"\d+", "#", text)


def _lines(layout: PageLayout) -> list[Line]:
    return [item for item in layout.items if isinstance(item, Line)]


def layouts_to_running_keys(layouts: list[PageLayout], running_share: float,
                            boilerplate_share: float) -> tuple[frozenset, frozenset]:
    """(running, boilerplate): keys of margin-band lines repeated (digits aside) on at least
    `running_share` of the pages (two at least), and of short lines anywhere repeated exactly on
    `boilerplate_share` (three at least): running heads, journal names, "Downloaded from ..."."""
    in_band, anywhere = Counter(), Counter()
    for layout in layouts:
        lines = _lines(layout)
        in_band.update({line_key(l.text) for l in lines if l.band})  # a licence line too, however long
        anywhere.update({line_key(l.text, digits=True) for l in lines
                         if len(l.text) <= MAX_RUNNING_LENGTH and len(l.text.split()) >= MIN_BOILERPLATE_WORDS})
    n = len(layouts)
    running = frozenset(k for k, c in in_band.items() if c >= 2 and c >= running_share * n)
    boilerplate = frozenset(k for k, c in anywhere.items() if c >= 3 and c >= boilerplate_share * n)
    return running, boilerplate


def drop_running(layout: PageLayout, running: frozenset, boilerplate: frozenset) -> PageLayout:
    """The page without its running heads and feet, page numbers and boilerplate lines."""
    def kept(item) -> bool:
        if not isinstance(item, Line):
            return True
        if item.band and (line_key(item.text) in running or PAGE_NUMBER.match(item.text.strip())):
            return False
        return line_key(item.text, digits=True) not in boilerplate

    return replace(layout, items=tuple(i for i in layout.items if kept(i)))


@dataclass(frozen=True)
class Vocabulary:
    """The words and hyphenated compounds a document uses, read off its lines (lower case),
    leaving out the pieces of words hyphenated at line ends. A compound of several parts counts
    as each pair of neighbours ("first-of-its-kind": "first-of", "of-its", "its-kind")."""

    words: frozenset[str]
    compounds: frozenset[str]

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Vocabulary":
        words, compounds = set(), set()
        broken = False  # the previous line ended in a hyphen: this one starts with a fragment
        for text in texts:
            tokens = TOKEN.findall(text)
            ends_broken = bool(tokens) and tokens[-1].endswith("-") and text.rstrip().endswith(tokens[-1])
            usable = tokens[1 if broken else 0:len(tokens) - (1 if ends_broken else 0)]
            for token in usable:
                token = token.lower().rstrip("-")
                if "-" in token:
                    parts = token.split("-")
                    compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))
                    words.update(parts)
                else:
                    words.add(token)
            broken = ends_broken
        return cls(frozenset(words), frozenset(compounds))

    @classmethod
    def from_layouts(cls, layouts: list[PageLayout]) -> "Vocabulary":
        def texts():
            for layout in layouts:
                for item in layout.items:
                    if isinstance(item, Line):
                        yield item.text
                    else:
                        yield from item.caption
                        for row in item.rows:
                            for cell in row:
                                yield from cell
        return cls.from_texts(texts())


def keeps_hyphen(head: str, tail: str, vocabulary: Vocabulary) -> bool:
    """Whether a word broken at a line end as `head` ("treat-", "CAR-") + `tail` ("ment", "T")
    is a compound that keeps its hyphen, rather than one word hyphenated by the typesetter.

    In this order: kept when either side has a capital (beyond a first letter) or a digit
    ("CAR-T", "anti-CD19", "CD19-positive"), or when the document writes the hyphenated form
    elsewhere; joined when it writes the joined form elsewhere; kept before a common second half
    (COMPOUND_TAILS: "-free", "-related", "-positive"), and when both sides are words of
    the document ("cancer-free", "first-of-its-kind"; not "however" and the like, CLOSED_WORDS),
    after "non", "self" and "re" before a vowel ("re-infusion"), and after a prefix of
    WORD_PREFIXES when the rest is a word of the document ("anti-tumor"). Otherwise joined
    ("treat-" + "ment", "non-respon-" + "ders", "pre-" + "vious").
    """
    stem = head.rstrip("-")
    last = re.split(r"[^A-Za-z0-9]", stem)[-1]
    rest = re.match(r"[A-Za-z0-9]*", tail).group(0)
    if not last or not rest:
        return True
    if any(c.isdigit() for c in last) or any(c.isupper() for c in last[1:]):
        return True
    if rest[0].isdigit() or rest[0].isupper():
        return True
    first, second = last.lower(), rest.lower()
    if f"{first}-{second}" in vocabulary.compounds:
        return True
    if first + second in vocabulary.words:
        return False
    if second in COMPOUND_TAILS and len(first) >= 3:  # not "un-" + "related"
        return True
    if first in vocabulary.words and second in vocabulary.words and first + second not in CLOSED_WORDS:
        return True
    if first in HYPHEN_PREFIXES or first == "re" and second[0] in VOWELS:
        return True
    return first in WORD_PREFIXES and len(second) >= 3 and second in vocabulary.words


def join_two(before: str, after: str, vocabulary: Vocabulary) -> tuple[str, str]:
    """How a line joins the text before it: (text before, separator). A word hyphenated at the
    line end loses its hyphen or keeps it without a space; a dash at the end joins without one."""
    last = before.rsplit(" ", 1)[-1]
    if len(last) > 1 and last.endswith("-") and last[-2].isalnum():
        if keeps_hyphen(last, after.split(" ", 1)[0], vocabulary):
            return before, ""
        return before[:-1], ""
    if len(last) > 1 and last[-1] in "\u2013\u2014" and last[-2].isalnum():
        return before, ""
    return before, " "


def join_lines(texts: Iterable[str], vocabulary: Vocabulary) -> str:
    """Lines of one paragraph or table cell as one line of text."""
    joined = ""
    for text in texts:
        text = text.strip()
        if not text:
            continue
        if not joined:
            joined = text
            continue
        joined, separator = join_two(joined, text, vocabulary)
        joined += separator + text
    return joined


def ends_sentence(text: str) -> bool:
    return bool(ENDS_SENTENCE.search(text.rstrip()))


@dataclass(frozen=True)
class Style:
    """What the paragraph logic compares lines against: the body's font size and the settings."""

    body_size: float
    pitch: float  # the distance between baselines within a paragraph, in font sizes
    paragraph_gap_em: float
    indent_em: float
    size_step: float

    def is_heading(self, line: Line) -> bool:
        """A short line in a larger font than the body, or all in bold, not ending in a period."""
        text = line.text.rstrip()
        if len(text) > 150 or text.endswith((".", ",", ";")):
            return False
        return line.size >= self.body_size + self.size_step or (line.bold and len(text) <= 100)

    def continues(self, prev: Line, line: Line, adjacent: bool) -> bool:
        """Whether `line` goes on with the paragraph that `prev` ends. `adjacent`: the next line
        of the same flow, so their positions can be compared.

        Never across a change of font size or before a list bullet; always (those aside) after a
        line-end hyphen or into a line starting in lower case when no sentence ended; never
        between a heading and a line that differs from it in boldness. Then, where the reading
        order jumps, only when no sentence ended; within a flow, unless the line sits lower than
        the usual pitch plus `paragraph_gap_em`, or is indented after a sentence end.
        """
        if abs(prev.size - line.size) > self.size_step or BULLET.match(line.text):
            return False
        ended = ends_sentence(prev.text)
        if not ended and (prev.text.endswith("-") or line.text[:1].islower()):
            return True
        if prev.bold != line.bold and (self.is_heading(prev) or self.is_heading(line)):
            return False
        if not adjacent:
            return not ended and not self.is_heading(prev)
        step = (line.bottom - prev.bottom) / prev.size
        if step > self.pitch + self.paragraph_gap_em or step <= 0:
            return False
        indent = self.indent_em * line.size
        return not (ended and line.indent >= indent and line.indent > prev.indent + indent / 2)


def layouts_to_pitch(layouts: list[PageLayout], default: float = 1.2) -> float:
    """The line pitch within paragraphs (in font sizes): the 20th percentile of all pitches, as
    paragraph gaps make the larger ones (and on a page of one-line paragraphs, most of them)."""
    pitches = sorted(p for layout in layouts for p in layout.pitches)
    return pitches[len(pitches) // 5] if pitches else default


def layouts_to_body_size(layouts: list[PageLayout]) -> float:
    """The font size most of the text is set in (by characters)."""
    sizes = Counter()
    for layout in layouts:
        for line in _lines(layout):
            sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


class TextAssembler:
    """Writes paragraphs and tables into one text, recording the page each stretch came from."""

    def __init__(self, vocabulary: Vocabulary, style: Style) -> None:
        self.vocabulary = vocabulary
        self.style = style
        self._chunks: list[str] = []
        self._length = 0
        self._runs: list[tuple[int, int]] = []  # (start, page) of each written stretch
        self._tables: list[Table] = []
        self._table_regions: list[Region] = []
        self._open: list[tuple[Line, int]] = []  # the paragraph being gathered: (line, page)
        self._held: list[tuple[object, int]] = []  # asides waiting for it to end

    def _write(self, text: str, page: int, separator: str = "") -> tuple[int, int]:
        if separator and self._length:
            self._chunks.append(separator)
            self._length += len(separator)
        start = self._length
        self._chunks.append(text)
        self._length += len(text)
        if not self._runs or self._runs[-1][1] != page:
            self._runs.append((start, page))
        return start, self._length

    def line(self, line: Line, page: int, adjacent: bool) -> None:
        if self._open and self.style.continues(self._open[-1][0], line, adjacent):
            self._open.append((line, page))
            return
        self._close()
        self._open = [(line, page)]

    def aside(self, item, page: int) -> None:
        """A table or a kept margin line: now, or once the open paragraph (not a heading) ends."""
        last = self._open[-1][0] if self._open else None
        if last and not ends_sentence(last.text) and not self.style.is_heading(last):
            self._held.append((item, page))
            return
        self._close()
        self._write_aside(item, page)

    def _close(self) -> None:
        if self._open:
            self._write_paragraph(self._open)
            self._open = []
        held, self._held = self._held, []
        for item, page in held:
            self._write_aside(item, page)

    def _write_paragraph(self, lines: list[tuple[Line, int]]) -> None:
        text, page = lines[0][0].text.strip(), lines[0][1]
        pieces: list[tuple[str, int]] = []  # stretches of one page
        for line, line_page in lines[1:]:
            text, separator = join_two(text, line.text.strip(), self.vocabulary)
            if line_page != page:
                pieces.append((text + separator, page))
                text, page = line.text.strip(), line_page
            else:
                text += separator + line.text.strip()
        pieces.append((text, page))
        for i, (piece, piece_page) in enumerate(pieces):
            self._write(piece, piece_page, PARAGRAPH if i == 0 else "")

    def _write_aside(self, item, page: int) -> None:
        if isinstance(item, PageTable):
            self._write_table(item, page)
        elif item.text.strip():
            self._write(item.text.strip(), page, PARAGRAPH)

    def _write_table(self, table: PageTable, page: int) -> None:
        number = len(self._tables) + 1
        caption = join_lines(table.caption, self.vocabulary)
        found = caption_number(caption)
        label = f"Table {found}" if found else f"table {number}"
        separator, start = PARAGRAPH, None
        if caption:
            start, _ = self._write(caption, page, separator)
            separator = ROW
        offsets: dict[tuple[int, int], tuple[int, int, str]] = {}
        headers = table.header_rows()
        for r, row in enumerate(table.rows):
            row_page = table.row_pages[r] if table.row_pages else page
            for i, cell_lines in enumerate(row):
                text = join_lines(cell_lines, self.vocabulary)
                cell_start, cell_end = self._write(text, row_page, separator if i == 0 else CELL_SEPARATOR)
                start = cell_start if start is None else start
                offsets[(r, i)] = (cell_start, cell_end, text)
                separator = ROW
        cells = tuple(
            TableCell(row=gr, col=gc, text=offsets[(r, i)][2], start=offsets[(r, i)][0],
                      end=offsets[(r, i)][1], header=r < headers)
            for gr, gc, r, i in table.placements
        )
        end = self._length
        self._tables.append(Table(label=label, caption=CAPTION.sub("", caption).strip().lstrip("|").strip(), cells=cells,
                                  start=start, end=end, page=page))
        self._table_regions.append(Region(start, end, page=page, section=label, kind="table"))

    def finish(self) -> tuple[str, tuple[Region, ...], tuple[Table, ...]]:
        """The text, its regions (each page's stretches, then each table) and its tables."""
        self._close()
        regions = []
        for i, (start, page) in enumerate(self._runs):
            end = self._runs[i + 1][0] if i + 1 < len(self._runs) else self._length
            regions.append(Region(0 if i == 0 else start, end, page=page, kind="body"))
        regions = sorted([*regions, *self._table_regions], key=lambda r: (r.start, -r.end))
        return "".join(self._chunks), tuple(regions), tuple(self._tables)


def layouts_to_text(layouts: list[PageLayout], vocabulary: Vocabulary, style: Style):
    """(text, regions, tables) of the pages, in reading order."""
    assembler = TextAssembler(vocabulary, style)
    last = None  # (page, flow) of the last body line, None after an aside
    for layout in layouts:
        for item in layout.items:
            if isinstance(item, PageTable) or item.margin:
                assembler.aside(item, layout.number)
                last = None
                continue
            adjacent = last == (layout.number, item.flow)
            assembler.line(item, layout.number, adjacent)
            last = (layout.number, item.flow)
    return assembler.finish()
