"""Reading and writing evidence tables by suffix, atomically.

A write goes to a temporary file beside the target (`.<name>.<pid>.<random>.part`) and is moved
over it only when complete, so a failed or interrupted run never leaves a half-written table nor
replaces a good one. Files that belong together (a table and its documents sidecar, the outputs of
`evidence run`) are staged together and moved into place only once all of them are written, with
Ctrl-C and SIGTERM held back while they are moved. A `.part` file left by a killed process is
removed by the next write beside it. A folder that cannot be written, or a full disk, is an
OutputError naming the file.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from evidence.errors import OutputError, TableError

WRITERS = (".csv", ".jsonl", ".parquet", ".xlsx")
PART_SUFFIX = ".part"


class StagedFiles:
    """Files written under temporary names beside their targets, then moved over them together."""

    def __init__(self):
        self._staged: list[tuple[Path, Path]] = []  # (temporary, target), in order
        self.current: Path | None = None

    def path(self, target) -> Path:
        """A new temporary path beside `target`, moved over it on commit."""
        target = Path(target)
        self.current = target
        if target.is_dir() and not target.is_symlink():
            raise OutputError(f"{target}: is a folder; give a file name for this output")
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        fd, tmp = tempfile.mkstemp(prefix=_part_prefix(target), suffix=PART_SUFFIX, dir=target.parent)
        os.close(fd)
        self._staged.append((Path(tmp), target))
        return Path(tmp)

    def folder(self, target) -> Path:
        """A new temporary folder beside `target` (a partitioned table), moved over it on commit."""
        target = Path(target)
        self.current = target
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_parts(target)
        tmp = Path(tempfile.mkdtemp(prefix=_part_prefix(target), suffix=PART_SUFFIX, dir=target.parent))
        self._staged.append((tmp, target))
        return tmp

    def staged_path(self, target) -> Path:
        """Where `target` is staged (the last staging of it)."""
        target = Path(target)
        for tmp, staged in reversed(self._staged):
            if staged == target:
                return tmp
        raise KeyError(str(target))

    def commit(self) -> None:
        mode = 0o666 & ~_umask()  # mkstemp makes 0600; an output is an ordinary file
        with _signals_held():
            for tmp, target in self._staged:
                self.current = target
                if tmp.is_dir():
                    _replace_folder(tmp, target)
                else:
                    os.chmod(tmp, mode)
                    os.replace(tmp, target)
        self._staged = []

    def discard(self) -> None:
        for tmp, _ in self._staged:
            if tmp.is_dir():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        self._staged = []


@contextlib.contextmanager
def staged_files():
    """Yield a StagedFiles; when the body ends without error, move every staged file into place.
    On any error nothing is replaced; an OSError becomes an OutputError naming the file."""
    staged = StagedFiles()
    try:
        yield staged
        staged.commit()
    except OSError as error:
        staged.discard()
        raise cannot_write(staged.current, error) from error
    except BaseException:
        staged.discard()
        raise


def cannot_write(target, error: OSError) -> OutputError:
    import errno

    where = Path(target) if target is not None else None
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        advice = "free some disk space and run again"
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        advice = f"choose a folder you can write to (-o), or make {where.parent if where else 'it'} writable"
    else:
        advice = "check the output path"
    return OutputError(f"{where or 'output'}: cannot be written ({reason}); {advice}. "
                       "Nothing was replaced")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside `target`; on success move it over `target`."""
    with staged_files() as staged:
        yield staged.path(target)


def _part_prefix(target: Path) -> str:
    return f".{target.name}.{os.getpid()}."


_PART = re.compile(r"\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+" + re.escape(PART_SUFFIX) + "$")


def remove_stale_parts(target) -> list[Path]:
    """Remove `.part` files (and folders) beside `target` that a process which no longer runs
    left while writing it (killed, or the machine stopped); the paths removed."""
    target = Path(target)
    removed = []
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if not match or match["name"] != target.name or _alive(int(match["pid"])):
            continue
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()
        removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True
    return True


