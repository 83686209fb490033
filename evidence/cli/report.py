"""`evidence report TABLE -o FILE.html`: one self-contained page for reviewers."""
from __future__ import annotations

import click

from evidence.cli.common import library_errors

DEFAULT_OUTPUT = "outputs/report.html"


@click.command("report")
@click.argument("table", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=DEFAULT_OUTPUT, show_default=True,
              metavar="FILE.html", help="The page to write.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="Fix links: CSV (document,study) or JSON ({document: study}); same label = same study.")
def command(table, output, map_path):
    """Write one HTML page with everything a reviewer checks, drawn from TABLE.

    The evidence table (each figure's sentence with its number highlighted; filter and sort it),
    the studies, how their reports were linked and where they disagree, the pooled results with
    forest plots, the draft summary of findings, the plain summary and the methods text. The page
    works offline and makes no outside requests; article text in it is shown, never run.

    \b
    Example:
      evidence report outputs/evidence.csv -o outputs/report.html
    """
    from evidence.outputs.takeaways import report_table

    with library_errors():
        outcome = report_table(table, output, map_path)
    book = outcome.takeaways.book
    plots = ", ".join(sorted(outcome.takeaways.forest_png)) or "none"
    click.echo(f"Wrote {outcome.written}: {len(book.studies)} studies, {len(book.figures)} figures, "
               f"{len(book.conflicts)} conflicts; forest plots: {plots}.")
