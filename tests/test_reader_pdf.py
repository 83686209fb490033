"""The PDF reader: columns read in order, running heads and page numbers gone, hyphens mended,
tables read as tables, pages traced, and bad files refused with a message a person can act on.

Test PDFs are typeset by tests/pdfmaker.py, which also says on which page each paragraph landed,
so page numbers are checked against the typesetter rather than against the reader.
"""
from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pdfplumber
import pytest

from evidence.errors import CorruptFileError, EncryptedFileError, EvidenceError, NoTextLayerError
from evidence.readers import read_file
from evidence.readers.common import normalise
from evidence.readers.pdf import PdfReader
from evidence.readers.pdf_layout import Line, PageLayout, Word, lines_to_gutters, words_to_lines
from evidence.readers.pdf_settings import PdfSettings
from evidence.readers.pdf_tables import PageTable
from evidence.readers.pdf_text import Style, Vocabulary, join_lines, keeps_hyphen, layouts_to_text
from pdfmaker import (TableSpec, make_encrypted_pdf, make_figures_pdf, make_image_pdf, make_lines_pdf,
                      make_pdf, unicode_font)

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
HEADER = ("Blood. 2021;137(4):{page}", "SECOND CAR T-CELL INFUSION")

TITLE = "Outcomes of a second CAR T-cell infusion in relapsed B-cell malignancies"
ABSTRACT = (
    "Patients whose disease relapses after chimeric antigen receptor (CAR) T-cell therapy have few options. "
    "We report 61 patients who received a second infusion of CD19-directed CAR T cells. Complete response "
    "was reached in 40 of 61 (65.5%) patients after the second infusion, and the median duration of response "
    "was 9.4 months (95% CI, 6.1 to 13.2).",
)
ARTICLE = [
    "# Introduction",
    "CAR T cells directed against CD19 induce durable remissions in a fraction of patients with relapsed "
    "or refractory acute lymphoblastic leukemia and large B-cell lymphoma. Relapse after the first infusion "
    "remains common, and the disease may return with or without the target antigen. Whether a second "
    "infusion of the same product can restore a response has been reported only in small series.",
    "Several mechanisms may explain why the first infusion fails. The transferred cells may not expand, "
    "they may disappear early through rejection of the murine binding domain, or the tumor may lose CD19 "
    "expression. Each mechanism predicts a different chance of success for a second infusion.",
    "# Methods",
    "We reviewed all patients treated at three centers between January 2014 and December 2020 who received "
    "a second infusion of CAR T cells after failure of the first. Lymphodepletion before each infusion used "
    "cyclophosphamide with fludarabine in most patients. Responses were assessed with standard criteria at "
    "day 28 and every three months thereafter.",
    "The primary endpoint was the rate of complete response after the second infusion. Secondary endpoints "
    "were overall response, duration of response, progression-free survival, overall survival, and the "
    "incidence of cytokine release syndrome and neurotoxicity. Survival was estimated with the Kaplan-Meier "
    "method and compared with the log-rank test.",
    "Cell doses were expressed per kilogram of body weight. The second dose was the same as the first in 27 "
    "patients and higher in 34 patients, by a factor of ten in most of them. Patients who had received "
    "bridging therapy between the infusions were included, and the response to bridging was recorded "
    "separately. Follow-up ended on 30 June 2021; the median follow-up of surviving patients was 26.5 "
    "months (range, 6.2 to 71.0).",
    "Cytokine release syndrome was graded with the consensus criteria of the American Society for "
    "Transplantation and Cellular Therapy, and neurotoxicity as immune effector cell-associated "
    "neurotoxicity syndrome. Antigen expression at relapse was measured by flow cytometry on blood or "
    "marrow, and called dim when the mean fluorescence fell below that of normal B cells.",
    "# Results",
    "Sixty-one patients were included; 38 had acute lymphoblastic leukemia and 23 had large B-cell lymphoma. "
    "The median age was 47 years (range, 19 to 74). The median interval between the two infusions was 4.2 "
    "months. Before the second infusion, CD19 was expressed on tumor cells in 52 patients and was dim in 6 "
    "patients.",
    "Complete response was reached in 40 of 61 (65.5%) patients after the second infusion. The overall "
    "response rate was 73.8% (45 of 61). Among patients with acute lymphoblastic leukemia, 29 of 38 (76.3%) "
    "reached complete response, compared with 11 of 23 (47.8%) patients with lymphoma. Minimal residual "
    "disease was undetectable in 25 of 29 patients with leukemia who reached complete response.",
    "The median duration of response was 9.4 months (95% CI, 6.1 to 13.2). The median progression-free "
    "survival was 7.8 months (95% CI, 5.0 to 11.6), and the 2-year overall survival was 41.2% (95% CI, 28.9 "
    "to 53.1). Patients who had responded to the first infusion did better than non-responders, with a "
    "hazard ratio of 0.52 (95% CI, 0.31 to 0.88).",
    "Cytokine release syndrome of any grade occurred in 35 of 61 (57.4%) patients and was grade 3 or higher "
    "in 5 (8.2%). Neurotoxicity of any grade occurred in 14 patients (23.0%), and grade 3 or higher in 4 "
    "(6.6%). No patient died of treatment-related toxicity within 30 days of the second infusion.",
    "At relapse after the second infusion, CD19-negative disease was found in 7 of 21 patients (33.3%) who "
    "had tumor tissue examined. CAR T cells were detectable in the blood of 48 of 61 patients (78.7%) at "
    "day 14, and their expansion was larger in patients who responded.",
    "Among the 23 patients with lymphoma, the complete response rate was higher after fludarabine-based "
    "conditioning (9 of 15, 60.0%) than after other regimens (2 of 8, 25.0%). The median overall survival of "
    "the whole cohort was 15.0 months (95% CI, 13.0 to 22.7), and 17 patients remained alive without "
    "progression at the last follow-up.",
    "# Discussion",
    "A second infusion of CAR T cells produced complete responses in about two thirds of patients in this "
    "series, a rate higher than earlier reports. Patients with leukemia benefited more than patients with "
    "lymphoma, and the use of fludarabine before both infusions was associated with better expansion of the "
    "cells.",
    "The durability of these responses remains the main concern. Most relapses occurred within the first "
    "year, and about one third of them had lost the target antigen, which argues for a different target or "
    "for consolidation with allogeneic transplantation in eligible patients.",
    "These findings support a second infusion for selected patients whose disease still expresses CD19. "
    "Prospective trials should define which patients benefit, and how the conditioning regimen and the cell "
    "dose should be chosen for the second infusion.",
]
TABLE = TableSpec(
    rows=(("Outcome", "Leukemia (n = 38)", "Lymphoma (n = 23)", "All (n = 61)"),
          ("Complete response", "29 (76.3%)", "11 (47.8%)", "40 (65.5%)"),
          ("Overall response", "31 (81.6%)", "14 (60.9%)", "45 (73.8%)"),
          ("CRS grade 3 or higher", "3 (7.9%)", "2 (8.7%)", "5 (8.2%)")),
    caption="Table 1. Responses after the second infusion", after=11)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])")


