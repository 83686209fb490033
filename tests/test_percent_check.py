"""Issue 11 item 7: a printed percent that does not round from its count at its printed precision
is flagged `percent_mismatch`, and the methods text counts the flags."""
import pytest

from extractors.checks import percent_mismatch


@pytest.mark.parametrize("events, total, printed, mismatch", [
    pytest.param(7, 13, 53, True, id="53.8-printed-53"),
    pytest.param(7, 13, 54, False, id="53.8-printed-54"),
    pytest.param(40, 61, 65.6, False, id="one-decimal"),
    pytest.param(40, 61, 65.5, True, id="one-decimal-off-by-one-unit"),
    pytest.param(61, 135, 45.1, True, id="truncated"),
    pytest.param(1, 8, 12, False, id="tie-down"),
    pytest.param(1, 8, 13, False, id="tie-up"),
    pytest.param(2, 3, 66.7, False, id="two-thirds"),
    pytest.param(0, 9, 0, False, id="zero"),
    pytest.param(9, 9, 100, False, id="all"),
])
def test_percent_rounds_from_its_count(events, total, printed, mismatch):
    assert percent_mismatch(events, total, printed) is mismatch


def test_printed_decimals_count():
    assert percent_mismatch(13, 20, 65.0, decimals=1) is False
    assert percent_mismatch(13, 20, 65.0, decimals=1) == percent_mismatch(13, 20, 65)
