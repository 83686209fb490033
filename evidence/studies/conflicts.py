"""Which reports of one figure contradict each other.

Two documents conflict on a figure when none of the values one gives agrees with any the other
gives (a document may report two populations: 24/30 evaluable and 70.5% of all); values with
different denominators describe different populations and are not compared. A few documents are
compared pair by pair; many (a study of hundreds of reports) are compared all at once, as
boolean matrices over their values, with the same comparisons (`rounding.interval`, `agree`).
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.studies.rounding import EPSILON, agree, interval, other_denominator

MANY_DOCUMENTS = 32  # from this many documents reporting one figure on, compare them all at once
VALUES_PER_BLOCK = 1 << 21  # value pairs compared at once (a few MB of booleans)


def comparable(a, b) -> bool:
    return a.document != b.document and not other_denominator(a.printed, b.printed)


def disagree(a, b) -> bool:
    return comparable(a, b) and not agree(a.printed, b.printed)


def documents_conflict(values_a, values_b) -> bool:
    """Whether two documents' values of one figure conflict: some can be compared, none agree."""
    pairs = [(a, b) for a in values_a for b in values_b if comparable(a, b)]
    return bool(pairs) and all(not agree(a.printed, b.printed) for a, b in pairs)


@dataclass(frozen=True)
class Conflicts:
    documents: frozenset[str]  # documents that conflict with another on the figure
    rows: frozenset[int]  # rows whose value a conflicting document contradicts


def find_conflicts(by_document: dict) -> Conflicts:
    """The conflicts among the values (`ReportedValue`s, by document) of one figure."""
    if len(by_document) >= MANY_DOCUMENTS:
        try:
            intervals = [interval(v.printed) for values in by_document.values() for v in values]
        except (ValueError, OverflowError):
            intervals = None  # a value that cannot be rounded: compared pair by pair, as it always was
        if intervals is not None:
            return _all_at_once(by_document, intervals)
    return _pair_by_pair(by_document)


def _pair_by_pair(by_document: dict) -> Conflicts:
    documents = list(by_document)
    clashing = {(a, b) for i, a in enumerate(documents) for b in documents[i + 1:]
                if documents_conflict(by_document[a], by_document[b])}
    rows = set()
    for a, b in clashing:
        for mine, theirs in ((a, b), (b, a)):
            rows.update(v.row for v in by_document[mine] if any(disagree(v, w) for w in by_document[theirs]))
    return Conflicts(frozenset(d for pair in clashing for d in pair), frozenset(rows))


def _all_at_once(by_document: dict, intervals: list[tuple[float, float]]) -> Conflicts:
    """`_pair_by_pair` with every value compared with every other in boolean matrices: documents
    a and b conflict when some pair of their values is comparable and no comparable pair agrees."""
    import numpy as np

    documents = list(by_document)
    values = [v for d in documents for v in by_document[d]]
    sizes = [len(by_document[d]) for d in documents]
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)
    document_of = np.repeat(np.arange(len(documents)), sizes)
    low = np.array([i[0] for i in intervals])
    high = np.array([i[1] for i in intervals])
    high_less = high - 2 * EPSILON
    exact = np.array([v.printed.exact for v in values])
    has_total = np.array([v.total is not None for v in values])
    total = np.array([v.total if v.total is not None else 0 for v in values], dtype=np.int64)
    in_conflict = np.zeros(len(documents), dtype=bool)
    conflict_rows = np.zeros(len(values), dtype=bool)
    first = 0
    while first < len(documents):
        last = first + 1  # documents [first, last) are compared with all, together
        while last < len(documents) and (starts[last] + sizes[last] - starts[first]) * len(values) <= VALUES_PER_BLOCK:
            last += 1
        rows = slice(starts[first], starts[last - 1] + sizes[last - 1])
        comparable_ = ((document_of[rows, None] != document_of[None, :])
                       & ~(has_total[rows, None] & has_total[None, :] & (total[rows, None] != total[None, :])))
        closed = (low[rows, None] <= high[None, :]) & (low[None, :] <= high[rows, None])
        strict = (low[rows, None] < high_less[None, :]) & (low[None, :] < high_less[rows, None])
        agreeing = comparable_ & np.where(exact[rows, None] | exact[None, :], closed, strict)
        comparable_by_document = np.logical_or.reduceat(comparable_, starts, axis=1)  # value x document
        agreeing_by_document = np.logical_or.reduceat(agreeing, starts, axis=1)
        local = starts[first:last] - starts[first]
        clash = (np.logical_or.reduceat(comparable_by_document, local, axis=0)
                 & ~np.logical_or.reduceat(agreeing_by_document, local, axis=0))  # document x document
        in_conflict[first:last] = clash.any(axis=1)
        conflict_rows[rows] = (comparable_by_document & clash[document_of[rows] - first]).any(axis=1)
        first = last
    return Conflicts(frozenset(d for d, hit in zip(documents, in_conflict.tolist()) if hit),
                     frozenset(v.row for v, hit in zip(values, conflict_rows.tolist()) if hit))
