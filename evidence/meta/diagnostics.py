"""Sensitivity and small-study diagnostics of an inverse-variance fit, as metafor computes them.

    leave_one_out(y, v, ...)   metafor's leave1out: the fit without each study in turn
    influence(y, v, ...)       metafor's influence: studentized deleted residuals, DFFITS, Cook's
                               distance, covariance ratios, tau² and QE without the study, hat
                               values, weights, DFBETAS, and the studies metafor flags
    regtest(y, v, ...)         metafor's regtest (Egger-type): the effects regressed on their
                               standard errors; the test of the slope and the limit estimate
    cumulative(y, v, order)    metafor's cumul: the fit on the first 1, 2, ..., k studies
    baujat(y, v, ...)          metafor's baujat: each study's squared residual over (v + tau²)
                               against its influence on the pooled estimate

Each takes the effects `y`, variances `v` and the settings of the main fit (estimator, "z" or
"knha", level) and returns plain dicts of lists under metafor's names, so the JSON and the
reference compare key by key. A fit metafor cannot make (e.g. regtest when every study has the
same standard error) raises PoolingError with the reason.
"""
from __future__ import annotations

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.model import RandomEffectsModel

FIT_KEYS = ("estimate", "se", "pval", "ci.lb", "ci.ub", "Q", "Qp", "tau2", "I2", "H2")
METAFOR_EVTOL = 1e-07
SMALL_STUDY_MINIMUM = 10  # below this many studies a funnel-plot test means little (Sterne 2011)


def _fit(y, v, method, test, level):
    return RandomEffectsModel(method, test, level).fit(y, v)


def _row(model) -> dict:
    s = model.summary()
    return {"estimate": s.estimate, "se": s.se, "pval": s.pval, "ci.lb": s.ci_low, "ci.ub": s.ci_high,
            "Q": s.Q, "Qp": s.Q_p, "tau2": s.tau2, "I2": s.I2, "H2": s.H2}


def _table(rows) -> dict:
    return {key: [row[key] for row in rows] for key in FIT_KEYS}


def leave_one_out(y, v, method="REML", test="z", level=0.95) -> dict:
    y, v = np.asarray(y, float), np.asarray(v, float)
    if len(y) < 2:
        raise PoolingError("leaving one study out needs at least two studies")
    keep = ~np.eye(len(y), dtype=bool)
    return _table([_row(_fit(y[keep[i]], v[keep[i]], method, test, level)) for i in range(len(y))])


def cumulative(y, v, order=None, method="REML", test="z", level=0.95) -> dict:
    """Fits on the first 1..k studies in `order` (indices; a stable sort of years, say)."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    order = np.arange(len(y)) if order is None else np.asarray(order)
    y, v = y[order], v[order]
    out = _table([_row(_fit(y[:i], v[:i], method, test, level)) for i in range(1, len(y) + 1)])
    out["order"] = [int(i) for i in order]
    return out


def influence(y, v, method="REML", test="z", level=0.95, names=None) -> dict:
    """metafor's `influence.rma.uni` for an intercept-only model (p = 1)."""
    from evidence.meta.special import chdtr

    y, v = np.asarray(y, float), np.asarray(v, float)
    k = len(y)
    if k < 3:
        raise PoolingError("influence diagnostics need at least three studies")
    full = _fit(y, v, method, test, level)
    beta, vb = float(full.coefficients_[0]), float(full.cov_[0, 0])
    w = 1.0 / (v + full.tau2_)
    hat = w / w.sum()
    out = {key: [] for key in ("rstudent", "dffits", "cook.d", "cov.r", "tau2.del", "QE.del", "dfbs")}
    eps = np.finfo(float).eps
    for i in range(k):
        keep = np.arange(k) != i
        part = _fit(y[keep], v[keep], method, test, level)
        b_del, vb_del_fit = float(part.coefficients_[0]), float(part.cov_[0, 0])
        s2w = vb_del_fit * float(np.sum(1.0 / (v[keep] + part.tau2_))) if part.test_ == "knha" else 1.0
        tau2_del = part.tau2_
        resid = y[i] - b_del
        resid = 0.0 if abs(resid) < 100 * eps else resid
        out["rstudent"].append(resid / np.sqrt(v[i] * s2w + vb_del_fit + tau2_del * s2w))
        out["dffits"].append((beta - b_del) / np.sqrt(s2w * hat[i] * (tau2_del + v[i])))
        vb_del = 1.0 / float(np.sum(1.0 / (v + tau2_del)))
        out["dfbs"].append((beta - b_del) / np.sqrt(s2w * vb_del))
        out["cook.d"].append((beta - b_del) ** 2 / vb)
        out["cov.r"].append(vb_del_fit / vb)
        out["tau2.del"].append(tau2_del)
        out["QE.del"].append(part.Q_)
    out["hat"] = hat.tolist()
    out["weight"] = (100.0 * hat).tolist()
    out = {key: [float(x) for x in values] for key, values in out.items()}
    p = 1
    flagged = [(abs(out["dffits"][i]) > 3.0 * np.sqrt(p / (k - p))) or (chdtr(p, out["cook.d"][i]) > 0.5)
               or (out["hat"][i] > 3.0 * p / k) or (abs(out["dfbs"][i]) > 1.0) for i in range(k)]
    names = list(names) if names is not None else [str(i + 1) for i in range(k)]
    out["influential"] = [bool(f) for f in flagged]
    out["flagged"] = [name for name, f in zip(names, flagged) if f]
    return out


