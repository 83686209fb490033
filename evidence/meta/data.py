"""What gets pooled: one `StudyRow` per study (or independent subgroup), read from a table.

Two kinds of table are accepted (`read_pool_table`):

- a plain table with columns `study, events, total` and optionally a grouping column;
- an evidence table (the contract's columns), reduced by `pool_rows_from_evidence` to one row
  per study and group so no patient is counted twice.

Every bad value is reported with the file, the row (1 = the first data row) and the study, e.g.
`table.csv row 3 (Smith 2020): events 12 > total 10`.
"""
from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import TableError

PLAIN_COLUMNS = ("study", "events", "total")
EVIDENCE_COLUMNS = ("outcome", "measure", "events", "total")
UNKNOWN_GROUP = "unknown"
WHOLE_COHORT = "mixed"  # the by-column value of a cohort that the split rows divide
# Columns describing which part of a cohort a figure is about ("mixed" = the whole cohort).
POPULATION_COLUMNS = ("target_relation", "disease")


@dataclass(frozen=True)
class StudyRow:
    """x events among n patients of one study (or one independent subgroup of it)."""

    study: str
    events: int
    total: int
    group: str = ""
    document: str = ""
    row: int | None = None  # 1-based data row of the source table
    derived: bool = False
    unlinked: bool = False  # the study is its document: the evidence table was not linked

    def __post_init__(self):
        where = f"study {self.study!r}"
        if not isinstance(self.study, str) or not self.study.strip():
            raise TableError("a study row needs a non-empty study label")
        for name in ("events", "total"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Integral):
                raise TableError(f"{where}: {name} {value!r} is not a whole number")
        if self.events < 0:
            raise TableError(f"{where}: events {self.events} is negative")
        if self.total < 1:
            raise TableError(f"{where}: total {self.total} must be at least 1")
        if self.events > self.total:
            raise TableError(f"{where}: events {self.events} > total {self.total}")
        object.__setattr__(self, "events", int(self.events))
        object.__setattr__(self, "total", int(self.total))

    @property
    def proportion(self) -> float:
        return self.events / self.total


# -- reading ---------------------------------------------------------------------------------

def read_pool_table(path, outcome: str, by: str | None = None, *, preselected=None) -> list[StudyRow]:
    """The rows to pool from a plain study table or an evidence table at `path`."""
    from evidence.tableio import read_table

    frame = read_table(path)
    source = Path(path).name
    if _is_evidence_table(frame):
        return pool_rows_from_evidence(frame, outcome, by, preselected=preselected, source=source)
    missing = [c for c in PLAIN_COLUMNS if c not in frame.columns]
    if missing:
        raise TableError(
            f"{source}: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            "give a plain table with columns study,events,total[,group] or an evidence table "
            "(columns outcome, measure, events, total, study or document)")
    return plain_frame_to_rows(frame, by, source=source, outcome=outcome)


def _is_evidence_table(frame) -> bool:
    return "outcome" in frame.columns and "measure" in frame.columns


def plain_frame_to_rows(frame, by: str | None = None, *, source: str = "table",
                        outcome: str | None = None) -> list[StudyRow]:
    """StudyRows from columns study, events, total (and `by`, whose empty values become "unknown").

    A plain table may carry an `outcome` column; then only the rows of `outcome` are read.
    """
    _require_by(frame, by, source)
    filtered = outcome is not None and "outcome" in frame.columns
    rows, seen = [], {}
    for number, record in enumerate(frame.to_dict("records"), start=1):
        if filtered and _text(record.get("outcome")) != outcome:
            continue
        study = _text(record.get("study"))
        where = f"{source} row {number}" + (f" ({study})" if study else "")
        if not study:
            raise TableError(f"{where}: the study label is empty")
        events, total = _counts(record, where)
        group = (_text(record.get(by)) or UNKNOWN_GROUP) if by else ""
        key = (study, group)
        if key in seen:
            raise TableError(f"{where}: study {study!r} already appears in row {seen[key]}"
                             + (f" of group {group!r}" if by else "")
                             + "; give each study or subgroup its own label so none is counted twice")
        seen[key] = number
        rows.append(StudyRow(study, events, total, group, row=number))
    if not rows:
        reason = f"no row has outcome {outcome}" if filtered else "the table has no rows"
        raise TableError(f"{source}: no studies to pool ({reason})")
    return rows


