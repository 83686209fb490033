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


def run_extract(paths, output, on_file=None, extractors=None) -> ExtractOutcome:
    """Extract `paths` and write the table to `output` and its documents sidecar, atomically."""
    output = Path(output)
    if output.suffix.lower() not in WRITERS:
        raise OutputError(f"{output}: unknown table format {output.suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    result = extract_paths(paths, extractors=extractors, on_file=on_file)
    frame = figures_to_frame(result.figures)
    sidecar = documents_path_for(output)
    write_text(sidecar, json.dumps({
        "documents": [d.to_json() for d in result.documents],
        "failures": [{"document": f.name, "reason": f.reason} for f in result.failures],
    }, indent=1, ensure_ascii=False))
    write_table(frame, output)
    return ExtractOutcome(result=result, table_path=output, documents_path=sidecar)
