"""Docs are code: README's commands and options must exist in the CLI, and the start commands
must be the ones the Makefile and CI run."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from newsprism.cli import main

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_command_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README, flags=re.S)
    lines = []
    for block in blocks:
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("newsprism "):
                lines.append(line)
    return lines


def test_readme_starts_with_the_two_commands():
    start = README.split("## Start", 1)[1].split("##", 1)[0]
    assert "make demo" in start and "make test" in start
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, flags=re.M) and re.search(r"^test:", makefile, flags=re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_readme_lists_commands():
    assert len(_readme_command_lines()) >= 8


@pytest.mark.parametrize("line", _readme_command_lines())
def test_readme_command_exists_with_its_options(line):
    words = line.split()
    command = words[1]
    assert command in main.commands, f"README shows `newsprism {command}`, which the CLI does not have"
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0, result.output
    for flag in (w for w in words[2:] if w.startswith("-") and w != "-"):
        assert flag in result.output, f"README uses {flag} with `newsprism {command}`; its --help lacks it"


def test_every_command_is_documented_in_readme():
    documented = {line.split()[1] for line in _readme_command_lines()}
    missing = sorted(set(main.commands) - documented)
    assert not missing, f"commands missing from README: {missing}"


def test_top_level_help_lists_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for name in main.commands:
        assert name in result.output
