"""Reading what `evidence extract` wrote: the table and its documents sidecar.

The sidecar (`<table stem>.documents.json`) holds each document's metadata and cohort facts, and
since linking exists, each document's profile. A table without a sidecar is linked from its own
figures, quotes and document names.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from evidence.discover import read_regular
from evidence.document import Metadata
from evidence.errors import TableError
from evidence.facts import CohortFact
from evidence.studies.profile import DocumentProfile


@dataclass(frozen=True)
class SidecarDocument:
    """The part of a DocumentInfo the sidecar keeps (no text)."""

    name: str
    metadata: Metadata
    facts: tuple = ()
    text: str = ""


def documents_path_for(table_path) -> Path:
    from evidence.extraction import documents_path_for as path_for

    return path_for(table_path)


def read_sidecar(path, table=None) -> tuple[list[SidecarDocument], dict[str, DocumentProfile]]:
    """Documents and profiles from a documents sidecar; with `table`, first checked to belong to
    it (see `check_pair`)."""
    path = Path(path)
    try:
        data = json.loads(read_regular(path).decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise TableError(f"{path}: the documents sidecar cannot be read ({error}); run evidence extract again "
                         "or move it away to link from the table alone") from error
    if table is not None:
        check_pair(table, path, data)
    documents = []
    for entry in data.get("documents", []):
        metadata = dict(entry.get("metadata") or {})
        for name in ("authors", "registrations"):
            metadata[name] = tuple(metadata.get(name) or ())
        known = {k: v for k, v in metadata.items() if k in Metadata.__dataclass_fields__}
        facts = tuple(CohortFact(**{k: v for k, v in f.items() if k in CohortFact.__dataclass_fields__})
                      for f in entry.get("facts", []))
        documents.append(SidecarDocument(entry["name"], Metadata(**known), facts))
    profiles = {p["document"]: DocumentProfile.from_json(p) for p in data.get("profiles", [])}
    return documents, profiles


def check_pair(table, sidecar, data: dict) -> None:
    """TableError unless the sidecar's data was written with this very table: it records the
    table's SHA-256 (sidecars older than that record nothing, and are taken as they are)."""
    from evidence.tableio import table_digest

    recorded = (data.get("table") or {}).get("sha256") if isinstance(data.get("table"), dict) else None
    if recorded is None:
        return
    if recorded != table_digest(table):
        raise TableError(f"{Path(sidecar).name} does not belong to {Path(table).name}: it was written with "
                         "another version of the table (an interrupted or different run, or a table edited "
                         "since). Run evidence extract again, or move the sidecar away to link from the "
                         "table alone")


def profiles_to_json(profiles) -> list[dict]:
    return [p.to_json() for p in profiles]
