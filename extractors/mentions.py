"""Find vocabulary terms in text: outcomes, diseases, infusions, subgroups, grades.

The vocabularies are data (extractors/vocabulary); this module compiles them once and returns
`Mention`s with document offsets. Overlapping matches of one kind keep the longest. Line breaks
and runs of spaces match a space of a pattern (hard-wrapped text). A pattern with a group named "term" ("the cancers of eight
patients (?P<term>had disappeared)") is a mention of that group only: the rest is context. A subgroup label with "{name}" is a template: the named
group of the same name becomes its text (`template_to_label`).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from extractors.literals import folded_window, may_match, required_literals
from extractors.vocabulary import other, population, relapse, response, subgroups, survival, toxicity

OUTCOME = "outcome"
DISEASE = "disease"
INFUSION = "infusion"
SUBGROUP = "subgroup"
GRADE = "grade"
KINDS = (OUTCOME, DISEASE, INFUSION, SUBGROUP, GRADE)

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
    return re.compile(any_spacing(pattern), re.IGNORECASE)


def any_spacing(pattern: str) -> str:
    """A vocabulary pattern whose spaces match any run of white space ("complete\\n  remission")."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
        elif ch == "\\":
            out.append(ch)
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
            out.append(ch)
        elif ch == "]" and in_class:
            in_class = False
            out.append(ch)
        elif ch == " ":
            out.append(r"\s" if in_class else r"\s+")
        else:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=None)
def _compiled():
    return {
        OUTCOME: [(label, _compile(p), False) for label, p in
                  response.RESPONSE_TERMS + survival.SURVIVAL_TERMS + toxicity.TOXICITY_TERMS + relapse.RELAPSE_TERMS
                  + other.OTHER_TERMS]
        + [(label, _compile(p), True) for label, p in
           response.LAY_RESPONSE_TERMS + survival.LAY_SURVIVAL_TERMS + toxicity.LAY_TOXICITY_TERMS],
        DISEASE: [(label, _compile(p), False) for label, p in population.DISEASE_TERMS],
        INFUSION: [(label, _compile(p), False) for label, p in population.INFUSION_TERMS],
        SUBGROUP: [(label, _compile(p), False) for label, p in subgroups.SUBGROUP_TERMS],
        GRADE: [(label, _compile(p), False) for label, p in toxicity.GRADE_TERMS],
    }


@lru_cache(maxsize=None)
def _anchors(kind: str) -> list:
    """Per pattern of `kind`, the words it cannot match without (extractors/literals.py), or None."""
    return [required_literals(pattern) for _, pattern, _ in _compiled()[kind]]


_SPACES = re.compile(r"[\n\r\t\f\v]")
# how far before `start` a search may look (a lookbehind such as "(?<!never\s)", or a "\b"):
# `find` flattens only text[start - LOOKBEHIND:end], so its cost is the span's, not the
# document's; tests/test_vocabulary.py checks that no pattern looks further back
LOOKBEHIND = 32


def flat(text: str) -> str:
    """The text with every line break as a space (same length, same offsets)."""
    return _SPACES.sub(" ", text)


