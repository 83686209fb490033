"""An arm's name as the article defines it: "TPLU Group" -> "TPLU Group (transperitoneal
laparoscopic ureterolithotomy)" when the article spells out "transperitoneal laparoscopic
ureterolithotomy (TPLU)". Tables name arms by abbreviations their text defines once; the long form
says which treatment the group had.
"""
from __future__ import annotations

import re
from functools import lru_cache

_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:-[A-Z0-9]+)*\b")


def _is_abbreviation(token: str) -> bool:
    return len(token) >= 2 and sum(c.isupper() for c in token) >= 2 and token.upper() == token


@lru_cache(maxsize=512)
def long_form(abbreviation: str, text: str) -> str:
    """The words the text defines `abbreviation` as ("flexible ureteroscopy (F-URS)"), or ""."""
    letters = [c for c in abbreviation if c.isalpha()]
    if not letters:
        return ""
    for m in re.finditer(rf"\(\s*{re.escape(abbreviation)}\s*\)", text):
        words = re.findall(r"[A-Za-z][\w\-]*", text[max(0, m.start() - 200):m.start()])[-(len(letters) + 2):]
        first = letters[0].lower()
        for i, w in enumerate(words):
            if w[0].lower() == first and w.lower() not in {"the", "a", "an", "to", "of", "and", "or", "in", "with", "for", "by"}:
                found = " ".join(words[i:])
                if len(found) > len(abbreviation) and _spells(letters, found):
                    return found
    return ""


@lru_cache(maxsize=512)
def group_definition(code: str, text: str) -> str:
    """What a lettered group received, as the text defines it: "(Group N, normal saline; Group L, ...)",
    "group B: placebo", "group C = control"."""
    m = re.search(rf"\bgroups?\s+{re.escape(code)}\s*[,:=]\s*(?P<what>[A-Za-z][^;,()\n]{{2,40}}?)\s*[;,)]", text, re.IGNORECASE)
    if m is None or re.search(r"\b(?:groups?|arms?|respectively)\b", m.group("what"), re.IGNORECASE):
        return ""  # "group A, group B and group C": a list of groups, not a definition
    return m.group("what").strip()


def _spells(letters: list[str], long: str) -> bool:
    """Whether the abbreviation's letters appear in the long form in order ("TPLU" in
    "transperitoneal laparoscopic ureterolithotomy"; "GV" is not "gemcitabine")."""
    at = 0
    low = long.lower()
    for c in letters:
        at = low.find(c.lower(), at)
        if at < 0:
            return False
        at += 1
    return True


def describe(name: str, text: str) -> str:
    """The arm's name with the long forms of its abbreviations that the text defines."""
    lettered = re.fullmatch(r"(?i)(?:the\s+)?group\s+(?P<code>[A-Z0-9]{1,3})", name.strip())
    if lettered:
        found = group_definition(lettered.group("code"), text)
        return f"{name} ({found})" if found else name
    extra = []
    for token in _ABBREVIATION.findall(name):
        if _is_abbreviation(token):
            found = long_form(token, text)
            if found and found.lower() not in name.lower():
                extra.append(found)
    return f"{name} ({'; '.join(extra)})" if extra else name
