"""Precision: rows that must not be written, and figures bound to their own group, on passages
written for these tests (made up; each case names the way authors write that once gave a wrong row).

A wrong row is worse than a missing one: a number that is not a figure of that group (an
interval's level, a window of time, a mean whose spread lost its sign, a background study's
result) must give no row at all, and a figure of a subgroup must carry the subgroup.
"""
import pytest

from passages import extract, matches

SINGLE = "Forty adults with mantle cell lymphoma received one infusion of CD19 CAR T cells. "
LEUKEMIA = "Sixty children with B-cell acute lymphoblastic leukemia received CD19 CAR T cells. "


def show(figures) -> list:
    return [(f.outcome, f.measure, f.value, f.subgroup, f.arm, f.infusion, f.grade, f.timepoint_months, f.flags) for f in figures]


# numbers that are not figures at all
NOT_FIGURES = [
    ("ci-level-misread", SINGLE + "Best response rate (n) [95% Cl]", dict(value=0.95)),
    ("ci-level", SINGLE + "Response rate [95% CI] by investigator", dict(value=0.95)),
    ("window-of-time", SINGLE + "Overall survival was 58% at 3 years (most deaths occurred within the first 2 years).",
     dict(measure="median")),
    ("mean-with-lost-spread", SINGLE + "The overall survival of these patients was 7.215 2.104 months.", dict(measure="median")),
]


@pytest.mark.parametrize("name,text,unwanted", NOT_FIGURES, ids=[c[0] for c in NOT_FIGURES])
def test_number_is_not_a_figure(name, text, unwanted):
    figures = extract(text)
    assert not any(matches(f, unwanted) for f in figures), show(figures)


# figures that keep their own outcome, group and grade
FIGURES = [
    ("crr-is-complete-response", SINGLE + "The objective response rate was 81% (CRR 57%).",
     [dict(outcome="ORR", value=0.81), dict(outcome="CR", value=0.57)]),
    ("rate-with-window-kept", SINGLE + "Overall survival was 58% at 3 years (most deaths occurred within the first 2 years).",
     [dict(outcome="OS", measure="rate_at", value=0.58, timepoint_months=36.0)]),
]


@pytest.mark.parametrize("name,text,expected", FIGURES, ids=[c[0] for c in FIGURES])
def test_passage_gives_only_these(name, text, expected):
    figures = extract(text)
    for want in expected:
        assert any(matches(f, want) for f in figures), f"{want} not in {show(figures)}"
    assert len(figures) == len(expected), show(figures)
