"""The number layer's patterns, as data: valid token patterns, and their tables of texts."""
from __future__ import annotations

import math

import pytest
from spacy.schemas import validate_token_pattern

from evidence.text.numerals import MERGE_PATTERNS
from evidence.text.numbers import find_quantities
from evidence.text.patterns import EXACT, MUST_MATCH, MUST_NOT_MATCH, PATTERNS, TIERS
from evidence.text.quantity import KINDS, Quantity
from evidence.text.readings import READINGS

ALL_PATTERNS = [(label, i, p) for label, patterns in PATTERNS.items() for i, p in enumerate(patterns)]
ALL_PATTERNS.extend((label, 0, pattern) for label, pattern in MERGE_PATTERNS.items())


@pytest.mark.parametrize("label,index,pattern", ALL_PATTERNS, ids=[f"{label}-{i}" for label, i, _ in ALL_PATTERNS])
def test_token_pattern_is_valid(label, index, pattern):
    assert validate_token_pattern(pattern) == []


def test_every_label_has_a_tier_and_a_reading():
    assert set(PATTERNS) == set(TIERS) == set(READINGS)


def test_tables_cannot_quietly_shrink():
    assert len(MUST_MATCH) >= 203
    assert len(MUST_NOT_MATCH) >= 68
    assert len(EXACT) >= 34


def matches(q: Quantity, expected: dict) -> bool:
    for name, want in expected.items():
        got = getattr(q, name)
        if isinstance(want, float) and isinstance(got, float):
            if not math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12):
                return False
        elif got != want:
            return False
    return True


@pytest.mark.parametrize("text,expected", MUST_MATCH, ids=[f"{t[:40]}|{e.get('text', e['kind'])}" for t, e in MUST_MATCH])
def test_must_match(text, expected):
    found = find_quantities(text)
    assert any(matches(q, expected) for q in found), found


@pytest.mark.parametrize("text,kinds", MUST_NOT_MATCH, ids=[t[:40] for t, _ in MUST_NOT_MATCH])
def test_must_not_match(text, kinds):
    found = [q for q in find_quantities(text) if q.kind in kinds]
    assert found == []


@pytest.mark.parametrize("text,kind,texts", EXACT, ids=[f"{t[:40]}|{k}" for t, k, _ in EXACT])
def test_exact_readings(text, kind, texts):
    assert [q.text for q in find_quantities(text) if q.kind == kind] == texts


def test_expected_kinds_are_known():
    assert {e["kind"] for _, e in MUST_MATCH} <= set(KINDS)
    assert {k for _, kinds in MUST_NOT_MATCH for k in kinds} <= set(KINDS)
