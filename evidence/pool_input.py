"""What `evidence pool` pools: a plain study table as it is, an evidence table through its links.

A linked evidence table (one written by `evidence extract`, with its documents sidecar) is pooled
from the rows linking chose: each study's preferred report, derived same/different-target
splits instead of the mixed cohort, and no study that is not retreatment after failure. An
unlinked table falls back to the reduction rule of `evidence.meta.data.pool_rows_from_evidence`.
"""
from __future__ import annotations

from pathlib import Path

PLAIN_COLUMNS = ("study", "events", "total")
COUNT_COLUMNS = ("events", "total")
SMALL_CSV_BYTES = 1 << 20
MAX_COUNT_DIGITS = 15  # longer counts are left to pandas (an int64 or not)


def rows_to_pool(table, outcome: str, by: str | None = None, grade: str = "", excluded: list | None = None) -> list:
    """The StudyRows to pool, one toxicity grade at a time; rows left out for a missing count go
    to `excluded` (see `read_pool_table`)."""
    from evidence.meta.data import read_pool_table

    path = Path(table)
    plain = _simple_plain_csv(path)
    if plain is not None:
        from evidence.meta.data import plain_frame_to_rows

        return plain_frame_to_rows(plain, by, source=path.name, outcome=outcome, excluded=excluded)
    from evidence.extraction import documents_path_for  # imports the extraction pipeline
    from evidence.tableio import read_table

    frame = read_table(path) if path.is_file() else None  # read once: every check below looks at it
    evidence = frame is not None and _is_evidence(frame)
    if evidence:
        grade = grade_to_pool(frame, outcome, grade, path.name)
    if frame is not None and documents_path_for(path).exists() and _is_linked(frame):
        from evidence.schema import figures_to_frame
        from evidence.studies import studies_for_table
        from evidence.studies.pooling import pool_figures

        report = studies_for_table(path)
        if by in (None, "", "target_relation"):
            return _linked_rows(report, outcome, by, grade, path.name)
        chosen = pool_figures(report, outcome, grade=grade)
        if chosen:
            return read_pool_table(path, outcome, by, preselected=figures_to_frame(chosen), excluded=excluded)
    if grade and evidence:
        return read_pool_table(path, outcome, by, preselected=frame[frame["grade"].fillna("").astype(str) == grade],
                               excluded=excluded)
    return read_pool_table(path, outcome, by, excluded=excluded)


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
    present = sorted(set(rows["grade"].astype(object).fillna("").astype(str)))
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


class _Records:
    """A small plain study table read with the csv module: the `columns` and `to_dict("records")`
    that `plain_frame_to_rows` reads of a DataFrame."""

    def __init__(self, columns: list[str], rows: list[list[str]]):
        self.columns = columns
        self._rows = rows

    def to_dict(self, orient: str) -> list[dict]:
        if orient != "records":
            raise ValueError(f"only records, not {orient}")
        return [{c: (int(v) if c in ("events", "total") else v) for c, v in zip(self.columns, row)}
                for row in self._rows]


def _simple_plain_csv(path: Path) -> _Records | None:
    """A small plain study CSV (study,events,total[,...]) whose every cell pandas would read as the
    same text or the same whole number, read without pandas (whose import would be most of the
    time `evidence pool` takes on it); None for any other table, which pandas reads as always."""
    import csv

    if path.suffix.lower() != ".csv" or not path.is_file():
        return None
    try:
        if path.stat().st_size > SMALL_CSV_BYTES:
            return None
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if text.startswith("\ufeff") or '"' in text or "\r" in text:
        return None
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    if not lines or not all(line.strip() for line in lines):
        return None
    columns, *body = list(csv.reader(lines))
    if (len(set(columns)) != len(columns) or not all(map(_plain_text, columns))
            or not set(PLAIN_COLUMNS) <= set(columns) or {"outcome", "measure"} <= set(columns)
            or any(len(row) != len(columns) for row in body)):
        return None
    for row in body:
        for column, value in zip(columns, row):
            if not (_plain_count(value) if column in COUNT_COLUMNS else _plain_text(value)):
                return None
    from evidence.tablesize import check_table_size

    check_table_size(path)
    return _Records(columns, body)


def _plain_count(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= MAX_COUNT_DIGITS


def _plain_text(value: str) -> bool:
    """Text that pandas reads as that same text: not empty, no surrounding space, not a number
    or a boolean."""
    if not value or value != value.strip() or value.lower() in ("true", "false"):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False
