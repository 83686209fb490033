"""extractors.literals: the words a pattern cannot match without, and the test that skips a search.

The skip must never change a result: `find` with it equals `find` searching every pattern, on
passages in our own words and on texts with the characters IGNORECASE folds unlike `str.lower`.
"""
from __future__ import annotations

import re

import pytest

import extractors.mentions as mentions
from extractors.literals import folded_window, may_match, required_literals


@pytest.mark.parametrize("pattern, anchors", [
    (r"\bcomplete\s+remission\b", ("remission",)),
    (r"\b(?:partial|complete)\s+responses?\b", ("response",)),
    (r"\bfollicular\s+lymphomas?\b|(?-i:\bFL\b)", ("fl", "follicular")),
    (r"(?<!never\s)\bwent\s+into\s+remission", ("remission",)),
    (r"\d+\s*%", None),                      # only classes: always searched
    (r"\b(?:CR|x)\b", None),                 # a branch of one letter
    (r"(?:very\s+)?good\s+partial", ("partial",)),
    (r"(?:remission)?\s*\d+", None),         # the word is optional
    (r"(?:complete\s+){1,2}remission", ("remission",)),
    (r"≥\s*grade\s+3", ("grade",)),          # non-ASCII literals are never anchors
], ids=lambda v: str(v))
def test_required_literals(pattern, anchors):
    assert required_literals(re.compile(pattern, re.IGNORECASE)) == anchors


@pytest.mark.parametrize("text, folded", [
    ("Complete Remission", "complete remission"),
    ("9 of 20 (45%) \u2265 grade 3", "9 of 20 (45%) \u2265 grade 3"),
    ("rem\u0130ssion", None),   # İ: IGNORECASE matches it to i, str.lower does not
    ("\u017ftable disease", None),  # ſ matches s
    ("d\u0131sease", None),      # ı matches i
])
def test_folded_window(text, folded):
    assert folded_window(text) == folded


def test_may_match_is_only_false_without_any_anchor():
    assert may_match(("remission", "response"), "a complete response")
    assert not may_match(("remission", "response"), "overall survival at two years")
    assert may_match(None, "anything")
    assert may_match(("remission",), None)


PASSAGES = [
    "Of 20 patients given a second infusion, 9 (45%) achieved complete remission and 3 a partial response.",
    "After the first CAR-T infusion, the CR rate was 52%; median duration of response was 6.1 months.",
    "Severe cytokine release syndrome (grade 3 or higher) occurred in 2 of 14 children with B-ALL.",
    "OVERALL SURVIVAL AT ONE YEAR WAS 61% IN DIFFUSE LARGE B-CELL LYMPHOMA; FL AND MM WERE EXCLUDED.",
    "Complete rem\u0130ssion in 4 of 9; \u017ftable disease in 2; d\u0131sease progression in 3.",
    "Patients treated at a dose of \u22651 \u00d7 10^6 CAR T cells/kg had CD19-negative relapse in 2 of 8.",
    "Neurotoxicity (ICANS) of any grade: 5/21 (24%); no one went back into remission after relapse.",
]


@pytest.mark.parametrize("kind", mentions.KINDS)
@pytest.mark.parametrize("passage", PASSAGES, ids=range(len(PASSAGES)))
def test_find_skipping_patterns_finds_the_same(monkeypatch, kind, passage):
    text = f"Results\n\n{passage}\n{passage.upper()}\n{passage.lower()}"
    spans = [(0, None), (9, 9 + len(passage)), (12, 40), (len(text) // 2, None)]
    got = [mentions.find(kind, text, a, b) for a, b in spans]
    monkeypatch.setattr(mentions, "may_match", lambda anchors, folded: True)
    assert got == [mentions.find(kind, text, a, b) for a, b in spans]
