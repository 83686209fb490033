"""`evidence extract PATH... -o OUT`: read articles and write the evidence table."""
from __future__ import annotations

import sys

import click

from evidence.cli.common import Progress, library_errors

DEFAULT_OUTPUT = "outputs/evidence.csv"


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", default=DEFAULT_OUTPUT, show_default=True,
              help="Table to write: .csv, .jsonl, .parquet or .xlsx by suffix.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines, only the summary.")
def command(paths, output, quiet):
    """Read every article under PATHS and write the evidence table.

    PDF, plain text, Markdown, HTML, JATS/PMC XML and PubMed XML are read. Files that cannot be
    read are listed at the end; the table still holds the rest (exit status 1).

    \b
    Example:
      evidence extract papers/ -o outputs/evidence.csv
    """
    from evidence.extraction import run_extract

    with library_errors():
        from evidence.pipeline import count_inputs

        with Progress(count_inputs(paths), quiet=quiet) as progress:
            def on_file(result):
                if result.failure:
                    progress.advance(f"failed {result.name}: {result.failure.reason}")
                else:
                    progress.advance(f"read {result.name}: {len(result.figures)} figures")

            outcome = run_extract(paths, output, on_file=on_file)
    result = outcome.result
    click.echo(f"Read {len(result.documents)} documents; found {len(result.figures)} figures.")
    click.echo(f"Wrote {outcome.table_path}")
    if result.failures:
        click.echo(f"{len(result.failures)} files failed:")
        for failure in result.failures:
            click.echo(f"  {failure.name}: {failure.reason}")
        sys.exit(1)
