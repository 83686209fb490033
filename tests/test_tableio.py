"""Tables are written by suffix, read back the same, and never half-written."""
import pandas as pd
import pytest

from evidence.errors import OutputError
from evidence.schema import COLUMNS, Figure, figures_to_frame, frame_to_figures
from evidence.tableio import read_table, write_table

FIGURES = [
    Figure(document="a.txt", outcome="CR", measure="proportion", value=40 / 61, events=40, total=61,
           quote="The rate of CR was 65.5% (40 of 61).", start=20, end=36, disease="ALL", infusion="2",
           target_relation="mixed", flags="approximate"),
    Figure(document="b.pdf", outcome="OS", measure="median", value=15.0, unit="months", ci_low=13.0, ci_high=22.7,
           quote="OS was 15.0 months.", start=7, end=18, page=3),
]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet", ".xlsx"])
def test_round_trip(tmp_path, suffix):
    path = write_table(figures_to_frame(FIGURES), tmp_path / f"table{suffix}")
    back = frame_to_figures(read_table(path))
    assert back == FIGURES


def test_contract_columns_come_first():
    frame = figures_to_frame(FIGURES)
    assert tuple(frame.columns[: len(COLUMNS)]) == COLUMNS


def test_failed_write_keeps_the_old_table(tmp_path, monkeypatch):
    target = tmp_path / "table.csv"
    write_table(figures_to_frame(FIGURES), target)
    before = target.read_bytes()

    def explode(self, *args, **kwargs):
        with open(args[0], "w") as handle:
            handle.write("half a tab")
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    with pytest.raises(KeyboardInterrupt):
        write_table(figures_to_frame(FIGURES), target)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]


def test_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(OutputError, match=r"unknown table format \.txt"):
        write_table(figures_to_frame(FIGURES), tmp_path / "table.txt")


@pytest.mark.parametrize("field,value,message", [
    ("value", 1.5, "proportion must lie in"),
    ("outcome", "XYZ", "unknown outcome"),
    ("events", 70, "events 70 out of total 61"),
])
def test_figures_refuse_impossible_values(field, value, message):
    kwargs = dict(document="a", outcome="CR", measure="proportion", value=0.5, events=40, total=61, quote="q", start=0, end=1)
    kwargs[field] = value
    with pytest.raises(ValueError, match=message):
        Figure(**kwargs)


def test_written_tables_are_ordinary_files(tmp_path):
    import os

    path = write_table(figures_to_frame(FIGURES), tmp_path / "table.csv")
    mask = os.umask(0)
    os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask
