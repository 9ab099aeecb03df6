"""Where the core meets click: its errors become click's, each with its exit code; a usage
error is one line; and a command's output is written as it ends, whatever it ends with."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any

import click

from .errors import BadValue, BerlintalksError, StoreError, UnknownName
from .output import error_line, writing
from .session import Session, unknown_message


class DataError(click.ClickException):
    """A problem with the store or a curation step (any BerlintalksError but an unknown name):
    every line printed, exit 1."""

    exit_code = 1

    def __init__(self, lines: list[str]) -> None:
        super().__init__(lines[0])
        self.lines = lines

    def show(self, file: Any = None) -> None:
        for line in self.lines:
            error_line(line)


class NotAnswered(click.ClickException):
    """Nothing was found: what there is to say is already printed; exit 1."""

    exit_code = 1

    def __init__(self) -> None:
        super().__init__("")

    def show(self, file: Any = None) -> None:
        pass


def guarded(function: Callable[..., Any]) -> Callable[..., Any]:
    """The one boundary where the core's errors become click errors; ``function`` runs through
    the session (``Session.run``), so that a damaged cache entry is built afresh."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = click.get_current_context().find_object(Session)
        try:
            return session.run(lambda: function(*args, **kwargs))
        except StoreError as error:
            raise DataError(error.problems) from None
        except UnknownName as error:
            raise click.UsageError(unknown_message(error, session)) from None
        except BadValue as error:
            raise click.BadParameter(str(error), param_hint=f"'{error.option}'") from None
        except BerlintalksError as error:
            raise DataError([str(error)]) from None

    return wrapper


@contextlib.contextmanager
def _one_line_usage() -> Iterator[None]:
    """A usage error is one line, as every error is: click's usage and ``Try --help`` lines,
    which it prints for an error that knows its context, are left out."""
    try:
        yield
    except click.UsageError as error:
        error.ctx = None
        raise


class _HelpWritten:
    """Click writes help and the version itself while it reads the command line: there, an
    OSError can only be a failed write, met as ``Output.finish`` meets one."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with writing(), _one_line_usage():
            return super().make_context(*args, **kwargs)  # type: ignore[misc]


class Command(_HelpWritten, click.Command):
    pass


class Group(_HelpWritten, click.Group):
    """Every command's output is written as it ends, whatever it ends with."""

    command_class = Command

    def invoke(self, context: click.Context) -> Any:
        try:
            with _one_line_usage():
                return super().invoke(context)
        finally:
            if isinstance(context.obj, Session):
                context.obj.output.finish()
