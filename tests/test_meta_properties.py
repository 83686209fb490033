"""Agreement on data nobody has seen: generated data sets checked against independent
computations (brute-force likelihood maximisation, statsmodels, numerical integration) and
identities every random-effects fit must satisfy."""
from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from scipy import integrate, optimize, special, stats

from evidence.meta import RandomEffectsModel, StudyRow, leave_one_out, meta_regression, pool
from evidence.meta.glmm import BinomialNormalModel, gauss_hermite, marginal_loglik
from evidence.meta.intervals import clopper_pearson
from evidence.meta.settings import IV_METHODS
from evidence.meta.transforms import get_transform

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TRANSFORMS = ("logit", "arcsine", "freeman-tukey", "raw")


@st.composite
def studies(draw, min_k=2, max_k=25, max_n=400):
    k = draw(st.integers(min_k, max_k))
    totals = draw(st.lists(st.integers(1, max_n), min_size=k, max_size=k))
    events = [draw(st.integers(0, n)) for n in totals]
    return np.array(events, dtype=float), np.array(totals, dtype=float)


@st.composite
def effects(draw, min_k=2, max_k=25):
    events, totals = draw(studies(min_k, max_k))
    transform = draw(st.sampled_from(TRANSFORMS))
    e = get_transform(transform).counts_to_effects(events, totals)
    assume(np.all(e.vi > 0))  # a raw proportion of 0 or 1 without correction has no variance
    return e.yi, e.vi


def combine_effects(y, v, method_re):
    """statsmodels' meta-analysis; its arithmetic warns on the degenerate data sets generated here."""
    from statsmodels.stats.meta_analysis import combine_effects as statsmodels_combine

    with np.errstate(all="ignore"):
        return statsmodels_combine(y, v, method_re=method_re)


def restricted_loglik(tau2, y, v, X):
    w = 1.0 / (v + tau2)
    A = X.T @ (w[:, None] * X)
    b = np.linalg.solve(A, X.T @ (w * y))
    r = y - X @ b
    return -0.5 * (np.sum(np.log(v + tau2)) + np.linalg.slogdet(A)[1] + np.sum(w * r * r))


def loglik(tau2, y, v):
    w = 1.0 / (v + tau2)
    mu = np.sum(w * y) / np.sum(w)
    return -0.5 * (np.sum(np.log(v + tau2)) + np.sum(w * (y - mu) ** 2))


def brute_force_max(f, upper):
    """Global maximum of f on [0, upper]: a 401-point grid, then a bounded refinement."""
    grid = np.concatenate([[0.0], np.geomspace(1e-8, upper, 400)])
    values = np.array([f(t) for t in grid])
    i = int(np.argmax(values))
    low, high = grid[max(i - 1, 0)], grid[min(i + 1, len(grid) - 1)]
    best = optimize.minimize_scalar(lambda t: -f(t), bounds=(low, high), method="bounded",
                                    options={"xatol": 1e-14})
    return max(values[i], -best.fun)


@SETTINGS
@given(effects())
def test_reml_maximises_the_restricted_likelihood(data):
    y, v = data
    X = np.ones((len(y), 1))
    ours = RandomEffectsModel("REML").fit(y, v).tau2_
    upper = 10 * max(np.var(y), v.max(), 1e-6)
    best = brute_force_max(lambda t: restricted_loglik(t, y, v, X), upper)
    assert restricted_loglik(ours, y, v, X) >= best - 1e-9 * (1 + abs(best))


@SETTINGS
@given(effects())
def test_ml_maximises_the_likelihood(data):
    y, v = data
    ours = RandomEffectsModel("ML").fit(y, v).tau2_
    best = brute_force_max(lambda t: loglik(t, y, v), 10 * max(np.var(y), v.max(), 1e-6))
    assert loglik(ours, y, v) >= best - 1e-9 * (1 + abs(best))


