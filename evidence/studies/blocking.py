"""Which pairs of documents to score: those sharing something rare that could make them one study.

A pair is a candidate when it shares a `blocking_keys` key held by at most `max_block` documents
(evidence held by hundreds of documents is too common to propose a pair). Of the candidates, only
those whose score can reach the link threshold can be linked, and only those are scored. They are
found without listing every candidate, by prefix filtering: all keys are put in one order, rarest
first; each document keeps its keys up to the point where the keys after them (with its keys
too common to order) could no longer add up to the threshold (`ceilings.Bound`). A pair that can
reach the threshold shares a key both documents kept (the first key they share in that order),
so pairs are listed from kept keys only, then kept if they are candidates and their upper bound
(`ceilings.pair_bound`) reaches the threshold. Two documents that each give identifiers (or first
authors) of one kind and share none surely hold that kind's evidence of two studies, so they must
reach a higher threshold: prefixes are taken per pair of classes of documents (by the kinds they
give), and pairs sharing an identifier are listed from its postings. With weights of unusual
signs every candidate is scored.
"""
from __future__ import annotations

from evidence.studies.ceilings import IDENTITY, bounds, evidence_keys, pair_bound
from evidence.studies.floors import ROUNDING_MARGIN, usual_signs
from evidence.studies.features import ProfileFeatures, printed
from evidence.studies.profile import DocumentProfile, title_words
from evidence.studies.settings import LinkSettings

MAX_BLOCK = 200  # evidence shared by more documents than this is too common to propose a pair


def blocking_keys(profile: DocumentProfile, figures=()) -> list[tuple]:
    """What proposes a pair: identifiers, names, cohort size, title words, counts, figures,
    percents, name tokens (each key once, in a fixed order)."""
    keys: dict[tuple, None] = {}
    for attribute in ("dois", "pmids", "registrations", "citation_keys", "trial_names", "people", "first_authors",
                      "counts", "percents", "name_tokens"):
        keys.update(((attribute, value), None) for value in getattr(profile, attribute))
    if profile.n:
        keys[("n", profile.n)] = None
    keys.update((("title", word), None) for title in profile.titles for word in sorted(title_words(title))
                if len(word) >= 4)
    keys.update((("figure", f.outcome, round(printed(f).point, 3)), None) for f in figures if not f.derived)
    return list(keys)


def sharing_blocks(features: list[ProfileFeatures], max_block: int = MAX_BLOCK) -> list[list[str]]:
    """The documents holding each blocking key held by 2 to `max_block` documents: every pair within
    one is a candidate, and every candidate is within one."""
    postings: dict[tuple, list[str]] = {}
    for f in features:
        for key in blocking_keys(f.profile, f.figures):
            postings.setdefault(key, []).append(f.document)
    return [members for members in postings.values() if 2 <= len(members) <= max_block]


def candidate_pairs(features: list[ProfileFeatures], settings: LinkSettings, max_block: int = MAX_BLOCK,
                    joined=None) -> list[tuple[str, str]]:
    """The candidate pairs whose score can reach the threshold (with weights of unusual signs: all
    candidates), as (earlier, later) document names in input order; without those for which
    `joined(a, b)` holds (documents already known to be in one group), when given."""
    blocking = [blocking_keys(f.profile, f.figures) for f in features]
    if not usual_signs(settings):
        return _names(features, _sharing_pairs(blocking, max_block))
    evidence = [evidence_keys(f) for f in features]
    kinds = bounds(settings)
    held = [list(dict.fromkeys(b + [k for k in e.keys if k[0] in kinds])) for b, e in zip(blocking, evidence)]
    size: dict[tuple, int] = {}
    for keys in held:
        for key in keys:
            size[key] = size.get(key, 0) + 1
    rank = {key: i for i, key in enumerate(size)}  # first seen first, among keys held as often
    small = [frozenset(k for k in keys if 2 <= size[k] <= max_block) for keys in blocking]
    prefixes = _Prefixes(held, size, rank, evidence, kinds, max_block)
    identity = [_identity(f.profile, size, max_block) for f in features]
    pairs: set[tuple[int, int]] = set()
    for members in _postings(identity, lambda key: size[key] >= 2).values():
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])  # sharing an identifier
    classes: dict[frozenset, list[int]] = {}
    for i, given in enumerate(identity):
        if small[i]:  # else in no candidate pair
            classes.setdefault(frozenset(given), []).append(i)
    groups = list(classes.items())
    for n, (given_a, group_a) in enumerate(groups):
        for given_b, group_b in groups[n:]:
            certain = sum(getattr(settings, IDENTITY[kind]) for kind in given_a & given_b)
            threshold = settings.threshold - ROUNDING_MARGIN - certain
            kept_a = prefixes.kept(group_a, threshold)
            kept_b = kept_a if group_b is group_a else prefixes.kept(group_b, threshold)
            for key, members_a in kept_a.items():
                if group_b is group_a:
                    pairs.update((a, b) for m, a in enumerate(members_a) for b in members_a[m + 1:])
                else:
                    pairs.update((min(a, b), max(a, b)) for a in members_a for b in kept_b.get(key, ()))
    threshold = settings.threshold - ROUNDING_MARGIN
    names = [f.document for f in features]
    chosen = [(a, b) for a, b in pairs if not small[a].isdisjoint(small[b])
              and (joined is None or not joined(names[a], names[b]))
              and pair_bound(evidence[a], evidence[b], kinds, settings) >= threshold]
    return _names(features, chosen)


