"""Start-up and size bounds of the commands, asserted by what they import and read, never by timing.

- The table commands (`pool`, `compare`, `summarize`, `report`, `studies`, `eval`) import no NLP
  or PDF stack, and no statsmodels; matplotlib only where they draw.
- `evidence extract` with worker processes builds no text pipeline in the main process.
- A table over the documented size (`evidence.tablesize`) is refused before it is parsed, in
  every format, with one error line that says what to do.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.schema import ALL_COLUMNS
import evidence.tablesize as tablesize

HEAVY = ("spacy", "thinc", "pdfplumber", "pdfminer", "statsmodels", "matplotlib")
ROW = {"document": "a.txt", "study": "", "outcome": "CR", "measure": "proportion", "value": 0.45,
       "unit": "proportion", "events": 9, "total": 20, "infusion": 2, "target_relation": "same",
       "derived": False, "quote": "9 of 20 (45%)", "start": 0, "end": 1}


def write_table(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ALL_COLUMNS))
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in ALL_COLUMNS})
    return path


def small_rows() -> list[dict]:
    return [dict(ROW, document=f"{name}.txt", events=events, total=total, target_relation=relation)
            for name, events, total, relation in (("a", 9, 20, "same"), ("b", 14, 30, "different"),
                                                  ("c", 5, 12, "same"))]


def modules_after(args: list[str], cwd: Path) -> list[str]:
    """The heavy modules imported by running `evidence ARGS` in a fresh interpreter."""
    script = textwrap.dedent(f"""
        import json, sys
        from click.testing import CliRunner
        import evidence.cli
        result = CliRunner().invoke(evidence.cli.main, {args!r})
        assert result.exit_code == 0, result.output
        print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args, draws", [
    (["pool", "{table}", "--outcome", "CR", "--no-plot", "--json"], False),
    (["compare", "{table}"], False),
    (["summarize", "{table}"], False),
    (["studies", "{table}", "--json"], False),
    (["eval", "{table}", "--gold", "{gold}", "--json"], False),
    (["report", "{table}", "-o", "{out}/report.html"], True),
], ids=["pool", "compare", "summarize", "studies", "eval", "report"])
def test_table_commands_import_no_nlp_pdf_or_statsmodels(tmp_path, args, draws):
    table = write_table(tmp_path / "evidence.csv", small_rows())
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.45,
                                "level": "core"}) + "\n")
    filled = [a.format(table=table, gold=gold, out=tmp_path) for a in args]
    allowed = {"matplotlib"} if draws else set()
    assert set(modules_after(filled, tmp_path)) - allowed == set()


def test_extract_with_workers_builds_no_pipeline_in_the_main_process(tmp_path):
    (tmp_path / "a.txt").write_text("Of 20 patients given a second infusion, 9 (45%) achieved complete remission.\n")
    script = textwrap.dedent(f"""
        import json, sys
        from evidence.extraction import run_extract
        outcome = run_extract([{str(tmp_path / 'a.txt')!r}], {str(tmp_path / 'out.csv')!r}, jobs=2,
                              use_cache=False, timeout=120)
        assert len(outcome.result.figures) == 1, outcome.result
        print(json.dumps(sorted({{m.split(".")[0] for m in sys.modules}} & {{"spacy", "pdfplumber"}})))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


# -- size -------------------------------------------------------------------------------------------

@pytest.fixture
def small_limits(monkeypatch):
    """The limits scaled down (50 rows, 64 KB) so that a table over them is small to write."""
    monkeypatch.setattr(tablesize, "MAX_TABLE_ROWS", 50)
    monkeypatch.setattr(tablesize, "MAX_TABLE_BYTES", 64 * 1024)
    monkeypatch.setattr(tablesize, "MAX_XLSX_BYTES", 64 * 1024)


def forbid_parsing(patch) -> None:
    """Reading a table with pandas fails the test: a refused table must not be parsed."""
    import pandas as pd

    def refuse(*args, **kwargs):
        raise AssertionError("the table was parsed")

    for name in ("read_csv", "read_json", "read_parquet", "read_excel"):
        patch.setattr(pd, name, refuse)


@pytest.fixture
def no_parsing(monkeypatch):
    forbid_parsing(monkeypatch)


def rows(n: int) -> list[dict]:
    return [dict(ROW, document=f"d{i // 4}.txt", quote="x") for i in range(n)]


def write_format(path: Path, n: int) -> Path:
    from evidence.schema import normalise_frame
    from evidence.tableio import write_table as write_any

    import pandas as pd

    write_any(normalise_frame(pd.DataFrame(rows(n))), path)
    return path


ROW_LIMIT = "more than the 50 rows a table may have; split it (for example by document or study) and give each part on its own"
COMMANDS = [["pool", "{t}", "--outcome", "CR", "--no-plot"], ["compare", "{t}"], ["summarize", "{t}"],
            ["report", "{t}", "-o", "{out}/r.html"], ["studies", "{t}"], ["eval", "{t}", "--gold", "{gold}"]]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_every_table_command_refuses_a_table_over_the_row_limit_unparsed(tmp_path, small_limits, suffix, command):
    table = write_format(tmp_path / f"big{suffix}", 51)
    gold = tmp_path / "gold.jsonl"
    gold.write_text("")
    with pytest.MonkeyPatch.context() as patch:
        forbid_parsing(patch)
        result = CliRunner().invoke(main, [a.format(t=table, out=tmp_path, gold=gold) for a in command])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines()[-1] == f"Error: {table}: {ROW_LIMIT}"


def test_a_table_at_the_limit_is_read(tmp_path, small_limits):
    table = write_table(tmp_path / "evidence.csv", rows(50))
    result = CliRunner().invoke(main, ["pool", str(table), "--outcome", "CR", "--no-plot", "--json"])
    assert result.exit_code == 0, result.output


def test_quoted_newlines_do_not_count_as_rows(tmp_path, small_limits):
    """60 lines but 30 rows: a quote holding a newline is one row."""
    table = write_table(tmp_path / "evidence.csv", [dict(r, quote="nine of\ntwenty") for r in rows(30)])
    assert tablesize._lines(table) > 50
    tablesize.check_table_size(table)


def test_a_file_over_the_byte_limit_is_refused_from_its_size(tmp_path, small_limits, no_parsing, monkeypatch):
    table = write_table(tmp_path / "evidence.csv", [dict(r, quote="x" * 2000) for r in rows(40)])
    monkeypatch.setattr(tablesize, "count_rows", lambda *a: pytest.fail("rows counted"))
    result = CliRunner().invoke(main, ["compare", str(table)])
    assert result.exit_code == 1
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"Error: {table}: 0.1 MB is more than the 0.1 MB a table may have (at most 50 rows); ")


def test_the_limits_are_the_documented_ones():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    assert f"{tablesize.MAX_TABLE_ROWS:,} rows" in readme
    assert f"{tablesize.MAX_TABLE_BYTES // 2**20} MB" in readme
