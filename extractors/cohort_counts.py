"""Counts of patients with another clinical outcome, over the one cohort the article states.

Articles often give an event as a bare count of patients: "Nineteen patients experienced
infections", "two cases of secondary T-cell neoplasms", "All patients had at least one adverse
event". The count's total is never guessed: it is the cohort's size only where the article states
exactly one size for the patients it studied ("24 patients were included", "Seventy-four
participants received the product") and the sentence names no narrower group (no "Of the 40 in CR",
no subgroup, no arm, no other printed total). A count whose clause does not say the patients had
the outcome ("18 pts due to death", "patients with prior infections") is not read.

Only `OTHER` outcomes are read here; the named CAR-T outcomes keep their own rules.
"""
from __future__ import annotations

import re

from evidence.text.quantity import COUNT, COUNT_OF, N_EQUALS, NUMBER, PERCENT, Quantity

PEOPLE = r"(?:patients|pts|participants|subjects|children|adults|people|individuals|recipients|controls)"
_PEOPLE_AFTER = re.compile(r"(?:\s+[\w/()+-]+){0,4}?\s+" + PEOPLE + r"\b", re.IGNORECASE)
_PEOPLE_IN = re.compile(r"\b(?:" + PEOPLE + r"|cases)$", re.IGNORECASE)
# a sentence that says who was studied: enrolled, included, treated, infused, randomised, evaluable
_STUDIED = re.compile(
    r"\b(?:enrolled|included|recruited|registered|treated|infused|received|studied|analy[sz]ed|evaluable|evaluated"
    r"|randomi[sz]ed|assigned|allocated|underwent|screened)\b|\bstud(?:y|ied) (?:of|on|in)\b|\boutcomes? (?:of|in)\b",
    re.IGNORECASE,
)
_SIZE_VERB = re.compile(r"\s+(?:were|was)?\s*(?:enrolled|included|treated|infused|received|evaluable|randomi[sz]ed|assigned)\b", re.IGNORECASE)
_SIZE_CLAUSE = re.compile(r"(?<![\d.,/])\b(?P<n>\d+)\s+(?:[\w/-]+\s+){0,3}?" + PEOPLE + r"\s+(?:were|was)\s+(?:enrolled|included|recruited|treated|infused|analy[sz]ed|evaluable)\b",
                          re.IGNORECASE)
_DISEASE_STATE = re.compile(r"relapsed\b(?!\s+(?:after|within|at|by|in)\b)", re.IGNORECASE)  # "relapsed myeloma" says who, not what happened
_PARALLEL_GROUP = re.compile(r"(?:,|\band)\s+(?P<n>\d+)\s+(?:patients\s+|pts\s+)?(?:at|in|on|to|with|received|were)\b", re.IGNORECASE)
_PART_OF = re.compile(r"\b(?:of|among|in)\s+(?:the|these|those|all)\s*$", re.IGNORECASE)
# a count's clause that says its patients had the outcome: "Twenty patients developed", "two cases of"
EVENT_VERB = (r"(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:(?:also|subsequently|later|eventually|then|ultimately)\s+)?"
              r"(?:develop(?:ed|ing)|experienc(?:ed|ing)|had|having|suffer(?:ed|ing)(?:\s+from)?|died(?:\s+(?:of|from))?|were\s+diagnosed\s+with"
              r"|acquired|contracted|received|underwent|went\s+on\s+to\s+(?:receive|undergo|have)|proceeded\s+to|remain(?:ed|ing)"
              r"|achiev(?:ed|ing)|showed|reported)")
# words between the verb and the outcome term: qualifiers, never a preposition that changes who or what
_QUALIFIER = (r"(?:an?|at\s+least\s+one|≥\s*1|>=\s*1|one\s+or\s+more|new|late|grade\s*[≥>]?\s*\d(?:\s*(?:-|–|to|or)\s*\d)?"
              r"(?:\s+or\s+(?:higher|greater|more))?"
              r"|(?!(?:for|to|with|without|before|after|from|by|of|in|on|at|no|not|history|baseline|prior|previous|pre-?existing|known|active|underlying)\b)[a-z-]+)")
_EVENT_GAP = re.compile(r"\s*(?:" + EVENT_VERB + r"(?:\s+" + _QUALIFIER + r"){0,3}|(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|was)"
                        r"|of(?:\s+[a-z-]+){0,2})?\s*$", re.IGNORECASE)
