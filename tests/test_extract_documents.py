"""The outcome extractor on whole documents: sections that hold other studies' figures, and
deterministic output on the bundled corpus."""
from pathlib import Path

import pytest

from evidence.readers import read_file
from evidence.text.pipeline import analyse
from extractors.outcomes import OutcomeExtractor

CORPUS = Path(__file__).resolve().parents[1] / "corpora" / "car-t-retreatment"

WITH_BACKGROUND = """# Reinfusion after CAR-T failure

## Background

CD19 CAR T cells induce complete remission in 80% of children with ALL, but about half relapse within a year.

## Results

Twenty children received a second infusion of the same product; 6 of 20 (30%) reached complete remission.
"""


def extract_file(path: Path, name: str):
    figures = []
    for document in read_file(path, name):
        figures.extend(OutcomeExtractor().extract(document, analyse(document.text)))
    return figures


def test_background_figures_are_other_studies(tmp_path):
    path = tmp_path / "article.md"
    path.write_text(WITH_BACKGROUND, encoding="utf-8")
    assert [(f.outcome, f.events, f.total) for f in extract_file(path, "article.md")] == [("CR", 6, 20)]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the bundled corpus is absent")
def test_output_is_deterministic_on_the_corpus():
    names = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".md", ".html", ".xml"))
    first = [extract_file(CORPUS / n, n) for n in names]
    second = [extract_file(CORPUS / n, n) for n in names]
    assert first == second and sum(map(len, first)) > 50



def flattened_characters(text: str, monkeypatch) -> int:
    """How many characters the extractor flattens (line breaks to spaces) to read `text`."""
    from evidence.document import Document
    from extractors import mentions

    flattened = []
    flat = mentions.flat
    monkeypatch.setattr(mentions, "flat", lambda part: flattened.append(len(part)) or flat(part))
    document = Document(path="long.txt", text=text, format="text")
    analysis = analyse(text)
    extractor = OutcomeExtractor()
    extractor.extract(document, analysis)
    extractor.facts(document, analysis)
    return sum(flattened)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the bundled corpus is absent")
def test_extraction_work_grows_linearly_with_length(monkeypatch):
    """Regression: every sentence flattened the whole document's text (mentions.find), so 4x the
    text took 12x the time (300 pages: 202 s). Counted in characters, not timed."""
    articles = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt")))
    short, long = flattened_characters(articles * 2, monkeypatch), flattened_characters(articles * 8, monkeypatch)
    assert long < 5 * short, f"4x the text flattened {long / short:.1f}x the characters"
