"""Readers of plain text, Markdown and HTML: every fixture is written by the test itself.

Every document read here must be well formed: regions sorted and covering every character,
each table cell's text found at its offsets.
"""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.errors import CorruptFileError, EmptyFileError
from evidence.readers import read_file
from evidence.readers.builder import CellSource, TextBuilder, TableSource, rows_to_placements
from evidence.readers.common import normalise
from evidence.readers.markdown import strip_inline
from evidence.readers.text import MARGIN_LABELS

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def assert_well_formed(document) -> None:
    """Regions sorted, contiguous, covering the text; every cell's text at its offsets."""
    text = document.text
    assert text.strip()
    regions = document.regions
    assert regions, "a document without regions"
    assert regions[0].start == 0 and regions[-1].end == len(text)
    for before, after in zip(regions, regions[1:]):
        assert before.end == after.start, (before, after)
    assert all(r.start < r.end for r in regions)
    assert all(r.kind in ("title", "abstract", "body", "table", "caption", "metadata") for r in regions)
    for table in document.tables:
        assert 0 <= table.start <= table.end <= len(text)
        for cell in table.cells:
            assert text[cell.start:cell.end] == cell.text, cell
            assert table.start <= cell.start <= cell.end <= table.end
        assert document.region_at(table.start).kind == "table"


def read_one(path: Path):
    documents = read_file(path, path.name)
    assert len(documents) == 1
    assert_well_formed(documents[0])
    return documents[0]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


# --- plain text ------------------------------------------------------------------------------

ARTICLE = "Second CAR T-cell infusions\n\nOf 44 patients, 9 (20%) achieved CR \u2265 day 28.\r\nCaf\u00e9 \u03b2-cells.\n"
LATIN1 = "Second infusions at the Caf\u00e9 clinic\n\nOf 44 patients, 9 (20 %) achieved CR; dose 2\u00b710 \u00b5g.\n"


@pytest.mark.parametrize("encode, content", [
    (lambda t: t.encode("utf-8"), ARTICLE),
    (lambda t: codecs.BOM_UTF8 + t.encode("utf-8"), ARTICLE),
    (lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"), ARTICLE),
    (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), ARTICLE),
    (lambda t: t.encode("utf-16-le"), ARTICLE),  # no BOM: told by where its NUL bytes fall
    (lambda t: t.encode("utf-16-be"), ARTICLE),
    (lambda t: t.encode("latin-1"), LATIN1),
], ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16le-no-bom", "utf16be-no-bom", "latin1"])
def test_text_decodes_every_encoding_and_keeps_the_text(tmp_path, encode, content):
    document = read_one(write(tmp_path, "article.txt", encode(content)))
    assert document.format == "text"
    assert document.text == normalise(content)
    assert "\r" not in document.text and "\ufeff" not in document.text
    assert document.metadata.title == content.splitlines()[0]
    assert document.regions[0].kind == "title"
    assert document.text[document.regions[0].start:document.regions[0].end].strip() == content.splitlines()[0]


def test_binary_junk_named_txt_is_refused(tmp_path):
    junk = bytes(range(256)) * 8
    with pytest.raises(CorruptFileError, match="binary data, not text"):
        read_file(write(tmp_path, "scan.txt", junk))


@pytest.mark.parametrize("content", [b"", b"   \n\n\t  \r\n"], ids=["empty", "whitespace"])
def test_empty_text_file_is_an_empty_file_error(tmp_path, content):
    with pytest.raises(EmptyFileError, match="empty.txt"):
        read_file(write(tmp_path, "empty.txt", content))


def test_text_sections_from_standard_headings(tmp_path):
    content = ("Retreatment with CAR T cells\n\nAbstract\nWe studied 44 patients.\n\n"
               "2. Results\nCR was 20%.\n\nDISCUSSION:\nSecond infusions can work.\n")
    document = read_one(write(tmp_path, "a.txt", content))
    assert document.text == content
    assert document.section_at(content.index("We studied")) == "Abstract"
    assert document.region_at(content.index("We studied")).kind == "abstract"
    assert document.section_at(content.index("CR was")) == "Results"
    assert document.region_at(content.index("CR was")).kind == "body"
    assert document.section_at(content.index("Second infusions")) == "DISCUSSION"


def test_text_metadata_from_the_text(tmp_path):
    content = ("\n\nOutcomes of a second infusion\nPublished 2021. doi:10.1182/bloodadvances.2020003468\n"
               "Registered as NCT01865617. PMID: 33560341\n")
    metadata = read_one(write(tmp_path, "a.txt", content)).metadata
    assert metadata.title == "Outcomes of a second infusion"
    assert metadata.doi == "10.1182/bloodadvances.2020003468"
    assert metadata.pmid == "33560341"
    assert metadata.registrations == ("NCT01865617",)
    assert metadata.year == 2021


_PRINTABLE = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn"))
_LINES = st.text(alphabet=st.one_of(_PRINTABLE, st.sampled_from("\n\n\r\t ")), max_size=300)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=_LINES)
def test_any_utf8_text_reads_back_with_regions_covering_it(tmp_path, content):
    path = write(tmp_path, "any.txt", content)
    if not normalise(content).strip():
        with pytest.raises(EmptyFileError):
            read_file(path)
        return
    document = read_one(path)
    assert document.text == MARGIN_LABELS.sub("", normalise(content))


