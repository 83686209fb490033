"""The library's edges: settings, estimator classes, single studies and groups, honest errors."""
from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.optimize import brentq

from evidence.errors import PoolingError
from evidence.meta import (BinomialNormalModel, PoolSettings, RandomEffectsModel, StudyRow, get_estimator,
                           leave_one_out, meta_regression, pool)
from evidence.meta.tau2 import ESTIMATORS, PauleMandel, zeroin

SEEDS = [StudyRow("Gauthier", 9, 44, "same"), StudyRow("Holland same", 5, 13, "same"),
         StudyRow("Holland different", 35, 48, "different")]


@pytest.mark.parametrize("given, expected", [
    pytest.param({}, ("logit", "REML", "z", 0.95), id="defaults"),
    pytest.param({"transform": "PFT", "method": "dl", "ci": "knha"}, ("freeman-tukey", "DL", "hksj", 0.95),
                 id="metafor-names"),
    pytest.param({"transform": "Arcsine", "level": 0.9}, ("arcsine", "REML", "z", 0.9), id="case-and-level"),
])
def test_settings_normalise(given, expected):
    s = PoolSettings.resolve(given)
    assert (s.transform, s.method, s.ci, s.level) == expected
    assert PoolSettings.resolve(s) is s


@pytest.mark.parametrize("given, message", [
    pytest.param({"transform": "probit"}, "unknown transform 'probit'; use one of logit, arcsine, freeman-tukey, raw",
                 id="transform"),
    pytest.param({"method": "MM"}, "unknown method 'MM'; use one of REML, DL, ML, PM, HS, SJ, HE, EB, GLMM",
                 id="method"),
    pytest.param({"ci": "t"}, "unknown interval 't'; use one of z, hksj", id="ci"),
    pytest.param({"level": 1.0}, "confidence level 1.0 must lie in [0.5, 1), e.g. 0.95", id="level"),
    pytest.param({"method": "GLMM", "transform": "raw"},
                 "the GLMM (binomial-normal model) pools on the logit scale; use --transform logit, "
                 "or another --method for the raw transform", id="glmm-raw"),
    pytest.param({"colour": "red"}, "unknown pooling setting(s) colour; use ci, level, method, pi, transform",
                 id="unknown-key"),
])
def test_settings_refuse_with_a_reason(given, message):
    with pytest.raises(PoolingError) as error:
        PoolSettings.resolve(given)
    assert str(error.value) == message


def test_estimators_are_classes_mapped_by_name():
    assert list(ESTIMATORS) == ["DL", "REML", "ML", "PM", "HS", "SJ", "HE", "EB"]
    y, v = np.array([-1.36, -0.47, 0.99]), np.array([0.14, 0.325, 0.105])
    for name in ESTIMATORS:
        estimator = get_estimator(name.lower())
        assert estimator.fit(y, v) is estimator and estimator.name == name
        assert estimator.tau2_ > 0 and estimator.estimable_
    with pytest.raises(PoolingError, match="unknown tau² estimator 'XX'"):
        get_estimator("XX")


@pytest.mark.parametrize("y, v, message", [
    pytest.param([1.0, 2.0], [0.1], "2 effects but 1 variances", id="lengths"),
    pytest.param([1.0, 2.0], [0.1, 0.0], "a sampling variance is zero or negative", id="zero-variance"),
    pytest.param([1.0, np.nan], [0.1, 0.1], "an effect size or variance is not finite", id="nan"),
    pytest.param([], [], "no studies to pool", id="empty"),
])
def test_model_refuses_impossible_inputs(y, v, message):
    with pytest.raises(PoolingError, match=message):
        RandomEffectsModel().fit(y, v)


def test_paule_mandel_beyond_metafors_upper_bound():
    """metafor stops with 'tau2.max too low' above 100; the bracket is widened instead."""
    y, v = np.array([-30.0, 0.0, 30.0]), np.array([0.01, 0.01, 0.01])
    tau2 = RandomEffectsModel("PM").fit(y, v).tau2_
    assert tau2 > 100
    assert RandomEffectsModel("EB").fit(y, v).tau2_ == pytest.approx(tau2, rel=1e-5)


