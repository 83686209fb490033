"""One test per batch of reference numbers: pytest's per-test overhead, not the arithmetic, was
most of the suite's time when each of ~70,000 reference numbers was a test of its own.

A batch still checks every number in it and its failure message names each number that differs
(its old test id, ours and the reference's value), so nothing is compared less strictly.
"""
from __future__ import annotations

import pytest


def batched(cases, depth: int) -> list:
    """`cases` (pytest.param objects) grouped by the first `depth` dash-separated parts of their id."""
    groups: dict[str, list] = {}
    for case in cases:
        groups.setdefault("-".join(case.id.split("-")[:depth]), []).append(case)
    return [pytest.param(tuple(batch), id=key) for key, batch in groups.items()]


def check_all(batch, check) -> None:
    """Run `check(*case.values)` for every case; fail once, listing every case that failed."""
    failures = []
    for case in batch:
        try:
            check(*case.values)
        except Exception as error:  # noqa: BLE001 - every failing number is reported, whatever it raised
            failures.append(f"{case.id}: {type(error).__name__}: {error}")
    assert not failures, f"{len(failures)} of {len(batch)} numbers differ:\n" + "\n".join(failures[:40])
