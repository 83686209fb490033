"""What gets pooled: reading plain and evidence tables, and the one-row-per-study reduction."""
from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import TableError
from evidence.meta import StudyRow, pool, pool_rows_from_evidence, read_pool_table


def figure(document, events, total, *, study="", outcome="CR", measure="proportion", infusion="2",
           target_relation="", disease="", subgroup="", derived=False, flags=""):
    return {"document": document, "study": study, "outcome": outcome, "measure": measure,
            "value": events / total if total else None, "events": events, "total": total,
            "infusion": infusion, "target_relation": target_relation, "disease": disease,
            "subgroup": subgroup, "derived": derived, "flags": flags}


GAUTHIER, HOLLAND = "Gauthier 2021", "Holland 2023"
SEEDS = pd.DataFrame([
    figure("000.txt", 8, 44, study=GAUTHIER, target_relation="same", disease="mixed", flags="conflict"),
    figure("001.txt", 9, 44, study=GAUTHIER, target_relation="same", disease="mixed", derived=True),
    figure("002.txt", 3, 14, study=GAUTHIER, target_relation="same", disease="ALL"),
    figure("002.txt", 4, 21, study=GAUTHIER, target_relation="same", disease="NHL"),
    figure("003.txt", 2, 9, study=GAUTHIER, target_relation="same", disease="CLL"),
    figure("004.txt", 40, 61, study=HOLLAND, target_relation="mixed", disease="ALL"),
    figure("004.txt", 54, 61, study=HOLLAND, target_relation="mixed", disease="ALL", infusion="1"),
    figure("004.txt", 5, 13, study=HOLLAND, target_relation="same", disease="ALL", derived=True),
    figure("004.txt", 35, 48, study=HOLLAND, target_relation="different", disease="ALL", derived=True),
    figure("004.txt", 20, 30, study=HOLLAND, target_relation="mixed", disease="ALL", subgroup="Cy-Flu"),
    figure("004.txt", 30, 61, study=HOLLAND, outcome="ORR", target_relation="mixed", disease="ALL"),
    figure("004.txt", 12, 61, study=HOLLAND, measure="rate_at", target_relation="mixed", disease="ALL"),
])


def summary(rows):
    return [(r.study, r.group, r.events, r.total) for r in rows]


@pytest.mark.parametrize("by, expected", [
    pytest.param(None, [(GAUTHIER, "", 8, 44), (HOLLAND, "", 40, 61)], id="no-by-largest-read-report"),
    pytest.param("target_relation", [
        (GAUTHIER, "same", 8, 44),
        (f"{HOLLAND} (same)", "same", 5, 13), (f"{HOLLAND} (different)", "different", 35, 48),
    ], id="by-target-relation-split-rows-replace-mixed"),
    pytest.param("disease", [
        (f"{GAUTHIER} (ALL)", "ALL", 3, 14), (f"{GAUTHIER} (NHL)", "NHL", 4, 21),
        (f"{GAUTHIER} (CLL)", "CLL", 2, 9), (HOLLAND, "ALL", 40, 61),
    ], id="by-disease-split-rows-replace-mixed"),
])
def test_seeds_reduce_to_one_row_per_study_and_group(by, expected):
    assert summary(pool_rows_from_evidence(SEEDS, "CR", by)) == expected


def test_no_patient_is_counted_twice_by_target_relation():
    rows = pool_rows_from_evidence(SEEDS, "CR", "target_relation")
    holland = [r for r in rows if r.study.startswith(HOLLAND)]
    assert sum(r.total for r in holland) == 61
    assert all(r.derived for r in holland)


def test_preselected_rows_from_linking_win():
    journal = SEEDS.iloc[[1, 5]]  # linking prefers the journal's 9/44 over the conference's 8/44
    rows = pool_rows_from_evidence(SEEDS, "CR", preselected=journal)
    assert summary(rows) == [(GAUTHIER, "", 9, 44), (HOLLAND, "", 40, 61)]


@pytest.mark.parametrize("table, expected", [
    pytest.param([figure("a", 20, 50, study="S", target_relation="mixed"),
                  figure("a", 5, 10, study="S", target_relation="same")],
                 [("S", "mixed", 20, 50)], id="a-lone-part-keeps-the-whole"),
    pytest.param([figure("a", 10, 40, study="S"), figure("a", 10, 40, study="S", target_relation="same")],
                 [("S", "same", 10, 40)], id="a-labelled-whole-replaces-the-unknown"),
    pytest.param([figure("a", 3, 10, study="S", target_relation="same"),
                  figure("b", 6, 10, study="T", target_relation="")],
                 [("S", "same", 3, 10), ("T", "unknown", 6, 10)], id="empty-value-is-unknown"),
    pytest.param([figure("a", 3, 10, study="S", target_relation="same", flags="approximate;conflict"),
                  figure("b", 4, 10, study="S", target_relation="same", flags="conflict"),
                  figure("c", 5, 10, study="S", target_relation="same", flags="conflict")],
                 [("S", "same", 4, 10)], id="fewest-flags-then-first"),
    pytest.param([figure("a", 3, 10, study="S", target_relation="same", derived=True),
                  figure("b", 4, 9, study="S", target_relation="same")],
                 [("S", "same", 4, 9)], id="read-beats-derived-even-if-smaller"),
])
def test_reduction_rule(table, expected):
    assert summary(pool_rows_from_evidence(pd.DataFrame(table), "CR", "target_relation")) == expected


