"""Lists of values bound, in order, to a list of groups or outcomes.

- "CR in 21% of ALL, 19% of NHL and 21% of CLL. ORR were 21%, 52%, and 33%, respectively." binds
  the ORRs to ALL, NHL, CLL (the enumeration in the same sentence, else the previous one).
- "4, 6 and 33 months for ALL, NHL and CLL, respectively": the groups come after the values.
- "PFS was 4.04 versus 2.27 months, and OS 8.15 versus 3.02 months, for CAR-T and the comparison
  group, respectively": each run of values is one pass through the groups.
- "PFS was 4.04 months with CAR-T and 2.27 months without it; OS was 8.15 and 3.02 months,
  respectively": no groups named, so the values take the populations of the values before.
- "PFS at 6 and 12 months was 40% and 25%, respectively": timepoints.
- "grade 3, grade 2 and grade 1 in three, one and three of the 13 patients, respectively": grades,
  and the last count's total shared by the list.
- "lower after CART-B than after CART-A: 65.5% (40/61) versus 88.5% (54/61)": a pair of values
  joined by "versus" after a pair of groups joined by "than"/"versus", without "respectively".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evidence.text.quantity import COUNT, COUNT_OF, DURATION, NUMBER, PERCENT, SHARE, Quantity
from extractors import mentions

LIST_KINDS = (PERCENT, COUNT_OF, SHARE, COUNT, DURATION, NUMBER)
_GAP = re.compile(r"^[\s,;]*(?:and|or|versus|vs\.?)?[\s,;]*$", re.IGNORECASE)
_TAIL = re.compile(
    r"^\s*(?:patients|people|children|months|days|weeks|years|of patients)?[\s,]*"
    r"(?:(?:for|in|among|with|after|by|of)\s+(?:the\s+)?(?P<enum>[^;]{1,120}?))?[\s,]*$",
    re.IGNORECASE,
)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"\s*(?:,\s*(?:and|or)?|\band\b|\bor\b|\bversus\b|\bvs\.?|\bthan\b)\s*", re.IGNORECASE)
_INFUSION_PAIRS = (
    (re.compile(r"\b(?:first|initial|1st)\s+(?:and|vs\.?|versus|or)\s+(?:the\s+)?(?:second|2nd|subsequent)\b", re.IGNORECASE), (1, 2)),
    (re.compile(r"\b(?:second|2nd)\s+(?:and|vs\.?|versus|or)\s+(?:the\s+)?(?:first|initial|1st)\b", re.IGNORECASE), (2, 1)),
    (re.compile(r"\bCAR-?T-?(?:1|A)\s+(?:and|vs\.?|versus|or)\s+CAR-?T-?(?:2|B)\b", re.IGNORECASE), (1, 2)),
    (re.compile(r"\bCAR-?T-?(?:2|B)\s+(?:and|vs\.?|versus|or)\s+CAR-?T-?(?:1|A)\b", re.IGNORECASE), (2, 1)),
)
_PAIR_JOIN = re.compile(r"^\s*(?:\)|,)?\s*(?:versus|vs\.?|compared (?:to|with))\s*$", re.IGNORECASE)
_GROUP_JOIN = re.compile(r"\b(?:than|versus|vs\.?|compared (?:to|with))\b", re.IGNORECASE)
PARALLEL = "parallel"


@dataclass(frozen=True)
class Binding:
    """What a list says about one of its values."""

    quantity: Quantity
    field: str  # "outcome", "disease", "infusion", "subgroup", "grade", or PARALLEL (label: index)
    label: object


def respectively_bindings(text: str, start: int, end: int, quantities, previous, extra_infusions=()) -> list[Binding]:
    bindings: list[Binding] = []
    for match in _RESPECTIVELY.finditer(text, start, end):
        before = [q for q in quantities if start <= q.start and q.end <= match.start() and q.kind in LIST_KINDS]
        runs, enum = _runs_and_tail(text, before, match.start())
        if not runs:
            continue
        runs = [_shared_list(run) for run in runs]
        k = len(runs[-1])
        if k < 2:
            continue
        if enum:
            items = _items(text, *enum, k, extra_infusions)
            if items:
                for run in runs:
                    if len(run) == k:
                        bindings.extend(_item_bindings(run, items))
                continue
        run = runs[-1]
        labels = _timepoints(text, quantities, start, run[0].start, k) or _enumeration_in(text, start, run[0].start, k, extra_infusions)
        earlier = [q for q in quantities if start <= q.start < run[0].start and q.kind in (PERCENT, COUNT_OF, DURATION, COUNT)]
        if labels is None and len(earlier) >= k:
            bindings.extend(Binding(q, PARALLEL, i) for i, q in enumerate(run))
            bindings.extend(Binding(q, "quantity", None) for q in run)
            continue
        if labels is None and previous:
            labels = _enumeration_in(text, previous[0], previous[1], k, extra_infusions,
                                     allow_outcome=not _has_outcome_between(text, start, run[0].start))
        if labels is None:
            bindings.extend(Binding(q, "quantity", None) for q in run)
            continue
        field, values = labels
        # "ORR and CR were 83% and 54% in one study vs 34% and 12% in the other": each run is one pass
        passes = [r for r in runs if len(r) == k] if field == "outcome" else [run]
        for each in passes:
            bindings.extend(Binding(q, field, v) for q, v in zip(each, values))
    return bindings + _pair_bindings(text, start, end, quantities, extra_infusions, bindings)


def _timepoints(text: str, quantities, a: int, b: int, k: int):
    """"PFS at 6 and 12 months was 40% and 25%, respectively": a list of timepoints."""
    from extractors.binding import is_timepoint, timepoint_months

    found = [q for q in quantities if a <= q.start and q.end <= b and q.kind == DURATION and is_timepoint(text, q)]
    if len(found) < k:
        return None
    tail = found[-k:]
    if all(_GAP.match(text[x.end:y.start]) for x, y in zip(tail, tail[1:])):
        return "timepoint", [timepoint_months(q) for q in tail]
    return None


def _runs_and_tail(text: str, before: list[Quantity], stop: int):
    """The runs of values before "respectively" (last run last), and an enumeration between them and it."""
    if not before:
        return [], None
    last = before[-1]
    tail = _TAIL.match(text[last.end:stop])
    if not tail:
        return [], None
    enum = None
    if tail.group("enum"):
        enum = (last.end + tail.start("enum"), last.end + tail.end("enum"))
    runs: list[list[Quantity]] = [[last]]
    for q in reversed(before[:-1]):
        if _GAP.match(text[q.end:runs[0][0].start]):
            runs[0].insert(0, q)
        elif enum and not re.search(r"[;.]", text[q.end:runs[0][0].start]):
            runs.insert(0, [q])
        else:
            break
    if not enum:
        runs = runs[-1:]
    return [[q for q in run if q.kind != NUMBER] if any(q.kind != NUMBER for q in run) and run[-1].kind not in (PERCENT, COUNT_OF) else run
            for run in runs], enum


def _shared_list(run: list[Quantity]) -> list[Quantity]:
    """"7 and 9%": a bare number in a list that ends with a percent is a percent too; in "three,
    one and three of the 13" the bare numbers are counts of the same 13."""
    last = run[-1]
    fixed = []
    for q in run:
        if q.kind in (NUMBER, COUNT) and q is not last and q.value is not None:
            if last.kind == PERCENT and 0 <= q.value <= 100 and q.kind == NUMBER:
                q = replace(q, kind=PERCENT, percent=q.value, value=q.value / 100, unit="proportion")
            elif last.kind == COUNT_OF and last.total and float(q.value).is_integer() and q.value <= last.total:
                q = replace(q, kind=COUNT_OF, events=int(q.value), total=last.total, value=q.value / last.total, unit="proportion")
        fixed.append(q)
    return fixed


