"""The README's set-up: each command works pasted alone into a fresh shell on a fresh clone,
and CI runs the test command exactly as written."""

from __future__ import annotations

import re
import shlex

from conftest import ROOT

VENV = "python3 -m venv .venv && "


def setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Set up") : readme.index("## Quickstart")]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def test_each_set_up_command_makes_the_environment_and_needs_no_activation() -> None:
    commands = setup_commands()
    assert len(commands) == 2
    for command in commands:
        assert command.startswith(VENV), command
        assert "\n" not in command, command
        for step in command.removeprefix(VENV).split(" && "):
            program = shlex.split(step)[0]
            # A program found on PATH would be the shell's own, not the environment's.
            assert program.startswith(".venv/bin/"), step


def test_ci_runs_the_readme_test_command_on_a_fresh_clone() -> None:
    test_command = setup_commands()[1]
    assert test_command.endswith("-m pytest")
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert script.rstrip("\n").splitlines()[-1] == test_command
    assert "git clone" in script
