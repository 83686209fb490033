"""Sentence boundaries: texts that must split, and texts that must stay one sentence."""
from __future__ import annotations

import pytest

from evidence.text.pipeline import analyse


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in analyse(text).sentences]


# texts and the sentences they must split into
SPLITS: list[tuple[str, list[str]]] = [
    ("CR was 40%. ORR was 60%.", ["CR was 40%.", "ORR was 60%."]),
    ("Was it safe? Yes! It was.", ["Was it safe?", "Yes!", "It was."]),
    ("after the second infusion.They also had", ["after the second infusion.", "They also had"]),
    ("They relapsed (n = 3). Others did not.", ["They relapsed (n = 3).", "Others did not."]),
    ("He said, “It works.” Then he left.", ["He said, “It works.”", "Then he left."]),
    ("(The two approved products also target CD19.) Others follow.",
     ["(The two approved products also target CD19.)", "Others follow."]),
    ("The dose was 44. 12 patients relapsed.", ["The dose was 44.", "12 patients relapsed."]),
    ("Efficacy\nThe CR rate was 40%.", ["Efficacy", "The CR rate was 40%."]),
    ("Results in brief\n\nCR was 40%", ["Results in brief", "CR was 40%"]),
    ("insurance companies\n\ndon't cover a second dose", ["insurance companies", "don't cover a second dose"]),
    ("Key points:\n• CR 40%\n• ORR 60%", ["Key points:", "CR 40%", "ORR 60%"]),
    ("Safety\n  - Lower toxicity\n  - Severe CRS in 9%", ["Safety", "Lower toxicity", "Severe CRS in 9%"]),
    ("Outcomes\n* CR in 21%\n* ORR in 52%", ["Outcomes", "CR in 21%", "ORR in 52%"]),
    ("Endpoints were:\n1. CR rate\n2. ORR", ["Endpoints were:", "1. CR rate", "2. ORR"]),
    ("Higher rates after an increased dose\nImage provided by the authors\n\nThis study followed",
     ["Higher rates after an increased dose", "Image provided by the authors", "This study followed"]),
    ("Turtle CJ. Factors associated with outcomes.", ["Turtle CJ.", "Factors associated with outcomes."]),
    ("objectives following CART-B. Secondary objectives included", ["objectives following CART-B.", "Secondary objectives included"]),
    ("Bullets etc. Then more text.", ["Bullets etc.", "Then more text."]),
    ("CR was 40%.\nORR was 60%.", ["CR was 40%.", "ORR was 60%."]),
    ("\n\n  Title line  \n\nBody text.  ", ["Title line", "Body text."]),
    ("CR in 7 of 9.\n(The others had PR.)", ["CR in 7 of 9.", "(The others had PR.)"]),
    ("Relapse phenotype\n\n(33.3%) were antigen-dim", ["Relapse phenotype", "(33.3%) were antigen-dim"]),
    ("Response rates\n[Table 2] CR was 40%", ["Response rates", "[Table 2] CR was 40%"]),
]

# texts that must stay one sentence
NO_SPLITS: list[str] = [
    "CR was higher with Cy-Flu vs. non-Cy-Flu lymphodepletion.",
    "As shown by Gauthier et al. the second infusion was feasible.",
    "Gauthier et al. collected samples from patients.",
    "The dose (see Fig. 2) was higher.",
    "Some agents, e.g. fludarabine, were used.",
    "Some agents, i.e. the purine analogues, were used.",
    "The dose was approx. 5 million cells.",
    "It was reported in No. 5 of the series.",
    "Dr. Gauthier presented the data.",
    "The rate was lower with CART-B (P = .0043) than with CART-A.",
    "The median was 9.4 months (95% CI, 6.1-13.2) in responders.",
    "The CR rate was 65.5% in this cohort.",
    "Gauthier J, Bezerra ED, Hirayama AV, Fiorenza S, Turtle CJ.",
    "The J. R. Smith lab and the U.S. Food and Drug Administration agreed.",
    "Patients (all of whom had relapsed. Some twice.) were included.",
    "A total of 44 patients. were enrolled",
    "The study received approval from the FDA on Jan. 5 for the trial.",
    "Median PFS was 61 days and\nOS was seven months.",
    "the study enrolled patients with\nB cell acute lymphoblastic leukemia.",
    "The rate was 40 % ( 95% CI , 30-50 ) overall.",
    "the leukemia was antigen-negative in 3 (14.3%), antigen-dim in 7\n(33.3%) and antigen-positive in 10.",
    "the second CAR aimed at a new antigen in 48 patients\n(78.7%), mostly because the target was lost.",
    "Severe CRS occurred in 3 of 26 patients\n[11.5%] after the first infusion.",
]


@pytest.mark.parametrize("text,expected", SPLITS, ids=[t[:40] for t, _ in SPLITS])
def test_splits(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize("text", NO_SPLITS, ids=[t[:40] for t in NO_SPLITS])
def test_does_not_split(text):
    assert sentences(text) == [text.strip()]


def test_tables_cannot_quietly_shrink():
    assert len(SPLITS) >= 20 and len(NO_SPLITS) >= 20


def test_sentences_are_sorted_trimmed_and_disjoint():
    text = "Title\n\n• First point. Second point (n = 3).\n\n  Last line  "
    spans = analyse(text).sentences
    assert spans == tuple(sorted(spans))
    for (s1, e1), (s2, _) in zip(spans, spans[1:]):
        assert e1 <= s2
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and not text[s:e].startswith("•")


def test_sentence_at_and_quantities_in():
    text = "CR was 40 of 61 (65.5%). OS was 15.0 months."
    analysis = analyse(text)
    first, second = analysis.sentences
    assert analysis.sentence_at(text.index("61")) == first
    assert analysis.sentence_at(text.index("OS")) == second
    assert analysis.sentence_at(first[1]) == first  # the space between belongs to the one before
    assert analysis.sentence_at(len(text) + 5) == second
    assert [q.text for q in analysis.quantities_in(*first)] == ["40 of 61 (65.5%)"]
    assert [q.text for q in analysis.quantities_in(*second)] == ["15.0 months"]


def test_empty_and_blank_texts():
    assert analyse("").sentences == ()
    assert analyse("").sentence_at(0) == (0, 0)
    assert analyse(" \n\n ").sentences == ()
    assert analyse(" \n\n ").sentence_at(2) == (0, 4)


def test_doc_sentences_agree_with_offsets():
    text = "Efficacy\n\nCR was 40%. ORR was 60%."
    analysis = analyse(text)
    assert [s.text.strip() for s in analysis.doc.sents if s.text.strip()] == [text[s:e] for s, e in analysis.sentences]
