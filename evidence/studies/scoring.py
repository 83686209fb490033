"""Scoring a pair of reports: does the evidence say they are one study?

Each `*_evidence` function compares one kind of evidence in two documents' `ProfileFeatures` and
returns the weighted reasons it finds (positive for shared evidence, negative for evidence of two
studies). `score_features` adds them up; `score_pair` does the same from profiles and figures. Reasons are sentences a reviewer can check: "same DOI 10.1182/blood.2020006770",
"shares figures: CR 21% ALL, CR 19% NHL", "author Gauthier named".
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from evidence.studies import rules
from evidence.studies.features import FigureFeatures, ProfileFeatures, printed
from evidence.studies.profile import DocumentProfile
from evidence.studies.rounding import intervals_agree, other_denominator, percent
from evidence.studies.settings import LinkSettings

TITLE_SHOWN = 70


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


def identifier_evidence(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[Reason]:
    reasons = []
    for attribute, name, names, same, different in _IDENTIFIERS:
        left, right = getattr(a.profile, attribute), getattr(b.profile, attribute)
        if not left or not right:
            continue
        shared = [x for x in left if x in right]
        if shared:
            reasons.append(Reason(f"same {name} {shared[0]}", getattr(s, same)))
        else:
            reasons.append(Reason(f"different {names} {left[0]} and {right[0]}", getattr(s, different)))
    return reasons


# -- titles and people --------------------------------------------------------------------------

def title_evidence(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[Reason]:
    if a.title_words.isdisjoint(b.title_words):
        return []
    best = (0.0, 0, "")
    for left, wl in a.titles:
        for right, wr in b.titles:
            shared = len(wl & wr)
            if not shared:
                continue
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


def author_evidence(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[Reason]:
    a, b = a.profile, b.profile
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

def cohort_evidence(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[Reason]:
    reasons = []
    pa, pb = a.profile, b.profile
    if pa.n and pb.n:
        if pa.n == pb.n:
            reasons.append(Reason(f"same cohort size {pa.n}", s.same_cohort_size))
        elif pa.n not in pb.cohort_sizes and pb.n not in pa.cohort_sizes:
            reasons.append(Reason(f"different cohort sizes {pa.n} and {pb.n}", s.different_cohort_size))
    counts_a, counts_b = a.disease_counts, b.disease_counts
    common = counts_a.keys() & counts_b.keys()
    fa, fb = a.families, b.families
    if len(common) >= 2 and all(counts_a[d] == counts_b[d] for d in common):
        mix = ", ".join(f"{d} {counts_a[d]}" for d in sorted(common))
        reasons.append(Reason(f"same disease mix {mix}", s.same_disease_counts))
    elif len(pa.diseases) >= 2 and a.disease_set == b.disease_set:
        reasons.append(Reason(f"same disease mix {', '.join(pa.diseases)}", s.same_disease_mix))
    elif len(fa) == 1 and len(fb) == 1 and fa != fb:
        reasons.append(Reason(f"different diseases {', '.join(pa.diseases)} and {', '.join(pb.diseases)}",
                              s.different_diseases))
    if (a.lookalike and b.clear) or (b.lookalike and a.clear):
        reasons.append(Reason("one is retreatment after failure, the other not", s.different_design))
    if pa.year and pa.year == pb.year:
        reasons.append(Reason(f"same year {pa.year}", s.same_year))
    tokens = a.name_tokens & b.name_tokens
    if tokens:
        reasons.append(Reason(f"document names share {sorted(tokens)[0]!r}", s.shared_name_token))
    return reasons


# -- numbers ------------------------------------------------------------------------------------

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
    first = " (first infusion)" if figure.infusion == "1" else ""
    return f"{figure.outcome}{grade} {value}{where}{sub}{first}"


def _figure_weight(a: FigureFeatures, b: FigureFeatures, s: LinkSettings) -> float:
    pa, pb = a.printed, b.printed
    if pa.exact and pb.exact:
        return s.shared_figure_exact
    as_percent = pa.unit == "proportion"
    if as_percent and (a.near_common or b.near_common):
        return s.shared_figure_common
    precise = a.precise(as_percent) or b.precise(as_percent)
    return s.shared_figure_decimal if precise else s.shared_figure


def shared_figures(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[tuple[object, float]]:
    """Figures of `a` that `b` reports too (same outcome and population, values agreeing)."""
    found: dict[tuple, tuple[object, float]] = {}
    if a.figures_by_key.keys().isdisjoint(b.figures_by_key):
        return []
    for f in a.figure_features:
        for g in b.figures_by_key.get(f.key, ()):
            if (other_denominator(f.printed, g.printed)
                    or not intervals_agree(f.interval, f.printed.exact, g.interval, g.printed.exact)):
                continue
            weight = _figure_weight(f, g, s)
            if f.key not in found or weight > found[f.key][1]:
                found[f.key] = (f.figure, weight)
    return sorted(found.values(), key=lambda item: (-item[1], item[0].start))


def number_evidence(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> list[Reason]:
    reasons = []
    shared = shared_figures(a, b, s)
    covered = set()
    if shared:
        weight = min(s.shared_figures_cap, sum(w for _, w in shared))
        shown = ", ".join(describe_figure(f) for f, _ in shared[:4]) + (", ..." if len(shared) > 4 else "")
        reasons.append(Reason(f"shares figures: {shown}", weight))
        covered = {(f.events, f.total) for f, _ in shared if f.events is not None}
    counts = [c for c in a.profile.counts if c in b.counts and c not in covered]
    if counts:
        weight = sum(s.shared_count if y >= 10 else s.shared_small_count for _, y in counts)
        reasons.append(Reason(f"shares counts: {', '.join(f'{x}/{y}' for x, y in counts[:5])}",
                              min(s.shared_counts_cap, weight)))
    if not a.figures and not b.figures:
        percents = [p for p in a.profile.percents if p in b.percents]
        if len(percents) >= 2:
            reasons.append(Reason(f"shares percents: {', '.join(percent(p) for p in percents[:5])}",
                                  min(s.shared_percents_cap, s.shared_percent * len(percents))))
    return reasons


def score_features(a: ProfileFeatures, b: ProfileFeatures, s: LinkSettings) -> PairScore:
    """All the evidence that documents `a` and `b` report one study, weighed."""
    reasons = (identifier_evidence(a, b, s) + title_evidence(a, b, s) + author_evidence(a, b, s)
               + cohort_evidence(a, b, s) + number_evidence(a, b, s))
    reasons = [r for r in reasons if r.weight]
    return PairScore(a.document, b.document, round(sum(r.weight for r in reasons), 6), tuple(reasons))


def score_pair(a: DocumentProfile, b: DocumentProfile, figures_a=(), figures_b=(),
               settings: LinkSettings | None = None) -> PairScore:
    """All the evidence that `a` and `b` (profiles, with their figures) report one study, weighed."""
    s = LinkSettings.resolve(settings)
    return score_features(ProfileFeatures(a, figures_a), ProfileFeatures(b, figures_b), s)
