"""Readers turn each input file into `Document`s (PubMed XML: one per article).

Each reader module registers a function `read(path: Path, name: str) -> list[Document]` with
`@reader(format, suffixes)`; `read_file` picks one by suffix and, for XML, by the root element.
Every reader raises `evidence.errors.ReadError` (a subclass) with a message a person can act on.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import Callable

from evidence.errors import EmptyFileError, ReadError, UnsupportedFormatError

# format -> the module whose `@reader` registers it, and the suffixes it is chosen for. A module is
# imported only when a file of its format is read, so reading text never imports pdfplumber or
# lxml (tests check this table against what the modules register).
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "text": ("evidence.readers.text", (".txt", ".text")),
    "markdown": ("evidence.readers.text", (".md", ".markdown")),
    "html": ("evidence.readers.html", (".html", ".htm", ".xhtml")),
    "pdf": ("evidence.readers.pdf", (".pdf",)),
    "jats": ("evidence.readers.jats", (".xml", ".nxml")),
    "pubmed": ("evidence.readers.pubmed", ()),
}
READER_MODULES = tuple(dict.fromkeys(module for module, _ in FORMATS.values()))
SUFFIXES = {suffix: format_name for format_name, (_, suffixes) in FORMATS.items() for suffix in suffixes}

_READERS: dict[str, Callable] = {}
_SUFFIXES: dict[str, str] = {}  # what the modules imported so far registered


def reader(format_name: str, suffixes: tuple[str, ...] = ()):
    """Register `read(path, name)` as the reader of `format_name`, chosen for `suffixes`."""

    def decorate(function):
        _READERS[format_name] = function
        for suffix in suffixes:
            _SUFFIXES[suffix] = format_name
        return function

    return decorate


def _load() -> None:
    """Import every reader module (each registers itself)."""
    for name in READER_MODULES:
        importlib.import_module(name)


def _reader(format_name: str) -> Callable:
    if format_name not in _READERS:
        importlib.import_module(FORMATS[format_name][0])
    return _READERS[format_name]


def supported_suffixes() -> tuple[str, ...]:
    return tuple(sorted(SUFFIXES))


def sniff_format(path: Path) -> str:
    """The format of `path`: by suffix, and for XML by its root element."""
    suffix = path.suffix.lower()
    if suffix in (".xml", ".nxml"):
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
        if "<PubmedArticleSet" in head or "<PubmedArticle" in head or "<MedlineCitationSet" in head:
            return "pubmed"
        return "jats"
    if suffix not in SUFFIXES:
        raise UnsupportedFormatError(path, f"unsupported file type {suffix or '(none)'}")
    return SUFFIXES[suffix]


def read_file(path: str | Path, name: str | None = None):
    """Read one file into a list of documents; `name` is how the documents are identified."""
    path = Path(path)
    name = name or path.name
    if path.is_file() and path.stat().st_size == 0:
        raise EmptyFileError(name, "empty file")
    format_name = sniff_format(path)
    try:
        return _reader(format_name)(path, name)
    except ReadError:
        raise
    except (OSError, ValueError, RecursionError, MemoryError) as error:
        raise ReadError(name, f"cannot be read as {format_name} ({type(error).__name__}: {error})") from error
