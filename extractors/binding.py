"""Bind each number in a sentence to what it measures and whom it describes.

For every value (a percent, "x of y", a share, a count, a duration) the nearest outcome term in
its clause says what was measured (nearest to the left first, then to the right, then earlier in
the sentence); the clause's disease, infusion, subgroup and grade terms say whom it describes;
what the clause leaves unsaid comes from the document's context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from evidence.text.quantity import CI, COUNT, COUNT_OF, DURATION, NUMBER, PERCENT, SHARE, Quantity
from extractors import mentions
from extractors.mentions import Mention, RESPONSE_OUTCOMES, SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES
from extractors.segments import Segment

VALUE_KINDS = (PERCENT, COUNT_OF, SHARE, COUNT, DURATION)
MAX_DISTANCE = 160  # characters between a value and the outcome term it belongs to
_TIMEPOINT_BEFORE = re.compile(r"\b(?:at|by|within|after|beyond|over)\s+(?:a\s+)?(?:median\s+)?$", re.IGNORECASE)
_TIMEPOINT_AFTER = re.compile(r"^\s*(?:out|later|after|post|from|since|of follow|follow|landmark)", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"follow[- ]?up|median age|\bage\b|aged|interval|time (?:from|to)|infused|manufactur|years? old", re.IGNORECASE)
_OF_THOSE = re.compile(r"^\s+of\s+(?:those|them|these)\b", re.IGNORECASE)
_ALL_N = re.compile(r"\b(?:all|each of(?: the)?|both)\s*$", re.IGNORECASE)
_MEDIAN = re.compile(r"\bmedian\b|\baverage\b|\bon average\b", re.IGNORECASE)
_PATIENT_NOUN = re.compile(r"^\s*(?:more\s+)?(?:of\s+the\s+)?(?:adult\s+|evaluable\s+)?(?:patients|people|participants|children|adults|cases|subjects)?", re.IGNORECASE)
_ATTACHED_DISEASE = re.compile(r"^[\s,]*(?:\(?\s*)?(?:of|for|in|among|with)?\s*(?:the\s+)?(?:patients\s+with\s+|those\s+with\s+)?$", re.IGNORECASE)
_SAME = re.compile(r"\bsame (?:antigen|target)\b|\bsame[- ]target\b", re.IGNORECASE)
_DIFFERENT = re.compile(r"\bdifferent (?:antigen|target)\b|\bdifferent[- ]target\b|\bnew (?:antigen|target)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Binding:
    """A value and everything the sentence says about it, before it becomes a Figure."""

    quantity: Quantity
    outcome: str
    measure: str
    value: float
    unit: str
    events: int | None = None
    total: int | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    timepoint_months: float | None = None
    grade: str = ""
    disease: str = ""
    infusion: int | None = None
    subgroup: str = ""
    target_relation: str = ""
    flags: tuple[str, ...] = field(default_factory=tuple)


def is_timepoint(text: str, q: Quantity) -> bool:
    """A duration used to say *when* ("2-year OS", "at 12 months", "four years out")."""
    if q.kind != DURATION:
        return False
    return q.timepoint or bool(_TIMEPOINT_BEFORE.search(text[max(0, q.start - 25):q.start])) \
        or bool(_TIMEPOINT_AFTER.match(text[q.end:q.end + 20]))


def choose_outcome(q: Quantity, segment: Segment, sentence: tuple[int, int], found: list[Mention], text: str) -> Mention | None:
    """The outcome term `q` measures: nearest left in its clause, then right, then earlier in the sentence."""
    def fits(m: Mention) -> bool:
        if q.kind == DURATION:
            return m.label in SURVIVAL_OUTCOMES
        return True

    usable = [m for m in found if fits(m) and not (segment.start <= m.start < segment.prefix_end)
              and not (m.start < q.end and m.end > q.start)]
    left = [m for m in usable if segment.start <= m.start and m.end <= q.start]
    right = [m for m in usable if m.start >= q.end and m.end <= segment.end]
    if left:
        best = left[-1]
        if q.start - best.end <= MAX_DISTANCE:
            return best
    if right:
        best = right[0]
        if best.start - q.end <= MAX_DISTANCE:
            return best
    clause_start = _clause_start(text, sentence[0], q.start)
    earlier = [m for m in usable if clause_start <= m.start and m.end <= segment.start and not _in_prefix(m, sentence, text)]
    if earlier and q.start - earlier[-1].end <= 2 * MAX_DISTANCE:
        return earlier[-1]
    return None


def _clause_start(text: str, start: int, end: int) -> int:
    """After the last semicolon outside parentheses: "...(P = .0043); 35 of 40 responders had..."
    starts a new statement that does not inherit the earlier outcome."""
    depth, cut = 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            cut = i + 1
    return cut


def _in_prefix(m: Mention, sentence, text: str) -> bool:
    from extractors.segments import sentence_to_segments

    first = sentence_to_segments(text, sentence[0], sentence[1])[0]
    return first.start <= m.start < first.prefix_end


def nearest(found: list[Mention], q: Quantity, start: int, end: int, within: bool = False) -> Mention | None:
    """The mention in text[start:end] closest to `q`, either side (or inside it, with `within`)."""
    inside = [m for m in found if start <= m.start and m.end <= end
              and (within or m.end <= q.start or m.start >= q.end)]
    if not inside:
        return None
    return min(inside, key=lambda m: q.start - m.end if m.end <= q.start else max(0, m.start - q.end))


def attached_disease(found: list[Mention], q: Quantity, text: str, end: int) -> Mention | None:
    """A disease named right after the value: "21% of ALL patients", "22% for CLL", "4 months in ALL"."""
    for m in found:
        if q.end <= m.start <= min(end, q.end + 45):
            gap = text[q.end:m.start]
            gap = _PATIENT_NOUN.sub("", gap, count=1) if gap.strip().lower().startswith(("patients", "of the")) else gap
            if _ATTACHED_DISEASE.match(gap) or re.match(r"^\s*(?:patients|people|children)?\s*(?:with)?\s*$", gap, re.IGNORECASE):
                return m
            return None
    return None


def grade_near(found_grades: list[Mention], outcome: Mention, segment: Segment) -> str:
    for g in found_grades:
        if segment.start <= g.start < segment.end or abs(g.start - outcome.end) < 40 or abs(outcome.start - g.end) < 40:
            return g.label
    return ""


def relation_in(text: str, start: int, end: int, default: str) -> str:
    clause = text[start:end]
    if _SAME.search(clause) and not _DIFFERENT.search(clause):
        return "same"
    if _DIFFERENT.search(clause) and not _SAME.search(clause):
        return "different"
    return default


def median_cued(text: str, sentence: tuple[int, int]) -> bool:
    return bool(_MEDIAN.search(text, sentence[0], sentence[1]))


def ci_after(q: Quantity, quantities, segment_end: int, text: str) -> tuple[float | None, float | None]:
    """A confidence interval that follows an estimate, in the estimate's scale."""
    for c in quantities:
        if c.kind == CI and c.start >= q.end and c.start - q.end <= 40 and c.start < segment_end + 40:
            low, high = c.low, c.high
            if low is None or high is None:
                return None, None
            if q.kind == DURATION:
                factor = _duration_factor(q, text)
                if c.unit != "months":
                    low, high = low * factor, high * factor
            elif c.unit != "proportion" and high > 1:
                low, high = low / 100, high / 100
            return low, high
        if c.start > q.end + 60:
            break
    return None, None


