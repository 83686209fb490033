"""`evidence extract PATH... -o OUT`: read articles and write the evidence table."""
from __future__ import annotations

import os
import sys

import click

from evidence.cli.common import Progress, interrupts_as_keyboard_interrupt, library_errors

DEFAULT_OUTPUT = "outputs/evidence.csv"


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", default=DEFAULT_OUTPUT, show_default=True,
              help="Table to write: .csv, .jsonl, .parquet or .xlsx by suffix.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes reading files in parallel [default: all cores].")
@click.option("--no-cache", is_flag=True, help="Read every file again, ignoring the cache of earlier runs.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where results of earlier runs are kept [default: ~/.cache/evidence or $EVIDENCE_CACHE_DIR].")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines, only the summary.")
def command(paths, output, jobs, no_cache, cache_dir, quiet):
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

            with interrupts_as_keyboard_interrupt():
                try:
                    outcome = run_extract(paths, output, on_file=on_file, jobs=jobs or os.cpu_count() or 1,
                                          cache_dir=cache_dir, use_cache=not no_cache)
                except KeyboardInterrupt:
                    click.echo(f"Interrupted after {progress.done} of {progress.total} files: nothing was written; "
                               f"{output} is as it was.", err=True)
                    sys.exit(130)
    result = outcome.result
    click.echo(f"Read {len(result.documents)} documents; found {len(result.figures)} figures.")
    click.echo(f"Wrote {outcome.table_path}")
    if result.failures:
        click.echo(f"{len(result.failures)} files failed:")
        for failure in result.failures:
            click.echo(f"  {failure.name}: {failure.reason}")
        sys.exit(1)
