"""What each user takes home, drawn from one study book: the functions the commands call.

    compare_table(TABLE, output=None)     -> ComparisonOutcome    (evidence compare)
    summarize_table(TABLE, output=None)   -> SummaryOutcome       (evidence summarize)
    report_table(TABLE, output)           -> ReportOutcome        (evidence report)

Each takes `map_path`, a file of link corrections (`evidence studies --map`).
    book_to_takeaways(book)               -> Takeaways            (all of it, for the report and `run`)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from evidence.errors import OutputError
from evidence.outputs.compare import Comparison, compare
from evidence.outputs.grade import SummaryOfFindings, summary_of_findings
from evidence.outputs.methods import MethodsText, methods_text
from evidence.outputs.pooled import Pooled, pool_outcomes
from evidence.outputs.studybook import StudyBook, load_book
from evidence.outputs.summary import PlainSummary, summarize

FOREST_OUTCOMES = ("CR", "ORR")
SUMMARY_FORMATS = (".md", ".html")


@dataclass(frozen=True, eq=False)
class Takeaways:
    book: StudyBook
    pools: dict[str, Pooled]
    comparison: Comparison
    summary: PlainSummary
    sof: SummaryOfFindings
    methods: MethodsText
    forest_png: dict[str, bytes] = field(default_factory=dict)  # outcome -> PNG of its forest plot


def forest_figure(result, derived=frozenset()):
    """The forest plot of a pooled result as a matplotlib figure (evidence.meta.forest's layout):
    study labels whole, as in every table; derived counts marked; no overall diamond pooling the
    target relations being compared."""
    from evidence.meta.forest import result_to_rows, rows_to_figure

    return rows_to_figure(result_to_rows(result, derived=derived), result, None)


MAX_FOREST_STUDIES = 200  # a forest plot of more rows is not read, and takes minutes to draw


def drawable(result) -> bool:
    """Whether a pooled result's forest plot is drawn in reports: at most MAX_FOREST_STUDIES rows."""
    return len(result.studies) <= MAX_FOREST_STUDIES


def forest_png(result, dpi: int = 110, derived=frozenset()) -> bytes:
    import io

    buffer = io.BytesIO()
    forest_figure(result, derived).savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pad_inches=0.15)
    return buffer.getvalue()


def book_to_takeaways(book: StudyBook, *, plots: bool = True, versions: dict | None = None,
                      audit=None) -> Takeaways:
    """Everything drawn from `book`; `audit`: the run's `audit.Audit` (date, command, inputs)."""
    from evidence.outputs.trace import derived_studies

    pools = pool_outcomes(book)
    pngs = {}
    if plots:
        pngs = {key: forest_png(pools[key].result, derived=derived_studies(book, pools[key])) for key in FOREST_OUTCOMES
                if key in pools and pools[key].result is not None and drawable(pools[key].result)}
    return Takeaways(
        book=book, pools=pools, comparison=compare(book), summary=summarize(book, pools, audit.date[:10] if audit is not None else ""),
        sof=summary_of_findings(pools, book), methods=methods_text(book, pools, versions, audit), forest_png=pngs,
    )


# -- one function per command -----------------------------------------------------------------------

@dataclass(frozen=True)
class ComparisonOutcome:
    comparison: Comparison
    written: Path | None


def compare_table(table, output=None, map_path=None) -> ComparisonOutcome:
    """Studies side by side from the evidence table at `table`; written to `output` (.csv, .xlsx,
    .md) when given."""
    from evidence.outputs.compare_files import FORMATS, write_comparison

    if output is not None and Path(output).suffix.lower() not in FORMATS:
        raise OutputError(f"{output}: cannot write a comparison as {Path(output).suffix or '(no suffix)'}; "
                          f"use one of {', '.join(FORMATS)}")
    comparison = compare(load_book(table, map_path))
    written = write_comparison(comparison, output) if output is not None else None
    if written is not None:
        from evidence.discover import record_outputs

        record_outputs(written.parent, [written.name])
    return ComparisonOutcome(comparison, written)


@dataclass(frozen=True)
class SummaryOutcome:
    summary: PlainSummary
    written: Path | None


def summarize_table(table, output=None, map_path=None) -> SummaryOutcome:
    """The plain-language summary of the evidence table at `table`; written to `output` (.md or
    .html) when given."""
    from evidence.outputs.summary import summary_to_html, summary_to_markdown

    suffix = Path(output).suffix.lower() if output is not None else ""
    if output is not None and suffix not in SUMMARY_FORMATS:
        raise OutputError(f"{output}: cannot write a summary as {suffix or '(no suffix)'}; "
                          f"use one of {', '.join(SUMMARY_FORMATS)}")
    from evidence.outputs.audit import now_utc, saved_on

    book = load_book(table, map_path)
    summary = summarize(book, pool_outcomes(book), now_utc().strftime("%Y-%m-%d"), data_as_of=saved_on(table))
    if output is not None:
        text = summary_to_markdown(summary) if suffix == ".md" else summary_to_html(summary)
        _write(output, text)
    return SummaryOutcome(summary, Path(output) if output is not None else None)


@dataclass(frozen=True)
class ReportOutcome:
    takeaways: Takeaways
    written: Path


def report_table(table, output, map_path=None, command: str | None = None) -> ReportOutcome:
    """The reviewers' HTML report of the evidence table at `table`, written to `output`;
    `command`: the command line for the audit trail (default: this process's)."""
    from evidence.outputs.audit import make_audit
    from evidence.outputs.report import build_report

    if Path(output).suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"{output}: the report is an HTML page; give a name ending in .html")
    book = load_book(table, map_path)
    files = [table] + ([map_path] if map_path else [])
    takeaways = book_to_takeaways(book, audit=make_audit(book, command, files))
    _write(output, build_report(takeaways))
    return ReportOutcome(takeaways, Path(output))


def _write(path, text: str) -> None:
    """Write an output for people, and record it as the tool's (never read as an article)."""
    from evidence.discover import record_outputs
    from evidence.tableio import write_text

    try:
        write_text(path, text)
    except OSError as error:
        raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error
    record_outputs(Path(path).parent, [Path(path).name])
