"""The outcome extractor on short passages written for these tests: how authors report figures.

Each case is a passage and the figures it must give (only the fields named are checked), or
must not give. The passages are made up; none is taken from the seeds or the bundled corpus.
"""
import pytest

from passages import extract, matches

RETREATED = "Twenty patients received a second infusion of the same CD19 CAR T-cell product after the first failed. "



CASES = [
    # value before its outcome: the value is the subject
    ("ps-subject-first", RETREATED + "Overall, 45% responded and 25% had a complete response.",
     [dict(outcome="ORR", value=0.45, infusion="2"), dict(outcome="CR", value=0.25, infusion="2")]),
    ("counts-then-outcomes", RETREATED + "Five patients (5/20) were in complete remission and four more (4/20) had a partial remission.",
     [dict(outcome="CR", events=5, total=20), dict(outcome="PR", events=4, total=20)]),
    # words and digits, and a breakdown sharing the printed total
    ("words-and-breakdown", RETREATED + "Nine of 20 (45%) responded, six with a complete response and three with a partial response.",
     [dict(outcome="ORR", events=9, total=20), dict(outcome="CR", events=6, total=20), dict(outcome="PR", events=3, total=20)]),
    # a paired-infusion list without "respectively"
    ("paired-infusions", RETREATED + "Grade 3 or higher CRS complicated 12% of first and 15% of second infusions.",
     [dict(outcome="CRS", value=0.12, infusion="1", grade=">=3"), dict(outcome="CRS", value=0.15, infusion="2", grade=">=3")]),
    # values listed before their groups
    ("values-before-groups", "We retreated 30 adults with ALL, NHL or CLL with a second CD19 CAR-T infusion. "
     "Median response durations were 3, 8 and 20 months for ALL, NHL and CLL, respectively.",
     [dict(outcome="DOR", value=3.0, disease="ALL"), dict(outcome="DOR", value=8.0, disease="NHL"), dict(outcome="DOR", value=20.0, disease="CLL")]),
    # lay complete response
    ("lay-cr", RETREATED + "The lymphoma vanished in 7 of the 20 patients.",
     [dict(outcome="CR", events=7, total=20)]),
    # a full share
    ("every-one-of", RETREATED + "Every one of the four patients whose blasts were CD22-negative went into complete remission.",
     [dict(outcome="CR", events=4, total=4, subgroup="CD22-negative")]),
    ("all-n", RETREATED + "All 6 patients with CD19-dim disease achieved CR.",
     [dict(outcome="CR", events=6, total=6, subgroup="CD19-dim")]),
    # a composition is not an outcome
    ("composition", RETREATED + "Eleven of the 14 patients in CR had received a higher second dose.", []),
    # a comparator arm
    ("comparator", "After CD19 CAR-T failure, 40 patients received CD22 CAR T cells and 30 received chemotherapy. "
     "CR was 35% with CD22 CAR-T vs 10% without (P = .01).",
     [dict(outcome="CR", value=0.35, subgroup="", infusion="2"), dict(outcome="CR", value=0.10, subgroup="comparator", infusion="")]),
    # by response to the first infusion
    ("after-first-response", RETREATED + "Four of 5 patients whose best first response was CR responded again, compared with 1 of 6 whose best first response was PR.",
     [dict(outcome="ORR", events=4, total=5, subgroup="after first CR", infusion="2"),
      dict(outcome="ORR", events=1, total=6, subgroup="after first PR", infusion="2")]),
    # a comparison by CR status, the unnamed side the complement
    ("with-without-cr", RETREATED + "The 12-month cumulative incidence of relapse was 20% for patients with CR and 55% for those without.",
     [dict(outcome="RELAPSE", value=0.20, subgroup="with CR", timepoint_months=12.0),
      dict(outcome="RELAPSE", value=0.55, subgroup="without CR", timepoint_months=12.0)]),
    # "Of N who ..., x relapsed": the prefix is who was counted
    ("prefix-who", RETREATED + "Of the 9 who went into remission, 4 later relapsed.",
     [dict(outcome="RELAPSE", events=4, total=9)]),
    # a dose subgroup
    ("dose-subgroup", "CD22 CAR T cells were given after CD19 CAR-T failure. Of the 10 patients treated at doses of at least 3 × 10^6 cells/kg, 8 (80%) reached CR.",
     [dict(outcome="CR", events=8, total=10, subgroup="dose >=3x10^6 cells/kg")]),
    # grades: a lone low grade qualifies all the events; a grade list keeps only >=3
    ("grade-any", RETREATED + "CRS occurred in 15 of 20 patients and reached grade 3 in two.",
     [dict(outcome="CRS", events=15, total=20, grade="any"), dict(outcome="CRS", events=2, total=20, grade=">=3")]),
    ("grade-list", RETREATED + "Neurotoxicity of grade 3 and grade 1 occurred in two and four of the 20 patients, respectively.",
     [dict(outcome="ICANS", events=2, total=20, grade=">=3")]),
    # a rate at a timepoint that is a median restated
    ("median-restated", RETREATED + "Half of the patients were alive 11 months after the second infusion (median overall survival 11 months).",
     [dict(outcome="OS", measure="median", value=11.0)]),
    # a CR rate at a timepoint
    ("cr-rate-at", RETREATED + "The estimated CR rate at 12 months was 60%.",
     [dict(outcome="CR", measure="rate_at", value=0.60, timepoint_months=12.0)]),
    # a figure said twice is one figure
    ("restated", RETREATED + "CR was reached by 8 of 20 (40%). In all, 40% reached CR.",
     [dict(outcome="CR", events=8, total=20)]),
    ("rounded-restatement", RETREATED + "The second dose put six of the twelve children with relapse back into remission - one in two.",
     [dict(outcome="CR", events=6, total=12)]),
    # coordinated subjects share a later predicate
    ("shared-predicate", RETREATED + "At one year, 40% of responders and 10% of non-responders were still alive.",
     [dict(outcome="OS", value=0.40, subgroup="responders", timepoint_months=12.0),
      dict(outcome="OS", value=0.10, subgroup="non-responders", timepoint_months=12.0)]),
    # a lead names the group of the values after it
    ("lead-group", RETREATED + "In the pre-emptive group, 7 of 12 reinfusions were followed by CR.",
     [dict(outcome="CR", events=7, total=12, subgroup="relapse prevention")]),
    # "In this group": the group of the sentence before
    ("anaphoric-group", RETREATED + "Patients in remission could then be bridged to allogeneic transplantation. "
     "In this group, LFS at 2 years was 55%.",
     [dict(outcome="LFS", value=0.55, timepoint_months=24.0, subgroup="bridged to transplant")]),
    # a denominator printed with a percent, and the subgroup it names
    ("all-enrolled", RETREATED + "CR was reached by 12 of the 16 evaluable patients (75%), which corresponds to 60.0% of all 20 enrolled patients.",
     [dict(outcome="CR", events=12, total=16, subgroup=""), dict(outcome="CR", value=0.60, total=20, subgroup="all enrolled")]),
    # a semicolon clause that goes on with a pronoun keeps the outcome; a lay count takes the printed total
    ("pronoun-clause", RETREATED + "Nearly all (19 of 20) developed CRS; it became severe in two patients.",
     [dict(outcome="CRS", events=19, total=20, grade="any"), dict(outcome="CRS", events=2, total=20, grade=">=3")]),
    # relapse among responders carries no responder subgroup
    ("conditional-outcome", RETREATED + "Of the 9 patients in CR, 5 (55.6%) relapsed.",
     [dict(outcome="RELAPSE", events=5, total=9, subgroup="")]),
    # "did not respond (0/1)": nobody responded
    ("zero-responders", RETREATED + "The one patient with progressive disease after the first infusion did not respond (0/1).",
     [dict(outcome="ORR", events=0, total=1, subgroup="after first PD", infusion="2")]),
    # a line break inside "x of y"
    ("wrapped-count", RETREATED + "Children whose leukemia had completely disappeared after the first infusion did best: four of\nfive responded again.",
     [dict(outcome="ORR", events=4, total=5, subgroup="after first CR")]),
    # the outcome noun right after a count is what it counts; "with" after a percent is another figure
    ("count-noun", RETREATED + "Of 20 evaluable patients, 11 (55%) achieved an objective response, including 6 (30%) complete responses.",
     [dict(outcome="ORR", events=11, total=20), dict(outcome="CR", events=6, total=20)]),
    ("with-after-percent", RETREATED + "The ORR was 60% (95% CI, 36-81%) with a CR rate of 35%.",
     [dict(outcome="ORR", value=0.60, ci_low=0.36, ci_high=0.81), dict(outcome="CR", value=0.35)]),
    # a grade before a list of toxicities applies to each
    ("graded-list", RETREATED + "Grade 3 or higher CRS and ICANS occurred in 10% and 5% of patients, respectively.",
     [dict(outcome="CRS", value=0.10, grade=">=3"), dict(outcome="ICANS", value=0.05, grade=">=3")]),
    ("responses-observed", "Thirty adults with ALL or NHL were retreated with CD19 CAR T cells. "
     "Responses were observed in 4/12 (33%) patients with ALL and 9/18 (50%) with NHL.",
     [dict(outcome="ORR", events=4, total=12, disease="ALL"), dict(outcome="ORR", events=9, total=18, disease="NHL")]),
    # the cohort's size, confirmed by the printed percent
    ("cohort-total", RETREATED + "Eight patients (40%) relapsed.", [dict(outcome="RELAPSE", events=8, total=20)]),
    # a paragraph about one disease of a mixed cohort
    ("paragraph-disease", "The study retreated 40 adults with B-cell malignancies; eight had CLL.\n\n"
     "Among the CLL patients, 25% had a complete response. For those who responded, the median duration of response "
     "was 20 months, far longer than in the ALL patients.",
     [dict(outcome="CR", value=0.25, disease="CLL"), dict(outcome="DOR", value=20.0, disease="CLL")]),
    # response to the first infusion; primary non-responders
    ("first-response-groups", "Of 30 patients who progressed after a first CAR-T infusion, 12 were retreated with the same product. "
     "Patients who had responded to the first infusion were more likely to respond again (4/6, 66.7%) than primary "
     "non-responders (1/6, 16.7%).",
     [dict(outcome="ORR", events=4, total=6, subgroup="after first response", infusion="2"),
      dict(outcome="ORR", events=1, total=6, subgroup="after non-response", infusion="2")]),
    # "No patient had ...": none of the retreated cohort; grades told apart make the ungraded figure any-grade
    ("no-patient", "Of 30 patients who progressed after a first CAR-T infusion, 12 were retreated with the same product. "
     "No patient had grade 3 or higher CRS after retreatment. Neurotoxicity occurred in 3 patients (25%); none was grade 3 or higher.",
     [dict(outcome="CRS", events=0, total=12, grade=">=3"), dict(outcome="ICANS", events=3, total=12, grade="any")]),
    # a follow-up duration is not a value, and a comma ends its reach
    ("follow-up-comma", RETREATED + "At a median follow-up of 9 months, the median PFS was 2.8 months (95% CI, 1.9-4.2).",
     [dict(outcome="PFS", measure="median", value=2.8, ci_low=1.9, ci_high=4.2)]),
    ("retreated-for-relapse", RETREATED + "Of 9 patients retreated for CD19-positive relapse, 4 responded.",
     [dict(outcome="ORR", events=4, total=9, subgroup="after relapse")]),
    # a bracketed comparison has its own infusion
    ("bracketed-comparison", RETREATED + "CAR T cells were detected in 18/20 patients after CART2 (compared to only 9/20 prior to CART2).",
     [dict(outcome="CAR_DETECTED", events=18, total=20, infusion="2"), dict(outcome="CAR_DETECTED", events=9, total=20, infusion="1")]),
    # "after the first, ...; after the second, ..." in a planned sequence
    ("elliptic-infusions", "Children received CD19 CAR T cells followed by a scheduled CD22 CAR T-cell infusion in remission. "
     "After the first infusion, 20 of 24 (83%) achieved CR; after the second, 18 of 20 (90%) were MRD negative.",
     [dict(outcome="CR", events=20, total=24, infusion="1"), dict(outcome="MRD_NEG", events=18, total=20, infusion="2")]),
    # a grade reads forwards; the ungraded side of a graded pair counts every grade
    ("structured-toxicity", RETREATED + "Toxicity: CRS 60% (grade 3 or higher, 10%); ICANS 15% (grade 3 or higher, 5%).",
     [dict(outcome="CRS", value=0.60, grade="any"), dict(outcome="CRS", value=0.10, grade=">=3"),
      dict(outcome="ICANS", value=0.15, grade="any"), dict(outcome="ICANS", value=0.05, grade=">=3")]),
    ("bullets", RETREATED + "\n\nKey results:\n- ORR: 45% (9/20)\n- CR rate: 25% (5/20)\n- Median DOR: 5.5 months\n- 1-year OS: 48%\n",
     [dict(outcome="ORR", events=9, total=20), dict(outcome="CR", events=5, total=20),
      dict(outcome="DOR", measure="median", value=5.5), dict(outcome="OS", measure="rate_at", value=0.48, timepoint_months=12.0)]),
    # an elliptic breakdown ("and 8 a PR"), a lead with a disease, complementary lymphodepletion groups, timepoint lists
    ("elliptic-breakdown", RETREATED + "Of the 20 patients, 9 (45%) responded: 5 had a CR and 4 a PR.",
     [dict(outcome="ORR", events=9, total=20), dict(outcome="CR", events=5, total=20), dict(outcome="PR", events=4, total=20)]),
    ("lead-with-disease", "Thirty adults with ALL, NHL or CLL were retreated with CD19 CAR T cells. "
     "Among the 8 CLL patients, three responded, including two with complete responses.",
     [dict(outcome="ORR", events=3, total=8, disease="CLL"), dict(outcome="CR", events=2, total=8, disease="CLL")]),
    ("cy-flu-complement", RETREATED + "Response rates were higher after Flu/Cy lymphodepletion (55% vs 10%, P = .01).",
     [dict(outcome="ORR", value=0.55, subgroup="Cy-Flu"), dict(outcome="ORR", value=0.10, subgroup="non-Cy-Flu")]),
    ("timepoint-list", RETREATED + "Overall survival at 1 and 2 years was 60% and 45%, respectively.",
     [dict(outcome="OS", value=0.60, timepoint_months=12.0), dict(outcome="OS", value=0.45, timepoint_months=24.0)]),
    # lay writing: counts of people out of the cohort, 'no sign of', 'a second round'
    ("lay-news", "When doctors gave a second round of the same CAR T cells to 30 people whose lymphoma had returned, "
     "the cancer shrank or disappeared in 12 of them. In seven, scans showed no sign of lymphoma. "
     "Serious cytokine release syndrome occurred in three people, and two had severe neurological side effects.",
     [dict(outcome="ORR", events=12, total=30, infusion="2"), dict(outcome="CR", events=7, total=30),
      dict(outcome="CRS", events=3, total=30, grade=">=3"), dict(outcome="ICANS", events=2, total=30, grade=">=3")]),
    # a restated duration is one figure
    ("restated-duration", RETREATED + "Responses were short: the median was 75 days - under three months.",
     [dict(outcome="DOR", measure="median", value=75 / 30.4375)]),
    # read by the number layer (they were mended after it): hard-wrapped lines, the same group
    # counted again, "every one of", a natural frequency with its percent, numbers standing for people
    ("wrapped-percent", RETREATED + "At relapse the leukemia was antigen-negative in 3 (15%), antigen-dim in 7\n(35%) and "
     "antigen-positive in 10.", [dict(outcome="ANTIGEN_NEG", events=3, total=20), dict(outcome="ANTIGEN_DIM", events=7, total=20)]),
    ("wrapped-none-of", RETREATED + "Among children treated after relapse, none of\n  the eight went into remission.",
     [dict(outcome="CR", events=0, total=8, subgroup="after relapse")]),
    ("same-group", RETREATED + "That is lower than after the first round, when 18 of the same 20 had gone into\nremission.",
     [dict(outcome="CR", events=18, total=20)]),
    ("one-in-n-percent", RETREATED + "For about one in five patients (20%) the cancer became undetectable.",
     [dict(outcome="CR", value=0.20, events=None, total=None)]),
    ("subject-count", RETREATED + "Of the 15 children given the higher dose, 12 went into complete remission.",
     [dict(outcome="CR", events=12, total=15)]),
    ("object-count", RETREATED + "CRS occurred in 18 of 20 and reached grade 4 in one; no other patient had CRS above grade 2.",
     [dict(outcome="CRS", events=18, total=20, grade="any"), dict(outcome="CRS", events=1, total=20, grade=">=3")]),
]

