"""Bind each number in a sentence to what it measures and whom it describes.

For every value (a percent, "x of y", a share, a count, a duration) the outcome term it belongs
to is, in order: the term right after it when the value is the subject of that term ("8 (8/44)
had a partial response", "39% responded"); the nearest term to its left in its clause; the
nearest to its right; the last one earlier in the sentence. Terms that describe the people
counted (see `descriptors`) are not candidates. The clause's disease, infusion, subgroup and
grade terms say whom it describes; what the clause leaves unsaid comes from the document.
"""
from __future__ import annotations

import re

from evidence.text.quantity import CI, COUNT, COUNT_OF, DURATION, NUMBER, PERCENT, Quantity
from extractors.mentions import Mention, SURVIVAL_OUTCOMES
from extractors.segments import Segment
from extractors.vocabulary import survival

MAX_DISTANCE = 160  # characters between a value and the outcome term it belongs to
_TIMEPOINT_BEFORE = re.compile(r"\b(?:at|by|within|after|beyond|over|through)\s+(?:a\s+|about\s+|approximately\s+)?(?:median\s+)?$", re.IGNORECASE)
_TIMEPOINT_AFTER = re.compile(r"^['’]?\s*(?:out\b|on\b|later|after|post|from|since|landmark)", re.IGNORECASE)
_FOLLOW_UP_AFTER = re.compile(r"^['’]?s?\s*(?:\([^()]*\)\s*)?(?:of\s+)?(?:median\s+)?(?:follow[- ]?up|FU\b)", re.IGNORECASE)
_AT = re.compile(r"\b(?:at|by|within)\s+$", re.IGNORECASE)
_FOLLOW_UP = re.compile(r"(?:follow[- ]?up|\bFU\b|median age|\bage\b|aged|interval|time (?:from|to)|infused|manufactur\w*|years? old|followed\s+(?:CART|CAR-?T|the first)\S*)"
                        r"(?:,\s*)?(?:[^.;,]|(?<=\d)\.(?=\d)|(?<=vs)\.){0,30}$", re.IGNORECASE)
_MEDIAN = re.compile(survival.MEDIAN_CUES, re.IGNORECASE)
_PATIENT_NOUN = re.compile(r"^\s*(?:more\s+)?(?:of\s+the\s+)?(?:adult\s+|evaluable\s+)?(?:patients|people|participants|children|adults|cases|subjects)?", re.IGNORECASE)
_ATTACHED_DISEASE = re.compile(r"^[\s,]*(?:\(?\s*)?(?:of|for|in|among|with)?\s*(?:the\s+)?(?:patients\s+with\s+|those\s+with\s+)?$", re.IGNORECASE)
_SAME = re.compile(r"\bsame (?:antigen|target)\b|\bsame[- ]target\b", re.IGNORECASE)
_DIFFERENT = re.compile(r"\bdifferent (?:antigen|target)\b|\bdifferent[- ]target\b|\bnew (?:antigen|target)\b", re.IGNORECASE)
# "39% responded", "8 (8/44) had a partial response", "Seven of 13 (54%) achieved CR"
_PREDICATE_GAP = re.compile(
    r"^\s*(?:\([^()]{0,40}\)\s*)?(?:of\s+(?:the\s+)?(?:\d+\s+)?(?:them|those|these|patients|people|children|adults)\s+"
    r"(?:with\s+(?:[\w/-]+\s+){1,5}?)?)?"  # "39% of patients with relapsed lymphoma were alive"
    r"(?:more\s+|patients\s+|people\s+|children\s+|adults\s+|participants\s+)?(?:\([^()]{0,40}\)\s*)?"
    r"(?:(?:also|later|then|still|again|subsequently|eventually)\s+)?"
    r"(?:(?:had|has|have|were|was|achieved|attained|reached|obtained|developed|experienced|showed|went|remained|got|entered|"
    r"maintained|became|been|had\s+been|were\s+in|was\s+in|reached\s+a|with|"
    r"(?:achiev|attain|reach|obtain|develop|experienc|show|remain|hav|becom)ing)\b[\s\w-]{0,25})?$",
    re.IGNORECASE,
)
_VERB_TERM = re.compile(r"^(?:responded|relapsed|recurred|progressed|died|disappeared|achieved|had|went|were|was|reached)\b", re.IGNORECASE)


