"""`evidence pool TABLE --outcome CR [--by target_relation]`: random-effects meta-analysis."""
from __future__ import annotations

import json
import re
from pathlib import Path

import click

from evidence.cli.common import library_errors, print_table, stdout_console
from evidence.meta.settings import (CI_KINDS, DEFAULT_CI, DEFAULT_LEVEL, DEFAULT_METHOD, DEFAULT_PI,
                                    DEFAULT_TRANSFORM, METHODS, PI_KINDS, TRANSFORMS)


@click.command("pool")
@click.argument("table", type=click.Path(exists=True, dir_okay=True))
@click.option("--outcome", required=True, metavar="OUTCOME", callback=lambda ctx, param, value: canonical_outcome(value),
              help="Outcome to pool, e.g. CR or cr (for a plain study table it only labels the output).")
@click.option("--grade", default="", metavar="GRADE",
              help="Toxicity grade to pool (any, '>=3', ...); required when the table reports the outcome "
                   "at several grades, which are never pooled together.")
@click.option("--by", "by", metavar="COLUMN", default=None,
              help="Column whose values are the subgroups, e.g. target_relation (empty values: 'unknown').")
@click.option("--transform", type=click.Choice(list(TRANSFORMS)), default=DEFAULT_TRANSFORM,
              show_default=True, help="Scale on which proportions are pooled.")
@click.option("--method", type=click.Choice(list(METHODS)), default=DEFAULT_METHOD,
              show_default=True, help="tau² estimator, or GLMM for the binomial-normal model (logit only).")
@click.option("--ci", type=click.Choice(list(CI_KINDS)), default=DEFAULT_CI, show_default=True,
              help="Wald (z) or Hartung-Knapp-Sidik-Jonkman (hksj) intervals for pooled estimates.")
