"""Numbers that label rather than measure, and numbers that are not quantities of patients:
"grade 3", "grade ≥3", "grade 3-4", "Table 2", "Figure 3", "Fig. 2", "No. 5", "phase 1/2",
"cohort 2" (a NUMBER, never a count or percent); dates ("December 7, 2019", "Sep 2023", which
yield nothing); scientific notation ("1x10^6", "2 × 10⁶": a NUMBER); any other number ("2019",
"12.6": a NUMBER).
"""
from __future__ import annotations

from evidence.text.patterns.tokens import DASH, DIGIT_INT, NUM
from evidence.text.quantity import COUNT, COUNT_OF, NUMBER, PERCENT

# words after which a number is a label: "grade 3", "Table 2", "phase 1/2"
LABEL_WORDS = (
    "grade", "grades", "table", "tables", "figure", "figures", "fig", "figs", "phase", "phases",
    "stage", "stages", "cycle", "cycles", "version", "cohort", "cohorts", "arm", "arms", "level",
    "levels", "step", "steps", "visit", "patient", "case", "ref", "refs", "reference", "references",
    "chapter", "section", "page", "pages", "pp", "vol", "volume", "issue", "group", "type", "class",
    "panel", "appendix", "supplement", "eq", "equation", "item", "wave", "round", "line", "lines",
)
# abbreviations that label a number only with their period: "No. 5", "Nos. 3"
DOTTED_LABEL_WORDS = ("no", "nos", "p")
LABEL_JOINERS = ("-", "/", "to", "or", "and", "through")
LABEL_COMPARATORS = ("≥", "≤", "<", ">", "=", ">=", "<=")

# labels whose phrase is written as one word, never broken across lines
ONE_WORD = ("NAME",)

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
)
MONTH = {"ORTH": {"IN": [*MONTHS, *(m.upper() for m in MONTHS)]}}
TIMES = {"LOWER": {"IN": ["x", "×", "*"]}}

PATTERNS: dict[str, list[list[dict]]] = {
    # grade 3, grade ≥3, grade 3-4, Table 2, Fig. 2, No. 5, phase 1/2
    "LABEL": [[
        {"LOWER": {"IN": [*LABEL_WORDS, *DOTTED_LABEL_WORDS]}},
        {"ORTH": ".", "OP": "?"},
        {"ORTH": {"IN": list(LABEL_COMPARATORS)}, "OP": "?"},
        NUM,
        {"LOWER": {"IN": list(LABEL_JOINERS)}, "OP": "?"},
        {**NUM, "OP": "?"},
    ]],
    "DATE": [
        [MONTH, {"ORTH": ".", "OP": "?"}, DIGIT_INT, {"ORTH": ",", "OP": "?"}, {**DIGIT_INT, "OP": "?"}],  # Sep 2023, December 7, 2019
        [DIGIT_INT, MONTH, {**DIGIT_INT, "OP": "?"}],  # 7 December 2019, 2020 Sep 23
    ],
    "SCIENTIFIC": [
        [{**NUM, "OP": "?"}, {**TIMES, "OP": "?"}, {"ORTH": "10"}, {"ORTH": {"IN": ["^", "e", "E"]}}, DIGIT_INT],  # 1x10^6, 10^6
        [NUM, TIMES, {"TEXT": {"REGEX": r"^10[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$"}}],  # 2 × 10⁶
    ],
    # a reference's volume and pages, a DOI (yield nothing): "2019; 37: 1234-45", "doi: 10.1182/..."
    "REFERENCE": [
        [DIGIT_INT, {"ORTH": ";"}, DIGIT_INT, {"ORTH": "(", "OP": "?"}, {**DIGIT_INT, "OP": "?"},
         {"ORTH": ")", "OP": "?"}, {"ORTH": ":"}, NUM, {**DASH, "OP": "?"}, {**NUM, "OP": "?"}],
        [{"LOWER": "doi"}, {"ORTH": ":", "OP": "?"}, NUM],
    ],
    # a number that is part of a name: "IL-6", "COVID-19", "CART-19", "JCAR-017" (yields nothing)
    "NAME": [[{"IS_ALPHA": True}, DASH, NUM]],
    "NUMBER": [[NUM]],
}

