"""The results of pooling, as frozen records with their JSON (the contract's keys) and DataFrame views."""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

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
    pi: str = "normal"          # which interval pi_* holds: "normal" (metafor's predict) or "hts"
    pi_normal: tuple | None = None   # (low, high) proportions: normal quantile, k >= 2
    pi_hts: tuple | None = None      # (low, high) proportions: t with k - 2 df, k >= 3
    converged: bool | None = None    # the GLMM optimiser's flag (None for inverse-variance fits)
    heterogeneity_ci: dict | None = None  # Q-profile {"tau2"|"I2"|"H2": [estimate, low, high]}

    def to_json(self) -> dict:
        keys = ("k", "events", "total", "estimate", "se", "proportion", "ci_low", "ci_high",
                "pi_low", "pi_high") + HETEROGENEITY_KEYS + (
            "pval", "estimate_ci_low", "estimate_ci_high", "estimate_pi_low", "estimate_pi_high",
            "test", "df", "pi")
        out = {key: _clean(getattr(self, key)) for key in keys}
        out["pi_normal"] = None if self.pi_normal is None else [_clean(v) for v in self.pi_normal]
        out["pi_hts"] = None if self.pi_hts is None else [_clean(v) for v in self.pi_hts]
        if self.converged is not None:
            out["converged"] = self.converged
        if self.heterogeneity_ci is not None:
            out["heterogeneity_ci"] = {key: [_clean(v) for v in values]
                                       for key, values in self.heterogeneity_ci.items()}
        return out


@dataclass(frozen=True)
class BetweenGroups:
    """Test for subgroup differences with tau² estimated within each group (fixed-effect Q)."""

    Q: float
    df: int
    p: float
    groups: tuple = ()        # the groups compared (groups that could not be estimated are not)

    def to_json(self) -> dict:
        return {"Q": _clean(self.Q), "df": self.df, "p": _clean(self.p), "groups": list(self.groups)}


@dataclass(frozen=True)
class ModeratorTest:
    """The same test with one tau² shared by all groups (meta-regression on group dummies)."""

    QM: float | None          # None when undefined (see `reason`)
    QM_df: int
    QM_p: float | None
    tau2: float
    statistic: str  # "chi2", or "F" with Hartung-Knapp
    reason: str = ""          # why QM is undefined

    def to_json(self) -> dict:
        out = {"QM": _clean(self.QM), "QM_p": _clean(self.QM_p), "tau2": _clean(self.tau2),
               "QM_df": self.QM_df, "statistic": self.statistic}
        if self.reason:
            out["reason"] = self.reason
        return out


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
    excluded: tuple = ()      # ({"study", "reason"}, ...): rows read but not pooled, and why
    not_estimable: dict = field(default_factory=dict)  # group -> why it could not be estimated
    common: dict | None = None  # the common-effect (fixed-effect) model beside the random one

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
            "pi": self.settings.pi,
            "excluded": [dict(item) for item in self.excluded],
            "not_estimable": dict(self.not_estimable),
            "common": None if self.common is None else {k: _clean(v) for k, v in self.common.items()},
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
