"""What pair scoring compares of one document, worked out once per document instead of once per pair.

Scoring reads title words, sets of identifiers and names, the document's single disease and, for
each figure, its key, printed value and rounding interval. A corpus of N documents scores many
pairs per document, so `ProfileFeatures` holds all of that for one document and every pair it is
in reads it from there.
"""
from __future__ import annotations

from evidence.studies import rules
from evidence.studies.profile import DocumentProfile, title_words
from evidence.studies.rounding import Printed, decimals, interval

COMMON_PROPORTIONS = (0.0, 0.5, 1.0)


def families(diseases) -> set[str]:
    return {rules.DISEASE_FAMILIES.get(d, d) for d in diseases}


def lookalike(profile: DocumentProfile) -> bool:
    return (profile.not_after_failure >= rules.LOOKALIKE_MIN_WEIGHT
            and profile.not_after_failure > profile.after_failure)


def figure_key(figure, single_disease: str) -> tuple:
    disease = figure.disease or "mixed"
    if single_disease and disease == "mixed":
        disease = single_disease
    return (figure.outcome, figure.measure, disease, figure.infusion, figure.grade,
            figure.subgroup.lower(), figure.timepoint_months, figure.target_relation or "")


def printed(figure) -> Printed:
    return Printed(figure.value, figure.events, figure.total, figure.unit)


def single_disease(figures) -> str:
    from evidence.studies.reconcile import study_context

    return study_context(figures)[0]


class FigureFeatures:
    """One figure as pair scoring compares it; its interval and precision are worked out when
    first asked for (a value that cannot be rounded fails where it did before: when compared)."""

    __slots__ = ("figure", "key", "printed", "_interval", "_precise")

    def __init__(self, figure, single: str):
        self.figure = figure
        self.key = figure_key(figure, single)
        self.printed = printed(figure)
        self._interval = None
        self._precise = None

    @property
    def interval(self) -> tuple[float, float]:
        if self._interval is None:
            self._interval = interval(self.printed)
        return self._interval

    @property
    def near_common(self) -> bool:
        """Within 1e-9 of 0%, 50% or 100% (such figures say little about which study it is)."""
        return any(abs(self.printed.point - common) < 1e-9 for common in COMMON_PROPORTIONS)

    def precise(self, as_percent: bool) -> bool:
        """Printed with a decimal: 65.5% (as a percent) or 6.3 months."""
        if self._precise is None:
            self._precise = {}
        if as_percent not in self._precise:
            value = self.figure.value * 100 if as_percent else self.figure.value
            self._precise[as_percent] = decimals(value) >= 1
        return self._precise[as_percent]


class ProfileFeatures:
    """A document's profile and read figures, with what scoring compares of them ready to use."""

    __slots__ = ("profile", "figures", "figure_features", "figures_by_key", "titles", "title_words", "counts",
                 "percents", "name_tokens", "families", "disease_counts", "disease_set", "lookalike", "clear")

    def __init__(self, profile: DocumentProfile, figures=()):
        self.profile = profile
        self.figures = [f for f in figures if not f.derived]
        single = single_disease(self.figures)
        self.figure_features = [FigureFeatures(f, single) for f in self.figures]
        self.figures_by_key: dict[tuple, list[FigureFeatures]] = {}
        for feature in self.figure_features:
            self.figures_by_key.setdefault(feature.key, []).append(feature)
        self.titles = tuple((title, words) for title in profile.titles if (words := title_words(title)))
        self.title_words = frozenset().union(*(words for _, words in self.titles))
        self.counts = frozenset(profile.counts)
        self.percents = frozenset(profile.percents)
        self.name_tokens = frozenset(profile.name_tokens)
        self.families = families(profile.diseases)
        self.disease_counts = dict(profile.disease_counts)
        self.disease_set = frozenset(profile.diseases)
        self.lookalike = lookalike(profile)
        self.clear = profile.after_failure >= 1.0 and not self.lookalike

    @property
    def document(self) -> str:
        return self.profile.document
