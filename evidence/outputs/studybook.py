"""The study table the outputs are drawn from: the one place `evidence.outputs` meets `evidence.studies`.

    book = load_book("outputs/evidence.csv")          # links the table (and its documents sidecar)
    book = book_from_extraction(extract_result)       # links straight from the documents read
    book.frame          # the linked evidence table: `study` filled, `conflict` flags, derived rows
    book.studies        # StudyInfo per study: documents, links, citation, n, diseases, targets, design
    book.verdict(row)   # linking's verdict on the figure a table row reports: preferred row, why, conflict
    book.conflicts      # the figures whose reports disagree
    book.pool_frame("CR")                 # the rows to pool, as `evidence.studies` chose them
    book.pool_frame("CRS", grade=">=3")   # severe toxicity: linking's preferred reports, by grade
    row_id(i)           # the id of frame row i (0-based) in every output: its 1-based row in evidence.csv

Everything else in `evidence.outputs` reads these records, never `evidence.studies` itself, so a
change there is absorbed here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from evidence.schema import Figure, figures_to_frame, frame_to_figures

WHOLE_COHORT_DISEASES = ("", "mixed")


def row_id(index: int) -> int:
    """The evidence row id of the book's frame row `index` (0-based): its 1-based data row in the
    evidence table the run writes (`evidence.csv`), the numbering `derived_from` uses ("row 26").
    `pooled_*.json` and the report name evidence rows by this id."""
    return index + 1


def row_index(row: int) -> int:
    """The frame index (0-based) of evidence row id `row`."""
    return row - 1


@dataclass(frozen=True)
class Link:
    """Why a document belongs to its study."""

    document: str
    linked_to: str
    reasons: tuple[str, ...]
    confidence: float


@dataclass(frozen=True)
class StudyInfo:
    """What the outputs say about one study."""

    study: str                      # its label, as in the table's `study` column
    documents: tuple[str, ...]
    citation: str = ""
    n: int | None = None            # the cohort as the reports state it (may count patients not retreated)
    n_after_failure: int | None = None  # patients given a CAR-T after a failed CAR-T whom the results count
    diseases: tuple[str, ...] = ()
    disease_mix: str = ""           # "ALL 14, NHL 21, CLL 9" when the counts are known
    mixed_cohort: str = ""          # "mixed: ALL, NHL" when its figures call the cohort mixed and name no disease
    prior_target: str = ""
    target: str = ""
    target_relation: str = ""       # same | different | mixed | ""
    design: tuple[str, ...] = ()    # "retrospective", "phase 1", "single-arm", ...
    kinds: tuple[tuple[str, str], ...] = ()  # (document, kind of report)
    links: tuple[Link, ...] = ()
    retreatment: bool = True        # False: not retreatment after failure (a look-alike)
    retreatment_cues: tuple[str, ...] = ()
    characteristics: tuple = ()     # (document, evidence.studies.characteristics.Stated), one per field

    def kind_of(self, document: str) -> str:
        return dict(self.kinds).get(document, "")

    def stated(self, field: str):
        """(document, Stated) for a characteristic the study's reports state ("age", "product",
        "interval", "lymphodepletion", "follow_up"), else None."""
        return next(((d, s) for d, s in self.characteristics if s.field == field), None)

    @property
    def population(self) -> str:
        """The diseases as the reports state them: "ALL 14, NHL 21", "ALL", "mixed: ALL, NHL", or ""."""
        return self.disease_mix or ", ".join(self.diseases) or self.mixed_cohort


@dataclass(frozen=True)
class ReportedValue:
    document: str
    row: int                        # 0-based row of the book's frame
    text: str                       # as printed: "8/44 (18.2%)", "20%", "6 months"
    kind: str = ""                  # the kind of report


@dataclass(frozen=True)
class Verdict:
    """Linking's verdict on one figure of a study, reported by one or more documents."""

    study: str
    what: str                       # "CR, proportion, mixed, infusion 2"
    values: tuple[ReportedValue, ...]
    preferred_row: int
    why: str
    conflict: bool


