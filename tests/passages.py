"""Helpers for tests that run the outcome extractor on short passages written for them."""
from evidence.document import Document
from evidence.text.pipeline import analyse
from extractors.outcomes import OutcomeExtractor


def extract(text: str):
    """The figures the outcome extractor reads from `text`, as a plain-text document."""
    document = Document(path="passage.txt", text=text, format="text")
    return OutcomeExtractor().extract(document, analyse(text))


def matches(figure, expected: dict) -> bool:
    """Whether `figure` has every field of `expected` (proportions within half a percent)."""
    for key, want in expected.items():
        got = getattr(figure, key)
        if isinstance(want, float):
            if got is None or abs(got - want) > 0.0051:
                return False
        elif got != want:
            return False
    return True
