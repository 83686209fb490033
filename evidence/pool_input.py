"""What `evidence pool` pools: a plain study table as it is, an evidence table through its links.

A linked evidence table (one written by `evidence extract`, with its documents sidecar) is pooled
from the rows linking chose: each study's preferred report, derived same/different-target
splits instead of the mixed cohort, and no study that is not retreatment after failure. An
unlinked table falls back to the reduction rule of `evidence.meta.data.pool_rows_from_evidence`.
"""
from __future__ import annotations

from pathlib import Path


def rows_to_pool(table, outcome: str, by: str | None = None, excluded: list | None = None) -> list:
    """The StudyRows to pool; rows left out for a missing count go to `excluded` (see
    `read_pool_table`)."""
    from evidence.extraction import documents_path_for
    from evidence.meta.data import read_pool_table
    from evidence.tableio import read_table

    path = Path(table)
    if path.is_file() and documents_path_for(path).exists() and _is_linked(read_table(path)):
        from evidence.schema import figures_to_frame
        from evidence.studies import studies_for_table
        from evidence.studies.pooling import pool_figures

        report = studies_for_table(path)
        chosen = pool_figures(report, outcome)
        if chosen:
            return read_pool_table(path, outcome, by, preselected=figures_to_frame(chosen), excluded=excluded)
    return read_pool_table(path, outcome, by, excluded=excluded)


def _is_linked(frame) -> bool:
    return "study" in frame.columns and frame["study"].fillna("").astype(str).str.len().gt(0).any()
