"""Publishers' PDF layouts, reproduced with PDFs the tests typeset (tests/pdfmaker.py): words set
without space glyphs, a sidebar beside two columns at another line pitch, a caption ruled into a
table's first row in lower case, squares of statistics, long licence lines at every page's foot,
and the headers (arm names, N, spanning headings) that every table cell must be able to name.
The same layouts measured on real journal PDFs are in test_realpdf.py."""
from __future__ import annotations

import re

import pytest

from evidence.readers import read_file
from evidence.readers.pdf import PdfReader
from layout_measures import measure
from pdfmaker import make_lines_pdf, make_spaceless_pdf, make_table_pdf

PROSE = [
    "Walking groups met twice a week in the community hall near the clinic",
    "and the nurses recorded every session in a shared paper diary kept there",
    "so that attendance could be checked against the counts of the pedometers.",
]


def test_word_spaces_come_back_from_character_gaps(tmp_path):
    """No space glyph anywhere: the gaps between characters alone say where words end."""
    document = PdfReader().read(make_spaceless_pdf(tmp_path / "spaceless.pdf", PROSE))
    assert " ".join(PROSE) in document.text
    assert not re.search(r"[A-Za-z]{25,}", document.text)


@pytest.mark.parametrize("gap_em", [0.16, 0.3])
def test_narrow_and_wide_word_gaps_both_split(tmp_path, gap_em):
    document = PdfReader().read(make_spaceless_pdf(tmp_path / "gaps.pdf", PROSE[:1], gap_em=gap_em))
    assert document.text.strip() == PROSE[0]


# A first page as a medical journal sets it: a narrow sidebar of affiliations (small type, its own
# line pitch) beside two columns of text. Sidebar lines and text lines fall at different heights.
SIDEBAR = ["1 Centre for Exercise", "Research, Northtown", "University, Northtown", "2 Unit of Maternal",
           "Health, Southport", "General Hospital,", "Southport, UK", "Correspondence to:", "A Writer",
           "a.writer@example.org", "Cite this as: J Trials", "2030;1:e1"]
LEFT = ["Pregnant women who smoked were", "offered weekly walking sessions", "with an instructor, or usual care",
        "alone, and followed up until the", "birth of the child. Quitting was", "confirmed by a breath test at the",
        "end of pregnancy and six months", "after the birth in both groups."]
RIGHT = ["The walking group reported more", "activity than the usual care group", "during the first weeks, but the",
         "difference faded before the end", "of pregnancy. Quitting did not", "differ between the two groups at",
         "either time, and no harms of the", "walking sessions were reported."]


def sidebar_page() -> list[tuple]:
    lines = [(36, 90 + 9.5 * i, text, 7) for i, text in enumerate(SIDEBAR)]
    lines += [(140, 90 + 12.5 * i, text, 9) for i, text in enumerate(LEFT)]
    lines += [(356, 90 + 12.5 * i, text, 9) for i, text in enumerate(RIGHT)]
    return lines


def test_a_sidebar_beside_two_columns_is_read_by_itself(tmp_path):
    document = PdfReader().read(make_lines_pdf(tmp_path / "sidebar.pdf", [sidebar_page()]))
    text = " ".join(document.text.split())
    for column in (LEFT, RIGHT):
        assert " ".join(column) in text
    assert "Centre for Exercise Research, Northtown University, Northtown" in text
    assert text.index(" ".join(LEFT)) < text.index(" ".join(RIGHT))


def test_lines_of_two_columns_at_different_pitches_never_share_a_line(tmp_path):
    """The sidebar's lines sit between the text's lines: none may be zipped into another."""
    document = PdfReader().read(make_lines_pdf(tmp_path / "sidebar.pdf", [sidebar_page()]))
    for line in SIDEBAR + LEFT + RIGHT:
        assert line in document.text, line


LICENCE = ("This is an open access article distributed under the terms of a licence that permits use, "
           "distribution and reproduction in any medium, provided the work is properly cited.")


def test_a_long_licence_line_at_every_foot_leaves_the_text(tmp_path):
    pages = []
    for page in range(4):
        body = [(72, 100 + 14 * i, f"Page {page + 1} sentence {i + 1} tells of the walking trial.") for i in range(20)]
        pages.append(body + [(40, 740, LICENCE, 6.5)])
    document = PdfReader().read(make_lines_pdf(tmp_path / "licence.pdf", pages))
    assert "open access article" not in document.text
    assert "Page 4 sentence 20 tells of the walking trial." in document.text


