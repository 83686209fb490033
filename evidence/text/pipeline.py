"""The text pipeline extractors call: sentences and quantities of a text, in one `Analysis`.

`get_nlp()` builds (once) a blank English pipeline (`spacy.blank("en")`'s defaults, with
LIKE_NUM read by `numerals.like_numeral`) with our tokenizer (`tokenizer.py`) and three
components: `evidence_numerals` (merge number words), `evidence_sentences` (boundaries) and
`evidence_quantities` (the number layer). `analyse(text)` runs it; `analyse_many(texts)`
runs it over many texts with `nlp.pipe`.

`analysis.doc.text` is the text after same-length character normalisation (`chars.py`):
offsets are shared with `analysis.text`, which is the text as given.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable

from spacy.attrs import LIKE_NUM
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc

import evidence.text.numerals  # noqa: F401  (registers evidence_numerals)
import evidence.text.numbers  # noqa: F401  (registers evidence_quantities)
from evidence.text.numerals import like_numeral
from evidence.text.quantity import Quantity
from evidence.text.sentences import BULLETS  # (and registers evidence_sentences)
from evidence.text.tokenizer import NormalisingTokenizer, make_rules_tokenizer

COMPONENTS = ("evidence_numerals", "evidence_sentences", "evidence_quantities")


class EvidenceEnglishDefaults(English.Defaults):
    """`spacy.blank("en")`'s defaults with our LIKE_NUM: numbers as `numerals.read_numeral` reads them."""

    lex_attr_getters = {**English.Defaults.lex_attr_getters, LIKE_NUM: like_numeral}


class EvidenceEnglish(English):
    Defaults = EvidenceEnglishDefaults
BATCH_SIZE = 64
# spaCy refuses texts over 1,000,000 characters to spare a parser's memory; ours has none, and
# a long article's text must not be refused
MAX_LENGTH = 20_000_000


@dataclass(frozen=True)
class Analysis:
    """A text with its sentences and quantities (character offsets into `text`)."""

    text: str
    doc: Doc = field(repr=False, compare=False)
    sentences: tuple[tuple[int, int], ...]  # (start, end), sorted, non-overlapping, trimmed
    quantities: tuple[Quantity, ...]  # sorted by start, non-overlapping

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence holding `offset`; between sentences, the one before (the first one before any)."""
        if not self.sentences:
            return (0, len(self.text))
        i = bisect_right(self._sentence_starts, offset) - 1
        return self.sentences[max(i, 0)]

    def quantities_in(self, start: int, end: int) -> tuple[Quantity, ...]:
        """The quantities lying wholly inside `text[start:end]` (found by bisection: they are sorted
        and do not overlap, so their ends are sorted too)."""
        first = bisect_left(self._quantity_starts, start)
        found = []
        for q in self.quantities[first:]:
            if q.start >= end:
                break
            if q.end <= end:
                found.append(q)
        return tuple(found)

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s for s, _ in self.sentences]

    @cached_property
    def _quantity_starts(self) -> list[int]:
        return [q.start for q in self.quantities]


@lru_cache(maxsize=1)
def get_nlp() -> Language:
    """The pipeline, built on first use and shared afterwards."""
    # our tokenizer from the start: spaCy's default one is never built (it costs as much again)
    nlp = EvidenceEnglish(create_tokenizer=lambda nlp: NormalisingTokenizer(make_rules_tokenizer(nlp)))
    nlp.max_length = MAX_LENGTH
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def trim_sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace and a leading bullet marker from `text[start:end]`."""
    while start < end and text[start].isspace():
        start += 1
    if start < end and text[start] in BULLETS and start + 1 < end and text[start + 1].isspace():
        start += 1
        while start < end and text[start].isspace():
            start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def doc_to_sentences(doc: Doc) -> tuple[tuple[int, int], ...]:
    text = doc.text  # built from the tokens on every access: read it once
    spans = (trim_sentence(text, s.start_char, s.end_char) for s in doc.sents) if len(doc) else ()
    return tuple((start, end) for start, end in spans if end > start)


def doc_to_analysis(doc: Doc, text: str) -> Analysis:
    return Analysis(text=text, doc=doc, sentences=doc_to_sentences(doc), quantities=tuple(doc._.quantities))


def analyse(text: str) -> Analysis:
    """Sentences and quantities of `text`."""
    return doc_to_analysis(get_nlp()(text), text)


def analyse_many(texts: Iterable[str]) -> list[Analysis]:
    """`analyse` for many texts, through `nlp.pipe`."""
    texts = list(texts)
    docs = get_nlp().pipe(texts, batch_size=BATCH_SIZE)
    return [doc_to_analysis(doc, text) for doc, text in zip(docs, texts)]
