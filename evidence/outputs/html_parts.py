"""HTML pieces for the report: escaping, tables, and a figure's quote with its number highlighted.

Everything that comes from an article (quotes, document names, study labels, citations, link
reasons) is untrusted: it reaches the page only through `esc` (html.escape, quotes included), as
text or as a quoted attribute value, never as markup.
"""
from __future__ import annotations

import functools
import html
import re

from evidence.schema import Figure


def esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def attrs(**values) -> str:
    """ ` name="value"` pairs, escaped; underscores in names become hyphens; None is left out."""
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{esc(v)}"' for name, v in values.items() if v is not None)


def table(headers, rows, *, id_=None, class_=None, caption=None) -> str:
    """`rows`: lists of cells, each already HTML (use `esc`) or a (html, attributes dict) pair."""
    out = [f"<table{attrs(id=id_, class_=class_)}>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in headers) + "</tr></thead>")
    out.append("<tbody>")
    for row in rows:
        row_attrs = {}
        if isinstance(row, tuple):
            row, row_attrs = row
        cells = []
        for cell in row:
            content, cell_attrs = cell if isinstance(cell, tuple) else (cell, {})
            cells.append(f"<td{attrs(**cell_attrs)}>{content}</td>")
        out.append(f"<tr{attrs(**row_attrs)}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# -- a number in its sentence ---------------------------------------------------------------------------

def quote_span(figure: Figure, text: str | None = None) -> tuple[int, int] | None:
    """Where the figure's number sits in its quote: exactly, from the document's text when known,
    else by looking for the ways the value can be printed ("9 of 44", "9/44", "20%", "20 percent")."""
    quote = figure.quote
    if not quote:
        return None
    if text and 0 <= figure.start <= figure.end <= len(text):
        low = max(0, figure.start - len(quote))
        index = text.find(quote, low, figure.end + len(quote))
        while index != -1 and index <= figure.start:
            if figure.end <= index + len(quote):
                return figure.start - index, figure.end - index
            index = text.find(quote, index + 1, figure.end + len(quote))
    for pattern in _printed_forms(figure):
        match = _compiled(pattern).search(quote)
        if match:
            return match.start(), match.end()
    return None


@functools.lru_cache(maxsize=65536)
def _compiled(pattern: str) -> re.Pattern:
    """A printed form's pattern, compiled once (a report of a big table asks for thousands, more
    than `re`'s own cache keeps)."""
    return re.compile(pattern, re.IGNORECASE)


def _number(value: float) -> str:
    return re.escape(f"{value:g}")


def _spelled(n: int) -> str:
    """A regex for a whole number as digits or words ("7" or "seven", "34" or "thirty-four")."""
    from evidence.text.words import TENS, UNITS

    words = [w for w, v in UNITS.items() if v == n]
    if 20 <= n < 100:
        tens = [w for w, v in TENS.items() if v == n // 10 * 10]
        units = [w for w, v in UNITS.items() if v == n % 10] if n % 10 else []
        words += [t + (rf"[\s-]{units[0]}" if units else "") for t in tens]
    return "(?:" + "|".join([str(n)] + words) + ")"


def _printed_forms(figure: Figure) -> list[str]:
    edge = r"(?<![\d.])"
    forms = []
    if figure.events is not None and figure.total is not None:
        e, t = figure.events, figure.total
        forms += [rf"{edge}{e}\s*/\s*{t}(?!\d)",
                  rf"(?<![\w.]){_spelled(e)}\s+(?:out\s+)?of\s+(?:the\s+|these\s+|all\s+)?{_spelled(t)}(?![\w])"]
    if figure.unit == "proportion":
        pct = 100 * figure.value
        for digits in (0, 1, 2):
            if abs(round(pct, digits) - pct) < 0.051 * 10 ** -digits * 10:
                number = re.escape(f"{pct:.{digits}f}")
                forms.append(rf"{edge}{number}\s?(?:%|percent|per cent)")
    else:
        forms.append(rf"{edge}{_number(figure.value)}(?!\d)")
    if figure.total is not None and figure.events is not None:
        forms.append(rf"(?<![\w.]){_spelled(figure.events)}(?![\w])")
    return forms


def quote_html(figure: Figure, text: str | None = None) -> str:
    """The quote, escaped, with its number in <mark>."""
    span = quote_span(figure, text)
    quote = figure.quote
    if span is None:
        return esc(" ".join(quote.split()))
    a, b = span
    return (esc(_squash(quote[:a], left=True)) + "<mark>" + esc(quote[a:b]) + "</mark>"
            + esc(_squash(quote[b:], left=False)))


def _squash(text: str, left: bool) -> str:
    """Whitespace runs as one space, keeping a space that touches the number."""
    squashed = " ".join(text.split())
    if left and text[-1:].isspace() and squashed:
        squashed += " "
    if not left and text[:1].isspace() and squashed:
        squashed = " " + squashed
    return squashed
