"""How low a pair's score can be, known from each document alone, so the chain guard skips pairs
that cannot forbid a link, and linking skips scoring pairs sure to be linked.

The chain guard (`cluster.pairs_to_clusters`) looks for a pair scoring at or below `cannot_link`
between two groups about to merge. Such a score needs evidence of two studies: different DOIs,
PMIDs, registrations, citations or trial names, different first authors, cohort sizes or
diseases, or one report being a look-alike of the other. Which of these can apply to a pair
follows from a small `veto_signature` of each document; a pair whose negative weights could not
add up to `cannot_link` is never a veto, so it need not be scored. This holds when the weights have
their usual signs (evidence of one study positive, of two studies negative); with other settings
every pair is checked, as before (`usual_signs`; the shortcuts of `ceilings` need them too).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import fields

from evidence.studies.features import ProfileFeatures
from evidence.studies.settings import LinkSettings

ROUNDING_MARGIN = 1e-6  # scores are rounded to 6 decimals: compare bounds with this much room
MAX_SIGNATURES = 2000  # more distinct veto signatures than this: not checked for "never vetoes"
IDENTIFIERS = ("dois", "pmids", "registrations", "citation_keys", "trial_names")
SAME_IDENTIFIER = ("same_doi", "same_pmid", "same_registration", "same_citation", "same_trial_name")
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


def certain_differences(a: tuple, b: tuple, s: LinkSettings) -> float:
    """The weight of the evidence of two studies that a pair of documents with veto signatures `a`
    and `b` surely holds: different identifiers, different first authors, a look-alike design."""
    ids_a, authors_a, _, _, lookalike_a, clear_a = a
    ids_b, authors_b, _, _, lookalike_b, clear_b = b
    weight = 0.0
    for left, right, different in zip(ids_a, ids_b, DIFFERENT_IDENTIFIER):
        if left and right and left.isdisjoint(right):
            weight += getattr(s, different)
    if authors_a and authors_b and authors_a.isdisjoint(authors_b):
        weight += s.different_first_authors
    if (lookalike_a and clear_b) or (lookalike_b and clear_a):
        weight += s.different_design
    return weight


def least_score(a: tuple, b: tuple, s: LinkSettings) -> float:
    """A lower bound on the score of any pair of documents with veto signatures `a` and `b`
    (weights with their usual signs): what they surely hold, and cohort sizes and diseases that may differ."""
    least = certain_differences(a, b, s)
    if a[2] and b[2]:
        least += s.different_cohort_size
    if a[3] and b[3] and a[3] != b[3]:
        least += s.different_diseases
    return least


class VetoGuard:
    """Which pairs of documents could score at or below `cannot_link`, by veto signature."""

    def __init__(self, features: dict[str, ProfileFeatures], settings: LinkSettings):
        self.settings = settings
        self.signature = {document: veto_signature(f) for document, f in features.items()}
        self._could: dict[tuple, bool] = {}
        self._surely: dict[tuple, bool] = {}

    def could_veto(self, a: tuple, b: tuple) -> bool:
        key = (a, b)
        if key not in self._could:
            self._could[key] = least_score(a, b, self.settings) <= self.settings.cannot_link + ROUNDING_MARGIN
        return self._could[key]

    def never_vetoes(self) -> bool:
        """Whether no pair of the documents could score at or below `cannot_link` (then no link is
        ever refused, and the order links are made in does not matter)."""
        counts = Counter(self.signature.values())
        if len(counts) > MAX_SIGNATURES:
            return False
        kinds = list(counts)
        return not any((counts[a] > 1 and self.could_veto(a, a)) or any(self.could_veto(a, b) for b in kinds[i + 1:])
                       for i, a in enumerate(kinds))

    def surely_links(self, a: str, b: str) -> bool:
        """Whether documents `a` and `b` score at least the threshold whatever else they hold: the
        identifiers they share outweigh any evidence of two studies they could hold."""
        key = (self.signature[a], self.signature[b])
        if key not in self._surely:
            signature_a, signature_b = key
            shared = sum(getattr(self.settings, same)
                         for left, right, same in zip(signature_a[0], signature_b[0], SAME_IDENTIFIER)
                         if not left.isdisjoint(right))
            least = shared + least_score(signature_a, signature_b, self.settings)
            self._surely[key] = least >= self.settings.threshold + ROUNDING_MARGIN
        return self._surely[key]
