"""The binomial-normal random-effects model: metafor's `rma.glmm(measure="PLO")`.

Study i has x_i events in n_i; logit p_i = X_i b + tau u_i with u_i ~ N(0, 1). metafor fits it
with lme4's `glmer(..., nAGQ = 7)`: the marginal likelihood of each study is integrated by
7-point *adaptive* Gauss-Hermite quadrature, centred at the conditional mode of u_i and scaled
by the curvature there, and maximised over (b, tau). The same approximation is maximised here:

1. `conditional_modes`: the mode û_i of log p(x_i | u) + log φ(u) by safeguarded Newton steps
   (the function is strictly concave), vectorised over studies, and σ_i = (-h''(û_i))^(-1/2).
2. `marginal_loglik`: log σ_i + log Σ_j w_j exp(h(û_i + σ_i z_j) + z_j²/2) + log √(2π) summed
   over studies, with (z_j, w_j) the probabilists' Gauss-Hermite rule.
3. maximise over (b, tau) with BFGS and a Nelder-Mead polish (the likelihood is even in tau, so
   tau is left unconstrained and reported as |tau|).
4. standard errors as lme4's `vcov`: the b-block of the inverse of the Hessian of the
   negative log-likelihood in (b, tau); at tau = 0 (the boundary) the b-block of the Hessian alone.
   The Hessian is by Richardson-extrapolated central differences with steps large enough that
   rounding does not matter at a million patients per study (`numerical_hessian`).
5. `converged_`: whether the optimiser reports convergence; `pool` refuses an estimate without it.

Agreement with `rma.glmm` run to convergence (tests/reference/metafor/make_reference.R) is at
most 3.5e-5 relative on the reference sets; lme4's defaults stop ~1e-5 from the optimum.
"""
from __future__ import annotations

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.intervals import critical_value, two_sided_p

N_NODES = 7
BOUNDARY_TAU = 1e-5  # below this tau the fit sits on the boundary tau = 0


def gauss_hermite(n_nodes: int = N_NODES) -> tuple[np.ndarray, np.ndarray]:
    """Nodes and weights for E[f(Z)], Z ~ N(0, 1) (weights sum to 1)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(n_nodes)
    return nodes, weights / weights.sum()


def conditional_modes(events, totals, offset, tau, tol=1e-12, maxiter=200):
    """The modes û of h(u) = x log p + (n - x) log(1 - p) - u²/2, p = expit(offset + tau u),
    and σ = (-h''(û))^(-1/2). Newton steps, bisecting whenever a step leaves the bracket
    [tau (x - n), tau x] that must hold the root of h'(u) = tau (x - n p) - u."""
    from scipy.special import expit

    x, n = events, totals
    low, high = np.minimum(tau * (x - n), 0.0) - 1e-12, np.maximum(tau * x, 0.0) + 1e-12
    u = np.clip(np.zeros_like(x), low, high)
    for _ in range(maxiter):
        p = expit(offset + tau * u)
        gradient = tau * (x - n * p) - u
        curvature = tau * tau * n * p * (1.0 - p) + 1.0
        low = np.where(gradient > 0, u, low)
        high = np.where(gradient < 0, u, high)
        candidate = u + gradient / curvature
        # strict: a converged mode's step rounds to 0 and lands on its own bound
        outside = (candidate < low) | (candidate > high)
        candidate = np.where(outside, 0.5 * (low + high), candidate)
        step = np.max(np.abs(candidate - u)) if u.size else 0.0
        u = candidate
        if step < tol:
            break
    p = expit(offset + tau * u)
    return u, 1.0 / np.sqrt(tau * tau * n * p * (1.0 - p) + 1.0)


