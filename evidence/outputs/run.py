"""`run_all`: the whole pipeline, articles to every output, into one folder.

    extract -> link (studies) -> pool CR and ORR by target relation -> compare -> summarize
    -> summary of findings and methods -> report

Files written into `out_dir` (each atomically):

    evidence.csv, evidence.documents.json   the linked evidence table and its documents
    studies.json                            studies, links, conflicts, derived rows
    pooled_CR.json, pooled_ORR.json         the meta-analyses (contract's `pool --json` keys)
    forest_CR.png/.svg, forest_ORR.png/.svg forest plots by target relation
    comparison.md/.csv/.xlsx                studies side by side, with sources
    summary.md, summary.html                the plain-language summary
    summary_of_findings.md, methods.md      the draft GRADE table and the PRISMA methods text
    report.html                             everything, in one self-contained page
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evidence.errors import OutputError
from evidence.outputs.takeaways import FOREST_OUTCOMES, Takeaways, book_to_takeaways, forest_figure
from evidence.outputs.trace import derived_studies

DEFAULT_OUT_DIR = Path("outputs")
TABLE_NAME = "evidence.csv"


@dataclass(frozen=True)
class RunOutcome:
    extract: object                 # evidence.extraction.ExtractOutcome
    takeaways: Takeaways
    files: tuple[Path, ...]

    @property
    def failures(self):
        return self.extract.result.failures


def run_all(paths, out_dir=DEFAULT_OUT_DIR, *, on_file=None, jobs: int = 1, cache_dir=None,
            use_cache: bool = True, timeout: float | None = None,
            memory_mb: int | None = None, command: str | None = None) -> RunOutcome:
    """Read every article under `paths` and write every output into `out_dir`, as one set: each
    output is staged beside its target and all are moved into place only once every one is written
    (an interrupted or failed run replaces none). The outputs are never read as inputs, in this run
    or a later one (they are recorded in the folder's `.evidence-outputs.json`). When no file is
    found under `paths`, NoInputError is raised and nothing is written. `command`: the command line
    for the audit trail (default: this process's)."""
    from evidence.discover import record_outputs
    from evidence.outputs.audit import make_audit
    from evidence.extraction import ExtractOutcome, extract_for_output, write_table_and_sidecar
    from evidence.outputs.studybook import book_from_extraction
    from evidence.tableio import staged_files

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file; give a folder for the outputs")
    table = out_dir / TABLE_NAME
    extraction = extract_for_output(paths, table, on_file=on_file, jobs=jobs, cache_dir=cache_dir,
                                    use_cache=use_cache, timeout=timeout, memory_mb=memory_mb,
                                    exclude=[out_dir / name for name in READABLE_OUTPUTS])
    book = book_from_extraction(extraction.result, extraction.studies)  # linked once (or again after a cache hit)
    takeaways = book_to_takeaways(book, audit=make_audit(book, command, files=list(paths)))
    # the table the outputs were drawn from (linked, with derived rows), and the documents' profiles
    # beside it, so that `evidence compare|summarize|report` on it link exactly as this run did
    with staged_files() as staged:
        sidecar = write_table_and_sidecar(book.frame, table, extraction.sidecar, staged=staged)
        files = [table, sidecar] + write_outputs(takeaways, out_dir, staged)
    record_outputs(out_dir, [p.name for p in files])
    extracted = ExtractOutcome(result=extraction.result, table_path=table, documents_path=sidecar)
    return RunOutcome(extracted, takeaways, tuple(files))


# outputs in a format `extract` reads: never read as articles, even before they are recorded
READABLE_OUTPUTS = ("comparison.md", "summary.md", "summary.html", "summary_of_findings.md", "methods.md",
                    "report.html")


def write_outputs(takeaways: Takeaways, out_dir, staged=None) -> list[Path]:
    """Every output of `takeaways` into `out_dir` (staged in `staged`, when given, to be moved into
    place together); the paths written, in order."""
    from evidence.outputs.compare_files import write_comparison
    from evidence.outputs.grade import sof_to_markdown
    from evidence.outputs.methods import methods_to_markdown
    from evidence.outputs.report import build_report
    from evidence.outputs.summary import summary_to_html, summary_to_markdown
    from evidence.tableio import write_text

    from evidence.tableio import staged_files

    if staged is None:
        with staged_files() as staged:
            return write_outputs(takeaways, out_dir, staged)
    out_dir = Path(out_dir)
    written: list[Path] = []

    def text(name: str, content: str) -> None:
        path = out_dir / name
        try:
            write_text(path, content, staged)
        except OSError as error:
            raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error
        written.append(path)

    text("studies.json", json.dumps(takeaways.book.to_json(), indent=1, ensure_ascii=False, default=str))
    for key in FOREST_OUTCOMES:
        pooled = takeaways.pools.get(key)
        if pooled is None or pooled.result is None:
            continue
        text(f"pooled_{key}.json", json.dumps(pooled.to_json(), indent=1, allow_nan=False))
        written.extend(_write_forest(pooled.result, out_dir / f"forest_{key}", staged,
                                     derived_studies(takeaways.book, pooled)))
    for suffix in (".md", ".csv", ".xlsx"):
        written.append(write_comparison(takeaways.comparison, out_dir / f"comparison{suffix}", staged))
    text("summary.md", summary_to_markdown(takeaways.summary))
    text("summary.html", summary_to_html(takeaways.summary))
    text("summary_of_findings.md", sof_to_markdown(takeaways.sof))
    text("methods.md", methods_to_markdown(takeaways.methods))
    text("report.html", build_report(takeaways))
    return written


def _write_forest(result, stem: Path, staged, derived=frozenset()) -> list[Path]:
    from evidence.meta.forest import save_figure

    return save_figure(forest_figure(result, derived), stem, ("png", "svg"), staged=staged)