MUST_NOT = [
    # nobody of a group the text does not count: not 0 of the cohort
    ("no-patient-with", RETREATED + "No patient with CD19-negative disease responded.", dict(total=20)),
    ("year-is-no-count", RETREATED + "The results were published in 2019.", dict(events=2019)),
    ("group-sizes", RETREATED + "The others were retreated because the leukemia had come back (12 children) or had never gone away "
     "(8 children).", dict(outcome="RELAPSE")),
    ("planned-sequence", "Patients received CD19 CAR T cells and then, as planned from the outset, CD22 CAR T cells in remission. "
     "Of 12 patients, 11 (91.7%) reached CR after the CD19 infusion.", dict(infusion="2")),
    ("never-remission", "About half of such patients never go into remission.", dict(outcome="CR")),
    ("product-name", RETREATED + "Responses to CD20-SD-CART were seen in 30% of patients.", dict(outcome="SD")),
    ("cohort-size", RETREATED + "A review of 20 children given a second product suggests many can be brought back into remission.",
     dict(outcome="CR")),
    ("follow-up", RETREATED + "After more than two years' follow-up, 30% of patients were alive.", dict(timepoint_months=24.0)),
    ("baseline-share", RETREATED + "Most had already received CD19-directed therapy - 15 of the 20 - and in some the leukemia had lost CD19.",
     dict(outcome="CR")),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_passage_gives_figures(name, text, expected):
    figures = extract(text)
    for want in expected:
        assert any(matches(f, want) for f in figures), f"{want} not in {[(f.outcome, f.value, f.events, f.total, f.subgroup, f.infusion, f.grade) for f in figures]}"
    if not expected:
        assert figures == []
    else:
        assert len(figures) == len(expected), [(f.outcome, f.value, f.subgroup) for f in figures]


@pytest.mark.parametrize("name,text,unwanted", MUST_NOT, ids=[c[0] for c in MUST_NOT])
def test_passage_does_not_give(name, text, unwanted):
    assert not any(matches(f, unwanted) for f in extract(text))


def test_planned_sequence_names_the_first_infusion():
    text = ("Patients received CD19 CAR T cells and then, as planned from the outset, CD22 CAR T cells in remission. "
            "Of 12 patients, 11 (91.7%) reached CR after the CD19 infusion.")
    assert [(f.outcome, f.events, f.total, f.infusion) for f in extract(text)] == [("CR", 11, 12, "1")]


def test_output_is_deterministic():
    text = RETREATED + "Nine of 20 (45%) responded, six with a complete response and three with a partial response."
    assert extract(text) == extract(text)
