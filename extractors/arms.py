"""Which arm a figure is about, when an article compares groups.

An article that sets two named groups against each other ("axi-cel versus standard of care",
"cilta-cel compared with ide-cel") reports figures of both. In its sentences a value is bound to
an arm by the article's own cues:

- said of the arm: "41% for patients receiving axi-cel", "85% of cilta-cel", "54.6% in the axi-cel arm";
- a pair across the arms: "with ide-cel vs standard regimens (71% vs 42%)": the values follow the
  order in which the sentence named the arms;
- "3.0 months in both groups": one figure per arm.

In an article that names no arms, the second value of an "x vs y" pair is about a group the
article does not name there: it is flagged `uncertain`.

A pair whose sentence names no two arms takes the order of the article's first comparison and is
flagged `uncertain`: a reviewer confirms it. A figure of a comparator arm (no CAR-T) has no
infusion and no targets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from evidence.schema import Figure
from extractors.mentions import SUBGROUP, find, flat
from extractors.vocabulary import arms as vocab

_CAR_T = re.compile(vocab.CAR_T_ARM, re.IGNORECASE)
_COMPARATOR = re.compile(vocab.COMPARATOR_ARM, re.IGNORECASE)
_COMPARISON = re.compile(vocab.COMPARISON, re.IGNORECASE)
_ATTACHED = re.compile(vocab.ATTACHED, re.IGNORECASE)
_PAIR = re.compile(vocab.PAIR, re.IGNORECASE)
_BOTH = re.compile(vocab.BOTH_ARMS, re.IGNORECASE)
_COMPARED_WORD = re.compile(r"\b(?:vs\.?|versus|compared (?:with|to)|than|over|against)\s", re.IGNORECASE)
_RANDOMISED = re.compile(r"\b(?:assigned|randomi[sz]ed|allocated)\b[^.;]*$", re.IGNORECASE)  # "randomly assigned to A or B"
_OR = re.compile(r"\s*,?\s*or\s+(?:to\s+)?(?:the\s+|a\s+)?", re.IGNORECASE)
_ARM_WORDS = re.compile(r"^(?:the )|\s+(?:arm|group|cohort)$", re.IGNORECASE)


@dataclass(frozen=True)
class Arm:
    name: str
    car_t: bool
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.name.lower()


def find_arms(text: str, start: int = 0, end: int | None = None) -> list[Arm]:
    """Arm names in text[start:end], in text order (the longer of two overlapping ones)."""
    end = len(text) if end is None else end
    window = flat(text[start:end])
    found = [(m.start(), m.end(), True) for m in _CAR_T.finditer(window)]
    found += [(m.start(), m.end(), False) for m in _COMPARATOR.finditer(window)]
    kept: list[tuple] = []
    for a, b, car_t in sorted(found, key=lambda x: (x[0] - x[1], x[0])):
        if all(b <= x or a >= y for x, y, _ in kept):
            kept.append((a, b, car_t))
    kept.sort()
    # "standard-of-care (SOC)": an abbreviation in brackets restates the arm before it
    kept = [k for i, k in enumerate(kept) if not (i and re.fullmatch(r"\s*\(\s*", window[kept[i - 1][1]:k[0]]))]
    return [Arm(_ARM_WORDS.sub("", window[a:b]).strip(), car_t, start + a, start + b) for a, b, car_t in kept]


def document_arms(text: str) -> tuple[Arm, ...]:
    """The article's first comparison of two arms ("A vs B", "randomly assigned to A or B"), or () for a single cohort."""
    arms = find_arms(text)
    for first, second in zip(arms, arms[1:]):
        gap = flat(text[first.end:second.start])
        randomised = _RANDOMISED.search(flat(text[max(0, first.start - 40):first.start])) and _OR.fullmatch(gap)
        if first.key != second.key and (first.car_t or second.car_t) and (randomised or
                _COMPARISON.fullmatch(gap) or (len(gap) <= 100 and not re.search(r"[.;:]\s", gap) and _COMPARED_WORD.search(gap))):
            return first, second
    return ()


def bind_arms(text: str, span: tuple[int, int], figures: list[Figure], compared: tuple[Arm, ...]) -> list[Figure]:
    """The figures of one sentence, each bound to the arm the sentence says it is about."""
    if not figures:
        return figures
    if not compared:
        return _unnamed_pairs(text, figures, _compared_with_comparator(text, span))
    s, e = span
    arms = find_arms(text, s, e)
    result: list[Figure] = []
    previous = None
    for f in sorted(figures, key=lambda f: f.start):
        arm = _attached(text, f, arms)
        if arm is None and previous is not None and _PAIR.match(text[previous.end:f.start]) and f.start - previous.end < 120:
            order, flagged = _order(text, arms, previous.start, compared)
            first = next((r for r in result if r.start == previous.start), None)
            if order and first is not None and not first.arm:
                result = [_assign(r, order[0], flagged) if r is first else r for r in result]
                f = _same_measure(f, first)
                arm = order[1]
                f = f.with_flags("uncertain") if flagged else f
        if arm is None and _BOTH.match(text, f.end):
            result.extend(_assign(f, a, False) for a in compared)
            previous = f
            continue
        result.append(_assign(f, arm, False) if arm is not None else f)
        previous = f
    return _unbound_in_comparison(text, result)


def _unbound_in_comparison(text: str, figures: list[Figure]) -> list[Figure]:
    """In an article comparing arms, a value left without an arm in a sentence that compares
    values ("83% and 54% in one cohort vs 34% and 12% in the other") may be either arm's."""
    unbound = [f for f in figures if not f.arm]
    if not unbound or len(figures) < 2:
        return figures
    first, last = min(f.start for f in figures), max(f.end for f in figures)
    if not _COMPARED_WORD.search(flat(text[first:last])):
        return figures
    return [f.with_flags("uncertain") if not f.arm else f for f in figures]


def _unnamed_pairs(text: str, figures: list[Figure], comparator_at: int | None = None) -> list[Figure]:
    """"(8/27 vs. 2/34)" in an article that names no arms: when no other cue told the two values'
    groups apart, the second is about a group the article does not name here: flagged for a reviewer;
    unless the sentence set the CAR-T against a comparator before the pair ("a better ORR than other
    salvage treatments (8/27 vs. 2/34)"): then the second value is the comparator's."""
    result, previous = [], None
    for f in sorted(figures, key=lambda f: f.start):
        paired = previous is not None and _PAIR.match(text[previous.end:f.start]) and f.start - previous.end < 120
        if paired and comparator_at is not None and comparator_at < previous.start and not f.subgroup \
                and previous.subgroup in ("", "comparator") and (f.arm, f.disease) == (previous.arm, previous.disease):
            # the comparator term named before the pair went to the first value: it is the second's
            result[-1] = replace(previous, subgroup="", infusion=f.infusion, target=f.target, prior_target=f.prior_target,
                                 target_relation=f.target_relation)
            f = replace(_same_measure(f, previous), subgroup="comparator", infusion="", target="", prior_target="", target_relation="")
        elif paired and _population(f) == _population(previous):
            f = f.with_flags("uncertain")
        result.append(f)
        previous = f
    return result


_AGAINST_COMPARATOR = re.compile(r"\b(?:than|vs\.?|versus|compared (?:with|to)|over)\s+(?:the\s+|those\s+(?:receiving|given|on)\s+)?$", re.IGNORECASE)


def _compared_with_comparator(text: str, span: tuple[int, int]) -> int | None:
    """Where a sentence sets its values against a comparator group ("than other salvage
    treatments", "versus the control group"), or None."""
    for m in find(SUBGROUP, text, *span):
        if m.label == "comparator" and _AGAINST_COMPARATOR.search(text, max(span[0], m.start - 40), m.start):
            return m.start
    return None


def _population(f: Figure) -> tuple:
    return f.subgroup, f.infusion, f.arm, f.disease, f.target_relation


def _same_measure(f: Figure, first: Figure) -> Figure:
    """The second value of "ORR (83% vs 50%)" measures what the first does."""
    if f.measure != first.measure and {f.measure, first.measure} != {"proportion", "rate_at"}:
        return f
    return replace(f, outcome=first.outcome, outcome_text=first.outcome_text, measure=first.measure,
                   timepoint_months=first.timepoint_months, grade=first.grade)


def _attached(text: str, f: Figure, arms: list[Arm]) -> Arm | None:
    """The arm a value is said of, right after it."""
    match = _ATTACHED.match(flat(text[f.end:f.end + 120]))
    if not match:
        return None
    at = f.end + match.end()
    return next((a for a in arms if a.start == at), None)


def _order(text: str, arms: list[Arm], before: int, compared: tuple[Arm, ...]) -> tuple[tuple | None, bool]:
    """The two arms a pair of values follows, and whether that was a guess: the sentence's last two
    arms before the pair with no value between them ("with ide-cel vs SRs (71% vs 42%)"); a
    comparator after an earlier CAR-T arm; one arm named, the other from the article's comparison
    (a guess); none named, the article's comparison (a guess)."""
    named = [a for a in arms if a.end <= before]
    if not named:
        return compared, True
    last = named[-1]
    earlier = next((a for a in reversed(named[:-1]) if a.key != last.key), None)
    if earlier is not None and not re.search(r"\d", text[earlier.end:last.start]):
        return (earlier, last), False
    if not last.car_t:
        car_t = next((a for a in reversed(named) if a.car_t), None)
        if car_t is not None:
            return (car_t, last), False
    other = _other(last, compared)
    return ((last, other), True) if other is not None else (None, True)


def _other(arm: Arm, compared: tuple[Arm, ...]) -> Arm | None:
    """The article's other arm, beside the one a sentence names."""
    same = [a for a in compared if a.key == arm.key]
    if same:
        rest = [a for a in compared if a.key != arm.key]
        return rest[0] if rest else None
    opposite = [a for a in compared if a.car_t != arm.car_t]
    return opposite[0] if len(opposite) == 1 else None


def _assign(f: Figure, arm: Arm, uncertain: bool) -> Figure:
    f = replace(f, arm=arm.name)
    if not arm.car_t:
        f = replace(f, infusion="", target="", prior_target="", target_relation="")
    return f.with_flags("uncertain") if uncertain else f
