"""The extraction pipeline: worker processes give the table a single process gives, a file that
kills its worker or runs too long fails alone, and the cache reads only what changed."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evidence.cache import ResultCache
from evidence.extraction import run_extract
from evidence.pipeline import WORKER_DIED, extract_paths
from evidence.registry import extractor_versions
from evidence.schema import figures_to_frame

CORPUS = Path(__file__).parent.parent / "corpora" / "car-t-retreatment"
SAMPLE = ("gauthier2019_ash_abstract.txt", "holland2023_abstract.md", "fry2018_news.html",
          "pan2019_jats.xml", "pubmed_records.xml", "liu2022_abstract.pdf", "xue2024_results.md")
SENTENCE = "Complete remission was achieved in 12 of 20 patients (60%) after the second infusion."


@pytest.fixture
def sample(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in SAMPLE:
        shutil.copy(CORPUS / name, folder / name)
    return folder


def test_one_and_two_workers_write_the_same_table(sample, tmp_path):
    one = run_extract([sample], tmp_path / "one.csv", jobs=1, use_cache=False)
    two = run_extract([sample], tmp_path / "two.csv", jobs=2, use_cache=False, timeout=120)
    assert not one.result.failures
    assert len(one.result.figures) > 10
    assert (tmp_path / "one.csv").read_bytes() == (tmp_path / "two.csv").read_bytes()
    assert (tmp_path / "one.documents.json").read_bytes() == (tmp_path / "two.documents.json").read_bytes()


def test_results_come_in_input_order(tmp_path):
    for i in range(12):
        (tmp_path / f"n{i:02d}.txt").write_text(f"Report {i}\n{SENTENCE}\n")
    seen = []
    result = extract_paths([tmp_path], jobs=2, timeout=60, on_file=lambda r: seen.append(r.name))
    assert seen == [f"n{i:02d}.txt" for i in range(12)]
    assert [f.document for f in result.figures] == seen


# A reader that misbehaves for some files, installed before the workers fork.
MISBEHAVE = textwrap.dedent("""
    import json, os, signal, sys, time
    import evidence.readers as readers
    from evidence.pipeline import extract_paths

    readers._load()
    text_reader = readers._READERS["text"]

    def misbehaving(path, name):
        if name.startswith("exit"):
            os._exit(3)
        if name.startswith("kill"):
            os.kill(os.getpid(), signal.SIGKILL)
        if name.startswith("hang"):
            time.sleep(3600)
        if name.startswith("bug"):
            raise KeyError("a reader's bug")
        return text_reader(path, name)

    readers._READERS["text"] = misbehaving
    jobs, timeout = int(sys.argv[2]), float(sys.argv[3])
    result = extract_paths([sys.argv[1]], jobs=jobs, timeout=timeout)
    print(json.dumps({"documents": [d.name for d in result.documents],
                      "failures": [[f.name, f.reason] for f in result.failures]}))
