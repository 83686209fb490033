"""Per-arm tables of trial reports: each count cell becomes a row with its events, total and arm.

Two layouts are read. Arms as columns ("Outcome | Intervention (n = 392) | Control (n = 393)"):
the row label names the outcome, the column the arm (see `arm_columns`). Arms as rows ("Placebo |
62/99"; "Intervention (n = 125) | 27 | (22)" under a section row "Antidepressants"): the row label
names the arm, the section row above (or the header row's first cell) the outcome, and the column
its timepoint.

A cell's total is the one it prints ("42/402"), else its arm's N when the printed percent rounds
from it, else the one N that the count and its printed percent give exactly ("9 (75.0)" is 9 of
12), else its arm's N with `percent_mismatch` when the percent is within a point of it. A cell whose
percent is far from every total is not a count ("26 (4.2)" is a mean and SD). A percent alone
("80%") gives its events when exactly one count rounds to it. Bare counts ("0", "5") are read only
in a table that says it counts ("n (%)", "Number of subjects", counts with percents beside).

Never read: tables of baseline characteristics (by caption), columns of statistics, totals or
baseline values, rows of continuous measures, statistics or follow-up (see `trial_words`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.schema import Figure, infusion_code
from evidence.text.cells import CellReading, read_cell
from extractors import arm_columns, mentions, trial_words as words
from extractors.arm_columns import ArmColumn, clean
from extractors.arm_names import describe
from extractors.mentions import RESPONSE_OUTCOMES, SURVIVAL_OUTCOMES, TOXICITY_OUTCOMES
from extractors.outcome_names import outcome_text

NAMED_OUTCOMES = RESPONSE_OUTCOMES | TOXICITY_OUTCOMES | {"RELAPSE", "ANTIGEN_NEG", "ANTIGEN_DIM", "ANTIGEN_POS",
                                                           "LINEAGE_SWITCH", "CAR_DETECTED"}


@dataclass(frozen=True)
class Count:
    """A count read from a cell, settled against its arm: events of total, the printed percent."""

    events: int
    total: int
    percent: float | None
    mismatch: bool


def settle(reading: CellReading, arm_total: int | None, bare_ok: bool, subset: bool = False) -> Count | None:
    """The events and total of a cell, or None when they cannot be known exactly. In a `subset` row
    ("Fatigue (n = 575)": fewer than the arms) the arm's N is not taken when the percent disagrees."""
    p, d = reading.percent, reading.decimals
    if reading.events is None:  # a percent alone: events only when one count rounds to it
        if p is None or not arm_total:
            return None
        found = [e for e in range(arm_total + 1) if _rounds(e, arm_total, p, d)]
        return Count(found[0], arm_total, p, False) if len(found) == 1 else None
    e = reading.events
    if reading.total is not None:
        if not 0 <= e <= reading.total or reading.total == 0:
            return None
        return Count(e, reading.total, p, p is not None and not _rounds(e, reading.total, p, d))
    if p is None:
        if bare_ok and arm_total and e <= arm_total:
            return Count(e, arm_total, None, False)
        return None
    if arm_total and e <= arm_total and _rounds(e, arm_total, p, d):
        return Count(e, arm_total, p, False)
    exact = _total_from_percent(e, p, d)
    if exact is not None and (arm_total is None or exact < arm_total):
        return Count(e, exact, p, False)
    if arm_total and e <= arm_total and abs(100 * e / arm_total - p) <= 1.0 and not subset:
        return Count(e, arm_total, p, True)
    return None


def _rounds(events: int, total: int, percent: float, decimals: int) -> bool:
    return total > 0 and abs(100 * events / total - percent) <= 0.5 * 10 ** -decimals + 1e-9


def _total_from_percent(events: int, percent: float, decimals: int) -> int | None:
    """The one total that gives `events` at `percent` as printed, when exactly one does."""
    if events <= 0 or percent <= 0 or percent > 100:
        return None
    half = 0.5 * 10 ** -decimals
    low = int(100 * events / (percent + half)) + 1 if percent + half > 0 else events
    high = int(100 * events / max(percent - half, 1e-9))
    found = [t for t in range(max(low - 1, events), min(high + 1, 100000) + 1) if _rounds(events, t, percent, decimals)]
    return found[0] if len(found) == 1 else None


