"""`evidence extract` end to end: the summary, the exact per-file error lines, exit statuses
(0 all read, 1 some failed with the table still written, 2 usage), output formats, interrupts;
and the other commands start without extract's PDF and NLP stack."""
from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.schema import frame_to_figures
from evidence.tableio import read_table
from test_hostile import (MALFORMED_XML, SENTENCE, corrupt_pdf, password_pdf, scanned_pdf, symlink_loop,
                          write)

MIXED_STDOUT = """\
Read 3 documents; found 3 figures.
Wrote {output}
1 documents read with warnings (their figures carry the flag):
  malformed.xml: recovered_xml: malformed XML at line 3, column 53: Opening and ending tag mismatch: p line 3 \
and b; the text is what a lenient parser could recover
7 files failed:
  cycle_a.txt: broken link or symlink loop
  cycle_b.txt: broken link or symlink loop
  corrupt.pdf: not a readable PDF (truncated or corrupt)
  empty.txt: empty file
  junk.txt: binary data, not text
  password.pdf: password-protected PDF: remove the password and try again
  scanned.pdf: no text layer: needs OCR
"""

MIXED_PROGRESS = """\
[1/10] failed cycle_a.txt: broken link or symlink loop
[2/10] failed cycle_b.txt: broken link or symlink loop
[3/10] failed corrupt.pdf: not a readable PDF (truncated or corrupt)
[4/10] failed empty.txt: empty file
[5/10] read good one.txt: 1 figures
[6/10] failed junk.txt: binary data, not text
[7/10] read malformed.xml: 1 figures
[8/10] failed password.pdf: password-protected PDF: remove the password and try again
[9/10] failed scanned.pdf: no text layer: needs OCR
[10/10] read \u00fcn\u00ef c\u00f4de/r\u00e9sum\u00e9 du patient.md: 1 figures
"""


@pytest.fixture
def mixed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    write(folder, "good one.txt", SENTENCE)
    write(folder, "\u00fcn\u00ef c\u00f4de/r\u00e9sum\u00e9 du patient.md", SENTENCE)
    write(folder, "empty.txt", b"")
    write(folder, "junk.txt", random.Random(3).randbytes(500))
    write(folder, "malformed.xml", MALFORMED_XML)
    corrupt_pdf(folder)
    password_pdf(folder)
    scanned_pdf(folder)
    symlink_loop(folder)
    return folder


@pytest.fixture
def good(tmp_path):
    folder = tmp_path / "good"
    folder.mkdir()
    write(folder, "a.txt", SENTENCE)
    write(folder, "b.md", "# Results\n\nOverall response was 15 of 20 (75%). " + SENTENCE)
    return folder


def extract(*args):
    return CliRunner().invoke(main, ["extract", *map(str, args)], prog_name="evidence")


def test_some_files_failed(mixed, tmp_path):
    output = tmp_path / "out" / "table.csv"
    result = extract(mixed, "-o", output, "--no-cache", "-j", "1")
    assert result.exit_code == 1, result.output
    assert result.stdout == MIXED_STDOUT.format(output=output)
    assert result.stderr == MIXED_PROGRESS
    table = read_table(output)
    assert sorted(table["document"]) == ["good one.txt", "malformed.xml",
                                         "\u00fcn\u00ef c\u00f4de/r\u00e9sum\u00e9 du patient.md"]
    assert set(table["outcome"]) == {"CR"}
    flags = dict(zip(table["document"], table["flags"].fillna("")))
    assert flags["malformed.xml"] == "recovered_xml" and flags["good one.txt"] == ""
    sidecar = json.loads((tmp_path / "out" / "table.documents.json").read_text())
    assert len(sidecar["failures"]) == 7
    flagged = {d["name"]: d["flags"] for d in sidecar["documents"] if d["flags"]}
    assert flagged == {"malformed.xml": ["recovered_xml"]}


def test_same_lines_with_two_workers(mixed, tmp_path):
    output = tmp_path / "table.csv"
    result = extract(mixed, "-o", output, "--no-cache", "-j", "2")
    assert result.exit_code == 1
    assert result.stdout == MIXED_STDOUT.format(output=output)
    assert result.stderr == MIXED_PROGRESS


