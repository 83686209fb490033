"""The report in a real headless browser (Debian's chromium driven by Playwright).

The page must load from disk with no console errors and no requests, its filters and sorting must
work, and an article whose text holds <script> tags and onerror attributes must not run script:
a sentinel global stays unset and no dialog opens.

`scripts/test` installs chromium (apt-get, as root). These tests skip, saying why, only when
chromium cannot be found or installed, or Playwright is missing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from test_compare import small_figures, write_small_table
from test_report import hostile_documents, hostile_figures

pytestmark = pytest.mark.browser

CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SENTINEL = "__pwned"


def find_chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def install_chromium() -> str:
    """apt-get install chromium, as root only; the reason it could not, otherwise."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "not running as root, so apt-get cannot install it"
    if not shutil.which("apt-get"):
        return "apt-get is not available"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "chromium"]):
        try:
            done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as error:
            return f"{' '.join(command)} failed: {error}"
        if done.returncode != 0:
            return f"{' '.join(command)} failed: {done.stderr.strip()[-300:]}"
    return ""


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    path = find_chromium()
    if path is None:
        reason = install_chromium()
        path = find_chromium()
        if path is None:
            pytest.skip(f"chromium not found and not installed: {reason or 'apt-get gave no chromium'}")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Visit:
    """A page opened from disk, with everything it logged, requested and tried to show."""

    def __init__(self, browser, path: Path):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.console, self.errors, self.requests, self.dialogs = [], [], [], []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.url = path.resolve().as_uri()
        self.page.goto(self.url)
        self.page.wait_for_load_state("load")

    def close(self):
        self.context.close()

    @property
    def console_errors(self):
        return [text for kind, text in self.console if kind in ("error", "warning")] + self.errors

    def visible_rows(self):
        return self.page.locator("#evidence-table tbody tr:not([hidden])")


def report_for(tmp_path, figures=None, documents=None) -> Path:
    from evidence.outputs.takeaways import report_table

    table, map_path = write_small_table(tmp_path, figures, documents)
    target = tmp_path / "report.html"
    report_table(table, target, map_path)
    return target


@pytest.fixture(scope="module")
def small_report(tmp_path_factory):
    return report_for(tmp_path_factory.mktemp("browser"))


@pytest.fixture
def visit(browser, small_report):
    opened = Visit(browser, small_report)
    yield opened
    opened.close()


