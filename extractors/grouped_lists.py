"""Lists of groups, each with its own values, after a colon: "Overall and complete response rates
were as follows: all treated patients (n = 90), 80% and 60%; patients given the target dose
(n = 70), 85% and 64%; and ..., respectively." Each group (a `;`-separated item) gives one value per
outcome named before the colon, in order. A group of "all" patients is the whole cohort; any other
is a subgroup named as the article names it (its "(n = N)" left out). The groups may also
come after the values, one per item ("... in cohort 1; and x and y in cohort 2").
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from evidence.text.quantity import DURATION, PERCENT
from extractors import binding, mentions, restatements

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


def trailing_group_figures(text: str, span, quantities, figures: list[Figure]) -> list[Figure]:
    """"Median DOR and PFS were 36 and 25 months in cohort 1; and 57 and 29 months in cohort 2":
    `;`-separated items with the same number of values, each ending with its own group (a term of
    the subgroup vocabulary). The first item's own reading gives each position its outcome; the
    later items' values take those outcomes with their own group. [] when it is not such a list."""
    s, e = span
    items = _items(text, s, e)
    if len(items) < 2:
        return []
    inside = _parenthesised(text, s, e)
    values = [q for q in quantities if binding.is_value(q, text) and not inside(q.start)]
    per_item = [[q for q in values if a <= q.start < b] for a, b in items]
    k = len(per_item[0])
    if k < 1 or any(len(own) != k for own in per_item):
        return []
    groups = []
    for i, ((a, b), own) in enumerate(zip(items, per_item)):
        found = mentions.find(mentions.SUBGROUP, text, own[-1].end, b)
        if len(found) != 1 or [m for m in mentions.find(mentions.OUTCOME, text, own[0].start if i == 0 else a, b) if not inside(m.start)]:
            return []  # a group of its own, and no outcome named again (a new statement)
        groups.append(found[0].label)
    first = {f.start: f for f in figures}
    models = [first.get(q.start) for q in per_item[0]]
    if any(m is None or m.subgroup != groups[0] for m in models):
        return []
    added = []
    for own, group in zip(per_item[1:], groups[1:]):
        for model, q in zip(models, own):
            if q.kind != (DURATION if model.measure == "median" else PERCENT):
                return []
            ci_low, ci_high = binding.ci_after(q, quantities, e, text)
            added.append(restatements.no_infusion(replace(
                model, value=float(q.value), events=None, total=None, ci_low=ci_low, ci_high=ci_high,
                subgroup=group, start=q.start, end=q.end)))
    return added


def _parenthesised(text: str, start: int, end: int):
    """A test of whether an offset lies inside parentheses ("(95% CI ...; n = 12; with 3 in CR)")."""
    depth, inside = 0, set()
    for i in range(start, end):
        depth += text[i] == "("
        depth -= text[i] == ")" and depth > 0
        if depth:
            inside.add(i)
    return inside.__contains__


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