@dataclass(frozen=True, eq=False)
class StudyBook:
    """The linked evidence table, its studies and verdicts, and the documents it was read from."""

    frame: object                   # pandas DataFrame
    studies: tuple[StudyInfo, ...]
    verdicts: tuple[Verdict, ...]
    documents: tuple = ()           # DocumentInfo or sidecar records (name, format, metadata)
    failures: tuple = ()            # files that could not be read: (name, reason)
    linked_from: str = ""           # "documents" or "table alone"
    texts: dict = field(default_factory=dict)   # document -> extracted text, when known
    report: object = None           # evidence.studies.StudyReport
    _figures: list = field(default_factory=list, repr=False)
    _by_row: dict = field(default_factory=dict, repr=False)
    _splits: dict = field(default_factory=dict, repr=False)
    _positions: dict = field(default_factory=dict, repr=False)

    @property
    def figures(self) -> list[Figure]:
        """The frame's rows as records (index i is row i)."""
        if not self._figures:
            self._figures.extend(frame_to_figures(self.frame))
        return self._figures

    def study(self, name: str) -> StudyInfo:
        for info in self.studies:
            if info.study == name:
                return info
        raise KeyError(name)

    @property
    def retreatment_studies(self) -> tuple[StudyInfo, ...]:
        return tuple(s for s in self.studies if s.retreatment)

    @property
    def conflicts(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if v.conflict)

    def verdict(self, row: int) -> Verdict | None:
        """The verdict on the figure row `row` reports (None for derived rows)."""
        return self._by_row.get(row)

    def pool_candidates(self, outcome: str, grade: str = "") -> list:
        """The rows to pool for `outcome` (one grade of a toxicity at a time), as linking chose
        them: `evidence.studies.pooling.PoolRow` records, one per study or independent part of it."""
        from evidence.studies.pooling import pool_candidates

        return pool_candidates(self.report, outcome, grade=grade)

    def row_of(self, figure) -> int:
        """The frame index (0-based) of a figure of this book, -1 when it is not one."""
        if not self._positions:
            self._positions.update({id(f): i for i, f in enumerate(self.figures)})
        found = self._positions.get(id(figure))
        if found is not None:
            return found
        return next((i for i, f in enumerate(self.figures) if f == figure), -1)

    def pool_frame(self, outcome: str, grade: str = ""):
        """The evidence rows behind `pool_candidates` (summed parts left out), indexed by their
        index in `frame` (0-based; `row_id` gives its id)."""
        chosen = [r.figure for r in self.pool_candidates(outcome, grade) if r.figure is not None]
        chosen_frame = figures_to_frame(chosen)
        chosen_frame.index = [self.row_of(f) for f in chosen]
        return chosen_frame

    def split_rows(self, outcome: str) -> dict[tuple[str, str], int]:
        """(study, "same" | "different") -> the row linking pools for that part of a study's cohort."""
        from evidence.studies import pool_figures
        from evidence.errors import EvidenceError

        if outcome not in self._splits:
            try:
                chosen = pool_figures(self.report, outcome)
            except EvidenceError:
                chosen = []
            index = {f: i for i, f in enumerate(self.figures)}
            self._splits[outcome] = {(f.study, f.target_relation): index[f] for f in chosen
                                     if f.target_relation in ("same", "different") and not f.subgroup and f in index}
        return self._splits[outcome]

    def profiles_json(self) -> list[dict]:
        """The documents' profiles as the documents sidecar keeps them, so that linking the table
        again later (`evidence studies`, `compare`, `report`) finds the same studies."""
        from evidence.studies.sources import profiles_to_json

        return profiles_to_json(self.report.profiles)

    def to_json(self) -> dict:
        """What `evidence studies --json` prints for the same table."""
        return self.report.to_json()


def _rows_of(verdict: Verdict) -> list[int]:
    return [v.row for v in verdict.values]


# -- building the book ------------------------------------------------------------------------------

def load_book(table_path, map_path=None) -> StudyBook:
    """Link the evidence table at `table_path` (with its documents sidecar, when there is one);
    `map_path`: a file of document,study corrections (see `evidence studies --map`)."""
    from evidence.errors import TableError
    from evidence.studies import studies_for_table

    report = studies_for_table(table_path, map_path)
    documents = _sidecar_documents(table_path)
    try:
        return report_to_book(report, documents.get("documents", ()), documents.get("failures", ()))
    except ValueError as error:
        raise TableError(f"{table_path}: {error}") from error


def book_from_extraction(result, report=None) -> StudyBook:
    """Link what `evidence.pipeline.extract_paths` read, with the documents' text at hand (or take
    `report`, the StudyReport of that linking when it was already done)."""
    from evidence.studies import link_extraction

    if report is None:
        report = link_extraction(result.figures, result.documents)
    failures = tuple((f.name, f.reason) for f in result.failures)
    texts = {d.name: d.text for d in result.documents}
    return report_to_book(report, tuple(result.documents), failures, texts)


