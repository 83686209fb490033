"""Consistency checks on a figure: counts against the printed percent, a CI against its estimate."""
from __future__ import annotations

from evidence.schema import Figure


def check(figure: Figure) -> Figure:
    """Flag a confidence interval that excludes its own estimate."""
    if figure.ci_low is not None and figure.ci_high is not None:
        if not figure.ci_low <= figure.value <= figure.ci_high:
            return figure.with_flags("ci_excludes_estimate")
    return figure


def percent_mismatch(events: int, total: int, percent: float) -> bool:
    """Whether a printed percent disagrees with events/total by more than one unit in its last place.

    Authors both round and truncate (61 of 135 printed as 45.1%), so one unit is allowed.
    """
    text = f"{percent:g}"
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(100 * events / total - percent) >= 10 ** -decimals + 1e-9