@pytest.mark.parametrize("line, expected", [
    ("Heterogeneity was low (I^{2} = 14%; P = 0.31).", "(I\u00b2 = 14%; P = 0.31)"),
    ("The test gave \u03c7^{2} = 3.2 with 2 degrees of freedom.", "\u03c7\u00b2 = 3.2"),
    ("Walking helped some women^{2} but not most.", "some women but not most"),
], ids=["I-squared", "chi-squared", "reference-mark-still-dropped"])
def test_squares_of_statistics_are_kept(tmp_path, line, expected):
    document = PdfReader().read(make_lines_pdf(tmp_path / "square.pdf", [[(72, 100, line)]]))
    assert expected in document.text


ARM_ROWS = [
    ["table 2 | Outcomes by group. Values are numbers (percentages)", "", ""],
    ["Outcome", "Walking group (n=120)", "Usual care (n=118)"],
    ["Quit at end of pregnancy", "14 (12)", "11 (9)"],
    ["Quit six months after birth", "9 (8)", "8 (7)"],
]


def test_a_caption_ruled_into_the_first_row_in_lower_case_is_the_caption(tmp_path):
    path = make_table_pdf(tmp_path / "caption_row.pdf", ARM_ROWS, spans=[((0, 0), (2, 0))],
                          above="The outcomes of the trial follow.", below="Both groups quit rarely.")
    (table,) = PdfReader().read(path).tables
    assert table.label == "Table 2"
    assert table.caption.startswith("Outcomes by group")
    assert table.rows()[0] == ARM_ROWS[1]


def test_each_pdf_table_cell_knows_its_arm_header_and_row_label(tmp_path):
    path = make_table_pdf(tmp_path / "arms.pdf", ARM_ROWS, spans=[((0, 0), (2, 0))])
    (table,) = PdfReader().read(path).tables
    cell = next(c for c in table.cells if c.text == "14 (12)")
    assert table.column_headers(cell.col) == ("Walking group (n=120)",)
    assert table.row_label(cell.row) == "Quit at end of pregnancy"
    assert not cell.header and all(c.header for c in table.cells if c.row == 0)


def test_a_spanning_header_with_n_reaches_both_columns_below_it(tmp_path):
    rows = [["Outcome", "Walking group (n = 392)", ""], ["", "Week 6", "Week 12"],
            ["Steps per day", "6100 (900)", "5800 (1000)"], ["Sessions attended", "5 (2)", "4 (2)"]]
    path = make_table_pdf(tmp_path / "spanning.pdf", rows, spans=[((1, 0), (2, 0))])
    (table,) = PdfReader().read(path).tables
    assert table.header_rows() == 2
    for col, week in ((1, "Week 6"), (2, "Week 12")):
        assert table.column_headers(col) == ("Walking group (n = 392)", week)


HTML_TABLE = """<html><body><p>Results follow.</p><table>
<tr><td rowspan="2">Outcome</td><td colspan="2">Walking group (n = 60)</td><td>Usual care (n = 58)</td></tr>
<tr><td>Week 6</td><td>Week 12</td><td>Week 12</td></tr>
<tr><td>Quit</td><td>10 (17)</td><td>8 (13)</td><td>6 (10)</td></tr>
<tr><td>Relapsed</td><td>2 (3)</td><td>3 (5)</td><td>4 (7)</td></tr>
</table></body></html>"""

JATS_TABLE = """<article><body><sec><title>Results</title><table-wrap><label>Table 1</label>
<caption><p>Outcomes</p></caption><table><thead>
<tr><th rowspan="2">Outcome</th><th colspan="2">Walking group (n = 60)</th><th>Usual care (n = 58)</th></tr>
<tr><th>Week 6</th><th>Week 12</th><th>Week 12</th></tr></thead><tbody>
<tr><td>Quit</td><td>10 (17)</td><td>8 (13)</td><td>6 (10)</td></tr>
<tr><td>Relapsed</td><td>2 (3)</td><td>3 (5)</td><td>4 (7)</td></tr>
</tbody></table></table-wrap></sec></body></article>"""


@pytest.mark.parametrize("name, content", [("spans.html", HTML_TABLE), ("spans.xml", JATS_TABLE)],
                         ids=["html-without-th", "jats-with-thead"])
