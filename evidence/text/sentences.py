"""Sentence boundaries for clinical text, as the `evidence_sentences` component.

A sentence ends at ".", "!", "?" or "…" (closing brackets and quotes stay with it) when the
next word starts with a capital letter, a digit or an opening quote/bracket, except after an
abbreviation ("vs.", "et al.", "e.g.", "approx.", "Dr.", an initial "J."), after "Fig."/"No."
before a number, or inside a matched pair of brackets. A blank line always ends a sentence;
a single line break ends one before a bullet ("•", "-", "*", "1.") and after a heading (a line
with no final punctuation that is not left hanging on "of", "and", "," ...) when the next line
starts with a capital; a line that starts with a bracketed number continues one without final
punctuation ("antigen-dim in 7\n(33.3%)"). Decimals ("65.5%", "P = .0043") are single tokens,
so they never split.

Only the few tokens next to a candidate boundary (a final punctuation mark or a line break,
found by regex on the text) are inspected, so the component is fast on long texts.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

FINAL_PUNCTUATION = re.compile(r"[.!?…]")
LINE_BREAK = re.compile(r"\n")
BRACKETS = re.compile(r"[()\[\]{}]|\n[ \t\r]*\n")
PAIRS = {")": "(", "]": "[", "}": "{"}

CLOSERS = frozenset({")", "]", "}", '"', "'", "”", "’", "»"})
OPENERS = frozenset({"(", "[", "{", '"', "'", "“", "‘", "«"})
BULLETS = frozenset({"•", "◦", "▪", "▫", "‣", "●", "○", "■", "□", "►", "▶", "➢", "✓", "✔", "-", "*", "·", "∙"})
LIST_MARKER = re.compile(r"(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)](?=\s)")

# a period after these does not end a sentence: "vs.", "et al.", "e.g.", "approx.", "Dr."
ABBREVIATIONS = frozenset({
    "vs", "al", "approx", "e.g", "i.e", "eg", "ie", "cf", "viz", "dr", "drs", "mr", "mrs", "ms",
    "prof", "st", "jr", "sr", "u.s", "u.k", "resp", "incl", "ca", "ed", "eds", "approx.", "est",
    "min", "max", "av", "avg", "dept", "univ", "inst", "assoc", "corp", "mt",
})
# ... nor after these when a number follows: "Fig. 2", "No. 5", "pp. 574"
NUMBER_ABBREVIATIONS = frozenset({
    "fig", "figs", "no", "nos", "vol", "ref", "refs", "p", "pp", "eq", "tab", "ch", "sec", "suppl",
})
# abbreviations the tokenizer keeps with their period that may still end a sentence: "etc."
FINAL_ABBREVIATIONS = frozenset({"etc", "inc", "ltd", "co", "al"})
# a line ending on these is continued by the next line (hard-wrapped text), not a heading
CONTINUATIONS = frozenset({
    "a", "an", "the", "of", "and", "or", "but", "nor", "to", "in", "on", "for", "with", "without",
    "by", "from", "at", "as", "that", "which", "who", "whom", "whose", "than", "versus", "vs",
    "into", "onto", "between", "among", "after", "before", "during", "were", "was", "is", "are",
    "be", "been", "had", "has", "have", "not", "their", "its", "his", "her", ",", "-", "(", "[",
    "/", "&", "+", "=", "<", ">",
})


def enclosed_ranges(text: str) -> tuple[list[int], list[int]]:
    """Outermost matched bracket pairs as (starts, ends) char lists; pairs never cross a blank line."""
    starts: list[int] = []
    ends: list[int] = []
    stack: list[tuple[str, int]] = []
    for match in BRACKETS.finditer(text):
        char = match.group()
        if char in "([{":
            stack.append((char, match.start()))
        elif char in PAIRS:
            if stack and stack[-1][0] == PAIRS[char]:
                _, start = stack.pop()
                if not stack:
                    starts.append(start)
                    ends.append(match.start())
            else:
                stack.clear()
        else:  # blank line: no pair crosses a paragraph
            stack.clear()
    return starts, ends


def is_enclosed(offset: int, pairs: tuple[list[int], list[int]]) -> bool:
    starts, ends = pairs
    i = bisect_right(starts, offset - 1) - 1
    return i >= 0 and starts[i] < offset < ends[i]


def looks_like_start(doc: Doc, i: int) -> bool:
    """Token i could open a sentence: a capital, a digit, or an opener/bullet followed by one."""
    while i < len(doc):
        text = doc[i].text
        first = text[0]
        if first.isupper() or first.isdigit():
            return True
        if text in OPENERS or text in BULLETS or first in OPENERS:
            if len(text) > 1 and first in OPENERS:
                return text[1].isupper() or text[1].isdigit()
            i += 1
            continue
        return False
    return False


def is_initial(doc: Doc, i: int) -> bool:
    """Token i is a single capital letter standing alone (an initial), not "CART-B"."""
    token = doc[i]
    if len(token.text) != 1 or not token.text.isupper():
        return False
    return i == 0 or doc[i - 1].whitespace_ != "" or doc[i - 1].is_space


def starts_line(doc: Doc, i: int) -> bool:
    """Token i is the first word on its line."""
    while i > 0:
        i -= 1
        if doc[i].is_space:
            return "\n" in doc[i].text
        if doc[i].text not in BULLETS:
            return False
    return True


def period_ends_sentence(doc: Doc, p: int, n: int) -> bool:
    """Does final punctuation token p end a sentence, given the next word is token n?"""
    text = doc[p].text
    if text == ".":
        if p > 0 and doc[p - 1].whitespace_ == "" and not doc[p - 1].is_space:
            word = doc[p - 1].lower_
            if word in ABBREVIATIONS or is_initial(doc, p - 1):
                return False
            if starts_line(doc, p - 1) and is_list_item(doc, p - 1):  # "1. CR rate"
                return False
            if word in NUMBER_ABBREVIATIONS and doc[n].text[0].isdigit():
                return False
    elif text.endswith(".") and len(text) > 1 and text != "...":
        stem = text[:-1].lower()
        after_hyphen = len(stem) == 1 and p > 0 and doc[p - 1].text == "-" and doc[p - 1].whitespace_ == ""
        if stem not in FINAL_ABBREVIATIONS and not after_hyphen:
            return False
    return looks_like_start(doc, n)


def is_list_item(doc: Doc, n: int) -> bool:
    """Token n opens a list item: a bullet ("•", "-", "*") or an enumerator ("1.", "b)", "iv.")."""
    if doc[n].text in BULLETS:
        return True
    line = "".join(t.text_with_ws for t in doc[n:n + 3])
    return bool(LIST_MARKER.match(line))


def opens_bracketed_number(doc: Doc, n: int) -> bool:
    """Token n opens a bracket around a number: "(33.3%)", "[12]"."""
    return doc[n].text in ("(", "[") and n + 1 < len(doc) and doc[n + 1].like_num


def line_break_starts_sentence(doc: Doc, p: int, n: int) -> bool:
    """One line break between tokens p and n: after final punctuation as usual, else a heading
    (unless the line goes on with a bracketed figure: "in 7\n(33.3%)")."""
    last = doc[p].text
    if FINAL_PUNCTUATION.fullmatch(last[-1]):
        return period_ends_sentence(doc, p, n)
    if doc[p].lower_ in CONTINUATIONS or opens_bracketed_number(doc, n):
        return False
    return looks_like_start(doc, n)


def starts_sentence(doc: Doc, p: int, n: int, newlines: int, pairs) -> bool:
    """Does a sentence start at token n, after token p and `newlines` line breaks?"""
    if newlines >= 2:
        return True
    if newlines == 1 and is_list_item(doc, n):
        return True
    if is_enclosed(doc[n].idx, pairs):
        return False
    if newlines == 1:
        return line_break_starts_sentence(doc, p, n)
    return FINAL_PUNCTUATION.fullmatch(doc[p].text[-1]) is not None and period_ends_sentence(doc, p, n)


def next_word(doc: Doc, i: int) -> tuple[int | None, int]:
    """The first token after i that is neither a closer nor space, and the line breaks passed."""
    newlines = 0
    j = i + 1
    while j < len(doc):
        token = doc[j]
        if token.is_space:
            newlines += token.text.count("\n")
        elif token.text not in CLOSERS or newlines:
            return j, newlines
        j += 1
    return None, newlines


def doc_to_sentence_starts(doc: Doc) -> list[int]:
    """Indices of the tokens that start a sentence (always including 0 for a non-empty doc)."""
    if not len(doc):
        return []
    text = doc.text
    token_starts = doc.to_array("IDX").astype(numpy.int64)  # uint64 would be converted on every search

    def token_at(offset: int) -> int:
        return int(token_starts.searchsorted(offset, side="right")) - 1

    pairs = enclosed_ranges(text)
    candidates: set[int] = set()  # tokens after which a sentence may end
    for match in FINAL_PUNCTUATION.finditer(text):
        p = token_at(match.start())
        if doc[p].idx + len(doc[p]) - 1 == match.start():
            candidates.add(p)
    for match in LINE_BREAK.finditer(text):
        p = token_at(match.start())
        while p >= 0 and doc[p].is_space:
            p -= 1
        candidates.add(p)  # -1: breaks before the first word
    starts = {0}
    for p in sorted(candidates):
        n, newlines = next_word(doc, p)
        if n is None or n in starts:
            continue
        if p < 0 or starts_sentence(doc, p, n, newlines, pairs):
            starts.add(n)
    return sorted(starts)


def set_sentence_starts(doc: Doc, starts: list[int]) -> Doc:
    values = numpy.full((len(doc), 1), -1, dtype="int64")
    values[starts, 0] = 1
    doc.from_array([SENT_START], values.astype("uint64"))
    return doc


@Language.component("evidence_sentences")
def evidence_sentences(doc: Doc) -> Doc:
    """Mark sentence starts on `doc` (see the module docstring for the rules)."""
    if len(doc):
        set_sentence_starts(doc, doc_to_sentence_starts(doc))
    return doc