_NARROWER = re.compile(r"\b(?:of|among|in)\s+(?:those|them|these|this group|that group)\b|\bin the [\w+/ -]{1,30} (?:group|arm|cohort)\b", re.IGNORECASE)
# a leading "In the dose-expansion phase, ...", "Among patients with CNS disease, ...": a part of the cohort
_LEADING_GROUP = re.compile(r"\W*(?:in|among(?:st)?|for|within|of)\s+(?!(?:total|summary|conclusion|addition|particular|all|note|brief|short)\b)[^,;]{1,80},",
                            re.IGNORECASE)
_ALL_PEOPLE = re.compile(r"(?<!not )\b(?:all|every one of the|each of the)\s+(?:(?P<n>\d+)\s+)?(?:evaluable\s+|treated\s+|infused\s+|enrolled\s+)?"
                         + PEOPLE + r"\b", re.IGNORECASE)


def stated_cohort(text: str, analysis) -> int | None:
    """The size of the patients the article studied, when it states exactly one ("24 patients were
    included"; "485 patients with LBCL" in a sentence about who was studied); None when it states
    none or several (68 enrolled and 59 infused: which one a count is of, the text does not say)."""
    from extractors import mentions  # outcome terms: a sentence with one reports a result, not who was studied

    sizes, people = set(), set()
    for start, end in analysis.sentences:
        quantities = analysis.quantities_in(start, end)
        people.update(q.events for q in quantities if counts_people(q, text))
        if not _STUDIED.search(text, start, end):
            continue
        # looked up only in a sentence about who was studied: the vocabulary search costs more
        if any(not _DISEASE_STATE.match(text, m.start) for m in mentions.find(mentions.OUTCOME, text, start, end)):
            continue
        for q in quantities:
            size = _size(q, text)
            if size:
                sizes.add(size)
        sizes.update(int(m.group("n")) for m in _SIZE_CLAUSE.finditer(text, start, end))
        # "12 patients were treated at dose level 1 and 6 at dose level 2": groups, not the cohort
        sizes.update(int(m.group("n")) for m in _PARALLEL_GROUP.finditer(text, start, end))
    if len(sizes) != 1:
        return None
    size = sizes.pop()
    return size if all(n <= size for n in people) else None  # "of 120 screened": a larger group is not the cohort


def _size(q, text: str) -> int | None:
    """A number of people stated as such ("485 patients", "28 R/R B-ALL patients", "59 received")."""
    if q.kind not in (COUNT, NUMBER) or _PART_OF.search(text, max(0, q.start - 20), q.start):
        return None
    n = q.events if q.kind == COUNT else (int(q.value) if q.value and float(q.value).is_integer() else None)
    if not n or n < 2:
        return None
    if q.kind == COUNT and _PEOPLE_IN.search(q.text) or _PEOPLE_AFTER.match(text, q.end) or _SIZE_VERB.match(text, q.end):
        return n
    return None


def counts_people(q, text: str) -> bool:
    """"Twenty patients", "two cases", "29 pts": a count whose noun is people (or cases of an event)."""
    return q.kind == COUNT and q.events is not None and bool(_PEOPLE_IN.search(q.text.rstrip()))


def has_the_outcome(text: str, q, outcome) -> bool:
    """The count's own clause says its people had the outcome: "Four patients experienced viral
    infection", "two cases of T-cell neoplasms", "18 were died"."""
    if _COMPOSITE.match(text, outcome.end):
        return False  # "had died or progressed": another outcome than this one
    if outcome.start >= q.end:
        return _EVENT_GAP.fullmatch(text, q.end, outcome.start) is not None
    return (outcome.end <= q.start and _OCCURRED_IN.fullmatch(text, outcome.end, q.start) is not None
            and not _NEGATED.search(text, max(0, outcome.start - 12), outcome.start) and not _QUALIFIED.match(text, q.end))


_COMPOSITE = re.compile(r"\s*(?:or|and/or|/)\s*\w", re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:no|not|without|none|nor)\s+(?:\w+\s+)?$", re.IGNORECASE)
_QUALIFIED = re.compile(r"\s+(?:with|who|whose|in\s+the|among)\b", re.IGNORECASE)


# "Grade 3 or higher infections occurred in 10 patients": the outcome, then the count of who had it
_OCCURRED_IN = re.compile(r"\s+(?:\([^()]{0,40}\)\s+)?(?:(?:was|were)\s+)?(?:occurred|observed|seen|reported|documented|noted|developed|diagnosed)"
                          r"\s+in\s+(?:a\s+total\s+of\s+)?", re.IGNORECASE)


