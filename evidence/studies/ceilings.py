"""The most a pair of documents can score, known from what the two share, so linking skips pairs that
cannot matter.

Every kind of evidence of one study needs something both documents hold: a DOI, a surname, a title
word, a count, a figure's value (its rounding interval, cut in cells of 1% or one month).
`evidence_keys` lists those keys of a document by kind, with what decides the evidence of two
studies a pair surely holds (different identifiers, first authors or cohort sizes, a look-alike
design). `Bound` is the most one kind weighs when a pair shares so many of its keys; `pair_bound`
adds the kinds up for one pair, `BoundMatrix` for every pair of a group of documents at once
(sparse matrix products). Both hold for weights with their usual signs (`floors.usual_signs`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from evidence.studies.features import ProfileFeatures
from evidence.studies.floors import DIFFERENT_IDENTIFIER, IDENTIFIERS
from evidence.studies.settings import LinkSettings

CELL_WIDTH = {"proportion": 0.01}  # a figure's interval is cut in cells this wide (other units: 1 month)
MAX_CELLS = 64  # a figure whose interval spans more cells may agree with any figure of its key
FIGURE_KINDS = ("cell", "exact_cell", "figure_key")  # weighed together (`figure_bound`)


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
    """Each weighed kind of key (a key's first item) and the most sharing it weighs. Figures
    ("cell") weigh at most this; `figure_bound` is tighter. Percents count only between documents
    without figures."""
    disease = max(s.same_disease_counts, s.same_disease_mix)
    return {
        "dois": Bound(1, s.same_doi), "pmids": Bound(1, s.same_pmid), "registrations": Bound(1, s.same_registration),
        "citation_keys": Bound(1, s.same_citation), "trial_names": Bound(1, s.same_trial_name),
        "title": Bound(4, max(s.same_title, s.similar_title)),
        "name": Bound(1, max(s.same_first_author, s.first_author_named), s.shared_person, s.shared_people_cap),
        "n": Bound(1, s.same_cohort_size),
        "disease_count": Bound(2, disease), "disease_mix": Bound(1, disease),
        "year": Bound(1, s.same_year), "name_tokens": Bound(1, s.shared_name_token),
        "cell": Bound(1, 0.0, _figure_weights(s)[0], s.shared_figures_cap),
        "counts": Bound(1, 0.0, max(s.shared_count, s.shared_small_count), s.shared_counts_cap),
        "percents": Bound(2, 0.0, s.shared_percent, s.shared_percents_cap),
    }


def _figure_weights(s: LinkSettings) -> tuple[float, float]:
    """The most a shared figure weighs, and the most one weighs unless both documents give counts."""
    other = max(s.shared_figure_decimal, s.shared_figure, s.shared_figure_common)
    return max(s.shared_figure_exact, other), other


def figure_bound(cells, figure_keys, exact_cells, s: LinkSettings):
    """The most shared figures weigh: at most one per figure key both give and per shared cell,
    weighing as exact counts only as often as cells of exact counts are shared. Numbers or arrays."""
    most, other = _figure_weights(s)
    if isinstance(cells, int):
        shared = min(cells, figure_keys)
        exact = min(shared, exact_cells)
        return min(s.shared_figures_cap, most * exact + other * (shared - exact)) if shared >= 1 else 0.0
    import numpy as np

    shared = np.minimum(cells, figure_keys)
    exact = np.minimum(shared, exact_cells)
    return np.where(shared >= 1, np.minimum(s.shared_figures_cap, most * exact + other * (shared - exact)), 0.0)


def figure_cells(feature) -> tuple[int, ...] | None:
    """The cells a figure's rounding interval covers; None when there are too many (or the value is
    not a finite number): then the figure may agree with any other of its key."""
    value = feature.figure.value
    if not feature.printed.exact and (not isinstance(value, (int, float)) or not math.isfinite(value)
                                      or abs(value) > 1e9):
        return None
    low, high = feature.interval
    width = CELL_WIDTH.get(feature.printed.unit, 1.0)
    first, last = math.floor(low / width), math.floor(high / width)
    if last - first >= MAX_CELLS:
        return None
    return tuple(range(first, last + 1))


@dataclass(frozen=True)
class EvidenceKeys:
    """A document's evidence keys (in a fixed order) and what decides its sure evidence of two studies."""

    keys: tuple
    open_figures: int = 0  # figures that may agree with any other of their key
    has_figures: bool = False
    identifiers: frozenset = frozenset()  # the kinds of IDENTIFIERS it gives, and "first_authors"
    n: int | None = None
    cohort_sizes: frozenset = frozenset()
    lookalike: bool = False
    clear: bool = False  # clearly a retreatment after failure
    key_set: frozenset = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "key_set", frozenset(self.keys))