def _require_by(frame, by, source):
    if by and by not in frame.columns:
        raise TableError(f"{source}: no column {by!r} to group by; the columns are "
                         f"{', '.join(map(str, frame.columns))}")


def _text(value) -> str:
    if value is None or _is_missing(value):
        return ""
    return str(value).strip()


def _is_missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    try:
        return bool(value != value)  # NaN and pandas NA
    except (TypeError, ValueError):
        try:
            import pandas as pd

            return bool(pd.isna(value))
        except (TypeError, ValueError):
            return False


def _count(value, name: str, where: str) -> int:
    """A whole, non-negative count from a cell, or a TableError saying what is wrong."""
    if _is_missing(value):
        raise TableError(f"{where}: {name} is empty")
    if isinstance(value, str):
        text = value.strip()
        try:
            value = float(text)
        except ValueError:
            raise TableError(f"{where}: {name} {text!r} is not a number") from None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TableError(f"{where}: {name} {value!r} is not a number") from None
    if not math.isfinite(number):
        raise TableError(f"{where}: {name} {value!r} is not a number")
    if number != int(number):
        raise TableError(f"{where}: {name} {_show(number)} is not a whole number")
    if number < 0:
        raise TableError(f"{where}: {name} {_show(number)} is negative")
    return int(number)


def _show(number: float) -> str:
    return str(int(number)) if number == int(number) else repr(number)


def _counts(record, where: str) -> tuple[int, int]:
    events = _count(record.get("events"), "events", where)
    total = _count(record.get("total"), "total", where)
    if total == 0:
        raise TableError(f"{where}: total is 0; a study needs at least one patient")
    if events > total:
        raise TableError(f"{where}: events {events} > total {total}")
    return events, total


# -- reducing an evidence table --------------------------------------------------------------

@dataclass(frozen=True)
class _Candidate:
    number: int
    study: str
    value: str  # the --by column's value ("" without --by)
    events: int
    total: int
    derived: bool
    n_flags: int
    document: str
    unlinked: bool
    population: tuple  # values of POPULATION_COLUMNS


def pool_rows_from_evidence(frame, outcome: str, by: str | None = None, *, preselected=None,
                            source: str = "table") -> list[StudyRow]:
    """Reduce an evidence table to the rows to pool for `outcome`, one per study and group.

    Which rows are candidates: `outcome` equal to `outcome`, `measure` "proportion", `events`
    and `total` both given, `infusion` 2 (a figure about the first infusion, a mixed cohort or a
    group without CAR-T is not a retreatment result; a table without the column is taken as it is) and `subgroup` empty (a responders or Cy-Flu subgroup is not the
    cohort, and subgroups need not partition it). A study is its `study` value, or its
    `document` when `study` is empty (an unlinked table).

    The rule, within each study:

    1. Parts give way to the whole: for `target_relation` and `disease` (unless it is the `by`
       column), when a study has a row for its whole cohort ("mixed"), its rows about one
       target relation or one disease are parts of that cohort and are dropped (Gauthier
       2021's CR in ALL, NHL and CLL, when pooling the whole cohort).
    2. Cells are (study, value of the `by` column); empty values form the group "unknown".
    3. In each cell one row is kept: a row read from the article (not `derived`) before a
       derived one; then the largest `total` (the whole cohort rather than a part of it);
       then the fewest `flags`; then the first in the table.
    4. Split rows replace the whole: when a study has a cell for the whole cohort (`by` value
       "mixed" or "unknown") and cells for specific values, it contributes the specific
       cells and never its whole-cohort row if there are two or more of them (Holland 2023:
       same-target 5/13 and different-target 35/48, not mixed 40/61), or if the one specific
       cell is as large as the whole. A single specific cell smaller than the whole is a part
       whose complement is unknown, so the whole-cohort row is kept and the part dropped.
       Without `by` there is one cell per study: its largest report.

    A study contributing several rows labels them "study (value)".

    `preselected`: rows already chosen by linking (for example each study's preferred report,
    from `evidence studies`). When given, the reduction runs on these rows instead of `frame`,
    so linking's preference stands and the rule above only settles what linking left open.
    """
    table = preselected if preselected is not None else frame
    missing = [c for c in EVIDENCE_COLUMNS if c not in table.columns]
    if "study" not in table.columns and "document" not in table.columns:
        missing.append("study or document")
    if missing:
        raise TableError(f"{source}: missing column{'s' if len(missing) > 1 else ''} "
                         f"{', '.join(missing)} of an evidence table")
    _require_by(table, by, source)
    candidates, poolable_outcomes = [], set()
    for number, record in enumerate(table.to_dict("records"), start=1):
        if _text(record.get("measure")) != "proportion" or not _about_retreatment(record):
            continue
        if _text(record.get("subgroup")):
            continue
        if _is_missing(record.get("events")) or _is_missing(record.get("total")):
            continue
        row_outcome = _text(record.get("outcome"))
        poolable_outcomes.add(row_outcome)
        if row_outcome != outcome:
            continue
        study = _text(record.get("study")) or _text(record.get("document"))
        where = f"{source} row {number}" + (f" ({study})" if study else "")
        events, total = _counts(record, where)
        if not study:
            raise TableError(f"{where}: neither study nor document is given, so the row "
                             "cannot be assigned to a study")
        flags = [f for f in _text(record.get("flags")).split(";") if f]
        candidates.append(_Candidate(
            number=number, study=study, value=(_text(record.get(by)) or UNKNOWN_GROUP) if by else "",
            events=events, total=total, derived=_truthy(record.get("derived")), n_flags=len(flags),
            document=_text(record.get("document")), unlinked=not _text(record.get("study")),
            population=tuple(_text(record.get(c)) for c in POPULATION_COLUMNS),
        ))
    if not candidates:
        others = sorted(poolable_outcomes - {outcome})
        hint = f"; outcomes with poolable rows: {', '.join(others)}" if others else ""
        raise TableError(f"{source}: no studies to pool for outcome {outcome}: no row has measure "
                         f"proportion, events and total, infusion 2 and no subgroup{hint}")
    return [row for study_rows in _group_by_study(candidates).values()
            for row in _study_to_rows(study_rows, by)]


