"""The forest plot of a `PoolResult`, as PNG and SVG (matplotlib's Agg backend, no pyplot).

    plot(result, "outputs/forest_CR")  ->  [outputs/forest_CR.png, outputs/forest_CR.svg]

    plot(result, "forest_CR.pdf")      ->  [forest_CR.pdf]   (a suffix picks the one format)

Layout, top to bottom: a header; per group a heading, its studies (square sized by weight,
exact 95% interval, events/total, proportion [CI], weight), its diamond, its prediction interval
and its heterogeneity line; the overall diamond with the prediction interval beneath it (left
out by default when subgroups are compared: it would pool the strategies being compared); the
overall heterogeneity and the tests for subgroup differences; a footnote saying how it was
computed. Study labels are printed whole, as in the tables: the label column is as wide as the
longest label. Counts derived rather than read (`derived`) carry the tables' mark ‡. SVG keeps
its text as text. `result_to_rows` (pure) decides the rows; `rows_to_figure` draws them.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

from evidence.meta.results import PooledEstimate, PoolResult

FORMATS = ("png", "svg", "pdf")
DEFAULT_FORMATS = ("png", "svg")
DERIVED_MARK = "‡"  # as evidence.outputs.cells marks derived figures
LABEL_INCHES_PER_CHAR = 0.074  # 9.5 pt text, generous
MIN_LABEL_INCHES = 3.9
OTHER_COLUMNS_INCHES = 7.6  # counts, plot, summary and weight
DPI = 200
ROW_HEIGHT = 0.3  # inches
STUDY_COLOUR = "#2f4b7c"
GROUP_COLOUR = "#3a8f86"
OVERALL_COLOUR = "#1b1f3b"
PREDICTION_COLOUR = "#c0392b"
MUTED = "#555555"
METHOD_NAMES = {
    "REML": "restricted maximum likelihood", "DL": "DerSimonian-Laird", "ML": "maximum likelihood",
    "PM": "Paule-Mandel", "HS": "Hunter-Schmidt", "SJ": "Sidik-Jonkman", "HE": "Hedges",
    "EB": "empirical Bayes", "GLMM": "binomial-normal GLMM (maximum likelihood)",
}
OUTCOME_NAMES = {
    "CR": "Complete response", "ORR": "Overall response", "PR": "Partial response", "MRD_NEG": "MRD negativity",
    "CRS": "Cytokine release syndrome", "ICANS": "Neurotoxicity (ICANS)", "RELAPSE": "Relapse",
    "ANTIGEN_NEG": "Antigen-negative relapse",
}
TRANSFORM_SCALES = {"logit": "pooled on the logit scale", "arcsine": "pooled on the arcsine scale",
                    "freeman-tukey": "pooled on the Freeman-Tukey double-arcsine scale "
                                     "(back-transformed with the harmonic mean of n)",
                    "raw": "pooled on the raw proportion scale"}


@dataclass(frozen=True)
class ForestRow:
    kind: str            # heading | study | group | overall | prediction | text
    label: str
    counts: str = ""
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    summary: str = ""    # "38.5% [13.9, 68.4]"
    weight: str = ""
    size: float = 0.0    # relative marker area for studies
    bold: bool = False


def plot(result: PoolResult, stem, *, formats=None, title: str | None = None, dpi: int = DPI,
         overall: bool | None = None, derived=frozenset()) -> list[Path]:
    """Draw the forest plot of `result` and write it as `stem`.png and `stem`.svg (by default);
    a stem ending in .png, .svg or .pdf writes that format only. `overall`: show the overall
    diamond (default: only when there are no subgroups to compare); `derived`: labels of the
    studies whose counts were derived."""
    from evidence.errors import OutputError

    stem = Path(stem)
    suffix = stem.suffix.lower().lstrip(".")
    if suffix in FORMATS:
        stem = stem.with_suffix("")
        formats = formats or (suffix,)
    formats = formats or DEFAULT_FORMATS
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise OutputError(f"cannot write a forest plot as {', '.join(unknown)}; use {', '.join(FORMATS)}")
    figure = rows_to_figure(result_to_rows(result, overall=overall, derived=derived), result, title)
    return save_figure(figure, stem, formats, dpi)


def save_figure(figure, stem: Path, formats=DEFAULT_FORMATS, dpi: int = DPI, staged=None) -> list[Path]:
    """Write `figure` as `stem`.<format> for each format, atomically (or into `staged`, a set of
    files moved into place together); SVG text stays text."""
    from contextlib import nullcontext

    from matplotlib import rc_context

    from evidence.errors import OutputError
    from evidence.tableio import atomic_path

    written = []
    for fmt in formats:
        target = stem.with_name(f"{stem.name}.{fmt}")
        metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None} if fmt == "pdf" else None
        try:
            place = nullcontext(staged.path(target)) if staged is not None else atomic_path(target)
            with place as tmp, rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
                figure.savefig(tmp, format=fmt, dpi=dpi, bbox_inches="tight", pad_inches=0.15, metadata=metadata)
        except OSError as error:
            raise OutputError(f"{target}: cannot write the forest plot ({error.strerror or error})") from error
        written.append(target)
    return written


# -- rows -------------------------------------------------------------------------------------

def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.{digits}f}"


def interval_text(estimate, low, high) -> str:
    return f"{percent(estimate)}% [{percent(low)}, {percent(high)}]"


def p_text(p: float | None) -> str:
    if p is None:
        return "p = –"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def heterogeneity_text(pooled: PooledEstimate) -> str:
    if pooled.tau2 is None:
        return "single study: heterogeneity not estimable"
    return (f"I² = {pooled.I2:.0f}%, τ² = {pooled.tau2:.3g}, "
            f"Q = {pooled.Q:.2f} (df = {pooled.Q_df}, {p_text(pooled.Q_p)})")


COHORT_SUFFIX = re.compile(r" \((?!\d+\))[^()]+\)$")  # "(same)", "(after relapse)"; never "(2)" or "(2024)"


def study_of(study) -> str:
    """The study a pooled row belongs to: "Holland 2023 (same)" -> "Holland 2023", "Myers 2024
    (after relapse)" -> "Myers 2024"; "Pan 2019 (2)" (a second study of that label) stays itself."""
    return COHORT_SUFFIX.sub("", study.study)


