"""How output leaves the program: pipes, the pager, exit codes, encodings, failed writes,
and nothing from the store acting on the terminal."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import cache
from berlintalks.cli import cli
from berlintalks.model import Store
from berlintalks.output import Output, OutputFailed
from berlintalks.paths import bundled_store_path
from berlintalks.query import QueryIndex
from berlintalks.store import load_store

TOOL = [sys.executable, "-m", "berlintalks"]
CLAIM = "russia-demands-ukraine-cede-occupied-territories"
#: The error handler that importing berlintalks.output registers: what an encoding lacks becomes
#: its ASCII kin, else "?".
DEGRADE = "berlintalks-degrade"

#: Every command that writes, as a user would run it on the bundled store, with what is typed
#: on its standard input.
COMMANDS = [
    *((command, b"") for command in [
        ["ask", "What does Russia demand?"],
        ["ask", "what does china think of the talks"],
        ["sticking-points", "--party", "moscow"],
        ["compare"],
        ["cite", CLAIM],
        ["claims"],
        ["claims", "--csv"],
        ["claims", "--json"],
        ["actors"],
        ["check"],
        ["locate", "Moscow is demanding"],
        ["export"],
        ["export", "--format", "markdown"],
        ["--help"],
        ["ask", "--help"],
    ]),
    (["ask", "-"], b"What does Russia demand?\n"),
    (["shell"], b"what does moscow want?\n"),
]
COMMAND_IDS = [" ".join(command) for command, _ in COMMANDS]

def environment(**extra: str) -> dict[str, str]:
    """The test's environment for a child process, without a terminal size or colour wishes."""
    env = {key: value for key, value in os.environ.items() if key not in {"LINES", "COLUMNS", "PAGER", "LESS"}}
    return {**env, **extra}


# -- a reader that stops early -------------------------------------------------------------


@pytest.mark.parametrize(("command", "typed"), COMMANDS, ids=COMMAND_IDS)
def test_a_reader_that_is_gone_ends_every_command_quietly_with_0(command: list[str], typed: bytes) -> None:
    # The pipe's reader has left before a byte is written: every write meets a broken pipe.
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run([*TOOL, *command], input=typed, stdout=writer, stderr=subprocess.PIPE, check=False)
    finally:
        os.close(writer)
    assert (result.returncode, result.stderr) == (0, b"")


@pytest.mark.parametrize(
    "command",
    ["export | head -c 10", "claims | head -1", "sticking-points --party moscow | head -5", f"cite {CLAIM} | head -5"],
)
def test_head_ends_the_readmes_pipes_quietly_with_0(command: str) -> None:
    script = f"{' '.join(TOOL)} {command}; exit ${{PIPESTATUS[0]}}"
    result = subprocess.run(["bash", "-c", script], capture_output=True, check=False)
    assert (result.returncode, result.stderr) == (0, b"")


def test_the_shell_ends_quietly_when_its_reader_goes_between_two_lines() -> None:
    reader, writer = os.pipe()
    shell = subprocess.Popen([*TOOL, "shell"], stdin=subprocess.PIPE, stdout=writer, stderr=subprocess.PIPE)
    assert shell.stdin is not None
    os.close(writer)
    shell.stdin.write(b"help\n")
    shell.stdin.flush()
    shown = b""
    while not shown.endswith(b"commands.\n"):
        shown += os.read(reader, 4096)
    os.close(reader)
    _, errors = shell.communicate(b"help\n")
    assert (shell.returncode, errors) == (0, b"")


# -- failed writes ---------------------------------------------------------------------------


@pytest.mark.parametrize(("command", "typed"), COMMANDS, ids=COMMAND_IDS)
def test_a_full_disk_is_a_one_line_error_and_exit_1(command: list[str], typed: bytes) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([*TOOL, *command], input=typed, stdout=full, stderr=subprocess.PIPE, check=False)
    assert (result.returncode, result.stderr) == (1, b"Error: cannot write the output: No space left on device\n")


@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED"])
@pytest.mark.parametrize(
    "command",
    [
        ["export"],
        ["export", "--format", "csv"],
        ["export", "--format", "markdown"],
        ["claims"],
        ["claims", "--csv"],
        ["sticking-points"],
    ],
    ids=" ".join,
)
def test_a_disk_that_fills_midway_is_a_one_line_error_and_exit_1(
    small_disk: Path, command: list[str], unbuffered: str
) -> None:
    # Unbuffered, standard output is the raw file, whose write may take part of the text and
    # report how much: the rest must not be dropped in silence.
    with open(small_disk / "out", "w") as out:
        result = subprocess.run([*TOOL, "--no-pager", *command], stdout=out, stderr=subprocess.PIPE, check=False,
                                env=environment(PYTHONUNBUFFERED=unbuffered))
    assert (result.returncode, result.stderr) == (1, b"Error: cannot write the output: No space left on device\n")
    assert (small_disk / "out").stat().st_size == 16 * 1024


