"""Study labels: "Surname Year" when a first author is known, else the study's title.

The label comes from the best report of the study (journal article, then conference abstract,
then the reports retelling them; ties by document name), so it is the same on every run.
"""
from __future__ import annotations

from collections import Counter

from evidence.studies.genre import Genre
from evidence.studies.profile import CITATION_KEY, DocumentProfile

TITLE_LENGTH = 60


def rank(profile: DocumentProfile) -> tuple:
    """Best report first (see `Genre.rank`), ties by document name."""
    return Genre(profile.kind, profile.basis).rank + (profile.document,)


def study_year(profile: DocumentProfile) -> int | None:
    """The year of the publication a report cites, else its own year."""
    for key in profile.citation_keys:
        return int(key.split(";")[0])
    if profile.cited_years:
        return profile.cited_years[0]
    return profile.year


def cited_year(profiles: list[DocumentProfile]) -> int | None:
    """The year most reports cite (ties: the best report's), else the best report's own year."""
    cited = Counter(y for p in profiles for y in {int(k.split(";")[0]) for k in p.citation_keys} | set(p.cited_years))
    if cited:
        best = max(cited.values())
        return next(y for p in profiles for y in (study_year(p),) + p.cited_years if cited.get(y) == best)
    return next((p.year for p in profiles if p.year), None)


def shorten(title: str, length: int = TITLE_LENGTH) -> str:
    title = " ".join(title.split()).rstrip(".")
    if len(title) <= length:
        return title
    return title[:length].rsplit(" ", 1)[0].rstrip(",:;-") + "..."


def profiles_to_label(profiles: list[DocumentProfile]) -> str:
    ranked = sorted(profiles, key=rank)
    authored = next((p for p in ranked if p.first_authors), None)
    if authored is not None:
        year = study_year(authored) or cited_year(ranked)
        return f"{authored.first_authors[0]} {year}" if year else authored.first_authors[0]
    cited = Counter(t for p in ranked for t in dict.fromkeys(p.cited_titles) if not CITATION_KEY.search(t))
    title = ""
    if cited:
        best = max(cited.values())
        title = next(t for p in ranked for t in p.cited_titles if cited.get(t) == best)
    title = title or next((p.title for p in ranked if p.title), "") or ranked[0].document
    year = cited_year(ranked)
    return f"{shorten(title)} ({year})" if year else shorten(title)


def unique_labels(labels: list[str]) -> list[str]:
    """Two studies with one label ("Pan 2019" twice) become "Pan 2019" and "Pan 2019 (2)"."""
    seen: Counter = Counter()
    result = []
    for label in labels:
        seen[label] += 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result
