"""The extraction pipeline: files -> documents -> figures, one file at a time, failures kept.

`extract_paths` is what `evidence extract` calls. Each file is handled by `process_file`, a pure
function of the file and the extractor set, so it can run in a worker process; a file that cannot
be read becomes a `FileFailure` and the run goes on.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Iterator

from evidence.discover import InputFile, discover
from evidence.document import Document, Metadata
from evidence.errors import NoInputError, ReadError
from evidence.schema import Figure


@dataclass(frozen=True)
class DocumentInfo:
    """What the rest of the pipeline (linking, reports) needs to know about a document read."""

    name: str
    format: str
    metadata: Metadata
    chars: int
    pages: int | None
    sha256: str
    facts: tuple = ()  # CohortFact records found in the document
    text: str = field(default="", repr=False)  # kept for linking and quotes in context; not written to the table
    profile: object = field(default=None, repr=False, compare=False)  # its linking profile, made with the figures
    flags: tuple[str, ...] = ()  # the document's own warnings ("recovered_xml"), also on each of its figures
    warnings: tuple[str, ...] = ()  # the same in words: what the reader met and did

    def to_json(self) -> dict:
        data = asdict(replace(self, profile=None))
        data.pop("text")
        data.pop("profile")
        data["facts"] = [f.to_json() for f in self.facts]
        data["metadata"]["authors"] = list(self.metadata.authors)
        data["metadata"]["registrations"] = list(self.metadata.registrations)
        return data


@dataclass(frozen=True)
class FileFailure:
    """A file that could not be read, and why, in words a person can act on."""

    name: str
    reason: str


@dataclass(frozen=True)
class FileResult:
    """What one input file gave: its documents and figures, or a failure."""

    name: str
    documents: tuple[DocumentInfo, ...] = ()
    figures: tuple[Figure, ...] = ()
    failure: FileFailure | None = None


@dataclass(frozen=True)
class ExtractResult:
    """The outcome of a whole run, in input order."""

    documents: tuple[DocumentInfo, ...]
    figures: tuple[Figure, ...]
    failures: tuple[FileFailure, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


def document_to_findings(document: Document, extractors) -> tuple[list[Figure], list]:
    """Run every extractor over one document: its figures (in text order, duplicates removed)
    and its cohort facts (from extractors that have a `facts` method)."""
    from evidence.text.pipeline import analyse

    analysis = analyse(document.text)
    figures: list[Figure] = []
    facts: list = []
    for extractor in extractors:
        figures.extend(extractor.extract(document, analysis))
        if hasattr(extractor, "facts"):
            facts.extend(extractor.facts(document, analysis))
    if document.flags:
        figures = [figure.with_flags(*document.flags) for figure in figures]
    return sort_figures(dedupe_figures(figures)), sorted(facts, key=lambda f: (f.start, f.end, f.kind))


def dedupe_figures(figures: Iterable[Figure]) -> list[Figure]:
    seen = set()
    unique = []
    for figure in figures:
        key = (figure.document, figure.outcome, figure.measure, round(figure.value, 9), figure.start,
               figure.end, figure.disease, figure.infusion, figure.subgroup, figure.grade,
               figure.timepoint_months, figure.target_relation)
        if key not in seen:
            seen.add(key)
            unique.append(figure)
    return unique


def sort_figures(figures: Iterable[Figure]) -> list[Figure]:
    """Deterministic order: by document, then place in the text, then what was measured."""
    return sorted(figures, key=lambda f: (f.document, f.start, f.end, f.outcome, f.measure,
                                          f.disease, f.infusion, f.subgroup, f.value))


def _with_profile(info: DocumentInfo, figures) -> DocumentInfo:
    """The document's linking profile depends only on it and its figures: made here, in the worker,
    it is cached with the file's result, so a re-run does not make it again."""
    from evidence.studies.profile import document_to_profile

    return replace(info, profile=document_to_profile(info, figures))


