"""What the number layer hands to extractors: one `Quantity` per number phrase in the text.

The number layer (spaCy components in this package) finds phrases such as "40 of 61 (65.5%)",
"thirty-four percent", "1 in 5", "9.4 months (95% CI, 6.1 to 13.2 months)", "P = .0043" and
normalises each into a `Quantity`. Offsets index the text given to the pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass

# kinds of quantity
PERCENT = "percent"  # "65.5%", "thirty-four percent"; value is the proportion 0.655
COUNT_OF = "count_of"  # "40 of 61", "3/9", "40 of 61 (65.5%)", "65.5% (40/61)", "three of nine", "1 in 5"
SHARE = "share"  # "half", "two-thirds", "a third": value is the proportion, no counts
COUNT = "count"  # a bare whole number of people/events: "44 patients", "eight patients"
N_EQUALS = "n"  # "n = 34", "(n=21)": value is the number, total is set
DURATION = "duration"  # "61 days", "4 months", "2-year", "12-18 months": value (or low/high) in months
RANGE = "range"  # "53 to 1183", "3.3-30.4" without unit of time
CI = "ci"  # "95% CI, 6.1-13.2", "(95% confidence interval [CI], 6.1 to 13.2 months)": low/high
PVALUE = "pvalue"  # "P = .0043", "p<0.001": value is the p-value, comparator in `comparator`
NUMBER = "number"  # any other number ("12.6", "1x10^6", "2019")

KINDS = (PERCENT, COUNT_OF, SHARE, COUNT, N_EQUALS, DURATION, RANGE, CI, PVALUE, NUMBER)


@dataclass(frozen=True)
class Quantity:
    """A normalised number phrase at `text[start:end]`."""

    kind: str
    start: int
    end: int
    text: str
    value: float | None = None  # proportion for PERCENT/COUNT_OF/SHARE, months for DURATION, else the number
    events: int | None = None  # COUNT_OF: the x in "x of y"; COUNT: the count
    total: int | None = None  # COUNT_OF: the y; N_EQUALS: the n
    percent: float | None = None  # a printed percent, as printed (65.5 for "65.5%")
    low: float | None = None  # RANGE, CI, DURATION ranges: lower bound (months for durations)
    high: float | None = None
    unit: str = ""  # "proportion", "months", "count", "p", "" for a bare number
    level: float | None = None  # CI: the confidence level as a proportion (0.95)
    comparator: str = ""  # PVALUE: "=", "<", ">", "<=", ">="
    approximate: bool = False  # "about", "approximately", "nearly", "~", "1 in 5"
    words: bool = False  # the number was written in words ("three of nine", "half")
    timepoint: bool = False  # DURATION used as a timepoint adjective: "2-year OS", "at 12 months"
