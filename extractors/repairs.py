"""Readings of the number layer that outcome extraction needs differently, mended in one place.

- A hard-wrapped line that starts with "(33.3%)" continues the sentence before it ("antigen-dim
  in 7\n(33.3%)"): the two sentences are one, and "7 (33.3%)" is a count with its percent.
- "54 of the same 61", "five of\nsix", "none of\nthe eight" are counts out of the second number.
- "every one of the five" is all five, not one of five.
- "about one in five patients (20%)" is a share: the five is not a count of events.
- A bare whole number is a count of people when it is the subject or object of an outcome
  ("11 went into complete remission", "three had a partial response", "reached grade 4 in one",
  "two of those").
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.text.quantity import COUNT, COUNT_OF, NUMBER, PERCENT, Quantity

_CONTINUES = re.compile(r"\(\s*\d")
_FINAL = re.compile(r"[.!?:]\s*$")
_EVERY = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)
_ONE_IN = re.compile(r"\b(?:one|1)\s+in\s+$", re.IGNORECASE)
_OF_THOSE = re.compile(r"^\s+of\s+(?:those|them|these)\b", re.IGNORECASE)
_SUBJECT = re.compile(
    r"^\s+(?:more\s+|others?\s+|other\s+patients\s+|patients\s+|people\s+|children\s+)?(?:(?:also|later|then|still|again)\s+)?"
    r"(?:had|has|have|with|achieved|attained|reached|obtained|went|were|was|developed|experienced|responded|relapsed|"
    r"showed|remained|got|entered|progressed|died|did)\b", re.IGNORECASE)
_OBJECT_BEFORE = re.compile(r"\bin\s+(?:only\s+|just\s+)?$", re.IGNORECASE)
_OBJECT_AFTER = re.compile(r"^\s*(?:[;,.)]|$|(?:more\s+)?(?:patients?|persons?|people|children|adults|cases)\b|and\b)", re.IGNORECASE)
_NOT_A_COUNT_BEFORE = re.compile(r"(?:grade|CD|day|days|cycle|phase|level|dose|step|P\s*[=<>]|×|x|\^)\s*$", re.IGNORECASE)
MAX_COUNT = 10000


def merge_sentences(text: str, sentences) -> list[tuple[int, int]]:
    """Join a sentence that starts "(12.5%" to the one before it when that one has no final stop."""
    merged: list[tuple[int, int]] = []
    for s, e in sentences:
        if merged and _CONTINUES.match(text, s) and not _FINAL.search(text[merged[-1][0]:merged[-1][1]]):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def repair_quantities(text: str, quantities, start: int | None = None, end: int | None = None) -> list[Quantity]:
    quantities = _join_count_and_percent(text, list(quantities))
    quantities = _join_of_the_same(text, quantities)
    quantities = _none_of(text, quantities)
    if start is not None:
        quantities = sorted(quantities + _uncounted_words(text, start, end, quantities), key=lambda q: q.start)
    return [_repair(text, q) for q in quantities]


_WORD_COUNTS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_IN_WORD = re.compile(r"\bin\s+(?P<n>one|two|three|four|five|six|seven|eight|nine|ten)\b(?=\s*(?:[;,.)]|$|(?:more\s+)?(?:patients?|persons?|people|children|adults|cases)\b))",
                      re.IGNORECASE)


_NO_PATIENT = re.compile(r"\b(?P<n>no|none of the)\s+(?:other\s+)?(?:patients?|persons?|people|children|adults|participants)\b(?!\s+(?:with|who|whose|in)\b)", re.IGNORECASE)


def _uncounted_words(text: str, start: int, end: int, quantities) -> list[Quantity]:
    """"reached grade 4 in one;", "No patient had grade 3 CRS": counts the number layer left unread."""
    found = []
    for match in _NO_PATIENT.finditer(text, start, end):
        a, b = match.span()
        if not any(q.start < b and q.end > a for q in quantities):
            found.append(Quantity(kind=COUNT, start=a, end=b, text=text[a:b], value=0.0, events=0, unit="count", words=True))
    for match in _IN_WORD.finditer(text, start, end):
        a, b = match.span("n")
        if any(q.start <= a < q.end for q in quantities):
            continue
        n = _WORD_COUNTS[match.group("n").lower()]
        found.append(Quantity(kind=COUNT, start=a, end=b, text=text[a:b], value=float(n), events=n, unit="count", words=True))
    return found


_OF_THE_SAME = re.compile(r"\s+of\s+(?:the\s+)?(?:same|original|initial|very same)\s+|\s*of(?:\s+the)?\s*\n\s*|\s*\n\s*of(?:\s+the)?\s+", re.IGNORECASE)


_NONE_OF = re.compile(r"\b(?:none|no one|nobody|zero)\s+of\s+(?:the\s+|these\s+|those\s+)?$", re.IGNORECASE)


def _none_of(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"none of\n  the eight children": zero out of eight, across a line break."""
    out = []
    for q in quantities:
        match = _NONE_OF.search(text, max(0, q.start - 30), q.start) if q.kind in (COUNT, NUMBER) and _whole(q) and q.value else None
        if match:
            total = int(q.value)
            q = replace(q, kind=COUNT_OF, start=match.start(), text=text[match.start():q.end], events=0, total=total,
                        value=0.0, unit="proportion")
        out.append(q)
    return out


