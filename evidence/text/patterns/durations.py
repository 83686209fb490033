"""Times and ranges: "61 days", "4 months", "seven months", "2-year", "18-month", "two years",
"12-18 months", "3.3 to 30.4 years", "6 months to 2 years", "between 2 and 5 years",
"range, 53 to 1183 days", "day 28", "at 12 months" (DURATION, in months); "53 to 1183",
"range, 53-1183", "10%-20%" (RANGE); "3 and 6 months" (one DURATION each).

A hyphenated unit ("2-year OS"), "at 12 months" and "day 28" are timepoints (timepoint=True).
"""
from __future__ import annotations

from evidence.text.patterns.tokens import CLOSE, DASH, INT, LIST_SEP, NUM, OPEN, RANGE_SEP, SUFFIX, UNIT
from evidence.text.quantity import DURATION, NUMBER, RANGE

DAYS_PER_MONTH = 30.4375

# words that may lead a range: "(range, 53-1183)", "(IQR: 2-5)", "ranging from 2 to 5",
# "between 2 and 5" (the only lead that allows "and" between the bounds)
RANGE_WORDS = ("range", "ranged", "ranging", "iqr", "between")
RANGE_LEAD = [
    {"LOWER": {"IN": list(RANGE_WORDS)}, "OP": "?"},
    {"LOWER": {"IN": [",", ":", "=", "from"]}, "OP": "?"},
]
# timepoints named by a unit and a number: "day 28", "week 4", "month 6", "day +28"
TIMEPOINT_UNITS = ("day", "week", "month")

PATTERNS: dict[str, list[list[dict]]] = {
    # "61 days", "seven months", "2-year", "18-month"
    "DURATION": [[NUM, {"ORTH": "+", "OP": "?"}, {**DASH, "OP": "?"}, UNIT]],  # "26.3+ months" is censored: >=
    # "53 to 1183", "12-18 months", "6 months to 2 years", "10%-20%", "between 2 and 5 years",
    # "range, 53 to 1183 days"
    "RANGE": [[*RANGE_LEAD, NUM, SUFFIX, RANGE_SEP, NUM, {"ORTH": "+", "OP": "?"}, SUFFIX]],
    # "3 and 6 months": each number takes the unit
    # "6- and 12-month PFS": hyphenated, each is a timepoint
    "DURATION_LIST": [[
        NUM, {**DASH, "OP": "?"}, LIST_SEP, NUM, {**DASH, "OP": "?"}, {**LIST_SEP, "OP": "{0,2}"},
        {**NUM, "OP": "?"}, {**DASH, "OP": "?"}, UNIT,
    ]],
    # a median and its range before the unit: "3.1 (1.0-9.6) months", "12.6 (range, 3.3-30.4) years"
    "DURATION_WITH_RANGE": [[NUM, OPEN, *RANGE_LEAD, NUM, RANGE_SEP, NUM, CLOSE, UNIT]],
    # "day 28", "day +28", "week 4"
    "TIMEPOINT": [[{"LOWER": {"IN": list(TIMEPOINT_UNITS)}}, {"ORTH": "+", "OP": "?"}, INT]],
}

