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


def documents_path_for(table_path) -> Path:
    """The sidecar beside a table that describes the documents read (for linking and reports)."""
    table_path = Path(table_path)
    return table_path.with_name(table_path.stem + ".documents.json")


def run_extract(paths, output, on_file=None, extractors=None, jobs: int = 1, cache_dir=None,
                use_cache: bool = True, timeout: float | None = None,
                scheduler: str | None = None, link: bool = True) -> ExtractOutcome:
    """Extract `paths` and write the table to `output` and its documents sidecar, atomically.

    `jobs` worker processes read files in parallel (the table's order does not depend on it),
    each file for at most `timeout` seconds; with `use_cache`, files already read by the same
    code are not read again. With a Dask `scheduler` ("tcp://host:8786" or "local"), workers of
    that cluster read the files and `output` (a `.parquet` name) becomes a folder of part files.
    With `link`, reports of one study are linked (`evidence.studies`): the table's `study` column is
    filled, `conflict` flags set and derived rows appended. The sidecar keeps each document's
    linking profile either way, so `evidence studies` can link the table later.
    """
    output = Path(output)
    if scheduler is not None and output.suffix.lower() != ".parquet":
        raise OutputError(f"{output}: a run on a Dask cluster writes a partitioned Parquet table; "
                          "name the output FOLDER.parquet")
    if output.suffix.lower() not in WRITERS:
        raise OutputError(f"{output}: unknown table format {output.suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    cache = None
    if use_cache:
        from evidence.cache import ResultCache
        from evidence.registry import extractor_versions

        cache = ResultCache(cache_dir, extractor_versions())
    if scheduler is None:
        result = extract_paths(paths, extractors=extractors, on_file=on_file, jobs=jobs, cache=cache,
                               timeout=timeout)
    else:
        from evidence.distributed import DaskCompute, connect

        with connect(scheduler, workers=jobs) as client:
            result = extract_paths(paths, on_file=on_file, cache=cache, compute=DaskCompute(client))
    missing = [d for d in result.documents if d.profile is None]
    if missing:
        from evidence.studies import profile_documents

        made = iter(profile_documents(missing, result.figures))
    profiles = [d.profile if d.profile is not None else next(made) for d in result.documents]
    documents = [d.to_json() for d in result.documents]
    studies = linked = None
    if link:
        studies, linked = _link(result, documents, profiles, cache)
    frame = figures_to_frame(linked if link else result.figures)
    sidecar = documents_path_for(output)
    write_text(sidecar, json.dumps({
        "documents": documents,
        "failures": [{"document": f.name, "reason": f.reason} for f in result.failures],
        "profiles": [p.to_json() for p in profiles],
    }, indent=1, ensure_ascii=False))
    if scheduler is None:
        write_table(frame, output)
    else:
        from evidence.distributed import write_partitioned

        write_partitioned(frame, output)
    return ExtractOutcome(result=result, table_path=output, documents_path=sidecar, studies=studies)


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
