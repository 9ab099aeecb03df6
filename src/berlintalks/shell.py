"""The shell: a run of questions at a prompt, a few commands of its own (help, :top, :explain,
:party, :cite), and Tab completion of the store's names where readline is available."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import click

from . import files, show
from .boundary import guarded
from .options import TOP
from .output import OutputFailed, error_line, reader_stopped
from .paths import state_directory
from .wording import plural

if TYPE_CHECKING:
    from .candidates import Candidate
    from .model import Store
    from .output import Output
    from .session import Session

GREETING = "Ask about the Berlin peace talks; `help` lists the commands, `exit` leaves."
PROMPT = "berlintalks> "
LEAVE = frozenset({"exit", "quit", ":exit", ":quit", ":q"})
CLEAR = frozenset({"clear", ":clear"})
COMMANDS = (":top", ":explain", ":party", ":cite", "help", "clear", "exit", "quit")


@dataclass
class Settings:
    """How questions are answered; the shell's commands change them."""

    top: int
    explain: bool
    party: str | None
    """The id of the party whose claims alone are answered; None for every party."""


class Actions(NamedTuple):
    """What the shell does with what is typed; each may raise a click error, which is shown and
    the shell goes on."""

    answer: Callable[[str, Settings], None]
    cite: Callable[[str], None]
    party: Callable[[str], tuple[str, str]]
    """The id and name of the party a name stands for."""
    top: Callable[[str], int]
    """The number of answers a value gives, within the limits of ``ask --top``."""
    complete: Callable[[str, str], list[str]]
    """What Tab offers for a word being typed, given the line before it (see ``completions``)."""


def session_actions(session: Session) -> Actions:
    """The shell's actions on the store in use, each as its command does it."""

    def answer(question: str, settings: Settings) -> None:
        result = session.answering().ask(question, top=settings.top, party=settings.party)
        show.answer(session.store, result, explain=settings.explain, json_=False)

    def top_of(value: str) -> int:
        try:
            return TOP.convert(value, None, None)
        except click.BadParameter as error:
            error.param_hint = "':top'"
            raise

    def party_named(name: str) -> tuple[str, str]:
        actor = session.names.actor(name)
        return actor.id, actor.name

    return Actions(
        answer=guarded(answer),
        cite=guarded(lambda claim_id: show.citations(session.store, claim_id, json_=False)),
        party=guarded(party_named),
        top=top_of,
        # Through the session, as an answer is: claim ids come from the store built afresh.
        complete=lambda before, typed: session.run(lambda: completions(before, typed, session.store)),
    )


def help_text(settings: Settings, party_name: str | None) -> str:
    return (
        "Type a question and press Enter: the answers are those of `berlintalks ask`.\n"
        f"  :top N          how many answers at most (now {settings.top})\n"
        f"  :explain        how each question is read, why each answer ranks (now {_on(settings.explain)})\n"
        f"  :party NAME     answers held by this party only (now {party_name or 'every party'})\n"
        "  :party          answers from every party\n"
        "  :cite CLAIM_ID  where a claim comes from: each quote in its paragraph\n"
        "  help            this text\n"
        "  clear           clear the screen\n"
        "  exit, quit      leave, as Ctrl-D does; Ctrl-C cancels the line\n"
        "Tab completes parties, topics and their aliases, claim ids and commands."
    )


def _on(flag: bool) -> str:
    return "on" if flag else "off"


def run(settings: Settings, actions: Actions, output: Output) -> None:
    """Read lines until end of input or `exit`. At a terminal Ctrl-C cancels the line being typed
    (or the answer being printed) as in python and sqlite3; from a pipe it stops the shell.
    What each line prints is written before the next prompt, and never paged: the next
    question follows it. From a pipe there is no greeting and no prompt: standard output
    carries the answers alone, each set apart from what came before by a blank line."""
    interactive = sys.stdin is not None and sys.stdin.isatty()
    save_history = _line_editing(actions.complete) if interactive else (lambda: None)
    party_name: str | None = None
    output.paging = False
    written = False

    def say(line: str = "") -> None:
        output.text(f"{line}\n")

    if interactive:
        say(GREETING)
    try:
        while True:
            try:
                written = written or output.gathered() > 0
                output.finish()
                line = _read(PROMPT if interactive else None)
                if line is None:
                    if interactive:
                        say()  # the prompt's line ends
                    return
                words = line.split()
                if not words:
                    continue
                stripped = line.strip()
                command, argument = words[0].lower(), stripped[len(words[0]) :].strip()
                if stripped.lower() in LEAVE:
                    return
                if stripped.lower() in {"help", ":help", "?"}:
                    say(help_text(settings, party_name))
                elif stripped.lower() in CLEAR:
                    output.clear_screen()
                elif command == ":top":
                    settings.top = actions.top(argument) if argument else settings.top
                    say(f"Up to {plural(settings.top, 'answer')}.")
                elif command == ":explain":
                    settings.explain = _switch(argument, settings.explain)
                    say(f"Explanations {_on(settings.explain)}.")
                elif command == ":party":
                    settings.party, party_name = actions.party(argument) if argument else (None, None)
                    say(f"Answers held by {party_name} only." if party_name else "Answers from every party.")
                elif command == ":cite":
                    if not argument:
                        raise click.UsageError("name a claim: :cite CLAIM_ID")
                    actions.cite(argument)
                elif command.startswith(":"):
                    raise click.UsageError(f"no shell command {words[0]!r}; `help` lists them")
                else:
                    if interactive or written:
                        say()  # the answer stands apart from the question, or the answer before
                    actions.answer(line, settings)
            except (OutputFailed, LineTooLong):
                raise
            except click.ClickException as error:
                output.finish()  # what was printed before the mistake comes first
                if isinstance(error, click.UsageError):
                    error_line(error.format_message())
                else:
                    error.show()
            except KeyboardInterrupt:
                if not interactive:
                    raise
                output.discard()  # the answer is dropped with the line
                say()  # a fresh prompt follows
    finally:
        save_history()


