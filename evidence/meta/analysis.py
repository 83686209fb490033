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
         level: float = 0.95, outcome: str = "", by: str = "", pi: str = "normal",
         excluded=()) -> PoolResult:
    """Random-effects meta-analysis of the proportions in `rows` (StudyRow records).

    When rows carry groups, each group is pooled too and the groups are compared (tau²
    within each group: `between`; one shared tau²: `moderator`). See `PoolSettings` for the
    choices and CONTRACT.md for the JSON this returns through `PoolResult.to_json()`.
    `excluded`: rows the reader left out, as {"study", "reason"} dicts, carried to the result.
    """
    settings = PoolSettings(transform=transform, method=method, ci=ci, level=level, pi=pi)
    return pool_with(rows, settings, outcome=outcome, by=by, excluded=excluded)


def pool_with(rows, settings: PoolSettings | dict | None = None, *, outcome: str = "",
              by: str = "", excluded=()) -> PoolResult:
    """`pool` with a `PoolSettings` (or a dict of its fields, or None for the defaults).

    The overall estimate must succeed (an error says why); a group that cannot be estimated
    is reported in `not_estimable` with the reason, and the other groups and tests still are.
    """
    settings = PoolSettings.resolve(settings)
    scale = get_transform(settings.transform)
    counts = rows_to_counts(check_rows(rows), scale)

    overall, overall_weights = effects_to_estimate(counts, settings, scale)
    notes = _estimate_notes("overall", overall, counts, settings)
    subgroups, group_weights, between, moderator, not_estimable = {}, {}, None, None, {}
    groups = _group_order(counts.rows)
    if groups:
        labels = np.array([r.group for r in counts.rows], dtype=object)
        subgroups, group_weights, not_estimable, group_notes = groups_to_estimates(
            counts, labels, groups, settings, scale)
        notes += group_notes
        if len(groups) >= 2:
            between, moderator, test_notes = groups_to_tests(counts, labels, groups, subgroups, settings)
            notes += test_notes
    notes += _method_notes(counts, settings)
    if excluded:
        notes.append(f"{len(excluded)} row{'s were' if len(excluded) > 1 else ' was'} left out: "
                     + "; ".join(f"{e['study']} ({e['reason']})" for e in excluded) + ".")
    studies = studies_to_results(counts, overall_weights, group_weights, settings)
    common = None
    if settings.method != "GLMM":
        from evidence.meta.heterogeneity import common_effect

        common = common_effect(counts.yi, counts.vi, settings.level)
        common["proportion"], common["prop_ci_low"], common["prop_ci_high"] = (float(v) for v in scale.effects_to_proportions(
            [common["estimate"], common["ci_low"], common["ci_high"]], counts.totals))
    return PoolResult(outcome=outcome, settings=settings, overall=overall, subgroups=subgroups,
                      between=between, moderator=moderator, studies=studies, notes=tuple(notes),
                      by=by or "", excluded=tuple(dict(e) for e in excluded),
                      not_estimable=not_estimable, common=common)


def groups_to_estimates(counts: "Counts", labels, groups, settings: PoolSettings, scale: Transform):
    """Each group pooled alone: {group: PooledEstimate}, {study index: weight within its group},
    {group: why it could not be estimated}, notes. One group's failure never stops the others."""
    subgroups, group_weights, not_estimable, notes = {}, {}, {}, []
    for group in groups:
        members = labels == group
        part = counts.subset(members)
        reason = _glmm_cannot_fit(part) if settings.method == "GLMM" else None
        if reason is None:
            try:
                estimate, weights = effects_to_estimate(part, settings, scale)
            except PoolingError as error:
                reason = str(error)
        if reason is not None:
            not_estimable[group] = reason
            notes.append(f"Group {group!r} could not be estimated: {reason}.")
            continue
        subgroups[group] = estimate
        if weights is not None:
            group_weights.update(zip(np.flatnonzero(members), weights))
        if len(groups) >= 2:
            notes += _estimate_notes(f"group {group!r}", estimate, part, settings, overall=False)
    if len(groups) == 1:
        notes.append(f"All studies are in one group ({groups[0]!r}): there are no groups to compare.")
    return subgroups, group_weights, not_estimable, notes


def _glmm_cannot_fit(part: "Counts") -> str | None:
    """Why rma.glmm cannot fit this group, or None (the GLMM one-study-group rule)."""
    if part.k == 1:
        return ("a GLMM cannot be fitted to one study (metafor's rma.glmm refuses it), so this group "
                "is left out of the GLMM subgroup comparison")
    if part.events.sum() == 0 or part.events.sum() == part.totals.sum():
        what = "no patient had" if part.events.sum() == 0 else "every patient had"
        return f"{what} the event in any study of this group, so its logit estimate is infinite"
    return None