def sentences(text: str) -> list[str]:
    """Lines (paragraphs, table rows) cut at sentence ends, whitespace collapsed."""
    found = []
    for block in text.split("\n"):
        found += [" ".join(s.split()) for s in SENTENCE_END.split(block) if s.strip()]
    return found


def expected_sentences(title: str, abstract, paragraphs, tables=()) -> list[str]:
    blocks = [title, *abstract] if title else list(abstract)
    by_position = {t.after: t for t in tables}
    for i in range(len(paragraphs) + 1):
        if i in by_position:
            blocks += [by_position[i].caption, *(" | ".join(row) for row in by_position[i].rows)]
        if i < len(paragraphs):
            blocks.append(paragraphs[i].removeprefix("# "))
    return sentences("\n".join(normalise(b) for b in blocks))


def check_pages(doc, rendered, paragraphs) -> int:
    """Every paragraph typeset on one page is found on that page; how many were checked."""
    checked = 0
    for paragraph, (first, last) in zip(paragraphs, rendered.paragraph_pages):
        if first != last:
            continue
        opening = sentences(normalise(paragraph.removeprefix("# ")))[0]
        offset = " ".join(doc.text.split("\n")).find(opening)  # newlines are one character too
        assert offset >= 0, opening
        assert doc.page_at(offset) == first, opening
        checked += 1
    return checked


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    """The article typeset in one and in two columns, with running heads, page numbers, a table."""
    folder = tmp_path_factory.mktemp("article")
    made = {}
    for columns in (1, 2):
        rendered = make_pdf(folder / f"article{columns}.pdf", ARTICLE, columns=columns, title=TITLE,
                            abstract=ABSTRACT, header=HEADER, tables=(TABLE,),
                            metadata_title=TITLE if columns == 1 else "", author="Smith J; Jones K",
                            font_size=12 if columns == 1 else 11)
        made[columns] = (rendered, PdfReader().read(rendered.path))
    return made


