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
    """Whether a printed percent does not round from events/total at its printed precision
    ("7 of 13 (53%)": 53.8% rounds to 54%, so it is flagged; "40 of 61 (65.6%)" is not).

    A tie may be broken either way (1 of 8 = 12.5% printed as 12% or 13%). A truncated percent
    that does not round is flagged (61 of 135 = 45.19% printed as 45.1%): the reader checks it.
    `decimals`: the printed number of decimals, when known ("65.0%" has one); else read from
    the number.
    """
    if decimals is None:
        text = f"{percent:g}"
        decimals = len(text.split(".")[1]) if "." in text else 0
    exact = 100 * events / total
    scale = 10 ** decimals
    half_up = math.floor(exact * scale + 0.5 + 1e-9) / scale
    half_even = round(exact, decimals)
    return min(abs(percent - half_up), abs(percent - half_even)) > 0.5 / scale * 1e-6 + 1e-9
