"""What pooling gets from linking: one row per study or independent subgroup, no patient twice.

For an outcome, each study contributes its preferred report of the outcome after the second
infusion in the whole cohort (events and total as reported, else from an agreeing report that
gives counts, else derived from the percent). When the study's same- and different-target
subgroups were derived, they replace the mixed cohort (Holland 2023: same 5/13 and different
35/48, not 40/61). When only disease rows exist and they add up to the cohort, they are summed.
Studies whose second infusion was not a retreatment after failure (planned sequences,
consolidation, co-administration) are left out unless asked for.

`pool_rows` gives a plain table (`study, events, total, group, ...`) that `evidence pool` reads
as it is; `pool_figures` gives the chosen evidence-table rows, for
`evidence.meta.data.pool_rows_from_evidence(frame, outcome, by, preselected=...)`.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import PoolingError
from evidence.studies.reconcile import study_context
from evidence.studies.rounding import agree

POOL_COLUMNS = ("study", "events", "total", "group", "document", "derived", "retreatment_after_failure", "source")


@dataclass(frozen=True)
class PoolRow:
    study: str
    events: int
    total: int
    group: str
    document: str
    derived: bool
    retreatment_after_failure: bool
    source: str  # how the counts were obtained
    figure: object = None


def _whole_cohort_items(items, outcome):
    return [r for r in items if r.field("outcome") == outcome and r.field("measure") == "proportion"
            and r.field("infusion") == "2" and not r.field("subgroup")]


def _counts_for(item, figures_by_row, derived):
    """(figure with counts, how) for a reconciled figure, or (None, "")."""
    preferred = item.preferred
    if preferred.printed.exact:
        return figures_by_row[preferred.row], f"reported by {preferred.document}"
    for value in item.values:
        if value.printed.exact and agree(value.printed, preferred.printed):
            return figures_by_row[value.row], f"reported by {value.document}, agreeing with the preferred value"
    for figure in derived:
        if figure.document == preferred.document and f"(row {preferred.row})" in figure.derived_from:
            return figure, f"derived: {figure.derived_from}"
    return None, ""


def _split_rows(derived, outcome, documents, preferred_document):
    splits = {}
    ranked = [preferred_document] + [d for d in documents if d != preferred_document]
    for figure in derived:
        if figure.outcome == outcome and not figure.subgroup:
            current = splits.get(figure.target_relation)
            if current is None or ranked.index(figure.document) < ranked.index(current.document):
                splits[figure.target_relation] = figure
    return splits


@dataclass(frozen=True)
class _Index:
    """The report's records by study, made once per call."""

    figures_by_row: dict
    figures: dict
    items: dict
    derived: dict
    splits: dict

    @classmethod
    def of(cls, report) -> "_Index":
        def by_study(records):
            grouped: dict[str, list] = {}
            for record in records:
                grouped.setdefault(record.study, []).append(record)
            return grouped

        return cls(dict(enumerate(report.figures, start=1)), by_study(report.figures), by_study(report.reconciled),
                   by_study(report.derived), by_study(report.splits))


def study_pool_rows(report, study, outcome, index: _Index | None = None) -> list[PoolRow]:
    index = index or _Index.of(report)
    figures_by_row = index.figures_by_row
    derived = index.derived.get(study.study, [])
    single, relation = study_context(index.figures.get(study.study, []))
    whole_disease = single or "mixed"
    items = _whole_cohort_items(index.items.get(study.study, []), outcome)
    whole = [i for i in items if i.field("disease") == whole_disease and i.field("target_relation") not in ("same", "different")
             or (i.field("disease") == whole_disease and i.field("target_relation") == relation)]
    preferred_document = whole[0].preferred.document if whole else (study.documents[0] if study.documents else "")
    splits = _split_rows(index.splits.get(study.study, []), outcome, study.documents, preferred_document)
    flag = study.retreatment_after_failure
    if len(splits) == 2:
        return [PoolRow(f"{study.study} ({r})", f.events, f.total, r, f.document, True, flag,
                        f"derived: {f.derived_from}", f) for r, f in sorted(splits.items())]
    for item in whole:
        figure, how = _counts_for(item, figures_by_row, derived)
        if figure is not None:
            return [PoolRow(study.study, figure.events, figure.total, item.field("target_relation") or "unknown",
                            figure.document, figure.derived, flag, how, figure)]
    by_disease = []
    counts = dict(study.disease_counts)
    for item in items:
        if item.field("disease") in counts:
            figure, how = _counts_for(item, figures_by_row, derived)
            if figure is not None and figure.total == counts[item.field("disease")]:
                by_disease.append((item.field("disease"), figure))
    if counts and {d for d, _ in by_disease} == set(counts):
        events = sum(f.events for _, f in by_disease)
        total = sum(f.total for _, f in by_disease)
        how = "sum of " + ", ".join(f"{d} {f.events}/{f.total}" for d, f in by_disease)
        return [PoolRow(study.study, events, total, relation or "unknown", preferred_document,
                        any(f.derived for _, f in by_disease), flag, how)]
    return []


def pool_candidates(report, outcome: str, include_not_after_failure: bool = False) -> list[PoolRow]:
    rows, index = [], _Index.of(report)
    for study in report.studies:
        if study.retreatment_after_failure or include_not_after_failure:
            rows.extend(study_pool_rows(report, study, outcome, index))
    return rows


def pool_rows(report, outcome: str, include_not_after_failure: bool = False):
    """A DataFrame `study, events, total, group, document, derived, retreatment_after_failure, source`:
    one row per study or independent subgroup (`group` is the target relation)."""
    import pandas as pd

    rows = pool_candidates(report, outcome, include_not_after_failure)
    if not rows:
        raise PoolingError(f"no study gives {outcome} as events and total (or a percent whose count follows) "
                           "for the second infusion in the whole cohort")
    return pd.DataFrame([{c: getattr(r, c) for c in POOL_COLUMNS} for r in rows], columns=list(POOL_COLUMNS))


def pool_figures(report, outcome: str, include_not_after_failure: bool = False) -> list:
    """The evidence-table rows behind `pool_rows` (summed disease rows are left out: no single row)."""
    return [r.figure for r in pool_candidates(report, outcome, include_not_after_failure) if r.figure is not None]
