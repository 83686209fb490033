"""The pooled results every output shares: CR and ORR by target relation, severe toxicity overall.

    pools = pool_outcomes(book)            # {"CR": Pooled, "ORR": ..., "CRS3": ..., ...}
    pools["CR"].result.subgroups["same"]   # a PooledEstimate (evidence.meta), or
    pools["CR"].reason                     # why nothing could be pooled

The rows come from linking (`StudyBook.pool_frame`: each study's preferred report, its same- and
different-target parts when they were derived, look-alike studies left out) and are reduced by
`evidence.meta.data.pool_rows_from_evidence`, which only settles what linking left open.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import EvidenceError
from evidence.outputs.studybook import StudyBook
from evidence.meta.settings import PoolSettings

BY = "target_relation"
RELATIONS = ("same", "different")


@dataclass(frozen=True)
class PooledOutcome:
    """What is pooled: an outcome, optionally one grade, optionally by target relation."""

    key: str
    outcome: str
    title: str              # in words: "complete response"
    grade: str = ""
    by: str = ""


POOLED_OUTCOMES = (
    PooledOutcome("CR", "CR", "complete response", by=BY),
    PooledOutcome("ORR", "ORR", "overall response", by=BY),
    PooledOutcome("CRS3", "CRS", "cytokine release syndrome of grade 3 or higher", grade=">=3"),
    PooledOutcome("ICANS3", "ICANS", "neurotoxicity (ICANS) of grade 3 or higher", grade=">=3"),
    PooledOutcome("ANTIGEN_NEG", "ANTIGEN_NEG", "relapse with the target antigen lost"),
)


@dataclass(frozen=True)
class Pooled:
    spec: PooledOutcome
    result: object | None           # evidence.meta.PoolResult
    reason: str = ""                # why there is no result

    @property
    def key(self) -> str:
        return self.spec.key

    def estimate(self, group: str = ""):
        """The pooled estimate of a target relation ("same", "different"), or overall ("")."""
        if self.result is None:
            return None
        if not group:
            return self.result.overall
        return self.result.subgroups.get(group)

    def studies(self, group: str = ""):
        if self.result is None:
            return ()
        return tuple(s for s in self.result.studies if not group or s.group == group)


def pool_outcome(book: StudyBook, spec: PooledOutcome, settings: PoolSettings | None = None) -> Pooled:
    """Pool one outcome; a Pooled with a reason (never an exception) when there is nothing to pool."""
    from evidence.meta.analysis import pool_with
    from evidence.meta.data import pool_rows_from_evidence

    try:
        frame = book.pool_frame(spec.outcome, spec.grade)
        rows = pool_rows_from_evidence(frame, spec.outcome, spec.by or None, preselected=frame)
        result = pool_with(rows, settings, outcome=spec.outcome, by=spec.by)
    except EvidenceError as error:
        return Pooled(spec, None, _reason(spec, error))
    return Pooled(spec, result)


def pool_outcomes(book: StudyBook, specs=POOLED_OUTCOMES, settings: PoolSettings | None = None) -> dict[str, Pooled]:
    return {spec.key: pool_outcome(book, spec, settings) for spec in specs}


def _reason(spec: PooledOutcome, error: Exception) -> str:
    text = str(error)
    if "no studies to pool" in text:
        return f"no study reported {spec.title} with counts (events and total) for the second infusion"
    return text
