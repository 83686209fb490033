"""What a document says about the study it reports: identifiers, names, cohort, disease, numbers.

`document_to_profile` reads a `DocumentInfo` (metadata, text) and the document's figures; linking
compares profiles, never raw text, so a profile written to the documents sidecar lets `evidence
studies` link a table later exactly as `evidence extract` did.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, fields

from evidence.studies import rules
from evidence.studies.characteristics import text_to_characteristics
from evidence.studies.genre import text_to_genre
from evidence.studies.people import text_to_names
from evidence.text.literals import folded_window, possible
from evidence.text.words import TENS, UNITS, words_to_number

DOI = re.compile(r"\b(10\.\d{4,9}/[^\s\"<>,;]+)", re.IGNORECASE)
PMID = re.compile(r"\bPMID:?\s*(\d{6,9})\b")
NCT = re.compile(r"\bNCT\s?0?(\d{7,8})\b")
CITATION_KEY = re.compile(r"\b((?:19|20)\d\d)\s*;\s*(\d{1,4})(?:\s*\([^)]{0,15}\))?\s*:\s*[A-Za-z]?(\d{1,7})")
TRIAL_NAME = re.compile(r"\b([A-Z]{3,}[a-z]*-\d{1,2})\b")
NOT_TRIAL_NAMES = frozenset({"COVID-19", "SARS-2", "CART-1", "CART-2"})
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

_UNIT_WORDS = "|".join(sorted(UNITS, key=len, reverse=True))
_NUMBER_WORD = rf"(?:{'|'.join(sorted(TENS, key=len, reverse=True))})(?:-(?:{_UNIT_WORDS}))?|(?:{_UNIT_WORDS})|none"
_NUMBER = rf"(\d{{1,4}}|(?i:{_NUMBER_WORD})\b)"
COUNT_OF = re.compile(rf"\b{_NUMBER}\s+(?:out\s+)?of\s+(?:the\s+|these\s+|those\s+|all\s+|same\s+){{0,3}}{_NUMBER}\b")
COUNT_SLASH = re.compile(r"(?<![\d./])(\d{1,4})\s*/\s*(\d{1,4})(?![\d/]|\s*(?:kg|m2|µl|ul|mm))")
PERCENT = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,2})?)\s?%(?!\s*(?:CI|confidence))")
COHORT_SIZE = re.compile(rf"\b{_NUMBER}\s+(?:(?!percent\b|of\b)\w+\s+){{0,2}}?{rules.PATIENT_WORDS}\b(?!\s*\()",
                         re.IGNORECASE)
TREATED_COHORT = re.compile(
    rf"\b{_NUMBER}\s+(?:\w+\s+)?{rules.PATIENT_WORDS}(?:\s+[\w-]+){{0,4}}?\s+(?:received|got|started|took part|"
    rf"were (?:treated|retreated|re-?infused|enrolled|infused|included|given|evaluable))\b"
    rf"|\b(?:in|among)\s+{_NUMBER}\s+(?:\w+\s+)?{rules.PATIENT_WORDS}\b(?!\s*\()",
    re.IGNORECASE,
)
N_EQUALS = re.compile(r"\bn\s*=\s*(\d{1,5})\b")
DISEASE_COUNT_FILLER = r"(?:(?:of them|patients|adults|children|people|had|with|were)\s+){0,3}"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\n\s*\n")
MIN_COUNT_DENOMINATOR = 5
CITATION_LENGTH = 300
HEAD_CHARS, TAIL_CHARS = 60_000, 15_000  # what a profile reads of a long text: where a study is named
REFERENCES = re.compile(r"^\s*(?:#+\s*)?(?:\d+\.?\s+)?(?:references|bibliography|literature cited)\s*$",
                        re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class DocumentProfile:
    """The study-identifying evidence one document carries."""

    document: str
    title: str = ""
    year: int | None = None
    kind: str = ""
    basis: str = ""
    kind_cues: tuple[str, ...] = ()
    dois: tuple[str, ...] = ()
    pmids: tuple[str, ...] = ()
    registrations: tuple[str, ...] = ()
    trial_names: tuple[str, ...] = ()
    citation_keys: tuple[str, ...] = ()  # "2021;137:323": year; volume: first page
    cited_years: tuple[int, ...] = ()  # years in the citations it gives
    titles: tuple[str, ...] = ()  # its own title, headline-like lines and the titles it cites
    cited_titles: tuple[str, ...] = ()  # titles of publications it cites
    first_authors: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    n: int | None = None  # the cohort size the document gives most weight
    cohort_sizes: tuple[int, ...] = ()
    diseases: tuple[str, ...] = ()
    disease_counts: tuple[tuple[str, int], ...] = ()
    antigens: tuple[str, ...] = ()
    counts: tuple[tuple[int, int], ...] = ()  # "x of y" pairs in the text
    percents: tuple[float, ...] = ()
    after_failure: float = 0.0  # weight of cues saying patients were retreated after failure
    not_after_failure: float = 0.0  # weight of look-alike cues (planned, consolidation, CAR-naive)
    retreatment_cues: tuple[str, ...] = ()
    design: tuple[str, ...] = ()
    characteristics: tuple = ()  # Stated.to_json() records: age, product, interval, lymphodepletion, follow-up
    citation: str = ""
    name_tokens: tuple[str, ...] = ()
    from_text: bool = True  # False: built from the table's figures and quotes alone

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "DocumentProfile":
        known = {f.name: f for f in fields(cls)}
        values = {}
        for name, value in data.items():
            if name not in known:
                continue
            if isinstance(value, list):
                value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
            values[name] = value
        return cls(**values)


# -- small pure readers -----------------------------------------------------------------------

def normalise_doi(doi: str) -> str:
    return doi.strip().rstrip(".*_)]}>,;:'\"").lower()


def number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    if token.lower() in ("none", "no"):
        return 0
    return words_to_number(token)


def text_to_identifiers(text: str) -> dict[str, tuple[str, ...]]:
    def unique(values):
        return tuple(dict.fromkeys(v for v in values if v))

    return {
        "dois": unique(normalise_doi(m.group(1)) for m in DOI.finditer(text)),
        "pmids": unique(m.group(1) for m in PMID.finditer(text)),
        "registrations": unique(f"NCT{int(m.group(1)):08d}" for m in NCT.finditer(text)),
        "citation_keys": unique(f"{m.group(1)};{m.group(2)}:{m.group(3)}" for m in CITATION_KEY.finditer(text)),
        "trial_names": unique(m.group(1) for m in TRIAL_NAME.finditer(text) if m.group(1) not in NOT_TRIAL_NAMES),
    }


def citation_paragraphs(text: str) -> list[str]:
    """Paragraphs (or lines) that cite a publication: a DOI, a PMID or a "year;volume:page"."""
    found = []
    for paragraph in re.split(r"\n\s*\n", text):
        flat = " ".join(paragraph.split())
        if DOI.search(flat) or PMID.search(flat) or CITATION_KEY.search(flat):
            found.append(flat)
    return found


def text_to_cited_titles(text: str, paragraphs: list[str] | None = None) -> list[str]:
    """Sentences of citation paragraphs (`paragraphs`, when already found) that read like article titles."""
    titles = []
    for paragraph in citation_paragraphs(text) if paragraphs is None else paragraphs:
        for sentence in re.split(r"(?<=[.?!*])\s+", paragraph):
            sentence = sentence.strip(" *_")
            label = re.match(r"^[A-Za-z ,'’]{0,70}:\s+", sentence)
            if label:
                sentence = sentence[label.end():]
            sentence = sentence.strip(" *_.")
            if len(sentence.split()) < 6 or CITATION_KEY.search(sentence) or DOI.search(sentence):
                continue
            if _author_line(sentence) or re.search(r"\bet al\b|\bcorpus\b|\bretold\b|\bretells\b", sentence, re.I):
                continue
            titles.append(sentence)
    return titles


LINKED_TITLE = re.compile(r"\b(?:journal|abstract|article)\b[^:\n]{0,40}:\s*([A-Z][^\n]{30,250})")
HEAD_LINES = 8


def _author_line(text: str) -> bool:
    from evidence.studies.people import AUTHOR_LIST, FULL_NAME_LIST

    return bool(AUTHOR_LIST.fullmatch(text) or FULL_NAME_LIST.fullmatch(text))


def text_to_head_titles(text: str) -> list[str]:
    """Headline-like paragraphs near the top (6 to 30 words, no final full stop) and titles a text
    names after "the abstract in the journal, Blood:"."""
    paragraphs = [" ".join(p.split()).strip(" #*_") for p in re.split(r"\n\s*\n", text) if p.strip()][:HEAD_LINES]
    titles = [p for p in paragraphs if 6 <= len(p.split()) <= 30 and not p.endswith(".") and "%" not in p
              and not _author_line(p)]
    titles += [m.group(1).strip().rstrip(".") for m in LINKED_TITLE.finditer(text)]
    return titles


def title_words(title: str) -> frozenset[str]:
    words = re.findall(r"[a-z0-9]+", title.lower().replace("leukaemia", "leukemia"))
    return frozenset(w for w in words if w not in rules.TITLE_STOPWORDS and len(w) > 1)


def shorten_authors(line: str) -> str:
    """ "Gauthier J, Bezerra ED, ..., Turtle CJ. Title" -> "Gauthier J et al. Title"."""
    from evidence.studies.people import CITED_AUTHORS

    return CITED_AUTHORS.sub(lambda m: f"{m.group(1)} et al.", line, count=1).replace("et al..", "et al.")


def citation_line(text: str, paragraphs: list[str] | None = None) -> str:
    """The first paragraph that cites a publication, without its label and long author list."""
    for paragraph in citation_paragraphs(text) if paragraphs is None else paragraphs:
        line = re.sub(r"^.{0,60}?\b(?:source|reference|study|cite this|citation)[^:]{0,30}:\s*", "", paragraph,
                      flags=re.I)
        line = re.split(r"\s*\*?Corpus note", line)[0].strip(" *_")
        line = shorten_authors(line)
        if line:
            return line if len(line) <= CITATION_LENGTH else line[:CITATION_LENGTH].rsplit(" ", 1)[0] + "..."
    return ""


def text_to_counts(text: str) -> list[tuple[int, int]]:
    pairs = []
    for match in list(COUNT_OF.finditer(text)) + list(COUNT_SLASH.finditer(text)):
        x, y = number(match.group(1)), number(match.group(2))
        if x is None or y is None or y < MIN_COUNT_DENOMINATOR or x > y or y > 5000:
            continue
        pairs.append((x, y))
    return sorted(set(pairs))


def text_to_percents(text: str) -> list[float]:
    values = {round(float(m.group(1)) / 100, 4) for m in PERCENT.finditer(text)}
    return sorted(v for v in values if 0 < v < 1 and v != 0.5)


def text_to_cohort_sizes(text: str, counts: list[tuple[int, int]] | None = None) -> Counter:
    """Patient counts the text states, weighted: "n = 61" 3, "44 patients received" 3, a denominator
    ("40 of 61") 2, "44 patients" 1. `counts`: the text's counts, when already found."""
    sizes: Counter = Counter()
    for match in N_EQUALS.finditer(text):
        sizes[int(match.group(1))] += 3
    for _, y in text_to_counts(text) if counts is None else counts:
        sizes[y] += 2
    for match in COHORT_SIZE.finditer(text):
        value = number(match.group(1))
        if value and value >= 2:
            sizes[value] += 1
    for match in TREATED_COHORT.finditer(text):
        value = number(match.group(1) or match.group(2))
        if value and value >= 2:
            sizes[value] += 2
    return sizes


