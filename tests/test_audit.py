"""Issue 11 item 10: the methods text and the report carry the date, the command line, the tool
version and a SHA-256 of each input file."""
from __future__ import annotations

import hashlib

import pytest

from test_compare import write_small_table


@pytest.fixture
def book_and_table(tmp_path):
    from evidence.outputs.studybook import load_book

    table, map_path = write_small_table(tmp_path)
    return load_book(table, map_path), table


def test_audit_names_each_input_file_with_its_hash(book_and_table):
    from evidence import __version__
    from evidence.outputs.audit import make_audit

    book, table = book_and_table
    audit = make_audit(book, command="evidence report evidence.csv -o r.html", files=[table],
                       date="2026-12-02 18:40 UTC")
    digest = hashlib.sha256(table.read_bytes()).hexdigest()
    lines = audit.lines()
    assert lines[:3] == [f"Made 2026-12-02 18:40 UTC by evidence {__version__}.",
                         "Command: evidence report evidence.csv -o r.html",
                         f"Input evidence.csv: SHA-256 {digest}"]


def test_a_document_not_found_is_named_by_its_text_hash(book_and_table):
    from evidence.outputs.audit import make_audit
    from evidence.outputs.studybook import _SidecarDocument

    book, _ = book_and_table
    from dataclasses import replace

    book = replace(book, documents=(_SidecarDocument("a.txt", "text", {}, "ab" * 32),))
    assert make_audit(book, "", files=[], date="d").lines() == [
        "Made d by evidence " + __import__("evidence").__version__ + ".",
        "Input a.txt (extracted text): SHA-256 " + "ab" * 32]


def test_methods_and_report_carry_the_audit(book_and_table):
    from evidence.outputs.audit import make_audit
    from evidence.outputs.methods import methods_to_markdown
    from evidence.outputs.report import build_report
    from evidence.outputs.takeaways import book_to_takeaways

    book, table = book_and_table
    audit = make_audit(book, command="evidence report x.csv -o r.html", files=[table], date="2026-12-02 18:40 UTC")
    takeaways = book_to_takeaways(book, plots=False, audit=audit)
    markdown = methods_to_markdown(takeaways.methods)
    assert "## Audit trail" in markdown and "- Command: evidence report x.csv -o r.html" in markdown
    page = build_report(takeaways)
    for line in audit.lines():
        assert line.removeprefix("Input ") in page
    # the hashes are folded away, the date and command are not
    folded = page[page.index("<details class=\"note audit\">"):]
    folded = folded[:folded.index("</details>")]
    assert "SHA-256 of the" in folded and all(name in folded for name, _ in audit.inputs) and audit.inputs
    assert "Command: evidence report x.csv -o r.html" in page and "Command:" not in folded
