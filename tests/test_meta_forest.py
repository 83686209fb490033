"""The forest plot: which rows it shows, and that it writes real PNG and SVG files."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evidence.errors import OutputError
from evidence.meta import StudyRow, pool
from evidence.meta.forest import heterogeneity_text, plot, result_to_rows, row_positions

SEEDS = [StudyRow("Gauthier 2021 (CD19 after CD19)", 9, 44, "same"),
         StudyRow("Holland 2023 same-target", 5, 13, "same"),
         StudyRow("Holland 2023 different-target", 35, 48, "different")]


@pytest.fixture(scope="module")
def seeds_result():
    return pool(SEEDS, outcome="CR", by="target_relation")


def test_rows_of_the_seeds_plot(seeds_result):
    rows = result_to_rows(seeds_result, overall=True)
    assert [(r.kind, r.label) for r in rows] == [
        ("heading", "Same target as the first CAR-T"),
        ("study", "Gauthier 2021 (CD19 after CD19)"),
        ("study", "Holland 2023 same-target"),
        ("group", "Subgroup estimate (2 studies, 14/57)"),
        ("prediction", "Prediction interval"),
        ("text", "I² = 41%, τ² = 0.162, Q = 1.70 (df = 1, p = 0.193)"),
        ("heading", "Different target"),
        ("study", "Holland 2023 different-target"),
        ("group", "Subgroup estimate (1 study, 35/48)"),
        ("text", "single study: heterogeneity not estimable"),
        ("overall", "Overall (3 studies, 49/105)"),
        ("prediction", "Prediction interval"),
        ("text", "Heterogeneity: I² = 89%, τ² = 1.35, Q = 23.02 (df = 2, p < 0.001)"),
        ("text", "Subgroup differences (τ² within groups): Q = 13.83, df = 1, p < 0.001"),
        ("text", "Subgroup differences (one shared τ² = 0.162): QM = 8.89, df = 1, p = 0.003"),
    ]
    studies = [r for r in rows if r.kind == "study"]
    assert [(r.counts, r.summary, r.weight) for r in studies] == [
        ("9/44", "20.5% [9.8, 35.3]", "34.3%"), ("5/13", "38.5% [13.9, 68.4]", "30.5%"),
        ("35/48", "72.9% [58.2, 84.7]", "35.1%")]
    overall = next(r for r in rows if r.kind == "overall")
    assert overall.summary == "43.5% [16.0, 75.7]"
    assert [r.summary for r in rows if r.kind == "prediction"] == ["[10.2, 53.5]", "[5.1, 91.7]"]
    assert max(r.size for r in studies) == 1.0


def test_subgroup_comparison_leaves_out_the_overall_diamond_by_default(seeds_result):
    """The overall diamond would pool the two strategies being compared: shown only when asked."""
    kinds = [r.kind for r in result_to_rows(seeds_result)]
    assert "overall" not in kinds and not any(r.label.startswith("Heterogeneity:") for r in result_to_rows(seeds_result))
    assert kinds.count("group") == 2
    assert [r.label for r in result_to_rows(seeds_result)][-2].startswith("Subgroup differences")
    figure = rows_to_figure_of(seeds_result)
    assert not any(t.get_text().startswith("overall ") for t in figure.axes[2].texts)
    shown = rows_to_figure_of(seeds_result, overall=True)
    assert [t.get_text() for t in shown.axes[2].texts] == ["overall 43.5%"]  # the reference line is labelled


def rows_to_figure_of(result, **options):
    from evidence.meta.forest import rows_to_figure

    return rows_to_figure(result_to_rows(result, **options), result)


def test_cohorts_from_studies():
    """A study that gives two cohorts (its same- and different-target parts) is one study."""
    from evidence.meta.forest import cohorts_text

    rows = [StudyRow("Holland 2023 (same)", 5, 13, "same"), StudyRow("Holland 2023 (different)", 35, 48, "different"),
            StudyRow("Pan 2019", 24, 30, "different")]
    result = pool(rows, outcome="CR", by="target_relation")
    assert cohorts_text(result) == "3 cohorts from 2 studies"
    labels = [r.label for r in result_to_rows(result, overall=True)]
    assert "Overall (3 cohorts from 2 studies, 64/91)" in labels
    assert "Subgroup estimate (2 studies, 59/78)" in labels
    assert cohorts_text(pool(SEEDS[:1], outcome="CR")) == "1 study"


def test_derived_counts_are_marked_as_in_the_tables(seeds_result):
    rows = result_to_rows(seeds_result, derived=frozenset({"Holland 2023 same-target"}))
    assert [r.counts for r in rows if r.kind == "study"] == ["9/44", "5/13‡", "35/48"]
    assert rows[-1].label == "‡ counts derived from other figures (for example by subtraction), not read"


def test_long_labels_are_whole_and_never_reach_the_numbers_column():
    """Labels as in the tables (no cut), and the label column widens so none overlaps the counts."""
    long = "Retreatment of patients with refractory large B-cell lymphoma after CD19 CAR-T (2018)"
    result = pool([StudyRow(long, 4, 13), StudyRow("Pan 2019", 24, 30)], outcome="CR")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    figure = rows_to_figure_of(result)
    renderer = FigureCanvasAgg(figure).get_renderer()
    label = next(t for t in figure.axes[0].texts if t.get_text() == long)
    counts = next(t for t in figure.axes[1].texts if t.get_text() == "4/13")
    assert label.get_window_extent(renderer).x1 < counts.get_window_extent(renderer).x0


def test_a_square_at_100_percent_is_not_clipped():
    result = pool([StudyRow("A", 10, 10), StudyRow("B", 5, 10)], outcome="CR")
    figure = rows_to_figure_of(result)
    squares = figure.axes[2].collections
    assert squares and all(not c.get_clip_on() for c in squares)


def test_svg_keeps_text_as_text_and_pdf_is_written(seeds_result, tmp_path):
    svg = plot(seeds_result, tmp_path / "f.svg")[0].read_text()
    assert "<text" in svg and "Holland 2023 different-target" in svg
    pdf = plot(seeds_result, tmp_path / "f.pdf")
    assert pdf == [tmp_path / "f.pdf"] and pdf[0].read_bytes()[:5] == b"%PDF-"


def test_air_before_headings_and_the_overall(seeds_result):
    rows = result_to_rows(seeds_result)
    positions = row_positions(rows)
    gaps = [b - a for a, b in zip(positions, positions[1:])]
    kinds = [r.kind for r in rows[1:]]
    assert all(gap == (1.5 if kind in ("heading", "overall") else 1.0) for gap, kind in zip(gaps, kinds))


def test_single_study_plot_has_no_prediction_row():
    result = pool(SEEDS[:1], outcome="CR")
    rows = result_to_rows(result)
    assert [r.kind for r in rows] == ["study", "overall", "text"]
    assert rows[-1].label == "Heterogeneity: single study: heterogeneity not estimable"
    assert heterogeneity_text(result.overall) == "single study: heterogeneity not estimable"


def test_glmm_plot_sizes_by_patients_and_shows_no_weights():
    result = pool(SEEDS, method="GLMM", outcome="CR")
    studies = [r for r in result_to_rows(result) if r.kind == "study"]
    assert [r.weight for r in studies] == ["", "", ""]
    assert [round(r.size, 4) for r in studies] == [round(44 / 48, 4), round(13 / 48, 4), 1.0]


def test_plot_writes_png_and_svg(seeds_result, tmp_path):
    written = plot(seeds_result, tmp_path / "figs" / "forest_CR")
    assert written == [tmp_path / "figs" / "forest_CR.png", tmp_path / "figs" / "forest_CR.svg"]
    png = written[0].read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 1500 and height > 800  # 200 dpi, readable when projected
    svg = written[1].read_text()
    for text in ("Gauthier 2021", "Holland 2023 different-target", "Prediction interval", "35/48",
                 "Subgroup estimate (2 studies, 14/57)", "Complete response (CR)"):
        assert text in svg
    assert not list(tmp_path.glob("figs/*.part"))


def test_plot_stem_with_a_suffix_and_one_format(seeds_result, tmp_path):
    assert plot(seeds_result, tmp_path / "f.png", formats=("svg",)) == [tmp_path / "f.svg"]


def test_plot_refuses_unknown_formats(seeds_result, tmp_path):
    with pytest.raises(OutputError, match="cannot write a forest plot as eps; use png, svg, pdf"):
        plot(seeds_result, tmp_path / "f", formats=("eps",))


def test_raw_intervals_leaving_zero_to_one_are_clipped_with_arrows():
    from evidence.meta.forest import rows_to_figure

    rows = [StudyRow("A", 0, 10), StudyRow("B", 1, 12), StudyRow("C", 9, 10)]
    result = pool(rows, transform="raw", method="DL", ci="hksj", outcome="CR")
    assert result.overall.pi_low < 0 and result.overall.pi_high > 1
    figure = rows_to_figure(result_to_rows(result), result)
    plot_axes = figure.axes[2]
    assert plot_axes.get_xlim() == (0.0, 1.0)
    arrows = sorted(line.get_marker() for line in plot_axes.lines if line.get_marker() in ("<", ">"))
    assert arrows == ["<", ">"]


@pytest.mark.parametrize("label, group, study", [
    ("Holland 2023 (same)", "same", "Holland 2023"),
    ("Myers 2024 (after relapse)", "same", "Myers 2024"),  # a cohort named by why it was retreated
    ("Pan 2019 (2)", "different", "Pan 2019 (2)"),          # a second study with the label "Pan 2019"
    ("Reinfusion of CD19 CAR T cells… (2024)", "same", "Reinfusion of CD19 CAR T cells… (2024)"),
], ids=["relation", "after-failure-subgroup", "second-study", "year"])
def test_cohorts_of_one_study_are_counted_once(label, group, study):
    """ "9 cohorts from 7 studies": the after-relapse and after-non-response cohorts of one study
    are one study (the plot said "6 studies" for 6 cohorts of 5)."""
    from types import SimpleNamespace

    from evidence.meta.forest import study_of

    assert study_of(SimpleNamespace(study=label, group=group)) == study
