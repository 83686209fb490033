"""`link_studies`: an evidence table (and what is known of its documents) -> a `StudyReport`.

The pipeline, one small step each:

    figures, documents -> profiles -> scored pairs -> clusters -> labelled studies
    -> reconciled figures (preferred value, conflicts) -> derived figures -> report

The report gives the table back with its `study` column filled, `conflict` flags set (and
`superseded` where the study's preferred report gives another value) and derived rows appended
(`to_frame`), the JSON `evidence studies --json` prints (`to_json`), and the rows to
pool (`evidence.studies.pooling.pool_rows`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from evidence.studies.blocking import candidate_pairs, sharing_blocks
from evidence.studies.floors import VetoGuard, usual_signs
from evidence.studies.cohort import FLAG, whole_cohort_disease
from evidence.studies.cluster import Blocked, linked_components, pair_key, pairs_to_clusters
from evidence.studies.derive import events_from_percent, facts_to_splits
from evidence.studies.features import ProfileFeatures
from evidence.studies.genre import Genre
from evidence.studies.labels import profiles_to_label, unique_labels
from evidence.studies.links import cluster_links
from evidence.studies.mapping import check_mapping
from evidence.studies.profile import DocumentProfile, document_to_profile
from evidence.studies.reconcile import Reconciled, reconcile_study
from evidence.studies.rounding import agree
from evidence.studies.scoring import PairScore, score_features
from evidence.studies.settings import LinkSettings
from evidence.studies.study import Study, build_study

FROM_DOCUMENTS = "documents"  # profiles from the documents' text (extract, or the documents sidecar)
FROM_TABLE = "table"  # no sidecar: profiles from the table's figures, quotes and document names


@dataclass(frozen=True)
class StudyReport:
    studies: tuple[Study, ...]
    reconciled: tuple[Reconciled, ...]
    figures: tuple  # the table's read figures, `study` filled and `conflict` flags set, in table order
    derived: tuple  # derived figures (derived=True), in the order they were derived
    profiles: tuple[DocumentProfile, ...]
    pairs: tuple[PairScore, ...] = ()
    blocked: tuple[Blocked, ...] = ()
    problems: tuple[str, ...] = ()
    source: str = FROM_DOCUMENTS
    splits: tuple = ()  # the derived figures that split a cohort by target relation (also in `derived`)

    @property
    def conflicts(self) -> tuple[Reconciled, ...]:
        return tuple(r for r in self.reconciled if r.conflict)

    def study_table(self):
        """One row per study with its preferred figures (see `evidence.studies.table`)."""
        from evidence.studies.table import study_table

        return study_table(self)

    def study_of(self, document: str) -> str:
        return next((s.study for s in self.studies if document in s.documents), "")

    def to_frame(self):
        """The evidence table: read rows (study, flags) then derived rows."""
        from evidence.schema import figures_to_frame

        return figures_to_frame(list(self.figures) + list(self.derived))

    def to_json(self) -> dict:
        from evidence.schema import figures_to_frame

        from evidence.studies.table import preferred_figures

        derived = figures_to_frame(self.derived).astype(object).where(lambda f: f.notna(), None)
        figures = preferred_figures(self)
        return {
            "studies": [{**s.to_json(), "figures": figures.get(s.study, {})} for s in self.studies],
            "conflicts": [r.to_json() for r in self.conflicts],
            "derived": derived.to_dict("records"),
            "linked_from": "documents" if self.source == FROM_DOCUMENTS else "table alone",
            "not_linked": [{"documents": [b.pair.a, b.pair.b], "score": b.pair.score,
                            "because": (f"{b.because.a} and {b.because.b}: " + "; ".join(b.because.reason_texts()))
                            if b.because else "the map file keeps them apart"} for b in self.blocked],
            "problems": list(self.problems),
        }


# -- steps ----------------------------------------------------------------------------------------

def clean_input(figures) -> list:
    """Read rows only, without what an earlier linking wrote (study, conflict flags)."""
    return [replace(f, study="", flags=";".join(sorted(f.flag_set - {"conflict", "superseded"})))
            for f in figures if not f.derived]


def document_order(figures, documents) -> list[str]:
    names = [d.name for d in documents] + [f.document for f in figures]
    return list(dict.fromkeys(names))


class _TableOnly:
    """A stand-in DocumentInfo for a document known only from the table."""

    def __init__(self, name):
        from evidence.document import Metadata

        self.name, self.metadata, self.text, self.facts = name, Metadata(), "", ()


def make_profiles(names, figures_by_doc, documents, profiles) -> list[DocumentProfile]:
    infos = {d.name: d for d in documents}
    given = dict(profiles or {})
    result = []
    for name in names:
        if name in given:
            result.append(given[name])
        else:
            info = infos.get(name) or _TableOnly(name)
            result.append(document_to_profile(info, figures_by_doc.get(name, ()), from_text=name in infos))
    return result


class PairScorer:
    """Scores pairs of documents once each, on demand, from features worked out once per document."""

    def __init__(self, profiles, figures_by_doc, settings):
        self.features = {p.document: ProfileFeatures(p, figures_by_doc.get(p.document, ())) for p in profiles}
        self.settings = settings
        self.pairs: dict[tuple[str, str], PairScore] = {}

    def __call__(self, a: str, b: str) -> PairScore:
        key = pair_key(a, b)
        if key not in self.pairs:
            self.pairs[key] = score_features(self.features[key[0]], self.features[key[1]], self.settings)
        return self.pairs[key]


def link_documents(names, scorer: PairScorer, settings: LinkSettings, mapping) -> tuple[list, list[Blocked]]:
    """Clusters of documents and the links refused. The candidate pairs that could be linked (see
    `blocking`) are scored and linked strongest first, unless no link can be refused (no map, no
    pair that could forbid one): then the order does not matter, and pairs whose shared identifiers
    surely link them, or whose documents are already grouped, need no score."""
    features = [scorer.features[name] for name in names]
    guard = VetoGuard(scorer.features, settings) if usual_signs(settings) else None
    if guard is not None and not mapping and guard.never_vetoes():
        return linked_components(names, sharing_blocks(features), guard.surely_links,
                                 lambda joined: candidate_pairs(features, settings, joined=joined),
                                 lambda a, b: scorer(a, b).score >= settings.threshold), []
    for a, b in candidate_pairs(features, settings):
        scorer(a, b)
    return pairs_to_clusters(names, dict(scorer.pairs), settings, mapping, scorer, guard)


def study_splits(study: Study, rows_and_figures, infos) -> tuple[list, list[str]]:
    """Same/different-target rows from each document's cohort facts, and any contradiction found."""
    splits, problems = [], []
    by_document: dict[str, list] = {}
    for row, figure in rows_and_figures:
        by_document.setdefault(figure.document, []).append((row, figure))
    for document in study.documents:
        facts = getattr(infos.get(document), "facts", ()) or ()
        found, trouble = facts_to_splits(by_document.get(document, []), facts)
        splits += found
        problems += trouble
    return splits, problems


