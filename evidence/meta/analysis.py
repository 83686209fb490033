"""`pool(rows)`: rows to effects, effects to a fit, fits to a `PoolResult`.

    rows_to_counts -> counts_to_effects -> effects_to_estimate (overall, then each group)
    -> groups_to_between / groups_to_moderator -> studies_to_results -> PoolResult
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.data import UNKNOWN_GROUP, StudyRow
from evidence.meta.glmm import BinomialNormalModel
from evidence.meta.intervals import chi2_p, clopper_pearson
from evidence.meta.model import RandomEffectsModel
from evidence.meta.results import PooledEstimate, PoolResult, StudyResult
from evidence.meta.settings import PoolSettings
from evidence.meta.subgroups import groups_to_between, groups_to_moderator
from evidence.meta.transforms import Transform, get_transform


@dataclass(frozen=True, eq=False)
class Counts:
    """The rows as arrays, with their effects on the chosen scale."""

    rows: tuple[StudyRow, ...]
    events: np.ndarray
    totals: np.ndarray
    yi: np.ndarray
    vi: np.ndarray
    corrected: np.ndarray

    def subset(self, mask) -> "Counts":
        index = np.flatnonzero(mask)
        return Counts(tuple(self.rows[i] for i in index), self.events[index], self.totals[index],
                      self.yi[index], self.vi[index], self.corrected[index])

    @property
    def k(self) -> int:
        return len(self.rows)


def pool(rows, transform: str = "logit", method: str = "REML", ci: str = "z", *,
         level: float = 0.95, outcome: str = "", by: str = "") -> PoolResult:
    """Random-effects meta-analysis of the proportions in `rows` (StudyRow records).

    When rows carry groups, each group is pooled too and the groups are compared (tau²
    within each group: `between`; one shared tau²: `moderator`). See `PoolSettings` for the
    choices and CONTRACT.md for the JSON this returns through `PoolResult.to_json()`.
    """
    settings = PoolSettings(transform=transform, method=method, ci=ci, level=level)
    return pool_with(rows, settings, outcome=outcome, by=by)


def pool_with(rows, settings: PoolSettings | dict | None = None, *, outcome: str = "",
              by: str = "") -> PoolResult:
    """`pool` with a `PoolSettings` (or a dict of its fields, or None for the defaults)."""
    settings = PoolSettings.resolve(settings)
    scale = get_transform(settings.transform)
    counts = rows_to_counts(check_rows(rows), scale)

    overall, overall_weights = effects_to_estimate(counts, settings, scale)
    notes = _estimate_notes("overall", overall, counts, settings)
    subgroups, group_weights, between, moderator = {}, {}, None, None
    groups = _group_order(counts.rows)
    if groups:
        labels = np.array([r.group for r in counts.rows], dtype=object)
        subgroups, group_weights, group_notes = groups_to_estimates(counts, labels, groups, settings, scale)
        notes += group_notes
        if len(groups) >= 2:
            between = groups_to_between(subgroups, counts, labels, settings)
            moderator, note = groups_to_moderator(counts, labels, groups, settings)
            notes += [note] if note else []
    notes += _method_notes(counts, settings)
    studies = studies_to_results(counts, overall_weights, group_weights, settings)
    return PoolResult(outcome=outcome, settings=settings, overall=overall, subgroups=subgroups,
                      between=between, moderator=moderator, studies=studies, notes=tuple(notes),
                      by=by or "")


def groups_to_estimates(counts: "Counts", labels, groups, settings: PoolSettings, scale: Transform):
    """Each group pooled alone: {group: PooledEstimate}, {study index: weight within its group}, notes."""
    subgroups, group_weights, notes = {}, {}, []
    for group in groups:
        members = labels == group
        part = counts.subset(members)
        try:
            estimate, weights = effects_to_estimate(part, settings, scale)
        except PoolingError as error:
            raise PoolingError(f"group {group!r}: {error}") from error
        subgroups[group] = estimate
        if weights is not None:
            group_weights.update(zip(np.flatnonzero(members), weights))
        if len(groups) >= 2:
            notes += _estimate_notes(f"group {group!r}", estimate, part, settings, overall=False)
    if len(groups) == 1:
        notes.append(f"All studies are in one group ({groups[0]!r}): there are no groups to compare.")
    return subgroups, group_weights, notes


def _method_notes(counts: "Counts", settings: PoolSettings) -> list[str]:
    notes = []
    unlinked = sum(r.unlinked for r in counts.rows)
    if unlinked:
        notes.append(f"{unlinked} row{'s' if unlinked > 1 else ''} had no study (the table was not "
                     "linked), so each document counts as a study and two reports of one study "
                     "may both be pooled; link the reports first (evidence extract links by default).")
    if settings.method == "GLMM":
        notes.append("With the GLMM, Q is the likelihood-ratio test for heterogeneity (metafor's "
                     "QE.LRT) and I² uses the typical within-study variance of the logit effects; "
                     "studies have no inverse-variance weights.")
    elif settings.transform in ("logit", "raw") and counts.corrected.any():
        n = int(counts.corrected.sum())
        notes.append(f"1/2 was added to the events and non-events of {n} "
                     f"stud{'y' if n == 1 else 'ies'} with no events or only events "
                     f"(metafor's default for the {settings.transform} transform).")
    return notes


def check_rows(rows) -> tuple[StudyRow, ...]:
    rows = tuple(rows)
    if not rows:
        raise PoolingError("no studies to pool")
    for row in rows:
        if not isinstance(row, StudyRow):
            raise PoolingError(f"pool() takes StudyRow records, got {type(row).__name__}")
    seen = set()
    for row in rows:
        key = (row.study, row.group)
        if key in seen:
            raise PoolingError(f"study {row.study!r} appears twice"
                               + (f" in group {row.group!r}" if row.group else "")
                               + "; pool each study (or independent subgroup) once")
        seen.add(key)
    return rows


def _group_order(rows) -> list[str]:
    """Groups in order of first appearance; [] when no row has a group."""
    if not any(r.group for r in rows):
        return []
    order: list[str] = []
    for row in rows:
        if row.group not in order:
            order.append(row.group)
    return order


def rows_to_counts(rows, scale: Transform) -> Counts:
    rows = tuple(rows)
    if any(r.group for r in rows):  # an unlabelled row among labelled ones is of unknown group
        from dataclasses import replace

        rows = tuple(r if r.group else replace(r, group=UNKNOWN_GROUP) for r in rows)
    events = np.array([r.events for r in rows], dtype=float)
    totals = np.array([r.total for r in rows], dtype=float)
    effects = scale.counts_to_effects(events, totals)
    return Counts(rows, events, totals, effects.yi, effects.vi, effects.corrected)


def effects_to_estimate(counts: Counts, settings: PoolSettings, scale: Transform):
    """The pooled estimate of `counts` and the studies' weights in percent (None for the GLMM)."""
    if settings.method == "GLMM":
        return _glmm_estimate(counts, settings, scale), None
    model = RandomEffectsModel(settings.method, settings.metafor_test, settings.level)
    summary = model.fit(counts.yi, counts.vi).summary()
    single = counts.k == 1
    bounds = scale.effects_to_proportions(
        [summary.estimate, summary.ci_low, summary.ci_high, summary.pi_low, summary.pi_high], counts.totals)
    return PooledEstimate(
        k=counts.k, events=int(counts.events.sum()), total=int(counts.totals.sum()),
        estimate=summary.estimate, se=summary.se, estimate_ci_low=summary.ci_low,
        estimate_ci_high=summary.ci_high, estimate_pi_low=summary.pi_low,
        estimate_pi_high=summary.pi_high, pval=summary.pval, proportion=float(bounds[0]),
        ci_low=float(bounds[1]), ci_high=float(bounds[2]), pi_low=float(bounds[3]),
        pi_high=float(bounds[4]),
        tau2=None if single else summary.tau2, I2=None if single else summary.I2,
        H2=None if single else summary.H2, Q=None if single else summary.Q,
        Q_df=None if single else summary.Q_df, Q_p=None if single else summary.Q_p,
        test=summary.test, df=summary.df,
    ), model.weights_


