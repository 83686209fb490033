"""The number layer's Matcher patterns, kept as data: one module per kind of phrase.

Each module exports `PATTERNS` ({label: [token pattern, ...]}) and, beside them, `MUST_MATCH`,
`MUST_NOT_MATCH` and `EXACT` tables of texts the tests run. `TIERS` ranks the labels: where
matches overlap, the higher tier wins, then the longer match, then the earlier one. Labels
for things that are not quantities of patients (labels, dates, CIs, p-values) sit highest so
their numbers are never read as counts or percents; composite proportions ("40 of 61
(65.5%)") beat their parts; bare counts and numbers come last.
"""
from __future__ import annotations

from evidence.text.patterns import counts, durations, labels, modifiers, percent, proportions, statistics
from evidence.text.patterns.tokens import line_wrapped

MODULES = (percent, proportions, counts, durations, statistics, labels)

# every phrase may be broken across lines, except a name written as one word ("IL-6")
PATTERNS: dict[str, list[list[dict]]] = {
    label: [pattern if label in labels.ONE_WORD else line_wrapped(pattern) for pattern in patterns]
    for module in MODULES for label, patterns in module.PATTERNS.items()
}

TIERS: dict[str, int] = {
    # not quantities of patients, or quantities that own their numbers
    "CI": 3, "PVALUE": 3, "PVALUE_BARE": 3, "LABEL": 3, "DATE": 3, "SCIENTIFIC": 3, "TIMEPOINT": 3, "NAME": 3, "REFERENCE": 3,
    "HETEROGENEITY": 3,
    # composite proportions and sample sizes
    "COUNT_OF": 2, "COUNT_OF_PERCENT": 2, "ALL_BUT": 2, "NONE_OF": 2, "EVERY_ONE_OF": 2, "COUNT_PERCENT": 2,
    "NATURAL_FREQUENCY_PERCENT": 2, "N_EQUALS": 2,
    # single measures
    "PERCENT": 1, "PERCENT_LIST": 1, "SHARE": 1, "NATURAL_FREQUENCY": 1, "DURATION": 1,
    "DURATION_LIST": 1, "RANGE": 1, "MEAN_SD": 1, "DURATION_WITH_RANGE": 1,
    # bare counts and numbers
    "COUNT": 0, "COUNT_MORE": 0, "COUNT_SUBJECT": 0, "COUNT_OBJECT": 0, "NO_ONE": 0, "NUMBER": 0,
}

MUST_MATCH = [row for module in (*MODULES, modifiers) for row in module.MUST_MATCH]
MUST_NOT_MATCH = [row for module in MODULES for row in module.MUST_NOT_MATCH]
EXACT = [row for module in MODULES for row in module.EXACT]
