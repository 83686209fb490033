"""The inverse-variance random-effects model (metafor's `rma.uni`), with or without moderators.

    model = RandomEffectsModel(method="REML", test="z").fit(yi, vi)        # X defaults to 1
    model.summary()          # ModelSummary: estimate, se, CI, prediction interval, Q, I², H²
    RandomEffectsModel("DL").fit(yi, vi, X).regression()   # coefficients and the QM test

Definitions (metafor 3.8):
- coefficients b = (X'WX)⁻¹ X'W y with w = 1/(v + tau²); vb = (X'WX)⁻¹.
- Hartung-Knapp (`test="knha"`, our `hksj`): vb is multiplied by y'Py/(k - p) at the fitted tau²
  (not truncated at 1), and intervals use Student t with k - p df.
- Q (QE) = sum(r²/v) around the fixed-effect fit, k - p df.
- s² = (k - p)/tr(P₀), the "typical" within-study variance; I² = 100 tau²/(tau² + s²);
  H² = (tau² + s²)/s².
- prediction interval (`predict`): b ± crit * sqrt(se² + tau²), crit from the same
  distribution as the confidence interval; and Higgins, Thompson and Spiegelhalter's
  b ± t(k - 2) * sqrt(se² + tau²) for k >= 3 (`pi_hts_*`).
- Hartung-Knapp with y'Py <= machine epsilon: s² = 0 (metafor), so se = 0; QM is then NA
  (its covariance is singular) and is returned as None.
- weights (`weights.rma.uni`): 100 w / sum(w).
- QM: Wald test of the coefficients after the intercept, b'vb⁻¹b on m df (chi²), or divided by
  m and referred to F(m, k - p) with Hartung-Knapp.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.intervals import chi2_p, critical_value, f_p, two_sided_p
from evidence.meta.tau2 import check_inputs, get_estimator
from evidence.meta.wls import WeightedFit

TESTS = ("z", "knha")
EPS = float(np.finfo(float).eps)  # R's .Machine$double.eps


@dataclass(frozen=True)
class ModelSummary:
    """An intercept-only fit on the transformed scale."""

    k: int
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    pval: float
    pi_low: float
    pi_high: float
    tau2: float
    I2: float
    H2: float
    Q: float
    Q_df: int
    Q_p: float
    test: str            # "z" or "knha" (what was used: knha falls back to z for one study)
    df: int | None       # degrees of freedom of the t intervals, None for z
    heterogeneity_estimable: bool
    pi_hts_low: float | None = None   # Higgins-Thompson-Spiegelhalter: t with k - 2 df (k >= 3)
    pi_hts_high: float | None = None


@dataclass(frozen=True)
class Coefficient:
    name: str
    estimate: float
    se: float
    statistic: float
    pval: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class RegressionSummary:
    """A meta-regression: coefficients, residual heterogeneity and the omnibus moderator test."""

    k: int
    coefficients: tuple[Coefficient, ...]
    tau2: float
    QE: float
    QE_df: int
    QE_p: float
    QM: float
    QM_df: int
    QM_p: float
    test: str
    tau2_estimable: bool

    def to_df(self):
        import pandas as pd

        return pd.DataFrame([c.__dict__ for c in self.coefficients])


class RandomEffectsModel:
    """rma.uni: `fit(y, v, X=None)` then `summary()` (intercept only) or `regression()`."""

    def __init__(self, method: str = "REML", test: str = "z", level: float = 0.95, estimator=None):
        if test not in TESTS:
            raise PoolingError(f"unknown test {test!r}; use one of {', '.join(TESTS)}")
        if not 0.5 <= level < 1:
            raise PoolingError(f"confidence level {level} must lie in [0.5, 1)")
        self.estimator = estimator if estimator is not None else get_estimator(method)
        self.method = self.estimator.name
        self.test = test
        self.level = level

    def fit(self, y, v, X=None, names=None) -> "RandomEffectsModel":
        y, v, X = check_inputs(y, v, X)
        k, p = X.shape
        if k < p or np.linalg.matrix_rank(X) < p:
            raise PoolingError(f"the model has {p} coefficients but the {k} studies cannot identify them")
        self.estimator.fit(y, v, X)
        self.tau2_ = self.estimator.tau2_
        self.tau2_estimable_ = self.estimator.estimable_
        self.k_, self.p_ = k, p
        self.names_ = tuple(names) if names is not None else ("intercept",) + tuple(f"x{i}" for i in range(1, p))

        fit = WeightedFit(y, v, X, self.tau2_)
        self.coefficients_ = fit.coefficients
        # Hartung-Knapp needs residual degrees of freedom; with k = p it falls back to z.
        self.test_ = self.test if (self.test == "z" or k > p) else "z"
        self.df_ = k - p if self.test_ == "knha" else None
        # metafor: s² = 0 when the weighted residuals vanish (a perfectly homogeneous set), so
        # the Hartung-Knapp se is 0 rather than a rounding error's square root
        scale = (0.0 if fit.rss <= EPS else fit.rss / (k - p)) if self.test_ == "knha" else 1.0
        self.hksj_degenerate_ = self.test_ == "knha" and fit.rss <= EPS
        self.cov_ = fit.inverse_gram * scale
        self.weights_ = 100.0 * fit.weights / np.sum(fit.weights)

        fixed = WeightedFit(y, v, X, 0.0)
        self.Q_, self.Q_df_ = fixed.rss, k - p
        self.Q_p_ = chi2_p(self.Q_, self.Q_df_) if self.Q_df_ > 0 else 1.0
        if self.Q_df_ > 0:
            s2 = self.Q_df_ / fixed.trace_p
            self.s2_ = s2
            self.I2_ = 100.0 * self.tau2_ / (self.tau2_ + s2)
            self.H2_ = (self.tau2_ + s2) / s2
        else:
            self.s2_, self.I2_, self.H2_ = float("nan"), 0.0, 1.0
        return self

    def _crit(self) -> float:
        return critical_value(self.level, self.df_)

    def summary(self) -> ModelSummary:
        """The pooled estimate of an intercept-only model."""
        if self.p_ != 1:
            raise PoolingError("summary() describes an intercept-only model; use regression()")
        estimate = float(self.coefficients_[0])
        se = float(np.sqrt(self.cov_[0, 0]))
        crit = self._crit()
        pred_se = float(np.sqrt(se ** 2 + self.tau2_))
        with np.errstate(divide="ignore", invalid="ignore"):
            statistic = estimate / se if se > 0 else np.copysign(np.inf, estimate) if estimate else 0.0
        hts_low = hts_high = None
        if self.k_ >= 3:
            half = critical_value(self.level, self.k_ - 2) * pred_se
            hts_low, hts_high = estimate - half, estimate + half
        return ModelSummary(
            k=self.k_, estimate=estimate, se=se, ci_low=estimate - crit * se, ci_high=estimate + crit * se,
            pval=two_sided_p(statistic, self.df_), pi_low=estimate - crit * pred_se,
            pi_high=estimate + crit * pred_se, tau2=self.tau2_, I2=float(self.I2_), H2=float(self.H2_),
            Q=float(self.Q_), Q_df=self.Q_df_, Q_p=float(self.Q_p_), test=self.test_, df=self.df_,
            heterogeneity_estimable=self.tau2_estimable_, pi_hts_low=hts_low, pi_hts_high=hts_high,
        )

    def regression(self) -> RegressionSummary:
        crit = self._crit()
        se = np.sqrt(np.diag(self.cov_))
        coefficients = []
        for name, b, s in zip(self.names_, self.coefficients_, se):
            statistic = b / s if s > 0 else 0.0
            coefficients.append(Coefficient(name, float(b), float(s), float(statistic),
                                            two_sided_p(statistic, self.df_), float(b - crit * s),
                                            float(b + crit * s)))
        QM, QM_df, QM_p = self.moderator_test()
        return RegressionSummary(
            k=self.k_, coefficients=tuple(coefficients), tau2=self.tau2_, QE=float(self.Q_),
            QE_df=self.Q_df_, QE_p=float(self.Q_p_), QM=QM, QM_df=QM_df, QM_p=QM_p, test=self.test_,
            tau2_estimable=self.tau2_estimable_,
        )

    def moderator_test(self) -> tuple[float | None, int, float | None]:
        """(QM, df, p) for all coefficients after the intercept; (None, df, None) when the
        coefficients' covariance is singular (metafor: NA), e.g. a Hartung-Knapp s² of 0."""
        m = self.p_ - 1
        if m < 1:
            raise PoolingError("a moderator test needs at least one moderator")
        b = self.coefficients_[1:]
        try:
            np.linalg.cholesky(self.cov_[1:, 1:])
        except np.linalg.LinAlgError:
            return None, m, None
        statistic = float(b @ np.linalg.solve(self.cov_[1:, 1:], b))
        if self.test_ == "knha":
            statistic /= m
            return statistic, m, f_p(statistic, m, self.k_ - self.p_)
        return statistic, m, chi2_p(statistic, m)
