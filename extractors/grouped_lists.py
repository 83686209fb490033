"""Lists of groups whose groups come after their values, one per `;`-separated item: "Median
DOR and PFS were 36 and 25 months in cohort 1; and 57 and 29 months in cohort 2". (Lists whose
groups come first, after a colon, are `colon_lists`'.)
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from evidence.text.quantity import DURATION, PERCENT
from extractors import binding, mentions, restatements


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


_LIST_MARKS = re.compile(r"[;()\[\]]")


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The `;`-separated items of a list, outside parentheses."""
    items, depth, begin = [], 0, start
    for mark in _LIST_MARKS.finditer(text, start, end):  # the characters that matter, not every one
        ch, i = mark.group(), mark.start()
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == ";" and depth == 0:
            items.append((begin, i))
            begin = i + 1
    items.append((begin, end))
    return items