def table_to_arm_figures(document, context, table, sizes: dict[str, int]) -> list[Figure]:
    """The per-arm figures of one table (none for a baseline table or a table without arms)."""
    if words.BASELINE_TABLE.search(f"{table.label} {table.caption}"):
        return []
    grid = _merged_grid(table)
    if len(grid) < 2 or len(grid[0]) < 2:
        return []
    head = arm_columns.header_rows(table, grid)
    body = [r for r in range(len(grid)) if r not in head]
    first = arm_columns.label_columns(grid, body)
    notes = _notes(document, table)
    arms = arm_columns.table_to_arms(grid, head, first)
    counting = _says_it_counts(grid, table, notes)
    arms = _with_sizes(arms, grid, body, notes, sizes) if len(arms) >= 2 else []
    figures = _column_figures(document, context, table, grid, head, body, first, arms, counting, notes, sizes)
    return figures or ([] if arms else _row_figures(document, context, table, grid, head, body, first, sizes))


def table_arm_sizes(document, table) -> dict[str, int]:
    """Arm name -> N as this table gives them (baseline tables included: they give the sizes)."""
    grid = _merged_grid(table)
    if len(grid) < 2 or len(grid[0]) < 2:
        return {}
    head = arm_columns.header_rows(table, grid)
    body = [r for r in range(len(grid)) if r not in head]
    arms = arm_columns.table_to_arms(grid, head, arm_columns.label_columns(grid, body))
    arms = _with_sizes(arms, grid, body, _notes(document, table), {})
    return {_key(a.name): a.total for a in arms if a.total}


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.lower()).strip()


def _merged_grid(table) -> list[list[str]]:
    """The table's text grid, with a spanning cell kept once: its copies to the right are blanked
    in body rows (a section heading repeated across its row is one label)."""
    grid = table.rows()
    owner = {(c.row, c.col): (c.start, c.end) for c in table.cells}
    for r, row in enumerate(grid):
        for c in range(1, len(row)):
            here = owner.get((r, c))
            if here is not None and here == owner.get((r, c - 1)) and here[0] != here[1]:
                row[c] = "" if not any(x.header and x.row == r for x in table.cells) else row[c]
            elif row[c] and row[c] == row[0] and all(t in ("", row[0]) for t in row[1:]):
                row[c] = ""
    return grid


def _notes(document, table) -> str:
    """The table's notes: the text after its last cell, before the table's end."""
    last = max((c.end for c in table.cells), default=table.start)
    return f"{table.caption}\n{document.text[last:table.end]}"


def _says_it_counts(grid, table, notes: str) -> bool:
    """Whether bare whole numbers in this table are counts of patients."""
    text = " ".join(" ".join(row) for row in grid[:3])
    if words.COUNT_CUE.search(text) or words.COUNT_CUE.search(notes) or words.COUNT_CUE.search(table.caption):
        return True
    cells = [read_cell(t) for row in grid for t in row[1:] if t.strip()]
    paired = [c for c in cells if c is not None and c.events is not None and c.percent is not None]
    return len(paired) >= 3


def _with_sizes(arms, grid, body, notes, sizes) -> list[ArmColumn]:
    from dataclasses import replace

    in_body = arm_columns.body_group_sizes(grid, body, arms)
    in_notes = arm_columns.notes_group_sizes(notes, arms)
    out = []
    for a in arms:
        total = a.total or in_body.get(a.col) or in_notes.get(a.col) or sizes.get(_key(a.name))
        out.append(replace(a, total=total) if total != a.total else a)
    return out


def _row_label(grid, r: int, first: int) -> tuple[str, str]:
    """(label, parent): the row's own label and, for an indented row, the label cell to its left."""
    labels = [grid[r][c].strip() for c in range(first) if grid[r][c].strip()]
    if not labels:
        return "", ""
    return labels[-1], labels[-2] if len(labels) > 1 else ""


def _is_section(grid, r: int, first: int, columns) -> bool:
    return bool(grid[r][0].strip() or (first > 1 and grid[r][1].strip())) and not any(grid[r][c].strip() for c in columns)


