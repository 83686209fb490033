"""Page geometry: words into lines, margins apart, columns found, everything in reading order.

One page at a time, from the words pdfplumber extracts once per page:

    words_to_lines -> lines_to_margins -> lines_to_gutters -> lines_to_flows -> items_to_pitches

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
# a raised 2 after a one-letter symbol is a square, not a reference mark: I², χ², R²
SQUARES = {"2": "\u00b2"}
SYMBOL_BEFORE_SQUARE = re.compile(r"(?:^|[^A-Za-z\u0370-\u03ff])[A-Za-z\u03c7]$")
# a running head is cut where its words are this far apart (em): "Blood 2021     Smith et al"
HEAD_GAP_EM = 2.0
# where in the text block a column gutter may lie (shares of the block's width): between two
# columns, or beside a sidebar or a margin column of notes
GUTTER_SEARCH = (0.1, 0.9)
# a column of text is this wide (em) in most of its lines; a table's columns are narrower
COLUMN_EM = 8.0
# each side of a gutter holds at least this share of the lines (a few short lines do not make a column)
SIDE_SHARE = 0.15
# a line reaches across a gutter when its words there are no further apart than this (em)
SPAN_GAP_EM = 0.8
# words further apart than this (em) are in different cells of a table row
CELL_GAP_EM = 1.5


def changed(record, **values):
    """`replace(record, **values)`, or the record itself when it holds those values already (records
    are frozen, so sharing one is safe; `replace` is the costly part of laying out a page)."""
    for key, value in values.items():
        old = getattr(record, key)
        if (old != value or type(old) is not type(value)
                or (isinstance(old, float) and math.copysign(1.0, old) != math.copysign(1.0, value))):
            return replace(record, **values)
    return record


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
    a power of ten keeps a caret ("10" + "6" -> "10^6"), a statistic its square ("I" + "2" -> "I²")."""
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
        elif raised and word.text in SQUARES and SYMBOL_BEFORE_SQUARE.search(before.text):
            parts.append(SQUARES[word.text])  # a statistic's square: I², χ², R²
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
    A word that overlaps a word of the line horizontally (by more than a point; neighbours touch)
    starts a new line: two columns set at
    different line pitches (a sidebar beside the text) do not zip into one line.
    """
    rows: list[list] = []
    band_top = band_bottom = right = None
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if rows:
            overlap = min(band_bottom, word.bottom) - word.top
            if overlap >= 0.5 * min(word.bottom - word.top, band_bottom - band_top) and (
                    word.x0 >= right - 1.0  # right of every word so far: the usual case
                    or not any(min(w.x1, word.x1) - max(w.x0, word.x0) > 1.0 for w in rows[-1])):
                rows[-1].append(word)
                right = max(right, word.x1)
                if word.bottom - word.top > band_bottom - band_top:
                    band_top, band_bottom = word.top, word.bottom
                continue
        rows.append([word])
        band_top, band_bottom, right = word.top, word.bottom, word.x1
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
    return [changed(words_to_line(p, tight_em), margin=line.margin, band=line.band) for p in pieces]


def lines_to_margins(lines: list[Line], height: float, share: float, gap_em: float, tight_em: float):
    """(head, body, foot): lines in the top and bottom bands of the page, set apart from the body
    by a clear gap, are head and foot (cut into pieces at wide gaps: "Blood 2021   Smith et al").

    Every line in a band is flagged `band`; running-head removal looks at those only.
    """
    top_band, bottom_band = share * height, (1 - share) * height
    lines = [changed(l, band=l.bottom <= top_band or l.top >= bottom_band) for l in lines]
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


def _chunk_width(words: list[Word], size: float) -> float:
    """The width of the words next to a gutter up to the first wide gap (a table cell's edge)."""
    chunk = [words[0]]
    for word in words[1:]:
        gap = chunk[-1].x0 - word.x1 if word.x1 <= chunk[-1].x0 else word.x0 - chunk[-1].x1
        if gap > CELL_GAP_EM * size:
            break
        chunk.append(word)
    return max(w.x1 for w in chunk) - min(w.x0 for w in chunk)


def _gutter_at(lines: list[Line], x: float, min_gutter: float, min_lines: int) -> Gutter | None:
    """The gutter through `x`: the band lines leave empty there, judged on the 90th percentile of
    the ends of the words just left of `x` and the 10th of the starts of those just right of it
    (so one stray line cannot hide it), when it is `min_gutter` wide, each side has `min_lines`
    (and SIDE_SHARE of the lines) and the text on each side is a column, not a table's cells."""
    ends, starts, widths_before, widths_after = [], [], [], []
    for line in lines:
        if any(w.x0 < x < w.x1 for w in line.words):
            continue
        before = [w for w in line.words if w.x1 <= x]
        after = [w for w in line.words if w.x0 >= x]
        if before:
            ends.append(before[-1].x1)
        if after:
            starts.append(after[0].x0)
        if before and after:  # a line with words on both sides: what stands next to the gutter
            widths_before.append(_chunk_width(before[::-1], line.size))
            widths_after.append(_chunk_width(after, line.size))
    enough = max(min_lines, SIDE_SHARE * len(lines))
    if len(ends) < enough or len(starts) < enough:
        return None
    size = _quantile([l.size for l in lines], 0.5)
    if widths_before and max(_quantile(widths_before, 0.75), _quantile(widths_after, 0.75)) < COLUMN_EM * size:
        return None  # the aligned columns of a table, not columns of text (text may stand beside a table)
    gutter = Gutter(_quantile(ends, 0.9), _quantile(starts, 0.1))
    return gutter if gutter.right - gutter.left >= min_gutter else None


def lines_to_gutters(lines: list[Line], min_gutter: float, min_lines: int) -> tuple[Gutter, ...]:
    """The gutters between the columns of a page, left to right; none for a page of one column.

    Candidates are the runs of x positions, inside the text block, that the fewest lines reach
    across (full-width lines, such as a title or abstract, still may): the gutter between two
    columns, and that beside a sidebar or a margin column of notes. Each is a gutter when lines on
    both sides leave a band at least `min_gutter` wide empty (`_gutter_at`).
    """
    if len(lines) < min_lines:
        return ()
    left = min(l.x0 for l in lines)
    right = max(l.x1 for l in lines)
    span = right - left
    if span < 4 * min_gutter:
        return ()
    diff = [0] * (int(span) + 3)
    for line in lines:
        for word in line.words:
            diff[int(word.x0 - left)] += 1
            diff[int(math.ceil(word.x1 - left))] -= 1
    cover = list(accumulate(diff))
    lo, hi = int(GUTTER_SEARCH[0] * span), int(GUTTER_SEARCH[1] * span)
    least = min(cover[lo:hi + 1])
    limit = least + max(1, 0.15 * len(lines))
    runs, start = [], None
    for i in range(lo, hi + 2):
        inside = i <= hi and cover[i] <= limit
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            runs.append((start, i))
            start = None
    gutters: list[Gutter] = []
    for run_start, run_end in sorted(runs, key=lambda r: r[0] - r[1]):  # widest first
        x = left + (run_start + run_end) / 2
        if any(g.left - min_gutter <= x <= g.right + min_gutter for g in gutters):
            continue
        gutter = _gutter_at(lines, x, min_gutter, min_lines)
        if gutter is not None and not any(g.left < gutter.right and gutter.left < g.right for g in gutters):
            gutters.append(gutter)
    return tuple(sorted(gutters, key=lambda g: g.left))


def lines_to_gutter(lines: list[Line], min_gutter: float, min_lines: int) -> Gutter | None:
    """The widest gutter of the page, or None for a page of one column."""
    gutters = lines_to_gutters(lines, min_gutter, min_lines)
    return max(gutters, key=lambda g: g.right - g.left, default=None)


def _column_of(x0: float, x1: float, gutters: tuple[Gutter, ...]) -> tuple[int, int]:
    """(first, last) column a box reaches: it reaches across a gutter when it enters its core."""
    first = sum(1 for g in gutters if (x0 + min(x1, x0 + 1)) / 2 >= g.core[1])
    last = first
    for i, g in enumerate(gutters[first:], start=first):
        if x1 > g.core[0] and x0 < g.core[1] or x1 > g.core[1]:
            last = i + 1
        else:
            break
    return first, last


def _order(pieces: list, first: int, last: int) -> list[list]:
    """Pieces (top, first column, last column, item) of the columns first..last in reading order,
    as runs to be read as one flow each (XY cut): items across all these columns cut them into
    bands; within a band, columns that no item joins are read one after the other, left to right."""
    if not pieces:
        return []
    pieces = sorted(pieces, key=lambda p: p[0])
    if first == last:
        return [[p[3] for p in pieces]]
    runs: list[list] = []
    band: list = []
    full_run: list = []

    def close_band():
        if band:
            runs.extend(_order_band(list(band), first, last))
            band.clear()

    for piece in pieces:
        if piece[1] <= first and piece[2] >= last:
            close_band()
            full_run.append(piece[3])
        else:
            if full_run:
                runs.append(list(full_run))
                full_run.clear()
            band.append(piece)
    close_band()
    if full_run:
        runs.append(full_run)
    return runs


def _order_band(pieces: list, first: int, last: int) -> list[list]:
    """A band without items across all its columns: groups of columns joined by items reaching
    across them, read left to right."""
    groups = _column_groups(pieces, first, last)
    if len(groups) == 1:  # items chain across every column without one spanning all
        pieces = sorted(pieces, key=lambda p: p[0])
        reach = pieces[0][0]
        for k in range(1, len(pieces)):
            reach = max(reach, pieces[k - 1][3].bottom)
            if reach <= pieces[k][0] + 1 and len(_column_groups(pieces[k:], first, last)) > 1:
                # cut above the part where columns stand apart (a title across two columns
                # above, a box across two columns below beside a third): each part by itself
                return _order_band(pieces[:k], first, last) + _order_band(pieces[k:], first, last)
        return _order_cut_by_wide(pieces)
    runs = []
    for lo, hi in groups:
        runs.extend(_order([p for p in pieces if lo <= p[1] and p[2] <= hi], lo, hi))
    return runs


def _column_groups(pieces: list, first: int, last: int) -> list[list[int]]:
    """Columns first..last grouped where items reach across them, left to right."""
    groups = [[column, column] for column in range(first, last + 1)]
    for _, lo, hi, _ in pieces:
        joined = [g for g in groups if g[0] <= hi and lo <= g[1]]
        if len(joined) > 1:
            merged = [min(g[0] for g in joined), max(g[1] for g in joined)]
            groups = [g for g in groups if g not in joined] + [merged]
    return sorted(groups)


def _order_cut_by_wide(pieces: list) -> list[list]:
    """Every item across two columns or more cuts the band; between cuts, column by column."""
    runs: list[list] = []
    band: list = []

    def close_band():
        for column in sorted({p[1] for p in band}):
            runs.append([p[3] for p in band if p[1] == column])
        band.clear()

    for piece in sorted(pieces, key=lambda p: p[0]):
        if piece[2] > piece[1]:
            close_band()
            runs.append([piece[3]])
        else:
            band.append(piece)
    close_band()
    return runs


def lines_to_flows(lines: list[Line], gutters, tables: list, tight_em: float) -> list:
    """Lines and tables in reading order, each with its flow number.

    One column: top to bottom, one flow. Several columns (`gutters` between them): a line's words
    on each side of a gutter are read as separate lines, unless a mere word space separates them
    there (a title across both columns);
    items across all columns cut the page into bands, and each band is read column by column,
    left to right, a sidebar beside the text by itself (`_order`). Each run of one column is a flow.
    """
    if isinstance(gutters, Gutter):
        gutters = (gutters,)
    gutters = tuple(gutters or ())
    if not gutters:
        items = sorted([*lines, *tables], key=lambda i: i.top)
        return _with_indents([changed(i, flow=0) for i in items])
    middles = [(g.left + g.right) / 2 for g in gutters]
    pieces = []  # (top, first column, last column, item)
    for line in lines:
        groups: list[list[Word]] = []
        spans: list[tuple[int, int]] = []
        for word in line.words:
            column = sum(1 for m in middles if (word.x0 + word.x1) / 2 > m)
            if groups and (column == spans[-1][1]
                           or word.x0 - groups[-1][-1].x1 < SPAN_GAP_EM * word.size):
                groups[-1].append(word)  # same column, or a word space across the gutter: a wide line
                spans[-1] = (spans[-1][0], max(spans[-1][1], column))
            else:
                groups.append([word])
                spans.append((column, column))
        for words, (lo, hi) in zip(groups, spans):
            part = line if len(words) == len(line.words) else words_to_line(words, tight_em)
            pieces.append((part.top, lo, hi, changed(part, margin=line.margin, band=line.band)))
    for table in tables:
        lo, hi = _column_of(table.x0, table.x1, gutters)
        pieces.append((table.top, lo, hi, table))
    ordered = []
    for flow, run in enumerate(_order(pieces, 0, len(gutters)), start=1):
        ordered.extend(replace(item, flow=flow) for item in run)
    return _with_indents(ordered)


def lines_to_blocks(lines: list[Line], gap_em: float) -> list[list[Line]]:
    """Lines cut into blocks, top to bottom, where a band of the page at least `gap_em` high
    holds no line at all: the part of a first page where a sidebar stands beside the abstract,
    and the two columns below it, are laid out apart and get their own gutters."""
    blocks: list[list[Line]] = []
    reach = None
    for line in sorted(lines, key=lambda l: l.top):
        if blocks and line.top - reach < gap_em * line.size:
            blocks[-1].append(line)
            reach = max(reach, line.bottom)
        else:
            blocks.append([line])
            reach = line.bottom
    return blocks


def blocks_to_flows(blocks: list[list[Line]], tables: list, min_gutter: float, min_lines: int,
                    tight_em: float) -> list:
    """Each block's lines (and the tables that start within it) in reading order by its own
    gutters; tables between blocks stand where they are; flows numbered across the page."""
    spans = [(min(l.top for l in b), max(l.bottom for l in b)) for b in blocks]
    inside: list[list] = [[] for _ in blocks]
    between = []
    for table in tables:
        home = next((i for i, (top, bottom) in enumerate(spans) if top <= table.top <= bottom), None)
        (inside[home] if home is not None else between).append(table)
    parts = [(top, i) for i, (top, _) in enumerate(spans)] + [(t.top, t) for t in between]
    items, offset, single = [], 0, False
    for _, part in sorted(parts, key=lambda p: p[0]):
        if isinstance(part, int):
            block = blocks[part]
            gutters = lines_to_gutters(block, min_gutter, min_lines)
            found = lines_to_flows(block, gutters, inside[part], tight_em)
            if not gutters and single:  # one column going on below a wide space: the same flow
                offset -= 1
            single = not gutters
        else:
            found, single = [part], False
        items.extend(changed(item, flow=item.flow + offset) for item in found)
        offset = max((i.flow for i in items), default=offset) + 1
    return _with_indents(items)


def _with_indents(items: list) -> list:
    """Lines with `indent` set: how far each starts right of the leftmost line of its flow."""
    lefts: dict[int, float] = {}
    for item in items:
        if isinstance(item, Line):
            lefts[item.flow] = min(lefts.get(item.flow, item.x0), item.x0)
    return [changed(i, indent=i.x0 - lefts[i.flow]) if isinstance(i, Line) else i for i in items]


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
