"""Words just before a number phrase that qualify it: "about 34%", "more than three years",
"at least 2", "≥50%", "~30%" (approximate / comparator), and "at 12 months" (a timepoint).

They are read by looking back from a chosen phrase, not by the Matcher, so every pattern gets
them without listing them: each key is a token sequence (lower-cased) ending just before it.
"""
from __future__ import annotations

APPROXIMATORS: frozenset[str] = frozenset({
    "about", "approximately", "approx.", "approx", "around", "nearly", "almost", "roughly",
    "circa", "~", "≈",
})

COMPARATORS: dict[tuple[str, ...], str] = {
    ("more", "than"): ">", ("greater", "than"): ">", ("over",): ">", ("above",): ">",
    ("exceeding",): ">", ("less", "than"): "<", ("fewer", "than"): "<", ("under",): "<",
    ("below",): "<", ("at", "least"): ">=", ("at", "most"): "<=", ("up", "to"): "<=",
    ("no", "more", "than"): "<=", ("not", "more", "than"): "<=", ("no", "less", "than"): ">=",
    (">",): ">", ("<",): "<", ("≥",): ">=", ("≤",): "<=", (">", "="): ">=", ("<", "="): "<=",
}
LONGEST_COMPARATOR = max(len(k) for k in COMPARATORS)

# "at 12 months": the duration is a timepoint
TIMEPOINT_PREPOSITIONS: frozenset[str] = frozenset({"at"})

# kinds a modifier does not apply to (they carry their own comparator or are not measured)
UNMODIFIED_KINDS = frozenset({"pvalue", "ci", "n"})

MUST_MATCH: list[tuple[str, dict]] = [
    ("approximately 20% of patients", {"kind": "percent", "approximate": True, "text": "approximately 20%"}),
    ("roughly 20% of patients", {"kind": "percent", "approximate": True}),
    ("around 20% of patients", {"kind": "percent", "approximate": True, "text": "around 20%"}),
    ("almost 20% of patients", {"kind": "percent", "approximate": True}),
    ("in approx. 20% of patients", {"kind": "percent", "approximate": True, "text": "approx. 20%"}),
    ("<1% of patients", {"kind": "percent", "comparator": "<", "value": 0.01}),
    ("less than 5% of patients", {"kind": "percent", "comparator": "<", "text": "less than 5%"}),
    ("at least 2 years", {"kind": "duration", "comparator": ">=", "text": "at least 2 years", "timepoint": False}),
    ("≥50% of patients", {"kind": "percent", "comparator": ">=", "text": "≥50%"}),
    ("fewer than 10 patients", {"kind": "count", "comparator": "<", "events": 10}),
    ("up to 12 months", {"kind": "duration", "comparator": "<=", "value": 12.0}),
    ("at approximately 12 months", {"kind": "duration", "approximate": True, "timepoint": True}),
    ("13 who received >2 CARTs", {"kind": "number", "comparator": ">", "value": 2.0}),
]
