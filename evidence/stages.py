"""Reading and analysis in separate processes, so that neither waits for the other.

`WorkerPool` (evidence.pipeline) runs a batch of files as a `StagedRound`: `jobs` reader
processes read files (PDF layout, XML, HTML: no spaCy), and as many analyser processes turn
each file's documents into figures (spaCy and the extractors). Reading starts at once, while the
analysers import spaCy and build their pipeline (about a second and a half), and a file is read
while the one before it is analysed: on two cores, even with `--jobs 1`, reading PDFs is no
longer followed by their analysis but overlapped with it.

Every file keeps one clock across both stages (`--timeout` bounds reading plus analysis), and
each process marks in the shared `pids` and `started` arrays which file it is working on, so a
file that kills its process or runs too long is known: an analyser takes one file at a time, so
the file it was analysing is the culprit for certain; a reader's crash is settled as
`WorkerPool` settles it (alone in a new pool when several were being read).
"""
from __future__ import annotations

import os
import time
from collections import deque
from typing import Iterator

READY = "ready"  # what an analyser says once its pipeline is built
STARTS_ALLOWED = 2  # analysers that die before they are ready, per analyser, before the run gives up


class Analyser:
    """One analyser process and the pipe to it: it is sent (index, item, documents, seconds) and
    answers (index, FileResult), one file at a time."""

    def __init__(self, context, pids, started, memory_mb: int | None):
        here, there = context.Pipe(duplex=True)
        self.process = context.Process(target=serve, args=(there, pids, started, os.getpid(), memory_mb),
                                       name="evidence-analyser", daemon=True)
        self.process.start()
        there.close()
        self.connection = here
        self.ready = False
        self.gone = False  # its pipe broke: it is dying
        self.file: int | None = None  # the index being analysed

    def send(self, index: int, item, documents, seconds: float) -> None:
        self.file = index
        self.connection.send((index, item, documents, seconds))

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


class Analysers:
    """The round's analyser processes: replaced when one dies, given up when they cannot start."""

    def __init__(self, context, count: int, pids, started, memory_mb: int | None):
        self.context = context
        self.arguments = (pids, started, memory_mb)
        self.all = [Analyser(context, *self.arguments) for _ in range(count)]
        self.failed_starts = 0
        self.count = count

    def waitables(self) -> list:
        return [x for analyser in self.all for x in (analyser.connection, analyser.process.sentinel)]

    def idle(self) -> Analyser | None:
        return next((a for a in self.all if a.ready and not a.gone and a.file is None), None)

    def busy(self) -> Iterator[Analyser]:
        return (a for a in self.all if a.file is not None)

    def messages(self, ready) -> Iterator[tuple[Analyser, object]]:
        """(analyser, message) for what the analysers said; (analyser, None) for one that died."""
        for analyser in list(self.all):
            if analyser.connection not in ready and analyser.process.sentinel not in ready:
                continue
            while True:
                try:
                    if not analyser.connection.poll():
                        break
                    yield analyser, analyser.connection.recv()
                except (EOFError, OSError):
                    break
            if analyser.process.sentinel in ready or not analyser.process.is_alive():
                yield analyser, None

    def replace(self, dead: Analyser) -> None:
        """A new analyser for one that died: spawned, as this process has threads by now (a
        pool's), which a forked child could inherit holding a lock."""
        import multiprocessing

        from evidence.pipeline import _threads_started

        if not dead.ready:
            self.failed_starts += 1
        dead.stop()
        self.all.remove(dead)
        if not self.cannot_start():
            context = multiprocessing.get_context("spawn") if _threads_started() else self.context
            self.all.append(Analyser(context, *self.arguments))

    def cannot_start(self) -> bool:
        return self.failed_starts >= STARTS_ALLOWED * self.count

    def stop(self) -> None:
        for analyser in self.all:
            analyser.stop()


