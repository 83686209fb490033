"""A content-addressed cache of per-file results, so a re-run reads only what changed.

The key is the file's bytes, the name its documents carry, the `evidence` version, every
extractor's version and a fingerprint of the code that reads and extracts (the source files of
the `evidence` and `extractors` packages): a changed file, a new extractor version or an edited
reader misses, anything else hits. Only files read without failure are kept.

The cache holds data, never code: each entry is JSON, one header line (its format, its own key
and the SHA-256 of the payload) then the payload. Entries live in a folder only this user can
enter (`<cache dir>/v2/`, 0700; entries 0600), are opened without following symbolic links and
only when they are regular files owned by this user, and are checked before use: an entry whose
key or hash differs (a flipped bit, another file's entry), or whose payload has the wrong shape,
is a miss, never an error and never a wrong result.

`read_entry`, `write_entry` and `private_dir` are the reusable part: any cache of JSON data can
use them with its own keys.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import asdict, fields
from pathlib import Path

from evidence import __version__

CACHE_ENV = "EVIDENCE_CACHE_DIR"
FORMAT_VERSION = "2"
ENTRY_FORMAT = "evidence-cache/2"
CODE_PACKAGES = ("evidence", "extractors")
MAX_ENTRY_BYTES = 1 << 30  # an entry larger than this is not read
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


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


# -- entries: verified JSON in private folders ----------------------------------------------------

def private_dir(path) -> bool:
    """Make `path` a folder only this user can enter (0700), if it is not one already; False when
    it cannot be trusted: a symbolic link, not a folder, another user's, or open to others."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass
        return _trusted_dir(path)
    except OSError:
        return False


def _trusted_dir(path: Path) -> bool:
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
            and (not hasattr(os, "geteuid") or info.st_uid == os.geteuid()))