@click.option("--level", type=click.FloatRange(0.5, 1.0, max_open=True), default=DEFAULT_LEVEL,
              show_default=True, help="Confidence level.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
@click.option("--plot", "plot_stem", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="Where to write the forest plot: a stem (.png and .svg are written) or one file "
                   "ending in .png, .svg or .pdf [default: forest_<OUTCOME>[_by_<COLUMN>] beside TABLE].")
@click.option("--no-plot", is_flag=True, help="Do not draw the forest plot.")
@click.option("--overall/--no-overall", default=None,
              help="Show the overall diamond in the forest plot [default: only when no subgroups are compared].")
@click.option("--pi", "pi", type=click.Choice(list(PI_KINDS)), default=DEFAULT_PI, show_default=True,
              help="Prediction interval shown: normal (metafor's predict) or hts (t with k-2 df, "
                   "Higgins-Thompson-Spiegelhalter); the JSON always holds both.")
@click.option("--leave-one-out", is_flag=True,
              help="Also pool all studies but one, for each study (overall and in each group; table and plot).")
@click.option("--influence", "influence", is_flag=True,
              help="Influence diagnostics (metafor's influence) and a Baujat plot.")
@click.option("--small-study", is_flag=True,
              help="Egger-type regression test (metafor's regtest) and a funnel plot.")
@click.option("--cumulative", is_flag=True,
              help="Cumulative meta-analysis by the table's year column (table order without one).")
@click.option("--r-script", "r_script", type=click.Path(dir_okay=False), default=None, metavar="PATH",
              help="Where to write the metafor script that reproduces the result "
                   "[default: pooled_<OUTCOME>.R beside the forest plot].")
def command(table, outcome, grade, by, transform, method, ci, level, as_json, plot_stem, no_plot, overall, pi,
            leave_one_out, influence, small_study, cumulative, r_script):
    """Pool the proportion of patients with OUTCOME across the studies in TABLE.

    TABLE is an evidence table (reduced to one row per study or independent subgroup; see
    `evidence.meta.data.pool_rows_from_evidence` for the rule) or a plain CSV with columns
    study,events,total[,group]. Estimates agree with R's metafor (escalc + rma, rma.glmm).

    \b
    Examples:
      evidence pool outputs/evidence.csv --outcome CR --by target_relation
      evidence pool studies.csv --outcome CR --by group --method DL --ci hksj --json
      evidence pool outputs/evidence.csv --outcome CRS --grade '>=3'
    """
    from evidence.meta.analysis import pool
    from evidence.pool_input import rows_to_pool

    with library_errors():
        excluded: list = []
        rows = rows_to_pool(table, outcome, by, grade, excluded=excluded)
        result = pool(rows, transform, method, ci, level=level, outcome=outcome, by=by or "", pi=pi,
                      excluded=excluded)
        stem = Path(plot_stem) if plot_stem else default_plot_stem(table, outcome, by)
        loo = None
        if leave_one_out:
            from evidence.meta.sensitivity import leave_one_out as leave_each_out

            loo = leave_each_out(rows, transform, method, ci, level=level) if len(rows) > 1 else []
        from evidence.cli.pool_extras import diagnostics_for

        extras, extra_plots = diagnostics_for(result, rows, leave_one_out=leave_one_out, influence=influence,
                                              small_study=small_study, cumulative=cumulative,
                                              stem=None if no_plot else stem)
        plots, forest_plots = [], []
        if not no_plot:
            from evidence.meta.forest import plot

            derived = frozenset(r.study for r in rows if getattr(r, "derived", False))
            plots = plot(result, stem, overall=overall, derived=derived)
        forest_plots = list(plots)
        plots += extra_plots
        script = None
        if r_script or not no_plot:
            from evidence.outputs.rscript import write_r_script

            script = write_r_script(result, r_script or stem.with_name(default_r_script_name(outcome, by)))

    if as_json:
        payload = result.to_json()
        payload["plots"] = [str(p) for p in plots]
        payload["r_script"] = str(script) if script else None
        if loo is not None:
            payload["leave_one_out"] = [item.to_json() for item in loo]
        payload.update(extras)
        click.echo(json.dumps(payload, indent=1, allow_nan=False, default=_json_default))
        return
    console = stdout_console()
    render(result, console)
    if loo is not None:
        render_leave_one_out(loo, console)
    from evidence.cli.pool_extras import render_extras

    render_extras(extras, console)
    if script:  # whole paths, one per line: never wrapped mid-name
        click.echo(f"metafor script: {script}")
    for path in extra_plots:
        click.echo(f"Plot: {path}")
    for path in forest_plots:
        click.echo(f"Forest plot: {path}")


def _json_default(value):
    import math

    try:
        number = float(value)
    except (TypeError, ValueError):
        raise TypeError(f"not JSON serialisable: {value!r}") from None
    return number if math.isfinite(number) else None


def default_r_script_name(outcome: str, by: str | None) -> str:
    name = f"pooled_{outcome}" + (f"_by_{by}" if by else "")
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name) + ".R"


def canonical_outcome(value: str) -> str:
    """ "cr" -> "CR": an outcome of the evidence table in any case; other labels as given."""
    from evidence.schema import OUTCOMES

    upper = value.strip().upper()
    return upper if upper in OUTCOMES else value


def default_plot_stem(table, outcome: str, by: str | None) -> Path:
    """Beside the table (in it, for a folder), never in the working directory's outputs/."""
    table = Path(table)
    folder = table if table.is_dir() else table.parent
    name = f"forest_{outcome}" + (f"_by_{by}" if by else "")
    return folder / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _pct(value, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}"


def _interval(low, high) -> str:
    if low is None and high is None:
        return "–"
    return f"[{_pct(low)}, {_pct(high)}]"


def _estimate(value, low, high) -> str:
    return f"{_pct(value)}% {_interval(low, high)}"


def _num(value, fmt: str = ".3g") -> str:
    return "–" if value is None else format(value, fmt)


def _p(value) -> str:
    if value is None:
        return "–"
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def _p_clause(value) -> str:
    return "p < 0.001" if value is not None and value < 0.001 else f"p = {_p(value)}"


