"""Reconciling one study's reports: per figure, the preferred value, why, and whether reports conflict.

A figure is an outcome and a population: measure, disease, infusion, subgroup, grade, timepoint and
target relation. Each document reporting it gives one value (its best: exact counts first). The
preferred value comes from the best report: first by how directly it reports (peer-reviewed
journal article over conference abstract over news, summaries and advocacy posts retelling them:
the journal record wins whenever it states the figure), then, among retellings, by whose data
they retell (a journal publication's over a conference presentation's, which are earlier and often
interim); then exact counts over rounded percents, stated values over approximate ones, and values
more reports agree with. Reports conflict when their
values cannot be the same number allowing for rounding (2/9 = 22.2% agrees with "22%", not "21%");
reports with different denominators describe different populations and are not compared.
A value flagged `uncertain` (its population not bound by the article's own cues, and not
confirmed by a reviewer) comes after every value that is not.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.studies import rules
from evidence.studies.genre import Genre
from evidence.studies.conflicts import comparable, disagree, find_conflicts
from evidence.studies.rounding import Printed, agree, show

KEY_FIELDS = ("outcome", "measure", "disease", "infusion", "subgroup", "grade", "timepoint_months", "target_relation")


@dataclass(frozen=True)
class ReportedValue:
    """One document's value for a figure, with the row it came from (1-based table row)."""

    document: str
    row: int
    value: float
    events: int | None
    total: int | None
    unit: str
    genre: Genre
    approximate: bool = False
    n_flags: int = 0
    uncertain: bool = False  # flagged `uncertain` and not confirmed by a reviewer


    @property
    def printed(self) -> Printed:
        return Printed(self.value, self.events, self.total, self.unit)

    def shown(self) -> str:
        return show(self.printed)

    def to_json(self) -> dict:
        return {"document": self.document, "value": self.printed.point, "events": self.events, "total": self.total,
                "kind": self.genre.kind, "row": self.row}


@dataclass(frozen=True)
class Reconciled:
    """A figure of a study as its reports give it."""

    study: str
    key: tuple  # values of KEY_FIELDS
    values: tuple[ReportedValue, ...]  # one per document, best first
    preferred: ReportedValue
    why: str
    conflict: bool
    conflict_rows: tuple[int, ...] = ()  # rows whose value another report contradicts
    superseded_rows: tuple[int, ...] = ()  # conflicting rows that disagree with the preferred value

    def field(self, name: str):
        return self.key[KEY_FIELDS.index(name)]

    def to_json(self) -> dict:
        data = {"study": self.study}
        data.update({name: (None if value == "" else value) for name, value in zip(KEY_FIELDS, self.key)})
        data["values"] = [v.to_json() for v in sorted(self.values, key=lambda v: v.row)]
        data["preferred"] = {**self.preferred.to_json(), "why": self.why}
        data["conflict"] = self.conflict
        return data


def study_context(figures) -> tuple[str, str]:
    """The study's single disease ("" when several, or when a figure calls the cohort "mixed") and
    its usual target relation."""
    diseases = {f.disease for f in figures if f.disease not in rules.WHOLE_COHORT_DISEASES}
    if any(f.disease == "mixed" for f in figures):
        diseases = set()
    relations = [f.target_relation for f in figures if f.target_relation]
    relation = max(set(relations), key=lambda r: (relations.count(r), r)) if relations else ""
    return (diseases.pop() if len(diseases) == 1 else ""), relation


def figure_to_key(figure, single_disease: str, relation: str) -> tuple:
    disease = figure.disease
    if disease in rules.WHOLE_COHORT_DISEASES:
        disease = single_disease or "mixed"
    # a timepoint belongs to a rate at a time; on a median or a proportion it says nothing of the figure
    timepoint = figure.timepoint_months if figure.measure == "rate_at" else None
    return (figure.outcome, figure.measure, disease, figure.infusion, figure.subgroup.strip().lower(),
            figure.grade, timepoint, figure.target_relation or relation)