MUST_MATCH: list[tuple[str, dict]] = [
    ("PFS was 61 days", {"kind": DURATION, "text": "61 days", "value": 61 / DAYS_PER_MONTH, "unit": "months", "timepoint": False}),
    ("median DOR of 4 months", {"kind": DURATION, "text": "4 months", "value": 4.0}),
    ("OS was seven months", {"kind": DURATION, "text": "seven months", "value": 7.0, "words": True}),
    ("for 3 weeks", {"kind": DURATION, "value": 21 / DAYS_PER_MONTH}),
    ("two years after approval", {"kind": DURATION, "text": "two years", "value": 24.0}),
    ("2-year overall survival", {"kind": DURATION, "text": "2-year", "value": 24.0, "timepoint": True}),
    ("18-month PFS", {"kind": DURATION, "text": "18-month", "value": 18.0, "timepoint": True}),
    ("a two-year follow-up", {"kind": DURATION, "value": 24.0, "timepoint": True}),
    ("OS at 12 months was 40%", {"kind": DURATION, "text": "12 months", "value": 12.0, "timepoint": True}),
    ("uMRD at day 28 post-CAR-T2", {"kind": DURATION, "text": "day 28", "value": 28 / DAYS_PER_MONTH, "timepoint": True}),
    ("relapse after 12-18 months", {"kind": DURATION, "text": "12-18 months", "value": None, "low": 12.0, "high": 18.0}),
    ("after six to 18 months", {"kind": DURATION, "low": 6.0, "high": 18.0, "words": True}),
    ("aged 3.3 to 30.4 years", {"kind": DURATION, "low": 3.3 * 12, "high": 30.4 * 12}),
    ("12.6 years (range, 3.3 to 30.4 years)", {"kind": DURATION, "text": "range, 3.3 to 30.4 years", "low": 3.3 * 12, "high": 30.4 * 12}),
    ("302 days (range, 53 to 1183 days)", {"kind": DURATION, "low": 53 / DAYS_PER_MONTH, "high": 1183 / DAYS_PER_MONTH}),
    ("302 days (range, 53 to 1183 days)", {"kind": DURATION, "text": "302 days", "value": 302 / DAYS_PER_MONTH}),
    ("from 6 months to 2 years", {"kind": DURATION, "low": 6.0, "high": 24.0}),
    ("between 2 and 5 years", {"kind": DURATION, "text": "between 2 and 5 years", "low": 24.0, "high": 60.0}),
    ("more than three years of follow-up", {"kind": DURATION, "text": "more than three years", "value": 36.0, "comparator": ">"}),
    ("4 months in ALL, 6 months in NHL", {"kind": DURATION, "text": "6 months", "value": 6.0}),
    ("at 3 and 6 months", {"kind": DURATION, "text": "3", "value": 3.0, "timepoint": True}),
    ("at 3 and 6 months", {"kind": DURATION, "text": "6 months", "value": 6.0, "timepoint": True}),
    ("6- and 12-month PFS", {"kind": DURATION, "text": "6", "value": 6.0, "timepoint": True}),
    ("6- and 12-month PFS", {"kind": DURATION, "text": "12-month", "value": 12.0, "timepoint": True}),
    ("1-year and 2-year OS", {"kind": DURATION, "text": "2-year", "value": 24.0, "timepoint": True}),
    ("a DOR of 26.3+ months", {"kind": DURATION, "text": "26.3+ months", "value": 26.3, "comparator": ">="}),
    ("median follow-up 24.5 months (IQR, 12.1-36.0)", {"kind": RANGE, "text": "IQR, 12.1-36.0", "low": 12.1, "high": 36.0}),
    ("28-day mortality was 5%", {"kind": DURATION, "text": "28-day", "value": 28 / DAYS_PER_MONTH, "timepoint": True}),
    ("aged ≥18 years", {"kind": DURATION, "value": 216.0, "comparator": ">="}),
    ("week 4 assessment", {"kind": DURATION, "text": "week 4", "value": 28 / DAYS_PER_MONTH, "timepoint": True}),
    ("from 4 to 33 months", {"kind": DURATION, "low": 4.0, "high": 33.0}),
    ("time to relapse, 3.1 (1.0–9.6) months", {"kind": DURATION, "text": "3.1 (1.0–9.6) months", "value": 3.1, "low": 1.0, "high": 9.6}),
    ("median age 12.6 (range, 3.3-30.4) years", {"kind": DURATION, "value": 151.2, "low": 39.6, "high": 364.8}),
    ("2-y OS", {"kind": DURATION, "text": "2-y", "value": 24.0, "timepoint": True}),
    ("DOR (range, 0.5 to 26.3+ months)", {"kind": DURATION, "low": 0.5, "high": 26.3}),
    ("median age 13 y", {"kind": DURATION, "text": "13 y", "value": 156.0}),
    ("CRS within 24 h", {"kind": DURATION, "text": "24 h", "value": 1 / DAYS_PER_MONTH}),
    ("engraftment by 28 d", {"kind": DURATION, "value": 28 / DAYS_PER_MONTH}),
    ("between 6 months and 2 years", {"kind": DURATION, "low": 6.0, "high": 24.0}),
    ("median 302 (range, 53-1183)", {"kind": RANGE, "text": "range, 53-1183", "low": 53.0, "high": 1183.0, "unit": ""}),
    ("from 53 to 1183", {"kind": RANGE, "low": 53.0, "high": 1183.0}),
    ("between 10% and 20%", {"kind": RANGE, "low": 0.1, "high": 0.2, "unit": "proportion"}),
    ("rates of 10-20%", {"kind": RANGE, "text": "10-20%", "low": 0.1, "high": 0.2, "unit": "proportion"}),
    ("ranging 6.1–13.2", {"kind": RANGE, "low": 6.1, "high": 13.2}),
    ("ranging 6·1—13·2 months", {"kind": DURATION, "low": 6.1, "high": 13.2}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("in 2019-12-07", (RANGE, DURATION)),
    ("page 574.e1-574.e10", (RANGE,)),
    ("in CART-A", (DURATION, RANGE, NUMBER)),
    ("CR in 7 and 9 patients", (DURATION, RANGE)),
    ("4 months in ALL, 6 months in NHL", (RANGE,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("Between CART-A and CART-B a median of 302 days passed (range, 53 to 1183 days).", DURATION,
     ["302 days", "range, 53 to 1183 days"]),
    ("between 7 and 9%", RANGE, ["between 7 and 9%"]),
]