def whole_cohort_sentence(text: str, span, quantities, found, prefix_end: int, arms) -> bool:
    """A sentence about the whole cohort: no leading group, no subgroup term, no other printed total,
    no "of those", and no arm of a comparison named."""
    from extractors import mentions

    s, e = span
    if prefix_end > s or found[mentions.SUBGROUP] or _NARROWER.search(text, s, e) or _LEADING_GROUP.match(text, s, e):
        return False
    if any(q.kind in (COUNT_OF, N_EQUALS) or (q.kind == PERCENT and q.total) for q in quantities):
        return False
    if any(not arm.car_t for arm in arms):
        return False  # a trial against a comparator: the cohort is both arms
    sentence = text[s:e].lower()
    return not any(arm.name.lower() in sentence for arm in arms)


def cohort_count(q, text: str, outcomes, whole: bool, cohort: int | None):
    """(events, total, flags, outcome mention) of a count of patients with an OTHER outcome over
    the stated cohort ("Twenty patients developed second primary malignancies, including two cases
    of T-cell neoplasms": 20 and 2 of the 485 studied), or None when the count, its clause or the
    sentence do not make the cohort its total."""
    if not whole or not cohort or not counts_people(q, text) or not 0 <= q.events < cohort:
        return None
    after = [m for m in outcomes if m.start >= q.end][:1] + [m for m in outcomes if m.end <= q.start][-1:]
    outcome = next((m for m in after if m.label.startswith("OTHER:") and has_the_outcome(text, q, m)), None)
    if outcome is None:
        return None
    return q.events, cohort, ["total_from_cohort"], outcome


def all_people(text: str, span, outcomes, quantities, whole: bool, cohort: int | None) -> list[tuple]:
    """"All patients experienced >= 1 adverse event", "with all patients achieving VGPR or better":
    (quantity, outcome mention) of a value of 100% of the people. Its total is the number printed
    ("all 74 patients"), else the one count of patients earlier in the sentence ("11 evaluable
    patients had ..., with all patients achieving ..."), else the stated cohort when the sentence is
    about the whole cohort; a sentence about a narrower group with no such count gives nothing."""
    s, e = span
    found = []
    for match in _ALL_PEOPLE.finditer(text, s, e):
        outcome = _outcome_of_all(text, match, outcomes)
        if outcome is None:
            continue
        people = [q.events for q in quantities if counts_people(q, text) and q.end <= match.start()]
        if match.group("n"):
            total = int(match.group("n"))
        elif len(people) == 1:
            total = people[0]
        elif whole and not people:
            total = cohort
        else:
            continue
        a, b = match.span()
        if total:
            q = Quantity(COUNT_OF, a, b, text[a:b], value=1.0, events=total, total=total, words=True)
        else:
            q = Quantity(PERCENT, a, b, text[a:b], value=1.0, percent=100.0, words=True)
        found.append((q, outcome))
    return found


_OBSERVED_IN = re.compile(r"(?:observed|seen|detected|detectable|present|reported|documented|occurred|developed)\s+(?:in|among)\s+$", re.IGNORECASE)


def _outcome_of_all(text: str, match, outcomes):
    """The OTHER outcome "all patients" had: the term after their verb ("all patients experienced
    adverse events"), or one said to be seen in them ("B cells were detectable in all patients")."""
    after = [m for m in outcomes if m.start >= match.end()]
    if after and after[0].label.startswith("OTHER:") and _EVENT_GAP.fullmatch(text, match.end(), after[0].start) is not None:
        return None if _COMPOSITE.match(text, after[0].end) else after[0]
    before = [m for m in outcomes if m.end <= match.start()]
    if before and before[-1].label.startswith("OTHER:") and match.start() - before[-1].end <= 30 \
            and _OBSERVED_IN.search(text, before[-1].start, match.start()) and "," not in text[before[-1].end:match.start()]:
        return before[-1]
    return None


_DEATHS = re.compile(r"\bdeaths\s*$", re.IGNORECASE)


def death_counts(text: str, quantities, outcomes, whole: bool, cohort: int | None) -> list[tuple]:
    """"There were 5 deaths", "Five deaths occurred": one death is one patient, so a count of deaths
    in a sentence about the whole cohort is a count of its patients. (quantity, outcome mention)
    of each, its total the stated cohort."""
    if not whole or not cohort:
        return []
    found = []
    for q in quantities:
        inside = [m for m in outcomes if q.start <= m.start < q.end and m.label == "OTHER:death"]
        if q.kind == COUNT and q.events is not None and 0 <= q.events < cohort and inside and _DEATHS.search(q.text):
            counted = Quantity(PERCENT, q.start, q.end, q.text, value=q.events / cohort, events=q.events, total=cohort, words=q.words)
            found.append((counted, inside[0]))
    return found