def is_timepoint(text: str, q: Quantity) -> bool:
    """A duration used to say *when* ("2-year OS", "at 12 months", "four years out", "two years on")."""
    if q.kind != DURATION:
        return False
    if _FOLLOW_UP_AFTER.match(text[q.end:q.end + 30]) and not _AT.search(text[max(0, q.start - 10):q.start]):
        return False  # "after more than three years' follow-up": how long, not when
    return q.timepoint or bool(_TIMEPOINT_BEFORE.search(text[max(0, q.start - 25):q.start])) \
        or bool(_TIMEPOINT_AFTER.match(text[q.end:q.end + 20]))


def timepoint_months(q: Quantity) -> float | None:
    """A timepoint's months; a range ("12 to 18 months") is read at its end."""
    return q.high if q.value is None and q.high is not None else q.value


def choose_outcome(q: Quantity, segment: Segment, sentence: tuple[int, int], usable: list[Mention], text: str) -> Mention | None:
    """The outcome term `q` measures, among the sentence's usable (non-population) terms."""
    if q.kind == DURATION:
        usable = [m for m in usable if m.label in SURVIVAL_OUTCOMES]
    usable = [m for m in usable if not (m.start < q.end and m.end > q.start)]
    left = [m for m in usable if segment.start <= m.start and m.end <= q.start]
    right = [m for m in usable if m.start >= q.end and m.end <= segment.end]
    if right and is_predicate(text, q, right[0]):
        return right[0]
    if left and q.start - left[-1].end <= MAX_DISTANCE:
        return left[-1]
    if right and right[0].start - q.end <= MAX_DISTANCE:
        return right[0]
    clause_start = clause_start_of(text, sentence[0], q.start)
    earlier = [m for m in usable if clause_start <= m.start and m.end <= segment.start]
    if earlier and q.start - earlier[-1].end <= 2 * MAX_DISTANCE:
        return earlier[-1]
    clause_end = clause_end_of(text, q.end, sentence[1])
    later = [m for m in usable if m.start >= segment.end and m.end <= clause_end]
    if later and later[0].start - q.end <= MAX_DISTANCE:  # "36% of responders and 19% of non-responders were alive"
        return later[0]
    return None


def is_predicate(text: str, q: Quantity, m: Mention) -> bool:
    """The term after a value is what the value's people did or had."""
    gap = text[q.end:m.start]
    bare = re.sub(r"\([^()]*\)", "", gap)
    if re.match(r"\s*with\b", bare) and q.kind != COUNT and q.events is None:  # "39% with CR in 20%": not the 39%'s outcome
        return False
    if re.match(r"\s*with\b", bare) and q.kind != COUNT and not re.fullmatch(r"\s*with\s+(?:an?\s+)?", bare):
        return False
    if len(gap) > 60 or re.search(r"[;:]", gap) or "," in bare:
        return False
    if not bare.strip():  # "7 (28%) complete responses", "39% responded"
        return True
    return bool(_PREDICATE_GAP.match(gap)) and (bool(re.search(r"[A-Za-z]", gap)))


_PRONOUN_SUBJECT = re.compile(r"\s*(?:it|they|this|these|which|its|their)\b", re.IGNORECASE)


def clause_start_of(text: str, start: int, end: int) -> int:
    """After the last semicolon outside parentheses: "...(P = .0043); 35 of 40 responders had..."
    starts a new statement that does not inherit the earlier outcome, unless it goes on about
    the same thing ("...had CRS; it became severe in one person")."""
    depth, cut = 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0 and not _PRONOUN_SUBJECT.match(text, i + 1):
            cut = i + 1
    return cut


