"""Why each document belongs to its study: its strongest evidence with another report of the study.

A document's link is its best-scoring pair within the study (ties: the earlier document). In a
study of a few reports every pair is scored. In a large one, an upper bound on every pair's score
(`ceilings.BoundMatrix`: what the two documents share, counted by kind in sparse matrix products)
orders each document's partners, and scoring stops once no partner left can reach the best score
found: the same link, without scoring every pair of the study.
"""
from __future__ import annotations

from evidence.studies.ceilings import BoundMatrix, evidence_keys
from evidence.studies.floors import ROUNDING_MARGIN, usual_signs
from evidence.studies.study import DocumentLink

SMALL_STUDY = 24  # documents; up to this many, every pair is scored
BOUNDS_PER_BLOCK = 1 << 21  # pair bounds worked out at once (16 MB)
TIE_MARGIN = 4e-7  # a bound this little above a score (rounded to 6 decimals) cannot beat it


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
    upper = BoundMatrix(keys, scorer.settings)
    best = []
    step = max(1, BOUNDS_PER_BLOCK // len(cluster))
    for start in range(0, len(cluster), step):
        rows = range(start, min(len(cluster), start + step))
        for i, row in zip(rows, upper.rows(rows)):
            best.append(_best_by_bound(i, row, cluster, scorer))
    return best


def _best_by_bound(i: int, row, cluster, scorer):
    """The best pair of document `i`, scoring its partners from the highest bound down. Scores are
    rounded to 6 decimals, so a partner whose bound is below the best score plus half of 1e-6 can
    at most tie with it, and a tie goes to the earlier document."""
    import numpy as np

    row[i] = -np.inf
    order = np.argsort(-row, kind="stable").tolist()
    ceiling = row.tolist()
    best, best_key = None, None
    for j in order:
        if j == i or (best is not None and ceiling[j] + ROUNDING_MARGIN < best.score):
            break
        if best is not None and j > -best_key[1] and ceiling[j] < best.score + TIE_MARGIN:
            continue
        pair = scorer(cluster[i], cluster[j])
        key = (pair.score, -j)
        if best is None or key > best_key:
            best, best_key = pair, key
    return best
