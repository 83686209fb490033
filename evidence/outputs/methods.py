"""Methods text for a review's report, PRISMA 2020 items 9 and 10b, written from what the run did.

    methods = methods_text(book, pools)
    methods.item9      # data collection process: which tool and version extracted which data,
                       # how figures were checked, what was derived
    methods.item10b    # assumptions about missing or unclear data
    methods_to_markdown(methods)

Every count in the text is computed from the study book, so the paragraphs describe this run.
What only people can say (who checked the figures, independently or not) is listed apart, in
`methods.to_add`, never invented.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from evidence.outputs.pooled import Pooled
from evidence.outputs.studybook import StudyBook

FORMAT_NAMES = {"pdf": "PDF", "text": "plain text", "markdown": "Markdown", "html": "HTML",
                "jats": "JATS/PMC XML", "pubmed": "PubMed XML"}
CI_NAMES = {"z": "Wald-type", "hksj": "Hartung-Knapp-Sidik-Jonkman"}
OUTCOME_WORDS = ("complete response (CR, including CRi unless reported apart), overall response, partial "
                 "response, stable and progressive disease, MRD negativity, duration of response, "
                 "progression-free, relapse-free, event-free, leukaemia-free and overall survival, cytokine "
                 "release syndrome (CRS) and neurotoxicity (ICANS) by grade, relapse, and antigen-negative, "
                 "antigen-dim or antigen-positive relapse and lineage switch")


@dataclass(frozen=True)
class MethodsText:
    item9: str
    item10b: str
    to_add: tuple[str, ...]


def tool_versions() -> dict[str, str]:
    """evidence, its extractors and the libraries that read text, by version."""
    from importlib.metadata import PackageNotFoundError, version

    from evidence import __version__

    versions = {"evidence": __version__}
    try:
        from evidence.registry import extractor_versions

        versions.update({f"extractor {name}": v for name, v in extractor_versions().items()})
    except Exception:  # noqa: BLE001 - the text must still be written without the registry
        pass
    for package in ("spacy", "pdfplumber", "lxml"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            continue
    return versions


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _formats(book: StudyBook) -> str:
    counts = Counter(getattr(d, "format", "") for d in book.documents)
    parts = [f"{n} {FORMAT_NAMES.get(fmt, fmt)}" for fmt, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if fmt]
    return ", ".join(parts)


def methods_text(book: StudyBook, pools: dict[str, Pooled], versions: dict[str, str] | None = None) -> MethodsText:
    versions = tool_versions() if versions is None else versions
    figures = book.figures
    read = [f for f in figures if not f.derived]
    derived = [f for f in figures if f.derived]
    by_subtraction = sum(1 for f in derived if "minus" in f.derived_from)
    from_percent = sum(1 for f in derived if "rounds to" in f.derived_from)
    other_derived = len(derived) - by_subtraction - from_percent
    flags = Counter(flag for f in read for flag in f.flag_set)
    documents = sorted({f.document for f in figures} | {getattr(d, "name", "") for d in book.documents} - {""})
    studies = book.studies
    lookalikes = [s for s in studies if not s.retreatment]
    tools = "; ".join(f"{name} {v}" for name, v in versions.items() if name != "evidence")
    formats = _formats(book)

    item9 = [
        f"Data were extracted automatically with evidence {versions.get('evidence', '')} "
        f"(software versions: {tools}) from {_plural(len(documents), 'report')}"
        + (f" ({formats})" if formats else "") + ".",
        f"For each report the tool read the text (PDF pages in reading order, tables cell by cell) and "
        f"recorded every figure about {OUTCOME_WORDS}, with the population it describes (disease, which "
        f"CAR-T infusion, earlier and new target antigen, subgroup) and the sentence, page and character "
        f"offsets it came from; it found {_plural(len(read), 'figure')}.",
        f"Reports were grouped into {_plural(len(studies), 'study', 'studies')} by shared identifiers "
        f"(DOI, PMID, trial registration), titles, authors, cohort size and matching figures"
        + (f"; {_plural(len(lookalikes), 'study', 'studies')} whose second infusion was not a retreatment "
           f"after failure (planned sequences, consolidation or co-administration) "
           f"{'was' if len(lookalikes) == 1 else 'were'} left out of the analyses" if lookalikes else "") + ".",
        "Figures were checked automatically: each printed percentage against its events and total "
        f"({_plural(flags.get('percent_mismatch', 0), 'mismatch', 'mismatches')} flagged), and each figure "
        "against the other reports of its study, allowing for rounding "
        f"({_plural(len(book.conflicts), 'figure')} reported with conflicting values). Where reports "
        "disagreed, the value from a peer-reviewed article was preferred over a conference abstract, and "
        "either over news, summaries and advocacy posts; then exact counts over rounded percentages.",
        f"{_plural(len(derived), 'figure was', 'figures were')} derived rather than read"
        + (": " + ", ".join(x for x in (
            f"{by_subtraction} same- or different-target subgroup results by subtraction from the whole "
            f"cohort and the other subgroup" if by_subtraction else "",
            f"{from_percent} event counts from a printed percentage and a known denominator, when exactly one "
            f"count fits the percentage" if from_percent else "",
            f"{other_derived} others" if other_derived else "") if x) if derived else "")
        + "; each derived figure records how it was computed and from which rows.",
        "Every figure, with its source sentence, was put in a report for reviewers to check against the "
        "articles.",
    ]
    approximate = flags.get("approximate", 0)
    settings = next((p.result.settings for p in pools.values() if p.result is not None), None)
    pooled_how = (f"Proportions were pooled with a random-effects model ({settings.method}, {settings.transform} "
                  f"transform, {CI_NAMES.get(settings.ci, settings.ci)} {100 * settings.level:g}% confidence intervals; computed to agree "
                  f"with R's metafor)."
                  if settings else "")
    item10b = [
        "A figure that named no infusion, in an article about retreatment, was taken to describe the second "
        "infusion.",
        "Complete response includes complete response with incomplete count recovery (CRi) unless the "
        "article reported them apart.",
        "Times were converted to months (1 month = 30.4375 days).",
        f"Figures given only as words or as approximate values (\"about one in five\") were kept and marked "
        f"approximate ({_plural(approximate, 'figure')}).",
        "A figure with no stated grade of toxicity was not counted as grade 3 or higher.",
        "Percentages without events and total were not pooled, unless exactly one event count fitted the "
        "percentage and the cohort size; figures about a subgroup (for example responders) or about the "
        "first infusion were not pooled.",
        "When a study treated some patients with the same target and some with a different one, each part "
        "was pooled in its own group when both parts were reported or could be derived; otherwise the "
        "whole cohort was pooled as mixed.",
        pooled_how,
    ]
    to_add = (
        "who checked the extracted figures against the articles, and whether two people did so independently",
        "how disagreements between reviewers were resolved",
        "whether study investigators were contacted to obtain or confirm data",
    )
    return MethodsText(" ".join(s for s in item9 if s), " ".join(s for s in item10b if s), to_add)


def methods_to_markdown(methods: MethodsText) -> str:
    lines = [
        "# Methods (PRISMA 2020 items 9 and 10b)", "",
        "## Data collection process (item 9)", "", methods.item9, "",
        "## Data items: assumptions about missing or unclear information (item 10b)", "", methods.item10b, "",
        "## Before you paste", "",
        "These paragraphs say what the software did. Add what only the review team can say:", "",
    ]
    lines += [f"- {item}" for item in methods.to_add]
    return "\n".join(lines) + "\n"