def clause_end_of(text: str, start: int, end: int) -> int:
    depth = 0
    for i in range(start, end):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            return i
    return end


def nearest(found: list[Mention], q: Quantity, start: int, end: int, within: bool = False) -> Mention | None:
    """The mention in text[start:end] closest to `q`, either side (or inside it, with `within`)."""
    inside = [m for m in found if start <= m.start and m.end <= end
              and (within or m.end <= q.start or m.start >= q.end)]
    if not inside:
        return None
    return min(inside, key=lambda m: q.start - m.end if m.end <= q.start else max(0, m.start - q.end))


def attached_disease(found: list[Mention], q: Quantity, text: str, end: int) -> Mention | None:
    """A disease named right after the value: "21% of ALL patients", "22% for CLL", "4 months in ALL"."""
    for m in found:
        if q.end <= m.start <= min(end, q.end + 45):
            gap = text[q.end:m.start]
            gap = _PATIENT_NOUN.sub("", gap, count=1) if gap.strip().lower().startswith(("patients", "of the")) else gap
            if _ATTACHED_DISEASE.match(gap) or re.match(r"^\s*(?:patients|people|children)?\s*(?:with)?\s*$", gap, re.IGNORECASE):
                return m
            return None
    return None


def grade_for(grades: list[Mention], q: Quantity, outcome: Mention, segment: Segment, values=(), text: str = "") -> str | None:
    """The grade of a toxicity figure: a grade term of the value's clause that is nearer to it than
    to any other value, else one next to its outcome term ("Grade 3 or higher CRS in 2 of 16 and
    in none of 14"). A lone "grade 1"/"mild" qualifies all the events ("any"); None when the figure
    is one grade below 3 of several (outside the any/>=3 vocabulary)."""
    def distance(g: Mention, v: Quantity) -> int:  # a grade reads forwards: "(grade >=3, 10%)" is the 10%'s
        return v.start - g.end if g.end <= v.start else max(0, g.start - v.end) + 3

    def names_another(g: Mention) -> bool:  # "CRS (80%) and grade >=3 neurotoxicity (6%)": the grade is the neurotoxicity's
        named = _NAMED_AFTER_GRADE.match(text, g.end)
        return bool(named) and g.end + len(named.group()) - len(named.group().lstrip()) != outcome.start

    own = [g for g in grades if segment.start <= g.start < segment.end and not (g.start > q.end and names_another(g))
           and all(distance(g, q) <= distance(g, v) for v in values if v is not q)]
    chosen = min(own, key=lambda g: distance(g, q)) if own else None
    if chosen is None:
        def attached(g: Mention) -> bool:
            a, b = (g.end, outcome.start) if g.end <= outcome.start else (outcome.end, g.start)
            if g.end <= outcome.start and _VALUED_TOXICITY_LIST.fullmatch(text, a, b):
                return True  # "severe CRS (2.4%) and neurotoxicity (7.1%)": the grade word leads the list
            gap = _TOXICITY_LIST.sub("", text[a:b]) if g.end <= outcome.start else text[a:b]
            return 0 <= len(gap) < 40 and ";" not in gap and not any(a <= v.start < b for v in values)

        near = [g for g in grades if attached(g)]
        chosen = near[0] if near else None
    if chosen is None:
        return ""
    if chosen.label == "<3" and text[chosen.start:chosen.end].lower().startswith("grade") and chosen.end <= outcome.start and outcome.start - chosen.end < 40 \
            and not any(chosen.end <= v.start < outcome.start for v in values):
        return low_grade(text[chosen.start:chosen.end + 6])  # "Grade 1-2 neurotoxicity", "grade 1 CNS toxicity"
    if chosen.label != "<3":
        return chosen.label
    others = [g for g in grades if g is not chosen and g.label != "<3"]
    return None if others else "any"


def low_grade(term: str) -> str:
    """A grade below 3 as the contract writes it: "grade 1" -> "1", "grade 2" -> "2", else "1-2"."""
    single = re.match(r"grades?\s*([12])\b(?!\s*(?:-|–|to|or|and)\s*\d)", term.strip(), re.IGNORECASE)
    return single.group(1) if single else "1-2"