def document_info(document: Document, facts=()) -> DocumentInfo:
    return DocumentInfo(
        name=document.path,
        format=document.format,
        metadata=document.metadata,
        chars=len(document.text),
        pages=document.pages,
        sha256=hashlib.sha256(document.text.encode("utf-8")).hexdigest(),
        facts=tuple(facts),
        text=document.text,
        flags=document.flags,
        warnings=document.warnings,
    )


def process_file(item: InputFile, extractors) -> FileResult:
    """Read one file and extract its figures. Whatever goes wrong with this file (a read error,
    or a bug a strange file brings out in a reader or an extractor) becomes its FileFailure."""
    read = read_stage(item)
    if isinstance(read, FileResult):
        return read
    return analyse_stage(item, read.documents, extractors)


@dataclass(frozen=True)
class Read:
    """A file's documents as its reader gave them, and the seconds reading took (the file's clock
    runs on while they are analysed, perhaps in another process)."""

    documents: tuple[Document, ...]
    seconds: float = 0.0


def read_stage(item: InputFile) -> Read | FileResult:
    """The first half of `process_file`: the file's documents, or its failure. Needs no spaCy."""
    import time

    from evidence.discover import file_problem
    from evidence.readers import read_file

    problem = file_problem(item.path)
    if problem:
        return _failed(item, problem)
    started = time.monotonic()
    try:
        documents = read_file(item.path, item.name)
    except MemoryError:
        return _failed(item, _out_of_memory())
    except ReadError as error:
        if _ran_out_of_memory(error):
            return _failed(item, _out_of_memory())
        return _failed(item, error.reason)
    except OSError as error:
        return _failed(item, os_error_reason(error))
    except Exception as error:  # a reader's bug must not end the run
        return _failed(item, f"cannot be read ({type(error).__name__}: {error}); please report this file")
    if not documents:
        return _failed(item, "no article found in the file")
    return Read(tuple(documents), time.monotonic() - started)


def analyse_stage(item: InputFile, documents, extractors) -> FileResult:
    """The second half of `process_file`: the figures and facts of documents read."""
    too_long = _too_long(documents)
    if too_long:
        return _failed(item, too_long)
    infos, figures = [], []
    try:
        for document in documents:
            found, facts = document_to_findings(document, extractors)
            infos.append(_with_profile(document_info(document, facts), found))
            figures.extend(found)
    except MemoryError:
        return _failed(item, _out_of_memory())
    except Exception as error:  # an extractor's bug must not end the run either
        return _failed(item, f"figures could not be extracted ({type(error).__name__}: {error}); "
                             "please report this file")
    return FileResult(name=item.name, documents=tuple(infos), figures=tuple(figures))


def _ran_out_of_memory(error: BaseException) -> bool:
    """True when a MemoryError is behind `error` (readers wrap what their libraries raise)."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, MemoryError) or any(isinstance(a, MemoryError) for a in error.args):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _out_of_memory() -> str:
    if _WORKER_MEMORY_MB:
        return OUT_OF_MEMORY.format(mb=_WORKER_MEMORY_MB)
    return "ran out of memory while reading it"


def _too_long(documents) -> str:
    """Why a document's text is too long for the number layer (spaCy refuses it), or ""."""
    from evidence.text.pipeline import get_nlp

    limit = get_nlp().max_length
    longest = max(len(document.text) for document in documents)
    if longest <= limit:
        return ""
    return f"too long to analyse: {longest:,} characters of text (at most {limit:,}); split the file"


def _failed(item: InputFile, reason: str) -> FileResult:
    return FileResult(name=item.name, failure=FileFailure(item.name, reason))


def os_error_reason(error: OSError) -> str:
    import errno

    if error.errno == errno.ELOOP:
        return "symlink loop"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.EISDIR:
        return "is a folder"
    return error.strerror or str(error)


Compute = Callable[[list[InputFile]], Iterator[FileResult]]


