"""Words a regular expression cannot match without: a cheap test that lets a search be skipped.

    anchors = required_literals(re.compile(r"\\bcomplete\\s+(?:remission|response)s?\\b", re.I))
    # ("complete",): every match contains "complete" (in any case)
    may_match(anchors, folded_window(text))   # False: the pattern cannot match in text
    possible(pattern, folded_window(text))    # the same, its anchors worked out once per pattern

`required_literals` reads the parsed pattern: a run of literal characters that every match
contains (outside optional parts and lookarounds); for an alternation, one such run per branch.
It returns None when it cannot name one (a branch of only classes such as `\\d+`), and then the
pattern is always searched. The test is exact for the vocabulary's case-insensitive patterns:
`folded_window` lower-cases the text, and returns None (search everything) when the text holds
one of the few characters that `re.IGNORECASE` matches to an ASCII letter but `str.lower` does
not turn into that letter ("İ", "ı", "ſ"). Anchors are ASCII only.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # Python 3.11+
    from re import _parser as sre_parse
    from re._constants import (ASSERT, ASSERT_NOT, AT, BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT,
                               SUBPATTERN)
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse
    from sre_constants import (ASSERT, ASSERT_NOT, AT, BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT,
                               SUBPATTERN)

POSSESSIVE_REPEAT = getattr(sre_parse, "POSSESSIVE_REPEAT", None)
MIN_ANCHOR = 2  # a one-letter run is in nearly every sentence: not worth testing
CASE_HAZARDS = re.compile("[\u0130\u0131\u017f]")  # İ ı ſ: IGNORECASE matches them to i, i, s


def required_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of `pattern` contains, or None."""
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    except (re.error, RecursionError):
        return None
    found = _sequence(list(parsed))
    if not found or min(map(len, found)) < MIN_ANCHOR:
        return None
    return tuple(sorted(set(found)))


def required_clauses(pattern: re.Pattern) -> tuple[tuple[tuple[str, ...], ...], ...] | None:
    """Per top-level branch of `pattern`, the anchors of each of its mandatory parts (as
    `required_literals` gives one part's): every match holds, for some branch, one string of each
    of that branch's parts. None when some branch has no part to test."""
    try:
        parsed = list(sre_parse.parse(pattern.pattern, pattern.flags))
    except (re.error, RecursionError):
        return None
    at = [i for i, (op, _) in enumerate(parsed) if op == BRANCH]
    # "\b(?:a|b)" parses as \b, then a branch: the parts around one top-level branch belong to each arm
    branches = ([parsed[:at[0]] + list(arm) + parsed[at[0] + 1:] for arm in parsed[at[0]][1][1]] if len(at) == 1
                else [parsed])
    found = []
    for branch in branches:
        clauses = tuple(tuple(sorted(set(c))) for c in _candidates(list(branch)) if min(map(len, c)) >= MIN_ANCHOR)
        if not clauses:
            return None
        found.append(clauses)
    return tuple(found)


def may_match_all(clauses, folded: str | None) -> bool:
    """False only when no match is possible: no branch has every part's anchors in the folded text."""
    if clauses is None or folded is None:
        return True
    return any(all(may_match(anchors, folded) for anchors in branch) for branch in clauses)


def _sequence(items) -> tuple[str, ...] | None:
    """The best requirement of a sequence: any one mandatory element's requirement will do."""
    return max(_candidates(items), key=lambda c: (min(map(len, c)), -len(c)), default=None)


def _candidates(items) -> list[tuple[str, ...]]:
    """The requirement of each mandatory element of a sequence (each literal run, each part that
    must match): a match of the sequence meets all of them."""
    candidates, run = [], []
    for op, arg in items:
        if op == LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        if run:
            candidates.append(("".join(run),))
            run = []
        if op in (ASSERT, ASSERT_NOT, AT):
            continue  # lookarounds and \b are no part of the match, so no break in a run either
        found = _element(op, arg)
        if found:
            candidates.append(found)
    if run:
        candidates.append(("".join(run),))
    return candidates


