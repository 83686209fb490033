"""How much each kind of shared (or conflicting) evidence counts when deciding that two reports
are one study, and where the line is drawn.

Weights add up to a pair's score; the pair is linked when the score reaches `threshold`. A
weight w is the evidence of an event that, alone, makes a link 1 - exp(-w) likely, so a pair's
`confidence` is 1 - exp(-score) (noisy-OR of its reasons; 0 when the score is not positive).
"""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from evidence.errors import EvidenceError

DEFAULT_THRESHOLD = 1.0
DEFAULT_CANNOT_LINK = -1.0  # pairs scored this low are never put in one study, whatever chains them


@dataclass(frozen=True)
class LinkSettings:
    threshold: float = DEFAULT_THRESHOLD
    cannot_link: float = DEFAULT_CANNOT_LINK
    # identifiers
    same_doi: float = 3.0
    same_pmid: float = 3.0
    same_citation: float = 2.0  # "2024;8:2182": year, volume and first page
    same_registration: float = 1.2
    same_trial_name: float = 0.8
    different_doi: float = -2.5
    different_pmid: float = -2.5
    different_citation: float = -1.5
    different_registration: float = -1.5
    different_trial_name: float = -0.8
    # titles and people
    same_title: float = 1.5
    similar_title: float = 0.6
    same_first_author: float = 0.8
    first_author_named: float = 0.8
    shared_person: float = 0.15
    shared_people_cap: float = 0.3
    different_first_authors: float = -1.0
    # cohort
    same_cohort_size: float = 0.4
    different_cohort_size: float = -0.3
    same_disease_mix: float = 0.3
    same_disease_counts: float = 0.6
    different_diseases: float = -1.5
    different_design: float = -0.5  # one is retreatment after failure, the other a look-alike
    same_year: float = 0.1
    # numbers
    shared_figure_exact: float = 0.35
    shared_figure_decimal: float = 0.3
    shared_figure: float = 0.2
    shared_figure_common: float = 0.05  # 0%, 50%, 100%
    shared_figures_cap: float = 2.0
    shared_count: float = 0.25
    shared_small_count: float = 0.1  # denominators under 10
    shared_counts_cap: float = 1.2
    shared_percent: float = 0.1  # only when the table gives no figures to compare
    shared_percents_cap: float = 0.5
    shared_name_token: float = 0.3  # document names share a token like "holland2023"

    def __post_init__(self):
        if self.threshold <= 0:
            raise EvidenceError(f"link threshold must be positive, got {self.threshold}")
        if self.cannot_link >= self.threshold:
            raise EvidenceError("the cannot-link score must lie below the link threshold")
        for f in fields(self):
            if not isinstance(getattr(self, f.name), (int, float)):
                raise EvidenceError(f"link setting {f.name} must be a number")

    @classmethod
    def resolve(cls, settings=None) -> "LinkSettings":
        """None -> defaults; a dict -> defaults with those values; an instance as it is."""
        if settings is None:
            return cls()
        if isinstance(settings, cls):
            return settings
        if isinstance(settings, dict):
            unknown = sorted(set(settings) - {f.name for f in fields(cls)})
            if unknown:
                raise EvidenceError(f"unknown link setting {', '.join(unknown)}")
            return replace(cls(), **settings)
        raise EvidenceError(f"link settings must be a dict or LinkSettings, not {type(settings).__name__}")
