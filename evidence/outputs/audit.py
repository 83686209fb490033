"""The audit trail every output carries: when, by which command and version, from which inputs.

    audit = make_audit(book, command="evidence run papers/ -o outputs/", files=["papers/"])
    audit.lines()      # ["Made 2026-12-02 18:40 UTC by evidence 0.1.0.", "Command: ...", ...]

Each input file is named with the SHA-256 of its bytes (the articles `evidence run` read; the
evidence table when the outputs were drawn from one), so a reader can tell whether a file changed.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Audit:
    date: str                               # "2026-12-02 18:40 UTC"
    command: str                            # the command line, as typed
    version: str                            # evidence's version
    inputs: tuple[tuple[str, str], ...]     # (file, SHA-256 of its bytes)

    def lines(self) -> list[str]:
        head = [f"Made {self.date} by evidence {self.version}."]
        if self.command:
            head.append(f"Command: {self.command}")
        return head + [f"Input {name}: SHA-256 {digest}" for name, digest in self.inputs]


def current_command() -> str:
    """The command line this process was started with, as a shell would read it back."""
    import shlex
    import sys

    if not sys.argv or not sys.argv[0]:
        return ""
    return shlex.join(["evidence" if Path(sys.argv[0]).name == "evidence" else sys.argv[0]] + sys.argv[1:])


def file_sha256(path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_audit(book, command: str | None = None, files=(), date: str | None = None) -> Audit:
    """The audit trail of outputs drawn from `book`: `files` are the input files to hash (the
    evidence table, or the folders and files given to `evidence run`, whose documents are found
    in them by name); a document not found among them is named with the SHA-256 of its extracted
    text, and says so."""
    from evidence import __version__

    inputs, seen = [], set()

    def add(name: str, digest: str) -> None:
        if name not in seen:
            seen.add(name)
            inputs.append((name, digest))

    roots = [Path(f) for f in files]
    for root in roots:
        if root.is_file():
            add(root.name, file_sha256(root))
    for document in book.documents:
        name = getattr(document, "name", "")
        if not name:
            continue
        path = _find(name.split("#")[0], roots)
        if path is not None:
            add(name.split("#")[0], file_sha256(path))
        elif getattr(document, "sha256", ""):
            add(name + " (extracted text)", document.sha256)
    when = date or now_utc().strftime("%Y-%m-%d %H:%M UTC")
    return Audit(when, current_command() if command is None else command, __version__, tuple(inputs))


def now_utc():
    """The time outputs are dated with: now, or SOURCE_DATE_EPOCH when set (reproducible outputs)."""
    import os
    from datetime import datetime, timezone

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc)


def saved_on(path) -> str:
    """The UTC date a file was last written ("2026-12-01"), never later than `now_utc`."""
    from datetime import datetime, timezone

    written = datetime.fromtimestamp(Path(path).stat().st_mtime, timezone.utc)
    return min(written, now_utc()).strftime("%Y-%m-%d")


def _find(name: str, roots) -> Path | None:
    for root in roots:
        if root.is_dir() and (root / name).is_file():
            return root / name
        if root.is_file() and root.name == name:
            return root
    return None
