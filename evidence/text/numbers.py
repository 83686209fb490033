"""The number layer: find number phrases and normalise them into `Quantity` records.

A pipeline of small steps, run by the `evidence_quantities` component:

1. `doc_to_matches`: the Matcher, loaded with `patterns.PATTERNS`, proposes labelled spans;
   it runs only on windows around numbers (`doc_to_windows`): every pattern holds a number
   (or a fraction word, or "no"/"none") and reaches at most `REACH` words from it (line breaks
   inside a phrase not counted), and the Matcher's cost grows with the tokens it visits;
2. `matches_to_readings`: best first (higher tier, then longer, then earlier), each span that
   overlaps no span already taken and holds no blank line is read by `readings.READINGS[label]`;
   a reading may refuse (None), leaving its words to the next candidate;
3. `readings_to_quantities`: words just before each phrase ("about", "more than", "at") are
   folded in (`patterns.modifiers`), and the quantities are sorted by offset.

The result is on `doc._.quantities`; `find_quantities(text)` runs the whole pipeline on a text.
"""
from __future__ import annotations

from dataclasses import replace

import numpy
from spacy.attrs import IS_SPACE, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

import evidence.text.extensions  # noqa: F401  (declares token._.numeral, doc._.quantities)
from evidence.text.parts import one_paragraph, source_text, trim_brackets
from evidence.text.patterns import PATTERNS, TIERS
from evidence.text.patterns.counts import NO_ONE_WORDS
from evidence.text.patterns.modifiers import (
    APPROXIMATORS, COMPARATORS, LONGEST_COMPARATOR, TIMEPOINT_PREPOSITIONS, UNMODIFIED_KINDS,
)
from evidence.text.quantity import DURATION, Quantity
from evidence.text.readings import READINGS
from evidence.text.words import FRACTIONS

Match = tuple[str, int, int]  # (label, start token, end token)

# the furthest a pattern reaches from a number, in tokens other than line breaks ("95% confidence
# interval [CI], 6.1": eight tokens between "95" and "6.1"); test_numbers checks windows lose no match
REACH = 9
# words that anchor a pattern without a number: "half", "a third of", "No patient"
ANCHOR_WORDS = (*FRACTIONS, *NO_ONE_WORDS)


def build_matcher(vocab) -> Matcher:
    """A Matcher holding every pattern, validated. It keeps every match, short and long: when
    the longest reading is refused ("December 2019, 61" is no date), a shorter one can win."""
    matcher = Matcher(vocab, validate=True)
    for label, patterns in PATTERNS.items():
        matcher.add(label, patterns)
    return matcher


def doc_to_windows(doc: Doc, reach: int = REACH) -> list[tuple[int, int]]:
    """Disjoint token windows holding every token within `reach` words (line breaks not counted)
    of a number or an anchor word."""
    if not len(doc):
        return []
    attrs = doc.to_array([LIKE_NUM, LOWER, IS_SPACE])
    words = numpy.flatnonzero(attrs[:, 2] == 0)  # token index of each word (each token not a line break)
    if not len(words):
        return []
    anchor_ids = numpy.array([doc.vocab.strings.add(w) for w in ANCHOR_WORDS], dtype=attrs.dtype)
    attrs = attrs[words]
    anchors = numpy.flatnonzero((attrs[:, 0] != 0) | numpy.isin(attrs[:, 1], anchor_ids))  # positions in `words`
    last = len(words) - 1
    windows: list[tuple[int, int]] = []
    for j in anchors.tolist():
        # a window runs up to the next word, so line breaks after its last word are inside it
        start = int(words[max(0, j - reach)])
        end = int(words[j + reach + 1]) if j + reach + 1 <= last else len(doc)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    return windows


def doc_to_matches(doc: Doc, matcher: Matcher) -> list[Match]:
    """(label, start, end) of every match, found window by window. A pattern may hold a line break
    between its tokens, never before its first: a match starting on white space is not one (a
    pattern whose leading tokens are all optional would otherwise also match from the line break)."""
    strings = doc.vocab.strings
    return [
        (strings[key], offset + start, offset + end)
        for offset, stop in doc_to_windows(doc)
        for key, start, end in matcher(doc[offset:stop])
        if not doc[offset + start].is_space
    ]


