"""A cohort of several diseases, as authors list its make-up.

"The cohort included 5 B-cell ALL, 1 T-cell ALL and 1 plasma cell leukemia patients": counts that
add up to the whole cohort, each of a different disease (a different disease word, or the same
word of another cell lineage), make the cohort `mixed` even when one disease dominates the text.
"5 relapsed and 2 refractory ALL" is one disease; "12 DLBCL, 9 HGBL and 1 MCL" are B-cell
lymphomas (the caller's NHL rule decides those).
"""
from __future__ import annotations

import re

from extractors import mentions

_LYMPHOMA_CODES = frozenset({"NHL", "LBCL", "MCL", "FL", "BL", "lymphoma"})
_DISEASE_HEAD = r"(?:leuk(?:a)?emias?|lymphomas?|myelomas?|(?-i:ALL|AML|CLL|NHL|MM|DLBCL|LBCL|MCL|FL|BL))"
_PART = re.compile(r"\b(\d+)\s+((?:[\w-]+\s+){0,4}?" + _DISEASE_HEAD + r")(?![\w-])", re.IGNORECASE)
_LINEAGE = re.compile(r"\b(B|T|NK|plasma|myeloid|lymphoid)(?:[- ]cell\b|-(?=[A-Z]))", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.;]+")


def listed_as_mixed(text: str, sizes: set[int]) -> bool:
    """Whether one sentence splits a group of the stated `sizes` (numbers of patients) into several diseases."""
    if not sizes:
        return False
    for chunk in _SENTENCE.finditer(mentions.flat(text)):
        parts = list(_PART.finditer(chunk.group()))
        if len(parts) < 2 or sum(int(p.group(1)) for p in parts) not in sizes:
            continue
        kinds = {_kind(p.group(2)) for p in parts}
        if len(kinds) > 1 and not all(code in _LYMPHOMA_CODES for code, _ in kinds):
            return True
    return False


def _kind(phrase: str) -> tuple[str, str]:
    """A disease as (code, lineage): ("ALL", "b"), ("ALL", "t"), ("leukemia", "plasma")."""
    found = mentions.find(mentions.DISEASE, phrase)
    code = found[0].label if found else phrase.split()[-1].lower().rstrip("s")
    lineage = _LINEAGE.search(phrase)
    return code, lineage.group(1).lower() if lineage else ""
