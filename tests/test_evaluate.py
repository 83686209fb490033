"""`evidence eval` matching rules (those of ../shared/realdev/README.md), as tables of rows against gold."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidence.evaluate import evaluate, field_checks

GOLD = [
    {"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.21, "disease": "ALL", "infusion": 2,
     "subgroup": "", "level": "core"},
    {"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.2, "infusion": 2, "disease": "mixed",
     "subgroup": "", "level": "hard"},
    {"document": "a.txt", "outcome": "OS", "measure": "median", "value": 15.0, "infusion": 2, "level": "core"},
    {"document": "a.txt", "outcome": "OTHER", "outcome_text": "death", "measure": "proportion", "value": 0.1,
     "infusion": None, "subgroup": "comparator: chemotherapy", "subgroup_kind": "comparator", "level": "core"},
]


def row(**fields):
    base = {"document": "a.txt", "measure": "proportion", "infusion": "2", "disease": "", "subgroup": "", "arm": "",
            "grade": "", "flags": ""}
    base.update(fields)
    return base


CASES = [
    # id, rows, (gold found, rows matching gold, rows, wrong)
    ("all-found", [row(outcome="CR", value=0.21, disease="ALL"), row(outcome="CR", value=0.2045, disease="mixed"),
                   row(outcome="OS", measure="median", value=15.2),
                   row(outcome="OTHER", value=0.1, infusion="", arm="chemotherapy")], (4, 4, 4, 0)),
    ("rounding-within-tolerance", [row(outcome="CR", value=0.214, disease="ALL")], (1, 1, 1, 0)),
    ("wrong-value", [row(outcome="CR", value=0.30, disease="ALL")], (0, 0, 1, 1)),
    ("median-beyond-2-percent", [row(outcome="OS", measure="median", value=15.4)], (0, 0, 1, 1)),
    ("other-disease-is-not-a-match", [row(outcome="CR", value=0.21, disease="CLL")], (0, 0, 1, 0)),
    ("narrower-disease-matches", [row(outcome="CR", value=0.21, disease="B-ALL")], (1, 1, 1, 0)),
    ("mixed-gold-needs-mixed", [row(outcome="CR", value=0.2, disease="ALL")], (0, 0, 1, 1)),  # and is the ALL figure, wrong
    ("first-infusion-is-not-second", [row(outcome="CR", value=0.21, disease="ALL", infusion="1")], (0, 0, 1, 0)),
    ("comparator-needs-empty-infusion", [row(outcome="OTHER", value=0.1, infusion="2", arm="chemotherapy")], (0, 0, 1, 0)),
    ("comparator-needs-a-label", [row(outcome="OTHER", value=0.1, infusion="")], (0, 0, 1, 0)),
    ("whole-cohort-needs-no-subgroup", [row(outcome="CR", value=0.21, disease="ALL", subgroup="responders")], (0, 0, 1, 0)),
    ("whole-cohort-may-name-its-arm", [row(outcome="CR", value=0.21, disease="ALL", arm="CAR-T")], (1, 1, 1, 0)),
    ("subfolder-document", [row(document="seeds/a.txt", outcome="CR", value=0.21, disease="ALL")], (1, 1, 1, 0)),
    ("other-document-ignored", [row(document="b.txt", outcome="CR", value=0.21, disease="ALL")], (0, 0, 0, 0)),
    ("duplicate-rows-both-match", [row(outcome="CR", value=0.21, disease="ALL")] * 2, (1, 2, 2, 0)),
]


@pytest.mark.parametrize("rows,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matching(rows, expected):
    result = evaluate(rows, GOLD)
    assert (result.recall.found, result.precision.correct, result.precision.rows, len(result.wrong)) == expected


def test_recall_by_level_counts_other_apart():
    result = evaluate([row(outcome="CR", value=0.21, disease="ALL"), row(outcome="OTHER", value=0.1, infusion="", arm="x")], GOLD)
    assert (result.by_level["core"].found, result.by_level["core"].gold) == (1, 2)
    assert (result.by_level["hard"].found, result.by_level["hard"].gold) == (0, 1)
    assert (result.by_level["OTHER"].found, result.by_level["OTHER"].gold) == (1, 1)


def test_precision_apart_for_rows_not_flagged_uncertain():
    rows = [row(outcome="CR", value=0.21, disease="ALL"), row(outcome="CR", value=0.5, flags="uncertain")]
    result = evaluate(rows, GOLD)
    assert (result.precision.correct, result.precision.rows) == (1, 2)
    assert (result.precision_unflagged.correct, result.precision_unflagged.rows) == (1, 1)


def test_a_miss_names_the_field_that_failed():
    result = evaluate([row(outcome="CR", value=0.21, disease="ALL", infusion="1")], GOLD)
    missed = {(m["outcome"], m["value"]): m["failed"] for m in result.missed}
    assert missed[("CR", 0.21)] == ["infusion"]
    assert result.near_miss_fields == {"infusion": 1}


@pytest.mark.parametrize("gold_grade,row_grade,ok", [
    (">=3", "grade 3-4", True), (">=3", ">=3", True), ("any", "", True), ("any", ">=3", False),
    ("1-2", "<3", True), (">=3", "", False),
])
def test_grades_compare_by_class(gold_grade, row_grade, ok):
    gold = {"document": "a.txt", "outcome": "CRS", "measure": "proportion", "value": 0.1, "grade": gold_grade}
    checks = dict(field_checks(gold, row(outcome="CRS", value=0.1, grade=row_grade, infusion="")))
    assert checks["grade"] is ok


def test_events_and_total_must_agree_when_both_sides_give_them():
    gold = [{**GOLD[0], "events": 8, "total": 38}]
    assert evaluate([row(outcome="CR", value=0.21, disease="ALL", events=8, total=38)], gold).recall.found == 1
    assert evaluate([row(outcome="CR", value=0.21, disease="ALL", events=9, total=43)], gold).recall.found == 0


SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def test_agrees_with_the_reference_scorer(tmp_path):
    """Our eval and ../shared/realdev/score.py give the same numbers on the same rows."""
    scorer = SHARED / "realdev" / "score.py"
    if not scorer.exists():
        pytest.skip("../shared/realdev not found: the reference scorer is checked only where ../shared exists")
    rows = [row(outcome="CR", value=0.21, disease="ALL"), row(outcome="CR", value=0.2, disease="ALL"),
            row(outcome="OTHER", value=0.1, infusion="", arm="chemo", flags="uncertain"),
            row(outcome="OS", measure="median", value=15.0, subgroup="responders")]
    gold_path, table_path = tmp_path / "gold.jsonl", tmp_path / "table.jsonl"
    gold_path.write_text("".join(json.dumps(g) + "\n" for g in GOLD))
    table_path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = subprocess.run([sys.executable, str(scorer), str(gold_path), str(table_path), "--json"],
                         capture_output=True, text=True, check=True)
    reference = json.loads(out.stdout)
    ours = evaluate(rows, GOLD)
    assert reference["core"] == [ours.by_level["core"].found, ours.by_level["core"].gold]
    assert reference["hard"] == [ours.by_level["hard"].found, ours.by_level["hard"].gold]
    assert reference["other"] == [ours.by_level["OTHER"].found, ours.by_level["OTHER"].gold]
    assert reference["precision"] == [ours.precision.correct, ours.precision.rows]
    assert reference["precision_unflagged"] == [ours.precision_unflagged.correct, ours.precision_unflagged.rows]
    assert reference["near_miss_fields"] == ours.near_miss_fields
