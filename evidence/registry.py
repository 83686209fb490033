"""Extractors plug in here: `evidence` finds them by name, never by importing a concrete one.

An extractor is a class with a `name`, a `version` and a method
`extract(document: Document, analysis: Analysis) -> Iterable[Figure]`. The `extractors` package
registers its own with `@register`; other packages can add theirs through the
`evidence.extractors` entry-point group.
"""
from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Iterable, Protocol

from evidence.errors import EvidenceError

DEFAULT_PACKAGE = "extractors"
ENTRY_POINT_GROUP = "evidence.extractors"


class Extractor(Protocol):
    name: str
    version: str

    def extract(self, document, analysis) -> Iterable: ...


_REGISTRY: dict[str, type] = {}


def register(cls):
    """Class decorator: make an extractor available under `cls.name`."""
    if not getattr(cls, "name", None) or not getattr(cls, "version", None):
        raise TypeError(f"{cls.__name__} needs a `name` and a `version`")
    _REGISTRY[cls.name] = cls
    return cls


def load_extractors(names: Iterable[str] | None = None) -> list:
    """Instances of the registered extractors (all of them, or those named), in name order."""
    importlib.import_module(DEFAULT_PACKAGE)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        register(entry.load())
    chosen = sorted(_REGISTRY) if names is None else list(names)
    unknown = [n for n in chosen if n not in _REGISTRY]
    if unknown:
        raise EvidenceError(
            f"unknown extractor {', '.join(unknown)}: choose from {', '.join(sorted(_REGISTRY))}"
        )
    return [_REGISTRY[n]() for n in chosen]


def extractor_versions() -> dict[str, str]:
    """name -> version of every registered extractor (part of the cache key)."""
    load_extractors()
    return {name: cls.version for name, cls in sorted(_REGISTRY.items())}
