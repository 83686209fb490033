"""What a whole document says about its cohort: disease, CAR targets, retreatment, size.

Figures that do not name their population inherit it from here: a single-disease cohort gives
its disease to every figure; in an article about retreatment a figure that names no infusion is
about the second (in any other CAR-T article, the first), unless the article reports a
response-adapted sequence over everyone who began it ("23 children started the sequence"): such a
figure is the whole sequence's (`mixed`), and only one whose sentence names a later product is the
second's. The cohort's targets give the relation.
A planned sequence or co-administration ("as planned from the outset", "CAR-naive") is not
retreatment after failure, even though it speaks of a second infusion.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from evidence.text.literals import folded_window, search_any
from evidence.text.quantity import COUNT, COUNT_OF, N_EQUALS, NUMBER
from extractors import mentions
from extractors.arms import document_arms
from extractors.cohort_counts import stated_cohort
from extractors.group_counts import defined_groups
from extractors.mentions import Mention
from extractors.vocabulary import population

SINGLE_DISEASE_SHARE = 0.7
_LYMPHOMAS = frozenset({"NHL", "LBCL", "MCL", "FL", "BL"})
_PRIOR_CUE = re.compile(
    r"\b(?:after|following|post|prior|previous(?:ly)?|failed|failure of|relapsed after|resistant to|"
    r"refractory to|exposed to|(?:already |previously |had )received|(?:been|gone) through|naive or resistant to|earlier|"
    r"began with|started (?:the sequence )?with)\b[^.;]{0,40}?$",
    re.IGNORECASE,
)
_PRIOR_SUFFIX = re.compile(r"^[- ]?(?:directed|targeted|targeting)?[^.;]{0,25}?\b(?:failure|failed|relapse|escape|loss)", re.IGNORECASE)
_PATIENTS_AFTER = re.compile(r"\s*(?:adult |pediatric |paediatric |evaluable |young )?(?:patients|people|participants|children|adults|subjects)\b", re.IGNORECASE)
_TREATED = re.compile(r"\s*(?:patients\s+|people\s+|children\s+|adults\s+)?(?:were|was)\s+(?:re-?treated|re-?infused|retreated)\b"
                      r"|\s*(?:patients\s+|people\s+|children\s+|adults\s+)?(?:were|was)?\s*(?:received|got|were given)\s+(?:a\s+)?(?:second|CART-?B|CAR-?T-?2|re-?infusion)", re.IGNORECASE)
_PATIENT_NOUN_END = re.compile(r"\b(?:patients|people|participants|children|adults|subjects)$", re.IGNORECASE)


def counts_people(text: str, q) -> bool:
    """"44 patients", "Sixteen children": a number of people (the noun inside the quantity or right after it)."""
    return bool(_PATIENT_NOUN_END.search(q.text) or _PATIENTS_AFTER.match(text, q.end))


@dataclass(frozen=True)
class DocumentContext:
    disease: str  # cohort disease, "mixed", or ""
    prior_target: str
    target: str
    relation: str  # same / different / mixed / ""
    retreatment: bool  # retreatment after failure
    cohort_n: int | None
    naive: bool = False  # a first CAR-T in CAR-naive patients
    arms: tuple = ()  # the first two arms the article compares (extractors.arms), () for one cohort
    lymphoma: str = "NHL"  # what the generic word "lymphoma" stands for in this document
    stated_n: int | None = None  # the one size the article states for the patients it studied (cohort_counts)
    named_groups: tuple = ()  # (name, n) of groups the article names with their size (group_counts)
    whole_sequence: bool = False  # a response-adapted sequence reported over everyone who began it

    @property
    def default_infusion(self) -> int | str:
        if self.retreatment and self.whole_sequence:
            return "mixed"  # "23 children started the sequence": a figure naming no product is the whole sequence's
        if self.retreatment:
            return 2
        return 1  # a CAR-T article not about retreatment reports a first infusion


def document_to_context(text: str, analysis) -> DocumentContext:
    folded = folded_window(text)
    lookalike = _says(population.LOOKALIKE_CUES, text, folded)
    retreatment = not lookalike and _says(population.RETREATMENT_CUES, text, folded)
    naive = _says(population.NAIVE_CUES, text, folded)
    cohort_n = _cohort_size(analysis)
    if retreatment and _retreated_part(text, cohort_n):
        retreatment = False  # "of 28 treated, 7 received a second infusion": the cohort's figures are the first's
    found = mentions.find(mentions.DISEASE, text)
    lymphoma = _lymphoma(found)
    prior, target, relation = _targets(text, retreatment or lookalike)
    if naive and not retreatment:
        prior, relation = "", ""
    elif relation in ("same", "different") and _subset_relation(text, analysis, cohort_n):
        relation = "mixed"
    return DocumentContext(
        disease=_cohort_disease(text, analysis, found, cohort_n, lymphoma),
        prior_target=prior, target=target, relation=relation, retreatment=retreatment,
        cohort_n=cohort_n, naive=naive and not retreatment, lymphoma=lymphoma,
        arms=document_arms(text), stated_n=stated_cohort(text, analysis),
        named_groups=defined_groups(text),
        whole_sequence=bool(re.search(population.WHOLE_SEQUENCE_CUES, text, re.IGNORECASE)),
    )


def _says(cues: str, text: str, folded) -> bool:
    """Whether `text` holds one of `cues` (a pattern); an alternative none of whose words is there is not searched."""
    return search_any(re.compile(cues, re.IGNORECASE), text, folded)


def disease_code(mention: Mention, context: DocumentContext) -> str:
    """A disease mention's code, the generic "lymphoma" read as the document's lymphoma."""
    return context.lymphoma if mention.label == "lymphoma" else mention.label


def _lymphoma(found: list[Mention]) -> str:
    specific = {m.label for m in found if m.label in population.SPECIFIC_LYMPHOMAS}
    if len(specific) == 1 and not any(m.label == "NHL" for m in found):
        return specific.pop()
    return "NHL"


def _cohort_disease(text: str, analysis, found: list[Mention], cohort_n, lymphoma: str) -> str:
    """The disease of the sentence that first states the cohort's size; else the dominant one."""
    listed = _counted_diseases(text, analysis, found, lymphoma)
    if len(listed) > 1:
        return "NHL" if listed <= _LYMPHOMAS else "mixed"  # "the cohort included 5 B-ALL, 1 T-ALL and 1 PCL"
    stated = _cohort_sentence_disease(text, analysis, found, cohort_n, lymphoma)
    if stated:
        return stated
    counts = Counter(lymphoma if m.label == "lymphoma" else m.label for m in found if m.label != "mixed")
    if not counts:
        return "mixed" if found else ""
    top, n = counts.most_common(1)[0]
    if n >= SINGLE_DISEASE_SHARE * sum(counts.values()):
        return top
    return "NHL" if set(counts) <= _LYMPHOMAS else "mixed"