def text_to_diseases(text: str) -> list[str]:
    folded = folded_window(text)  # a term none of whose words is in the text is not searched
    return [code for code, pattern in rules.DISEASE_TERMS if possible(pattern, folded) and pattern.search(text)]


DISEASE_COUNTS = tuple((code, re.compile(rf"\b{_NUMBER}\s+{DISEASE_COUNT_FILLER}(?:{pattern.pattern})", pattern.flags))
                       for code, pattern in rules.DISEASE_TERMS)


def text_to_disease_counts(text: str, named: list[str] | None = None) -> list[tuple[str, int]]:
    """("ALL", 14) for "14 had acute lymphoblastic leukemia (ALL)", "Nine of them had CLL".
    `named`: the diseases the text names (`text_to_diseases`), when already found; a disease it
    does not name cannot be counted."""
    found: dict[str, int] = {}
    named = text_to_diseases(text) if named is None else named
    for code, regex in DISEASE_COUNTS:
        if code not in named:
            continue
        for match in regex.finditer(text):
            value = number(match.group(1))
            if value and code not in found:
                found[code] = value
    return sorted(found.items())


def text_to_retreatment(text: str) -> tuple[float, float, tuple[str, ...]]:
    """Weights of after-failure and look-alike cues, sentence by sentence, and the cues found."""
    after = not_after = 0.0
    labels_after: list[str] = []
    labels_not: list[str] = []
    # the cues whose words are in the text: a sentence holds no other
    folded = folded_window(text)
    not_after_cues = [c for c in rules.NOT_AFTER_FAILURE_CUES if possible(c.pattern, folded)]
    after_cues = [c for c in rules.AFTER_FAILURE_CUES if possible(c.pattern, folded)]
    for sentence in SENTENCE.split(text):
        negated = bool(rules.NEGATION.search(sentence))
        for c in not_after_cues:
            if c.pattern.search(sentence):
                not_after += c.weight
                labels_not.append(c.label)
        if negated and rules.FAILURE.search(sentence) and rules.BECAUSE.search(sentence):
            not_after += 1.0
            labels_not.append("second infusion not given for failure")
            continue
        if negated:
            continue
        for c in after_cues:
            if c.pattern.search(sentence):
                after += c.weight
                labels_after.append(c.label)
        if rules.FAILURE.search(sentence):
            after += 0.5
    cues = [f"look-alike: {x}" for x in dict.fromkeys(labels_not)] + [f"after failure: {x}" for x in dict.fromkeys(labels_after)]
    return after, not_after, tuple(cues)


