"""The extractor's vocabularies: texts that must and must not be read as each term."""
import re

import pytest

from extractors import mentions
from extractors.vocabulary import population

MUST = [
    # (kind, text, label)
    ("outcome", "complete remission (CR) was achieved", "CR"),
    ("outcome", "CR/CRi in 24 of 30", "CR"),
    ("outcome", "the overall response rate was 39%", "ORR"),
    ("outcome", "objective response", "ORR"),
    ("outcome", "a partial response", "PR"),
    ("outcome", "stable disease", "SD"),
    ("outcome", "2 CR, 3 PR and 4 SD", "SD"),
    ("outcome", "best response was SD (n = 3)", "SD"),
    ("outcome", "CR/PR/SD in 12 patients", "SD"),
    ("outcome", "progressive disease", "PD"),
    ("outcome", "showed no response to CART1", "NR"),
    ("outcome", "MRD-negative", "MRD_NEG"),
    ("outcome", "undetectable measurable disease (uMRD)", "MRD_NEG"),
    ("outcome", "median duration of response", "DOR"),
    ("outcome", "progression-free survival", "PFS"),
    ("outcome", "relapse-free survival", "RFS"),
    ("outcome", "event-free survival", "EFS"),
    ("outcome", "leukemia-free survival", "LFS"),
    ("outcome", "overall survival", "OS"),
    ("outcome", "cytokine release syndrome", "CRS"),
    ("outcome", "neurotoxicity", "ICANS"),
    ("outcome", "ICANS", "ICANS"),
    ("outcome", "29 (72.5%) relapsed", "RELAPSE"),
    ("outcome", "antigen-negative", "ANTIGEN_NEG"),
    ("outcome", "antigennegative", "ANTIGEN_NEG"),
    ("outcome", "loss of CD19 target antigen expression", "ANTIGEN_NEG"),
    ("outcome", "CD22-dim", "ANTIGEN_DIM"),
    ("outcome", "lineage switch", "LINEAGE_SWITCH"),
    ("outcome", "detect CAR T cells in the blood", "CAR_DETECTED"),
    ("outcome", "the cancers of eight patients had disappeared", "CR"),
    ("outcome", "the cancers had shrunk", "PR"),
    ("outcome", "the cancers were still growing", "PD"),
    ("outcome", "alive four years out without further cancer growth", "PFS"),
    ("disease", "acute lymphoblastic leukemia", "ALL"),
    ("disease", "B-ALL", "ALL"),
    ("disease", "chronic lymphocytic leukaemia", "CLL"),
    ("disease", "non-Hodgkin lymphoma", "NHL"),
    ("disease", "diffuse large B-cell lymphoma", "LBCL"),
    ("disease", "Burkitt lymphoma", "BL"),
    ("infusion", "CART-B", 2),
    ("infusion", "CART1", 1),
    ("infusion", "CAR-T2", 2),
    ("infusion", "the first infusion", 1),
    ("infusion", "second doses", 2),
    ("infusion", "reinfusion", 2),
    ("subgroup", "amongst responders", "responders"),
    ("subgroup", "in non-responders", "non-responders"),
    ("subgroup", "whose cancers did not seem to respond", "non-responders"),
    ("subgroup", "patients bridged to transplant", "bridged to transplant"),
    ("grade", "grade ≥3", ">=3"),
    ("grade", "grade 3 or higher", ">=3"),
    ("grade", "severe CRS", ">=3"),
    ("grade", "any-grade", "any"),
    ("grade", "grade 1 in both", "<3"),
    ("grade", "mild neurological effects", "<3"),
    ("grade", "serious (grade 3) side effects", ">=3"),
    # lay wording: the disease is the subject
    ("outcome", "the tumour had vanished in five of the nine", "CR"),
    ("outcome", "no detectable myeloma on the usual tests", "CR"),
    ("outcome", "gone into remission", "CR"),
    ("outcome", "the disease shrank or cleared in 40%", "ORR"),
    ("outcome", "any response", "ORR"),
    ("outcome", "negative for minimal residual disease", "MRD_NEG"),
    ("outcome", "CD22 had been lost from the blasts", "ANTIGEN_NEG"),
    ("outcome", "one patient relapsed with a lineage switch", "LINEAGE_SWITCH"),
    ("outcome", "the leukemia had switched lineage", "LINEAGE_SWITCH"),
    ("outcome", "alive and leukemia-free at two years", "LFS"),
    ("outcome", "alive without the cancer coming back or another event", "EFS"),
    ("outcome", "severe neurological problems", "ICANS"),
    ("outcome", "median response durations", "DOR"),
    ("outcome", "complete\n   remission", "CR"),
    ("disease", "aggressive B-cell non-Hodgkin lymphoma", "NHL"),
    ("disease", "relapsed lymphoma", "lymphoma"),
    ("disease", "adults with B-cell malignancies", "mixed"),
    ("infusion", "12% of first and 15% of second infusions", 1),
    ("infusion", "the first round", 1),
    ("infusion", "the planned CD22 consolidation", 2),
    ("subgroup", "patients whose best first response was PR", "after first PR"),
    ("subgroup", "the one patient with stable disease after the first infusion", "after first SD"),
    ("subgroup", "those who had only a partial response the first time", "after first PR"),
    ("subgroup", "children whose leukemia had completely disappeared after the first infusion", "after first CR"),
    ("subgroup", "patients reinfused for MRD or overt relapse", "after relapse"),
    ("subgroup", "when the leukemia had come back", "after relapse"),
    ("subgroup", "after non-response to the first infusion", "after non-response"),
    ("subgroup", "In the relapse-prevention group", "relapse prevention"),
    ("subgroup", "the 11 complete responders", "complete responders"),
    ("subgroup", "patients who were still in remission", "complete responders"),
    ("subgroup", "for patients with CR after reinfusion", "with CR"),
    ("subgroup", "children who did not get a complete response", "without CR"),
    ("subgroup", "those whose disease had responded", "responders"),
    ("subgroup", "the comparison group", "comparator"),
    ("subgroup", "No CAR T cells (n = 38)", "comparator"),
    ("outcome", "only 9 went on to receive a stem cell transplant", "OTHER:transplant after CAR-T"),
    ("outcome", "After the first infusion, 6 patients underwent allo-HSCT", "OTHER:transplant after CAR-T"),
    ("outcome", "4 received an allogeneic transplant after CAR-T infusion", "OTHER:transplant after CAR-T"),
    ("outcome", "including two cases of secondary T-cell lymphoma", "OTHER:T-cell neoplasm"),
    ("outcome", "peripheral B cells were detectable again", "OTHER:detectable B cells"),
    ("subgroup", "all 40 enrolled patients", "all enrolled"),
    ("subgroup", "counting everyone who enrolled", "all enrolled"),
    ("subgroup", "used the remission as a bridge to a donor stem cell transplant", "bridged to transplant"),
    ("subgroup", "the 9 consolidated children", "consolidated"),
    ("subgroup", "the patients who completed the sequence", "completed sequence"),
    ("subgroup", "at doses of ≥1 × 10^6 CAR T cells/kg", "dose >=1x10^6 cells/kg"),
    ("subgroup", "who got at least one million CAR T cells per kilogram", "dose >=1x10^6 cells/kg"),
    ("subgroup", "treated with more than 5 × 10^5 cells/kg", "dose >5x10^5 cells/kg"),
    ("subgroup", "patients whose blasts were CD19-dim or CD19 negative", "CD19-dim or CD19-negative"),
]

