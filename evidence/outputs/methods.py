"""Methods text for a review's report, PRISMA 2020 items 9, 10b, 13a and 13d, written from what the
run did, with its audit trail.

    methods = methods_text(book, pools, audit=audit)
    methods.item9      # data collection process: which tool and version extracted which data,
                       # how figures were checked, what was derived, the tool's measured accuracy
    methods.item10b    # assumptions about missing or unclear data
    methods.item13a    # which studies each synthesis took, and every study it left out, with why
    methods.item13d    # synthesis methods: model, estimator, transform, intervals, corrections, tests
    methods.audit      # date, command line, version, SHA-256 of each input
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
    item13a: str = ""
    item13d: str = ""
    audit: tuple[str, ...] = ()


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


def methods_text(book: StudyBook, pools: dict[str, Pooled], versions: dict[str, str] | None = None,
                 audit=None) -> MethodsText:
    """The methods text of this run; `audit`: an `audit.Audit` (its lines are kept as they are)."""
    from evidence.outputs.accuracy import MEASURED

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
        "disagreed, the journal article's value was used whenever the journal article stated the figure; "
        "else a conference abstract's; else that of a news story, summary or advocacy post (a retelling "
        "never outranks a primary report; among retellings, those of a journal publication came first), "
        "following the Cochrane Handbook's guidance to collate multiple reports of a study and to prefer "
        "the fullest, final report (chapter 5.2); then exact counts over rounded percentages.",
        f"{_plural(len(derived), 'figure was', 'figures were')} derived rather than read"
        + (": " + ", ".join(x for x in (
            f"{by_subtraction} same- or different-target subgroup results by subtraction from the whole "
            f"cohort and the other subgroup" if by_subtraction else "",
            f"{from_percent} event counts from a printed percentage and a known denominator, when exactly one "
            f"count fits the percentage" if from_percent else "",
            f"{other_derived} others" if other_derived else "") if x) if derived else "")
        + "; each derived figure records how it was computed and from which rows.",
        f"{_plural(flags.get('uncertain', 0), 'figure')} whose outcome or population the article's own "
        "words did not settle were flagged uncertain: shown in the report, but left out of pooling, the "
        "comparison and the summary until a reviewer confirmed them"
        + (f" ({flags.get('confirmed', 0)} confirmed)" if flags.get("confirmed") else "") + ".",
        "Every figure, with its source sentence, was put in a report for reviewers to check against the "
        "articles.",
        MEASURED.sentence(),
    ]
    approximate = flags.get("approximate", 0)
    settings = next((p.result.settings for p in pools.values() if p.result is not None), None)
    pooled_how = (f"Proportions were pooled with a random-effects model ({settings.method}, {settings.transform} "
                  f"transform, {CI_NAMES.get(settings.ci, settings.ci)} {100 * settings.level:g}% confidence intervals; computed to agree "
                  f"with R's metafor)."
                  if settings else "")
    item10b = [
        "Only figures about patients given a CAR-T after a prior CAR-T were synthesised: figures about the "
        "first CAR-T, about cohorts that mixed CAR-naive and CAR-exposed patients without separate results, "
        "and about groups that received no CAR-T (comparator arms, other therapies) were not.",
        "When a study reported its retreatment only by why patients were retreated (after relapse, after "
        "non-response), those subgroups were the population synthesised, each as its own cohort; "
        "reinfusions given for another reason (relapse prevention, planned sequences) were not.",
        "The number of patients retreated after failure is the largest denominator of the study's results "
        "for them (or the sum of its after-failure subgroups); where no result gave it, it is reported as "
        "not reported, not replaced by the size of the whole cohort.",
        "Complete response includes complete response with incomplete count recovery (CRi) unless the "
        "article reported them apart.",
        "Times were converted to months (1 month = 30.4375 days).",
        "Study characteristics (age group, product or construct, interval since the first CAR-T, "
        "lymphodepletion, follow-up) were taken as the study's best report stated them, each with its "
        "sentence, and given as not reported where no report stated them; designs were mapped to one "
        "vocabulary (randomised trial, comparative cohort, retrospective cohort, prospective single-arm "
        "trial).",
        f"Figures given only as words or as approximate values (\"about one in five\") were kept and marked "
        f"approximate ({_plural(approximate, 'figure')}).",
        "A figure with no stated grade of toxicity was not counted as grade 3 or higher, and toxicity was "
        "pooled one grade at a time (any grade and grade 3 or higher never together).",
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
    return MethodsText(" ".join(s for s in item9 if s), " ".join(s for s in item10b if s), to_add,
                       item13a=eligibility_text(book, pools), item13d=synthesis_text(pools, versions),
                       audit=tuple(audit.lines()) if audit is not None else ())


def eligibility_text(book: StudyBook, pools: dict[str, Pooled]) -> str:
    """PRISMA 2020 item 13a: which studies each synthesis took, and each study left out, with why."""
    lookalikes = [s.study for s in book.studies if not s.retreatment]
    parts = []
    if lookalikes:
        parts.append(f"{_plural(len(lookalikes), 'study', 'studies')} whose second CAR-T was not given after "
                     f"a failed CAR-T ({', '.join(lookalikes)}) {'was' if len(lookalikes) == 1 else 'were'} "
                     "left out of every synthesis.")
    for pooled in pools.values():
        title = pooled.spec.title[0].upper() + pooled.spec.title[1:]
        studies = sorted({_base(label, book) for label in pooled.rows})
        cohorts = len(pooled.rows)
        if studies:
            taken = (f"{_plural(cohorts, 'cohort')} from {_plural(len(studies), 'study', 'studies')}"
                     if cohorts != len(studies) else _plural(len(studies), "study", "studies"))
            head = f"{title}: {taken} ({', '.join(studies)})"
        else:
            head = f"{title}: nothing could be pooled"
        others = [f"{item.study} ({item.reason})" for item in pooled.left_out if item.study not in lookalikes]
        parts.append(head + ("; left out: " + "; ".join(others) if others else "") + ".")
    return " ".join(parts)


def _base(label: str, book: StudyBook) -> str:
    names = {s.study for s in book.studies}
    while label not in names and label.endswith(")") and " (" in label:
        label = label[: label.rindex(" (")]
    return label


def synthesis_text(pools: dict[str, Pooled], versions: dict[str, str]) -> str:
    """PRISMA 2020 item 13d: the synthesis methods, as the pooling code runs them."""
    settings = next((p.result.settings for p in pools.values() if p.result is not None), None)
    if settings is None:
        return "No synthesis was possible: no outcome was reported with counts by two or more studies."
    transform = {"logit": "logit (log odds)", "arcsine": "arcsine square root",
                 "freeman-tukey": "Freeman-Tukey double arcsine", "raw": "untransformed"}.get(settings.transform,
                                                                                           settings.transform)
    corrected = any(s.corrected for p in pools.values() if p.result is not None for s in p.result.studies)
    return " ".join([
        f"Proportions of patients with each outcome were pooled in a random-effects model ({settings.method} "
        f"estimate of the between-study variance τ²) on the {transform} scale, and back-transformed for "
        "reporting.",
        f"Pooled estimates have {CI_NAMES.get(settings.ci, settings.ci)} {100 * settings.level:g}% confidence "
        f"intervals and {100 * settings.level:g}% prediction intervals (the range in which a new study's true "
        "proportion is expected); each study's own interval is the exact (Clopper-Pearson) interval.",
        "Studies with no events or with all patients having the event had 1/2 added to their events and "
        "non-events before the transform, as metafor does by default"
        + ("; at least one study here needed it" if corrected else "; no study here needed it") + ".",
        "Heterogeneity is described by τ², I² and Cochran's Q.",
        "Same-target and different-target retreatment were pooled as subgroups and compared with a test for "
        "subgroup differences (Q between subgroups, τ² estimated within each), and with a mixed-effects "
        "model sharing one τ²; this is a comparison between studies, not within them, and may be confounded "
        "by disease, age, product and design.",
        "Toxicity was pooled one grade at a time.",
        f"The computations were made by evidence {versions.get('evidence', '')}, whose results are tested to "
        "agree with R's metafor (escalc, rma, rma.glmm, predict) to a relative 1e-6 (1e-4 for the GLMM) on "
        "reference data sets computed with metafor.",
    ])


SECTIONS = (("item9", "Data collection process (item 9)"),
            ("item10b", "Data items: assumptions about missing or unclear information (item 10b)"),
            ("item13a", "Eligibility for each synthesis (item 13a)"),
            ("item13d", "Synthesis methods (item 13d)"))
TITLE = "Methods (PRISMA 2020 items 9, 10b, 13a and 13d)"


def methods_to_markdown(methods: MethodsText) -> str:
    from evidence.outputs.markdown import escape

    lines = [f"# {TITLE}", ""]
    for name, heading in SECTIONS:
        text = getattr(methods, name)
        if text:
            lines += [f"## {heading}", "", text, ""]
    lines += ["## Before you paste", "",
              "These paragraphs say what the software did. Add what only the review team can say:", ""]
    lines += [f"- {item}" for item in methods.to_add]
    if methods.audit:
        lines += ["", "## Audit trail", ""] + [f"- {escape(line)}" for line in methods.audit]
    return "\n".join(lines) + "\n"


def methods_to_html(methods: MethodsText) -> str:
    """The methods text as an HTML fragment (for the report)."""
    import html

    parts = [f"<h3>{html.escape(heading)}</h3><p>{html.escape(getattr(methods, name))}</p>"
             for name, heading in SECTIONS if getattr(methods, name)]
    to_add = "".join(f"<li>{html.escape(item)}</li>" for item in methods.to_add)
    parts.append(f'<p class="note">Before pasting, add what only the review team can say:</p><ul class="note">{to_add}</ul>')
    if methods.audit:
        parts.append('<h3>Audit trail</h3><ul class="audit">'
                     + "".join(f"<li>{html.escape(line)}</li>" for line in methods.audit) + "</ul>")
    return '<div class="methods">' + "".join(parts) + "</div>"
