"""Figures in tables: a cell's number; its outcome and population from its row and column labels.

A table is read cell by cell. The outcome is named by the row label (rows of outcomes: "Complete
remission, n/N (%)", "Antigen-negative") or else by the column header (columns of outcomes:
"Any response", "Median length of response"); subgroup words in a row label ("Relapse
prevention (in remission)", "MRD or overt relapse") say who, not what. The other labels of the
cell (the row's label cells, the column header, the caption) give disease, infusion ("CART-A",
"CD20 CAR-T"), subgroup ("All enrolled patients", "No CAR T cells") and the total ("(n = 54)").
Headers give the cell's format: "n (%)" reads "15 (27.8)" as 15 events at 27.8%; "%" reads
"14.3" as a percent, with its events from the row's "n" column; "months" reads "4.04" as a
median; "(95% CI)" reads "9.4 (6.1-13.2)" as an estimate with its interval.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.schema import DAYS_PER_MONTH, Figure, infusion_code
from evidence.text.quantity import COUNT_OF, DURATION, N_EQUALS, NUMBER, PERCENT, RANGE
from extractors import arm_tables, checks, descriptors, mentions, restatements, table_headers
from extractors.binding import total_for_count
from extractors.context import disease_code, target_infusions
from extractors.vocabulary.other import OTHER_PREFIX
from extractors.mentions import SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES
from extractors.vocabulary.subgroups import SUBGROUP_INFUSION

_UNITS = (("days", 1 / DAYS_PER_MONTH), ("weeks", 7 / DAYS_PER_MONTH), ("years", 12.0), ("months", 1.0))
_UNIT_WORDS = re.compile(r"\b(?:months?|mo|days?|weeks?|years?|NR|NA|NE|n|N|vs|of|patients?)\b")
_NUMBER = re.compile(r"\d")


def is_value_cell(text: str) -> bool:
    """"18 (60.0)", "4 months", "-", "NR": a cell of figures, not a label ("12-month OS, %")."""
    rest = _UNIT_WORDS.sub("", text)
    return not re.search(r"[A-Za-z]", rest) and (bool(_NUMBER.search(text)) or text.strip() in ("-", "–", "—", "NR", "NA"))
_PERCENT_HEADER = re.compile(r"^\s*%\s*$|^\s*\(%\)\s*$|\bpercent(?:age)?\b", re.IGNORECASE)
_PERCENT_LABEL = re.compile(r",\s*%|\(%\)|\bpercent(?:age)?\b|\brate,?\s*%", re.IGNORECASE)
_N_HEADER = re.compile(r"^\s*(?:n|no\.?|number|patients|count)\s*$", re.IGNORECASE)
_N_PERCENT = re.compile(r"\bn\s*\(\s*%\s*\)", re.IGNORECASE)
_P_HEADER = re.compile(r"^\s*p(?:[- ]?value)?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class CellLabels:
    row: str  # the row's label cells, joined
    column: str  # the column's header cells, joined
    caption: str


def table_figures(document, analysis, context, table) -> list[Figure]:
    """The table's figures read by their labels, and by arm (`arm_tables`: trial reports' per-arm tables)."""
    arm_figures = arm_tables.table_to_arm_figures(document, context, table, arm_tables.document_arm_sizes(document))
    return arm_tables.merge(_labelled_figures(document, analysis, context, table), table_headers.flag_counts_under_subsets(table_headers.flag_twin_arms(arm_figures)))


def _labelled_figures(document, analysis, context, table) -> list[Figure]:
    grid = table.rows()
    if table.n_rows < 2 or table.n_cols < 2:
        return []
    header_rows = sorted({c.row for c in table.cells if c.header}) or [0]
    deviations = table_headers.deviation_columns(grid, header_rows)  # "Mean | SD": not stable disease
    figures = []
    for cell in table.cells:
        if cell.row in header_rows or cell.col == 0 or not cell.text.strip() or not is_value_cell(cell.text):
            continue
        if cell.col in deviations:
            continue
        labels = CellLabels(
            row=" ; ".join(t for t in grid[cell.row][:cell.col] if t.strip() and not is_value_cell(t)),
            column=" ".join(grid[r][cell.col] for r in header_rows),
            caption=f"{table.label} {table.caption}",
        )
        if _P_HEADER.match(labels.column) or _N_HEADER.match(labels.column):
            continue
        figure = _cell_figure(document, analysis, context, table, grid, header_rows, cell, labels)
        if figure is not None:
            figures.append(checks.check(figure))
    return figures


_PHENOTYPE_TABLE = re.compile(r"\b(?:relapse|recurrence|immunophenotype|phenotype)", re.IGNORECASE)


def _outcome(labels: CellLabels):
    """The outcome named by the row label (subgroup words aside), else the column header. In a table
    about relapse phenotype, an antigen status row ("CD19-positive") is that phenotype."""
    row = labels.row
    if _PHENOTYPE_TABLE.search(labels.caption) and not _PHENOTYPE_TABLE.search(row):
        row = f"{row} relapse"
    row_found = [m for m in _named_outcomes(row)
                 if m.end <= len(labels.row) and not descriptors.overlapping(m, [(s.start, s.end) for s in mentions.find(mentions.SUBGROUP, labels.row)])]
    col_found = _named_outcomes(labels.column)
    if row.strip() and table_headers.sized_group(labels.column):
        col_found = []  # "Relapsed (n = 20)": the column is who was counted; the row says what
    for found in ([m for m in row_found if not m.lay], col_found, row_found):
        if found:
            return found[0], found is col_found
    return None, False


def _named_outcomes(text: str) -> list:
    """Outcomes of the CAR-T list named in `text`; other outcomes ("OTHER:death") are read per arm
    by `arm_tables`, with their own names."""
    return [m for m in mentions.find(mentions.OUTCOME, text) if not str(m.label).startswith(OTHER_PREFIX)]


def _cell_figure(document, analysis, context, table, grid, header_rows, cell, labels: CellLabels):
    outcome, from_column = _outcome(labels)
    if outcome is None:
        return None
    label = outcome.label
    population = f"{labels.row} | {labels.column}"
    label_text = f"{labels.row} {labels.column}"
    quantities = analysis.quantities_in(cell.start, cell.end)
    span = (quantities[0].start, quantities[-1].end) if quantities else (cell.start, cell.end)  # the figure's own offsets
    reading = _read_cell(quantities, label_text, labels.column, grid, header_rows, cell, analysis)
    if reading is None:
        return None
    measure, value, events, total, percent, ci = reading
    timepoint = _timepoint(label_text)
    if label in SURVIVAL_OUTCOMES:
        if measure == "proportion":
            if timepoint is None:
                return None
            measure = "rate_at"
    elif measure == "median":
        return None
    if measure == "proportion" and total is None:
        candidates = _totals(f"{population} {labels.row} {labels.column}", table)
        if events is not None:
            total = total_for_count(events, percent, candidates)
            if total:
                value = events / total
        elif candidates and re.search(r"\(\s*n\s*=", population):
            total = candidates[0]
    flags = []
    if events is not None and total and percent is not None and checks.percent_mismatch(events, total, percent):
        flags.append("percent_mismatch")
    grade = ""
    if label in TOXICITY_OUTCOMES:
        found = mentions.find(mentions.GRADE, label_text)
        grade = found[0].label if found else ""
        if grade == "<3":
            return None
    disease = [m for part in (labels.row, labels.column, labels.caption) for m in mentions.find(mentions.DISEASE, part)]
    subgroup = mentions.find(mentions.SUBGROUP, population)
    subgroup_label = subgroup[0].label if subgroup else ""
    if subgroup_label == "without":
        subgroup_label = "comparator"
    infusion = _infusion(document.text, table, cell, header_rows, labels, context, from_column, subgroup_label)
    figure = Figure(
        document=document.path, outcome=label, measure=measure, value=float(value),
        unit="months" if measure == "median" else "proportion", events=events if measure == "proportion" else None,
        total=total if measure == "proportion" else None, ci_low=ci[0] if ci else None, ci_high=ci[1] if ci else None,
        timepoint_months=timepoint if measure == "rate_at" else None, grade=grade,
        disease=disease_code(disease[0], context) if disease else context.disease, infusion=infusion_code(infusion),
        prior_target=context.prior_target, target=context.target, target_relation=context.relation,
        subgroup=subgroup_label,
        quote=f"{table.label}: {labels.row} | {labels.column} | {cell.text}".strip(), start=span[0], end=span[1],
        page=document.page_at(cell.start), section=table.label, flags=";".join(flags), extractor="outcomes",
    )
    return restatements.no_infusion(figure)


def _read_cell(quantities, label_text: str, column: str, grid, header_rows, cell, analysis):
    """(measure, value, events, total, percent, ci) of a cell, or None."""
    quantities = list(quantities)
    if not quantities:
        return None
    first = quantities[0]
    rest = quantities[1:]
    ci = _interval(rest, label_text)
    factor = _unit_factor(label_text)
    if first.kind == DURATION:
        return "median", first.value, None, None, None, _scaled(ci, 1.0 if _unit_factor(label_text) is None else factor)
    if first.kind == COUNT_OF and first.total:
        percent = first.percent if first.percent is not None else (rest[0].value if rest and rest[0].kind == NUMBER else None)
        return "proportion", first.events / first.total, first.events, first.total, percent, ci
    if first.kind == PERCENT:
        return "proportion", first.value, first.events, first.total, first.percent, _proportion_ci(ci)
    if first.kind != NUMBER or first.value is None:
        return None
    if factor is not None:
        return "median", first.value * factor, None, None, None, _scaled(ci, factor)
    if _N_PERCENT.search(label_text) and rest and rest[0].kind == NUMBER:
        if not float(first.value).is_integer():
            return None
        return "proportion", rest[0].value / 100, int(first.value), None, rest[0].value, None
    if _PERCENT_HEADER.search(column) or _PERCENT_LABEL.search(label_text):
        events = _row_count(grid, header_rows, cell, analysis)
        return "proportion", first.value / 100, events, None, first.value, _proportion_ci(ci)
    return None


def _row_count(grid, header_rows, cell, analysis):
    """The events of a "%" cell: the number in the same row's "n" column."""
    for col, text in enumerate(grid[cell.row]):
        header = " ".join(grid[r][col] for r in header_rows)
        if col != cell.col and _N_HEADER.match(header) and re.fullmatch(r"\s*\d+\s*", text):
            return int(text)
    return None