def test_typeset_pdfs_really_are_hard(article):
    """The fixture is not a soft target: two columns, several pages, paragraphs running on from one
    page to the next, words hyphenated at line ends."""
    for columns in (1, 2):
        assert article[columns][0].pages >= 3
        assert any(first < last for first, last in article[columns][0].paragraph_pages)
    rendered, _ = article[2]
    with pdfplumber.open(rendered.path) as pdf:
        raw = "\n".join(page.extract_text() for page in pdf.pages)
        words = pdf.pages[0].extract_words()
    assert lines_to_gutters(words_to_lines(_words(words), 0.1), 6, 3), "page 1 has no columns"
    assert re.search(r"[a-z]-\n[a-z]", raw), "no word hyphenated at a line end"
    assert "SECOND CAR T-CELL INFUSION" in raw


@pytest.mark.parametrize("columns", [1, 2])
def test_article_reads_sentence_for_sentence(article, columns):
    rendered, doc = article[columns]
    assert doc.format == "pdf" and doc.pages == rendered.pages
    assert sentences(doc.text) == expected_sentences(TITLE, ABSTRACT, ARTICLE, (TABLE,))
    assert "SECOND CAR" not in doc.text and "Blood." not in doc.text
    assert not re.search(r"(^|\n)\d{1,2}(\n|$)", doc.text), "a lone page number was kept"
    assert check_pages(doc, rendered, ARTICLE) >= 10


def test_one_and_two_columns_agree(article):
    assert sentences(article[1][1].text) == sentences(article[2][1].text)


def test_every_offset_has_a_page(article):
    _, doc = article[2]
    pages = {doc.page_at(i) for i in range(0, len(doc.text), 7)}
    assert None not in pages and pages == set(range(1, doc.pages + 1))


@pytest.mark.parametrize("columns", [1, 2])
def test_ruled_table_is_read_into_cells(article, columns):
    rendered, doc = article[columns]
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert table.label == "Table 1" and table.caption == "Responses after the second infusion"
    assert table.rows() == [list(row) for row in TABLE.rows]
    for cell in table.cells:
        assert doc.text[cell.start:cell.end] == cell.text
        assert cell.header == (cell.row == 0)
        assert doc.page_at(cell.start) == table.page
    assert table.cell(1, 3).text == "40 (65.5%)"
    region = doc.region_at(table.cell(2, 0).start)
    assert (region.kind, region.section, region.page) == ("table", "Table 1", table.page)
    assert doc.text.count("CRS grade 3 or higher") == 1, "table words were also left in the body"
    row_line = "Complete response | 29 (76.3%) | 11 (47.8%) | 40 (65.5%)"
    assert row_line in doc.text.split("\n")


def test_metadata(article):
    _, one = article[1]
    assert one.metadata.title == TITLE and one.metadata.authors == ("Smith J", "Jones K")
    _, two = article[2]
    assert two.metadata.title == TITLE  # no title in the PDF's information: the largest font's
    assert two.metadata.year == 2021  # from the running head


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds (not in the repo)")
def test_seed_articles_read_the_same_in_one_and_two_columns(tmp_path):
    seeds = sorted(SEEDS.glob("*.txt"))
    assert seeds
    for seed in seeds:
        paragraphs = [" ".join(p.split()) for p in seed.read_text(encoding="utf-8").split("\n") if p.strip()]
        # a seed may cut a sentence into two paragraphs ("insurance companies" / "don't cover"):
        # the reader rightly joins a paragraph that starts in lower case to an unfinished one
        whole: list[str] = []
        for p in paragraphs:
            if whole and p[0].islower() and not re.search(r"[.!?:][\"')]*$", whole[-1]):
                whole[-1] += " " + p
            else:
                whole.append(p)
        expected = expected_sentences("", (), whole)
        for columns in (1, 2):
            rendered = make_pdf(tmp_path / f"{seed.stem}-{columns}.pdf", paragraphs, columns=columns,
                                header=HEADER, footer="Page {page}")
            doc = PdfReader().read(rendered.path)
            text = doc.text
            if rendered.pages == 1:  # nothing repeats: the running head stays, as paragraphs of its own
                head = "Blood. 2021;137(4):1\n\nSECOND CAR T-CELL INFUSION\n\n"
                assert text.startswith(head)
                text = text[len(head):]
            assert sentences(text) == expected, (seed.name, columns)
            assert "SECOND CAR T-CELL" not in text and not re.search(r"Page \d", text)
            check_pages(doc, rendered, [p for p in paragraphs if not p[0].islower()])


