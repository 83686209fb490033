"""Every number in tests/reference/metafor/*.json, reproduced by `evidence.meta`.

Every number is a case with an id such as `pritz1997-PFT-REML-knha-tau2`; the cases run in one
test per data set and transform (tests/batches.py), whose failure names each case that differs. The reference files are
pinned copies of metafor 3.8-1 results (see tests/reference/metafor/README.md). A guard test
checks that the cases cover every numeric leaf of every file and that their count is exactly
EXPECTED_CASES, so the grid cannot quietly shrink.
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import pytest

from evidence.meta import RandomEffectsModel, StudyRow, pool
from evidence.meta.intervals import clopper_pearson
from evidence.meta.transforms import get_transform
from batches import batched, check_all

REFERENCE_DIR = Path(__file__).parent / "reference" / "metafor"
DATASETS = sorted(p.stem for p in REFERENCE_DIR.glob("*.json"))
OUR_TRANSFORM = {"PLO": "logit", "PAS": "arcsine", "PFT": "freeman-tukey", "PR": "raw"}
OUR_CI = {"z": "z", "knha": "hksj"}

# Tolerances, one per kind of quantity: (relative, absolute floor for values near 0).
VALUE = (1e-6, 1e-9)     # inverse-variance fits, study effects, Clopper-Pearson, subgroup tests
PERCENT = (1e-6, 1e-6)   # I² in percent: 100 tau²/(tau² + s²) magnifies a 1e-12 tau² left by Fisher scoring
GLMM = (1e-4, 1e-9)      # rma.glmm through lme4's optimiser
TOLERANCE = {"value": VALUE, "percent": PERCENT, "glmm": GLMM}

EXPECTED_CASES = 8444
HETEROGENEITY = ("tau2", "I2", "H2", "Q", "Q_p")


@functools.cache
def reference(dataset: str) -> dict:
    return json.loads((REFERENCE_DIR / f"{dataset}.json").read_text())


def study_rows(dataset: str, grouped: bool = False) -> list[StudyRow]:
    return [StudyRow(r["study"], r["xi"], r["ni"], r["group"] if grouped else "")
            for r in reference(dataset)["data"]]


@functools.cache
def overall(dataset, measure, method, test) -> dict:
    """Our numbers for one reference fit, under metafor's keys."""
    result = pool(study_rows(dataset), OUR_TRANSFORM[measure], method, OUR_CI[test])
    o = result.overall
    ours = {
        "estimate": o.estimate, "se": o.se, "ci_low": o.estimate_ci_low, "ci_high": o.estimate_ci_high,
        "pval": o.pval, "pi_low": o.estimate_pi_low, "pi_high": o.estimate_pi_high,
        "proportion": o.proportion, "proportion_ci_low": o.ci_low, "proportion_ci_high": o.ci_high,
        "proportion_pi_low": o.pi_low, "proportion_pi_high": o.pi_high,
        **{key: getattr(o, key) for key in HETEROGENEITY},
    }
    if o.k == 1:
        # We report no heterogeneity for one study (null in JSON); metafor's convention
        # (tau² 0, I² 0, H² 1, Q 0, p 1) is what the model holds internally.
        assert all(ours[key] is None for key in HETEROGENEITY)
        effects = get_transform(OUR_TRANSFORM[measure]).counts_to_effects(
            [r.events for r in study_rows(dataset)], [r.total for r in study_rows(dataset)])
        summary = RandomEffectsModel(method, test).fit(effects.yi, effects.vi).summary()
        assert not summary.heterogeneity_estimable
        ours.update({key: getattr(summary, key) for key in HETEROGENEITY})
        # nor a prediction interval (metafor's equals the CI there); the model still holds it
        assert [o.pi_low, o.pi_high, o.estimate_pi_low, o.estimate_pi_high] == [None] * 4
        scale = get_transform(OUR_TRANSFORM[measure])
        totals = [r.total for r in study_rows(dataset)]
        ours.update({"pi_low": summary.pi_low, "pi_high": summary.pi_high,
                     "proportion_pi_low": float(scale.effects_to_proportions([summary.pi_low], totals)[0]),
                     "proportion_pi_high": float(scale.effects_to_proportions([summary.pi_high], totals)[0])})
    return ours


@functools.cache
def subgroup_result(dataset, method):
    return pool(study_rows(dataset, grouped=True), "logit", method, "z")


@functools.cache
def glmm_result(dataset):
    return pool(study_rows(dataset), "logit", "GLMM", "z").overall


