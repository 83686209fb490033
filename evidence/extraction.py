"""`run_extract`: the library function behind `evidence extract` (pipeline, then atomic writes)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evidence.pipeline import ExtractResult, extract_paths
from evidence.schema import figures_to_frame
from evidence.tableio import WRITERS, write_table, write_text
from evidence.errors import OutputError


@dataclass(frozen=True)
class ExtractOutcome:
    result: ExtractResult
    table_path: Path
    documents_path: Path
    studies: object = None  # the StudyReport when the run linked its documents (None when it came from the cache)
    unchanged: object = None  # with `skip_unchanged`, the RunRecord of the earlier run when nothing was to do


def documents_path_for(table_path) -> Path:
    """The sidecar beside a table that describes the documents read (for linking and reports)."""
    table_path = Path(table_path)
    return table_path.with_name(table_path.stem + ".documents.json")


def run_extract(paths, output, on_file=None, extractors=None, jobs: int = 1, cache_dir=None,
                use_cache: bool = True, timeout: float | None = None,
                scheduler: str | None = None, link: bool = True,
                memory_mb: int | None = None, skip_unchanged: bool = False) -> ExtractOutcome:
    """Extract `paths` and write the table to `output` and its documents sidecar, atomically.

    `jobs` worker processes read files in parallel (the table's order does not depend on it),
    each file for at most `timeout` seconds and `memory_mb` MB; with `use_cache`, files already
    read by the same code are not read again. With a Dask `scheduler` ("tcp://host:8786" or
    "local"), workers of that cluster read the files and `output` (a `.parquet` name) becomes a
    folder of part files. With `link`, reports of one study are linked (`evidence.studies`): the
    table's `study` column is filled, `conflict` flags set and derived rows appended. The sidecar
    keeps each document's linking profile either way, so `evidence studies` can link the table
    later. When no file is found under `paths`, NoInputError is raised and nothing is written.

    With the cache, a run with no failure is recorded (`evidence.runcache`); with `skip_unchanged`,
    a run whose files, code and options are those of a recorded run, and whose table and sidecar
    are still the bytes that run wrote, reads and writes nothing: its outcome has an empty
    `result` and the earlier run's `RunRecord` in `unchanged`.
    """
    runs = run_key = cache = None
    if use_cache and scheduler is None:
        from evidence.cache import ResultCache
        from evidence.registry import extractor_versions
        from evidence.runcache import RunCache

        output = check_output(output)
        cache = ResultCache(cache_dir, extractor_versions(), one_run=True)
        runs = RunCache(cache)
        run_key = runs.run_key(paths, output, link, exclude=(output, documents_path_for(output)))
        record = runs.unchanged(run_key, output, documents_path_for(output)) if run_key and skip_unchanged else None
        if record is not None:
            return ExtractOutcome(result=ExtractResult((), (), ()), table_path=Path(output),
                                  documents_path=documents_path_for(output), unchanged=record)
    extraction = extract_for_output(paths, output, on_file=on_file, extractors=extractors, jobs=jobs,
                                    cache_dir=cache_dir, use_cache=use_cache, timeout=timeout,
                                    scheduler=scheduler, link=link, memory_mb=memory_mb, cache=cache)
    frame = figures_to_frame(extraction.linked if extraction.linked is not None else extraction.result.figures)
    sidecar = write_table_and_sidecar(frame, output, extraction.sidecar, partitioned=scheduler is not None)
    result = extraction.result
    if run_key and result.ok:
        runs.put(run_key, output, sidecar, len(result.documents), len(result.figures),
                 [(d.name, warning) for d in result.documents for warning in d.warnings])
    return ExtractOutcome(result=extraction.result, table_path=Path(output), documents_path=sidecar,
                          studies=extraction.studies)


@dataclass(frozen=True)
class Extraction:
    """What a run read, ready to be written: the result, its linking, and the sidecar's content."""

    result: ExtractResult
    sidecar: dict
    studies: object = None  # the StudyReport when linked now (None when the linked rows came from the cache)
    linked: list | None = None  # the linked table's figures, with derived rows (None without linking)


def check_output(output, partitioned: bool = False) -> Path:
    """`output` as a table path, or OutputError before anything is read."""
    output = Path(output)
    if partitioned and output.suffix.lower() != ".parquet":
        raise OutputError(f"{output}: a run on a Dask cluster writes a partitioned Parquet table; "
                          "name the output FOLDER.parquet")
    if output.suffix.lower() not in WRITERS:
        raise OutputError(f"{output}: unknown table format {output.suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    if not partitioned and output.is_dir():
        raise OutputError(f"{output}: is a folder; give a file name for the table (for example "
                          f"{output / 'evidence.csv'})")
    return output


def extract_for_output(paths, output, on_file=None, extractors=None, jobs: int = 1, cache_dir=None,
                       use_cache: bool = True, timeout: float | None = None, scheduler: str | None = None,
                       link: bool = True, memory_mb: int | None = None, exclude=(), cache=None) -> Extraction:
    """Read `paths` for a table to be written at `output` (never read as input, nor its sidecar
    nor `exclude`); nothing is written. `cache`: the run's ResultCache, made here by default."""
    output = check_output(output, partitioned=scheduler is not None)
    exclude = (output, documents_path_for(output), *exclude)
    if use_cache and cache is None:
        from evidence.cache import ResultCache
        from evidence.registry import extractor_versions

        cache = ResultCache(cache_dir, extractor_versions())
    if scheduler is None:
        result = extract_paths(paths, extractors=extractors, on_file=on_file, jobs=jobs, cache=cache,
                               timeout=timeout, exclude=exclude, memory_mb=memory_mb)
    else:
        from evidence.distributed import DaskCompute, connect

        with connect(scheduler, workers=jobs) as client:
            result = extract_paths(paths, on_file=on_file, cache=cache, compute=DaskCompute(client),
                                   exclude=exclude)
    missing = [d for d in result.documents if d.profile is None]
    if missing:
        from evidence.studies import profile_documents

        made = iter(profile_documents(missing, result.figures))
    profiles = [d.profile if d.profile is not None else next(made) for d in result.documents]
    documents = [d.to_json() for d in result.documents]
    studies = linked = None
    if link:
        studies, linked = _link(result, documents, profiles, cache)
    sidecar = {
        "documents": documents,
        "failures": [{"document": f.name, "reason": f.reason} for f in result.failures],
        "profiles": [p.to_json() for p in profiles],
    }
    return Extraction(result=result, sidecar=sidecar, studies=studies, linked=linked)


def write_table_and_sidecar(frame, output, sidecar: dict, partitioned: bool = False, staged=None) -> Path:
    """Write the table and its documents sidecar as a pair: both are staged, the sidecar records the
    table's SHA-256 (`table.sha256`), and both are moved into place together (into `staged` when
    given, with the other files of a run). Returns the sidecar's path."""
    from evidence.tableio import staged_files, table_digest

    output = Path(output)
    sidecar_path = documents_path_for(output)
    if staged is None:
        with staged_files() as staged:
            return write_table_and_sidecar(frame, output, sidecar, partitioned, staged)
    if partitioned:
        from evidence.distributed import write_partitioned

        written = write_partitioned(frame, output, staged=staged)
    else:
        write_table(frame, output, staged)
        written = staged.staged_path(output)
    data = dict(sidecar, table={"sha256": table_digest(written)})
    write_text(sidecar_path, json.dumps(data, indent=1, ensure_ascii=False), staged)
    return sidecar_path


def _link(result: ExtractResult, documents: list[dict], profiles, cache) -> tuple[object, list]:
    """(StudyReport or None, the linked table's figures): linked now, or, when the documents,
    and figures (`documents`: their JSON) are those of an earlier run, the rows it linked
    (`evidence.linkcache`)."""
    store = key = None
    if cache is not None:
        from evidence.linkcache import LinkCache, link_key

        store = LinkCache(cache.directory)
        key = link_key(documents, result.figures, cache.salt)
        linked = store.get(key)
        if linked is not None:
            return None, linked
    from evidence.studies import link_extraction

    studies = link_extraction(result.figures, result.documents, profiles)
    linked = list(studies.figures) + list(studies.derived)
    if store is not None:
        store.put(key, linked)
    return studies, linked
