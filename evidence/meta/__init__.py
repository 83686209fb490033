"""Meta-analysis of proportions that agrees with R's metafor.

    from evidence.meta import StudyRow, pool
    result = pool([StudyRow("Gauthier 2021", 9, 44, "same"), ...], transform="logit",
                  method="REML", ci="z")
    result.to_json()                      # CONTRACT.md "evidence pool --json"
    evidence.meta.forest.plot(result, "outputs/forest_CR")   # PNG and SVG (imports matplotlib)

Reading: `read_pool_table(path, outcome, by)` (a plain study table or an evidence table,
reduced by `pool_rows_from_evidence`). Estimators: `RandomEffectsModel` (rma.uni, tau²
estimators in `tau2`), `BinomialNormalModel` (rma.glmm). Also `leave_one_out` and
`meta_regression`. Importing this package loads numpy only; scipy comes with the first fit,
pandas with the first table read, matplotlib with the first plot.
"""
from __future__ import annotations

from evidence.meta.analysis import pool, pool_with
from evidence.meta.data import StudyRow, pool_rows_from_evidence, read_pool_table
from evidence.meta.glmm import BinomialNormalModel
from evidence.meta.model import RandomEffectsModel
from evidence.meta.results import BetweenGroups, ModeratorTest, PooledEstimate, PoolResult, StudyResult
from evidence.meta.sensitivity import LeaveOneOut, leave_one_out
from evidence.meta.settings import CI_KINDS, METHODS, TRANSFORMS, PoolSettings
from evidence.meta.subgroups import meta_regression
from evidence.meta.tau2 import get_estimator

__all__ = [
    "pool", "pool_with", "StudyRow", "read_pool_table", "pool_rows_from_evidence",
    "PoolSettings", "PoolResult", "PooledEstimate", "StudyResult", "BetweenGroups", "ModeratorTest",
    "RandomEffectsModel", "BinomialNormalModel", "get_estimator", "leave_one_out", "LeaveOneOut",
    "meta_regression", "TRANSFORMS", "METHODS", "CI_KINDS",
]
