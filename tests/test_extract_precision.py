"""Precision: rows that must not be written, and figures bound to their own group, on passages
written for these tests (made up; each case names the way authors write that once gave a wrong row).

A wrong row is worse than a missing one: a number that is not a figure of that group (an
interval's level, a window of time, a mean whose spread lost its sign, a background study's
result) must give no row at all, and a figure of a subgroup must carry the subgroup.
"""
import pytest

from extractors.study_arms import study_kinds
from passages import assert_exactly, extract, matches, show

SINGLE = "Forty adults with mantle cell lymphoma received one infusion of CD19 CAR T cells. "
LEUKEMIA = "Sixty children with B-cell acute lymphoblastic leukemia received CD19 CAR T cells. "



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
    # relapse-free survival is counted among responders by definition: a median "for patients in CR"
    # is the cohort's; a rate the text gives as "x% of responders" keeps them
    ("median-rfs-of-complete-responders", "Twenty adults with ALL were retreated with a second CAR-T infusion. For patients "
     "in CR after the second infusion, median RFS was 9.0 months (95% CI, 6.0 to 13.0 months).",
     [dict(outcome="RFS", measure="median", value=9.0, subgroup="")]),
    # a grade word that leads a list of toxicities, each with its value, grades every one of them
    ("grade-leads-a-list", LEUKEMIA + "The product showed a low incidence of severe cytokine release syndrome (3.1%) and "
     "neurotoxicity (6.2%) compared to older therapies.",
     [dict(outcome="CRS", grade=">=3", value=0.031), dict(outcome="ICANS", grade=">=3", value=0.062)]),
    # a grade named before a toxicity is that toxicity's, not the value before it
    ("grade-of-the-next-toxicity", LEUKEMIA + "Cytokine release syndrome (80%) and grade 3 or higher neurotoxicity (6.2%) were seen.",
     [dict(outcome="CRS", grade="", value=0.80), dict(outcome="ICANS", grade=">=3", value=0.062)]),
    # a figure counted among part of the cohort keeps that part
    ("not-bridged-to-transplant", LEUKEMIA + "Among the patients who received CAR-T therapy, nine were not bridged to allo-HSCT, "
     "and six (67%) remained in remission with a median follow-up of 20.0 months.",
     [dict(outcome="OTHER", value=0.67, subgroup="not bridged to transplant")]),
    ("relapse-free-among-responders", LEUKEMIA + "The overall remission rate was 80%, with 60% of responders remaining relapse-free at 12 months.",
     [dict(outcome="ORR", value=0.80, subgroup=""),
      dict(outcome="RFS", measure="rate_at", value=0.60, timepoint_months=12.0, subgroup="responders")]),
    ("with-and-without-prior-therapy", "A pooled analysis of 12 studies of GPRC5D CAR T cells in 300 adults with myeloma. "
     "The pooled ORR was 85% (95% CI [80-90%]), with 70% (95% CI [60-80%]) for those with prior BCMA-targeted therapy "
     "and 90% (95% CI [80-99%]) for those without.",
     [dict(outcome="ORR", value=0.85, subgroup=""), dict(outcome="ORR", value=0.70, subgroup="with prior therapy", infusion="1"),
      dict(outcome="ORR", value=0.90, subgroup="without prior therapy", infusion="1")]),
    # a cohort listed as several diseases is mixed, even when one of them dominates the text
    ("cohort-listed-as-several-diseases", "Six patients with hematological malignancies relapsed after a first CAR-T. "
     "The cohort included 4 B-cell ALL, 1 T-cell ALL, and 1 plasma cell leukemia patients. "
     "Among 6 patients, 5 (83.3%) achieved MRD-negative complete remission after a second CAR-T infusion.",
     [dict(outcome="MRD_NEG", events=5, total=6, disease="mixed"),
      dict(outcome="CR", events=5, total=6, disease="mixed")]),  # an MRD-negative CR is a CR too
    # a value's outcome may follow it as "-ing" words: "with 20 (71%) achieving MRD negativity"
    ("outcome-after-an-ing-verb", "Of the 28 patients who received CD19 CAR T cells, 25 (89.3%) achieved complete remission (CR) "
     "with 20 (71.4%) achieving minimal residual disease (MRD) negativity.",
     [dict(outcome="CR", events=25), dict(outcome="MRD_NEG", events=20)]),
    # a response category as the subject of a clause names the group of every value of the clause;
    # slash-joined values take slash-joined outcomes; a median has no timepoint
    ("response-as-clause-subject", LEUKEMIA + "Month 3 CR yielded median EFS/OS not evaluable, with 24-month EFS/OS of "
     "51.2%/54.5%, whereas month 3 CRi showed median OS of 40.6 months and 24-month EFS/OS of 70.9%/80.3%.",
     [dict(outcome="EFS", value=0.512, subgroup="with CR", timepoint_months=24.0),
      dict(outcome="OS", value=0.545, subgroup="with CR", timepoint_months=24.0),
      dict(outcome="OS", measure="median", value=40.6, subgroup="with CRi", timepoint_months=None),
      dict(outcome="EFS", value=0.709, subgroup="with CRi", timepoint_months=24.0),
      dict(outcome="OS", value=0.803, subgroup="with CRi", timepoint_months=24.0)]),
    ("best-response-of-cri", LEUKEMIA + "In patients who had a BOR of CR with incomplete hematologic recovery (CRi) at month 3 "
     "(n = 20), the median EFS was 40.6 months (95% CI, 17.9-NE), and the median OS was 41.6 months (95% CI, 27.6-NE).",
     [dict(outcome="EFS", measure="median", value=40.6, subgroup="with CRi", timepoint_months=None),
      dict(outcome="OS", measure="median", value=41.6, subgroup="with CRi", timepoint_months=None)]),
    # one group named before a "respectively" list is every listed value's group
    ("group-before-a-list", "Twenty children with B-ALL received CD19/CD22 CAR T cells. The 6- and 12-month RFS in those "
     "achieving CR was 80.1% (95% CI: 42.4%-94.9%) and 57.2% (95% CI: 22.1%-81.9%), respectively.",
     [dict(outcome="RFS", value=0.801, timepoint_months=6.0, subgroup="with CR"),
      dict(outcome="RFS", value=0.572, timepoint_months=12.0, subgroup="with CR")]),
    ("of-those-reaching-cr-is-the-outcome", "Twelve adults with CLL received a second infusion. Only four of ten CLL "
     "patients responded, with three of those reaching complete remission (CR).",
     [dict(outcome="ORR", events=4, total=10, subgroup=""), dict(outcome="CR", events=3, subgroup="")]),
    # outcomes named before a colon, then groups each with one value per outcome, items split by ";"
    ("colon-list-of-groups", "In 236 adults with myeloma who received zeta-cel, overall and complete response rates were as "
     "follows: all patients who received zeta-cel (N = 236), 88% and 71%; patients receiving the fresh product (n = 191), "
     "93% and 75%; and the fresh product after short lymphodepletion (n = 152), 96% and 77%, respectively.",
     [dict(outcome="ORR", value=0.88, subgroup=""), dict(outcome="CR", value=0.71, subgroup=""),
      dict(outcome="ORR", value=0.93, subgroup="fresh product"), dict(outcome="CR", value=0.75, subgroup="fresh product"),
      dict(outcome="ORR", value=0.96, subgroup="fresh product after short lymphodepletion"),
      dict(outcome="CR", value=0.77, subgroup="fresh product after short lymphodepletion")]),
    # a pair after the CAR-T was set against a comparator: the second value is the comparator's
    ("pair-after-than-a-comparator", "Sixty adults with lymphoma were retreated after failure of a first CD19 product. "
     "Re-treatment as salvage achieved a better overall response rate (ORR) than other salvage treatments in a minority "
     "of patients (9/27 vs. 3/34, P=0.014).",
     [dict(outcome="ORR", events=9, total=27, subgroup="", infusion="2", flags=""),
      dict(outcome="ORR", events=3, total=34, subgroup="comparator", infusion="", flags="")]),
    # studies named as the groups compared: a CAR-T study against an external cohort
    ("values-in-named-studies", "The ABC-1 study of zeta-cel, a CD19 CAR T-cell therapy, enrolled 101 adults with LBCL. "
     "The XYZ-2 cohort of 400 adults was treated with conventional chemotherapy. The objective response rate (ORR) and "
     "complete response rate were 81% and 52% in ABC-1 vs 36% and 11% in XYZ-2, respectively. The 2-year survival rate "
     "was 52% in ABC-1 and 21% in XYZ-2.",
     [dict(outcome="ORR", value=0.81, arm="ABC-1", infusion="1", flags=""), dict(outcome="CR", value=0.52, arm="ABC-1", infusion="1"),
      dict(outcome="ORR", value=0.36, arm="XYZ-2", infusion=""), dict(outcome="CR", value=0.11, arm="XYZ-2", infusion=""),
      dict(outcome="OS", value=0.52, arm="ABC-1", infusion="1"), dict(outcome="OS", value=0.21, arm="XYZ-2", infusion="")]),
    # one study named alone is where the figures come from, not an arm
    ("single-named-study", "The ABC-1 study of zeta-cel, a CD19 CAR T-cell therapy, enrolled 101 adults with LBCL. "
     "The 2-year survival rate was 52% in ABC-1.",
     [dict(outcome="OS", value=0.52, arm="", infusion="1")]),
    # an excerpt cut mid-sentence: a value whose words stop before naming what was counted gives no row
    ("cut-before-the-outcome", "In 115 adults with LBCL given CD19 CAR T cells, the overall response rate was 53.0% "
     "(61 of 115 patients), with 45 (39%) patients having a",
     [dict(outcome="ORR", events=61, total=115)]),
    ("not-cut", "In 115 adults with LBCL given CD19 CAR T cells, the overall response rate was 53.0% "
     "(61 of 115 patients), with 45 (39%) patients having a complete response.",
     [dict(outcome="ORR", events=61, total=115), dict(outcome="CR", events=45, total=115)]),
    # a comparator named after a comparison word is the other side, not the group of the values
    ("compared-with-a-comparator-first", "Forty adults with LBCL received CD19 CAR T cells. Compared with the control group, "
     "ORR and CR rates were 80% and 50%, respectively.",
     [dict(outcome="ORR", value=0.80, subgroup="", infusion="1"), dict(outcome="CR", value=0.50, subgroup="", infusion="1")]),
    ("compared-with-a-comparator-after", "Forty adults with LBCL received CD19 CAR T cells. The CR rate was 60% compared with "
     "the control group.", [dict(outcome="CR", value=0.60, subgroup="", infusion="1")]),
    ("rate-with-window-kept", SINGLE + "Overall survival was 58% at 3 years (most deaths occurred within the first 2 years).",
     [dict(outcome="OS", measure="rate_at", value=0.58, timepoint_months=36.0)]),
    # "the proportion of X" names X: it is not "the proportion" of the outcome before (here, death)
    ("proportion-of-names-its-own-outcome", "Adults were randomised to drug or placebo. Death occurred in 4 of 100 patients. "
     "The proportion of babies delivered before 36 weeks was similar in both study groups (120/400 [30.0%] in the drug group "
     "and 118/390 [30.3%] in the placebo group).",
     [dict(outcome="OTHER", outcome_text="death", events=4, total=100),
      dict(outcome="OTHER", outcome_text="babies delivered before 36 weeks", events=120, total=400, arm="drug group"),
      dict(outcome="OTHER", outcome_text="babies delivered before 36 weeks", events=118, total=390, arm="placebo group")]),
]


@pytest.mark.parametrize("name,text,expected", FIGURES, ids=[c[0] for c in FIGURES])
def test_passage_gives_only_these(name, text, expected):
    assert_exactly(extract(text), expected)


STUDIES = [
    ("car-t-and-external", "The ABC-1 trial of zeta-cel CAR T cells. The XYZ-2 patients had chemotherapy.", {"ABC-1": True, "XYZ-2": False}),
    ("both-therapies-said-of-one", "The ABC-1 trial compared zeta-cel with standard of care.", {}),
    ("no-therapy-said", "Results of ABC-1 at 5 years.", {}),
    ("not-a-study", "During COVID-19, zeta-cel CAR T cells were given.", {}),
]


@pytest.mark.parametrize("name,text,kinds", STUDIES, ids=[c[0] for c in STUDIES])
def test_study_kinds(name, text, kinds):
    assert study_kinds(text) == kinds
