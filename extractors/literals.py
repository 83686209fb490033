"""The words a regular expression cannot match without: moved to `evidence.text.literals` (the
document profiles use it too); kept here under its old name."""
from evidence.text.literals import folded_window, may_match, possible, required_literals  # noqa: F401