def study_events_from_percents(study: Study, rows_and_figures, reconciled, profile_by_doc) -> list:
    """Events from the percent of each preferred value without counts, over a stated denominator."""
    derived = []
    by_row = dict(rows_and_figures)
    counts = dict(study.disease_counts)
    for item in reconciled:
        preferred = item.preferred
        if (preferred.printed.exact or item.field("measure") != "proportion" or item.field("subgroup")
                or item.field("infusion") != "2"):
            continue  # counts given, not a share of patients, a subgroup, or not about the retreatment
        if any(v.printed.exact and v.document != preferred.document and agree(v.printed, preferred.printed)
               for v in item.values):
            continue  # a report gives the counts already
        figure = by_row[preferred.row]
        total, how = _denominator(study, item, figure, counts, profile_by_doc)
        found = events_from_percent(figure, preferred.row, total, how) if total else None
        if found is not None:
            derived.append(found)
    return derived


def _denominator(study: Study, item: Reconciled, figure, counts, profile_by_doc) -> tuple[int | None, str]:
    if figure.total:
        return figure.total, "the total it gives"
    disease = item.field("disease")
    if disease in counts:
        mix = " + ".join(f"{n} {d}" for d, n in study.disease_counts)
        return counts[disease], f"{disease} patients: {mix} = {study.n}"
    if disease in ("mixed", study.disease) and study.n:
        stating = [d for d in study.documents if profile_by_doc[d].n == study.n]
        return study.n, f"cohort size stated in {', '.join(stating)}"
    return None, ""


