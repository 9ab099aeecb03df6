"""The options more than one command takes (``--json``, ``--party``, ``--source``, how many
answers a question may ask for), and what click's own types do not read: a list of parties, a
question given on standard input."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from .completion import complete_parties, complete_sources

#: How many answers a question may ask for: ``--top``, and the shell's ``:top``.
TOP = click.IntRange(1, 50)


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "json_", is_flag=True, help="Print JSON for scripts instead of text.")(function)


def party_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--party", "-p", metavar="PARTY", shell_complete=complete_parties, help=help)


def source_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option("--source", "-s", metavar="SOURCE", shell_complete=complete_sources, help=help)


def party_names(context: click.Context, parameter: click.Parameter, value: str | None) -> list[str] | None:
    """``--parties``: the names in its comma-separated list; None, for every party, where it is
    not given or empty."""
    if not value:
        return None
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise click.BadParameter("name at least one party", param_hint="'--parties'")
    return names


def read_question(context: click.Context, parameter: click.Parameter, question: str) -> str:
    """QUESTION, a ``-`` read from standard input as the command line is read: once, however
    often the command runs (``Session.run``)."""
    if question != "-" or context.resilient_parsing:
        return question
    if sys.stdin is None:
        raise click.BadParameter("standard input is closed", param_hint="'QUESTION'")
    from . import files

    with click.open_file("-", errors="replace") as stdin:
        question = stdin.read(files.MAX_QUESTION + 1)  # an endless stream (/dev/zero) ends here
    if len(question) > files.MAX_QUESTION:
        raise click.BadParameter(f"the question is over {files.MAX_QUESTION:,} characters", param_hint="'QUESTION'")
    return question.strip()  # the line's end is not part of the question
