"""Estimators of the between-study variance tau², as metafor's `rma.uni` computes them.

Each estimator is a class (PyMARE style): configuration is validated at construction,
`fit(y, v, X=None)` returns the estimator with `tau2_` (and `n_iter_`) set. `X` is the design
matrix (an intercept column by default; subgroup dummies or a moderator for meta-regression).
`get_estimator(name)` maps metafor's method names to classes.

All estimators follow metafor 3.8 (Viechtbauer 2005, 2010; formulas in `rma.uni`):

- DL  DerSimonian-Laird:  max(0, (Q - (k - p)) / tr(P₀))
- HE  Hedges:             max(0, (RSS_ols - tr(P_ols V)) / (k - p))
- HS  Hunter-Schmidt:     max(0, (Q - k) / sum(1/v))
- SJ  Sidik-Jonkman:      tau0 * y'P(tau0)y / (k - p), tau0 = the mean square of the effects
  about their mean (metafor's start, also with moderators: not the residuals' mean square)
- ML, REML: Fisher scoring from the (non-negative) HE value, with step halving at the bound 0
  (and, when scoring oscillates without converging, again with steps of 1/2 and 1/4: metafor's
  `control = list(stepadj = 0.5)` remedy),
  until the step is below `threshold` (1e-12 by default, as the reference was computed); then
  a check that no other point (0, or a coarse grid) has a higher likelihood (see FisherScoring)
- PM  Paule-Mandel:       the root of y'P(tau²)y = k - p, found as metafor finds it: R's
  `uniroot` (Brent's zeroin) on [0, 100] with uniroot's default tolerance eps^0.25 ≈ 1.2e-4.
  metafor's PM is therefore within about 1e-4 of the exact root; `PauleMandel(tol=...)` tightens it.
- EB  empirical Bayes (Morris): the same equation as PM, iterated to convergence by metafor,
  so here solved to machine precision.

With k <= p studies (one study, for an intercept) tau² cannot be estimated: every estimator
returns 0 and sets `estimable_ = False`, as metafor fixes tau² at 0 for k = 1.
"""
from __future__ import annotations

import sys
from typing import ClassVar

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.wls import WeightedFit, intercept_design, ols_residuals

DEFAULT_THRESHOLD = 1e-12
DEFAULT_MAXITER = 5000
METAFOR_UNIROOT_TOL = sys.float_info.epsilon ** 0.25
METAFOR_TAU2_MAX = 100.0


def check_inputs(y, v, X=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float).ravel()
    v = np.asarray(v, dtype=float).ravel()
    if y.shape != v.shape:
        raise PoolingError(f"{len(y)} effects but {len(v)} variances")
    if len(y) == 0:
        raise PoolingError("no studies to pool")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(v))):
        raise PoolingError("an effect size or variance is not finite")
    if np.any(v <= 0):
        raise PoolingError("a sampling variance is zero or negative; such a study cannot be weighted")
    X = intercept_design(len(y)) if X is None else np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.shape[0] != len(y):
        raise PoolingError(f"the design has {X.shape[0]} rows for {len(y)} studies")
    return y, v, X


class Tau2Estimator:
    """Base class: `fit(y, v, X)` sets `tau2_`, `n_iter_` and `estimable_`."""

    name: ClassVar[str]

    def fit(self, y, v, X=None) -> "Tau2Estimator":
        y, v, X = check_inputs(y, v, X)
        k, p = X.shape
        self.n_iter_ = 0
        self.estimable_ = k > p
        self.tau2_ = float(self._estimate(y, v, X)) if self.estimable_ else 0.0
        return self

    def _estimate(self, y, v, X) -> float:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


class DerSimonianLaird(Tau2Estimator):
    name = "DL"

    def _estimate(self, y, v, X):
        fit = WeightedFit(y, v, X, 0.0)
        k, p = X.shape
        return max(0.0, (fit.rss - (k - p)) / fit.trace_p)


class Hedges(Tau2Estimator):
    name = "HE"

    def _estimate(self, y, v, X):
        return max(0.0, hedges_unbounded(y, v, X))


def hedges_unbounded(y, v, X) -> float:
    """(RSS - tr(P V)) / (k - p) with ordinary least squares: metafor's HE before truncation."""
    residuals, inverse = ols_residuals(y, X)
    k, p = X.shape
    trace_pv = np.sum(v) - np.trace(inverse @ (X.T @ (v[:, None] * X)))
    return float((np.sum(residuals ** 2) - trace_pv) / (k - p))


class HunterSchmidt(Tau2Estimator):
    name = "HS"

    def _estimate(self, y, v, X):
        fit = WeightedFit(y, v, X, 0.0)
        return max(0.0, (fit.rss - len(y)) / float(np.sum(fit.weights)))


