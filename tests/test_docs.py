"""The README's terminal session is real: its commands are run here and their output compared.

`UPDATE_README=1 pytest tests/test_docs.py` rewrites the session from what the commands print now.
Every command also has help text with an example.
"""
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidence.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SESSION = re.compile(r"(<!-- session -->\n```console\n)(.*?)(```\n)", re.DOTALL)
UPDATE = os.environ.get("UPDATE_README") == "1"


def session_commands(block: str) -> list[tuple[str, str]]:
    """(command, expected output) pairs from a console block."""
    pairs, command, output = [], None, []
    for line in block.splitlines():
        if line.startswith("$ "):
            if command is not None:
                pairs.append((command, "\n".join(output)))
            command, output = line[2:], []
        else:
            output.append(line)
    if command is not None:
        pairs.append((command, "\n".join(output)))
    return pairs


def run_session(pairs, workdir: Path) -> list[tuple[str, str]]:
    runner = CliRunner()
    results = []
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        for command, _ in pairs:
            args = shlex.split(command)
            assert args[0] == "evidence", f"README session runs only evidence commands, not {args[0]}"
            result = runner.invoke(main, args[1:], env={"EVIDENCE_CACHE_DIR": str(workdir / ".cache"), "COLUMNS": "80"})
            assert result.exit_code == 0, f"{command}\n{result.output}"
            results.append((command, result.stdout.rstrip("\n")))
    finally:
        os.chdir(cwd)
    return results


@pytest.mark.slow
def test_readme_session_is_what_the_commands_print(tmp_path):
    text = README.read_text(encoding="utf-8")
    match = SESSION.search(text)
    assert match, "README.md has no '<!-- session -->' console block"
    pairs = session_commands(match.group(2))
    assert pairs, "the README session runs no command"
    (tmp_path / "corpora").symlink_to(ROOT / "corpora")
    actual = run_session(pairs, tmp_path)
    rendered = "".join(f"$ {command}\n{output}\n" for command, output in actual)
    if UPDATE:
        README.write_text(text[:match.start(2)] + rendered + text[match.end(2):], encoding="utf-8")
        pytest.skip("README session rewritten")
    for (command, expected), (_, got) in zip(pairs, actual):
        assert got == expected.rstrip("\n"), f"README output of `{command}` drifted; run UPDATE_README=1 pytest tests/test_docs.py"


def _commands():
    return main.list_commands(None)


@pytest.mark.parametrize("name", _commands())
def test_every_command_has_help_with_an_example(name):
    result = CliRunner().invoke(main, [name, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output, f"`evidence {name} --help` gives no example"


@pytest.mark.parametrize("name", _commands())
def test_every_command_is_in_the_readme(name):
    assert f"evidence {name}" in README.read_text(encoding="utf-8")
