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
from evidence.text.words import TENS, UNITS, words_to_number


_UNITS = {word: value for word, value in UNITS.items() if value}  # "zero patients" sizes no cohort
_N = (r"(?P<n>\d{1,4}|(?:" + "|".join(TENS) + r")(?:[- ](?:" + "|".join(w for w, v in _UNITS.items() if v < 10) + r"))?|"
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
            n = match.group("n")
            sizes[kind].add(int(n) if n.isdigit() else words_to_number(n))
    for kind in ("infused", "enrolled"):
        if len(sizes[kind]) == 1:
            return sizes[kind].pop()
        if sizes[kind]:
            return None
    totals = [q.total for q in quantities if q.kind == COUNT_OF and q.total]
    return totals[0] if len(totals) >= 3 and len(set(totals)) == 1 else None