@pytest.mark.parametrize("command", [["ask", "What does Russia demand?"], ["export"], ["claims", "--json"]], ids=" ".join)
def test_a_closed_standard_output_is_a_one_line_error_and_exit_1(command: list[str]) -> None:
    result = subprocess.run(
        [*TOOL, *command], stderr=subprocess.PIPE, preexec_fn=lambda: os.close(1), check=False
    )
    assert (result.returncode, result.stderr) == (1, b"Error: cannot write the output: standard output is closed\n")


class FailingAtFlush(io.StringIO):
    """A stream that takes text into its buffer and fails when it is flushed, as a full disk does."""

    def flush(self) -> None:
        raise OSError(28, "No space left on device")


def test_a_write_that_fails_only_at_flush_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    output = Output()
    output.text("1. an answer\n")
    monkeypatch.setattr(sys, "stdout", FailingAtFlush())
    with pytest.raises(OutputFailed) as failed:
        output.finish()
    assert failed.value.message == "cannot write the output: No space left on device"


# -- encodings --------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize(
    ("command", "code"),
    [
        (["ask", "What does Russia demand?"], 0),
        (["ask", "what does china think of the talks"], 1),
        (["cite", CLAIM], 0),
        (["sticking-points", "--party", "moscow"], 0),
        (["check"], 0),
        (["export", "--format", "markdown"], 0),
        (["claims", "--actor", "\u2019"], 2),
    ],
)
def test_a_narrow_encoding_degrades_the_text_and_exits_normally(command: list[str], code: int, encoding: str) -> None:
    wide = subprocess.run([*TOOL, *command], capture_output=True, check=False,
                          env=environment(LC_ALL="C", LANG="C", PYTHONIOENCODING="utf-8"))
    narrow = subprocess.run([*TOOL, *command], capture_output=True, check=False,
                            env=environment(LC_ALL="C", LANG="C", PYTHONIOENCODING=encoding))
    assert (narrow.returncode, wide.returncode) == (code, code), narrow.stderr
    assert b"Traceback" not in narrow.stderr
    shown, written = narrow.stdout.decode(encoding), wide.stdout.decode("utf-8")
    assert shown == written.encode(encoding, DEGRADE).decode(encoding)
    # Every character of the articles that the encoding lacks has an ASCII kin: none became "?".
    assert shown.count("?") == written.count("?")


@pytest.mark.parametrize(
    ("locale_env", "ascii_only"),
    [
        ({"LC_ALL": "C"}, True),
        ({"LC_ALL": "POSIX"}, True),
        ({"LC_ALL": "", "LC_CTYPE": "C", "LANG": "C.UTF-8"}, True),
        ({"LC_ALL": "C.UTF-8"}, False),
        ({"LC_ALL": "C", "PYTHONUTF8": "1"}, False),  # UTF-8 asked for, not Python's choice for C
        ({"LC_ALL": "C", "PYTHONIOENCODING": "utf-8"}, False),
    ],
    ids=["C", "POSIX", "LC_CTYPE=C", "C.UTF-8", "C-PYTHONUTF8", "C-PYTHONIOENCODING"],
)
@pytest.mark.parametrize("command", [["cite", CLAIM], ["ask", "What does Russia demand?"]], ids=" ".join)
def test_the_c_locale_gets_the_ascii_kin_of_what_it_cannot_show(
    command: list[str], locale_env: dict[str, str], ascii_only: bool
) -> None:
    env = {key: value for key, value in environment().items()
           if not key.startswith(("LC_", "LANG", "PYTHONIOENCODING", "PYTHONUTF8"))}
    result = subprocess.run([*TOOL, *command], capture_output=True, check=False, env={**env, **locale_env})
    assert (result.returncode, result.stderr) == (0, b"")
    shown = result.stdout.decode("utf-8")
    assert shown.isascii() == ascii_only
    assert "Moscow is demanding that Ukraine cede occupied territories" in shown
    if ascii_only:  # the dashes and curly quotes became their ASCII kin, nothing "?"
        assert "?" not in shown.replace("What does Russia demand?", "")