def extract_paths(paths, extractors=None, on_file: Callable[[FileResult], None] | None = None,
                  jobs: int = 1, cache=None, timeout: float | None = None,
                  compute: Compute | None = None, exclude=(),
                  memory_mb: int | None = None) -> ExtractResult:
    """Extract every supported file under `paths`, in input order whatever `jobs` is.

    `on_file` is told as each file is done (in input order); `cache` (a ResultCache) skips files
    already seen. Files are read in `jobs` worker processes, each file given at most `timeout`
    seconds and each worker at most `memory_mb` MB of address space; `compute` replaces the local processes (the Dask path passes its own). Paths in
    `exclude` (the run's own outputs) are never read. With no file to read at all, NoInputError is
    raised before anything is done.
    """
    from evidence.readers import supported_suffixes

    files, problems = discover(paths, supported_suffixes(), exclude=exclude)
    if not files:
        raise NoInputError(paths, problems)
    failures = [FileFailure(name, reason) for name, reason in problems]
    if on_file:
        for failure in failures:
            on_file(FileResult(name=failure.name, failure=failure))
    if compute is None:
        def compute(items):
            return compute_locally(items, extractors, jobs, timeout, memory_mb)
    documents, figures = [], []
    for result in cached_results(files, compute, cache):
        if result.failure:
            failures.append(result.failure)
        documents.extend(result.documents)
        figures.extend(result.figures)
        if on_file:
            on_file(result)
    return ExtractResult(tuple(documents), tuple(figures), tuple(failures))


def cached_results(files: list[InputFile], compute: Compute, cache) -> Iterator[FileResult]:
    """FileResults in input order: from the cache, or from `compute` (then cached when read)."""
    plan = []  # per file: (cached result or None, cache key or None)
    for item in files:
        if cache is None:
            plan.append((None, None))
            continue
        try:
            key = cache.key(item.path, item.name)
        except OSError as error:
            plan.append((_failed(item, os_error_reason(error)), None))
            continue
        hit = cache.get(key)
        plan.append((hit if hit is None or hit.name == item.name else None, key))
    computed = compute([item for item, (hit, _) in zip(files, plan) if hit is None])
    try:
        for hit, key in plan:
            if hit is not None:
                yield hit
                continue
            result = next(computed)
            if key is not None and result.failure is None:
                cache.put(key, result)
            yield result
    finally:
        close = getattr(computed, "close", None)
        if close:
            close()  # an interrupted run stops its workers now, not at exit


def compute_locally(items: list[InputFile], extractors=None, jobs: int = 1,
                    timeout: float | None = None, memory_mb: int | None = None) -> Iterator[FileResult]:
    """Results for `items`, in order, as each is done: here, or in `jobs` worker processes when
    that pays or when a `timeout` or `memory_mb` bound must be enforced (a worker can be stopped
    and bounded, this process not)."""
    if not items:
        return
    bounded = timeout is not None or memory_mb is not None
    if extractors is not None or (not bounded and (jobs <= 1 or len(items) < 2)):
        from evidence.registry import load_extractors

        chosen = load_extractors() if extractors is None else extractors
        for item in items:
            yield process_file(item, chosen)
        return
    yield from WorkerPool(jobs, timeout, memory_mb).results(items)


DEFAULT_TIMEOUT = 120.0  # seconds a file may take by default
DEFAULT_MEMORY_MB = 2048  # address space a worker may use by default
WORKER_DIED = "its worker process died while reading it (out of memory, killed, or a crash in a library)"
TIMED_OUT = "took longer than {seconds:g} s to read: stopped (allow more with --timeout)"
OUT_OF_MEMORY = "needed more than {mb:,} MB of memory to read: stopped (allow more with --max-memory)"
POLL_SECONDS = 0.2