def text_to_design(text: str) -> tuple[str, ...]:
    folded = folded_window(text)
    found = [c.label for c in rules.DESIGN_CUES if possible(c.pattern, folded) and c.pattern.search(text)]
    if "phase 1/2" in found:
        found = [f for f in found if f not in ("phase 1", "phase 2")]
    return tuple(found)


def name_to_tokens(document: str) -> tuple[str, ...]:
    """Distinctive tokens of a file name ("holland2023"), never hash-like ones."""
    tokens = re.split(r"[^a-z0-9]+", document.lower().split("#")[0].rsplit(".", 1)[0])
    return tuple(t for t in tokens if len(t) >= 5 and re.search(r"[a-z]", t) and re.search(r"\d", t)
                 and not re.fullmatch(r"[0-9a-f]{8,}", t))


# -- figures ------------------------------------------------------------------------------------

COHORT_OUTCOMES = ("CR", "ORR", "PR", "SD", "PD", "NR", "CRS", "ICANS")  # counted over everyone treated


def figures_to_cohort(figures) -> Counter:
    """Totals of whole-cohort response and toxicity figures, by how often they appear."""
    totals: Counter = Counter()
    diseases = {f.disease for f in figures if f.disease not in rules.WHOLE_COHORT_DISEASES}
    for f in figures:
        whole = f.disease in rules.WHOLE_COHORT_DISEASES or len(diseases) == 1
        if f.total and not f.subgroup and whole and f.outcome in COHORT_OUTCOMES and not f.derived:
            totals[f.total] += 1
    return totals