def _join_of_the_same(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"54 of the same 61", "five of\nsix" -> one count out of the second number."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == NUMBER and q.kind in (NUMBER, COUNT) and _whole(prev) and _whole(q)
                and 0 < q.value and prev.value <= q.value and _OF_THE_SAME.fullmatch(text[prev.end:q.start])):
            out[-1] = replace(prev, kind=COUNT_OF, end=q.end, text=text[prev.start:q.end], events=int(prev.value),
                              total=int(q.value), value=prev.value / q.value, unit="proportion")
            continue
        out.append(q)
    return out


def _join_count_and_percent(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"7" + "\n(33.3%)" -> one percent with 7 events."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if (prev is not None and q.kind == PERCENT and q.events is None and prev.kind == NUMBER and _whole(prev)
                and re.fullmatch(r"\s*\(\s*", text[prev.end:q.start]) and text[prev.end:q.start].count("\n") == 1):
            end = q.end + 1 if text[q.end:q.end + 1] == ")" else q.end
            out[-1] = replace(q, start=prev.start, end=end, text=text[prev.start:end], events=int(prev.value))
            continue
        out.append(q)
    return out


def _repair(text: str, q: Quantity) -> Quantity:
    before = text[max(0, q.start - 12):q.start]
    if q.kind == COUNT_OF and q.events == 1 and q.total and _EVERY.search(before):
        return replace(q, events=q.total, value=1.0)
    if q.kind == PERCENT and q.events is not None and _ONE_IN.search(text[max(0, q.start - 10):q.start]):
        return replace(q, events=None)
    if q.kind == NUMBER and is_count(text, q):
        return replace(q, kind=COUNT, events=int(q.value))
    return q


def _whole(q: Quantity) -> bool:
    return q.value is not None and float(q.value).is_integer() and 0 <= q.value < MAX_COUNT


def is_count(text: str, q: Quantity) -> bool:
    """A bare whole number used as a number of people."""
    if not _whole(q) or q.comparator or not q.text[:1].isalnum() or q.text[:1].isalpha() and not q.words:
        return False
    if _NOT_A_COUNT_BEFORE.search(text[max(0, q.start - 8):q.start]):
        return False
    after = text[q.end:q.end + 60]
    if _OF_THOSE.match(after) or _SUBJECT.match(after):
        return True
    if re.match(r"\s+an?\s+[A-Za-z]", after) and re.search(r"\band\s+$", text[max(0, q.start - 6):q.start]):
        return True  # "9 had a CR and 8 a PR"
    return bool(_OBJECT_BEFORE.search(text[max(0, q.start - 12):q.start]) and _OBJECT_AFTER.match(after))


def is_of_those(q: Quantity, text: str) -> bool:
    return bool(_OF_THOSE.match(text[q.end:q.end + 20]))
