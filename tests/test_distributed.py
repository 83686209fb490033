"""The Dask path: a LocalCluster of two workers writes, as Parquet parts, the table the local run
writes; files are shipped to the workers; Dask stays optional."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from evidence.extraction import run_extract
from evidence.schema import figures_to_frame
from evidence.tableio import read_table, table_digest

distributed = pytest.importorskip("distributed", reason="the Dask path's tests need pip install 'evidence[dask]'")

CORPUS = Path(__file__).parent.parent / "corpora" / "car-t-retreatment"
SAMPLE = ("gauthier2019_ash_abstract.txt", "holland2023_abstract.md", "fry2018_news.html",
          "pan2019_jats.xml", "pubmed_records.xml", "liu2022_abstract.pdf")


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        yield cluster


@pytest.fixture
def sample(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name in SAMPLE:
        shutil.copy(CORPUS / name, folder / name)
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_the_cluster_writes_the_local_table(cluster, sample, tmp_path):
    local = run_extract([sample], tmp_path / "local.parquet", jobs=1, use_cache=False)
    remote = run_extract([sample], tmp_path / "cluster.parquet", use_cache=False, scheduler=cluster.scheduler_address)
    assert (tmp_path / "cluster.parquet").is_dir()
    assert sorted(p.name for p in (tmp_path / "cluster.parquet").iterdir()) == ["part-00000.parquet"]
    assert remote.result == local.result
    assert read_table(tmp_path / "cluster.parquet").equals(read_table(tmp_path / "local.parquet"))
    sidecars = [json.loads((tmp_path / f"{name}.documents.json").read_text()) for name in ("cluster", "local")]
    assert [s.pop("table") for s in sidecars] == [{"sha256": table_digest(tmp_path / f"{name}.parquet")}
                                                 for name in ("cluster", "local")]  # each of its own table
    assert sidecars[0] == sidecars[1]
    assert [(f.name, f.reason) for f in remote.result.failures] == [("empty.txt", "empty file")]


def test_parts_hold_the_table_in_order(monkeypatch, cluster, sample, tmp_path):
    import evidence.distributed as dask_path

    monkeypatch.setattr(dask_path, "ROWS_PER_PART", 5)
    run_extract([sample], tmp_path / "local.parquet", jobs=1, use_cache=False)
    local = read_table(tmp_path / "local.parquet")
    target = tmp_path / "cluster.parquet"
    target.mkdir()
    (target / "part-00099.parquet").write_text("an old part")
    run_extract([sample], target, use_cache=False, scheduler=cluster.scheduler_address)
    parts = sorted(target.iterdir())
    assert [p.name for p in parts] == [f"part-{i:05d}.parquet" for i in range((len(local) + 4) // 5)]
    assert [len(read_table(p)) for p in parts[:-1]] == [5] * (len(parts) - 1)
    assert read_table(target).equals(local)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_empty_table_is_one_empty_part(cluster, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "plain.txt").write_text("Nothing to count here.\n")
    outcome = run_extract([tmp_path / "in"], tmp_path / "t.parquet", use_cache=False,
                          scheduler=cluster.scheduler_address)
    assert outcome.result.figures == ()
    table = read_table(tmp_path / "t.parquet")
    assert table.empty and list(table.columns) == list(figures_to_frame([]).columns)


def test_a_cached_run_sends_nothing_to_the_cluster(cluster, sample, tmp_path):
    from evidence.cache import ResultCache
    from evidence.distributed import DaskCompute
    from evidence.pipeline import extract_paths
    from evidence.registry import extractor_versions

    run_extract([sample], tmp_path / "first.csv", jobs=1, cache_dir=tmp_path / "cache")
    sent = []

    class Counting(DaskCompute):
        def _submit(self, item):
            sent.append(item.name)
            return super()._submit(item)

    with distributed.Client(cluster) as client:
        cache = ResultCache(tmp_path / "cache", extractor_versions())
        extract_paths([sample], cache=cache, compute=Counting(client))
    assert sent == ["empty.txt"]  # failures are not cached
    assert cache.hits == len(SAMPLE)


def test_without_dask_the_error_says_what_to_install(monkeypatch, tmp_path):
    from evidence.distributed import ClusterError, connect

    monkeypatch.setitem(sys.modules, "dask.distributed", None)
    with pytest.raises(ClusterError, match=r"pip install 'evidence\[dask\]'"):
        with connect("local"):
            pass


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from evidence.cli import main

    (tmp_path / "a.txt").write_text("CR in 5 of 10 patients.\n")
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "a.txt"), "--scheduler", "tcp://127.0.0.1:9",
                                       "-o", str(tmp_path / "t.parquet"), "-q"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9 (")
    assert result.stderr.endswith("start one with `dask scheduler` or use --scheduler local\n")
    assert not (tmp_path / "t.parquet").exists()
