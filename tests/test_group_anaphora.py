"""Values given "in both groups" of an outcome the previous sentence named, on passages written for
these tests: the outcome is carried only when the previous sentence named exactly one, each count
takes the arm named right after it, and a count left without an arm is not written."""
import re

import pytest

from extractors import group_anaphora
from extractors.vocabulary import arms as vocab
from passages import assert_exactly, extract

LYMPHOMA = ("Adults with relapsed B-cell lymphoma received CD19 CAR T cells after fludarabine (group A, n = 25) or "
            "bendamustine (group B, n = 24) lymphodepletion. ")
TRIAL = "Patients were randomised to the drug group (n = 50) or the placebo group (n = 49). "

CASES = [
    pytest.param(LYMPHOMA + "Complete remission was reached in 38 of 49 patients. "
                 "The rate was similar in both groups (20/25 in group A and 18/24 in group B).",
                 [{"outcome": "CR", "value": 38 / 49, "arm": ""},
                  {"outcome": "CR", "events": 20, "total": 25, "arm": "group A (n = 25)", "flags": ""},
                  {"outcome": "CR", "events": 18, "total": 24, "arm": "group B (n = 24)", "flags": ""}],
                 id="carried-from-the-one-outcome-before"),
    pytest.param(LYMPHOMA + "The complete response rate was 78%. "
                 "It did not differ between the groups (20/25 in group A vs 18/24 in group B).",
                 [{"outcome": "CR", "value": 0.78, "arm": ""},
                  {"outcome": "CR", "events": 20, "total": 25, "arm": "group A (n = 25)"},
                  {"outcome": "CR", "events": 18, "total": 24, "arm": "group B (n = 24)"}],
                 id="did-not-differ-between-the-groups"),
    pytest.param(LYMPHOMA + "The complete response rate was 78%. "
                 "Rates were similar in the two arms (80% in the fludarabine arm and 75% in the bendamustine arm).",
                 [{"outcome": "CR", "value": 0.78, "arm": ""},
                  {"outcome": "CR", "value": 0.80, "arm": "fludarabine arm"},
                  {"outcome": "CR", "value": 0.75, "arm": "bendamustine arm"}],
                 id="percents-in-the-two-arms"),
    pytest.param(LYMPHOMA + "The complete response rate was 78%. The rate was similar in both arms (20/25 and 18/24).",
                 [{"outcome": "CR", "value": 0.78, "arm": ""}],
                 id="no-arm-named-no-row"),
    pytest.param(LYMPHOMA + "The complete response rate was 78% and cytokine release syndrome occurred in 60%. "
                 "The rate was similar in both arms (20/25 in the fludarabine arm and 18/24 in the bendamustine arm).",
                 [{"outcome": "CR", "value": 0.78}, {"outcome": "CRS", "value": 0.60}],
                 id="two-outcomes-before-undecided"),
    pytest.param(TRIAL + "Nausea and infections were common. "
                 "The rate did not differ between the groups (31/50 in the drug group and 30/49 in the placebo group).",
                 [],
                 id="an-unknown-outcome-listed-beside-a-known-one"),
    pytest.param(TRIAL + "Wound infection was the primary outcome. "
                 "The rate was similar in both groups (31/50 in the drug group and 30/49 in the placebo group).",
                 [{"outcome": "OTHER", "outcome_text": "infection", "events": 31, "total": 50, "arm": "drug group"},
                  {"outcome": "OTHER", "outcome_text": "infection", "events": 30, "total": 49, "arm": "placebo group"}],
                 id="other-outcome-carried"),
    pytest.param("Adults with relapsed large B-cell lymphoma were treated at two centres. Complete remission was reached "
                 "in 30 of 49 patients. The rate was similar in both groups (20/25 in the CAR-T arm and 10/24 in the "
                 "chemotherapy arm).",
                 [{"outcome": "CR", "events": 30, "total": 49, "arm": "", "infusion": "1"},
                  {"outcome": "CR", "events": 20, "total": 25, "arm": "CAR-T arm", "infusion": "1"},
                  {"outcome": "CR", "events": 10, "total": 24, "arm": "chemotherapy arm", "infusion": "", "target_relation": ""}],
                 id="a-comparator-arm-had-no-car-t"),
    pytest.param("Adults with relapsed large B-cell lymphoma were treated at two centres. Complete remission was reached "
                 "in 30 of 49 patients. The rate was similar in both groups (20/25 in the bendamustine group and 10/24 "
                 "in the placebo group).",
                 [{"outcome": "CR", "events": 30, "total": 49, "arm": ""},
                  {"outcome": "CR", "events": 20, "total": 25, "arm": "bendamustine group", "infusion": "1"},
                  {"outcome": "CR", "events": 10, "total": 24, "arm": "placebo group", "infusion": ""}],
                 id="a-placebo-group-had-no-car-t"),
    pytest.param(TRIAL + "Infection was the main adverse event. The proportion of women who gave birth early was similar in "
                 "both study groups (12/50 [24.0%] in the drug group and 11/49 [22.4%] in the placebo group).",
                 [{"outcome": "OTHER", "outcome_text": "women who gave birth early", "events": 12, "total": 50, "arm": "drug group"},
                  {"outcome": "OTHER", "outcome_text": "women who gave birth early", "events": 11, "total": 49, "arm": "placebo group"}],
                 id="own-outcome-words-not-replaced-by-the-one-before"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_values_in_both_groups(text, expected):
    assert_exactly(extract(text), expected)


def test_no_arm_less_row_after_words_comparing_groups():
    """Regression: the plain reader wrote each group's count with no arm, as if of the whole cohort."""
    text = LYMPHOMA + "The complete response rate was 78%. The rate was similar in both arms (20/25 and 18/24)."
    at = text.index("similar")
    assert not [f for f in extract(text) if f.start > at and not f.arm]


@pytest.mark.parametrize("gap, same", [
    (" (GV: CR, 0 [0%]; PR, 4 [8%]; GP: CR, ", True),
    (", with ", True),
    (", but two thirds of the patients had ", False),
    ("; the median OS was ", False),
    (", and the median OS was ", False),
])
def test_same_clause(gap, same):
    assert group_anaphora.same_clause(gap) is same


def test_a_later_clause_keeps_its_own_figure():
    """Regression: "similar among groups, but two thirds of the patients ..." lost the later clause's figure."""
    text = ("Complete remission was reached in 38 of 49 patients. CR rates were similar in both groups, "
            "and the 12-month overall survival was 70%.")
    assert_exactly([f for f in extract(text) if f.outcome == "OS"], [{"outcome": "OS", "value": 0.70, "arm": ""}])


@pytest.mark.parametrize("sentence, compares", [
    ("The rate was similar in both groups (3/10 vs 4/12).", True),
    ("It did not differ between the two arms.", True),
    ("Rates were comparable across treatment groups.", True),
    ("Toxicity was mild in either arm.", True),
    ("Responses were seen in both the dose levels.", False),
    ("The two groups were enrolled in 2019.", False),
    ("The ORR for the cohort was 60%.", False),
    ("Of the 30 patients in the group, 20 responded.", False),
])
def test_words_comparing_groups(sentence, compares):
    assert (group_anaphora.compared_from(sentence, (0, len(sentence))) is not None) is compares


@pytest.mark.parametrize("sentence, anaphoric", [
    ("The rate was similar in both groups.", True),
    ("Similar rates were seen in both arms.", True),
    ("It did not differ between the groups.", True),
    ("No difference was found between the groups.", True),
    ("The rate of relapse was similar in both groups.", False),
    ("No difference in wound healing was seen between the groups.", False),
    ("The proportion of infants born early was similar in both groups.", False),
])
def test_anaphoric_subject(sentence, anaphoric):
    assert bool(re.match(vocab.ANAPHORIC_SUBJECT, sentence, re.IGNORECASE)) is anaphoric
