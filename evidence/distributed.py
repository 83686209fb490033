"""Extraction on a Dask cluster: files are read by dask.distributed workers, the table is written
here as a partitioned Parquet data set (a folder of part files).

The client (this process) finds the files, consults the cache, and ships each file's bytes to a
worker, so workers need the same `evidence` installed but no access to the files; results come
back in input order, so the table equals the one a local run writes. Dask is optional:
`pip install 'evidence[dask]'`.

    connect -> DaskCompute (passed to pipeline.extract_paths) -> write_partitioned
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections import deque
from pathlib import Path
from typing import Iterator

from evidence.discover import InputFile, read_regular
from evidence.errors import EvidenceError
from evidence.pipeline import WORKER_DIED, FileFailure, FileResult, os_error_reason, process_file

LOCAL = "local"
DASK_MISSING = "the Dask path needs dask.distributed, which is not installed: pip install 'evidence[dask]'"
IN_FLIGHT_PER_WORKER = 4  # files shipped ahead of the results waited for, per worker thread
ROWS_PER_PART = 50_000  # rows in a part file


class ClusterError(EvidenceError):
    """The Dask scheduler cannot be reached or Dask is not installed."""


@contextlib.contextmanager
def connect(scheduler: str, workers: int | None = None):
    """A dask.distributed Client of `scheduler` ("tcp://host:8786", or "local" for a LocalCluster
    of `workers` processes here), closed on exit."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError as error:
        raise ClusterError(DASK_MISSING) from error
    if scheduler == LOCAL:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} ({error}); "
                           "start one with `dask scheduler` or use --scheduler local") from error
    with client:
        yield client


class DaskCompute:
    """FileResults for files, in input order, read on the workers of a Dask `client`."""

    def __init__(self, client, in_flight: int | None = None):
        self.client = client
        threads = sum(client.nthreads().values()) or 1
        self.in_flight = in_flight or IN_FLIGHT_PER_WORKER * threads

    def __call__(self, items: list[InputFile]) -> Iterator[FileResult]:
        window: deque = deque()
        pending = iter(items)

        def fill():
            for item in pending:
                window.append((item, self._submit(item)))
                if len(window) >= self.in_flight:
                    return

        fill()
        try:
            while window:
                item, future = window.popleft()
                fill()
                yield _result(item, future)
        finally:
            for _, future in window:
                if not isinstance(future, FileResult):
                    future.cancel()

    def _submit(self, item: InputFile):
        try:
            data = read_regular(item.path)
        except OSError as error:
            return FileResult(name=item.name, failure=FileFailure(item.name, os_error_reason(error)))
        return self.client.submit(read_shipped, item.name, data, pure=False)


def _result(item: InputFile, future) -> FileResult:
    if isinstance(future, FileResult):
        return future
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        return FileResult(name=item.name, failure=FileFailure(item.name, WORKER_DIED))


_EXTRACTORS = None


def read_shipped(name: str, data: bytes) -> FileResult:
    """On a worker: read a file from its bytes, named as on the client."""
    global _EXTRACTORS
    if _EXTRACTORS is None:
        from evidence.registry import load_extractors

        _EXTRACTORS = load_extractors()
    with tempfile.TemporaryDirectory(prefix="evidence-") as folder:
        path = Path(folder) / (Path(name).name or "input")
        path.write_bytes(data)
        return process_file(InputFile(path=path, name=name), _EXTRACTORS)


def frame_to_parts(frame, rows_per_part: int | None = None) -> list:
    """Consecutive slices of the table of `rows_per_part` rows (ROWS_PER_PART), the last shorter;
    an empty table is one empty slice."""
    size = rows_per_part or ROWS_PER_PART
    return [frame.iloc[start:start + size] for start in range(0, len(frame), size)] or [frame]


def write_partitioned(frame, target, rows_per_part: int | None = None, staged=None) -> Path:
    """Write the table as a folder of Parquet part files (part-00000.parquet, ... in table order),
    replacing `target` only once every part is written (or, given `staged`, staging the folder to
    be moved into place with the files staged beside it); the staged folder is returned then."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from evidence.tableio import frame_for_output, staged_files

    if staged is None:
        with staged_files() as staged:
            write_partitioned(frame, target, rows_per_part, staged)
        return Path(target)
    frame = frame_for_output(frame, spreadsheet=False)
    schema = pa.Schema.from_pandas(frame, preserve_index=False)
    staging = staged.folder(target)
    for number, part in enumerate(frame_to_parts(frame, rows_per_part)):
        table = pa.Table.from_pandas(part, schema=schema, preserve_index=False)
        pq.write_table(table, staging / f"part-{number:05d}.parquet")
    return staging
