"""`evidence extract PATH... -o OUT`: read articles and write the evidence table."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from evidence.cli.common import library_errors, reading_files
from evidence.pipeline import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from evidence.safetext import for_terminal

DEFAULT_OUTPUT = "outputs/evidence.csv"
DEFAULT_CLUSTER_OUTPUT = "outputs/evidence.parquet"
TABLE_SUFFIXES = (".csv", ".jsonl", ".parquet", ".xlsx")


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--output", default=None,
              help=f"Table to write: .csv, .jsonl, .parquet or .xlsx by suffix [default: {DEFAULT_OUTPUT}; "
                   f"with --scheduler, a folder of Parquet parts, {DEFAULT_CLUSTER_OUTPUT}].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Files read at once, each by a worker process, while as many more analyse what was read "
                   "[default: all cores; with --scheduler "
                   "local, the cluster's workers].")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one file may take before it is stopped and listed as failed (0: no limit).")
@click.option("--max-memory", "memory_mb", type=click.IntRange(min=0), default=DEFAULT_MEMORY_MB,
              show_default=True, help="Megabytes of memory a worker may take to read one file; a file needing more fails (0: no limit).")
@click.option("--no-cache", is_flag=True, help="Read every file again, ignoring the cache of earlier runs.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where results of earlier runs are kept [default: ~/.cache/evidence or $EVIDENCE_CACHE_DIR].")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Read the files on a Dask cluster: the scheduler's address (tcp://HOST:8786), or "
                   "'local' for a cluster on this machine. Needs `pip install 'evidence[dask]'`.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link reports of one study: fill the study column, flag conflicts, append derived rows.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines, only the summary.")
def command(paths, output, jobs, timeout, memory_mb, no_cache, cache_dir, scheduler, link, quiet):
    """Read every article under PATHS and write the evidence table.

    PDF, plain text, Markdown, HTML, JATS/PMC XML and PubMed XML are read. Files that cannot be
    read are listed at the end; the table still holds the rest (exit status 1).

    \b
    Examples:
      evidence extract papers/ -o outputs/evidence.csv
      evidence extract papers/ --scheduler tcp://10.0.0.5:8786 -o outputs/evidence.parquet
    """
    from evidence.extraction import run_extract

    output = output or (DEFAULT_CLUSTER_OUTPUT if scheduler else DEFAULT_OUTPUT)
    suffix = Path(output).suffix.lower()
    if scheduler and suffix != ".parquet":
        raise click.BadParameter("with --scheduler the table is a folder of Parquet parts: "
                                 "name it FOLDER.parquet", param_hint="'-o' / '--output'")
    if suffix not in TABLE_SUFFIXES:
        raise click.BadParameter(f"unknown table format {suffix or '(none)'}; use one of "
                                 f"{', '.join(TABLE_SUFFIXES)}", param_hint="'-o' / '--output'")
    def interrupted(done, total):
        return (f"Interrupted after {done} of {total} files ({total - done} not read): nothing was written; "
                f"{output} is as it was.")

    with library_errors(), reading_files(paths, quiet, interrupted, exclude=[output]) as on_file:
        outcome = run_extract(paths, output, on_file=on_file, jobs=jobs or os.cpu_count() or 1,
                              cache_dir=cache_dir, use_cache=not no_cache,
                              timeout=timeout or None, scheduler=scheduler, link=link,
                              memory_mb=memory_mb or None, skip_unchanged=True)
    result, earlier = outcome.result, outcome.unchanged
    if earlier is not None:
        click.echo(f"Read {earlier.documents} documents; found {earlier.figures} figures (as the last run: no file, "
                   "code or option changed).")
        click.echo(f"Unchanged {outcome.table_path}: it is what the last run wrote")
        warnings = list(earlier.warnings)
        warned = len(dict.fromkeys(name for name, _ in warnings))
    else:
        click.echo(f"Read {len(result.documents)} documents; found {len(result.figures)} figures.")
        click.echo(f"Wrote {outcome.table_path}")
        warnings = [(d.name, warning) for d in result.documents for warning in d.warnings]
        warned = sum(1 for d in result.documents if d.warnings)
    if warnings:
        click.echo(f"{warned} documents read with warnings (their figures carry the flag):")
        for name, warning in warnings:
            click.echo(f"  {name}: {warning}")
    if result.failures:
        click.echo(f"{len(result.failures)} files failed:")
        for failure in result.failures:
            click.echo(f"  {for_terminal(failure.name)}: {failure.reason}")
        sys.exit(1)