def test_rowspans_and_colspans_give_every_cell_its_headers_and_row_label(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    (document,) = read_file(path)
    (table,) = document.tables
    assert table.header_rows() == 2
    expected = {"10 (17)": (("Walking group (n = 60)", "Week 6"), "Quit"),
                "8 (13)": (("Walking group (n = 60)", "Week 12"), "Quit"),
                "4 (7)": (("Usual care (n = 58)", "Week 12"), "Relapsed")}
    for text, (headers, label) in expected.items():
        cell = next(c for c in table.cells if c.text == text)
        assert table.column_headers(cell.col) == headers
        assert table.row_label(cell.row) == label
    assert table.column_headers(0) == ("Outcome",)


# Methods of a chemistry section: formulas whose subscripts hang below the line ("MgSO_{4}"), in two
# columns. The subscripts belong to their words, and each column is read in its own order.
FORMULA_LEFT = ["The organic phase was washed with brine, dried over", "MgSO_{4} and concentrated under vacuum; the",
                "residue was taken up in CH_{2}Cl_{2} and filtered over", "Na_{2}SO_{4} through a short pad of silica, and",
                "the solvent removed to leave a solid. Washing", "with Et_{2}O gave the pure acid as a white",
                "powder that was kept in the dark until used."]
FORMULA_RIGHT = ["The second ester was made the same way from", "the acid and ethanol, with H_{2}SO_{4} as the",
                 "catalyst, and the mixture stirred for two", "hours at room temperature before water was",
                 "added; the layers were parted and the aqueous", "one extracted with CHCl_{3} three times, then",
                 "dried over anhydrous salt and concentrated."]


def plain(line: str) -> str:
    return re.sub(r"_\{([^}]*)\}", r"\1", line)


def test_formula_subscripts_stay_in_their_words_and_columns(tmp_path):
    lines = [(60, 100 + 13 * i, text, 9) for i, text in enumerate(FORMULA_LEFT)]
    lines += [(330, 100 + 13 * i, text, 9) for i, text in enumerate(FORMULA_RIGHT)]
    path = make_lines_pdf(tmp_path / "formulas.pdf", [lines])
    text = " ".join(PdfReader().read(path).text.split())
    for column in (FORMULA_LEFT, FORMULA_RIGHT):
        assert " ".join(plain(l) for l in column) in text
    assert text.index("MgSO4") < text.index("H2SO4")


def test_the_layout_measure_reads_a_subscript_on_its_words_line(tmp_path):
    """The measure of test_realpdf takes lines from the page itself: a subscript hanging below
    the line must not make a line of its own (which would break every join the text reads right)."""
    lines = [(60, 100 + 13 * i, text, 9) for i, text in enumerate(FORMULA_LEFT)]
    path = make_lines_pdf(tmp_path / "formulas.pdf", [lines])
    right = " ".join(plain(l) for l in FORMULA_LEFT)
    wrong = " ".join(re.sub(r"_\{[^}]*\}", "", l) for l in FORMULA_LEFT)
    assert measure(path, right).broken_joins == 0
    assert measure(path, wrong).broken_joins > 0


# A table as most journals set it, between horizontal rules only (above the caption's foot, below
# the header, at the foot; no vertical rules), in the right column, with a figure's caption in the
# left column beside it at another pitch.
FIGURE_CAPTION = ["Figure 2 Steps per day in the two groups", "Each dot is one woman at one visit; the",
                  "lines join the visits of one woman. Grey", "dots mark visits after the birth."]
RULED_ROWS = [["Visit", "Walking", "Usual care", "Difference"],
              ["Week 6", "6100", "5400", "700"], ["Week 12", "5800", "5500", "300"],
              ["After birth", "", "", ""],
              ["Week 6", "5200", "5100", "100"], ["Week 12", "5300", "5300", "0"]]
COLUMNS_X = (330, 390, 450, 510)


def rules_only_table_page() -> tuple[list[tuple], list[tuple]]:
    lines = [(60, 300 + 11 * i, text, 8) for i, text in enumerate(FIGURE_CAPTION)]
    lines.append((330, 200, "Table 3 Steps per day by group", 8))
    for r, row in enumerate(RULED_ROWS):
        for x, cell in zip(COLUMNS_X, row):
            if cell:
                lines.append((x, 228 + 14 * r, cell, 8))
    rules = [(326, 566, 196), (326, 566, 212), (326, 566, 240), (326, 566, 316)]
    return lines, rules


def test_a_table_between_horizontal_rules_only_is_read_as_cells(tmp_path):
    lines, rules = rules_only_table_page()
    document = PdfReader().read(make_lines_pdf(tmp_path / "rules.pdf", [lines], rules=[rules]))
    (table,) = document.tables
    assert table.label == "Table 3"
    assert table.caption == "Steps per day by group"
    rows = table.rows()
    assert rows[0] == RULED_ROWS[0]
    assert rows[1:] == RULED_ROWS[1:]
    cell = next(c for c in table.cells if c.text == "5100")
    assert table.column_headers(cell.col) == ("Usual care",)


def test_a_figure_caption_beside_a_table_between_rules_stays_whole(tmp_path):
    lines, rules = rules_only_table_page()
    document = PdfReader().read(make_lines_pdf(tmp_path / "rules.pdf", [lines], rules=[rules]))
    assert " ".join(FIGURE_CAPTION) in " ".join(document.text.split())


def test_rules_around_prose_make_no_table(tmp_path):
    """A boxed paragraph (a rule above and below it) is prose, not a table."""
    lines = [(72, 200 + 12 * i, text, 9) for i, text in enumerate(PROSE)]
    document = PdfReader().read(make_lines_pdf(tmp_path / "box.pdf", [lines], rules=[[(70, 470, 196), (70, 470, 240)]]))
    assert document.tables == ()
    assert " ".join(PROSE) in " ".join(document.text.split())


# A long table broken across two pages: the second part under "Table 4 (continued)" repeats the
# header; its rows must still reach the arms and their N.
SPLIT_HEADER = ["Event", "Walking (n=120)", "Usual care (n=118)"]
SPLIT_ROWS = [["Fall", "3 (3)", "2 (2)"], ["Sprain", "4 (3)", "1 (1)"], ["Fainting", "1 (1)", "2 (2)"],
              ["Headache", "9 (8)", "7 (6)"], ["Back pain", "12 (10)", "14 (12)"], ["Nausea", "6 (5)", "8 (7)"]]


def split_table_page(caption: str, rows: list[list[str]]) -> tuple[list[tuple], list[tuple]]:
    top = 100
    lines = [(72, top + 4, caption, 8)]
    for r, row in enumerate([SPLIT_HEADER, *rows]):
        for x, cell in zip((76, 220, 360), row):
            lines.append((x, top + 28 + 14 * r, cell, 8))
    bottom = top + 28 + 14 * (len(rows) + 1) + 4
    return lines, [(70, 480, top), (70, 480, top + 20), (70, 480, top + 40), (70, 480, bottom)]


@pytest.mark.parametrize("continued", ["Table 4 (continued)", "TABLE 4 Continued", "Table 4 (cont'd)"])
def test_a_table_continued_on_the_next_page_is_joined(tmp_path, continued):
    first, first_rules = split_table_page("Table 4 Adverse events by group", SPLIT_ROWS[:3])
    second, second_rules = split_table_page(continued, SPLIT_ROWS[3:])
    path = make_lines_pdf(tmp_path / "split.pdf", [first, second], rules=[first_rules, second_rules])
    document = PdfReader().read(path)
    (table,) = document.tables
    assert table.label == "Table 4"
    assert table.rows() == [SPLIT_HEADER, *SPLIT_ROWS]
    cell = next(c for c in table.cells if c.text == "14 (12)")
    assert table.column_headers(cell.col) == ("Usual care (n=118)",)
    assert table.row_label(cell.row) == "Back pain"
    assert document.page_at(cell.start) == 2
    assert document.page_at(next(c for c in table.cells if c.text == "4 (3)").start) == 1


def test_a_new_table_on_the_next_page_is_not_joined(tmp_path):
    first, first_rules = split_table_page("Table 4 Adverse events by group", SPLIT_ROWS[:3])
    second, second_rules = split_table_page("Table 5 Adverse events after the birth", SPLIT_ROWS[3:])
    path = make_lines_pdf(tmp_path / "two.pdf", [first, second], rules=[first_rules, second_rules])
    assert [t.label for t in PdfReader().read(path).tables] == ["Table 4", "Table 5"]
