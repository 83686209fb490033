"""Why each document belongs to its study: its strongest evidence with another report of the study.

A document's link is its best-scoring pair within the study (ties: the earlier document). In a
study of a few reports every pair is scored. In a large one, an upper bound on every pair's score
(`bounds.evidence_keys`: what the two documents share, counted by kind in sparse matrix products)
orders each document's partners, and scoring stops once no partner left can reach the best score
found: the same link, without scoring every pair of the study.
"""
from __future__ import annotations

from evidence.studies.bounds import ROUNDING_MARGIN, Bound, EvidenceKeys, bounds, evidence_keys, usual_signs
from evidence.studies.study import DocumentLink

SMALL_STUDY = 24  # documents; up to this many, every pair is scored
BOUNDS_PER_BLOCK = 1 << 21  # pair bounds worked out at once (16 MB)


def cluster_links(cluster, scorer, mapping, map_name) -> list[DocumentLink]:
    """Each document's link, reasons and confidence (a map file's link first when it placed it)."""
    if len(cluster) < 2:
        return []
    links = []
    for document, best in zip(cluster, best_pairs(cluster, scorer)):
        reasons = best.reason_texts() if best else []
        confidence = best.confidence if best else 0.0
        linked_to = (best.b if best.a == document else best.a) if best else ""
        if document in mapping:
            reasons = [f"linked by {map_name}: {mapping[document]}"] + reasons
            confidence = 1.0
        links.append(DocumentLink(document, linked_to, tuple(reasons), confidence))
    return links


def best_pairs(cluster, scorer) -> list:
    """For each document of `cluster`, its best-scoring pair with another (the earlier other on ties)."""
    if len(cluster) <= SMALL_STUDY or not usual_signs(scorer.settings):
        return [max((scorer(document, other) for other in cluster if other != document),
                    key=lambda p, d=document: (p.score, -cluster.index(p.b if p.a == d else p.a)))
                for document in cluster]
    keys = [evidence_keys(scorer.features[d]) for d in cluster]
    upper = BoundMatrix(keys, bounds(scorer.settings))
    best = []
    step = max(1, BOUNDS_PER_BLOCK // len(cluster))
    for start in range(0, len(cluster), step):
        rows = range(start, min(len(cluster), start + step))
        for i, row in zip(rows, upper.rows(rows)):
            best.append(_best_by_bound(i, row, cluster, scorer))
    return best


def _best_by_bound(i: int, row, cluster, scorer):
    """The best pair of document `i`, scoring its partners from the highest bound down."""
    import numpy as np

    row[i] = -np.inf
    order = np.argsort(-row, kind="stable").tolist()
    ceiling = row.tolist()
    best, best_key = None, None
    for j in order:
        if j == i or (best is not None and ceiling[j] + ROUNDING_MARGIN < best.score):
            break
        pair = scorer(cluster[i], cluster[j])
        key = (pair.score, -j)
        if best is None or key > best_key:
            best, best_key = pair, key
    return best


class BoundMatrix:
    """Upper bounds on the scores of every pair of documents, a block of rows at a time."""

    def __init__(self, keys: list[EvidenceKeys], kinds: dict[str, Bound]):
        import numpy as np
        from scipy import sparse

        self.kinds = kinds
        self.size = len(keys)
        columns: dict[str, dict] = {kind: {} for kind in kinds}
        cells: dict[str, tuple[list, list]] = {kind: ([], []) for kind in kinds}
        for i, k in enumerate(keys):
            for key in k.keys:
                kind = key[0]
                rows, cols = cells[kind]
                rows.append(i)
                cols.append(columns[kind].setdefault(key, len(columns[kind])))
        self.matrices = {}
        for kind, (rows, cols) in cells.items():
            if rows:
                self.matrices[kind] = sparse.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                                                        shape=(self.size, len(columns[kind])))
        self.open_figures = np.array([k.open_figures for k in keys], dtype=np.int32)
        self.without_figures = np.array([not k.has_figures for k in keys], dtype=bool)

    def rows(self, rows: range):
        """The bounds of documents `rows` (one array of `size` per document)."""
        import numpy as np

        block = slice(rows.start, rows.stop)
        total = np.zeros((len(rows), self.size))
        for kind, bound in self.kinds.items():
            matrix = self.matrices.get(kind)
            counts = (matrix[block] @ matrix.T).toarray() if matrix is not None else np.zeros_like(total, dtype=np.int32)
            if kind == "cell":
                counts = counts + self.open_figures[block, None] + self.open_figures[None, :]
            value = np.where(counts >= bound.min_count, bound.fixed + np.minimum(bound.cap, bound.per_key * counts), 0.0)
            if kind == "percents":
                value = value * (self.without_figures[block, None] & self.without_figures[None, :])
            total += value
        return total
