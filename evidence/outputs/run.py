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
            use_cache: bool = True) -> RunOutcome:
    """Read every article under `paths` and write every output into `out_dir`."""
    from evidence.extraction import run_extract
    from evidence.outputs.studybook import book_from_extraction
    from evidence.tableio import write_table

    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(f"{out_dir}: is a file; give a folder for the outputs")
    table = out_dir / TABLE_NAME
    extracted = run_extract(paths, table, on_file=on_file, jobs=jobs, cache_dir=cache_dir, use_cache=use_cache)
    book = book_from_extraction(extracted.result, extracted.studies)  # linked once
    # the table the outputs were drawn from (linked, with derived rows), and the documents' profiles
    # beside it, so that `evidence compare|summarize|report` on it link exactly as this run did
    write_table(book.frame, table)
    _add_profiles(extracted.documents_path, book.profiles_json())
    takeaways = book_to_takeaways(book)
    files = [table, extracted.documents_path] + write_outputs(takeaways, out_dir)
    return RunOutcome(extracted, takeaways, tuple(files))


def _add_profiles(sidecar: Path, profiles: list[dict]) -> None:
    from evidence.tableio import write_text

    data = json.loads(sidecar.read_text(encoding="utf-8"))
    if "profiles" not in data:
        data["profiles"] = profiles
        write_text(sidecar, json.dumps(data, indent=1, ensure_ascii=False))


def write_outputs(takeaways: Takeaways, out_dir) -> list[Path]:
    """Every output of `takeaways` into `out_dir`; the paths written, in order."""
    from evidence.outputs.compare_files import write_comparison
    from evidence.outputs.grade import sof_to_markdown
    from evidence.outputs.methods import methods_to_markdown
    from evidence.outputs.report import build_report
    from evidence.outputs.summary import summary_to_html, summary_to_markdown
    from evidence.tableio import write_text

    out_dir = Path(out_dir)
    written: list[Path] = []

    def text(name: str, content: str) -> None:
        path = out_dir / name
        try:
            write_text(path, content)
        except OSError as error:
            raise OutputError(f"{path}: cannot be written ({error.strerror or error})") from error
        written.append(path)

    text("studies.json", json.dumps(takeaways.book.to_json(), indent=1, ensure_ascii=False, default=str))
    for key in FOREST_OUTCOMES:
        pooled = takeaways.pools.get(key)
        if pooled is None or pooled.result is None:
            continue
        text(f"pooled_{key}.json", json.dumps(pooled.result.to_json(), indent=1, allow_nan=False))
        written.extend(_write_forest(pooled.result, out_dir / f"forest_{key}"))
    for suffix in (".md", ".csv", ".xlsx"):
        written.append(write_comparison(takeaways.comparison, out_dir / f"comparison{suffix}"))
    text("summary.md", summary_to_markdown(takeaways.summary))
    text("summary.html", summary_to_html(takeaways.summary))
    text("summary_of_findings.md", sof_to_markdown(takeaways.sof))
    text("methods.md", methods_to_markdown(takeaways.methods))
    text("report.html", build_report(takeaways))
    return written


def _write_forest(result, stem: Path) -> list[Path]:
    from evidence.tableio import atomic_path

    figure = forest_figure(result)
    paths = []
    for fmt in ("png", "svg"):
        target = stem.with_name(f"{stem.name}.{fmt}")
        try:
            with atomic_path(target) as tmp:
                figure.savefig(tmp, format=fmt, dpi=200, bbox_inches="tight", pad_inches=0.15,
                               metadata={"Date": None} if fmt == "svg" else None)
        except OSError as error:
            raise OutputError(f"{target}: cannot write the forest plot ({error.strerror or error})") from error
        paths.append(target)
    return paths
