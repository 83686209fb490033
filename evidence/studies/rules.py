"""Text cues as data: what kind of report a document is, what it retells, whether its patients were
retreated after failure, the study design, diseases and antigens.

Each cue is a label (shown to the user as a reason), a compiled pattern and a weight. The functions
that read them live in `genre.py` and `profile.py`; the must/must-not tables that keep them honest
are in tests/test_studies_rules.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """A phrase that says something about a document, with how much it counts."""

    label: str
    pattern: re.Pattern
    weight: float = 1.0


def cue(label: str, regex: str, weight: float = 1.0, flags: int = re.IGNORECASE) -> Cue:
    return Cue(label, re.compile(regex, flags | re.MULTILINE), weight)


# --- kinds of report ---------------------------------------------------------------------------
# journal and conference are primary reports; the rest retell a primary report.

JOURNAL, CONFERENCE, NEWS, SUMMARY, ADVOCACY = "journal", "conference", "news", "summary", "advocacy"
KINDS = (JOURNAL, CONFERENCE, NEWS, SUMMARY, ADVOCACY)
PRIMARY_KINDS = (JOURNAL, CONFERENCE)
KIND_NAMES = {
    JOURNAL: "peer-reviewed article",
    CONFERENCE: "conference abstract",
    NEWS: "news story",
    SUMMARY: "research summary or blog",
    ADVOCACY: "patient-advocacy post",
}
# metadata.kind as the readers set it -> a kind above
METADATA_KINDS = {
    "journal": JOURNAL, "article": JOURNAL, "research-article": JOURNAL,
    "abstract": CONFERENCE, "conference": CONFERENCE, "meeting-report": CONFERENCE,
    "news": NEWS, "summary": SUMMARY, "blog": SUMMARY, "advocacy": ADVOCACY,
}

GENRE_CUES: dict[str, tuple[Cue, ...]] = {
    JOURNAL: (
        cue("peer-reviewed", r"\bpeer[- ]?review", 2.5),
        cue("structured abstract headings", r"^\s*(?:#+\s*)?(?:\d+(?:\.\d+)*\.?\s+)?(?:background|methods|results|conclusions?|discussion)\s*:?\s*$", 0.4),
        cue("structured abstract labels", r"^\s*(?:background|methods|results|conclusions?):\s+\S", 0.6),
        cue("numbered sections and tables", r"^\s*(?:#+\s*)?\d+\.\d+\s+[A-Z]|^\s*\**table \d+\.", 0.5),
        cue("first-person methods", r"\bwe (?:went back through|retrospectively |prospectively )?(?:analy[sz]ed|reviewed|compared|enrolled|describe|report|treated|went back)", 1.0),
        cue("methods-like language", r"\bmultivariable\b|\bKaplan[- ]Meier\b|\bhazard ratio\b|\bP\s*=\s*0?\.\d", 0.5),
        cue("journal header with DOI", r"^\s*[A-Z][A-Za-z ]+ (?:19|20)\d\d;\s*\d+(?:\(\d+\))?:\S+\s*\|\s*doi", 2.0),
        cue("contribution to journal", r"\bcontribution to journal|\bjournal article\b", 2.0),
    ),
    CONFERENCE: (
        cue("conference abstract", r"\b(?:conference|meeting|congress) abstract\b|^\s*abstract \d{2,5}\b", 3.0),
        cue("annual meeting header", r"^[^\n]{0,80}\bannual meeting\b", 1.5),
    ),
    NEWS: (
        cue("byline", r"^\s*(?:[^\n]{0,40}\s)?[Bb]y [A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+\s*$", 2.5, 0),
        cue("news outlet", r"\bnews\b|\bnews desk\b|\bwire\b|\breporter\b", 1.5),
        cue("reported speech", r"\b(?:said|says|explained|cautioned)\b", 0.4),
        cue("retells a publication", r"\b(?:report|study|analysis|findings) (?:appeared|was published|were published)\b|\baccording to a\b", 0.8),
    ),
    SUMMARY: (
        cue("key points", r"\bkey (?:points|takeaways|facts)\b", 1.5),
        cue("list of sources", r"^\s*sources\s*$", 1.5),
        cue("group spotlight", r"\bfrom the [A-Z]\w+ (?:group|lab)\b|\band colleagues (?:investigated|studied|examined|looked at)\b", 1.5),
        cue("published findings retold", r"\b(?:findings|results|work) (?:were|was) (?:recently )?published in\b", 1.5),
        cue("blog", r"\bblog\b", 1.5),
    ),
    ADVOCACY: (
        cue("patient community", r"\bpatients?'? (?:community|forum|society|advocacy|network)\b|\b(?:foundation|society|network|alliance), inc\b|\b(?:patient|advocacy|support) (?:group|organi[sz]ation)\b|\bfamily network\b", 2.0),
        cue("advice to patients", r"\b(?:not|never|no)\b[^.\n]{0,40}\bmedical advice\b|\b(?:ask|talk (?:with|to)|review with) your (?:\w+ )?(?:care )?(?:team|doctor)\b|\bour take\b|\bworth asking about\b", 1.0),
    ),
}

# What a secondary report retells: a journal publication or a conference presentation.
BASIS_CUES: dict[str, tuple[Cue, ...]] = {
    JOURNAL: (
        cue("published in a journal", r"\bpublished (?:\w+ ){0,3}in (?:the journal )?\*?[A-Z]", 1.5, 0),
        cue("appeared in a journal", r"\b(?:appeared|reported) in (?:the journal )?\*?[A-Z]|\bin the journal\b|\bthe journal,", 1.5, 0),
        cue("journal citation", r"\b(?:19|20)\d\d\s*;\s*\d+(?:\([^)]*\))?\s*:", 1.0),
        cue("DOI or PubMed", r"\bdoi\b|\b10\.\d{4,9}/|\bpubmed\b|\bPMID\b|\bashpublications\b", 1.0),
    ),
    CONFERENCE: (
        cue("presented at a meeting", r"\bpresented\b[^.]{0,80}\b(?:meeting|congress|conference|symposium)\b", 2.5),
        cue("meeting supplement", r"_suppl\b|\bsuppl(?:ement)?\b|\babstract \d{2,5}\b", 1.5),
        cue("annual meeting", r"\bannual meeting\b", 1.0),
    ),
}

# --- retreatment after failure, or a look-alike ------------------------------------------------

NEGATION = re.compile(r"\b(?:not|no|none|never|nobody|neither|rather than)\b", re.IGNORECASE)
BECAUSE = re.compile(r"\bbecause\b|\bas a rescue\b|\bfor (?:relapse|failure)\b", re.IGNORECASE)
FAILURE = re.compile(r"\bfail(?:ed|s|ure)?\b|\brelapsed? after\b|\bdid not respond\b|\bnon-?response\b", re.IGNORECASE)

NOT_AFTER_FAILURE_CUES: tuple[Cue, ...] = (
    cue("CAR-naive patients", r"\bCAR[- ]?(?:T[- ]?(?:cell )?)?na[iï]ve\b|\bnone of the patients had received CAR\b|\bnew to CAR\b", 2.0),
    cue("said not to be retreatment", r"\bnot (?:a )?re-?treat(?:ment|ed)\b|\bnot retreatment\b|\bnot (?:a )?rescue\b", 2.0),
    cue("planned consolidation", r"\bplanned (?:\w+ ){0,3}consolidat\w*|\bconsolidat\w* infusion\b|\bas planned from the outset\b", 2.0),
    cue("planned sequence", r"\b(?:planned|scheduled) (?:\w+ ){0,4}(?:sequen\w*|second infusion|infusion)\b|\bfixed in advance\b|\bby protocol\b|\bscheduled in advance\b", 1.5),
    cue("co-administration", r"\bco-?administ\w+|\bgiven together\b|\bin the same treatment course\b", 2.0),
    cue("second infusion given in remission", r"\bwhile still in remission\b|\bgiven in remission\b", 1.0),
)
AFTER_FAILURE_CUES: tuple[Cue, ...] = (
    cue("after failure", r"\bafter (?:\w+[- ]){0,6}(?:failure|failed|failing)\b|\bfailure of (?:the )?(?:first|initial|prior|murine|CD19)", 1.0),
    cue("relapsed or did not respond", r"\brelapsed after\b|\bdid not respond\b|\bnot responded\b|\bresistant to CD19|\bescaped? CD19|\bsurvives CD19", 0.5),
    cue("retreatment", r"\bre-?treat\w*|\bre-?infus\w*|\bsalvage\b", 0.5),
)
# a study is a look-alike when its not-after-failure cues reach this weight and outweigh the others
LOOKALIKE_MIN_WEIGHT = 3.0

# --- design --------------------------------------------------------------------------------------

DESIGN_CUES: tuple[Cue, ...] = (
    cue("retrospective", r"\bretrospective(?:ly)?\b|\blooked back\b|\bwent back through\b"),
    cue("prospective", r"\bprospective(?:ly)?\b(?! testing| study\.)"),
    cue("phase 1/2", r"\bphase (?:1|I)\s*/\s*(?:2|II)\b"),
    cue("phase 1", r"\bphase (?:1|I)\b(?!\s*/)(?: dose[- ]escalation)?"),
    cue("phase 2", r"(?<!/)\bphase (?:2|II)\b"),
    cue("single-arm", r"\bsingle[- ]arm\b"),
    cue("single-centre", r"\bsingle[- ](?:centre|center|institution)\b|\bat one hospital\b"),
    cue("multicentre", r"\bmulti-?(?:centre|center|institutional)\b|\bacross (?:several|three|\d+) (?:centres|centers|trials)\b"),
    cue("comparative cohort", r"\bcomparative cohort\b|\bcomparison group\b|\bcomparator\b"),
    cue("randomised", r"\brandomi[sz]ed\b"),
)
DESIGN_ORDER = tuple(c.label for c in DESIGN_CUES)

# --- diseases and antigens -----------------------------------------------------------------------

DISEASE_TERMS: tuple[tuple[str, re.Pattern], ...] = (
    ("ALL", re.compile(r"\b(?i:acute lymphoblastic leuk(?:a)?emia)\b|\bB-?ALL\b|\bALL\b")),
    ("CLL", re.compile(r"\b(?i:chronic lymphocytic leuk(?:a)?emia)\b|\bCLL\b")),
    ("LBCL", re.compile(r"\b(?:diffuse )?large B-cell lymphoma\b|\bD?LBCL\b", re.IGNORECASE)),
    ("MCL", re.compile(r"\b(?i:mantle[- ]cell lymphoma)\b|\bMCL\b")),
    ("FL", re.compile(r"\b(?i:follicular lymphoma)\b|\bFL\b")),
    ("BL", re.compile(r"\b(?i:burkitt(?:'s)?)\b")),
    ("NHL", re.compile(r"\bnon-Hodgkin(?:'s)? lymphoma\b|\bB-?NHL\b|\bNHL\b|\baggressive B-cell (?:non-Hodgkin )?lymphoma\b", re.IGNORECASE)),
    ("MM", re.compile(r"\b(?i:multiple myeloma)\b|\bMM\b")),
)
# diseases that can describe the same patients (a lymphoma cohort may be called NHL or LBCL)
DISEASE_FAMILIES = {"ALL": "ALL", "CLL": "CLL", "NHL": "lymphoma", "LBCL": "lymphoma", "MCL": "lymphoma",
                    "FL": "lymphoma", "BL": "lymphoma", "MM": "MM"}
WHOLE_COHORT_DISEASES = ("", "mixed")
# A row flagged `uncertain` (its outcome or population not bound by the article's own cues) is shown
# for review but left out of pooling, comparison and summaries until a reviewer confirms it by
# adding the flag `confirmed` in the evidence table's `flags` ("uncertain;confirmed").
UNCERTAIN, CONFIRMED = "uncertain", "confirmed"


def unconfirmed(flag_set) -> bool:
    """Whether a row's flags mark it uncertain and no reviewer has confirmed it."""
    return UNCERTAIN in flag_set and CONFIRMED not in flag_set
# Subgroups (the extractor's vocabulary) that together are the patients retreated after a failed
# CAR-T, when a study reports its retreatment only by why patients were retreated; disjoint, so
# each is pooled as its own cohort. "relapse prevention" (reinfusion in remission) is not one.
AFTER_FAILURE_SUBGROUPS = ("after relapse", "after non-response")

ANTIGEN = re.compile(r"\b(CD\d{1,3}|BCMA|GPRC5D)\b")

# words that name patients, for cohort sizes ("44 patients", "Nineteen children")
PATIENT_WORDS = r"(?:patients|adults|children|people|participants|subjects|persons|young people|individuals)"

# generic words left out when titles are compared
TITLE_STOPWORDS = frozenset("""
a an the of in on for and or with without to after before by at from as is are be was were its their
this that these those than vs versus via into over under among between who whom which what when how
car cart t cell cells therapy therapies patients patient study studies results outcomes outcome
""".split())
