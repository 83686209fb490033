"""One exit-code convention for every command (README, "Exit status"): 0 done; 1 the command ran
but could not do its work (an `Error:` line names the file and what to do) or some input files
could not be read; 2 a usage error (unknown option, missing argument, a path that does not
exist); 130 interrupted."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from evidence.cli import main

TABLE_COMMANDS = ["studies", "pool", "compare", "summarize", "report", "eval"]
NEEDED = {"pool": ["--outcome", "CR", "--no-plot"], "eval": ["--gold", "gold.jsonl"],
          "report": ["-o", "r.html"]}


def run(*args):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", TABLE_COMMANDS + ["extract", "run"])
def test_unknown_option_is_a_usage_error(command):
    result = run(command, "--no-such-option")
    assert result.exit_code == 2
    assert "No such option '--no-such-option'" in result.stderr


@pytest.mark.parametrize("command", TABLE_COMMANDS)
def test_a_path_that_does_not_exist_is_a_usage_error(command, tmp_path):
    result = run(command, str(tmp_path / "missing.csv"), *NEEDED.get(command, []))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@pytest.mark.parametrize("command", ["extract", "run"])
def test_an_input_that_cannot_be_read_is_exit_1_naming_it(command, tmp_path):
    """extract and run read what they can (the rest is written) and say which inputs failed."""
    good = tmp_path / "a.txt"
    good.write_text("After a second CD19 CAR-T infusion, 3 of 10 patients (30%) had a complete response.\n")
    result = run(command, str(good), str(tmp_path / "missing"), "-o", str(tmp_path / "out" / "t.csv"
                                                                          if command == "extract" else tmp_path / "out"),
                 "--quiet")
    assert result.exit_code == 1, result.output
    assert f"{tmp_path / 'missing'}: no such file or folder" in result.output


@pytest.mark.parametrize("command", [c for c in TABLE_COMMANDS if c != "eval"])
def test_a_table_that_is_not_an_evidence_table_is_an_error_line_and_exit_1(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gold.jsonl").write_text("")
    bad = tmp_path / "notes.csv"
    bad.write_text("name,colour\nx,red\n")
    result = run(command, str(bad), *NEEDED.get(command, []))
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and str(bad.name) in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", TABLE_COMMANDS + ["extract", "run"])
def test_help_exits_0(command):
    assert run(command, "--help").exit_code == 0
