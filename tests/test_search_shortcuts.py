"""Shortcuts that skip part of a search must find exactly what the full search finds.

Each shortcut is compared with the plain search it replaces, on generated text made of the pieces
the pattern reads (so matches, near-misses and odd spacing are common).
"""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.arm_prose import _SIZE, _size_matches

SIZE_PIECES = ["n = 12", "N=3", "(n = 45)", "[N = 7]", ", n=5;", "placebo", "  ", "\n", "group", "for the",
               "in ", "x", "(", ",", "n", "=", "1,234", "a-b", "  n =  9 ) ", "Arm A", "\u2003", "Pbo"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(SIZE_PIECES), max_size=40).map("".join))
def test_arm_sizes_tried_where_they_can_start(text):
    expected = [(m.span(), m.groupdict()) for m in _SIZE.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _size_matches(text)] == expected


def test_arm_size_after_a_long_name_and_spaces():
    text = "were randomized to the active comparator  \n\t (n = 45) and placebo ,n=40;"
    assert [m.group("n") for m in _size_matches(text)] == [m.group("n") for m in _SIZE.finditer(text)] == ["45", "40"]


NUMBER_PIECES = ["thirty", "-", "four", "one", "hundred", "and", "twelve", "per", "cent", "percent", "of",
                 "patients", "Twenty", "five", "and", "(", ")", "21", "no", "Per", "Cent", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NUMBER_PIECES), max_size=30).map(" ".join))
def test_number_words_merged_as_by_a_matcher_over_every_token(text):
    from evidence.text.numerals import merge_windows
    from evidence.text.pipeline import get_nlp

    nlp = get_nlp()
    merger = nlp.get_pipe("evidence_numerals")
    doc = nlp.make_doc(text)
    windowed = [(key, offset + start, offset + end) for offset, stop in merge_windows(doc, merger.merge_words)
                for key, start, end in merger.matcher(doc[offset:stop])]
    assert sorted(windowed) == sorted(merger.matcher(doc))
