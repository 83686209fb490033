"""How low or high a pair's score can be, known from each document alone, so linking skips pairs
that cannot matter.

*How low.* The chain guard (`cluster.pairs_to_clusters`) looks for a pair scoring at or below `cannot_link`
between two groups about to merge. Such a score needs evidence of two studies: different DOIs,
PMIDs, registrations, citations or trial names, different first authors, cohort sizes or
diseases, or one report being a look-alike of the other. Which of these can apply to a pair
follows from a small `veto_signature` of each document; a pair whose negative weights could not
add up to `cannot_link` is never a veto, so it need not be scored. This holds when the weights have
their usual signs (evidence of one study positive, of two studies negative); with other settings
every pair is checked, as before.

*How high.* Every kind of evidence of one study needs something both documents hold: a DOI, a
surname, a title word, a count, a figure's value (its rounding interval, in cells of 1% or one
month). `evidence_keys` lists those keys of a document, by kind; `Bound` says the most a kind can
weigh when a pair shares so many of its keys. A pair's score is at most the sum over kinds.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields

from evidence.studies.features import ProfileFeatures
from evidence.studies.profile import title_words
from evidence.studies.settings import LinkSettings

ROUNDING_MARGIN = 1e-6  # scores are rounded to 6 decimals: compare bounds with this much room
IDENTIFIERS = ("dois", "pmids", "registrations", "citation_keys", "trial_names")
DIFFERENT_IDENTIFIER = ("different_doi", "different_pmid", "different_registration", "different_citation",
                        "different_trial_name")
# weights of evidence of two studies; every other weight (but the two limits) is evidence of one study
NEGATIVE_WEIGHTS = DIFFERENT_IDENTIFIER + ("different_first_authors", "different_cohort_size", "different_diseases",
                                           "different_design")
LIMITS = ("threshold", "cannot_link")


def positive_weights() -> tuple[str, ...]:
    return tuple(f.name for f in fields(LinkSettings) if f.name not in NEGATIVE_WEIGHTS + LIMITS)


def usual_signs(settings: LinkSettings) -> bool:
    """Evidence of one study weighs >= 0 and evidence of two studies <= 0 (the defaults do)."""
    return (all(getattr(settings, name) >= 0 for name in positive_weights())
            and all(getattr(settings, name) <= 0 for name in NEGATIVE_WEIGHTS))


def veto_signature(features: ProfileFeatures) -> tuple:
    """What of a document decides which evidence of two studies a pair with it can hold."""
    profile = features.profile
    family = next(iter(features.families)) if len(features.families) == 1 else None
    return (tuple(frozenset(getattr(profile, name)) for name in IDENTIFIERS), frozenset(profile.first_authors),
            bool(profile.n), family, features.lookalike, features.clear)


def least_score(a: tuple, b: tuple, s: LinkSettings) -> float:
    """A lower bound on the score of any pair of documents with veto signatures `a` and `b`
    (weights with their usual signs)."""
    ids_a, authors_a, n_a, family_a, lookalike_a, clear_a = a
    ids_b, authors_b, n_b, family_b, lookalike_b, clear_b = b
    least = 0.0
    for left, right, weight in zip(ids_a, ids_b, DIFFERENT_IDENTIFIER):
        if left and right and left.isdisjoint(right):
            least += getattr(s, weight)
    if authors_a and authors_b and authors_a.isdisjoint(authors_b):
        least += s.different_first_authors
    if n_a and n_b:
        least += s.different_cohort_size
    if family_a and family_b and family_a != family_b:
        least += s.different_diseases
    if (lookalike_a and clear_b) or (lookalike_b and clear_a):
        least += s.different_design
    return least


class VetoGuard:
    """Which pairs of documents could score at or below `cannot_link`, by veto signature."""

    def __init__(self, features: dict[str, ProfileFeatures], settings: LinkSettings):
        self.settings = settings
        self.signature = {document: veto_signature(f) for document, f in features.items()}
        self._could: dict[tuple, bool] = {}

    def could_veto(self, a: tuple, b: tuple) -> bool:
        key = (a, b)
        if key not in self._could:
            self._could[key] = least_score(a, b, self.settings) <= self.settings.cannot_link + ROUNDING_MARGIN
        return self._could[key]


# -- how high ---------------------------------------------------------------------------------------

CELL_WIDTH = {"proportion": 0.01}  # a figure's interval is cut in cells this wide (other units: 1 month)
MAX_CELLS = 64  # a figure whose interval spans more cells counts as shared with every document


@dataclass(frozen=True)
class Bound:
    """The most one kind of evidence weighs when a pair shares `count` of its keys: nothing below
    `min_count`, else `fixed` + min(`cap`, `per_key` * count)."""

    min_count: int
    fixed: float = 0.0
    per_key: float = 0.0
    cap: float = 0.0

    def at(self, count: int) -> float:
        return 0.0 if count < self.min_count else self.fixed + min(self.cap, self.per_key * count)


def bounds(s: LinkSettings) -> dict[str, Bound]:
    """Each kind of key (the first item of a key) and the most sharing it weighs, for weights with
    their usual signs. Percents count only between documents without figures (see `pair_bound`)."""
    figure = max(s.shared_figure_exact, s.shared_figure_decimal, s.shared_figure, s.shared_figure_common)
    disease = max(s.same_disease_counts, s.same_disease_mix)
    return {
        "dois": Bound(1, s.same_doi), "pmids": Bound(1, s.same_pmid), "registrations": Bound(1, s.same_registration),
        "citation_keys": Bound(1, s.same_citation), "trial_names": Bound(1, s.same_trial_name),
        "title": Bound(4, max(s.same_title, s.similar_title)),
        "name": Bound(1, max(s.same_first_author, s.first_author_named), s.shared_person, s.shared_people_cap),
        "n": Bound(1, s.same_cohort_size),
        "disease_count": Bound(2, disease), "disease_mix": Bound(1, disease),
        "year": Bound(1, s.same_year), "name_tokens": Bound(1, s.shared_name_token),
        "cell": Bound(1, 0.0, figure, s.shared_figures_cap),
        "counts": Bound(1, 0.0, max(s.shared_count, s.shared_small_count), s.shared_counts_cap),
        "percents": Bound(2, 0.0, s.shared_percent, s.shared_percents_cap),
    }


def figure_cells(feature) -> tuple[tuple, ...] | None:
    """Keys of the cells a figure's rounding interval covers; None when there are too many (or the
    value is not a finite number): then the figure may agree with any other."""
    value = feature.figure.value
    if not isinstance(value, (int, float)) or not math.isfinite(value) or abs(value) > 1e9:
        return None
    low, high = feature.interval
    width = CELL_WIDTH.get(feature.printed.unit, 1.0)
    first, last = math.floor(low / width), math.floor(high / width)
    if last - first >= MAX_CELLS:
        return None
    return tuple(("cell", feature.key, cell) for cell in range(first, last + 1))


@dataclass(frozen=True)
class EvidenceKeys:
    """A document's evidence keys, and how many of its figures may agree with anything."""

    keys: frozenset
    open_figures: int = 0
    has_figures: bool = False


