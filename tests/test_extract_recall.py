"""Figures a reviewer tables that are stated in ways the simplest readings miss: a group named in
a leading clause, "these respective rates" in the sentence after, a responder group of a
"respectively" list. Passages made up for these tests."""
import pytest

from passages import extract, matches

COHORT = "Sixty children with B-cell acute lymphoblastic leukemia received CD19 CAR T cells. "

CASES = [
    ("respective-rates-of-the-sentence-before", COHORT
     + "For patients in CR at day 28, the 12-month EFS and OS were 61.0% and 70.5%, respectively. "
     "These respective rates were 40.2% and 52.8% for patients in CRi.",
     [dict(outcome="EFS", value=0.61, timepoint_months=12.0, subgroup="complete responders"),
      dict(outcome="EFS", value=0.402, timepoint_months=12.0, subgroup="with CRi"),
      dict(outcome="OS", value=0.528, timepoint_months=12.0, subgroup="with CRi")]),
    ("lead-clause-best-response-cri", COHORT
     + "In patients who had a best response of CR with incomplete hematologic recovery (CRi) (n = 14), "
       "the median EFS was 20.5 months.",
     [dict(outcome="EFS", measure="median", value=20.5, subgroup="with CRi")]),
    ("respectively-over-timepoints-keeps-the-group", COHORT
     + "The 6- and 12-month RFS in those achieving CR was 75.0% (95% CI: 60.1%-85.2%) and 55.5% (95% CI: 40.0%-68.4%), respectively.",
     [dict(outcome="RFS", value=0.75, timepoint_months=6.0, subgroup="complete responders"),
      dict(outcome="RFS", value=0.555, timepoint_months=12.0, subgroup="complete responders")]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_passage_gives_figures(text, expected):
    figures = extract(text)
    for want in expected:
        assert any(matches(f, want) for f in figures), (want, figures)


MUST_NOT = [
    ("achieving-cr-is-who-not-what", COHORT + "The 6- and 12-month RFS in those achieving CR was 75.0% and 55.5%, respectively.",
     dict(outcome="CR")),
    ("two-of-those-reaching-cr-is-a-count", COHORT + "Only three of nine patients responded, with two of those reaching complete remission (CR).",
     dict(outcome="CR", subgroup="complete responders")),
    ("respective-rates-with-no-group-named", COHORT
     + "The 12-month EFS and OS were 61.0% and 70.5%, respectively. These respective rates were 40.2% and 52.8% at 24 months.",
     dict(value=0.402, timepoint_months=12.0)),
    ("respective-rates-count-differs", COHORT
     + "For patients in CR, the 12-month EFS and OS were 61.0% and 70.5%, respectively. "
       "These respective rates were 40.2%, 52.8% and 60.1% for patients in CRi.",
     dict(value=0.402)),
]


@pytest.mark.parametrize("text, unwanted", [c[1:] for c in MUST_NOT], ids=[c[0] for c in MUST_NOT])
def test_passage_does_not_give(text, unwanted):
    assert not any(matches(f, unwanted) for f in extract(text))
