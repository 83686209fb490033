"""Shortcuts that skip part of a search must find exactly what the full search finds.

Each shortcut is compared with the plain search it replaces, on generated text made of the pieces
the pattern reads (so matches, near-misses and odd spacing are common).
"""
from __future__ import annotations

import pytest
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


def profile_patterns():
    import re

    from evidence.studies import characteristics, rules

    cues = [c.pattern for group in (rules.GENRE_CUES, rules.BASIS_CUES) for kind in group.values() for c in kind]
    cues += [c.pattern for c in rules.DESIGN_CUES + rules.AFTER_FAILURE_CUES + rules.NOT_AFTER_FAILURE_CUES]
    cues += [p for _, p in rules.DISEASE_TERMS]
    cues += [characteristics.MEDIAN_AGE, characteristics.PRODUCT, characteristics.INTERVAL,
             characteristics.LYMPHODEPLETION, characteristics.FOLLOW_UP]
    cues += [re.compile(p, re.IGNORECASE) for _, p in characteristics.AGE_GROUPS]
    return cues


PROFILE_TEXTS = [
    "The median age was 54 years (range 21-70). Patients received fludarabine and cyclophosphamide lymphodepletion.",
    "A second infusion was given after relapse; the median follow-up was 14 months. DOI 10.1000/xyz1",
    "In this phase 1/2 trial of children and young adults with B-ALL, 12 of 20 (60%) had a complete remission.",
    "NEWS: the findings were published in a journal, the reporter said. Abstract 1234, suppl 2.",
    "",
]


def test_a_profile_pattern_skipped_for_a_text_finds_nothing_in_it():
    from evidence.text.literals import Searchable, folded_window, possible

    for text in PROFILE_TEXTS:
        searchable = Searchable(text)
        for pattern in profile_patterns():
            assert searchable(pattern) == possible(pattern, folded_window(text))
            if not searchable(pattern):
                assert pattern.search(text) is None, (pattern.pattern, text)
    # the test can fail: some pattern is skipped for some text, and some is searched
    assert {Searchable(PROFILE_TEXTS[0])(p) for p in profile_patterns()} == {True, False}


def test_vocabulary_search_from_before_the_text_is_one_from_its_start():
    import extractors.mentions as mentions

    text = "A complete remission in 4 of 9 children with B-ALL after a second infusion (grade 3 CRS in 1)."
    for kind in mentions.KINDS:
        assert mentions.find(kind, text, -5, 60) == mentions.find(kind, text, 0, 60)
    assert [m.label for m in mentions.find(mentions.OUTCOME, text, -5, 60)] == ["CR"]


@pytest.mark.parametrize("pattern, clauses", [
    (r"\bmultiple\s+myeloma\b|(?-i:\bMM\b)", ((("multiple",), ("myeloma",)), (("mm",),))),
    (r"\b(?:not|never) received CAR", ((("not received car",),), (("never received car",),))),
    (r"(?:complete\s+){1,2}remission|\bCR\b", ((("complete",), ("remission",)), (("cr",),))),
    (r"xy(?:abc|abd)zz", ((("xyab",), ("zz",)),)),
    (r"\d+\s*%", None),                      # only classes: always searched
    (r"\bremission\b|\d+ of \d+", ((("remission",),), ((" of ",),))),  # spaces are part of a run
    (r"\bremission\b|\d+\s*%", None),         # one branch with no words: always searched
], ids=lambda v: str(v))
def test_required_clauses(pattern, clauses):
    import re

    from evidence.text.literals import required_clauses

    assert required_clauses(re.compile(pattern, re.IGNORECASE)) == clauses


WORD_PIECES = ["multiple", "myeloma", "MM", "not", "never", "received", "CAR", "CAR-T", "naive", "complete",
               "remission", "CR", "treated", "re-treated", "were", "planned", "second", "infusion", "\u017f",
               "fixed", "schedule", "in advance", "by protocol", "lymphoma", "B-cell", "large", "12", "%"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES), max_size=25).map(" ".join))
def test_a_pattern_judged_impossible_finds_nothing(text):
    import re

    import extractors.mentions as mentions
    from evidence.text.literals import folded_window, possible
    from extractors.vocabulary import population

    patterns = [p for kind in mentions.KINDS for _, p, _ in mentions._compiled()[kind]] + profile_patterns()
    patterns += [re.compile(c, re.IGNORECASE) for c in (population.LOOKALIKE_CUES, population.RETREATMENT_CUES,
                                                        population.NAIVE_CUES)]
    folded = folded_window(text)
    for pattern in patterns:
        if not possible(pattern, folded):
            assert pattern.search(text) is None, (pattern.pattern, text)


@pytest.mark.parametrize("source, branches", [
    (r"a(b|c)|d", ["a(b|c)", "d"]),
    (r"[|]|x", ["[|]", "x"]),
    (r"[]|]|y", ["[]|]", "y"]),
    (r"[^]|]|z", ["[^]|]", "z"]),
    (r"\||q", [r"\|", "q"]),
    (r"(?:x|y)z|w", ["(?:x|y)z", "w"]),
    (r"(?i)a|b", [r"(?i)a|b"]),          # global flags: not split
    (r"(a)\1|b", [r"(a)\1|b"]),          # a back reference: not split
])
def test_top_branches(source, branches):
    from evidence.text.literals import top_branches

    assert top_branches(source) == branches


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORD_PIECES + ["co-administered", "new to CAR", "CAR T naive", "had not",
                                               "as planned from the outset", "scheduled CD22", "relapsed after"]),
                max_size=25).map(" ".join))
def test_alternatives_searched_one_by_one_find_what_the_whole_pattern_finds(text):
    import re

    from evidence.text.literals import folded_window, search_any
    from extractors.vocabulary import population

    folded = folded_window(text)
    for source in (population.LOOKALIKE_CUES, population.RETREATMENT_CUES, population.NAIVE_CUES,
                   r"a(b|c)|d", r"[|]|x|\bno\b"):
        pattern = re.compile(source, re.IGNORECASE)
        assert search_any(pattern, text, folded) == (pattern.search(text) is not None), (source, text)