def _items(text: str, a: int, b: int, k: int, extra_infusions):
    """Split "ALL, NHL and CLL" / "CAR-T and the comparison group" into k items, each labelled."""
    pieces, cursor = [], a
    for sep in _ITEM_SPLIT.finditer(text, a, b):
        if sep.start() > cursor:
            pieces.append((cursor, sep.start()))
        cursor = sep.end()
    if cursor < b:
        pieces.append((cursor, b))
    if len(pieces) != k:
        return None
    items = []
    for s, e in pieces:
        fields = {}
        for kind in (mentions.DISEASE, mentions.SUBGROUP, mentions.INFUSION, mentions.OUTCOME):
            found = mentions.find(kind, text, s, e) + ([m for m in extra_infusions if s <= m.start < e] if kind == mentions.INFUSION else [])
            if found:
                fields[kind] = found[0].label
        items.append(fields)
    if not any(items):
        return None
    kinds = {kind for item in items for kind in item}
    if mentions.SUBGROUP in kinds:
        for item in items:
            item.setdefault(mentions.SUBGROUP, "")
    return items


def _item_bindings(run, items):
    out = []
    for q, fields in zip(run, items):
        out.append(Binding(q, "quantity", None))
        for kind, label in fields.items():
            out.append(Binding(q, kind, label))
    return out


