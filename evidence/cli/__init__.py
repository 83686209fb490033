"""The `evidence` command line: a thin layer over the library.

Each command lives in its own module, parses options, calls one public function of `evidence`,
renders the result with rich, and turns `evidence.errors.EvidenceError` into a
`click.ClickException`. Command modules import heavy libraries (spaCy, pdfplumber) only inside
the command body, so `evidence pool` starts without the NLP and PDF stack.

Exit status of every command: 0 done; 1 an `Error:` line (the library's errors), or some input
files of `extract`/`run` could not be read; 2 usage errors (click's); 130 interrupted.
"""
from __future__ import annotations

import click

from evidence import __version__

COMMAND_MODULES = (
    "evidence.cli.extract",
    "evidence.cli.pool",
    "evidence.cli.studies",
    "evidence.cli.eval",
    "evidence.cli.compare",
    "evidence.cli.summarize",
    "evidence.cli.report",
    "evidence.cli.run",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence")
def main():
    """Turn clinical articles into evidence a reviewer can trust.

    \b
    Example:
      evidence extract papers/ -o outputs/evidence.csv
      evidence pool outputs/evidence.csv --outcome CR --by target_relation
    """


def _register_commands():
    import importlib

    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:  # the command is not built yet
                continue
            raise
        main.add_command(module.command)


_register_commands()
