"""Interval arithmetic shared by the models: critical values, p-values, exact binomial intervals."""
from __future__ import annotations

import numpy as np


def critical_value(level: float, df: float | None = None) -> float:
    """The two-sided critical value: normal when `df` is None, Student t with `df` otherwise."""
    from scipy import stats

    upper = 1.0 - (1.0 - level) / 2.0
    return float(stats.norm.ppf(upper) if df is None else stats.t.ppf(upper, df))


def two_sided_p(statistic: float, df: float | None = None) -> float:
    from scipy import stats

    statistic = abs(statistic)
    if df is None:
        return float(2.0 * stats.norm.sf(statistic))
    return float(2.0 * stats.t.sf(statistic, df))


def chi2_p(statistic: float, df: float) -> float:
    from scipy import stats

    return float(stats.chi2.sf(statistic, df))


def clopper_pearson(events, totals, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper-Pearson) intervals of x events in n, as R's `binom.test`.

    The beta quantiles statsmodels' `proportion_confint(method="beta")` uses, computed with scipy
    directly so pooling does not import statsmodels; the tests check the two agree.
    """
    from scipy import stats

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore"):
        low = np.where(x == 0, 0.0, stats.beta.ppf(alpha / 2.0, x, n - x + 1.0))
        high = np.where(x == n, 1.0, stats.beta.ppf(1.0 - alpha / 2.0, x + 1.0, n - x))
    return low, high
