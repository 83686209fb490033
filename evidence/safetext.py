"""Text from articles and file names made safe to show: in a spreadsheet, a page, a terminal.

- Bidirectional controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069 isolates) would
  make "six <U+202E>evil" display as "six live"; every output replaces them with U+FFFD.
- A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return as a
  formula; such text cells get a leading `'` (OWASP's advice), which `restore_cell` takes off
  again when the tool reads its own table back. Numbers are never touched.
- A file name may hold newlines or control characters that would print fake lines in a log;
  `for_terminal` shows them as escapes (`\\n`, `\\x1b`, `\\u202e`).
"""
from __future__ import annotations

import re

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
REPLACEMENT = "\ufffd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_BIDI = str.maketrans({c: REPLACEMENT for c in BIDI_CONTROLS})
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\u2028\u2029]")


def safe_text(text: str) -> str:
    """`text` with bidirectional controls replaced (one character for one: offsets keep)."""
    return text.translate(_BIDI)


def _quoted(text: str) -> bool:
    """True when `text` starts with quotes followed by a formula start (so one quote was added)."""
    rest = text.lstrip("'")
    return rest != text and rest[:1] in FORMULA_STARTS


def safe_cell(value):
    """A spreadsheet cell: text made inert (see the module), anything else as it is."""
    if not isinstance(value, str):
        return value
    text = safe_text(value)
    if text[:1] in FORMULA_STARTS or _quoted(text):
        return "'" + text
    return text


def restore_cell(value):
    """The text `safe_cell` was given (bidirectional controls aside)."""
    if isinstance(value, str) and _quoted(value):
        return value[1:]
    return value


def for_terminal(text) -> str:
    """`text` on one line, with control, line-separator and bidirectional characters escaped."""
    def escape(match) -> str:
        char = match.group()
        if char == "\n":
            return "\\n"
        if char == "\r":
            return "\\r"
        if char == "\t":
            return "\\t"
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(escape, str(text))
