"""Integrity of the bundled corpus corpora/car-t-retreatment/ and of its gold files.

These tests check the corpus itself (files, gold rows, study links, XML well-formedness, PDFs,
and that no article copies a seed's wording); they do not run the extractor.
"""
from __future__ import annotations

import importlib.util
import json
import math
import re
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from evidence.schema import GRADES, MEASURES, OUTCOMES, TARGET_RELATIONS, UNITS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpora" / "car-t-retreatment"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
SIDECARS = {"README.md", "corpus.json", "gold.figures.jsonl", "gold.studies.json", "make_pdfs.py"}
ARTICLE_SUFFIXES = {".txt", ".md", ".html", ".xml", ".pdf"}
GOLD_KEYS = {"document", "outcome", "measure", "value", "level", "events", "total", "disease",
             "infusion", "grade", "timepoint_months", "subgroup", "target_relation", "unit",
             "ci_low", "ci_high", "split", "note"}


def _corpus() -> dict:
    return json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))


def _gold() -> list[dict]:
    lines = (CORPUS / "gold.figures.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _studies() -> dict:
    return json.loads((CORPUS / "gold.studies.json").read_text(encoding="utf-8"))


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _make_pdfs():
    spec = importlib.util.spec_from_file_location("corpus_make_pdfs", CORPUS / "make_pdfs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _article_files() -> set[str]:
    return {p.name for p in CORPUS.iterdir()
            if p.is_file() and p.name not in SIDECARS and p.suffix in ARTICLE_SUFFIXES}


def _document_text(document: str) -> str:
    """Visible text of one corpus document (a PubMed record when `document` is `file#PMID`)."""
    name, _, pmid = document.partition("#")
    path = CORPUS / name
    if path.suffix == ".pdf":
        return _make_pdfs().plain_text(_make_pdfs().ARTICLES[name])
    if path.suffix == ".html":
        tree = lxml_html.fromstring(path.read_bytes())
        for bad in tree.xpath("//script|//style"):
            bad.drop_tree()
        return tree.text_content()
    if path.suffix == ".xml":
        root = etree.parse(str(path), _safe_parser()).getroot()
        if pmid:
            records = [r for r in root.iter("PubmedArticle") if r.findtext(".//PMID") == pmid]
            assert len(records) == 1, f"{document}: expected one record with PMID {pmid}"
            root = records[0]
        return " ".join(root.itertext())
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------- files and listing

def test_every_listed_file_exists():
    missing = [d["file"] for d in _corpus()["documents"] if not (CORPUS / d["file"]).is_file()]
    assert not missing, f"listed in corpus.json but absent: {missing}"


def test_every_article_file_is_listed():
    listed = {d["file"] for d in _corpus()["documents"]}
    unlisted = sorted(_article_files() - listed)
    assert not unlisted, f"article files not listed in corpus.json: {unlisted}"


def test_corpus_entries_are_complete_and_unique():
    docs = _corpus()["documents"]
    names = [d["document"] for d in docs]
    assert len(names) == len(set(names)), "duplicate document in corpus.json"
    for d in docs:
        for key in ("document", "file", "format", "genre", "study", "source"):
            assert d.get(key), f"{d.get('document')}: missing {key}"
        assert d["document"].split("#")[0] == d["file"]


def test_every_document_carries_a_testing_note_and_lookalikes_say_illustrative():
    for d in _corpus()["documents"]:
        text = " ".join(_document_text(d["document"]).split()).lower()
        assert "for testing" in text, f"{d['document']}: no note that it was written for testing"
        if d.get("constructed_lookalike"):
            assert "illustrative" in text, f"{d['document']}: look-alike must say its figures are illustrative"
        else:
            assert "retell" in text or "retold" in text, f"{d['document']}: no note that it retells published figures"


# ---------------------------------------------------------------- gold figures

def test_gold_rows_use_known_keys_and_vocabulary():
    for i, row in enumerate(_gold(), 1):
        where = f"gold line {i} ({row.get('document')})"
        assert set(row) <= GOLD_KEYS, f"{where}: unknown keys {set(row) - GOLD_KEYS}"
        assert row["outcome"] in OUTCOMES, where
        assert row["measure"] in MEASURES, where
        assert row["level"] in ("core", "hard"), where
        assert isinstance(row["value"], (int, float)) and math.isfinite(row["value"]), where
        if "grade" in row:
            assert row["grade"] in GRADES, where
        if "target_relation" in row:
            assert row["target_relation"] in TARGET_RELATIONS, where
        if "unit" in row:
            assert row["unit"] in UNITS, where
        if row["measure"] == "median":
            assert row.get("unit") == "months", f"{where}: medians are in months"
        if row["measure"] == "rate_at":
            assert row.get("timepoint_months", 0) > 0, f"{where}: rate_at needs timepoint_months"
        if "infusion" in row:
            assert row["infusion"] in (1, 2, "mixed"), where  # mixed: a whole response-adapted sequence (Liu 2022)


def test_gold_documents_exist():
    listed = {d["document"] for d in _corpus()["documents"]}
    for row in _gold():
        assert row["document"] in listed, f"gold document not in corpus.json: {row['document']}"
        name, _, pmid = row["document"].partition("#")
        assert (CORPUS / name).is_file(), row["document"]
        if pmid:
            _document_text(row["document"])  # the PMID must name exactly one record


def test_every_document_has_gold():
    with_gold = {row["document"] for row in _gold()}
    without = [d["document"] for d in _corpus()["documents"] if d["document"] not in with_gold]
    assert not without, f"documents without any gold figure: {without}"


def test_value_equals_events_over_total():
    for row in _gold():
        if "events" in row and "total" in row:
            assert isinstance(row["events"], int) and isinstance(row["total"], int), row
            assert 0 <= row["events"] <= row["total"] and row["total"] > 0, row
            assert row["value"] == pytest.approx(row["events"] / row["total"], abs=1e-12), row


def test_proportions_in_unit_interval():
    for row in _gold():
        if row["measure"] in ("proportion", "rate_at"):
            assert 0.0 <= row["value"] <= 1.0, row
            for key in ("ci_low", "ci_high"):
                if key in row:
                    assert 0.0 <= row[key] <= 1.0, row
        else:
            assert row["value"] > 0, row
        if "ci_low" in row or "ci_high" in row:
            assert row["ci_low"] <= row["value"] <= row["ci_high"], row


def test_no_duplicate_gold_rows():
    keys = [(r["document"], r["outcome"], r["measure"], r.get("disease"), r.get("infusion"),
             r.get("grade"), r.get("timepoint_months"), r.get("subgroup"), r.get("target_relation"))
            for r in _gold()]
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate gold rows: {dupes}"


def test_known_baseline_characteristics_are_not_gold():
    baseline = {(17, 21), (61, 135), (11, 13), (16, 19), (3, 19)}
    for row in _gold():
        assert (row.get("events"), row.get("total")) not in baseline, f"baseline counted as outcome: {row}"


# ---------------------------------------------------------------- studies

def test_every_study_has_documents_and_every_document_one_study():
    studies = _studies()["studies"]
    listed = {d["document"]: d["study"] for d in _corpus()["documents"]}
    seen: dict[str, str] = {}
    for s in studies:
        assert s["documents"], f"study without documents: {s['id']}"
        for doc in s["documents"]:
            assert doc in listed, f"{s['id']}: unknown document {doc}"
            assert listed[doc] == s["id"], f"{doc}: corpus.json says {listed[doc]}, gold says {s['id']}"
            assert doc not in seen, f"{doc} is in two studies"
            seen[doc] = s["id"]
    assert set(seen) == set(listed), f"documents in no study: {set(listed) - set(seen)}"


def test_lookalikes_are_not_retreatment_and_are_flagged_in_corpus_json():
    studies = _studies()["studies"]
    flagged = {d["study"] for d in _corpus()["documents"] if d.get("constructed_lookalike")}
    lookalikes = {s["id"] for s in studies if s.get("retreatment_after_failure") is False}
    assert lookalikes == flagged and len(lookalikes) == 3


def test_conflicts_agree_with_gold_rows():
    gold = _gold()
    data = _studies()
    for c in data["conflicts"]:
        study = data["studies"][c["study"]]
        assert study["id"] == c["study_id"]
        assert len(set(round(v, 9) for v in c["values"].values())) > 1, "a conflict needs differing values"
        for doc, value in c["values"].items():
            assert doc in study["documents"], doc
            match = [r for r in gold if r["document"] == doc and r["outcome"] == c["outcome"]
                     and r["measure"] == c["measure"] and r.get("disease") == c["disease"]
                     and r.get("infusion") == c["infusion"] and r.get("subgroup") == c["subgroup"]]
            assert len(match) == 1 and match[0]["value"] == pytest.approx(value), (doc, match)


# ---------------------------------------------------------------- formats

def test_xml_files_parse_safely():
    xml_files = sorted(CORPUS.glob("*.xml"))
    assert xml_files
    for path in xml_files:
        root = etree.parse(str(path), _safe_parser()).getroot()
        assert root.tag in ("article", "PubmedArticleSet"), path.name


def test_jats_has_the_expected_structure():
    for path in CORPUS.glob("*.xml"):
        root = etree.parse(str(path), _safe_parser()).getroot()
        if root.tag != "article":
            continue
        meta = root.find("front/article-meta")
        assert meta is not None
        assert meta.find("title-group/article-title") is not None
        assert meta.find("contrib-group/contrib/name/surname") is not None
        assert meta.find("pub-date/year") is not None
        assert meta.xpath("article-id[@pub-id-type='doi' or @pub-id-type='pmid']")
        assert meta.find("abstract") is not None
        wrap = root.find("body//table-wrap")
        assert wrap is not None and wrap.find("label") is not None and wrap.find("caption") is not None
        assert wrap.find("table/thead") is not None and wrap.find("table/tbody") is not None
        assert re.search(rb"&#x?[0-9a-fA-F]+;", path.read_bytes()), "no character entity"


def test_pubmed_records_have_the_expected_fields():
    root = etree.parse(str(CORPUS / "pubmed_records.xml"), _safe_parser()).getroot()
    records = root.findall("PubmedArticle")
    assert 2 <= len(records) <= 3
    for r in records:
        assert r.findtext("MedlineCitation/PMID")
        assert r.findtext("MedlineCitation/Article/ArticleTitle")
        assert r.find("MedlineCitation/Article/Abstract/AbstractText[@Label]") is not None
        assert r.find("MedlineCitation/Article/AuthorList/Author/LastName") is not None
        assert r.find("MedlineCitation/Article/Journal/JournalIssue/PubDate/Year") is not None
    assert root.xpath("//ELocationID[@EIdType='doi']")


def test_html_has_non_visible_content_and_a_table():
    pages = sorted(CORPUS.glob("*.html"))
    assert pages
    for path in pages:
        tree = lxml_html.fromstring(path.read_bytes())
        assert tree.xpath("//script") and tree.xpath("//style") and tree.xpath("//nav"), path.name
    assert any(lxml_html.fromstring(p.read_bytes()).xpath("//table") for p in pages)


def test_pdfs_are_generated_by_make_pdfs_and_present():
    module = _make_pdfs()
    pdfs = {p.name for p in CORPUS.glob("*.pdf")}
    assert pdfs == set(module.ARTICLES)
    for name in pdfs:
        assert (CORPUS / name).read_bytes()[:5] == b"%PDF-", name


def test_two_column_pdf_keeps_header_footer_table_and_hyphenation(tmp_path):
    pytest.importorskip("pdfplumber")
    import pdfplumber

    with pdfplumber.open(CORPUS / "holland2023_results.pdf") as pdf:
        assert len(pdf.pages) >= 2
        texts = [page.extract_text() or "" for page in pdf.pages]
        for number, text in enumerate(texts, 1):
            assert "Holland et al." in text.splitlines()[0]
            assert f"Page {number}" in text
        assert pdf.pages[0].find_tables(), "the results table should be drawn as a ruled table"
        page = pdf.pages[0]
        halves = [page.crop((0, 0, page.width / 2, page.height)),
                  page.crop((page.width / 2, 0, page.width, page.height))]
        columns = [h.extract_text() or "" for h in halves]
    assert any(re.search(r"remis-\nsion", c) for c in columns), "expected 'remis-' at a line end"


# ---------------------------------------------------------------- originality

# Titles of the cited studies: citing them is not copying a sentence.
CITED_TITLES = [
    "Factors associated with outcomes after a second CD19-targeted CAR T-cell infusion for "
    "refractory B-cell malignancies",
    "Chimeric antigen receptor T cells as salvage therapy for post-chimeric antigen receptor T "
    "cell failure",
    "Reinfusion of CD19 CAR T cells for relapse prevention and treatment in children with acute "
    "lymphoblastic leukemia",
    "Humanized CD19 CAR-T cells in relapsed/refractory B-ALL patients who relapsed after or failed "
    "murine CD19 CAR-T therapy",
    "Retreatment of patients with refractory large B-cell lymphoma with axicabtagene ciloleucel in "
    "ZUMA-1",
    "CD22 CAR T-cell therapy in refractory or relapsed B acute lymphoblastic leukemia",
    "CD22-targeted CAR T cells induce remission in B-ALL that is naive or resistant to "
    "CD19-targeted CAR immunotherapy",
    "Salvage CD20-SD-CART therapy in aggressive B-cell lymphoma after CD19 CART treatment failure",
    "Sequential different B-cell antigen-targeted CAR T-cell therapy for pediatric "
    "refractory/relapsed Burkitt lymphoma",
]
RUN = 12


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: list[str], n: int = RUN) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def _without_titles(words: list[str], tag: str) -> list[str]:
    """Replace each cited title by a marker no other text shares, so runs cannot cross it."""
    titles = sorted((_words(t) for t in CITED_TITLES), key=len, reverse=True)
    out: list[str] = []
    i = 0
    while i < len(words):
        for t in titles:
            if words[i:i + len(t)] == t:
                out.append(f"<{tag}:title@{i}>")
                i += len(t)
                break
        else:
            out.append(words[i])
            i += 1
    return out


def test_run_helpers_find_copies_but_not_cited_titles():
    a = _words("one two three four five six seven eight nine ten eleven twelve thirteen")
    b = _words("zero one two three four five six seven eight nine ten eleven twelve")
    assert _ngrams(a) & _ngrams(b)
    title = CITED_TITLES[0]
    cite_a = _without_titles(_words(f"See {title}. Blood 2021 for details"), "a")
    cite_b = _without_titles(_words(f"Gauthier J. {title}. Blood 2021 for details"), "b")
    assert not _ngrams(cite_a) & _ngrams(cite_b)


@pytest.mark.seeds
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent, so there are no seed "
                                                "articles to compare the corpus against")
def test_no_article_shares_a_12_word_run_with_a_seed():
    seed_grams: dict[tuple[str, ...], str] = {}
    for seed in sorted(SEEDS.glob("*")):
        words = _without_titles(_words(seed.read_text(encoding="utf-8", errors="replace")), seed.name)
        for gram in _ngrams(words):
            seed_grams.setdefault(gram, seed.name)
    problems = []
    for d in _corpus()["documents"]:
        words = _without_titles(_words(_document_text(d["document"])), d["document"])
        shared = _ngrams(words) & set(seed_grams)
        if shared:
            gram = sorted(shared)[0]
            problems.append(f"{d['document']} ~ {seed_grams[gram]}: '{' '.join(gram)}'")
    assert not problems, "copied wording:\n" + "\n".join(problems)
