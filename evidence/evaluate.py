"""Precision, recall and F1 of an evidence table against hand-extracted gold figures.

Matching rules (what `evidence eval` counts):

- A table row and a gold figure can match only when they are about the same document (the
  table's `document` equals the gold's, or ends with "/" + the gold's), outcome and measure.
- Population: every population field the gold gives (`disease`, `infusion`, `grade`,
  `timepoint_months`, `subgroup`, and `target_relation` when the gold row has `split: true`)
  must be equal in the row (case-insensitive; timepoints within 0.01 month). A population
  field the gold leaves out matches anything, but a row that adds one (a disease where the
  gold describes the whole cohort, a subgroup where it has none) is a worse match and is
  only taken as *correct*, never as *wrong*. `disease` "mixed" in a row equals no disease.
- Value: a proportion is correct within 0.0051 of the gold value (printed percents are
  rounded); a median or rate within 1% (or 0.05 months). Where both give events and total,
  or a confidence interval, those must agree too.
- Each gold figure is matched to at most one row and each row to at most one gold figure:
  correct pairs first (most specific gold first, closest population first), then *wrong*
  pairs: same outcome and exactly the same population, another value.
- Precision counts the table's rows in documents the gold covers: correct / rows. Recall:
  correct / gold figures, overall, per level (`core`, `hard`) and per outcome. A wrong
  figure is neither correct nor missed-and-silent: it is listed under `wrong`.
- Derived rows (`derived` true: arithmetic by linking, not reading) count as found only when
  they match a gold figure, correctly or wrongly; the others are listed under `derived_extra`
  and do not lower precision (a gold file lists what articles say, not all that follows).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from evidence.errors import GoldError

POPULATION_FIELDS = ("disease", "infusion", "grade", "timepoint_months", "subgroup")
PROPORTION_TOLERANCE = 0.0051
RELATIVE_TOLERANCE = 0.01
MONTHS_TOLERANCE = 0.05


@dataclass(frozen=True)
class Score:
    correct: int
    gold: int
    found: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if not p or not r:
            return 0.0 if (p is not None and r is not None) else None
        return 2 * p * r / (p + r)

    def to_json(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "correct": self.correct, "gold": self.gold, "found": self.found}


@dataclass(frozen=True)
class Evaluation:
    overall: Score
    by_level: dict[str, Score]
    by_outcome: dict[str, Score]
    missed: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    derived_extra: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "overall": self.overall.to_json(),
            "by_level": {k: v.to_json() for k, v in self.by_level.items()},
            "by_outcome": {k: v.to_json() for k, v in self.by_outcome.items()},
            "missed": self.missed,
            "wrong": self.wrong,
            "extra": self.extra,
            "derived_extra": self.derived_extra,
        }


def read_gold(path) -> list[dict]:
    path = Path(path)
    if not path.exists():
        raise GoldError(f"{path}: no such gold file")
    from evidence.discover import read_regular

    try:
        text = read_regular(path).decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise GoldError(f"{path}: the gold file cannot be read ({error})") from error
    gold = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{path} line {number}: not JSON ({error.msg})") from error
        missing = [k for k in ("document", "outcome", "measure", "value") if k not in row]
        if missing:
            raise GoldError(f"{path} line {number}: missing {', '.join(missing)}")
        gold.append(row)
    return gold


def _blank(value) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _norm(field_name: str, value):
    if _blank(value):
        return None
    if field_name == "timepoint_months":
        return round(float(value), 2)
    if field_name == "infusion":
        return int(value)
    text = str(value).strip().lower()
    if field_name == "disease" and text == "mixed":
        return None
    return text or None


def _same_document(row_document: str, gold_document: str) -> bool:
    return row_document == gold_document or row_document.endswith("/" + gold_document)


def _population(gold: dict, row: dict) -> tuple[bool, int]:
    """(compatible, extra): whether the row fits the gold's population, and how many fields it adds."""
    extra = 0
    fields_ = POPULATION_FIELDS + (("target_relation",) if gold.get("split") else ())
    for name in fields_:
        g, r = _norm(name, gold.get(name)), _norm(name, row.get(name))
        if g is None:
            if r is not None and name in ("disease", "subgroup"):
                extra += 1
            continue
        if name == "timepoint_months":
            if r is None or abs(g - r) > 0.01:
                return False, 0
        elif g != r:
            return False, 0
    return True, extra


def _close(a, b, proportion: bool) -> bool:
    if _blank(a) or _blank(b):
        return True
    a, b = float(a), float(b)
    if proportion:
        return abs(a - b) <= PROPORTION_TOLERANCE
    return abs(a - b) <= max(MONTHS_TOLERANCE, RELATIVE_TOLERANCE * abs(b))


def _value_correct(gold: dict, row: dict) -> bool:
    proportion = gold["measure"] == "proportion" or gold.get("unit") == "proportion"
    if not _close(row.get("value"), gold["value"], proportion):
        return False
    for name in ("events", "total"):
        if not _blank(gold.get(name)) and not _blank(row.get(name)) and int(gold[name]) != int(row[name]):
            return False
    for name in ("ci_low", "ci_high"):
        if not _close(row.get(name), gold.get(name), proportion):
            return False
    return True