def cohorts_text(result: PoolResult | None, studies=None) -> str:
    """ "7 cohorts from 6 studies" when a study gives two cohorts, else "6 studies"."""
    studies = result.studies if studies is None else studies
    k, m = len(studies), len({study_of(s) for s in studies})
    if k == m:
        return f"{m} {'study' if m == 1 else 'studies'}"
    return f"{k} cohorts from {m} {'study' if m == 1 else 'studies'}"


def pooled_label(pooled: PooledEstimate, name: str, studies=None) -> str:
    if studies is None:
        count = f"{pooled.k} {'study' if pooled.k == 1 else 'studies'}"
    else:
        count = cohorts_text(None, studies)
    return f"{name} ({count}, {pooled.events}/{pooled.total})"


def result_to_rows(result: PoolResult, *, overall: bool | None = None, derived=frozenset()) -> list[ForestRow]:
    """The rows of the plot. `overall` None: the overall diamond only without subgroups to compare."""
    rows: list[ForestRow] = []
    size_of = _sizes(result)
    shown = list(dict.fromkeys(s.group for s in result.studies))  # estimable or not (not_estimable)
    compared = len(result.subgroups) + len(getattr(result, "not_estimable", {})) >= 2
    groups = shown if compared else [None]
    show_overall = not compared if overall is None else overall
    for group in groups:
        members = [s for s in result.studies if group is None or s.group == group]
        if group is not None:
            rows.append(ForestRow("heading", _group_title(result, group), bold=True))
        for study in members:
            weight = study.weight
            mark = DERIVED_MARK if study.study in derived else ""
            rows.append(ForestRow(
                "study", study.study, counts=f"{study.events}/{study.total}{mark}", estimate=study.proportion,
                low=study.ci_low, high=study.ci_high,
                summary=interval_text(study.proportion, study.ci_low, study.ci_high),
                weight="" if weight is None else f"{weight:.1f}%", size=size_of[id(study)],
            ))
        if group is not None and group not in result.subgroups:
            rows.append(ForestRow("text", f"not estimable: {result.not_estimable.get(group, '')}"))
        elif group is not None:
            pooled = result.subgroups[group]
            rows.append(ForestRow("group", pooled_label(pooled, "Subgroup estimate", members),
                                  estimate=pooled.proportion, low=pooled.ci_low, high=pooled.ci_high,
                                  summary=interval_text(pooled.proportion, pooled.ci_low, pooled.ci_high)))
            if pooled.k > 1 and pooled.pi_low is not None:
                rows.append(_prediction_row(pooled))
            rows.append(ForestRow("text", heterogeneity_text(pooled)))
    o = result.overall
    if show_overall:
        rows.append(ForestRow("overall", pooled_label(o, "Overall", result.studies), estimate=o.proportion,
                              low=o.ci_low, high=o.ci_high, summary=interval_text(o.proportion, o.ci_low, o.ci_high),
                              bold=True))
        if o.k > 1 and o.pi_low is not None:
            rows.append(_prediction_row(o))
        rows.append(ForestRow("text", "Heterogeneity: " + heterogeneity_text(o)))
    if result.between is not None:
        b = result.between
        rows.append(ForestRow("text", f"Subgroup differences (τ² within groups): Q = {b.Q:.2f}, "
                                      f"df = {b.df}, {p_text(b.p)}"))
    if result.moderator is not None:
        m = result.moderator
        name = "F" if m.statistic == "F" else "QM"
        rows.append(ForestRow("text", f"Subgroup differences (one shared τ² = {m.tau2:.3g}): "
                                      f"{name} = {m.QM:.2f}, df = {m.QM_df}, {p_text(m.QM_p)}"))
    if any(study.study in derived for study in result.studies):
        rows.append(ForestRow("text", f"{DERIVED_MARK} counts derived from other figures (for example by "
                                      "subtraction), not read"))
    return rows


