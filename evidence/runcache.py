"""A record of whole runs: a re-run of `evidence extract` on unchanged files, whose table and
sidecar are still the bytes it wrote, has nothing to do and writes nothing.

A run's outputs are a pure function of its inputs (each file's name and bytes, in input order:
the per-file cache keys), the code (the per-file cache's salt), whether it links, and the table
it writes. After a run with no failure has written its table and sidecar, the record stores,
under the digest of those, the two files' SHA-256 and what the command says of the run (how many
documents and figures, the documents' warnings). A later run with the same digest whose table
and sidecar still hash to those values says so and stops; anything else (a file changed, added,
removed or unreadable, the table edited, moved or deleted, other code, another output) is an
ordinary run, which the per-file and link caches still make fast.

Entries are the per-file cache's (`evidence.cache.read_entry` / `write_entry`): JSON checked
against its key and hash, never code.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

FOLDER = "runs"
RECORD_VERSION = "1"


@dataclass(frozen=True)
class RunRecord:
    """What an earlier run wrote and found, as the command reports it."""

    table_sha256: str
    sidecar_sha256: str
    documents: int
    figures: int
    warnings: tuple[tuple[str, str], ...] = ()  # (document, warning) in order

    def to_json(self) -> dict:
        return {"table": self.table_sha256, "sidecar": self.sidecar_sha256, "documents": self.documents,
                "figures": self.figures, "warnings": [list(w) for w in self.warnings]}

    @classmethod
    def from_json(cls, data: dict) -> RunRecord | None:
        try:
            record = cls(str(data["table"]), str(data["sidecar"]), int(data["documents"]), int(data["figures"]),
                         tuple((str(name), str(text)) for name, text in data["warnings"]))
        except (KeyError, TypeError, ValueError):
            return None
        return record


class RunCache:
    """Run records by `run_key`, in `<cache dir>/runs/`."""

    def __init__(self, cache):
        self.cache = cache  # the run's ResultCache: its directory, salt and keys
        self.directory = Path(cache.directory) / FOLDER

    def run_key(self, paths, output, link: bool, exclude=()) -> str | None:
        """The digest of everything the run's outputs depend on, or None when a file cannot be
        read or found (that run must go the ordinary way, to report it)."""
        from evidence.discover import discover
        from evidence.readers import supported_suffixes

        files, problems = discover(paths, supported_suffixes(), exclude=exclude)
        if problems or not files:
            return None
        digest = hashlib.sha256(f"evidence-run|{RECORD_VERSION}|{self.cache.salt}|link={link}|"
                                f"{Path(output).resolve()}".encode("utf-8", "surrogateescape"))
        for item in files:
            try:
                digest.update(self.cache.key(item.path, item.name).encode() + b"\n")
            except OSError:
                return None
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def unchanged(self, key: str, output, sidecar) -> RunRecord | None:
        """The record of `key` when the table and sidecar on disk are still what that run wrote."""
        from evidence.cache import read_entry

        data = read_entry(self._path(key), key)
        record = RunRecord.from_json(data) if data is not None else None
        if record is None:
            return None
        try:
            if _sha256(output) != record.table_sha256 or _sha256(sidecar) != record.sidecar_sha256:
                return None
        except OSError:
            return None
        return record

    def put(self, key: str, output, sidecar, documents: int, figures: int, warnings) -> bool:
        from evidence.cache import write_entry

        try:
            record = RunRecord(_sha256(output), _sha256(sidecar), documents, figures, tuple(warnings))
        except OSError:
            return False
        return write_entry(self._path(key), key, record.to_json())


def _sha256(path) -> str:
    """A regular file's SHA-256 (a folder, link or missing file raises OSError)."""
    from evidence.discover import open_regular

    digest = hashlib.sha256()
    with open_regular(Path(path)) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