def _replace_folder(staging: Path, target: Path) -> None:
    if not target.exists() and not target.is_symlink():
        os.replace(staging, target)
        return
    old = Path(tempfile.mkdtemp(prefix=_part_prefix(target), suffix=PART_SUFFIX, dir=target.parent))
    os.replace(target, old / "previous")
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _signals_held():
    """Ctrl-C and SIGTERM wait until the files are moved (a moment), so a set is not cut in two."""
    import signal

    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def table_digest(path) -> str:
    """SHA-256 of a table file, or of a partitioned table's part files (names and bytes, in order)."""
    path = Path(path)
    digest = hashlib.sha256()
    parts = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for part in parts:
        if path.is_dir():
            digest.update(part.name.encode() + b"\0")
        with open(part, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def write_text(target, text: str, staged: StagedFiles | None = None) -> Path:
    """Write `text` to `target` (bidirectional controls neutralised), atomically or into `staged`."""
    from evidence.safetext import safe_text

    return write_bytes(target, safe_text(text).encode("utf-8"), staged)


def write_bytes(target, data: bytes, staged: StagedFiles | None = None) -> Path:
    if staged is None:
        with staged_files() as staged:
            return write_bytes(target, data, staged)
    staged.path(target).write_bytes(data)
    return Path(target)


def write_table(frame, target, staged: StagedFiles | None = None) -> Path:
    """Write `frame` to `target` in the format its suffix names (into `staged`, when given, to be
    moved into place with the files staged beside it)."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in WRITERS:
        raise OutputError(f"{target}: unknown table format {suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    if staged is None:
        with staged_files() as staged:
            return write_table(frame, target, staged)
    tmp = staged.path(target)
    frame = frame_for_output(frame, spreadsheet=suffix in (".csv", ".xlsx"))
    if suffix == ".csv":
        frame.to_csv(tmp, index=False)
    elif suffix == ".jsonl":
        _write_jsonl(frame, tmp)
    elif suffix == ".parquet":
        frame.to_parquet(tmp, index=False)
    else:
        _write_xlsx(frame, tmp)
    return target


def frame_for_output(frame, spreadsheet: bool):
    """`frame` with its text cells made safe to show: bidirectional controls neutralised, and in a
    spreadsheet (CSV, XLSX) text that would start a formula quoted (numbers stay numbers)."""
    from evidence.safetext import safe_cell, safe_text

    clean = safe_cell if spreadsheet else safe_text
    frame = frame.copy()
    for column in frame.columns:
        if _is_text(frame[column]):
            frame[column] = frame[column].map(lambda v: clean(v) if isinstance(v, str) else v)
    return frame


def _is_text(column) -> bool:
    import pandas as pd

    return column.dtype == object or pd.api.types.is_string_dtype(column.dtype)


def _write_jsonl(frame, path) -> None:
    """One JSON object a line, floats at full precision (pandas' writer rounds to 15 digits)."""
    import json

    import pandas as pd

    with open(path, "w", encoding="utf-8") as handle:
        for record in frame.to_dict("records"):
            clean = {k: (None if v is pd.NA or (isinstance(v, float) and v != v) else v) for k, v in record.items()}
            handle.write(json.dumps(clean, ensure_ascii=False, default=json_default) + "\n")


def json_default(value):
    """JSON for numpy scalars (pandas hands them out)."""
    import numpy as np

    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def _write_xlsx(frame, path) -> None:
    import pandas as pd
    from openpyxl.styles import Font

    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name="evidence")
        sheet = writer.sheets["evidence"]
        sheet.freeze_panes = "A2"
        for cell in sheet[1]:
            cell.font = Font(bold=True)


def read_table(source):
    """Read an evidence table (or a plain study table) from any format `write_table` writes.

    Anything that is not a readable table of that format (a garbage `.xlsx`, a truncated Parquet
    file, a FIFO) is a TableError naming the file, never a traceback."""
    from evidence.discover import file_problem

    source = Path(source)
    suffix = source.suffix.lower()
    if not source.exists():
        raise TableError(f"{source}: no such file")
    if not source.is_dir():
        problem = file_problem(source)
        if problem:
            raise TableError(f"{source}: {problem}")
    if not source.is_dir() and suffix not in WRITERS:
        raise TableError(f"{source}: unknown table format {suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    from evidence.tablesize import check_table_size

    check_table_size(source)  # a table over the documented size is refused before it is parsed
    try:
        frame = _read_frame(source, suffix)
    except MemoryError:
        raise
    except Exception as error:  # each format's library fails in its own way on a broken file
        raise TableError(f"{source}: not a readable {suffix or 'Parquet'} table ({type(error).__name__}: "
                         f"{error}); give a table written by evidence extract") from error
    if suffix in (".csv", ".xlsx"):
        from evidence.safetext import restore_cell

        for column in frame.columns:
            if _is_text(frame[column]):
                frame[column] = frame[column].map(restore_cell)
    return frame


def _read_frame(source: Path, suffix: str):
    import pandas as pd

    if source.is_dir():  # a partitioned Parquet data set
        return pd.read_parquet(source)
    if suffix == ".csv":
        return pd.read_csv(source, keep_default_na=False, na_values=[""])
    if suffix == ".jsonl":
        return pd.read_json(source, orient="records", lines=True, precise_float=True, dtype=False)
    if suffix == ".parquet":
        return pd.read_parquet(source)
    return pd.read_excel(source)
