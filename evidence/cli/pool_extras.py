"""The optional diagnostics of `evidence pool`: leave-one-out per group, influence, small-study
test and cumulative analysis (numbers from `evidence.meta.diagnostics`, plots from
`evidence.meta.diagnostic_plots`), as JSON-ready dicts and rich tables."""
from __future__ import annotations

import numpy as np

from evidence.errors import PoolingError


def diagnostics_for(result, rows, *, leave_one_out=False, influence=False, small_study=False,
                    cumulative=False, stem=None):
    """({json key: value}, [plot paths]). A diagnostic that cannot be computed is
    {"error": reason}, never an aborted analysis."""
    s = result.settings
    out, written = {}, []
    wanted = leave_one_out or influence or small_study or cumulative
    if not wanted:
        return out, written
    from evidence.meta import diagnostic_plots as plots
    from evidence.meta import diagnostics

    if s.method == "GLMM":
        reason = ("diagnostics refit inverse-variance models; they are not available for the GLMM "
                  "(choose --method REML or another tau² estimator)")
        return {"diagnostics": {"error": reason}}, written
    y = np.array([st.yi for st in result.studies])
    v = np.array([st.vi for st in result.studies])
    names = [st.study for st in result.studies]
    args = dict(method=s.method, test=s.metafor_test, level=s.level)
    from evidence.meta.transforms import get_transform

    scale = get_transform(s.transform)
    totals = np.array([st.total for st in result.studies], float)

    def attempt(function, *a, **kw):
        try:
            return function(*a, **kw)
        except PoolingError as error:
            return {"error": str(error)}

    if leave_one_out:
        groups = {}
        for group in result.subgroups:
            members = [i for i, st in enumerate(result.studies) if st.group == group]
            if len(members) >= 2:
                table = attempt(diagnostics.leave_one_out, y[members], v[members], **args)
                if "error" not in table:
                    table["omitted"] = [names[i] for i in members]
                groups[group] = table
        out["leave_one_out_groups"] = groups
        if stem is not None and len(y) >= 2:
            table = diagnostics.leave_one_out(y, v, **args)
            back = lambda values: scale.effects_to_proportions(values, totals)  # noqa: E731
            written += plots.leave_one_out_plot(names, back(table["estimate"]), back(table["ci.lb"]),
                                                back(table["ci.ub"]), result.overall.proportion,
                                                stem.with_name(stem.name + "_leave_one_out"))
    if influence:
        out["influence"] = attempt(diagnostics.influence, y, v, names=names, **args)
        coordinates = attempt(diagnostics.baujat, y, v, **args)
        if "error" not in coordinates:
            coordinates["study"] = names
        out["baujat"] = coordinates
        if stem is not None and "error" not in coordinates:
            written += plots.baujat(coordinates["x"], coordinates["y"], names,
                                    stem.with_name(stem.name + "_baujat"))
    if small_study:
        table = attempt(diagnostics.regtest, y, v, **args)
        out["regtest"] = table
        if stem is not None:
            caution = table.get("caution", "") if isinstance(table, dict) else ""
            written += plots.funnel(y, v, result.overall.estimate, stem.with_name(stem.name + "_funnel"),
                                    scale_label=s.transform, caution=caution)
    if cumulative:
        years = [getattr(r, "year", None) for r in rows]
        by_name = {r.study: r for r in rows}
        study_years = [getattr(by_name.get(n), "year", None) for n in names]
        if any(yr is not None for yr in years):
            order = sorted(range(len(names)), key=lambda i: (study_years[i] is None, study_years[i] or 0))
            basis = "year (studies without a year last)"
        else:
            order, basis = list(range(len(names))), "table order (the table has no year column)"
        table = attempt(diagnostics.cumulative, y, v, order, **args)
        if "error" not in table:
            table["study"] = [names[i] for i in order]
            table["ordered_by"] = basis
        out["cumulative"] = table
    return out, written


def render_extras(extras: dict, console) -> None:
    from rich import box
    from rich.table import Table

    def table_of(title, columns, rows):
        t = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
        for i, name in enumerate(columns):
            t.add_column(name, justify="left" if i == 0 else "right")
        for row in rows:
            t.add_row(*row)
        console.print(t)

    if "diagnostics" in extras:
        console.print(f"Diagnostics: {extras['diagnostics']['error']}")
    for group, table in extras.get("leave_one_out_groups", {}).items():
        if "error" in table:
            console.print(f"Leave one out in group {group!r}: {table['error']}")
            continue
        table_of(f"Leave one out, group {group}", ("omitted", "estimate", "τ²", "I²"),
                 [(name, f"{e:.3f}", f"{t:.3g}", f"{i:.0f}%") for name, e, t, i in
                  zip(table["omitted"], table["estimate"], table["tau2"], table["I2"])])
    if "influence" in extras:
        t = extras["influence"]
        if "error" in t:
            console.print(f"Influence: {t['error']}")
        else:
            console.print("Influential studies (metafor's criteria): "
                          + (", ".join(t["flagged"]) if t["flagged"] else "none"))
    if "regtest" in extras:
        t = extras["regtest"]
        if "error" in t:
            console.print(f"Regression test for funnel-plot asymmetry: {t['error']}")
        else:
            console.print(f"Regression test for funnel-plot asymmetry: {t['statistic']} = {t['zval']:.2f}, "
                          f"p = {t['pval']:.3f}; limit estimate {t['est']:.3f}"
                          + (f" (caution: {t['caution']})" if "caution" in t else ""))
    if "cumulative" in extras:
        t = extras["cumulative"]
        if "error" in t:
            console.print(f"Cumulative meta-analysis: {t['error']}")
        else:
            table_of(f"Cumulative meta-analysis, by {t['ordered_by']}", ("added", "estimate", "τ²"),
                     [(name, f"{e:.3f}", f"{tau:.3g}") for name, e, tau in
                      zip(t["study"], t["estimate"], t["tau2"])])
