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

COMMAND_MODULES = {
    "extract": "evidence.cli.extract",
    "pool": "evidence.cli.pool",
    "studies": "evidence.cli.studies",
    "eval": "evidence.cli.eval",
    "compare": "evidence.cli.compare",
    "summarize": "evidence.cli.summarize",
    "report": "evidence.cli.report",
    "run": "evidence.cli.run",
}


class CommandGroup(click.Group):
    """A group that imports a command's module only when that command is asked for.

    `evidence pool` then loads the pool command alone, not the extraction pipeline that the
    `extract` and `run` modules import; `evidence --help` still lists (and loads) them all.
    """

    def list_commands(self, ctx):
        return sorted(set(self.commands) | {name for name in COMMAND_MODULES if self.get_command(ctx, name)})

    def get_command(self, ctx, name):
        if name not in self.commands and name in COMMAND_MODULES:
            import importlib

            module_name = COMMAND_MODULES[name]
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                return None  # the command is not built yet
            self.add_command(module.command, name)
        return super().get_command(ctx, name)


@click.group(cls=CommandGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="evidence")
def main():
    """Turn clinical articles into evidence a reviewer can trust.

    \b
    Example:
      evidence extract papers/ -o outputs/evidence.csv
      evidence pool outputs/evidence.csv --outcome CR --by target_relation
    """