_COUNTED = re.compile(r"\b\d+\s+(?:(?:patients?|cases?)\s+(?:with|of)\s+)?(?:[\w-]+\s+){0,2}$")


def _counted_diseases(text: str, analysis, found: list[Mention], lymphoma: str) -> set:
    """The diseases of the first sentence that counts patients of two or more of them ("5 B-ALL,
    1 T-ALL, and 1 PCL patients"), else none."""
    by_sentence: dict = {}
    for m in found:
        if m.label != "mixed" and _COUNTED.search(text, max(0, m.start - 30), m.start):
            by_sentence.setdefault(analysis.sentence_at(m.start), set()).add(lymphoma if m.label == "lymphoma" else m.label)
    return next((labels for _, labels in sorted(by_sentence.items()) if len(labels) > 1), set())


def _cohort_sentence_disease(text, analysis, found, cohort_n, lymphoma) -> str:
    if not cohort_n:
        return ""
    for q in analysis.quantities:
        if q.events == cohort_n and q.kind in (COUNT, NUMBER) and counts_people(text, q):
            s, e = analysis.sentence_at(q.start)
            near = [m for m in found if q.end <= m.start <= q.end + 60 and s <= m.start < e]
            labels = {lymphoma if m.label == "lymphoma" else m.label for m in near}
            if len(labels) > 1 and labels <= _LYMPHOMAS:
                return "NHL"  # "DLBCL (n=12), HGBL (n=9), MCL (n=1)": B-cell lymphomas
            if len(labels) > 1 or "mixed" in labels:
                return "mixed"
            if len(labels) == 1:
                return labels.pop()
            return ""
    return ""


def _targets(text: str, sequence: bool) -> tuple[str, str, str]:
    antigens = [m.group(1) for m in re.finditer(population.TARGET_TERM, text)]
    same = bool(re.search(population.SAME_TARGET_CUES, text, re.IGNORECASE))
    different = bool(re.search(population.DIFFERENT_TARGET_CUES, text, re.IGNORECASE))
    if same and different:
        return "", "", "mixed"
    distinct = list(dict.fromkeys(antigens))
    if not distinct:
        return "", "", ("same" if same else "different" if different else "same" if sequence else "")
    if len(distinct) == 1:
        only = distinct[0]
        if sequence and not different:
            return only, only, "same"
        return "", only, ("different" if different else "")
    priors = Counter()
    for match in re.finditer(population.TARGET_TERM, text):
        before = text[max(0, match.start() - 60):match.start()]
        after = text[match.end():match.end() + 40]
        if _PRIOR_CUE.search(before) or _PRIOR_SUFFIX.search(after):
            priors[match.group(1)] += 1
    counts = Counter(antigens)
    if priors:
        prior = priors.most_common(1)[0][0]
        others = [a for a, _ in counts.most_common() if a != prior]
        if others:
            return prior, others[0], "different" if not same else "mixed"
    return "", "", ("different" if different else "")


