"""The report's evidence table: one row per figure, its sentence with the number marked.

Each row has the id `row-N`, N being the evidence table's own row number (1 = its first data
row), so pooled results, the comparison and derived rows link to it. Rows pooled in an analysis
say which ("CR same", linking back to the pooled result); rows of studies left out of the
analyses (not retreatment after a failed CAR-T) say so. Columns can be hidden and shown
(`COLUMNS`: all shown by default); on a narrow screen each row is a card of labelled fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.outputs.cells import MISSING, joined_operators, percent
from evidence.outputs.html_parts import attrs, esc, quote_html, table
from evidence.outputs.trace import ROW_REFERENCE

INFUSION_WORDS = {"1": "first", "2": "second", "mixed": "mixed", "": "no CAR-T"}
LEFT_OUT = "left out"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    numeric: bool = False


COLUMNS = (
    Column("row", "Row", numeric=True), Column("study", "Study"), Column("outcome", "Outcome"),
    Column("value", "Value", numeric=True), Column("counts", "Events/total", numeric=True),
    Column("quote", "Source sentence (number highlighted)"), Column("grade", "Grade"),
    Column("disease", "Disease"), Column("infusion", "Infusion"), Column("arm", "Arm"),
    Column("relation", "Relation"), Column("subgroup", "Subgroup"), Column("flags", "Flags"),
    Column("analyses", "In analyses"),
)


def breakable(text: str) -> str:
    """Escaped text that may wrap after "/", "_" and ";" (long labels and codes in narrow columns).
    The text is cut before it is escaped: a break inside the entity "&gt;" showed ">=" as "> ="."""
    return "<wbr>".join(esc(part) for part in re.split(r"(?<=[/_;])", joined_operators(text or "")))


def row_link(row: int, text: str | None = None) -> str:
    return f'<a href="#row-{row}" class="rowlink">{esc(text or f"row {row}")}</a>'


def link_rows_in(text: str) -> str:
    """`derived_from` text, escaped, with each "(row N)" a link to that row."""
    out, last = [], 0
    for match in ROW_REFERENCE.finditer(text):
        out.append(esc(text[last:match.start()]))
        out.append("(" + row_link(int(match.group(1))) + ")")
        last = match.end()
    out.append(esc(text[last:]))
    return "".join(out)


def value_text(f) -> str:
    if f.measure == "proportion" and f.unit == "proportion":
        return percent(f.value)
    if f.measure == "median":
        return f"median {f.value:g}" + (" mo" if f.unit == "months" else "")
    if f.measure == "rate_at":
        at = f" at {f.timepoint_months:g} mo" if f.timepoint_months is not None else ""
        return f"{percent(f.value)}{at}"
    return f"{f.value:g}"


def outcome_text(f) -> str:
    return f"{f.outcome}: {f.outcome_text}" if f.outcome_text else f.outcome


def where_html(f) -> str:
    parts = [esc(f.document)]
    if f.page:
        parts.append(f"p. {f.page}")
    parts.append(f"characters {f.start}-{f.end}")
    where = " · ".join(parts)
    if f.derived and f.derived_from:
        where += "<br>derived: " + link_rows_in(f.derived_from)
    return f'<div class="where">{where}</div>'


def analyses_html(names, left_out: bool) -> tuple[str, str]:
    """The cell and the row's `data-use` value."""
    if left_out:
        return ('<span class="badge left-out">left out: not retreatment after a failed CAR-T</span>',
                "left out")
    if not names:
        return MISSING, "not pooled"
    links = []
    for name in names:
        key = name.split()[0]
        links.append(f'<a class="badge pooled" href="#pooled-{esc(key)}">pooled: {esc(name)}</a>')
    return " ".join(links), "pooled"


