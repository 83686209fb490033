"""Benchmark: pooling 10 to 100,000 studies with REML and DL (not a test).

    /work/venv/bin/python bench/bench_pool.py [--sizes 10,1000,10000,100000] [--repeat 5]

For each size it times, best of `repeat` runs:
- baseline: numpy's inverse-variance weighted mean of the same effects (the floor any pooling pays);
- fit DL / fit REML: `RandomEffectsModel(method).fit(yi, vi).summary()`: the estimator, CI,
  prediction interval, Q, I², H² on the transformed scale;
- pool DL / pool REML: `evidence.meta.pool(rows)`: the whole pipeline from StudyRow records
  (logit effects, the fit, back-transforms, Clopper-Pearson intervals and a result per study);
and prints each time with its ratio to the baseline measured in the same run.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from evidence.meta import RandomEffectsModel, StudyRow, pool
from evidence.meta.transforms import get_transform


def simulate(k: int, seed: int = 20240601):
    """k studies of 10-300 patients with logit-normal true proportions (mean 45%, tau 0.6)."""
    rng = np.random.default_rng(seed + k)
    totals = rng.integers(10, 301, size=k)
    truth = 1.0 / (1.0 + np.exp(-rng.normal(-0.2, 0.6, size=k)))
    events = rng.binomial(totals, truth)
    return events, totals


def best_of(repeat: int, function) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    logit = get_transform("logit")
    RandomEffectsModel("REML").fit([0.1, 0.5, 0.9], [0.1, 0.2, 0.3]).summary()  # warm the imports
    print(f"{'studies':>8}  {'what':<11} {'seconds':>10}  {'x baseline':>10}  {'tau2':>8}")
    for k in sizes:
        events, totals = simulate(k)
        effects = logit.counts_to_effects(events, totals)
        y, v = effects.yi, effects.vi
        rows = [StudyRow(f"study {i}", int(x), int(n)) for i, (x, n) in enumerate(zip(events, totals))]

        def baseline():
            w = 1.0 / v
            return np.sum(w * y) / np.sum(w)

        base = best_of(max(args.repeat, 20), baseline)
        print(f"{k:>8}  {'baseline':<11} {base:>10.6f}  {1.0:>10.1f}")
        for method in ("DL", "REML"):
            summary = RandomEffectsModel(method).fit(y, v).summary()
            seconds = best_of(args.repeat, lambda: RandomEffectsModel(method).fit(y, v).summary())
            print(f"{k:>8}  {'fit ' + method:<11} {seconds:>10.6f}  {seconds / base:>10.1f}  {summary.tau2:>8.4f}")
        for method in ("DL", "REML"):
            repeat = args.repeat if k <= 10000 else max(1, args.repeat // 2)
            seconds = best_of(repeat, lambda: pool(rows, "logit", method))
            print(f"{k:>8}  {'pool ' + method:<11} {seconds:>10.6f}  {seconds / base:>10.1f}")


if __name__ == "__main__":
    main()
