"""How low a pair's score can be, known from each document alone, so linking skips pairs that cannot matter.

The chain guard (`cluster.pairs_to_clusters`) looks for a pair scoring at or below `cannot_link`
between two groups about to merge. Such a score needs evidence of two studies: different DOIs,
PMIDs, registrations, citations or trial names, different first authors, cohort sizes or
diseases, or one report being a look-alike of the other. Which of these can apply to a pair
follows from a small `veto_signature` of each document; a pair whose negative weights could not
add up to `cannot_link` is never a veto, so it need not be scored. This holds when the weights have
their usual signs (evidence of one study positive, of two studies negative); with other settings
every pair is checked, as before.
"""
from __future__ import annotations

from dataclasses import fields

from evidence.studies.features import ProfileFeatures
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