def evidence_keys(features: ProfileFeatures) -> EvidenceKeys:
    """Everything a pair with this document must share for each kind of evidence of one study."""
    profile = features.profile
    keys: set[tuple] = set()
    for name in IDENTIFIERS + ("counts", "percents", "name_tokens"):
        keys.update((name, value) for value in getattr(profile, name))
    keys.update(("title", word) for title in profile.titles for word in title_words(title))
    keys.update(("name", person) for person in profile.people + profile.first_authors)
    if profile.n:
        keys.add(("n", profile.n))
    keys.update(("disease_count", code, count) for code, count in features.disease_counts.items())
    if len(profile.diseases) >= 2:
        keys.add(("disease_mix", features.disease_set))
    if profile.year:
        keys.add(("year", profile.year))
    open_figures = 0
    for feature in features.figure_features:
        cells = figure_cells(feature)
        if cells is None:
            open_figures += 1
        else:
            keys.update(cells)
    return EvidenceKeys(frozenset(keys), open_figures, bool(features.figures))


def pair_bound(a: EvidenceKeys, b: EvidenceKeys, kinds: dict[str, Bound]) -> float:
    """The most a pair of documents can score (weights with their usual signs)."""
    counts: dict[str, int] = {}
    for key in a.keys & b.keys:
        counts[key[0]] = counts.get(key[0], 0) + 1
    if a.open_figures or b.open_figures:
        counts["cell"] = counts.get("cell", 0) + a.open_figures + b.open_figures
    if a.has_figures or b.has_figures:
        counts.pop("percents", None)
    return sum(kinds[kind].at(count) for kind, count in counts.items() if kind in kinds)
