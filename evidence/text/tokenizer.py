"""The tokenizer: spaCy's English rules, plus the splits number phrases need, on normalised text.

Changes to `spacy.blank("en")`'s tokenizer (each exists so a number is its own token):

| text | default tokens | ours |
| --- | --- | --- |
| "40/61" | "40/61" | "40" "/" "61" |
| "P=0.03", "p<.001", "n=21" | one token | "P" "=" "0.03" ... |
| "≥3", "≤0.05", "~30%" | "≥3", "~30" "%" | "≥" "3", "~" "30" "%" |
| "53%-81%", "95%CI" | "53%-81" "%", "95%CI" | "53" "%" "-" "81" "%", "95" "%" "CI" |
| "1x10^6", "1×10⁶" | "1x10" "^" "6", "1×10⁶" | "1" "x" "10" "^" "6", "1" "×" "10⁶" |
| "12.6±3.2" | "12.6±3.2" | "12.6" "±" "3.2" |
| "6- and 12-month" | "6-" ... | "6" "-" ... |
| "approx. 5" | "approx" "." "5" | "approx." "5" |
| "(n = 8)", "<3 years", "=3" | "8)", "<3", "=3" (emoticons) | "8" ")", "<" "3", "=" "3" |
| "238(73%)" | "238(73" "%" ")" | "238" "(" "73" "%" ")" |
| "4.1%ᵃ", "12 (4)*", "9 (12.5)^a" | "%ᵃ", "4)*", ")^a" | "%" "ᵃ", ")" "*", ")" "^a" |

Before tokenizing, `chars.normalise_chars` replaces Unicode spaces, dashes ("−", "–", "—"),
and mid-dot decimals ("65·5") one-for-one, so "6·1–13·2" tokenizes like "6.1-13.2" and
offsets are unchanged. `NormalisingTokenizer` does that and keeps the original on
`doc._.source_text`.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

import evidence.text.extensions  # noqa: F401  (declares doc._.source_text)
from evidence.text.chars import normalise_chars

EXTRA_PREFIXES = [r"≥", r"≤", r"~", r"≈", r"±"]
# a footnote marker after a number ("4.1%ᵃ", "12 (4)*", "7 (13)†", "9 (12.5)^a") is its own token
FOOTNOTE_MARKS = r"[\u1d43-\u1d61\u02b0-\u02b8\u2020\u2021\u00a7\u00b6*#]+"
EXTRA_SUFFIXES = [r"(?<=[A-Za-z])[=<>≤≥]", r"(?<=[0-9])-", rf"(?<=[0-9%)\]]){FOOTNOTE_MARKS}",
                  r"(?<=[0-9%)\]])\^[A-Za-z]{1,2}"]
EXTRA_INFIXES = [
    r"(?<=[0-9])/(?=[0-9])",  # 40/61
    r"(?<=[A-Za-z0-9)\]])(?:<=|>=|=<|=>|[<>=≤≥])(?=[-+.0-9A-Za-z])",  # P=0.03, p<.001, n=21
    r"(?<=[0-9])%(?=[-/;,:)\]A-Za-z])",  # 53%-81%, 95%CI, 40%/60%
    r"(?<=%)-(?=[0-9.])",  # 53%-81%
    r"(?<=%)/(?=[0-9.])",  # 53.2%/55.5%: two values joined by a slash
    r"(?<=[0-9])[x×](?=10)",  # 1x10^6
    r"(?<=[0-9])±(?=[0-9.])",  # 12.6±3.2
    r"(?<=[0-9])\((?=[0-9%.])",  # 238(73%), as tables print it
]
# spaCy's emoticon exceptions that swallow numbers ("8)", "<3", "=3", ":1"); clock times stay
NUMERIC_EMOTICON = re.compile(r"(?![0-9]{1,2}[ap]\.?m\.?$).*[0-9]")
SPECIAL_CASES = {
    "approx.": [{ORTH: "approx."}],
    "Approx.": [{ORTH: "Approx."}],
}


def make_rules_tokenizer(nlp: Language) -> Tokenizer:
    """A `Tokenizer` with the English defaults and the extra rules above."""
    defaults = nlp.Defaults
    tokenizer = Tokenizer(
        nlp.vocab,
        rules={k: v for k, v in defaults.tokenizer_exceptions.items() if not NUMERIC_EMOTICON.match(k)},
        prefix_search=compile_prefix_regex(list(defaults.prefixes) + EXTRA_PREFIXES).search,
        suffix_search=compile_suffix_regex(list(defaults.suffixes) + EXTRA_SUFFIXES).search,
        infix_finditer=compile_infix_regex(EXTRA_INFIXES + list(defaults.infixes)).finditer,
        token_match=defaults.token_match,
        url_match=defaults.url_match,
    )
    for text, tokens in SPECIAL_CASES.items():
        tokenizer.add_special_case(text, tokens)
    return tokenizer


class NormalisingTokenizer:
    """Tokenize `normalise_chars(text)`; remember `text` on `doc._.source_text`."""

    def __init__(self, tokenizer: Tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(normalise_chars(text))
        doc._.source_text = text
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)
