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
    """Precision, recall and F1 of TABLE against GOLD, overall, per level and per outcome.

    Missed and wrong figures are listed (a wrong figure has the right outcome and population but
    another value). The matching rules are documented in `evidence.evaluate`.

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
    for column in ("", "precision", "recall", "F1", "correct", "gold", "found"):
        table.add_column(column, justify="left" if not column else "right")

    def add(label, score, precision=True):
        table.add_row(label, _pct(score.precision) if precision else "", _pct(score.recall),
                      _pct(score.f1) if precision else "", str(score.correct), str(score.gold),
                      str(score.found) if precision else "")

    add("overall", evaluation.overall)
    for level, score in evaluation.by_level.items():
        add(f"level {level}", score, precision=False)
    for outcome, score in evaluation.by_outcome.items():
        add(outcome, score)
    console.print(table)
    console.print(f"wrong values: {len(evaluation.wrong)}; missed: {len(evaluation.missed)}; "
                  f"not in gold: {len(evaluation.extra)}; derived, not in gold: {len(evaluation.derived_extra)}")
    for item in evaluation.wrong:
        g, f = item["gold"], item["found"]
        console.print(f"  wrong {g['document']} {g['outcome']}: gold {g['value']:.4g}, found {f['value']:.4g}")
    for g in evaluation.missed:
        where = ", ".join(f"{k}={g[k]}" for k in ("disease", "infusion", "subgroup", "grade") if g.get(k) not in (None, ""))
        console.print(f"  missed {g['document']} {g['outcome']} {g['measure']} {g['value']:.4g} {where}".rstrip())
