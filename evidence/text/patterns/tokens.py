"""Token-pattern building blocks shared by the pattern modules (spaCy Matcher syntax).

Each constant is one token dict (or a short list of them); the pattern modules compose them.

Numbers are found with the lexical attribute LIKE_NUM, which our pipeline computes with
`evidence.text.numerals.like_numeral` (digits, decimals, "1,183", ".0043", number words, merged
"thirty-four"; not ordinals): a lexeme flag is tested in C, far faster than a custom `_`
attribute. Whether a number is whole is checked when the match is read.

The Matcher's cost grows with the number of patterns times the number of tokens, so variants
are folded into one pattern with optional tokens, and the reading of a match checks the
combination it got (`readings.py`): patterns say where a phrase may be, readings say what it is.
"""
from __future__ import annotations

from evidence.text.words import FRACTIONS

# numbers
NUM = {"LIKE_NUM": True}  # any number: "65.5", "44", "eight", "thirty-four"
INT = NUM  # where a whole number is wanted ("44 patients"): the reading checks it is whole
DIGITS = {"LIKE_NUM": True, "IS_ALPHA": False}  # written in digits: "0.03", ".0043"
WORD_INT = {"LIKE_NUM": True, "IS_ALPHA": True}  # one number word: "two", "three"
DIGIT_INT = {"IS_DIGIT": True}  # "2019", "7"

# percent: "65.5%", "65.5 %", "34 percent", "34 per cent" (merged into one token), "34 pct"
PERCENT_WORDS = ("%", "percent", "pct", "per cent")
PERCENT_SIGN = {"LOWER": {"IN": list(PERCENT_WORDS)}}
PCT = [NUM, PERCENT_SIGN]

# time units, in months (1 month = 30.4375 days; a week is 7 days; a year is 12 months)
DAYS_PER_MONTH = 30.4375
MONTHS_PER_UNIT: dict[str, float] = {
    "hour": 1 / (24 * DAYS_PER_MONTH), "hours": 1 / (24 * DAYS_PER_MONTH), "hrs": 1 / (24 * DAYS_PER_MONTH),
    "h": 1 / (24 * DAYS_PER_MONTH),
    "day": 1 / DAYS_PER_MONTH, "days": 1 / DAYS_PER_MONTH, "d": 1 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH, "weeks": 7 / DAYS_PER_MONTH, "wk": 7 / DAYS_PER_MONTH, "wks": 7 / DAYS_PER_MONTH,
    "month": 1.0, "months": 1.0, "mo": 1.0, "mos": 1.0,
    "year": 12.0, "years": 12.0, "yr": 12.0, "yrs": 12.0, "y": 12.0,
}
SINGULAR_UNITS = ("hour", "h", "day", "d", "week", "wk", "month", "mo", "year", "yr", "y")  # "2-year", "28-d"
UNIT = {"LOWER": {"IN": sorted(MONTHS_PER_UNIT)}}
# what may follow a number in a range or list: a unit or a percent sign
SUFFIX = {"LOWER": {"IN": sorted(MONTHS_PER_UNIT) + list(PERCENT_WORDS)}, "OP": "?"}

# hard-wrapped text breaks its lines anywhere ("five of\nsix", "antigen-dim in 7\n(33.3%)"):
# `line_wrapped` lets a phrase hold a line break (a space token) between any two of its tokens;
# a phrase never crosses a blank line (`parts.one_paragraph`)
LINE_BREAK = {"IS_SPACE": True, "OP": "?"}


def line_wrapped(pattern: list[dict]) -> list[dict]:
    """`pattern` with an optional line break between every two of its tokens."""
    wrapped: list[dict] = []
    for token in pattern:
        if wrapped:
            wrapped.append(LINE_BREAK)
        wrapped.append(token)
    return wrapped


# brackets and separators
OPEN = {"ORTH": {"IN": ["(", "["]}}
CLOSE = {"ORTH": {"IN": [")", "]"]}}
DASH = {"ORTH": "-"}
RANGE_SEPARATORS = ("-", "to", "--", "and")  # "and" only after "between" (checked when read)
RANGE_SEP = {"LOWER": {"IN": list(RANGE_SEPARATORS)}}
LIST_CONJUNCTIONS = ("and", "or", "vs", "vs.", "versus")
LIST_SEP = {"LOWER": {"IN": [",", *LIST_CONJUNCTIONS]}, "OP": "{1,2}"}

# "x of y", "x of the y", "x out of y", "x/y", "x of the same y": the reading checks the
# connector is one of these
DETERMINERS = ("the", "these", "those", "all", "their")
# the group counted again: "54 of the same 61", "3 of the original 12", "of the very same 61"
SAME_GROUP_WORDS = ("same", "original", "initial")
SAME_GROUP = (*((w,) for w in SAME_GROUP_WORDS), ("very", "same"))
OF_WORDS = (("of",), ("out", "of"))
OF_CONNECTORS: frozenset[tuple[str, ...]] = frozenset(
    {("/",)} | set(OF_WORDS) | {(*of, d) for of in OF_WORDS for d in DETERMINERS}
    | {(*of, d, *same) for of in OF_WORDS for d in ("the", "these", "those") for same in SAME_GROUP}
)
X_OF_Y = [
    NUM,
    {"LOWER": {"IN": ["of", "out", "/"]}},
    {"LOWER": {"IN": ["of", *DETERMINERS]}, "OP": "?"},
    {"LOWER": {"IN": list(DETERMINERS)}, "OP": "?"},
    {"LOWER": "very", "OP": "?"},
    {"LOWER": {"IN": list(SAME_GROUP_WORDS)}, "OP": "?"},
    NUM,
]
OF = [{"LOWER": "of"}, {"LOWER": {"IN": list(DETERMINERS)}, "OP": "?"}]

# nouns that make a bare whole number a count of people or events: "44 patients"
COUNTED_NOUNS = (
    "patient", "patients", "pts", "subject", "subjects", "participant", "participants", "person",
    "persons", "people", "individual", "individuals", "child", "children", "adult", "adults",
    "adolescent", "adolescents", "infant", "infants", "man", "men", "woman", "women", "case", "cases",
    "responder", "responders", "nonresponder", "nonresponders", "survivor", "survivors",
    "recipient", "recipients", "death", "deaths", "relapse", "relapses", "event", "events",
    "episode", "episodes", "infusion", "infusions", "reinfusion", "reinfusions",
)
COUNTED_NOUN = {"LOWER": {"IN": list(COUNTED_NOUNS)}}
# nouns for people only: "No patient had ...", "none of the children"
PEOPLE_NOUNS = (
    "patient", "patients", "person", "persons", "people", "child", "children", "adult", "adults",
    "participant", "participants",
)

# words that cannot sit between a number and the noun it counts ("44 adult patients" but not
# "44 of patients"): function words, units, percent words
BREAK_WORDS = (
    "of", "in", "on", "at", "to", "for", "with", "without", "by", "from", "and", "or", "but", "the",
    "a", "an", "were", "was", "is", "are", "had", "has", "have", "who", "which", "that", "than",
    "as", "after", "before", "per", "vs", "versus", "not", "no", "all", "more", "less",
    *PERCENT_WORDS, *MONTHS_PER_UNIT,
)
MODIFIER = {"IS_ALPHA": True, "LOWER": {"NOT_IN": list(BREAK_WORDS)}, "OP": "{0,3}"}

FRACTION_WORDS = sorted(FRACTIONS)
SINGULAR_FRACTIONS = sorted(w for w in FRACTIONS if not w.endswith("s"))
