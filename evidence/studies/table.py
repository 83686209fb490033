"""The study table: one row per study with its citation, design, cohort, targets, whether it is a
retreatment after failure, and the preferred figure of each outcome for the whole cohort.

    study_table(report)        # DataFrame, one row per study
    preferred_figures(report)  # study -> {outcome: "20% (9/44, derived)"}
"""
from __future__ import annotations

from evidence.studies.reconcile import study_context
from evidence.studies.rounding import percent

STUDY_COLUMNS = ("study", "citation", "design", "n", "n_after_failure", "disease", "disease_mix", "prior_target", "target",
                 "target_relation", "retreatment_after_failure", "documents")


def _counts_text(item, figures_by_row, derived) -> str:
    """ "9/44" from the preferred report, an agreeing report, or a derived row; "" when none."""
    from evidence.studies.pooling import _counts_for

    figure, how = _counts_for(item, figures_by_row, derived)
    if figure is None:
        return ""
    return f"{figure.events}/{figure.total}" + (", derived" if figure.derived else "")


def describe_preferred(item, figures_by_row, derived=()) -> str:
    preferred = item.preferred
    measure, timepoint = item.field("measure"), item.field("timepoint_months")
    if measure == "proportion":
        counts = _counts_text(item, figures_by_row, derived)
        return f"{percent(preferred.printed.point)} ({counts})" if counts else percent(preferred.value)
    if measure == "rate_at":
        return f"{percent(preferred.value)} at {timepoint:g} months" if timepoint is not None else percent(preferred.value)
    return f"{preferred.value:.3g} months"


def preferred_figures(report) -> dict[str, dict[str, str]]:
    """Per study, the preferred whole-cohort figure of each outcome after the second infusion
    (splits by target relation shown beside it: "same 5/13; different 35/48")."""
    result: dict[str, dict[str, str]] = {}
    figures_by_row = dict(enumerate(report.figures, start=1))
    own_figures, own_items = _by_study(report.figures), _by_study(report.reconciled)
    own_derived, own_splits = _by_study(report.derived), _by_study(report.splits)
    for study in report.studies:
        single, relation = study_context(own_figures.get(study.study, ()))
        derived = own_derived.get(study.study, ())
        figures: dict[str, str] = {}
        for item in own_items.get(study.study, ()):
            if (item.field("infusion") != "2" or item.field("subgroup") or item.field("grade") == ">=3"
                    or item.field("disease") != (single or "mixed")
                    or item.field("target_relation") not in ("", "mixed", relation)):
                continue
            figures.setdefault(item.field("outcome"), describe_preferred(item, figures_by_row, derived))
        for figure in own_splits.get(study.study, ()):
            text = f"{figure.target_relation} {figure.events}/{figure.total}"
            key = figure.outcome
            if figure.subgroup or text in figures.get(key, "").split("; "):
                continue
            figures[key] = f"{figures[key]}; {text}" if key in figures else text
        result[study.study] = figures
    return result


def _by_study(records) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for record in records:
        grouped.setdefault(record.study, []).append(record)
    return grouped


def study_table(report):
    """One row per study: the study's facts, then one column per outcome with its preferred figure."""
    import pandas as pd

    figures = preferred_figures(report)
    outcomes = sorted({o for f in figures.values() for o in f})
    rows = []
    for study in report.studies:
        data = study.to_json()
        row = {c: data.get(c) for c in STUDY_COLUMNS}
        row["documents"] = "; ".join(study.documents)
        row.update({o: figures[study.study].get(o, "") for o in outcomes})
        rows.append(row)
    return pd.DataFrame(rows, columns=list(STUDY_COLUMNS) + outcomes)
