"""Lists of groups, each with its own values, after a colon: "Overall and complete response rates
were as follows: all treated patients (n = 90), 80% and 60%; patients given the target dose
(n = 70), 85% and 64%; and ..., respectively." Each group (a `;`-separated item) gives one value per
outcome named before the colon, in order. A group of "all" patients is the whole cohort; any other
is a subgroup named as the article names it (its "(n = N)" left out).
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from evidence.text.quantity import PERCENT
from extractors import binding, restatements

# "Overall and complete response rates": the words of rates sharing one noun
_RATE_WORDS = {"overall": "ORR", "objective": "ORR", "complete": "CR", "partial": "PR"}
_SHARED_NOUN = re.compile(r"\b(?P<words>(?:(?:" + "|".join(_RATE_WORDS) + r")(?: response)?(?:, | and |, and )){1,3}(?:"
                          + "|".join(_RATE_WORDS) + r")) response rates?\b", re.IGNORECASE)
_WHOLE = re.compile(r"\s*(?:all (?:\w+ )?(?:patients|pts|participants|subjects)|the (?:whole|entire|overall|full) (?:cohort|population))\b",
                    re.IGNORECASE)
_SIZE = re.compile(r"\s*\(\s*[nN]\s*=\s*\d+\s*\)")


def listed_figures(text: str, span, quantities, figures: list[Figure]) -> list[Figure]:
    """The sentence's figures read as a colon list of groups; [] when it is not one (then the
    sentence's own reading stands)."""
    s, e = span
    sentence = text[s:e]
    colon = sentence.find(":")
    if colon < 0 or not re.search(r"\brespectively\b", sentence) or not figures:
        return []
    named = _SHARED_NOUN.search(sentence, 0, colon)
    if named is None:
        return []
    outcomes = [_RATE_WORDS[w.lower()] for w in re.findall(r"[A-Za-z]+", named.group("words")) if w.lower() in _RATE_WORDS]
    values = [q for q in quantities if q.kind == PERCENT and binding.is_value(q, text) and q.start > s + colon]
    items = _items(text, s + colon + 1, e)
    model = figures[0]
    result = []
    for a, b in items:
        own = [q for q in values if a <= q.start < b]
        if len(own) != len(outcomes):
            return []
        group = _SIZE.sub("", text[a:own[0].start]).strip(" ,;").removeprefix("and ").strip()
        if not group or len(group) > 90:
            return []
        subgroup = "" if _WHOLE.match(group) else group
        for outcome, q in zip(outcomes, own):
            result.append(restatements.no_infusion(replace(
                model, outcome=outcome, outcome_text="", measure="proportion", value=float(q.value), unit="proportion",
                events=None, total=None, ci_low=None, ci_high=None, timepoint_months=None, grade="", subgroup=subgroup,
                arm="", start=q.start, end=q.end, flags="")))
    return result if len(items) >= 2 else []


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The `;`-separated items of a list, outside parentheses."""
    items, depth, begin = [], 0, start
    for i in range(start, end):
        ch = text[i]
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == ";" and depth == 0:
            items.append((begin, i))
            begin = i + 1
    items.append((begin, end))
    return items
