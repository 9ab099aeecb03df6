"""The command line: parse options, call the core, render. Exit codes are decided here alone.

0: success, or the question was answered; 1: not answered, or a data error;
2: a usage error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__
from .errors import BerlintalksError, StoreError, UnknownName

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class DataError(click.ClickException):
    """A problem with the store or a lookup: every line printed, exit 1."""

    exit_code = 1

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def show(self, file: Any = None) -> None:
        from .render import clean

        for line in self.lines:
            click.echo(f"Error: {clean(line)}", err=True)


class NotAnswered(click.ClickException):
    """Nothing was found: the answer is already printed; exit 1 and say nothing more."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file: Any = None) -> None:
        pass


class Session:
    """What the commands share: where the store is, loaded once on demand."""

    def __init__(self, data: str | None) -> None:
        self.data = data
        self._store = None

    @property
    def store_path(self) -> Path:
        from .store import bundled_store_path

        return Path(self.data) if self.data else bundled_store_path()

    @property
    def store(self):
        if self._store is None:
            from .store import load_store

            self._store = load_store(self.data or _shown(self.store_path))
        return self._store


def _shown(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """The one boundary where the core's errors become click errors."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except StoreError as error:
            raise DataError(error.problems) from None
        except UnknownName as error:
            raise DataError([str(error)]) from None
        except BerlintalksError as error:
            raise DataError([str(error)]) from None

    wrapper.__name__ = function.__name__
    wrapper.__doc__ = function.__doc__
    return wrapper


def json_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "json_", is_flag=True, help="Print JSON for scripts instead of text.")(function)


def emit_json(data: Any) -> None:
    from .render import to_json

    click.echo(to_json(data))


def emit_lines(lines: list[Any]) -> None:
    from .render import console

    out = console()
    for line in lines:
        out.print(line)


@click.group(context_settings=CONTEXT_SETTINGS, invoke_without_command=True)
@click.option(
    "--data",
    type=click.Path(dir_okay=True, path_type=str),
    envvar="BERLINTALKS_DATA",
    help="Claim store to use (default: the bundled one). Also BERLINTALKS_DATA.",
)
@click.version_option(__version__, "--version", prog_name="berlintalks")
@click.pass_context
def cli(context: click.Context, data: str | None) -> None:
    """Ask questions about the Berlin Ukraine-Russia peace talks; every answer is cited verbatim.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "zelenskyy on nato?" --explain
      berlintalks check
    """
    context.obj = Session(data)
    if context.invoked_subcommand is None:
        click.echo(context.get_help())


@cli.command()
@click.argument("question")
@click.option("--top", "-n", type=click.IntRange(1, 50), default=3, show_default=True, help="How many answers at most.")
@click.option("--party", "-p", metavar="PARTY", help="Only claims held by this party (any name or alias).")
@click.option("--explain", is_flag=True, help="Show how the question was read and why each answer ranked where it did.")
@json_option
@click.pass_obj
@guarded
def ask(session: Session, question: str, top: int, party: str | None, explain: bool, json_: bool) -> None:
    """Answer QUESTION from the claim store, with the passages that support it.

    Exits 0 when answered and 1 when the store holds no answer.

    \b
    Examples:
      berlintalks ask "What does Russia demand?"
      berlintalks ask "whats the kremlins line on guarantees" --top 5
      berlintalks ask "is ukraine willing to drop its nato bid" --json
    """
    if not question.strip():
        raise click.BadParameter("the question is empty", param_hint="'QUESTION'")
    from .query import QueryIndex

    store = session.store
    index = QueryIndex(store)
    try:
        result = index.ask(question, top=top, party=party)
    except UnknownName as error:
        raise click.BadParameter(str(error), param_hint="'--party'") from None
    if json_:
        from .render import ask_data, explain_data

        data = ask_data(store, result)
        if explain:
            data["explain"] = explain_data(result)
        emit_json(data)
    else:
        from .render import ask_lines

        emit_lines(ask_lines(store, result, explain=explain))
    if not result.answered:
        raise NotAnswered()


@cli.command()
@json_option
@click.pass_obj
def check(session: Session, json_: bool) -> None:
    """Validate the claim store and report what it holds and how much of each source it cites.

    Exits 0 when the store is valid, 1 otherwise, listing every problem as FILE:LINE: message.

    \b
    Examples:
      berlintalks check
      berlintalks --data my/claims.yaml check --json
    """
    from .check import check_report

    try:
        report = check_report(session.store)
    except StoreError as error:
        if json_:
            emit_json({"valid": False, "problems": error.problems})
            raise NotAnswered() from None
        raise DataError(error.problems) from None
    if json_:
        from .render import check_data

        emit_json(check_data(report))
    else:
        from .render import check_lines

        emit_lines(check_lines(report))


@cli.command()
@click.option(
    "--format",
    "export_format",
    type=click.Choice(["json", "csv", "markdown"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.pass_obj
@guarded
def export(session: Session, export_format: str) -> None:
    """Print the whole store, every citation resolved to its offsets, line and paragraph.

    \b
    Examples:
      berlintalks export --format json > store.json
      berlintalks export --format csv > claims.csv
    """
    from .export import ExportFormat, export_text

    click.echo(export_text(session.store, ExportFormat(export_format)), nl=False)


def main() -> None:
    try:
        cli.main(prog_name="berlintalks")
    except BrokenPipeError:
        # Output piped into a reader that stopped early (head): exit quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