def baujat(y, v, method="REML", test="z", level=0.95) -> dict:
    """metafor's `baujat.rma` coordinates for an intercept-only model.

    x_i = (y_i - b)² / (v_i + tau²) with b and tau² of the full fit (study i's term of Q when
    tau² = 0); y_i = (b_(-i) - b)² / var(b_(-i)), from the fit without study i (its variance is
    Hartung-Knapp-scaled under "knha"). A coordinate with a zero variance is undefined: None
    (metafor cannot draw the plot then).
    """
    y, v = np.asarray(y, float), np.asarray(v, float)
    k = len(y)
    if k < 2:
        raise PoolingError("a Baujat plot needs at least two studies")
    full = _fit(y, v, method, test, level)
    beta = float(full.coefficients_[0])
    keep = ~np.eye(k, dtype=bool)
    x, influence = [], []
    for i in range(k):
        part = _fit(y[keep[i]], v[keep[i]], method, test, level)
        x.append(_ratio((y[i] - beta) ** 2, v[i] + full.tau2_))
        influence.append(_ratio((float(part.coefficients_[0]) - beta) ** 2, float(part.cov_[0, 0])))
    return {"x": x, "y": influence}


def _ratio(numerator, denominator):
    return float(numerator / denominator) if denominator > 0 else None


def regtest(y, v, method="REML", test="z", level=0.95) -> dict:
    """Egger-type test: rma(y, v, mods = ~ sei); the slope's test and the intercept (the limit
    estimate as the standard error goes to 0) with its interval."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    if len(y) < 3:
        raise PoolingError("the regression test needs at least three studies")
    sei = np.sqrt(v)
    X = np.column_stack([np.ones(len(y)), sei])
    # metafor's check: an eigenvalue of X'X at or below `evtol` (1e-07) is not full rank
    if np.min(np.linalg.eigvalsh(X.T @ X)) <= METAFOR_EVTOL:
        raise PoolingError("every study has the same standard error, so the regression test "
                           "cannot be fitted (metafor: model matrix not of full rank)")
    fit = RandomEffectsModel(method, test, level).fit(y, v, X, names=("intercept", "sei")).regression()
    intercept, slope = fit.coefficients
    out = {"zval": slope.statistic, "pval": slope.pval, "est": intercept.estimate,
           "ci_low": intercept.ci_low, "ci_high": intercept.ci_high, "k": len(y),
           "statistic": "t" if fit.test == "knha" else "z"}
    if len(y) < SMALL_STUDY_MINIMUM:
        out["caution"] = (f"only {len(y)} studies: tests for funnel-plot asymmetry have little power "
                          f"and mean little below {SMALL_STUDY_MINIMUM} studies")
    return out
