"""Tables flattened one cell per line (a web page's table copied as text): each value under its
outcome's name, the population from the heading with "(n=N)" above. Passages made up for these tests."""
import pytest

from passages import extract, matches

HEAD = "Forty adults with follicular lymphoma received one infusion of CD19 CAR T cells.\n"

STACKED = HEAD + """Infused patients (n=40)
Rate (n) [95% CI]
Overall response rate*
80% (32) [64, 91]
Complete response rate
50% (20) [34, 66]
All enrolled patients (n=50)
Overall response rate*
64% (32) [49, 77]
"""

# the same table flattened column by column: names in a block, then values in a block
BY_COLUMN = HEAD + """Infused patients (n=40)
Overall response rate
Complete response rate
80% (32) [64, 91]
50% (20) [34, 66]
"""


CASES = [
    ("value-under-its-name", STACKED,
     [dict(outcome="ORR", value=0.80, events=32, total=40, ci_low=0.64, ci_high=0.91, subgroup="", infusion="1"),
      dict(outcome="CR", value=0.50, events=20, total=40, subgroup="")]),
    ("heading-naming-a-restriction", STACKED,
     [dict(outcome="ORR", value=0.64, events=32, total=50, subgroup="all enrolled")]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_stacked_values_are_read(text, expected):
    figures = extract(text)
    for want in expected:
        assert any(matches(f, want) for f in figures), (want, figures)


NOT_READ = [
    ("names-then-values-is-not-paired", BY_COLUMN, dict(value=0.80)),
    ("count-that-is-not-of-the-heading", HEAD + "Infused patients (n=40)\nComplete response rate\n50% (12)\n", dict(events=12)),
    ("no-heading-no-total", HEAD + "Complete response rate\n50% (20) [34, 66]\n", dict(total=40)),
]


@pytest.mark.parametrize("text, unwanted", [c[1:] for c in NOT_READ], ids=[c[0] for c in NOT_READ])
def test_stacked_values_not_read(text, unwanted):
    assert not any(matches(f, unwanted) for f in extract(text))