""")


def run_misbehaving(folder: Path, jobs: int, timeout: float) -> dict:
    done = subprocess.run([sys.executable, "-c", MISBEHAVE, str(folder), str(jobs), str(timeout)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_kills_its_worker_fails_alone(tmp_path, jobs):
    names = ["a.txt", "b.txt", "bug.txt", "c.txt", "exit.txt", "d.txt", "e.txt", "kill.txt", "f.txt"]
    for name in names:
        (tmp_path / name).write_text(SENTENCE)
    run = run_misbehaving(tmp_path, jobs, timeout=120)
    assert run["documents"] == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"]
    assert run["failures"] == [
        ["bug.txt", "cannot be read (KeyError: \"a reader's bug\"); please report this file"],
        ["exit.txt", WORKER_DIED],
        ["kill.txt", WORKER_DIED],
    ]


def test_a_file_past_the_timeout_is_stopped(tmp_path):
    for name in ("a.txt", "hang.txt", "b.txt"):
        (tmp_path / name).write_text(SENTENCE)
    run = run_misbehaving(tmp_path, jobs=2, timeout=2)
    assert run["documents"] == ["a.txt", "b.txt"]
    assert run["failures"] == [["hang.txt", "took longer than 2 s to read: stopped (allow more with --timeout)"]]


def test_an_extractor_bug_is_a_per_file_failure(tmp_path):
    class Broken:
        name, version = "broken", "1"

        def extract(self, document, analysis):
            if "boom" in document.text:
                raise ZeroDivisionError("division by zero")
            return []

    (tmp_path / "a.txt").write_text(SENTENCE)
    (tmp_path / "b.txt").write_text("boom")
    result = extract_paths([tmp_path], extractors=[Broken()])
    assert [d.name for d in result.documents] == ["a.txt"]
    assert [(f.name, f.reason) for f in result.failures] == [
        ("b.txt", "figures could not be extracted (ZeroDivisionError: division by zero); please report this file")]


class CountingReads:
    """Counts the calls of every reader (in this process: jobs=1)."""

    def __init__(self, monkeypatch):
        import evidence.readers as readers

        readers._load()
        self.calls: list[str] = []
        for format_name, function in list(readers._READERS.items()):
            monkeypatch.setitem(readers._READERS, format_name, self._counting(function))

    def _counting(self, function):
        def read(path, name):
            self.calls.append(name)
            return function(path, name)
        return read


def test_a_rerun_reads_nothing_again(sample, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    first = run_extract([sample], tmp_path / "first.csv", jobs=1, cache_dir=cache_dir)
    reads = CountingReads(monkeypatch)
    cache = ResultCache(cache_dir, extractor_versions())
    again = extract_paths([sample], jobs=1, cache=cache)
    assert reads.calls == []
    assert (cache.hits, cache.misses) == (len(SAMPLE), 0)
    assert figures_to_frame(again.figures).equals(figures_to_frame(first.result.figures))
    assert again.documents == first.result.documents


def test_a_changed_file_is_read_again(sample, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    run_extract([sample], tmp_path / "first.csv", jobs=1, cache_dir=cache_dir)
    changed = sample / "holland2023_abstract.md"
    changed.write_text(changed.read_text() + "\n" + SENTENCE + "\n")
    reads = CountingReads(monkeypatch)
    cache = ResultCache(cache_dir, extractor_versions())
    result = extract_paths([sample], jobs=1, cache=cache)
    assert reads.calls == ["holland2023_abstract.md"]
    assert (cache.hits, cache.misses) == (len(SAMPLE) - 1, 1)
    assert any(f.document == "holland2023_abstract.md" and f.value == 0.6 for f in result.figures)


def test_without_the_cache_every_file_is_read(sample, tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    run_extract([sample], tmp_path / "first.csv", jobs=1, cache_dir=cache_dir)
    reads = CountingReads(monkeypatch)
    run_extract([sample], tmp_path / "second.csv", jobs=1, cache_dir=cache_dir, use_cache=False)
    assert sorted(reads.calls) == sorted(SAMPLE)


def test_failures_are_not_cached(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    cache = ResultCache(tmp_path / "cache", extractor_versions())
    extract_paths([tmp_path / "in"], cache=cache)
    cache = ResultCache(tmp_path / "cache", extractor_versions())
    result = extract_paths([tmp_path / "in"], cache=cache)
    assert [(f.name, f.reason) for f in result.failures] == [("empty.txt", "empty file")]
    assert (cache.hits, cache.misses) == (0, 1)


def test_a_code_change_misses_the_cache(tmp_path, monkeypatch):
    import evidence.cache as cache_module

    (tmp_path / "a.txt").write_text(SENTENCE)
    first = ResultCache(tmp_path / "cache", extractor_versions())
    extract_paths([tmp_path / "a.txt"], cache=first)
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "edited")
    second = ResultCache(tmp_path / "cache", extractor_versions())
    extract_paths([tmp_path / "a.txt"], cache=second)
    assert (second.hits, second.misses) == (0, 1)