def test_zeroin_finds_the_root_brent_finds():
    f = lambda x: np.cos(x) - x  # noqa: E731
    root, iterations = zeroin(f, 0.0, 1.0, f(0.0), f(1.0), 1e-12, 100)
    assert root == pytest.approx(brentq(f, 0, 1, xtol=1e-14), abs=1e-12) and 0 < iterations < 20
    with pytest.raises(PoolingError, match="Paule-Mandel root was not found in 2 iterations"):
        zeroin(f, 0.0, 1.0, f(0.0), f(1.0), 1e-15, 2)
    with pytest.raises(PoolingError, match="PM tolerance must be positive"):
        PauleMandel(tol=0)


def test_one_study_is_reported_without_heterogeneity():
    result = pool(SEEDS[:1], ci="hksj", outcome="CR")
    out = result.to_json()["overall"]
    assert [out[k] for k in ("tau2", "I2", "H2", "Q", "Q_df", "Q_p")] == [None] * 6
    assert (out["k"], out["test"]) == (1, "z")
    # no prediction interval for one study: it would only repeat the confidence interval
    assert (out["pi_low"], out["pi_high"], out["pi_normal"], out["pi_hts"]) == (None, None, None, None)
    assert any(n.startswith("Only one study") for n in result.notes)
    assert any("Hartung-Knapp intervals need two or more studies" in n for n in result.notes)
    json.dumps(result.to_json(), allow_nan=False)


def test_every_group_of_one_study_has_no_moderator_test():
    rows = [StudyRow("A", 3, 10, "x"), StudyRow("B", 7, 10, "y")]
    result = pool(rows)
    assert result.moderator is None and result.between.df == 1
    # with one study per group, the between-groups Q is the studies' own Q
    assert result.between.Q == pytest.approx(result.overall.Q, rel=1e-12)
    assert any("Every group has a single study" in n for n in result.notes)


def test_unlabelled_rows_among_groups_are_unknown():
    rows = [StudyRow("A", 3, 10, "x"), StudyRow("B", 4, 10, "x"), StudyRow("C", 7, 10)]
    result = pool(rows)
    assert list(result.subgroups) == ["x", "unknown"]
    assert [s.group for s in result.studies] == ["x", "x", "unknown"]


def test_one_group_is_no_comparison():
    result = pool([StudyRow("A", 3, 10, "x"), StudyRow("B", 4, 10, "x")])
    assert list(result.subgroups) == ["x"] and result.between is None and result.moderator is None
    assert "All studies are in one group ('x'): there are no groups to compare." in result.notes


def test_a_study_twice_is_refused():
    with pytest.raises(PoolingError, match="study 'A' appears twice in group 'x'; pool each study"):
        pool([StudyRow("A", 3, 10, "x"), StudyRow("A", 4, 10, "x")])
    with pytest.raises(PoolingError, match="pool\\(\\) takes StudyRow records, got tuple"):
        pool([("A", 3, 10)])


def test_continuity_correction_is_noted_only_where_applied():
    rows = [StudyRow("A", 0, 10), StudyRow("B", 3, 10), StudyRow("C", 10, 10)]
    note = ("1/2 was added to the events and non-events of 2 studies with no events or only events "
            "(metafor's default for the logit transform).")
    assert note in pool(rows).notes
    assert not any("1/2" in n for n in pool(rows, transform="arcsine").notes)
    assert [s.corrected for s in pool(rows).studies] == [True, False, True]


def test_glmm_refuses_data_without_events():
    with pytest.raises(PoolingError, match="no patient had the event in any study, so the GLMM"):
        BinomialNormalModel().fit([0, 0], [10, 12])
    # a group where every patient had the event is not estimable; the rest of the analysis stands
    rows = [StudyRow("A", 10, 10, "zero"), StudyRow("A2", 9, 9, "zero"),
            StudyRow("B", 3, 10, "other"), StudyRow("C", 5, 12, "other")]
    result = pool(rows, method="GLMM")
    assert "every patient had the event" in result.not_estimable["zero"]
    assert list(result.subgroups) == ["other"] and result.overall.k == 4
    assert result.between is None
    assert any(n.startswith("Group 'zero' could not be estimated") for n in result.notes)


def test_glmm_leaves_one_study_groups_out_of_the_between_test():
    result = pool(SEEDS, method="GLMM")
    assert "cannot be fitted to one study" in result.not_estimable["different"]
    assert "different" not in result.subgroups and result.subgroups["same"].converged is True
    assert result.between is None  # one estimable group is nothing to compare
    assert result.moderator.statistic == "chi2" and result.moderator.QM > 0
    assert result.to_json()["not_estimable"] == dict(result.not_estimable)