def test_loads_with_no_console_errors_and_no_requests(visit):
    assert visit.console_errors == []
    assert visit.requests == [visit.url]  # images are data: URLs; nothing else is fetched
    assert visit.page.locator("#filter-count").text_content() == f"{len(small_figures())} of {len(small_figures())} figures shown"
    images = visit.page.locator("figure.forest img")
    assert images.count() == 2
    assert all(images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0") for i in range(2))


def test_filter_by_text(visit):
    visit.page.fill("#filter-text", "beta_journal")
    rows = visit.visible_rows()
    assert rows.count() == 5
    assert all("beta_journal.txt" in rows.nth(i).text_content() for i in range(rows.count()))
    assert visit.page.locator("#filter-count").text_content() == f"5 of {len(small_figures())} figures shown"
    visit.page.fill("#filter-text", "")
    assert visit.visible_rows().count() == len(small_figures())


def test_filter_by_outcome_and_relation(visit):
    visit.page.select_option("#filter-outcome", "CR")
    assert visit.visible_rows().count() == sum(1 for f in small_figures() if f.outcome == "CR")
    visit.page.select_option("#filter-relation", "different")
    expected = sum(1 for f in small_figures() if f.outcome == "CR" and f.target_relation == "different")
    rows = visit.visible_rows()
    assert rows.count() == expected
    assert {rows.nth(i).get_attribute("data-relation") for i in range(expected)} == {"different"}


def column_sort_keys(page, key):
    return page.locator(f"#evidence-table tbody tr td.col-{key}").evaluate_all(
        "cells => cells.map(c => c.getAttribute('data-sort'))")


def test_sort_by_value(visit):
    header = visit.page.locator("#evidence-table thead th", has_text="Value")
    header.locator("button").click()
    values = [float(v) for v in column_sort_keys(visit.page, "value")]
    assert values == sorted(values)
    header.locator("button").click()
    values = [float(v) for v in column_sort_keys(visit.page, "value")]
    assert values == sorted(values, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


@pytest.mark.parametrize("ascending", [True, False], ids=["ascending", "descending"])
def test_sort_by_events_over_total_is_numeric_with_dashes_last(visit, ascending):
    """10/40 sorts as 0.25, not as the text "10/40"; a row without counts (–) is last either way."""
    header = visit.page.locator("#evidence-table thead th", has_text="Events/total")
    header.locator("button").click()
    if not ascending:
        header.locator("button").click()
    keys = column_sort_keys(visit.page, "counts")
    numbers = [float(k) for k in keys if k]
    assert "" in keys and keys.index("") == len(numbers), "rows without counts must come last"
    assert numbers == sorted(numbers, reverse=not ascending)
    shown = visit.page.locator("#evidence-table tbody tr td.col-counts").all_text_contents()
    assert [t for t in shown if t != "–"] and shown[len(numbers):] == ["–"] * (len(shown) - len(numbers))


def test_every_column_visible_at_1400_px_with_a_sticky_header(browser, small_report):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    try:
        page.goto(small_report.resolve().as_uri())
        box = page.locator("#evidence-table").evaluate("t => t.parentElement.getBoundingClientRect().right")
        for name in ("Infusion", "Arm", "Relation", "Subgroup", "Flags", "In analyses"):
            th = page.locator("#evidence-table thead th", has_text=name).first
            assert th.is_visible()
            assert th.evaluate("e => e.getBoundingClientRect().right") <= box + 0.5, f"{name} is cut off"
        scroller = page.locator("#evidence-table").evaluate_handle("t => t.parentElement")
        top_before = page.locator("#evidence-table thead th").first.evaluate("e => e.getBoundingClientRect().top")
        scroller.evaluate("e => { e.scrollTop = 400; }")
        top_after = page.locator("#evidence-table thead th").first.evaluate("e => e.getBoundingClientRect().top")
        assert page.locator("#evidence-table").evaluate("t => t.parentElement.scrollTop") > 0
        assert abs(top_after - top_before) < 1, "the header scrolled away"
    finally:
        context.close()


def test_column_chooser_hides_and_shows_a_column(visit):
    page = visit.page
    page.locator("details.columns summary").click()
    page.uncheck("#column-flags")
    assert not page.locator("#evidence-table thead th", has_text="Flags").is_visible()
    assert page.locator("#evidence-table tbody td.col-flags:visible").count() == 0
    page.check("#column-flags")
    assert page.locator("#evidence-table tbody td.col-flags:visible").count() == len(small_figures())


def test_pooled_study_links_to_its_row_and_the_row_shows_the_marked_sentence(visit):
    """Item 8: pooled study -> its evidence row, even when filtered out."""
    page = visit.page
    page.select_option("#filter-outcome", "ORR")  # hide the CR rows first
    link = page.locator("#pooled-CR ~ table.study-inputs a.rowlink").first
    target = link.get_attribute("href")
    link.click()
    row = page.locator(target)
    row.wait_for(state="visible", timeout=5000)  # the hashchange handler clears the filters
    assert page.locator("#filter-outcome").input_value() == ""
    assert row.locator("td.col-analyses").text_content().startswith("pooled: CR")
    assert row.locator("td.col-quote mark").count() == 1
    assert page.evaluate("location.hash") == target
    page.locator("#pooled-CR ~ table.study-inputs details summary").first.click()
    assert page.locator("#pooled-CR ~ table.study-inputs details li mark").first.is_visible()


def test_narrow_screen_shows_rows_as_cards_and_sorts_with_a_select(browser, small_report):
    context = browser.new_context(viewport={"width": 400, "height": 800})
    page = context.new_page()
    try:
        page.goto(small_report.resolve().as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        cell = page.locator("#evidence-table tbody tr").first.locator("td.col-relation")
        assert page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle()) == '"Relation"'
        page.select_option("#sort-evidence", label="Value ↓")
        values = [float(v) for v in column_sort_keys(page, "value")]
        assert values == sorted(values, reverse=True)
    finally:
        context.close()


def test_comparison_fits_at_1400_px_and_is_cards_at_400_px(browser, small_report):
    """Item 11 in the page: the studies and their results are two tables that fit a wide screen
    without scrolling sideways; on a phone each study is a card whose values are labelled; a
    characteristic a report states opens to show its sentence."""
    for width in (1400, 400):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        try:
            page.goto(small_report.resolve().as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            for table in ("#compare-studies", "#compare-table"):
                assert page.locator(table).evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1"), (
                    f"{table} scrolls sideways at {width} px")
            follow_up = page.locator("#compare-studies tbody tr").first.locator("td").nth(11)
            if width == 400:
                label = page.evaluate("c => getComputedStyle(c, '::before').content", follow_up.element_handle())
                assert label == '"Follow-up"'
                assert page.locator("#compare-studies thead").evaluate("h => h.getBoundingClientRect().right") < 0
            follow_up.locator("summary").click()
            sentence = follow_up.locator("details .note")
            assert sentence.is_visible() and "The median follow-up was 14.2 months." in sentence.text_content()
        finally:
            context.close()


def test_input_hashes_are_folded_and_fit_a_phone_when_opened(browser, small_report):
    """Item 10: the date and command on show, the inputs' SHA-256 in a <details> element that,
    opened on a 400 px screen, wraps rather than widening the page."""
    context = browser.new_context(viewport={"width": 400, "height": 900})
    page = context.new_page()
    try:
        page.goto(small_report.resolve().as_uri())
        hashes = page.locator("details.audit li").first
        assert not hashes.is_visible() and page.locator("p.audit").is_visible()
        page.click("details.audit summary")
        assert hashes.is_visible() and "SHA-256" in hashes.text_content()
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
    finally:
        context.close()


def test_hostile_article_text_cannot_run(browser, tmp_path):
    opened = Visit(browser, report_for(tmp_path, hostile_figures(), hostile_documents()))
    try:
        page = opened.page
        for row in page.locator("#evidence-table tbody tr").all():  # hover: no mouseover handler may fire
            row.hover()
        page.wait_for_timeout(300)
        assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
        assert opened.dialogs == []
        assert opened.console_errors == []
        assert page.locator("#evidence-table script, #evidence-table img, #evidence-table svg").count() == 0
        assert "<script>window.__pwned = 1</script>" in page.locator("#evidence-table").text_content()
    finally:
        opened.close()


@pytest.mark.slow
def test_hostile_article_through_the_whole_pipeline(browser, tmp_path):
    """An article file whose text holds script tags, read, linked and reported like any other."""
    from evidence.outputs.run import run_all

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "hostile.txt").write_text(
        "Retreatment with a second CD19 CAR T-cell infusion <script>window.__pwned = 1</script>\n\n"
        "Forty patients whose first CD19 CAR-T failed received a second CD19 CAR-T infusion. "
        "After the second infusion, 10 of 40 patients (25%) <script>window.__pwned = 2</script> had a "
        "complete response. <img src=x onerror=\"window.__pwned = 3\"> The overall response rate was "
        "45% (18/40) <svg onload=\"alert('x')\"></svg>.\n", encoding="utf-8")
    outcome = run_all([str(articles)], tmp_path / "out", use_cache=False)
    opened = Visit(browser, tmp_path / "out" / "report.html")
    try:
        page = opened.page
        page.wait_for_timeout(300)
        assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
        assert opened.dialogs == [] and opened.console_errors == []
        assert opened.requests == [opened.url]
        assert outcome.takeaways.book.figures, "the article's figures were not extracted"
        assert "<script>window.__pwned = 2</script>" in page.locator("#evidence-table").text_content()
    finally:
        opened.close()


@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_corpus_and_a_hostile_article_together(browser, tmp_path):
    """The report of the seeds, the bundled corpus and a hostile article, run together: forest
    plot shown, filters working, no script from an article run."""
    from evidence.outputs.run import run_all
    from test_run import CORPUS, SEEDS

    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is absent")
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "hostile_news.html").write_text(
        "<html><body><h1>Second CAR-T <script>window.__pwned = 1</script></h1>"
        "<p>After a second CD22 CAR-T infusion, 7 of 10 patients (70%) &lt;script&gt;window.__pwned = 2"
        "&lt;/script&gt; had a complete response &lt;img src=x onerror=\"window.__pwned=3\"&gt;.</p>"
        "</body></html>", encoding="utf-8")
    run_all([str(CORPUS), str(SEEDS), str(hostile)], tmp_path / "out", use_cache=False)
    opened = Visit(browser, tmp_path / "out" / "report.html")
    try:
        page = opened.page
        assert opened.console_errors == [] and opened.requests == [opened.url]
        image = page.locator('figure.forest img[alt^="Forest plot of complete response"]')
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
        page.fill("#filter-text", "holland")
        shown = opened.visible_rows()
        assert 0 < shown.count() < page.locator("#evidence-table tbody tr").count()
        page.fill("#filter-text", "window.__pwned = 2")
        assert opened.visible_rows().count() >= 1
        assert page.evaluate(f"typeof window.{SENTINEL}") == "undefined"
        assert opened.dialogs == []
    finally:
        opened.close()
