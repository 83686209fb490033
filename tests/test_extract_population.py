"""Population-aware extraction on passages written for these tests: which group a figure is about.

Each cause of a wrong row seen on real articles has its own cases: the first infusion of a CAR-T
article, arms compared ("x vs y", "in the X arm"), other outcomes (OTHER with its own name),
grades below 3, timepoints, and numbers that are not figures. The passages are made up.
"""
import pytest

from extractors.arms import document_arms, find_arms
from passages import assert_exactly, extract, matches, show

TRIAL = ("In this randomized trial, 200 adults with large B-cell lymphoma were assigned to zeta-cel "
         "or to standard of care (SOC) chemotherapy. ")
PRODUCTS = "We compared two CAR-T products, alpha-cel versus beta-cel, in 300 adults with myeloma. "
SINGLE = "Forty adults with mantle cell lymphoma received one infusion of CD19 CAR T cells. "




CASES = [
    # 1. a CAR-T article that is not about retreatment reports a first infusion
    ("first-infusion", SINGLE + "The complete response rate was 62%.",
     [dict(outcome="CR", value=0.62, infusion="1", arm="")]),
    ("salvage-chemo-is-not-retreatment", SINGLE + "All had relapsed after salvage chemotherapy. The overall response rate was 80%.",
     [dict(outcome="ORR", value=0.80, infusion="1")]),
    ("part-of-cohort-retreated", "Of the 30 patients treated with CD19 CAR T cells, 6 patients received a second infusion later. "
     "Twenty (66.7%) achieved complete remission.",
     [dict(outcome="CR", value=0.667, infusion="1")]),
    # 2. arms: a pair follows the order in which the sentence named the arms
    ("pair-in-named-order", TRIAL + "The overall response rate was higher with zeta-cel vs SOC (81% vs 44%).",
     [dict(outcome="ORR", value=0.81, arm="zeta-cel", infusion="1"),
      dict(outcome="ORR", value=0.44, arm="SOC", infusion="", target="")]),
    ("pair-second-value-same-outcome", TRIAL + "Zeta-cel gave higher complete response rates (60% vs 30%) than SOC.",
     [dict(outcome="CR", value=0.60, arm="Zeta-cel"), dict(outcome="CR", value=0.30, arm="standard of care", infusion="")]),
    ("value-said-of-an-arm", TRIAL + "The 2-year overall survival was 58% in the zeta-cel arm compared to 41% in the SOC arm.",
     [dict(outcome="OS", value=0.58, arm="zeta-cel", timepoint_months=24.0),
      dict(outcome="OS", value=0.41, arm="SOC", infusion="", timepoint_months=24.0)]),
    ("of-each-product", PRODUCTS + "Cytokine release syndrome occurred in 70% of alpha-cel and 55% of beta-cel patients.",
     [dict(outcome="CRS", value=0.70, arm="alpha-cel", infusion="1"), dict(outcome="CRS", value=0.55, arm="beta-cel", infusion="1")]),
    ("unnamed-pair-is-uncertain", TRIAL + "Median event-free survival was 7.5 vs 2.5 months.",
     [dict(outcome="EFS", value=7.5, arm="zeta-cel", flags="uncertain"),
      dict(outcome="EFS", value=2.5, arm="standard of care", infusion="", flags="uncertain")]),
    ("both-groups", TRIAL + "Median overall survival was 20.0 months in both groups.",
     [dict(outcome="OS", value=20.0, arm="zeta-cel"), dict(outcome="OS", value=20.0, arm="standard of care", infusion="")]),
    # OTHER outcomes carry their own short name, and keep a value from a neighbouring outcome
    ("other-named", SINGLE + "Non-relapse mortality was 6% and infections occurred in 30%.",
     [dict(outcome="OTHER", outcome_text="non-relapse mortality", value=0.06),
      dict(outcome="OTHER", outcome_text="infection", value=0.30)]),
    ("other-at-a-time", SINGLE + "Disease-specific survival was estimated at 61% at 3 years.",
     [dict(outcome="OTHER", outcome_text="disease-specific survival", measure="rate_at", value=0.61, timepoint_months=36.0)]),
    ("other-not-crs", SINGLE + "Side effects included CRS (75%) and low calcium, hypocalcemia (40%).",
     [dict(outcome="CRS", value=0.75), dict(outcome="OTHER", outcome_text="hypocalcemia", value=0.40)]),
    ("vgpr-not-pr", SINGLE + "Partial response was 20%, VGPR 35% and complete response 40%.",
     [dict(outcome="PR", value=0.20), dict(outcome="OTHER", outcome_text="VGPR", value=0.35), dict(outcome="CR", value=0.40)]),
    ("count-with-outcome", "Thirty adults with myeloma received BCMA CAR T cells. "
     "The overall response rate was 100%, with 24 (80%) with very good partial response or better and 15 (50%) with complete response.",
     [dict(outcome="ORR", value=1.0), dict(outcome="OTHER", outcome_text="VGPR or better", events=24, total=30),
      dict(outcome="CR", events=15, total=30)]),
    ("graded-adverse-events", SINGLE + "Grade 3 or higher adverse events were seen in 24/40 (60%) patients.",
     [dict(outcome="OTHER", outcome_text="adverse events", grade=">=3", events=24, total=40)]),
    # grades below 3 named before the toxicity
    ("grade-range", SINGLE + "Grade 1-2 neurotoxicity occurred in 10% (4/40) of patients.",
     [dict(outcome="ICANS", grade="1-2", events=4, total=40)]),
    # timepoints: the value's own, then the one attached to the outcome
    ("own-timepoints", SINGLE + "Estimated overall survival rates were 70% at 2 years and 55% at 4 years.",
     [dict(outcome="OS", value=0.70, timepoint_months=24.0), dict(outcome="OS", value=0.55, timepoint_months=48.0)]),
    ("follow-up-is-no-timepoint", SINGLE + "After a median follow-up of 15.5 months, the 12-month progression-free survival was 48%.",
     [dict(outcome="PFS", value=0.48, timepoint_months=12.0)]),
    # words and compound outcome names
    ("overall-and-complete", SINGLE + "Overall and complete response rates were 85% and 64%, respectively.",
     [dict(outcome="ORR", value=0.85), dict(outcome="CR", value=0.64)]),
    ("remission-rate", SINGLE + "The overall remission rate was 77%.", [dict(outcome="ORR", value=0.77)]),
    # populations named in the sentence; an en dash inside a compound keeps the sentence
    ("numbered-cohort", SINGLE + "Median overall survival was 30.5 months in cohort 2.",
     [dict(outcome="OS", value=30.5, subgroup="cohort 2")]),
    ("car-naive", "Twenty children with ALL, some after a prior CAR-T, received CD19/CD22 CAR T cells. "
     "Complete response was 70% (7 of 10) in CAR-naive patients.",
     [dict(outcome="CR", events=7, total=10, subgroup="CAR-naive", infusion="1")]),
    ("en-dash-compound", SINGLE + "The median duration of response in MRD–negative responders was 41.0 months.",
     [dict(outcome="DOR", value=41.0, subgroup="MRD-negative responders")]),
    ("assessed-at-a-week", SINGLE + "Progressive disease at week 4 was seen in 12% of patients.",
     [dict(outcome="PD", value=0.12, measure="proportion", timepoint_months=None)]),
    ("remaining-relapse-free", SINGLE + "Overall, 52% of patients were remaining relapse-free at 12 months.",
     [dict(outcome="RFS", value=0.52, timepoint_months=12.0)]),
    ("unnamed-pair-without-arms", SINGLE + "The response rate was higher than with prior therapies (8/20 vs. 3/30, P = 0.02).",
     [dict(outcome="ORR", events=8, total=20, flags="uncertain"), dict(outcome="ORR", events=3, total=30, flags="uncertain")]),
    ("timepoint-list", SINGLE + "The 6- and 12-month progression-free survival estimates were 70% (95% CI, 60 to 80) and 52%.",
     [dict(outcome="PFS", value=0.70, timepoint_months=6.0), dict(outcome="PFS", value=0.52, timepoint_months=12.0)]),
    ("comparison-without-arms-named", TRIAL + "Response rates were 80% and 60% in the first trial vs 40% and 20% in the second.",
     [dict(value=0.80, flags="uncertain"), dict(value=0.60, flags="uncertain"),
      dict(value=0.40, flags="uncertain"), dict(value=0.20, flags="uncertain")]),
    ("slash-pairs", SINGLE + "The 24-month EFS/OS rates were 53.2% / 55.5%.",
     [dict(outcome="EFS", value=0.532, timepoint_months=24.0), dict(outcome="OS", value=0.555, timepoint_months=24.0)]),
    # two values of one outcome for what reads as one group: the sentence did not tell the groups apart
    ("same-group-twice", SINGLE + "Median overall survival was 30.2 months (95% CI, 20.1 to 40.3) and 12.4 months in the follow-up cohort.",
     [dict(outcome="OS", value=30.2, flags="uncertain"), dict(outcome="OS", value=12.4, flags="uncertain")]),
    ("said-twice-is-not-two", SINGLE + "Eleven of 15 patients went into complete remission, or 73%.",
     [dict(outcome="CR", events=11, total=15, flags="")]),
    ("follow-up-pair-is-no-figure", SINGLE + "Median follow-up was 6.7 months vs. 4.7 months in the two groups.", []),
    ("sustained-remission", SINGLE + "Of the 20 patients in remission, 15 (75%) remained in remission at one year.",
     [dict(outcome="OTHER", outcome_text="sustained remission", events=15, total=20)]),
    ("and-pairs-with-trailing-group", SINGLE + "Median duration of response and progression-free survival were 30.1 months "
     "(95% CI, 20.0 to 40.0) and 22.4 months (95% CI, 15.0 to 30.0) in cohort 2.",
     [dict(outcome="DOR", value=30.1, subgroup="cohort 2"), dict(outcome="PFS", value=22.4, subgroup="cohort 2")]),
    ("cns-toxicity", SINGLE + "Central nervous system toxicity occurred in 5% of patients.", [dict(outcome="ICANS", value=0.05)]),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_passage_gives_figures(name, text, expected):
    assert_exactly(extract(text), expected)


# 3. numbers that are not figures
MUST_NOT = [
    ("relative-risk", TRIAL + "There was a 35% reduction in the risk of death with zeta-cel.", dict(value=0.35)),
    ("ci-bound", SINGLE + "Median progression-free survival was 14.0 months (95% CI = 10.2 months to not reached).", dict(value=10.2)),
    ("disease-state-at-treatment", SINGLE + "Patients were treated in first relapse (45%) or with refractory disease (55%).",
     dict(outcome="RELAPSE")),
    ("approval-study", SINGLE + "The product was approved on the basis of a phase II trial, which showed a 93% overall response rate.",
     dict(value=0.93)),
    ("relapsed-refractory-is-a-state", SINGLE + "Of the patients with relapsed/refractory disease, 60% responded.", dict(outcome="RELAPSE")),
    ("not-evaluable", "Of the 25 patients infused with CD19 CAR T cells, 2 patients could not be evaluated, and 18 achieved CR.",
     dict(events=2)),
    ("longest-duration", SINGLE + "Median duration of response was not reached (maximum DOR was 31 months).", dict(value=31.0)),
    ("abbreviated-patients-in-remission", SINGLE + "Six pts in remission went on to transplant.", dict(outcome="CR")),
    ("went-to-transplant", SINGLE + "Of those in remission, nine were not bridged to transplant.", dict(events=9)),
    ("crossover", TRIAL + "Crossover from the SOC arm (48%) to zeta-cel was allowed on progression.", dict(value=0.48)),
    ("follow-up-after-bracket", SINGLE + "With 40.2 months (95% CI, 35.0 to 44.1) of median follow-up, the median overall survival was 30.5 months.",
     dict(value=40.2)),
]


@pytest.mark.parametrize("name,text,unwanted", MUST_NOT, ids=[c[0] for c in MUST_NOT])
def test_passage_does_not_give(name, text, unwanted):
    assert not any(matches(f, unwanted) for f in extract(text)), show(extract(text))


ARMS = [
    ("product-vs-standard", "Zeta-cel versus standard of care improved survival.", [("Zeta-cel", True), ("standard of care", False)]),
    ("two-products", "Alpha-cel, compared with beta-cel, gave more responses.", [("Alpha-cel", True), ("beta-cel", True)]),
    ("abbreviation-restates", "Zeta-cel was compared to standard-of-care (SOC) in a trial.", [("Zeta-cel", True), ("standard-of-care", False)]),
    ("no-comparison", "Forty adults received zeta-cel; 60% responded.", []),
    ("negated-car-t", "A benefit was seen over non-CAR T-cell regimens in lymphoma.", []),
]


@pytest.mark.parametrize("name,text,expected", ARMS, ids=[a[0] for a in ARMS])
def test_document_arms(name, text, expected):
    assert [(a.name, a.car_t) for a in document_arms(text)] == expected


def test_commercial_product_is_not_a_comparator():
    """"standard-of-care cilta-cel" means the approved product, not a standard-of-care arm."""
    arms = find_arms("Outcomes of standard-of-care gamma-cel in 200 patients.")
    assert [(a.name, a.car_t) for a in arms] == [("gamma-cel", True)]
