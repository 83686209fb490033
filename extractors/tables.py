"""Figures in tables: a cell's number, the outcome and population named by its row and column headers."""
from __future__ import annotations

from evidence.schema import Figure
from evidence.text.quantity import COUNT_OF, DURATION, PERCENT
from extractors import checks, mentions
from extractors.mentions import SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES


def table_figures(document, analysis, context, table) -> list[Figure]:
    grid = table.rows()
    if table.n_rows < 2 or table.n_cols < 2:
        return []
    header_rows = sorted({c.row for c in table.cells if c.header}) or [0]
    figures = []
    for cell in table.cells:
        if cell.row in header_rows or cell.col == 0 or not cell.text.strip():
            continue
        row_label = grid[cell.row][0]
        col_label = " ".join(grid[r][cell.col] for r in header_rows)
        for q in analysis.quantities_in(cell.start, cell.end):
            figure = _cell_figure(document, context, table, cell, q, row_label, col_label)
            if figure is not None:
                figures.append(checks.check(figure))
    return figures


def _labels(kind, *texts):
    for text in texts:
        found = mentions.find(kind, text)
        if found:
            return found[0]
    return None


def _cell_figure(document, context, table, cell, q, row_label, col_label):
    outcome = _labels(mentions.OUTCOME, row_label, col_label)
    if outcome is None:
        return None
    label = outcome.label
    other = col_label if _labels(mentions.OUTCOME, row_label) else row_label
    population_text = f"{other} {table.caption}"
    grade = ""
    if label in TOXICITY_OUTCOMES:
        g = _labels(mentions.GRADE, row_label, col_label)
        grade = g.label if g else ""
    if q.kind == DURATION:
        if label not in SURVIVAL_OUTCOMES:
            return None
        measure, value, events, total = "median", q.value, None, None
    elif q.kind == COUNT_OF and q.total:
        if label in SURVIVAL_OUTCOMES:
            return None
        measure, value, events, total = "proportion", q.events / q.total, q.events, q.total
    elif q.kind == PERCENT:
        if label in SURVIVAL_OUTCOMES:
            return None
        measure, value, events, total = "proportion", q.value, None, None
    else:
        return None
    flags = []
    if q.kind == COUNT_OF and q.percent is not None and checks.percent_mismatch(q.events, q.total, q.percent):
        flags.append("percent_mismatch")
    disease = _labels(mentions.DISEASE, population_text)
    infusion = _labels(mentions.INFUSION, population_text)
    subgroup = _labels(mentions.SUBGROUP, other)
    return Figure(
        document=document.path, outcome=label, measure=measure, value=float(value),
        unit="months" if measure == "median" else "proportion", events=events, total=total,
        grade=grade, disease=disease.label if disease else context.disease,
        infusion=infusion.label if infusion else (2 if context.retreatment else None),
        prior_target=context.prior_target, target=context.target, target_relation=context.relation,
        subgroup=subgroup.label if subgroup else "",
        quote=f"{table.label}: {row_label} | {col_label} | {cell.text}".strip(), start=q.start, end=q.end,
        page=document.page_at(q.start), section=table.label, flags=";".join(flags), extractor="outcomes",
    )
