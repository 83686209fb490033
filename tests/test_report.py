"""evidence report: one self-contained page; article text escaped; forest plots embedded.

(The page is driven in a real browser in test_report_browser.py.)
"""
from __future__ import annotations

import base64
import hashlib
import re

import pytest
from click.testing import CliRunner

from evidence.cli import main
from test_compare import DOCUMENTS, fig, small_figures, write_small_table

HOSTILE_QUOTE = ('Complete response in 9 of 44 patients <script>window.__pwned = 1</script> and '
                 '<img src=x onerror="window.__pwned = 2"> after "retreatment" & more.')
HOSTILE_DOCUMENT = 'alpha_<b onmouseover="window.__pwned=3">x</b>.txt'


def hostile_figures():
    """The small table plus a report whose sentence, document name and study label carry markup."""
    figures = small_figures()
    figures.append(fig("alpha_journal.txt", "CR", 9 / 44, HOSTILE_QUOTE, "9 of 44", events=9, total=44,
                       subgroup='<svg onload="window.__pwned=4">'))
    hostile = fig("alpha_news.txt", "ORR", 0.5, "Half <script>alert('x')</script> responded (50%).", "50%")
    figures.append(hostile.__class__(**{**hostile.to_row(), "document": HOSTILE_DOCUMENT}))
    return figures


def hostile_documents():
    documents = dict(DOCUMENTS)
    documents[HOSTILE_DOCUMENT] = ('Alpha <script>window.__pwned=5</script> 2021', "news", "text")
    return documents


@pytest.fixture
def small(tmp_path):
    return write_small_table(tmp_path)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from evidence.outputs.takeaways import report_table

    folder = tmp_path_factory.mktemp("report")
    table, map_path = write_small_table(folder)
    report_table(table, folder / "report.html", map_path)
    return (folder / "report.html").read_text(encoding="utf-8")


def test_self_contained(page):
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    assert len(re.findall(r"<script\b", page)) == 1 and "<script>" in page  # one inline script, no src


