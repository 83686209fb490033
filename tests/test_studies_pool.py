"""What linking hands to pooling: one row per study or independent subgroup, no patient twice."""
import pytest

from evidence.errors import PoolingError
from evidence.studies import link_studies, pool_figures, pool_rows

from test_studies_support import doc, fig, holland

GAUTHIER = "Gauthier J et al. Forty-four patients received CART2: 14 with ALL, 21 with NHL and 9 with CLL."
CONSOLIDATION = ("Those in CR went on, as planned from the outset, to a consolidating infusion while still in "
                 "remission. Patients were not retreated because the first product failed. Sixteen children received "
                 "the CD19 product. Pan et al. 2020.")


def three_studies():
    h_doc, h_figures = holland()
    documents = [h_doc, doc("g.xml", GAUTHIER, kind="journal", year=2021), doc("pan.md", CONSOLIDATION)]
    figures = h_figures + [fig("g.xml", "CR", 0.20), fig("g.xml", "CR", 0.21, disease="ALL"),
                           fig("pan.md", "CR", 15 / 16, 15, 16, disease="ALL")]
    return link_studies(figures, documents)


def test_pool_rows_split_replaces_the_mixed_cohort_and_look_alikes_stay_out():
    report = three_studies()
    rows = pool_rows(report, "CR")
    assert rows[["study", "events", "total", "group", "derived"]].values.tolist() == [
        ["Holland 2023 (different)", 35, 48, "different", True],
        ["Holland 2023 (same)", 5, 13, "same", True],
        ["Gauthier 2021", 9, 44, "unknown", True],
    ]
    assert rows.source[2].startswith("derived: CR 20% (row 3) of 44")
    assert [s.retreatment_after_failure for s in report.studies] == [True, True, False]
    with_lookalikes = pool_rows(report, "CR", include_not_after_failure=True)
    assert with_lookalikes.study.tolist()[-1] == "Pan 2020"


def test_disease_rows_that_add_up_are_summed():
    documents = [doc("g.xml", GAUTHIER, kind="journal", year=2021)]
    figures = [fig("g.xml", "CR", 3 / 14, 3, 14, disease="ALL"), fig("g.xml", "CR", 4 / 21, 4, 21, disease="NHL"),
               fig("g.xml", "CR", 2 / 9, 2, 9, disease="CLL")]
    rows = pool_rows(link_studies(figures, documents), "CR")
    assert rows[["study", "events", "total"]].values.tolist() == [["Gauthier 2021", 9, 44]]
    assert rows.source[0] == "sum of ALL 3/14, NHL 4/21, CLL 2/9"


def test_no_poolable_row_is_an_error():
    with pytest.raises(PoolingError, match="no study gives ORR"):
        pool_rows(three_studies(), "ORR")


def test_the_plain_table_is_what_evidence_pool_reads(tmp_path):
    from evidence.meta.data import read_pool_table

    path = tmp_path / "studies.csv"
    pool_rows(three_studies(), "CR").to_csv(path, index=False)
    rows = read_pool_table(path, "CR", "group")
    assert [(r.study, r.events, r.total, r.group) for r in rows] == [
        ("Holland 2023 (different)", 35, 48, "different"), ("Holland 2023 (same)", 5, 13, "same"),
        ("Gauthier 2021", 9, 44, "unknown")]


def test_chosen_rows_as_preselected_evidence_rows():
    from evidence.meta.data import pool_rows_from_evidence
    from evidence.schema import figures_to_frame

    report = three_studies()
    chosen = figures_to_frame(pool_figures(report, "CR"))
    rows = pool_rows_from_evidence(report.to_frame(), "CR", "target_relation", preselected=chosen)
    assert sorted((r.study, r.events, r.total) for r in rows) == [
        ("Gauthier 2021", 9, 44), ("Holland 2023 (different)", 35, 48), ("Holland 2023 (same)", 5, 13)]


def test_study_table_has_one_row_per_study_with_preferred_figures():
    table = three_studies().study_table()
    assert table.columns.tolist() == ["study", "citation", "design", "n", "n_after_failure", "disease", "disease_mix", "prior_target",
                                      "target", "target_relation", "retreatment_after_failure", "documents", "CR"]
    assert table[["study", "n", "disease_mix", "retreatment_after_failure", "CR"]].values.tolist() == [
        ["Holland 2023", 61, "ALL", True, "65.6% (40/61); same 5/13; different 35/48"],
        ["Gauthier 2021", 44, "ALL 14, CLL 9, NHL 21", True, "20% (9/44, derived)"],
        ["Pan 2020", 16, "ALL", False, "93.8% (15/16)"],
    ]


def test_regression_derived_rows_of_a_same_target_study_are_not_splits():
    documents = [doc("g.xml", GAUTHIER, kind="journal", year=2021)]
    figures = [fig("g.xml", "CR", 0.20, relation="same"), fig("g.xml", "CR", 0.22, disease="CLL", relation="same")]
    report = link_studies(figures, documents)
    assert report.splits == () and len(report.derived) == 2
    assert pool_rows(report, "CR")[["study", "events", "total", "group"]].values.tolist() == [
        ["Gauthier 2021", 9, 44, "same"]]
    assert report.study_table()["CR"].tolist() == ["20% (9/44, derived)"]
