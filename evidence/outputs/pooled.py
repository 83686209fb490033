"""The pooled results every output shares: CR and ORR by target relation, severe toxicity overall.

    pools = pool_outcomes(book)            # {"CR": Pooled, "ORR": ..., "CRS3": ..., ...}
    pools["CR"].result.subgroups["same"]   # a PooledEstimate (evidence.meta), or
    pools["CR"].reason                     # why nothing could be pooled

The rows come from linking (`StudyBook.pool_candidates`: each study's preferred report, its same-
and different-target parts when they were derived, its after-failure subgroups when it reports its
retreatment only that way, one toxicity grade at a time, look-alike studies left out).

Each pooled study row keeps the ids of the evidence rows it was pooled from (`Pooled.rows`,
`row_id` numbering: the 1-based row of `evidence.csv`), and each analysis lists every study it
left out with the reason (`Pooled.left_out`; PRISMA 2020 items 13a, 16b, 20a). `Pooled.to_json()`
is the contract's `pool --json` object plus, per study, `evidence_rows`, and `left_out`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from evidence.errors import EvidenceError
from evidence.outputs.studybook import StudyBook, row_id
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
class LeftOut:
    """A study an analysis left out, and why."""

    study: str
    reason: str

    def to_json(self) -> dict:
        return {"study": self.study, "reason": self.reason}


@dataclass(frozen=True)
class Pooled:
    spec: PooledOutcome
    result: object | None           # evidence.meta.PoolResult
    reason: str = ""                # why there is no result
    rows: dict = field(default_factory=dict)   # pooled study label -> evidence row ids (row_id)
    labels: dict = field(default_factory=dict)  # pooled study label -> its study's label
    left_out: tuple[LeftOut, ...] = ()

    def n_studies(self, group: str = "") -> int:
        """How many studies the pooled rows of `group` come from (a study may give two cohorts)."""
        return len({self.study_of(s.study) for s in self.studies(group)})

    def study_of(self, label: str) -> str:
        """The study a pooled row belongs to: "Moss 2024 (after relapse)" -> "Moss 2024"."""
        return self.labels.get(label, label)

    def rows_of(self, study: str) -> tuple[int, ...]:
        """The evidence row ids a pooled study row (label as in `result.studies`) was pooled from."""
        return self.rows.get(study, ())

    def to_json(self) -> dict:
        """`pool --json`'s object, each study with its `evidence_rows`, and the studies `left_out`."""
        data = self.result.to_json() if self.result is not None else {"outcome": self.spec.outcome, "reason": self.reason}
        data["grade"] = self.spec.grade or None
        for study in data.get("studies", ()):
            study["evidence_rows"] = list(self.rows_of(study["study"]))
            study["of_study"] = self.study_of(study["study"])
        data["left_out"] = [item.to_json() for item in self.left_out]
        return data

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
    from evidence.errors import PoolingError
    from evidence.meta.analysis import pool_with
    from evidence.meta.data import StudyRow

    candidates = book.pool_candidates(spec.outcome, spec.grade)
    ids = {c.study: tuple(row_id(book.row_of(f)) for f in c.figures) for c in candidates}
    rows = [StudyRow(c.study, c.events, c.total, c.group if spec.by else "", c.document,
                     row=ids[c.study][0] if ids[c.study] else None, derived=c.derived) for c in candidates]
    try:
        if not rows:
            raise PoolingError("no studies to pool")
        result = pool_with(rows, settings, outcome=spec.outcome, by=spec.by)
    except EvidenceError as error:
        return Pooled(spec, None, _reason(spec, error), left_out=left_out_of(book, spec, ()))
    labels = {c.study: _study_of(c.study, book) for c in candidates}
    return Pooled(spec, result, rows=ids, labels=labels, left_out=left_out_of(book, spec, set(labels.values())))


def pool_outcomes(book: StudyBook, specs=POOLED_OUTCOMES, settings: PoolSettings | None = None) -> dict[str, Pooled]:
    return {spec.key: pool_outcome(book, spec, settings) for spec in specs}


def pooled_row_ids(pools: dict[str, Pooled]) -> dict[int, tuple[str, ...]]:
    """Evidence row id -> the keys of the analyses that pooled it (for marking pooled rows)."""
    marked: dict[int, list[str]] = {}
    for key, pooled in pools.items():
        for ids in pooled.rows.values():
            for row in ids:
                marked.setdefault(row, []).append(key)
    return {row: tuple(keys) for row, keys in sorted(marked.items())}


def _study_of(label: str, book: StudyBook) -> str:
    """The study a pooled row's label belongs to ("Holland 2023 (same)" -> "Holland 2023")."""
    names = {s.study for s in book.studies}
    while label not in names and label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    return label


def left_out_of(book: StudyBook, spec: PooledOutcome, pooled_studies) -> tuple[LeftOut, ...]:
    """Every study of the book that an analysis of `spec` does not pool, with the reason."""
    from evidence.outputs.leftout import left_out_reason

    return tuple(LeftOut(s.study, left_out_reason(book, s, spec)) for s in book.studies
                 if s.study not in pooled_studies)


def _reason(spec: PooledOutcome, error: Exception) -> str:
    text = str(error)
    if "no studies to pool" in text:
        return f"no study reported {spec.title} with counts (events and total) for the second infusion"
    return text
