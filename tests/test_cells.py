"""Numbers as tables print them (`evidence.text.cells`) and the check of a count against its percent."""
import pytest
from hypothesis import given, strategies as st

from evidence.text.cells import read_cell
from extractors.checks import percent_mismatch

# cell text -> (events, total, percent, decimals)
MUST_READ = [
    ("238(73%)", (238, None, 73.0, 0)),
    ("238 (73.0)", (238, None, 73.0, 1)),
    ("238 [73]", (238, None, 73.0, 0)),
    ("42/402 (10.5)", (42, 402, 10.5, 1)),
    ("42 / 402", (42, 402, None, 0)),
    ("1,525 (12.1)", (1525, None, 12.1, 1)),
    ("10 218 (40)", (10218, None, 40.0, 0)),
    ("10\u2009218", (10218, None, None, 0)),
    ("4.1%\u1d43", (None, None, 4.1, 1)),
    ("12 (4)*", (12, None, 4.0, 0)),
    ("7 (13) \u2020", (7, None, 13.0, 0)),
    ("9 (12.5)^a", (9, None, 12.5, 1)),
    ("13(%59.1)", (13, None, 59.1, 1)),
    ("0 (0.0)", (0, None, 0.0, 1)),
    ("0", (0, None, None, 0)),
    ("100%", (None, None, 100.0, 0)),
    ("65\u00b75%", (None, None, 65.5, 1)),
]

MUST_NOT_READ = ["-", "\u2013", "\u2014", "NA", "N/A", "n.s.", "<0.001", "< .05", "> 0.99", "P = .03", "0.86#",
                 "12.6 \u00b1 3.2", "26 (20\u201360)", "2 (2; 4)", "4.96 (38.0)", "-1.71 (0.12)", "1.00 (Ref.)", ""]


@pytest.mark.parametrize("text,expected", MUST_READ, ids=[t for t, _ in MUST_READ])
def test_cells_read(text, expected):
    r = read_cell(text)
    assert (r.events, r.total, r.percent, r.decimals) == expected
    assert 0 <= r.start < r.end <= len(text)


@pytest.mark.parametrize("text", MUST_NOT_READ)
def test_cells_never_read(text):
    assert read_cell(text) is None


def test_tables_cannot_quietly_shrink():
    assert len(MUST_READ) >= 17 and len(MUST_NOT_READ) >= 18


@pytest.mark.parametrize("events,total,percent,decimals,flagged", [
    (7, 13, 53, 0, True),  # "Seven of the 13 (53%)": 53.8 does not round to 53
    (7, 13, 54, 0, False),
    (7, 13, 53.8, 1, False),
    (61, 135, 45.1, 1, True),  # 45.19: truncated, not rounded
    (61, 135, 45.2, 1, False),
    (1, 8, 12.5, 1, False),
    (1, 3, 33.3, 1, False),
    (1, 6, 17, 0, False),
    (3, 10, 30.0, 1, False),
    (3, 10, 30.1, 1, True),
    (1, 28, 3.9, 1, True),
])
def test_percent_mismatch_at_the_printed_precision(events, total, percent, decimals, flagged):
    assert percent_mismatch(events, total, percent, decimals) is flagged


MARKERS = st.sampled_from(["", "*", "\u2020", "\u1d43", "^a", " \u2021"])


@given(total=st.integers(1, 50000), data=st.data(), marker=MARKERS, decimals=st.integers(0, 2),
       separator=st.sampled_from([",", "\u2009", ""]), space=st.sampled_from(["", " "]))
def test_a_printed_count_reads_back(total, data, marker, decimals, separator, space):
    events = data.draw(st.integers(0, total))
    percent = round(100 * events / total, decimals)

    def printed(n):
        return f"{n:,}".replace(",", separator) if separator else str(n)

    text = f"{printed(events)}{space}({percent:.{decimals}f}){marker}"
    r = read_cell(text)
    assert (r.events, r.total, r.percent) == (events, None, float(f"{percent:.{decimals}f}"))
    assert not percent_mismatch(r.events, total, r.percent, r.decimals)


@given(st.text(max_size=40))
def test_read_cell_never_fails_and_keeps_counts_whole(text):
    r = read_cell(text)
    if r is not None:
        assert r.events is None or r.events >= 0
        assert r.total is None or r.events is None or isinstance(r.total, int)


@pytest.mark.parametrize("sentence,flagged", [
    ("Seven of the 13 (53%) children responded to the second infusion.", True),
    ("Seven of the 13 (54%) children responded to the second infusion.", False),
])
def test_percent_mismatch_flagged_in_prose(sentence, flagged):
    from evidence.document import Document
    from evidence.text.pipeline import analyse
    from extractors.outcomes import OutcomeExtractor

    text = f"Thirteen children with B-ALL received a second CD19 CAR-T infusion. {sentence}"
    figures = OutcomeExtractor().extract(Document(path="a.txt", text=text, format="text"), analyse(text))
    (figure,) = [f for f in figures if f.events == 7]
    assert ("percent_mismatch" in figure.flag_set) is flagged