def test_content_security_policy_names_the_script(page):
    script = re.search(r"<script>(.*?)</script>", page, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "img-src data:" in policy


def test_forest_plots_embedded(page):
    images = re.findall(r'<img alt="Forest plot of ([^"]+)" src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert [alt for alt, _ in images] == ["complete response by target relation", "overall response by target relation"]
    for _, data in images:
        assert base64.b64decode(data).startswith(b"\x89PNG")


def test_sections_and_every_figure(page):
    for key in ("summary", "pooled", "sof", "compare", "studies", "conflicts", "evidence", "methods"):
        assert f'<section id="{key}">' in page
    assert len(re.findall(r'<tr id="row-\d+"[^>]* data-study="', page)) == len(small_figures())
    assert "After the second CD19 CAR-T infusion, <mark>10 of 40</mark> patients (25%)" in page
    assert "DRAFT for human judgement" in page
    assert "The evidence is very uncertain about complete response after retreatment with the same target" in page
    assert "Data collection process (item 9)" in page


def test_comparison_cells_link_to_their_rows_and_show_the_source_on_hover(page):
    """Not only a tooltip (phones, keyboards, screen readers): each figure links to its row."""
    match = re.search(r'<span class="conflict"><a href="#row-(\d+)" title="alpha_journal.txt, characters 38-46: '
                      r'“After the second CD19 CAR-T infusion, 10 of 40 patients \(25%\) had a complete response.”'
                      r' \| also 30% in alpha_news.txt', page)
    assert match
    row = re.search(rf'<tr id="row-{match.group(1)}"[^>]*>.*?</tr>', page, re.S).group(0)
    assert "<mark>10 of 40</mark>" in row


def pooled_study_rows(page, key):
    """(study, group, events/n, weight, [linked rows]) of the pooled section's per-study table."""
    part = page[page.index(f'id="pooled-{key}"'):]
    part = part[:part.index("</table>", part.index("study-inputs"))]
    part = part[part.index("study-inputs"):]
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", part, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        if not cells:  # the header
            continue
        links = [int(n) for n in re.findall(r'<a href="#row-(\d+)" class="rowlink">row \d+</a>', cells[5].split("<details>")[0])]
        found.append((cells[0], cells[1], cells[2], cells[4], links))
    return found


def test_pooled_studies_link_to_the_evidence_rows_they_pooled(page):
    """Item 8: each pooled study's inputs and weight as text, linked to its evidence rows, whose
    counts are the ones pooled; the rows say they were pooled."""
    rows = pooled_study_rows(page, "CR")
    assert rows and all(links for *_, links in rows)
    for study, group, counts, weight, links in rows:
        assert re.fullmatch(r"\d+\.\d%", weight)
        first = re.search(rf'<tr id="row-{links[0]}"[^>]*>(.*?)</tr>', page, re.S).group(0)
        assert f'data-study="{study.split(" (")[0]}"' in first
        assert f">{counts}</td>" in first
        assert f"pooled: CR {group}" in first
        for n in links:  # every linked row exists
            assert f'<tr id="row-{n}"' in page


def test_pooled_study_sentences_unfold_with_the_number_marked(page):
    part = page[page.index('id="pooled-CR"'):page.index('id="pooled-ORR"')]
    sentences = re.findall(r"<details><summary>sentences</summary><ul>(.*?)</ul></details>", part, re.S)
    assert sentences and all("<mark>" in s for s in sentences)


def test_rows_of_studies_left_out_are_marked(small):
    """Item 9: a look-alike study's rows say they are left out of the analyses, and no other row does."""
    from dataclasses import replace

    from evidence.outputs.report_evidence import evidence_section
    from evidence.outputs.studybook import load_book

    book = load_book(*small)
    book = replace(book, studies=tuple(replace(s, retreatment=s.study != "Delta 2020") for s in book.studies))
    html = evidence_section(book, {})
    left = re.findall(r'<tr id="row-\d+" class="left-out" data-study="([^"]+)"[^>]*data-use="left out"', html)
    assert left == ["Delta 2020"] * sum(1 for f in book.figures if f.study == "Delta 2020")
    assert html.count("left out: not retreatment after a failed CAR-T") == len(left)


def test_article_text_is_escaped(tmp_path):
    from evidence.outputs.takeaways import report_table

    table, map_path = write_small_table(tmp_path, hostile_figures(), hostile_documents())
    report_table(table, tmp_path / "report.html", map_path)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert len(re.findall(r"<script\b", page)) == 1
    for raw in ("<script>window", "<img src=x", "<b onmouseover", "<svg onload", "<script>alert"):
        assert raw not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned = 2&quot;&gt;" in page
    assert 'data-study="Alpha &lt;script&gt;window.__pwned=5&lt;/script&gt; 2021"' in page


@pytest.mark.parametrize("text, figure, expected", [
    ("Seven of 13 (54%) responded.", dict(value=7 / 13, events=7, total=13), "<mark>Seven of 13</mark>"),
    ("The CR rate was 20%.", dict(value=0.2), "<mark>20%</mark>"),
    ("Median OS was 15 months.", dict(value=15.0, measure="median", unit="months"), "<mark>15</mark> months"),
    ("About a third responded.", dict(value=0.33), "About a third responded."),
], ids=["number words", "percent", "median", "nothing to mark"])
def test_number_highlighted_in_quote(text, figure, expected):
    from evidence.outputs.html_parts import quote_html
    from evidence.schema import Figure

    values = {"measure": "proportion", "unit": "proportion", **figure}
    f = Figure(document="d.txt", outcome="CR", quote=text, start=0, end=1, **values)
    assert expected in quote_html(f)


def test_exact_offsets_win_when_the_text_is_known():
    from evidence.outputs.html_parts import quote_html
    from evidence.schema import Figure

    text = "Intro. Eight of 44 had CR and eight of 44 had PR. End."
    quote = "Eight of 44 had CR and eight of 44 had PR."
    start = text.index("eight of 44")
    f = Figure(document="d.txt", outcome="PR", measure="proportion", value=8 / 44, events=8, total=44,
               quote=quote, start=start, end=start + len("eight of 44"))
    assert quote_html(f, text) == "Eight of 44 had CR and <mark>eight of 44</mark> had PR."


def run_cli(*args):
    return CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), catch_exceptions=False)


def test_command_writes_the_page(small, tmp_path):
    table, map_path = small
    target = tmp_path / "r.html"
    result = run_cli("report", str(table), "--map", str(map_path), "-o", str(target))
    assert result.exit_code == 0
    assert result.output == f"Wrote {target}: 5 studies, 25 figures, 1 conflicts; forest plots: CR, ORR.\n"
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_command_refuses_a_page_that_is_not_html(small, tmp_path):
    table, _ = small
    result = run_cli("report", str(table), "-o", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 'r.pdf'}: the report is an HTML page; give a name ending in .html\n"


def test_help_has_an_example():
    result = run_cli("report", "--help")
    assert result.exit_code == 0
    assert "evidence report outputs/evidence.csv -o outputs/report.html" in result.output


def test_a_forest_plot_of_more_studies_than_can_be_read_is_not_drawn(small, tmp_path, monkeypatch):
    """Above MAX_FOREST_STUDIES rows a plot is illegible and takes minutes to draw (a table at the
    row limit pools hundreds of studies): the report says why there is none, the table stays."""
    import evidence.outputs.takeaways as takeaways

    monkeypatch.setattr(takeaways, "MAX_FOREST_STUDIES", 3)
    table, map_path = small
    target = tmp_path / "r.html"
    result = run_cli("report", str(table), "--map", str(map_path), "-o", str(target))
    assert result.output == f"Wrote {target}: 5 studies, 25 figures, 1 conflicts; forest plots: none.\n"
    page = target.read_text(encoding="utf-8")
    assert '<figure class="forest">' not in page
    assert page.count("more than a plot can show legibly (at most 3); their numbers are in the table above.") == 2
