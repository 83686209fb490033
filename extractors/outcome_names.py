"""An outcome's own short name, lightly normalised, for `outcome_text` of an OTHER row.

"Serious adverse events, n (%)" -> "serious adverse events"; "Deaths^a" -> "death";
"Grade 3/4 IVH" -> "grade 3/4 IVH" (abbreviations keep their case); "Nausea" under the section
"Late time (2-24 h)" -> "nausea, late time (2-24 h)".
"""
from __future__ import annotations

import re

_MARKERS = re.compile(r"\^[A-Za-z0-9,]{1,4}|[*\u2020\u2021\u00a7\u00b6#\u00a4\u2122\u00ae]+|\s\^\s*$")
_FORMAT = re.compile(r",?\s*(?:\(?\s*(?:n|no\.?|number)\s*(?:/\s*N\s*)?\(\s*%\s*\)\s*\)?|\(\s*%\s*\)|,\s*%|\bn\s*/\s*N\b)\s*", re.IGNORECASE)
_TRAILING = re.compile(r"[\s,;:.]+$|\s+(?:incidence|n)$", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:the\s+)?(?:number|no\.|proportion|percentage|rate|incidence)\s+of\s+(?:patients\s+)?(?:with\s+)?|patients\s+with\s+)", re.IGNORECASE)


def _word(word: str) -> str:
    if sum(c.isupper() for c in word) >= 2 or re.search(r"\d", word):
        return word  # "IVH", "TEAE", "CGI-I", "3/4"
    return word.lower()


def _singular(text: str) -> str:
    """The last word's plural made singular where English makes it plainly ("deaths" -> "death",
    "infections" -> "infection"); a phrase of events stays as written ("serious adverse events")."""
    if re.search(r"\b(?:events|effects|reactions|outcomes)$", text, re.IGNORECASE):
        return text
    if re.search(r"[a-z]{2,}(?:th|ion|ure|ch)s$", text) and not re.search(r"\d\s*\S+$", text):
        return text[:-1]
    return text


def outcome_text(label: str, section: str = "") -> str:
    """The short name of the outcome a row label names, with its section when it adds to it."""
    name = _name(label)
    if section:
        extra = _name(section)
        if extra and extra.lower() not in name.lower():
            name = f"{extra}, {name}" if _TIME.search(name) else f"{name}, {extra}"
    return name


# a row label that is a time, not an outcome: the section names the outcome ("Readmission" / "Within 30 days")
_TIME = re.compile(r"^(?:within|at|after|before|by|during|early|late|first|day|week|month)\b|^\d+\s*(?:-\s*\d+\s*)?(?:days?|weeks?|months?|h|hours?)\b",
                   re.IGNORECASE)


def _name(text: str) -> str:
    text = _MARKERS.sub("", text)
    text = _FORMAT.sub(" ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = _LEADING.sub("", text)
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", text).strip()
    text = " ".join(_word(w) for w in text.split(" "))
    return _singular(text)