_TOXICITY_NAMES = r"(?:cytokine[- ]release syndrome|CRS|ICANS|neuro-?toxicity|immune effector cell[- ]associated neurotoxicity(?: syndrome)?)"
_TOXICITY_LIST = re.compile(_TOXICITY_NAMES + r"(?:\s*\([A-Z]+\))?\s*(?:,|and|or|/)\s*", re.IGNORECASE)


_NAMED_AFTER_GRADE = re.compile(r"\s*" + _TOXICITY_NAMES, re.IGNORECASE)
# "severe CRS (2.4%) and ": toxicities listed each with its value in brackets, after one grade word
_VALUED_TOXICITY_LIST = re.compile(r"(?:\s*" + _TOXICITY_NAMES + r"(?:\s*\([A-Z]+\))?\s*\(\s*[\d.·]+\s*%\s*\)\s*(?:,\s*(?:and\s+)?|and\s+|or\s+))+", re.IGNORECASE)


def relation_in(text: str, start: int, end: int, default: str) -> str:
    clause = text[start:end]
    if _SAME.search(clause) and not _DIFFERENT.search(clause):
        return "same"
    if _DIFFERENT.search(clause) and not _SAME.search(clause):
        return "different"
    return default


def median_cued(text: str, sentence: tuple[int, int]) -> bool:
    return bool(_MEDIAN.search(text, sentence[0], sentence[1]))


def ci_after(q: Quantity, quantities, segment_end: int, text: str) -> tuple[float | None, float | None]:
    """A confidence interval that follows an estimate, in the estimate's scale."""
    for c in quantities:
        if c.kind == CI and c.start >= q.end and c.start - q.end <= 40 and c.start < segment_end + 40:
            low, high = c.low, c.high
            if low is None or high is None:
                return None, None
            if q.kind == DURATION:
                factor = _duration_factor(q)
                if c.unit != "months":
                    low, high = low * factor, high * factor
            elif c.unit != "proportion" and high > 1:
                low, high = low / 100, high / 100
            return low, high
        if c.start > q.end + 60:
            break
    return None, None


def _duration_factor(q: Quantity) -> float:
    number = re.search(r"\d+(?:[.·]\d+)?", q.text)
    if not number or not q.value:
        return 1.0
    raw = float(number.group().replace("·", "."))
    return q.value / raw if raw else 1.0


def total_for_count(events: int, percent: float | None, candidates: list[int]) -> int | None:
    """The first candidate denominator that the printed percent confirms (never a guess)."""
    for total in candidates:
        if total and events <= total and (percent is None or abs(100 * events / total - percent) <= 0.6):
            return total
    return None


def follow_up_time(text: str, q: Quantity) -> bool:
    """"median follow-up of 14.3 months", "14.3 months of follow-up": a time of observation."""
    return bool(_FOLLOW_UP.search(text[max(0, q.start - 60):q.start]) or _FOLLOW_UP_AFTER.match(text[q.end:q.end + 80]))