def test_typographic_marks_become_their_ascii_kin() -> None:
    env = environment(LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    result = subprocess.run([*TOOL, "cite", "lavrov-rejects-western-security-guarantees"], capture_output=True,
                            env=env, check=True)
    assert "US Dangles Security Guarantees" in result.stdout.decode("ascii")
    answer = subprocess.run([*TOOL, "ask", "What territory does Russia demand?", "--top", "1"], capture_output=True, env=env,
                            check=True).stdout.decode("ascii")
    assert '"Moscow is demanding that Ukraine cede occupied territories' in answer
    assert "Russia * demand * territory" in answer and "     -- US Dangles" in answer


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_json_escapes_what_the_encoding_cannot_hold_and_loses_nothing(encoding: str) -> None:
    command = [*TOOL, "ask", "What does Russia demand?", "--json"]
    wide = subprocess.run(command, capture_output=True, check=True).stdout.decode("utf-8")
    env = environment(LC_ALL="C", LANG="C", PYTHONIOENCODING=encoding)
    narrow = subprocess.run(command, capture_output=True, env=env, check=True).stdout.decode(encoding)
    assert json.loads(narrow) == json.loads(wide)
    assert "\\u2019" in narrow


# -- exit codes for names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "option", "message"),
    [
        (["ask", "what do they want", "--party", "atlantis"], "--party", "unknown party 'atlantis'; list them with: berlintalks actors"),
        (["sticking-points", "--party", "natto"], "--party", "unknown party 'natto'; did you mean: nato?"),
        (["sticking-points", "--party", "atlantis"], "--party", "unknown party 'atlantis'; list them with: berlintalks actors"),
        (["compare", "--parties", "russia,kyv"], "--parties", "unknown party 'kyv'; did you mean: ukraine?"),
        (["claims", "--actor", "putin"], "--actor", "unknown party 'putin'; list them with: berlintalks actors"),
        (["claims", "--topic", "terrain"], "--topic", "unknown topic 'terrain'; did you mean: military-support, territory, next-steps?"),
        (["claims", "--source", "us dangles"], "--source",
         "unknown source 'us dangles'; did you mean: us-dangles-guarantees?"),
        (["check", "--uncovered", "--source", "zzzz"], "--source", "unknown source 'zzzz'; list them with: berlintalks sources"),
        (["locate", "Moscow", "--source", "zzzz"], "--source", "unknown source 'zzzz'; list them with: berlintalks sources"),
        (["cite", "zzzz"], "CLAIM_ID", "unknown claim id 'zzzz'; list them with: berlintalks claims"),
        (["claims", "--kind", "wish"], "--kind", "unknown kind 'wish'; known kinds: demand, goal, offer, proposal, "
         "concession, rejection, position, commitment, role, assessment, event, fact"),
    ],
)
def test_a_name_the_store_does_not_hold_is_a_usage_error_everywhere(
    runner: CliRunner, arguments: list[str], option: str, message: str
) -> None:
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: Invalid value for '{option}': {message}"


@pytest.mark.parametrize(
    "arguments",
    [["ask", "what does russia want", "--party", ""], ["claims", "--actor", ""], ["claims", "--topic", " "],
     ["sticking-points", "--party", ""]],
)
def test_an_empty_name_is_a_usage_error(runner: CliRunner, arguments: list[str]) -> None:
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: Invalid value for '{arguments[-2]}': the name is empty"


# -- what is said when there is little to say -----------------------------------------------------


def test_a_party_without_positions_is_told_so_with_the_claims_it_holds(runner: CliRunner, small_store: Path) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "sticking-points", "--party", "us"])
    assert (result.exit_code, result.output) == (
        0,
        "United States holds no position in any sticking point.\n"
        f"Claims that involve United States (berlintalks --data {small_store} claims --actor united-states):\n"
        "  · The United States offered security guarantees to Ukraine. [offer] us-offers-guarantees\n",
    )


def test_the_hints_a_command_prints_keep_the_store_in_use(runner: CliRunner, small_store: Path) -> None:
    data = ["--data", str(small_store)]
    told = runner.invoke(cli, [*data, "sticking-points", "--party", "us"]).output.splitlines()[1]
    assert told == f"Claims that involve United States (berlintalks --data {small_store} claims --actor united-states):"
    result = runner.invoke(cli, [*data, "claims", "--actor", "atlantis"])
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, f"Error: Invalid value for '--actor': unknown party 'atlantis'; list them with: berlintalks --data {small_store} actors"
    )


