"""Study labels as a reviewer expects them, the same in every output:

1. "Surname Year" when a first author is known ("Gauthier 2021");
2. else "Trial Year" when the study's titles name a trial ("ZUMA-1 2018");
3. else "Journal Year" from the citation its reports give ("BMC Cancer 2022");
4. else the title cut at a whole word with an ellipsis, and the year ("Reinfusion of CD19 CAR T
   cells… (2024)"), else the document's name.

The label comes from the best report of the study (journal article, then conference abstract,
then the reports retelling them; ties by document name), so it is the same on every run.
"""
from __future__ import annotations

import re
from collections import Counter

from evidence.studies.genre import Genre
from evidence.studies.profile import CITATION_KEY, TRIAL_NAME, DocumentProfile

TITLE_LENGTH = 48
DANGLING = frozenset("a an the of in on for and or with to after by at from as vs".split())  # never the last word
ELLIPSIS = "…"
# a journal's name after the title in a citation: "Title. Blood Adv 2024;8(9):2182", "Title. BMC Cancer 2022."
JOURNAL_AFTER_TITLE = re.compile(r"^[.?!]?\s+([A-Z][A-Za-z&'.\- ]{1,50}?)\.?\s+((?:19|20)\d\d)\b(?=\s*[;.,:(]|\s*$)")
NOT_JOURNALS = re.compile(r"\b(?:authors?|retelling|corpus|note|published|online|epub)\b", re.IGNORECASE)


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
    """A title of at most about `length` characters, cut after a whole word and marked with an ellipsis."""
    title = " ".join(title.split()).rstrip(".")
    if len(title) <= length:
        return title
    words = title[:length + 1].rsplit(" ", 1)[0].split()
    while len(words) > 1 and words[-1].lower() in DANGLING:
        words.pop()
    return " ".join(words).rstrip(",:;-/ ") + ELLIPSIS


def cited_title(ranked: list[DocumentProfile]) -> str:
    """The publication title most reports cite (ties: the best report's)."""
    cited = Counter(t for p in ranked for t in dict.fromkeys(p.cited_titles) if not CITATION_KEY.search(t))
    if not cited:
        return ""
    best = max(cited.values())
    return next(t for p in ranked for t in p.cited_titles if cited.get(t) == best)


def trial_name(ranked: list[DocumentProfile], title: str) -> str:
    """A trial the study's titles name ("ZUMA-1"): in the cited title, else in a report's own title.
    A trial named only in the body may be one the study is compared with, so it is not used."""
    for text in [title] + [p.title for p in ranked]:
        found = [m.group(1) for m in TRIAL_NAME.finditer(text or "")]
        names = [n for n in found if any(n in p.trial_names for p in ranked)]
        if names:
            return names[0]
    return ""


def journal_of(citation: str, title: str) -> tuple[str, int] | None:
    """The journal and year a citation gives after `title` ("Title. J Clin Oncol 2018;36:8012")."""
    flat = " ".join(citation.split())
    where = flat.lower().find(" ".join(title.split()).lower().rstrip(".")) if title else -1
    if where < 0:
        return None
    match = JOURNAL_AFTER_TITLE.match(flat[where + len(title.rstrip(".")):])
    if match is None or NOT_JOURNALS.search(match.group(1)):
        return None
    return match.group(1).strip(" ."), int(match.group(2))


def profiles_to_label(profiles: list[DocumentProfile]) -> str:
    ranked = sorted(profiles, key=rank)
    authored = next((p for p in ranked if p.first_authors), None)
    if authored is not None:
        year = study_year(authored) or cited_year(ranked)
        return f"{authored.first_authors[0]} {year}" if year else authored.first_authors[0]
    title = cited_title(ranked)
    year = cited_year(ranked)
    trial = trial_name(ranked, title)
    if trial:
        return f"{trial} {year}" if year else trial
    journal = next((found for p in ranked for found in (journal_of(p.citation, title),) if found), None)
    if journal is not None:
        return f"{journal[0]} {journal[1]}"
    title = title or next((p.title for p in ranked if p.title), "") or ranked[0].document
    return f"{shorten(title)} ({year})" if year else shorten(title)


def unique_labels(labels: list[str]) -> list[str]:
    """Two studies with one label ("Pan 2019" twice) become "Pan 2019" and "Pan 2019 (2)"."""
    seen: Counter = Counter()
    result = []
    for label in labels:
        seen[label] += 1
        result.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return result