def _has_outcome_between(text: str, a: int, b: int) -> bool:
    return bool(mentions.find(mentions.OUTCOME, text, a, b)) and b - a < 400


def _enumeration_in(text: str, a: int, b: int, k: int, extra_infusions=(), allow_outcome: bool = True):
    outcomes = _distinct_tail(mentions.find(mentions.OUTCOME, text, a, b), k)
    if allow_outcome and outcomes and b - outcomes[0].start < 200 and _joined(text, outcomes):
        return "outcome", [m.label for m in outcomes]
    if k == 2:
        for pattern, pair in _INFUSION_PAIRS:
            if list(pattern.finditer(text, a, b)):
                return "infusion", list(pair)
    grades = mentions.find(mentions.GRADE, text, a, b)
    if len(grades) >= k and _joined(text, grades[-k:]) and len({g.start for g in grades[-k:]}) == k:
        return "grade", [g.label for g in grades[-k:]]
    for kind in (mentions.DISEASE, mentions.SUBGROUP, mentions.INFUSION):
        found = mentions.find(kind, text, a, b)
        if kind == mentions.INFUSION:
            found = sorted(found + [m for m in extra_infusions if a <= m.start < b], key=lambda m: m.start)
        tail = _distinct_tail(found, k)
        if tail:
            return kind, [m.label for m in tail]
    return None


def _pair_bindings(text: str, start: int, end: int, quantities, extra_infusions, taken) -> list[Binding]:
    """"less frequent after CART-B than after CART-A: 65.5% (40/61) versus 88.5% (54/61)"."""
    bound = {b.quantity.start for b in taken}
    values = [q for q in quantities if q.kind in (PERCENT, COUNT_OF) and q.start not in bound]
    out: list[Binding] = []
    for first, second in zip(values, values[1:]):
        if not _PAIR_JOIN.match(text[first.end:second.start]):
            continue
        lead = text[start:first.start]
        colon = lead.rfind(":")
        if colon < 0 or lead[colon + 1:].strip():
            continue
        a, b = start, start + colon
        found = sorted(mentions.find(mentions.INFUSION, text, a, b) + [m for m in extra_infusions if a <= m.start < b],
                       key=lambda m: m.start)
        tail = _distinct_tail(found, 2)
        if tail and _GROUP_JOIN.search(text, tail[0].end, tail[1].start):
            out += [Binding(first, "infusion", tail[0].label), Binding(second, "infusion", tail[1].label)]
    return out


def _distinct_tail(found, k: int):
    """The last k mentions with distinct labels, if there are k."""
    tail = []
    for m in reversed(found):
        if m.label in [t.label for t in tail]:
            continue
        tail.insert(0, m)
        if len(tail) == k:
            return tail
    return None


def _joined(text: str, found) -> bool:
    """Mentions that form one enumeration ("CR, PR and SD"), not scattered through a sentence."""
    for left, right in zip(found, found[1:]):
        gap = text[left.end:right.start]
        if len(gap) > 40 or not re.search(r",|\band\b|\bor\b|/", gap):
            return False
    return True
