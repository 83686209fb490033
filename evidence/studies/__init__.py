"""One study, many reports: link them, show where they disagree, derive what follows.

A trial reaches reviewers as a journal article, a conference abstract, news stories and blog
posts; pooling them as separate studies counts its patients several times. This package groups
the documents of an evidence table into studies (`link_studies`), reconciles each study's
figures (preferred value, why, conflicts), derives figures that follow exactly (same/different
target subgroups by subtraction, events from percents) and gives pooling its rows (`pool_rows`).

    report = studies_for_table("outputs/evidence.csv", map_path="fixes.csv")
    report.to_json()            # what `evidence studies --json` prints
    report.to_frame()           # the table with study, conflict flags and derived rows
    pool_rows(report, "CR")     # study, events, total, group: one row per independent group
"""
from __future__ import annotations

from pathlib import Path

from importlib import import_module

from evidence.studies.profile import DocumentProfile, document_to_profile

# imported on first use: a worker that only makes profiles never loads linking, pooling and reports
_LAZY = {
    "read_mapping": "evidence.studies.mapping",
    "pool_figures": "evidence.studies.pooling", "pool_rows": "evidence.studies.pooling",
    "FROM_DOCUMENTS": "evidence.studies.report", "FROM_TABLE": "evidence.studies.report",
    "StudyReport": "evidence.studies.report", "link_studies": "evidence.studies.report",
    "LinkSettings": "evidence.studies.settings",
}

__all__ = [
    "DocumentProfile", "LinkSettings", "StudyReport", "document_to_profile", "link_extraction", "link_studies",
    "pool_figures", "pool_rows", "profile_documents", "read_mapping", "studies_for_table",
]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def studies_for_table(table, map_path=None, settings=None) -> StudyReport:
    """Link the evidence table at `table`, using its documents sidecar when there is one."""
    from evidence.studies.mapping import read_mapping
    from evidence.studies.report import FROM_DOCUMENTS, FROM_TABLE, link_studies
    from evidence.schema import frame_to_figures
    from evidence.studies.sources import documents_path_for, read_sidecar
    from evidence.tableio import read_table
    from evidence.errors import TableError

    frame = read_table(table)
    missing = [c for c in ("document", "outcome", "measure", "value") if c not in frame.columns]
    if missing:
        raise TableError(f"{table}: not an evidence table (missing {', '.join(missing)}); "
                         "give a table written by evidence extract")
    try:
        figures = frame_to_figures(frame)
    except ValueError as error:
        raise TableError(f"{table}: a row cannot be read as a figure ({error})") from error
    mapping = read_mapping(map_path) if map_path else None
    sidecar = documents_path_for(table)
    documents, profiles, source = [], None, FROM_TABLE
    if sidecar.exists():
        documents, profiles = read_sidecar(sidecar, table)
        source = FROM_DOCUMENTS
    return link_studies(figures, documents, profiles, mapping, settings, source,
                        map_name=Path(map_path).name if map_path else "map file")


def profile_documents(documents, figures) -> list[DocumentProfile]:
    """Profiles of extracted documents (DocumentInfo with text), to keep in the documents sidecar."""
    by_document: dict[str, list] = {}
    for figure in figures:
        by_document.setdefault(figure.document, []).append(figure)
    return [document_to_profile(d, by_document.get(d.name, ())) for d in documents]


def link_extraction(figures, documents, profiles=None) -> StudyReport:
    """Linking as `evidence extract` runs it: straight from the extracted documents."""
    from evidence.studies.report import FROM_DOCUMENTS, link_studies

    given = {p.document: p for p in profiles} if profiles else None
    return link_studies(figures, documents, given, source=FROM_DOCUMENTS)
