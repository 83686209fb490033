"""JATS/PMC and PubMed XML readers, and the refusal of unsafe XML; fixtures written by the tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from evidence.errors import CorruptFileError, UnsafeXMLError
from evidence.readers import read_file
from evidence.readers.xmlsafe import _parser, parse_xml, refuse_entity_declarations
from test_readers import assert_well_formed, read_one, write

FRONT = """<front>
<journal-meta><journal-id journal-id-type="nlm-ta">Blood Adv</journal-id>
<journal-title-group><journal-title>Blood Advances</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmid">33560341</article-id><article-id pub-id-type="doi">10.1182/bloodadvances.2020003468</article-id>
<article-id pub-id-type="pmc">PMC7876882</article-id>
<title-group><article-title>Outcomes after a second <italic>CD19</italic>-targeted CAR T-cell infusion</article-title></title-group>
<contrib-group>
<contrib contrib-type="author"><name><surname>Gauthier</surname><given-names>Jordan</given-names></name><xref ref-type="aff" rid="a1">1</xref></contrib>
<contrib contrib-type="author"><name><surname>Bezerra</surname><given-names>Evandro D.</given-names></name></contrib>
<contrib contrib-type="author"><collab>CAR-T Consortium</collab></contrib>
<contrib contrib-type="editor"><name><surname>Editor</surname><given-names>Ed</given-names></name></contrib>
</contrib-group>
<pub-date pub-type="collection"><year>2021</year></pub-date>
<pub-date pub-type="epub"><day>09</day><month>02</month><year>2021</year></pub-date>
<abstract><title>Abstract</title>
<sec><title>Background</title><p>Second infusions &#8212; an option.</p></sec>
<sec><title>Results</title><p>CR was 21% (<italic>n</italic>&#x2009;=&#x2009;9/44)<xref ref-type="bibr" rid="B1"><sup>1</sup></xref>.</p></sec>
</abstract>
<custom-meta-group><custom-meta><meta-name>Clinical trial registration</meta-name>
<meta-value>NCT01865617</meta-value></custom-meta></custom-meta-group>
</article-meta></front>"""

BODY = """<body>
<sec id="s1"><title>Introduction</title>
<p>CAR T cells at 2&#x00A0;&#215;&#x00A0;10<sup>6</sup>/kg in CD19<sup>+</sup> disease [<xref ref-type="bibr" rid="B2">2</xref>].</p></sec>
<sec id="s2"><label>2.</label><title>Results</title>
<sec><title>Efficacy</title>
<p>Responses are in <xref ref-type="table" rid="T1">Table 1</xref>.
<table-wrap id="T1"><label>Table 1</label>
<caption><title>Response by disease</title><p>Data are <italic>n</italic> (%).</p></caption>
<table frame="hsides">
<thead><tr><th rowspan="2">Disease</th><th colspan="2">Response</th></tr><tr><th>CR</th><th>ORR</th></tr></thead>
<tbody><tr><td>ALL</td><td>5 (62.5)</td><td>6 (75)</td></tr>
<tr><td rowspan="2">NHL<sup>a</sup></td><td>2 (20)</td><td>3 (30)</td></tr>
<tr><td colspan="2">not evaluable</td></tr></tbody></table>
<table-wrap-foot><fn id="f1"><label>a</label><p>Includes LBCL and FL.</p></fn></table-wrap-foot>
</table-wrap>
Text after the table.</p>
<list list-type="bullet"><list-item><p>CRS in 60%</p></list-item><list-item><p>ICANS in 20%</p></list-item></list>
<fig id="F1"><label>Figure 1</label><caption><title>Overall survival</title><p>Median OS 8.5 months.</p></caption>
<graphic xlink:href="f1.jpg"/></fig>
</sec></sec>
</body>
<back><ack><p>We thank the patients.</p></ack>
<ref-list><title>References</title>
<ref id="B1"><mixed-citation>Turtle CJ. Reference text that is not evidence. NCT99999999.</mixed-citation></ref>
</ref-list></back>"""

JATS = f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns="http://jats.nlm.nih.gov" xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:mml="http://www.w3.org/1998/Math/MathML" article-type="research-article" xml:lang="en">
{FRONT}
{BODY}
</article>
"""


@pytest.fixture
def jats(tmp_path):
    return read_one(write(tmp_path, "article.nxml", JATS))


def test_jats_text_in_reading_order_with_inline_markup_flattened(jats):
    assert jats.format == "jats"
    assert jats.text.startswith(
        "Outcomes after a second CD19-targeted CAR T-cell infusion\n\nAbstract\n\n"
        "Background: Second infusions \u2014 an option.\n\nResults: CR was 21% (n = 9/44)^1.\n\n"
        "Introduction\n\nCAR T cells at 2 \u00d7 10^6/kg in CD19+ disease [2].\n\n2. Results\n\nEfficacy\n\n"
        "Responses are in Table 1.\n\nTable 1. Response by disease. Data are n (%).\n"
    )
    assert jats.text.endswith(
        "Text after the table.\n\nCRS in 60%\nICANS in 20%\n\n"
        "Figure 1. Overall survival. Median OS 8.5 months.\n\nWe thank the patients."
    )


def test_jats_references_are_not_text(jats):
    assert "Reference text" not in jats.text and "References" not in jats.text
    assert "NCT99999999" not in jats.metadata.registrations


def test_jats_regions(jats):
    text = jats.text
    assert jats.regions[0].kind == "title"
    assert (jats.region_at(text.index("Background:")).kind, jats.section_at(text.index("Background:"))) == (
        "abstract", "Abstract > Background")
    assert jats.section_at(text.index("CR was 21%")) == "Abstract > Results"
    assert (jats.region_at(text.index("CAR T cells at")).kind, jats.section_at(text.index("CAR T cells at"))) == (
        "body", "Introduction")
    assert jats.section_at(text.index("Responses are")) == "Results > Efficacy"
    assert jats.section_at(text.index("Text after")) == "Results > Efficacy"
    assert (jats.region_at(text.index("Median OS")).kind, jats.section_at(text.index("Median OS"))) == (
        "caption", "Figure 1")
    assert jats.section_at(text.index("We thank")) == "Acknowledgments"


def test_jats_table_wrap_with_rowspan_colspan_and_footnote(jats):
    (table,) = jats.tables
    assert (table.label, table.caption) == ("Table 1", "Response by disease. Data are n (%).")
    assert table.rows() == [
        ["Disease", "Response", "Response"],
        ["Disease", "CR", "ORR"],
        ["ALL", "5 (62.5)", "6 (75)"],
        ["NHL^a", "2 (20)", "3 (30)"],
        ["NHL^a", "not evaluable", "not evaluable"],
    ]
    assert [c.header for c in table.cells] == [True] * 6 + [False] * 9
    block = jats.text[table.start:table.end]
    assert block == ("Table 1. Response by disease. Data are n (%).\nDisease | Response\nCR | ORR\n"
                     "ALL | 5 (62.5) | 6 (75)\nNHL^a | 2 (20) | 3 (30)\nnot evaluable\na Includes LBCL and FL.")
    assert table.cell(4, 0).start == table.cell(3, 0).start  # the spanning cell, written once


def test_jats_metadata(jats):
    metadata = jats.metadata
    assert metadata.title == "Outcomes after a second CD19-targeted CAR T-cell infusion"
    assert metadata.authors == ("Gauthier J", "Bezerra ED", "CAR-T Consortium")
    assert metadata.journal == "Blood Advances"
    assert (metadata.year, metadata.date) == (2021, "2021-02-09")
    assert (metadata.doi, metadata.pmid) == ("10.1182/bloodadvances.2020003468", "33560341")
    assert metadata.registrations == ("NCT01865617",)
    assert (metadata.language, metadata.kind) == ("en", "journal")


def test_pmc_articleset_gives_one_document_per_article(tmp_path):
    second = JATS.split("<article ", 1)[1].split("</article>")[0].replace("33560341", "30000002").replace(
        "Outcomes after", "Another report of")
    content = (f'<?xml version="1.0"?>\n<pmc-articleset><article {second}</article>\n'
               f'<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group>'
               f'<article-title>Third &amp; last</article-title></title-group></article-meta></front>'
               f'<body><p>Short body with &ndash; a named entity.</p></body></article></pmc-articleset>')
    documents = read_file(write(tmp_path, "set.xml", content), "set.xml")
    assert [d.path for d in documents] == ["set.xml#1", "set.xml#2"]
    for document in documents:
        assert_well_formed(document)
    assert documents[0].metadata.pmid == "30000002"
    assert documents[0].text.startswith("Another report of a second CD19-targeted")
    assert documents[1].text == "Third & last\n\nShort body with \u2013 a named entity."
    assert documents[1].metadata.title == "Third & last" and documents[1].metadata.pmid == ""


def test_jats_table_given_only_as_an_image_keeps_its_caption(tmp_path):
    content = ('<article><body><p>Intro.</p><table-wrap><label>Table 3</label><caption><p>Toxicity.</p>'
               '</caption><graphic/></table-wrap></body></article>')
    document = read_one(write(tmp_path, "a.xml", content))
    assert document.text == "Intro.\n\nTable 3. Toxicity."
    assert document.tables == ()
    assert document.region_at(document.text.index("Toxicity")).kind == "caption"


def test_xml_of_another_kind_is_named_in_the_error(tmp_path):
    with pytest.raises(CorruptFileError, match=r"root is <rss>, not a JATS <article>"):
        read_file(write(tmp_path, "feed.xml", "<rss><channel><title>x</title></channel></rss>"))


# --- PubMed ----------------------------------------------------------------------------------

PUBMED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">33560341</PMID>
<Article PubModel="Print"><Journal><JournalIssue CitedMedium="Internet"><Volume>5</Volume>
<PubDate><Year>2021</Year><Month>Feb</Month><Day>09</Day></PubDate></JournalIssue>
<Title>Blood advances</Title><ISOAbbreviation>Blood Adv</ISOAbbreviation></Journal>
<ArticleTitle>Outcomes after a second CD19<sup>+</sup>-targeted CAR T-cell infusion.</ArticleTitle>
<ELocationID EIdType="doi" ValidYN="Y">10.1182/bloodadvances.2020003468</ELocationID>
<Abstract>
<AbstractText Label="BACKGROUND" NlmCategory="BACKGROUND">Second infusions are used.</AbstractText>
<AbstractText Label="RESULTS" NlmCategory="RESULTS">CR was 21% &#8805; <i>n</i> = 44 &amp; more.</AbstractText>
<CopyrightInformation>Copyright text 2021 ASH</CopyrightInformation></Abstract>
<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Gauthier</LastName><ForeName>Jordan</ForeName><Initials>J</Initials></Author>
<Author ValidYN="Y"><LastName>Bezerra</LastName><ForeName>Evandro D</ForeName></Author>
<Author><CollectiveName>CAR-T Group</CollectiveName></Author></AuthorList>
<Language>eng</Language>
<DataBankList CompleteYN="Y"><DataBank><DataBankName>ClinicalTrials.gov</DataBankName>
<AccessionNumberList><AccessionNumber>NCT01865617</AccessionNumber></AccessionNumberList></DataBank></DataBankList>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList>
</Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="pubmed">33560341</ArticleId></ArticleIdList></PubmedData></PubmedArticle>
<PubmedArticle><MedlineCitation><PMID>31000001</PMID><Article><Journal><JournalIssue>
<PubDate><MedlineDate>2019 Dec-2020 Jan</MedlineDate></PubDate></JournalIssue><Title>Blood</Title></Journal>
<ArticleTitle>A meeting abstract.</ArticleTitle>
<Abstract><AbstractText>Unstructured text, registered as NCT 02348216.</AbstractText></Abstract>
<PublicationTypeList><PublicationType>Congress</PublicationType></PublicationTypeList></Article></MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="doi">10.1182/blood-2019-000001</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle>
</PubmedArticleSet>
"""


def test_pubmed_set_gives_one_document_per_record(tmp_path):
    documents = read_file(write(tmp_path, "search.xml", PUBMED), "search.xml")
    assert [d.path for d in documents] == ["search.xml#33560341", "search.xml#31000001"]
    first, second = documents
    for document in documents:
        assert_well_formed(document)
        assert document.format == "pubmed"
    assert first.text == ("Outcomes after a second CD19+-targeted CAR T-cell infusion.\n\n"
                          "BACKGROUND: Second infusions are used.\n\nRESULTS: CR was 21% \u2265 n = 44 & more.")
    assert first.section_at(first.text.index("CR was")) == "Abstract > RESULTS"
    assert first.region_at(first.text.index("CR was")).kind == "abstract"
    assert second.text == "A meeting abstract.\n\nUnstructured text, registered as NCT 02348216."
    assert second.section_at(second.text.index("Unstructured")) == "Abstract"


def test_pubmed_metadata(tmp_path):
    first, second = read_file(write(tmp_path, "search.xml", PUBMED), "search.xml")
    metadata = first.metadata
    assert metadata.title == "Outcomes after a second CD19+-targeted CAR T-cell infusion."
    assert metadata.authors == ("Gauthier J", "Bezerra ED", "CAR-T Group")
    assert (metadata.journal, metadata.year, metadata.date) == ("Blood advances", 2021, "2021-02-09")
    assert (metadata.pmid, metadata.doi) == ("33560341", "10.1182/bloodadvances.2020003468")
    assert (metadata.registrations, metadata.kind) == (("NCT01865617",), "journal")
    metadata = second.metadata
    assert (metadata.year, metadata.date, metadata.doi) == (2019, "2019-12", "10.1182/blood-2019-000001")
    assert (metadata.registrations, metadata.kind) == (("NCT02348216",), "abstract")


# --- XML safety ------------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE article [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<article><body><p>&lol9;</p></body></article>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE article [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>
<article><body><p>Leak: &xxe;</p></body></article>
"""
PARAMETER_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE PubmedArticleSet [<!ENTITY % xxe SYSTEM "file:///etc/passwd"> %xxe;]>
<PubmedArticleSet/>
"""


@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY],
                         ids=["billion-laughs", "external-entity", "parameter-entity"])
def test_entity_declarations_are_refused(tmp_path, content):
    with pytest.raises(UnsafeXMLError, match="XML declares entities; refused") as raised:
        read_file(write(tmp_path, "attack.xml", content))
    assert "root:" not in str(raised.value)


def test_entity_declarations_are_refused_before_parsing():
    for content in (BILLION_LAUGHS, EXTERNAL_ENTITY, PARAMETER_ENTITY):
        with pytest.raises(UnsafeXMLError):
            refuse_entity_declarations(content, "attack.xml")
    refuse_entity_declarations(JATS, "article.xml")  # a public DTD reference alone is fine
    refuse_entity_declarations("<article><p>the text may say &lt;!ENTITY</p></article>", "a.xml")


@pytest.mark.parametrize("recover", [False, True], ids=["strict", "recover-mode"])
@pytest.mark.parametrize("content", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
def test_the_parser_itself_leaves_entities_unexpanded(content, recover):
    """Behind the refusal, the parser would not expand or read anything either, in either mode."""
    root = etree.fromstring(content.encode(), _parser(recover=recover))
    serialised = etree.tostring(root, encoding="unicode")
    assert "root:" not in serialised and "lollollol" not in serialised
    assert "&xxe;" in serialised or "&lol9;" in serialised


def test_an_external_dtd_is_not_read_and_undefined_entities_stay_unexpanded(tmp_path):
    content = ('<?xml version="1.0"?>\n<!DOCTYPE article SYSTEM "file:///etc/passwd">\n'
               "<article><body><p>CR &ge; 20% &unknownthing; &#8805; &amp;</p></body></article>")
    document = read_one(write(tmp_path, "a.xml", content))
    assert document.text == "CR \u2265 20% &unknownthing; \u2265 &"
    assert "root:" not in document.text


RECOVERABLE = [
    # (file, what its text must still hold, where the strict parser stopped)
    ("<article>\n<body>\n<p>Complete remission in 6 of 10 patients.</b></p><p>Second paragraph.</p></body></article>",
     ["Complete remission in 6 of 10 patients.", "Second paragraph."], "line 3, column"),
    ("<article><body><p>Deaths were 3 of 40 &ndash 8%.</p></body></article>",
     ["Deaths were 3 of 40"], "line 1, column"),
    ("<article><body><p>Infection in 12 of 30 (<italic>P</ital<p>Relapse in 4 of 30.</p></body></article>",
     ["Infection in 12 of 30", "Relapse in 4 of 30."], "line 1, column"),
    ("<article><body><sec><title>Results</title><p>Grade 3 neutropenia in 9 of 20 patients.</p></sec>",
     ["Results", "Grade 3 neutropenia in 9 of 20 patients."], "line 1, column"),
    ('<?xml version="1.0"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article>'
     "<ArticleTitle>A trial</ArticleTitle><Abstract><AbstractText>Death in 2 of 50 patients.</AbstractText>"
     "</Abstract></Article></MedlineCitation></PubmedArticle>\n<PubmedArticle><MedlineCitation>",
     ["A trial", "Death in 2 of 50 patients."], "line 3, column 33: Premature end"),
    ("<article><body><p>Relapse in 4 of 30 (<italic>P</ita<abstract><sec><title>Methods</title>"
     "<p>Adults were randomised.</p></sec></abstract></p></body></article>",
     ["Relapse in 4 of 30", "Adults were randomised."], "line 1, column"),
]


@pytest.mark.parametrize("content, kept, where", RECOVERABLE,
                         ids=["mismatched-tag", "broken-entity", "cut-inline-tag", "truncated-jats",
                              "truncated-pubmed", "section-inside-a-cut-inline-tag"])
def test_malformed_xml_is_recovered_and_flagged(tmp_path, content, kept, where):
    documents = read_file(write(tmp_path, "bad.xml", content))
    assert documents
    for document in documents:
        assert document.flags == ("recovered_xml",)
        (warning,) = document.warnings
        assert warning.startswith(f"recovered_xml: malformed XML at {where}")
        assert_well_formed(document)
    text = "\n".join(d.text for d in documents)
    for passage in kept:
        assert passage in text


def test_well_formed_xml_carries_no_recovery_flag(tmp_path):
    document = read_one(write(tmp_path, "good.xml", "<article><body><p>Death in 2 of 50.</p></body></article>"))
    assert document.flags == () and document.warnings == ()


@pytest.mark.parametrize("content, where", [
    ("<article>\n<", "line 2, column"),
    ('<?xml version="1.0"?>\n<PubmedArticleSet>\n<PubmedArticle>\n', "line 4, column 1: Premature end"),
    ("<<<< not xml >>>>", "line 1, column"),
], ids=["cut-at-once", "truncated-pubmed-without-text", "not-xml"])
def test_malformed_xml_without_recoverable_text_names_line_and_column(tmp_path, content, where):
    with pytest.raises(CorruptFileError, match=f"malformed XML at {where}") as raised:
        read_file(write(tmp_path, "bad.xml", content))
    assert "nothing could be recovered" in str(raised.value) and "re-download" in str(raised.value)


def test_entity_declarations_in_a_malformed_file_are_still_refused(tmp_path):
    with pytest.raises(UnsafeXMLError):
        read_file(write(tmp_path, "attack.xml", BILLION_LAUGHS.replace("</p>", "</b>")))


def test_a_recovered_documents_figures_carry_its_flag(tmp_path):
    from evidence.discover import InputFile
    from evidence.pipeline import process_file
    from evidence.registry import load_extractors

    path = write(tmp_path, "bad.xml", "<article><body><p>Complete remission was achieved in 6 of 10 patients "
                                      "(60%).</b></p></body></article>")
    result = process_file(InputFile(path, "bad.xml"), load_extractors())
    assert result.failure is None
    assert result.documents[0].flags == ("recovered_xml",)
    assert result.figures and all("recovered_xml" in f.flag_set for f in result.figures)
    sidecar = json.loads(json.dumps(result.documents[0].to_json()))
    assert sidecar["flags"] == ["recovered_xml"]
    assert sidecar["warnings"][0].startswith("recovered_xml: malformed XML at line 1, column")


def test_xml_encodings_are_honoured():
    latin = '<?xml version="1.0" encoding="ISO-8859-1"?><article><p>caf\u00e9</p></article>'.encode("latin-1")
    utf16 = '<?xml version="1.0" encoding="UTF-16"?><article><p>\u2265 3</p></article>'.encode("utf-16")
    assert parse_xml(latin, "latin.xml").root.findtext("p") == "caf\u00e9"
    assert parse_xml(utf16, "utf16.xml").root.findtext("p") == "\u2265 3"


def test_unsafe_xml_in_any_reader_path(tmp_path):
    """The .nxml suffix and a PubMed root go through the same refusal."""
    for name in ("a.nxml", "pubmed.xml"):
        with pytest.raises(UnsafeXMLError):
            read_file(write(tmp_path, name, EXTERNAL_ENTITY.replace("article", "PubmedArticleSet")))


def test_jats_mathml_exponents_and_grouped_table_footnotes(tmp_path):
    content = (
        '<article xmlns:mml="http://www.w3.org/1998/Math/MathML"><body><p>Dose '
        '<inline-formula><mml:math><mml:mn>2</mml:mn><mml:mo>&#215;</mml:mo><mml:msup><mml:mn>10</mml:mn>'
        '<mml:mn>6</mml:mn></mml:msup></mml:math></inline-formula> cells/kg'
        '<inline-formula><tex-math>2\\times10^6</tex-math></inline-formula>.</p>'
        '<table-wrap><table><tr><td>CR</td><td>9/44</td></tr></table><table-wrap-foot><fn-group>'
        '<fn><label>a</label><p>By IWG criteria.</p></fn><fn><p>Second note.</p></fn></fn-group>'
        '</table-wrap-foot></table-wrap></body></article>'
    )
    document = read_one(write(tmp_path, "math.xml", content))
    assert document.text == "Dose 2\u00d710^6 cells/kg.\n\nCR | 9/44\na By IWG criteria.\nSecond note."
    assert document.tables[0].label == "table 1"


RCT = Path(__file__).resolve().parents[1] / ".." / "shared" / "rct" / "articles"


def test_every_real_trial_report_reads_and_malformed_ones_are_flagged():
    """../shared/rct holds real PMC files, two of them malformed: every one must read."""
    if not RCT.is_dir():
        pytest.skip(f"../shared not found: {RCT} holds the real trial reports")
    flagged = []
    for path in sorted(RCT.glob("*.xml")):
        documents = read_file(path)
        assert documents and all(len(d.text) > 1000 for d in documents), path.name
        flagged += [path.name for d in documents if "recovered_xml" in d.flags]
    assert len(flagged) >= 2