def test_hyphens_at_line_ends_are_mended(tmp_path):
    lines = ["Of the responders, the second infusion of CAR-", "T cells was given to anti-",
             "CD19 non-", "responders after treat-", "ment failure; CD19-", "positive relapse and re-",
             "infusion were rare, as pre-", "viously described for long-", "term outcomes (95% CI, 6.1\u2013",
             "13.2), however long-term data are few."]
    path = make_lines_pdf(tmp_path / "hyphens.pdf", [[(72, 100 + 12 * i, t) for i, t in enumerate(lines)]])
    doc = PdfReader().read(path)
    assert doc.text == ("Of the responders, the second infusion of CAR-T cells was given to anti-CD19 "
                        "non-responders after treatment failure; CD19-positive relapse and re-infusion "
                        "were rare, as previously described for long-term outcomes (95% CI, 6.1\u201313.2), "
                        "however long-term data are few.")


def test_superscript_references_leave_the_text_and_powers_of_ten_keep_a_caret(tmp_path):
    lines = ["CAR T cells^{1,2} induce remissions in CD19^{+} leukemia,^{3} as", "reported.^{4} A dose of 1 \u00d7 10^{6} "
             "cells/kg gave 65.5%^{5-7} responses."]
    path = make_lines_pdf(tmp_path / "superscripts.pdf", [[(72, 100 + 14 * i, t) for i, t in enumerate(lines)]])
    assert PdfReader().read(path).text == ("CAR T cells induce remissions in CD19+ leukemia, as reported. "
                                           "A dose of 1 \u00d7 10^6 cells/kg gave 65.5% responses.")


VOCABULARY = Vocabulary.from_texts(["the responders and the treated, however long-term we", "never-",
                                     "cancer is free of its kind, how can it not be ever"])


@pytest.mark.parametrize("head, tail, kept", [
    ("treat-", "ment", False), ("CAR-", "T", True), ("anti-", "CD19", True), ("CD19-", "positive", True),
    ("non-", "responders", True), ("re-", "infusion", True), ("re-", "lapse", False), ("pre-", "vious", False),
    ("long-", "term", True), ("how-", "ever", False), ("IL-", "6", True), ("Ther-", "apy", False),
    ("(non-", "responders)", True), ("pre-", "treated", True), ("never-", "theless", False),
    ("cancer-", "free", True), ("first-of-its-", "kind", True), ("non-respon-", "ders", False),
    ("can-", "not", False), ("long-", "term,", True),
])
def test_keeps_hyphen(head, tail, kept):
    assert keeps_hyphen(head, tail, VOCABULARY) is kept


def test_vocabulary_leaves_out_the_pieces_of_broken_words():
    vocabulary = Vocabulary.from_texts(["given after treat-", "ment failure"])
    assert "ment" not in vocabulary.words and "treat" not in vocabulary.words
    assert join_lines(["given after treat-", "ment failure"], vocabulary) == "given after treatment failure"


@pytest.mark.skipif(unicode_font() is None, reason="needs the DejaVu fonts for ligature glyphs")
def test_ligatures_minus_and_thin_spaces_are_normalised(tmp_path):
    text = "The e\ufb03cacy of the \ufb01rst \ufb02ow was \u221210% at 5\u2009mg."
    path = make_lines_pdf(tmp_path / "glyphs.pdf", [[(72, 100, text)]])
    with pdfplumber.open(path) as pdf:
        assert "\ufb03" in "".join(c["text"] for c in pdf.pages[0].chars)  # the file holds the ligature
    assert PdfReader().read(path).text == "The efficacy of the first flow was -10% at 5 mg."


