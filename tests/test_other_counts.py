"""Other clinical outcomes given as counts of patients ("Eleven patients developed infections"),
as "all patients", and transplants after the CAR-T: when the stated cohort is their total, and when
nothing may be read. Passages are written for these tests."""
import pytest

from passages import assert_exactly, extract

COHORT = "We enrolled 40 adults with relapsed myeloma, who received one BCMA CAR-T infusion. "

GIVES = [
    ("count-in-words-over-the-cohort", COHORT + "Eleven patients developed serious infections.",
     [dict(outcome="OTHER", outcome_text="infection", events=11, total=40, subgroup="", infusion="1")]),
    ("count-in-digits-over-the-cohort", COHORT + "Later, 3 patients developed second primary malignancies.",
     [dict(outcome="OTHER", outcome_text="second primary malignancy", events=3, total=40)]),
    ("cases-of-a-narrower-outcome", "A total of 120 patients were treated. Six patients developed second primary malignancies, "
     "including two cases of secondary T-cell lymphoma.",
     [dict(outcome="OTHER", outcome_text="second primary malignancy", events=6, total=120),
      dict(outcome="OTHER", outcome_text="T-cell neoplasm", events=2, total=120)]),
    ("two-counts-two-outcomes", COHORT + "Two patients had late viral infections, and five patients developed cytopenias.",
     [dict(outcome="OTHER", outcome_text="infection", events=2, total=40),
      dict(outcome="OTHER", outcome_text="cytopenia", events=5, total=40)]),
    ("transplant-after-the-infusion", "We studied 30 children with B-ALL treated with CD19 CAR T cells. "
     "After the infusion, 12 patients underwent allo-HSCT, and 4 patients had no response.",
     [dict(outcome="OTHER", outcome_text="transplant after CAR-T", events=12, total=30, infusion="1")]),
    ("transplant-among-responders", COHORT + "Among 25 patients who responded, 9 went on to receive an allogeneic stem cell transplant.",
     [dict(outcome="OTHER", outcome_text="transplant after CAR-T", events=9, total=25, subgroup="responders")]),
    ("all-patients-over-the-cohort", "Fifty patients were infused with the product. All patients experienced at least one adverse event.",
     [dict(outcome="OTHER", outcome_text="adverse events", value=1.0, events=50, total=50)]),
    ("outcome-then-count", COHORT + "Grade 3 or higher infections occurred in 6 patients.",
     [dict(outcome="OTHER", outcome_text="infection", events=6, total=40, grade=">=3")]),
    ("count-of-deaths", COHORT + "By the data cut there were 5 deaths.",
     [dict(outcome="OTHER", outcome_text="death", events=5, total=40)]),
    ("seen-in-all-patients", "Fifty patients were infused with the product. B cells were detectable in all evaluable patients at two years.",
     [dict(outcome="OTHER", outcome_text="detectable B cells", value=1.0)]),
    ("all-patients-of-the-sentence-count", "Nine evaluable patients responded, with all patients achieving a very good partial response or better.",
     [dict(outcome="OTHER", outcome_text="VGPR or better", value=1.0, events=9, total=9)]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in GIVES], ids=[c[0] for c in GIVES])
def test_counts_of_other_outcomes(text, expected):
    assert_exactly([f for f in extract(text) if f.outcome == "OTHER"], expected)


