"""Events and totals of a proportion, never invented: a total is printed with the value ("40 of
61", "70.5% of all 34 enrolled patients", "(34 patients)"), confirmed by a printed percent
("11 (73%)" after "Of the 15 patients"), or the explicitly referenced group: the N of a leading
"Of N patients, ...", the people of "two of those", the whole of "all 5", or the total an
earlier count of the same sentence printed ("Seven of 13 responded, four with CR and three
with PR"; "18 of 19 had CRS, grade 4 in one").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.text.quantity import COUNT, COUNT_OF, DURATION, N_EQUALS, PERCENT, SHARE, Quantity
from extractors import checks
from extractors.binding import total_for_count

VALUE_KINDS = (PERCENT, COUNT_OF, SHARE, COUNT, DURATION)
_ALL_N = re.compile(r"\b(?:all|each of(?: the)?|both|every one of(?: the)?)\s*$", re.IGNORECASE)
# "all three of these adverse events", "both types": kinds of event, not people
_OF_KINDS = re.compile(r"\s+(?:of\s+(?:these|those|the)\s+)?(?:\w+\s+)?(?:events?|types?|kinds?|items?|symptoms?|reactions?|effects?|measures?)\b", re.IGNORECASE)
_OF_N = re.compile(r"^\s*of\s+(?:all\s+|the\s+)?(?:\d+|[a-z-]+)\s+(?:\w+\s+)?(?:patients|people|participants|children|adults|subjects)\b", re.IGNORECASE)
_N_PATIENTS = re.compile(r"^\s*\(\s*(?:n\s*=\s*)?\d+\s*(?:patients|people|participants|children|adults|subjects)?\s*\)", re.IGNORECASE)
_QUALIFIED = re.compile(r"\s+(?:with|who|whose|in)\b", re.IGNORECASE)
_OF_THOSE = re.compile(r"^\s+of\s+(?:those|them|these)\b", re.IGNORECASE)
_LAY_PEOPLE = re.compile(r"^\S+\s+(?:people|persons?|children|adults|of them)\b", re.IGNORECASE)
_PATIENT_COUNT = re.compile(r"\s*(?:adult |evaluable |pediatric |paediatric |young )?(?:patients|people|participants|children|adults|subjects|relapses|cases)\b$|"
                            r"\s*(?:adult |evaluable |pediatric |paediatric |young )?(?:patients|people|participants|children|adults|subjects|relapses|cases)\b(?=\W)", re.IGNORECASE)


@dataclass
class Tally:
    """What the sentence has counted so far, for the counts that follow ("four with CR")."""

    prefix_totals: tuple[int, ...] = ()
    running_total: int | None = None
    of_those_total: int | None = None  # the group "those"/"them" refers to (the previous sentence's)
    patient_counts: tuple[int, ...] = ()  # "21 patients" stated in the sentence


def sentence_tally(text: str, quantities, prefix_totals, of_those_total) -> Tally:
    counts = []
    for q in quantities:
        if q.kind == COUNT and q.events and (_PATIENT_COUNT.match(text, q.end) or _PATIENT_COUNT.search(q.text)):
            counts.append(q.events)
        elif q.kind == N_EQUALS and q.total:
            counts.append(q.total)
    return Tally(prefix_totals=tuple(t for t in prefix_totals if t), of_those_total=of_those_total,
                 patient_counts=tuple(counts))


def counts_of(q: Quantity, text: str, tally: Tally, quantities, cohort_n: int | None, lay: bool):
    """(events, total, value, flags) of a proportion; value None when it cannot be known."""
    flags: list[str] = []
    if q.kind == COUNT_OF and q.total:
        if q.percent is not None and checks.percent_mismatch(q.events, q.total, q.percent):
            flags.append("percent_mismatch")
        tally.running_total = q.total
        return q.events, q.total, q.events / q.total, flags
    if q.kind in (PERCENT, SHARE) and q.events is not None and q.total:
        return q.events, q.total, q.events / q.total, flags
    if q.kind == SHARE or (q.kind == PERCENT and q.events is None):
        stated = stated_total(q, text)
        if stated and q.value and stated * q.value < 0.5:
            return stated, None, q.value, flags  # "2.1% (n = 1)": not even one of 1; the n is who had it
        return None, stated, q.value, flags
    if q.kind in (COUNT, PERCENT) and q.events is not None:
        return _count(q, text, tally, quantities, cohort_n, lay)
    return None, None, None, flags


def is_of_those(q: Quantity, text: str) -> bool:
    """"two of those", "13 of them": a count of the group an earlier sentence named."""
    return bool(_OF_THOSE.match(text[q.end:q.end + 20]))


def stated_total(q: Quantity, text: str) -> int | None:
    """"70.5% of all 34 enrolled patients", "70.5% (34 patients)": the total printed with a percent."""
    after = text[q.end:q.end + 50]
    match = _OF_N.match(after) or _N_PATIENTS.match(after)
    if not match:
        return None
    number = re.search(r"\d+", match.group())
    return int(number.group()) if number else None


def _count(q: Quantity, text: str, tally: Tally, quantities, cohort_n, lay):
    """A count's total: the whole of "all N"; the group of "of those"; a prefix, a patient count of
    the sentence or the cohort when the printed percent confirms it; the sentence's running total."""
    events = q.events
    percent = q.percent if q.percent is not None else _percent_after(q, text, quantities)
    if q.kind == COUNT and _ALL_N.search(text[max(0, q.start - 16):q.start]) and not _OF_KINDS.match(text, q.end):
        return events, events, 1.0, []
    if is_of_those(q, text) and tally.of_those_total and events <= tally.of_those_total:
        tally.running_total = tally.of_those_total
        return events, tally.of_those_total, events / tally.of_those_total, []
    candidates = list(tally.prefix_totals)
    if percent is not None:
        candidates += list(tally.patient_counts) + ([cohort_n] if cohort_n else [])
    if tally.running_total:
        candidates.append(tally.running_total)
    total = total_for_count(events, percent, candidates)
    if total:
        return events, total, events / total, []
    if percent is not None:
        return events, None, percent / 100, []
    if events == 0 and q.words and re.match(r"(?:no|none)\b", q.text, re.IGNORECASE):
        if cohort_n and not _QUALIFIED.match(text, q.end):
            return 0, cohort_n, 0.0, ["total_from_cohort"]  # "No patient had grade >=3 CRS"
        return None, None, None, []  # "No patient with CD19-negative disease ...": a group not counted
    people = _LAY_PEOPLE.search(q.text + text[q.end:q.end + 12]) and not text[max(0, q.start - 2):q.start].strip().endswith("(")
    if cohort_n and (lay or people) and events < cohort_n:
        return events, cohort_n, events / cohort_n, ["total_from_cohort"]  # lay writing counts people of the cohort
    return None, None, None, []


def _percent_after(q: Quantity, text: str, quantities) -> float | None:
    """"11 went into complete remission, or 73%": a percent that restates the count."""
    for p in quantities:
        if p.kind == PERCENT and p.events is None and p.start > q.end and p.start - q.end <= 60:
            between = text[q.end:p.start]
            if re.search(r",\s*or\s*$|\(\s*$", between) and not re.search(r"\d", between):
                return p.percent
    return None