def _about_retreatment(record) -> bool:
    """Infusion 2 (a CAR-T after a prior CAR-T). An empty infusion is a group that received no
    CAR-T (a comparator arm), never a retreatment; a table without the column is taken as it is."""
    if "infusion" not in record:
        return True
    infusion = record.get("infusion")
    if _is_missing(infusion):
        return False
    try:
        return float(infusion) == 2
    except (TypeError, ValueError):
        return False


def _truthy(value) -> bool:
    if _is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    return bool(value)


def _group_by_study(candidates):
    studies: dict[str, list[_Candidate]] = {}
    for candidate in candidates:
        studies.setdefault(candidate.study, []).append(candidate)
    return studies


def _preference(candidate: _Candidate):
    return (candidate.derived, -candidate.total, candidate.n_flags, candidate.number)


def _parts_give_way(candidates: list[_Candidate], by: str | None) -> list[_Candidate]:
    for i, column in enumerate(POPULATION_COLUMNS):
        if column == by:
            continue
        if any(c.population[i] == WHOLE_COHORT for c in candidates):
            candidates = [c for c in candidates if c.population[i] in (WHOLE_COHORT, "")]
    return candidates


def _study_to_rows(candidates: list[_Candidate], by: str | None) -> list[StudyRow]:
    candidates = _parts_give_way(candidates, by)
    cells: dict[str, _Candidate] = {}
    for candidate in sorted(candidates, key=_preference):
        cells.setdefault(candidate.value, candidate)
    if by:
        cells = _splits_replace_whole(cells)
    chosen = sorted(cells.values(), key=lambda c: c.number)
    several = len(chosen) > 1
    return [StudyRow(
        study=f"{c.study} ({c.value})" if several else c.study, events=c.events, total=c.total,
        group=c.value, document=c.document, row=c.number, derived=c.derived, unlinked=c.unlinked,
    ) for c in chosen]


def _splits_replace_whole(cells: dict[str, _Candidate]) -> dict[str, _Candidate]:
    whole_values = [v for v in (WHOLE_COHORT, UNKNOWN_GROUP) if v in cells]
    specific = {v: c for v, c in cells.items() if v not in (WHOLE_COHORT, UNKNOWN_GROUP)}
    if not whole_values or not specific:
        return cells
    whole = max((cells[v] for v in whole_values), key=lambda c: (c.total, -c.number))
    if len(specific) >= 2 or next(iter(specific.values())).total >= whole.total:
        return specific
    return {whole.value: whole}