NOTHING = [
    # the article states two sizes: which one a count is of, the text does not say
    ("two-stated-sizes", "Of 60 patients enrolled, 52 were infused. Seven patients died."),
    # groups treated at two dose levels: the first group's size is not the cohort's
    ("parallel-groups", "Twelve patients were treated at dose level 1 and 6 at dose level 2. Three patients developed infections."),
    # a larger group than the one stated: which one a count is of, the text does not say
    ("larger-group-elsewhere", "Thirty patients were infused. Of 45 patients screened for the trial, most had ALL. "
     "Three patients developed infections."),
    # a narrower group leads the sentence
    ("narrower-group", COHORT + "Among patients in complete remission, 8 patients developed infections."),
    ("in-the-group", COHORT + "In the high-dose group, 8 patients developed infections."),
    # a trial against a comparator: its cohort is both arms
    ("comparator-trial", "Overall, 200 patients were randomized to CAR-T or standard care. Fifteen patients died of infections."),
    # the clause does not say the patients had the outcome
    ("count-not-of-the-outcome", COHORT + "Infusions were delayed in 6 patients because of infections."),
    # a transplant before the CAR-T, or none, is not an outcome
    ("transplant-before", COHORT + "Twelve patients received an allo-HSCT before the CAR-T."),
    ("transplant-negated", "We studied 30 children with B-ALL. After the infusion, 5 patients did not receive allo-HSCT."),
    ("prior-transplant", COHORT + "In all, 61% had a prior allogeneic stem cell transplant."),
    # a verb that is not having the outcome
    ("evaluated-for", COHORT + "Twelve patients were evaluated for infections."),
    ("all-evaluated", COHORT + "Infections were sought in all patients."),
    # a lead that names a part of the cohort
    ("leading-part", COHORT + "In the dose-expansion phase, 5 patients developed neutropenia."),
    # negated, qualified, or one of two outcomes
    ("negated-occurrence", COHORT + "No deaths were reported in 6 patients with CNS disease."),
    ("qualified-count", COHORT + "Infections occurred in 6 patients with CNS disease."),
    ("composite-outcome", COHORT + "At data cutoff, all patients had died or progressed."),
    # a history of the outcome is a baseline; a second group compared is another cohort
    ("history-of", COHORT + "Five patients had a history of infections."),
    ("compared-with-controls", "We compared 35 patients who received CAR-T cells with 40 historical controls. Five patients died of infection."),
    ("deaths-in-a-group", COHORT + "There were 5 deaths in the high-dose group."),
    # not every patient
    ("not-all", COHORT + "Not all patients experienced adverse events."),
    # no count of whom "all" are
    ("all-of-a-subgroup", COHORT + "Among responders, all patients remained in remission."),
]


@pytest.mark.parametrize("text", [c[1] for c in NOTHING], ids=[c[0] for c in NOTHING])
def test_no_other_figure(text):
    assert [f for f in extract(text) if f.outcome == "OTHER"] == []


GROUPS = [
    # a group the article names with its size, then counts in it; a list goes on with the same outcome
    ("named-groups", "Of 40 evaluable patients, 22 reached CR (CR group), 10 reached PR (PR group) and 8 did not respond "
     "(NR group). By the data cut, 12 had died (3 deaths in CR group, 4 in PR group and 5 in NR group).",
     [dict(outcome="OTHER", outcome_text="death", events=3, total=22, subgroup="CR group"),
      dict(outcome="OTHER", outcome_text="death", events=4, total=10, subgroup="PR group"),
      dict(outcome="OTHER", outcome_text="death", events=5, total=8, subgroup="NR group")]),
    # counts that add up to the group sized in the sentence before
    ("partition-of-the-group", COHORT + "Among 36 patients followed for two years, 24 reached CR. "
     "At the last visit, 20 patients were alive, 12 had died, and 4 patients were lost to follow-up.",
     [dict(outcome="OTHER", outcome_text="death", events=12, total=36, subgroup="")]),
    # the clause before sizes the group; the printed percent confirms it
    ("clause-before", COHORT + "After the infusion, ten were not bridged to transplant, and four (40%) remained in remission.",
     [dict(outcome="OTHER", outcome_text="sustained remission", events=4, total=10, subgroup="not bridged to transplant")]),
    # the n of a figure's bracket, the group named after it
    ("bracket-n", COHORT + "Median duration of response was 20.1 months (95% CI, 12.0-30.2; n = 30; with 9 patients in ongoing response) in cohort 2.",
     [dict(outcome="OTHER", outcome_text="ongoing response", events=9, total=30, subgroup="cohort 2")]),
    # the clause before is the whole cohort: the count is the cohort's, with no group of its own
    ("clause-before-is-the-cohort", "Forty patients were infused, and 10 (25%) developed infections.",
     [dict(outcome="OTHER", outcome_text="infection", events=10, total=40, subgroup="")]),
    # the sentence's own lead sizes its group: the counts after it are of that group (30 + 10 is not a partition of 40)
    ("lead-is-not-a-part", COHORT + "Of 30 responders, 10 patients experienced infections.",
     [dict(outcome="OTHER", outcome_text="infection", events=10, total=30, subgroup="responders")]),
    # a bracket that counts some of the people of the clause before it
    ("bracket-after-the-clause", COHORT + "Nine patients relapsed after the infusion (4 patients died thereafter).",
     [dict(outcome="OTHER", outcome_text="death", events=4, total=9, subgroup="relapsed after the infusion")]),
]


