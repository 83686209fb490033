"""Weighted least squares for a meta-analysis: the pieces every tau² estimator is built from.

With weights w = 1/(v + tau²), design X (k x p) and A = X'WX, metafor's projection matrix is
P = W - WX A⁻¹ X'W. No k x k matrix is ever formed: everything the estimators need reduces to
sums over studies and p x p products, so a fit is O(k p²) and 100,000 studies take milliseconds.

    P y        = W r                       (r = y - X b, the weighted residuals)
    y'P y      = sum(w r²)                 (the generalised Q statistic)
    y'P P y    = sum(w² r²)
    tr(P)      = sum(w) - tr(A⁻¹ X'W²X)
    tr(P P)    = sum(w²) - 2 tr(A⁻¹ X'W³X) + tr((A⁻¹ X'W²X)²)
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np


def intercept_design(k: int) -> np.ndarray:
    return np.ones((k, 1))


def gram(X: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """X' diag(weights) X."""
    return X.T @ (weights[:, None] * X)


@dataclass(frozen=True, eq=False)
class WeightedFit:
    """The weighted least-squares fit of `y` on `X` with weights 1/(v + tau2)."""

    y: np.ndarray
    v: np.ndarray
    X: np.ndarray
    tau2: float

    @cached_property
    def weights(self) -> np.ndarray:
        return 1.0 / (self.v + self.tau2)

    @cached_property
    def inverse_gram(self) -> np.ndarray:
        """(X'WX)⁻¹: the covariance of the coefficients (before any Hartung-Knapp scaling)."""
        return np.linalg.inv(gram(self.X, self.weights))

    @cached_property
    def coefficients(self) -> np.ndarray:
        return self.inverse_gram @ (self.X.T @ (self.weights * self.y))

    @cached_property
    def residuals(self) -> np.ndarray:
        return self.y - self.X @ self.coefficients

    @cached_property
    def rss(self) -> float:
        """y'Py: the (generalised) Q statistic at this tau²."""
        return float(np.sum(self.weights * self.residuals ** 2))

    @cached_property
    def trace_p(self) -> float:
        w = self.weights
        return float(np.sum(w) - np.trace(self.inverse_gram @ gram(self.X, w ** 2)))

    @cached_property
    def ypp_y(self) -> float:
        return float(np.sum((self.weights * self.residuals) ** 2))

    @cached_property
    def trace_pp(self) -> float:
        w = self.weights
        b2 = self.inverse_gram @ gram(self.X, w ** 2)
        b3 = self.inverse_gram @ gram(self.X, w ** 3)
        return float(np.sum(w ** 2) - 2.0 * np.trace(b3) + np.trace(b2 @ b2))

    @property
    def k(self) -> int:
        return len(self.y)

    @property
    def p(self) -> int:
        return self.X.shape[1]


def ols_residuals(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unweighted residuals and (X'X)⁻¹."""
    inverse = np.linalg.inv(X.T @ X)
    return y - X @ (inverse @ (X.T @ y)), inverse
