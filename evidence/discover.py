"""Finding the input files under the PATHs a user gives, in a stable order."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class InputFile:
    """A file to read, and the name its documents carry (relative to the PATH given)."""

    path: Path
    name: str


def discover(paths, suffixes: tuple[str, ...]) -> tuple[list[InputFile], list[tuple[str, str]]]:
    """The supported files under `paths` (sorted by name) and the problems met on the way.

    Folders are walked without following links to folders (so a symlink loop cannot trap the
    walk); links to files are read. Hidden files and folders are skipped. A PATH that does not
    exist is a problem, not an exception.
    """
    files: list[InputFile] = []
    problems: list[tuple[str, str]] = []
    seen: set[str] = set()
    for given in paths:
        root = Path(given)
        if root.is_file():
            _add(files, seen, root, root.name)
            continue
        if not root.exists():
            reason = "broken link or symlink loop" if root.is_symlink() else "no such file or folder"
            problems.append((str(given), reason))
            continue
        found = []
        for folder, dirnames, filenames in os.walk(root, followlinks=False, onerror=None):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for filename in filenames:
                if filename.startswith(".") or _is_project_file(filename):
                    continue
                path = Path(folder) / filename
                if path.suffix.lower() not in suffixes:
                    continue
                if path.is_symlink() and not path.exists():
                    problems.append((path.relative_to(root).as_posix(), "broken link or symlink loop"))
                    continue
                found.append((path.relative_to(root).as_posix(), path))
        for name, path in sorted(found):
            _add(files, seen, path, name)
    return files, problems


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