def matches_to_readings(doc: Doc, matches: list[Match]) -> list[tuple[int, int, list[Quantity]]]:
    """Non-overlapping (start token, end token, quantities), best candidates first.

    A reading may cover less than its match ("a third of" -> "a third"): only the tokens its
    quantities cover are taken, so the rest stay free for other readings.
    """
    ranked = sorted(matches, key=lambda m: (-TIERS[m[0]], -(m[2] - m[1]), m[1]))
    # as int64: searching a uint64 array for a Python int converts the whole array on every call
    token_starts = doc.to_array("IDX").astype(numpy.int64) if matches else None
    taken = bytearray(len(doc))
    chosen = []
    for label, start, end in ranked:
        if any(taken[start:end]):
            continue
        if not one_paragraph(doc[start:end]):
            continue
        span = trim_brackets(doc[start:end])
        if not len(span):
            continue
        quantities = READINGS[label](span)
        if quantities is None:
            continue
        if quantities:
            first = int(token_starts.searchsorted(min(q.start for q in quantities), side="right")) - 1
            last = int(token_starts.searchsorted(max(q.end for q in quantities), side="left"))
            start, end = first, last
        else:
            start, end = span.start, span.end
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, quantities))
    return chosen


def modifiers_before(doc: Doc, start: int, taken: bytearray) -> tuple[int, bool, str, bool]:
    """Fold "about", "more than", "at" before token `start`: (new start, approximate, comparator, timepoint)."""
    approximate, comparator = False, ""
    position = start
    for _ in range(2):
        moved = False
        if not comparator:
            for size in range(LONGEST_COMPARATOR, 0, -1):
                first = position - size
                if first < 0 or any(taken[first:position]):
                    continue
                words = tuple(t.lower_ for t in doc[first:position])
                if words in COMPARATORS and not any(t.is_space for t in doc[first:position]):
                    comparator, position, moved = COMPARATORS[words], first, True
                    break
        if not approximate and position > 0 and not taken[position - 1] and doc[position - 1].lower_ in APPROXIMATORS:
            approximate, position, moved = True, position - 1, True
        if not moved:
            break
    timepoint = position > 0 and doc[position - 1].lower_ in TIMEPOINT_PREPOSITIONS
    return position, approximate, comparator, timepoint


def readings_to_quantities(doc: Doc, chosen: list[tuple[int, int, list[Quantity]]]) -> list[Quantity]:
    """Apply the modifiers before each phrase; all quantities, sorted by start."""
    taken = bytearray(len(doc))
    for start, end, _ in chosen:
        taken[start:end] = b"\x01" * (end - start)
    text = source_text(doc)
    out: list[Quantity] = []
    for start, end, quantities in chosen:
        if not quantities:
            continue
        if quantities[0].kind in UNMODIFIED_KINDS:
            out.extend(quantities)
            continue
        position, approximate, comparator, timepoint = modifiers_before(doc, start, taken)
        for i, q in enumerate(quantities):
            changes: dict = {}
            if i == 0 and position < start:
                changes.update(start=doc[position].idx, text=text[doc[position].idx:q.end])
            if approximate:
                changes["approximate"] = True
            if comparator and not q.comparator:
                changes["comparator"] = comparator
            if timepoint and q.kind == DURATION:
                changes["timepoint"] = True
            out.append(replace(q, **changes) if changes else q)
    return sorted(out, key=lambda q: (q.start, q.end))


class QuantityFinder:
    """The `evidence_quantities` component: sets `doc._.quantities`."""

    def __init__(self, nlp: Language):
        self.matcher = build_matcher(nlp.vocab)

    def __call__(self, doc: Doc) -> Doc:
        matches = doc_to_matches(doc, self.matcher)
        doc._.quantities = tuple(readings_to_quantities(doc, matches_to_readings(doc, matches)))
        return doc


@Language.factory("evidence_quantities")
def make_quantity_finder(nlp: Language, name: str) -> QuantityFinder:
    return QuantityFinder(nlp)


def find_quantities(text: str) -> list[Quantity]:
    """Every number phrase in `text` as a `Quantity`, sorted by start, non-overlapping."""
    from evidence.text.pipeline import analyse  # the pipeline imports this module

    return list(analyse(text).quantities)