@SETTINGS
@given(effects(min_k=4), st.floats(-3, 3))
def test_reml_meta_regression_maximises_the_restricted_likelihood(data, slope):
    y, v = data
    x = np.linspace(0, 1, len(y))
    y = y + slope * x
    X = np.column_stack([np.ones(len(y)), x])
    ours = RandomEffectsModel("REML").fit(y, v, X).tau2_
    best = brute_force_max(lambda t: restricted_loglik(t, y, v, X), 10 * max(np.var(y), v.max(), 1e-6))
    assert restricted_loglik(ours, y, v, X) >= best - 1e-9 * (1 + abs(best))


@SETTINGS
@given(effects())
def test_dersimonian_laird_and_hksj_agree_with_statsmodels(data):
    y, v = data
    theirs = combine_effects(y, v, method_re="dl")
    z = RandomEffectsModel("DL", "z").fit(y, v).summary()
    knha = RandomEffectsModel("DL", "knha").fit(y, v).summary()
    # statsmodels leaves a negative DL tau² untruncated; metafor (and we) truncate at 0, which is
    # statsmodels' fixed-effect fit
    kind = "re" if theirs.tau2 > 0 else "fe"
    assert z.tau2 == pytest.approx(max(theirs.tau2, 0.0), rel=1e-9, abs=1e-12)
    assert z.estimate == pytest.approx(getattr(theirs, f"mean_effect_{kind}"), rel=1e-9, abs=1e-12)
    assert z.se == pytest.approx(getattr(theirs, f"sd_eff_w_{kind}"), rel=1e-9)
    assert knha.se == pytest.approx(getattr(theirs, f"sd_eff_w_{kind}_hksj"), rel=1e-9, abs=1e-12)
    assert z.Q == pytest.approx(theirs.q, rel=1e-9, abs=1e-12)


@SETTINGS
@given(effects())
def test_empirical_bayes_is_the_paule_mandel_root_statsmodels_iterates_to(data):
    y, v = data
    theirs = combine_effects(y, v, method_re="pm").tau2  # statsmodels stops at atol 1e-5 on the equation
    ours = RandomEffectsModel("EB").fit(y, v).tau2_
    assert ours == pytest.approx(theirs, rel=1e-4, abs=1e-6)
    w = 1.0 / (v + ours)
    q_generalised = np.sum(w * (y - np.sum(w * y) / np.sum(w)) ** 2)
    if ours > 0:
        assert q_generalised == pytest.approx(len(y) - 1, rel=1e-9)
    # metafor's PM stops within uniroot's tolerance (eps^0.25 ≈ 1.2e-4) of the same root
    assert RandomEffectsModel("PM").fit(y, v).tau2_ == pytest.approx(ours, abs=2.5e-4)


@SETTINGS
@given(effects(), st.sampled_from(IV_METHODS), st.floats(-5, 5))
def test_shifting_every_effect_shifts_the_estimate(data, method, shift):
    y, v = data
    base = RandomEffectsModel(method).fit(y, v).summary()
    moved = RandomEffectsModel(method).fit(y + shift, v).summary()
    assert moved.estimate == pytest.approx(base.estimate + shift, abs=1e-8)
    assert moved.tau2 == pytest.approx(base.tau2, rel=1e-6, abs=1e-9)


@SETTINGS
@given(effects(), st.sampled_from([m for m in IV_METHODS if m != "PM"]), st.floats(0.1, 10))
def test_rescaling_effects_rescales_tau2(data, method, scale):
    """PM is left out: metafor's uniroot tolerance is absolute, so PM is not scale-equivariant."""
    y, v = data
    base = RandomEffectsModel(method).fit(y, v).summary()
    scaled = RandomEffectsModel(method).fit(y * scale, v * scale ** 2).summary()
    assert scaled.tau2 == pytest.approx(base.tau2 * scale ** 2, rel=1e-6, abs=1e-9)
    assert scaled.I2 == pytest.approx(base.I2, rel=1e-6, abs=1e-6)


@SETTINGS
@given(studies(), st.sampled_from(TRANSFORMS), st.sampled_from(IV_METHODS), st.sampled_from(["z", "hksj"]),
       st.randoms(use_true_random=False))