def _inner_header(grid, r: int, first: int) -> bool:
    """A header row inside the body ("| Baseline N(%) | 6-Month N (%) | P-value"): words, no counts."""
    cells = [t for t in grid[r][first:] if t.strip()]
    return len(cells) >= 2 and all(read_cell(t) is None and not re.fullmatch(r"\s*[-+\d.,()% ]+\s*", t) for t in cells) \
        and any(words.FORMAT_WORDS.search(t) or words.TIMEPOINT_COLUMN.match(t) for t in cells)


def _column_figures(document, context, table, grid, head, body, first, arms, counting, notes, sizes) -> list[Figure]:
    figures = []
    section = ""
    columns = [a.col for a in arms] + [a.percent_col for a in arms if a.percent_col]
    grade_all = _grade(table.caption)
    for r in body:
        label, parent = _row_label(grid, r, first)
        if not label and not _inner_header(grid, r, first):
            continue
        if label and _is_section(grid, r, first, columns):
            section = label
            continue
        inner = _inner_header(grid, r, first)
        if inner:
            again = arm_columns.table_to_arms(grid, head[:-1] + [r], first)
            if len(again) >= 2:
                arms = _with_sizes(again, grid, body, notes, sizes)
                columns = [a.col for a in arms] + [a.percent_col for a in arms if a.percent_col]
            section = label
            continue
        if words.GROUP_SIZE_ROW.search(clean(label) or label) or _excluded(label) or (parent and _excluded(parent)):
            continue
        context_section = parent or section
        if context_section and words.NOT_AN_OUTCOME_SECTION.search(context_section):
            continue
        subset = bool(re.search(r"\b[nN]\s*=\s*\d", f"{label} {context_section}"))
        for a in arms:
            cell = table.cell(r, a.col)
            text = grid[r][a.col]
            if a.percent_col is not None and grid[r][a.percent_col].strip():
                text = f"{text} ({grid[r][a.percent_col].strip(' ()')})"
            reading = read_cell(text) if cell is not None else None
            if reading is None:
                continue
            if a.total is None and reading.total is None:
                continue  # an arm of unknown size: only a cell that prints its total is read
            count = settle(reading, a.total, counting, subset)
            if count is None:
                continue
            where = ", ".join(p for p in (context_section, a.timepoint) if p)
            figures.append(_figure(document, context, table, cell, reading, count, label, where,
                                   a.name, a.subgroup, grade_all, f"{a.header}"))
    return figures


def _row_figures(document, context, table, grid, head, body, first, sizes) -> list[Figure]:
    """Arms as rows: "Placebo | 62/99", "Intervention (n = 125) | 27 | (22)"."""
    figures = []
    section = grid[head[-1]][0].strip() if head else ""
    row_sizes: dict[str, int] = {}
    ncols = len(grid[0])
    header_of = {c: " ".join(arm_columns.header_pieces(grid, head, c)) for c in range(ncols)}
    for r in body:
        label = grid[r][0].strip()
        if not label:
            continue
        values = [c for c in range(first, ncols) if grid[r][c].strip()]
        if not values:
            section = label
            continue
        name = clean(label)
        if not (re.search(r"\b[nN]\s*=", label) or words.ARM_WORDS.search(name) or _key(name) in sizes or _key(name) in row_sizes):
            if all(read_cell(grid[r][c]) is None for c in values):
                section = label  # a header row inside the body ("CGI-I | n | Very much improved (%)")
                header_of = {c: grid[r][c] for c in range(ncols)}
            continue
        if not section or _excluded(section) or words.NOT_AN_OUTCOME_SECTION.search(section):
            continue
        n = re.search(r"\b[nN]\s*=\s*(\d+)", label)
        total = int(n.group(1)) if n else row_sizes.get(_key(name)) or sizes.get(_key(name))
        if total:
            row_sizes[_key(name)] = total
        for c in values:
            header = header_of.get(c, "")
            paired = c + 1 < ncols and bool(words.ENDS_PERCENT.search(header_of.get(c + 1, "")))
            if re.search(r"\bbaseline\b", header, re.IGNORECASE) or words.ENDS_PERCENT.search(header):
                continue
            if words.ENDS_COUNT.search(header) and not paired and re.fullmatch(r"\s*\d+\s*", grid[r][c]):
                total = total or int(grid[r][c])  # the row's "n" column: its group size
                continue
            if words.NOT_AN_ARM_COLUMN.search(clean(header) or "-") and not re.search(r"%|responders", header):
                continue
            text = grid[r][c]
            if paired and re.fullmatch(r"\s*\d+\s*", text):
                text = f"{text} ({grid[r][c + 1].strip(' ()*')})"
            reading = read_cell(text)
            if reading is None:
                continue
            count = settle(reading, total, False)
            if count is None:
                continue
            timepoint = clean(re.sub(r"\b(?:n|%)\b|\(\s*%?\s*\)", " ", header))
            figures.append(_figure(document, context, table, table.cell(r, c), reading, count, section,
                                   timepoint if not words.FORMAT_WORDS.fullmatch(timepoint or "n") else "",
                                   name, "", _grade(table.caption), header))
    return figures