class SidikJonkman(Tau2Estimator):
    name = "SJ"

    def _estimate(self, y, v, X):
        # metafor starts from the variance of the raw effects (divisor k), moderators or not
        tau0 = float(np.mean((y - y.mean()) ** 2))
        k, p = X.shape
        return tau0 * WeightedFit(y, v, X, tau0).rss / (k - p)


class PauleMandel(Tau2Estimator):
    """Paule-Mandel by Brent's zeroin on [0, upper], with R's `uniroot` defaults (see module)."""

    name = "PM"

    def __init__(self, tol: float = METAFOR_UNIROOT_TOL, upper: float = METAFOR_TAU2_MAX,
                 maxiter: int = DEFAULT_MAXITER):
        if not tol > 0:
            raise PoolingError(f"PM tolerance must be positive, got {tol}")
        if not upper > 0:
            raise PoolingError(f"PM upper bound must be positive, got {upper}")
        self.tol, self.upper, self.maxiter = float(tol), float(upper), int(maxiter)

    def _estimate(self, y, v, X):
        target = X.shape[0] - X.shape[1]

        def excess(tau2):
            return WeightedFit(y, v, X, tau2).rss - target

        at_zero = excess(0.0)
        if at_zero < 0:
            return 0.0
        upper = self.upper
        at_upper = excess(upper)
        while at_upper > 0:  # metafor stops here ("tau2.max too low"); we widen the bracket
            upper *= 10.0
            at_upper = excess(upper)
        root, self.n_iter_ = zeroin(excess, 0.0, upper, at_zero, at_upper, self.tol, self.maxiter)
        return root


class EmpiricalBayes(Tau2Estimator):
    """Morris's empirical Bayes estimator: y'P(tau²)y k/(k-p) = k, solved to convergence."""

    name = "EB"

    def _estimate(self, y, v, X):
        from scipy.optimize import brentq

        target = X.shape[0] - X.shape[1]

        def excess(tau2):
            return WeightedFit(y, v, X, tau2).rss - target

        if excess(0.0) <= 0:
            return 0.0
        upper = max(1.0, float(np.var(y)))
        while excess(upper) > 0:
            upper *= 4.0
        root, result = brentq(excess, 0.0, upper, xtol=1e-300, rtol=4 * np.finfo(float).eps,
                              maxiter=DEFAULT_MAXITER, full_output=True)
        self.n_iter_ = result.iterations
        return root


class FisherScoring(Tau2Estimator):
    """ML and REML by metafor's Fisher scoring, started at the non-negative Hedges estimate.

    The (restricted) likelihood can have more than one maximum. Fisher scoring finds the one
    uphill from its start, as metafor's does; the result is then compared with tau² = 0 and a
    coarse grid, and when a point there is higher, scoring restarts from it. Where metafor
    stops at a lower local maximum, the global one is returned (and differs from metafor's).
    """

    GRID_POINTS = 24

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, maxiter: int = DEFAULT_MAXITER):
        if not threshold > 0:
            raise PoolingError(f"convergence threshold must be positive, got {threshold}")
        if maxiter < 1:
            raise PoolingError(f"maxiter must be at least 1, got {maxiter}")
        self.threshold, self.maxiter = float(threshold), int(maxiter)

    def _step(self, fit: WeightedFit) -> float:
        raise NotImplementedError

    def _score(self, fit: WeightedFit) -> float:
        raise NotImplementedError

    def _loglik(self, fit: WeightedFit) -> float:
        raise NotImplementedError

    def _estimate(self, y, v, X):
        self.n_iter_ = 0
        tau2 = self._climb(y, v, X, max(0.0, hedges_unbounded(y, v, X)))
        best = self._loglik(WeightedFit(y, v, X, tau2))
        upper = 100.0 * max(float(np.var(y)), float(np.max(v)), tau2, 1e-8)
        grid = np.concatenate([[0.0], np.geomspace(upper * 1e-8, upper, self.GRID_POINTS)])
        heights = self._heights(y, v, X, grid)
        top = int(np.argmax(heights))
        if heights[top] > best + 1e-10 * (1.0 + abs(best)):
            other = self._climb(y, v, X, float(grid[top]))
            height = self._loglik(WeightedFit(y, v, X, other))
            if height > best:
                tau2, best = other, height
        return tau2

    def _heights(self, y, v, X, grid) -> list[float]:
        """The log-likelihood at each tau² of `grid`; sums only, for an intercept-only model."""
        if X.shape[1] != 1 or not np.all(X == 1.0):
            return [self._loglik(WeightedFit(y, v, X, t)) for t in grid]
        centred = y - np.mean(y)
        heights = []
        for tau2 in grid:
            w = 1.0 / (v + tau2)
            total = float(np.sum(w))
            mean = float(np.sum(w * centred)) / total
            rss = float(np.sum(w * (centred - mean) ** 2))
            log_det = -float(np.sum(np.log(w)))
            heights.append(-0.5 * (log_det + rss + (np.log(total) if self.restricted else 0.0)))
        return heights

    STEP_ADJUSTMENTS = (1.0, 0.5, 0.25)  # metafor's `stepadj` remedy when scoring oscillates

    def _climb(self, y, v, X, tau2: float) -> float:
        start = tau2
        for adjust in self.STEP_ADJUSTMENTS:
            tau2 = start
            for iteration in range(1, self.maxiter + 1):
                step = self._step(WeightedFit(y, v, X, tau2)) * adjust
                while tau2 + step < 0:
                    step /= 2.0
                tau2 += step
                if abs(step) < self.threshold:
                    self.n_iter_ += iteration
                    self.step_adjustment_ = adjust
                    break
            else:
                continue
            break
        else:
            raise PoolingError(f"{self.name} did not converge in {self.maxiter} Fisher-scoring "
                               "iterations, even with halved steps; try --method DL or PM")
        # Step halving only approaches the bound; land on it when the likelihood falls from 0.
        if tau2 < 1e-8 and self._score(WeightedFit(y, v, X, 0.0)) <= 0:
            tau2 = 0.0
        return tau2


