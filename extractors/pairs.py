"""Values listed together in one sentence, settled after each value was read on its own.

- "The 6- and 12-month PFS were 69% and 59%": a list of timepoints, one per rate.
- "24-month EFS/OS rates were 53.2% / 55.5%": slash-joined values take slash-joined outcomes.
- "Median DOR and PFS were 36.5 and 25.3 months in cohort 1": two outcomes joined by "and", two
  values joined by "and", no "respectively"; a group named right after the pair is both values'.
- Two different values of one outcome for what reads as one group: at least one belongs to a
  group the sentence's cues did not tell apart, so both are flagged `uncertain`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from extractors.mentions import RESPONSE_OUTCOMES, SURVIVAL_OUTCOMES


_TIMEPOINT_LIST = re.compile(r"\b(\d+)(?:-|\s)?\s*(?:,\s*(\d+)-?\s*)?,?\s*(?:and|or)\s+(\d+)[- ]?(months?|years?|mo)\b", re.IGNORECASE)


def timepoint_lists(text: str, span, figures: list[Figure]) -> list[Figure]:
    """"The 6- and 12-month PFS were 69% and 59%": the rates that follow a list of timepoints take
    them in order, when there are as many rates of one outcome as timepoints."""
    match = _TIMEPOINT_LIST.search(text, span[0], span[1])
    if not match:
        return figures
    unit = 12.0 if match.group(4).lower().startswith("year") else 1.0
    points = [float(g) * unit for g in match.groups()[:3] if g]
    rates = sorted((f for f in figures if f.start >= match.end() and f.measure == "rate_at"), key=lambda f: f.start)
    if len(rates) != len(points) or len({f.outcome for f in rates}) != 1:
        return figures
    timed = {id(f): t for f, t in zip(rates, points)}
    return [replace(f, timepoint_months=timed[id(f)]) if id(f) in timed else f for f in figures]


def same_population_twice(figures: list[Figure]) -> list[Figure]:
    """Two different values of one outcome for what reads as one population in one sentence: at
    least one of them belongs to a group the sentence's cues did not tell apart. Both are flagged."""
    def key(f: Figure) -> tuple:
        return (f.outcome, f.outcome_text, f.measure, f.timepoint_months, f.grade, f.subgroup, f.arm,
                f.infusion, f.disease, f.target_relation)

    values: dict = {}
    for f in figures:
        values.setdefault(key(f), []).append(f.value)

    def differ(vs: list, measure: str) -> bool:  # "11 of 15 ... or 73%" is one figure said twice
        tolerance = 0.006 if measure != "median" else 0.02 * max(abs(v) for v in vs)
        return max(vs) - min(vs) > tolerance

    return [f.with_flags("uncertain") if differ(values[key(f)], f.measure) else f for f in figures]


_AND_OUTCOMES = re.compile(r"\s*(?:\([^()]*\)\s*)?,?\s*and\s+(?:the\s+)?(?:median\s+)?$", re.IGNORECASE)
_AND_VALUES = re.compile(r"\s*(?:%|months?)?\s*(?:\([^()]*\))?\s*,?\s*and\s+$", re.IGNORECASE)
_PAIR_TAIL = re.compile(r"\s*(?:%|months?)?\s*(?:\([^()]*\))?\s*(?:in|for|among)\s+(?:the\s+)?", re.IGNORECASE)
_LINK_VERB = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:rates?\s+)?(?:were|was|of|:)\s*$", re.IGNORECASE)


def and_pairs(text: str, outcomes: list, groups: list, figures: list[Figure]) -> list[Figure]:
    """"Median DOR and PFS were 36.5 months and 25.3 months": two outcomes joined by "and", then two
    values joined by "and", with no "respectively": the values take the outcomes in order (only
    when both had been read as the same outcome). A group named right after the pair ("... and
    25.3 months (95% CI ...) in cohort 1") is both values' group."""
    named = [(a, b) for a, b in zip(outcomes, outcomes[1:]) if _AND_OUTCOMES.fullmatch(text[a.end:b.start])]
    if not named:
        return figures
    ordered = sorted(figures, key=lambda f: f.start)
    relabel = {}
    for f, g in zip(ordered, ordered[1:]):
        if f.outcome != g.outcome or f.measure != g.measure or not _AND_VALUES.fullmatch(text[f.end:g.start]):
            continue
        for a, b in named:
            if b.end <= f.start and _LINK_VERB.match(text[b.end:f.start]) and a.label != b.label \
                    and a.label in SURVIVAL_OUTCOMES | RESPONSE_OUTCOMES and b.label in SURVIVAL_OUTCOMES | RESPONSE_OUTCOMES:
                tail = _PAIR_TAIL.match(text, g.end)
                group = next((m.label for m in groups if tail and m.start <= tail.end() < m.end and m.start >= g.end), None)
                relabel[id(f)], relabel[id(g)] = (a.label, group), (b.label, group)
    result = []
    for f in figures:
        if id(f) in relabel:
            outcome, group = relabel[id(f)]
            f = replace(f, outcome=outcome, subgroup=group or f.subgroup)
        result.append(f)
    return result


def slash_pairs(text: str, outcomes: list, figures: list[Figure]) -> list[Figure]:
    """"24-month EFS/OS of 53.2%/55.5%": values joined by a slash take the slash-joined outcomes in order."""
    named = [(a, b) for a, b in zip(outcomes, outcomes[1:]) if re.fullmatch(r"\s*/\s*", text[a.end:b.start])]
    if not named:
        return figures
    ordered = sorted(figures, key=lambda f: f.start)
    relabel = {}
    for f, g in zip(ordered, ordered[1:]):
        if re.fullmatch(r"\s*/\s*", text[f.end:g.start]) and f.measure == g.measure:
            a, b = max((p for p in named if p[1].end <= f.start), key=lambda p: p[1].end, default=(None, None))
            if a is not None and a.label in SURVIVAL_OUTCOMES | RESPONSE_OUTCOMES and b.label in SURVIVAL_OUTCOMES | RESPONSE_OUTCOMES:
                relabel[id(f)], relabel[id(g)] = a.label, b.label
    return [replace(f, outcome=relabel[id(f)]) if id(f) in relabel else f for f in figures]