def _identity(profile: DocumentProfile, size: dict, max_block: int) -> dict[str, tuple]:
    """The document's identifiers and first authors, by kind, for the kinds whose keys are all held
    by at most `max_block` documents (a pair sharing one of them is listed from its postings)."""
    identity = {}
    for kind in IDENTITY:
        values = getattr(profile, kind)
        if values and all(size[(kind, value)] <= max_block for value in values):
            identity[kind] = values
    return identity


def _postings(identity: list[dict], keep) -> dict[tuple, list[int]]:
    postings: dict[tuple, list[int]] = {}
    for index, given in enumerate(identity):
        for kind, values in given.items():
            for value in values:
                if keep((kind, value)):
                    postings.setdefault((kind, value), []).append(index)
    return postings


class _Prefixes:
    """Each document's keys in the one order (rarest first), and how many of them it keeps for a
    given threshold."""

    def __init__(self, held, size, rank, evidence, kinds, max_block):
        self.ordered = [sorted((k for k in keys if 2 <= size[k] <= max_block), key=lambda k: (size[k], rank[k]))
                        for keys in held]
        self.too_common = [[k for k in keys if size[k] > max_block] for keys in held]
        self.evidence = evidence
        self.kinds = kinds
        self.open_anywhere = max((e.open_figures for e in evidence), default=0)
        self._length: dict[tuple[int, float], int] = {}

    def kept(self, documents: list[int], threshold: float) -> dict[tuple, list[int]]:
        """Kept key -> the `documents` (in order) keeping it."""
        kept: dict[tuple, list[int]] = {}
        for i in documents:
            if (i, threshold) not in self._length:
                self._length[(i, threshold)] = _prefix_length(self.ordered[i], self.too_common[i], self.evidence[i],
                                                               self.open_anywhere, self.kinds, threshold)
            for key in self.ordered[i][:self._length[(i, threshold)]]:
                kept.setdefault(key, []).append(i)
        return kept


def _prefix_length(ordered, too_common, keys, open_anywhere, kinds, threshold) -> int:
    """How many of a document's `ordered` keys it keeps: up to the last one from which its keys
    (with `too_common` ones and figures that may agree with anything) can still reach `threshold`."""
    counts: dict[str, int] = {}

    def add(kind: str, more: int = 1) -> float:
        bound = kinds.get(kind)
        if bound is None or (kind == "percents" and keys.has_figures):
            return 0.0
        before = counts.get(kind, 0)
        counts[kind] = before + more
        return bound.at(before + more) - bound.at(before)

    total = add("cell", keys.open_figures + open_anywhere) if keys.open_figures + open_anywhere else 0.0
    for key in too_common:
        total += add(key[0])
    if total >= threshold:
        return len(ordered)
    for position in range(len(ordered) - 1, -1, -1):
        total += add(ordered[position][0])
        if total >= threshold:
            return position + 1
    return 0


def _sharing_pairs(blocking: list[list[tuple]], max_block: int) -> set[tuple[int, int]]:
    """Every pair of documents sharing a key held by 2 to `max_block` documents."""
    postings: dict[tuple, list[int]] = {}
    for index, keys in enumerate(blocking):
        for key in keys:
            postings.setdefault(key, []).append(index)
    pairs: set[tuple[int, int]] = set()
    for members in postings.values():
        if 2 <= len(members) <= max_block:
            pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1:])
    return pairs


def _names(features, pairs) -> list[tuple[str, str]]:
    return [(features[a].document, features[b].document) for a, b in sorted(pairs)]
