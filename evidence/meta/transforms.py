"""Proportions to effect sizes and back, exactly as metafor's `escalc` and `transf.*` do.

| ours          | metafor | effect yi                                   | variance vi        |
| ------------- | ------- | ------------------------------------------- | ------------------ |
| logit         | PLO     | log(x / (n - x))                            | 1/x + 1/(n - x)    |
| arcsine       | PAS     | asin(sqrt(x / n))                           | 1 / (4n)           |
| freeman-tukey | PFT     | (asin sqrt(x/(n+1)) + asin sqrt((x+1)/(n+1)))/2 | 1 / (4n + 2)   |
| raw           | PR      | x / n                                       | p(1 - p) / n       |

`escalc`'s default (`add = 1/2, to = "only0"`) adds 1/2 to the events and to the non-events of
a study with no events or with every patient an event, and only for the measures that need it:
logit and raw. The arcsine and Freeman-Tukey transforms are defined at 0 and n and get nothing
(checked against the zero_events and all_events references).

Back-transforms: logistic; sin² clipped to [0, 1] (`transf.iarcsin`); the Freeman-Tukey inverse
of Miller (1978) with the harmonic mean of the studies' n (`transf.ipft.hm`), clipped to 0 and 1
outside the transform's range; identity for raw (a raw interval may leave [0, 1], as metafor's).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

CONTINUITY = 0.5


@dataclass(frozen=True, eq=False)
class StudyEffects:
    """Per-study effect sizes `yi` on a transformed scale and their sampling variances `vi`."""

    yi: np.ndarray
    vi: np.ndarray
    corrected: np.ndarray  # True where 1/2 was added to events and non-events


class Transform:
    """One transform: counts to effects (`counts_to_effects`) and effects to proportions."""

    name: ClassVar[str]
    measure: ClassVar[str]  # metafor's name
    label: ClassVar[str]    # how a reader sees the scale
    adds_continuity: ClassVar[bool]

    def counts_to_effects(self, events, totals) -> StudyEffects:
        x = np.asarray(events, dtype=float)
        n = np.asarray(totals, dtype=float)
        corrected = ((x == 0) | (x == n)) if self.adds_continuity else np.zeros(x.shape, dtype=bool)
        x = x + CONTINUITY * corrected
        n = n + 2 * CONTINUITY * corrected
        yi, vi = self._effects(x, n)
        return StudyEffects(yi=yi, vi=vi, corrected=corrected)

    def _effects(self, x, n):
        raise NotImplementedError

    def effects_to_proportions(self, values, totals=None) -> np.ndarray:
        """Back-transform `values`; `totals` are the n of the studies behind them (Freeman-Tukey)."""
        raise NotImplementedError


class Logit(Transform):
    name, measure, label, adds_continuity = "logit", "PLO", "log odds", True

    def _effects(self, x, n):
        return np.log(x / (n - x)), 1.0 / x + 1.0 / (n - x)

    def effects_to_proportions(self, values, totals=None):
        from evidence.meta.special import expit

        return expit(np.asarray(values, dtype=float))


class Arcsine(Transform):
    name, measure, label, adds_continuity = "arcsine", "PAS", "arcsine square root", False

    def _effects(self, x, n):
        return np.arcsin(np.sqrt(x / n)), 1.0 / (4.0 * n)

    def effects_to_proportions(self, values, totals=None):
        values = np.asarray(values, dtype=float)
        return np.where(values < 0, 0.0, np.where(values > np.pi / 2, 1.0, np.sin(values) ** 2))


class FreemanTukey(Transform):
    name, measure, label, adds_continuity = "freeman-tukey", "PFT", "Freeman-Tukey double arcsine", False

    def _effects(self, x, n):
        return freeman_tukey(x, n), 1.0 / (4.0 * n + 2.0)

    def effects_to_proportions(self, values, totals=None):
        if totals is None or len(np.atleast_1d(totals)) == 0:
            raise ValueError("the Freeman-Tukey back-transform needs the studies' totals")
        n_hm = harmonic_mean(totals)
        values = np.asarray(values, dtype=float)
        s = np.sin(2.0 * values)
        with np.errstate(divide="ignore", invalid="ignore"):
            p = 0.5 * (1.0 - np.sign(np.cos(2.0 * values)) * np.sqrt(1.0 - (s + (s - 1.0 / s) / n_hm) ** 2))
        p = np.where(values > freeman_tukey(n_hm, n_hm), 1.0, p)
        p = np.where(values < freeman_tukey(0.0, n_hm), 0.0, p)
        return p


class Raw(Transform):
    name, measure, label, adds_continuity = "raw", "PR", "proportion", True

    def _effects(self, x, n):
        p = x / n
        return p, p * (1.0 - p) / n

    def effects_to_proportions(self, values, totals=None):
        return np.asarray(values, dtype=float).copy()


def freeman_tukey(x, n):
    """The Freeman-Tukey double arcsine of x events in n."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    return 0.5 * (np.arcsin(np.sqrt(x / (n + 1.0))) + np.arcsin(np.sqrt((x + 1.0) / (n + 1.0))))


def harmonic_mean(values) -> float:
    values = np.asarray(values, dtype=float)
    return float(1.0 / np.mean(1.0 / values))


TRANSFORM_CLASSES = {cls.name: cls for cls in (Logit, Arcsine, FreemanTukey, Raw)}


def get_transform(name: str) -> Transform:
    """The transform called `name` (ours: logit, arcsine, freeman-tukey, raw)."""
    try:
        return TRANSFORM_CLASSES[name]()
    except KeyError:
        raise ValueError(f"unknown transform {name!r}; use one of {', '.join(TRANSFORM_CLASSES)}") from None
