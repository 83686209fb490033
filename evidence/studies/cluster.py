"""From scored pairs to studies: link above the threshold, never chain across a contradiction.

Pairs are taken strongest first; each one at or above the threshold merges its two groups unless
some document of one group and some document of the other score at or below `cannot_link`
(different DOIs, different first authors, ...) or a user's map puts them in different studies.
This is single linkage with a guard: a weak chain A-B-C cannot join A and C when A and C disagree.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.studies.scoring import PairScore
from evidence.studies.settings import LinkSettings


@dataclass(frozen=True)
class Blocked:
    """A link above the threshold that was not made, and the pair that forbade it."""

    pair: PairScore
    because: PairScore | None  # None: the user's map keeps the two apart


def pair_key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


def pairs_to_clusters(documents, pairs: dict[tuple[str, str], PairScore], settings: LinkSettings | None = None,
                      mapping: dict[str, str] | None = None, score=None,
                      guard=None) -> tuple[list[tuple[str, ...]], list[Blocked]]:
    """Groups of documents (in input order, groups ordered by their first document) and the links
    the guard refused. `pairs` are the scored candidate pairs; `score(a, b)`, when given, scores a
    pair the guard needs that is not among them (else such a pair cannot object). `guard` (a
    `floors.VetoGuard`), when given, spares the pairs that cannot object."""
    s = LinkSettings.resolve(settings)
    mapping = mapping or {}
    order = {d: i for i, d in enumerate(documents)}
    group = {d: d for d in documents}
    members = {d: [d] for d in documents}
    label = {d: mapping.get(d, "") for d in documents}
    signature = guard.signature if guard is not None else dict.fromkeys(documents)
    could_veto = guard.could_veto if guard is not None else (lambda a, b: True)
    buckets = {d: {signature[d]: [d]} for d in documents}  # each group's members by veto signature

    def find(d):
        while group[d] != d:
            group[d] = group[group[d]]
            d = group[d]
        return d

    def merge(x, y):
        x, y = find(x), find(y)
        if order[x] > order[y]:
            x, y = y, x
        group[y] = x
        members[x] += members.pop(y)
        label[x] = label[x] or label[y]
        for key, docs in buckets.pop(y).items():
            buckets[x].setdefault(key, []).extend(docs)

    by_label: dict[str, str] = {}
    for d in documents:  # the map's links come first and always hold
        if label[d]:
            if label[d] in by_label:
                merge(by_label[label[d]], d)
            else:
                by_label[label[d]] = d

    blocked: list[Blocked] = []
    strong = sorted((p for p in pairs.values() if p.score >= s.threshold),
                    key=lambda p: (-p.score, order[p.a], order[p.b]))
    for pair in strong:
        x, y = find(pair.a), find(pair.b)
        if x == y:
            continue
        if label[x] and label[y] and label[x] != label[y]:
            blocked.append(Blocked(pair, None))
            continue
        veto = next((p for p in (_pair(m, n, pairs, score) for m, n in _could_object(x, y, members, buckets,
                                                                                       signature, could_veto))
                     if p is not None and p.score <= s.cannot_link), None)
        if veto is not None:
            blocked.append(Blocked(pair, veto))
            continue
        merge(x, y)
    clusters = [tuple(sorted(members[root], key=order.get)) for root in members]
    return sorted(clusters, key=lambda c: order[c[0]]), blocked


def _could_object(x, y, members, buckets, signature, could_veto):
    """The pairs (m of group x, n of group y) that could forbid merging x and y, in the order
    `members[x]` by `members[y]`."""
    risky: dict = {}
    for a in buckets[x]:
        for b in buckets[y]:
            if could_veto(a, b):
                risky.setdefault(a, []).append(b)
    if not risky:
        return
    position = {n: i for i, n in enumerate(members[y])}
    partners: dict = {}
    for m in members[x]:
        kinds = risky.get(signature[m])
        if kinds is None:
            continue
        if signature[m] not in partners:
            partners[signature[m]] = sorted((n for kind in kinds for n in buckets[y][kind]), key=position.__getitem__)
        for n in partners[signature[m]]:
            yield m, n


def _pair(a: str, b: str, pairs, score) -> PairScore | None:
    key = pair_key(a, b)
    if key not in pairs and score is not None:
        pairs[key] = score(a, b)
    return pairs.get(key)


class Groups:
    """Documents in groups that only ever merge (union-find); groups in input order."""

    def __init__(self, documents):
        self.documents = list(documents)
        self.order = {d: i for i, d in enumerate(self.documents)}
        self.group = {d: d for d in self.documents}

    def find(self, d: str) -> str:
        group = self.group
        while group[d] != d:
            group[d] = group[group[d]]
            d = group[d]
        return d

    def same(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def join(self, a: str, b: str) -> None:
        x, y = self.find(a), self.find(b)
        if x != y:
            x, y = (x, y) if self.order[x] < self.order[y] else (y, x)
            self.group[y] = x

    def clusters(self) -> list[tuple[str, ...]]:
        """The groups, each in input order, ordered by their first document."""
        members: dict[str, list[str]] = {}
        for d in self.documents:
            members.setdefault(self.find(d), []).append(d)
        return [tuple(m) for m in members.values()]


def linked_components(documents, blocks, surely, candidates, linked) -> list[tuple[str, ...]]:
    """The groups `pairs_to_clusters` makes when no link can be refused (no map, and no pair of
    documents that could forbid one), so the order links are made in does not matter: documents
    joined by every candidate pair that is linked. Pairs within a block of candidates (documents
    sharing a rare key) that `surely(a, b)` link are joined first, without a score; then
    `candidates(joined)` gives the other pairs that could be linked, and `linked(a, b)` decides. A
    pair already in one group is not asked about."""
    groups = Groups(documents)
    for members in blocks:
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if not groups.same(a, b) and surely(a, b):
                    groups.join(a, b)
            if i == 0 and len({groups.find(m) for m in members}) == 1:
                break
    for a, b in candidates(groups.same):
        if not groups.same(a, b) and linked(a, b):
            groups.join(a, b)
    return groups.clusters()
