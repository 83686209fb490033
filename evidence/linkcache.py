"""A cache of linking: an unchanged re-run of `evidence extract` does not link its reports again.

Linking is a pure function of what the files gave (their documents and figures; the documents'
linking profiles are made from them) and of the code. The key is a digest of exactly that, in input order, with `LINKER_VERSION` and the code
fingerprint of the per-file cache; the entry is the linked table's rows (read figures with their
study and conflict flags, then derived figures).

Entries are JSON, never pickle: reading one runs no code. Each holds its own key and a SHA-256 of
its content, checked on reading, so a flipped bit, a truncated file or another key's entry is a
miss, and so is an entry of the wrong shape. Entries are written atomically, readable by their
owner only (0600, in a 0700 folder), and never read through a symlink.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path

from evidence.schema import Figure

LINKER_VERSION = "1"
FOLDER = "linked"
MAX_ENTRY_BYTES = 1 << 30  # an entry larger than this is not read (a miss)


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
    """Linked figures by `link_key`, in `directory/linked/`."""

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
        try:
            fd = os.open(self._path(key), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            return None
        try:
            with os.fdopen(fd, "rb") as handle:
                data = handle.read(MAX_ENTRY_BYTES + 1)
        except OSError:
            return None
        if len(data) > MAX_ENTRY_BYTES:
            return None
        try:
            entry = json.loads(data)
            if not isinstance(entry, dict) or entry.get("key") != key:
                return None
            body = entry.get("figures")
            if entry.get("sha256") != hashlib.sha256(_canonical(body)).hexdigest():
                return None
            return [_figure(row) for row in body]
        except (ValueError, TypeError, AttributeError):
            return None

    def put(self, key: str, figures) -> None:
        """Store `figures` under `key`; a cache that cannot be written is only slower."""
        body = [f.to_row() for f in figures]
        entry = {"key": key, "linker": LINKER_VERSION, "sha256": hashlib.sha256(_canonical(body)).hexdigest(),
                 "figures": body}
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".entry.", suffix=".part", dir=self.directory)  # 0600
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    json.dump(entry, handle, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, self._path(key))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except OSError:
            pass


def _figure(row) -> Figure:
    """A Figure from a stored row, its fields of the types the record declares, or ValueError
    (the per-file cache's check: `evidence.cache`)."""
    from evidence.cache import _build

    return _build(Figure, row)
