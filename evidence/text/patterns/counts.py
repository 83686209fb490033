"""Counts of people or events: "44 patients", "eight patients", "nearly 200 adult patients",
"in eight more", and sample sizes: "n = 34", "(n=21)", "N = 44".

A whole number standing alone for people is a count too: the subject of a verb ("11 went into
complete remission", "three had a partial response", "14 with ALL"), "two of those", "and 8 a
PR" (the verb left out), a number after "in" that ends the phrase ("grade 4 in one;", "CR in
12."), and no one: "No patient had ...", "none of the patients" (a count of 0).
"""
from __future__ import annotations

from evidence.text.patterns.tokens import COUNTED_NOUN, DETERMINERS, INT, MODIFIER, PEOPLE_NOUNS
from evidence.text.quantity import COUNT, COUNT_OF, N_EQUALS, NUMBER

# "in eight more, the cancers had shrunk"
MORE_WORDS = ("more", "others", "other", "additional")
# verbs whose subject a bare number can be: "11 went into complete remission", "14 with ALL"
SUBJECT_VERBS = (
    "had", "has", "have", "with", "achieved", "attained", "reached", "obtained", "went", "were", "was",
    "developed", "experienced", "responded", "relapsed", "showed", "remained", "got", "entered",
    "progressed", "died", "did",
)
SUBJECT_ADVERBS = ("also", "later", "then", "still", "again")
# "two of those", "13 of them": people named before
ANAPHORS = ("those", "them", "these")
# what may end a phrase "in N": "reached grade 4 in one;", "CR in 12, PR in 3 and ..."
OBJECT_ENDS = (";", ",", ".", ")", "and")
# words that say no one: "No patient had grade 3 CRS", "none of the patients"
NO_ONE_WORDS = ("no", "none")

PATTERNS: dict[str, list[list[dict]]] = {
    "COUNT": [[INT, MODIFIER, COUNTED_NOUN]],
    # a number followed by "more" and then no word: the word would be what is counted
    "COUNT_MORE": [[INT, {"LOWER": {"IN": list(MORE_WORDS)}}, {"IS_ALPHA": False, "IS_SPACE": False}]],
    "N_EQUALS": [[{"LOWER": "n"}, {"ORTH": "="}, INT]],
    # the number alone is the count; the words around it say it stands for people
    "COUNT_SUBJECT": [
        [INT, {"LOWER": {"IN": list(MORE_WORDS)}, "OP": "?"}, {"LOWER": {"IN": list(SUBJECT_ADVERBS)}, "OP": "?"},
         {"LOWER": {"IN": list(SUBJECT_VERBS)}}],
        [INT, {"LOWER": "of"}, {"LOWER": {"IN": list(ANAPHORS)}}],
        [{"LOWER": "and"}, INT, {"LOWER": {"IN": ["a", "an"]}}, {"IS_ALPHA": True}],  # "9 had a CR and 8 a PR"
    ],
    "COUNT_OBJECT": [[
        {"LOWER": "in"}, {"LOWER": {"IN": ["only", "just"]}, "OP": "?"}, INT, {"LOWER": {"IN": list(OBJECT_ENDS)}},
    ]],
    "NO_ONE": [[
        {"LOWER": {"IN": list(NO_ONE_WORDS)}}, {"LOWER": "of", "OP": "?"}, {"LOWER": {"IN": list(DETERMINERS)}, "OP": "?"},
        {"LOWER": "other", "OP": "?"}, {"LOWER": {"IN": list(PEOPLE_NOUNS)}},
    ]],
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
    ("Of the 15 children, 11 went into complete remission", {"kind": COUNT, "text": "11", "events": 11}),
    ("four responded; three had a partial response", {"kind": COUNT, "text": "three", "events": 3, "words": True}),
    ("Forty-four were retreated: 14 with ALL", {"kind": COUNT, "text": "14", "events": 14}),
    ("Twelve enrolled and 10 later\nrelapsed", {"kind": COUNT, "text": "10", "events": 10}),
    ("Of the 20 who enrolled, about 9 died", {"kind": COUNT, "text": "about 9", "events": 9, "approximate": True}),
    ("six reached remission, and two of those stayed well", {"kind": COUNT, "text": "two", "events": 2}),
    ("17 of them\nwent on to transplant", {"kind": COUNT, "text": "17", "events": 17}),
    ("9 had a CR and 8 a PR", {"kind": COUNT, "text": "8", "events": 8}),
    ("CRS was mild in most and reached grade 4 in one; none died", {"kind": COUNT, "text": "one", "events": 1}),
    ("remission was seen in only 12, and relapse in 3.", {"kind": COUNT, "text": "12", "events": 12}),
    ("remission was seen in only 12, and relapse in 3.", {"kind": COUNT, "text": "3", "events": 3}),
    ("No patient needed intensive care", {"kind": COUNT, "text": "No patient", "value": 0.0, "events": 0, "words": True}),
    ("none of the children relapsed", {"kind": COUNT, "text": "none of the children", "events": 0}),
    ("no other adults had CRS", {"kind": COUNT, "text": "no other adults", "events": 0}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("three more years", (COUNT,)),
    ("1x10^6 cells/kg", (COUNT,)),
    ("patient 5 relapsed", (COUNT,)),
    ("In 2019 patients were enrolled", (COUNT,)),
    ("grade 3 was seen in cycle 2, and cohort 1 had more", (COUNT,)),
    ("the trial opened in 2018. In 2019 were added", (COUNT,)),
    ("the dose 2.5 was", (COUNT,)),
    ("no evidence of disease in the others", (COUNT,)),
    ("none of them had grade 3 at day 14 with", (COUNT,)),
    ("the median was 7 months; 6 weeks had passed", (COUNT,)),
    ("an increase of 1 in 5 had no effect", (COUNT,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("decreased in 3 patients, and was not evaluated in 13 patients", COUNT, ["3 patients", "13 patients"]),
    ("only three of nine CLL patients", COUNT, []),
    ("three more years", NUMBER, ["three"]),
    ("Of the 40 in CR, 29 later relapsed and 11 did not", COUNT, ["29", "11"]),
    ("two of these 5 patients had CRS", COUNT, []),
    ("two of these 5 patients had CRS", COUNT_OF, ["two of these 5"]),
    ("none of the 8 patients responded", COUNT, []),
    ("six had severe CRS and one had severe neurotoxicity", COUNT, ["six"]),  # a lone "one" may be the pronoun
    ("one has to ask whether one of them had CRS", COUNT, []),
    ("the results appeared in Blood in 2023.", COUNT, []),
]
