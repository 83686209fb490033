"""What kind of report a document is, and which primary report a secondary one retells.

The kind comes from the document's metadata when a reader knew it (a PubMed record is a journal
article), else from the text cues in `rules.GENRE_CUES`. A journal article or conference abstract
is a primary report; news, summaries and advocacy posts are secondary, and their `basis` says
whether they retell a journal publication or a conference presentation.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from evidence.studies.rules import (
    ADVOCACY, BASIS_CUES, CONFERENCE, GENRE_CUES, JOURNAL, KIND_NAMES, KINDS, METADATA_KINDS, NEWS,
    PRIMARY_KINDS, SUMMARY, Cue,
)
from evidence.text.literals import folded_window, possible

MAX_HITS_PER_CUE = 3
# the order kinds win ties in: the more specific secondary kinds first
TIE_ORDER = (ADVOCACY, NEWS, SUMMARY, CONFERENCE, JOURNAL)
SECONDARY_MARGIN = 0.5  # a primary kind must beat the best secondary score by this much


@dataclass(frozen=True)
class Genre:
    kind: str  # one of rules.KINDS, "" when nothing says
    basis: str = ""  # for a secondary report: JOURNAL or CONFERENCE, "" when unknown
    cues: tuple[str, ...] = ()

    @property
    def primary(self) -> bool:
        return self.kind in PRIMARY_KINDS

    @property
    def tier(self) -> int:
        """0 journal article, 1 conference abstract, 2 secondary report (or unknown)."""
        return {JOURNAL: 0, CONFERENCE: 1}.get(self.kind, 2)

    @property
    def source_rank(self) -> int:
        """Whose data the report gives: 0 a journal publication's (the article itself or a retelling
        of it), 1 a conference presentation's (earlier, often interim), 2 unknown."""
        return {JOURNAL: 0, CONFERENCE: 1}.get(self.basis, 2)

    @property
    def rank(self) -> tuple[int, int]:
        """Best report first: by how directly it reports (the journal article, then a conference
        abstract, then a retelling: news, summary, advocacy post), then, among retellings, by
        whose data they retell (a journal publication's before a conference presentation's). The
        journal record wins whenever it states the figure; a retelling never outranks a primary
        report, whatever it retells (Cochrane Handbook 5.2: the published journal article is the
        primary source, other reports of the study supplement it)."""
        return self.tier, self.source_rank

    def describe(self) -> str:
        """ "journal article", "news story retelling a conference presentation", ..."""
        name = KIND_NAMES.get(self.kind, "report of unknown kind")
        if self.primary or not self.basis:
            return name
        return f"{name} retelling a {'journal publication' if self.basis == JOURNAL else 'conference presentation'}"


def cue_scores(text: str, cues: dict[str, tuple[Cue, ...]]) -> tuple[dict[str, float], dict[str, list[str]]]:
    scores = {kind: 0.0 for kind in cues}
    found: dict[str, list[str]] = {kind: [] for kind in cues}
    folded = folded_window(text)  # a cue none of whose words is in the text is not searched
    for kind, kind_cues in cues.items():
        for c in kind_cues:
            # counted up to MAX_HITS_PER_CUE: the search stops there
            hits = sum(1 for _ in islice(c.pattern.finditer(text), MAX_HITS_PER_CUE)) if possible(c.pattern, folded) else 0
            if hits:
                scores[kind] += c.weight * hits
                found[kind].append(c.label)
    return scores, found


def text_to_genre(text: str, metadata_kind: str = "") -> Genre:
    """The kind of report `text` is (metadata first), and what a secondary report retells."""
    basis_scores, basis_found = cue_scores(text, BASIS_CUES)
    known = METADATA_KINDS.get(metadata_kind.strip().lower(), "")
    if known:
        kind, cues = known, (f"metadata says {metadata_kind}",)
    else:
        scores, found = cue_scores(text, GENRE_CUES)
        best_secondary = max(scores[k] for k in KINDS if k not in PRIMARY_KINDS)
        ranked = sorted(KINDS, key=lambda k: (-scores[k], TIE_ORDER.index(k)))
        kind = ranked[0] if scores[ranked[0]] > 0 else ""
        if kind in PRIMARY_KINDS and scores[kind] < best_secondary + SECONDARY_MARGIN:
            kind = next(k for k in ranked if k not in PRIMARY_KINDS)
        cues = tuple(found.get(kind, ()))
    basis = ""
    if kind in PRIMARY_KINDS:
        basis = kind
    elif any(basis_scores.values()):
        basis = max((JOURNAL, CONFERENCE), key=lambda k: (basis_scores[k], k == JOURNAL))
        cues += tuple(f"retells: {label}" for label in basis_found[basis])
    return Genre(kind, basis, cues)
