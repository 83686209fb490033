"""Precision and recall of an evidence table against exhaustive, population-aware gold figures.

The rules are those of `../shared/realdev/README.md`, whose `score.py` is the reference
implementation: `evidence eval` agrees with it number for number (a test checks this where
`../shared` exists).

- A row can match a gold figure only in the same document (compared by file name; a record of
  a PubMed file, `records.xml#PMID`, by name and record), with the same outcome and measure.
- Population: every field the gold gives is checked. `grade` by class (`grade 3-4`, `severe`
  and `>=3` are one class; a gold `any` also accepts a row without a grade); `timepoint_months`
  within 0.5 month for `rate_at`; `infusion` always (an empty gold `infusion` is a group that
  received no CAR-T and needs an empty row `infusion`; a gold `mixed` accepts `mixed`, `1` or
  empty); `target_relation` when the gold gives one; `disease` when the gold gives one (a gold
  `NHL` also accepts LBCL, FL, MCL and the other B-NHL labels, `LBCL` accepts DLBCL; a gold
  `mixed` needs `mixed`); the population label: a gold line about a whole cohort needs an
  empty `subgroup` (the row's `arm` may name the CAR-T arm), a gold line about an arm, a
  comparator or a restriction needs the row to name one in `arm` or `subgroup` (for a disease
  subgroup of a mixed cohort the disease check decides).
- Value: a proportion or rate within 0.0051 (printed percents are rounded), a median within
  2%; where both sides give events and total, those must be equal.
- Recall: gold figures matched by some row, reported for `core` and `hard` figures and for
  `OTHER` outcomes apart. Precision: rows matching some gold figure / rows, over all rows and
  over rows not flagged `uncertain`. Derived rows count like any other.
- A gold figure no row matches is *missed*, with the fields that failed in its nearest row
  (one with the right outcome, measure and value); when a row has everything right but the
  value, the figure is *wrong* (listed with that row).
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from evidence.errors import GoldError

PROPORTION_TOLERANCE = 0.0051
MEDIAN_RELATIVE_TOLERANCE = 0.02
TIMEPOINT_TOLERANCE_MONTHS = 0.5
LEVELS = ("core", "hard", "OTHER")
NULL_WORDS = {"", "nan", "none", "null", "unknown", "<na>"}
GRADE_CLASSES = {
    ">=3": ">=3", "≥3": ">=3", "3+": ">=3", "3-5": ">=3", "3-4": ">=3", "3–4": ">=3", "severe": ">=3",
    "any": "any", "all": "any", "1-2": "1-2", "<3": "1-2", "≤2": "1-2", "<=2": "1-2", "mild": "1-2",
}
DISEASE_WITHIN = {  # a gold disease also matched by these narrower labels
    "NHL": ("LBCL", "DLBCL", "FL", "MCL", "BL", "PMBCL", "B-NHL", "HGBL", "TFL"),
    "LBCL": ("DLBCL", "PMBCL", "HGBL", "TFL"), "DLBCL": ("LBCL",), "ALL": ("B-ALL",), "B-ALL": ("ALL",),
    "MM": ("MYELOMA",), "CLL": ("SLL", "CLL/SLL"),
}
KEY_FIELDS = ("outcome", "measure", "value")


@dataclass(frozen=True)
class Recall:
    found: int
    gold: int

    @property
    def recall(self) -> float | None:
        return self.found / self.gold if self.gold else None

    def to_json(self) -> dict:
        return {"recall": self.recall, "found": self.found, "gold": self.gold}


@dataclass(frozen=True)
class Precision:
    correct: int
    rows: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.rows if self.rows else None

    def to_json(self) -> dict:
        return {"precision": self.precision, "correct": self.correct, "rows": self.rows}


@dataclass(frozen=True)
class Evaluation:
    recall: Recall
    by_level: dict[str, Recall]
    by_outcome: dict[str, Recall]
    precision: Precision
    precision_unflagged: Precision
    near_miss_fields: dict[str, int]
    missed: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)

    @property
    def f1(self) -> float | None:
        p, r = self.precision.precision, self.recall.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_json(self) -> dict:
        return {
            "recall": self.recall.to_json(),
            "by_level": {k: v.to_json() for k, v in self.by_level.items()},
            "by_outcome": {k: v.to_json() for k, v in self.by_outcome.items()},
            "precision": self.precision.to_json(),
            "precision_unflagged": self.precision_unflagged.to_json(),
            "f1": self.f1,
            "near_miss_fields": self.near_miss_fields,
            "missed": self.missed,
            "wrong": self.wrong,
            "extra": self.extra,
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
        if not isinstance(row, dict):
            raise GoldError(f"{path} line {number}: not a JSON object")
        missing = [k for k in ("document", "outcome", "measure", "value") if k not in row]
        if missing:
            raise GoldError(f"{path} line {number}: missing {', '.join(missing)}")
        gold.append(row)
    return gold


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return None if text.lower() in NULL_WORDS else text


def _number(value) -> float | None:
    try:
        number = float(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _grade_class(value) -> str:
    text = (_text(value) or "").replace(" ", "").lower().replace("grade", "")
    return GRADE_CLASSES.get(text, text)


def document_names(row: dict) -> tuple[str, str]:
    """The file name of a row's document, with and without a record fragment ("pubmed.xml#123")."""
    name = os.path.basename(str(row.get("document", "")))
    return name, name.split("#")[0]


def _infusion_ok(gold: dict, row: dict) -> bool:
    wanted, got = gold.get("infusion"), _number(row.get("infusion"))
    if wanted == "mixed":
        return got in (None, 1) or _text(row.get("infusion")) == "mixed"
    wanted = _number(wanted)
    return (wanted is None and got is None) or (wanted is not None and got is not None and int(got) == int(wanted))