def test_text_drops_margin_labels_of_author_manuscripts(tmp_path):
    content = ("A phase 1 trial\nAuthor manuscript\nThe median event-free\nAuthor Manuscript\nsurvival was 6.1 months.\n"
               "The Author Manuscript of this trial is online.\n")
    document = read_one(write(tmp_path, "a.txt", content))
    assert document.text == ("A phase 1 trial\nThe median event-free\nsurvival was 6.1 months.\n"
                             "The Author Manuscript of this trial is online.\n")


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent: no seed articles to read")
def test_seed_articles_read_with_their_titles():
    for path in sorted(SEEDS.glob("*.txt")):
        document = read_one(path)
        raw = path.read_text(encoding="utf-8")
        assert document.text == normalise(raw)
        assert document.metadata.title == normalise(next(line for line in raw.splitlines() if line.strip())).strip()


# --- Markdown --------------------------------------------------------------------------------

@pytest.mark.parametrize("markdown, text", [
    ("[CAR T cells](https://example.org/car_(t) \"t\") work", "CAR T cells work"),
    ("see [the trial][nct] and <https://clinicaltrials.gov>", "see the trial and https://clinicaltrials.gov"),
    ("**bold**, __strong__, *em*, _em_, ~~gone~~ ***both***", "bold, strong, em, em, gone both"),
    ("snake_case_name and 2*3*4 and Shah* stay", "snake_case_name and 2*3*4 and Shah* stay"),
    (r"a \*literal\* star and \[brackets\]", "a *literal* star and [brackets]"),
    ("dose 2 x 10<sup>6</sup> in CD19<sup>+</sup> cells<br>next", "dose 2 x 10^6 in CD19+ cells next"),
    ("`code` &ge; 3 &amp; AT&T", "code \u2265 3 & AT&T"),
    ("text ![figure](f.png) here<!-- hidden -->", "text  here"),
    ("footnote[^1] mark", "footnote^1 mark"),
], ids=["link", "reference-link", "emphasis", "not-emphasis", "escapes", "html", "entities", "image", "footnote"])
def test_markdown_inline_markup(markdown, text):
    assert strip_inline(markdown) == text


MARKDOWN = """---
title: "Second CAR-T infusions: a cohort"
authors:
  - Jordan Gauthier
  - Bezerra, Evandro D.
date: 2020-01-15
---

# Try, *Try* Again

![Fred Hutch logo](https://example.org/logo.png)

Of 44 patients, [nine](https://example.org/a "a") achieved **CR** (20%).
A second line of the same paragraph.

## Results

Table 2. Response by disease

| Disease | CR | ORR |
|:--------|---:|:---:|
| ALL | 5/8 | [6/8](#) |
| NHL | 2/10 | 3/10 |

[nct]: https://clinicaltrials.gov/ct2/show/NCT01865617

### Safety

- CRS in 60%
- ICANS in 20%

Discussion
----------

Registered as NCT01865617.
"""