_SMALL = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_RETREATED = re.compile(r"\b(\d+|" + "|".join(_SMALL) + r")\s+(?:patients\s+|children\s+|adults\s+)?(?:received|underwent|were given|got)\s+"
                        r"(?:a\s+)?(?:second|repeat(?:ed)?|re-?infusion)", re.IGNORECASE)


_TREATED_COHORT = re.compile(r"\b(\d+)\s+(?:[\w/-]+\s+){0,3}?(?:patients|children|adults|participants)\s+(?:who\s+)?(?:were\s+|had\s+)?"
                             r"(?:treated|received|enrolled|infused)\b", re.IGNORECASE)


def _retreated_part(text: str, cohort_n) -> bool:
    """"7 patients received a second infusion" among 28 treated: only part of the cohort was retreated."""
    treated = [int(m.group(1)) for m in _TREATED_COHORT.finditer(text)]
    cohort_n = max(treated + [cohort_n or 0])
    if not cohort_n:
        return False
    for match in _RETREATED.finditer(text):
        word = match.group(1).lower()
        count = int(word) if word.isdigit() else _SMALL[word]
        if 0 < count < cohort_n:
            return True
    return False


def _subset_relation(text: str, analysis, cohort_n) -> bool:
    """"For 48 of them, the second product went after a different marker": the relation holds for
    part of the cohort only, so the cohort is mixed."""
    if not cohort_n:
        return False
    cues = f"(?:{population.SAME_TARGET_CUES})|(?:{population.DIFFERENT_TARGET_CUES})"
    for s, e in analysis.sentences:
        if not re.search(cues, text[s:e], re.IGNORECASE):
            continue
        for q in analysis.quantities_in(s, e):
            count = q.events if q.kind in (COUNT, COUNT_OF) or (q.kind == "percent" and q.events) else None
            if count and 0 < count < cohort_n and q.total in (None, cohort_n) and count != cohort_n:
                if re.search(r"\b(?:of them|patients|of the \d+|\(\d+(?:\.\d+)?%\))", text[q.start:min(e, q.end + 40)], re.IGNORECASE):
                    return True
    return False


def _cohort_size(analysis) -> int | None:
    """The most often stated number of patients (totals of "x of y", "n = y", "y patients")."""
    counts = Counter()
    text = analysis.text
    for q in analysis.quantities:
        treated = 2 if _TREATED.match(text, q.end) else 0  # "15 were retreated": the cohort of the article
        if q.kind in (COUNT_OF, N_EQUALS) and q.total:
            counts[q.total] += 1
        elif q.kind in (COUNT, NUMBER) and q.events and counts_people(text, q):
            counts[q.events] += 1 + treated
        elif q.kind in (COUNT, NUMBER) and q.value and float(q.value).is_integer() and (counts_people(text, q) or treated):
            # "15 were retreated" (a COUNT: the number layer reads the subject of a verb as one)
            counts[int(q.value)] += 1 + treated
    if not counts:
        return None
    best = max(counts.values())
    for q in analysis.quantities:  # first stated among the most frequent
        number = int(q.value) if q.kind == NUMBER and q.value and float(q.value).is_integer() else None
        for value in (q.total, q.events, number):
            if value and counts.get(value) == best:
                return value
    return None


def target_infusions(text: str, start: int, end: int, context: DocumentContext) -> list[Mention]:
    """"after the CD19 infusion" (1), "15 of 54 given CD20-SD-CART" (2): in a cohort whose second
    CAR-T aims at a new antigen, a product named by its antigen says which infusion it was; a
    target named as history ("after CD19 CAR-T failure") does not."""
    prior, target = context.prior_target, context.target
    if not prior or not target or prior == target or "/" in prior + target:
        return []
    found = []
    for match in re.finditer(population.TARGET_TERM, mentions.flat(text[start:end])):
        a, b = start + match.start(), start + match.end()
        antigen = match.group(1)
        if antigen not in (prior, target):
            continue
        after, before = mentions.flat(text[b:b + 60]), mentions.flat(text[max(0, a - 40):a])
        if re.match(population.TARGET_HISTORY_AFTER, after, re.IGNORECASE) or re.search(population.TARGET_HISTORY_BEFORE, before, re.IGNORECASE):
            continue
        product = re.match(population.TARGET_PRODUCT_AFTER, after, re.IGNORECASE)
        if product:
            found.append(Mention(mentions.INFUSION, 1 if antigen == prior else 2, a, b + product.end()))
    return found