def _prediction_row(pooled: PooledEstimate) -> ForestRow:
    return ForestRow("prediction", "Prediction interval", estimate=pooled.proportion, low=pooled.pi_low,
                     high=pooled.pi_high, summary=f"[{percent(pooled.pi_low)}, {percent(pooled.pi_high)}]")


def _group_title(result: PoolResult, group: str) -> str:
    if result.by == "target_relation" and group in ("same", "different", "mixed"):
        return {"same": "Same target as the first CAR-T", "different": "Different target",
                "mixed": "Mixed targets"}[group]
    return f"{result.by}: {group}" if result.by else group


def _sizes(result: PoolResult) -> dict:
    """Marker area per study, relative to the largest: by weight, or by n for the GLMM."""
    def basis(study):
        return study.weight if study.weight is not None else study.total

    values = [basis(s) for s in result.studies]
    top = max(values) if values else 1.0
    return {id(s): (v / top if top else 1.0) for s, v in zip(result.studies, values)}


def footnote(result: PoolResult) -> str:
    s = result.settings
    level = f"{100 * s.level:g}%"
    interval = "Hartung-Knapp-Sidik-Jonkman" if s.ci == "hksj" else "Wald"
    model = f"Random-effects model ({METHOD_NAMES[s.method]}), {TRANSFORM_SCALES[s.transform]}"
    intervals = f"{level} {interval} intervals for pooled estimates, exact (Clopper-Pearson) for studies"
    markers = "marker area proportional to the number of patients" if s.method == "GLMM" else \
        "marker area proportional to the study's weight"
    return f"{model}.\n{intervals}; {markers}."


# -- drawing ----------------------------------------------------------------------------------

