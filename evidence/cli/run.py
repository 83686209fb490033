"""`evidence run PATH... [-o DIR]`: extract, link, pool, compare, summarize and report in one go."""
from __future__ import annotations

import os
import sys

import click

from evidence.cli.common import library_errors, print_table, reading_files, stdout_console
from evidence.pipeline import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from evidence.safetext import for_terminal

DEFAULT_OUT_DIR = "outputs"


@click.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("-o", "--out-dir", default=DEFAULT_OUT_DIR, show_default=True, type=click.Path(file_okay=False),
              help="Folder for every output.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Files read at once, each by a worker process, while as many more analyse what was read "
                   "[default: all cores].")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              help="Seconds one file may take before it is stopped and listed as failed (0: no limit).")
@click.option("--max-memory", "memory_mb", type=click.IntRange(min=0), default=DEFAULT_MEMORY_MB,
              show_default=True, help="Megabytes of memory a worker may take to read one file; a file needing more fails (0: no limit).")
@click.option("--no-cache", is_flag=True, help="Read every file again, ignoring the cache of earlier runs.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where results of earlier runs are kept [default: ~/.cache/evidence or $EVIDENCE_CACHE_DIR].")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines, only the summary.")
def command(paths, out_dir, jobs, timeout, memory_mb, no_cache, cache_dir, quiet):
    """Read every article under PATHS and write every output into a folder.

    The evidence table, the studies and their conflicts, CR and ORR pooled by target relation
    (same versus different) with forest plots, the studies side by side, the plain summary, the
    draft summary of findings, the methods text, and report.html with all of it. Files that
    cannot be read are listed at the end (exit status 1); the outputs still hold the rest.

    \b
    Example:
      evidence run corpora/car-t-retreatment -o outputs/
    """
    from evidence.outputs.run import run_all

    from evidence.outputs.run import READABLE_OUTPUTS

    def interrupted(done, total):
        return (f"Interrupted after {done} of {total} files ({total - done} not read): nothing was written; "
                f"{out_dir} is as it was.")

    exclude = [os.path.join(out_dir, name) for name in READABLE_OUTPUTS]
    with library_errors(), reading_files(paths, quiet, interrupted, exclude=exclude) as on_file:
        outcome = run_all(paths, out_dir, on_file=on_file, jobs=jobs or os.cpu_count() or 1,
                          cache_dir=cache_dir, use_cache=not no_cache, timeout=timeout or None,
                          memory_mb=memory_mb or None)
    render(outcome, stdout_console())
    if outcome.failures:
        sys.exit(1)


def _share(pooled, group: str) -> str:
    """ "37% [21, 56] (5 studies, 36/107)", or "(6 cohorts from 5 studies, ...)" when a study gave two."""
    estimate = pooled.estimate(group)
    if estimate is None:
        return "–"
    studies = pooled.n_studies(group)
    where = f"{studies} {'study' if studies == 1 else 'studies'}"
    if estimate.k != studies:
        where = f"{estimate.k} cohorts from {where}"
    return (f"{100 * estimate.proportion:.0f}% [{100 * estimate.ci_low:.0f}, {100 * estimate.ci_high:.0f}] "
            f"({where}, {estimate.events}/{estimate.total})")


def render(outcome, console) -> None:
    """A short summary: what was read, what was pooled, where the files are."""
    from rich import box
    from rich.table import Table

    takeaways = outcome.takeaways
    book = takeaways.book
    read = sum(1 for f in book.figures if not f.derived)
    facts = Table(title="Run", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False, show_header=False)
    facts.add_column("what")
    facts.add_column("value")
    facts.add_row("documents", str(len(outcome.extract.result.documents)))
    facts.add_row("figures", f"{read} read, {len(book.figures) - read} derived")
    facts.add_row("studies", f"{len(book.studies)} ({len(book.retreatment_studies)} retreatment after failure)")
    facts.add_row("conflicts", str(len(book.conflicts)))
    console.print(facts)
    pooled = Table(title="Pooled (random effects, 95% CI)", title_justify="left", box=box.SIMPLE_HEAD,
                   show_edge=False)
    for name in ("outcome", "same target", "different target"):
        pooled.add_column(name)
    for key in ("CR", "ORR"):
        result = takeaways.pools[key]
        pooled.add_row(key, _share(result, "same"), _share(result, "different"))
    print_table(console, pooled)
    folder = outcome.files[0].parent if outcome.files else ""
    # paths are never broken across lines (soft_wrap), so they can be copied
    console.print(f"Wrote {len(outcome.files)} files to {folder}/: " + ", ".join(p.name for p in outcome.files),
                  markup=False, soft_wrap=True)
    console.print(f"Open {folder}/report.html in a browser for the whole report.", markup=False, soft_wrap=True)
    if outcome.failures:
        console.print(f"{len(outcome.failures)} files failed:")
        for failure in outcome.failures:
            console.print(f"  {for_terminal(failure.name)}: {failure.reason}", markup=False, soft_wrap=True)