def test_sentence_across_a_page_break_is_not_cut_by_a_footnote(tmp_path):
    first = [(72, 80 + 12 * i, t) for i, t in enumerate(
        ["Responses after the second infusion were", "durable in most patients, and the rate of",
         "relapse was lower than after the", "first infusion, which"])]
    first.append((72, 740, "Submitted 3 March 2020; accepted 9 June 2020."))
    second = [(72, 80, "suggests a benefit of consolidation."), (72, 104, "A new paragraph starts here.")]
    doc = PdfReader().read(make_lines_pdf(tmp_path / "break.pdf", [first, second]))
    assert sentences(doc.text) == [
        "Responses after the second infusion were durable in most patients, and the rate of relapse was lower "
        "than after the first infusion, which suggests a benefit of consolidation.",
        "Submitted 3 March 2020; accepted 9 June 2020.", "A new paragraph starts here."]
    assert doc.page_at(doc.text.index("Submitted")) == 1
    assert doc.page_at(doc.text.index("suggests")) == 2


@pytest.mark.parametrize("footer", ["{page}", "Page {page}", "- {page} -", "Page {page} of 3"])
def test_page_numbers_go(tmp_path, footer):
    rendered = make_pdf(tmp_path / "numbers.pdf", ARTICLE[1:12], footer=footer, hyphenate=False, font_size=12)
    assert rendered.pages >= 2
    doc = PdfReader().read(rendered.path)
    assert sentences(doc.text) == expected_sentences("", (), ARTICLE[1:12])


def test_headings_stand_alone(article):
    _, doc = article[2]
    paragraphs = doc.text.split("\n\n")
    for heading in ("Introduction", "Methods", "Results", "Discussion"):
        assert heading in paragraphs


def _line(text: str, top: float, flow: int = 1, bold: bool = False, size: float = 10.0) -> Line:
    return Line(words=(), text=text, x0=72, x1=300, top=top, bottom=top + size, size=size, bold=bold, flow=flow)


STYLE = Style(body_size=10.0, pitch=1.2, paragraph_gap_em=0.4, indent_em=0.8, size_step=0.6)


def test_table_in_the_middle_of_a_sentence_waits_for_its_end():
    table = PageTable(rows=((("Outcome",), ("n",)), (("CR",), ("40",))),
                      placements=((0, 0, 0, 0), (0, 1, 0, 1), (1, 0, 1, 0), (1, 1, 1, 1)),
                      x0=72, x1=300, top=130, bottom=170, caption=("Table 3. Responses",), flow=1)
    page = PageLayout(1, 792.0, (_line("The rate of complete response after the", 100),
                                 _line("second infusion was", 112), table,
                                 _line("65.5% in the whole cohort.", 180)), (1.2,), 20)
    text, regions, tables = layouts_to_text([page], Vocabulary.from_texts([]), STYLE)
    assert text == ("The rate of complete response after the second infusion was 65.5% in the whole cohort."
                    "\n\nTable 3. Responses\nOutcome | n\nCR | 40")
    assert tables[0].label == "Table 3" and tables[0].cell(1, 1).text == "40"
    assert all(text[c.start:c.end] == c.text for c in tables[0].cells)
    assert [(r.kind, r.section, r.page) for r in regions] == [("body", None, 1), ("table", "Table 3", 1)]


def test_bold_sentence_over_two_lines_stays_whole():
    page = PageLayout(1, 792.0, (_line("Results", 100, bold=True),
                                 _line("Complete response was reached in 40 of", 118, bold=True),
                                 _line("61 patients (65.5%).", 130, bold=True),
                                 _line("Relapse followed in 29 patients.", 148)), (1.2,), 20)
    text, _, _ = layouts_to_text([page], Vocabulary.from_texts([]), STYLE)
    assert text.split("\n\n") == ["Results", "Complete response was reached in 40 of 61 patients (65.5%).",
                                   "Relapse followed in 29 patients."]


