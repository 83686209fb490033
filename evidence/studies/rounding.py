"""Printed numbers and what they can stand for: rounding intervals, agreement, GRIM.

A percent printed as "21%" stands for anything in [20.5%, 21.5%]; "2 of 9" stands for exactly 2/9.
Two reports agree when the values they can stand for overlap. GRIM (granularity-related
inconsistency of means): a percent printed at a given precision, over a known denominator, fits
only some whole numbers of events; when exactly one fits, the events follow from the percent.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from evidence.schema import DAYS_PER_MONTH

EPSILON = 1e-9
MAX_DECIMALS = 3


@dataclass(frozen=True)
class Printed:
    """A reported value: the number as the table holds it, with its counts when given."""

    value: float
    events: int | None = None
    total: int | None = None
    unit: str = "proportion"

    @property
    def exact(self) -> bool:
        return self.events is not None and bool(self.total)

    @property
    def point(self) -> float:
        return self.events / self.total if self.exact else self.value


def decimals(number: float, limit: int = MAX_DECIMALS) -> int:
    """The fewest decimals that write `number` (0.655 -> 3, 65.5 -> 1), at most `limit`."""
    for places in range(limit + 1):
        scaled = number * 10 ** places
        if abs(scaled - round(scaled)) < 1e-6:
            return places
    return limit


def half_unit(printed: Printed) -> float:
    """Half the last printed digit, in the value's own scale."""
    if printed.unit == "proportion":
        return 0.5 * 10 ** -decimals(printed.value * 100) / 100
    for per_month in (DAYS_PER_MONTH, DAYS_PER_MONTH / 7, 1 / 12):  # days, weeks, years
        if decimals(printed.value) > 2 and decimals(printed.value * per_month) == 0:
            return 0.5 / per_month
    return 0.5 * 10 ** -decimals(printed.value)


def interval(printed: Printed) -> tuple[float, float]:
    """Every true value the printed one is consistent with."""
    if printed.exact:
        return printed.point - EPSILON, printed.point + EPSILON
    half = half_unit(printed)
    return printed.value - half - EPSILON, printed.value + half + EPSILON


def agree(a: Printed, b: Printed) -> bool:
    """Whether two reports of one figure can be the same number, allowing for rounding.

    Two rounded values agree when their intervals overlap beyond a shared end ("21%" and "22%"
    only touch at 21.5%, which prints as one or the other, not both); an exact value agrees with
    a rounded one inside its interval, ends included (either rounding direction)."""
    return intervals_agree(interval(a), a.exact, interval(b), b.exact)


def intervals_agree(interval_a: tuple[float, float], exact_a: bool, interval_b: tuple[float, float],
                    exact_b: bool) -> bool:
    """`agree` for values whose intervals are already known."""
    low_a, high_a = interval_a
    low_b, high_b = interval_b
    if exact_a or exact_b:
        return low_a <= high_b and low_b <= high_a
    return low_a < high_b - 2 * EPSILON and low_b < high_a - 2 * EPSILON


def other_denominator(a: Printed, b: Printed) -> bool:
    """Both give a denominator and they differ: two populations, not two reports of one figure."""
    return a.total is not None and b.total is not None and a.total != b.total


def counts_fitting(printed: Printed, total: int) -> list[int]:
    """GRIM: the event counts k in 0..total with k/total consistent with the printed proportion."""
    if total <= 0:
        return []
    low, high = interval(Printed(printed.value, unit="proportion"))
    first = max(0, math.ceil(low * total - EPSILON))
    last = min(total, math.floor(high * total + EPSILON))
    return [k for k in range(first, last + 1) if low <= k / total <= high]


def show(printed: Printed) -> str:
    """ "2/9 (22.2%)", "21%", "4 months"."""
    if printed.unit != "proportion":
        return f"{printed.value:.4g} months"
    if printed.exact:
        return f"{printed.events}/{printed.total} ({percent(printed.point)})"
    return percent(printed.value)


def percent(value: float) -> str:
    places = min(decimals(value * 100), 1)
    return f"{value * 100:.{places}f}%"
