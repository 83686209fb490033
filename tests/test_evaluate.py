"""`evidence eval` matching rules, as a table of rows against gold figures."""
import pytest

from evidence.evaluate import evaluate

GOLD = [
    {"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.21, "disease": "ALL", "infusion": "2", "level": "core"},
    {"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.2, "infusion": "2", "level": "hard"},
    {"document": "a.txt", "outcome": "OS", "measure": "median", "value": 15.0, "unit": "months", "ci_low": 13.0, "ci_high": 22.7, "level": "core"},
]


def row(**fields):
    base = {"document": "a.txt", "measure": "proportion", "infusion": "2", "disease": "", "subgroup": "", "grade": ""}
    base.update(fields)
    return base


CASES = [
    # id, rows, (correct, wrong, missed, found)
    ("all-correct", [row(outcome="CR", value=0.21, disease="ALL"), row(outcome="CR", value=0.2045, disease="mixed"),
                     row(outcome="OS", measure="median", value=15.0, ci_low=13.0, ci_high=22.7)], (3, 0, 0, 3)),
    ("rounding-within-tolerance", [row(outcome="CR", value=0.214, disease="ALL")], (1, 0, 2, 1)),
    ("wrong-value", [row(outcome="CR", value=0.30, disease="ALL")], (0, 1, 2, 1)),
    ("wrong-ci", [row(outcome="OS", measure="median", value=15.0, ci_low=12.0, ci_high=22.7)], (0, 1, 2, 1)),
    ("other-disease-is-not-a-match", [row(outcome="CR", value=0.21, disease="CLL")], (0, 0, 3, 1)),
    ("other-infusion-is-not-a-match", [row(outcome="CR", value=0.21, disease="ALL", infusion="1")], (0, 0, 3, 1)),
    ("subfolder-document", [row(document="seeds/a.txt", outcome="CR", value=0.21, disease="ALL")], (1, 0, 2, 1)),
    ("other-document-ignored", [row(document="b.txt", outcome="CR", value=0.21, disease="ALL")], (0, 0, 3, 0)),
    ("one-row-one-gold", [row(outcome="CR", value=0.21, disease="ALL")] * 1 + [row(outcome="CR", value=0.21, disease="ALL")], (1, 0, 2, 2)),
]


@pytest.mark.parametrize("rows,expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_matching(rows, expected):
    result = evaluate(rows, GOLD)
    correct, wrong, missed, found = expected
    assert (result.overall.correct, len(result.wrong), len(result.missed), result.overall.found) == expected


def test_levels_and_f1():
    result = evaluate([row(outcome="CR", value=0.21, disease="ALL")], GOLD)
    assert result.by_level["core"].recall == pytest.approx(0.5)
    assert result.by_level["hard"].recall == 0.0
    assert result.overall.precision == 1.0
    assert result.overall.f1 == pytest.approx(2 * (1 / 3) / (1 + 1 / 3))


def test_split_rows_match_on_target_relation():
    gold = [{"document": "h.txt", "outcome": "CR", "measure": "proportion", "value": 5 / 13, "split": True,
             "target_relation": "same", "level": "hard"}]
    assert evaluate([row(document="h.txt", outcome="CR", value=5 / 13, target_relation="different")], gold).overall.correct == 0
    assert evaluate([row(document="h.txt", outcome="CR", value=5 / 13, target_relation="same")], gold).overall.correct == 1


def test_derived_rows_count_only_when_they_match_gold():
    derived_match = row(outcome="CR", value=0.21, disease="ALL", derived=True)
    derived_other = row(outcome="CR", value=0.5, disease="NHL", derived=True)
    result = evaluate([derived_match, derived_other], GOLD)
    assert (result.overall.correct, result.overall.found) == (1, 1)
    assert len(result.derived_extra) == 1 and result.extra == []


def test_a_wrong_derived_row_is_found_and_wrong():
    result = evaluate([row(outcome="CR", value=0.5, disease="ALL", derived=True)], GOLD)
    assert (result.overall.found, len(result.wrong)) == (1, 1)