def test_all_read(good, tmp_path):
    output = tmp_path / "table.csv"
    result = extract(good, "-o", output, "--no-cache", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Read 2 documents; found 3 figures.\nWrote {output}\n"
    assert result.stderr == ""


def test_a_missing_path_is_a_failed_file(good, tmp_path):
    result = extract(good, tmp_path / "nowhere", "-o", tmp_path / "t.csv", "-q", "--no-cache")
    assert result.exit_code == 1
    assert result.stdout.endswith(f"1 files failed:\n  {tmp_path / 'nowhere'}: no such file or folder\n")


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl", ".xlsx"])
def test_output_formats_hold_the_same_table(good, tmp_path, suffix):
    assert extract(good, "-o", tmp_path / "t.csv", "-q", "--no-cache").exit_code == 0
    result = extract(good, "-o", tmp_path / f"t{suffix}", "-q", "--no-cache")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(f"Wrote {tmp_path / f't{suffix}'}\n")
    figures = frame_to_figures(read_table(tmp_path / f"t{suffix}"))
    assert len(figures) == 3
    assert figures == frame_to_figures(read_table(tmp_path / "t.csv"))


USAGE = "Usage: evidence extract [OPTIONS] PATHS...\nTry 'evidence extract --help' for help.\n\n"


@pytest.mark.parametrize("args, error", [
    ([], "Error: Missing argument 'PATHS...'."),
    (["{good}", "-o", "t.txt"], "Error: Invalid value for '-o' / '--output': unknown table format .txt; "
                                "use one of .csv, .jsonl, .parquet, .xlsx"),
    (["{good}", "-o", "t"], "Error: Invalid value for '-o' / '--output': unknown table format (none); "
                            "use one of .csv, .jsonl, .parquet, .xlsx"),
    (["{good}", "--jobs", "0"], "Error: Invalid value for '--jobs' / '-j': 0 is not in the range x>=1."),
    (["{good}", "--timeout", "-1"], "Error: Invalid value for '--timeout': -1.0 is not in the range x>=0."),
    (["{good}", "--scheduler", "local", "-o", "t.csv"],
     "Error: Invalid value for '-o' / '--output': with --scheduler the table is a folder of Parquet parts: "
     "name it FOLDER.parquet"),
    (["{good}", "--frobnicate"], "Error: No such option '--frobnicate'."),
], ids=["no-paths", "unknown-suffix", "no-suffix", "jobs-0", "negative-timeout", "scheduler-csv", "unknown-option"])
def test_usage_errors_exit_2(good, tmp_path, args, error):
    result = extract(*[a.format(good=good) for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == USAGE + error + "\n"


# The CLI process, made slow (each text file takes 0.3 s to read) so a signal lands mid-run.
SLOW_CLI = textwrap.dedent("""
    import sys, time
    import evidence.readers as readers
    from evidence.cli import main

    readers._load()
    text_reader = readers._READERS["text"]

    def slow(path, name):
        time.sleep(0.3)
        return text_reader(path, name)

    readers._READERS["text"] = slow
    main(["extract", *sys.argv[1:]])
""")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_interrupt_leaves_the_old_table(tmp_path, signum, jobs):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        write(folder, f"n{i:02d}.txt", SENTENCE)
    output = tmp_path / "table.csv"
    output.write_text("the previous table\n")
    sidecar = tmp_path / "table.documents.json"
    sidecar.write_text("{}")
    process = subprocess.Popen([sys.executable, "-c", SLOW_CLI, str(folder), "-o", str(output), "-j", jobs,
                                "--no-cache"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    progress = []
    for line in process.stderr:  # wait until some files are done
        progress.append(line)
        if line.startswith("[3/60]"):
            break
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert stdout == ""
    last = stderr.strip().splitlines()[-1]
    done = int(last.split()[2])
    assert 3 <= done < 60
    assert last == (f"Interrupted after {done} of 60 files ({60 - done} not read): nothing was written; "
                    f"{output} is as it was.")
    assert output.read_text() == "the previous table\n"
    assert sidecar.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "table.csv", "table.documents.json"]


STARTUP = textwrap.dedent("""
    import json, sys
    from evidence.cli import main
    try:
        main(sys.argv[1:], standalone_mode=False)
    except SystemExit:
        pass
    heavy = ("spacy", "pdfplumber", "pdfminer", "evidence.text.pipeline", "evidence.readers.pdf")
    print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
""")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table")
    corpus = Path(__file__).parent.parent / "corpora" / "car-t-retreatment"
    result = CliRunner().invoke(main, ["extract", str(corpus), "-o", str(folder / "evidence.csv"), "-q", "--no-cache"])
    assert result.exit_code == 0, result.output
    return folder / "evidence.csv"


@pytest.mark.parametrize("command", [["pool", "{table}", "--outcome", "CR", "--no-plot"],
                                     ["compare", "{table}"], ["summarize", "{table}"],
                                     ["pool", "--help"], ["compare", "--help"], ["summarize", "--help"]],
                         ids=lambda c: " ".join(c[:1] + c[2:]).replace("{table}", "TABLE"))
def test_commands_start_without_the_pdf_and_nlp_stack(extracted, command, tmp_path):
    args = [a.format(table=extracted) for a in command]
    done = subprocess.run([sys.executable, "-c", STARTUP, *args], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    *output, imported = done.stdout.strip().splitlines()
    assert output, "the command printed nothing"
    assert json.loads(imported) == []
