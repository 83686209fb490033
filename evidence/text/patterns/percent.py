"""Percentages: "65.5%", "65.5 %", "65·5%", "thirty-four percent", "34 per cent",
"7 and 9%" (one sign for a list), "61 (45.1%)" and "48 patients (78.7%)" (a count with its percent).

A percent alone never gets a denominator: "34%" has no events or total.
"""
from __future__ import annotations

from evidence.text.patterns.tokens import (
    CLOSE, COUNTED_NOUN, INT, LIST_SEP, MODIFIER, NUM, OPEN, PCT, PERCENT_SIGN,
)
from evidence.text.quantity import NUMBER, PERCENT

PATTERNS: dict[str, list[list[dict]]] = {
    # "65.5%", "thirty-four percent", "34 per cent"
    "PERCENT": [PCT],
    # "7 and 9%", "14, 11 and 9%": every number shares the sign
    "PERCENT_LIST": [[NUM, LIST_SEP, NUM, {**LIST_SEP, "OP": "{0,2}"}, {**NUM, "OP": "?"},
                      {**LIST_SEP, "OP": "{0,2}"}, {**NUM, "OP": "?"}, PERCENT_SIGN]],
    # "61 (45.1%)", "48 patients (78.7%)", "8 evaluable patients [38.1%]"
    "COUNT_PERCENT": [
        [INT, MODIFIER, OPEN, *PCT, CLOSE],
        # "52% (11 patients)", "52% (11)"
        [*PCT, OPEN, INT, {**MODIFIER, "OP": "{0,2}"}, {**COUNTED_NOUN, "OP": "?"}, CLOSE],
    ],
}

# texts and the quantity they must yield (fields not named are not checked)
MUST_MATCH: list[tuple[str, dict]] = [
    ("a CR rate of 65.5%", {"kind": PERCENT, "text": "65.5%", "value": 0.655, "percent": 65.5}),
    ("a CR rate of 65.5 %", {"kind": PERCENT, "text": "65.5 %", "value": 0.655}),
    ("a CR rate of 65\u00a0%", {"kind": PERCENT, "text": "65\u00a0%", "value": 0.65}),
    ("a CR rate of 65·5%", {"kind": PERCENT, "text": "65·5%", "value": 0.655, "percent": 65.5}),
    ("Thirty-four percent of patients", {"kind": PERCENT, "text": "Thirty-four percent", "value": 0.34, "words": True}),
    ("34 percent of patients", {"kind": PERCENT, "value": 0.34, "words": False}),
    ("34 per cent of patients", {"kind": PERCENT, "text": "34 per cent", "value": 0.34}),
    ("about 34% responded", {"kind": PERCENT, "text": "about 34%", "value": 0.34, "approximate": True}),
    ("~30% relapsed", {"kind": PERCENT, "text": "~30%", "value": 0.30, "approximate": True}),
    ("≈30% relapsed", {"kind": PERCENT, "value": 0.30, "approximate": True}),
    ("nearly 40% relapsed", {"kind": PERCENT, "value": 0.40, "approximate": True}),
    ("more than 50% of patients", {"kind": PERCENT, "value": 0.5, "comparator": ">"}),
    ("CRS (7 and 9%, respectively)", {"kind": PERCENT, "text": "7", "value": 0.07, "percent": 7.0}),
    ("CRS (7 and 9%, respectively)", {"kind": PERCENT, "text": "9%", "value": 0.09}),
    ("neurotoxicity (14, 11 and 9%)", {"kind": PERCENT, "text": "11", "value": 0.11}),
    ("Of 135 patients, 61 (45.1%) received", {"kind": PERCENT, "text": "61 (45.1%)", "events": 61, "total": None, "percent": 45.1}),
    ("in 48 patients (78.7%)", {"kind": PERCENT, "text": "48 patients (78.7%)", "events": 48, "value": 0.787}),
    ("34%", {"kind": PERCENT, "events": None, "total": None}),
    ("CR in 52% (11 patients)", {"kind": PERCENT, "text": "52% (11 patients)", "events": 11, "value": 0.52}),
    ("CR in 52% (11)", {"kind": PERCENT, "text": "52% (11)", "events": 11}),
    ("Twenty-two patients (50%) relapsed", {"kind": PERCENT, "events": 22, "words": True, "value": 0.5}),
    ("all 44 (100%)", {"kind": PERCENT, "events": 44, "value": 1.0}),
    ("rates of 21%, 52%, and 33%", {"kind": PERCENT, "text": "33%", "value": 0.33}),
    # as tables print them: no space before the bracket, footnote markers, thousands separators
    ("Any complication 238(73%)", {"kind": PERCENT, "text": "238(73%)", "events": 238, "percent": 73.0}),
    ("Relapse 32(16.8%)", {"kind": PERCENT, "events": 32, "percent": 16.8}),
    ("Fatigue 4.1%\u1d43", {"kind": PERCENT, "text": "4.1%", "value": 0.041}),
    ("Nausea 12 (4%)*", {"kind": PERCENT, "text": "12 (4%)", "events": 12, "percent": 4.0}),
    ("Infection 5 (10 %)\u2020", {"kind": PERCENT, "events": 5, "percent": 10.0}),
    ("in 10\u2009218 (40%) of them", {"kind": PERCENT, "events": 10218, "percent": 40.0}),
    ("in 1,525 (12.1%) of them", {"kind": PERCENT, "events": 1525, "percent": 12.1}),
]

# texts that must not yield the kinds named
MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("95% CI, 6.1-13.2", (PERCENT,)),
    ("(95% confidence interval [CI], 6.1 to 13.2 months)", (PERCENT,)),
    ("a 95%CI of 6.1-13.2", (PERCENT,)),
    ("a rise of 150%", (PERCENT,)),
    ("5 cents", (PERCENT,)),
    ("a 5 percentage point rise", (PERCENT,)),
    ("<0.001", (PERCENT,)),
    ("P <0.001^a", (PERCENT,)),
]

# texts, a kind, and the text of every quantity of that kind they must yield, in order
EXACT: list[tuple[str, str, list[str]]] = [
    ("grade 3 (9%)", PERCENT, ["9%"]),
    ("CRS; 7 and 9%, respectively", PERCENT, ["7", "9%"]),
    ("in 2019 and 45%", PERCENT, ["45%"]),
    ("a rise of 150%", NUMBER, ["150%"]),
    ("in 2020 (45%)", PERCENT, ["45%"]),
    ("CR 52% (95% CI, 40-64)", PERCENT, ["52%"]),
]
