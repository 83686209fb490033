"""Parts of the plain summary that describe the studies themselves: who was in them, how long the
responses lasted, and where the summary comes from. Plain words, short sentences, no advice.

    who_was_in(book, studies)   the cancers, and children or adults as the studies' sentences say
    how_long(book, studies)     the median duration of response of each study that gives one
    sources(studies, date)      a short list of the studies (their labels), and the date
"""
from __future__ import annotations

import math
import re

from evidence.outputs.summary import Claim, Sentence, say, studies_word

# disease codes of the evidence table in plain words
CANCER_WORDS = {
    "ALL": "a leukemia called ALL", "B-ALL": "a leukemia called ALL", "CLL": "a leukemia called CLL",
    "AML": "a leukemia called AML", "NHL": "non-Hodgkin lymphoma", "LBCL": "large B-cell lymphoma",
    "DLBCL": "large B-cell lymphoma", "BL": "Burkitt lymphoma", "MCL": "mantle cell lymphoma",
    "FL": "follicular lymphoma", "MM": "myeloma",
}
# how the sentences of a study name its patients' age
AGE_CUES = {
    "children": re.compile(r"\b(?:child(?:ren)?|pediatric|paediatric|infants?|adolescents?)\b", re.I),
    "adults": re.compile(r"\badults?\b", re.I),
}


def who_was_in(book, studies) -> list[Sentence]:
    names = []
    for study in studies:
        for disease in study.diseases:
            words = CANCER_WORDS.get(disease, disease)
            if words and words not in names:
                names.append(words)
    out = []
    if names:
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        out.append(Sentence(f"The people in these studies had {listed}."))
    ages = {study.study: stated_age(study) or age_group(book, study.study) for study in studies}
    found = {a for a in ages.values() if a}
    if found == {"children"}:
        out.append(Sentence("The studies that said so were in children and young people."))
    elif found == {"adults"}:
        out.append(Sentence("The studies that said so were in adults."))
    elif found:
        out.append(Sentence("Some studies were in children and young people, and some in adults."))
    if not found or len(found) == 1 and any(not a for a in ages.values()):
        out.append(Sentence("Some studies did not say if the people were children or adults."))
    return out


def stated_age(study) -> str:
    """ "children", "adults", "both" or "" from the age group the study's best report states."""
    stated = study.stated("age") if hasattr(study, "stated") else None
    if stated is None or stated[1].value.startswith("median age"):
        return ""
    value = stated[1].value.split(";")[0]
    return {"adults": "adults", "children": "children", "children and young adults": "children"}.get(value, "both")


def age_group(book, study: str) -> str:
    """ "children", "adults", "both" or "" from the words of the study's sentences."""
    text = " ".join({f.quote for f in book.figures if f.study == study})
    found = [name for name, cue in AGE_CUES.items() if cue.search(text)]
    return found[0] if len(found) == 1 else ("both" if found else "")


def how_long(book, studies) -> list[Sentence]:
    """The median duration of response per study: half of the responses had ended by then."""
    names = {s.study for s in studies}
    several = {s.study for s in studies if len(s.diseases) > 1}
    medians = {}
    for row, f in enumerate(book.figures, start=1):
        if (f.study in names and f.outcome == "DOR" and f.measure == "median" and f.unit == "months"
                and f.infusion == "2" and not f.subgroup):
            whole = f.disease in ("", "mixed") or f.study not in several
            if f.study not in medians or whole and not medians[f.study][2]:
                medians[f.study] = (row, f.value, whole, f.disease)
    if not medians:
        return [Sentence("The studies did not say how long the good results lasted.")]
    claims = sorted(((value, Claim(_months(value), "months", ("figure", row, "value"), value),
                      study if whole else f"{study}, in people with {CANCER_WORDS.get(disease, disease)}")
                     for study, (row, value, whole, disease) in medians.items()), key=lambda item: item[0])
    k = len(claims)
    out = [Sentence("Some people who responded later had their cancer come back.")]
    if k == 1:
        out.append(say(f"In the one study that said how long responses lasted ({claims[0][2]}), half of them "
                       "had ended by about {} months.", claims[0][1]))
    else:
        out.append(Sentence("The studies that said how long responses lasted did not agree."))
        out.append(say(f"In the shortest ({claims[0][2]}), half of the good results had ended after about {{}} "
                       "months.", claims[0][1]))
        out.append(say(f"In the longest ({claims[-1][2]}), half had ended after about {{}} months.", claims[-1][1]))
    if claims[-1][0] < 12:  # every median under a year: in each study, half had ended within a year
        where = "that study" if k == 1 else "each of these studies"
        out.append(Sentence(f"So in {where}, half of the good results had ended within a year."))
    return out


def sources(studies, date: str = "", data_as_of: str = "") -> list[Sentence]:
    """No advice; the studies used; the date it was made (and of the study data, when older)."""
    out = [Sentence("This summary does not give medical advice."),
           Sentence("It describes what the studies found, not what is right for one person.")]
    if studies:
        listed = "; ".join(s.study for s in studies)
        out.append(Sentence(f"Studies used: {listed}."))
        out.append(Sentence("The full report lists each study's papers and the sentence behind every number."))
    if date and data_as_of and data_as_of != date:
        out.append(Sentence(f"Made on {date} from study data saved on {data_as_of}."))
    elif date:
        out.append(Sentence(f"Made on {date}."))
    return out


def _months(value: float) -> str:
    """ "6", "2.7", "33": months as the tables print them, without a trailing .0."""
    return f"{value:.1f}".removesuffix(".0")