def _interval(rest, label_text: str):
    if not re.search(r"\bCI\b|confidence|\brange\b", label_text, re.IGNORECASE) or not re.search(r"\bCI\b|confidence", label_text, re.IGNORECASE):
        return None
    for q in rest:
        if q.kind == RANGE and q.low is not None and q.high is not None:
            return q.low, q.high, q.unit
    return None


def _proportion_ci(ci):
    if not ci:
        return None
    low, high, unit = ci
    if unit != "proportion" and high > 1:
        low, high = low / 100, high / 100
    return low, high


def _scaled(ci, factor):
    if not ci:
        return None
    return ci[0] * factor, ci[1] * factor


def _unit_factor(label_text: str):
    for word, factor in _UNITS:
        if re.search(rf"\b{word}\b", label_text, re.IGNORECASE):
            return factor
    return None


def _timepoint(label_text: str):
    from evidence.text.pipeline import analyse

    for q in analyse(label_text).quantities:
        if q.kind == DURATION and (q.timepoint or re.search(r"\bat\s*$", label_text[:q.start])):
            return q.value if q.value is not None else q.high
    return None


def _totals(text: str, table) -> list[int]:
    found = [int(n) for n in re.findall(r"\(\s*n\s*=\s*(\d+)", text, re.IGNORECASE)]
    found += [int(n) for n in re.findall(r"\(\s*n\s*=\s*(\d+)", table.caption, re.IGNORECASE)]
    return list(dict.fromkeys(found))


def _infusion(text, table, cell, header_rows, labels: CellLabels, context, from_column, subgroup):
    if subgroup in SUBGROUP_INFUSION:
        return SUBGROUP_INFUSION[subgroup]
    population = f"{labels.row} | {labels.column}"
    groups = [(m.start, m.end) for m in mentions.find(mentions.SUBGROUP, population)]
    found = [m for m in mentions.find(mentions.INFUSION, population) if not descriptors.overlapping(m, groups)]
    if found:
        return found[0].label
    for r in header_rows:
        header = table.cell(r, cell.col)
        if header is not None:
            product = target_infusions(text, header.start, header.end, context)
            if product:
                return product[0].label
    found = mentions.find(mentions.INFUSION, labels.caption)
    return found[0].label if len(found) == 1 and not re.search(r"\band\b", labels.caption) else context.default_infusion
