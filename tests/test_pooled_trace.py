"""Every pooled study row names the evidence rows it was pooled from, and every analysis lists the
studies it left out with the reason (issue 11 items 2 and 8; PRISMA 2020 items 13a, 16b, 20a).

Inputs: the small hand-written table of test_compare.py.
"""
from __future__ import annotations

import json

import pytest

from test_compare import write_small_table


@pytest.fixture
def book(tmp_path):
    from evidence.outputs.studybook import load_book

    table, map_path = write_small_table(tmp_path)
    return load_book(table, map_path)


@pytest.fixture
def pools(book):
    from evidence.outputs.pooled import pool_outcomes

    return pool_outcomes(book)


def test_pooled_rows_are_the_evidence_rows_with_those_counts(book, pools):
    from evidence.outputs.studybook import row_index

    checked = 0
    for pooled in pools.values():
        if pooled.result is None:
            continue
        for study in pooled.result.studies:
            ids = pooled.rows_of(study.study)
            assert len(ids) == 1, study.study
            figure = book.figures[row_index(ids[0])]
            assert (figure.events, figure.total) == (study.events, study.total)
            assert figure.outcome == pooled.spec.outcome
            assert study.study.startswith(figure.study)
            checked += 1
    assert checked >= 10


def test_json_carries_evidence_rows_and_left_out(book, pools):
    data = json.loads(json.dumps(pools["CR"].to_json()))
    assert all(s["evidence_rows"] for s in data["studies"])
    pooled = {s["of_study"] for s in data["studies"]}
    left = {item["study"] for item in data["left_out"]}
    assert pooled | left == {s.study for s in book.studies}
    assert not pooled & left


def test_every_left_out_study_has_a_reason(pools):
    reasons = {item.study: item.reason for item in pools["ANTIGEN_NEG"].left_out}
    assert reasons["Alpha 2021"] == "does not report relapse with the target antigen lost"
    icans = {item.study: item.reason for item in pools["ICANS3"].left_out}
    assert icans["Beta 2022"] == "does not report neurotoxicity (ICANS) of grade 3 or higher"


def test_marked_rows_are_the_pooled_ones(pools):
    from evidence.outputs.pooled import pooled_row_ids

    marked = pooled_row_ids(pools)
    assert {row for p in pools.values() for ids in p.rows.values() for row in ids} == set(marked)
    assert all(keys for keys in marked.values())