def grouped_studies(result) -> list:
    """The studies, those of one subgroup together, in the order of the subgroups."""
    order = {group: i for i, group in enumerate(result.subgroups)}
    return sorted(result.studies, key=lambda s: order.get(s.group, len(order)))


def render(result, console) -> None:
    """The result as rich tables: studies, pooled estimates, tests, notes."""
    from rich import box
    from rich.table import Table

    s = result.settings
    title = (f"{result.outcome or 'Proportion'}: random-effects meta-analysis "
             f"({s.method}, {s.transform}, {s.ci} {100 * s.level:g}% CI)")
    grouped = len(result.subgroups) >= 2
    studies = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    studies.add_column("study")
    if grouped:
        studies.add_column("group")
    level = f"{100 * s.level:g}%"
    for name in ("events/n", f"% [{level} exact CI]", "weight"):
        studies.add_column(name, justify="right", no_wrap=True)
    ordered = grouped_studies(result)
    for i, study in enumerate(ordered):
        cells = [study.study] + ([study.group] if grouped else [])
        cells += [f"{study.events}/{study.total}", _estimate(study.proportion, study.ci_low, study.ci_high),
                  "–" if study.weight is None else f"{study.weight:.1f}%"]
        last_of_group = grouped and i + 1 < len(ordered) and ordered[i + 1].group != study.group
        studies.add_row(*cells, end_section=last_of_group)
    print_table(console, studies)

    pooled = Table(title="Pooled", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    pooled.add_column("", min_width=9)
    prediction = "prediction" if s.pi == "normal" else "prediction t(k-2)"
    for name in ("k", f"% [{level} CI]", prediction, "τ²", "I²", "Q (p)"):
        pooled.add_column(name, justify="right", no_wrap=True)
    entries = [("overall", result.overall)] + (list(result.subgroups.items()) if grouped else [])
    for label, estimate in entries:
        pooled.add_row(label, str(estimate.k),
                       _estimate(estimate.proportion, estimate.ci_low, estimate.ci_high),
                       _interval(estimate.pi_low, estimate.pi_high), _num(estimate.tau2),
                       "–" if estimate.I2 is None else f"{estimate.I2:.0f}%",
                       "–" if estimate.Q is None else f"{estimate.Q:.1f} ({_p(estimate.Q_p)})")
    print_table(console, pooled)
    if result.between is not None:
        b = result.between
        console.print(f"Subgroup differences, τ² within groups: Q = {b.Q:.2f}, df = {b.df}, {_p_clause(b.p)}")
    for group, reason in result.not_estimable.items():
        console.print(f"Not estimable: group {group!r}: {reason}")
    for item in result.excluded:
        console.print(f"Left out: {item['study']}: {item['reason']}")
    if result.moderator is not None:
        m = result.moderator
        name = "F" if m.statistic == "F" else "QM"
        if m.QM is None:
            console.print(f"Subgroup differences, one shared τ² ({_num(m.tau2)}): {name} undefined ({m.reason})")
        else:
            console.print(f"Subgroup differences, one shared τ² ({_num(m.tau2)}): "
                          f"{name} = {m.QM:.2f}, df = {m.QM_df}, {_p_clause(m.QM_p)}")
    for note in result.notes:
        console.print(f"Note: {note}")


def render_leave_one_out(items, console) -> None:
    from rich.table import Table

    if not items:
        console.print("Leave-one-out: needs at least two studies.")
        return
    from rich import box

    table = Table(title="Leave one out", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    for name in ("omitted", "k", "% [CI]", "τ²", "I²"):
        table.add_column(name, justify="left" if name == "omitted" else "right")
    for item in items:
        p = item.pooled
        table.add_row(item.omitted, str(p.k), _estimate(p.proportion, p.ci_low, p.ci_high),
                      _num(p.tau2), "–" if p.I2 is None else f"{p.I2:.0f}%")
    print_table(console, table)
