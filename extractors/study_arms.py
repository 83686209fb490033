"""Studies named as the groups a sentence compares: "83% in ZUMA-like-1 vs 34% in OTHER-2".

An article that sets a CAR-T study against a historical or external cohort often names each
group by its study ("... in STUDY-1 vs ... in STUDY-2"). A study name (capitals, a hyphen, a
number: "ABCD-1") is an arm when the article says what its patients received: every sentence
naming only that study and a therapy names a CAR-T (then it is a CAR-T arm) or only a
comparator therapy (then it is a comparator arm). A study named with both, or with neither, is
no arm: its figures keep the other cues.
"""
from __future__ import annotations

import re
from functools import lru_cache

from extractors.arms import Arm
from extractors.mentions import flat
from extractors.vocabulary import arms as vocab

_STUDY = re.compile(r"\b(?-i:[A-Z][A-Za-z]*[A-Z][A-Za-z]*-\d{1,3})\b(?!-)")
_NOT_A_STUDY = re.compile(r"^(?:COVID|SARS|CD|IL|HLA|CTCAE|ECOG)\b", re.IGNORECASE)
_CAR_T = re.compile(vocab.CAR_T_ARM, re.IGNORECASE)
_COMPARATOR = re.compile(vocab.COMPARATOR_ARM, re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+")


@lru_cache(maxsize=8)
def study_kinds(text: str) -> dict[str, bool]:
    """{study name: True for a CAR-T study, False for a comparator cohort}, for the studies the text tells apart."""
    seen: dict[str, set] = {}
    for sentence in _SENTENCE.finditer(flat(text)):
        chunk = sentence.group()
        names = {m.group() for m in _STUDY.finditer(chunk) if not _NOT_A_STUDY.match(m.group())}
        if len(names) != 1:
            continue
        name = names.pop()
        car_t, comparator = bool(_CAR_T.search(chunk)), bool(_COMPARATOR.search(chunk))
        if car_t != comparator:
            seen.setdefault(name, set()).add(car_t)
    return {name: kinds.pop() for name, kinds in seen.items() if len(kinds) == 1}


def study_arms_in(text: str, start: int, end: int) -> list[Arm]:
    """The study names of text[start:end] that are arms, as `Arm`s: only in an article that sets a
    CAR-T study against a comparator cohort (a single study's name is just where its figures come from)."""
    if not study_pair(text):
        return []
    kinds = study_kinds(text)
    return [Arm(m.group(), kinds[m.group()], start + m.start(), start + m.end())
            for m in _STUDY.finditer(flat(text[start:end])) if m.group() in kinds]


def study_pair(text: str) -> tuple[Arm, ...]:
    """A CAR-T study and a comparator cohort the article names, when it names one of each: () otherwise."""
    kinds = study_kinds(text)
    car_t = [n for n, k in kinds.items() if k]
    other = [n for n, k in kinds.items() if not k]
    if len(car_t) == 1 and len(other) == 1:
        return Arm(car_t[0], True, -1, -1), Arm(other[0], False, -1, -1)
    return ()
