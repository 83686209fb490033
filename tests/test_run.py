"""evidence run: articles in, every output out; on the seeds and the bundled corpus together, the
summary reads at grade 8 or below, the comparison has one row per study, the report embeds its
forest plot."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from evidence.cli import main
from test_compare import check_golden, console, write_small_table
from test_summarize import MAX_GRADE, check_claims, fk_grade

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "car-t-retreatment"
SEEDS = ROOT.parent / "shared" / "seeds"
OUTPUT_FILES = ("evidence.csv", "evidence.documents.json", "studies.json", "pooled_CR.json", "forest_CR.png",
                "forest_CR.svg", "pooled_ORR.json", "forest_ORR.png", "forest_ORR.svg", "comparison.md",
                "comparison.csv", "comparison.xlsx", "summary.md", "summary.html", "summary_of_findings.md",
                "methods.md", "report.html")
ARTICLE = """Retreatment with a second CD19 CAR T-cell infusion after failure

Forty patients whose first CD19 CAR-T therapy failed received a second CD19 CAR-T infusion.
After the second infusion, 10 of 40 patients (25%) had a complete response.
The overall response rate was 45% (18/40).
"""


def run_cli(*args):
    return CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), catch_exceptions=False)


def test_summary_golden(tmp_path):
    """The closing summary, for the small five-study table (no extraction involved)."""
    from evidence.cli.run import render
    from evidence.outputs.run import RunOutcome
    from evidence.outputs.studybook import load_book
    from evidence.outputs.takeaways import book_to_takeaways

    table, map_path = write_small_table(tmp_path)
    takeaways = book_to_takeaways(load_book(table, map_path), plots=False)
    extract = SimpleNamespace(result=SimpleNamespace(documents=[None] * 6, failures=()))
    outcome = RunOutcome(extract, takeaways, tuple(Path("outputs") / name for name in OUTPUT_FILES))
    out = console()
    render(outcome, out)
    check_golden("run_terminal.txt", out.file.getvalue())


def test_command_writes_every_output(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "retreatment.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("run", str(articles), "-o", str(out), "--no-cache", "-q", "-j", "1")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES + (".evidence-outputs.json",))
    assert f"Wrote {len(OUTPUT_FILES)} files to {out}/: evidence.csv, evidence.documents.json," in result.output
    assert result.output.rstrip().endswith(f"Open {out}/report.html in a browser for the whole report.")
    # the table left behind links exactly as the run did
    again = run_cli("compare", str(out / "evidence.csv"))
    assert again.exit_code == 0
    assert (out / "comparison.md").read_text(encoding="utf-8").count("\n| ") == 1 + 1 + 1  # header, rule, 1 study


def test_unreadable_files_are_listed_and_the_rest_written(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "retreatment.txt").write_text(ARTICLE, encoding="utf-8")
    (articles / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "out"
    result = run_cli("run", str(articles), "-o", str(out), "--no-cache", "-q", "-j", "1")
    assert result.exit_code == 1
    assert "1 files failed:\n  broken.pdf: " in result.output
    assert (out / "report.html").exists()


def test_a_file_where_the_folder_should_be(tmp_path):
    (tmp_path / "out").write_text("", encoding="utf-8")
    result = run_cli("run", str(CORPUS), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "Error: Invalid value for '-o' / '--out-dir'" in result.output


def test_help_has_an_example():
    result = run_cli("run", "--help")
    assert result.exit_code == 0
    assert "evidence run corpora/car-t-retreatment -o outputs/" in result.output


# -- the seeds and the bundled corpus, together ------------------------------------------------------

@pytest.fixture(scope="module")
def both(tmp_path_factory):
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent: the run on seeds and corpus together needs it")
    from evidence.outputs.run import run_all

    out = tmp_path_factory.mktemp("both")
    return run_all([str(CORPUS), str(SEEDS)], out, use_cache=False), out


@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_and_corpus_summary_is_plain_and_traceable(both):
    outcome, out = both
    summary = outcome.takeaways.summary
    assert fk_grade(summary.text) <= MAX_GRADE
    text = summary.text
    assert re.search(r"With the same target, the cancer went away completely in about \d+ in every 10 people", text)
    assert re.search(r"With a different target, the cancer went away completely in about \d+ in every 10 people", text)
    assert check_claims(summary, outcome.takeaways.pools, outcome.takeaways.book.retreatment_studies,
                        outcome.takeaways.book) > 20
    assert (out / "summary.md").read_text(encoding="utf-8").startswith("# A second CAR-T infusion")


@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_and_corpus_comparison_has_one_row_per_study(both):
    outcome, out = both
    book = outcome.takeaways.book
    rows = outcome.takeaways.comparison.rows
    labels = [row.study.study for row in rows]
    assert len(labels) == len(set(labels)) == len(book.retreatment_studies)
    assert set(labels) == {s.study for s in book.retreatment_studies}
    seeds = {p.name for p in SEEDS.iterdir()}
    linked = {d for s in book.studies for d in s.documents}
    assert seeds <= linked  # every seed article belongs to a study row, not a row of its own
    assert len([s for s in book.studies if set(s.documents) & seeds]) < len(seeds)


@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_and_corpus_report_embeds_the_forest_plot(both):
    outcome, out = both
    page = (out / "report.html").read_text(encoding="utf-8")
    assert re.search(r'<img alt="Forest plot of complete response by target relation" src="data:image/png;base64,', page)
    pooled = outcome.takeaways.pools["CR"].result
    assert {"same", "different"} <= set(pooled.subgroups)
