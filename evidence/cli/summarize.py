"""`evidence summarize TABLE [-o FILE.md|.html]`: a plain-language summary for patients and advocates."""
from __future__ import annotations

import click

from evidence.cli.common import library_errors, stdout_console


@click.command("summarize")
@click.argument("table", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write the summary: .md or .html (a page with no scripts), by suffix.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="Fix links: CSV (document,study) or JSON ({document: study}); same label = same study.")
def command(table, output, map_path):
    """Say in plain words what TABLE shows about a second CAR-T infusion after the first failed.

    How often it worked with the same target and with a different one (as "about 2 in every 10
    people"), the side effects, how sure we can be, and what is not known. Every number comes
    from the pooled results or the studies in TABLE. It gives no medical advice.

    \b
    Examples:
      evidence summarize outputs/evidence.csv
      evidence summarize outputs/evidence.csv -o outputs/summary.html
    """
    from evidence.outputs.takeaways import summarize_table

    with library_errors():
        outcome = summarize_table(table, output, map_path)
    console = stdout_console()
    render(outcome.summary, console)
    if outcome.written is not None:
        console.print(f"Wrote {outcome.written}", markup=False, soft_wrap=True)


def render(summary, console) -> None:
    from rich.text import Text

    console.print(Text(summary.title, style="bold"))
    for section in summary.sections:
        console.print()
        console.print(Text(section.heading, style="bold"))
        console.print(" ".join(s.text for s in section.sentences), markup=False)
