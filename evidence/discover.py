"""Finding the input files under the PATHs a user gives, in a stable order.

Only regular files are ever read: a FIFO, a device or a socket (even one named `*.txt`) is a
named problem, never opened, so it cannot hang the run. A folder that cannot be listed is a
named problem too. The tool's own outputs are never inputs: the paths a run is about to write
(`exclude`) and the files an earlier run recorded in its folder's `.evidence-outputs.json`.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_INPUT_BYTES = 1 << 30  # a file larger than this (1 GiB) is refused, not read
OUTPUTS_MARKER = ".evidence-outputs.json"  # in an output folder: the files the tool wrote there
MAX_MARKER_BYTES = 1 << 20
NOT_REGULAR = "not a regular file (a FIFO, device or socket): not read"
CANNOT_LIST = "folder cannot be listed ({reason}): its files were not read"


@dataclass(frozen=True)
class InputFile:
    """A file to read, and the name its documents carry (relative to the PATH given)."""

    path: Path
    name: str


def discover(paths, suffixes: tuple[str, ...], exclude=()) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """The supported files under `paths` (sorted by name) and the problems met on the way.

    Folders are walked without following links to folders (so a symlink loop cannot trap the
    walk); links to files are read. Hidden files and folders are skipped. A PATH that does not
    exist, a folder that cannot be listed, and a non-regular or too large file are problems,
    not exceptions. Paths in `exclude` and recorded outputs of the tool are skipped.
    """
    files: list[InputFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    excluded = {os.path.realpath(p) for p in exclude}
    for given in paths:
        root = Path(given)
        if not root.exists():
            reason = "broken link or symlink loop" if root.is_symlink() else "no such file or folder"
            problems.append((str(given), reason))
            continue
        if not root.is_dir():
            if os.path.realpath(root) in excluded or _is_recorded_output(root):
                continue
            problem = file_problem(root)
            if problem:
                problems.append((str(given), problem))
            else:
                _add(files, seen, root, root.name)
            continue
        found = []

        def unlistable(error: OSError, root=root) -> None:
            name = Path(error.filename or root).relative_to(root).as_posix() if error.filename else str(root)
            problems.append((name if name != "." else str(root), CANNOT_LIST.format(reason=_reason(error))))

        for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=unlistable):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            recorded = recorded_outputs(Path(folder))
            for filename in filenames:
                if filename.startswith(".") or _is_project_file(filename) or filename in recorded:
                    continue
                path = Path(folder) / filename
                if path.suffix.lower() not in suffixes or os.path.realpath(path) in excluded:
                    continue
                name = path.relative_to(root).as_posix()
                if path.is_symlink() and not path.exists():
                    problems.append((name, "broken link or symlink loop"))
                    continue
                problem = file_problem(path)
                if problem:
                    problems.append((name, problem))
                    continue
                found.append((name, path))
        for name, path in sorted(found):
            _add(files, seen, path, name)
    return files, problems


def file_problem(path: Path) -> str:
    """Why `path` (followed if a link) must not be read, or "": not a regular file, or too large."""
    try:
        info = os.stat(path)
    except OSError as error:
        return _reason(error)
    if not stat.S_ISREG(info.st_mode):
        return NOT_REGULAR
    if info.st_size > MAX_INPUT_BYTES:
        return too_large(info.st_size)
    return ""


def too_large(size: int) -> str:
    return (f"too large: {size / (1 << 20):,.0f} MB (at most {MAX_INPUT_BYTES >> 20:,} MB are read); "
            "split the file")


def open_regular(path, limit: int = MAX_INPUT_BYTES):
    """`path` opened for reading in binary, only if it is a regular file of at most `limit` bytes
    (checked on the open file, so a file swapped for a FIFO after discovery is refused too)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise OSError(NOT_REGULAR)
        if info.st_size > limit:
            raise OSError(too_large(info.st_size))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of `path` (see `open_regular`), never more than `limit`."""
    with open_regular(path, limit) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OSError(too_large(len(data)))
    return data


def recorded_outputs(folder: Path) -> frozenset[str]:
    """The names of the files the tool wrote in `folder`, from its outputs marker (none if absent
    or unreadable: the marker is only ever read as a short list of names)."""
    marker = folder / OUTPUTS_MARKER
    try:
        data = json.loads(read_regular(marker, MAX_MARKER_BYTES).decode("utf-8"))
        names = data.get("files", [])
        return frozenset(n for n in names if isinstance(n, str))
    except (OSError, ValueError, AttributeError):
        return frozenset()


def record_outputs(folder, names) -> None:
    """Add `names` (files just written in `folder`) to its outputs marker, so no later run reads
    them as articles. A marker that cannot be written only loses that protection."""
    from evidence.errors import EvidenceError
    from evidence.tableio import write_text

    folder = Path(folder)
    known = recorded_outputs(folder) | {str(n) for n in names}
    try:
        write_text(folder / OUTPUTS_MARKER, json.dumps({
            "written_by": "evidence", "note": "outputs of evidence: never read as articles",
            "files": sorted(known)}, indent=1))
    except (OSError, EvidenceError):
        pass


def _is_recorded_output(path: Path) -> bool:
    return path.name in recorded_outputs(path.parent)


def _reason(error: OSError) -> str:
    import errno

    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return error.strerror or str(error)


NOT_ARTICLES = ("readme", "license", "licence", "changelog", "contributing")


def _is_project_file(filename: str) -> bool:
    """A folder's README or LICENSE describes the folder; it is not an article."""
    return filename.lower().split(".")[0] in NOT_ARTICLES


def _add(files, seen, path: Path, name: str) -> None:
    key = os.path.realpath(path)
    if key in seen:
        return
    seen.add(key)
    files.append(InputFile(path=path, name=name))