def test_a_hint_quotes_a_store_path_for_the_shell(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    spaced = tmp_path / "my store"
    small_store.parent.rename(spaced)
    result = runner.invoke(cli, ["--data", str(spaced / small_store.name), "cite", "zzzz"])
    assert result.output.splitlines()[-1] == (
        f"Error: Invalid value for 'CLAIM_ID': unknown claim id 'zzzz'; "
        f"list them with: berlintalks --data '{spaced / small_store.name}' claims"
    )


def test_nato_holds_no_position_in_the_bundled_store(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["sticking-points", "--party", "nato"])
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert lines[:2] == [
        "NATO holds no position in any sticking point.",
        "Claims that involve NATO (berlintalks claims --actor nato):",
    ]
    held = {claim["id"] for claim in json.loads(runner.invoke(cli, ["claims", "--actor", "nato", "--json"]).output)}
    assert {line.rsplit(" ", 1)[-1] for line in lines[2:]} == held and len(held) >= 5


def test_a_party_that_holds_nothing_at_all(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8").replace(
        "  - id: united-states", "  - id: finland\n    name: Finland\n    kind: state\n  - id: united-states", 1
    )
    small_store.write_text(text, encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "sticking-points", "--party", "finland"])
    assert result.output == (
        "Finland holds no position in any sticking point.\nNo claim is held by Finland either.\n"
    )


def test_counts_are_for_a_terminal_not_for_a_pipe(runner: CliRunner, small_store: Path) -> None:
    for command in (["claims"], ["actors"], ["topics"], ["sources"], ["check", "--uncovered"]):
        output = runner.invoke(cli, ["--data", str(small_store), *command]).output
        assert not re.search(r"^\d+ \w+$|^Everything is cited\.$", output, re.MULTILINE), (command, output)


def test_an_answer_does_not_begin_with_a_blank_line(runner: CliRunner) -> None:
    output = runner.invoke(cli, ["ask", "What territory does Russia demand?"]).output
    assert output.startswith("1. Russia demands")
    explained = runner.invoke(cli, ["ask", "What territory does Russia demand?", "--explain"]).output
    assert explained.startswith("Read as:\n") and "\n\n1. Russia demands" in explained


# -- ask - --------------------------------------------------------------------------------------


def test_ask_dash_reads_the_question_from_standard_input(runner: CliRunner) -> None:
    from_argument = runner.invoke(cli, ["ask", "What does Russia demand?", "--json"]).output
    from_input = runner.invoke(cli, ["ask", "-", "--json"], input="What does Russia demand?\n").output
    assert json.loads(from_input) == json.loads(from_argument)  # the line's end is not part of the question


def test_ask_dash_with_nothing_on_standard_input_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "-"], input="")
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, "Error: Invalid value for 'QUESTION': the question is empty")


def test_ask_dash_reads_no_more_than_its_limit(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("berlintalks.files.MAX_QUESTION", 10)
    result = runner.invoke(cli, ["ask", "-"], input="what does russia demand\n")
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: Invalid value for 'QUESTION': the question is over 10 characters"


def test_ask_dash_from_an_endless_stream_ends() -> None:
    with open("/dev/zero", "rb") as zeros:
        result = subprocess.run([*TOOL, "ask", "-"], stdin=zeros, capture_output=True, check=False, timeout=60)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        2, b"Error: Invalid value for 'QUESTION': the question is over 1,000,000 characters"
    )


def test_ask_dash_with_standard_input_closed_is_a_usage_error() -> None:
    result = subprocess.run([*TOOL, "ask", "-"], capture_output=True, preexec_fn=lambda: os.close(0), check=False)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (
        2, b"Error: Invalid value for 'QUESTION': standard input is closed"
    )


# -- where a citation's file is ---------------------------------------------------------------------


