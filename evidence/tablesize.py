"""How large a table the table commands read, checked before a table is read.

`compare`, `summarize`, `report`, `studies`, `eval` and `pool` hold a table in memory and make a
record of every row (then link, reconcile, pool), in time about proportional to the rows: up to
`MAX_TABLE_ROWS` rows (a review of some thousands of articles) within a minute and well under
2 GB on 2 cores (`bench/bench_tables.py`). A larger table (a million rows) is refused at once,
before it is parsed, with a message that says what to do, rather than running for many minutes.

The rows are counted without parsing the table: Parquet from its metadata, `.xlsx` from the
sheet's dimension, JSON lines by their newlines, CSV by its newlines (and, only when that upper
bound is over the limit, by the csv module, since a quoted cell may hold a newline). Files over
`MAX_TABLE_BYTES` (`MAX_XLSX_BYTES` for `.xlsx`, which is compressed) are refused from their
size alone.
"""
from __future__ import annotations

from pathlib import Path

from evidence.errors import TableError

MAX_TABLE_ROWS = 10_000
MAX_TABLE_BYTES = 32 * 2**20
MAX_XLSX_BYTES = 8 * 2**20
_BLOCK = 1 << 20
WHAT_TO_DO = "split it (for example by document or study) and give each part on its own"


def check_table_size(source) -> None:
    """Raise TableError when the table at `source` is over the size the table commands read."""
    source = Path(source)
    suffix = source.suffix.lower()
    files = sorted(p for p in source.rglob("*.parquet") if p.is_file()) if source.is_dir() else [source]
    size = sum(p.stat().st_size for p in files)
    limit = MAX_XLSX_BYTES if suffix == ".xlsx" else MAX_TABLE_BYTES
    if size > limit:
        raise TableError(f"{source}: {_megabytes(size)} is more than the {_megabytes(limit)} a table may have "
                         f"(at most {MAX_TABLE_ROWS:,} rows); {WHAT_TO_DO}")
    rows = count_rows(source, files)
    if rows is not None and rows > MAX_TABLE_ROWS:
        raise TableError(f"{source}: more than the {MAX_TABLE_ROWS:,} rows a table may have; {WHAT_TO_DO}")


def _megabytes(size: int) -> str:
    megabytes = size / 2**20
    return f"{megabytes:,.0f} MB" if megabytes >= 10 else f"{megabytes:.1f} MB"


def count_rows(source: Path, files: list[Path]) -> int | None:
    """The data rows of the table, or for a large CSV at least `MAX_TABLE_ROWS + 1` when it has
    more (None when they cannot be counted without reading it)."""
    suffix = source.suffix.lower()
    try:
        if source.is_dir() or suffix == ".parquet":
            import pyarrow.parquet as pq

            return sum(pq.ParquetFile(p).metadata.num_rows for p in files)
        if suffix == ".xlsx":
            return _xlsx_rows(source)
        if suffix == ".jsonl":
            return _lines(source)
        if suffix == ".csv":
            lines = _lines(source) - 1  # the header
            return lines if lines <= MAX_TABLE_ROWS else _csv_rows(source)
    except Exception:  # an unreadable file is the reader's to report, with its own message
        return None
    return None


def _lines(path: Path) -> int:
    """Newline-terminated lines, plus a last line without one."""
    count, last = 0, b"\n"
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def _csv_rows(path: Path) -> int:
    """Data rows as the csv module reads them, counted up to one past the limit (enough to know)."""
    import csv
    from itertools import islice

    with open(path, newline="", encoding="utf-8", errors="replace") as handle:
        return max(sum(1 for _ in islice(csv.reader(handle), MAX_TABLE_ROWS + 2)) - 1, 0)


def _xlsx_rows(path: Path) -> int | None:
    """Rows below the header of the first sheet, from its dimension (read-only: nothing is parsed)."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        rows = book.worksheets[0].max_row
    finally:
        book.close()
    return None if rows is None else max(rows - 1, 0)
