"""'Respectively' lists: a run of values bound, in order, to an enumeration named earlier.

"CR in 21% of ALL, 19% of NHL and 21% of CLL patients. ORR were 21%, 52%, and 33%,
respectively." binds the ORRs to ALL, NHL, CLL; "rates of CRS (7 and 9%, respectively)" after
"between the first and second doses" binds 7% to the first infusion and 9% to the second. The
enumeration is looked for before the list in the same sentence, then in the previous sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evidence.text.quantity import COUNT, COUNT_OF, DURATION, NUMBER, PERCENT, SHARE, Quantity
from extractors import mentions

LIST_KINDS = (PERCENT, COUNT_OF, SHARE, COUNT, DURATION, NUMBER)
_GAP = re.compile(r"^[\s,;]*(?:and|or)?[\s,;]*$", re.IGNORECASE)
_RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)
_INFUSION_PAIRS = (
    (re.compile(r"\b(?:first|initial|1st)\s+(?:and|vs\.?|versus|or)\s+(?:the\s+)?(?:second|2nd|subsequent)\b", re.IGNORECASE), (1, 2)),
    (re.compile(r"\b(?:second|2nd)\s+(?:and|vs\.?|versus|or)\s+(?:the\s+)?(?:first|initial|1st)\b", re.IGNORECASE), (2, 1)),
    (re.compile(r"\bCAR-?T-?(?:1|A)\s+(?:and|vs\.?|versus|or)\s+CAR-?T-?(?:2|B)\b", re.IGNORECASE), (1, 2)),
    (re.compile(r"\bCAR-?T-?(?:2|B)\s+(?:and|vs\.?|versus|or)\s+CAR-?T-?(?:1|A)\b", re.IGNORECASE), (2, 1)),
)


@dataclass(frozen=True)
class Binding:
    """What a 'respectively' list says about one of its values."""

    quantity: Quantity
    field: str  # "outcome", "disease", "infusion", "subgroup"
    label: object


def respectively_bindings(text: str, start: int, end: int, quantities, previous: tuple[int, int] | None) -> list[Binding]:
    bindings = []
    for match in _RESPECTIVELY.finditer(text, start, end):
        run = _value_run(text, [q for q in quantities if q.end <= match.start() and q.kind in LIST_KINDS], match.start())
        if len(run) < 2:
            continue
        run = _percent_list(run)
        labels = _enumeration(text, start, run[0].start, len(run), previous)
        if labels is None:
            continue
        field, values = labels
        bindings.extend(Binding(q, field, v) for q, v in zip(run, values))
    return bindings


def _value_run(text: str, before: list[Quantity], stop: int) -> list[Quantity]:
    run: list[Quantity] = []
    cursor = stop
    for q in reversed(before):
        if not _GAP.match(text[q.end:cursor]):
            break
        run.insert(0, q)
        cursor = q.start
    return run


def _percent_list(run: list[Quantity]) -> list[Quantity]:
    """"7 and 9%": a bare number in a list that ends with a percent is a percent too."""
    if run[-1].kind != PERCENT:
        return [q for q in run if q.kind != NUMBER] if any(q.kind != NUMBER for q in run) else run
    fixed = []
    for q in run:
        if q.kind == NUMBER and q.value is not None and 0 <= q.value <= 100:
            q = replace(q, kind=PERCENT, percent=q.value, value=q.value / 100, unit="proportion")
        fixed.append(q)
    return fixed


def _enumeration(text: str, start: int, run_start: int, k: int, previous):
    spans = [(start, run_start)]
    if previous:
        spans.append(previous)
    for a, b in spans:
        found = _enumeration_in(text, a, b, k)
        if found:
            return found
    return None


def _enumeration_in(text: str, a: int, b: int, k: int):
    outcomes = _distinct_tail(mentions.find(mentions.OUTCOME, text, a, b), k, text)
    if outcomes and b - outcomes[0].start < 200 and a == a:
        if _joined(text, outcomes):
            return "outcome", [m.label for m in outcomes]
    if k == 2:
        for pattern, pair in _INFUSION_PAIRS:
            if list(pattern.finditer(text, a, b)):
                return "infusion", list(pair)
    for kind in (mentions.DISEASE, mentions.SUBGROUP, mentions.INFUSION):
        found = _distinct_tail(mentions.find(kind, text, a, b), k, text)
        if found:
            return kind, [m.label for m in found]
    return None


def _distinct_tail(found, k: int, text: str):
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
