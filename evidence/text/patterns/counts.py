"""Counts of people or events: "44 patients", "eight patients", "nearly 200 adult patients",
"in eight more", and sample sizes: "n = 34", "(n=21)", "N = 44".
"""
from __future__ import annotations

from evidence.text.patterns.tokens import COUNTED_NOUN, INT, MODIFIER
from evidence.text.quantity import COUNT, N_EQUALS, NUMBER

# "in eight more, the cancers had shrunk"
MORE_WORDS = ("more", "others", "other", "additional")

PATTERNS: dict[str, list[list[dict]]] = {
    "COUNT": [[INT, MODIFIER, COUNTED_NOUN]],
    # a number followed by "more" and then no word: the word would be what is counted
    "COUNT_MORE": [[INT, {"LOWER": {"IN": list(MORE_WORDS)}}, {"IS_ALPHA": False, "IS_SPACE": False}]],
    "N_EQUALS": [[{"LOWER": "n"}, {"ORTH": "="}, INT]],
}

MUST_MATCH: list[tuple[str, dict]] = [
    ("the 44 patients on the trial", {"kind": COUNT, "text": "44 patients", "value": 44.0, "events": 44, "unit": "count"}),
    ("the cancers of eight patients had disappeared", {"kind": COUNT, "text": "eight patients", "events": 8, "words": True}),
    ("in eight more, the cancers had shrunk", {"kind": COUNT, "text": "eight more", "events": 8}),
    ("nearly 200 adult patients", {"kind": COUNT, "text": "nearly 200 adult patients", "events": 200, "approximate": True}),
    ("all three responding CLL patients", {"kind": COUNT, "text": "three responding CLL patients", "events": 3}),
    ("There were 2 deaths.", {"kind": COUNT, "events": 2}),
    ("a cohort (n = 34)", {"kind": N_EQUALS, "text": "n = 34", "value": 34.0, "total": 34}),
    ("responders (n=21)", {"kind": N_EQUALS, "text": "n=21", "total": 21}),
    ("N = 44", {"kind": N_EQUALS, "total": 44}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("three more years", (COUNT,)),
    ("1x10^6 cells/kg", (COUNT,)),
    ("patient 5 relapsed", (COUNT,)),
    ("In 2019 patients were enrolled", (COUNT,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("decreased in 3 patients, and was not evaluated in 13 patients", COUNT, ["3 patients", "13 patients"]),
    ("only three of nine CLL patients", COUNT, []),
    ("three more years", NUMBER, ["three"]),
]