def groups_to_tests(counts, labels, groups, subgroups, settings):
    """The between-groups test over the estimable groups and the shared-tau² moderator test."""
    from evidence.meta.subgroups import groups_to_between, groups_to_moderator

    
    notes = []
    tested = [g for g in groups if g != UNKNOWN_GROUP]
    if len(tested) < len(groups):
        notes.append(f"The group {UNKNOWN_GROUP!r} (rows with no value of the grouping column) is "
                     "shown but left out of the tests for subgroup differences.")
    compared = {g: subgroups[g] for g in tested if g in subgroups}
    between = None
    if len(compared) >= 2:
        try:
            between = groups_to_between(compared, counts, labels, settings)
        except PoolingError as error:
            notes.append(f"The test for subgroup differences (tau² within groups) is undefined: {error}.")
    elif len(tested) >= 2:
        notes.append("Fewer than two groups could be estimated, so the groups are not compared "
                     "with tau² estimated within each group.")
    moderator = None
    if len(tested) >= 2:
        keep = np.isin(labels, tested)
        try:
            moderator, note = groups_to_moderator(counts.subset(keep), labels[keep], tested, settings)
        except PoolingError as error:
            moderator, note = None, f"The moderator test (one shared tau²) could not be computed: {error}."
        notes += [note] if note else []
    return between, moderator, notes


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
    heterogeneity_ci = None
    if not single:
        from evidence.meta.heterogeneity import q_profile

        heterogeneity_ci = q_profile(counts.yi, counts.vi, summary.tau2, model.s2_, settings.level)
    return _estimate_record(counts, settings, scale, summary.estimate, summary.se,
                            summary.ci_low, summary.ci_high, summary.pval,
                            (summary.pi_low, summary.pi_high), (summary.pi_hts_low, summary.pi_hts_high),
                            None if single else dict(tau2=summary.tau2, I2=summary.I2, H2=summary.H2,
                                                     Q=summary.Q, Q_df=summary.Q_df, Q_p=summary.Q_p),
                            test=summary.test, df=summary.df, heterogeneity_ci=heterogeneity_ci), model.weights_


def _estimate_record(counts, settings, scale, estimate, se, ci_low, ci_high, pval, normal_pi, hts_pi,
                     heterogeneity, *, test, df, converged=None, heterogeneity_ci=None) -> PooledEstimate:
    """A PooledEstimate: no prediction interval for one study (it would only repeat the CI),
    none of the t(k - 2) kind below three studies; `settings.pi` says which fills pi_*."""
    totals = counts.totals
    if counts.k == 1:
        normal_pi = (None, None)
    if hts_pi[0] is None or counts.k < 3:
        hts_pi = (None, None)

    def back(pair):
        if pair[0] is None:
            return None
        return tuple(float(b) for b in scale.effects_to_proportions(list(pair), totals))

    bounds = scale.effects_to_proportions([estimate, ci_low, ci_high], totals)
    chosen = normal_pi if settings.pi == "normal" else hts_pi
    chosen_back = back(chosen) or (None, None)
    h = heterogeneity or {}
    return PooledEstimate(
        k=counts.k, events=int(counts.events.sum()), total=int(counts.totals.sum()),
        estimate=estimate, se=se, estimate_ci_low=ci_low, estimate_ci_high=ci_high,
        estimate_pi_low=chosen[0], estimate_pi_high=chosen[1], pval=pval, proportion=float(bounds[0]),
        ci_low=float(bounds[1]), ci_high=float(bounds[2]), pi_low=chosen_back[0], pi_high=chosen_back[1],
        tau2=h.get("tau2"), I2=h.get("I2"), H2=h.get("H2"), Q=h.get("Q"), Q_df=h.get("Q_df"),
        Q_p=h.get("Q_p"), test=test, df=df, pi=settings.pi, pi_normal=back(normal_pi),
        pi_hts=back(hts_pi), converged=converged, heterogeneity_ci=heterogeneity_ci,
    )


def _glmm_estimate(counts: Counts, settings: PoolSettings, scale: Transform) -> PooledEstimate:
    model = BinomialNormalModel(level=settings.level).fit(counts.events, counts.totals)
    if not model.converged_:
        raise PoolingError("the GLMM optimiser did not converge (its convergence flag is false); "
                           "the estimate is not reported. Use an inverse-variance method "
                           "(e.g. --method REML)")
    estimate, se, ci_low, ci_high, pval = model.estimate()
    pi_low, pi_high = model.prediction_interval()
    hts = model.prediction_interval(df=counts.k - 2) if counts.k >= 3 else (None, None)
    heterogeneity = None
    if counts.k > 1:
        # metafor's rma.glmm: the "typical" within-study variance of the escalc logit effects
        w = 1.0 / counts.vi
        typical = (counts.k - 1) / (w.sum() - (w ** 2).sum() / w.sum())
        heterogeneity = dict(tau2=model.tau2_, I2=100.0 * model.tau2_ / (typical + model.tau2_),
                             H2=model.tau2_ / typical + 1.0, Q=model.Q_, Q_df=model.Q_df_,
                             Q_p=chi2_p(model.Q_, model.Q_df_))
    return _estimate_record(counts, settings, scale, estimate, se, ci_low, ci_high, pval,
                            (pi_low, pi_high), hts, heterogeneity, test="z", df=None,
                            converged=model.converged_)


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
