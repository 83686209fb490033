"""Diagnostic plots beside the forest plot: funnel, Baujat and leave-one-out (PNG and SVG).

    funnel(y, v, estimate, names, stem)         effects against their standard errors, with the
                                                pooled estimate and its 95% pseudo-confidence funnel
    baujat(x, influence, names, stem)           metafor's `baujat`: each study's squared residual
                                                (x) against its influence on the pooled estimate
                                                (y); coordinates from `diagnostics.baujat`
    leave_one_out_plot(table, names, back, stem)   the pooled proportion without each study

matplotlib is imported here only; every plot is written atomically as stem.png and stem.svg.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

FORMATS = ("png", "svg")


def _save(figure, stem) -> list[Path]:
    from evidence.errors import OutputError
    from evidence.tableio import atomic_path

    stem = Path(stem)
    written = []
    for fmt in FORMATS:
        target = stem.with_name(f"{stem.name}.{fmt}")
        try:
            with atomic_path(target) as tmp:
                figure.savefig(tmp, format=fmt, dpi=150, bbox_inches="tight",
                               metadata={"Date": None} if fmt == "svg" else None)
        except OSError as error:
            raise OutputError(f"{target}: cannot write the plot ({error.strerror or error})") from error
        written.append(target)
    import matplotlib.pyplot as plt

    plt.close(figure)
    return written


def _figure():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(6, 4.5))


def funnel(y, v, estimate: float, stem, *, scale_label: str = "effect", caution: str = "") -> list[Path]:
    y, se = np.asarray(y, float), np.sqrt(np.asarray(v, float))
    figure, ax = _figure()
    top = float(se.max()) * 1.05
    ses = np.linspace(0, top, 50)
    ax.fill_betweenx(ses, estimate - 1.96 * ses, estimate + 1.96 * ses, color="0.92")
    ax.axvline(estimate, color="0.3", lw=1)
    ax.scatter(y, se, color="black", s=18, zorder=3)
    ax.set_ylim(top, 0)
    ax.set_xlabel(f"Effect ({scale_label})")
    ax.set_ylabel("Standard error")
    ax.set_title("Funnel plot" + (f"\n{caution}" if caution else ""), fontsize=9)
    return _save(figure, stem)


def baujat(x, influence, names, stem) -> list[Path]:
    """Coordinates from `diagnostics.baujat`; a study with an undefined coordinate is left out."""
    figure, ax = _figure()
    points = [(xi, yi, name) for xi, yi, name in zip(x, influence, names) if xi is not None and yi is not None]
    ax.scatter([p[0] for p in points], [p[1] for p in points], s=12, color="0.4")
    for xi, yi, name in points:
        ax.annotate(str(name), (xi, yi), fontsize=7, xytext=(3, 3), textcoords="offset points")
    ax.set_xlabel("Contribution to overall heterogeneity (term of Q)")
    ax.set_ylabel("Influence on the overall result")
    ax.set_title("Baujat plot", fontsize=9)
    return _save(figure, stem)


def leave_one_out_plot(names, proportions, lows, highs, overall, stem, title="Leave one out") -> list[Path]:
    figure, ax = _figure()
    n = len(names)
    rows = np.arange(n)[::-1]
    ax.hlines(rows, lows, highs, color="black", lw=1)
    ax.scatter(proportions, rows, color="black", s=16, zorder=3)
    ax.axvline(overall, color="0.5", ls="--", lw=1)
    ax.set_yticks(rows)
    ax.set_yticklabels([f"without {name}" for name in names], fontsize=7)
    ax.set_xlabel("Pooled proportion")
    ax.set_title(title, fontsize=9)
    figure.set_size_inches(6, max(2.5, 0.3 * n + 1))
    return _save(figure, stem)
