"""Meta-analysis of proportions that agrees with R's metafor.

    from evidence.meta import StudyRow, pool
    result = pool([StudyRow("Gauthier 2021", 9, 44, "same"), ...], transform="logit",
                  method="REML", ci="z")
    result.to_json()                      # CONTRACT.md "evidence pool --json"
    from evidence.meta import forest
    forest.plot(result, "outputs/forest_CR")   # PNG and SVG (imports matplotlib)

Reading: `read_pool_table(path, outcome, by)` (a plain study table or an evidence table,
reduced by `pool_rows_from_evidence`). Estimators: `RandomEffectsModel` (rma.uni, tau²
estimators in `tau2`), `BinomialNormalModel` (rma.glmm). Also `leave_one_out` and
`meta_regression`.

The names below load on first use (PEP 562), so importing `evidence.meta` or one of its small
modules (the CLI reads `settings` for its choices) costs nothing; numpy and scipy come with the
first fit, pandas with the first table read, matplotlib with the first plot.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "pool": "analysis", "pool_with": "analysis",
    "StudyRow": "data", "read_pool_table": "data", "pool_rows_from_evidence": "data",
    "PoolSettings": "settings", "TRANSFORMS": "settings", "METHODS": "settings", "CI_KINDS": "settings",
    "PoolResult": "results", "PooledEstimate": "results", "StudyResult": "results",
    "BetweenGroups": "results", "ModeratorTest": "results",
    "RandomEffectsModel": "model", "BinomialNormalModel": "glmm", "get_estimator": "tau2",
    "leave_one_out": "sensitivity", "LeaveOneOut": "sensitivity", "meta_regression": "subgroups",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'evidence.meta' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"evidence.meta.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
