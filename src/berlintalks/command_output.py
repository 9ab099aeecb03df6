"""What a command prints, gathered in the session's output: plain lines, JSON, CSV and what
rich renders."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import click

from .output import Output
from .sanitize import to_json
from .session import Session


def session_output() -> Output:
    return click.get_current_context().find_object(Session).output


def echo(line: str = "") -> None:
    """A line of plain text for standard output."""
    session_output().text(line + "\n")


def emit_json(data: Any) -> None:
    session_output().json(to_json(data) + "\n")


def emit(build: Callable[[bool], Iterable[Any]], *, summary: str | None = None) -> None:
    """Print what ``build(fancy)`` renders: fancy is a real terminal that can show borders and
    colour. ``summary`` is a line for a terminal only."""
    from rich.console import Group

    from .layout import console, is_fancy

    out = console()
    # One print for the whole: each print asks again for the console's size and whether it is a
    # terminal, which costs more than laying out a line. Not cropped: an id or a path wider than
    # the terminal is left for it to wrap, whole.
    out.print(Group(*build(is_fancy(out))), crop=False)
    session_output().rendered(out.file.getvalue())
    if summary:
        session_output().summary(summary)


def emit_csv(headers: Iterable[str], rows: Iterable[list[str]]) -> None:
    from .export import csv_text

    session_output().text(csv_text(headers, rows))
