"""Page geometry: words into lines, margins apart, columns found, everything in reading order.

One page at a time, from the words pdfplumber extracts once per page:

    words_to_lines -> lines_to_margins -> lines_to_gutter -> lines_to_flows -> items_to_pitches

Everything here is pure: records in, records out, so it is tested without PDFs. A *flow* is a
stretch of lines read top to bottom in one column (or across the page); the paragraph logic
compares line positions only within a flow.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import accumulate

BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# a raised word at most this share of its line's font size is a superscript
SUPERSCRIPT_SIZE = 0.85
# superscript reference marks: "1", "1,2", "4-6", "†"
REFERENCE_MARK = re.compile(r"^[\d,\u2013\u2014\-\u2020\u2021*\u00a7]+$")
# a running head is cut where its words are this far apart (em): "Blood 2021     Smith et al"
HEAD_GAP_EM = 2.0
# the middle of the text block where a column gutter may lie (shares of the block's width)
GUTTER_SEARCH = (0.3, 0.7)


@dataclass(frozen=True, slots=True)
class Word:
    """A word as pdfplumber extracts it, normalised, with its box and font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text: its words left to right, its box, and where it belongs on the page."""

    words: tuple[Word, ...]
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size most of its characters have
    bold: bool  # every word bold
    flow: int = 0  # lines of one column stretch share a flow
    indent: float = 0.0  # x0 beyond the left edge of its flow
    margin: bool = False  # a running head or foot candidate, set apart from the body
    band: bool = False  # lies in the top or bottom margin band


@dataclass(frozen=True, slots=True)
class Gutter:
    """The empty vertical band between the two columns of a page."""

    left: float
    right: float

    @property
    def core(self) -> tuple[float, float]:
        """The middle half of the gutter: a word reaching into it spans both columns."""
        quarter = (self.right - self.left) / 4
        return self.left + quarter, self.right - quarter


@dataclass(frozen=True, slots=True)
class PageLayout:
    """One page reduced to text in reading order: lines and tables, head lines first, feet last."""

    number: int  # 1-based
    height: float
    items: tuple  # Line | PageTable, in reading order
    pitches: tuple[float, ...]  # distances between baselines of consecutive lines, in font sizes
    words: int  # how many words the page has (0: no text layer)


def words_to_line(words, tight_em: float) -> Line:
    """A line from its words: text joined by spaces, except where a font change split a word
    ("CD19" + "+"). Raised small words are superscripts: reference marks ("cells" + "1,2",
    "65.5%" + "4-6") are left out, so they do not run into the words and figures they follow;
    a power of ten keeps a caret ("10" + "6" -> "10^6")."""
    words = sorted(words, key=lambda w: w.x0)
    main = max(words, key=lambda w: len(w.text))
    size = main.size
    body = [w for w in words if w.size >= size - 0.5] or words
    baseline = max(w.bottom for w in body)
    parts = [words[0].text]
    for before, word in zip(words, words[1:]):
        tight = word.x0 - before.x1 < tight_em * min(before.size, word.size)
        raised = word.size <= SUPERSCRIPT_SIZE * size and word.bottom < baseline - 0.2 * size
        if raised and tight and before.text.endswith("10") and re.fullmatch(r"-?\d{1,2}", word.text):
            parts.append("^" + word.text)
        elif raised and REFERENCE_MARK.match(word.text):
            continue
        else:
            parts.append(word.text if tight else " " + word.text)
    return Line(
        words=tuple(words), text="".join(parts),
        x0=words[0].x0, x1=max(w.x1 for w in words),
        top=min(w.top for w in body), bottom=baseline,
        size=size, bold=all(w.bold for w in words),
    )


def words_to_lines(words, tight_em: float) -> list[Line]:
    """Words grouped into lines by vertical overlap (at least half the smaller height), top down.

    The band of a line is that of its tallest word so far (not the union of all), so lines
    never chain into each other; a superscript overlapping its line by half its height stays in it.
    """
    rows: list[list] = []
    band_top = band_bottom = None
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            overlap = min(band_bottom, word.bottom) - word.top
            if overlap >= 0.5 * min(word.bottom - word.top, band_bottom - band_top):
                rows[-1].append(word)
                if word.bottom - word.top > band_bottom - band_top:
                    band_top, band_bottom = word.top, word.bottom
                continue
        rows.append([word])
        band_top, band_bottom = word.top, word.bottom
    return [words_to_line(row, tight_em) for row in rows]


def split_line(line: Line, gap_em: float, tight_em: float) -> list[Line]:
    """A line cut where its words are at least `gap_em` apart: the cells of a table row, the two
    halves of a running head."""
    pieces: list[list[Word]] = [[line.words[0]]]
    for before, word in zip(line.words, line.words[1:]):
        if word.x0 - before.x1 >= gap_em * max(before.size, word.size):
            pieces.append([])
        pieces[-1].append(word)
    if len(pieces) == 1:
        return [line]
    return [replace(words_to_line(p, tight_em), margin=line.margin, band=line.band) for p in pieces]


def lines_to_margins(lines: list[Line], height: float, share: float, gap_em: float, tight_em: float):
    """(head, body, foot): lines in the top and bottom bands of the page, set apart from the body
    by a clear gap, are head and foot (cut into pieces at wide gaps: "Blood 2021   Smith et al").

    Every line in a band is flagged `band`; running-head removal looks at those only.
    """
    top_band, bottom_band = share * height, (1 - share) * height
    lines = [replace(l, band=l.bottom <= top_band or l.top >= bottom_band) for l in lines]
    n = len(lines)

    def clear(i: int) -> bool:  # a clear gap between lines[i - 1] and lines[i]
        if i <= 0 or i >= n:
            return True
        upper, lower = lines[i - 1], lines[i]
        return lower.top - upper.bottom >= gap_em * max(upper.size, lower.size)

    in_head = 0
    while in_head < n and lines[in_head].bottom <= top_band:
        in_head += 1
    head_end = next((k for k in range(in_head, 0, -1) if clear(k)), 0)
    in_foot = n
    while in_foot > head_end and lines[in_foot - 1].top >= bottom_band:
        in_foot -= 1
    foot_start = next((j for j in range(in_foot, n) if clear(j)), n)
    head = [p for l in lines[:head_end] for p in split_line(replace(l, margin=True), HEAD_GAP_EM, tight_em)]
    foot = [p for l in lines[foot_start:] for p in split_line(replace(l, margin=True), HEAD_GAP_EM, tight_em)]
    return head, lines[head_end:foot_start], foot


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def lines_to_gutter(lines: list[Line], min_gutter: float, min_lines: int) -> Gutter | None:
    """The gutter of a two-column page, or None for a page read as one column.

    The candidate is the widest run of x positions, in the middle of the text block, that the
    fewest lines reach across (full-width lines, such as a title or abstract, still may). It is a
    gutter when lines on both sides of it leave a band at least `min_gutter` wide empty (judged
    on the 90th percentile of the left lines' right ends and the 10th of the right lines' left
    starts, so one stray line cannot hide it) and each side has `min_lines` lines.
    """
    if len(lines) < min_lines:
        return None
    left = min(l.x0 for l in lines)
    right = max(l.x1 for l in lines)
    span = right - left
    if span < 4 * min_gutter:
        return None
    diff = [0] * (int(span) + 3)
    for line in lines:
        for word in line.words:
            diff[int(word.x0 - left)] += 1
            diff[int(math.ceil(word.x1 - left))] -= 1
    cover = list(accumulate(diff))
    lo, hi = int(GUTTER_SEARCH[0] * span), int(GUTTER_SEARCH[1] * span)
    least = min(cover[lo:hi + 1])
    limit = least + max(1, 0.15 * len(lines))
    best, start = (0, lo), None
    for i in range(lo, hi + 2):
        inside = i <= hi and cover[i] <= limit
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            best = max(best, (i - start, start))
            start = None
    width, start = best
    if not width:
        return None
    x = left + start + width / 2
    ends, starts = [], []
    for line in lines:
        if any(w.x0 < x < w.x1 for w in line.words):
            continue
        before = [w.x1 for w in line.words if w.x1 <= x]
        after = [w.x0 for w in line.words if w.x0 >= x]
        if before:
            ends.append(max(before))
        if after:
            starts.append(min(after))
    if len(ends) < min_lines or len(starts) < min_lines:
        return None
    gutter = Gutter(_quantile(ends, 0.9), _quantile(starts, 0.1))
    return gutter if gutter.right - gutter.left >= min_gutter else None


def _spans(item, gutter: Gutter) -> bool:
    core_left, core_right = gutter.core
    words = getattr(item, "words", None)
    if words is None:  # a table
        return item.x0 < core_right and item.x1 > core_left
    return any(w.x0 < core_right and w.x1 > core_left for w in words)


def lines_to_flows(lines: list[Line], gutter: Gutter | None, tables: list, tight_em: float) -> list:
    """Lines and tables in reading order, each with its flow number.

    One column: top to bottom, one flow. Two columns: full-width items (lines or tables that reach
    into the gutter) cut the page into bands; each band is read left column then right column.
    """
    if gutter is None:
        items = sorted([*lines, *tables], key=lambda i: i.top)
        return _with_indents([replace(i, flow=0) for i in items])
    middle = (gutter.left + gutter.right) / 2
    pieces = []  # (top, side, item): side 0 full width, 1 left, 2 right
    for line in lines:
        if _spans(line, gutter):
            pieces.append((line.top, 0, line))
            continue
        left = [w for w in line.words if (w.x0 + w.x1) / 2 < middle]
        right = [w for w in line.words if (w.x0 + w.x1) / 2 >= middle]
        for side, words in ((1, left), (2, right)):
            if words:
                part = line if len(words) == len(line.words) else words_to_line(words, tight_em)
                pieces.append((part.top, side, replace(part, margin=line.margin, band=line.band)))
    for table in tables:
        side = 0 if _spans(table, gutter) else 1 if (table.x0 + table.x1) / 2 < middle else 2
        pieces.append((table.top, side, table))
    pieces.sort(key=lambda p: p[0])
    ordered, flow, band = [], 0, []

    def close_band():
        nonlocal flow
        for side in (1, 2):
            column = [item for _, s, item in band if s == side]
            if column:
                flow += 1
                ordered.extend(replace(item, flow=flow) for item in column)
        band.clear()

    previous_full = False
    for piece in pieces:
        if piece[1] == 0:
            close_band()
            if not previous_full:
                flow += 1
            ordered.append(replace(piece[2], flow=flow))
            previous_full = True
        else:
            band.append(piece)
            previous_full = False
    close_band()
    return _with_indents(ordered)


def _with_indents(items: list) -> list:
    """Lines with `indent` set: how far each starts right of the leftmost line of its flow."""
    lefts: dict[int, float] = {}
    for item in items:
        if isinstance(item, Line):
            lefts[item.flow] = min(lefts.get(item.flow, item.x0), item.x0)
    return [replace(i, indent=i.x0 - lefts[i.flow]) if isinstance(i, Line) else i for i in items]


def items_to_pitches(items: list) -> tuple[float, ...]:
    """Distances between the baselines of consecutive lines of one flow and size, in font sizes
    (the paragraph logic takes a low quantile of them: the line pitch within paragraphs)."""
    pitches = []
    for a, b in zip(items, items[1:]):
        if isinstance(a, Line) and isinstance(b, Line) and a.flow == b.flow and abs(a.size - b.size) < 0.5:
            pitch = (b.bottom - a.bottom) / a.size
            if 0.8 < pitch < 3:
                pitches.append(round(pitch, 3))
    return tuple(pitches)