def _excluded(label: str) -> bool:
    return bool(words.NOT_AN_OUTCOME_ROW.search(clean(label) or label))


def _grade(text: str) -> str:
    """The grade a label or caption states in so many words ("Grade 3 to 5 toxicities", "grade >=3")."""
    if not re.search(r"\bgrades?\b", text, re.IGNORECASE):
        return ""
    found = mentions.find(mentions.GRADE, text)
    return found[0].label if found and found[0].label in (">=3", "any", "1-2") else ""


def _figure(document, context, table, cell, reading: CellReading, count: Count, label: str, section: str,
            arm: str, subgroup: str, grade_all: str, column: str) -> Figure:
    outcome, text = _outcome(label, section, context)
    grade = _grade(label) or grade_all
    infusion = infusion_code(context.default_infusion or 1) if words.CAR_T_ARM.search(arm) else ""
    start = cell.start + min(reading.start, max(0, cell.end - cell.start))
    end = min(cell.end, cell.start + reading.end) if reading.end else cell.end
    flags = "percent_mismatch" if count.mismatch else ""
    return Figure(
        document=document.path, outcome=outcome, outcome_text=text, measure="proportion",
        value=count.events / count.total, events=count.events, total=count.total, grade=grade,
        disease=context.disease, infusion=infusion, arm=describe(arm, document.text), subgroup=subgroup,
        prior_target=context.prior_target if infusion else "", target=context.target if infusion else "",
        target_relation=context.relation if infusion else "",
        quote=f"{table.label}: {' ; '.join(p for p in (section, label) if p)} | {column} | {cell.text}".strip(),
        start=max(cell.start, start), end=max(max(cell.start, start), end), page=document.page_at(cell.start),
        section=table.label, flags=flags, extractor="outcomes",
    )


def _outcome(label: str, section: str, context) -> tuple[str, str]:
    """A named CAR-T outcome in an article about a blood cancer keeps its label; else OTHER."""
    if context.disease:
        found = [m for m in mentions.find(mentions.OUTCOME, label) if not m.lay and m.label in NAMED_OUTCOMES]
        if found:
            return found[0].label, ""
    generic = words.GENERIC_SECTION.match(section or "") is not None or bool(words.CONTINUOUS_SECTION.search(section or ""))
    return "OTHER", outcome_text(label, "" if generic else section)


def document_arm_sizes(document) -> dict[str, int]:
    """Arm name -> N from every table of the document (a baseline table gives the arms' sizes)."""
    sizes: dict[str, int] = {}
    for table in document.tables:
        for name, n in table_arm_sizes(document, table).items():
            sizes.setdefault(name, n)
    return sizes


def merge(figures: list[Figure], arm_figures: list[Figure]) -> list[Figure]:
    """The table's figures read by label (CAR-T tables) and by arm: where both read one cell, the
    labelled reading stays (it knows the infusion and subgroup of CAR-T tables); the other arm
    readings are added."""
    from extractors.restatements import merge_readings

    def choose(kept: Figure, arm: Figure) -> Figure:
        if not kept.disease and kept.measure == "proportion" and kept.total is None:
            return arm  # a CAR-T outcome word without a total, in an article about no blood cancer
        return kept

    return merge_readings(figures, arm_figures, choose)