def text_to_cited_years(text: str, paragraphs: list[str] | None = None) -> tuple[int, ...]:
    paragraphs = citation_paragraphs(text) if paragraphs is None else paragraphs
    years = [int(y) for paragraph in paragraphs for y in YEAR.findall(paragraph)]
    return tuple(dict.fromkeys(y for y in years if 1980 <= y <= 2035))


def text_to_year(text: str) -> int | None:
    years = [int(y) for y in YEAR.findall(text) if 1980 <= int(y) <= 2035]
    return max(years) if years else None


def figures_to_diseases(figures) -> list[str]:
    return sorted({f.disease for f in figures if f.disease and f.disease not in rules.WHOLE_COHORT_DISEASES})


def choose_n(figure_totals: Counter, text_sizes: Counter) -> int | None:
    if figure_totals:
        return max(figure_totals, key=lambda n: (figure_totals[n], text_sizes.get(n, 0), n))
    if text_sizes:
        return max(text_sizes, key=lambda n: (text_sizes[n], n))
    return None


# -- the profile ----------------------------------------------------------------------------------

def without_references(text: str) -> str:
    """The text before its reference list (other studies' DOIs, authors, products and populations);
    a prefix, so offsets into it are offsets into the text."""
    for match in REFERENCES.finditer(text):
        if match.start() > len(text) * 0.3:
            return text[:match.start()]
    return text