def marginal_loglik(params, events, totals, X, nodes, weights) -> float:
    """The adaptive Gauss-Hermite approximation to the log-likelihood at params = (b..., tau)."""
    from scipy.special import gammaln

    b, tau = params[:-1], params[-1]
    offset = X @ b
    u, sigma = conditional_modes(events, totals, offset, tau)
    grid = u[:, None] + sigma[:, None] * nodes[None, :]
    eta = offset[:, None] + tau * grid
    log_terms = (events[:, None] * eta - totals[:, None] * np.logaddexp(0.0, eta)
                 - 0.5 * grid ** 2 + 0.5 * nodes[None, :] ** 2)
    top = log_terms.max(axis=1)  # log Σ_j w_j exp(t_j), as scipy's logsumexp without its overhead
    per_study = np.log(sigma) + top + np.log(np.exp(log_terms - top[:, None]) @ weights)
    constant = gammaln(totals + 1) - gammaln(events + 1) - gammaln(totals - events + 1)
    return float(np.sum(per_study + constant))


def numerical_hessian(f, point, relative_step=1e-2):
    """Second derivatives of f at `point` by central differences, Richardson-extrapolated.

    The log-likelihood of large studies is a sum of terms of size n, so a small step loses
    its second difference to rounding (at n = 1e6 per study a 1e-4 step costs 1e-2 of the
    SE). A step of 1e-2 (times max(|x|, 0.1)) keeps rounding negligible, and extrapolating
    from h and h/2 cancels the O(h²) truncation error, leaving O(h⁴).
    """
    point = np.asarray(point, dtype=float)
    base = relative_step * np.maximum(np.abs(point), 0.1)

    def at(steps):
        d = len(point)
        hessian = np.empty((d, d))
        for i in range(d):
            for j in range(i, d):
                ei = np.zeros(d)
                ej = np.zeros(d)
                ei[i] = steps[i]
                ej[j] = steps[j]
                value = (f(point + ei + ej) - f(point + ei - ej) - f(point - ei + ej) + f(point - ei - ej))
                hessian[i, j] = hessian[j, i] = value / (4.0 * steps[i] * steps[j])
        return hessian

    coarse, fine = at(base), at(base / 2.0)
    return (4.0 * fine - coarse) / 3.0


def _covariance(hessian, p, with_tau):
    """The b-block of the inverse Hessian (of the b-block alone on the boundary tau = 0).

    A coefficient driven towards ±infinity (a group whose events are all 0 or all n) sits where
    the likelihood is flat: it carries no information, so its variance is infinite and its
    covariances 0, and a Wald test of it contributes 0 (lme4 stops such a coefficient near -25
    with a standard error of ~1e5: the same test to ~1e-8).
    """
    diag = np.abs(np.diag(hessian))[:p]
    informative = diag > 1e-9 * diag.max()
    keep = np.flatnonzero(np.append(informative, True) if with_tau else informative)
    inverse = np.linalg.inv(hessian[np.ix_(keep, keep)])
    cov = np.zeros((p, p))
    cov[np.diag_indices(p)] = np.inf
    inner = keep[keep < p]
    cov[np.ix_(inner, inner)] = inverse[:len(inner), :len(inner)]
    return cov


