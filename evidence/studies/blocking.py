"""Which pairs of documents to score: those sharing something rare that could make them one study.

A pair is a candidate when it shares a `blocking_keys` key held by at most `max_block` documents
(evidence held by hundreds of documents is too common to propose a pair). Of the candidates, only
those whose score can reach the link threshold can be linked, and only those are scored. They are
found without listing every candidate, by prefix filtering: all keys are put in one order, rarest
first; each document keeps its keys up to the point where the keys after them (with its keys
too common to order) could no longer add up to the threshold (`bounds.Bound`). A pair that can
reach the threshold shares a key both documents kept (the first key they share in that order),
so pairs are listed from kept keys only, then kept if they are candidates and their upper bound
(`bounds.pair_bound`) reaches the threshold. With weights of unusual signs every candidate is scored.
"""
from __future__ import annotations

from evidence.studies.bounds import ROUNDING_MARGIN, bounds, evidence_keys, pair_bound, usual_signs
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


def candidate_pairs(features: list[ProfileFeatures], settings: LinkSettings,
                    max_block: int = MAX_BLOCK) -> list[tuple[str, str]]:
    """The candidate pairs whose score can reach the threshold (with weights of unusual signs: all
    candidates), as (earlier, later) document names in input order."""
    blocking = [blocking_keys(f.profile, f.figures) for f in features]
    if not usual_signs(settings):
        return _names(features, _sharing_pairs(blocking, max_block))
    evidence = [evidence_keys(f) for f in features]
    held = [list(dict.fromkeys(b + list(e.keys))) for b, e in zip(blocking, evidence)]
    size: dict[tuple, int] = {}
    for keys in held:
        for key in keys:
            size[key] = size.get(key, 0) + 1
    rank = {key: i for i, key in enumerate(size)}  # first seen first, among keys held as often
    small = [frozenset(k for k in keys if 2 <= size[k] <= max_block) for keys in blocking]
    kinds = bounds(settings)
    threshold = settings.threshold - ROUNDING_MARGIN
    open_anywhere = max((e.open_figures for e in evidence), default=0)
    kept: dict[tuple, list[int]] = {}
    for i, keys in enumerate(held):
        if not small[i]:
            continue  # shares no small blocking key with anyone: in no candidate pair
        ordered = sorted((k for k in keys if 2 <= size[k] <= max_block), key=lambda k: (size[k], rank[k]))
        too_common = [k for k in keys if size[k] > max_block]
        for key in ordered[:_prefix_length(ordered, too_common, evidence[i], open_anywhere, kinds, threshold)]:
            kept.setdefault(key, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in kept.values():
        pairs.update((a, b) for n, a in enumerate(members) for b in members[n + 1:])
    chosen = [(a, b) for a, b in pairs
              if not small[a].isdisjoint(small[b]) and pair_bound(evidence[a], evidence[b], kinds) >= threshold]
    return _names(features, chosen)


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
