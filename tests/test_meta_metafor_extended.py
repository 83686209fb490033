"""Every number in tests/reference/metafor/extended/*.json, reproduced by `evidence.meta`.

The files are written by tests/reference/metafor/make_reference.R (R 4.2.2, metafor 3.8-1,
lme4 1.1-31) on nine data sets: three of the older references, two random sets, and edge sets
(a one-study group, an all-zero group and a homogeneous group together; a homogeneous group under
Hartung-Knapp; a million patients per study; rare events). Covered: every transform x estimator x
test overall (with both prediction intervals), the common-effect model, Q-profile confidence
intervals of tau²/I²/H², moderator fits (one shared tau²) and separate group fits for all eight
estimators, leave1out (overall and per group), influence, regtest, cumul, and rma.glmm overall,
per group (groups metafor can fit) and with group moderators.

Where metafor cannot fit something (its message is stored as {"error": ...}), the case checks that
we do not report a number there either: the group is not estimable, the test is undefined, or the
diagnostic raises. A guard checks that the number of cases cannot quietly shrink.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np
import pytest

from evidence.errors import PoolingError
from evidence.meta import RandomEffectsModel, StudyRow, pool
from evidence.meta import diagnostics
from evidence.meta.heterogeneity import common_effect
from evidence.meta.subgroups import group_design
from evidence.meta.transforms import get_transform
from batches import batched, check_all

DIR = Path(__file__).parent / "reference" / "metafor" / "extended"
DATASETS = sorted(p.stem for p in DIR.glob("*.json"))
OURS = {"PLO": "logit", "PAS": "arcsine", "PFT": "freeman-tukey", "PR": "raw"}
CI = {"z": "z", "knha": "hksj"}
VALUE, PERCENT, GLMM = (1e-6, 1e-9), (1e-6, 1e-6), (1e-4, 1e-8)
EXPECTED_CASES = 61475  # every numeric leaf compared; see test_the_grid_has_not_shrunk
BAUJAT_VALUES, BAUJAT_UNDEFINED = 2560, 8  # coordinates compared, fits metafor cannot plot


@functools.cache
def ref(dataset):
    return json.loads((DIR / f"{dataset}.json").read_text())


def rows(dataset, grouped=False):
    return tuple(StudyRow(r["study"], int(r["xi"]), int(r["ni"]), r["group"] if grouped else "",
                          year=int(r["year"])) for r in ref(dataset)["data"])


@functools.cache
def effects(dataset, measure="PLO"):
    data = ref(dataset)["data"]
    e = get_transform(OURS[measure]).counts_to_effects([r["xi"] for r in data], [r["ni"] for r in data])
    return e.yi, e.vi


@functools.cache
def fit(dataset, measure, method, test, pi="normal"):
    return pool(rows(dataset), OURS[measure], method, CI[test], pi=pi).overall


def overall_value(dataset, measure, method, test, key):
    if key.startswith("pi_t_"):
        return getattr(fit(dataset, measure, method, test, "hts"), "estimate_pi_" + key[len("pi_t_"):])
    o = fit(dataset, measure, method, test)
    return {"estimate": o.estimate, "se": o.se, "ci_low": o.estimate_ci_low, "ci_high": o.estimate_ci_high,
            "pval": o.pval, "tau2": o.tau2, "I2": o.I2, "H2": o.H2, "Q": o.Q, "Q_p": o.Q_p,
            "pi_low": o.estimate_pi_low, "pi_high": o.estimate_pi_high, "proportion": o.proportion,
            "proportion_ci_low": o.ci_low, "proportion_ci_high": o.ci_high,
            "proportion_pi_low": o.pi_low, "proportion_pi_high": o.pi_high}[key]


def common_value(dataset, measure, key):
    out = common_effect(*effects(dataset, measure))
    if key == "proportion":
        data = ref(dataset)["data"]
        return float(get_transform(OURS[measure]).effects_to_proportions([out["estimate"]], [r["ni"] for r in data])[0])
    return out[key]


def confint_value(dataset, measure, method, key, i):
    o = fit(dataset, measure, method, "z")
    return o.heterogeneity_ci[key][i]


@functools.cache
def grouped(dataset, measure, method, test):
    return pool(rows(dataset, grouped=True), OURS[measure], method, CI[test])


@functools.cache
def moderator_fit(dataset, measure, method, test):
    data = ref(dataset)["data"]
    labels = [r["group"] for r in data]
    groups = list(dict.fromkeys(labels))
    y, v = effects(dataset, measure)
    return RandomEffectsModel(method, test).fit(y, v, group_design(labels, groups)).regression()


def moderator_value(dataset, measure, method, test, key, i=None):
    result = grouped(dataset, measure, method, test)
    reg = moderator_fit(dataset, measure, method, test)
    if key in ("QM", "QM_p", "tau2"):
        ours = getattr(result.moderator, key)
        assert ours == getattr(reg, key) or math.isclose(ours, getattr(reg, key), rel_tol=1e-12)
        return ours
    if key in ("QE", "QE_p"):
        return getattr(reg, key)
    return getattr(reg.coefficients[i], {"b": "estimate", "se": "se"}[key])


def separate_value(dataset, measure, method, test, group, key):
    result = grouped(dataset, measure, method, test)
    if group is None:
        return {"Q_between": result.between.Q, "Q_between_p": result.between.p}[key]
    g = result.subgroups[group]
    if key == "tau2" and g.k == 1:
        assert g.tau2 is None
        return 0.0
    return {"k": g.k, "estimate": g.estimate, "se": g.se, "ci_low": g.estimate_ci_low,
            "ci_high": g.estimate_ci_high, "pval": g.pval, "tau2": g.tau2, "proportion": g.proportion}[key]


@functools.cache
def diag(kind, dataset, method, test="z", group=None):
    y, v = effects(dataset)
    if group is not None:
        members = [i for i, r in enumerate(ref(dataset)["data"]) if r["group"] == group]
        y, v = y[members], v[members]
    if kind == "leave1out":
        return diagnostics.leave_one_out(y, v, method, test)
    if kind == "cumul":
        order = np.argsort([r["year"] for r in ref(dataset)["data"]], kind="stable")
        return diagnostics.cumulative(y, v, order, method, test)
    if kind == "influence":
        return diagnostics.influence(y, v, method, test, names=[r["study"] for r in ref(dataset)["data"]])
    return diagnostics.regtest(y, v, method, test)


@functools.cache
def glmm(dataset, grouped_rows):
    return pool(rows(dataset, grouped=grouped_rows), "logit", "GLMM")


def glmm_value(dataset, part, key, group=None):
    if part == "overall":
        o = glmm(dataset, False).overall
    elif part == "groups":
        o = glmm(dataset, True).subgroups[group]
    elif part == "moderator":
        m = glmm(dataset, True).moderator
        return {"QM": m.QM, "QM_p": m.QM_p, "tau2": m.tau2}[key]
    else:
        b = glmm(dataset, True).between
        return {"Q_between": b.Q, "Q_between_p": b.p}[key]
    return {"k": o.k, "estimate": o.estimate, "se": o.se, "ci_low": o.estimate_ci_low,
            "ci_high": o.estimate_ci_high, "pval": o.pval, "tau2": o.tau2, "I2": o.I2, "H2": o.H2,
            "QE": o.Q, "QE_p": o.Q_p}[key]


def _dict(value) -> dict:
    """R writes an empty list as []."""
    return value if isinstance(value, dict) else {}


def build():
    cases, refusals = [], []

    def add(case_id, want, tol, ours):
        if want is None:  # NA in metafor: nothing to compare (a missing p of cumul, say)
            return
        cases.append(pytest.param(want, tol, ours, id=case_id))

    def each(case_id, values, tol, ours_of):
        values = values if isinstance(values, list) else [values]
        for i, want in enumerate(values):
            add(f"{case_id}-{i + 1}" if len(values) > 1 else case_id, want, tol, functools.partial(ours_of, i))

    for ds in DATASETS:
        r = ref(ds)
        for measure, methods in r["fits"].items():
            for method, tests in methods.items():
                for test, values in tests.items():
                    for key, want in values.items():
                        names = [f"{key}_low", f"{key}_high"] if isinstance(want, list) else [key]
                        for name, w in zip(names, want if isinstance(want, list) else [want]):
                            add(f"{ds}-fit-{measure}-{method}-{test}-{name}", w, PERCENT if name == "I2" else VALUE,
                                functools.partial(overall_value, ds, measure, method, test, name))
            for key, want in r["common"][measure].items():
                add(f"{ds}-common-{measure}-{key}", want, VALUE, functools.partial(common_value, ds, measure, key))
            for method, values in _dict(r["confint"].get(measure)).items():
                for key, triple in values.items():
                    for i, w in enumerate(triple):
                        add(f"{ds}-confint-{measure}-{method}-{key}-{i}", w, PERCENT if key == "I2" else VALUE,
                            functools.partial(confint_value, ds, measure, method, key, i))
        for kind in ("leave1out", "cumul"):
            for method, tests in r.get(kind, {}).items():
                for test, table in tests.items():
                    for key, values in table.items():
                        ours_key = key
                        each(f"{ds}-{kind}-{method}-{test}-{key}", values, PERCENT if key == "I2" else VALUE,
                             lambda i, ds=ds, kind=kind, method=method, test=test, k=ours_key: diag(kind, ds, method, test)[k][i])
        for method, table in _dict(r.get("influence")).items():
            for key, values in table.items():
                if key == "flagged":
                    values = [values] if isinstance(values, str) else values  # R unboxes one name
                    cases.append(pytest.param(values, "exact", functools.partial(
                        lambda d, m: diag("influence", d, m)["flagged"], ds, method), id=f"{ds}-influence-{method}-flagged"))
                    continue
                each(f"{ds}-influence-{method}-{key}", values, VALUE,
                     lambda i, ds=ds, method=method, k=key: diag("influence", ds, method)[k][i])
        for method, tests in _dict(r.get("regtest")).items():
            for test, values in tests.items():
                if "error" in values:
                    refusals.append(pytest.param(functools.partial(diag, "regtest", ds, method, test),
                                                 id=f"{ds}-regtest-{method}-{test}"))
                    continue
                for key, want in values.items():
                    add(f"{ds}-regtest-{method}-{test}-{key}", want, VALUE,
                        functools.partial(lambda d, m, t, k: diag("regtest", d, m, t)[k], ds, method, test, key))
        for measure, methods in _dict(r.get("moderator")).items():
            for method, tests in methods.items():
                for test, values in tests.items():
                    for key, want in values.items():
                        if key in ("QM", "QM_p") and want is None:
                            cases.append(pytest.param(None, "exact", functools.partial(
                                moderator_value, ds, measure, method, test, key),
                                id=f"{ds}-moderator-{measure}-{method}-{test}-{key}-undefined"))
                            continue
                        each(f"{ds}-moderator-{measure}-{method}-{test}-{key}", want, VALUE,
                             lambda i, a=(ds, measure, method, test, key): moderator_value(*a, i))
        for measure, methods in _dict(r.get("separate")).items():
            for method, tests in methods.items():
                for test, values in tests.items():
                    for group, g in values["groups"].items():
                        for key, want in g.items():
                            add(f"{ds}-separate-{measure}-{method}-{test}-{group}-{key}", want, VALUE,
                                functools.partial(separate_value, ds, measure, method, test, group, key))
                    for key in ("Q_between", "Q_between_p"):
                        if key in values:
                            add(f"{ds}-separate-{measure}-{method}-{test}-{key}", values[key], VALUE,
                                functools.partial(separate_value, ds, measure, method, test, None, key))
        for group, table in _dict(r.get("leave1out_groups")).items():
            for key, values in table.items():
                each(f"{ds}-leave1out-group-{group}-{key}", values, PERCENT if key == "I2" else VALUE,
                     lambda i, ds=ds, g=group, k=key: diag("leave1out", ds, "REML", "z", g)[k][i])
        g = r["glmm"]
        # se_lme4 is metafor's SE from lme4's own step-1e-4 Hessian, kept for the record: the
        # reference se (and the interval, p, QM and Q_between from it) comes from a stable Hessian
        # of lme4's deviance (see make_reference.R), which lme4's differs from by up to 1.8e-4
        # at a million patients per study
        for key, want in g["overall"].items():
            if key not in ("QM", "QM_p", "se_lme4"):
                add(f"{ds}-glmm-overall-{key}", want, GLMM, functools.partial(glmm_value, ds, "overall", key))
        if isinstance(g.get("moderator"), dict) and "error" not in g["moderator"]:
            for key in ("QM", "QM_p", "tau2"):
                add(f"{ds}-glmm-moderator-{key}", g["moderator"][key], GLMM,
                    functools.partial(glmm_value, ds, "moderator", key))
        for group, values in _dict(g.get("groups")).items():
            if "error" in values:
                continue  # see test_glmm_groups_metafor_cannot_fit
            for key, want in values.items():
                if key not in ("QM", "QM_p", "se_lme4"):
                    add(f"{ds}-glmm-group-{group}-{key}", want, GLMM, functools.partial(glmm_value, ds, "groups", key, group))
        for key in ("Q_between", "Q_between_p"):
            if key in g:
                add(f"{ds}-glmm-{key}", g[key], GLMM, functools.partial(glmm_value, ds, "between", key))
    return cases, refusals


CASES, REFUSALS = build()


@pytest.mark.parametrize("batch", batched(CASES, depth=3))
def test_reproduces_metafor(batch):
    check_all(batch, reproduces)


def reproduces(want, tol, ours):
    got = ours()
    if tol == "exact":
        assert got == want
        return
    rel, floor = tol
    assert got is not None
    assert math.isclose(got, want, rel_tol=rel, abs_tol=floor), f"ours {got!r}, metafor {want!r}"


@pytest.mark.parametrize("compute", REFUSALS)
def test_refuses_where_metafor_cannot_fit(compute):
    with pytest.raises(PoolingError):
        compute()


def test_baujat_reproduces_metafor():
    """metafor's `baujat()` coordinates for every estimator x test on every data set with at
    least three studies, in one test (the fits are the leave-one-out fits, so one pass is cheap).
    Where metafor cannot draw the plot (a deleted fit with zero Hartung-Knapp variance), ours
    leaves the influence coordinate undefined."""
    compared, undefined, wrong = 0, 0, []
    for ds in DATASETS:
        y, v = effects(ds)
        for method, tests in _dict(ref(ds).get("baujat")).items():
            for test, want in tests.items():
                ours = diagnostics.baujat(y, v, method, test)
                if "error" in want:
                    assert None in ours["y"], (ds, method, test, want["error"])
                    undefined += 1
                    continue
                for axis in ("x", "y"):
                    for i, (w, o) in enumerate(zip(want[axis], ours[axis], strict=True)):
                        compared += 1
                        if o is None or not math.isclose(o, w, rel_tol=VALUE[0], abs_tol=VALUE[1]):
                            wrong.append((ds, method, test, axis, i, o, w))
    assert not wrong, wrong[:10]
    assert (compared, undefined) == (BAUJAT_VALUES, BAUJAT_UNDEFINED)


def test_glmm_groups_metafor_cannot_fit():
    """A one-study group (and an all-zero group) is not estimable under the GLMM, as in metafor."""
    for ds in DATASETS:
        for group, values in ref(ds)["glmm"].get("groups", {}).items():
            result = glmm(ds, True)
            if "one study" in values.get("error", "") or values.get("error") and all(
                    r["xi"] == 0 for r in ref(ds)["data"] if r["group"] == group):
                assert group in result.not_estimable and group not in result.subgroups, (ds, group)


def test_the_grid_has_not_shrunk():
    assert len(DATASETS) == 9
    assert len({c.id for c in CASES}) == len(CASES)
    assert len(CASES) == EXPECTED_CASES and len(REFUSALS) == 16
