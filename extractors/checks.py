"""Consistency checks on a figure: counts against the printed percent, a CI against its estimate."""
from __future__ import annotations

import math

from evidence.schema import Figure


def check(figure: Figure) -> Figure:
    """Flag a confidence interval that excludes its own estimate."""
    if figure.ci_low is not None and figure.ci_high is not None:
        if not figure.ci_low <= figure.value <= figure.ci_high:
            return figure.with_flags("ci_excludes_estimate")
    return figure


def percent_mismatch(events: int, total: int, percent: float, decimals: int | None = None) -> bool:
    """Whether a printed percent does not round from events/total at its printed precision.

    "7 of 13 (54%)" agrees (53.8 rounds to 54); "Seven of the 13 (53%)" does not (53.8 is not 53 at
    whole percents: truncating is flagged too). `decimals` is the printed precision ("10.0" has one);
    without it, the precision of `percent` as a number is used. A half is rounded either way.
    """
    if not total:
        return False
    if decimals is None:
        text = f"{percent:g}"
        decimals = len(text.split(".")[1]) if "." in text and "e" not in text else 0
    exact = 100 * events / total
    step = 10 ** -decimals
    return abs(exact - percent) > step / 2 + 1e-9
