"""A `Comparison` written for people: Markdown with footnotes, CSV with source columns, XLSX with
comments. `write_comparison(comparison, path)` picks the format by the path's suffix.

Every outcome figure carries its source: Markdown gives each a footnote (document, page,
character offsets and the sentence; the other reports of the figure after it), CSV a
"<column> source" column beside each outcome column, and XLSX a comment on the cell plus a
`sources` sheet with one row per report.
"""
from __future__ import annotations

from pathlib import Path

from evidence.errors import OutputError
from evidence.outputs.cells import Item, figure_text
from evidence.outputs.compare import STATED_FIELDS, STUDY_FIELDS, Comparison
from evidence.outputs.markdown import escape, table
from evidence.tableio import frame_for_output, staged_files, write_text

FORMATS = (".csv", ".xlsx", ".md")
TITLE = "Studies side by side: a second CAR-T infusion after the first one failed"


def write_comparison(comparison: Comparison, path, staged=None) -> Path:
    """Write the comparison by `path`'s suffix (into `staged`, when given); spreadsheet cells are
    made inert (`evidence.safetext.safe_cell`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise OutputError(f"{path}: cannot write a comparison as {suffix or '(no suffix)'}; "
                          f"use one of {', '.join(FORMATS)}")
    if staged is None:
        with staged_files() as staged:
            return write_comparison(comparison, path, staged)
    try:
        if suffix == ".md":
            write_text(path, comparison_to_markdown(comparison), staged)
        elif suffix == ".csv":
            # UTF-8 with a byte-order mark: Excel then reads †, ‡, ≥ and – as they are
            frame_for_output(comparison_to_frame(comparison), spreadsheet=True).to_csv(
                staged.path(path), index=False, encoding="utf-8-sig")
        else:
            comparison_to_xlsx(comparison, staged.path(path))
    except OSError as error:
        raise OutputError(f"{path}: cannot write the comparison ({error.strerror or error})") from error
    return path


def item_source_text(item: Item) -> str:
    """The preferred report's source, then each other report's value and source."""
    parts = [item.source.describe()]
    for other in item.others:
        parts.append(f"also {figure_text(other.figure)} in {other.source.describe()}")
    if item.conflict and item.why:
        parts.append(f"preferred: {item.why}")
    return " | ".join(parts)


def stated_source(document: str, stated) -> str:
    """Where a study characteristic was stated: "doc, characters 10-90: “sentence”"."""
    return f"{document}, characters {stated.start}-{stated.end}: “{stated.quote}”"


# -- Markdown -----------------------------------------------------------------------------------------

def comparison_to_markdown(comparison: Comparison, heading: str = TITLE) -> str:
    notes: list[str] = []
    headers = [label for _, label in STUDY_FIELDS] + [c.heading for c in comparison.columns]
    align = ["r" if name == "n" else "l" for name, _ in STUDY_FIELDS] + ["l"] * len(comparison.columns)
    rows = []
    for row in comparison.rows:
        cells = []
        for name, label in STUDY_FIELDS:
            cells.append(escape(row.field(name)))
            stated = row.study.stated(name) if name in STATED_FIELDS else None
            if stated is not None:
                notes.append(f"{escape(row.study.study)}, {escape(label)}: {escape(stated_source(*stated))}")
                cells[-1] += f"[^{len(notes)}]"
        for cell in row.cells:
            texts = []
            for item in cell.items:
                notes.append(_footnote_text(row.study.study, item))
                texts.append(f"{escape(item.text)}[^{len(notes)}]")
            cells.append("; ".join(texts) if texts else "–")
        rows.append(cells)
    lines = [f"# {heading}", "", table(headers, rows, align), ""]
    lines += [f"- {escape(note)}" for note in comparison.legend]
    if comparison.left_out:
        names = ", ".join(escape(s.study) for s in comparison.left_out)
        lines.append(f"- Left out, not retreatment after a failed CAR-T: {names}.")
    lines.append("")
    lines += [f"[^{i}]: {note}" for i, note in enumerate(notes, start=1)]
    return "\n".join(lines) + "\n"


def _footnote_text(study: str, item: Item) -> str:
    lines = [f"{escape(study)}, {escape(item.text)}: {escape(item.source.describe())}"]
    for other in item.others:
        lines.append(f"also {escape(figure_text(other.figure))} in {escape(other.source.describe())}")
    if item.conflict and item.why:
        lines.append(f"preferred: {escape(item.why)}")
    return "; ".join(lines)


# -- CSV ----------------------------------------------------------------------------------------------

def comparison_to_frame(comparison: Comparison, with_sources: bool = True):
    """One row per study; each outcome column followed by its source column."""
    import pandas as pd

    records = []
    for row in comparison.rows:
        # n as a number where known, so a spreadsheet can sort and add it
        record = {label: row.study.n_after_failure if name == "n" and row.study.n_after_failure is not None
                  else row.field(name) for name, label in STUDY_FIELDS}
        if with_sources:
            record["Study facts source"] = " || ".join(
                f"{label}: {stated_source(*row.study.stated(name))}" for name, label in STUDY_FIELDS
                if name in STATED_FIELDS and row.study.stated(name) is not None)
        record["Citation"] = row.study.citation
        record["Documents"] = "; ".join(row.study.documents)
        for column, cell in zip(comparison.columns, row.cells):
            record[column.heading] = cell.text
            if with_sources:
                record[f"{column.heading} source"] = " || ".join(item_source_text(i) for i in cell.items)
        records.append(record)
    columns = [label for _, label in STUDY_FIELDS] + (["Study facts source"] if with_sources else []) + ["Citation", "Documents"]
    for column in comparison.columns:
        columns += [column.heading] + ([f"{column.heading} source"] if with_sources else [])
    return pd.DataFrame(records, columns=columns)


# -- XLSX ---------------------------------------------------------------------------------------------

def comparison_to_xlsx(comparison: Comparison, path) -> None:
    """A formatted workbook: bold frozen header, wrapped cells, a comment with the sources on each
    outcome cell, and a `sources` sheet listing every report."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "comparison"
    frame = comparison_to_frame(comparison, with_sources=False)
    sheet.append(list(frame.columns))
    for values in frame.itertuples(index=False):
        sheet.append([_xlsx_safe(v) for v in values])
    first_outcome = len(STUDY_FIELDS) + 2 + 1  # 1-based column of the first outcome
    for r, row in enumerate(comparison.rows, start=2):
        for c, cell in enumerate(row.cells, start=first_outcome):
            if cell.items:
                text = "\n\n".join(item_source_text(i) for i in cell.items)
                sheet.cell(row=r, column=c).comment = Comment(_xlsx_safe(text)[:30000], "evidence", width=420, height=220)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = {"Study": 24, "Design": 18, "n": 6, "Population": 14, "Citation": 40, "Documents": 36}
    for index, name in enumerate(frame.columns, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(name, 18)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions

    sources = book.create_sheet("sources")
    sources.append(["Study", "Column", "Figure", "Report", "Value", "Document", "Page", "Start", "End",
                    "Quote", "Derived from"])
    for row in comparison.rows:
        for name, label in STUDY_FIELDS:
            stated = row.study.stated(name) if name in STATED_FIELDS else None
            if stated is not None:
                document, fact = stated
                sources.append([_xlsx_safe(x) for x in (row.study.study, label, label, "stated", fact.value, document,
                                                        None, fact.start, fact.end, fact.quote, "")])
        for column, cell in zip(comparison.columns, row.cells):
            for item in cell.items:
                for role, report in [("preferred", item.preferred)] + [("other", o) for o in item.others]:
                    s = report.source
                    sources.append([_xlsx_safe(x) for x in (
                        row.study.study, column.heading, item.label or column.heading, role,
                        figure_text(report.figure), s.document, s.page, s.start, s.end,
                        " ".join(s.quote.split()), s.derived_from)])
    for cell in sources[1]:
        cell.font = Font(bold=True)
    sources.freeze_panes = "A2"
    sources.column_dimensions["J"].width = 80
    numbers_sheet(book.create_sheet("numbers"), comparison)
    legend = book.create_sheet("legend")
    for line in comparison.legend:
        legend.append([line])
    book.save(path)


NUMBER_HEADERS = ("Study", "Column", "Figure", "Events", "Total", "Percent", "CI low %", "CI high %", "Median",
                  "Unit", "At months", "Derived", "Reports disagree", "Evidence row")


def numbers_sheet(sheet, comparison: Comparison) -> None:
    """Every figure shown, one row each, its numbers stored as numbers (events, total and percent
    in their own columns) so they can be sorted and computed with; text cells stay in `comparison`."""
    from openpyxl.styles import Font

    sheet.append(list(NUMBER_HEADERS))
    for row in comparison.rows:
        for column, cell in zip(comparison.columns, row.cells):
            for item in cell.items:
                sheet.append([_xlsx_safe(x) for x in number_record(row.study.study, column.heading, item)])
    for c in sheet[1]:
        c.font = Font(bold=True)
    for letter in ("F", "G", "H"):
        for c in sheet[letter][1:]:
            c.number_format = "0.0"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions


def number_record(study: str, heading: str, item: Item) -> list:
    """One line of the numbers sheet: numbers as int or float, None where the figure has none."""
    f = item.figure
    counted = item.counted.figure if item.counted is not None else f
    events, total = counted.events, counted.total
    proportion = f.measure in ("proportion", "rate_at")

    def pct(value):
        return None if value is None or not proportion else round(100 * value, 4)

    percent = round(100 * events / total, 4) if events is not None and total else pct(f.value)
    return [study, heading, item.text, events, total, percent, pct(f.ci_low), pct(f.ci_high),
            f.value if f.measure == "median" else None, f.unit, f.timepoint_months, bool(f.derived),
            bool(item.conflict), None if item.source.row is None else item.source.row + 1]


def _xlsx_safe(value):
    """Text a spreadsheet shows as text: no formula from an article (`safe_cell`), no control
    characters, no bidirectional controls."""
    from evidence.safetext import safe_cell

    if not isinstance(value, str):
        return value
    return safe_cell("".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32))
