"""The extraction pipeline: files -> documents -> figures, one file at a time, failures kept.

`extract_paths` is what `evidence extract` calls. Each file is handled by `process_file`, a pure
function of the file and the extractor set, so it can run in a worker process; a file that cannot
be read becomes a `FileFailure` and the run goes on.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from evidence.discover import InputFile, discover
from evidence.document import Document, Metadata
from evidence.errors import ReadError
from evidence.schema import Figure


@dataclass(frozen=True)
class DocumentInfo:
    """What the rest of the pipeline (linking, reports) needs to know about a document read."""

    name: str
    format: str
    metadata: Metadata
    chars: int
    pages: int | None
    sha256: str
    facts: tuple = ()  # CohortFact records found in the document
    text: str = field(default="", repr=False)  # kept for linking and quotes in context; not written to the table

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("text")
        data["facts"] = [f.to_json() for f in self.facts]
        data["metadata"]["authors"] = list(self.metadata.authors)
        data["metadata"]["registrations"] = list(self.metadata.registrations)
        return data


@dataclass(frozen=True)
class FileFailure:
    """A file that could not be read, and why, in words a person can act on."""

    name: str
    reason: str


@dataclass(frozen=True)
class FileResult:
    """What one input file gave: its documents and figures, or a failure."""

    name: str
    documents: tuple[DocumentInfo, ...] = ()
    figures: tuple[Figure, ...] = ()
    failure: FileFailure | None = None


@dataclass(frozen=True)
class ExtractResult:
    """The outcome of a whole run, in input order."""

    documents: tuple[DocumentInfo, ...]
    figures: tuple[Figure, ...]
    failures: tuple[FileFailure, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def document_to_findings(document: Document, extractors) -> tuple[list[Figure], list]:
    """Run every extractor over one document: its figures (in text order, duplicates removed)
    and its cohort facts (from extractors that have a `facts` method)."""
    from evidence.text.pipeline import analyse

    analysis = analyse(document.text)
    figures: list[Figure] = []
    facts: list = []
    for extractor in extractors:
        figures.extend(extractor.extract(document, analysis))
        if hasattr(extractor, "facts"):
            facts.extend(extractor.facts(document, analysis))
    return sort_figures(dedupe_figures(figures)), sorted(facts, key=lambda f: (f.start, f.end, f.kind))


def dedupe_figures(figures: Iterable[Figure]) -> list[Figure]:
    seen = set()
    unique = []
    for figure in figures:
        key = (figure.document, figure.outcome, figure.measure, round(figure.value, 9), figure.start,
               figure.end, figure.disease, figure.infusion, figure.subgroup, figure.grade,
               figure.timepoint_months, figure.target_relation)
        if key not in seen:
            seen.add(key)
            unique.append(figure)
    return unique


def sort_figures(figures: Iterable[Figure]) -> list[Figure]:
    """Deterministic order: by document, then place in the text, then what was measured."""
    return sorted(figures, key=lambda f: (f.document, f.start, f.end, f.outcome, f.measure,
                                          f.disease, f.infusion or 0, f.subgroup, f.value))


def document_info(document: Document, facts=()) -> DocumentInfo:
    return DocumentInfo(
        name=document.path,
        format=document.format,
        metadata=document.metadata,
        chars=len(document.text),
        pages=document.pages,
        sha256=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        facts=tuple(facts),
        text=document.text,
    )


def process_file(item: InputFile, extractors) -> FileResult:
    """Read one file and extract its figures; any read error becomes a FileFailure."""
    from evidence.readers import read_file

    try:
        documents = read_file(item.path, item.name)
    except ReadError as error:
        return FileResult(name=item.name, failure=FileFailure(item.name, error.reason))
    except OSError as error:
        return FileResult(name=item.name, failure=FileFailure(item.name, _os_reason(error)))
    infos, figures = [], []
    for document in documents:
        found, facts = document_to_findings(document, extractors)
        infos.append(document_info(document, facts))
        figures.extend(found)
    if not documents:
        return FileResult(name=item.name, failure=FileFailure(item.name, "no article found in the file"))
    return FileResult(name=item.name, documents=tuple(infos), figures=tuple(figures))


def _os_reason(error: OSError) -> str:
    import errno

    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a folder"
    return error.strerror or str(error)


def extract_paths(paths, extractors=None, on_file: Callable[[FileResult], None] | None = None,
                  jobs: int = 1, cache=None) -> ExtractResult:
    """Extract every supported file under `paths`, in input order whatever `jobs` is.

    `on_file` is told as each file is done; `cache` (a ResultCache) skips files already seen.
    """
    from evidence.readers import supported_suffixes

    files, problems = discover(paths, supported_suffixes())
    failures = [FileFailure(name, reason) for name, reason in problems]
    documents, figures = [], []
    for result in _results(files, extractors, jobs, cache):
        if result.failure:
            failures.append(result.failure)
        documents.extend(result.documents)
        figures.extend(result.figures)
        if on_file:
            on_file(result)
    return ExtractResult(tuple(documents), tuple(figures), tuple(failures))


def _results(files: list[InputFile], extractors, jobs: int, cache):
    """FileResults in input order: from the cache, or computed here or in worker processes."""
    plan = []  # per file: (cached result or None, cache key or None)
    for item in files:
        if cache is None:
            plan.append((None, None))
            continue
        try:
            key = cache.key(item.path, item.name)
        except OSError as error:
            plan.append((FileResult(name=item.name, failure=FileFailure(item.name, _os_reason(error))), None))
            continue
        plan.append((cache.get(key), key))
    computed = _compute([item for item, (hit, _) in zip(files, plan) if hit is None], extractors, jobs)
    for hit, key in plan:
        if hit is not None:
            yield hit
            continue
        result = next(computed)
        if key is not None and result.failure is None:
            cache.put(key, result)
        yield result


def _compute(items: list[InputFile], extractors, jobs: int):
    """Results for `items`, in order, as each is done; in `jobs` worker processes when that pays."""
    if jobs <= 1 or len(items) < 2 or extractors is not None:
        from evidence.registry import load_extractors

        chosen = load_extractors() if extractors is None else extractors
        for item in items:
            yield process_file(item, chosen)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    context = multiprocessing.get_context("spawn" if _threads_started() else "fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_init) as executor:
        futures = [executor.submit(_worker_process, item) for item in items]
        try:
            for item, future in zip(items, futures):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield FileResult(name=item.name, failure=FileFailure(item.name, "not read: a worker process died"))
        finally:
            for future in futures:
                future.cancel()


def _threads_started() -> bool:
    import threading

    return threading.active_count() > 1


_WORKER_EXTRACTORS = None


def _worker_init() -> None:
    global _WORKER_EXTRACTORS
    import signal

    from evidence.registry import load_extractors

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    _WORKER_EXTRACTORS = load_extractors()


def _worker_process(item: InputFile) -> FileResult:
    return process_file(item, _WORKER_EXTRACTORS)


def count_inputs(paths) -> int:
    from evidence.readers import supported_suffixes

    files, problems = discover(paths, supported_suffixes())
    return len(files) + len(problems)
