"""The draft GRADE summary of findings for methodologists (issue 11 items 6 and 13).

Inputs: the small hand-written table of test_compare.py.
"""
from __future__ import annotations

import pytest

from test_compare import write_small_table


@pytest.fixture
def sof(tmp_path):
    from evidence.outputs.grade import summary_of_findings
    from evidence.outputs.pooled import pool_outcomes
    from evidence.outputs.studybook import load_book

    table, map_path = write_small_table(tmp_path)
    book = load_book(table, map_path)
    return summary_of_findings(pool_outcomes(book), book)


def finding(sof, outcome):
    return next(f for f in sof.findings if f.outcome == outcome)


def test_a_row_for_different_versus_same_target_rated_down_for_indirectness(sof):
    row = finding(sof, "Complete response, different versus same target")
    assert row.effect.startswith("+28 percentage points (95% CI -7 to +63); test for differences among all 3 "
                                 "subgroups Q = 6.58, df = 2, p = 0.04")
    assert any(r.startswith("serious indirectness: a comparison between studies") for r in row.reasons)
    assert row.certainty == "very low"


def test_antigen_loss_is_per_relapse_tested(sof):
    row = finding(sof, "Relapse with loss of the target antigen")
    assert row.per == "relapses whose antigen was tested"
    assert "per 1,000 relapses whose antigen was tested" in row.statement
    assert row.follow_up == "at relapse"


def test_durability_is_narrative_and_a_median_is_called_a_median(sof):
    os_row = finding(sof, "Overall survival")
    assert os_row.certainty == "not rated" and os_row.per_1000 is None
    assert os_row.statement == "Alpha 2021: OS median 8.5 mo [95% CI 6.1–11.0 mo]."
    assert os_row.follow_up == "medians"
    pfs = finding(sof, "Progression-, event-, relapse- or leukaemia-free survival")
    assert pfs.statement == "Beta 2022: PFS rate 12-mo 50% (ALL)."
    assert pfs.follow_up == "rates at 12 months"


def test_footnotes_are_lettered_and_thresholds_stated(sof):
    from evidence.outputs.grade import sof_to_markdown

    text = sof_to_markdown(sof)
    letters = sof.footnotes()
    assert list(letters.values())[:3] == ["a", "b", "c"]
    for reason, letter in letters.items():
        assert f"{letter}. {reason[0].upper()}" in text
    assert "Imprecision: serious when the 95% CI spans at least 20 percentage points or there are fewer than " \
           "30 events" in text


def test_every_finding_rests_on_evidence_rows(sof):
    assert all(f.rows for f in sof.findings)