def test_hksj_moderator_test_is_an_F_test():
    rows = SEEDS + [StudyRow("Other different", 20, 30, "different")]
    result = pool(rows, ci="hksj")
    assert result.moderator.statistic == "F"
    z = pool(rows)
    assert result.between.Q == pytest.approx(z.between.Q)  # the between test always uses Wald se's


def test_meta_regression_and_leave_one_out_refuse_what_they_cannot_do():
    with pytest.raises(PoolingError, match="needs at least three studies"):
        meta_regression(SEEDS[:2], [1.0, 2.0])
    with pytest.raises(PoolingError, match="dose takes one value in every study"):
        meta_regression(SEEDS, [1.0, 1.0, 1.0], name="dose")
    with pytest.raises(PoolingError, match="2 moderator values for 3 studies"):
        meta_regression(SEEDS, [1.0, 2.0])
    with pytest.raises(PoolingError, match="leaving one study out needs at least two studies"):
        leave_one_out(SEEDS[:1])


@pytest.mark.parametrize("name", ["ML", "REML"])
def test_intercept_only_likelihood_shortcut_equals_the_general_one(name):
    from evidence.meta.wls import WeightedFit

    rng = np.random.default_rng(3)
    y, v = rng.normal(size=50), rng.uniform(0.01, 1, 50)
    X, grid = np.ones((50, 1)), np.geomspace(1e-6, 10, 7)
    estimator = get_estimator(name)
    general = [estimator._loglik(WeightedFit(y, v, X, t)) for t in grid]
    np.testing.assert_allclose(estimator._heights(y, v, X, grid), general, rtol=1e-12, atol=1e-12)


def test_sidik_jonkman_with_groups_starts_from_the_raw_effects():
    """metafor's SJ starts from var(y)(k-1)/k even with moderators (issue 14: QM 5.70, p 0.017)."""
    result = pool(SEEDS, method="SJ")
    assert result.moderator.QM == pytest.approx(5.696088042515366, rel=1e-9)
    assert result.moderator.QM_p == pytest.approx(0.017002768267670318, rel=1e-9)
    assert result.moderator.tau2 == pytest.approx(0.31604817890803955, rel=1e-9)


def test_degenerate_hartung_knapp_is_undefined_with_a_reason():
    rows = [StudyRow("h1", 10, 50, "hom"), StudyRow("h2", 20, 100, "hom"), StudyRow("h3", 30, 150, "hom"),
            StudyRow("solo", 17, 40, "one")]
    result = pool(rows, ci="hksj")
    assert result.moderator.QM is None and result.moderator.QM_p is None
    assert "s² = 0" in result.moderator.reason
    assert result.to_json()["moderator"]["QM"] is None
    assert any(n.startswith("The moderator test is undefined") for n in result.notes)


def test_a_group_whose_reml_does_not_converge_is_not_estimable(monkeypatch):
    """Issue 14: one group's failure (REML not converging even with metafor's halved steps) names
    that group and why; the overall estimate, the other group and the shared-tau² test stand."""
    from evidence.meta.tau2 import FisherScoring

    climb = FisherScoring._climb

    def fails_on_two_studies(self, y, v, X, tau2):
        if len(y) == 2:
            raise PoolingError("REML did not converge in 5000 Fisher-scoring iterations, even with halved steps")
        return climb(self, y, v, X, tau2)

    monkeypatch.setattr(FisherScoring, "_climb", fails_on_two_studies)
    rows = [StudyRow("A", 10, 40, "x"), StudyRow("B", 15, 50, "x"), StudyRow("C", 30, 60, "y"),
            StudyRow("D", 12, 45, "y"), StudyRow("E", 20, 41, "y")]
    result = pool(rows, method="REML")
    assert result.not_estimable == {"x": "REML did not converge in 5000 Fisher-scoring iterations, even with halved steps"}
    assert list(result.subgroups) == ["y"] and result.overall.k == 5 and result.overall.tau2 > 0
    assert result.between is None and result.moderator.QM > 0
    assert "Group 'x' could not be estimated: REML did not converge" in " ".join(result.notes)
    assert result.to_json()["not_estimable"] == result.not_estimable
