"""Numerals at token level: which tokens are numbers, and what number each one is.

`read_numeral(text)` is the one place a token's text becomes a number. Two token attributes
read it (declared in `extensions`): `token._.numeral` is the kind of numeral ("int",
"decimal", "word" or "") and is what Matcher patterns test; `token._.number` is its value.

`like_numeral` replaces spaCy's English LIKE_NUM (which counts "first", "second" and "3/4")
so Matcher patterns can test {"LIKE_NUM": True} at C speed.

The `evidence_numerals` component merges number words the tokenizer split
("thirty-four" -> one token "thirty-four", "one hundred and twelve" -> one token), so every
number is one token for the patterns.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from evidence.text.words import NUMBER_WORDS, words_to_number

INT = "int"
DECIMAL = "decimal"
WORD = "word"
NUMERAL_KINDS = (INT, DECIMAL, WORD)

INTEGER_RE = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\Z")
DECIMAL_RE = re.compile(r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?\.[0-9]+\Z")
SCIENTIFIC_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?[eE][-+]?[0-9]{1,3}\Z")
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
POWER_OF_TEN_RE = re.compile(r"10([⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})\Z")

# lone number words that are too often not numbers ("one can repeat", "no one") to be NUMBERs
NOT_ALONE = frozenset({"one", "zero"})

# how the tokenizer leaves compound number words: "thirty", "-", "four"; "one", "hundred", "and", "twelve"
COMPOUND_NUMBER_PATTERN = [
    {"LOWER": {"IN": sorted(NUMBER_WORDS)}},
    {"LOWER": {"IN": sorted(NUMBER_WORDS | {"-", "and"})}, "OP": "+"},
]
# "per cent" becomes one token, so a percent sign is always one token
PER_CENT_PATTERN = [{"LOWER": "per"}, {"LOWER": "cent"}]
MERGE_PATTERNS = {"COMPOUND_NUMBER": COMPOUND_NUMBER_PATTERN, "PER_CENT": PER_CENT_PATTERN}
# every token a merge pattern matches is one of these
MERGE_WORDS = NUMBER_WORDS | {"-", "and", "per", "cent"}


@lru_cache(maxsize=131072)
def read_numeral(text: str) -> tuple[str, float | None]:
    """(kind, value) of a token's text: ("int", 1183.0) for "1,183", ("word", 34.0) for "thirty-four"."""
    if not text:
        return "", None
    first = text[0]
    if first.isdigit() or first in "+-.":
        if INTEGER_RE.match(text):
            return INT, float(text.replace(",", ""))
        if DECIMAL_RE.match(text):
            return DECIMAL, float(text.replace(",", ""))
        if SCIENTIFIC_RE.match(text):
            return DECIMAL, float(text)
        power = POWER_OF_TEN_RE.match(text)
        if power:
            return DECIMAL, 10.0 ** int(power.group(1).translate(SUPERSCRIPT_DIGITS))
        return "", None
    if first.isalpha():
        lower = text.lower()
        if lower in NUMBER_WORDS or ("-" in lower or " " in lower):
            value = words_to_number(lower)
            if value is not None:
                return WORD, float(value)
    return "", None


def like_numeral(text: str) -> bool:
    """The LIKE_NUM lexical attribute of our pipeline: is `text` one number?"""
    return read_numeral(text)[0] != ""


def numeral_kind(token) -> str:
    return read_numeral(token.text)[0]


def numeral_value(token) -> float | None:
    return read_numeral(token.text)[1]


def compound_runs(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) index pairs of the longest runs of `words` that spell one number, left to right."""
    runs = []
    i = 0
    while i < len(words):
        best = 0
        for j in range(len(words), i + 1, -1):
            if words[j - 1] in ("-", "and"):
                continue
            if words_to_number(" ".join(words[i:j])) is not None:
                best = j
                break
        if best:
            runs.append((i, best))
            i = best
        else:
            i += 1
    return runs


def merge_windows(doc: Doc, word_ids) -> list[tuple[int, int]]:
    """The longest runs of tokens whose lower case is one of `word_ids` (sorted hashes of MERGE_WORDS):
    a merge match lies inside one, so the Matcher visits only them, not every token of the text."""
    inside = numpy.isin(doc.to_array(LOWER), word_ids).astype(numpy.int8)
    edges = numpy.flatnonzero(numpy.diff(numpy.concatenate(([0], inside, [0])))).tolist()
    return list(zip(edges[::2], edges[1::2]))


class NumeralMerger:
    """Merge number words split by the tokenizer ("thirty-four"), and "per cent", into one token each."""

    def __init__(self, nlp: Language):
        self.matcher = Matcher(nlp.vocab, validate=True)
        for label, pattern in MERGE_PATTERNS.items():
            self.matcher.add(label, [pattern], greedy="LONGEST")
        self.per_cent = nlp.vocab.strings["PER_CENT"]
        self.merge_words = numpy.array(sorted(nlp.vocab.strings.add(w) for w in MERGE_WORDS), dtype=numpy.uint64)

    def __call__(self, doc: Doc) -> Doc:
        matches = [(key, offset + start, offset + end) for offset, stop in merge_windows(doc, self.merge_words)
                   for key, start, end in self.matcher(doc[offset:stop])]
        if not matches:
            return doc
        with doc.retokenize() as retokenizer:
            for key, start, end in sorted(matches, key=lambda m: m[1]):
                if key == self.per_cent:
                    retokenizer.merge(doc[start:end])
                    continue
                words = [t.lower_ for t in doc[start:end]]
                for i, j in compound_runs(words):
                    if j - i > 1:
                        retokenizer.merge(doc[start + i:start + j])
        return doc


@Language.factory("evidence_numerals")
def make_numeral_merger(nlp: Language, name: str) -> NumeralMerger:
    return NumeralMerger(nlp)