def profile_text(text: str) -> str:
    """The part of a text a profile reads: without its reference list (other studies' DOIs and
    authors), and only the head and tail of a very long text."""
    text = without_references(text)
    if len(text) > HEAD_CHARS + TAIL_CHARS:
        text = text[:HEAD_CHARS] + "\n\n" + text[-TAIL_CHARS:]
    return text


def document_to_profile(info, figures=(), from_text: bool = True) -> DocumentProfile:
    """The profile of one document from its `DocumentInfo` (or any object with `name`, `metadata`,
    `text`) and its figures. Without text the figures' quotes stand in for it."""
    metadata = info.metadata
    figures = [f for f in figures if not f.derived]
    text = profile_text(info.text or "\n\n".join(dict.fromkeys(f.quote for f in figures if f.quote)))
    ids = text_to_identifiers(text)
    names = text_to_names(text, tuple(metadata.authors))
    genre = text_to_genre(text, metadata.kind)
    counts = text_to_counts(text)
    sizes = text_to_cohort_sizes(text, counts)
    figure_totals = figures_to_cohort(figures)
    after, not_after, retreatment_cues = text_to_retreatment(text)
    citing = citation_paragraphs(text)
    cited = text_to_cited_titles(text, citing)
    named = text_to_diseases(text)
    titles = ([metadata.title] if metadata.title else []) + text_to_head_titles(text) + cited
    return DocumentProfile(
        document=info.name,
        title=metadata.title,
        year=metadata.year or text_to_year(text),
        kind=genre.kind,
        basis=genre.basis,
        kind_cues=genre.cues,
        dois=tuple(dict.fromkeys(d for d in ((normalise_doi(metadata.doi) if metadata.doi else ""),) + ids["dois"] if d)),
        pmids=tuple(dict.fromkeys(p for p in (metadata.pmid,) + ids["pmids"] if p)),
        registrations=tuple(dict.fromkeys(tuple(metadata.registrations) + ids["registrations"])),
        trial_names=ids["trial_names"],
        citation_keys=ids["citation_keys"],
        cited_years=text_to_cited_years(text, citing),
        titles=tuple(dict.fromkeys(titles)),
        cited_titles=tuple(dict.fromkeys(cited)),
        first_authors=names.first_authors,
        people=names.people,
        n=choose_n(figure_totals, sizes),
        cohort_sizes=tuple(sorted(set(sizes) | set(figure_totals))),
        diseases=tuple(sorted(set(named) | set(figures_to_diseases(figures)))),
        disease_counts=tuple(text_to_disease_counts(text, named)),
        antigens=tuple(dict.fromkeys(rules.ANTIGEN.findall(text))),
        counts=tuple(counts),
        percents=tuple(text_to_percents(text)),
        after_failure=after,
        not_after_failure=not_after,
        retreatment_cues=retreatment_cues,
        design=text_to_design(text),
        characteristics=tuple(tuple(c.to_json()) for c in text_to_characteristics(without_references(info.text)))
        if info.text else (),
        citation=metadata_citation(metadata) or citation_line(text, citing),
        name_tokens=name_to_tokens(info.name),
        from_text=from_text and bool(info.text),
    )


def metadata_citation(metadata) -> str:
    """ "Gauthier J et al. Title. Blood 2021. doi:..." when the metadata knows journal and title."""
    if not (metadata.journal and metadata.title):
        return ""
    authors = ""
    if metadata.authors:
        authors = metadata.authors[0] + (" et al. " if len(metadata.authors) > 1 else ". ")
    year = f" {metadata.year}" if metadata.year else ""
    doi = f" doi:{metadata.doi}" if metadata.doi else ""
    pmid = f" PMID {metadata.pmid}" if metadata.pmid else ""
    return f"{authors}{metadata.title.rstrip('.')}. {metadata.journal}{year}.{doi}{pmid}".strip()