MUST_NOT = [
    ("outcome", "progression of the field"),
    ("outcome", "the cost of care"),
    ("outcome", "relapse-free"),  # part of RFS, not a relapse
    ("outcome", "responders"),  # a subgroup, not an outcome
    ("disease", "All Rights Reserved"),
    ("disease", "CAR T: HOPE FOR ALL PATIENTS"),
    ("infusion", "the first to analyze the issue"),
    ("subgroup", "response rate"),
    ("outcome", "the first marker had vanished from the cancer"),  # an antigen, not the disease, vanished
    ("outcome", "leukaemia on which CD19 had faded or disappeared"),
    ("outcome", "never go into remission"),
    ("outcome", "CD20-SD-CART"),  # a product name, not stable disease
    ("outcome", "PD-1 blockade"),
    # a standard deviation, not stable disease
    ("outcome", "weight, kg, mean (SD)"),
    ("outcome", "Depression score, Mean (SD)"),
    ("outcome", "values are means (SD) unless stated otherwise"),
    ("outcome", "age was 29.1 years (mean ± SD)"),
    ("outcome", "expressed as mean±SD"),
    ("outcome", "the standard deviation (SD) of the scores"),
    ("outcome", "a score of 12.4 (SD = 3.1)"),
    ("outcome", "SD, standard deviation"),
    ("disease", "ALLOGENEIC"),
    ("infusion", "first-in-human"),
    ("subgroup", "5 patients achieved CR after the first infusion"),  # a result, not a group
    ("subgroup", "relapsed with CD19-negative disease"),  # an outcome, not a group
    ("outcome", "61% had a prior allogeneic stem cell transplant"),  # a transplant before the CAR-T: baseline
    ("outcome", "8 underwent autologous stem cell transplantation"),
    ("outcome", "After the infusion, 5 did not receive allo-HSCT"),
    ("outcome", "Twelve received an allo-HSCT before the CAR-T"),
    ("subgroup", "eight were not bridged to transplant"),  # a group, but not the bridged one
]


