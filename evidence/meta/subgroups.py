"""Comparing groups of studies, and meta-regression on one moderator.

Two tests that subgroups differ, as the reference computes them:

- `groups_to_between` (tau² estimated within each group): each group is pooled alone (a group
  of one study is a fixed-effect fit), and the group estimates are compared with a
  fixed-effect Q on G - 1 df, each weighted by 1/se². The Wald (z) standard errors are used
  even when the intervals are Hartung-Knapp, since a Hartung-Knapp se can be 0 for a
  perfectly homogeneous group.
- `groups_to_moderator` (one tau² shared by the groups): `rma(yi, vi, mods = ~ factor(group))`
  and its omnibus test QM of the group coefficients; the tau² reported is the residual one.
  It needs more studies than groups.
"""
from __future__ import annotations

import numpy as np

from evidence.errors import PoolingError
from evidence.meta.intervals import chi2_p
from evidence.meta.model import RandomEffectsModel, RegressionSummary
from evidence.meta.results import BetweenGroups, ModeratorTest


def groups_to_between(subgroups: dict, counts, labels, settings) -> BetweenGroups:
    """The fixed-effect Q test over the groups' pooled estimates."""
    estimates, ses = [], []
    for group, pooled in subgroups.items():
        if pooled.test == "z":
            estimates.append(pooled.estimate)
            ses.append(pooled.se)
            continue
        part = counts.subset(labels == group)
        summary = RandomEffectsModel(settings.method, "z", settings.level).fit(part.yi, part.vi).summary()
        estimates.append(summary.estimate)
        ses.append(summary.se)
    estimates, ses = np.asarray(estimates), np.asarray(ses)
    if np.any(ses <= 0):
        raise PoolingError("a group's estimate has no sampling error, so the groups cannot be compared")
    weights = 1.0 / ses ** 2
    mean = np.sum(weights * estimates) / np.sum(weights)
    Q = float(np.sum(weights * (estimates - mean) ** 2))
    df = len(estimates) - 1
    return BetweenGroups(Q=Q, df=df, p=chi2_p(Q, df), groups=tuple(subgroups))


def group_design(labels, groups) -> np.ndarray:
    """An intercept for the first group and one dummy per other group."""
    labels = np.asarray(labels, dtype=object)
    columns = [np.ones(len(labels))] + [(labels == g).astype(float) for g in groups[1:]]
    return np.column_stack(columns)


def groups_to_moderator(counts, labels, groups, settings) -> tuple[ModeratorTest | None, str | None]:
    """The moderator test with one shared tau², or None and the reason it cannot be computed."""
    if counts.k <= len(groups):
        return None, ("Every group has a single study, so no tau² shared by the groups can be "
                      "estimated and the moderator test is not reported; the between-groups test "
                      "then compares the studies themselves.")
    X = group_design(labels, groups)
    if settings.method == "GLMM":
        from evidence.meta.glmm import BinomialNormalModel

        model = BinomialNormalModel(level=settings.level).fit(counts.events, counts.totals, X)
        if not model.converged_:
            raise PoolingError("the GLMM optimiser did not converge")
        # a group coefficient without information (infinite variance) adds 0 to the Wald test
        tested = [j for j in range(1, len(model.coefficients_)) if np.isfinite(model.cov_[j, j])]
        b = model.coefficients_[tested]
        QM = float(b @ np.linalg.solve(model.cov_[np.ix_(tested, tested)], b))
        df = len(groups) - 1
        return ModeratorTest(QM=QM, QM_df=df, QM_p=chi2_p(QM, df), tau2=model.tau2_, statistic="chi2"), None
    model = RandomEffectsModel(settings.method, settings.metafor_test, settings.level).fit(counts.yi, counts.vi, X)
    QM, df, p = model.moderator_test()
    reason = "" if QM is not None else (
        "the coefficients' covariance is singular: with Hartung-Knapp the weighted residuals are 0 "
        "(the groups' studies agree exactly), so s² = 0 and the F statistic is undefined (metafor: NA)")
    return ModeratorTest(QM=QM, QM_df=df, QM_p=p, tau2=model.tau2_,
                         statistic="F" if model.test_ == "knha" else "chi2", reason=reason), \
        (f"The moderator test is undefined: {reason}." if reason else None)


def meta_regression(rows, moderator, transform: str = "logit", method: str = "REML", ci: str = "z",
                    *, level: float = 0.95, name: str = "moderator") -> RegressionSummary:
    """Mixed-effects meta-regression of the transformed proportions on one numeric moderator
    (metafor: `rma(yi, vi, mods = ~ moderator)`)."""
    from evidence.meta.analysis import check_rows, rows_to_counts
    from evidence.meta.settings import PoolSettings
    from evidence.meta.transforms import get_transform

    settings = PoolSettings(transform=transform, method=method, ci=ci, level=level)
    if settings.method == "GLMM":
        raise PoolingError("meta-regression is available for the inverse-variance methods; "
                           "choose --method REML (or another tau² estimator)")
    rows = check_rows(rows)
    values = np.asarray(moderator, dtype=float)
    if values.shape != (len(rows),):
        raise PoolingError(f"{len(values)} moderator values for {len(rows)} studies")
    if not np.all(np.isfinite(values)):
        raise PoolingError(f"a value of {name} is missing or not a number")
    if np.ptp(values) == 0:
        raise PoolingError(f"{name} takes one value in every study, so it cannot explain anything")
    if len(rows) < 3:
        raise PoolingError("a meta-regression on one moderator needs at least three studies")
    counts = rows_to_counts(rows, get_transform(settings.transform))
    X = np.column_stack([np.ones(len(values)), values])
    model = RandomEffectsModel(settings.method, settings.metafor_test, settings.level)
    return model.fit(counts.yi, counts.vi, X, names=("intercept", name)).regression()