def test_markdown_drops_markup_keeps_tables_and_sections(tmp_path):
    document = read_one(write(tmp_path, "a.md", MARKDOWN))
    text = document.text
    assert document.format == "markdown"
    assert text.startswith("Try, Try Again\n\nOf 44 patients, nine achieved CR (20%).\nA second line")
    for markup in ("](", "**", "#", "![", "logo", "---", "|:-", "[nct]"):
        assert markup not in text, markup
    assert document.regions[0].kind == "title" and document.regions[0].section is None
    assert document.section_at(text.index("Of 44")) is None
    assert document.section_at(text.index("CRS in")) == "Results > Safety"
    assert document.section_at(text.index("Registered")) == "Discussion"
    table = document.tables[0]
    assert (table.label, table.caption) == ("Table 2", "Response by disease")
    assert table.rows() == [["Disease", "CR", "ORR"], ["ALL", "5/8", "6/8"], ["NHL", "2/10", "3/10"]]
    assert [c.header for c in table.cells[:3]] == [True, True, True] and not table.cell(1, 0).header
    assert "Table 2. Response by disease\nDisease | CR | ORR\nALL | 5/8 | 6/8\nNHL | 2/10 | 3/10" in text
    assert document.section_at(table.cell(2, 1).start) == "Table 2"
    metadata = document.metadata
    assert metadata.title == "Second CAR-T infusions: a cohort"
    assert metadata.authors == ("Gauthier J", "Bezerra ED")
    assert (metadata.date, metadata.year) == ("2020-01-15", 2020)
    assert metadata.registrations == ("NCT01865617",)


def test_markdown_without_front_matter_takes_the_first_line_as_title(tmp_path):
    document = read_one(write(tmp_path, "a.markdown", "\n\nPlain *first* line\n\n```\ncode | kept\n```\n"))
    assert document.text == "Plain first line\n\ncode | kept"
    assert document.metadata.title == "Plain first line"
    assert document.tables == ()


# --- the builder ---------------------------------------------------------------------------

def test_spans_expand_into_the_grid_and_share_the_cell_offsets():
    rows = (
        (CellSource("Group", header=True, rowspan=2), CellSource("Response", header=True, colspan=2)),
        (CellSource("CR", header=True), CellSource("ORR", header=True)),
        (CellSource("Same", rowspan=0), CellSource("5"), CellSource("6")),  # rowspan 0: to the end
        (CellSource("7"), CellSource("8", colspan=10**9)),  # a hostile colspan is clamped
    )
    placements = rows_to_placements(rows)
    assert (3, 0, 2, 0) in placements and (3, 1, 3, 0) in placements
    assert max(col for _, col, _, _ in placements) < 1002
    builder = TextBuilder()
    table = builder.add_table(TableSource("", "", rows[:3]))
    assert table.label == "table 1"
    assert builder.text == "Group | Response\nCR | ORR\nSame | 5 | 6"
    assert table.rows() == [["Group", "Response", "Response"], ["Group", "CR", "ORR"], ["Same", "5", "6"]]
    assert table.cell(0, 1).start == table.cell(0, 2).start


def test_regions_merge_and_separators_join_the_region_before():
    builder = TextBuilder()
    builder.add("Title", "title")
    builder.add("one", "body", "Results")
    builder.add("two", "body", "Results", sep="\n")
    regions = builder.regions()
    assert builder.text == "Title\n\none\ntwo"
    assert [(r.start, r.end, r.kind, r.section) for r in regions] == [(0, 7, "title", None), (7, 14, "body", "Results")]