class MaximumLikelihood(FisherScoring):
    name = "ML"
    restricted = False

    def _score(self, fit):
        return fit.ypp_y - float(np.sum(fit.weights))

    def _step(self, fit):
        return self._score(fit) / float(np.sum(fit.weights ** 2))

    def _loglik(self, fit):
        return -0.5 * (float(np.sum(np.log(fit.v + fit.tau2))) + fit.rss)


class RestrictedMaximumLikelihood(FisherScoring):
    name = "REML"
    restricted = True

    def _score(self, fit):
        return fit.ypp_y - fit.trace_p

    def _step(self, fit):
        return self._score(fit) / fit.trace_pp

    def _loglik(self, fit):
        log_det = np.linalg.slogdet(np.linalg.inv(fit.inverse_gram))[1]
        return -0.5 * (float(np.sum(np.log(fit.v + fit.tau2))) + float(log_det) + fit.rss)


ESTIMATORS = {cls.name: cls for cls in (
    DerSimonianLaird, RestrictedMaximumLikelihood, MaximumLikelihood, PauleMandel, HunterSchmidt,
    SidikJonkman, Hedges, EmpiricalBayes,
)}


def get_estimator(name: str) -> Tau2Estimator:
    """A fresh estimator for metafor's method name (DL, REML, ML, PM, HS, SJ, HE, EB)."""
    try:
        return ESTIMATORS[name.upper()]()
    except KeyError:
        raise PoolingError(f"unknown tau² estimator {name!r}; use one of {', '.join(ESTIMATORS)}") from None


def zeroin(f, a: float, b: float, fa: float, fb: float, tol: float, maxiter: int) -> tuple[float, int]:
    """Brent's root finder exactly as R's `R_zeroin2` (stats/src/zeroin.c), which `uniroot` calls.

    Returns (root, iterations). Ported line by line so a Paule-Mandel fit stops where metafor's
    does; scipy's `brentq` is the same method but takes different steps.
    """
    eps = sys.float_info.epsilon
    c, fc = a, fa
    if fa == 0.0:
        return a, 0
    if fb == 0.0:
        return b, 0
    for iteration in range(maxiter + 1):
        prev_step = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tol_act = 2.0 * eps * abs(b) + tol / 2.0
        new_step = (c - b) / 2.0
        if abs(new_step) <= tol_act or fb == 0.0:
            return b, iteration
        if abs(prev_step) >= tol_act and abs(fa) > abs(fb):
            cb = c - b
            if a == c:  # linear interpolation
                t1 = fb / fa
                p = cb * t1
                q = 1.0 - t1
            else:  # inverse quadratic interpolation
                q = fa / fc
                t1 = fb / fc
                t2 = fb / fa
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0))
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0)
            if p > 0:
                q = -q
            else:
                p = -p
            if p < (0.75 * cb * q - abs(tol_act * q) / 2.0) and p < abs(prev_step * q / 2.0):
                new_step = p / q
        if abs(new_step) < tol_act:
            new_step = tol_act if new_step > 0 else -tol_act
        a, fa = b, fb
        b += new_step
        fb = f(b)
        if (fb > 0 and fc > 0) or (fb < 0 and fc < 0):
            c, fc = a, fa
    raise PoolingError(f"the Paule-Mandel root was not found in {maxiter} iterations; try --method REML")
