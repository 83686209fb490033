"""Helpers every command shares: error translation, consoles, progress that fits the terminal."""
from __future__ import annotations

import contextlib
import sys

import click

from evidence.errors import EvidenceError


@contextlib.contextmanager
def library_errors():
    """Turn the library's errors into click errors (exit 1 with an `Error:` line)."""
    try:
        yield
    except EvidenceError as error:
        exception = click.ClickException(str(error))
        exception.exit_code = getattr(error, "exit_code", exception.exit_code)
        raise exception from error


@contextlib.contextmanager
def interrupts_as_keyboard_interrupt():
    """SIGTERM ends a run the way Ctrl-C does, so atomic writes are abandoned cleanly."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not in the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def reading_files(paths, quiet: bool, interrupted, exclude=()):
    """Progress over the files under `paths` (but `exclude`) while the body reads them: yields the
    `on_file` callback for the pipeline. Ctrl-C or SIGTERM ends the command with the message
    `interrupted(done, total)` and exit status 130. File names are shown escaped (`for_terminal`),
    so a name cannot print lines of its own."""
    from evidence.pipeline import count_inputs
    from evidence.safetext import for_terminal

    with Progress(count_inputs(paths, exclude), quiet=quiet) as progress:
        def on_file(result):
            name = for_terminal(result.name)
            if result.failure:
                progress.advance(f"failed {name}: {result.failure.reason}")
            else:
                progress.advance(f"read {name}: {len(result.figures)} figures")

        with interrupts_as_keyboard_interrupt():
            try:
                yield on_file
            except KeyboardInterrupt:
                click.echo(interrupted(progress.done, progress.total), err=True)
                sys.exit(130)


def stdout_console():
    from rich.console import Console

    return Console(file=SafeStream(sys.stdout), highlight=False, soft_wrap=False)


def stderr_console():
    from rich.console import Console

    return Console(file=SafeStream(sys.stderr), highlight=False)


class SafeStream:
    """A text stream that neutralises bidirectional controls in what is written to it (so a title
    cannot reorder what the terminal shows); everything else is the wrapped stream's."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        from evidence.safetext import safe_text

        return self._stream.write(safe_text(text))

    def __getattr__(self, name):
        return getattr(self._stream, name)


class Progress:
    """A rich progress bar on a terminal, plain log lines otherwise, nothing with `quiet`."""

    def __init__(self, total: int, quiet: bool = False, label: str = "Reading"):
        self.total = total
        self.quiet = quiet
        self.label = label
        self.done = 0
        self._bar = None
        self._task = None

    def __enter__(self):
        if not self.quiet and sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn, TimeElapsedColumn

            self._bar = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                TextColumn("{task.fields[current]}"), console=stderr_console(), transient=True,
                auto_refresh=False,  # no refresh thread: worker processes can then be forked, not spawned
            )
            self._bar.__enter__()
            self._task = self._bar.add_task(self.label, total=self.total, current="")
        return self

    def advance(self, message: str) -> None:
        self.done += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, current=message)
            self._bar.refresh()
        elif not self.quiet:
            click.echo(f"[{self.done}/{self.total}] {message}", err=True)

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
        return False


def print_table(console, table) -> None:
    """A rich table when it fits the terminal; else each row as a block of "column: value" lines,
    so that no word is cut (rich would crop the columns that do not fit, without an ellipsis)."""
    if table_fits(table, console.width):
        console.print(table)
        return
    if table.title:
        console.print(table.title, markup=False)
    columns = list(table.columns)
    cells = [[str(c) for c in column.cells] for column in columns]
    headers = [str(column.header) for column in columns]
    for row in range(table.row_count):
        for index, header in enumerate(headers):
            value = cells[index][row] if row < len(cells[index]) else ""
            value = " ".join(value.split())
            if not value:
                continue
            prefix = "  " if index else ""
            console.print(f"{prefix}{header + ': ' if header else ''}{value}", markup=False, highlight=False,
                          soft_wrap=True)  # the terminal wraps the line; nothing is cut


def table_fits(table, width: int) -> bool:
    """Whether rich shows every word of every cell whole at `width` (it crops, folds or ellipsises
    what does not fit)."""
    import io

    from rich.console import Console

    probe = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, soft_wrap=False)
    probe.print(table)
    shown = probe.file.getvalue()
    words = {word for column in table.columns for cell in [column.header, *column.cells] for word in str(cell).split()}
    return all(word in shown for word in words)
