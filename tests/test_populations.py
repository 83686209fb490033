"""Whom a pooled number counts (issue 11 items 1, 2, 5 and the table contract's `infusion`).

Passages and counts are made up for these tests.
"""
from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import TableError
from evidence.studies import link_studies
from evidence.studies.pooling import pool_candidates

from test_studies_support import doc, fig

REINFUSION = ("Reinfusion of CD19 CAR T cells in children with ALL. Seventy patients received a second "
              "infusion: 50 to prevent relapse, 12 after relapse and 8 after non-response.")


def reinfusion_report():
    figures = [
        fig("r.md", "CR", 6 / 12, 6, 12, disease="ALL", subgroup="after relapse", relation="same"),
        fig("r.md", "CR", 1 / 8, 1, 8, disease="ALL", subgroup="after non-response", relation="same"),
        fig("r.md", "CR", 30 / 50, 30, 50, disease="ALL", subgroup="relapse prevention", relation="same"),
    ]
    return link_studies(figures, [doc("r.md", REINFUSION, kind="journal", authors=("Moss A",), year=2024)])


def test_after_failure_subgroups_are_the_analysis_population():
    rows = pool_candidates(reinfusion_report(), "CR")
    assert [(r.study, r.events, r.total, r.group) for r in rows] == [
        ("Moss 2024 (after non-response)", 1, 8, "same"), ("Moss 2024 (after relapse)", 6, 12, "same")]


def test_n_counts_the_patients_retreated_after_failure_not_the_cohort():
    (study,) = reinfusion_report().studies
    assert study.n_after_failure == 20
    assert study.to_json()["n_after_failure"] == 20


def test_n_is_not_reported_when_no_result_gives_it():
    figures = [fig("s.md", "DOR", 6.0, disease="ALL", measure="median", unit="months", relation="different")]
    report = link_studies(figures, [doc("s.md", "Twenty-one children with ALL were treated with CD22 CAR T cells.",
                                        kind="journal")])
    assert report.studies[0].n_after_failure is None


def test_a_group_without_car_t_is_never_pooled_as_retreatment():
    figures = [fig("x.md", "CR", 15 / 54, 15, 54, disease="NHL", relation="different"),
               fig("x.md", "CR", 3 / 38, 3, 38, disease="NHL", infusion="", arm="comparison group")]
    report = link_studies(figures, [doc("x.md", "CD20 CAR-T after CD19 CAR-T failure in 54 patients with NHL.",
                                        kind="journal")])
    assert [(r.events, r.total) for r in pool_candidates(report, "CR")] == [(15, 54)]


def test_a_mixed_cohort_is_not_pooled_as_retreatment():
    figures = [fig("m.md", "CR", 11 / 15, 11, 15, disease="ALL", infusion="mixed", relation="different")]
    report = link_studies(figures, [doc("m.md", "CD22 CAR T cells in 21 patients with ALL.", kind="journal")])
    assert pool_candidates(report, "CR") == []


def toxicity_report():
    figures = [fig("t.md", "CRS", 18 / 19, 18, 19, disease="ALL", grade="any", relation="same"),
               fig("t.md", "CRS", 1 / 19, 1, 19, disease="ALL", grade=">=3", relation="same")]
    return link_studies(figures, [doc("t.md", "Nineteen patients with ALL received humanized CD19 CAR-T.",
                                      kind="journal")])


@pytest.mark.parametrize("grade, expected", [(">=3", [(1, 19)]), ("any", [(18, 19)]), ("", [])])
def test_toxicity_is_pooled_one_grade_at_a_time(grade, expected):
    assert [(r.events, r.total) for r in pool_candidates(toxicity_report(), "CRS", grade=grade)] == expected


def test_several_grades_without_grade_is_an_error_that_says_what_to_do():
    from evidence.pool_input import grade_to_pool

    frame = pd.DataFrame({"outcome": ["CRS", "CRS"], "measure": ["proportion"] * 2, "grade": ["any", ">=3"]})
    with pytest.raises(TableError, match=r"t.csv: CRS is reported at several grades \(>=3, any\); pool one at a "
                                         r"time with --grade, e.g. --grade '>=3'"):
        grade_to_pool(frame, "CRS", "", "t.csv")
    assert grade_to_pool(frame, "CRS", "any", "t.csv") == "any"
    assert grade_to_pool(frame.iloc[:1], "CRS", "", "t.csv") == "any"


@pytest.mark.parametrize("flags, pooled", [
    pytest.param("", True, id="plain"),
    pytest.param("uncertain", False, id="uncertain-left-out"),
    pytest.param("uncertain;confirmed", True, id="confirmed-by-a-reviewer"),
])
def test_uncertain_rows_wait_for_a_reviewer(flags, pooled):
    """Issue 13 item 5: shown in the table, left out of pooling, comparison and n until confirmed."""
    figures = [fig("u.md", "CR", 9 / 20, 9, 20, disease="ALL", relation="same", flags=flags)]
    report = link_studies(figures, [doc("u.md", "Twenty patients with ALL were retreated.", kind="journal")])
    assert bool(pool_candidates(report, "CR")) is pooled
    assert (report.studies[0].n_after_failure == 20) is pooled
    assert report.figures[0].flag_set == frozenset(f for f in flags.split(";") if f)


def test_comparison_leaves_out_unconfirmed_rows(tmp_path):
    from dataclasses import replace

    from evidence.outputs.compare import compare
    from evidence.outputs.studybook import load_book
    from test_compare import small_figures, write_small_table

    figures = [replace(f, flags="uncertain") if f.document == "delta_abstract.txt" else f for f in small_figures()]
    table, map_path = write_small_table(tmp_path, figures)
    row = next(r for r in compare(load_book(table, map_path)).rows if r.study.study == "Delta 2020")
    assert [c.text for c in row.cells if c.items] == []
    assert row.field("n") == "not reported"
