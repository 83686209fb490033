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
     [dict(outcome="RFS", value=0.75, timepoint_months=6.0, subgroup="with CR"),
      dict(outcome="RFS", value=0.555, timepoint_months=12.0, subgroup="with CR")]),
    ("grade-heads-a-list-of-toxicities", COHORT + "Severe cytokine release syndrome (4.5%) and neurotoxicity (9.0%) were uncommon.",
     [dict(outcome="CRS", value=0.045, grade=">=3"), dict(outcome="ICANS", value=0.09, grade=">=3")]),
    ("count-then-achieving-outcome", COHORT + "Of the 60 patients, 50 (83.3%) achieved complete remission with 44 (73.3%) achieving "
     "minimal residual disease negativity.",
     [dict(outcome="CR", value=0.833), dict(outcome="MRD_NEG", value=0.733)]),
    ("plain-count-of-the-stated-cohort", "Forty patients with myeloma were treated with BCMA CAR T cells. "
     "One patient experienced grade 1 neurotoxicity.",
     [dict(outcome="ICANS", events=1, total=40, grade="1")]),
    ("achieved-by-count-of-the-infused", "Of 50 enrolled children, the infusion was given to 44 patients. CR was achieved by 40 pts.",
     [dict(outcome="CR", events=40, total=44)]),
    ("colon-list-of-groups", "Ninety adults with myeloma received BCMA CAR T cells. Overall and complete response rates were as follows: "
     "all treated patients (n = 90), 80% and 60%; patients given the target dose (n = 70), 85% and 64%; and patients "
     "older than 70 years (n = 20), 75% and 50%, respectively.",
     [dict(outcome="ORR", value=0.80, subgroup=""), dict(outcome="CR", value=0.60, subgroup=""),
      dict(outcome="ORR", value=0.85, subgroup="target dose"),
      dict(outcome="CR", value=0.64, subgroup="target dose"),
      dict(outcome="CR", value=0.50, subgroup="patients older than 70 years")]),
    ("mrd-negative-cr-is-two-figures", COHORT + "Of 60 patients, 48 (80.0%) achieved MRD-negative complete remission by day 28.",
     [dict(outcome="MRD_NEG", events=48, total=60), dict(outcome="CR", events=48, total=60)]),
    ("cohort-counted-by-disease-is-mixed", "Twelve patients relapsed after their first CAR-T. The cohort included 8 B-cell ALL, "
     "2 T-cell ALL and 2 plasma cell leukemia patients. Of 12 patients, 9 (75.0%) achieved complete remission.",
     [dict(outcome="CR", events=9, total=12, disease="mixed")]),
    ("toxicity-in-all-patients-of-the-stated-cohort", "Nine patients were enrolled and treated with donor CAR T cells. "
     "Cytokine release syndrome occurred in all patients but was limited to grade 1-2.",
     [dict(outcome="CRS", events=9, total=9, grade=""), dict(outcome="CRS", events=0, total=9, grade=">=3")]),
    ("one-grouping-at-two-levels", "Eighty adults with large B-cell lymphoma received CD19 CAR T cells. The risk score also "
     "predicted 2-year survival (40.5% in score high vs. 70.2% in score low, P < 0.001).",
     [dict(outcome="OS", measure="rate_at", value=0.405, timepoint_months=24.0, subgroup="score high"),
      dict(outcome="OS", measure="rate_at", value=0.702, timepoint_months=24.0, subgroup="score low")]),
    ("than-a-comparator", "Sixty adults with lymphoma received a second CD19 CAR-T infusion. The second infusion gave a higher "
     "overall response rate than other salvage treatments (10/30 vs. 3/30, P=0.03).",
     [dict(outcome="ORR", events=10, total=30, subgroup="", infusion="2"),
      dict(outcome="ORR", events=3, total=30, subgroup="comparator", infusion="")]),
    ("every-count-out-of-one-total", "Grade 3 or higher CRS occurred in 5/30 (16.7%), any CRS in 20/30 and CR in 18/30. "
     "One patient developed grade 2 neurotoxicity.",
     [dict(outcome="ICANS", events=1, total=30)]),
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
    ("grade-does-not-cross-a-plain-list", COHORT + "Severe cytokine release syndrome occurred in 4.5% and neurotoxicity of any grade in 9.0%.",
     dict(outcome="ICANS", grade=">=3")),
    ("count-of-a-described-group-is-not-of-the-cohort", "Forty patients with lymphoma were treated with CD19 CAR T cells. "
     "Four DLBCL patients obtained CR.", dict(outcome="CR", total=40)),
    ("two-cohort-sizes-leave-it-unknown", "Forty patients were treated in the first cohort and 30 patients were treated in the second. "
     "One patient experienced grade 1 neurotoxicity.", dict(outcome="ICANS", events=1)),
    ("enrolled-is-not-infused", "Fifty patients were enrolled and 40 patients were infused. One patient experienced grade 1 neurotoxicity.",
     dict(outcome="ICANS", total=50)),
    ("colon-list-with-a-value-missing", "Ninety adults with myeloma received BCMA CAR T cells. Overall and complete response "
     "rates were as follows: all treated patients (n = 90), 80% and 60%; patients given the target dose (n = 70), 85%, respectively.",
     dict(outcome="CR", value=0.85)),
    ("mrd-negative-cr-beside-a-cr-rate", COHORT + "The CR rate was 80.0% and the MRD-negative CR rate 70.0%.",
     dict(outcome="CR", value=0.70)),
    ("all-patients-without-a-stated-cohort", "Cytokine release syndrome occurred in all patients.", dict(outcome="CRS")),
    ("all-patients-of-a-severe-grade-is-not-low", "Nine patients were enrolled. Cytokine release syndrome occurred in all patients "
     "and was grade 3 in two.", dict(outcome="CRS", events=0)),
    ("two-trials-are-not-two-levels", "Eighty adults with large B-cell lymphoma received CD19 CAR T cells. The 2-year survival "
     "was 50.5% in ALPHA-1 vs. 20.2% in BETA-2.", dict(subgroup="ALPHA-1")),
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
