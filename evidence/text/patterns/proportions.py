"""Shares of a group: "40 of 61", "3/9", "40 out of 61", "40 of 61 (65.5%)", "65.5% (40/61)",
"(65.5%; 40 of 61)", "8 (38.1%) of 21", "54 of the same 61", "all but two of the 44", "none of
the 5", "every one of the five" (COUNT_OF); "half", "a third of", "two-thirds", "three quarters"
(SHARE); "1 in 5", "one in five" (SHARE, approximate: a natural frequency gives a share, not
counts); "one in five patients (20%)" (the PERCENT printed; the five is not a count).
"""
from __future__ import annotations

from evidence.text.patterns.tokens import (
    CLOSE, DASH, FRACTION_WORDS, INT, MODIFIER, OF, OPEN, PCT, SINGULAR_FRACTIONS, WORD_INT, X_OF_Y,
)
from evidence.text.quantity import COUNT, COUNT_OF, PERCENT, SHARE

PATTERNS: dict[str, list[list[dict]]] = {
    # "40 of 61", "six of the nine", "20 out of 44", "42/44"
    "COUNT_OF": [
        X_OF_Y,
        [{"LOWER": "n"}, {"ORTH": "="}, *X_OF_Y],  # n = 11/21
    ],
    "COUNT_OF_PERCENT": [
        [*X_OF_Y, MODIFIER, OPEN, *PCT, CLOSE],  # 40 of 61 (65.5%), 8 of 21 patients (38.1%)
        [*PCT, {"ORTH": {"IN": ["(", "[", ";"]}}, *X_OF_Y, {**CLOSE, "OP": "?"}],  # 65.5% (40/61), (65.5%; 40 of 61)
        [INT, OPEN, *PCT, CLOSE, *OF, INT],  # 8 (38.1%) of 21
        [OPEN, *X_OF_Y, {"ORTH": {"IN": [",", ";"]}}, *PCT, CLOSE],  # (8/21, 38%)
        [OPEN, *PCT, {"ORTH": ","}, *X_OF_Y, CLOSE],  # (38%, 8/21)
    ],
    # "all but two of the 44"
    "ALL_BUT": [[{"LOWER": "all"}, {"LOWER": "but"}, INT, *OF, INT]],
    # "none of the 5"
    "NONE_OF": [[{"LOWER": "none"}, *OF, INT]],
    # "every one of the five": all of them
    "EVERY_ONE_OF": [[{"LOWER": {"IN": ["every", "each"]}}, {"LOWER": "one"}, *OF, INT]],
    # "1 in 5", "one in every five"
    "NATURAL_FREQUENCY": [[INT, {"LOWER": "in"}, {"LOWER": "every", "OP": "?"}, INT]],
    # "one in five patients (20%)": the printed percent, said first as a natural frequency
    "NATURAL_FREQUENCY_PERCENT": [[INT, {"LOWER": "in"}, {"LOWER": "every", "OP": "?"}, INT, MODIFIER, OPEN, *PCT, CLOSE]],
    # "half", "a third of", "two-thirds", "one third", "three quarters"
    "SHARE": [
        [{"LOWER": "half"}],
        [{"LOWER": {"IN": ["a", "an"]}}, {"LOWER": {"IN": SINGULAR_FRACTIONS}}, {"LOWER": "of"}],
        [WORD_INT, {**DASH, "OP": "?"}, {"LOWER": {"IN": FRACTION_WORDS}}],
    ],
}

