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


def show(figures) -> list:
    """The fields a failing passage test prints for each figure."""
    return [(f.outcome, f.outcome_text, f.measure, f.value, f.subgroup, f.arm, f.infusion, f.grade,
             f.timepoint_months, f.flags) for f in figures]


def assert_exactly(figures, expected: list[dict]) -> None:
    """Every `expected` figure is among `figures` (see `matches`), and there are no others."""
    for want in expected:
        assert any(matches(f, want) for f in figures), f"{want} not in {show(figures)}"
    assert len(figures) == len(expected), show(figures)
