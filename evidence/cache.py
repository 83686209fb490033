"""A content-addressed cache of per-file results, so a re-run reads only what changed.

The key is the file's bytes, the name its documents carry, the `evidence` version and every
extractor's version: a changed file or a new extractor version misses, anything else hits.
Entries are written atomically; an unreadable entry is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from evidence import __version__

CACHE_ENV = "EVIDENCE_CACHE_DIR"
FORMAT_VERSION = "1"


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "evidence"


class ResultCache:
    """Maps (file content, name, versions) to the FileResult computed for it."""

    def __init__(self, directory: Path | None, versions: dict[str, str]):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.salt = "|".join([FORMAT_VERSION, __version__] + [f"{k}={v}" for k, v in sorted(versions.items())])
        self.hits = 0
        self.misses = 0

    def key(self, path: Path, name: str) -> str:
        digest = hashlib.sha256()
        digest.update(self.salt.encode())
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as handle:
                result = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        from evidence.tableio import write_bytes

        try:
            write_bytes(self._path(key), pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        except OSError:
            pass  # a cache that cannot be written is only slower