def evidence_rows(book, used: dict[int, tuple[str, ...]]) -> list:
    left_out = {s.study for s in book.studies if not s.retreatment}
    rows = []
    for number, f in enumerate(book.figures, start=1):
        counts = f"{f.events}/{f.total}" if f.events is not None and f.total is not None else MISSING
        ratio = f"{f.events / f.total:.9f}" if counts != MISSING and f.total else ""
        analyses, use = analyses_html(used.get(number, ()), f.study in left_out)
        values = {
            "row": (row_link(number, str(number)), {"data_sort": str(number)}),
            "study": breakable(f.study) or MISSING,
            "outcome": breakable(outcome_text(f)),
            "value": (esc(value_text(f)), {"data_sort": f"{f.value:.9g}"}),
            "counts": (esc(counts), {"data_sort": ratio}),
            "quote": (quote_html(f, book.texts.get(f.document)) + where_html(f), {"class": "quote"}),
            "grade": esc(f.grade) or MISSING,
            "disease": esc(f.disease) or MISSING,
            "infusion": esc(INFUSION_WORDS.get(f.infusion, f.infusion)),
            "arm": esc(f.arm) or MISSING,
            "relation": esc(f.target_relation) or MISSING,
            "subgroup": breakable(f.subgroup) or MISSING,
            "flags": breakable(f.flags.replace(";", "; ")) or MISSING,
            "analyses": analyses,
        }
        cells = []
        for column in COLUMNS:
            content, extra = values[column.key] if isinstance(values[column.key], tuple) else (values[column.key], {})
            extra = dict(extra)
            extra["class"] = " ".join(x for x in (extra.get("class", ""), "num" if column.numeric else "",
                                                  f"col-{column.key}") if x)
            extra["data_label"] = column.header
            if content == MISSING and column.numeric:
                extra["data_sort"] = ""
            cells.append((content, extra))
        klass = " ".join(x for x in ("pooled" if use == "pooled" else "", "left-out" if use == "left out" else "") if x)
        rows.append((cells, {"id": f"row-{number}", "class_": klass or None, "data_study": f.study,
                             "data_outcome": f.outcome, "data_relation": f.target_relation, "data_use": use,
                             "data_row": str(number)}))
    return rows


def evidence_section(book, used: dict[int, tuple[str, ...]]) -> str:
    filters = ['<div class="filters">',
               '<label>Search <input type="search" id="filter-text" placeholder="words or numbers in any column"></label>']
    for name, label, values in (("study", "Study", sorted({f.study for f in book.figures})),
                                ("outcome", "Outcome", sorted({f.outcome for f in book.figures})),
                                ("relation", "Relation", sorted({f.target_relation for f in book.figures} - {""})),
                                ("use", "In analyses", ["pooled", "not pooled", LEFT_OUT])):
        options = '<option value="">all</option>' + "".join(f"<option{attrs(value=v)}>{esc(v)}</option>" for v in values)
        filters.append(f'<label>{label} <select data-filter="{name}" id="filter-{name}">{options}</select></label>')
    filters.append('<span id="filter-count" class="note" aria-live="polite"></span></div>')
    chooser = ['<details class="columns"><summary>Columns shown</summary><div>']
    for index, column in enumerate(COLUMNS):
        chooser.append(f'<label><input type="checkbox" checked data-column="{index}" '
                       f'id="column-{column.key}"> {esc(column.header)}</label>')
    chooser.append("</div></details>")
    legend = ('<p class="note">Row: the row of evidence.csv (1 = its first data row). Events/total sorts '
              'by the proportion, Value by the number; cells without a number (–) sort last. '
              'Infusion: first or second CAR-T, mixed (both reported together), or no CAR-T '
              '(a comparator arm).</p>')
    return ("\n".join(filters) + "\n" + "".join(chooser) + "\n" + legend + "\n"
            + '<div class="scroll tall">' + table([breakable(c.header) for c in COLUMNS], evidence_rows(book, used),
                                                  id_="evidence-table", class_="sortable") + "</div>")