def _sidecar_documents(table_path) -> dict:
    import json

    from evidence.extraction import documents_path_for

    path = documents_path_for(table_path)
    if not path.exists():
        return {}
    from evidence.discover import read_regular

    try:
        data = json.loads(read_regular(path).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {"documents": tuple(_SidecarDocument(d.get("name", ""), d.get("format", ""), d.get("metadata") or {},
                                                d.get("sha256", ""))
                               for d in data.get("documents", ())),
            "failures": tuple((f.get("document", ""), f.get("reason", "")) for f in data.get("failures", ()))}


@dataclass(frozen=True)
class _SidecarDocument:
    name: str
    format: str
    metadata: dict
    sha256: str = ""


def report_to_book(report, documents=(), failures=(), texts=None) -> StudyBook:
    """A StudyBook from an `evidence.studies.StudyReport`."""
    figures = list(report.figures) + list(report.derived)
    frame = figures_to_frame(figures)
    studies = tuple(_study_info(s, _mixed_cohort(s, report)) for s in report.studies)
    verdicts = tuple(_verdict(item) for item in report.reconciled)
    book = StudyBook(frame=frame, studies=studies, verdicts=verdicts, documents=tuple(documents),
                     failures=tuple(failures), linked_from=report.to_json().get("linked_from", ""),
                     texts=dict(texts or {}), report=report)
    book._figures.extend(figures)
    book._by_row.update(_verdicts_by_row(report, verdicts))
    return book


def _mixed_cohort(study, report) -> str:
    """ "mixed: ALL, NHL" for a study whose figures call the cohort mixed and name no one disease
    (the diseases its reports name, when they name any), else ""."""
    if study.diseases or not any(f.study == study.study and f.disease == "mixed" for f in report.figures):
        return ""
    named = sorted({d for p in report.profiles if p.document in study.documents for d in p.diseases})
    return "mixed: " + ", ".join(named) if named else "mixed"


def _study_info(study, mixed_cohort: str = "") -> StudyInfo:
    return StudyInfo(
        study=study.study, documents=tuple(study.documents), citation=study.citation, n=study.n,
        n_after_failure=study.n_after_failure, mixed_cohort=mixed_cohort,
        diseases=tuple(study.diseases), disease_mix=study.disease_mix if study.disease_counts else "",
        prior_target=study.prior_target, target=study.target, target_relation=study.target_relation,
        design=tuple(study.design), kinds=tuple(zip(study.documents, study.kinds)),
        links=tuple(Link(k.document, k.linked_to, tuple(k.reasons), k.confidence) for k in study.links),
        retreatment=study.retreatment_after_failure, retreatment_cues=tuple(study.retreatment_cues),
        characteristics=tuple(study.characteristics),
    )


def _verdict(item) -> Verdict:
    from evidence.studies.reconcile import KEY_FIELDS

    parts = []
    for name, value in zip(KEY_FIELDS, item.key):
        if value in ("", None) or name in ("measure",) and value == "proportion":
            continue
        if name == "infusion":
            value = f"infusion {value}"
        elif name == "grade":
            value = f"grade {value}"
        elif name == "timepoint_months":
            value = f"at {value:g} months"
        parts.append(str(value))
    values = tuple(ReportedValue(v.document, v.row - 1, v.shown(), v.genre.kind) for v in item.values)
    return Verdict(study=item.study, what=", ".join(parts), values=values,
                   preferred_row=item.preferred.row - 1, why=item.why, conflict=item.conflict)


def _verdicts_by_row(report, verdicts) -> dict[int, Verdict]:
    """Frame row -> verdict, for every read row (a verdict lists one row per document; the other
    rows of its figure are found by the figure's key)."""
    from evidence.studies.reconcile import figure_to_key, study_context

    by_key = {(item.study, item.key): verdict for item, verdict in zip(report.reconciled, verdicts)}
    by_study: dict[str, list] = {}
    for row, figure in enumerate(report.figures):
        by_study.setdefault(figure.study, []).append((row, figure))
    found = {}
    for study, rows in by_study.items():
        single, relation = study_context([f for _, f in rows if not f.derived])
        for row, figure in rows:
            verdict = by_key.get((study, figure_to_key(figure, single, relation)))
            if verdict is not None:
                found[row] = verdict
    return found


def is_whole_cohort(figure: Figure, study_figures) -> bool:
    """A figure about the second infusion in the whole cohort of its study: no subgroup, and no
    single disease or target relation when the study has several."""
    if figure.subgroup or figure.infusion != "2":
        return False
    diseases = {f.disease for f in study_figures} - set(WHOLE_COHORT_DISEASES)
    relations = {f.target_relation for f in study_figures} - {"", "mixed"}
    whole_disease = figure.disease in WHOLE_COHORT_DISEASES or len(diseases) == 1
    whole_relation = figure.target_relation in ("", "mixed") or len(relations) == 1
    return whole_disease and whole_relation


def values_agree(a: Figure, b: Figure) -> bool:
    """Whether two reports can be the same number, allowing for the rounding of printed values."""
    from evidence.studies.rounding import Printed, agree

    return agree(Printed(a.value, a.events, a.total, a.unit), Printed(b.value, b.events, b.total, b.unit))
