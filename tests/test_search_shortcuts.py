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