def test_pooled_results_are_ordered_and_independent_of_study_order(data, transform, method, ci, random):
    events, totals = data
    rows = [StudyRow(f"s{i}", int(x), int(n)) for i, (x, n) in enumerate(zip(events, totals))]
    try:
        result = pool(rows, transform, method, ci)
    except Exception as error:  # a raw-scale study with 0 or n events after correction is impossible
        raise AssertionError(f"pooling failed: {error}") from error
    o = result.overall
    yi = np.array([s.yi for s in result.studies])
    assert yi.min() - 1e-9 <= o.estimate <= yi.max() + 1e-9
    assert o.estimate_pi_low <= o.estimate_ci_low + 1e-12 <= o.estimate + 2e-12
    assert o.estimate <= o.estimate_ci_high + 1e-12 <= o.estimate_pi_high + 2e-12
    if transform != "raw":
        assert 0 <= o.pi_low <= o.ci_low + 1e-12 and o.ci_high <= o.pi_high + 1e-12 <= 1 + 1e-12
    assert sum(s.weight for s in result.studies) == pytest.approx(100.0)
    assert 0 <= o.I2 < 100 and o.H2 >= 1
    if method != "PM":  # zeroin's path may differ in the last bits of Q, and so its stopping point
        shuffled = rows[:]
        random.shuffle(shuffled)
        again = pool(shuffled, transform, method, ci).overall
        assert again.estimate == pytest.approx(o.estimate, rel=1e-9, abs=1e-12)
        assert again.tau2 == pytest.approx(o.tau2, rel=1e-7, abs=1e-12)


@SETTINGS
@given(studies(min_k=2, max_k=12), studies(min_k=2, max_k=12), st.sampled_from(["DL", "REML"]))
def test_subgroup_tests_agree_with_independent_computations(first, second, method):
    rows = [StudyRow(f"a{i}", int(x), int(n), "a") for i, (x, n) in enumerate(zip(*first))]
    rows += [StudyRow(f"b{i}", int(x), int(n), "b") for i, (x, n) in enumerate(zip(*second))]
    result = pool(rows, "logit", method, "z")
    a, b = result.subgroups["a"], result.subgroups["b"]
    # tau² within groups: a fixed-effect Q over the two group estimates
    theirs = combine_effects(np.array([a.estimate, b.estimate]), np.array([a.se, b.se]) ** 2, method_re="dl")
    assert result.between.Q == pytest.approx(theirs.q, rel=1e-9, abs=1e-12)
    # one shared tau²: the dummy's Wald test equals the difference of the two weighted means
    tau2 = result.moderator.tau2
    means, variances = [], []
    for group in ("a", "b"):
        s = [st_ for st_ in result.studies if st_.group == group]
        w = 1.0 / (np.array([x.vi for x in s]) + tau2)
        means.append(np.sum(w * [x.yi for x in s]) / np.sum(w))
        variances.append(1.0 / np.sum(w))
    assert result.moderator.QM == pytest.approx((means[0] - means[1]) ** 2 / sum(variances), rel=1e-8, abs=1e-10)


