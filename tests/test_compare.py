"""evidence compare: studies side by side, from a small evidence table written here.

The table below (`small_figures`) is the input of the golden files for compare, summarize and run:
five made-up studies, written by hand so the goldens change only when the outputs do, never when
the extractor improves. A map file fixes which documents are one study, and a documents sidecar
says what kind of report each is, so linking has nothing to guess.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main
from evidence.schema import Figure, figures_to_frame

GOLDEN = Path(__file__).parent / "golden"

# document -> (study, kind of report, format)
DOCUMENTS = {
    "alpha_journal.txt": ("Alpha 2021", "journal", "text"),
    "alpha_news.txt": ("Alpha 2021", "news", "text"),
    "beta_journal.txt": ("Beta 2022", "journal", "text"),
    "gamma_journal.txt": ("Gamma 2023", "journal", "text"),
    "delta_abstract.txt": ("Delta 2020", "conference", "text"),
    "epsilon_journal.md": ("Epsilon 2024", "journal", "markdown"),
}


def fig(document, outcome, value, quote, number, *, measure="proportion", unit=None, events=None, total=None,
        **population) -> Figure:
    """A figure whose number `number` sits in `quote` (offsets as if the quote opened the document)."""
    start = quote.index(number)
    defaults = {"alpha": ("CD19", "CD19", "same", "mixed"), "beta": ("CD19", "CD22", "different", "ALL"),
                "gamma": ("CD19", "CD19 or CD22", "", "ALL"), "delta": ("CD19", "CD19", "same", "LBCL"),
                "epsilon": ("CD19", "CD20", "different", "NHL")}[document.split("_")[0]]
    prior, target, relation, disease = defaults
    values = {"prior_target": prior, "target": target, "target_relation": relation, "disease": disease,
              "infusion": "2"}
    values.update(population)
    return Figure(document=document, outcome=outcome, measure=measure, value=value, quote=quote, start=start,
                  end=start + len(number), unit=unit or ("months" if measure == "median" else "proportion"),
                  events=events, total=total, **values)


def small_figures() -> list[Figure]:
    return [
        fig("alpha_journal.txt", "CR", 0.75, "After the first infusion, 30 of 40 patients (75%) had a complete "
            "response.", "30 of 40", events=30, total=40, infusion="1"),
        fig("alpha_journal.txt", "CR", 0.25, "After the second CD19 CAR-T infusion, 10 of 40 patients (25%) had "
            "a complete response.", "10 of 40", events=10, total=40),
        fig("alpha_journal.txt", "ORR", 0.45, "The overall response rate was 45% (18/40).", "18/40",
            events=18, total=40),
        fig("alpha_journal.txt", "CRS", 0.10, "Grade 3 or higher cytokine release syndrome occurred in 4 of 40 "
            "patients (10%).", "4 of 40", events=4, total=40, grade=">=3"),
        fig("alpha_journal.txt", "ICANS", 0.075, "Grade 3 or higher neurotoxicity occurred in 3 of 40 patients "
            "(7.5%).", "3 of 40", events=3, total=40, grade=">=3"),
        fig("alpha_journal.txt", "DOR", 6.0, "The median duration of response was 6.0 months.", "6.0",
            measure="median"),
        fig("alpha_journal.txt", "OS", 8.5, "Median overall survival was 8.5 months (95% CI, 6.1-11.0).", "8.5",
            measure="median", ci_low=6.1, ci_high=11.0),
        fig("alpha_news.txt", "CR", 0.30, "Doctors said about 30% of patients saw their cancer disappear after "
            "the second dose.", "30%"),
        fig("alpha_news.txt", "ORR", 0.45, "In all, 45% responded.", "45%"),
        fig("beta_journal.txt", "CR", 0.70, "Complete remission was achieved in 21 of 30 patients (70%) after "
            "CD22 CAR-T cells.", "21 of 30", events=21, total=30),
        fig("beta_journal.txt", "ORR", 0.80, "The overall response rate was 80% (24/30).", "24/30",
            events=24, total=30),
        fig("beta_journal.txt", "CRS", 2 / 30, "Two of 30 patients had grade 3 cytokine release syndrome.",
            "Two of 30", events=2, total=30, grade=">=3"),
        fig("beta_journal.txt", "ANTIGEN_NEG", 3 / 21, "Of the 21 patients in remission, 3 relapsed with "
            "CD22-negative disease.", "3", events=3, total=21),
        fig("beta_journal.txt", "PFS", 0.5, "The 12-month progression-free survival was 50%.", "50%",
            measure="rate_at", timepoint_months=12.0),
        fig("gamma_journal.txt", "CR", 0.5, "Overall, 15 of 30 patients (50%) reached complete remission after "
            "the second product.", "15 of 30", events=15, total=30, target_relation="mixed"),
        fig("gamma_journal.txt", "CR", 0.3, "With the same target, 3 of 10 patients (30%) reached complete "
            "remission.", "3 of 10", events=3, total=10, target_relation="same", target="CD19"),
        fig("gamma_journal.txt", "CR", 0.6, "With a different target, 12 of 20 patients (60%) reached complete "
            "remission.", "12 of 20", events=12, total=20, target_relation="different", target="CD22"),
        fig("gamma_journal.txt", "ORR", 0.6, "The overall response rate was 60% (18 of 30).", "18 of 30",
            events=18, total=30, target_relation="mixed"),
        fig("delta_abstract.txt", "CR", 2 / 12, "Two of 12 patients had a complete response to retreatment.",
            "Two of 12", events=2, total=12),
        fig("delta_abstract.txt", "ORR", 5 / 12, "Five of 12 responded.", "Five of 12", events=5, total=12),
        fig("delta_abstract.txt", "ICANS", 1 / 12, "One of 12 had grade 3 neurologic events.", "One of 12",
            events=1, total=12, grade=">=3"),
        fig("epsilon_journal.md", "CR", 8 / 25, "After CD20 CAR-T cells, 8 of 25 patients (32%) had a complete "
            "response.", "8 of 25", events=8, total=25),
        fig("epsilon_journal.md", "ORR", 0.48, "The overall response rate was 48% (12/25).", "12/25",
            events=12, total=25),
        fig("epsilon_journal.md", "CRS", 0.0, "No patient had grade 3 or higher cytokine release syndrome (0/25).",
            "0/25", events=0, total=25, grade=">=3"),
        fig("epsilon_journal.md", "CR", 0.1, "In the comparison group given chemotherapy, 2 of 20 patients (10%) "
            "had a complete response.", "2 of 20", events=2, total=20, infusion="", prior_target="", target="",
            target_relation="", subgroup="comparator", arm="comparison group"),
    ]


# what the reports state about their studies (as `evidence extract` writes it in the sidecar's profiles)
STATED = {"alpha_journal.txt": [
    ["age", "adults", "Forty adults with lymphoma were retreated.", 0, 43],
    ["lymphodepletion", "fludarabine + cyclophosphamide", "All received fludarabine and cyclophosphamide "
     "lymphodepletion before the second infusion.", 44, 134],
    ["follow_up", "median 14.2 months", "The median follow-up was 14.2 months.", 135, 172]]}


def write_small_table(folder: Path, figures=None, documents=None) -> tuple[Path, Path]:
    """The small evidence table, its documents sidecar and its map file, in `folder`."""
    documents = DOCUMENTS if documents is None else documents
    table = folder / "evidence.csv"
    figures_to_frame(small_figures() if figures is None else figures).to_csv(table, index=False)
    sidecar = {"documents": [{"name": name, "format": fmt, "metadata": {"kind": kind}}
                             for name, (_, kind, fmt) in documents.items()], "failures": [],
               "profiles": [{"document": name, "kind": kind, "characteristics": STATED.get(name, [])}
                            for name, (_, kind, _) in documents.items()]}
    (folder / "evidence.documents.json").write_text(json.dumps(sidecar), encoding="utf-8")
    map_path = folder / "studies.csv"
    map_path.write_text("document,study\n" + "".join(f"{d},{s}\n" for d, (s, _, _) in documents.items()),
                        encoding="utf-8")
    return table, map_path


def console():
    from rich.console import Console

    return Console(file=io.StringIO(), width=80, color_system=None)


def check_golden(name: str, text: str, update: bool = False) -> None:
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture
def small(tmp_path):
    return write_small_table(tmp_path)


@pytest.fixture
def comparison(small):
    from evidence.outputs.compare import compare
    from evidence.outputs.studybook import load_book

    table, map_path = small
    return compare(load_book(table, map_path))


# -- what the comparison holds -----------------------------------------------------------------------

def test_one_row_per_study(comparison):
    assert [row.study.study for row in comparison.rows] == [
        "Alpha 2021", "Delta 2020", "Beta 2022", "Epsilon 2024", "Gamma 2023"]


def test_conflicting_reports_marked_and_the_journal_preferred(comparison):
    cell = comparison.rows[0].cell("CR")
    assert cell.text == "10/40 (25%)†"
    assert cell.conflict
    item = cell.items[0]
    assert item.source.document == "alpha_journal.txt"
    assert [o.figure.document for o in item.others] == ["alpha_news.txt"]
    assert "peer-reviewed" in item.why


def test_agreeing_reports_are_not_a_conflict(comparison):
    cell = comparison.rows[0].cell("ORR")
    assert cell.text == "18/40 (45%)"
    assert not cell.conflict


def test_first_infusion_and_other_grades_stay_out(comparison):
    alpha = comparison.rows[0]
    assert all(i.figure.infusion != "1" for i in alpha.cell("CR").items)
    assert alpha.cell("CRS3").text == "4/40 (10%)"
    assert alpha.cell("ICANS3").text == "3/40 (7.5%)"


def test_same_and_different_parts_of_a_mixed_study(comparison):
    gamma = comparison.rows[-1]
    assert gamma.cell("CR").text == "15/30 (50%); same 3/10 (30%); different 12/20 (60%)"


def test_every_figure_has_its_sentence(comparison):
    for row in comparison.rows:
        for cell in row.cells:
            for source in cell.sources:
                assert source.quote and source.document in DOCUMENTS


# -- goldens ----------------------------------------------------------------------------------------------

def test_terminal_golden(comparison):
    from evidence.cli.compare import render

    out = console()
    render(comparison, out)
    check_golden("compare_terminal.txt", out.file.getvalue())


def test_markdown_golden(comparison):
    from evidence.outputs.compare_files import comparison_to_markdown

    check_golden("compare.md", comparison_to_markdown(comparison))


# -- files -----------------------------------------------------------------------------------------------

def test_csv_has_a_source_column_per_outcome(small, tmp_path):
    import pandas as pd

    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.csv", map_path)
    frame = pd.read_csv(tmp_path / "comparison.csv", keep_default_na=False)
    assert len(frame) == 5
    assert frame.loc[0, "CR"] == "10/40 (25%)†"
    assert frame.loc[0, "CR source"].startswith(
        "alpha_journal.txt, characters 38-46: “After the second CD19 CAR-T infusion, 10 of 40 patients")
    assert "also 30% in alpha_news.txt" in frame.loc[0, "CR source"]


def test_xlsx_is_formatted_with_sources_as_comments(small, tmp_path):
    from openpyxl import load_workbook

    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.xlsx", map_path)
    book = load_workbook(tmp_path / "comparison.xlsx")
    sheet = book["comparison"]
    assert sheet.freeze_panes == "B2"
    assert all(cell.font.bold for cell in sheet[1])
    headers = [cell.value for cell in sheet[1]]
    cr = sheet.cell(row=2, column=headers.index("CR") + 1)
    assert cr.value == "10/40 (25%)†"
    assert "alpha_journal.txt" in cr.comment.text and "10 of 40 patients" in cr.comment.text
    sources = list(book["sources"].iter_rows(values_only=True))
    assert sources[0][:4] == ("Study", "Column", "Figure", "Report")
    assert ("Alpha 2021", "CR", "CR", "other", "30%", "alpha_news.txt") in [row[:6] for row in sources]


def test_csv_opens_in_excel_as_utf8(small, tmp_path):
    """A byte-order mark, so Excel reads †, ‡ and – rather than mojibake; the golden is the whole file."""
    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.csv", map_path)
    raw = (tmp_path / "comparison.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    check_golden("compare.csv", raw.decode("utf-8-sig").replace(str(tmp_path), "TMP"))


def test_xlsx_golden(small, tmp_path):
    """Every sheet of the workbook, cell by cell with its type (a number stays a number), and each
    comment: the golden is the whole file as a reader of the spreadsheet sees it."""
    from openpyxl import load_workbook

    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.xlsx", map_path)
    lines = []
    for sheet in load_workbook(tmp_path / "comparison.xlsx").worksheets:
        lines.append(f"## {sheet.title}")
        for row in sheet.iter_rows():
            lines.append(" | ".join("" if c.value is None else f"{c.value!r}" for c in row))
            lines += [f"   comment {c.coordinate}: {c.comment.text!r}" for c in row if c.comment]
    check_golden("compare_xlsx.txt", "\n".join(lines) + "\n")


def test_xlsx_numbers_are_numbers_with_events_total_and_percent_apart(small, tmp_path):
    from openpyxl import load_workbook

    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.xlsx", map_path)
    sheet = load_workbook(tmp_path / "comparison.xlsx")["numbers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:8] == ("Study", "Column", "Figure", "Events", "Total", "Percent", "CI low %", "CI high %")
    alpha_cr = next(r for r in rows if r[:2] == ("Alpha 2021", "CR"))
    assert alpha_cr[2:6] == ("10/40 (25%)†", 10, 40, 25)
    assert alpha_cr[12] is True and isinstance(alpha_cr[13], int)  # reports disagree; its evidence row
    median = next(r for r in rows if r[:2] == ("Alpha 2021", "DOR"))
    assert median[3:6] == (None, None, None) and median[8] == 6.0 and median[9] == "months"
    for row in rows[1:]:
        assert all(v is None or isinstance(v, (int, float)) for v in row[3:9]), row
    assert sheet["F2"].number_format == "0.0"


def test_markdown_file_has_footnotes(small, tmp_path):
    from evidence.outputs.takeaways import compare_table

    table, map_path = small
    compare_table(table, tmp_path / "comparison.md", map_path)
    text = (tmp_path / "comparison.md").read_text(encoding="utf-8")
    assert "| Alpha 2021 |" in text and "10/40 (25%)†[^4]" in text
    assert "[^4]: Alpha 2021, 10/40 (25%)†: alpha\\_journal.txt, characters 38-46:" in text
    # a characteristic a report states has its sentence too
    assert "| adults[^1] |" in text
    assert "[^1]: Alpha 2021, Age group: alpha\\_journal.txt, characters 0-43: “Forty adults" in text


def test_comparator_arm_and_reported_intervals(comparison):
    """A comparison group's results in their own column (never in the retreated cohort's cells);
    an interval the article reports is shown in the cell."""
    epsilon = next(r for r in comparison.rows if r.study.study == "Epsilon 2024")
    assert epsilon.cell("COMPARATOR").text == "CR 2/20 (10%)"
    assert epsilon.cell("CR").text == "8/25 (32%)"
    assert comparison.rows[0].cell("PFS_OS").text == "OS median 8.5 mo [95% CI 6.1–11.0 mo]"
    assert [r.field("follow_up") for r in comparison.rows][:2] == ["median 14.2 months", "not reported"]


def test_markdown_makes_article_markup_inert():
    from evidence.outputs.markdown import escape

    assert escape("<script>alert(1)</script> | *x* [a](b)") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\*x\\* \\[a\\](b)")


# -- the command -----------------------------------------------------------------------------------------

def run_cli(*args):
    return CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), catch_exceptions=False)


def test_command_prints_the_golden_tables(small, tmp_path):
    table, map_path = small
    result = run_cli("compare", str(table), "--map", str(map_path), "-o", str(tmp_path / "c.md"))
    assert result.exit_code == 0
    golden = (GOLDEN / "compare_terminal.txt").read_text(encoding="utf-8")
    assert result.output == golden + f"Wrote {tmp_path / 'c.md'}\n"


def test_command_refuses_an_unknown_suffix(small, tmp_path):
    table, map_path = small
    result = run_cli("compare", str(table), "-o", str(tmp_path / "c.pdf"))
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'c.pdf'}: cannot write a comparison as .pdf; "
                             "use one of .csv, .xlsx, .md\n")
    assert not (tmp_path / "c.pdf").exists()


def test_command_needs_an_existing_table(tmp_path):
    result = run_cli("compare", str(tmp_path / "missing.csv"))
    assert result.exit_code == 2
    assert "Error: Invalid value for 'TABLE': File" in result.output and "does not exist." in result.output


def test_command_names_a_table_that_is_not_an_evidence_table(tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("study,events,total\nA,1,2\n", encoding="utf-8")
    result = run_cli("compare", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: not an evidence table (missing document, outcome, measure, value)")


def test_help_has_an_example():
    result = run_cli("compare", "--help")
    assert result.exit_code == 0
    assert "evidence compare outputs/evidence.csv -o outputs/comparison.xlsx" in result.output


# -- populations and subgroup labels as the cells write them ------------------------------------------

@pytest.mark.parametrize("stated, expected", [
    ({"diseases": ("ALL",)}, "ALL"),
    ({"diseases": ("ALL", "NHL"), "disease_mix": "ALL 14, NHL 21"}, "ALL 14, NHL 21"),
    ({"diseases": ("ALL", "NHL")}, "ALL, NHL"),
    ({"mixed_cohort": "mixed: ALL, LBCL"}, "mixed: ALL, LBCL"),
    ({"mixed_cohort": "mixed"}, "mixed"),
    ({}, "not reported"),
], ids=["one-disease", "counted-mix", "named-mix", "mixed-with-the-diseases-named", "mixed", "nothing-stated"])
def test_population_cell_says_what_is_stated(stated, expected):
    from evidence.outputs.compare import ComparisonRow
    from evidence.outputs.studybook import StudyInfo

    row = ComparisonRow(StudyInfo(study="Zeta 2020", documents=("zeta.txt",), **stated), cells=())
    assert row.field("population") == expected


@pytest.mark.parametrize("figure_diseases, named, expected", [
    (("mixed",), ("ALL", "LBCL"), "mixed: ALL, LBCL"),
    (("mixed", "mixed"), (), "mixed"),
    (("ALL",), ("ALL", "LBCL"), ""),
    (("",), ("ALL",), ""),
], ids=["mixed-named", "mixed-unnamed", "one-disease", "none-said"])
def test_mixed_cohort_names_the_diseases_its_reports_name(figure_diseases, named, expected):
    from types import SimpleNamespace

    from evidence.outputs.studybook import _mixed_cohort

    study = SimpleNamespace(study="Zeta 2020", documents=("zeta.txt",), diseases=())
    figures = [SimpleNamespace(study="Zeta 2020", disease=d) for d in figure_diseases]
    figures.append(SimpleNamespace(study="Other 2019", disease="mixed"))
    profiles = [SimpleNamespace(document="zeta.txt", diseases=named), SimpleNamespace(document="other.txt", diseases=("MM",))]
    assert _mixed_cohort(study, SimpleNamespace(figures=figures, profiles=profiles)) == expected


@pytest.mark.parametrize("label, expected", [
    ("dose > =1x10^6 cells/kg", "dose >=1x10^6 cells/kg"),
    ("dose >=1x10^6 cells/kg", "dose >=1x10^6 cells/kg"),
    ("age < = 25 years", "age <= 25 years"),
    ("dose = >2x10^6 cells/kg", "dose >=2x10^6 cells/kg"),
    ("CD19-dim or CD19-negative", "CD19-dim or CD19-negative"),
])
def test_comparison_operators_are_one_token(label, expected):
    from evidence.outputs.cells import joined_operators

    assert joined_operators(label) == expected


@pytest.mark.parametrize("text, expected", [
    ("dose >=1x10^6 cells/kg", "dose &gt;=1x10^6 cells/<wbr>kg"),
    ("dose > =1x10^6 cells/kg", "dose &gt;=1x10^6 cells/<wbr>kg"),
    ("a<b;c_d", "a&lt;b;<wbr>c_<wbr>d"),
    ("R&D", "R&amp;D"),
    ("", ""),
])
def test_breakable_never_breaks_inside_an_entity(text, expected):
    """Regression: "&gt;" was cut after its ";", so the report showed "dose > =1x10^6 cells/kg"."""
    from evidence.outputs.report_evidence import breakable

    assert breakable(text) == expected
