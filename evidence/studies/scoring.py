"""Scoring a pair of reports: does the evidence say they are one study?

Each `*_evidence` function compares one kind of evidence in two profiles and returns the weighted
reasons it finds (positive for shared evidence, negative for evidence of two studies). `score_pair`
adds them up. Reasons are sentences a reviewer can check: "same DOI 10.1182/blood.2020006770",
"shares figures: CR 21% ALL, CR 19% NHL", "author Gauthier named".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from evidence.studies import rules
from evidence.studies.profile import DocumentProfile, title_words
from evidence.studies.rounding import Printed, agree, decimals, other_denominator, percent
from evidence.studies.settings import LinkSettings

TITLE_SHOWN = 70
MAX_BLOCK = 200  # evidence shared by more documents than this is too common to propose a pair


@dataclass(frozen=True)
class Reason:
    text: str
    weight: float


@dataclass(frozen=True)
class PairScore:
    """The evidence that documents `a` and `b` report one study."""

    a: str
    b: str
    score: float
    reasons: tuple[Reason, ...]

    @property
    def confidence(self) -> float:
        return round(1 - math.exp(-self.score), 3) if self.score > 0 else 0.0

    def reason_texts(self) -> list[str]:
        return [r.text for r in self.reasons]


# -- identifiers --------------------------------------------------------------------------------

_IDENTIFIERS = (
    ("dois", "DOI", "DOIs", "same_doi", "different_doi"),
    ("pmids", "PMID", "PMIDs", "same_pmid", "different_pmid"),
    ("registrations", "trial registration", "trial registrations", "same_registration", "different_registration"),
    ("citation_keys", "citation", "citations", "same_citation", "different_citation"),
    ("trial_names", "trial", "trials", "same_trial_name", "different_trial_name"),
)


def identifier_evidence(a: DocumentProfile, b: DocumentProfile, s: LinkSettings) -> list[Reason]:
    reasons = []
    for attribute, name, names, same, different in _IDENTIFIERS:
        left, right = getattr(a, attribute), getattr(b, attribute)
        shared = [x for x in left if x in right]
        if shared:
            reasons.append(Reason(f"same {name} {shared[0]}", getattr(s, same)))
        elif left and right:
            reasons.append(Reason(f"different {names} {left[0]} and {right[0]}", getattr(s, different)))
    return reasons


# -- titles and people --------------------------------------------------------------------------

def title_evidence(a: DocumentProfile, b: DocumentProfile, s: LinkSettings) -> list[Reason]:
    best = (0.0, 0, "")
    for left in a.titles:
        for right in b.titles:
            wl, wr = title_words(left), title_words(right)
            if not wl or not wr:
                continue
            shared = len(wl & wr)
            containment = shared / min(len(wl), len(wr))
            if (containment, shared) > best[:2]:
                best = (containment, shared, left if len(left) <= len(right) else right)
    containment, shared, title = best
    shown = title if len(title) <= TITLE_SHOWN else title[:TITLE_SHOWN].rsplit(" ", 1)[0] + "..."
    if shared >= 6 and containment >= 0.8:
        return [Reason(f'same title "{shown}"', s.same_title)]
    if shared >= 4 and containment >= 0.6:
        return [Reason(f'similar title "{shown}"', s.similar_title)]
    return []


def author_evidence(a: DocumentProfile, b: DocumentProfile, s: LinkSettings) -> list[Reason]:
    reasons = []
    matched: set[str] = set()
    if a.first_authors and b.first_authors:
        same = [x for x in a.first_authors if x in b.first_authors]
        if same:
            reasons.append(Reason(f"same first author {same[0]}", s.same_first_author))
            matched.update(same)
        else:
            reasons.append(Reason(f"different first authors {a.first_authors[0]} and {b.first_authors[0]}",
                                  s.different_first_authors))
    else:
        first, other = (a, b) if a.first_authors else (b, a)
        named = [x for x in first.first_authors if x in other.people]
        if named:
            reasons.append(Reason(f"author {named[0]} named", s.first_author_named))
            matched.update(named)
    shared = [p for p in a.people if p in b.people and p not in matched]
    if shared:
        reasons.append(Reason(f"also names {', '.join(shared[:3])}",
                              min(s.shared_people_cap, s.shared_person * len(shared))))
    return reasons


# -- cohort -------------------------------------------------------------------------------------

def families(diseases) -> set[str]:
    return {rules.DISEASE_FAMILIES.get(d, d) for d in diseases}


def lookalike(profile: DocumentProfile) -> bool:
    return (profile.not_after_failure >= rules.LOOKALIKE_MIN_WEIGHT
            and profile.not_after_failure > profile.after_failure)


def cohort_evidence(a: DocumentProfile, b: DocumentProfile, s: LinkSettings) -> list[Reason]:
    reasons = []
    if a.n and b.n:
        if a.n == b.n:
            reasons.append(Reason(f"same cohort size {a.n}", s.same_cohort_size))
        elif a.n not in b.cohort_sizes and b.n not in a.cohort_sizes:
            reasons.append(Reason(f"different cohort sizes {a.n} and {b.n}", s.different_cohort_size))
    counts_a, counts_b = dict(a.disease_counts), dict(b.disease_counts)
    common = set(counts_a) & set(counts_b)
    fa, fb = families(a.diseases), families(b.diseases)
    if len(common) >= 2 and all(counts_a[d] == counts_b[d] for d in common):
        mix = ", ".join(f"{d} {counts_a[d]}" for d in sorted(common))
        reasons.append(Reason(f"same disease mix {mix}", s.same_disease_counts))
    elif len(a.diseases) >= 2 and set(a.diseases) == set(b.diseases):
        reasons.append(Reason(f"same disease mix {', '.join(a.diseases)}", s.same_disease_mix))
    elif len(fa) == 1 and len(fb) == 1 and fa != fb:
        reasons.append(Reason(f"different diseases {', '.join(a.diseases)} and {', '.join(b.diseases)}",
                              s.different_diseases))
    clear_a, clear_b = a.after_failure >= 1.0 and not lookalike(a), b.after_failure >= 1.0 and not lookalike(b)
    if (lookalike(a) and clear_b) or (lookalike(b) and clear_a):
        reasons.append(Reason("one is retreatment after failure, the other not", s.different_design))
    if a.year and a.year == b.year:
        reasons.append(Reason(f"same year {a.year}", s.same_year))
    if set(a.name_tokens) & set(b.name_tokens):
        token = sorted(set(a.name_tokens) & set(b.name_tokens))[0]
        reasons.append(Reason(f"document names share {token!r}", s.shared_name_token))
    return reasons


# -- numbers ------------------------------------------------------------------------------------

def figure_key(figure, single_disease: str) -> tuple:
    disease = figure.disease or "mixed"
    if single_disease and disease == "mixed":
        disease = single_disease
    return (figure.outcome, figure.measure, disease, figure.infusion or 2, figure.grade,
            figure.subgroup.lower(), figure.timepoint_months, figure.target_relation or "")


def _single_disease(figures) -> str:
    from evidence.studies.reconcile import study_context

    return study_context(figures)[0]


def printed(figure) -> Printed:
    return Printed(figure.value, figure.events, figure.total, figure.unit)


def describe_figure(figure) -> str:
    p = printed(figure)
    if p.unit != "proportion":
        value = f"{figure.value:.3g} months"
    elif p.exact:
        value = f"{p.events}/{p.total}"
    else:
        value = percent(figure.value)
    where = "" if figure.disease in rules.WHOLE_COHORT_DISEASES else f" {figure.disease}"
    sub = f" {figure.subgroup}" if figure.subgroup else ""
    grade = " grade>=3" if figure.grade == ">=3" else ""
    first = " (first infusion)" if figure.infusion == 1 else ""
    return f"{figure.outcome}{grade} {value}{where}{sub}{first}"


def _figure_weight(a, b, s: LinkSettings) -> float:
    pa, pb = printed(a), printed(b)
    if pa.exact and pb.exact:
        return s.shared_figure_exact
    if pa.unit == "proportion":
        if any(abs(p.point - common) < 1e-9 for p in (pa, pb) for common in (0.0, 0.5, 1.0)):
            return s.shared_figure_common
        precise = decimals(a.value * 100) >= 1 or decimals(b.value * 100) >= 1
    else:
        precise = decimals(a.value) >= 1 or decimals(b.value) >= 1
    return s.shared_figure_decimal if precise else s.shared_figure


def shared_figures(figures_a, figures_b, s: LinkSettings) -> list[tuple[object, float]]:
    """Figures of `a` that `b` reports too (same outcome and population, values agreeing)."""
    da, db = _single_disease(figures_a), _single_disease(figures_b)
    by_key: dict[tuple, list] = {}
    for f in figures_b:
        by_key.setdefault(figure_key(f, db), []).append(f)
    found: dict[tuple, tuple[object, float]] = {}
    for f in figures_a:
        key = figure_key(f, da)
        for g in by_key.get(key, ()):
            if other_denominator(printed(f), printed(g)) or not agree(printed(f), printed(g)):
                continue
            weight = _figure_weight(f, g, s)
            if key not in found or weight > found[key][1]:
                found[key] = (f, weight)
    return sorted(found.values(), key=lambda item: (-item[1], item[0].start))


def number_evidence(a: DocumentProfile, b: DocumentProfile, figures_a, figures_b, s: LinkSettings) -> list[Reason]:
    reasons = []
    shared = shared_figures(figures_a, figures_b, s)
    covered = set()
    if shared:
        weight = min(s.shared_figures_cap, sum(w for _, w in shared))
        shown = ", ".join(describe_figure(f) for f, _ in shared[:4]) + (", ..." if len(shared) > 4 else "")
        reasons.append(Reason(f"shares figures: {shown}", weight))
        covered = {(f.events, f.total) for f, _ in shared if f.events is not None}
    counts = [c for c in a.counts if c in set(b.counts) and c not in covered]
    if counts:
        weight = sum(s.shared_count if y >= 10 else s.shared_small_count for _, y in counts)
        reasons.append(Reason(f"shares counts: {', '.join(f'{x}/{y}' for x, y in counts[:5])}",
                              min(s.shared_counts_cap, weight)))
    if not figures_a and not figures_b:
        percents = [p for p in a.percents if p in set(b.percents)]
        if len(percents) >= 2:
            reasons.append(Reason(f"shares percents: {', '.join(percent(p) for p in percents[:5])}",
                                  min(s.shared_percents_cap, s.shared_percent * len(percents))))
    return reasons


def score_pair(a: DocumentProfile, b: DocumentProfile, figures_a=(), figures_b=(),
               settings: LinkSettings | None = None) -> PairScore:
    """All the evidence that `a` and `b` report one study, weighed."""
    s = LinkSettings.resolve(settings)
    figures_a = [f for f in figures_a if not f.derived]
    figures_b = [f for f in figures_b if not f.derived]
    reasons = (identifier_evidence(a, b, s) + title_evidence(a, b, s) + author_evidence(a, b, s)
               + cohort_evidence(a, b, s) + number_evidence(a, b, figures_a, figures_b, s))
    reasons = [r for r in reasons if r.weight]
    return PairScore(a.document, b.document, round(sum(r.weight for r in reasons), 6), tuple(reasons))


# -- which pairs to score ---------------------------------------------------------------------------

def blocking_keys(profile: DocumentProfile, figures=()) -> set[tuple]:
    """Everything a pair must share for its score to reach the threshold: identifiers, names,
    cohort size, title words, counts, figures, percents, name tokens."""
    keys: set[tuple] = set()
    for attribute in ("dois", "pmids", "registrations", "citation_keys", "trial_names", "people", "first_authors",
                      "counts", "percents", "name_tokens"):
        keys.update((attribute, value) for value in getattr(profile, attribute))
    if profile.n:
        keys.add(("n", profile.n))
    keys.update(("title", word) for title in profile.titles for word in title_words(title) if len(word) >= 4)
    keys.update(("figure", f.outcome, round(printed(f).point, 3)) for f in figures if not f.derived)
    return keys


def candidate_pairs(profiles, figures_by_doc, max_block: int = MAX_BLOCK) -> list[tuple[str, str]]:
    """Pairs of documents sharing at least one key held by at most `max_block` documents, in input
    order; every other pair scores too low to be linked."""
    postings: dict[tuple, list[int]] = {}
    for index, profile in enumerate(profiles):
        for key in blocking_keys(profile, figures_by_doc.get(profile.document, ())):
            postings.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 2 <= len(members) <= max_block:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return [(profiles[a].document, profiles[b].document) for a, b in sorted(pairs)]
