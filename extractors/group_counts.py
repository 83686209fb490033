"""Counts of patients with another clinical outcome, over a group the article defined with its size.

Authors count an event among a group they sized a sentence or a clause before:
- a named group: "31 achieved CR (CR group), 14 achieved PR (PR group)", then "18 died (5 deaths in
  CR group, 5 in PR group and ...)": 5 of the 31, 5 of the 14;
- a partition: "Among 58 evaluable patients, ...", then "25 patients were alive, 18 died and 15
  were censored": the top-level counts add up to the 58, so 18 is of the 58;
- the clause before: "eight were not bridged to transplant, and six (75%) remained in remission":
  the printed percent confirms that the six are of the eight;
- the bracket of a figure: "36.5 months (95% CI ...; n = 60; with 17 patients in ongoing
  response) ... in cohort 1": the n of the figure's group is the total of the count beside it.
A total is taken only where the text makes it exact (a sum, a confirming percent, a printed size);
only `OTHER` outcomes are read here. Each reading is an override of the sentence's quantity
(a count "x of N"), with its group as `subgroup` where the group is narrower than the cohort.
"""
from __future__ import annotations

import re

from evidence.text.quantity import COUNT, N_EQUALS, NUMBER, PERCENT, Quantity
from extractors.binding import bracket_depth, total_for_count
from extractors.cohort_counts import counts_people, has_the_outcome

GROUP_TOTAL = "group_total"  # the override's key: the count's total is a group the text sized
_GROUP_NAME = r"[A-Za-z][\w/+-]*(?: [\w/+-]+){0,3}?"
_DEFINED = re.compile(r"(?<![\d.,])\b(?P<n>\d+)\b[^,;()\d]{0,60}?\((?P<name>" + _GROUP_NAME + r") (?:group|arm|cohort)\)", re.IGNORECASE)
_IN_GROUP = re.compile(r"\s*(?:[a-z]+\s+)?(?:in|among|of)\s+(?:the\s+)?(?P<name>" + _GROUP_NAME + r")\s+(?:group|arm|cohort)\b", re.IGNORECASE)
_INCLUDING = re.compile(r"\b(?:including|of whom|of which|of them|with)\s*$", re.IGNORECASE)
_CLAUSE_THEN_BRACKET = re.compile(r"\s+(?P<what>[a-z][^,;()]{2,80}?)\s*\(\s*$", re.IGNORECASE)
_AFTERWARDS = re.compile(r"\s*(?:thereafter|subsequently|afterwards|later)?\s*\)", re.IGNORECASE)
_GROUP_CLAUSE = re.compile(r"\s*(?:patients\s+|pts\s+)?(?:were|was|had|did)\s+(?P<what>[^,;()]{3,60}?)\s*,\s*(?:and\s+|while\s+|of whom\s+)?$", re.IGNORECASE)


def defined_groups(text: str) -> tuple[tuple[str, int], ...]:
    """Groups the article names with their size ("31 achieved CR (CR group)"): (name, n), the name
    in lower case; a name given two sizes is left out."""
    sizes: dict[str, set] = {}
    for m in _DEFINED.finditer(text):
        sizes.setdefault(m.group("name").lower(), set()).add(int(m.group("n")))
    return tuple((name, ns.pop()) for name, ns in sizes.items() if len(ns) == 1)


def _count_value(q) -> int | None:
    if q.kind == COUNT and q.events is not None:
        return q.events
    if q.kind == NUMBER and q.value is not None and float(q.value).is_integer() and "." not in q.text:
        return int(q.value)
    return None


def _other_after(text: str, q, outcomes):
    """The OTHER outcome the count's own words say its people had (inside "5 deaths" or right after)."""
    inside = [m for m in outcomes if q.start <= m.start < q.end]
    after = [m for m in outcomes if m.start >= q.end]
    mention = inside[0] if inside else after[0] if after and has_the_outcome(text, q, after[0]) else None
    return mention if mention is not None and mention.label.startswith("OTHER:") else None


def _override(q, events: int, total: int, mention, subgroup: str | None = None) -> dict:
    # a percent-kind reading with its counts: its total is not the running total of the sentence's later counts
    counted = Quantity(PERCENT, q.start, q.end, q.text, value=events / total, events=events, total=total, words=q.words)
    entry = {"quantity": counted, "outcome": mention.label, GROUP_TOTAL: total}
    if subgroup is not None:
        entry["subgroup"] = subgroup
    return entry


def group_overrides(text: str, span, quantities, outcomes, subgroups, groups, group_totals, prefix_end: int) -> dict:
    """{start: override} for the counts of one sentence whose total is a group the article sized:
    its named `groups`, or one of `group_totals` (the previous sentence's group, the stated cohort)
    that the sentence's counts add up to."""
    out = {}
    out.update(_named(text, quantities, outcomes, groups))
    out.update({k: v for k, v in _partition(text, span, quantities, outcomes, group_totals, prefix_end).items() if k not in out})
    out.update({k: v for k, v in _clause_before(text, quantities, outcomes, group_totals, subgroups).items() if k not in out})
    out.update({k: v for k, v in _bracket_n(text, span, quantities, outcomes, subgroups).items() if k not in out})
    out.update({k: v for k, v in _bracket_after_clause(text, quantities, outcomes, group_totals).items() if k not in out})
    return out


