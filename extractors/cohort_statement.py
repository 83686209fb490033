"""The size of the treated cohort when the article states it in so many words: "28 patients were
treated", "we enrolled 74 patients", "the infusion was given to 79 pts", "Seven patients were
enrolled". Only one stated size counts: two different ones (enrolled and infused, two arms) leave
it unknown, and a figure stated in words ("one patient developed grade 1 neurotoxicity") is then
left without a total rather than divided by a guess. Without a statement, an article whose every
"x of N" (three or more) is out of the same N has that cohort. Infused beats enrolled ("97 enrolled ... 79
infused": the figures are the infused patients').
"""
from __future__ import annotations

import re

from evidence.text.quantity import COUNT_OF


_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_N = (r"(?P<n>\d{1,4}|(?:" + "|".join(_TENS) + r")(?:[- ](?:" + "|".join(list(_UNITS)[:9]) + r"))?|"
      + "|".join(sorted(_UNITS, key=len, reverse=True)) + r")")
_WHO = r"(?:[\w/-]+ ){0,4}?(?:patients|pts|children|adults|subjects|participants)"
_INFUSED = r"(?:treated|infused|dosed)"
_WITH = r"(?: with (?:[\w/-]+ ){1,5}?)?"  # "patients with myeloma were treated"
STATEMENTS = (
    ("infused", re.compile(r"\b" + _N + r" " + _WHO + _WITH + r" ?(?:were|had been) " + _INFUSED + r"\b", re.IGNORECASE)),
    ("infused", re.compile(r"\b(?:was|were) (?:given|administered) to " + _N + r" " + _WHO + r"\b", re.IGNORECASE)),
    ("infused", re.compile(r"\b(?:we )?(?:treated|infused) " + _N + r" " + _WHO + r"\b", re.IGNORECASE)),
    ("enrolled", re.compile(r"\b" + _N + r" " + _WHO + _WITH + r" ?(?:were|had been) (?:enrolled|included|studied|analy[sz]ed)\b", re.IGNORECASE)),
    ("enrolled", re.compile(r"\b(?:we )?(?:\w+ly )?(?:enrolled|included|studied|analy[sz]ed|reviewed) (?:a total of )?" + _N + r" " + _WHO + r"\b",
                            re.IGNORECASE)),
)


def stated_cohort(text: str, quantities=()) -> int | None:
    """The one cohort size the article states (infused before enrolled), else the one total of
    every "x of N" of the article when there are three or more and all share N; else None."""
    sizes: dict[str, set] = {"infused": set(), "enrolled": set()}
    for kind, pattern in STATEMENTS:
        for match in pattern.finditer(text):
            word = match.group("n").lower()
            sizes[kind].add(_number(match.group("n")))
    for kind in ("infused", "enrolled"):
        if len(sizes[kind]) == 1:
            return sizes[kind].pop()
        if sizes[kind]:
            return None
    totals = [q.total for q in quantities if q.kind == COUNT_OF and q.total]
    return totals[0] if len(totals) >= 3 and len(set(totals)) == 1 else None


def _number(word: str) -> int:
    """"28" -> 28, "Seven" -> 7, "forty-two" -> 42."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[- ]", word)
    return _TENS.get(parts[0], 0) + sum(_UNITS.get(p, 0) for p in parts[1:]) if parts[0] in _TENS else _UNITS[word]
