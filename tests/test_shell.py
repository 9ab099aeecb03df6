"""The shell: questions, its own commands, Ctrl-C and Ctrl-D at a terminal, Tab completion."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks.cli import cli
from berlintalks.shell import GREETING, completions
from berlintalks.store import load_store
from conftest import REAL_STORE


def shell(runner: CliRunner, store: Path, typed: str, *options: str):
    return runner.invoke(cli, ["--data", str(store), "shell", *options], input=typed)


def test_piped_the_shell_prints_answers_alone_without_greeting_or_prompts(runner: CliRunner, small_store: Path) -> None:
    result = shell(runner, small_store, "what does moscow want?\n\nbest pasta\nexit\n")
    assert result.exit_code == 0
    assert result.output.startswith("1. Russia demands that Ukraine cede occupied territories.\n")
    assert "\n\nNot in the knowledge base: the store has nothing on 'pasta'.\n" in result.output
    assert GREETING not in result.output and "berlintalks>" not in result.output


def test_shell_leaves_on_end_of_input(runner: CliRunner, small_store: Path) -> None:
    result = shell(runner, small_store, "")
    assert (result.exit_code, result.output) == (0, "")


def test_help_lists_the_commands_with_their_settings(runner: CliRunner, small_store: Path) -> None:
    result = shell(runner, small_store, "help\n", "--top", "2")
    assert result.output == (
        "Type a question and press Enter: the answers are those of `berlintalks ask`.\n"
        "  :top N          how many answers at most (now 2)\n"
        "  :explain        how each question is read, why each answer ranks (now off)\n"
        "  :party NAME     answers held by this party only (now every party)\n"
        "  :party          answers from every party\n"
        "  :cite CLAIM_ID  where a claim comes from: each quote in its paragraph\n"
        "  help            this text\n"
        "  clear           clear the screen\n"
        "  exit, quit      leave, as Ctrl-D does; Ctrl-C cancels the line\n"
        "Tab completes parties, topics and their aliases, claim ids and commands.\n"
    )


def test_the_greeting_and_the_help_fit_80_columns(runner: CliRunner, small_store: Path) -> None:
    output = shell(runner, small_store, ":party ukraine\n:explain\nhelp\n").output
    assert max(len(line) for line in [GREETING, *output.splitlines()]) <= 80


def test_top_explain_and_party_change_the_answers(runner: CliRunner, small_store: Path) -> None:
    typed = ":top 1\n:explain\nwhat about land\n:explain off\n:party kyiv\nwhat about land\n:party\n:top\n"
    output = shell(runner, small_store, typed).output
    assert output.startswith("Up to 1 answer.\nExplanations on.\n\nRead as:\n")
    assert "\n2. " not in output
    assert "Explanations off.\nAnswers held by Ukraine only.\n\n1. Ukraine rejects" in output
    assert output.endswith("Answers from every party.\nUp to 1 answer.\n")


def test_cite_inside_the_shell(runner: CliRunner, small_store: Path) -> None:
    output = shell(runner, small_store, ":cite ukraine-rejects-land-loss\n").output
    assert output.startswith("Ukraine rejects any loss of land.\nUkraine · rejection · territory · ukraine-rejects-land-loss\n")
    assert "**Kyiv rejects any loss of land.**" in output


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        (":top 0", "Error: Invalid value for ':top': 0 is not in the range 1<=x<=50."),
        (":explain maybe", "Error: say on or off, not 'maybe'"),
        (":party atlantis", "Error: unknown party 'atlantis'; list them with: berlintalks --data {data} actors"),
        (":party ukr", "Error: unknown party 'ukr'; did you mean: ukraine?"),
        (":cite no-such-claim", "Error: unknown claim id 'no-such-claim'; list them with: berlintalks --data {data} claims"),
        (":cite ukraine-rejects-land", "Error: unknown claim id 'ukraine-rejects-land'; did you mean: ukraine-rejects-land-loss?"),
        (":cite", "Error: name a claim: :cite CLAIM_ID"),
        (":frobnicate", "Error: no shell command ':frobnicate'; `help` lists them"),
    ],
)
def test_a_mistake_in_the_shell_is_an_error_and_the_shell_goes_on(
    runner: CliRunner, small_store: Path, typed: str, error: str
) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "shell"], input=f"{typed}\nwhat does moscow want?\n")
    assert result.exit_code == 0
    assert result.stderr.startswith(error.format(data=small_store))
    assert "1. Russia demands" in result.stdout


def test_a_shell_with_standard_input_closed_leaves_cleanly(small_store: Path) -> None:
    result = subprocess.run(
        f"{sys.executable} -m berlintalks --data {small_store} shell <&-",
        shell=True, capture_output=True, text=True, check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# -- completion -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_store():
    return load_store(REAL_STORE)


@pytest.mark.parametrize(
    ("before", "typed", "expected"),
    [
        ("", ":", [":cite", ":explain", ":party", ":top"]),
        ("", "hel", ["help"]),
        ("what does ", "mosc", ["moscow", "moscow officials"]),
        ("what does ", "Kre", ["Kremlin", "Kremlin officials", "kremlin-officials"]),
        ("what does the us say about ", "guarant", ["guarantee", "guarantees", "guarantor"]),
        (":cite ", "lavrov-re", ["lavrov-rejects-western-security-guarantees"]),
        (":party ", "zelensk", ["zelenski", "zelenskiy", "zelensky", "zelenskyi", "zelenskyy"]),
        (":top ", "", []),
    ],
)
def test_tab_offers_names_aliases_topics_claim_ids_and_commands(
    real_store, before: str, typed: str, expected: list[str]
) -> None:
    assert completions(before, typed, real_store) == expected


# -- at a terminal ----------------------------------------------------------------------------


class Terminal:
    """The shell on a pseudo-terminal, read until what is awaited appears."""

    def __init__(self, store: Path) -> None:
        environment = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "COLUMNS": "80", "INPUTRC": "/dev/null"}
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the shell at once
            os.execvpe(sys.executable, [sys.executable, "-m", "berlintalks", "--data", str(store), "shell"], environment)
        self.seen = b""

    def until(self, awaited: bytes, seconds: float = 30) -> bytes:
        deadline = time.monotonic() + seconds
        while awaited not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {awaited!r}; saw {self.seen!r}"
            if select.select([self.fd], [], [], left)[0]:
                try:
                    self.seen += os.read(self.fd, 4096)
                except OSError:  # the shell has ended
                    break
        assert awaited in self.seen, self.seen
        found, self.seen = self.seen, self.seen[self.seen.index(awaited) + len(awaited) :]
        return re.sub(rb"\x1b\[[0-9;]*m", b"", found)  # bold and dim stay under NO_COLOR

    def type(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def exit_code(self) -> int:
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)

    def close(self) -> None:
        os.close(self.fd)
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass


@pytest.fixture
def terminal(small_store: Path):
    shell_at_terminal = Terminal(small_store)
    yield shell_at_terminal
    shell_at_terminal.close()


def test_ctrl_c_cancels_the_line_and_ctrl_d_leaves(terminal: Terminal) -> None:
    terminal.until(b"berlintalks> ")
    terminal.type(b"what does moscow")
    terminal.until(b"moscow")
    # As a person pauses: python's readline sees a SIGINT that lands while it is still handling
    # the last key only at the next key, so a Ctrl-C sent the instant the echo shows can wait.
    time.sleep(0.2)
    terminal.type(b"\x03")  # Ctrl-C: the line is dropped, a new prompt follows
    terminal.until(b"berlintalks> ")
    terminal.type(b"what does kyiv reject?\r")
    after = terminal.until(b"berlintalks> ")
    assert b"1. Ukraine rejects any loss of land." in after
    assert b"1. Russia demands" not in after  # the cancelled words were not asked
    terminal.type(b"\x04")  # Ctrl-D at an empty line leaves
    assert terminal.exit_code() == 0
    terminal.pid = 0


@pytest.mark.parametrize("command", [b"exit", b"quit"])
def test_exit_and_quit_leave_at_a_terminal(terminal: Terminal, command: bytes) -> None:
    assert terminal.until(b"berlintalks> ").startswith(GREETING.encode())
    terminal.type(command + b"\r")
    assert terminal.exit_code() == 0
    terminal.pid = 0


def test_clear_clears_the_screen_at_a_terminal(terminal: Terminal) -> None:
    terminal.until(b"berlintalks> ")
    terminal.type(b"clear\r")
    shown = terminal.until(b"berlintalks> ")
    assert b"\x1b[H\x1b[2J" in shown
    assert b"Not in the knowledge base" not in shown


def test_clear_from_a_pipe_prints_nothing(runner: CliRunner, small_store: Path) -> None:
    assert (shell(runner, small_store, "clear\n").output, shell(runner, small_store, ":clear\n").output) == ("", "")


def test_a_relative_xdg_state_home_keeps_the_history_in_the_default_folder(
    small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec: a relative path is ignored; it would leave a folder wherever the shell ran."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_STATE_HOME", "state")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    terminal = Terminal(small_store)
    try:
        terminal.until(b"berlintalks> ")
        terminal.type(b"exit\r")
        assert terminal.exit_code() == 0
        terminal.pid = 0
    finally:
        terminal.close()
    assert list((tmp_path / "work").iterdir()) == []
    assert (tmp_path / "home" / ".local" / "state" / "berlintalks" / "history").read_text().splitlines()[-1] == "exit"


def test_tab_completes_at_a_terminal(terminal: Terminal) -> None:
    terminal.until(b"berlintalks> ")
    terminal.type(b"what does mosc\t")
    terminal.until(b"moscow")
    terminal.type(b" demand\r")
    assert b"1. Russia demands that Ukraine cede occupied territories." in terminal.until(b"berlintalks> ")
    terminal.type(b":cite ukraine-rej\t")
    terminal.until(b"ukraine-rejects-land-loss")
    terminal.type(b"\r")
    assert b"\n1. Talks in Berlin\r\n" in terminal.until(b"berlintalks> ")


def test_tab_completes_a_command_with_a_space_after_it(terminal: Terminal) -> None:
    terminal.until(b"berlintalks> ")
    terminal.type(b":pa\t")
    terminal.until(b":party")
    terminal.type(b"kyiv\r")
    assert b"Answers held by Ukraine only." in terminal.until(b"berlintalks> ")


def test_a_line_from_an_endless_stream_ends_the_shell_as_ask_dash_ends() -> None:
    # Memory is capped, so that the line read without end fails the test rather than the machine.
    def capped() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))

    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run([sys.executable, "-m", "berlintalks", "shell"], stdin=zeros, capture_output=True,
                                preexec_fn=capped, check=False, timeout=60)
    assert (result.returncode, result.stderr.decode()) == (2, "Error: a line is over 1,000,000 characters\n")
    assert result.stdout.decode() == ""  # piped: no greeting, no prompt


def test_a_line_at_the_limit_is_a_question(runner: CliRunner, small_store: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("berlintalks.files.MAX_QUESTION", 21)
    result = shell(runner, small_store, "what does moscow want\nwhat does moscow want?\n")
    assert result.exit_code == 2
    assert result.stdout.startswith("1. Russia")  # piped: no greeting, the answer alone
    assert result.stderr == "Error: a line is over 21 characters\n"
