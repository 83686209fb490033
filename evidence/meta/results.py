"""The results of pooling, as frozen records with their JSON (the contract's keys) and DataFrame views."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from evidence.meta.settings import PoolSettings

HETEROGENEITY_KEYS = ("tau2", "I2", "H2", "Q", "Q_df", "Q_p")


@dataclass(frozen=True)
class StudyResult:
    """One pooled row: its counts, exact (Clopper-Pearson) interval and weight."""

    study: str
    group: str
    events: int
    total: int
    proportion: float
    ci_low: float
    ci_high: float
    weight: float | None        # percent of the overall model's weight (None for the GLMM)
    group_weight: float | None  # percent of its subgroup's weight
    yi: float                   # effect on the transformed scale (escalc)
    vi: float                   # its sampling variance
    corrected: bool             # 1/2 added to events and non-events
    document: str = ""
    row: int | None = None

    def to_json(self) -> dict:
        return {key: _clean(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class PooledEstimate:
    """A pooled proportion. estimate/se and the `estimate_*` bounds are on the transformed scale;
    proportion, ci_* and pi_* are back-transformed. Heterogeneity is None for a single study."""

    k: int
    events: int
    total: int
    estimate: float
    se: float
    estimate_ci_low: float
    estimate_ci_high: float
    estimate_pi_low: float
    estimate_pi_high: float
    pval: float                 # test of estimate = 0 on the transformed scale
    proportion: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    tau2: float | None
    I2: float | None
    H2: float | None
    Q: float | None
    Q_df: int | None
    Q_p: float | None
    test: str                   # "z" or "knha" as actually used
    df: int | None              # t degrees of freedom for knha

    def to_json(self) -> dict:
        keys = ("k", "events", "total", "estimate", "se", "proportion", "ci_low", "ci_high",
                "pi_low", "pi_high") + HETEROGENEITY_KEYS + (
            "pval", "estimate_ci_low", "estimate_ci_high", "estimate_pi_low", "estimate_pi_high",
            "test", "df")
        return {key: _clean(getattr(self, key)) for key in keys}


@dataclass(frozen=True)
class BetweenGroups:
    """Test for subgroup differences with tau² estimated within each group (fixed-effect Q)."""

    Q: float
    df: int
    p: float

    def to_json(self) -> dict:
        return {"Q": _clean(self.Q), "df": self.df, "p": _clean(self.p)}


@dataclass(frozen=True)
class ModeratorTest:
    """The same test with one tau² shared by all groups (meta-regression on group dummies)."""

    QM: float
    QM_df: int
    QM_p: float
    tau2: float
    statistic: str  # "chi2", or "F" with Hartung-Knapp

    def to_json(self) -> dict:
        return {"QM": _clean(self.QM), "QM_p": _clean(self.QM_p), "tau2": _clean(self.tau2),
                "QM_df": self.QM_df, "statistic": self.statistic}


@dataclass(frozen=True)
class PoolResult:
    outcome: str
    settings: PoolSettings
    overall: PooledEstimate
    subgroups: dict           # group -> PooledEstimate, in the order groups first appear
    between: BetweenGroups | None
    moderator: ModeratorTest | None
    studies: tuple[StudyResult, ...]
    notes: tuple[str, ...]    # what a reader must know (single studies, corrections, fallbacks)
    by: str = ""

    def to_json(self) -> dict:
        """One JSON object with the contract's keys (CONTRACT.md, `evidence pool --json`)."""
        return {
            "outcome": self.outcome,
            "transform": self.settings.transform,
            "method": self.settings.method,
            "ci": self.settings.ci,
            "level": self.settings.level,
            "by": self.by or None,
            "overall": self.overall.to_json(),
            "subgroups": {group: estimate.to_json() for group, estimate in self.subgroups.items()},
            "between": self.between.to_json() if self.between else None,
            "moderator": self.moderator.to_json() if self.moderator else None,
            "studies": [study.to_json() for study in self.studies],
            "notes": list(self.notes),
        }

    def studies_frame(self):
        import pandas as pd

        return pd.DataFrame([asdict(s) for s in self.studies])

    def to_df(self):
        """Overall and subgroup estimates, one row each."""
        import pandas as pd

        rows = [{"group": "overall", **asdict(self.overall)}]
        rows += [{"group": group, **asdict(estimate)} for group, estimate in self.subgroups.items()]
        return pd.DataFrame(rows)


def _clean(value):
    """JSON-safe numbers: numpy scalars to Python, non-finite to None."""
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return value
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    if hasattr(value, "dtype") and str(getattr(value, "dtype")).startswith("int"):
        return int(value)
    return number if math.isfinite(number) else None
