"""Lists of groups after a colon, each with one value per outcome named before it.

"Overall and complete response rates were as follows: all treated patients (N = 236), 89% and
70%; patients given the conforming product (n = 191), 94% and 74%; and ..., respectively." The
outcomes are named once, before the colon; each item after it (items end at a semicolon) names a
group, then gives as many values as there are outcomes, in the outcomes' order. An item about
everyone ("all patients", "the whole cohort") is the whole cohort; any other item is the group
as the article names it. Items with another number of values are left to the other readers.
"""
from __future__ import annotations

import re

from evidence.text.quantity import COUNT_OF, PERCENT
from extractors.respectively import Binding

_COLON = re.compile(r"[^:;.]{0,60}?:\s*", re.IGNORECASE)
_ITEM_END = re.compile(r";")
_LEAD = re.compile(r"^\s*(?:and\s+|or\s+)?(?:in\s+|among\s+|for\s+)?(?:the\s+)?", re.IGNORECASE)
_WHOLE = re.compile(r"^(?:all|every|overall|the whole|the entire|the full)\b", re.IGNORECASE)
_PEOPLE = re.compile(r"^(?:patients|people|participants|those)\s+(?:who\s+(?:received|were\s+given|were\s+treated\s+with|had)|receiving|given|treated\s+with|with)\s+",
                     re.IGNORECASE)
_VALUE_KINDS = (PERCENT, COUNT_OF)


def item_bindings(text: str, start: int, end: int, quantities, outcomes) -> list[Binding]:
    """Bindings of outcome and group for the values of each item of a list after a colon."""
    named = _outcome_list(text, outcomes, start, end)
    if not named:
        return []
    colon = _COLON.match(text, named[-1].end, end)
    if not colon:
        return []
    k = len(named)
    bindings: list[Binding] = []
    cursor = colon.end()
    while cursor < end:
        stop = _ITEM_END.search(text, cursor, end)
        item_end = stop.start() if stop else end
        values = [q for q in quantities if cursor <= q.start < item_end and q.kind in _VALUE_KINDS]
        first = values[0].start if values else item_end
        label = _group_label(text[cursor:first])
        if len(values) == k and label is not None:
            for q, outcome in zip(values, named):
                bindings += [Binding(q, "quantity", q), Binding(q, "outcome", outcome.label), Binding(q, "subgroup", label)]
        cursor = item_end + 1
    return bindings


def _outcome_list(text: str, outcomes, start: int, end: int) -> list:
    """"Overall and complete response rates": outcome terms joined by "and" or commas, of distinct outcomes."""
    for i, first in enumerate(outcomes):
        run = [first]
        for m in outcomes[i + 1:]:
            if re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)", text[run[-1].end:m.start]) and m.label not in [r.label for r in run]:
                run.append(m)
            else:
                break
        if len(run) >= 2:
            return run
    return []


def _group_label(lead: str) -> str | None:
    """The group an item names before its values: "" for everyone, None when it names none."""
    words = re.sub(r"\([^()]*\)", "", _LEAD.sub("", lead, count=1)).strip(" ,")
    if not re.search(r"[A-Za-z]", words):
        return None
    if _WHOLE.match(words):
        return ""
    return re.sub(r"^(?:the|a|an)\s+", "", _PEOPLE.sub("", words, count=1).strip(), flags=re.IGNORECASE)