class WorkerPool:
    """Worker processes that read files; a file that kills its worker, or runs past `timeout`,
    is that file's failure, and the run goes on in a fresh pool.

    A round reads its files in `jobs` reader processes and analyses them in as many analyser
    processes (evidence.stages), so reading never waits for the analysis. Each process marks in
    shared memory which file it started, and when, so after a crash the files that were being
    read are known. With one reader the file it was reading is the culprit; with more, each of
    them is read again alone (reading and analysis in one worker) to find out which one it was.
    """

    def __init__(self, jobs: int, timeout: float | None = None, memory_mb: int | None = None):
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.memory_mb = memory_mb

    def results(self, items: list[InputFile]) -> Iterator[FileResult]:
        import multiprocessing

        from evidence.stages import StagedRound

        # the analysers build their own pipeline; this process never needs one, and meanwhile goes
        # on with its own work (imports for writing and linking)
        context = multiprocessing.get_context("spawn" if _threads_started() else "fork")
        pids = context.RawArray("i", len(items))  # the worker reading file i, 0 before it starts
        started = context.RawArray("d", len(items))  # when it started (time.monotonic)
        done: dict[int, FileResult] = {}
        todo, alone = list(range(len(items))), []
        out, idle_rounds = 0, 0
        while todo or alone:
            if idle_rounds >= 2:  # workers die before reading anything: they cannot start
                for i in sorted(todo + alone):
                    done[i] = _failed(items[i], WORKER_DIED)
                break
            before = len(done) + out
            single = bool(alone)
            if single:
                batch, workers = [alone.pop(0)], 1
            else:
                batch, todo = todo, []
                workers = min(self.jobs, len(batch))
            for i in batch:
                pids[i], started[i] = 0, 0.0
            if single:
                rounds = self._round(context, items, batch, workers, pids, started, done)
            else:
                rounds = StagedRound(self, context, items, batch, pids, started, done).run()
            for i in rounds:
                if i in done:
                    while out in done:
                        yield done.pop(out)
                        out += 1
                elif pids[i] and workers > 1:
                    alone.append(i)  # one of the files being read when a worker died
                else:
                    todo.append(i)  # not started: read it in the next pool
            todo.sort()
            idle_rounds = idle_rounds + 1 if len(done) + out == before else 0
        while out in done:
            yield done.pop(out)
            out += 1

    def _round(self, context, items, batch, workers, pids, started, done) -> Iterator[int]:
        """Read `batch` in a new pool of `workers`: each index is yielded once its result is in
        `done`, or, if the pool broke first, with no result (the caller decides what next)."""
        import os
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_worker_init,
                                   initargs=(pids, started, os.getpid(), self.memory_mb))
        futures = {i: pool.submit(_worker_process, i, items[i]) for i in batch}
        _load_for_results()  # while the workers read
        timed_out: set[int] = set()
        broken = False
        try:
            for i in batch:
                try:
                    done[i] = self._wait(futures, i, pids, started, timed_out)
                except BrokenProcessPool:
                    broken = True
                    break
                except Exception as error:  # the result could not come back (e.g. not picklable)
                    done[i] = _failed(items[i], internal_error(error))
                yield i
            if broken:
                for i in batch:
                    if i in done:
                        continue
                    future = futures[i]
                    if future.done() and not future.cancelled() and future.exception() is None:
                        done[i] = future.result()
                    else:
                        failed = unfinished_failure(items[i], i in timed_out, pids[i], workers, self.timeout)
                        if failed is not None:
                            done[i] = failed
                    yield i
        finally:
            _stop(pool)

    def _wait(self, futures, i, pids, started, timed_out) -> FileResult:
        """File i's result; meanwhile, stop the workers of files that run past the timeout."""
        from concurrent.futures import TimeoutError as FutureTimeout

        if self.timeout is None:
            return futures[i].result()
        while True:
            try:
                return futures[i].result(timeout=POLL_SECONDS)
            except FutureTimeout:
                stop_late(futures, pids, started, timed_out, self.timeout)


def unfinished_failure(item: InputFile, timed_out: bool, pid: int, workers: int,
                       timeout: float | None) -> FileResult | None:
    """A file left without a result when its pool broke: its failure when that is certain (it was
    stopped past the timeout, or it was the one file a lone worker was reading when it died); else
    None, and it is read again."""
    if timed_out:
        return _failed(item, TIMED_OUT.format(seconds=timeout))
    if pid and workers == 1:
        return _failed(item, WORKER_DIED)
    return None


def stop_late(futures: dict, pids, started, timed_out: set, timeout: float) -> None:
    """Stop the process of each file of `futures` (index -> future) working past `timeout`."""
    import time

    now = time.monotonic()
    for j, future in futures.items():
        if j not in timed_out and pids[j] and not future.done() and now - started[j] > timeout:
            timed_out.add(j)
            _kill(pids[j])


