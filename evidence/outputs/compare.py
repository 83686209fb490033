"""Studies side by side, for guideline writers: one row per study, one cell per outcome.

    comparison = compare(book)                  # book: evidence.outputs.studybook.StudyBook
    comparison.rows[0].study.study              # "Holland 2023"
    comparison.rows[0].cell("CR").text          # "40/61 (66%); same 5/13 (38%)‡; different 35/48 (73%)‡"
    comparison.rows[0].cell("CR").sources       # where each number came from

A cell holds the figure about the second infusion in the study's whole cohort (no subgroup; no
single disease or target relation when the study has several). For CR and ORR, a study with
patients retreated against both the same and a different target also shows each part, as linking
gives it to pooling (read, or derived by subtraction). When the
study gives the figure only for parts of its cohort (one disease at a time), the parts are shown,
labelled. Reports of one figure that disagree are marked †, with the preferred value shown.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.outputs.cells import CONFLICT_MARK, DERIVED_MARK, MISSING, Cell, Report, joined_operators, reports_to_item
from evidence.outputs.studybook import WHOLE_COHORT_DISEASES, StudyBook, StudyInfo, is_whole_cohort
from evidence.studies.characteristics import design_type
from evidence.studies.rules import AFTER_FAILURE_SUBGROUPS, unconfirmed


@dataclass(frozen=True)
class OutcomeColumn:
    """An outcome column: which figures fill it."""

    key: str
    heading: str
    title: str                              # in words, for legends
    outcomes: tuple[str, ...]
    measures: tuple[str, ...] = ("proportion",)
    grade: str = ""                         # required grade ("" = any)
    split: bool = False                     # also show same / different target parts
    label_outcome: bool = False             # prefix each item with its outcome ("OS 15.0 mo")
    comparator: bool = False                # the study's comparison group (no CAR-T), not its retreated cohort


OUTCOME_COLUMNS = (
    OutcomeColumn("CR", "CR", "complete response (CR, including CRi)", ("CR",), split=True),
    OutcomeColumn("ORR", "ORR", "overall response (ORR)", ("ORR",), split=True),
    OutcomeColumn("DOR", "DOR", "duration of response (median, or rate at a time)", ("DOR",), ("median", "rate_at")),
    OutcomeColumn("PFS_OS", "PFS / OS", "progression-free and overall survival (median, or rate at a time)",
                  ("PFS", "OS"), ("median", "rate_at"), label_outcome=True),
    OutcomeColumn("CRS3", "CRS ≥3", "cytokine release syndrome of grade 3 or higher", ("CRS",), grade=">=3"),
    OutcomeColumn("ICANS3", "ICANS ≥3", "neurotoxicity (ICANS) of grade 3 or higher", ("ICANS",), grade=">=3"),
    OutcomeColumn("ANTIGEN_NEG", "Antigen-neg. relapse", "relapse with the target antigen lost", ("ANTIGEN_NEG",)),
    OutcomeColumn("COMPARATOR", "Comparator arm", "results of the study's comparison group, when it has one",
                  ("CR", "ORR", "PFS", "OS"), ("proportion", "median", "rate_at"), label_outcome=True, comparator=True),
)
NOT_REPORTED = "not reported"
STUDY_FIELDS = (("study", "Study"), ("design", "Design"), ("n", "n retreated"), ("age", "Age group"),
                ("population", "Population"), ("product", "Product or construct"), ("prior_target", "Earlier target"),
                ("target", "New target"), ("relation", "Relation"), ("interval", "Interval since first CAR-T"),
                ("lymphodepletion", "Lymphodepletion"), ("follow_up", "Follow-up"))
STATED_FIELDS = ("age", "product", "interval", "lymphodepletion", "follow_up")  # as a report states them
RELATION_ORDER = {"same": 0, "different": 1, "mixed": 2, "": 3}
LEGEND = (
    f"{CONFLICT_MARK} reports of this study disagree: the preferred value is shown, the others are in its source.",
    f"{DERIVED_MARK} derived from other figures (for example by subtraction), not read.",
    "x/n (p%): patients with the outcome / patients assessed; mo: median in months; "
    "24-mo 19%: rate at 24 months.",
    "Figures are about the second CAR-T infusion in the study's whole cohort unless labelled.",
    "n retreated: patients given a CAR-T after a failed CAR-T whom the study's results count (not the whole "
    "cohort when it also holds patients treated otherwise); not reported when no result gives it.",
    "Antigen-neg. relapse: relapses with the target antigen lost / relapses whose antigen was tested.",
    "Design: randomised trial, comparative cohort, retrospective cohort or prospective single-arm trial, "
    "with the trial phase and centres when stated.",
    "Age group, product or construct, interval, lymphodepletion and follow-up: as the study's best report "
    "states them (products and constructs named in its reports, first and second infusion); not reported "
    "when no report says.",
    "Comparator arm: results of a comparison group that did not receive a second CAR-T.",
    "95% CI: the confidence interval the study reports.",
    "after relapse, after non-response: a study reporting its retreatment only by why patients were "
    "retreated; together they are the population retreated after failure.",
)


# disease codes of the evidence table, spelled out in the legend
DISEASE_NAMES = {
    "ALL": "acute lymphoblastic leukaemia", "CLL": "chronic lymphocytic leukaemia", "NHL": "non-Hodgkin lymphoma",
    "LBCL": "large B-cell lymphoma", "MCL": "mantle cell lymphoma", "FL": "follicular lymphoma",
    "BL": "Burkitt lymphoma", "MM": "multiple myeloma",
}


def diseases_legend(studies) -> tuple[str, ...]:
    """ "Population: ALL acute lymphoblastic leukaemia; BL Burkitt lymphoma." for the codes shown."""
    codes = sorted({d for s in studies for d in s.diseases if d in DISEASE_NAMES})
    if not codes:
        return ()
    return ("Population: " + "; ".join(f"{c} {DISEASE_NAMES[c]}" for c in codes) + ".",)


@dataclass(frozen=True)
class ComparisonRow:
    study: StudyInfo
    cells: tuple[Cell, ...]                 # in the order of Comparison.columns

    def cell(self, key: str) -> Cell:
        for column, cell in zip(OUTCOME_COLUMNS, self.cells):
            if column.key == key:
                return cell
        raise KeyError(key)

    def field(self, name: str) -> str:
        """A study column as text: study, design, n, age, population, product, prior_target, target,
        relation, interval, lymphodepletion, follow_up ("not reported" for a characteristic no
        report states)."""
        s = self.study
        if name in STATED_FIELDS:
            stated = s.stated(name)
            return stated[1].value if stated is not None else NOT_REPORTED
        value = {
            "study": s.study, "design": design_type(s.design) or NOT_REPORTED,
            "n": NOT_REPORTED if s.n_after_failure is None else str(s.n_after_failure),
            "population": s.population or NOT_REPORTED, "prior_target": s.prior_target, "target": s.target,
            "relation": s.target_relation,
        }[name]
        return value or MISSING


@dataclass(frozen=True)
class Comparison:
    columns: tuple[OutcomeColumn, ...]
    rows: tuple[ComparisonRow, ...]
    left_out: tuple[StudyInfo, ...] = ()    # studies that are not retreatment after failure
    legend: tuple[str, ...] = LEGEND


def compare(book: StudyBook, columns: tuple[OutcomeColumn, ...] = OUTCOME_COLUMNS) -> Comparison:
    """One row per retreatment study (look-alikes left out, and listed), one cell per column."""
    figures = book.figures
    by_study: dict[str, list[Report]] = {}
    for row, figure in enumerate(figures):
        by_study.setdefault(figure.study, []).append(Report(figure, row))
    rows = []
    for study in sorted(book.retreatment_studies, key=lambda s: (RELATION_ORDER.get(s.target_relation, 3), s.study)):
        reports = by_study.get(study.study, [])
        cells = tuple(study_to_cell(reports, column, book) for column in columns)
        rows.append(ComparisonRow(study, cells))
    left_out = tuple(s for s in book.studies if not s.retreatment)
    legend = LEGEND + diseases_legend(r.study for r in rows)
    return Comparison(columns=columns, rows=tuple(rows), left_out=left_out, legend=legend)


def study_to_cell(reports: list[Report], column: OutcomeColumn, book: StudyBook) -> Cell:
    """The cell of one study: its whole-cohort figures for the column, else its labelled parts."""
    study_figures = [r.figure for r in reports]
    candidates = [r for r in reports if _fits(r.figure, column)]
    if column.comparator:
        return Cell(tuple(_items([r for r in candidates if is_comparator(r.figure)], column, book, label="")))
    whole = [r for r in candidates if is_whole_cohort(r.figure, study_figures)]
    items = _items(whole, column, book, label="")
    if column.split:
        items += _split_items(reports, candidates, whole, column, book)
    if not items:
        parts = [r for r in candidates if not r.figure.subgroup and r.figure.infusion == "2"
                 and r.figure.disease not in WHOLE_COHORT_DISEASES]
        for disease in sorted({r.figure.disease for r in parts}):
            items += _items([r for r in parts if r.figure.disease == disease], column, book, label=disease)
    if not items:
        after = [r for r in candidates if r.figure.infusion == "2" and r.figure.subgroup in AFTER_FAILURE_SUBGROUPS]
        for subgroup in sorted({r.figure.subgroup for r in after}):
            items += _items([r for r in after if r.figure.subgroup == subgroup], column, book, label=joined_operators(subgroup))
    return Cell(tuple(items))


def _split_items(reports, candidates, whole, column: OutcomeColumn, book: StudyBook) -> list:
    """The same- and different-target parts of a study's cohort: the rows linking pools for them
    (read, or derived by subtraction), else read rows about one relation that are smaller than
    the whole cohort."""
    splits = book.split_rows(column.outcomes[0])
    by_row = {r.row: r for r in reports}
    whole_total = max((r.figure.total or 0 for r in whole), default=0)
    diseases = {r.figure.disease for r in reports} - set(WHOLE_COHORT_DISEASES)
    items = []
    for relation in ("same", "different"):
        row = splits.get((reports[0].figure.study, relation)) if reports else None
        if row is not None and row in by_row and by_row[row] not in whole:
            part = [by_row[row]]
        else:
            part = [r for r in candidates if r.figure.target_relation == relation and r not in whole
                    and not r.figure.subgroup and r.figure.infusion == "2"
                    and (r.figure.disease in WHOLE_COHORT_DISEASES or len(diseases) == 1)
                    and whole_total and r.figure.total and r.figure.total < whole_total]
        items += _items(part, column, book, label=relation)
    return items


def is_comparator(figure) -> bool:
    """A figure of a comparison group that received no CAR-T (the extractor leaves its infusion empty)."""
    return not figure.infusion and (figure.subgroup == "comparator" or bool(figure.arm))


def _fits(figure, column: OutcomeColumn) -> bool:
    """A figure for this column; rows flagged `uncertain` (not confirmed by a reviewer) are not."""
    return (figure.outcome in column.outcomes and figure.measure in column.measures
            and (not column.grade or figure.grade == column.grade) and not unconfirmed(figure.flag_set))


def _items(reports: list[Report], column: OutcomeColumn, book: StudyBook, label: str) -> list:
    """One item per distinct figure among `reports` (a figure: outcome, measure, timepoint)."""
    groups: dict[tuple, list[Report]] = {}
    for report in reports:
        f = report.figure
        timepoint = (f.timepoint_months or 0.0) if f.measure == "rate_at" else 0.0
        groups.setdefault((column.outcomes.index(f.outcome), column.measures.index(f.measure), timepoint),
                          []).append(report)
    items = []
    for key in sorted(groups):
        members = groups[key]
        outcome = members[0].figure.outcome
        name = " ".join(x for x in (outcome if column.label_outcome else "", label) if x)
        items.append(reports_to_item(members, book, name))
    return items

