"""Confidence intervals ("95% CI, 6.1-13.2", "(95% CI 6.1 to 13.2)", "95% confidence interval
[CI], 6.1 to 13.2 months", "95% CI: 0.16-0.51", "[95% CI, 53%-81%]", "CI 95%, 2-5") and p-values
("P = .0043", "p<0.001", "P=0.03", "p = 0·04", "P value of 0.03", "p ≤ 0.05") and heterogeneity
statistics ("I² = 14%", "I2 of 45%", "I-squared 30%", "χ² = 3.1", "Tau² = 0.02").

The "95%" of a CI is its level, never a percentage of patients; the "14%" of an I² is the share of
variation between studies, never one of patients.
"""
from __future__ import annotations

from evidence.text.patterns.tokens import CLOSE, DIGITS, NUM, OPEN, PERCENT_SIGN, SUFFIX
from evidence.text.quantity import CI, COUNT_OF, DURATION, NUMBER, PERCENT, PVALUE

# the words of a CI: "CI", "confidence interval", "confidence interval [CI]", "confidence limits"
CI_HEADS = ("ci", "cis", "cri", "confidence", "credible")
INTERVAL_HEADS = ("confidence", "credible")  # these need "interval" after them
INTERVAL_WORDS = ("interval", "intervals", "limits")
CI_WORDS = [
    {"LOWER": {"IN": list(CI_HEADS)}},
    {"LOWER": {"IN": list(INTERVAL_WORDS)}, "OP": "?"},
    {**OPEN, "OP": "?"},
    {"LOWER": "ci", "OP": "?"},
    {**CLOSE, "OP": "?"},
]
LEVEL = [{**NUM, "OP": "?"}, {**PERCENT_SIGN, "OP": "?"}]  # "95%": before the words or after "CI"
SEP = {"LOWER": {"IN": [",", ":", "=", ";", "of"]}, "OP": "?"}
BOUND_SEPARATORS = ("-", "to", ",", "--")
COMPARATOR_SIGNS = ["=", "<", ">", "≤", "≥", "<=", ">=", "=<", "=>"]
COMPARATOR_WORDS = ["of", "was", "is"]  # "P value of 0.03" (needs "value"), "P was .03"
PLUS_MINUS = ["±", "+/-"]
# the symbols of heterogeneity statistics as one token ("I²", "I2", "I^2", "χ2", "Chi²", "Tau²") and
# the square after a lone "I" ("I 2", "I-squared", "I ²": a PDF reader may set it apart)
HETEROGENEITY_SYMBOLS = [f"{s}{sq}" for s in ("i", "χ", "chi", "tau", "τ", "h") for sq in ("²", "2", "^2")]
SQUARED = ["²", "2", "^2", "squared"]
STATISTIC_SEP = {"LOWER": {"IN": ["=", ":", "of", "was", "is", "<", ">", "≤", "≥", ","]}, "OP": "?"}

PATTERNS: dict[str, list[list[dict]]] = {
    # [95%] CI|confidence interval [[CI]] [95%] [,:=] [(] low[%] -|to|, high[% or unit] [)]
    "CI": [[
        *LEVEL, *CI_WORDS, *LEVEL, SEP, {**OPEN, "OP": "?"},
        NUM, SUFFIX, {"LOWER": {"IN": list(BOUND_SEPARATORS)}}, NUM, SUFFIX, {**CLOSE, "OP": "?"},
    ]],
    # P = .0043, p<0.001, P-value < 0.05, P value of 0.03, p ≤ 0.05, p<=0.05
    "PVALUE": [[
        {"LOWER": {"IN": ["p", "p-value", "pvalue"]}},
        {"ORTH": "-", "OP": "?"},
        {"LOWER": {"IN": ["value", "values"]}, "OP": "?"},
        {"LOWER": {"IN": [*COMPARATOR_SIGNS, *COMPARATOR_WORDS]}},
        {"ORTH": "=", "OP": "?"},
        DIGITS,
    ]],
    # a p-value printed without its "P" (a table's P column, "(<0.001)"): "<0.001", "< .05", "≤0.05"
    "PVALUE_BARE": [[{"ORTH": {"IN": ["<", ">", "≤", "<=", "=<"]}}, DIGITS]],
    # a heterogeneity statistic: "I² = 14%", "I2 of 45%", "I-squared statistic was 30%", "χ2 = 3.1"
    "HETEROGENEITY": [
        [{"LOWER": {"IN": HETEROGENEITY_SYMBOLS}}, {"LOWER": {"IN": ["statistic", "value"]}, "OP": "?"},
         STATISTIC_SEP, {"ORTH": "=", "OP": "?"}, NUM, {**PERCENT_SIGN, "OP": "?"}],
        [{"ORTH": "I"}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": SQUARED}},
         {"LOWER": {"IN": ["statistic", "value"]}, "OP": "?"}, STATISTIC_SEP, {"ORTH": "=", "OP": "?"},
         NUM, {**PERCENT_SIGN, "OP": "?"}],
    ],
    # a mean and its SD: "12.6 ± 3.2 years" (the mean is the quantity)
    "MEAN_SD": [[NUM, {"ORTH": {"IN": PLUS_MINUS}}, NUM, SUFFIX]],
}

