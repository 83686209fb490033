"""Properties of the number layer (evidence.text.pipeline.analyse) and of the registered
extractors over any text: no exception, proportions in [0, 1], months >= 0, every offset inside
the text and every figure's evidence text[start:end] non-empty."""
from __future__ import annotations

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.document import Document
from evidence.registry import load_extractors
from evidence.text.pipeline import analyse
from evidence.text.quantity import COUNT_OF, DURATION, PERCENT, SHARE

# Pieces of clinical prose, so that generated text reaches the number paths, not only the
# tokenizer; free unicode text is mixed in between them.
FRAGMENTS = [
    "Complete remission (CR) was achieved in ", "40 of 61 (65.5%)", " patients", ". ", "; ", "\n",
    "Overall response rate was ", "thirty-four percent", "half of them", "two-thirds", "1 in 5",
    "median overall survival 9.4 months (95% CI, 6.1 to 13.2 months)", "2-year OS 45%",
    "CRS of grade >=3 in 3/9", "ICANS occurred in 2 (22%)", "after the second infusion (CART2)",
    "relapse with CD19-negative disease in 4 of 7", "P = .0043", "n = 21", "at 12 months",
    "12-18 months", "61 days", "150%", "0 of 0", "7 of 3", "-5%", "1e308 months", "(", ")", "%",
    "\u2013", "\u00b7", "\u00bd", "\u2153", "\u0661\u0662", "\u00a0", "retreatment with CD22 CAR T cells",
    "B-ALL", "DLBCL", "Of 44 patients, ", "respectively", "and", " ",
]
clinical = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
any_text = st.one_of(st.text(max_size=400), clinical)
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(any_text)
def test_the_number_layer_over_any_text(text):
    analysis = analyse(text)
    assert analysis.text == text
    previous_end = 0
    for start, end in analysis.sentences:
        assert previous_end <= start < end <= len(text)
        previous_end = end
    for quantity in analysis.quantities:
        assert 0 <= quantity.start < quantity.end <= len(text)
        assert text[quantity.start:quantity.end].strip()
        if quantity.value is not None:
            assert not math.isnan(quantity.value)
        if quantity.kind in (COUNT_OF, SHARE) and quantity.value is not None:
            if quantity.kind == SHARE or (quantity.events is not None and quantity.total
                                          and quantity.events <= quantity.total):
                assert 0.0 <= quantity.value <= 1.0, quantity
        if quantity.kind == PERCENT and quantity.value is not None:
            assert quantity.value >= 0.0, quantity
        if quantity.kind == DURATION:
            for months in (quantity.value, quantity.low, quantity.high):
                assert months is None or months >= 0.0, quantity
    starts = [q.start for q in analysis.quantities]
    assert starts == sorted(starts)


EXTRACTORS = load_extractors()


@PROPERTY_SETTINGS
@given(any_text)
def test_the_extractors_over_any_text(text):
    document = Document(path="any.txt", text=text, format="text")
    analysis = analyse(text)
    for extractor in EXTRACTORS:
        for figure in extractor.extract(document, analysis):  # a Figure that breaks its rules raises
            assert 0 <= figure.start < figure.end <= len(text), figure
            assert text[figure.start:figure.end].strip(), figure
            if figure.unit == "proportion":
                assert 0.0 <= figure.value <= 1.0, figure
                for bound in (figure.ci_low, figure.ci_high):
                    assert bound is None or 0.0 <= bound <= 1.0, figure
            else:
                assert figure.unit == "months" and figure.value >= 0.0, figure
            if figure.timepoint_months is not None:
                assert figure.timepoint_months >= 0.0, figure
            if figure.events is not None and figure.total is not None:
                assert 0 <= figure.events <= figure.total, figure
        if hasattr(extractor, "facts"):
            for fact in extractor.facts(document, analysis):
                assert 0 <= fact.start <= fact.end <= len(text), fact
