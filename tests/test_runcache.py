"""Whole-run records (evidence.runcache): a re-run of `evidence extract` on unchanged files whose
table and sidecar are still what the last run wrote reads and writes nothing, and says so; any
change to a file, the code's options, the output or the outputs' bytes makes an ordinary run."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.extraction import run_extract
from evidence.runcache import FOLDER

ARTICLE = """Retreatment with CD19 CAR T cells

Of 20 patients given a second infusion, 9 (45%) achieved complete remission.
Grade 3 or higher cytokine release syndrome occurred in 2 of 20 patients (10%).
"""


@pytest.fixture
def run(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(ARTICLE)
    (articles / "b.txt").write_text(ARTICLE.replace("9 (45%)", "11 (55%)"))
    cache = tmp_path / "cache"

    def extract(*extra, output="out.csv"):
        return CliRunner().invoke(main, ["extract", str(articles), "-o", str(tmp_path / output), "-q",
                                         "--cache-dir", str(cache), *extra])
    extract.articles, extract.tmp = articles, tmp_path
    return extract


def stamp(path: Path) -> tuple:
    info = path.stat()
    return info.st_mtime_ns, info.st_ino


def test_an_unchanged_rerun_writes_nothing_and_says_so(run):
    first = run()
    assert first.exit_code == 0, first.output
    assert first.output.splitlines()[-1].startswith("Wrote ")
    table, sidecar = run.tmp / "out.csv", run.tmp / "out.documents.json"
    before = (table.read_bytes(), sidecar.read_bytes(), stamp(table), stamp(sidecar))
    again = run()
    assert again.exit_code == 0, again.output
    assert again.output == ("Read 2 documents; found 4 figures (as the last run: no file, code or option changed).\n"
                            f"Unchanged {table}: it is what the last run wrote\n")
    assert (table.read_bytes(), sidecar.read_bytes(), stamp(table), stamp(sidecar)) == before


@pytest.mark.parametrize("change", ["edit an article", "add an article", "remove an article", "edit the table",
                                    "delete the sidecar", "no linking", "another output"])
def test_any_change_makes_an_ordinary_run(run, change):
    assert run().exit_code == 0
    extra, output = [], "out.csv"
    if change == "edit an article":
        (run.articles / "a.txt").write_text(ARTICLE.replace("9 (45%)", "10 (50%)"))
    elif change == "add an article":
        (run.articles / "c.txt").write_text(ARTICLE)
    elif change == "remove an article":
        (run.articles / "b.txt").unlink()
    elif change == "edit the table":
        with open(run.tmp / "out.csv", "a") as handle:
            handle.write("\n")
    elif change == "delete the sidecar":
        (run.tmp / "out.documents.json").unlink()
    elif change == "no linking":
        extra = ["--no-link"]
    else:
        output = "other.csv"
    again = run(*extra, output=output)
    assert again.exit_code == 0, again.output
    assert again.output.splitlines()[-1] == f"Wrote {run.tmp / output}"


def test_without_the_cache_every_run_is_ordinary(run):
    assert run().exit_code == 0
    assert run("--no-cache").output.splitlines()[-1].startswith("Wrote ")


def test_a_run_with_a_failure_is_not_recorded(run):
    (run.articles / "empty.txt").write_text("")
    assert run().exit_code == 1
    again = run()
    assert again.exit_code == 1
    assert "Wrote " in again.output and "Unchanged" not in again.output


def test_a_record_that_does_not_check_out_is_an_ordinary_run(run):
    """A record altered on disk is a miss (the cache's entry check), never trusted."""
    assert run().exit_code == 0
    records = list((run.tmp / "cache" / FOLDER).glob("*.json"))
    assert len(records) == 1
    data = records[0].read_bytes()
    records[0].write_bytes(data.replace(b'"documents":2', b'"documents":3'))
    assert run().output.splitlines()[-1].startswith("Wrote ")


def test_the_library_reports_the_earlier_run(run):
    assert run().exit_code == 0
    outcome = run_extract([run.articles], run.tmp / "out.csv", cache_dir=run.tmp / "cache", skip_unchanged=True)
    assert outcome.unchanged is not None
    assert (outcome.unchanged.documents, outcome.unchanged.figures) == (2, 4)
    assert outcome.result.figures == ()
    plain = run_extract([run.articles], run.tmp / "out.csv", cache_dir=run.tmp / "cache")
    assert plain.unchanged is None and len(plain.result.figures) == 4
    assert os.path.exists(run.tmp / "out.csv")