def test_settings_are_checked():
    assert PdfSettings.resolve(None) == PdfSettings()
    assert PdfSettings.resolve({"min_gutter": 9}).min_gutter == 9
    with pytest.raises(EvidenceError, match="unknown PDF setting.*gutter"):
        PdfSettings.resolve({"gutter": 9})
    with pytest.raises(EvidenceError, match="margin_share=0.7 must lie in"):
        PdfSettings(margin_share=0.7)


def test_unruled_table_found_by_text_strategy(tmp_path):
    table = TableSpec(rows=(("Outcome", "First", "Second"), ("Complete response", "54/61", "40/61"),
                            ("Relapse", "12/54", "29/40"), ("Median OS, months", "22.7", "15.0")),
                      caption="Table 2. Outcomes of both infusions", after=2, ruled=False)
    rendered = make_pdf(tmp_path / "unruled.pdf", ARTICLE[1:5], tables=(table,), hyphenate=False)
    with pdfplumber.open(rendered.path) as pdf:
        assert not pdf.pages[0].find_tables(), "the table should have no rules"
    doc = PdfReader().read(rendered.path)
    assert len(doc.tables) == 1 and doc.tables[0].label == "Table 2"
    assert doc.tables[0].rows() == [list(row) for row in table.rows]
    for cell in doc.tables[0].cells:
        assert doc.text[cell.start:cell.end] == cell.text


def test_pages_are_released_as_they_are_read(tmp_path, monkeypatch):
    rendered = make_pdf(tmp_path / "long.pdf", ARTICLE * 4, columns=2, hyphenate=False)
    reader, seen = PdfReader(), []
    opened = pdfplumber.open

    def spy_open(*args, **kwargs):
        pdf = opened(*args, **kwargs)
        seen.append(pdf)
        return pdf

    read_page = reader.page_to_layout

    def counting(page):
        cached = [p for p in seen[0].pages if hasattr(p, "_objects") or hasattr(p, "_layout")]
        assert cached in ([], [page]), "an earlier page still holds its objects"
        return read_page(page)

    monkeypatch.setattr("evidence.readers.pdf.pdfplumber.open", spy_open)
    monkeypatch.setattr(reader, "page_to_layout", counting)
    doc = reader.read(rendered.path)
    assert doc.pages == rendered.pages >= 5


def test_memory_does_not_grow_with_the_file(tmp_path):
    """pdfminer keeps every stream it parsed (images too) unless its cache is emptied now and then."""
    path = make_figures_pdf(tmp_path / "figures.pdf", pages=24)
    tracemalloc.start()
    try:
        doc = PdfReader().read(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert doc.pages == 24 and "Figure 24. Responses on page 24." in doc.text
    assert peak < 0.7 * path.stat().st_size, f"peak {peak} bytes for a {path.stat().st_size}-byte file"


# ------------------------------------------------------------------ bad files

def _valid_pdf(tmp_path) -> bytes:
    return make_pdf(tmp_path / "valid.pdf", ARTICLE[1:3]).path.read_bytes()


@pytest.mark.parametrize("damage", ["truncated", "garbage", "not a pdf", "cut tail"])
def test_corrupt_pdf_is_refused(tmp_path, damage):
    data = _valid_pdf(tmp_path)
    broken = {"truncated": data[: len(data) // 2],
              "garbage": b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n",
              "not a pdf": b"Complete response in 40 of 61 patients.\n",
              "cut tail": data[:-30]}[damage]
    path = tmp_path / "broken.pdf"
    path.write_bytes(broken)
    with pytest.raises(CorruptFileError) as error:
        read_file(path)
    assert str(error.value) == "broken.pdf: not a readable PDF (truncated or corrupt)"


def test_encrypted_pdf_is_refused(tmp_path):
    path = make_encrypted_pdf(tmp_path / "locked.pdf")
    with pytest.raises(EncryptedFileError) as error:
        read_file(path)
    assert str(error.value) == "locked.pdf: password-protected PDF: remove the password and try again"


def test_scanned_pdf_is_refused(tmp_path):
    path = make_image_pdf(tmp_path / "scan.pdf")
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].images, "the scan should hold a picture"
    with pytest.raises(NoTextLayerError) as error:
        read_file(path)
    assert str(error.value) == "scan.pdf: no text layer: needs OCR"


def _words(found) -> list[Word]:
    return [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], 10.0) for w in found]
