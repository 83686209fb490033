"""A content-addressed cache of per-file results, so a re-run reads only what changed.

The key is the file's bytes, the name its documents carry, the `evidence` version, every
extractor's version and a fingerprint of the code that reads and extracts (the source files of
the `evidence` and `extractors` packages): a changed file, a new extractor version or an edited
reader misses, anything else hits. Only files read without failure are kept. Entries are
written atomically; an unreadable entry is a miss, never an error.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from evidence import __version__

CACHE_ENV = "EVIDENCE_CACHE_DIR"
FORMAT_VERSION = "1"
CODE_PACKAGES = ("evidence", "extractors")


def default_cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "evidence"


def code_fingerprint(packages=CODE_PACKAGES) -> str:
    """A digest of the source and data files of `packages`, so that editing a reader or a
    vocabulary (without a version bump) does not serve results of the old code."""
    import importlib.util

    digest = hashlib.sha256()
    for package in packages:
        spec = importlib.util.find_spec(package)
        for root in (spec.submodule_search_locations or []) if spec else []:
            for path in sorted(Path(root).rglob("*")):
                if "__pycache__" in path.parts or not path.is_file() or path.suffix == ".pyc":
                    continue
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


class ResultCache:
    """Maps (file content, name, versions) to the FileResult computed for it."""

    def __init__(self, directory: Path | None, versions: dict[str, str]):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.salt = "|".join([FORMAT_VERSION, __version__, code_fingerprint()]
                             + [f"{k}={v}" for k, v in sorted(versions.items())])
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