def evidence_keys(features: ProfileFeatures) -> EvidenceKeys:
    """Everything a pair with this document must share for each kind of evidence of one study."""
    profile = features.profile
    keys: dict[tuple, None] = {}
    for name in IDENTIFIERS + ("first_authors", "counts", "percents", "name_tokens"):
        keys.update(((name, value), None) for value in getattr(profile, name))
    keys.update((("title", word), None) for title, words in features.titles for word in sorted(words))
    keys.update((("name", person), None) for person in profile.people + profile.first_authors)
    if profile.n:
        keys[("n", profile.n)] = None
    keys.update((("disease_count", code, count), None) for code, count in features.disease_counts.items())
    if len(profile.diseases) >= 2:
        keys[("disease_mix", features.disease_set)] = None
    if profile.year:
        keys[("year", profile.year)] = None
    open_figures = 0
    for feature in features.figure_features:
        keys[("figure_key", feature.key)] = None
        cells = figure_cells(feature)
        if cells is None:
            open_figures += 1
            continue
        keys.update((("cell", feature.key, cell), None) for cell in cells)
        if feature.printed.exact:
            keys.update((("exact_cell", feature.key, cell), None) for cell in cells)
    identifiers = frozenset(name for name in IDENTIFIERS + ("first_authors",) if getattr(profile, name))
    return EvidenceKeys(tuple(keys), open_figures, bool(features.figures), identifiers, profile.n or None,
                        frozenset(profile.cohort_sizes), features.lookalike, features.clear)


# identifiers and first authors: a pair giving some of one kind each, none in common, surely holds
# that kind's evidence of two studies
IDENTITY = dict(zip(IDENTIFIERS, DIFFERENT_IDENTIFIER), first_authors="different_first_authors")


def pair_bound(a: EvidenceKeys, b: EvidenceKeys, kinds: dict[str, Bound], s: LinkSettings) -> float:
    """The most a pair of documents can score (weights with their usual signs)."""
    counts: dict[str, int] = {}
    for key in a.key_set & b.key_set:
        counts[key[0]] = counts.get(key[0], 0) + 1
    total = sum(kinds[kind].at(count) for kind, count in counts.items()
                if kind in kinds and kind not in ("cell", "percents"))
    if not (a.has_figures or b.has_figures):
        total += kinds["percents"].at(counts.get("percents", 0))
    total += figure_bound(counts.get("cell", 0) + a.open_figures + b.open_figures, counts.get("figure_key", 0),
                          counts.get("exact_cell", 0), s)
    for kind in a.identifiers & b.identifiers:
        if not counts.get(kind):
            total += getattr(s, IDENTITY[kind])
    if (a.lookalike and b.clear) or (b.lookalike and a.clear):
        total += s.different_design
    if a.n and b.n and a.n != b.n and a.n not in b.cohort_sizes and b.n not in a.cohort_sizes:
        total += s.different_cohort_size
    return total


