"""The grade of an other outcome named in a list after one grade word.

"The most common grade >=3 adverse events were neutropenia (80%), anemia (50%) and
thrombocytopenia (40%)": the grade leads the list, so every listed outcome with its value in
brackets is of that grade, not only the first. A list broken by a clause, a semicolon or a value
outside brackets is not read this way.
"""
from __future__ import annotations

import re

# the grade word's noun and verb before the list: "grade >=3 AEs were", "grade 3-4 toxicities included", "grade >=3:"
_LEAD = re.compile(r"\s*(?:treatment-(?:emergent|related)\s+)?(?:hematologic(?:al)?\s+|non-hematologic(?:al)?\s+)?"
                   r"(?:adverse\s+events?|AEs?|TEAEs?|toxicit(?:y|ies)|events?|cytopenias?)?\s*(?:\([A-Za-z]+\)\s*)?"
                   r"(?:were|was|included|including|comprised|such\s+as|:)\s*", re.IGNORECASE)
# one listed outcome with its value: "neutropenia (80%), "
_ITEM = re.compile(r"[A-Za-z][^;:()%\d]{0,60}?\(\s*(?:\d+\s*,?\s*)?[\d.·]+\s*%\s*\)\s*(?:,\s*(?:and\s+)?|and\s+)", re.IGNORECASE)


def list_grade(text: str, grades, outcome, sentence_start: int) -> str:
    """">=3" (or the grade word's label) when `outcome` is in a valued list that one grade word
    leads; "" otherwise."""
    for g in reversed([g for g in grades if sentence_start <= g.start and g.end <= outcome.start and g.label in (">=3", "any")]):
        lead = _LEAD.match(text, g.end, outcome.start)
        if lead is None:
            continue
        at = lead.end()
        while at < outcome.start:
            item = _ITEM.match(text, at, outcome.start)
            if item is None:
                break
            at = item.end()
        if at == outcome.start:
            return g.label
    return ""
