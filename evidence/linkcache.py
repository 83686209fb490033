"""A cache of linking: an unchanged re-run of `evidence extract` does not link its reports again.

Linking is a pure function of what the files gave (their documents and figures; the documents'
linking profiles are made from them) and of the code. The key is a digest of exactly that, in input order, with `LINKER_VERSION` and the code
fingerprint of the per-file cache; the entry is the linked table's rows (read figures with their
study and conflict flags, then derived figures).

Entries are the per-file cache's (`evidence.cache.read_entry` / `write_entry`): JSON, never
pickle, so reading one runs no code; a header with the entry's key and a SHA-256 of its content,
checked on reading, so a flipped bit, a truncated file or another key's entry is a miss, and so is
an entry of the wrong shape or types. Entries are written atomically, readable by their owner only
(0600, in a 0700 folder), and never read through a symlink.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from evidence.schema import Figure

LINKER_VERSION = "1"
FOLDER = "linked"


def link_key(documents: list[dict], figures, code: str) -> str:
    """The digest of everything linking reads: the documents (their `DocumentInfo.to_json()`: text
    digest, metadata, cohort facts) and the figures, in order, with the linker's version and the
    code's. (Each document's linking profile is made from these by that code, so it needs no
    place in the key.)"""
    digest = hashlib.sha256(f"evidence-linked|{LINKER_VERSION}|{code}".encode())
    for document in documents:
        digest.update(_canonical(document))
    for figure in figures:
        digest.update(_canonical(figure.to_row()))
    return digest.hexdigest()


def _canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=str).encode("utf-8") + b"\n"


class LinkCache:
    """Linked figures by `link_key`, in `directory/linked/`, each entry stored and checked by the
    per-file cache's entry format (`evidence.cache.read_entry` / `write_entry`)."""

    def __init__(self, directory):
        self.directory = Path(directory) / FOLDER
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def get(self, key: str) -> list[Figure] | None:
        """The linked figures stored under `key`, or None (absent, unreadable, altered, malformed)."""
        figures = self._read(key)
        if figures is None:
            self.misses += 1
        else:
            self.hits += 1
        return figures

    def _read(self, key: str) -> list[Figure] | None:
        from evidence.cache import read_entry

        entry = read_entry(self._path(key), key)
        if entry is None or entry.get("linker") != LINKER_VERSION:
            return None
        try:
            return [_figure(row) for row in entry["figures"]]
        except (KeyError, ValueError, TypeError, AttributeError):
            return None

    def put(self, key: str, figures) -> None:
        """Store `figures` under `key`; a cache that cannot be written is only slower."""
        from evidence.cache import write_entry

        write_entry(self._path(key), key, {"linker": LINKER_VERSION, "figures": [f.to_row() for f in figures]})


def _figure(row) -> Figure:
    """A Figure from a stored row, its fields of the types the record declares, or ValueError
    (the per-file cache's check: `evidence.cache`)."""
    from evidence.cache import _build

    return _build(Figure, row)
