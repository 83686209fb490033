"""What pooling gets from linking: one row per study or independent subgroup, no patient twice.

For an outcome, each study contributes its preferred report of the outcome after the second
infusion in the whole cohort (events and total as reported, else from an agreeing report that
gives counts, else derived from the percent). When the study's same- and different-target
subgroups were derived, they replace the mixed cohort (Holland 2023: same 5/13 and different
35/48, not 40/61). When a study reports its retreatment only by why patients were retreated
(after relapse, after non-response: `rules.AFTER_FAILURE_SUBGROUPS`), those subgroups are the
analysis population, each pooled as its own cohort (a reinfusion study's after-relapse 5/10 and
after-non-response 0/8; its relapse-prevention reinfusions are not retreatment after failure).
When only disease rows exist and they add up to the cohort, they are summed. Toxicity is pooled
one grade at a time (`grade`), never any grade with grade 3 or higher. Rows flagged `uncertain`
are left out unless a reviewer confirmed them (flag `confirmed` added: `rules.unconfirmed`). Studies whose second
infusion was not a retreatment after failure (planned sequences, consolidation,
co-administration) are left out unless asked for.

`pool_rows` gives a plain table (`study, events, total, group, ...`) that `evidence pool` reads
as it is; `pool_figures` gives the chosen evidence-table rows, for
`evidence.meta.data.pool_rows_from_evidence(frame, outcome, by, preselected=...)`.
"""
from __future__ import annotations

from dataclasses import dataclass

from evidence.errors import PoolingError
from evidence.studies.reconcile import study_context
from evidence.studies.rules import AFTER_FAILURE_SUBGROUPS, unconfirmed
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
    parts: tuple = ()  # the figures summed into this row, when there is no single figure

    @property
    def figures(self) -> tuple:
        """The evidence-table figures this row was pooled from."""
        return (self.figure,) if self.figure is not None else tuple(self.parts)


def _about_retreatment(items, outcome, grade=""):
    return [r for r in items if r.field("outcome") == outcome and r.field("measure") == "proportion"
            and r.field("infusion") == "2" and r.field("grade") == grade and not _uncertain(r)]


def _uncertain(item) -> bool:
    """The preferred report is flagged uncertain (not confirmed by a reviewer)."""
    return item.preferred.uncertain


def _whole_cohort_items(items, outcome, grade=""):
    return [r for r in _about_retreatment(items, outcome, grade) if not r.field("subgroup")]


def _after_failure_items(items, outcome, grade=""):
    return [r for r in _about_retreatment(items, outcome, grade) if r.field("subgroup") in AFTER_FAILURE_SUBGROUPS]


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


def study_pool_rows(report, study, outcome, index: _Index | None = None, grade: str = "") -> list[PoolRow]:
    index = index or _Index.of(report)
    figures_by_row = index.figures_by_row
    derived = index.derived.get(study.study, [])
    single, relation = study_context(index.figures.get(study.study, []))
    whole_disease = single or "mixed"
    items = _whole_cohort_items(index.items.get(study.study, []), outcome, grade)
    whole = [i for i in items if i.field("disease") == whole_disease and i.field("target_relation") not in ("same", "different")
             or (i.field("disease") == whole_disease and i.field("target_relation") == relation)]
    preferred_document = whole[0].preferred.document if whole else (study.documents[0] if study.documents else "")
    splits = _split_rows(index.splits.get(study.study, []), outcome, study.documents, preferred_document)
    splits = {r: f for r, f in splits.items() if f.grade == grade and not unconfirmed(f.flag_set)}
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
                        any(f.derived for _, f in by_disease), flag, how, parts=tuple(f for _, f in by_disease))]
    return _after_failure_rows(study, index.items.get(study.study, []), outcome, grade, figures_by_row, derived,
                               whole_disease, relation)


def _after_failure_rows(study, items, outcome, grade, figures_by_row, derived, whole_disease, relation):
    """One row per after-failure subgroup (after relapse, after non-response), when the study
    reports its retreatment only that way."""
    rows = []
    for item in _after_failure_items(items, outcome, grade):
        if item.field("disease") != whole_disease or item.field("target_relation") not in ("", "mixed", relation):
            continue
        figure, how = _counts_for(item, figures_by_row, derived)
        if figure is not None:
            group = item.field("target_relation") or "unknown"
            rows.append(PoolRow(f"{study.study} ({item.field('subgroup')})", figure.events, figure.total, group,
                                figure.document, figure.derived, study.retreatment_after_failure, how, figure))
    return sorted(rows, key=lambda r: r.study)


def pool_candidates(report, outcome: str, include_not_after_failure: bool = False, grade: str = "") -> list[PoolRow]:
    rows, index = [], _Index.of(report)
    for study in report.studies:
        if study.retreatment_after_failure or include_not_after_failure:
            rows.extend(study_pool_rows(report, study, outcome, index, grade))
    return rows


def pool_rows(report, outcome: str, include_not_after_failure: bool = False, grade: str = ""):
    """A DataFrame `study, events, total, group, document, derived, retreatment_after_failure, source`:
    one row per study or independent subgroup (`group` is the target relation)."""
    import pandas as pd

    rows = pool_candidates(report, outcome, include_not_after_failure, grade)
    if not rows:
        raise PoolingError(f"no study gives {outcome} as events and total (or a percent whose count follows) "
                           "for the second infusion in the whole cohort")
    return pd.DataFrame([{c: getattr(r, c) for c in POOL_COLUMNS} for r in rows], columns=list(POOL_COLUMNS))


def pool_figures(report, outcome: str, include_not_after_failure: bool = False, grade: str = "") -> list:
    """The evidence-table rows behind `pool_rows` (summed disease rows are left out: no single row)."""
    return [r.figure for r in pool_candidates(report, outcome, include_not_after_failure, grade) if r.figure is not None]