def _glmm_estimate(counts: Counts, settings: PoolSettings, scale: Transform) -> PooledEstimate:
    model = BinomialNormalModel(level=settings.level).fit(counts.events, counts.totals)
    estimate, se, ci_low, ci_high, pval = model.estimate()
    pi_low, pi_high = model.prediction_interval()
    bounds = scale.effects_to_proportions([estimate, ci_low, ci_high, pi_low, pi_high])
    single = counts.k == 1
    I2 = H2 = None
    if not single:
        # metafor's rma.glmm: the "typical" within-study variance of the escalc logit effects
        w = 1.0 / counts.vi
        typical = (counts.k - 1) / (w.sum() - (w ** 2).sum() / w.sum())
        I2 = 100.0 * model.tau2_ / (typical + model.tau2_)
        H2 = model.tau2_ / typical + 1.0
    return PooledEstimate(
        k=counts.k, events=int(counts.events.sum()), total=int(counts.totals.sum()),
        estimate=estimate, se=se, estimate_ci_low=ci_low, estimate_ci_high=ci_high,
        estimate_pi_low=pi_low, estimate_pi_high=pi_high, pval=pval, proportion=float(bounds[0]),
        ci_low=float(bounds[1]), ci_high=float(bounds[2]), pi_low=float(bounds[3]), pi_high=float(bounds[4]),
        tau2=None if single else model.tau2_, I2=I2, H2=H2,
        Q=None if single else model.Q_, Q_df=None if single else model.Q_df_,
        Q_p=None if single else chi2_p(model.Q_, model.Q_df_), test="z", df=None,
    )


def _estimate_notes(label: str, estimate: PooledEstimate, counts: Counts, settings: PoolSettings,
                    overall: bool = True) -> list[str]:
    notes = []
    if counts.k == 1:
        what = "Only one study" if overall else f"The {label} has one study"
        notes.append(f"{what}: its estimate is that study's own (a fixed-effect fit), and "
                     "heterogeneity (tau², I², H², Q) cannot be estimated from a single study, "
                     "so none is reported.")
        if settings.ci == "hksj":
            notes.append(f"Hartung-Knapp intervals need two or more studies; the {label} "
                         "interval is a Wald (z) interval.")
    elif counts.k == 2 and overall:
        notes.append("Only two studies: tau² and the prediction interval are very imprecise.")
    return notes


def studies_to_results(counts: Counts, weights, group_weights: dict, settings: PoolSettings):
    low, high = clopper_pearson(counts.events, counts.totals, settings.level)
    # Python floats in bulk: per-element numpy indexing dominates for 100,000 studies
    low, high, yi, vi, corrected = low.tolist(), high.tolist(), counts.yi.tolist(), counts.vi.tolist(), \
        counts.corrected.tolist()
    weights = [None] * counts.k if weights is None else weights.tolist()
    results = []
    for i, row in enumerate(counts.rows):
        group_weight = group_weights.get(i)
        results.append(StudyResult(
            study=row.study, group=row.group, events=row.events, total=row.total,
            proportion=row.events / row.total, ci_low=low[i], ci_high=high[i], weight=weights[i],
            group_weight=None if group_weight is None else float(group_weight),
            yi=yi[i], vi=vi[i], corrected=corrected[i], document=row.document, row=row.row,
        ))
    return tuple(results)