class BinomialNormalModel:
    """Random-intercept logistic model by maximum likelihood (7-point adaptive GH)."""

    method = "GLMM"

    def __init__(self, level: float = 0.95, n_nodes: int = N_NODES):
        if not 0.5 <= level < 1:
            raise PoolingError(f"confidence level {level} must lie in [0.5, 1)")
        if n_nodes < 1:
            raise PoolingError("adaptive Gauss-Hermite quadrature needs at least one node")
        self.level = level
        self.n_nodes = n_nodes

    def fit(self, events, totals, X=None) -> "BinomialNormalModel":
        from scipy import optimize
        from scipy.special import logit

        x = np.asarray(events, dtype=float)
        n = np.asarray(totals, dtype=float)
        X = np.ones((len(x), 1)) if X is None else np.asarray(X, dtype=float)
        k, p = X.shape
        if k == 0:
            raise PoolingError("no studies to pool")
        if x.sum() == 0 or x.sum() == n.sum():
            what = "no patient had" if x.sum() == 0 else "every patient had"
            raise PoolingError(f"{what} the event in any study, so the GLMM (logit) estimate is "
                               "infinite; use an inverse-variance method (e.g. --method REML), "
                               "which adds 1/2 to such studies")
        nodes, weights = gauss_hermite(self.n_nodes)

        def objective(params):
            return -marginal_loglik(params, x, n, X, nodes, weights)

        pooled = logit((x.sum() + 0.5) / (n.sum() + 1.0))
        start_b = np.linalg.lstsq(X, np.full(k, pooled), rcond=None)[0]
        best = None
        for tau0 in (0.3, 1.0):
            result = optimize.minimize(objective, np.append(start_b, tau0), method="BFGS",
                                       options={"gtol": 1e-9, "maxiter": 2000})
            if best is None or result.fun < best.fun:
                best = result
        # The polish needs a few hundred evaluations on ordinary data. At a million patients per
        # study the objective's rounding noise exceeds fatol, so it would run to its cap: 2,000
        # evaluations (not 40,000) bounds that without changing any fit that converges.
        polish = optimize.minimize(objective, best.x, method="Nelder-Mead",
                                   options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 2000,
                                            "maxfev": 2000})
        params = polish.x if polish.fun <= best.fun else best.x
        params[-1] = abs(params[-1])
        if params[-1] < BOUNDARY_TAU and objective(np.append(params[:-1], 0.0)) <= objective(params) + 1e-10:
            params[-1] = 0.0
            fe = optimize.minimize(lambda b: objective(np.append(b, 0.0)), params[:-1], method="BFGS",
                                   options={"gtol": 1e-10})
            params[:-1] = fe.x

        hessian = numerical_hessian(objective, params)
        cov = _covariance(hessian, p, with_tau=params[-1] > BOUNDARY_TAU and k > p)
        if not np.isfinite(cov[0, 0]) or np.any(np.diag(cov) <= 0):
            raise PoolingError("the GLMM's information matrix is singular at the optimum; "
                               "use an inverse-variance method (e.g. --method REML)")
        self.coefficients_ = params[:-1].copy()
        self.tau_ = float(params[-1])
        self.tau2_ = self.tau_ ** 2
        self.cov_ = cov
        self.loglik_ = -objective(params)
        self.k_, self.p_ = k, p
        self.converged_ = bool(best.success or polish.success)
        self.Q_, self.Q_df_ = heterogeneity_lrt(x, n), k - 1
        return self

    def estimate(self) -> tuple[float, float, float, float, float]:
        """(estimate, se, ci_low, ci_high, p) of the first coefficient."""
        estimate = float(self.coefficients_[0])
        se = float(np.sqrt(self.cov_[0, 0]))
        crit = critical_value(self.level)
        return estimate, se, estimate - crit * se, estimate + crit * se, two_sided_p(estimate / se)

    def prediction_interval(self, df: float | None = None) -> tuple[float, float]:
        """metafor's predict (normal quantile), or with a t quantile on `df` degrees of freedom."""
        estimate, se, *_ = self.estimate()
        half = critical_value(self.level, df) * np.sqrt(se ** 2 + self.tau2_)
        return estimate - half, estimate + half


def heterogeneity_lrt(events, totals) -> float:
    """metafor's QE.LRT: twice the log-likelihood ratio of a saturated binomial model (each study
    its own proportion) against a common proportion, on k - 1 df."""
    from scipy.special import xlogy

    x = np.asarray(events, dtype=float)
    n = np.asarray(totals, dtype=float)
    common = x.sum() / n.sum()
    saturated = xlogy(x, x / n) + xlogy(n - x, (n - x) / n)
    pooled = xlogy(x, common) + xlogy(n - x, 1.0 - common)
    return float(2.0 * np.sum(saturated - pooled))