def _duration_factor(q: Quantity, text: str) -> float:
    number = re.search(r"\d+(?:[.·]\d+)?", q.text)
    if not number or not q.value:
        return 1.0
    raw = float(number.group().replace("·", "."))
    return q.value / raw if raw else 1.0


COMPLEMENTS = {"responders": "non-responders", "non-responders": "responders"}


def is_of_those(q: Quantity, text: str) -> bool:
    return bool(_OF_THOSE.match(text[q.end:q.end + 20]))


def all_n(q: Quantity, text: str) -> bool:
    return q.kind == COUNT and bool(_ALL_N.search(text[max(0, q.start - 12):q.start]))


def total_for_count(events: int, percent: float | None, candidates: list[int]) -> int | None:
    """The first candidate denominator that the printed percent confirms (never a guess)."""
    for total in candidates:
        if total and events <= total and (percent is None or abs(100 * events / total - percent) <= 0.6):
            return total
    return None


def as_count(q: Quantity, text: str) -> Quantity:
    """A whole number written alone ("two of those") read as a count of people."""
    from dataclasses import replace

    if q.kind == NUMBER and q.value is not None and float(q.value).is_integer() and is_of_those(q, text):
        return replace(q, kind=COUNT, events=int(q.value))
    return q


def is_value(q: Quantity, text: str) -> bool:
    if q.kind not in VALUE_KINDS:
        return False
    if q.kind == DURATION:
        if is_timepoint(text, q):
            return False
        if _FOLLOW_UP.search(text[max(0, q.start - 60):q.start]):
            return False
    return True