class LineTooLong(click.UsageError):
    """A line of piped input is over the limit: the shell ends, as ``ask -`` does, since the rest
    of such a line may never end (``shell < /dev/zero``)."""

    def __init__(self) -> None:
        super().__init__(f"a line is over {files.MAX_QUESTION:,} characters")


def _read(prompt: str | None) -> str | None:
    """A line typed at the prompt, or read from a pipe when ``prompt`` is None, up to the limit
    on a question; None at the end of input, or when there is no input at all (standard input
    closed)."""
    if sys.stdin is None:
        return None
    if prompt is None:  # input() would write to standard output even with no prompt
        line = sys.stdin.readline(files.MAX_QUESTION + 1)
        if len(line.rstrip("\r\n")) > files.MAX_QUESTION:
            raise LineTooLong()
        return line.rstrip("\r\n") if line else None
    try:
        return input(prompt)
    except EOFError:
        return None
    except BrokenPipeError:  # input() writes the prompt itself, not through the output
        raise reader_stopped() from None


def _switch(argument: str, current: bool) -> bool:
    """The new state of an on/off setting: as given, or the other one."""
    if not argument:
        return not current
    if argument.lower() in {"on", "off"}:
        return argument.lower() == "on"
    raise click.UsageError(f"say on or off, not {argument!r}")


def completions(before: str, typed: str, store: Store) -> list[str]:
    """What Tab offers for the word ``typed``, ``before`` being the line up to it: commands at the
    start of a line, claim ids after :cite, party names after :party, else the names of
    parties and topics. Typed in lower case, a name is offered in lower case."""
    from . import candidates

    words = before.split()
    command = words[0] if words else ""
    choices: list[Candidate]
    if command == ":cite":
        choices = list(candidates.claims(store))
    elif command == ":party":
        choices = list(candidates.parties(store))
    elif command.startswith(":"):
        choices = []
    else:  # a question; at the start of a line, a command too
        choices = [] if words else [candidates.Candidate(name, "") for name in COMMANDS]
        if words or not typed.startswith(":"):
            choices += [*candidates.parties(store), *candidates.topics(store)]
    values = [candidate.value for candidate in candidates.matching(choices, typed)]
    if typed == typed.lower():
        values = list(dict.fromkeys(value.lower() for value in values))
    return sorted(values, key=str.lower)


def _line_editing(completed: Callable[[str, str], list[str]]) -> Callable[[], None]:
    """Line editing, history and Tab completion where there is readline; returns what saves the
    history again."""
    try:
        import readline
    except ImportError:
        return lambda: None
    offered: list[str] = []

    def complete(typed: str, state: int) -> str | None:
        if state == 0:
            offered[:] = completed(readline.get_line_buffer()[: readline.get_begidx()], typed)
            if len(offered) == 1:  # a word completed whole is followed by a space, as in bash
                offered[0] += " "
        return offered[state] if state < len(offered) else None

    # Words end at white space and quotes only: claim ids keep their hyphens, commands their colon.
    readline.set_completer_delims(" \t\n\"'?,;!")
    readline.set_completer(complete)
    readline.parse_and_bind("bind ^I rl_complete" if "libedit" in (readline.__doc__ or "") else "tab: complete")
    path = os.path.join(state_directory(), "history")
    with contextlib.suppress(OSError):
        readline.read_history_file(path)

    def save() -> None:
        with contextlib.suppress(OSError):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            readline.set_history_length(1000)
            readline.write_history_file(path)

    return save
