"""`evidence eval TABLE --gold GOLD.jsonl`: how well a table agrees with hand-extracted figures."""
from __future__ import annotations

import json

import click

from evidence.cli.common import library_errors, stdout_console


@click.command("eval")
@click.argument("table", type=click.Path(exists=True, dir_okay=True))
@click.option("--gold", "gold_path", required=True, type=click.Path(exists=True, dir_okay=False),
              help="Gold figures, one JSON object per line.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object and nothing else.")
def command(table, gold_path, as_json):
    """Precision and recall of TABLE against exhaustive GOLD figures, with the field each miss failed.

    Recall is given for core and hard figures and for OTHER outcomes apart; precision over all
    rows and over rows not flagged `uncertain`. The rules are those of ../shared/realdev/README.md
    (documented in `evidence.evaluate`).

    \b
    Example:
      evidence eval outputs/seeds.csv --gold ../shared/gold/seeds.figures.jsonl
    """
    from evidence.evaluate import evaluate_table

    with library_errors():
        evaluation = evaluate_table(table, gold_path)
    if as_json:
        click.echo(json.dumps(evaluation.to_json(), indent=1, default=str))
        return
    render(evaluation, stdout_console())


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render(evaluation, console) -> None:
    from rich.table import Table

    table = Table(title="Agreement with gold", show_lines=False)
    for column in ("", "share", "of"):
        table.add_column(column, justify="left" if not column else "right")
    table.add_row("precision, all rows", _pct(evaluation.precision.precision),
                  f"{evaluation.precision.correct}/{evaluation.precision.rows}")
    table.add_row("precision, not uncertain", _pct(evaluation.precision_unflagged.precision),
                  f"{evaluation.precision_unflagged.correct}/{evaluation.precision_unflagged.rows}")
    table.add_row("recall, overall", _pct(evaluation.recall.recall), f"{evaluation.recall.found}/{evaluation.recall.gold}")
    for level, score in evaluation.by_level.items():
        table.add_row(f"recall, level {level}", _pct(score.recall), f"{score.found}/{score.gold}")
    for outcome, score in evaluation.by_outcome.items():
        table.add_row(f"recall, {outcome}", _pct(score.recall), f"{score.found}/{score.gold}")
    console.print(table)
    near = ", ".join(f"{name} {count}" for name, count in evaluation.near_miss_fields.items()) or "none"
    console.print(f"wrong values: {len(evaluation.wrong)}; missed: {len(evaluation.missed)}; "
                  f"rows not in gold: {len(evaluation.extra)}; fields failed by near misses: {near}")
    for item in evaluation.wrong:
        g, f = item["gold"], item["found"]
        console.print(f"  wrong {g['document']} {g['outcome']}: gold {g['value']:.4g}, found {f['value']:.4g}")
    for g in evaluation.missed:
        where = ", ".join(f"{k}={g[k]}" for k in ("disease", "infusion", "subgroup", "grade") if g.get(k) not in (None, ""))
        failed = f" (failed: {', '.join(g['failed'])})" if g.get("failed") else ""
        console.print(f"  missed {g['document']} {g['outcome']} {g['measure']} {g['value']:.4g} {where}".rstrip() + failed)
