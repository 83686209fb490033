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


def documents_path_for(table_path) -> Path:
    """The sidecar beside a table that describes the documents read (for linking and reports)."""
    table_path = Path(table_path)
    return table_path.with_name(table_path.stem + ".documents.json")


def run_extract(paths, output, on_file=None, extractors=None, jobs: int = 1, cache_dir=None,
                use_cache: bool = True) -> ExtractOutcome:
    """Extract `paths` and write the table to `output` and its documents sidecar, atomically.

    `jobs` worker processes read files in parallel (the table's order does not depend on it);
    with `use_cache`, files already read with the same extractor versions are not read again.
    """
    output = Path(output)
    if output.suffix.lower() not in WRITERS:
        raise OutputError(f"{output}: unknown table format {output.suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    cache = None
    if use_cache:
        from evidence.cache import ResultCache
        from evidence.registry import extractor_versions

        cache = ResultCache(cache_dir, extractor_versions())
    result = extract_paths(paths, extractors=extractors, on_file=on_file, jobs=jobs, cache=cache)
    frame = figures_to_frame(result.figures)
    sidecar = documents_path_for(output)
    write_text(sidecar, json.dumps({
        "documents": [d.to_json() for d in result.documents],
        "failures": [{"document": f.name, "reason": f.reason} for f in result.failures],
    }, indent=1, ensure_ascii=False))
    write_table(frame, output)
    return ExtractOutcome(result=result, table_path=output, documents_path=sidecar)