def rows_to_figure(rows: list[ForestRow], result: PoolResult, title: str | None = None):
    from matplotlib.figure import Figure
    from matplotlib.patches import Polygon
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    positions = row_positions(rows)
    n = positions[-1] + 1
    height = ROW_HEIGHT * (n + 2) + 1.5
    label_inches = label_column_inches(rows)
    width = (label_inches + OTHER_COLUMNS_INCHES) / 0.96
    figure = Figure(figsize=(width, height), layout=None)
    top = 1 - 0.55 / height
    bottom = 1.05 / height
    scale = OTHER_COLUMNS_INCHES / 6.7
    grid = figure.add_gridspec(1, 5, width_ratios=[label_inches, 0.95 * scale, 3.3 * scale, 1.75 * scale, 0.7 * scale],
                               wspace=0.0, left=0.02, right=0.98, top=top, bottom=bottom)
    axes = [figure.add_subplot(grid[0, i]) for i in range(5)]
    label_ax, counts_ax, plot_ax, summary_ax, weight_ax = axes
    for ax in axes:
        ax.set_ylim(n - 0.4, -1.3)
    for ax in (label_ax, counts_ax, summary_ax, weight_ax):
        ax.set_xlim(0, 1)
        ax.axis("off")

    header = {"size": 10, "weight": "bold", "va": "center"}
    label_ax.text(0, -1, "Study", ha="left", **header)
    counts_ax.text(0.5, -1, "Events/n", ha="center", **header)
    summary_ax.text(0.5, -1, f"Proportion, % [{100 * result.settings.level:g}% CI]", ha="center", **header)
    weight_ax.text(1, -1, "Weight" if result.settings.method != "GLMM" else "", ha="right", **header)

    low_x, high_x = 0.0, 1.0
    max_half_height = 0.34
    for y, row in zip(positions, rows):
        weight = "bold" if row.bold else "normal"
        if row.kind == "text":
            label_ax.text(0, y, row.label, ha="left", va="center", size=8.5, style="italic", color=MUTED,
                          clip_on=False)
            continue
        indent = 0.04 if row.kind == "study" and any(r.kind == "heading" for r in rows) else 0.0
        label_ax.text(indent, y, row.label, ha="left", va="center", size=9.5, weight=weight,
                      color=PREDICTION_COLOUR if row.kind == "prediction" else "black", clip_on=False)
        if row.counts:
            counts_ax.text(0.5, y, row.counts, ha="center", va="center", size=9.5)
        if row.summary:
            summary_ax.text(0.5, y, row.summary, ha="center", va="center", size=9.5, weight=weight,
                            color=PREDICTION_COLOUR if row.kind == "prediction" else "black")
        if row.weight:
            weight_ax.text(1, y, row.weight, ha="right", va="center", size=9.5)
        if row.estimate is None:
            continue
        low, high = _clip(row.low, low_x, high_x), _clip(row.high, low_x, high_x)
        if row.kind == "study":
            plot_ax.plot([low, high], [y, y], color=STUDY_COLOUR, lw=1.2, solid_capstyle="butt", zorder=2)
            for end, raw in ((low, row.low), (high, row.high)):
                if raw is not None and low_x <= raw <= high_x:
                    plot_ax.plot([end, end], [y - 0.12, y + 0.12], color=STUDY_COLOUR, lw=1.0, zorder=2)
            _mark_clipped(plot_ax, row, y, low_x, high_x, STUDY_COLOUR)
            plot_ax.scatter([row.estimate], [y], s=25 + 140 * row.size, marker="s", color=STUDY_COLOUR,
                            zorder=3, linewidths=0, clip_on=False)  # a square at 0% or 100% is drawn whole
        elif row.kind in ("group", "overall"):
            colour = OVERALL_COLOUR if row.kind == "overall" else GROUP_COLOUR
            diamond = Polygon([(low, y), (row.estimate, y - max_half_height), (high, y),
                               (row.estimate, y + max_half_height)], closed=True, facecolor=colour,
                              edgecolor=colour, zorder=3)
            plot_ax.add_patch(diamond)
        elif row.kind == "prediction":
            plot_ax.plot([low, high], [y, y], color=PREDICTION_COLOUR, lw=2.2, solid_capstyle="butt", zorder=2)
            for end, raw in ((low, row.low), (high, row.high)):
                if low_x <= raw <= high_x:
                    plot_ax.plot([end, end], [y - 0.18, y + 0.18], color=PREDICTION_COLOUR, lw=1.6, zorder=2)
            _mark_clipped(plot_ax, row, y, low_x, high_x, PREDICTION_COLOUR)

    overall_y = next((y for y, r in zip(positions, rows) if r.kind == "overall"), None)
    if overall_y is not None:  # the reference line: the overall estimate, labelled
        p = result.overall.proportion
        plot_ax.plot([p] * 2, [-0.5, overall_y], color=OVERALL_COLOUR, lw=0.8, ls=(0, (4, 3)), alpha=0.6, zorder=1)
        plot_ax.text(p, -0.62, f"overall {percent(p)}%", ha="center", va="bottom", size=7.5, color=MUTED)
        rule_y = overall_y - 0.75
    else:
        last_group = max(i for i, r in enumerate(rows) if r.kind in ("group", "study", "prediction"))
        rule_y = positions[min(last_group + 1, len(rows) - 1)] + 0.6
    for ax in axes:
        ax.axhline(-0.55, color="#888888", lw=0.8)
        ax.axhline(rule_y, color="#888888", lw=0.8)
    plot_ax.set_xlim(low_x, high_x)
    plot_ax.xaxis.set_major_locator(MultipleLocator(0.2))
    plot_ax.xaxis.set_minor_locator(MultipleLocator(0.1))
    plot_ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{100 * v:.0f}%"))
    plot_ax.tick_params(axis="x", labelsize=9)
    plot_ax.set_yticks([])
    for side in ("left", "right", "top"):
        plot_ax.spines[side].set_visible(False)
    plot_ax.grid(axis="x", which="major", color="#eeeeee", lw=0.6, zorder=0)
    plot_ax.set_xlabel(f"{result.outcome + ' ' if result.outcome else ''}proportion (%)", size=9.5)

    by = f" by {result.by.replace('_', ' ')}" if result.by and len(result.subgroups) >= 2 else ""
    name = OUTCOME_NAMES.get(result.outcome)
    outcome = f"{name} ({result.outcome})" if name else (result.outcome or "Proportion")
    heading = title or f"{outcome}: random-effects meta-analysis{by}"
    figure.suptitle(heading, x=0.02, y=1 - 0.18 / height, ha="left", va="top", size=12.5, weight="bold")
    figure.text(0.02, 0.08 / height, footnote(result), ha="left", va="bottom", size=8, color=MUTED,
                linespacing=1.4)
    return figure


def label_column_inches(rows: list[ForestRow]) -> float:
    """Room for the longest study or estimate label, so that none runs into the counts."""
    longest = max((len(r.label) + (2 if r.kind == "study" else 0) for r in rows if r.kind != "text"), default=0)
    return max(MIN_LABEL_INCHES, LABEL_INCHES_PER_CHAR * longest + 0.2)


def row_positions(rows: list[ForestRow]) -> list[float]:
    """y of each row: one per row, with air before each group heading and before the overall."""
    positions, y = [], 0.0
    for i, row in enumerate(rows):
        if i and (row.kind == "heading" or row.kind == "overall"):
            y += 0.5
        positions.append(y)
        y += 1.0
    return positions


def _mark_clipped(ax, row, y, low_x, high_x, colour):
    """An arrowhead where an interval runs off the axis (raw-scale intervals can leave [0, 1])."""
    if row.low is not None and row.low < low_x:
        ax.plot([low_x], [y], marker="<", color=colour, markersize=6, clip_on=False, zorder=3)
    if row.high is not None and row.high > high_x:
        ax.plot([high_x], [y], marker=">", color=colour, markersize=6, clip_on=False, zorder=3)


def _clip(value, low, high):
    if value is None:
        return None
    return min(max(value, low), high)