@SETTINGS
@given(studies(min_k=1, max_k=30, max_n=2000))
def test_clopper_pearson_agrees_with_statsmodels(data):
    from statsmodels.stats.proportion import proportion_confint

    events, totals = data
    low, high = clopper_pearson(events, totals)
    their_low, their_high = proportion_confint(events, totals, alpha=0.05, method="beta")
    np.testing.assert_allclose(low, their_low, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(high, their_high, rtol=1e-10, atol=1e-14)


@SETTINGS
@given(st.integers(1, 2000), st.data())
def test_freeman_tukey_back_transform_inverts_one_study(n, data):
    x = data.draw(st.integers(0, n))
    ft = get_transform("freeman-tukey")
    yi = ft.counts_to_effects([x], [n]).yi
    assert ft.effects_to_proportions(yi, [n])[0] == pytest.approx(x / n, abs=1e-10)


@settings(max_examples=15, deadline=None)
@given(studies(min_k=1, max_k=4, max_n=80), st.floats(-3, 3), st.floats(0.05, 2.5))
def test_adaptive_quadrature_matches_numerical_integration(data, mu, tau):
    """With 41 nodes our adaptive rule is exact to 1e-6; with lme4's 7 nodes it is the
    approximation lme4 maximises, off by at most ~1e-3 per study for skewed integrands."""
    events, totals = data
    X = np.ones((len(events), 1))
    exact = 0.0
    for x, n in zip(events, totals):
        constant = special.gammaln(n + 1) - special.gammaln(x + 1) - special.gammaln(n - x + 1)

        def log_integrand(u):  # log binomial density, finite however far out u is
            eta = mu + tau * u
            return (constant + x * special.log_expit(eta) + (n - x) * special.log_expit(-eta)
                    + stats.norm.logpdf(u))
        # integrate around the integrand's own peak (found here by scipy, not by our Newton steps)
        peak = optimize.minimize_scalar(lambda u: -log_integrand(u), bounds=(-60, 60), method="bounded",
                                        options={"xatol": 1e-10}).x
        height = log_integrand(peak)
        value, _ = integrate.quad(lambda u: math.exp(log_integrand(u) - height), peak - 15, peak + 15,
                                  epsabs=0, epsrel=1e-13, limit=400, points=[peak])
        exact += height + math.log(value)
    many = marginal_loglik(np.array([mu, tau]), events, totals, X, *gauss_hermite(41))
    seven = marginal_loglik(np.array([mu, tau]), events, totals, X, *gauss_hermite(7))
    assert many == pytest.approx(exact, abs=1e-6 * len(events))
    assert seven == pytest.approx(exact, abs=2e-3 * len(events))


@settings(max_examples=8, deadline=None)
@given(studies(min_k=3, max_k=8, max_n=120))
def test_glmm_fit_is_a_maximum(data):
    events, totals = data
    assume(0 < events.sum() < totals.sum())
    model = BinomialNormalModel().fit(events, totals)
    nodes, weights = gauss_hermite(7)
    X = np.ones((len(events), 1))
    best = marginal_loglik(np.array([model.coefficients_[0], model.tau_]), events, totals, X, nodes, weights)
    for d_mu, d_tau in ((0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01)):
        tau = abs(model.tau_ + d_tau)
        nearby = marginal_loglik(np.array([model.coefficients_[0] + d_mu, tau]), events, totals, X, nodes, weights)
        assert nearby <= best + 1e-7


@settings(max_examples=15, deadline=None)
@given(studies(min_k=3, max_k=10), st.sampled_from(["DL", "REML", "PM"]))
def test_leave_one_out_is_pooling_without_that_study(data, method):
    rows = [StudyRow(f"s{i}", int(x), int(n)) for i, (x, n) in enumerate(zip(*data))]
    for i, item in enumerate(leave_one_out(rows, "logit", method)):
        alone = pool(rows[:i] + rows[i + 1:], "logit", method).overall
        assert item.omitted == rows[i].study
        assert item.pooled == alone


def test_meta_regression_recovers_a_planted_slope():
    rng = np.random.default_rng(7)
    dose = np.linspace(0, 1, 40)
    p = special.expit(-1.0 + 2.0 * dose)
    totals = rng.integers(80, 200, size=40)
    events = rng.binomial(totals, p)
    rows = [StudyRow(f"s{i}", int(x), int(n)) for i, (x, n) in enumerate(zip(events, totals))]
    fit = meta_regression(rows, dose, "logit", "REML", name="dose")
    intercept, slope = fit.coefficients
    assert (intercept.name, slope.name) == ("intercept", "dose")
    assert slope.ci_low < 2.0 < slope.ci_high and intercept.ci_low < -1.0 < intercept.ci_high
    assert fit.QM == pytest.approx((slope.estimate / slope.se) ** 2, rel=1e-12)
    assert fit.QM_p < 1e-6
    assert list(fit.to_df()["name"]) == ["intercept", "dose"]