def _kill(pid: int) -> None:
    import os
    import signal

    try:
        os.kill(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _stop(pool) -> None:
    """Shut a pool down without waiting for files still being read (after an interrupt)."""
    pool.shutdown(wait=False, cancel_futures=True)
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=True)


def _load_for_results() -> None:
    """Import what this process needs once the results are in (the table, linking), so that it
    is done while the workers read instead of after them (on two cores, start-up of a small run
    overlaps)."""
    import evidence.schema  # noqa: F401
    import evidence.studies.report  # noqa: F401  (linking: evidence.studies loads it on first use)
    import pandas  # noqa: F401


def _threads_started() -> bool:
    import threading

    return threading.active_count() > 1


_WORKER_EXTRACTORS = None
_WORKER_PIDS = None
_WORKER_STARTED = None
_WORKER_MEMORY_MB = None
PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCHDOG_SECONDS = 1.0


def _worker_init(pids, started, parent: int | None = None, memory_mb: int | None = None,
                 warm: bool = True) -> None:
    """A worker's start: signals, its parent's death, and (`warm`) the extractors built before the
    first file's clock starts; a reader (evidence.stages) needs none of them."""
    global _WORKER_EXTRACTORS, _WORKER_PIDS, _WORKER_STARTED, _WORKER_MEMORY_MB
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a worker told to stop dies: its file fails, not the run
    if parent is not None:
        die_with_parent(parent)
    _WORKER_PIDS, _WORKER_STARTED = pids, started
    if warm:
        _WORKER_EXTRACTORS = _warm_up()  # before the first file's clock starts
    if memory_mb:
        limit_memory(memory_mb)  # what reading may take beyond the warmed-up worker
        _WORKER_MEMORY_MB = memory_mb


def die_with_parent(parent: int) -> None:
    """End this process when `parent` ends, even by SIGKILL, so no worker outlives its run (and
    holds the caller's pipes open): the kernel's parent-death signal on Linux, and everywhere a
    watchdog thread that checks the parent once a second."""
    import os
    import sys
    import threading

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the signal was armed
        os._exit(1)

    def watch():
        import time

        while os.getppid() == parent:
            time.sleep(WATCHDOG_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="evidence-parent-watchdog", daemon=True).start()


def limit_memory(memory_mb: int) -> None:
    """Bound this process's address space to what it holds now plus `memory_mb` MB (a forked
    worker starts with its parent's mappings): an allocation past it raises MemoryError, which
    makes the file being read fail with a clear reason."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    limit = _address_space() + (int(memory_mb) << 20)
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _address_space() -> int:
    """This process's address space in bytes (Linux /proc), 0 where it cannot be read."""
    import os

    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _warm_up() -> list:
    """The extractors, the spaCy pipeline built and the linking profiles' code: what every worker
    needs for any file, loaded before the first file's clock starts."""
    import evidence.studies.profile  # noqa: F401
    from evidence.registry import load_extractors
    from evidence.text.pipeline import get_nlp

    get_nlp()
    return load_extractors()


def mark_started(pids, started, index: int, seconds: float = 0.0) -> None:
    """Say in the shared arrays that this process works on file `index`, whose clock has run
    `seconds` already (the time first: the parent reads it once it sees the pid)."""
    import os
    import time

    started[index] = time.monotonic() - seconds
    pids[index] = os.getpid()


def _worker_process(index: int, item: InputFile) -> FileResult:
    mark_started(_WORKER_PIDS, _WORKER_STARTED, index)
    return process_file(item, _WORKER_EXTRACTORS)


def _read_process(index: int, item: InputFile) -> Read | FileResult:
    """A reader's task (evidence.stages): the file's documents, to be analysed elsewhere."""
    mark_started(_WORKER_PIDS, _WORKER_STARTED, index)
    return read_stage(item)


def internal_error(error: BaseException) -> str:
    return f"internal error ({type(error).__name__}: {error}); please report this file"


def count_inputs(paths, exclude=()) -> int:
    from evidence.readers import supported_suffixes

    files, problems = discover(paths, supported_suffixes(), exclude=exclude)
    return len(files) + len(problems)
