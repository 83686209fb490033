"""Figures about a whole cohort of several diseases keep the disease `mixed`.

An article about a cohort of several diseases ("14 with ALL, 21 with NHL and 9 with CLL") reports
some figures for one disease ("CR rates were 21% in ALL") and others for everyone ("the CR rate
was 20%"). A figure whose own sentence names no disease describes the whole cohort, whatever
disease an extractor gave it: it is relabelled `mixed` and flagged `mixed_cohort`, so that it is
compared, reconciled and pooled with the other reports' whole-cohort figures, never as one
disease's result.
"""
from __future__ import annotations

from dataclasses import replace

from evidence.studies.profile import text_to_diseases
from evidence.studies.rules import WHOLE_COHORT_DISEASES

MIXED = "mixed"
FLAG = "mixed_cohort"


def several_diseases(counts) -> bool:
    """Whether disease counts (("ALL", 14), ("NHL", 21), ...) describe a cohort of several diseases."""
    return len({disease for disease, n in counts if n}) >= 2


def whole_cohort_disease(figure, document_counts, study_counts):
    """`figure` relabelled `mixed` when it is about a whole cohort of several diseases: its study's
    counts and its own document's counts name two or more diseases, and its sentence names none."""
    if figure.disease in WHOLE_COHORT_DISEASES or figure.derived:
        return figure
    if not (several_diseases(study_counts) and several_diseases(document_counts)):
        return figure
    if text_to_diseases(figure.quote):
        return figure
    return replace(figure, disease=MIXED).with_flags(FLAG)
