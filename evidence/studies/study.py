"""One study as its reports describe it: documents, how they were linked, citation, design, cohort,
targets, and whether its patients were retreated after failure.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from evidence.studies import rules
from evidence.studies.characteristics import study_characteristics
from evidence.studies.labels import rank
from evidence.studies.profile import DocumentProfile


@dataclass(frozen=True)
class DocumentLink:
    """Why a document belongs to its study: its strongest evidence with another report of it."""

    document: str
    linked_to: str
    reasons: tuple[str, ...]
    confidence: float

    def to_json(self) -> dict:
        return {"document": self.document, "linked_to": self.linked_to, "reasons": list(self.reasons),
                "confidence": self.confidence}


@dataclass(frozen=True)
class Study:
    study: str
    documents: tuple[str, ...]
    kinds: tuple[str, ...]  # each document's kind of report, in `documents` order
    links: tuple[DocumentLink, ...]
    citation: str = ""
    design: tuple[str, ...] = ()
    n: int | None = None
    diseases: tuple[str, ...] = ()
    disease_counts: tuple[tuple[str, int], ...] = ()  # only when they add up to n
    prior_target: str = ""
    target: str = ""
    target_relation: str = ""
    retreatment_after_failure: bool = True
    retreatment_cues: tuple[str, ...] = ()
    n_after_failure: int | None = None  # patients given a CAR-T after a failed CAR-T whom the results count
    characteristics: tuple = ()  # (document, Stated): the best report's statement of each characteristic

    @property
    def disease(self) -> str:
        return self.diseases[0] if len(self.diseases) == 1 else ("mixed" if self.diseases else "")

    @property
    def disease_mix(self) -> str:
        if self.disease_counts:
            return ", ".join(f"{d} {n}" for d, n in self.disease_counts)
        return ", ".join(self.diseases)

    def to_json(self) -> dict:
        return {
            "study": self.study, "documents": list(self.documents), "citation": self.citation, "n": self.n,
            "disease": self.disease, "diseases": list(self.diseases), "disease_mix": self.disease_mix,
            "prior_target": self.prior_target, "target": self.target, "target_relation": self.target_relation,
            "design": ", ".join(self.design), "retreatment_after_failure": self.retreatment_after_failure,
            "retreatment_cues": list(self.retreatment_cues), "n_after_failure": self.n_after_failure,
            "characteristics": {s.field: {"value": s.value, "document": d, "quote": s.quote, "start": s.start,
                                          "end": s.end} for d, s in self.characteristics},
            "kinds": dict(zip(self.documents, self.kinds)),
            "links": [link.to_json() for link in self.links],
        }


def _mode(values, tie_order=None) -> str:
    values = [v for v in values if v]
    if not values:
        return ""
    counts = Counter(values)
    return max(counts, key=lambda v: (counts[v], -(tie_order or values).index(v)))


def profiles_to_n(profiles: list[DocumentProfile]) -> int | None:
    ranked = sorted(profiles, key=rank)
    sizes = [p.n for p in ranked if p.n]
    if not sizes:
        return None
    counts = Counter(sizes)
    return max(counts, key=lambda n: (counts[n], -sizes.index(n)))


def study_diseases(profiles: list[DocumentProfile], figures) -> tuple[str, ...]:
    """Diseases the figures name, and those whose patients the reports count; else the diseases
    most of the reports mention."""
    named = {f.disease for f in figures if f.disease not in rules.WHOLE_COHORT_DISEASES}
    named |= {d for p in profiles for d, _ in p.disease_counts}
    if named:
        return tuple(sorted(named))
    counts = Counter(d for p in profiles for d in p.diseases)
    return tuple(sorted(d for d, c in counts.items() if c > len(profiles) / 2))


def pinned_disease_counts(profiles, diseases, n) -> tuple[tuple[str, int], ...]:
    """Disease counts the reports agree on and that add up to the cohort (14 + 21 + 9 = 44)."""
    stated: dict[str, set[int]] = {}
    for p in profiles:
        for disease, count in p.disease_counts:
            stated.setdefault(disease, set()).add(count)
    if not n or len(diseases) < 2 or any(len(stated.get(d, ())) != 1 for d in diseases):
        return ()
    counts = tuple((d, next(iter(stated[d]))) for d in diseases)
    return counts if sum(c for _, c in counts) == n else ()


def retreatment(profiles) -> tuple[bool, tuple[str, ...]]:
    after = sum(p.after_failure for p in profiles)
    not_after = sum(p.not_after_failure for p in profiles)
    lookalike = not_after >= rules.LOOKALIKE_MIN_WEIGHT and not_after > after
    prefix = "look-alike: " if lookalike else "after failure: "
    cues = tuple(dict.fromkeys(c[len(prefix):] for p in profiles for c in p.retreatment_cues if c.startswith(prefix)))
    return not lookalike, cues


def retreated_after_failure(figures, diseases) -> int | None:
    """How many patients received a CAR-T after a failed CAR-T, as the study's results count them:
    the largest denominator of a figure about the whole cohort's CAR-T after a prior CAR-T, or the
    sum of its same- and different-target parts, or of its after-failure subgroups (after relapse,
    after non-response). None when no such figure gives a denominator: a cohort size that also
    counts patients not retreated after failure (relapse prevention, a planned sequence, CAR-naive
    patients) is not this number."""
    whole_diseases = set(rules.WHOLE_COHORT_DISEASES) | (set(diseases) if len(diseases) == 1 else set())
    about = [f for f in figures if f.infusion == "2" and f.measure == "proportion" and f.total
             and not rules.unconfirmed(f.flag_set)
             and f.disease in whole_diseases]
    whole = [f.total for f in about if not f.subgroup and f.target_relation in ("", "mixed")]
    candidates = [max(whole)] if whole else []
    for parts in (("same", "different"), rules.AFTER_FAILURE_SUBGROUPS):
        sizes = {}
        for f in about:
            key = f.target_relation if parts[0] == "same" and not f.subgroup else f.subgroup
            if key in parts:
                sizes[key] = max(sizes.get(key, 0), f.total)
        if sizes and (parts[0] != "same" or len(sizes) == 2):
            candidates.append(sum(sizes.values()))
    if not candidates and len({f.target_relation for f in about if not f.subgroup}) == 1:
        candidates = [f.total for f in about if not f.subgroup]
    return max(candidates) if candidates else None


def build_study(label: str, profiles: list[DocumentProfile], figures, links) -> Study:
    """The study record from its documents' profiles and figures (read, not derived)."""
    ranked = sorted(profiles, key=rank)
    figures = [f for f in figures if not f.derived]
    n = profiles_to_n(profiles)
    diseases = study_diseases(profiles, figures)
    after_failure, cues = retreatment(profiles)
    # the targets of the CAR-T after the first: its figures', else those of a whole sequence reported with it
    about_second = [f for f in figures if f.infusion == "2"] or [f for f in figures if f.infusion == "mixed"]
    relation = _mode([f.target_relation for f in about_second])
    return Study(
        study=label,
        documents=tuple(p.document for p in profiles),
        kinds=tuple(p.kind for p in profiles),
        links=tuple(links),
        citation=next((p.citation for p in ranked if p.citation), ""),
        design=tuple(d for d in rules.DESIGN_ORDER if any(d in p.design for p in profiles)),
        n=n,
        diseases=diseases,
        disease_counts=pinned_disease_counts(profiles, diseases, n),
        prior_target=_mode([f.prior_target for f in about_second]),
        target=_mode([f.target for f in about_second]),
        target_relation=relation,
        retreatment_after_failure=after_failure,
        retreatment_cues=cues,
        n_after_failure=retreated_after_failure(figures, diseases) if after_failure else None,
        characteristics=tuple(study_characteristics(ranked).values()),
    )
