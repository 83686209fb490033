"""`evidence compare TABLE [-o FILE.csv|.xlsx|.md]`: the studies side by side, for guideline writers."""
from __future__ import annotations

import click

from evidence.cli.common import library_errors, print_table, stdout_console

# the terminal shows three narrower tables instead of one wide one
OUTCOME_GROUPS = (("Response and survival", ("CR", "ORR", "DOR", "PFS_OS")),
                  ("Safety and relapse", ("CRS3", "ICANS3", "ANTIGEN_NEG")),
                  ("Comparison group without a second CAR-T", ("COMPARATOR",)))


@click.command("compare")
@click.argument("table", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Also write the comparison: .csv (a source column per figure), .xlsx (sources as "
                   "comments) or .md (sources as footnotes), by suffix.")
@click.option("--map", "map_path", type=click.Path(exists=True, dir_okay=False), default=None, metavar="FILE",
              help="Fix links: CSV (document,study) or JSON ({document: study}); same label = same study.")
def command(table, output, map_path):
    """Put the studies in TABLE side by side: design, n, population, targets, and each outcome.

    TABLE is an evidence table written by `evidence extract`. Each figure is the one linking
    preferred among the study's reports, with events/total where known; † marks figures whose
    reports disagree, ‡ figures derived rather than read.

    \b
    Examples:
      evidence compare outputs/evidence.csv
      evidence compare outputs/evidence.csv -o outputs/comparison.xlsx
    """
    from evidence.outputs.takeaways import compare_table

    with library_errors():
        outcome = compare_table(table, output, map_path)
    console = stdout_console()
    render(outcome.comparison, console)
    if outcome.written is not None:
        console.print(f"Wrote {outcome.written}", markup=False, soft_wrap=True)


def render(comparison, console) -> None:
    """The comparison as rich tables: the studies, then their outcomes in two groups, then the legend."""
    from rich import box
    from rich.table import Table

    from evidence.outputs.compare import STUDY_FIELDS

    studies = Table(title="Studies", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
    for name, label in STUDY_FIELDS:
        studies.add_column(label, justify="right" if name == "n" else "left", min_width=12 if name == "study" else None)
    for row in comparison.rows:
        studies.add_row(*(row.field(name) for name, _ in STUDY_FIELDS))
    print_table(console, studies)
    columns = {c.key: c for c in comparison.columns}
    for title, keys in OUTCOME_GROUPS:
        shown = [columns[k] for k in keys if k in columns]
        outcomes = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, show_edge=False)
        outcomes.add_column("Study", min_width=12)
        for column in shown:
            outcomes.add_column(column.heading)
        for row in comparison.rows:
            outcomes.add_row(row.study.study, *(row.cell(c.key).text.replace("; ", "\n") for c in shown))
        print_table(console, outcomes)
    for line in comparison.legend:
        console.print(line)
    if comparison.left_out:
        console.print("Left out, not retreatment after a failed CAR-T: "
                      + ", ".join(s.study for s in comparison.left_out) + ".")
    console.print("Sources of every figure: evidence compare TABLE -o comparison.md (or .xlsx, .csv).")
