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