def _within_document(row_and_figure) -> tuple:
    row, figure = row_and_figure
    exact = figure.events is not None and bool(figure.total)
    return (not exact, "approximate" in figure.flag_set, len(figure.flag_set), row)


def reported(row: int, figure, genre: Genre) -> ReportedValue:
    return ReportedValue(figure.document, row, figure.value, figure.events, figure.total, figure.unit, genre,
                         "approximate" in figure.flag_set, len(figure.flag_set), rules.unconfirmed(figure.flag_set))


def preference(value: ReportedValue, values) -> tuple:
    agreeing = sum(1 for other in values if comparable(value, other) and agree(value.printed, other.printed))
    return (value.uncertain, value.genre.rank, not value.printed.exact, value.approximate, -agreeing,
            value.n_flags, value.document, value.row)


def explain(preferred: ReportedValue, values: list[ReportedValue], clash=frozenset()) -> str:
    """Why `preferred` is chosen, in words: the first rule that puts it before a report of the
    documents in conflict (`clash`)."""
    others = [v for v in values if v is not preferred]
    agreeing = [v for v in others if comparable(preferred, v) and agree(preferred.printed, v.printed)]
    rivals = [v for v in others if disagree(preferred, v) and v.document in clash]
    what = f"{preferred.document} ({preferred.shown()})"
    if not others:
        return f"the only report: {what}, a {preferred.genre.describe()}"
    if not rivals:
        return f"{what}, a {preferred.genre.describe()}; all {len(values)} reports agree within rounding"
    rival = rivals[0]
    against = f"{rival.document} ({rival.shown()})"
    if rival.uncertain and not preferred.uncertain:
        reason = f"{what} is bound to its population, preferred over {against}, flagged uncertain"
    elif preferred.genre.rank != rival.genre.rank:
        reason = (f"{what} is a {preferred.genre.describe()}, preferred over the "
                  f"{rival.genre.describe()} {against}")
    elif preferred.printed.exact and not rival.printed.exact:
        reason = f"{what} gives an exact count, preferred over the rounded percent of {against}"
    elif rival.approximate and not preferred.approximate:
        reason = f"{what} states the value, preferred over the approximate {against}"
    elif agreeing:
        reason = f"{what} agrees with more reports than {against}"
    else:
        reason = f"{what} comes first by document name; {against} disagrees"
    if agreeing:
        reason += "; agrees with " + ", ".join(f"{v.document} ({v.shown()})" for v in agreeing)
    return reason


def reconcile_study(study: str, rows_and_figures, genres: dict[str, Genre]) -> list[Reconciled]:
    """Every figure of one study (rows read from articles, not derived), reconciled."""
    rows_and_figures = [(r, f) for r, f in rows_and_figures if not f.derived]
    single, relation = study_context([f for _, f in rows_and_figures])
    by_key: dict[tuple, list] = {}
    for row, figure in rows_and_figures:
        by_key.setdefault(figure_to_key(figure, single, relation), []).append((row, figure))
    results = []
    for key, items in by_key.items():
        by_document: dict[str, list[ReportedValue]] = {}
        for row, figure in sorted(items, key=_within_document):
            by_document.setdefault(figure.document, []).append(reported(row, figure, genres.get(figure.document, Genre(""))))
        reports = [document_values[0] for document_values in by_document.values()]
        # sorted() into a new list: inside list.sort the list being sorted reads as empty, so
        # "agrees with more reports" would never count
        values = sorted(reports, key=lambda v: preference(v, reports))
        preferred = values[0]
        conflicts = find_conflicts(by_document)
        superseded = {v.row for vs in by_document.values() for v in vs
                      if v.row in conflicts.rows and disagree(v, preferred)}
        results.append(Reconciled(study, key, tuple(values), preferred, explain(preferred, values, conflicts.documents),
                                  bool(conflicts.documents), tuple(sorted(conflicts.rows)), tuple(sorted(superseded))))
    return sorted(results, key=lambda r: min(v.row for v in r.values))