MUST_MATCH: list[tuple[str, dict]] = [
    ("9.4 months (95% CI, 6.1-13.2)", {"kind": CI, "text": "95% CI, 6.1-13.2", "level": 0.95, "low": 6.1, "high": 13.2, "unit": ""}),
    ("9.4 months (95% CI 6.1 to 13.2)", {"kind": CI, "text": "95% CI 6.1 to 13.2", "low": 6.1, "high": 13.2}),
    ("9.4 months (95% confidence interval [CI], 6.1 to 13.2 months)",
     {"kind": CI, "text": "95% confidence interval [CI], 6.1 to 13.2 months", "level": 0.95, "low": 6.1, "high": 13.2, "unit": "months"}),
    ("HR 0.29 (95% CI: 0.16-0.51)", {"kind": CI, "low": 0.16, "high": 0.51, "level": 0.95}),
    ("CR 67% [95% CI, 53%-81%]", {"kind": CI, "text": "95% CI, 53%-81%", "low": 0.53, "high": 0.81, "unit": "proportion"}),
    ("CR 67% (95% CI 53-81%)", {"kind": CI, "low": 0.53, "high": 0.81, "unit": "proportion"}),
    ("OS 15.0 months (95% CI, 13.0 to 22.7 months)", {"kind": CI, "low": 13.0, "high": 22.7, "unit": "months"}),
    ("a 90% CI of 1.2 to 3.4", {"kind": CI, "level": 0.90}),
    ("a 95%CI 1.2-3.4", {"kind": CI, "level": 0.95, "low": 1.2, "high": 3.4}),
    ("HR 0.5 (CI 95%, 0.3-0.8)", {"kind": CI, "level": 0.95, "low": 0.3, "high": 0.8}),
    ("OR 1.8 (95% credible interval, 1.1-2.9)", {"kind": CI, "level": 0.95, "low": 1.1, "high": 2.9}),
    ("OR 1.8 (95% CrI 1.1-2.9)", {"kind": CI, "level": 0.95, "low": 1.1, "high": 2.9}),
    ("ORR 83% (95% confidence limits 70 to 92)", {"kind": CI, "low": 70.0, "high": 92.0}),
    ("OR 2.1 (95% CI, 1.1 to 4.0)", {"kind": CI, "low": 1.1, "high": 4.0}),
    ("DOR 6.1 months (95% CI, 2·1–9·8 months)", {"kind": CI, "low": 2.1, "high": 9.8, "unit": "months"}),
    ("a difference of 2 (95% CI, −0.5 to 4.5)", {"kind": CI, "low": -0.5, "high": 4.5}),
    ("(95% CI [6.1, 13.2])", {"kind": CI, "low": 6.1, "high": 13.2}),
    ("median 2 years (95% CI, 1-3 years)", {"kind": CI, "low": 12.0, "high": 36.0, "unit": "months"}),
    ("lower (P = .0043)", {"kind": PVALUE, "text": "P = .0043", "value": 0.0043, "comparator": "=", "unit": "p"}),
    ("significant (p<0.001)", {"kind": PVALUE, "text": "p<0.001", "value": 0.001, "comparator": "<"}),
    ("P=0.03", {"kind": PVALUE, "value": 0.03, "comparator": "="}),
    ("p = 0·04", {"kind": PVALUE, "value": 0.04}),
    ("P value of 0.03", {"kind": PVALUE, "value": 0.03, "comparator": "="}),
    ("P-value < 0.05", {"kind": PVALUE, "value": 0.05, "comparator": "<"}),
    ("p ≤ 0.05", {"kind": PVALUE, "value": 0.05, "comparator": "<="}),
    ("p<=0.05", {"kind": PVALUE, "value": 0.05, "comparator": "<="}),
    ("P > .2", {"kind": PVALUE, "value": 0.2, "comparator": ">"}),
    ("the P value was 0.03", {"kind": PVALUE, "value": 0.03, "comparator": "="}),
    ("HR, 0.45; 95% CI, 0.25-0.80; P = .008", {"kind": PVALUE, "value": 0.008}),
    ("HR, 0.45; 95% CI, 0.25-0.80; P = .008", {"kind": CI, "low": 0.25, "high": 0.80}),
    ("1-year OS 60% (95% CI, 45%-72%)", {"kind": CI, "low": 0.45, "high": 0.72, "unit": "proportion"}),
    ("95% CI: 6.1–13.2 mo", {"kind": CI, "low": 6.1, "high": 13.2, "unit": "months"}),
    ("95% CI 0.31, 0.87", {"kind": CI, "low": 0.31, "high": 0.87}),
    ("<0.001", {"kind": PVALUE, "text": "<0.001", "value": 0.001, "comparator": "<"}),
    ("differed between the arms (< .05)", {"kind": PVALUE, "value": 0.05, "comparator": "<"}),
    ("0.86 | <0.001 | 0.42", {"kind": PVALUE, "text": "<0.001"}),
    ("mean age 12.6 ± 3.2 years", {"kind": DURATION, "text": "12.6 ± 3.2 years", "value": 12.6 * 12}),
    ("mean age 12.6±3.2 years", {"kind": DURATION, "value": 12.6 * 12}),
    ("a CR rate of 45 ± 5%", {"kind": PERCENT, "value": 0.45}),
    ("the fixed effects model (I² = 14%; P = 0.31)", {"kind": NUMBER, "text": "I² = 14%", "value": 14.0}),
    ("(I2=0%, P=1.00)", {"kind": NUMBER, "text": "I2=0%", "value": 0.0}),
    ("heterogeneity was moderate, with I2 of 45%", {"kind": NUMBER, "text": "I2 of 45%"}),
    ("the I-squared statistic was 30%", {"kind": NUMBER, "text": "I-squared statistic was 30%", "value": 30.0}),
    ("heterogeneity (I 2 = 56%)", {"kind": NUMBER, "text": "I 2 = 56%"}),
    ("I^2 = 56%", {"kind": NUMBER, "value": 56.0}),
    ("Tau² = 0.02; Chi² = 12.3, df = 5", {"kind": NUMBER, "text": "Chi² = 12.3", "value": 12.3}),
]