def test_the_bundled_stores_articles_are_named_by_absolute_path_from_elsewhere(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    output = runner.invoke(cli, ["cite", CLAIM]).output
    expected = Path(bundled_store_path()).resolve().parent.parent / "seeds" / "004_b260c448108cb886.txt"
    assert f"file      {expected}\n" in output
    assert f"({expected}), paragraph 6, line 6" in runner.invoke(cli, ["ask", "What territory does Russia demand?"]).output


def test_another_stores_articles_are_named_from_the_working_directory(
    runner: CliRunner, real_store_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Relative below the working directory; absolute where a relative path would climb out."""
    (tmp_path / "elsewhere").mkdir()
    absolute = str(tmp_path / "seeds" / "004_b260c448108cb886.txt")
    for folder, store, shown in (
        (tmp_path, "data/claims.yaml", "seeds/004_b260c448108cb886.txt"),
        (tmp_path / "data", "claims.yaml", absolute),
        (tmp_path / "elsewhere", "../data/claims.yaml", absolute),
    ):
        monkeypatch.chdir(folder)
        output = runner.invoke(cli, ["--data", store, "cite", CLAIM]).output
        assert f"file      {shown}\n" in output, folder
        assert Path(shown).is_file()


# -- the pager ---------------------------------------------------------------------------------------


def test_the_pager_is_never_used_in_a_pipe(tmp_path: Path) -> None:
    paged = tmp_path / "paged"
    env = environment(PAGER=f"cat > {paged}", LINES="5")
    result = subprocess.run([*TOOL, "claims"], capture_output=True, env=env, check=True)
    assert not paged.exists()
    assert len(result.stdout.splitlines()) > 200


def on_terminal(arguments: list[str], env: dict[str, str], *, columns: int, rows: int = 24) -> tuple[int, str]:
    """Run berlintalks on a pseudo-terminal of the given size; its exit code and what it showed."""
    main, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen([*TOOL, *arguments], stdin=terminal, stdout=terminal, stderr=terminal, env=env)
    os.close(terminal)
    shown = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's last user has gone
            break
        if not chunk:
            break
        shown.append(chunk)
    os.close(main)
    return process.wait(timeout=60), b"".join(shown).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("width", ["0", "-5", "x", ""])
def test_a_columns_variable_that_is_no_width_is_ignored_for_the_terminals_own(width: str) -> None:
    env = environment(TERM="xterm-256color", NO_COLOR="1", COLUMNS=width)
    code, shown = on_terminal(["--no-pager", "claims", "--actor", "lavrov"], env, columns=80)
    _, expected = on_terminal(["--no-pager", "claims", "--actor", "lavrov"], environment(TERM="xterm-256color",
                                                                                    NO_COLOR="1"), columns=80)
    assert (code, shown) == (0, expected)
    assert expected.startswith("lavrov-insists-on-recognition-of-russian-territorial-claims\n")


@pytest.fixture(params=[80, 140], ids=["80-columns", "140-columns"])
def columns(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture(params=[False, True], ids=["colour", "NO_COLOR"])
def terminal_environment(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    colour = {"NO_COLOR": "1"} if request.param else {}
    return environment(TERM="xterm-256color", PAGER=f"cat > {tmp_path / 'paged'}", **colour)


def test_long_output_on_a_terminal_goes_through_the_pager(
    tmp_path: Path, columns: int, terminal_environment: dict[str, str]
) -> None:
    code, shown = on_terminal(["claims", "--actor", "russia"], terminal_environment, columns=columns)
    paged = (tmp_path / "paged").read_text(encoding="utf-8")
    assert (code, shown) == (0, "")
    if columns >= 140:
        assert paged.startswith("\x1b[1mid")  # the table of a terminal, its header bold
    else:  # too narrow for the table: one block per claim, its id first
        assert OWN_STYLE.sub("", paged).startswith(f"{CLAIM}\n  Russia · demand")
    assert paged.endswith("\n15 claims\n")  # and the count, for a person at a terminal
    assert ("\x1b[36m" in paged) is ("NO_COLOR" not in terminal_environment)


def test_short_output_and_no_pager_are_shown_directly(
    tmp_path: Path, columns: int, terminal_environment: dict[str, str]
) -> None:
    code, shown = on_terminal(["ask", "What territory does Russia demand?", "--top", "1"], terminal_environment,
                              columns=columns, rows=60)
    assert code == 0 and "Russia demands that Ukraine" in shown
    code, shown = on_terminal(["--no-pager", "claims", "--actor", "russia"], terminal_environment, columns=columns)
    assert code == 0 and shown.endswith("\n15 claims\n")
    assert not (tmp_path / "paged").exists()


def test_ctrl_c_while_paging_belongs_to_the_pager(tmp_path: Path) -> None:
    # The pager's shell interrupts berlintalks ($PPID) as Ctrl-C would, then reads on.
    paged = tmp_path / "paged"
    env = environment(TERM="xterm-256color", PAGER=f"kill -INT $PPID; sleep 0.2; cat > {paged}")
    code, shown = on_terminal(["claims"], env, columns=80)
    assert (code, shown) == (0, "")
    assert paged.read_text(encoding="utf-8").endswith("\n212 claims\n")


@pytest.mark.parametrize(
    ("pager", "said_first"),
    [("", ""), ("no-such-pager-anywhere", r"[^\n]*no-such-pager-anywhere: (command )?not found\n")],  # by the shell
    ids=["empty", "not-installed"],
)
def test_an_empty_or_missing_pager_leaves_the_output_shown_whole(pager: str, said_first: str) -> None:
    env = environment(TERM="xterm-256color", PAGER=pager)
    code, shown = on_terminal(["claims", "--actor", "russia"], env, columns=80)
    _, unpaged = on_terminal(["--no-pager", "claims", "--actor", "russia"], env, columns=80)
    assert unpaged.endswith("\n15 claims\n")
    assert code == 0 and re.fullmatch(said_first + re.escape(unpaged), shown), shown[:200]


# -- nothing from the store acts on the terminal -------------------------------------------------------

#: Clear screen, window title (OSC 0), a hyperlink (OSC 8), blink, bell, NUL, CSI as C1, DEL, a bidi
#: override and isolate, a right-to-left mark and a zero-width space.
HOSTILE = (
    "\x1b[2J\x1b]0;pwned\x07 \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\ \x1b[5mblink \x00\x9b31m\x7f "
    "\u202eevil\u202c \u2066x\u2069\u200f \u200b"
)
#: Rich markup, to be printed as it is written, never obeyed.
MARKUP = "[bold]loud[/bold] [link=http://evil]click[/link] :smile:"
#: Every character ``sanitize.visible`` spells out.
RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0000-\U000e007f]"
)
OWN_STYLE = re.compile(r"\x1b\[[0-9;]*m")


def assert_nothing_raw(output: str) -> None:
    """No character that acts on a terminal or hides, but the colours of our own styles."""
    assert not RAW.search(OWN_STYLE.sub("", output.replace("\x1b[5mblink", ""))), repr(output[:400])
    assert "\x1b[5mblink" not in output and "\x1b[2J" not in output


@pytest.fixture
def hostile_store(small_store: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The small store with the hostile text in every name, alias, title, text and path, as
    if the store or its cache said anything at all: check refuses such a store, so the
    commands are handed it past the loader."""
    store = load_store(small_store)

    def bad(text: str) -> str:
        return f"{text} {HOSTILE} {MARKUP}"

    sources = tuple(s._replace(title=bad(s.title), path=bad(s.path), file=bad(s.file)) for s in store.sources)
    hostile = Store(
        path=store.path,
        sources=sources,
        actors=tuple(a._replace(name=bad(a.name), aliases=(*a.aliases, bad("alias"))) for a in store.actors),
        topics=tuple(t._replace(name=bad(t.name)) for t in store.topics),
        claims=tuple(c._replace(text=bad(c.text)) for c in store.claims),
        sticking_points=tuple(
            p._replace(title=bad(p.title), positions=tuple(q._replace(stance=bad(q.stance)) for q in p.positions))
            for p in store.sticking_points
        ),
    )
    monkeypatch.setattr(cache, "load", lambda stored, reuse=True: (hostile, lambda: QueryIndex(hostile)))
    return hostile


HUMAN_COMMANDS = [
    ["ask", "what does moscow demand"],
    ["ask", "what does moscow demand", "--explain"],
    ["ask", f"land {HOSTILE} [bold]x[/bold]", "--explain"],
    ["cite", "ukraine-rejects-land-loss"],
    ["sticking-points"],
    ["sticking-points", "--party", "us"],
    ["compare"],
    ["claims"],
    ["claims", "--csv"],
    ["actors"],
    ["topics"],
    ["sources"],
    ["export", "--format", "csv"],
    ["export", "--format", "csv", "--table", "actors"],
    ["export", "--format", "csv", "--table", "sticking-points"],
    ["export", "--format", "markdown"],
]


@pytest.mark.parametrize("command", HUMAN_COMMANDS, ids=" ".join)
@pytest.mark.parametrize(
    "terminal", [{}, {"COLUMNS": "80"}, {"COLUMNS": "140"}, {"COLUMNS": "140", "NO_COLOR": "1"}],
    ids=["pipe", "terminal-80", "terminal-140", "terminal-140-NO_COLOR"],
)
def test_nothing_from_the_store_acts_on_the_terminal_and_all_of_it_is_shown(
    runner: CliRunner, hostile_store: Store, command: list[str], terminal: dict[str, str],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    if terminal:  # tables, panels and colour; at 140 columns the compare matrix side by side
        monkeypatch.setenv("FORCE_COLOR", "1")
        for name, value in terminal.items():
            monkeypatch.setenv(name, value)
    result = runner.invoke(cli, command, catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    assert_nothing_raw(result.output)
    assert "<U+" in result.output
    if terminal.get("COLUMNS") != "80":  # at 80 columns a narrow table column may fold it
        assert "<U+202E>evil<U+202C>" in re.sub(r"\s+", "", OWN_STYLE.sub("", result.output))


def test_the_shell_shows_the_store_as_the_commands_do(runner: CliRunner, hostile_store: Store) -> None:
    typed = ":party russia\nhelp\nwhat does moscow demand\n:cite russia-demands-territory\n:party nowhere\n"
    result = runner.invoke(cli, ["shell"], input=typed, catch_exceptions=False)
    assert result.exit_code == 0
    for shown in (result.stdout, result.stderr):
        assert_nothing_raw(shown)
    assert "Answers held by Russia " in result.stdout and "(now Russia " in result.stdout
    assert "<U+202E>evil<U+202C>" in re.sub(r"\s+", "", result.stdout)


@pytest.mark.parametrize("force_color", ["", "1"])
def test_rich_markup_in_the_store_prints_literally(runner: CliRunner, hostile_store: Store, force_color: str,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", force_color)
    monkeypatch.setenv("COLUMNS", "400")
    assert MARKUP in runner.invoke(cli, ["claims"]).output


def test_the_compare_matrix_header_is_made_visible(runner: CliRunner, hostile_store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "400")
    lines = runner.invoke(cli, ["compare"]).output.splitlines()
    header = lines[: next(number for number, line in enumerate(lines) if line.startswith("─"))]
    assert "Sticking point" in "".join(header) and "<U+001B>]0;pwned<U+0007>" in "".join(header)


@pytest.mark.parametrize("command", [["claims", "--csv"], ["export", "--format", "csv"]], ids=" ".join)
def test_csv_stays_csv_with_the_characters_spelled_out(runner: CliRunner, hostile_store: Store,
                                                       command: list[str]) -> None:
    rows = list(csv.reader(io.StringIO(runner.invoke(cli, command).output)))
    assert all(len(row) == len(rows[0]) for row in rows)
    assert any("<U+0000><U+009B>31m<U+007F>" in cell for row in rows for cell in row)


@pytest.mark.parametrize(
    "command",
    [["ask", "what does moscow demand", "--json"], ["claims", "--json"], ["cite", "ukraine-rejects-land-loss", "--json"],
     ["export"], ["compare", "--json"], ["sources", "--json"]],
    ids=" ".join,
)
def test_json_escapes_every_such_character_and_keeps_it(runner: CliRunner, hostile_store: Store,
                                                        command: list[str]) -> None:
    output = runner.invoke(cli, command).output
    assert not RAW.search(output.replace("\n", "")), repr(output[:400])
    assert "\\u202e" in output
    assert any(HOSTILE in string for string in strings(json.loads(output)))


def strings(data: object) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for key, value in data.items() for s in strings(key) + strings(value)]
    if isinstance(data, list):
        return [s for item in data for s in strings(item)]
    return []


def test_a_quote_holding_such_characters_is_accepted_and_shown_spelled_out(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = small_store.parent / "talks.txt"
    text = article.read_text(encoding="utf-8").replace("Kyiv rejects", "Kyiv \u202erejects\u202c\x1b[2J")
    article.write_text(text, encoding="utf-8")
    import hashlib

    store_text = small_store.read_text(encoding="utf-8")
    store_text = re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(text.encode()).hexdigest()}", store_text)
    store_text = store_text.replace("quote: Kyiv rejects any loss of land.",
                                    'quote: "Kyiv \\u202erejects\\u202c\\e[2J any loss of land."')
    small_store.write_text(store_text, encoding="utf-8")
    assert runner.invoke(cli, ["--data", str(small_store), "check"]).exit_code == 0
    output = runner.invoke(cli, ["--data", str(small_store), "cite", "ukraine-rejects-land-loss"]).output
    assert "**Kyiv <U+202E>rejects<U+202C><U+001B>[2J any loss of land.**" in output
    assert_nothing_raw(output)
    output = runner.invoke(cli, ["--data", str(small_store), "locate", "Kyiv \u202erejects"]).output
    assert output.endswith("   quote: Kyiv <U+202E>rejects\n")
    assert_nothing_raw(output)


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"),
    [
        ("name: Russia", 'name: "Rus\\u202esia"', 8, "actor 'russia': field 'name' holds U+202E, a control or invisible character; remove it"),
        ("aliases: [Kyiv]", 'aliases: ["Ky\\u200biv"]', 14, "actor 'ukraine': field 'aliases' item 1 holds U+200B, a control or invisible character; remove it"),
        ("title: Talks in Berlin", 'title: "Talks\\0 in Berlin"', 4, "source 'talks': field 'title' holds U+0000, a control or invisible character; remove it"),
        ("name: Security guarantees", 'name: "Security \\e]0;x\\a guarantees"', 24,
         "topic 'security-guarantees': field 'name' holds U+001B, U+0007, control or invisible characters; remove them"),
        ("text: Ukraine rejects any loss of land.", 'text: "Ukraine rejects \\u2066any\\u2069 loss of land."', 40,
         "claim 'ukraine-rejects-land-loss': field 'text' holds U+2066, U+2069, control or invisible characters; "
         "remove them"),
        ("title: Territory\n", 'title: "Territory\\u200f"\n', 56, "sticking point 'territory': field 'title' holds U+200F, a control or invisible character; remove it"),
    ],
)
def test_check_refuses_control_and_invisible_characters_in_what_the_curator_writes(
    runner: CliRunner, small_store: Path, old: str, new: str, line: int, problem: str
) -> None:
    small_store.write_text(small_store.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert result.exit_code == 1
    [error] = result.output.splitlines()
    assert error == f"Error: {small_store}:{line}: {problem}"


#: A claim text that goes on as a quote and its source line would, to pass for a citation.
FORGED = ("Russia demands territory.\n   \u201cMoscow offers peace.\u201d\n"
          "     \u2014 Talks in Berlin (talks.txt), paragraph 2, line 2")


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"),
    [
        ("text: Russia demands that Ukraine cede occupied territories.", f"text: {json.dumps(FORGED)}", 31,
         "claim 'russia-demands-territory': field 'text' holds a line break; write it on one line"),
        ("name: Russia", 'name: "Rus\\tsia"', 8, "actor 'russia': field 'name' holds a tab; write it on one line"),
        ("aliases: [Kyiv]", 'aliases: ["Ky\\riv"]', 14,
         "actor 'ukraine': field 'aliases' item 1 holds a line break; write it on one line"),
        ("title: Talks in Berlin", "title: |\n      Talks in\n      Berlin", 4,
         "source 'talks': field 'title' holds a line break; write it on one line"),
        ("name: Territory\n", "name: >\n      Territory\n", 21,
         "topic 'territory': field 'name' holds a line break; write it on one line"),
        ("title: Territory\n", 'title: "Territory\\n"\n', 56,
         "sticking point 'territory': field 'title' holds a line break; write it on one line"),
        ("[What does Russia demand?,", '["What does\\nRussia demand?",', 32,
         "claim 'russia-demands-territory': field 'questions' item 1 holds a line break; write it on one line"),
        ("stance: cede occupied land", 'stance: "cede\\toccupied land"', 60,
         "sticking point 'territory' position 1: field 'stance' holds a tab; write it on one line"),
    ],
)
def test_check_refuses_a_line_break_or_tab_in_what_is_one_line(
    runner: CliRunner, small_store: Path, old: str, new: str, line: int, problem: str
) -> None:
    assert old in small_store.read_text(encoding="utf-8")
    small_store.write_text(small_store.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (1, f"Error: {small_store}:{line}: {problem}\n")


@pytest.mark.parametrize("terminal", [{}, {"COLUMNS": "200", "FORCE_COLOR": "1"}], ids=["pipe", "terminal"])
@pytest.mark.parametrize("command", [["ask", "what does russia demand"], ["cite", "russia-demands-territory"],
                                     ["sticking-points"], ["claims"]], ids=" ".join)
def test_a_claim_text_that_passes_check_only_through_the_cache_cannot_forge_a_citation(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
    terminal: dict[str, str]
) -> None:
    store = load_store(small_store)
    forged = Store(path=store.path, sources=store.sources, actors=store.actors, topics=store.topics,
                   claims=tuple(c._replace(text=FORGED) if c.actor == "russia" else c for c in store.claims),
                   sticking_points=store.sticking_points)
    monkeypatch.setattr(cache, "load", lambda stored, reuse=True: (forged, lambda: QueryIndex(forged)))
    for name, value in terminal.items():
        monkeypatch.setenv(name, value)
    output = OWN_STYLE.sub("", runner.invoke(cli, ["--data", str(small_store), *command]).output)
    assert "Russia demands territory.<U+000A>" in output
    assert not any(line.lstrip().startswith(("\u201cMoscow offers", "\u2014 Talks in Berlin (talks.txt), paragraph 2"))
                   for line in output.splitlines()), output


def test_an_error_naming_a_path_shows_its_characters_spelled_out(runner: CliRunner, small_store: Path) -> None:
    small_store.write_text(small_store.read_text(encoding="utf-8").replace("path: talks.txt", 'path: "ta\\u202elks.txt"'),
                           encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "claims"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:3: source 'talks': ta<U+202E>lks.txt: no such source file\n"
    )


def test_a_zero_width_space_inside_a_name_in_a_question_is_not_seen(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "what does russ\u200bia demand", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["answers"][0]["actor"] == "russia"


def test_no_color_turns_colour_off_and_force_color_on(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = runner.invoke(cli, ["ask", "what does moscow demand"]).output
    assert "\x1b[36m" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[36m" not in runner.invoke(cli, ["ask", "what does moscow demand"]).output


def test_a_dumb_terminal_and_a_pipe_get_plain_text(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b" not in runner.invoke(cli, ["compare"]).output
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    assert "\x1b" not in runner.invoke(cli, ["compare"]).output
