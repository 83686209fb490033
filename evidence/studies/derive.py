"""Figures that follow exactly from others, with the arithmetic kept in `derived_from`.

Two derivations, both exact and both refusing to guess:

- *Subtraction from cohort facts.* A cohort's outcome (CR 40/61) and facts about who is in it
  (48 of 61 had a different target; 35 of the 40 in CR had a different target; 8 of the 21
  without CR had the same target) give each target-relation subgroup its own events and total.
  Every fact that is not needed is used as a check; a failed check derives nothing.
- *Events from a percent (GRIM).* A percent printed at some precision over a known denominator
  fits only some whole numbers of events; when exactly one fits, the events follow. The
  denominator must be stated: the figure's own total, the study's cohort size, or a disease's
  count when the reports' disease counts add up to the cohort.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from evidence.facts import OUTCOME_SPLIT, SUBGROUP_SIZE
from evidence.studies.rounding import Printed, counts_fitting, percent

RELATIONS = ("same", "different")
RESPONDER_OUTCOMES = ("CR", "ORR")  # "responders" with no outcome named: the cohort's CR, else ORR


@dataclass(frozen=True)
class Known:
    value: int
    how: str
    fact: object = None  # the CohortFact it came from, if any


def _other(relation: str) -> str:
    return "different" if relation == "same" else "same"


def _at(fact) -> str:
    return f"fact at {fact.start}"


def _matching_facts(figure, facts):
    """The cohort facts that speak about `figure`'s cohort and outcome."""
    total, events = figure.total, figure.events
    sizes = [f for f in facts if f.kind == SUBGROUP_SIZE and f.relation in RELATIONS
             and (f.of == total or (f.of is None and f.count < total))]

    def about(f):  # "responders" named without an outcome: the CR (or ORR) patients, when the counts say so
        if f.outcome:
            return f.outcome == figure.outcome
        return figure.outcome in RESPONDER_OUTCOMES and f.of is not None

    splits = [f for f in facts if f.kind == OUTCOME_SPLIT and f.relation in RELATIONS and about(f) and not f.negated
              and f.of in (events, None) and f.count <= events]
    negated = [f for f in facts if f.kind == OUTCOME_SPLIT and f.relation in RELATIONS and about(f) and f.negated
               and f.of in (total - events, None) and f.count <= total - events]
    return sizes, splits, negated


def solve_split(figure, row: int, facts) -> tuple[dict, list[str], bool]:
    """Events and totals by target relation for `figure` (a cohort with events/total), as far as the
    facts determine them; the checks made; and whether every check held."""
    out = figure.outcome
    sizes, splits, negated = _matching_facts(figure, facts)
    if not (splits or negated) or not (sizes or (splits and negated)):
        return {}, [], True
    N, E = figure.total, figure.events
    NE = N - E
    known: dict[tuple[str, str], Known] = {}
    checks: list[str] = []
    ok = True

    def put(key, value, how, fact=None):
        nonlocal ok
        if key in known:
            agrees = known[key].value == value
            ok = ok and agrees
            checks.append(f"check {key[1]}: {how}: {value} {'✓' if agrees else '✗ but ' + str(known[key].value)}")
        else:
            known[key] = Known(value, how, fact)

    for f in sizes:
        put(("n", f.relation), f.count, f"{f.relation}-target {f.count} of {f.of or N} ({_at(f)})", f)
    for f in splits:
        put(("e", f.relation), f.count, f"{f.relation}-target {out} {f.count} of {f.of or E} ({_at(f)})", f)
    for f in negated:
        put(("ne", f.relation), f.count, f"{f.relation}-target without {out} {f.count} of {f.of or NE} ({_at(f)})", f)
    whole = {"n": (N, f"cohort {N} (row {row})"), "e": (E, f"{out} {E}/{N} (row {row})"),
             "ne": (NE, f"without {out} {NE} of {N} (row {row})")}
    for _ in range(6):
        changed = False
        for part in ("n", "e", "ne"):  # the two subgroups add up to the cohort
            for r in RELATIONS:
                o = _other(r)
                if (part, o) in known and (part, r) not in known:
                    total, label = whole[part]
                    value = total - known[(part, o)].value
                    how = f"{label} minus {known[(part, o)].how}: {total} - {known[(part, o)].value} = {value}"
                    put((part, r), value, how, known[(part, o)].fact)
                    changed = True
        for r in RELATIONS:  # within a subgroup, patients with and without the outcome add up
            n, e, ne = known.get(("n", r)), known.get(("e", r)), known.get(("ne", r))
            if n and e and not ne:
                put(("ne", r), n.value - e.value, f"{r}-target n {n.value} - {e.value}", e.fact or n.fact)
                changed = True
            elif n and ne and not e:
                put(("e", r), n.value - ne.value,
                    f"{r}-target n {n.value} minus {r}-target without {out} {ne.value}: {n.value} - {ne.value}",
                    ne.fact or n.fact)
                changed = True
            elif e and ne and not n:
                put(("n", r), e.value + ne.value, f"{r}-target {out} {e.value} + without {out} {ne.value}",
                    e.fact or ne.fact)
                changed = True
        if not changed:
            break
    for r in RELATIONS:  # what the facts say twice becomes a check
        n, e, ne = known.get(("n", r)), known.get(("e", r)), known.get(("ne", r))
        if n and e and ne:
            held = n.value == e.value + ne.value
            ok = ok and held
            checks.append(f"check {r}: {ne.how} {'=' if held else '!='} {n.value} - {e.value} {'✓' if held else '✗'}")
    return known, checks, ok