MUST_NOT_MATCH: list[tuple[str, tuple[str, ...]]] = [
    ("95% CI, 6.1-13.2", (PERCENT,)),
    ("[95% CI, 53%-81%]", (PERCENT,)),
    ("P = 1.7", (PVALUE,)),
    ("mean age 12.6 ± 3.2 years", (PERCENT,)),
    ("a 95% confidence in 5-10 patients", (CI,)),
    ("<0.001", (PERCENT, COUNT_OF, NUMBER)),
    ("relapse in <0.5% of patients", (PVALUE,)),
    ("a dose of <0.5 mg/kg in <3 years", (PVALUE,)),
    ("the overall response rate (I² = 14%; P = 0.31)", (PERCENT,)),
    ("gastrointestinal reactions (I2=70%, P=0.0001)", (PERCENT,)),
    ("heterogeneity: Chi² = 3.10, df = 4; I² = 0%", (PERCENT,)),
]

EXACT: list[tuple[str, str, list[str]]] = [
    ("After a CR to CART-B, median relapse-free survival reached 9.4 months (95% confidence interval [CI], "
     "6.1 to 13.2 months); median overall survival reached 15.0 months (95% CI, 13.0 to 22.7 months).", CI,
     ["95% confidence interval [CI], 6.1 to 13.2 months", "95% CI, 13.0 to 22.7 months"]),
]