class BoundMatrix:
    """`pair_bound` for every pair of a group of documents, a block of rows at a time."""

    def __init__(self, keys: list[EvidenceKeys], settings: LinkSettings):
        import numpy as np

        self.settings = settings
        self.kinds = bounds(settings)
        self.size = len(keys)
        self.matrices = _incidence({i: k.keys for i, k in enumerate(keys)}, self.size)
        sizes = {i: [("n", k.n)] if k.n else [] for i, k in enumerate(keys)}
        in_cohort = {i: [("n", n) for n in k.cohort_sizes] for i, k in enumerate(keys)}
        self.n_matrix, self.cohort_matrix = _paired_incidence(sizes, in_cohort, self.size)
        self.n = np.array([k.n or 0 for k in keys])
        self.open_figures = np.array([k.open_figures for k in keys])
        self.without_figures = np.array([not k.has_figures for k in keys])
        self.gives = {kind: np.array([kind in k.identifiers for k in keys]) for kind in IDENTITY}
        self.lookalike = np.array([k.lookalike for k in keys])
        self.clear = np.array([k.clear for k in keys])

    def shared(self, kind: str, rows: slice):
        import numpy as np

        matrix = self.matrices.get(kind)
        if matrix is None:
            return np.zeros((rows.stop - rows.start, self.size), dtype=np.int64)
        return (matrix[rows] @ matrix.T).toarray()

    def rows(self, rows: range):
        """The bounds of the pairs of documents `rows` with every document (one array per row)."""
        import numpy as np

        s, block = self.settings, slice(rows.start, rows.stop)
        total = np.zeros((len(rows), self.size))
        for kind, bound in self.kinds.items():
            if kind in ("cell", "percents"):
                continue
            counts = self.shared(kind, block)
            total += np.where(counts >= bound.min_count,
                              bound.fixed + np.minimum(bound.cap, bound.per_key * counts), 0.0)
        percents = self.kinds["percents"]
        counts = self.shared("percents", block)
        total += (np.where(counts >= percents.min_count, np.minimum(percents.cap, percents.per_key * counts), 0.0)
                  * (self.without_figures[block, None] & self.without_figures[None, :]))
        cells = self.shared("cell", block) + self.open_figures[block, None] + self.open_figures[None, :]
        total += figure_bound(cells, self.shared("figure_key", block), self.shared("exact_cell", block), s)
        for kind, different in IDENTITY.items():
            gives = self.gives[kind]
            total += getattr(s, different) * (gives[block, None] & gives[None, :] & (self.shared(kind, block) == 0))
        total += s.different_design * ((self.lookalike[block, None] & self.clear[None, :])
                                       | (self.clear[block, None] & self.lookalike[None, :]))
        n_a, n_b = self.n[block, None], self.n[None, :]
        a_in_b = (self.n_matrix[block] @ self.cohort_matrix.T).toarray() > 0
        b_in_a = (self.cohort_matrix[block] @ self.n_matrix.T).toarray() > 0
        total += s.different_cohort_size * ((n_a > 0) & (n_b > 0) & (n_a != n_b) & ~a_in_b & ~b_in_a)
        return total


def _incidence(keys_by_row: dict[int, list], size: int) -> dict:
    """Per kind of key, the 0/1 sparse matrix of rows by the keys of that kind they hold."""
    import numpy as np
    from scipy import sparse

    columns: dict[str, dict] = {}
    entries: dict[str, tuple[list, list]] = {}
    for i, keys in keys_by_row.items():
        for key in keys:
            kind = key[0]
            rows, cols = entries.setdefault(kind, ([], []))
            rows.append(i)
            cols.append(columns.setdefault(kind, {}).setdefault(key, len(columns[kind])))
    return {kind: sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)),
                                    shape=(size, len(columns[kind])))
            for kind, (rows, cols) in entries.items()}


def _paired_incidence(left: dict[int, list], right: dict[int, list], size: int):
    """Two 0/1 sparse matrices of rows by keys over one set of columns (the keys of both)."""
    import numpy as np
    from scipy import sparse

    columns: dict = {}
    for keys_by_row in (left, right):
        for keys in keys_by_row.values():
            for key in keys:
                columns.setdefault(key, len(columns))

    def matrix(keys_by_row):
        rows = [i for i, keys in keys_by_row.items() for _ in keys]
        cols = [columns[key] for keys in keys_by_row.values() for key in keys]
        return sparse.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(size, max(1, len(columns))))

    return matrix(left), matrix(right)
