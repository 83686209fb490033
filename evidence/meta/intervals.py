"""Interval arithmetic shared by the models: critical values, p-values, exact binomial intervals.

Only `scipy.special` (the cephes functions R's own `qnorm`, `qt`, `pchisq`, `pf`, `qbeta` agree
with) and numpy: `scipy.stats` costs seconds to import, for a few tails and quantiles.
"""
from __future__ import annotations

import numpy as np


def critical_value(level: float, df: float | None = None) -> float:
    """The two-sided critical value: normal when `df` is None, Student t with `df` otherwise."""
    from evidence.meta.special import ndtri, stdtrit

    upper = 1.0 - (1.0 - level) / 2.0
    return float(ndtri(upper) if df is None else stdtrit(df, upper))


def two_sided_p(statistic: float, df: float | None = None) -> float:
    from evidence.meta.special import ndtr, stdtr

    statistic = abs(statistic)
    if df is None:
        return float(2.0 * ndtr(-statistic))
    return float(2.0 * stdtr(df, -statistic))


def chi2_p(statistic: float, df: float) -> float:
    """Upper tail of chi² with `df` degrees of freedom (R's `pchisq(..., lower.tail = FALSE)`)."""
    from evidence.meta.special import chdtrc

    return float(chdtrc(df, statistic))


def f_p(statistic: float, df1: float, df2: float) -> float:
    """Upper tail of F(df1, df2) (R's `pf(..., lower.tail = FALSE)`)."""
    from evidence.meta.special import fdtrc

    return float(fdtrc(df1, df2, statistic))


def clopper_pearson(events, totals, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Clopper-Pearson) intervals of x events in n, as R's `binom.test`.

    The beta quantiles statsmodels' `proportion_confint(method="beta")` uses, computed with
    `scipy.special.betaincinv` so pooling imports neither statsmodels nor `scipy.stats`; the tests
    check the two agree.
    """
    from evidence.meta.special import betaincinv

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        low = np.where(x == 0, 0.0, betaincinv(np.where(x == 0, 1.0, x), n - x + 1.0, alpha / 2.0))
        high = np.where(x == n, 1.0, betaincinv(x + 1.0, np.where(x == n, 1.0, n - x), 1.0 - alpha / 2.0))
    return low, high
