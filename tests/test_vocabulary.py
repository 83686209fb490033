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


@pytest.mark.parametrize("text,expected", [
    ("received a second CD19 CAR T-cell infusion", True),
    ("salvage CD22 CAR-T after CD19 CAR-T failure", True),
    ("CART-B after CART-A", True),
    ("CD19 CAR-T in treatment-naive patients", False),
])
def test_retreatment_cues(text, expected):
    assert bool(re.search(population.RETREATMENT_CUES, text, re.IGNORECASE)) is expected
