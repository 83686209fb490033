"""Reading and analysis in separate processes (evidence.stages): reading starts at once, a file is
read while the one before is analysed, one clock bounds both, and a file that kills or stalls its
analyser fails alone."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from evidence.pipeline import TIMED_OUT, WORKER_DIED, extract_paths

CORPUS = Path(__file__).parent.parent / "corpora" / "car-t-retreatment"
SENTENCE = "Complete remission was achieved in 12 of 20 patients (60%) after the second infusion."


def test_staged_processes_give_what_one_process_gives(tmp_path):
    for path in sorted(CORPUS.glob("*"))[:8]:
        if path.suffix in (".txt", ".md", ".html", ".xml", ".pdf"):
            shutil.copy(path, tmp_path / path.name)
    here = extract_paths([tmp_path], jobs=1)  # no bound: in this process
    for jobs in (1, 2):
        staged = extract_paths([tmp_path], jobs=jobs, timeout=120)
        assert staged.figures == here.figures
        assert [d.to_json() for d in staged.documents] == [d.to_json() for d in here.documents]
        assert staged.failures == here.failures


# Runs in a child interpreter: the patches reach the processes it forks (the analysers and the
# readers), as they would not reach spawned ones.
SCRIPT = textwrap.dedent("""
    import json, os, signal, sys, time
    import evidence.pipeline as pipeline
    import evidence.readers as readers
    from evidence.pipeline import extract_paths

    LOG = sys.argv[4]
    read, analyse, warm = pipeline.read_stage, pipeline.analyse_stage, pipeline._warm_up

    def log(*words):
        with open(LOG, "a") as handle:
            handle.write(json.dumps([*words, os.getpid(), time.monotonic()]) + "\\n")

    def reading(item):
        log("read", item.name)
        return read(item)

    readers._load()
    text_reader = readers._READERS["text"]

    def slow_reader(path, name):  # inside the reading the clock measures
        if name.startswith("slow"):
            time.sleep(1.5)
        return text_reader(path, name)

    readers._READERS["text"] = slow_reader

    def analysing(item, documents, extractors):
        log("analyse", item.name)
        if item.name.startswith("kill"):
            os.kill(os.getpid(), signal.SIGKILL)
        if item.name.startswith("hang"):
            time.sleep(3600)
        if item.name.startswith("slow"):
            time.sleep(1.5)
        return analyse(item, documents, extractors)

    def warming():
        time.sleep(float(sys.argv[5]))
        extractors = warm()
        log("ready", "")
        return extractors

    pipeline.read_stage, pipeline.analyse_stage, pipeline._warm_up = reading, analysing, warming
    jobs, timeout = int(sys.argv[2]), float(sys.argv[3])
    result = extract_paths([sys.argv[1]], jobs=jobs, timeout=timeout)
    print(json.dumps({"documents": [d.name for d in result.documents],
                      "failures": [[f.name, f.reason] for f in result.failures]}))
""")


def run(folder: Path, names, jobs: int, timeout: float, warm_delay: float = 0.0):
    for name in names:
        (folder / name).write_text(SENTENCE)
    log = folder.parent / "log.jsonl"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder), str(jobs), str(timeout), str(log),
                           str(warm_delay)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    events = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return json.loads(done.stdout), events


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "articles"
    path.mkdir()
    return path


def test_reading_starts_before_the_analysers_are_ready(folder):
    """With one job, every file is read while the analyser is still starting (its start-up made
    two seconds longer here), in another process than the one that analyses it."""
    got, events = run(folder, ["a.txt", "b.txt", "c.txt"], jobs=1, timeout=120, warm_delay=2.0)
    assert got == {"documents": ["a.txt", "b.txt", "c.txt"], "failures": []}
    ready = min(t for kind, _, _, t in events if kind == "ready")
    reads = {name: (pid, t) for kind, name, pid, t in events if kind == "read"}
    analyses = {name: pid for kind, name, pid, _ in events if kind == "analyse"}
    assert all(t < ready for _, t in reads.values())
    assert all(reads[name][0] != analyses[name] for name in reads)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_file_that_kills_its_analyser_fails_alone(folder, jobs):
    got, _ = run(folder, ["a.txt", "b.txt", "kill.txt", "c.txt", "d.txt"], jobs=jobs, timeout=120)
    assert got == {"documents": ["a.txt", "b.txt", "c.txt", "d.txt"], "failures": [["kill.txt", WORKER_DIED]]}


def test_a_file_whose_analysis_runs_past_the_timeout_is_stopped(folder):
    got, _ = run(folder, ["a.txt", "hang.txt", "b.txt"], jobs=1, timeout=2)
    assert got == {"documents": ["a.txt", "b.txt"],
                   "failures": [["hang.txt", TIMED_OUT.format(seconds=2)]]}


def test_one_clock_bounds_reading_and_analysis(folder):
    """1.5 s of reading and 1.5 s of analysis: each within a 2 s timeout, together past it."""
    got, _ = run(folder, ["a.txt", "slow.txt"], jobs=1, timeout=2)
    assert got == {"documents": ["a.txt"], "failures": [["slow.txt", TIMED_OUT.format(seconds=2)]]}
