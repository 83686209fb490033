"""Measures of a PDF reading taken against the page itself, not against the reader under test.

Each is computed from pdfplumber's own words (gaps of 0.12 em and more split words; a subscript
belongs to the line of the word it hangs from) and the text the reader produced:

- `glued_runs`: runs of 25 or more letters in the text (words whose spaces were lost);
- `broken_line_joins`: for each line of prose (four words and ten em or more) and the line that
  goes on below it in the same column (its left edge within one em, its top within two line heights, no other line between),
  whether the text reads the end of the first straight into the start of the second. A page that
  interleaves two columns or a sidebar breaks most of them;
- `running_lines_in_text`: lines in the top or bottom eighth of pages repeated (digits aside) on
  a third of the pages or more (running heads and feet), each occurrence the text still holds;
- `captions_inside_sentences`: caption starts ("Figure 2.", "table 1 |", "TABLE 3") that the text
  places inside a paragraph, not at its start.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass

import pdfplumber

from evidence.readers.common import normalise

GLUED = re.compile(r"[A-Za-z]{25,}")
CAPTION_START = re.compile(r"^(?:fig(?:ure)?\.?|table)\s*\d+\s*[.:|]", re.IGNORECASE)
BAND = 1 / 8
COLUMN_GAP_EM = 1.0  # words this far apart (em) are in different columns or cells
PROSE_EM = 10.0  # lines at least this wide (em) are prose, not table cells
SUBSCRIPT_SIZE = 0.85  # a subscript is set at most this share of the size of the word it follows


@dataclass(frozen=True)
class PageLine:
    words: tuple[str, ...]
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def page_to_lines(page) -> list[PageLine]:
    """The page's lines, each cut where its words are COLUMN_GAP_EM apart or more (columns, cells)."""
    words = [w for w in page.extract_words(x_tolerance_ratio=0.12, extra_attrs=["size"]) if w["upright"]]
    by_bottom = sorted(words, key=lambda w: w["bottom"])
    bottoms = [w["bottom"] for w in by_bottom]
    rows = defaultdict(list)
    for w in words:
        hosts = by_bottom[bisect_right(bottoms, w["top"]):bisect_left(bottoms, w["bottom"])]
        rows[round(subscript_host(w, hosts) or w["bottom"])].append(w)
    lines = []
    for row in rows.values():
        row.sort(key=lambda w: w["x0"])
        piece = [row[0]]
        for before, word in zip(row, row[1:]):
            if word["x0"] - before["x1"] >= COLUMN_GAP_EM * word["size"]:
                lines.append(piece)
                piece = []
            piece.append(word)
        lines.append(piece)
    return [PageLine(tuple(normalise(w["text"]) for w in piece), piece[0]["x0"], piece[-1]["x1"],
                     min(w["top"] for w in piece), max(w["bottom"] for w in piece), piece[0]["size"])
            for piece in lines]


def subscript_host(word, hosts) -> float | None:
    """The baseline of the word a subscript hangs from ("MgSO" + "4", "CH" + "3"): a smaller word
    that starts inside a larger word's height, reaches below its baseline and touches it."""
    for host in hosts:
        if (word["size"] <= SUBSCRIPT_SIZE * host["size"] and host["top"] < word["top"] < host["bottom"] < word["bottom"]
                and abs(word["x0"] - host["x1"]) < 0.3 * host["size"]):
            return host["bottom"]
    return None


def _squash(text: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", text).lower()


def glued_runs(text: str) -> int:
    return len(GLUED.findall(text))


def line_pairs(lines: list[PageLine]) -> list[tuple[PageLine, PageLine]]:
    """Each line and the line going on below it in the same column."""
    pairs = []
    for line in lines:
        if len(line.words) < 4 or line.x1 - line.x0 < PROSE_EM * line.size:
            continue
        below = [o for o in lines if o is not line and abs(o.x0 - line.x0) < line.size
                 and 0 < o.top - line.top < 2.2 * line.size and abs(o.size - line.size) < 0.6]
        if len(below) != 1 or len(below[0].words) < 4:
            continue
        between = [o for o in lines if o.x0 < line.x1 and o.x1 > line.x0 and line.top < o.top < below[0].top]
        if not between:
            pairs.append((line, below[0]))
    return pairs


def broken_line_joins(page, squashed_text: str) -> tuple[int, int]:
    """(broken, pairs): line pairs whose join the text does not read, and all pairs checked."""
    lines = [l for l in page_to_lines(page) if BAND * page.height < l.top < (1 - BAND) * page.height]
    pairs = line_pairs(lines)
    broken = 0
    for upper, lower in pairs:
        join = _squash(" ".join(upper.words[-2:])) + _squash(" ".join(lower.words[:2]))
        if len(join) >= 8 and join not in squashed_text:
            broken += 1
    return broken, len(pairs)


def running_lines(pdf) -> list[str]:
    """Texts of running heads and feet: lines in the page's top or bottom band repeated, digits
    aside, on a third of the pages or more (three at least)."""
    seen = Counter()
    texts = {}
    for page in pdf.pages:
        keys = set()
        for line in page_to_lines(page):
            if line.bottom <= BAND * page.height or line.top >= (1 - BAND) * page.height:
                text = " ".join(line.words)
                key = re.sub(r"\d+", "#", text.lower())
                if len(line.words) >= 2 and len(_squash(key)) >= 8 and key not in keys:
                    keys.add(key)
                    texts.setdefault(key, []).append(text)
        seen.update(keys)
    n = len(pdf.pages)
    return [t for key, count in seen.items() if count >= max(3, n / 3) for t in texts[key]]


def occurrences(text: str, phrase: str) -> list[int]:
    """Start offsets in `text` of `phrase`, spaces and line breaks between its words free."""
    pattern = r"\s*".join(re.escape(w) for w in phrase.split())
    return [m.start() for m in re.finditer(pattern, text)]


def captions(pdf) -> list[str]:
    """The first words of every caption line ("Table 1 | Characteristics of ...")."""
    found = []
    for page in pdf.pages:
        for line in page_to_lines(page):
            text = " ".join(line.words)
            if CAPTION_START.match(text) and len(line.words) >= 4:
                found.append(" ".join(line.words[:4]))
    return found


def inside_sentence(text: str, start: int) -> bool:
    """Whether `start` lies inside a paragraph (or table row): text precedes it on its line."""
    return bool(text[text.rfind("\n", 0, start) + 1:start].strip())


@dataclass(frozen=True)
class Measures:
    glued_runs: int
    pages_interleaved: tuple[int, ...]  # pages where more than a quarter of line joins break
    broken_joins: int
    joins: int
    running_in_text: int
    running_in_sentences: int
    captions_in_sentences: int


def measure(path, text: str, interleave_share: float = 0.25) -> Measures:
    squashed = _squash(text)
    pages, broken_total, joins_total = [], 0, 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            broken, joins = broken_line_joins(page, squashed)
            broken_total += broken
            joins_total += joins
            if joins >= 8 and broken > interleave_share * joins:
                pages.append(page.page_number)
        heads = running_lines(pdf)
        caption_starts = captions(pdf)
    in_text = [s for h in set(heads) for s in occurrences(text, h)]
    caption_hits = [s for c in set(caption_starts) for s in occurrences(text, c)]
    return Measures(
        glued_runs=glued_runs(text), pages_interleaved=tuple(pages), broken_joins=broken_total,
        joins=joins_total, running_in_text=len(in_text),
        running_in_sentences=sum(inside_sentence(text, s) for s in in_text),
        captions_in_sentences=sum(inside_sentence(text, s) for s in caption_hits),
    )
