"""Where output leaves the program, and what happens when it cannot.

A command's output is gathered, then written in one piece and flushed, so that a failed
write is seen: a full disk, ``/dev/full`` or a closed standard output is a one-line error
and exit 1, never a traceback or a silent success. A reader that stops early (``| head``)
is not a failure: the program ends quietly with exit 0, as ripgrep does.

On a terminal, output longer than the screen goes through a pager, as git's does: ``$PAGER``,
else ``less -FRX``; never into a pipe, and not with ``--no-pager``.

An output whose encoding cannot hold a character (``LC_ALL=C``, ``PYTHONIOENCODING=ascii``)
gets text that degrades: curly quotes, dashes and ellipses become their ASCII kin, anything
else ``?``; JSON escapes such characters instead, losing nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

import click

from .sanitize import json_escaped, visible

DEFAULT_PAGER = "less -FRX"
_ASCII_KIN = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"', "«": '"', "»": '"',
    "–": "-", "—": "--", "―": "--", "‐": "-", "‑": "-", "−": "-", "…": "...", "·": "*", "•": "*", "→": "->",
    "×": "x", "\u00a0": " ", "\u202f": " ",
}  # fmt: skip
_DEGRADE = "berlintalks-degrade"
_JSON_ESCAPE = "berlintalks-json-escape"


def _degrade(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_ASCII_KIN.get(char, "?") for char in error.object[error.start : error.end]), error.end


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(map(json_escaped, error.object[error.start : error.end])), error.end


codecs.register_error(_DEGRADE, _degrade)
codecs.register_error(_JSON_ESCAPE, _json_escape)


def encoding_of(stream: object) -> str:
    """The stream's encoding; UTF-8 for a stream that names none. Where Python chose UTF-8 on
    its own, as it does under the C or POSIX locale (``LC_ALL=C``), the character set is the
    locale's, ASCII, whatever Python says: what the terminal shows is the locale's."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    return "ascii" if _utf8_chosen_by_python() and codecs.lookup(encoding).name == "utf-8" else encoding


def _utf8_chosen_by_python() -> bool:
    """Python's UTF-8 mode is on, and no one asked for it or for an encoding of their own: it was
    turned on for the C or POSIX locale (PEP 538, PEP 540)."""
    asked = ("PYTHONUTF8", "PYTHONIOENCODING")
    return bool(sys.flags.utf8_mode) and not any(os.environ.get(name) for name in asked) and "utf8" not in sys._xoptions


def _fitted(text: str, stream: IO[str] | None, errors: str) -> str:
    """``text`` with what the stream's encoding cannot hold replaced as ``errors`` says."""
    encoding = encoding_of(stream)
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, errors).decode(encoding)
    except LookupError:
        pass
    return text


def buffer_stdout() -> None:
    """Put a buffered writer under standard output where it has none (``PYTHONUNBUFFERED``,
    ``python -u``): the raw file's write may take part of the text and say how much, and the
    text layer drops the rest unseen, so a disk that fills midway would pass for success. A
    buffered writer writes on until all is written or the write fails."""
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if isinstance(stream, io.TextIOWrapper) and isinstance(raw, io.RawIOBase):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=stream.line_buffering,
            write_through=True,
        )


class OutputFailed(click.ClickException):
    """Standard output could not be written: one line on standard error, exit 1."""

    exit_code = 1

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write the output: {reason}")

    def show(self, file: Any = None) -> None:
        error_line(self.message)


def error_line(message: str) -> None:
    """``Error: message`` on standard error, made visible and fitted to its encoding; when even
    that cannot be written there is nowhere left to say so."""
    stream = sys.stderr
    if stream is None:
        return
    with contextlib.suppress(OSError, ValueError):
        stream.write(_fitted(f"Error: {visible(message)}\n", stream, _DEGRADE))
        stream.flush()


@contextlib.contextmanager
def writing() -> Iterator[None]:
    """Around a write to standard output: a reader of the pipe that has gone ends the program
    quietly with exit 0 (``reader_stopped``), any other OSError is a failed write, exit 1."""
    try:
        yield
    except BrokenPipeError:
        raise reader_stopped() from None
    except OSError as error:
        _discard(sys.stdout)
        raise OutputFailed(error.strerror or str(error)) from None