def find(kind: str, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
    """Mentions of `kind` in text[start:end], longest first among overlaps, in text order."""
    end = len(text) if end is None else end
    origin = max(0, start - LOOKBEHIND)
    window = flat(text[origin:end])  # what a search from `start` can see, flattened
    # a pattern none of whose words is in the searched part is not searched (the words are part
    # of a match, never of a lookbehind, so the part before `start` cannot hold them)
    folded = folded_window(window[max(0, start - origin):])
    found = []
    for (label, pattern, lay), anchors in zip(_compiled()[kind], _anchors(kind)):
        if not may_match(anchors, folded):
            continue
        for match in pattern.finditer(window, start - origin):
            if match.end() > match.start():
                name = template_to_label(label, match) if isinstance(label, str) and "{" in label else label
                a, b = match.span("term") if "term" in pattern.groupindex and match.group("term") else match.span()
                if name:
                    found.append(Mention(kind, name, origin + a, origin + b, lay))
    kept = longest_first(found)
    if kind == DISEASE:
        kept = [m for m in kept if not _shouting(text, m)]
    return kept


def longest_first(found: list[Mention]) -> list[Mention]:
    """The mentions that overlap no longer (or, as long, earlier) one, in text order."""
    starts: list[int] = []  # of the mentions kept so far, sorted; they do not overlap, so
    kept: list[Mention] = []  # their ends are sorted too
    for mention in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        i = bisect_left(starts, mention.end)  # kept[:i] start before this one ends
        if i and kept[i - 1].end > mention.start:
            continue
        starts.insert(i, mention.start)
        kept.insert(i, mention)
    return kept


def find_all(text: str, start: int, end: int) -> dict[str, list[Mention]]:
    return {kind: find(kind, text, start, end) for kind in KINDS}


# --- template labels -------------------------------------------------------------------------

def template_to_label(template: str, match: re.Match) -> str:
    parts = {name: _RESOLVERS[name](value) for name, value in match.groupdict().items() if value and name in _RESOLVERS}
    if any(v is None for v in parts.values()):
        return ""
    try:
        return template.format(**parts)
    except KeyError:
        return ""


def response_code(text: str) -> str | None:
    """"a partial response" -> "PR"; "stable disease" -> "SD"; "no response" -> "NR"."""
    codes = [m.label for m in find(OUTCOME, text)]
    for code in codes:
        if code in ("CR", "PR", "SD", "PD", "NR"):
            return code
    return "NR" if re.search(r"non-?response", text, re.IGNORECASE) else None


_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "five": 5, "ten": 10}
_DOSE = re.compile(r"(?P<cmp>≥|>=|=>|at least|more than|>|≤|<=|at most|less than|<)\s*"
                   r"(?:(?P<m>[\d.]+)\s*(?:×|x|\*)\s*10\s*\^?\s*(?P<e>\d+)|(?P<sci>[\d.]+e\d+)|(?P<mil>one|two|three|five|ten|[\d.]+) million|10\s*\^\s*(?P<e2>\d+))",
                   re.IGNORECASE)
_COMPARATORS = {"≥": ">=", ">=": ">=", "=>": ">=", "at least": ">=", "more than": ">", ">": ">",
                "≤": "<=", "<=": "<=", "at most": "<=", "less than": "<", "<": "<"}


def dose_label(text: str) -> str | None:
    """"≥1 × 10^6 CAR T cells/kg", "at least one million CAR T cells per kilogram" -> "dose >=1x10^6 cells/kg"."""
    match = _DOSE.search(text)
    if not match:
        return None
    comparator = _COMPARATORS[match.group("cmp").lower()]
    if match.group("m"):
        mantissa, exponent = float(match.group("m")), int(match.group("e"))
    elif match.group("sci"):
        mantissa, exponent = (float(x) for x in match.group("sci").lower().split("e"))
    elif match.group("mil"):
        word = match.group("mil").lower()
        mantissa, exponent = float(_WORD_NUMBERS.get(word) or word), 6
    else:
        mantissa, exponent = 1.0, int(match.group("e2"))
    while mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"dose {comparator}{mantissa:g}x10^{int(exponent)} cells/kg"


_STATUS = re.compile(r"CD(\d+)[- ]?(dim|negative|neg|positive|low)", re.IGNORECASE)
_STATUS_WORDS = {"neg": "negative", "low": "dim"}


def status_label(text: str) -> str | None:
    """"CD19-dim or CD19 negative" -> "CD19-dim or CD19-negative"."""
    parts = [f"CD{n}-{_STATUS_WORDS.get(s.lower(), s.lower())}" for n, s in _STATUS.findall(text)]
    return " or ".join(dict.fromkeys(parts)) or None


def cohort_label(text: str) -> str:
    """"cohort 2", "Cohort B" -> "cohort 2", "cohort B"."""
    return f"cohort {text.strip()}"


_RESOLVERS = {"response": response_code, "dose": dose_label, "status": status_label, "cohort": cohort_label}


# --- diseases --------------------------------------------------------------------------------

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