def _element(op, arg) -> tuple[str, ...] | None:
    if op == SUBPATTERN:
        return _sequence(list(arg[-1]))
    if op in (MAX_REPEAT, MIN_REPEAT) or (POSSESSIVE_REPEAT is not None and op == POSSESSIVE_REPEAT):
        low, _, body = arg
        return _sequence(list(body)) if low >= 1 else None
    if op == BRANCH:
        union = []
        for branch in arg[1]:
            found = _sequence(list(branch))
            if not found:
                return None
            union.extend(found)
        return tuple(union)
    return None


def folded_window(text: str) -> str | None:
    """`text` lower-cased for `may_match`, or None when a lower-cased test would not be exact."""
    if not text.isascii() and CASE_HAZARDS.search(text):
        return None
    return text.lower()


def may_match(anchors: tuple[str, ...] | None, folded: str | None) -> bool:
    """False only when no match is possible: none of the anchors is in the folded text."""
    if anchors is None or folded is None:
        return True
    for anchor in anchors:  # a loop, not any(generator): this runs for every pattern of every sentence
        if anchor in folded:
            return True
    return False


@lru_cache(maxsize=None)
def _clauses_of(source: str, flags: int):
    return required_clauses(re.compile(source, flags))


def possible(pattern: re.Pattern, folded: str | None) -> bool:
    """False only when `pattern` cannot match in the text `folded` was made from (`folded_window`)
    or in any part of it: a search that would find nothing is skipped. Its branches' parts
    (`required_clauses`) are worked out once, kept by its source (a compiled pattern hashes its
    whole program)."""
    return may_match_all(_clauses_of(pattern.pattern, pattern.flags), folded)


class Searchable:
    """Which patterns can match somewhere in one text (or any part of it): each pattern's words
    looked up in the text once, however many parts of it are then searched.

        searchable = Searchable(text)
        for sentence in sentences_of(text):
            if searchable(PATTERN) and PATTERN.search(sentence): ...
    """

    def __init__(self, text: str):
        self.folded = folded_window(text)
        self._known: dict[tuple[str, int], bool] = {}

    def __call__(self, pattern: re.Pattern) -> bool:
        key = (pattern.pattern, pattern.flags)
        known = self._known.get(key)
        if known is None:
            known = self._known[key] = possible(pattern, self.folded)
        return known


_GLOBAL_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def top_branches(source: str) -> list[str]:
    """The top-level alternatives of a pattern's source ("a(b|c)|d" -> ["a(b|c)", "d"]); the whole
    source alone when it sets global flags or refers back to a group (a branch could not stand alone)."""
    if _GLOBAL_FLAGS.search(source) or _BACKREFERENCE.search(source):
        return [source]
    branches, depth, in_class, escaped, begin = [], 0, False, False, 0
    for i, ch in enumerate(source):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]" or i == class_start + 1 or (i == class_start + 2 and source[class_start + 1] == "^")
        elif ch == "[":
            in_class, class_start = True, i
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            branches.append(source[begin:i])
            begin = i + 1
    branches.append(source[begin:])
    return branches


@lru_cache(maxsize=None)
def _branch_patterns(source: str, flags: int) -> tuple[re.Pattern, ...]:
    if flags & re.VERBOSE:  # a comment may hold "|" or brackets
        return (re.compile(source, flags),)
    return tuple(re.compile(branch, flags) for branch in top_branches(source))


def search_any(pattern: re.Pattern, text: str, folded: str | None) -> bool:
    """Whether `pattern` matches somewhere in `text` (`folded` = `folded_window(text)`): its
    top-level alternatives are searched one by one, each skipped when it cannot match, which
    costs less than the whole alternation tried at every character of a long text. A match of
    "a|b" somewhere is a match of "a" or of "b" there."""
    return any(possible(branch, folded) and branch.search(text) is not None
               for branch in _branch_patterns(pattern.pattern, pattern.flags))