def _named(text: str, quantities, outcomes, groups) -> dict:
    """"(5 deaths in CR group, 5 in PR group and 8 in Non-responder group)": each count of its group;
    a count with no outcome words of its own takes the one of the list it continues."""
    sizes = dict(groups)
    out, last = {}, None
    for q in quantities:
        n = _count_value(q)
        match = _IN_GROUP.match(text, q.end) if n is not None else None
        if match is None or match.group("name").lower() not in sizes:
            continue
        total = sizes[match.group("name").lower()]
        mention = _other_after(text, q, outcomes)
        if mention is None and last is not None and re.fullmatch(r"[\s,]*(?:and\s+)?", text[last[0]:q.start]):
            mention = last[1]
        if mention is None or n > total:
            last = None
            continue
        out[q.start] = _override(q, n, total, mention, f"{match.group('name')} group")
        last = (match.end(), mention)
    return out


def _partition(text: str, span, quantities, outcomes, group_totals, prefix_end: int) -> dict:
    """Top-level counts of a sentence (none in its leading "Of 30 responders, ...", inside brackets or
    after "including") that add up to a group sized just before: each is of that group."""
    s, _ = span
    if prefix_end > s:
        return {}  # the sentence sizes its own group
    top = [q for q in quantities if q.kind == COUNT and q.events and bracket_depth(text, s, q.start) == 0
           and not _INCLUDING.search(text, max(s, q.start - 12), q.start)]
    totals = [t for t in group_totals if t]
    if len(top) < 2 or sum(q.events for q in top) not in totals:
        return {}
    total = sum(q.events for q in top)
    out = {}
    for q in top:
        mention = _other_after(text, q, outcomes)
        if mention is not None:
            out[q.start] = _override(q, q.events, total, mention)
    return out


def _clause_before(text: str, quantities, outcomes, group_totals, subgroups=()) -> dict:
    """"eight were not bridged to transplant, and six (75%) remained in remission": a count whose
    printed percent confirms the group counted in the clause before it (a clause that names no
    outcome), and no larger group the text sized. The group is the vocabulary's name of a subgroup
    the clause states, else the clause's own words."""
    out = {}
    others = [t for t in group_totals if t]
    for before, q in zip(quantities, quantities[1:]):
        n = _count_value(before)
        if n is None or q.events is None or q.percent is None or q.kind not in (COUNT, PERCENT):
            continue
        clause = _GROUP_CLAUSE.fullmatch(text, before.end, q.start)
        mention = _other_after(text, q, outcomes)
        if clause is None or mention is None or total_for_count(q.events, q.percent, [n]) != n:
            continue
        if any(before.end <= m.start < q.start for m in outcomes) or total_for_count(q.events, q.percent, [t for t in others if t != n]):
            continue
        named = next((m.label for m in subgroups if before.end <= m.start < q.start), None)
        out[q.start] = _override(q, q.events, n, mention, None if n in others else named or _group_label(clause.group("what")) or None)
    return out


def _group_label(what: str) -> str | None:
    """The words that say who the group is ("were not bridged to transplant" -> "not bridged to
    transplant"); None for the words that size a cohort ("were infused", "were enrolled")."""
    if _COHORT_WORDS.match(what.strip()):
        return None
    return re.sub(r"^(?:were|was|had|did)\s+", "", what.strip(), flags=re.IGNORECASE)


_COHORT_WORDS = re.compile(r"(?:(?:were|was)\s+)?(?:enrolled|included|recruited|treated|infused|evaluable|evaluated|randomi[sz]ed|assigned|analy[sz]ed)\b",
                           re.IGNORECASE)


def _bracket_n(text: str, span, quantities, outcomes, subgroups) -> dict:
    """"36.5 months (95% CI ...; n = 60; with 17 patients in ongoing response) ... in cohort 1": a
    count after the "n =" of the same bracket is of that n; its group is the one named right after
    the bracket (no group named: nothing is read)."""
    s, e = span
    out = {}
    for n_q, q in zip(quantities, quantities[1:]):
        if n_q.kind != N_EQUALS or not n_q.total or q.kind != COUNT or q.events is None or q.events > n_q.total:
            continue
        if not re.fullmatch(r"\s*[;,]\s*(?:with\s+|of whom\s+|including\s+)?", text[n_q.end:q.start]) or bracket_depth(text, s, q.start) == 0:
            continue
        close = text.find(")", q.end, e)
        mention = _other_after(text, q, outcomes)
        group = next((m for m in subgroups if m.start >= close), None) if close > 0 else None
        between = re.sub(r"\([^()]*\)", "", text[close + 1:group.start]) if group is not None else ""
        if mention is None or group is None or re.search(r"[;()]", between) or len(between) > 60:
            continue
        out[q.start] = _override(q, q.events, n_q.total, mention, group.label)
    return out


def _bracket_after_clause(text: str, quantities, outcomes, group_totals) -> dict:
    """"Nineteen pts relapsed before further therapy (13 pts died thereafter)": a count of people,
    what they did, then a bracket that counts some of them with an OTHER outcome."""
    out = {}
    for before, q in zip(quantities, quantities[1:]):
        n = before.events if before.kind == COUNT and counts_people(before, text) else None
        clause = _CLAUSE_THEN_BRACKET.fullmatch(text, before.end, q.start) if n else None
        mention = _other_after(text, q, outcomes) if clause else None
        if mention is None or not counts_people(q, text) or q.events >= n:
            continue
        if any(before.end <= m.start < q.start for m in outcomes if m.label.startswith("OTHER:")) or not _AFTERWARDS.match(text, mention.end):
            continue
        out[q.start] = _override(q, q.events, n, mention, None if n in group_totals else _group_label(clause.group("what")))
    return out