def split_figures(figure, row: int, facts) -> tuple[list, str]:
    """Derived same- and different-target figures for one cohort figure, and a problem if the facts
    contradict each other or the figure."""
    known, checks, ok = solve_split(figure, row, facts)
    if not known:
        return [], ""
    if not ok:
        return [], (f"{figure.document}: cohort facts about {figure.outcome} {figure.events}/{figure.total} "
                    f"(row {row}) disagree ({'; '.join(c for c in checks if '✗' in c)}); no split derived")
    derived = []
    for r in RELATIONS:
        n, e = known.get(("n", r)), known.get(("e", r))
        if not n or not e or n.value <= 0 or not 0 <= e.value <= n.value:
            continue
        source = e.fact or n.fact  # the fact the events rest on: its sentence is the figure's quote
        how = [f"{figure.outcome} {e.value}/{n.value} {r}-target", f"events: {e.how}", f"n: {n.how}"]
        how += [c.replace(f"check {r}:", "check:") for c in checks if c.startswith(f"check {r}:")]
        derived.append(replace(
            figure, value=e.value / n.value, events=e.value, total=n.value, target_relation=r, derived=True,
            flags="derived", derived_from="; ".join(how), ci_low=None, ci_high=None,
            quote=source.quote if source is not None else figure.quote,
            start=source.start if source is not None else figure.start,
            end=source.end if source is not None else figure.end,
            page=source.page if source is not None else figure.page,
        ))
    return derived, ""


def facts_to_splits(rows_and_figures, facts) -> tuple[list, list[str]]:
    """Same/different-target figures derived from one document's cohort facts."""
    derived, problems = [], []
    if not facts:
        return derived, problems
    for row, figure in rows_and_figures:
        if (figure.derived or figure.measure != "proportion" or figure.events is None or not figure.total
                or figure.subgroup or figure.infusion != "2"):
            continue
        found, problem = split_figures(figure, row, facts)
        derived.extend(found)
        if problem:
            problems.append(problem)
    return derived, problems


def events_from_percent(figure, row: int, total: int, total_how: str):
    """The figure with events and total when exactly one count over `total` rounds to its percent."""
    if figure.measure != "proportion" or figure.unit != "proportion" or "approximate" in figure.flag_set:
        return None
    fits = counts_fitting(Printed(figure.value), total)
    if len(fits) != 1:
        return None
    k = fits[0]
    how = (f"{figure.outcome} {percent(figure.value)} (row {row}) of {total} ({total_how}): "
           f"only {k}/{total} = {percent(k / total)} rounds to {percent(figure.value)}")
    return replace(figure, value=k / total, events=k, total=total, derived=True,
                   flags=";".join(sorted(figure.flag_set | {"derived"})), derived_from=how)
