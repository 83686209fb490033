"""Find vocabulary terms in text: outcomes, diseases, infusions, subgroups, grades, targets.

The vocabularies are data (extractors/vocabulary); this module compiles them once and returns
`Mention`s with document offsets. Overlapping matches of one kind keep the longest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.vocabulary import population, relapse, response, survival, toxicity

OUTCOME = "outcome"
DISEASE = "disease"
INFUSION = "infusion"
SUBGROUP = "subgroup"
GRADE = "grade"

SURVIVAL_OUTCOMES = frozenset({"DOR", "PFS", "OS", "RFS", "EFS", "LFS"})
TOXICITY_OUTCOMES = frozenset({"CRS", "ICANS"})
RESPONSE_OUTCOMES = frozenset({"CR", "ORR", "PR", "SD", "PD", "NR", "MRD_NEG"})


@dataclass(frozen=True)
class Mention:
    kind: str
    label: object  # outcome code, disease code, infusion number, subgroup label, grade
    start: int
    end: int
    lay: bool = False


def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=None)
def _compiled():
    return {
        OUTCOME: [(label, _compile(p), False) for label, p in
                  response.RESPONSE_TERMS + survival.SURVIVAL_TERMS + toxicity.TOXICITY_TERMS + relapse.RELAPSE_TERMS]
        + [(label, _compile(p), True) for label, p in response.LAY_RESPONSE_TERMS + survival.LAY_SURVIVAL_TERMS],
        DISEASE: [(label, _compile(p), False) for label, p in population.DISEASE_TERMS],
        INFUSION: [(label, _compile(p), False) for label, p in population.INFUSION_TERMS],
        SUBGROUP: [(label, _compile(p), False) for label, p in population.SUBGROUP_TERMS],
        GRADE: [(label, _compile(p), False) for label, p in toxicity.GRADE_TERMS],
    }


def find(kind: str, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Mentions of `kind` in text[start:end], longest first among overlaps, in text order."""
    end = len(text) if end is None else end
    found = []
    for label, pattern, lay in _compiled()[kind]:
        for match in pattern.finditer(text, start, end):
            if match.end() > match.start():
                found.append(Mention(kind, label, match.start(), match.end(), lay))
    found.sort(key=lambda m: (-(m.end - m.start), m.start))
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= k.start or mention.start >= k.end for k in kept):
            kept.append(mention)
    if kind == DISEASE:
        kept = [m for m in kept if not _shouting(text, m)]
    return sorted(kept, key=lambda m: m.start)


def _shouting(text: str, mention: Mention) -> bool:
    """An upper-case abbreviation inside an all-capitals heading ("HOPE FOR ALL") is not a disease."""
    word = text[mention.start:mention.end]
    if not word.isupper() or len(word) > 5:
        return False
    before = re.findall(r"[A-Za-z]+", text[max(0, mention.start - 30):mention.start])[-1:]
    after = re.findall(r"[A-Za-z]+", text[mention.end:mention.end + 30])[:1]
    neighbours = [w for w in before + after if w not in _DISEASE_ABBREVIATIONS]
    return bool(neighbours) and all(w.isupper() and len(w) >= 3 for w in neighbours)


_DISEASE_ABBREVIATIONS = {"ALL", "CLL", "NHL", "LBCL", "DLBCL", "MCL", "FL", "BL", "MM", "B"}


def find_all(text: str, start: int, end: int) -> dict[str, list[Mention]]:
    return {kind: find(kind, text, start, end) for kind in (OUTCOME, DISEASE, INFUSION, SUBGROUP, GRADE)}