def is_value(q: Quantity, text: str) -> bool:
    from extractors.denominators import VALUE_KINDS

    if q.kind not in VALUE_KINDS:
        return False
    if q.kind == DURATION:
        if is_timepoint(text, q):
            return False
        if follow_up_time(text, q):
            return False
    if q.kind == PERCENT and _CI_LABEL.match(text, q.end):
        return False  # "[95% CI]", "[95% Cl]" (an l read for the I): the level of an interval
    if re.search(r"\b(?:CI|confidence interval)\s*[=:,]?\s*\[?$", text[max(0, q.start - 25):q.start], re.IGNORECASE):
        return False  # "(95% CI = 12.8 months to not reached)": a bound, not a figure
    if q.kind == DURATION and _EXTREME.search(text, max(0, q.start - 30), q.start):
        return False  # "max DOR was 29 mo": the longest, not a median
    if q.kind == DURATION and _WINDOW.search(text, max(0, q.start - 30), q.start):
        return False  # "most events occur within the first 2 years": a window of time, not a median
    if q.kind == DURATION and _BARE_NUMBER_BEFORE.search(text, max(0, q.start - 12), q.start):
        return False  # "was 6.142 3.395 months": a mean and its spread whose "±" was lost, not a median
    if q.kind in (COUNT, COUNT_OF, NUMBER) and _NEXT_TREATMENT.match(text, q.end):
        return False  # "eight were not bridged to transplant": who went on to what, not an outcome
    if q.kind in (COUNT, COUNT_OF, NUMBER) and _NOT_ASSESSED.match(text, q.end):
        return False  # "1 patient could not be evaluated": who was left out, not a result
    if _CROSSOVER.search(text, max(0, q.start - 40), q.start):
        return False  # "crossover from the control arm (56%)": a treatment given, not an outcome
    if q.kind == PERCENT and _RELATIVE_CHANGE.match(text, q.end):
        return False  # "a 73% reduction in the risk of death": an analysis statistic, not a figure
    before = text[max(0, q.start - 30):q.start]
    if q.kind == COUNT and _REFERENCE.search(before):
        return False  # "the one patient with SD", "70.5% of all 34 enrolled patients": who, not a result
    if q.kind == DURATION and (_RESTATED_DURATION.search(before) or (q.comparator or q.approximate) and _AFTER_DURATION.search(before)):
        return False  # "81 days - under three months"
    return True


_CI_LABEL = re.compile(r"\s*(?:(?-i:CI|Cl)\b|confidence)", re.IGNORECASE)
_WINDOW = re.compile(r"\b(?:within|during)\s+(?:the\s+)?(?:(?:first|initial|next|last)\s+)?$"
                     r"|\b(?:in|after|over|beyond)\s+the\s+(?:first|initial|next|last)\s+$", re.IGNORECASE)
_BARE_NUMBER_BEFORE = re.compile(r"\d\s+$")
_EXTREME = re.compile(r"\b(?:max(?:imum)?|longest|shortest|min(?:imum)?|up to)\b[^.;,]{0,20}$", re.IGNORECASE)
_NEXT_TREATMENT = re.compile(r"\s*(?:patients\s+|pts\s+)?(?:were|was)\s+(?:not\s+)?(?:bridged|transplanted|referred)\b", re.IGNORECASE)
_NOT_ASSESSED = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:patients?\s+|participants?\s+)?(?:could not be|was not|were not|is not|are not|cannot be)\s+"
                           r"(?:evaluated|evaluable|assessed|assessable)\b", re.IGNORECASE)
_CROSSOVER = re.compile(r"\bcross(?:ed)?[- ]?over\b[^.;]*$", re.IGNORECASE)
_RELATIVE_CHANGE = re.compile(r"\s*(?:relative\s+)?(?:reduction|decrease|increase|lower|higher|improvement)\s+(?:in\s+)?(?:the\s+)?(?:risk|hazard|odds)\b", re.IGNORECASE)
_AFTER_DURATION = re.compile(r"\b(?:days?|weeks?|months?|years?)\s*(?:[-–—,(]|or)\s*$", re.IGNORECASE)
_REFERENCE = re.compile(r"(?:\bthe|%\s+of(?:\s+all|\s+the)?|\bof\s+all|\b(?:review|cohort|series|study|analysis|total|group|sample) of)\s+$", re.IGNORECASE)
_RESTATED_DURATION = re.compile(r"\b(?:days?|weeks?|months?|years?)\s*(?:[-–—,(]|or)\s*(?:just\s+)?(?:under|over|about|nearly|almost|roughly|around|more than|less than|approximately)\s+$", re.IGNORECASE)


def bracket_depth(text: str, start: int, at: int) -> int:
    """How many brackets ("(" or "[") opened after `start` are still open at `at`."""
    depth = 0
    for ch in text[start:at]:
        depth += ch in "(["
        depth -= ch in ")]" and depth > 0
    return depth