def reader_stopped() -> click.exceptions.Exit:
    """The quiet end when the reader of a pipe has gone: exit 0, and what is still buffered
    for standard output dropped rather than failing again as the interpreter exits."""
    _discard(sys.stdout)
    return click.exceptions.Exit(0)


def _discard(stream: IO[str] | None) -> None:
    try:
        descriptor = stream.fileno()  # type: ignore[union-attr]
    except (AttributeError, OSError, ValueError):
        return  # not a file of this process (a test's stream): nothing is left to flush
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, descriptor)
    os.close(null)


class Output:
    """What a command writes to standard output, gathered and written by ``finish``."""

    def __init__(self) -> None:
        self.paging = True
        self._pending: list[str] = []

    def text(self, text: str) -> None:
        """Plain text, made visible here."""
        self._pending.append(_fitted(visible(text), sys.stdout, _DEGRADE))

    def rendered(self, text: str) -> None:
        """Text rich rendered from strings already made visible; its own styles are kept."""
        self._pending.append(_fitted(text, sys.stdout, _DEGRADE))

    def json(self, text: str) -> None:
        """JSON text from ``sanitize.to_json``."""
        self._pending.append(_fitted(text, sys.stdout, _JSON_ESCAPE))

    def summary(self, line: str) -> None:
        """A line for a person reading a terminal (a count, a verdict); piped, standard output
        carries the data alone."""
        if is_terminal(sys.stdout):
            self.text(line + "\n")

    def clear_screen(self) -> None:
        """Clear a terminal's screen, the cursor left at its top; elsewhere nothing."""
        if is_terminal(sys.stdout):
            self._pending.append("\x1b[H\x1b[2J")

    def gathered(self) -> int:
        """How much is gathered so far: the mark for ``discard``."""
        return len(self._pending)

    def discard(self, since: int = 0) -> None:
        """Drop what was gathered since the mark ``since`` and not yet written."""
        del self._pending[since:]

    def finish(self) -> None:
        """Write what was gathered: through the pager when it is long and on a terminal."""
        text = "".join(self._pending)
        self._pending.clear()
        if not text:
            return
        stream = sys.stdout
        if stream is None:
            raise OutputFailed("standard output is closed")
        pager = self._pager(stream, text)
        if pager and _page(text, pager, stream):
            return
        with writing():
            stream.write(text)
            stream.flush()

    def _pager(self, stream: IO[str], text: str) -> str | None:
        """The pager's command, when ``text`` is to be paged."""
        if not self.paging or not is_terminal(stream):
            return None
        command = os.environ.get("PAGER", DEFAULT_PAGER).strip()
        return command if command and text.count("\n") >= (screen_size(stream, "LINES") or sys.maxsize) else None


def is_terminal(stream: IO[str] | None) -> bool:
    """``stream`` is a terminal (a test's stream, a closed one or None is not)."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def screen_size(stream: IO[str] | None, variable: str) -> int | None:
    """The terminal's width or height, as ``variable`` (COLUMNS or LINES) names it: the
    variable's, as rich and the shell know it, where it is a number above 0 (``COLUMNS=0`` is
    no width: nothing would fit); else the terminal's own; None where neither is known."""
    with contextlib.suppress(KeyError, ValueError):
        size = int(os.environ[variable])
        if size > 0:
            return size
    with contextlib.suppress(AttributeError, OSError, ValueError):
        own = os.get_terminal_size(stream.fileno())  # type: ignore[union-attr]
        return (own.columns if variable == "COLUMNS" else own.lines) or None
    return None


def _page(text: str, command: str, stream: IO[str]) -> bool:
    """Show ``text`` through the pager; False when it could not be started (not installed),
    so that the text is written as it is."""
    import signal
    import subprocess  # only on a terminal, only for long output

    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # as git sets it: quit if one screen, keep colours
    # While the pager runs, Ctrl-C is its own, as under git: here it does nothing. A handler,
    # not SIG_IGN, which the pager would inherit.
    interrupt = signal.signal(signal.SIGINT, lambda *_: None)
    try:
        try:
            pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environment)
        except OSError:
            return False
        assert pager.stdin is not None
        with contextlib.suppress(BrokenPipeError):  # quitting the pager before the end is no error
            pager.stdin.write(text.encode(encoding_of(stream), _DEGRADE))
        with contextlib.suppress(BrokenPipeError):
            pager.stdin.close()
        return pager.wait() != 127  # the shell's "command not found"
    finally:
        signal.signal(signal.SIGINT, interrupt)
