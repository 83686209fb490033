"""Builders shared by the tests/test_studies_*.py files: documents, figures and cohort facts.

Kept as a module of plain functions (no tests here) so each test file stays a table of cases.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from evidence.document import Metadata
from evidence.facts import OUTCOME_SPLIT, SUBGROUP_SIZE, CohortFact
from evidence.pipeline import DocumentInfo
from evidence.schema import Figure

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "seeds"
CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "car-t-retreatment"


def doc(name: str, text: str, facts=(), **metadata) -> DocumentInfo:
    """A document as extraction leaves it: metadata, text and cohort facts."""
    for key in ("authors", "registrations"):
        if key in metadata:
            metadata[key] = tuple(metadata[key])
    return DocumentInfo(name=name, format="text", metadata=Metadata(**metadata), chars=len(text), pages=None,
                        sha256=hashlib.sha256(text.encode()).hexdigest(), facts=tuple(facts), text=text)


def fig(document: str, outcome: str, value: float, events=None, total=None, disease="mixed", infusion="2",
        relation="", start=0, **more) -> Figure:
    """A figure read from `document` (offsets are only placeholders)."""
    return Figure(document=document, outcome=outcome, measure=more.pop("measure", "proportion"), value=value,
                  quote=more.pop("quote", f"{outcome} {value}" + (f" in {disease}" if disease not in ("", "mixed") else "")), start=start, end=start + 1, events=events,
                  total=total, disease=disease, infusion=infusion, target_relation=relation, **more)


def size_fact(document, relation, count, of, start=100, quote="") -> CohortFact:
    return CohortFact(document, SUBGROUP_SIZE, relation, count, of, quote or f"{relation} in {count} of {of}", start,
                      start + 10)


def split_fact(document, relation, count, of, outcome="", negated=False, start=200, quote="") -> CohortFact:
    return CohortFact(document, OUTCOME_SPLIT, relation, count, of, quote or f"{count} of {of} {relation}", start,
                      start + 10, outcome=outcome, negated=negated)


HOLLAND_TEXT = """Chimeric Antigen Receptor T Cells as Salvage Therapy for Post-CAR T Cell Failure

Holland EM, Yates B, Shah NN. Transplant Cell Ther 2023;29(9):574. NCT03827343.

This was a retrospective review of children and young adults with B-ALL. Of 135 patients, 61 received
2 unique CART constructs. The second construct aimed at a different antigen from the first in 48 patients (78.7%).
CR was less common after CART-B (65.5%; 40 of 61) than after CART-A (88.5%; 54 of 61).
35 of 40 (87.5%) CART-B responders had been given a CART-B aimed at a different antigen.
Among the 21 patients with a partial response or no response to CART-B, 8 (38.1%) had a CART-B
with the same antigen target as their CART-A.
"""


def holland(name="holland.txt"):
    """Holland 2023 as the seed tells it: CR 40/61 and the three cohort facts."""
    facts = (size_fact(name, "different", 48, 61, start=1781),
             split_fact(name, "different", 35, 40, start=1975),
             split_fact(name, "same", 8, 21, outcome="CR", negated=True, start=2136))
    figures = [fig(name, "CR", 40 / 61, 40, 61, disease="ALL", relation="mixed", start=1700),
               fig(name, "CR", 54 / 61, 54, 61, disease="ALL", infusion="1", relation="mixed", start=1710)]
    return doc(name, HOLLAND_TEXT, facts), figures
