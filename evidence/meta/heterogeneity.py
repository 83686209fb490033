"""Confidence intervals for tau², I² and H² by the Q-profile method, as metafor's `confint`.

The limits are the tau² at which the generalised Q = y'P(tau²)y equals the chi² quantiles
(k - p df) at 1 - alpha/2 (lower limit) and alpha/2 (upper limit). metafor finds each root with
R's `uniroot` on [0, max(100, 10 tau²)] at uniroot's default tolerance (eps^0.25), so its limits
are that close to the exact root; the same zeroin is used here so the numbers agree. When Q at
tau² = 0 is already below a quantile, that limit is 0. I² and H² limits follow from the tau²
limits with the typical within-study variance s² (`100 tau²/(s² + tau²)`, `tau²/s² + 1`).

The common-effect model (metafor's `rma(method = "EE")`) is here too: tau² = 0.
"""
from __future__ import annotations

import numpy as np

from evidence.meta.intervals import chi2_p, critical_value, two_sided_p
from evidence.meta.tau2 import DEFAULT_MAXITER, METAFOR_UNIROOT_TOL, check_inputs, zeroin
from evidence.meta.wls import WeightedFit

CONFINT_MAXITER = 1000


def chi2_quantile(prob: float, df: float) -> float:
    """The lower-tail chi² quantile (R's `qchisq(prob, df)`)."""
    from evidence.meta.special import chdtri

    return float(chdtri(df, 1.0 - prob))


def q_profile(y, v, tau2: float, s2: float, level: float = 0.95, X=None) -> dict | None:
    """{"tau2": [estimate, low, high], "I2": [...], "H2": [...]} or None for k <= p."""
    y, v, X = check_inputs(y, v, X)
    k, p = X.shape
    if k <= p:
        return None
    alpha = 1.0 - level
    crit_upper = chi2_quantile(1.0 - alpha / 2.0, k - p)  # Q at the lower limit
    crit_lower = chi2_quantile(alpha / 2.0, k - p)        # Q at the upper limit
    low_bound, high_bound = min(0.0, tau2), max(100.0, 10.0 * tau2, 0.0)

    def q_minus(objective):
        return lambda t: WeightedFit(y, v, X, t).rss - objective

    q_at_min = WeightedFit(y, v, X, low_bound).rss
    q_at_max = WeightedFit(y, v, X, high_bound).rss
    if q_at_min < crit_lower:
        lower = upper = low_bound
    else:
        if q_at_max > crit_lower:
            upper = high_bound
        else:
            f = q_minus(crit_lower)
            upper = zeroin(f, low_bound, high_bound, f(low_bound), f(high_bound),
                           METAFOR_UNIROOT_TOL, CONFINT_MAXITER)[0]
        if q_at_min < crit_upper:
            lower = low_bound
        elif q_at_max > crit_upper:
            lower = upper = high_bound
        else:
            f = q_minus(crit_upper)
            lower = zeroin(f, low_bound, high_bound, f(low_bound), f(high_bound),
                           METAFOR_UNIROOT_TOL, CONFINT_MAXITER)[0]
    taus = [tau2, lower, upper]
    return {"tau2": taus, "I2": [100.0 * t / (s2 + t) for t in taus], "H2": [t / s2 + 1.0 for t in taus]}


def common_effect(y, v, level: float = 0.95) -> dict:
    """The inverse-variance common-effect estimate (tau² = 0): estimate, se, CI, p, Q."""
    y, v, X = check_inputs(y, v)
    fit = WeightedFit(y, v, X, 0.0)
    estimate = float(fit.coefficients[0])
    se = float(np.sqrt(fit.inverse_gram[0, 0]))
    crit = critical_value(level)
    k = len(y)
    return {"estimate": estimate, "se": se, "ci_low": estimate - crit * se, "ci_high": estimate + crit * se,
            "pval": two_sided_p(estimate / se), "Q": fit.rss, "Q_df": k - 1,
            "Q_p": chi2_p(fit.rss, k - 1) if k > 1 else 1.0}


__all__ = ["q_profile", "common_effect", "chi2_quantile", "DEFAULT_MAXITER"]
