"""The parts of a matched span: its numerals with the sign or unit after each, its brackets,
the words between two numerals, and the `Quantity` built from them (`make`).

Readings (`readings.py`) are written in these terms.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

import evidence.text.extensions  # noqa: F401  (declares doc._.source_text)
from evidence.text.numerals import DECIMAL, WORD, read_numeral
from evidence.text.patterns.tokens import LIST_CONJUNCTIONS, MONTHS_PER_UNIT, PERCENT_WORDS
from evidence.text.quantity import Quantity

BRACKETS = {"(": ")", "[": "]"}
CLOSING = frozenset(BRACKETS.values())
# derived values (65.5 / 100, 3.3 years in months) are rounded to this many significant digits,
# so 14.3% reads 0.143, not 0.14300000000000002
SIGNIFICANT_DIGITS = 12
ROUNDED_FIELDS = ("value", "low", "high", "level")


@dataclass(frozen=True)
class Numeral:
    """A number inside a matched span, with the percent sign or time unit that follows it."""

    index: int  # token index in the doc
    value: float
    start: int  # character offsets of the number (and its sign or unit when adjacent)
    end: int
    integer: bool
    words: bool
    text: str
    percent: bool = False
    unit: str = ""  # lower-cased time unit that applies to the number
    hyphen_unit: bool = False  # "2-year": the unit is joined by a hyphen (an adjective)
    last: int = -1  # token index of the number's sign or unit, when it has one


def source_text(doc: Doc) -> str:
    text = doc._.source_text
    return text if text is not None else doc.text


def clean(x: float | None) -> float | None:
    return None if x is None else float(f"{x:.{SIGNIFICANT_DIGITS}g}")


def make(doc: Doc, kind: str, start: int, end: int, **fields) -> Quantity:
    for name in ROUNDED_FIELDS:
        if name in fields:
            fields[name] = clean(fields[name])
    return Quantity(kind=kind, start=start, end=end, text=source_text(doc)[start:end], **fields)


def trim_brackets(span: Span) -> Span:
    """`span` without unmatched brackets (nor the line breaks they leave) at its ends:
    "65.5%; 40 of 61)" -> "65.5%; 40 of 61"."""
    if span[0].text not in BRACKETS and span[-1].text not in CLOSING:
        return span
    start, end = span.start, span.end
    doc = span.doc
    changed = True
    while changed and end > start:
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        changed = False
        depth = {opener: 0 for opener in BRACKETS}
        unmatched_open: list[int] = []
        unmatched_close: list[int] = []
        for token in doc[start:end]:
            if token.text in BRACKETS:
                depth[token.text] += 1
                unmatched_open.append(token.i)
            elif token.text in CLOSING:
                opener = next(o for o, c in BRACKETS.items() if c == token.text)
                if depth[opener]:
                    depth[opener] -= 1
                    for k in range(len(unmatched_open) - 1, -1, -1):
                        if doc[unmatched_open[k]].text == opener:
                            del unmatched_open[k]
                            break
                else:
                    unmatched_close.append(token.i)
        if unmatched_close and unmatched_close[-1] == end - 1:
            end -= 1
            changed = True
        elif unmatched_open and unmatched_open[0] == start:
            start += 1
            changed = True
    return doc[start:end]


def one_paragraph(span: Span) -> bool:
    """No blank line inside `span`: a phrase may be broken across lines, not across paragraphs."""
    return not any(t.is_space and t.text.count("\n") > 1 for t in span)


def balanced(span: Span) -> bool:
    stack: list[str] = []
    for token in span:
        if token.text in BRACKETS:
            stack.append(BRACKETS[token.text])
        elif token.text in CLOSING:
            if not stack or stack.pop() != token.text:
                return False
    return not stack


def span_to_numerals(span: Span) -> list[Numeral]:
    """The numbers of `span` in order, each marked with a following percent sign or time unit."""
    doc = span.doc
    numerals: list[Numeral] = []
    waiting: list[int] = []  # numerals (positions in `numerals`) a later unit applies to
    for token in span:
        kind, value = read_numeral(token.text)
        if kind:
            numerals.append(Numeral(
                index=token.i, value=value, start=token.idx, end=token.idx + len(token),
                integer=kind != DECIMAL and float(value).is_integer(), words=kind == WORD, text=token.text,
            ))
            waiting.append(len(numerals) - 1)
            continue
        lower = token.lower_
        if lower in PERCENT_WORDS and numerals and token.i == numerals[-1].index + 1:
            numerals[-1] = replace(numerals[-1], percent=True, end=token.idx + len(token), last=token.i)
            waiting = [w for w in waiting if w != len(numerals) - 1]
        elif lower in MONTHS_PER_UNIT and waiting:
            for w in waiting:
                numeral = numerals[w]
                adjacent = token.i == numeral.index + 1
                dash = doc[token.i - 1]
                hyphen = token.i == numeral.index + 2 and dash.text == "-" and dash.whitespace_ == "" \
                    and doc[numeral.index].whitespace_ == ""
                near = adjacent or token.i == numeral.index + 2 and dash.text == "-"
                numerals[w] = replace(numeral, unit=lower, hyphen_unit=hyphen,
                                      end=token.idx + len(token) if near else numeral.end,
                                      last=token.i if near else -1)
            waiting = []
    return numerals


def between(span: Span, a: Numeral, b: Numeral) -> tuple[str, ...]:
    """Lower-cased words between numerals a and b (after a's sign or unit), brackets and line
    breaks left out."""
    first = max(a.index, a.last) + 1
    return tuple(t.lower_ for t in span.doc[first:b.index]
                 if t.text not in BRACKETS and t.text not in CLOSING and not t.is_space)


def alternating(span: Span, numerals: list[Numeral]) -> bool:
    """A list "7, 11 and 9%": a separator between every two numbers, one of them a conjunction."""
    gaps = [between(span, a, b) for a, b in zip(numerals, numerals[1:])]
    return all(gaps) and any(w in LIST_CONJUNCTIONS for gap in gaps for w in gap)


def word_after(doc: Doc, i: int):
    """The first token after token i that is not a line break, or None (white space between two
    words is at most one token)."""
    for token in doc[i + 1:i + 3]:
        if not token.is_space:
            return token
    return None


def token_after(span: Span, offset: int = 0):
    i = span.end + offset
    return span.doc[i] if 0 <= i < len(span.doc) else None


def token_before(span: Span, offset: int = 1):
    i = span.start - offset
    return span.doc[i] if 0 <= i < len(span.doc) else None