def _label_ok(gold: dict, row: dict) -> bool | None:
    """The population label; None where the disease check decides (a disease subgroup)."""
    if gold.get("subgroup_kind") == "disease" and _text(gold.get("disease")):
        return None
    if _text(gold.get("subgroup")):
        return bool(_text(row.get("subgroup")) or _text(row.get("arm")))
    return not _text(row.get("subgroup"))


def _value_ok(gold: dict, row: dict) -> bool:
    value = _number(row.get("value"))
    if value is None:
        return False
    if gold["measure"] in ("proportion", "rate_at"):
        ok = value <= 1.0001 and abs(value - gold["value"]) <= PROPORTION_TOLERANCE
    else:
        ok = abs(value - gold["value"]) <= MEDIAN_RELATIVE_TOLERANCE * abs(gold["value"]) + 1e-9
    events, total = _number(row.get("events")), _number(row.get("total"))
    if ok and "events" in gold and events is not None and total is not None:
        ok = events == gold["events"] and total == gold["total"]
    return ok


def field_checks(gold: dict, row: dict) -> list[tuple[str, bool]]:
    """(field, ok) for every check deciding whether `row` is the gold figure; the value comes last."""
    checks = [("outcome", _text(row.get("outcome")) == gold["outcome"]),
              ("measure", _text(row.get("measure")) == gold["measure"])]
    if "grade" in gold:
        got, wanted = _grade_class(row.get("grade")), _grade_class(gold["grade"])
        checks.append(("grade", got == wanted or (wanted == "any" and got == "")))
    if gold["measure"] == "rate_at" and "timepoint_months" in gold:
        got = _number(row.get("timepoint_months"))
        checks.append(("timepoint", got is not None and abs(got - gold["timepoint_months"]) <= TIMEPOINT_TOLERANCE_MONTHS))
    checks.append(("infusion", _infusion_ok(gold, row)))
    if _text(gold.get("target_relation")):
        checks.append(("target_relation", _text(row.get("target_relation")) == gold["target_relation"]))
    if _text(gold.get("disease")):
        wanted, got = gold["disease"].upper(), (_text(row.get("disease")) or "").upper()
        checks.append(("disease", got == wanted or got in DISEASE_WITHIN.get(wanted, ())))
    label = _label_ok(gold, row)
    if label is not None:
        checks.append(("subgroup", label))
    checks.append(("value", _value_ok(gold, row)))
    return checks


def _level(gold: dict) -> str:
    return "OTHER" if gold["outcome"] == "OTHER" else gold.get("level", "core")


def _flagged_uncertain(row: dict) -> bool:
    return "uncertain" in str(row.get("flags") or "")


def evaluate(rows: list[dict], gold: list[dict]) -> Evaluation:
    """Score table `rows` (dicts with the table's columns) against exhaustive `gold` figures."""
    documents = {g["document"] for g in gold}
    rows = [r for r in rows if set(document_names(r)) & documents]
    by_document: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        for name in set(document_names(row)):
            by_document.setdefault(name, []).append(index)

    matched_rows: set[int] = set()
    found = []
    near_miss_fields: dict[str, int] = {}
    missed, wrong = [], []
    for g in gold:
        hit, nearest = False, None
        for index in by_document.get(g["document"], ()):
            failed = [name for name, ok in field_checks(g, rows[index]) if not ok]
            if not failed:
                matched_rows.add(index)
                hit = True
            elif not set(failed) & set(KEY_FIELDS) and (nearest is None or len(failed) < len(nearest)):
                nearest = failed
        found.append(hit)
        if hit:
            continue
        if nearest:
            for name in nearest:
                near_miss_fields[name] = near_miss_fields.get(name, 0) + 1
        value_only = [i for i in by_document.get(g["document"], ())
                      if [n for n, ok in field_checks(g, rows[i]) if not ok] == ["value"]]
        if value_only:
            wrong.append({"gold": g, "found": _brief(rows[value_only[0]])})
        missed.append({**g, "failed": nearest or (["value"] if value_only else [])})

    def recall(select) -> Recall:
        hits = [ok for g, ok in zip(gold, found) if select(g)]
        return Recall(found=sum(hits), gold=len(hits))

    sure = {i for i, r in enumerate(rows) if not _flagged_uncertain(r)}
    outcomes = sorted({g["outcome"] for g in gold})
    return Evaluation(
        recall=recall(lambda g: True),
        by_level={level: recall(lambda g, level=level: _level(g) == level) for level in LEVELS},
        by_outcome={o: recall(lambda g, o=o: g["outcome"] == o) for o in outcomes},
        precision=Precision(correct=len(matched_rows), rows=len(rows)),
        precision_unflagged=Precision(correct=len(matched_rows & sure), rows=len(sure)),
        near_miss_fields=dict(sorted(near_miss_fields.items())),
        missed=missed,
        wrong=wrong,
        extra=[_brief(r) for i, r in enumerate(rows) if i not in matched_rows],
    )


def _brief(row: dict) -> dict:
    keep = ("document", "outcome", "outcome_text", "measure", "value", "events", "total", "disease", "infusion",
            "arm", "grade", "timepoint_months", "subgroup", "target_relation", "flags", "quote")
    return {k: _text(row.get(k)) if k not in ("value", "events", "total", "timepoint_months") else _number(row.get(k))
            for k in keep}


EVIDENCE_COLUMNS = ("document", "outcome", "measure", "value")


def evaluate_table(table_path, gold_path) -> Evaluation:
    from evidence.errors import TableError
    from evidence.schema import normalise_frame
    from evidence.tableio import read_table

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
