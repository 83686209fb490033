"""Done-when of issue 11: every number in the summary, the comparison and the GRADE draft traces to
evidence rows. On the small hand-written table always; on the bundled corpus and the seeds when
../shared is present.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_compare import write_small_table

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "car-t-retreatment"
SEEDS = ROOT.parent / "shared" / "seeds"
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def numbers_of(figure) -> set[str]:
    """Every way a figure's numbers are printed: counts, percent (0 or 1 decimal), months, time."""
    from evidence.outputs.cells import figure_text

    found = set(NUMBER.findall(figure_text(figure)))
    for value in (figure.events, figure.total, figure.timepoint_months):
        if value is not None:
            found.add(f"{value:g}")
    return found


def pooled_rows(pooled, group, book):
    from evidence.outputs.studybook import row_index

    studies = pooled.studies(group)
    rows = [[book.figures[row_index(r)] for r in pooled.rows_of(s.study)] for s in studies]
    return studies, rows


def check_pools(takeaways) -> int:
    """Each pooled estimate's k, events and total are the sums of the evidence rows it names."""
    checked = 0
    for pooled in takeaways.pools.values():
        if pooled.result is None:
            continue
        for group in [""] + list(pooled.result.subgroups):
            estimate = pooled.estimate(group)
            studies, rows = pooled_rows(pooled, group, takeaways.book)
            assert all(rows), (pooled.key, group)
            assert estimate.k == len(studies)
            assert estimate.events == sum(f.events for figures in rows for f in figures)
            assert estimate.total == sum(f.total for figures in rows for f in figures)
            for study, figures in zip(studies, rows):
                assert (study.events, study.total) == (sum(f.events for f in figures), sum(f.total for f in figures))
                assert all(f.outcome == pooled.spec.outcome and f.infusion == "2" for f in figures)
            checked += 1
    return checked


def n_traces(book, study) -> bool:
    """n retreated after failure is the denominator of one of the study's rows, or a sum of its parts."""
    if study.n_after_failure is None:
        return True
    own = [f for f in book.figures if f.study == study.study and f.infusion == "2" and f.total]
    if any(f.total == study.n_after_failure for f in own):
        return True
    parts = {}
    for f in own:
        key = f.subgroup or f.target_relation
        parts[key] = max(parts.get(key, 0), f.total)
    return any(sum(v for k, v in parts.items() if k in pair) == study.n_after_failure
               for pair in (("same", "different"), ("after relapse", "after non-response")))


def check_summary(takeaways) -> int:
    book, pools = takeaways.book, takeaways.pools
    studies = {s.study: s for s in book.retreatment_studies}
    checked = 0
    for claim in takeaways.summary.claims:
        kind = claim.source[0]
        if kind == "pool":
            _, key, group, field = claim.source
            if field == "studies":
                studies_pooled = {pools[key].study_of(s.study) for s in pools[key].studies(group)}
                assert claim.value == len(studies_pooled) and studies_pooled <= set(studies)
            else:
                assert getattr(pools[key].estimate(group), field) == pytest.approx(claim.value)
        elif kind == "study":
            assert n_traces(book, studies[claim.source[1]])
            assert getattr(studies[claim.source[1]], claim.source[2]) == claim.value
        elif kind == "figure":  # a study's figure said in words (a median duration of response)
            from evidence.outputs.studybook import row_index

            _, row, field = claim.source
            figure = book.figures[row_index(row)]
            assert figure.study in studies and getattr(figure, field) == pytest.approx(claim.value)
        elif claim.source[:2] == ("studies", "people"):
            assert all(n_traces(book, s) for s in studies.values())
            assert claim.value == sum(s.n_after_failure or 0 for s in studies.values())
        checked += 1
    return checked