MUST_MATCH: list[tuple[str, dict]] = [
    ("CR in 40 of 61 patients", {"kind": COUNT_OF, "text": "40 of 61", "events": 40, "total": 61, "value": 40 / 61, "percent": None}),
    ("CR in 40 of 61 (65.5%)", {"kind": COUNT_OF, "text": "40 of 61 (65.5%)", "events": 40, "total": 61, "percent": 65.5}),
    ("CR in 8 of 21 patients (38.1%)", {"kind": COUNT_OF, "text": "8 of 21 patients (38.1%)", "events": 8, "total": 21, "percent": 38.1}),
    ("35 of 40 (87.5%) CART-B responders", {"kind": COUNT_OF, "events": 35, "total": 40, "percent": 87.5}),
    ("detected in 42/44 patients", {"kind": COUNT_OF, "text": "42/44", "events": 42, "total": 44}),
    ("CR in 40/61 (65.5%)", {"kind": COUNT_OF, "text": "40/61 (65.5%)", "events": 40, "total": 61, "percent": 65.5}),
    ("CR in 65.5% (40/61)", {"kind": COUNT_OF, "text": "65.5% (40/61)", "events": 40, "total": 61, "percent": 65.5}),
    ("CR in 65.5% (40 of 61)", {"kind": COUNT_OF, "text": "65.5% (40 of 61)", "events": 40, "total": 61, "percent": 65.5}),
    ("lower with CART-B (65.5%; 40 of 61) than", {"kind": COUNT_OF, "text": "65.5%; 40 of 61", "events": 40, "total": 61, "percent": 65.5}),
    ("with CART-A (88.5%; 54 of 61; P = .0043)", {"kind": COUNT_OF, "events": 54, "total": 61, "percent": 88.5}),
    ("CR in 52% (n = 11/21)", {"kind": COUNT_OF, "text": "n = 11/21", "events": 11, "total": 21, "percent": None}),
    ("CR was seen (8/21, 38%) overall", {"kind": COUNT_OF, "text": "8/21, 38%", "events": 8, "total": 21, "percent": 38.0}),
    ("CR was seen (38%, 8/21) overall", {"kind": COUNT_OF, "text": "38%, 8/21", "events": 8, "total": 21, "percent": 38.0}),
    ("CR in 3 of the 21 (14.3%)", {"kind": COUNT_OF, "text": "3 of the 21 (14.3%)", "events": 3, "total": 21}),
    ("CR in 3 of 9 evaluable patients (33%)", {"kind": COUNT_OF, "events": 3, "total": 9, "percent": 33.0}),
    ("CR in twenty-one of 44 patients", {"kind": COUNT_OF, "text": "twenty-one of 44", "events": 21, "total": 44, "words": True}),
    ("CR in 3 (33%) of 9", {"kind": COUNT_OF, "events": 3, "total": 9, "percent": 33.0}),
    ("8 (38.1%) of 21 patients", {"kind": COUNT_OF, "text": "8 (38.1%) of 21", "events": 8, "total": 21, "percent": 38.1}),
    ("20 out of 44 patients", {"kind": COUNT_OF, "text": "20 out of 44", "events": 20, "total": 44}),
    ("only three of nine CLL patients", {"kind": COUNT_OF, "text": "three of nine", "events": 3, "total": 9, "words": True}),
    ("six of the nine had bulky disease", {"kind": COUNT_OF, "events": 6, "total": 9}),
    ("All but two of the 44 patients", {"kind": COUNT_OF, "text": "All but two of the 44", "events": 42, "total": 44}),
    ("none of the 5 patients", {"kind": COUNT_OF, "events": 0, "total": 5, "value": 0.0}),
    ("none of\n  the eight children went into remission", {"kind": COUNT_OF, "text": "none of\n  the eight", "events": 0, "total": 8}),
    ("when 54 of the same 61 had gone into remission", {"kind": COUNT_OF, "text": "54 of the same 61", "events": 54, "total": 61}),
    ("3 of the original 12 patients", {"kind": COUNT_OF, "events": 3, "total": 12}),
    ("9 of the very same 12", {"kind": COUNT_OF, "events": 9, "total": 12}),
    ("nine out of the initial 12", {"kind": COUNT_OF, "events": 9, "total": 12}),
    ("who did best: five of\nsix responded", {"kind": COUNT_OF, "text": "five of\nsix", "events": 5, "total": 6}),
    ("five\nof the six responded", {"kind": COUNT_OF, "text": "five\nof the six", "events": 5, "total": 6}),
    ("CR in 3 of 26 patients\n(11.5%) after", {"kind": COUNT_OF, "text": "3 of 26 patients\n(11.5%)", "events": 3, "total": 26, "percent": 11.5}),
    ("every one of the five patients went into remission", {"kind": COUNT_OF, "text": "every one of the five", "events": 5, "total": 5, "value": 1.0}),
    ("Each one of the 12 relapsed", {"kind": COUNT_OF, "events": 12, "total": 12}),
    ("For about one in five patients (20%) the cancer", {"kind": PERCENT, "text": "about one in five patients (20%)", "value": 0.2, "percent": 20.0, "events": None, "total": None, "approximate": True}),
    ("1 in 4 children (25%)", {"kind": PERCENT, "value": 0.25, "events": None, "approximate": False}),
    ("1/20 showed loss of CD19", {"kind": COUNT_OF, "events": 1, "total": 20, "value": 0.05}),
    ("CR in approximately 1 in 5 patients", {"kind": SHARE, "text": "approximately 1 in 5", "value": 0.2, "approximate": True, "events": None, "total": None}),
    ("CR in one in five patients", {"kind": SHARE, "value": 0.2, "approximate": True, "words": True}),
    ("1 in 5 patients", {"kind": SHARE, "value": 0.2, "approximate": True}),
    ("half of them a month later", {"kind": SHARE, "text": "half", "value": 0.5, "words": True}),
    ("about half of these patients", {"kind": SHARE, "text": "about half", "value": 0.5, "approximate": True}),
    ("a third of patients", {"kind": SHARE, "text": "a third", "value": 1 / 3}),
    ("two-thirds of patients", {"kind": SHARE, "text": "two-thirds", "value": 2 / 3}),
    ("one third of patients", {"kind": SHARE, "value": 1 / 3}),
    ("three quarters of patients", {"kind": SHARE, "text": "three quarters", "value": 0.75}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("a phase 1/2 trial", (COUNT_OF, PERCENT)),
    ("care 24/7", (COUNT_OF, PERCENT)),
    ("on 12/07/2019", (COUNT_OF, PERCENT)),
    ("since 12/2019", (COUNT_OF, PERCENT)),
    ("a third infusion", (SHARE,)),
    ("two third-line regimens", (SHARE,)),
    ("the drug half-life", (SHARE,)),
    ("in the second half of 2019", (SHARE,)),
    ("CD19/CD22 CAR T cells", (COUNT_OF,)),
    ("ratio 3 in 2", (SHARE,)),
    ("the CR rate was 21%, 3 of 9 had a PR", ()),
    ("9 of 3 patients", (COUNT_OF,)),
    ("3 of 12 months", (COUNT_OF,)),
    ("IL-6 (45%) and IL-10 in 3 of 9", ()),
    ("one of the five patients", (SHARE,)),
    ("about one in five patients (20%)", (COUNT,)),
    ("CR in 3 of\n\n26 patients", (COUNT_OF,)),
    ("relapse in 2 of the same 12 months", (COUNT_OF,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("less common after CART-B (65.5%; 40 of 61) than after CART-A (88.5%; 54 of 61; P = .0043)", COUNT_OF,
     ["65.5%; 40 of 61", "88.5%; 54 of 61"]),
    ("only three of nine CLL patients", COUNT_OF, ["three of nine"]),
    ("the CR rate was 21%, 3 of 9 had a PR", COUNT_OF, ["3 of 9"]),
    ("IL-6 (45%) and IL-10 in 3 of 9", COUNT_OF, ["3 of 9"]),
    ("IL-6 (45%) and IL-10 in 3 of 9", PERCENT, ["45%"]),
    ("Strikingly, every one of the five", COUNT_OF, ["every one of the five"]),
    ("For about one in five patients (20%)", PERCENT, ["about one in five patients (20%)"]),
    ("For about one in five patients (20%)", SHARE, []),
    ("antigen-negative in 3 (14.3%), antigen-dim in 7\n(33.3%), antigen-positive", PERCENT, ["3 (14.3%)", "7\n(33.3%)"]),
    ("a different antigen in 48 patients\n(78.7%), mostly", PERCENT, ["48 patients\n(78.7%)"]),
]
