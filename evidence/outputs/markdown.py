"""Small Markdown helpers: text from articles made inert, pipe tables."""
from __future__ import annotations

import html
import re

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Article text as Markdown that shows it literally: one line, markup characters escaped and
    `<`, `>`, `&` as entities (so a renderer never meets a tag from an article)."""
    flat = " ".join(str(text).split())
    return _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def table(headers, rows, align=None) -> str:
    """A pipe table; `align` holds "l" or "r" per column. Cells are written as given (escape first)."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