@pytest.mark.parametrize("change, kept", [
    pytest.param({"infusion": None}, False, id="infusion-empty-no-car-t-dropped"),
    pytest.param({"infusion": "mixed"}, False, id="mixed-cohort-dropped"),
    pytest.param({"infusion": "1"}, False, id="first-infusion-dropped"),
    pytest.param({"subgroup": "responders"}, False, id="subgroup-dropped"),
    pytest.param({"measure": "median"}, False, id="median-dropped"),
    pytest.param({"events": None}, False, id="no-events-dropped"),
    pytest.param({"outcome": "ORR"}, False, id="other-outcome-dropped"),
])
def test_candidate_filters(change, kept):
    rows = [figure("other.txt", 1, 5, study="Other"), {**figure("a.txt", 3, 10, study="S"), **change}]
    result = pool_rows_from_evidence(pd.DataFrame(rows), "CR")
    assert ("S" in [r.study for r in result]) is kept


def test_unlinked_table_uses_the_document_as_study_and_says_so():
    rows = pool_rows_from_evidence(pd.DataFrame([figure("a.txt", 3, 10), figure("b.txt", 4, 10)]), "CR")
    assert [(r.study, r.document, r.row, r.unlinked) for r in rows] == [
        ("a.txt", "a.txt", 1, True), ("b.txt", "b.txt", 2, True)]
    assert ("2 rows had no study (the table was not linked), so each document counts as a study and "
            "two reports of one study may both be pooled; link the reports first (evidence extract "
            "links by default).") in pool(rows).notes
    assert not any("not linked" in n for n in pool(pool_rows_from_evidence(SEEDS, "CR")).notes)


def test_reduced_seeds_pool_to_the_metafor_reference():
    rows = pool_rows_from_evidence(SEEDS.drop(index=[0]), "CR", "target_relation")
    assert summary(rows) == [(GAUTHIER, "same", 9, 44), (f"{HOLLAND} (same)", "same", 5, 13),
                             (f"{HOLLAND} (different)", "different", 35, 48)]
    result = pool(rows)
    assert result.overall.tau2 == pytest.approx(1.34567065508966, rel=1e-9)  # seeds_cr REML tau²


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".xlsx"])
def test_read_pool_table_reads_evidence_tables_in_every_format(tmp_path, suffix):
    from evidence.tableio import write_table

    path = write_table(SEEDS, tmp_path / f"evidence{suffix}")
    assert summary(read_pool_table(path, "CR", "target_relation")) == summary(
        pool_rows_from_evidence(SEEDS, "CR", "target_relation"))


def test_read_pool_table_plain_groups(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("study,events,total,arm\nA,1,10,x\nB,2,10,\nC,3,10,x\n")
    assert summary(read_pool_table(path, "CR", "arm")) == [("A", "x", 1, 10), ("B", "unknown", 2, 10), ("C", "x", 3, 10)]
    assert summary(read_pool_table(path, "CR")) == [("A", "", 1, 10), ("B", "", 2, 10), ("C", "", 3, 10)]


@pytest.mark.parametrize("kwargs, message", [
    pytest.param({"events": 12, "total": 10}, "study 'S': events 12 > total 10", id="events-over-total"),
    pytest.param({"events": -1, "total": 10}, "study 'S': events -1 is negative", id="negative"),
    pytest.param({"events": 2.0, "total": 10}, "study 'S': events 2.0 is not a whole number", id="float"),
    pytest.param({"events": True, "total": 10}, "study 'S': events True is not a whole number", id="bool"),
    pytest.param({"events": 0, "total": 0}, "study 'S': total 0 must be at least 1", id="zero-total"),
])
def test_study_row_validates(kwargs, message):
    with pytest.raises(TableError) as error:
        StudyRow("S", **kwargs)
    assert str(error.value) == message


def test_evidence_table_missing_columns():
    with pytest.raises(TableError, match="missing columns measure, events of an evidence table"):
        pool_rows_from_evidence(pd.DataFrame({"outcome": ["CR"], "total": [3], "document": ["a"]}), "CR")


def test_parts_give_way_to_a_derived_whole():
    """Regression: a read part (NHL 4/21) once beat the derived whole cohort (9/44)."""
    without_conference = SEEDS.drop(index=[0])
    assert summary(pool_rows_from_evidence(without_conference, "CR")) == [(GAUTHIER, "", 9, 44), (HOLLAND, "", 40, 61)]


def test_plain_table_with_an_outcome_column_reads_that_outcome(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("study,outcome,events,total\nA,CR,1,10\nA,ORR,4,10\nB,CR,2,10\n")
    assert summary(read_pool_table(path, "CR")) == [("A", "", 1, 10), ("B", "", 2, 10)]
    with pytest.raises(TableError, match="plain.csv: no studies to pool \\(no row has outcome MRD_NEG\\)"):
        read_pool_table(path, "MRD_NEG")
