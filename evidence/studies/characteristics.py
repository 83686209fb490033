"""What a report states about its study's patients and treatment, for the comparison: age, the
CAR-T product or construct, the interval since the first CAR-T, lymphodepletion and follow-up.

    text_to_characteristics(text)  -> (Stated, ...)   each with the value as the text gives it,
                                                        its sentence and character offsets
    design_type(("retrospective", "phase 1/2"))        -> "retrospective cohort (phase 1/2)"

Only what a sentence states is kept (never a guess); a study shows "not reported" otherwise. The
rules are data: `RULES` holds one pattern per kind of statement, checked by a table of sentences
that must and must not match (tests/test_study_characteristics.py).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.text.literals import Searchable

FIELDS = ("age", "product", "interval", "lymphodepletion", "follow_up")
JOINED = "[…]"          # between two sentences quoted as one (an age group, then a median age)
MAX_QUOTE = 600        # a sentence longer than this (a run-on page head) is quoted in part
HEAD_CHARS = 60_000     # a study's characteristics are stated in its abstract and methods
_NUMBER = r"\d+(?:[.·]\d+)?"
_UNIT = r"(?:days?|weeks?|months?|years?|mo)\b"
_RANGE = rf"(?:\s*\((?:range|IQR|interquartile range)[,:]?\s*{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}\+?\s*(?:{_UNIT})?\))?"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[\d•*#-])|\n\s*\n|\n(?=\s*[#•*|-])")

# ages: the population's age as words, and a stated median age
AGE_GROUPS = (
    ("children and young adults", r"\b(?:children|pediatric|paediatric)(?: patients)?,? (?:adolescents )?and young adults?\b"),
    ("children and adults", r"\b(?:children|pediatric|paediatric)(?: patients)? and adults?\b|\badults? and children\b"),
    ("children", r"\b(?:in|of|for|among|with) (?:\w+ ){0,3}(?:children|pediatric patients|paediatric patients|infants)\b"
                 r"|\b(?:pediatric|paediatric) (?:patients|participants|cohort)\b|\bchildren (?:with|who|aged)\b"),
    ("adults", r"\b(?:in|of|for|among|with) (?:\w+ ){0,3}adults?\b|\badult patients\b|\badults (?:with|who|aged)\b"),
)
MEDIAN_AGE = re.compile(rf"\bmedian age(?: at [\w-]+(?: [\w-]+)?)?(?: was| of|:|,)?\s*({_NUMBER})\s*(?:years?|y)?{_RANGE}"
                        rf"|\ba median of ({_NUMBER}) years old(?: at (?:the |their )?[\w-]+(?: infusion)?)?{_RANGE}", re.IGNORECASE)

# products: nonproprietary names (INN "-leucel", "-cabtagene", short "-cel") and described constructs
PRODUCT = re.compile(r"\b(?:[a-z]+cabtagene [a-z]+leucel|[a-z]{5,}leucel|[a-z]{3,8}-cel)\b"
                     r"|\b(?:humani[sz]ed|fully human|murine)(?: anti-)? ?(?:CD\d{1,3}|BCMA)(?=[- ](?:directed |targeted )?CAR)"
                     r"|\b(?:CD\d{1,3}|BCMA)-[A-Z0-9]{1,5}-CAR-?T\b", re.IGNORECASE)
MAX_PRODUCTS = 3
# a product named as the one that failed before ("after failure of murine CD19 CAR T cells")
EARLIER = re.compile(r"\b(?:after|failure of|failed|failing|relapsed? (?:on|after)|prior|previous|earlier|first|"
                     r"initial)\b(?:,? (?:or|and) [\w ,]{0,30}?)?[\w ,-]{0,12}$", re.IGNORECASE)
EARLIER_MARK = "earlier: "

# the interval between the first CAR-T and the second
_FIRST = r"(?:first|initial|prior|previous|earlier|CART-?1|CART-?A|index)"
_SECOND = r"(?:second|CART-?2|CART-?B|re-?infusion|re-?treatment|salvage)"
INTERVAL = re.compile(
    rf"\bmedian (?:interval|time)\b[^.;]{{0,80}}?\b{_FIRST}\b[^.;]{{0,80}}?\b{_SECOND}\b[^.;0-9]{{0,30}}?({_NUMBER})\s*({_UNIT}){_RANGE}"
    rf"|\b{_SECOND}\b[^.;]{{0,60}}?\b(?:followed|after|from|since)\b[^.;0-9]{{0,40}}?\b{_FIRST}\b[^.;0-9]{{0,40}}?"
    rf"\bafter a median of ({_NUMBER})\s*({_UNIT}){_RANGE}"
    rf"|\ba median of ({_NUMBER})\s*({_UNIT}){_RANGE} (?:after|from|since) (?:the |their )?{_FIRST}\b",
    re.IGNORECASE)

# lymphodepletion: a sentence about it, and the agents it names
LYMPHODEPLETION = re.compile(r"(?<!pre-)(?<!pre)\b(?:lympho-?depleti\w*|lymphodepleting|conditioning chemotherapy)\b",
                             re.IGNORECASE)
GIVEN = re.compile(r"\b(?:received|receiving|underwent|undergo|had|given|performed|administered|consist\w*|"
                   r"using|used|with|followed by|before|prior to)\b", re.IGNORECASE)
AGENTS = tuple((name, re.compile(pattern)) for name, pattern in (
    ("fludarabine", r"\b(?i:fludarabine)\b|\bFlu\b"), ("cyclophosphamide", r"\b(?i:cyclophosphamide)\b|\bCy\b"),
    ("bendamustine", r"\b(?i:bendamustine)\b"), ("etoposide", r"\b(?i:etoposide)\b")))

# a sentence naming lymphodepletion as a risk factor, or the one before the first CAR-T, does not say
# what the retreated patients received
NOT_GIVEN = re.compile(rf"\b(?:associated|predict\w*|correlat\w*|risk factors?|did (?:better|worse))\b"
                       rf"|\bbefore (?:the |their )?{_FIRST}\b|\b{_FIRST} (?:round|course)\b",
                       re.IGNORECASE)

# follow-up: a stated median follow-up
FOLLOW_UP = re.compile(
    rf"\bmedian (?:duration of )?follow[- ]?up(?: time| period| duration)?(?: was| of|:|,| for)?(?: (?!\d)\w+)?\s*({_NUMBER})\s*({_UNIT}){_RANGE}"
    rf"|\bfollowed (?:up )?for a median of ({_NUMBER})\s*({_UNIT}){_RANGE}", re.IGNORECASE)
# a sentence about another study (background, a cited trial) is not about this one
OTHER_STUDY = re.compile(r"\b(?:previous(?:ly)?|showed|demonstrated|prior stud(?:y|ies)|earlier stud(?:y|ies)|was reported|were reported|"
                         r"has been reported|have shown|has shown|showed that)\b|\[\d", re.IGNORECASE)


@dataclass(frozen=True)
class Stated:
    """One characteristic as a report states it, with its sentence."""

    field: str          # one of FIELDS
    value: str          # as written: "children and young adults", "median 302 days (range 53-1183)"
    quote: str
    start: int          # character offsets of the sentence in the document's text
    end: int

    def to_json(self) -> list:
        return [self.field, self.value, self.quote, self.start, self.end]

    @classmethod
    def from_json(cls, data) -> "Stated":
        field, value, quote, start, end = data
        return cls(str(field), str(value), str(quote), int(start), int(end))


def _groups(match: re.Match) -> list[str]:
    return [g for g in match.groups() if g]


def _median(match: re.Match) -> str:
    """ "median 302 days (range 53-1183)" from a match whose groups are number, unit (the range follows)."""
    number, *unit = _groups(match)
    unit = unit[0].lower() if unit else "years"
    unit = "months" if unit == "mo" else unit
    ranged = re.search(r"\((?:range|IQR|interquartile range)[^)]*\)", match.group(0), re.IGNORECASE)
    return f"median {number.replace('·', '.')} {unit}" + (f" {ranged.group(0)}" if ranged else "")


def sentence_to_stated(sentence: str, start: int, searchable: Searchable | None = None) -> list[Stated]:
    """The characteristics one sentence states (its text starting at `start`). `searchable`: of
    the whole text the sentence is from, its white space runs as one space; a pattern that cannot
    match in it is not searched (None: every pattern is)."""
    def possible(pattern: re.Pattern) -> bool:
        return searchable is None or searchable(pattern)

    flat = quote = " ".join(sentence.split())
    if len(quote) > MAX_QUOTE:
        quote = quote[:MAX_QUOTE].rsplit(" ", 1)[0] + " …"
    if not quote or OTHER_STUDY.search(flat):
        return []
    end = start + len(sentence.rstrip())
    found = []

    def add(field: str, value: str) -> None:
        found.append(Stated(field, value, quote, start, end))

    for group, pattern in AGE_GROUPS:
        if possible(re.compile(pattern, re.IGNORECASE)) and re.search(pattern, flat, re.IGNORECASE):
            add("age", group)
            break
    age = MEDIAN_AGE.search(flat) if possible(MEDIAN_AGE) else None
    if age:
        add("age", _median(age).replace("median", "median age", 1).replace(" years", " y", 1))
    products = _unique((EARLIER_MARK if EARLIER.search(flat[max(0, m.start() - 60):m.start()]) else "")
                       + re.sub(r"(?i)\banti-", "", " ".join(m.group(0).split()))
                       for m in (PRODUCT.finditer(flat) if possible(PRODUCT) else ()))
    if products:
        add("product", ", ".join(products))
    interval = INTERVAL.search(flat) if possible(INTERVAL) else None
    if interval:
        add("interval", _median(interval))
    if possible(LYMPHODEPLETION) and LYMPHODEPLETION.search(flat) and GIVEN.search(flat) and not NOT_GIVEN.search(flat):
        agents = [name for name, pattern in AGENTS if pattern.search(flat)]
        add("lymphodepletion", " + ".join(agents) if agents else "yes, regimen not named")
    follow = FOLLOW_UP.search(flat) if possible(FOLLOW_UP) else None
    if follow:
        add("follow_up", _median(follow))
    return found


def _unique(names) -> list[str]:
    """Names in order of first mention, each once whatever its case ("axi-cel", "Axi-cel")."""
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.lower(), name)
    return list(seen.values())


def products_text(names) -> str:
    """ "humanized CD19; earlier: murine CD19": the products named, up to MAX_PRODUCTS, those
    named as the earlier CAR-T last; a short name ("axi-cel") left out beside its full name."""
    names = _unique(names)
    full = [n.removeprefix(EARLIER_MARK).lower() for n in names]
    kept = [n for n in names if not (n.lower().endswith("-cel") and any(
        f.startswith(n.removeprefix(EARLIER_MARK).lower()[:-4]) and not f.endswith("-cel") for f in full))]
    later = _unique(n for n in kept if not n.startswith(EARLIER_MARK))
    earlier = _unique(n.removeprefix(EARLIER_MARK) for n in kept if n.startswith(EARLIER_MARK))
    earlier = [n for n in earlier if n.lower() not in {x.lower() for x in later}]
    text = ", ".join(later[:MAX_PRODUCTS])
    if earlier:
        text += ("; " if text else "") + EARLIER_MARK + ", ".join(earlier[:MAX_PRODUCTS])
    return text


def text_to_sentences(text: str):
    """(start, sentence) pairs: a sentence ends at . ! ? before a capital, at a blank line or a list
    item; a line wrapped inside a sentence does not end it."""
    start = 0
    for end in SENTENCE_END.finditer(text):
        yield start, text[start:end.start()]
        start = end.end()
    yield start, text[start:]


def text_to_characteristics(text: str) -> tuple[Stated, ...]:
    """Each characteristic the text states: its first statement (an age group and a median age
    are one each; products are gathered, up to MAX_PRODUCTS)."""
    text = text[:HEAD_CHARS]
    first: dict[tuple[str, bool], Stated] = {}
    products: list[Stated] = []
    searchable = Searchable(" ".join(text.split()))  # holds each sentence as sentence_to_stated flattens it
    for start, sentence in text_to_sentences(text):
        for stated in sentence_to_stated(sentence, start, searchable):
            if stated.field == "product":
                products.append(stated)
                continue
            key = (stated.field, stated.value.startswith("median age"))
            first.setdefault(key, stated)
    if products:
        first[("product", False)] = Stated("product", products_text(n for p in products for n in p.value.split(", ")),
                                           products[0].quote, products[0].start, products[0].end)
    return tuple(first[k] for k in sorted(first, key=lambda k: (FIELDS.index(k[0]), k[1])))


def study_characteristics(ranked_profiles) -> dict[str, tuple[str, "Stated"]]:
    """field -> (document, statement): the best report's statement of each characteristic (an age
    group and a median age joined: "children and young adults; median age 12.6 y")."""
    chosen: dict[str, tuple[str, Stated]] = {}
    for profile in ranked_profiles:
        for data in profile.characteristics:
            stated = Stated.from_json(data)
            if stated.field == "age" and stated.field in chosen:
                document, kept = chosen["age"]
                both = (kept.value.startswith("median age"), stated.value.startswith("median age"))
                if document == profile.document and both == (False, True):
                    first, second = sorted((kept, stated), key=lambda x: x.start)
                    quote = kept.quote if first == second else f"{first.quote} {JOINED} {second.quote}"
                    chosen["age"] = (document, Stated("age", f"{kept.value}; {stated.value}", quote,
                                                      first.start, max(first.end, second.end)))
                continue
            chosen.setdefault(stated.field, (profile.document, stated))
    return chosen


# -- design in one vocabulary ----------------------------------------------------------------------

DESIGN_TYPES = (  # (type, cues that make it), first match wins
    ("randomised trial", ("randomised",)),
    ("comparative cohort", ("comparative cohort",)),
    ("retrospective cohort", ("retrospective",)),
    ("prospective single-arm trial", ("prospective", "single-arm", "phase 1", "phase 1/2", "phase 2")),
)
QUALIFIERS = ("phase 1/2", "phase 1", "phase 2", "single-centre", "multicentre")


def design_type(cues) -> str:
    """One design from the study's design cues ("retrospective", "phase 1/2", ...): randomised
    trial, comparative cohort, retrospective cohort or prospective single-arm trial, then the trial
    phase and the centres when stated ("retrospective cohort (phase 1/2)"); "" when no cue says."""
    cues = set(cues)
    kind = next((name for name, makes in DESIGN_TYPES if cues & set(makes)), "")
    qualifiers = [q for q in QUALIFIERS if q in cues]
    if not qualifiers:
        return kind
    return f"{kind or 'not reported'} ({', '.join(qualifiers)})"