# --- HTML ------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html>
<html lang="en"><head><title>Second CAR-T infusion | Fred Hutch News</title>
<meta charset="utf-8">
<meta name="citation_title" content="Outcomes after a second CAR T-cell infusion">
<meta name="citation_author" content="Gauthier, Jordan"><meta name="citation_author" content="Evandro D. Bezerra">
<meta name="citation_journal_title" content="Blood"><meta name="citation_doi" content="doi:10.1182/blood-2019-123456">
<meta name="citation_date" content="2019/12/07"><meta name="citation_pmid" content="31234567">
<style>p { color: red } .x::after { content: "styled text" }</style>
<script>var html = "<p>script text</p>";</script></head>
<body><nav><a href="/">Home</a> | <a href="/news">News</a></nav>
<div class="breadcrumb">Home &gt; News &gt; Article</div>
<!-- an HTML comment, not text -->
<main><article><h1>Try, Try Again</h1>
<p>Of 44 patients, CR was 21%&nbsp;after CART2 &ge; day&#160;28 &amp; more<sup>3</sup>.
Dose 2&times;10<sup>6</sup> cells/kg in CD19<sup>+</sup> disease.<br>A new line.</p>
<h2>Results</h2><p>Text in <i>results</i>, NCT01865617.</p>
<h3>Efficacy</h3>
<table><caption>Table 2. Response by disease</caption>
<thead><tr><th rowspan="2">Disease</th><th colspan="2">Response</th></tr><tr><th>CR</th><th>ORR</th></tr></thead>
<tbody><tr><td>ALL</td><td>5/8</td><td>6/8</td></tr><tr><td>NHL</td><td colspan="2">not reported</td></tr></tbody></table>
<ul><li>CRS in 60%</li><li>ICANS in 20%</li></ul>
<p hidden>hidden text</p><p style="display: none">invisible text</p>
<noscript>enable javascript text</noscript><template><p>template text</p></template>
</article></main>
<aside>Related stories text</aside><footer>Copyright 2020 footer text</footer></body></html>
"""


def test_html_visible_text_only(tmp_path):
    document = read_one(write(tmp_path, "news.html", HTML))
    text = document.text
    assert document.format == "html"
    for hidden in ("script text", "styled text", "color", "Home", "comment", "hidden text", "invisible",
                   "javascript", "template text", "Related stories", "footer text", "Fred Hutch News"):
        assert hidden not in text, hidden
    assert text.startswith("Try, Try Again\n\nOf 44 patients, CR was 21% after CART2 \u2265 day 28 & more^3. "
                           "Dose 2\u00d710^6 cells/kg in CD19+ disease.\nA new line.\n\nResults\n\n")
    assert "CRS in 60%\nICANS in 20%" in text
    assert document.regions[0].kind == "title"
    assert document.section_at(text.index("Text in results")) == "Results"
    assert document.section_at(text.index("CRS in")) == "Results > Efficacy"


def test_html_table_with_spans(tmp_path):
    document = read_one(write(tmp_path, "news.htm", HTML))
    table = document.tables[0]
    assert (table.label, table.caption) == ("Table 2", "Response by disease")
    assert ("Table 2. Response by disease\nDisease | Response\nCR | ORR\nALL | 5/8 | 6/8\nNHL | not reported"
            in document.text)
    assert table.rows() == [["Disease", "Response", "Response"], ["Disease", "CR", "ORR"],
                            ["ALL", "5/8", "6/8"], ["NHL", "not reported", "not reported"]]
    assert all(c.header for c in table.cells if c.row < 2) and not any(c.header for c in table.cells if c.row >= 2)


def test_html_metadata(tmp_path):
    metadata = read_one(write(tmp_path, "news.html", HTML)).metadata
    assert metadata.title == "Outcomes after a second CAR T-cell infusion"
    assert metadata.authors == ("Gauthier J", "Bezerra ED")
    assert (metadata.journal, metadata.doi, metadata.pmid) == ("Blood", "10.1182/blood-2019-123456", "31234567")
    assert (metadata.date, metadata.year) == ("2019-12-07", 2019)
    assert metadata.registrations == ("NCT01865617",)


def test_html_broken_markup_and_declared_charset(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
            '<title>Caf\u00e9 \u201cnews\u201d</title></head><body><p>one<p>two <b>bold<div>three</i>'
            '<table><tr><td>a<td>b<tr><td>c</table>')
    document = read_one(write(tmp_path, "broken.html", page.encode("cp1252")))
    assert document.text == 'Caf\u00e9 "news"\n\none\n\ntwo bold\n\nthree\n\na | b\nc'
    assert document.metadata.title == 'Caf\u00e9 \u201cnews\u201d'
    assert document.tables[0].rows() == [["a", "b"], ["c", ""]]


def test_html_layout_tables_are_not_tables(tmp_path):
    page = "<table><tr><td><h1>Title</h1><table><tr><td>menu</td></tr></table></td><td><p>Body text.</p></td></tr></table>"
    document = read_one(write(tmp_path, "layout.html", page))
    assert document.tables == ()
    assert document.text == "Title\n\nmenu\n\nBody text."


def test_html_without_visible_text_is_empty(tmp_path):
    with pytest.raises(EmptyFileError, match="no visible text"):
        read_file(write(tmp_path, "blank.html", "<html><head><script>x()</script></head><body><nav>Home</nav></body></html>"))


def test_html_nested_past_the_parser_limit_is_an_error_not_a_silent_loss(tmp_path):
    page = "<p>before</p>" + "<div>" * 300 + "deep text" + "</div>" * 300 + "<p>after</p>"
    with pytest.raises(CorruptFileError, match="parser stopped at line 1, column .* rest of the page would be lost"):
        read_file(write(tmp_path, "deep.html", page))


# --- robustness: any input reads or fails with a ReadError, and stays linear --------------------

_MARKDOWN_CHARS = st.sampled_from(list("*_~`[]()!<>|#-:=\\ \n\tab1%") + ["http://x", "&amp;", "<sup>", "</sup>", "---"])
_HTML_CHARS = st.sampled_from(list("<>/&;#=\"' \nabp") + ["<p>", "</p>", "<td>", "<tr>", "<table>", "<h2>", "<sup>",
                                                          "<script>", "<!--", "-->", "&nbsp;", "&#x2265;", "colspan=2"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.lists(_MARKDOWN_CHARS, max_size=120).map("".join))
def test_any_markdown_reads_or_is_empty(tmp_path, content):
    path = write(tmp_path, "any.md", content)
    try:
        documents = read_file(path)
    except EmptyFileError:
        return
    assert_well_formed(documents[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.lists(_HTML_CHARS, max_size=120).map("".join))
def test_any_html_reads_or_is_empty(tmp_path, content):
    path = write(tmp_path, "any.html", content)
    try:
        documents = read_file(path)
    except EmptyFileError:
        return
    assert_well_formed(documents[0])


def test_emphasis_spans_are_bounded_so_a_line_of_stray_markers_stays_linear():
    """Unbounded emphasis spans made "*a " * 10000 take 40 s; bounded ones keep it linear. The bound
    is checked here, by what it does; the speed itself is not a test's business."""
    import re

    from evidence.readers.markdown import _EMPHASIS

    assert all(re.search(r"\{1,\d+\}\?", p.pattern) for p in _EMPHASIS)
    assert strip_inline("*" + "a" * 499 + "*") == "a" * 499
    assert strip_inline("*" + "a" * 600 + "*") == "*" + "a" * 600 + "*"  # beyond the bound: not a span
    for line in ("*a " * 3000, "_a " * 3000):
        assert strip_inline(line).count("a") == 3000
    assert strip_inline("[" * 3000 + "]" * 3000).count("[") <= 3000


def test_the_formats_table_is_what_the_reader_modules_register():
    import evidence.readers as readers

    readers._load()
    assert sorted(readers._READERS) == sorted(readers.FORMATS)
    assert readers._SUFFIXES == readers.SUFFIXES


def test_reading_text_imports_no_other_reader(tmp_path):
    """Each reader module is imported when a file of its format is read, not before."""
    import json
    import subprocess
    import sys

    path = write(tmp_path, "a.txt", "Title\n\nOf 20 patients, 9 had a complete response.\n")
    script = ("import json, sys\nfrom evidence.readers import read_file\n"
              f"read_file({str(path)!r})\n"
              "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('pdfplumber', 'pdfminer') "
              "or m in ('evidence.readers.pdf', 'evidence.readers.html', 'evidence.readers.jats'))))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []
