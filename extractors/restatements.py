"""Figures seen together: the two sides of a comparison, grades told apart, a figure said twice.

- "36% among responders compared to 19%": the unnamed side of a two-sided comparison is the
  complement ("non-responders"); "7.9% without" is the comparator arm, or "without CR" when the
  other side is "with CR".
- "CRS in 18 of 19, severe in one": when a sentence tells grades apart, its ungraded figure of
  the same toxicity counts every grade.
- "Half were alive about 15 months after (median OS 15 months)": a 50% rate at the median's
  timepoint restates the median.
- The same figure in the abstract, the results and a table is one figure: the most informative
  reading is kept (counts over a bare percent; exact over "about one in two").
"""
from __future__ import annotations

from dataclasses import replace

from evidence.schema import Figure
from extractors.mentions import TOXICITY_OUTCOMES
from extractors.vocabulary.subgroups import COMPLEMENTS, NO_INFUSION, WITHOUT_SIDE

PROPORTION_TOLERANCE = 0.005
RELATIVE_TOLERANCE = 0.01


def sentence_to_figures(figures: list[Figure]) -> list[Figure]:
    """Settle what the figures of one sentence say about each other."""
    figures = _approximations(figures)
    figures = _complements(figures)
    figures = _ungraded(figures)
    return _restated_medians(figures)


def _approximations(figures: list[Figure]) -> list[Figure]:
    """"five of the ten - one in two", "about a third (33%)": a rounded restatement of a figure of
    the same sentence is not another figure."""
    exact = [f for f in figures if not _approximate(f)]
    return [f for f in figures if not (_approximate(f) and any(
        e.outcome == f.outcome and e.measure == f.measure and abs(e.value - f.value) <= 0.02 for e in exact))]


def _pair_key(f: Figure):
    return f.outcome, f.outcome_text, f.measure, f.timepoint_months, f.disease, f.grade, f.arm


def _complements(figures: list[Figure]) -> list[Figure]:
    groups: dict = {}
    for f in figures:
        groups.setdefault(_pair_key(f), []).append(f)
    result = []
    for f in figures:
        pair = groups[_pair_key(f)]
        other = (pair[0] if pair[1] is f else pair[1]) if len(pair) == 2 else None
        label = f.subgroup
        if other is not None and not label and other.subgroup in COMPLEMENTS:
            label = COMPLEMENTS[other.subgroup]
        elif other is not None and label == "complete responders" and other.subgroup in ("without CR", "without"):
            label = "with CR"
        if label == "without":
            sides = [WITHOUT_SIDE[g.subgroup] for g in pair if g is not f and g.subgroup in WITHOUT_SIDE]
            label = sides[0] if sides else "comparator"
        if label != f.subgroup:
            f = replace(f, subgroup=label)
            if label == "comparator" and other is not None and other.subgroup not in ("", "comparator"):
                f = f.with_flags("uncertain")  # "x for those with A and y for those without": maybe not an arm
        result.append(no_infusion(f))
    return result


def no_infusion(f: Figure) -> Figure:
    """A comparator arm had no CAR-T: no infusion, no target relation."""
    if f.subgroup in NO_INFUSION and (f.infusion or f.target_relation):
        return replace(f, infusion="", target_relation="", prior_target="", target="")
    return f


def _ungraded(figures: list[Figure]) -> list[Figure]:
    severe = {f.outcome for f in figures if f.outcome in TOXICITY_OUTCOMES and f.grade == ">=3"}
    return [replace(f, grade="any") if f.outcome in severe and not f.grade else f for f in figures]


def _restated_medians(figures: list[Figure]) -> list[Figure]:
    medians = {(f.outcome, round(f.value, 2)) for f in figures if f.measure == "median"}
    return [f for f in figures if not (f.measure == "rate_at" and abs(f.value - 0.5) < 1e-9 and f.timepoint_months is not None
                                       and (f.outcome, round(f.timepoint_months, 2)) in medians)]


def _population(f: Figure):
    return (f.outcome, f.outcome_text.lower(), f.measure, f.disease, f.infusion, f.grade,
            None if f.timepoint_months is None else round(f.timepoint_months, 2), f.subgroup.lower(), f.target_relation)


def _same_value(a: Figure, b: Figure) -> bool:
    if a.measure == "median":
        return abs(a.value - b.value) <= max(0.05, RELATIVE_TOLERANCE * abs(b.value))
    if abs(a.value - b.value) > PROPORTION_TOLERANCE:
        return False
    for x, y in ((a.events, b.events), (a.total, b.total)):
        if x is not None and y is not None and x != y and not (_approximate(a) or _approximate(b)):
            return False
    return True


def _approximate(f: Figure) -> bool:
    return "approximate" in f.flags.split(";")


def _informative(f: Figure) -> tuple:
    return (f.events is not None and f.total is not None, f.total is not None, f.ci_low is not None,
            not _approximate(f), -f.start)


def merge_restatements(figures: list[Figure]) -> list[Figure]:
    """One figure per population and value in a document: the most informative reading."""
    kept: list[Figure] = []
    by_population: dict[tuple, list[int]] = {}  # population -> indices in `kept`, in order
    for f in figures:
        same_population = by_population.setdefault(_population(f), [])
        for i in same_population:
            if _same_value(kept[i], f) and not (kept[i].arm and f.arm and kept[i].arm.lower() != f.arm.lower()):
                if _informative(f) > _informative(kept[i]):
                    kept[i] = f
                break
        else:
            same_population.append(len(kept))
            kept.append(f)
    order = {id(f): n for n, f in enumerate(figures)}
    return sorted(kept, key=lambda f: order[id(f)])


def merge_readings(figures: list[Figure], others: list[Figure], choose) -> list[Figure]:
    """`figures` with `others` added: where another reader read the same number (same start),
    `choose(kept, other)` says which figure stands there."""
    by_start = {f.start: i for i, f in enumerate(figures)}
    out = list(figures)
    for other in others:
        i = by_start.get(other.start)
        if i is None:
            out.append(other)
        else:
            out[i] = choose(out[i], other)
    return out
