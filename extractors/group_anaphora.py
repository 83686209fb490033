"""Values that a sentence gives "in both groups" of an outcome the previous sentence named.

"Complete remission was reached in 38 of 49 patients. The rate was similar in both groups (20/25
in group A and 18/24 in group B)": the second sentence names no outcome of its own and each of its
counts is one group's. Such a sentence is read as follows:

- the outcome is the one the previous sentence named, only when it named exactly one (two named
  outcomes leave "the rate" undecided: its values are not read);
- each value after the words that compare the groups takes the arm named right after it
  ("... in group A", "... in the placebo arm"); a value left with no arm is some group's that the
  sentence does not name, and is not written (a row with no arm would read as the whole cohort's).
"""
from __future__ import annotations

import re
from dataclasses import replace

from evidence.schema import Figure
from extractors import mentions
from extractors.arm_names import describe
from extractors.arm_prose import arm_after
from extractors.arms import find_arms
from extractors.vocabulary import arms as vocab

_COMPARED = re.compile(vocab.GROUPS_COMPARED, re.IGNORECASE)
_ANAPHORIC = re.compile(vocab.ANAPHORIC_SUBJECT, re.IGNORECASE)


def compared_from(text: str, span: tuple[int, int]) -> int | None:
    """Where a sentence's words comparing groups end ("... similar in both groups"), or None."""
    m = _COMPARED.search(text, span[0], span[1])
    return m.end() if m else None


_LISTED_BEFORE = re.compile(r"(?:\band|\bor|,|/|;)\s*$", re.IGNORECASE)
_LISTED_AFTER = re.compile(r"\s*(?:,|/|;|and\b|or\b)", re.IGNORECASE)


def named_outcomes(text: str, found_outcomes) -> tuple[str, ...]:
    """The distinct outcomes a sentence names, in text order. A term listed with other words
    ("Nausea and infections were common") may stand beside an outcome the vocabulary does not know:
    such a sentence counts as naming more than one."""
    labels = tuple(dict.fromkeys(m.label for m in found_outcomes))
    listed = any(_LISTED_BEFORE.search(text, max(0, m.start - 6), m.start) or _LISTED_AFTER.match(text, m.end)
                 for m in found_outcomes)
    return labels + ("",) if listed else labels


def after_comparison(q, text: str, span: tuple[int, int]) -> bool:
    """Whether value `q` comes after its sentence's words comparing groups, in the same clause."""
    at = compared_from(text, span)
    return at is not None and q.start >= at and same_clause(text[at:q.start])


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_CLAUSE_BREAK = re.compile(r";|,\s*(?:but|whereas|while|although|though|however|and\s+(?:the|a|an|all|most|no)\b)", re.IGNORECASE)


def same_clause(gap: str) -> bool:
    """Whether the words between the comparison and a value go on in one clause: "(GV: CR, 0; PR, 4"
    does (the brackets' own semicolons part the groups), "..., but two thirds of patients" does not."""
    previous = None
    while previous != gap:
        previous, gap = gap, _BRACKETED.sub(" ", gap)
    gap = re.split(r"[(\[]", gap, maxsplit=1)[0]
    return _CLAUSE_BREAK.search(gap) is None


def carried_outcome(q, text: str, span: tuple[int, int], previous: tuple[str, ...]):
    """The outcome of a value after "in both groups" when its sentence's subject is "the rate", "it",
    "similar rates": the one outcome the previous sentence named (as a mention at the value), else
    None (a sentence naming its own outcome in words the vocabulary does not know is not carried)."""
    if len(previous) != 1 or not _ANAPHORIC.match(text, span[0], span[1]):
        return None
    return mentions.Mention(mentions.OUTCOME, previous[0], q.start, q.start)


def group_figures(text: str, span: tuple[int, int], figures: list[Figure]) -> list[Figure]:
    """The figures of a sentence comparing groups: a value after the comparing words takes the arm
    named right after it; one left without an arm is dropped."""
    at = compared_from(text, span)
    if at is None:
        return figures
    kept = []
    for f in figures:
        if f.start >= at and not f.arm and not f.subgroup and same_clause(text[at:f.start]):
            arm = arm_after(text, f.end, span[1])
            if not arm:
                continue
            f = _with_arm(f, arm, text)
        kept.append(f)
    return kept


_NO_CAR_T = re.compile(r"\b(?:placebo|control|comparator|sham|usual care|observation)\b", re.IGNORECASE)


def _with_arm(f: Figure, arm: str, text: str) -> Figure:
    """`f` said of `arm`; an arm that received no CAR-T ("the chemotherapy arm", "the control group")
    has no infusion and no targets."""
    named = find_arms(arm)
    comparator = bool(named) and not any(a.car_t for a in named) or not named and _NO_CAR_T.search(arm) is not None
    f = replace(f, arm=describe(arm, text))
    return replace(f, infusion="", target="", prior_target="", target_relation="") if comparator else f