def subgroup_value(dataset, method, path):
    result = subgroup_result(dataset, method)
    part = path[0]
    if part == "common_tau2":
        return {"QM": result.moderator.QM, "QM_p": result.moderator.QM_p, "tau2": result.moderator.tau2}[path[1]]
    if path[1] == "Q_between":
        return result.between.Q
    if path[1] == "Q_between_p":
        return result.between.p
    group = result.subgroups[path[2]]
    key = path[3]
    if key == "tau2" and group.k == 1:
        assert group.tau2 is None  # a group of one study: a fixed-effect fit, no tau² reported
        return 0.0
    return {"k": group.k, "estimate": group.estimate, "se": group.se, "tau2": group.tau2,
            "proportion": group.proportion, "proportion_ci_low": group.ci_low,
            "proportion_ci_high": group.ci_high}[key]


def build_cases():
    """(id, reference value, kind, function returning our value) for every numeric leaf."""
    cases = []

    def add(case_id, want, kind, ours):
        cases.append(pytest.param(want, kind, ours, id=case_id))

    for dataset in DATASETS:
        ref = reference(dataset)
        for measure, methods in ref["fits"].items():
            for method, tests in methods.items():
                for test, fit in tests.items():
                    for key, want in fit.items():
                        names = [f"{key}_low", f"{key}_high"] if isinstance(want, list) else [key]
                        values = want if isinstance(want, list) else [want]
                        for name, value in zip(names, values):
                            add(f"{dataset}-{measure}-{method}-{test}-{name}", value,
                                "percent" if name == "I2" else "value",
                                functools.partial(lambda a, n: overall(*a)[n], (dataset, measure, method, test), name))
        logit = ref["study_logit"]
        for key in ("yi", "vi"):
            for i, want in enumerate(logit[key] if isinstance(logit[key], list) else [logit[key]]):
                add(f"{dataset}-study_logit-{key}-{i + 1}", want, "value",
                    functools.partial(study_logit, dataset, key, i))
        for i, (low, high) in enumerate(ref["study_clopper_pearson"]):
            for side, want in (("low", low), ("high", high)):
                add(f"{dataset}-clopper_pearson-{i + 1}-{side}", want, "value",
                    functools.partial(clopper_pearson_bound, dataset, i, side))
        for key, want in ref.get("glmm", {}).items():
            add(f"{dataset}-GLMM-{key}", want, "glmm", functools.partial(glmm_value, dataset, key))
        for method, tests in ref.get("subgroup", {}).items():
            for path, want in leaves(tests):
                add(f"{dataset}-subgroup-{method}-{'-'.join(path)}", want, "value",
                    functools.partial(subgroup_value, dataset, method, path))
    return cases


def leaves(tree, path=()):
    """(path, number) for every number in a nested dict; [low, high] pairs become _low/_high."""
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from leaves(value, path + (key,))
        elif isinstance(value, list):
            yield path + (f"{key}_low",), value[0]
            yield path + (f"{key}_high",), value[1]
        else:
            yield path + (key,), value


def study_logit(dataset, key, i):
    rows = study_rows(dataset)
    effects = get_transform("logit").counts_to_effects([r.events for r in rows], [r.total for r in rows])
    return float({"yi": effects.yi, "vi": effects.vi}[key][i])


def clopper_pearson_bound(dataset, i, side):
    rows = study_rows(dataset)
    low, high = clopper_pearson([r.events for r in rows], [r.total for r in rows])
    ours = float((low if side == "low" else high)[i])
    # and the same interval reaches the JSON's study records
    study = pool(rows[i:i + 1]).studies[0]
    assert math.isclose(getattr(study, f"ci_{side}"), ours, rel_tol=1e-15, abs_tol=1e-15)
    return ours


def glmm_value(dataset, key):
    o = glmm_result(dataset)
    return {"estimate": o.estimate, "se": o.se, "ci_low": o.estimate_ci_low, "ci_high": o.estimate_ci_high,
            "tau2": o.tau2, "proportion": o.proportion}[key]


CASES = build_cases()


@pytest.mark.parametrize("batch", batched(CASES, depth=2))
def test_reproduces_metafor(batch):
    check_all(batch, reproduces)


def reproduces(want, kind, ours):
    rel, floor = TOLERANCE[kind]
    got = ours()
    assert got is not None
    assert math.isclose(got, want, rel_tol=rel, abs_tol=floor), f"ours {got!r}, metafor {want!r}"


def numeric_leaf_count(tree) -> int:
    if isinstance(tree, dict):
        return sum(numeric_leaf_count(v) for v in tree.values())
    if isinstance(tree, list):
        return sum(numeric_leaf_count(v) for v in tree)
    return 1 if isinstance(tree, (int, float)) and not isinstance(tree, bool) else 0


def test_every_reference_number_is_a_case_and_the_grid_has_not_shrunk():
    expected = sum(numeric_leaf_count({k: v for k, v in reference(d).items() if k != "data"})
                   for d in DATASETS)
    assert len(DATASETS) == 8
    assert len(CASES) == expected == EXPECTED_CASES
    assert len({case.id for case in CASES}) == len(CASES)
    assert not any(case.marks for case in CASES)  # nothing skipped or expected to fail
