"""What `evidence pool` pools: a plain study table as it is, an evidence table through its links.

A linked evidence table (one written by `evidence extract`, with its documents sidecar) is pooled
from the rows linking chose: each study's preferred report, derived same/different-target
splits instead of the mixed cohort, and no study that is not retreatment after failure. An
unlinked table falls back to the reduction rule of `evidence.meta.data.pool_rows_from_evidence`.
"""
from __future__ import annotations

from pathlib import Path


def rows_to_pool(table, outcome: str, by: str | None = None, grade: str = "") -> list:
    from evidence.extraction import documents_path_for
    from evidence.meta.data import read_pool_table
    from evidence.tableio import read_table

    path = Path(table)
    if path.is_file() and _is_evidence(read_table(path)):
        grade = grade_to_pool(read_table(path), outcome, grade, path.name)
    if path.is_file() and documents_path_for(path).exists() and _is_linked(read_table(path)):
        from evidence.schema import figures_to_frame
        from evidence.studies import studies_for_table
        from evidence.studies.pooling import pool_figures

        report = studies_for_table(path)
        if by in (None, "", "target_relation"):
            return _linked_rows(report, outcome, by, grade, path.name)
        chosen = pool_figures(report, outcome, grade=grade)
        if chosen:
            return read_pool_table(path, outcome, by, preselected=figures_to_frame(chosen))
    if grade and path.is_file() and _is_evidence(read_table(path)):
        frame = read_table(path)
        return read_pool_table(path, outcome, by, preselected=frame[frame["grade"].fillna("").astype(str) == grade])
    return read_pool_table(path, outcome, by)


def _is_evidence(frame) -> bool:
    return "outcome" in frame.columns and "measure" in frame.columns


def grade_to_pool(frame, outcome: str, grade: str, source: str) -> str:
    """The toxicity grade to pool: `grade` when given (checked), else the only grade the table
    reports `outcome` at. Any grade and grade 3 or higher are never pooled together (issue 11)."""
    from evidence.errors import TableError
    from evidence.schema import GRADES

    if grade and grade not in GRADES:
        raise TableError(f"grade {grade!r} is not one of {', '.join(GRADES)}")
    if "grade" not in frame.columns:
        return grade
    rows = frame[(frame["outcome"].astype(str) == outcome) & (frame["measure"].astype(str) == "proportion")]
    present = sorted(set(rows["grade"].fillna("").astype(str)))
    if grade or len(present) <= 1:
        return grade or (present[0] if present else "")
    shown = ", ".join(g or "not stated" for g in present)
    raise TableError(f"{source}: {outcome} is reported at several grades ({shown}); pool one at a time "
                     f"with --grade, e.g. --grade '{next(g for g in present if g)}'")


def _linked_rows(report, outcome: str, by, grade: str, source: str) -> list:
    """The rows linking chose, as they are: a study's after-failure subgroups and its same- and
    different-target parts each its own row, one toxicity grade at a time."""
    from evidence.errors import TableError
    from evidence.meta.data import StudyRow
    from evidence.studies.pooling import pool_candidates

    candidates = pool_candidates(report, outcome, grade=grade)
    if not candidates:
        raise TableError(f"{source}: no studies to pool for outcome {outcome}"
                         + (f" at grade {grade}" if grade else "")
                         + ": no study retreated after failure gives it as events and total (or a percent "
                           "whose count follows) for the CAR-T after a prior CAR-T")
    rows_of = {id(f): i for i, f in enumerate(list(report.figures) + list(report.derived), start=1)}
    return [StudyRow(c.study, c.events, c.total, c.group if by else "", c.document,
                     row=rows_of.get(id(c.figures[0])) if c.figures else None, derived=c.derived)
            for c in candidates]


def _is_linked(frame) -> bool:
    return "study" in frame.columns and frame["study"].fillna("").astype(str).str.len().gt(0).any()
