"""Reading and writing evidence tables by suffix, atomically.

A write goes to a temporary file beside the target and is moved over it only when complete, so a
failed or interrupted run never leaves a half-written table nor replaces a good one.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from evidence.errors import OutputError, TableError

WRITERS = (".csv", ".jsonl", ".parquet", ".xlsx")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike):
    """Yield a temporary path beside `target`; on success move it over `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a table is an ordinary file
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text(target, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_table(frame, target) -> Path:
    """Write `frame` to `target` in the format its suffix names."""
    target = Path(target)
    suffix = target.suffix.lower()
    if suffix not in WRITERS:
        raise OutputError(f"{target}: unknown table format {suffix or '(none)'}; use one of {', '.join(WRITERS)}")
    with atomic_path(target) as tmp:
        if suffix == ".csv":
            frame.to_csv(tmp, index=False)
        elif suffix == ".jsonl":
            _write_jsonl(frame, tmp)
        elif suffix == ".parquet":
            frame.to_parquet(tmp, index=False)
        else:
            _write_xlsx(frame, tmp)
    return target


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
    """Read an evidence table (or a plain study table) from any format `write_table` writes."""
    import pandas as pd

    source = Path(source)
    suffix = source.suffix.lower()
    if not source.exists():
        raise TableError(f"{source}: no such file")
    from evidence.tablesize import check_table_size

    check_table_size(source)  # a table over the documented size is refused before it is parsed
    try:
        if source.is_dir():  # a partitioned Parquet data set
            return pd.read_parquet(source)
        if suffix == ".csv":
            return pd.read_csv(source, keep_default_na=False, na_values=[""])
        if suffix == ".jsonl":
            return pd.read_json(source, orient="records", lines=True, precise_float=True, dtype=False)
        if suffix == ".parquet":
            return pd.read_parquet(source)
        if suffix == ".xlsx":
            return pd.read_excel(source)
    except (ValueError, OSError) as error:
        raise TableError(f"{source}: cannot be read as a table ({error})") from error
    raise TableError(f"{source}: unknown table format {suffix or '(none)'}; use one of {', '.join(WRITERS)}")