@pytest.mark.parametrize("text,expected", [c[1:] for c in GROUPS], ids=[c[0] for c in GROUPS])
def test_counts_in_a_group_the_article_sized(text, expected):
    assert_exactly([f for f in extract(text) if f.outcome == "OTHER"], expected)


NO_GROUP = [
    # the counts do not add up to the group before: nothing says what 12 is of
    ("partition-does-not-add-up", "Of 40 patients enrolled, 36 were infused. At the last visit, 20 patients were alive and 12 had died."),
    # a group named with no size
    ("named-group-without-size", COHORT + "By the data cut, 3 deaths occurred in the CR group and 4 in the PR group."),
    # no group named after the bracket
    ("bracket-without-group", "Of 60 enrolled, 52 were infused. Median duration of response was 20.1 months (95% CI, 12.0-30.2; n = 30; with 9 patients in ongoing response)."),
]


@pytest.mark.parametrize("text", [c[1] for c in NO_GROUP], ids=[c[0] for c in NO_GROUP])
def test_no_group_total_without_the_texts_cue(text):
    assert [f for f in extract(text) if f.outcome == "OTHER"] == []


def test_a_percent_that_does_not_confirm_the_clause_before_keeps_no_group():
    """"ten were not bridged ..., and four (25%) remained": 4 is not 25% of 10, so the ten are not its group."""
    text = COHORT + "After the infusion, ten were not bridged to transplant, and four (25%) remained in remission."
    figures = [f for f in extract(text) if f.outcome == "OTHER"]
    assert figures and all(f.total is None and "bridged" not in f.subgroup for f in figures), figures


GRADED_LISTS = [
    # one grade word leads a list of outcomes, each with its value in brackets
    ("grade-leads-the-list", COHORT + "The most common grade 3 or higher adverse events were neutropenia (85%), anemia (45%) and thrombocytopenia (30%).",
     {"neutropenia": ">=3", "anemia": ">=3", "thrombocytopenia": ">=3"}),
    ("grade-with-a-colon", COHORT + "Grade ≥3 hematologic toxicities: neutropenia (70%), anemia (35%), and thrombocytopenia (25%).",
     {"neutropenia": ">=3", "anemia": ">=3", "thrombocytopenia": ">=3"}),
    # a list broken by a clause is not led by the grade word
    ("list-broken-by-a-clause", COHORT + "Grade ≥3 neutropenia occurred in 70%; anemia (35%) was mostly mild.",
     {"neutropenia": ">=3", "anemia": ""}),
]


@pytest.mark.parametrize("text,grades", [c[1:] for c in GRADED_LISTS], ids=[c[0] for c in GRADED_LISTS])
def test_a_grade_leading_a_list_is_every_listed_outcomes(text, grades):
    got = {f.outcome_text: f.grade for f in extract(text) if f.outcome == "OTHER"}
    assert got == grades
