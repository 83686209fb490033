"""Settings classes share one way to be given: None (the defaults), a dict of changes, or an instance."""
from __future__ import annotations

from dataclasses import fields, replace

from evidence.errors import EvidenceError


def resolve_settings(cls, settings, label: str, error: type[EvidenceError] = EvidenceError):
    """`cls()` for None, `cls` with a dict's values changed, an instance as it is; else `error`.

    `label` names the settings in messages ("pooling", "PDF", "link").
    """
    if settings is None:
        return cls()
    if isinstance(settings, cls):
        return settings
    if isinstance(settings, dict):
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - known)
        if unknown:
            raise error(f"unknown {label} setting(s) {', '.join(unknown)}; use {', '.join(sorted(known))}")
        return replace(cls(), **settings)
    raise error(f"{label} settings must be a {cls.__name__}, a dict or None, not {type(settings).__name__}")
