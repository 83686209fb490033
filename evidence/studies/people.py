"""Who wrote or ran a study, as far as a text says: first authors and other named investigators.

Surnames only (reports spell given names differently: "Gauthier J", "Jordan Gauthier", "Dr.
Gauthier"). A first author is one listed first in an author list ("Gauthier J, Bezerra ED, ...",
"Pan J et al.", metadata authors) or written "Surname et al."; everyone else named as an
investigator is a person. A reporter's byline ("By Susan Keown") is neither.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_SURNAME = r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+|'[A-Z][a-z]+)?"
# "Shah NN" but not "Nirali N" of "Nirali N. Shah"
_AUTHOR = rf"{_SURNAME} (?:[A-Z]{{2,3}}\b|[A-Z]\b(?!\.\s?[A-Z][a-z]))"
# "Gauthier J, Bezerra ED, ..., Turtle CJ" / "Fry TJ, Shah NN, Orentas RJ et al." / "Pan J et al."
AUTHOR_LIST = re.compile(
    rf"(?<![\w-])({_AUTHOR}(?:,\s*(?:\.\.\.,\s*|…,\s*)?{_AUTHOR})*)(,?\s+et al\b)?"
)
# the same list for display, to its end ("..., Turtle CJ"), shortened to "Gauthier J et al."
CITED_AUTHORS = re.compile(rf"(?<![\w-])({_SURNAME} [A-Z]{{1,3}})((?:,\s*(?:\.\.\.|…|{_SURNAME} [A-Z]{{1,3}}\b)){{2,}})(?:,?\s+et al\b\.?)?")
ET_AL = re.compile(rf"\b({_SURNAME}) et al\b")
TITLED = re.compile(rf"\b(?:Dr|Prof|Professor)\.?\s+(?:{_SURNAME}\s+)?({_SURNAME})\b")
DEGREE = re.compile(rf"\b{_SURNAME}\s+(?:[A-Z]\.\s+)?({_SURNAME}),?\s+(?:MD|PhD|MBBS|DPhil|MDCM)\b")
GROUP = re.compile(
    rf"\b(?:team|group|investigators|researchers|authors)\s+(?:including|led by)\s+"
    rf"({_SURNAME}(?:(?:,\s*|,?\s+and\s+){_SURNAME})*)"
)
COLLEAGUES = re.compile(rf"\b({_SURNAME}(?:,\s*{_SURNAME})*(?:,?\s+and\s+{_SURNAME})?)\s+and colleagues\b")
SPEECH = re.compile(rf"\b({_SURNAME})\s+(?:said|says|explained|cautioned|added|commented)\b")
# a line of full names: "Elizabeth M. Holland, Bonnie Yates, Seth M. Steinberg, ..."
_FULL_NAME = rf"(?:[A-Z][a-z]+ |[A-Z]\. ){{1,3}}{_SURNAME}\*?"
FULL_NAME_LIST = re.compile(rf"^\s*((?:{_FULL_NAME},\s+){{2,}}{_FULL_NAME})\s*$", re.MULTILINE)
BYLINE = re.compile(r"^\s*(?:[^\n]{0,40}\s)?[Bb]y ([A-Z][a-z]+(?: [A-Z]\.)? ([A-Z][a-z]+))\s*$", re.MULTILINE)

# capitalised words that are not surnames
NOT_NAMES = frozenset("""
He She They It This That These Those The A An We Our Their His Her Its Here There Then When What
Who Which Doctors Researchers Patients Results Methods Background Conclusions Source Study Trial
Blood Leukemia Cancer Clinical Research Center Centre Institute University Society Journal
Front Nat Med Transplant Cell Ther Clin Oncol Adv Advances Frontiers Nature Medicine Oncology
Children Adults Lymphoma Leukaemia Hematology Haematology Fred Hutch News Health Oncology Wire
Acute Chronic Overall Complete Median Table Figure Fig Supplementary Grade Phase Seven Five Four
Three Two One Six But And However Also Yet Still Higher Severe Refractory Executive Receptor Eight Nine Ten Eleven Twelve Thirteen Nineteen Sixteen Fourteen Thirty Forty
""".split())


@dataclass(frozen=True)
class Names:
    """Surnames a text gives: first authors, everyone named, and bylines."""

    first_authors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    bylines: tuple[str, ...] = ()


def surname(author: str) -> str:
    """ "Gauthier J" -> "Gauthier"; "van der Berg AB" -> "Berg"; "Jordan Gauthier" -> "Gauthier"."""
    parts = [p for p in author.replace(",", " ").split() if p]
    words = [p for p in parts if not re.fullmatch(r"[A-Z]{1,3}\.?", p)]
    return words[-1] if words else (parts[0] if parts else "")


def _ok(name: str) -> bool:
    return bool(re.fullmatch(_SURNAME, name)) and name not in NOT_NAMES


def _split_names(run: str) -> list[str]:
    return [n for n in re.split(r",\s*|,?\s+and\s+", run) if n]


def text_to_names(text: str, authors: tuple[str, ...] = ()) -> Names:
    """First authors and named people from metadata authors and the text."""
    first: list[str] = []
    people: list[str] = []
    bylines = [m.group(2) for m in BYLINE.finditer(text)]
    listed = [n for n in (surname(a) for a in authors) if _ok(n)]
    first.extend(listed[:1])
    people.extend(listed)
    for match in AUTHOR_LIST.finditer(text):
        names = [surname(a) for a in re.split(r",\s*(?:\.\.\.,\s*|…,\s*)?", match.group(1)) if a]
        names = [n for n in names if _ok(n)]
        if not names:
            continue
        if len(names) >= 2 or match.group(2):  # a lone "Surname XX" may be "Severe CRS"
            first.append(names[0])
            people.extend(names)
    for match in FULL_NAME_LIST.finditer(text):
        names = [surname(n.strip(" *")) for n in match.group(1).split(",")]
        names = [n for n in names if _ok(n)]
        first.extend(names[:1])
        people.extend(names)
    for match in ET_AL.finditer(text):
        if _ok(match.group(1)):
            first.append(match.group(1))
    for pattern in (TITLED, DEGREE, SPEECH):
        people.extend(m.group(1) for m in pattern.finditer(text) if _ok(m.group(1)))
    for pattern in (GROUP, COLLEAGUES):
        for match in pattern.finditer(text):
            people.extend(n for n in _split_names(match.group(1)) if _ok(n))
    people = [p for p in people if p not in bylines]
    first = [f for f in first if f not in bylines]
    return Names(tuple(dict.fromkeys(first)), tuple(dict.fromkeys(first + people)), tuple(dict.fromkeys(bylines)))