def link_studies(figures, documents=(), profiles=None, mapping=None, settings=None, source: str = FROM_DOCUMENTS,
                 map_name: str = "map file") -> StudyReport:
    """Group the documents of `figures` into studies, reconcile their figures and derive what follows.

    `documents`: DocumentInfo records (metadata, text, cohort facts) when known; `profiles`: profiles
    already made (from a documents sidecar), by document name; `mapping`: document -> study label
    corrections (from `read_mapping`).
    """
    settings = LinkSettings.resolve(settings)
    mapping = dict(mapping or {})
    figures = clean_input(figures)
    names = document_order(figures, documents)
    check_mapping(mapping, names, map_name)
    figures_by_doc: dict[str, list] = {}
    for figure in figures:
        figures_by_doc.setdefault(figure.document, []).append(figure)
    profile_list = make_profiles(names, figures_by_doc, documents, profiles)
    profile_by_doc = {p.document: p for p in profile_list}
    scorer = PairScorer(profile_list, figures_by_doc, settings)
    clusters, blocked = link_documents(names, scorer, settings, mapping)
    pairs = scorer.pairs
    labels = unique_labels([next((mapping[d] for d in c if d in mapping), "")
                            or profiles_to_label([profile_by_doc[d] for d in c]) for c in clusters])
    genres = {p.document: Genre(p.kind, p.basis) for p in profile_list}
    rows = list(enumerate(figures, start=1))
    rows_by_doc: dict[str, list] = {}
    for row, figure in rows:
        rows_by_doc.setdefault(figure.document, []).append((row, figure))
    infos = {d.name: d for d in documents}
    studies, reconciled, derived, splits, problems = [], [], [], [], []
    relabelled: dict[int, str] = {}
    for label, cluster in zip(labels, clusters):
        own = sorted((r, replace(f, study=label)) for d in cluster for r, f in rows_by_doc.get(d, ()))
        study = build_study(label, [profile_by_doc[d] for d in cluster], [f for _, f in own],
                            cluster_links(cluster, scorer, mapping, map_name))
        own = [(r, whole_cohort_disease(f, profile_by_doc[f.document].disease_counts, study.disease_counts))
               for r, f in own]
        relabelled.update({r: f.disease for r, f in own if FLAG in f.flag_set})
        items = reconcile_study(label, own, genres)
        split, trouble = study_splits(study, own, infos)
        found = study_events_from_percents(study, own, items, profile_by_doc)
        studies.append(study)
        reconciled += items
        derived += split + found
        splits += split
        problems += trouble
    flagged = {row for item in reconciled for row in item.conflict_rows}
    superseded = {row for item in reconciled for row in item.superseded_rows}
    study_of = {d: label for label, c in zip(labels, clusters) for d in c}
    rows = [(r, replace(f, disease=relabelled[r]).with_flags(FLAG) if r in relabelled else f) for r, f in rows]
    final = [f.with_flags("conflict", "superseded" if r in superseded else "") if r in flagged else f for r, f in rows]
    final = [replace(f, study=study_of.get(f.document, "")) for f in final]
    return StudyReport(
        studies=tuple(studies), reconciled=tuple(reconciled), figures=tuple(final), derived=tuple(derived),
        profiles=tuple(profile_list), pairs=tuple(pairs.values()), blocked=tuple(blocked),
        problems=tuple(problems), source=source, splits=tuple(splits),
    )