def read_entry(path, key: str) -> dict | None:
    """The data stored at `path` under `key`, or None: missing, not a regular file of this user,
    a symbolic link, too large, another key, a payload that does not match its hash, not a JSON
    object. Never raises for what is in the file."""
    path = Path(path)
    if not _trusted_dir(path.parent):
        return None
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if (not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES
                or (hasattr(os, "geteuid") and info.st_uid != os.geteuid())):
            return None
        with os.fdopen(fd, "rb") as handle:
            fd = None
            raw = handle.read(MAX_ENTRY_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd is not None:
            os.close(fd)
    head, _, payload = raw.partition(b"\n")
    try:
        header = json.loads(head)
        if (not isinstance(header, dict) or header.get("format") != ENTRY_FORMAT
                or header.get("key") != key or header.get("sha256") != hashlib.sha256(payload).hexdigest()):
            return None
        data = json.loads(payload)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def write_entry(path, key: str, data: dict) -> bool:
    """Store `data` (JSON-able) at `path` under `key`, atomically, readable by this user only;
    the folders on the way are made private. False when it cannot be written (a cache that cannot
    be written is only slower)."""
    path = Path(path)
    try:
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError):
        return False
    header = json.dumps({"format": ENTRY_FORMAT, "key": key,
                         "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    if not private_dir(path.parent):
        return False
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(header + b"\n" + payload)
        os.replace(tmp, path)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


# -- FileResults as data ---------------------------------------------------------------------

def result_to_json(result) -> dict:
    """A FileResult (read without failure) as plain JSON data."""
    return {"name": result.name,
            "documents": [_document_to_json(d) for d in result.documents],
            "figures": [asdict(f) for f in result.figures]}


def _document_to_json(info) -> dict:
    return {"name": info.name, "format": info.format, "metadata": asdict(info.metadata),
            "chars": info.chars, "pages": info.pages, "sha256": info.sha256,
            "facts": [asdict(f) for f in info.facts], "text": info.text,
            "profile": info.profile.to_json() if info.profile is not None else None}


def json_to_result(data: dict):
    """The FileResult `result_to_json` gave; ValueError (or TypeError, KeyError) for any other shape."""
    from evidence.document import Metadata
    from evidence.facts import CohortFact
    from evidence.pipeline import DocumentInfo, FileResult
    from evidence.schema import Figure
    from evidence.studies.profile import DocumentProfile

    documents = []
    for entry in _list(data["documents"]):
        metadata = _build(Metadata, entry["metadata"])
        facts = tuple(_build(CohortFact, f) for f in _list(entry["facts"]))
        profile = entry.get("profile")
        if profile is not None:
            _conforms(DocumentProfile, profile)
            profile = DocumentProfile.from_json(profile)
        documents.append(DocumentInfo(
            name=_of(entry["name"], str), format=_of(entry["format"], str), metadata=metadata,
            chars=_of(entry["chars"], int), pages=_of(entry["pages"], int, None),
            sha256=_of(entry["sha256"], str), facts=facts, text=_of(entry["text"], str), profile=profile))
    figures = tuple(_build(Figure, f) for f in _list(data["figures"]))
    return FileResult(name=_of(data["name"], str), documents=tuple(documents), figures=figures)


def _list(value) -> list:
    if not isinstance(value, list):
        raise ValueError("not a list")
    return value


def _of(value, kind, *also):
    if value in also or (isinstance(value, kind) and not (kind is int and isinstance(value, bool))):
        return value
    raise ValueError(f"{value!r} is not {kind.__name__}")


def _build(cls, data):
    """`cls(**data)` once `data` has the fields of `cls` with plausible types (lists become tuples)."""
    _conforms(cls, data)
    return cls(**{k: tuple(v) if isinstance(v, list) else v for k, v in data.items()})


_KINDS = {"str": (str,), "int": (int,), "float": (int, float), "bool": (bool,), "None": (type(None),)}


def _conforms(cls, data) -> None:
    """ValueError unless `data` is a dict whose keys are fields of `cls` and whose values have a
    type its annotation allows (str, int, float, bool, None, tuple)."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__}: not an object")
    known = {f.name: str(f.type) for f in fields(cls)}
    for name, value in data.items():
        if name not in known:
            raise ValueError(f"{cls.__name__}: unknown field {name}")
        annotation = known[name]
        if annotation.startswith("tuple"):
            allowed = (list, tuple)
        else:
            allowed = tuple(t for part in annotation.split("|") for t in _KINDS.get(part.strip(), ()))
        if allowed and (not isinstance(value, allowed)
                        or (isinstance(value, bool) and bool not in allowed)):
            raise ValueError(f"{cls.__name__}.{name}: {type(value).__name__}")


# -- the cache of per-file results -----------------------------------------------------------

class ResultCache:
    """Maps (file content, name, versions) to the FileResult computed for it."""

    def __init__(self, directory: Path | None, versions: dict[str, str], one_run: bool = False):
        self.directory = Path(directory) if directory else default_cache_dir()
        self.salt = "|".join([FORMAT_VERSION, __version__, code_fingerprint()]
                             + [f"{k}={v}" for k, v in sorted(versions.items())])
        self.hits = 0
        self.misses = 0
        # `one_run`: the cache of a single run, which reads each file's key once (its whole-run
        # record and its per-file lookups both ask for it)
        self._keys: dict | None = {} if one_run else None

    def key(self, path: Path, name: str) -> str:
        """The entry's key; reads only a regular file, at most MAX_INPUT_BYTES (else OSError)."""
        if self._keys is None:
            return self._read_key(path, name)
        known = (str(path), name)
        if known not in self._keys:
            self._keys[known] = self._read_key(path, name)
        return self._keys[known]

    def _read_key(self, path: Path, name: str) -> str:
        from evidence.discover import open_regular

        digest = hashlib.sha256()
        digest.update(self.salt.encode())
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        with open_regular(path) as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.directory / f"v{FORMAT_VERSION}" / key[:2] / f"{key}.json"

    def get(self, key: str):
        data = read_entry(self.path(key), key)
        result = None
        if data is not None:
            try:
                result = json_to_result(data)
            except (KeyError, TypeError, ValueError, AttributeError):
                result = None
        if result is None:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, key: str, result) -> None:
        if private_dir(self.directory / f"v{FORMAT_VERSION}"):
            write_entry(self.path(key), key, result_to_json(result))