@pytest.mark.parametrize("kind,text,label", MUST, ids=[f"{k}-{t[:30]}" for k, t, _ in MUST])
def test_term_matches(kind, text, label):
    assert label in [m.label for m in mentions.find(kind, text)]


@pytest.mark.parametrize("kind,text", MUST_NOT, ids=[f"{k}-{t[:30]}" for k, t in MUST_NOT])
def test_term_does_not_match(kind, text):
    found = mentions.find(kind, text)
    if text == "relapse-free":
        assert "RELAPSE" not in [m.label for m in found]
    else:
        assert found == []


def test_overlapping_terms_keep_the_longest():
    found = mentions.find("outcome", "MRD-negative complete remission")
    assert [m.label for m in found][0] == "MRD_NEG"


def test_every_pattern_compiles():
    from extractors.mentions import KINDS, find

    for kind in KINDS:
        find(kind, "")  # compiles all of the kind's patterns


def lookbehind_widths(parsed):
    """The widest each lookbehind of a parsed pattern can be, anywhere in it."""
    from re import _constants as c

    for op, arg in parsed:
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, sub = arg
            if direction < 0:
                yield sub.getwidth()[1]
            yield from lookbehind_widths(sub)
        elif op in (c.SUBPATTERN, c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT, c.ATOMIC_GROUP):
            yield from lookbehind_widths(arg[-1])
        elif op == c.BRANCH:
            for branch in arg[1]:
                yield from lookbehind_widths(branch)


def test_no_pattern_looks_back_beyond_the_window():
    """`find` flattens only LOOKBEHIND characters before a span: no lookbehind may need more."""
    from re import _parser

    widths = [w for kind in mentions.KINDS for _, pattern, _ in mentions._compiled()[kind]
              for w in lookbehind_widths(_parser.parse(pattern.pattern, pattern.flags))]
    assert widths and max(widths) < mentions.LOOKBEHIND


def test_a_span_sees_the_words_before_it():
    """"never went into remission" searched from "went": the "never" before the span still counts."""
    text = "they never\nwent into remission"
    assert mentions.find("outcome", text, text.index("went")) == []
    assert [m.label for m in mentions.find("outcome", "they\nwent into remission", 5)] == ["CR"]


@pytest.mark.parametrize("text,expected", [
    ("received a second CD19 CAR T-cell infusion", True),
    ("salvage CD22 CAR-T after CD19 CAR-T failure", True),
    ("CART-B after CART-A", True),
    ("CD19 CAR-T in treatment-naive patients", False),
    ("patients who relapsed after murine CD19 CAR T cells", True),
    ("Switching antigen after an inadequate response was the core of the strategy", True),
])
def test_retreatment_cues(text, expected):
    assert bool(re.search(population.RETREATMENT_CUES, text, re.IGNORECASE)) is expected


@pytest.mark.parametrize("text,expected", [
    ("the second product was given, as planned from the outset, in remission", True),
    ("CD19 and CD22 CAR T cells co-administered to CAR-naive patients", True),
    ("These patients were not retreated after CAR T-cell failure", True),
    ("a second infusion after the first failed", False),
])
def test_lookalike_cues(text, expected):
    assert bool(re.search(population.LOOKALIKE_CUES, text, re.IGNORECASE)) is expected


@pytest.mark.parametrize("text,expected", [
    ("the second product went after a different marker", "different"),
    ("a second, distinct CAR T-cell construct", ""),  # a new construct may aim at the same antigen
    ("aimed at an antigen other than the first target", "different"),
    ("re-dosing the same product", "same"),
])
def test_target_relation_cues(text, expected):
    same = bool(re.search(population.SAME_TARGET_CUES, text, re.IGNORECASE))
    different = bool(re.search(population.DIFFERENT_TARGET_CUES, text, re.IGNORECASE))
    assert ("same" if same else "different" if different else "") == expected


@pytest.mark.parametrize("text,prior,target", [
    ("Twenty children received the CD22 cells. Most had already been through CD19-directed treatment.", "CD19", "CD22"),
    ("A way round CD19 escape: CD22 CAR T cells were given as a second CAR-T.", "CD19", "CD22"),
    ("After CD19 CAR-T failure, patients received CD20 CAR-T cells as salvage.", "CD19", "CD20"),
], ids=["received-is-the-new-product", "antigen-escape-is-history", "after-failure"])
def test_earlier_and_new_targets(text, prior, target):
    from extractors.context import _targets

    found_prior, found_target, relation = _targets(text, True)
    assert (found_prior, found_target, relation) == (prior, target, "different")