def check_stated(book, row) -> int:
    """A characteristic a report states (age, interval, follow-up...) traces to its sentence: each
    number of the cell is in the sentence, which is the document's text at its offsets."""
    from evidence.outputs.compare import STATED_FIELDS
    from evidence.studies.characteristics import DESIGN_TYPES, QUALIFIERS

    checked = 0
    design = row.field("design")
    kinds = [name for name, _ in DESIGN_TYPES] + ["not reported"]
    assert any(design == k or design.startswith(k + " (") for k in kinds), design
    assert set(NUMBER.findall(design)) <= set(NUMBER.findall(" ".join(QUALIFIERS))), design
    for name in STATED_FIELDS:
        stated = row.study.stated(name)
        if stated is None:
            assert row.field(name) == "not reported"
            continue
        document, fact = stated
        assert document in row.study.documents and row.field(name) == fact.value
        sentence = " ".join(fact.quote.split()).replace("·", ".")
        for number in NUMBER.findall(fact.value):
            assert number in sentence, (row.study.study, name, fact.value, number)
            checked += 1
        text = book.texts.get(document)
        if text is not None:
            span = " ".join(text[fact.start:fact.end].split())
            assert all(part.strip().removesuffix(" …") in span for part in fact.quote.split("[…]")), fact
    return checked


def check_comparison(takeaways) -> int:
    book = takeaways.book
    checked = 0
    for row in takeaways.comparison.rows:
        checked += check_stated(book, row)
        n = row.field("n")
        assert n == "not reported" or (int(n) == row.study.n_after_failure and n_traces(book, row.study))
        for cell in row.cells:
            for item in cell.items:
                figures = [item.preferred.figure] + ([item.counted.figure] if item.counted else [])
                for report in [item.preferred] + ([item.counted] if item.counted else []):
                    assert book.figures[report.row] is report.figure or book.figures[report.row] == report.figure
                allowed = set().union(*(numbers_of(f) for f in figures))
                label = set(NUMBER.findall(item.label))
                for number in NUMBER.findall(item.text):
                    assert number in allowed | label, (row.study.study, item.text, number)
                    checked += 1
    return checked


def check_grade(takeaways) -> int:
    from evidence.outputs.studybook import row_index

    book = takeaways.book
    checked = 0
    for finding in takeaways.sof.findings:
        figures = [book.figures[row_index(r)] for r in finding.rows]
        assert figures, finding.outcome
        if finding.key == "narrative":
            allowed = set().union(*(numbers_of(f) for f in figures))
            for number in NUMBER.findall(finding.statement.split(": ", 1)[1] if ": " in finding.statement else ""):
                assert number in allowed or any(number in f.study for f in figures), (finding.outcome, number)
                checked += 1
            continue
        pooled = takeaways.pools[finding.key]
        groups = ("same", "different") if finding.group == "different vs same" else (finding.group,)
        total = events = 0
        for group in groups:
            _, rows = pooled_rows(pooled, group, book)
            total += sum(f.total for fs in rows for f in fs)
            events += sum(f.events for fs in rows for f in fs)
        assert (finding.patients, finding.events) == (total, events), finding.outcome
        checked += 1
    return checked


def check_everything(takeaways):
    return check_pools(takeaways), check_summary(takeaways), check_comparison(takeaways), check_grade(takeaways)


def test_small_table_numbers_trace_to_rows(tmp_path):
    from evidence.outputs.studybook import load_book
    from evidence.outputs.takeaways import book_to_takeaways

    table, map_path = write_small_table(tmp_path)
    pools, summary, comparison, grade = check_everything(book_to_takeaways(load_book(table, map_path), plots=False))
    assert pools >= 8 and summary >= 20 and comparison >= 40 and grade >= 10


@pytest.mark.seeds
@pytest.mark.slow
def test_corpus_and_seeds_numbers_trace_to_rows(tmp_path):
    if not SEEDS.is_dir():
        pytest.skip("../shared not found: the corpus-and-seeds trace needs ../shared/seeds")
    from evidence.outputs.run import run_all

    outcome = run_all([str(CORPUS), str(SEEDS)], tmp_path, use_cache=False, command="")
    pools, summary, comparison, grade = check_everything(outcome.takeaways)
    assert pools >= 8 and summary >= 20 and comparison >= 50 and grade >= 10
