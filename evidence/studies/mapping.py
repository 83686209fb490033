"""A user's corrections to linking: a small file mapping documents to study labels.

CSV with columns `document,study` (a header row is required), or JSON: either an object
`{"document": "study label", ...}` or a list of `{"document": ..., "study": ...}`. Documents
given the same label are one study, documents with different labels never are, and the label
replaces the generated one. Documents the file does not name are linked as usual (and may join a
mapped study); to take a document out of a study, map it and one of the study's other documents.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from evidence.errors import TableError

MAP_HINT = "write one document,study pair a line under a header 'document,study', or a JSON object {document: study}"


def read_mapping(path) -> dict[str, str]:
    """document -> study label, from a CSV or JSON map file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TableError(f"{path}: no such map file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise TableError(f"{path}: cannot be read as a map file ({error})") from error
    if path.suffix.lower() == ".json" or text.lstrip()[:1] in ("{", "["):
        return json_to_mapping(text, path.name)
    return csv_to_mapping(text, path.name)


def json_to_mapping(text: str, source: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise TableError(f"{source}: not valid JSON ({error.msg} at line {error.lineno}); {MAP_HINT}") from None
    if isinstance(data, dict):
        pairs = list(data.items())
    elif isinstance(data, list) and all(isinstance(item, dict) for item in data):
        pairs = [(item.get("document"), item.get("study")) for item in data]
    else:
        raise TableError(f"{source}: expected an object or a list of objects; {MAP_HINT}")
    return _checked(pairs, source)


def csv_to_mapping(text: str, source: str) -> dict[str, str]:
    rows = list(csv.reader(io.StringIO(text)))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise TableError(f"{source}: the map file is empty; {MAP_HINT}")
    header = [cell.strip().lower() for cell in rows[0]]
    if "document" not in header or "study" not in header:
        raise TableError(f"{source}: the first row must name the columns document and study; {MAP_HINT}")
    at_document, at_study = header.index("document"), header.index("study")
    pairs = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) <= max(at_document, at_study):
            raise TableError(f"{source} line {number}: expected a document and a study; {MAP_HINT}")
        pairs.append((row[at_document], row[at_study]))
    return _checked(pairs, source)


def _checked(pairs, source: str) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for number, (document, study) in enumerate(pairs, start=1):
        document = str(document or "").strip()
        study = str(study or "").strip()
        if not document or not study:
            raise TableError(f"{source} entry {number}: both document and study must be given; {MAP_HINT}")
        if document in mapping and mapping[document] != study:
            raise TableError(f"{source}: document {document!r} is mapped to both {mapping[document]!r} and {study!r}")
        mapping[document] = study
    return mapping


def check_mapping(mapping: dict[str, str], documents, source: str = "map file") -> None:
    """Every mapped document must be one the table has."""
    known = set(documents)
    unknown = [d for d in mapping if d not in known]
    if unknown:
        shown = ", ".join(sorted(known)[:5]) + (", ..." if len(known) > 5 else "")
        raise TableError(f"{source}: document {unknown[0]!r} is not in the table; the table's documents are {shown}")