def evaluate(rows: list[dict], gold: list[dict]) -> Evaluation:
    """Score table `rows` (dicts with the table's columns) against `gold` figures."""
    documents = {g["document"] for g in gold}
    rows = [r for r in rows if any(_same_document(str(r.get("document", "")), d) for d in documents)]
    candidates = []  # (gold index, row index, correct, extra)
    for gi, g in enumerate(gold):
        for ri, r in enumerate(rows):
            if not (_same_document(str(r.get("document", "")), g["document"])
                    and r.get("outcome") == g["outcome"] and r.get("measure") == g["measure"]):
                continue
            compatible, extra = _population(g, r)
            if compatible:
                candidates.append((gi, ri, _value_correct(g, r), extra))

    specificity = {gi: sum(not _blank(g.get(f)) for f in POPULATION_FIELDS) for gi, g in enumerate(gold)}
    matched_gold: dict[int, tuple[int, bool]] = {}
    used_rows: set[int] = set()
    correct_pairs = sorted((c for c in candidates if c[2]), key=lambda c: (-specificity[c[0]], c[3], c[0], c[1]))
    for gi, ri, _, _ in correct_pairs:
        if gi not in matched_gold and ri not in used_rows:
            matched_gold[gi] = (ri, True)
            used_rows.add(ri)
    wrong_pairs = sorted((c for c in candidates if not c[2] and c[3] == 0), key=lambda c: (c[0], c[1]))
    for gi, ri, _, _ in wrong_pairs:
        if gi not in matched_gold and ri not in used_rows:
            matched_gold[gi] = (ri, False)
            used_rows.add(ri)

    def counted(ri: int, r: dict) -> bool:
        return ri in used_rows or not _is_derived(r)

    def score(gold_ids, row_filter) -> Score:
        correct = sum(1 for gi in gold_ids if matched_gold.get(gi, (None, False))[1])
        found = sum(1 for ri, r in enumerate(rows) if row_filter(r) and counted(ri, r))
        return Score(correct=correct, gold=len(gold_ids), found=found)

    all_ids = list(range(len(gold)))
    levels = sorted({g.get("level", "core") for g in gold})
    outcomes = sorted({g["outcome"] for g in gold} | {r.get("outcome") for r in rows})
    by_level = {
        level: score([gi for gi in all_ids if gold[gi].get("level", "core") == level], lambda r: False)
        for level in levels
    }
    by_outcome = {
        outcome: score([gi for gi in all_ids if gold[gi]["outcome"] == outcome], lambda r, o=outcome: r.get("outcome") == o)
        for outcome in outcomes
    }
    missed = [gold[gi] for gi in all_ids if gi not in matched_gold]
    wrong = [{"gold": gold[gi], "found": _brief(rows[ri])} for gi, (ri, ok) in sorted(matched_gold.items()) if not ok]
    extra = [_brief(r) for ri, r in enumerate(rows) if ri not in used_rows and not _is_derived(r)]
    derived_extra = [_brief(r) for ri, r in enumerate(rows) if ri not in used_rows and _is_derived(r)]
    return Evaluation(
        overall=score(all_ids, lambda r: True),
        by_level=by_level,
        by_outcome=by_outcome,
        missed=missed,
        wrong=wrong,
        extra=extra,
        derived_extra=derived_extra,
    )


def _is_derived(row: dict) -> bool:
    value = row.get("derived")
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value) and not _blank(value)


def _brief(row: dict) -> dict:
    keep = ("document", "outcome", "measure", "value", "events", "total", "disease", "infusion", "grade",
            "timepoint_months", "subgroup", "target_relation", "quote")
    return {k: (None if _blank(row.get(k)) else row.get(k)) for k in keep}


EVIDENCE_COLUMNS = ("document", "outcome", "measure", "value")


def evaluate_table(table_path, gold_path) -> Evaluation:
    from evidence.schema import normalise_frame
    from evidence.tableio import read_table

    from evidence.errors import TableError

    raw = read_table(table_path)
    missing = [c for c in EVIDENCE_COLUMNS if c not in raw.columns]
    if missing:
        raise TableError(f"{table_path}: not an evidence table (missing {', '.join(missing)}); "
                         "give a table written by evidence extract")
    frame = normalise_frame(raw)
    empty = [str(n) for n, missing in enumerate(frame["value"].isna(), start=1) if missing]
    if empty:
        raise TableError(f"{table_path}: row{'s' if len(empty) > 1 else ''} {', '.join(empty[:10])}"
                         f"{' ...' if len(empty) > 10 else ''} ha{'ve' if len(empty) > 1 else 's'} no value "
                         "(empty, not a number, or infinite); fix or remove them")
    rows = [{k: (None if _is_na(v) else v) for k, v in r.items()} for r in frame.to_dict("records")]
    return evaluate(rows, read_gold(gold_path))


def _is_na(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
