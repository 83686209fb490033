"""Two values set against each other, with the groups the sentence names for them:

- one grouping at two levels: "(51% in score high vs. 77% in score low)", "40% in bulky disease
  versus 62% in non-bulky disease": the names differ in one word, so both are subgroups of the
  cohort (a trial against a historical control, "in ZUMA-1 vs in SCHOLAR-1", is not one of these);
- "than" a comparator: "achieved a higher response rate than other salvage treatments (8/27 vs.
  2/34)": the second value is the comparator's, named by the subgroup vocabulary.

Only figures with no arm and no subgroup yet are changed (or a comparator that the nearest-term
reading gave the first value of a "than" pair); the pair's "uncertain" flag (an
unnamed pair) is dropped once the sentence has named both sides.
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from extractors import mentions, restatements

_VS = r"\s*(?:vs\.?|versus|compared (?:with|to))\s*"
_GROUP = r"(?P<{}>[A-Za-z][\w+/-]*(?: [\w+/-]+){{0,3}}?)"
_LEVEL_PAIR = re.compile(r"\s+in\s+(?:the\s+)?" + _GROUP.format("a") + r"\s*(?:,\s*)?" + _VS + r"$", re.IGNORECASE)
_SECOND = re.compile(r"\s+in\s+(?:the\s+)?" + _GROUP.format("b") + r"\s*(?=[,;)]|$)", re.IGNORECASE)
_THAN = re.compile(r"\bthan\s+(?:those\s+|patients\s+)?(?:receiving\s+|given\s+|on\s+|with\s+)?", re.IGNORECASE)


def contrast_pairs(text: str, span, figures: list[Figure]) -> list[Figure]:
    """The sentence's figures, pairs of values set against each other bound to their groups."""
    ordered = sorted(figures, key=lambda f: f.start)
    changed = {}
    for first, second in zip(ordered, ordered[1:]):
        if first.arm or second.arm or second.subgroup or first.outcome != second.outcome or first.subgroup not in ("", "comparator"):
            continue
        pair = (_levels(text, span, first, second) if not first.subgroup else None) or _than(text, span, first, second)
        if pair:
            changed[id(first)], changed[id(second)] = pair
    return [changed.get(id(f), f) for f in figures]


def _levels(text: str, span, first: Figure, second: Figure):
    head = _LEVEL_PAIR.match(text, first.end, second.start)
    tail = _SECOND.match(text, second.end, span[1])
    if head is None or tail is None:
        return None
    a, b = head.group("a").split(), tail.group("b").split()
    if len(a) != len(b) or sum(x.lower() != y.lower() for x, y in zip(a, b)) != 1:
        return None  # not one grouping at two levels
    return _named(first, " ".join(a)), _named(second, " ".join(b))


def _than(text: str, span, first: Figure, second: Figure):
    if not re.fullmatch(_VS, text[first.end:second.start], re.IGNORECASE):
        return None
    than = list(_THAN.finditer(text, span[0], first.start))
    if not than:
        return None
    after = than[-1].end()
    groups = [m for m in mentions.find(mentions.SUBGROUP, text, after, first.start) if m.start - after <= 3]
    if len(groups) != 1 or groups[0].label != "comparator":
        return None
    # the comparator named after "than" was bound to the nearer, first value: the first is the subject's
    first = replace(first, subgroup="", infusion=second.infusion, target=second.target, target_relation=second.target_relation)
    return _plain(first), restatements.no_infusion(replace(_plain(second), subgroup="comparator"))


def _named(f: Figure, group: str) -> Figure:
    return replace(_plain(f), subgroup=group)


def _plain(f: Figure) -> Figure:
    """The figure without the "uncertain" of an unnamed pair."""
    return replace(f, flags=";".join(x for x in f.flags.split(";") if x and x != "uncertain"))