def serve(connection, pids, started, parent: int, memory_mb: int | None) -> None:
    """An analyser's life: build the pipeline, say so, then analyse what it is sent until the pipe
    closes."""
    import signal

    from evidence import pipeline

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    pipeline.die_with_parent(parent)
    extractors = pipeline._warm_up()
    if memory_mb:
        pipeline.limit_memory(memory_mb)  # what analysis may take beyond the built pipeline
        pipeline._WORKER_MEMORY_MB = memory_mb
    connection.send(READY)
    while True:
        try:
            index, item, documents, seconds = connection.recv()
        except (EOFError, OSError):
            return
        pipeline.mark_started(pids, started, index, seconds)  # the file's clock counts its reading
        result = pipeline.analyse_stage(item, documents, extractors)
        try:
            connection.send((index, result))
        except (EOFError, OSError):
            return
        except Exception as error:  # the result could not be pickled
            connection.send((index, pipeline._failed(item, pipeline.internal_error(error))))


class StagedRound:
    """One round of `WorkerPool`: the files of `batch` read by `workers` readers and analysed by as
    many analysers. `run()` yields each index in order, once its result is in `done`, or with no
    result when the readers' pool broke before the file was read (the caller then reads it again,
    alone if it was being read)."""

    def __init__(self, pool, context, items, batch, pids, started, done):
        self.timeout = pool.timeout
        self.memory_mb = pool.memory_mb
        self.context = context
        self.items = items
        self.batch = batch
        self.pids = pids
        self.started = started
        self.done = done
        self.workers = min(pool.jobs, len(batch))
        self.waiting = deque(batch)
        self.reading: dict = {}  # index -> future of its reading
        self.read: deque = deque()  # (index, Read) waiting for an analyser
        self.settled: set[int] = set()  # given a result in `done` (which the caller empties)
        self.lost: set[int] = set()
        self.timed_out: set[int] = set()
        self.reading_broken = False
        self.loaded = False  # this process's own imports for the results

    def run(self) -> Iterator[int]:
        from concurrent.futures import ProcessPoolExecutor

        from evidence import pipeline

        self.wake_read, self.wake_write = os.pipe()
        os.set_blocking(self.wake_write, False)
        # the analysers are forked first, while this process has no thread yet
        self.analysers = Analysers(self.context, self.workers, self.pids, self.started, self.memory_mb)
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=self.context,
                                        initializer=pipeline._worker_init,
                                        initargs=(self.pids, self.started, os.getpid(), self.memory_mb, False))
        try:
            self._fill()
            for i in self.batch:
                while i not in self.settled and i not in self.lost:
                    self._step()
                yield i
        finally:
            pipeline._stop(self.pool)  # its callbacks are over once it is shut down
            self.analysers.stop()
            os.close(self.wake_read)
            os.close(self.wake_write)

    def _wake(self, future) -> None:
        try:
            os.write(self.wake_write, b".")
        except OSError:  # full: a wake-up is pending anyway
            pass

    def _step(self) -> None:
        from multiprocessing.connection import wait

        from evidence.pipeline import POLL_SECONDS

        ready = wait([self.wake_read, *self.analysers.waitables()], timeout=POLL_SECONDS)
        if self.wake_read in ready:
            os.read(self.wake_read, 4096)
        self._collect_reads()
        self._collect_analyses(ready)
        self._stop_late_files()
        self._fill()
        if not self.loaded and self._a_core_is_free():
            from evidence.pipeline import _load_for_results

            _load_for_results()
            self.loaded = True

    def _a_core_is_free(self) -> bool:
        """Whether this process may load what it needs for the results (pandas, linking) without
        slowing the reading: when all is read, or when the analysers wait for work."""
        idle = all(a.ready and a.file is None for a in self.analysers.all)
        return (not self.waiting and not self.reading) or (idle and not self.read)

    def _fill(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        from evidence.pipeline import _read_process

        while not self.reading_broken and self.waiting and len(self.reading) < self.workers:
            i = self.waiting.popleft()
            try:
                future = self.pool.submit(_read_process, i, self.items[i])
            except BrokenProcessPool:
                self.waiting.appendleft(i)
                self._reading_broke()
                break
            self.reading[i] = future
            future.add_done_callback(self._wake)
        while self.read:
            analyser = self.analysers.idle()
            if analyser is None:
                break
            i, read = self.read.popleft()
            try:
                analyser.send(i, self.items[i], read.documents, read.seconds)
            except OSError:  # it has just died: the next step replaces it
                analyser.file, analyser.gone = None, True
                self.read.appendleft((i, read))
                break

    def _collect_reads(self) -> None:
        from concurrent.futures.process import BrokenProcessPool

        from evidence.pipeline import Read

        for i, future in list(self.reading.items()):
            if not future.done():
                continue
            try:
                got = future.result()
            except BrokenProcessPool:
                self._reading_broke()
                return
            except Exception as error:  # the result could not come back (e.g. not picklable)
                got = self._failure(i, error)
            del self.reading[i]
            self.pids[i] = 0  # no process is working on it until an analyser takes it
            if isinstance(got, Read):
                self.read.append((i, got))
            else:
                self._settle(i, got)

    def _reading_broke(self) -> None:
        """The readers' pool broke (a reader died, or was stopped past the timeout): files read are
        still analysed; files being read are settled as `WorkerPool` settles them."""
        from evidence import pipeline
        from evidence.pipeline import Read

        self.reading_broken = True
        for i, future in self.reading.items():
            if future.done() and not future.cancelled() and future.exception() is None:
                got = future.result()
                if isinstance(got, Read):
                    self.pids[i] = 0
                    self.read.append((i, got))
                    continue
                self._settle(i, got)
                continue
            failed = pipeline.unfinished_failure(self.items[i], i in self.timed_out, self.pids[i], self.workers,
                                                 self.timeout)
            if failed is not None:
                self._settle(i, failed)
            else:
                self.lost.add(i)
        self.reading.clear()
        self.lost.update(self.waiting)
        self.waiting.clear()

    def _collect_analyses(self, ready) -> None:
        from evidence import pipeline

        for analyser, message in self.analysers.messages(ready):
            if message == READY:
                analyser.ready = True
            elif message is not None:
                index, result = message
                self._settle(index, result)
                analyser.file = None
            else:  # it died: of the file it was analysing, if any
                i = analyser.file
                if i is not None and i not in self.settled:
                    reason = (pipeline.TIMED_OUT.format(seconds=self.timeout) if i in self.timed_out
                              else pipeline.WORKER_DIED)
                    self._settle(i, pipeline._failed(self.items[i], reason))
                self.analysers.replace(analyser)
        if self.analysers.cannot_start():
            for i in self.batch:
                if i not in self.settled and i not in self.lost:
                    self._settle(i, pipeline._failed(self.items[i], pipeline.WORKER_DIED))
            self.waiting.clear()
            self.read.clear()

    def _stop_late_files(self) -> None:
        """Stop the process of each file past the timeout (reading and analysis together)."""
        from evidence.pipeline import _kill, stop_late

        if self.timeout is None:
            return
        stop_late(self.reading, self.pids, self.started, self.timed_out, self.timeout)
        now = time.monotonic()
        for analyser in self.analysers.busy():
            i = analyser.file
            if (i not in self.timed_out and self.pids[i] == analyser.process.pid
                    and now - self.started[i] > self.timeout):
                self.timed_out.add(i)
                _kill(analyser.process.pid)

    def _settle(self, i: int, result) -> None:
        if i not in self.settled:
            self.settled.add(i)
            self.done[i] = result

    def _failure(self, i: int, error: BaseException):
        from evidence import pipeline

        return pipeline._failed(self.items[i], pipeline.internal_error(error))

