"""The evidence table: one `Figure` per reported number, and its DataFrame view.

Column names and vocabularies are the contract (../shared/CONTRACT.md): outside checks read them.
"""
from __future__ import annotations

import math
import sys
from dataclasses import dataclass, fields, replace

OUTCOMES = (
    "CR", "ORR", "PR", "SD", "PD", "NR", "MRD_NEG", "DOR", "PFS", "OS", "RFS", "EFS", "LFS",
    "CRS", "ICANS", "RELAPSE", "ANTIGEN_NEG", "ANTIGEN_DIM", "ANTIGEN_POS", "LINEAGE_SWITCH",
    "CAR_DETECTED", "OTHER",
)
MEASURES = ("proportion", "median", "rate_at")
UNITS = ("proportion", "months")
GRADES = ("any", ">=3", "1-2", "1", "2", "3", "4", "5")
INFUSIONS = ("1", "2", "mixed")  # empty: a group that received no CAR-T
TARGET_RELATIONS = ("same", "different", "mixed")
DAYS_PER_MONTH = 30.4375

# The contract's columns, in order; `Figure` may carry more after them.
COLUMNS = (
    "document", "study", "outcome", "outcome_text", "measure", "value", "unit", "events", "total",
    "ci_low", "ci_high", "timepoint_months", "grade", "disease", "infusion", "arm",
    "prior_target", "target", "target_relation", "subgroup", "derived", "quote",
    "page", "start", "end", "flags",
)
EXTRA_COLUMNS = ("section", "extractor", "derived_from")
INT_COLUMNS = ("events", "total", "page", "start", "end")
FLOAT_COLUMNS = ("value", "ci_low", "ci_high", "timepoint_months")


@dataclass(frozen=True)
class Figure:
    """One reported (or exactly derived) figure, its population and where it came from."""

    document: str
    outcome: str
    measure: str
    value: float
    quote: str
    start: int
    end: int
    unit: str = "proportion"
    study: str = ""
    events: int | None = None
    total: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    timepoint_months: float | None = None
    grade: str = ""
    disease: str = ""
    infusion: str = ""  # "1", "2", "mixed"; empty for a group that received no CAR-T
    arm: str = ""  # the group as the article names it, when it reports more than one
    outcome_text: str = ""  # for OTHER: the article's own short name of the outcome
    prior_target: str = ""
    target: str = ""
    target_relation: str = ""
    subgroup: str = ""
    derived: bool = False
    page: int | None = None
    flags: str = ""
    section: str = ""
    extractor: str = ""
    derived_from: str = ""  # how a derived figure was computed, and from which rows

    def __post_init__(self):
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}")
        if self.unit not in UNITS:
            raise ValueError(f"unknown unit {self.unit!r}")
        if self.grade and self.grade not in GRADES:
            raise ValueError(f"unknown grade {self.grade!r}")
        if self.infusion not in ("",) + INFUSIONS:
            raise ValueError(f"unknown infusion {self.infusion!r}")
        if self.target_relation and self.target_relation not in TARGET_RELATIONS:
            raise ValueError(f"unknown target relation {self.target_relation!r}")
        if math.isnan(self.value):
            raise ValueError("value is NaN")
        if self.unit == "proportion" and not 0.0 <= self.value <= 1.0:
            raise ValueError(f"a proportion must lie in [0, 1], got {self.value}")
        if self.events is not None and self.total is not None and not 0 <= self.events <= self.total:
            raise ValueError(f"events {self.events} out of total {self.total}")
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad offsets {self.start}..{self.end}")

    @property
    def flag_set(self) -> frozenset[str]:
        return frozenset(f for f in self.flags.split(";") if f)

    def with_flags(self, *new: str) -> "Figure":
        merged = sorted(self.flag_set | {f for f in new if f})
        return replace(self, flags=";".join(merged))

    def to_row(self) -> dict:
        # every field is a plain scalar, so this equals `asdict(self)` (which deep-copies, and
        # costs more than the rest of writing a table)
        return {name: getattr(self, name) for name in FIGURE_FIELDS}


FIGURE_FIELDS = tuple(f.name for f in fields(Figure))
ALL_COLUMNS = COLUMNS + tuple(c for c in FIGURE_FIELDS if c not in COLUMNS)


def figures_to_frame(figures):
    """The evidence table as a DataFrame: contract columns first, nullable integer columns."""
    import pandas as pd

    frame = pd.DataFrame([f.to_row() for f in figures], columns=list(ALL_COLUMNS))
    return normalise_frame(frame)


def normalise_frame(frame):
    """Give a table read from any format the evidence table's column types."""
    import pandas as pd

    frame = frame.copy()
    for column in ALL_COLUMNS:
        if column not in frame.columns:
            frame[column] = pd.NA
    for column in INT_COLUMNS:
        frame[column] = _finite(pd.to_numeric(frame[column], errors="coerce")).round().astype("Int64")
    for column in FLOAT_COLUMNS:
        frame[column] = _finite(pd.to_numeric(frame[column], errors="coerce")).astype("Float64")
    frame["infusion"] = frame["infusion"].map(infusion_code).astype("string")
    frame["derived"] = frame["derived"].map(_to_bool).astype("boolean")
    text_columns = [c for c in ALL_COLUMNS if c not in INT_COLUMNS + FLOAT_COLUMNS + ("derived",)]
    for column in text_columns:
        frame[column] = frame[column].astype("string").fillna("")
    ordered = list(ALL_COLUMNS) + [c for c in frame.columns if c not in ALL_COLUMNS]
    return frame[ordered]


def infusion_code(value) -> str:
    """`infusion` as the contract writes it: 1 and 2.0 (older tables, JSON numbers) read as "1" and "2"."""
    if value is None or _is_na(value) or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return text.lower()
    return str(int(number)) if number.is_integer() else text


def _finite(numbers):
    """Numbers with infinities (and values too large for a count) made missing, like NaN."""
    import numpy as np

    values = numbers.astype("float64")
    return values.where(np.isfinite(values) & (values.abs() < 2.0**53))


def _to_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes"}
    try:
        return bool(value) and not (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def frame_to_figures(frame) -> list[Figure]:
    """Records back from a table (for linking, pooling and reports)."""
    figures = []
    for number, row in enumerate(normalise_frame(frame).to_dict("records"), start=1):
        values = {}
        for name in FIGURE_FIELDS:
            v = row.get(name)
            missing = v is None or v is _NA()
            if name in INT_COLUMNS:
                v = None if missing else int(v)
            elif name in FLOAT_COLUMNS:
                v = None if missing else float(v)
            elif name == "derived":
                v = False if missing else bool(v)
            else:
                v = "" if missing else str(v)
            values[name] = v
        if values["value"] is None:
            raise ValueError(f"row {number} has no value (empty, not a number, or infinite)")
        try:
            figures.append(Figure(**values))
        except ValueError as error:
            raise ValueError(f"row {number}: {error}") from error
    return figures


def _NA():
    import pandas as pd

    return pd.NA


def _is_na(value) -> bool:
    """`value is pd.NA`, without importing pandas: a worker reading articles never loads it, and
    no value can be pd.NA before pandas is loaded."""
    pandas = sys.modules.get("pandas")
    return pandas is not None and value is pandas.NA
