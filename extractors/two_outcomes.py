"""One statement, two figures: "6 of 7 achieved MRD-negative complete remission" says that 6 of 7
were MRD-negative and that 6 of 7 were in complete remission. The CR line is added only when the
sentence gives no CR figure of its own ("CR 73%, MRD-negative CR 68%": the CR rate is stated).
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure

_MRD_NEGATIVE_CR = re.compile(r"[^.;,]{0,40}?\b(?:MRD|minimal residual disease|measurable residual disease)[-–\s]*negative\s+"
                              r"(?:complete (?:remission|response)|CR)\b", re.IGNORECASE)


def mrd_negative_cr(text: str, figures: list[Figure]) -> list[Figure]:
    """`figures` with a CR figure beside each MRD-negative one stated as "MRD-negative CR"."""
    if any(f.outcome == "CR" for f in figures):
        return figures
    added = [replace(f, outcome="CR") for f in figures
             if f.outcome == "MRD_NEG" and f.measure == "proportion" and _MRD_NEGATIVE_CR.match(text, f.end)]
    return figures + added