MUST_MATCH: list[tuple[str, dict]] = [
    ("grade 3 CRS", {"kind": NUMBER, "text": "grade 3", "value": 3.0}),
    ("grade ≥3 CRS", {"kind": NUMBER, "text": "grade ≥3", "value": 3.0, "comparator": ">="}),
    ("grade 3-4 CRS", {"kind": NUMBER, "text": "grade 3-4", "low": 3.0, "high": 4.0}),
    ("a phase 1/2 trial", {"kind": NUMBER, "text": "phase 1/2"}),
    ("see Table 2", {"kind": NUMBER, "text": "Table 2", "value": 2.0}),
    ("see Fig. 2", {"kind": NUMBER, "text": "Fig. 2", "value": 2.0}),
    ("a dose of 1x10^6 cells/kg", {"kind": NUMBER, "text": "1x10^6", "value": 1e6}),
    ("a dose of 2 × 10⁶ cells/kg", {"kind": NUMBER, "text": "2 × 10⁶", "value": 2e6}),
    ("a dose of 2.5e6 cells", {"kind": NUMBER, "value": 2.5e6}),
    ("published in 2019", {"kind": NUMBER, "text": "2019", "value": 2019.0}),
    ("median age 12.6", {"kind": NUMBER, "value": 12.6}),
    ("grade 3/4 events", {"kind": NUMBER, "text": "grade 3/4", "low": 3.0, "high": 4.0}),
    ("grades 3 or 4", {"kind": NUMBER, "low": 3.0, "high": 4.0}),
    ("≥ grade 3 CRS", {"kind": NUMBER, "text": "≥ grade 3", "comparator": ">="}),
    ("see No. 5", {"kind": NUMBER, "text": "No. 5", "value": 5.0}),
    ("6 × 10^8 total cells", {"kind": NUMBER, "value": 6e8}),
    ("10^6 cells/kg", {"kind": NUMBER, "text": "10^6", "value": 1e6}),
    ("six prior lines of therapy", {"kind": NUMBER, "text": "six", "value": 6.0, "words": True}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("grade 3 CRS", (PERCENT, COUNT_OF, COUNT)),
    ("grade ≥3", (PERCENT, COUNT_OF)),
    ("grade 3-4 events", (PERCENT, COUNT_OF, COUNT)),
    ("grade 3 (9%)", (COUNT_OF,)),
    ("CD19 and CD22 and BCMA", (PERCENT, COUNT_OF, NUMBER)),
    ("presented December 7, 2019, at the meeting", (PERCENT, COUNT_OF, NUMBER)),
    ("Published - Sep 2023", (PERCENT, COUNT_OF, NUMBER)),
    ("Between January 2016 and December 2019, 61 patients were infused", (NUMBER, PERCENT)),
    ("Table 2 and Figure 3", (PERCENT, COUNT_OF)),
    ("a phase 1/2 trial", (PERCENT, COUNT_OF)),
    ("NCT03827343", (PERCENT, COUNT_OF, NUMBER)),
    ("Pages 574.e1-574.e10", (PERCENT, COUNT_OF)),
    ("CART-A and CAR-T2", (PERCENT, COUNT_OF, NUMBER)),
    ("available 24/7", (PERCENT, COUNT_OF)),
    ("1x10^6 cells/kg", (PERCENT, COUNT_OF)),
    ("in 2019", (PERCENT, COUNT_OF, COUNT)),
    ("No. 5 in the series", (PERCENT, COUNT_OF, COUNT)),
    ("IL-6 (45%) rose", (COUNT_OF,)),
    ("COVID-19 patients", (COUNT, NUMBER)),
    ("a second CART-19 infusion", (COUNT, NUMBER)),
    ("≥ grade 3 CRS", (PERCENT, COUNT)),
    ("J Clin Oncol 2019; 37: 1234-45.", (NUMBER, COUNT, PERCENT, COUNT_OF)),
    ("doi: 10.1182/blood.2020006770.", (NUMBER,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("Severe CRS (grade ≥3) occurred in only 9% of patients", PERCENT, ["9%"]),
    ("Table 2 and Figure 3", NUMBER, ["Table 2", "Figure 3"]),
    ("Table 2 and 45%", PERCENT, ["45%"]),
    ("grade 3 and CRS", NUMBER, ["grade 3"]),
    ("IL-6 (45%) rose", PERCENT, ["45%"]),
]
