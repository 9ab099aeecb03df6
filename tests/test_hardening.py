"""Bad stores, bad questions and hostile text: one-line errors, documented exit codes, nothing injected."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berlintalks import files
from berlintalks.cli import cli
from berlintalks.errors import BerlintalksError, StoreError
from berlintalks.query import QueryIndex
from berlintalks.store import load_store
from conftest import REAL_STORE


def problems(path: Path) -> list[str]:
    with pytest.raises(StoreError) as caught:
        load_store(path)
    return [problem.replace(str(path), "STORE") for problem in caught.value.problems]


def write(tmp_path: Path, content: str | bytes, name: str = "claims.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# -- 1-3, 9: what YAML may not do ---------------------------------------------------------


def test_a_python_object_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = write(tmp_path, f"sources: !!python/object/apply:os.system ['touch {marker}']\n")
    assert problems(path) == ["STORE:1:10: tag 'tag:yaml.org,2002:python/object/apply:os.system': tags are not allowed"]
    assert not marker.exists()


def test_a_billion_laughs_document_is_refused_at_its_first_anchor(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    assert problems(path) == ["STORE:1:4: anchor &a: anchors and aliases are not allowed"]


def test_an_alias_is_refused_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: []\nactors: *x\n")
    assert problems(path) == ["STORE:2:9: alias *x: anchors and aliases are not allowed"]


def test_a_hundred_levels_of_nesting_are_refused_where_the_limit_is_passed(tmp_path: Path) -> None:
    path = write(tmp_path, "sources: " + "[" * 100 + "]" * 100 + "\n")
    assert problems(path) == ["STORE:1:73: nested deeper than 64 levels"]


def test_thousands_of_levels_of_nesting_are_a_clean_error(tmp_path: Path) -> None:
    # libyaml may scan ahead and stop at its own limit first: where it stops is its own affair.
    path = write(tmp_path, "sources: " + "[" * 5000 + "]" * 5000 + "\n")
    [problem] = problems(path)
    assert re.fullmatch(r"STORE:1:\d+: nested deeper than 64 levels", problem)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("sources:\n\t- id: x\n", "STORE:2:1: a tab character; indent YAML with spaces"),
        ("- just\n- a list\n", "STORE:1: the top level must be a mapping of sources, actors, topics, claims, sticking_points"),
        ("sources: []\n---\nactors: []\n", "STORE:2:1: several YAML documents; a store is one document"),
        ("sources: [\n", "STORE:2:1: did not find expected node content"),
        ("claims:\n  - id: a\n    text: x\n    text: y\n", "STORE:4:5: duplicate key 'text' (first at line 3)"),
    ],
)
def test_structural_problems_name_line_and_column(tmp_path: Path, content: str, expected: str) -> None:
    assert problems(write(tmp_path, content)) == [expected]


# -- 8: the store file itself ------------------------------------------------------------


def test_an_empty_store(tmp_path: Path) -> None:
    assert problems(write(tmp_path, "# nothing here\n")) == ["STORE: the store is empty"]


def test_a_directory_is_not_a_store(tmp_path: Path) -> None:
    assert problems(tmp_path) == ["STORE: is a directory, not a store"]


def test_an_unreadable_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "sources: []\n")
    opened = os.open

    def refuse(name: str, flags: int, *arguments: int) -> int:
        if name == str(path):
            raise PermissionError(13, "Permission denied")
        return opened(name, flags, *arguments)

    monkeypatch.setattr(os, "open", refuse)
    assert problems(path) == ["STORE: cannot read the store: permission denied"]


def test_a_store_the_user_cannot_read_is_a_store_problem_exit_1(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, "sources: []\n")
    checked, opened = os.access, os.open

    def unreadable(name: object, *arguments: int, **keywords: object) -> bool:
        return False if str(name) == str(path) else checked(name, *arguments, **keywords)  # type: ignore[arg-type]

    def refuse(name: str, flags: int, *arguments: int) -> int:
        if name == str(path):
            raise PermissionError(13, "Permission denied")
        return opened(name, flags, *arguments)

    monkeypatch.setattr(os, "access", unreadable)  # as root, only pretended
    monkeypatch.setattr(os, "open", refuse)
    result = runner.invoke(cli, ["--data", str(path), "claims"])
    assert (result.exit_code, result.output) == (1, f"Error: {path}: cannot read the store: permission denied\n")


def test_a_store_over_the_size_cap(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024 * 1024)
    path = write(tmp_path, "sources: []\n" + "#" * 1024 * 1024 * 3)
    assert problems(path) == ["STORE: store is 3 MB, over the 1 MB limit"]


def berlintalks(*arguments: str) -> subprocess.CompletedProcess[str]:
    """The tool in a process of its own, given a minute: what is tested here used to hang."""
    command = [sys.executable, "-m", "berlintalks", *arguments]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_not_a_store_and_is_not_read(device: str) -> None:
    result = berlintalks("--data", device, "check")
    assert (result.returncode, result.stderr) == (1, f"Error: {device}: is a device, not a store\n")


def test_a_fifo_nobody_writes_to_is_an_empty_store_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "claims.yaml")
    result = berlintalks("--data", str(tmp_path / "claims.yaml"), "check")
    assert (result.returncode, result.stderr) == (1, f"Error: {tmp_path / 'claims.yaml'}: the store is empty\n")


def test_a_source_that_is_a_fifo_is_refused_unread(small_store: Path) -> None:
    (small_store.parent / "talks.txt").unlink()
    os.mkfifo(small_store.parent / "talks.txt")
    result = berlintalks("--data", str(small_store), "check")
    assert (result.returncode, result.stderr) == (
        1, f"Error: {small_store}:3: source 'talks': talks.txt: is a pipe, not a source file\n"
    )


def test_a_pipe_is_read_no_further_than_the_size_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024 * 1024)
    reading, writing = os.pipe()
    unread: list[BrokenPipeError] = []

    def write_more_than_the_cap() -> None:
        try:
            with os.fdopen(writing, "wb") as pipe:
                pipe.write(b"# " * 1024 * 1024 * 4)
        except BrokenPipeError as error:  # the pipe was closed with the rest of the bytes unread
            unread.append(error)

    writer = threading.Thread(target=write_more_than_the_cap)
    writer.start()
    try:
        with pytest.raises(StoreError) as caught:
            files.read_store(f"/dev/fd/{reading}")
    finally:
        os.close(reading)
        writer.join()
    assert caught.value.problems == [f"/dev/fd/{reading}: store is over the 1 MB limit"]
    assert unread, "the whole pipe was read"


def test_a_file_that_grows_while_it_is_read_is_read_no_further_than_the_size_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1024 * 1024)
    path = write(tmp_path, "#" * 3 * 1024 * 1024)
    status = os.fstat

    def when_it_was_small(descriptor: int) -> os.stat_result:
        found = list(status(descriptor))
        found[6] = 10  # st_size
        return os.stat_result(found)

    monkeypatch.setattr(os, "fstat", when_it_was_small)
    assert problems(path) == ["STORE: store is over the 1 MB limit"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("sources: []\n".encode("utf-16"), "STORE: store is UTF-16; save it as UTF-8"),
        ("sources: []\ntitle: Café\n".encode("latin-1"), "STORE: not valid UTF-8 at byte 22 (line 2); save the store as UTF-8"),
        (b"sources: []\x00\n", "STORE: store contains NUL bytes; is it UTF-16? Save it as UTF-8"),
    ],
)
def test_encodings_other_than_utf8_are_one_line_errors(tmp_path: Path, content: bytes, expected: str) -> None:
    assert problems(write(tmp_path, content)) == [expected]


def test_a_utf8_byte_order_mark_is_accepted_and_lines_stay_right(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8").replace("kind: demand", "kind: wish")
    small_store.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert problems(small_store)[0].startswith("STORE:29: claim 'russia-demands-territory': field 'kind'")


def test_check_gives_the_same_result_under_the_c_locale(small_store: Path) -> None:
    small_store.write_text(small_store.read_text(encoding="utf-8").replace("actor: ukraine", "actor: kyïv"), encoding="utf-8")
    runs = [
        subprocess.run(
            [sys.executable, "-m", "berlintalks", "--data", str(small_store), "check"],
            capture_output=True, env={**os.environ, **extra}, check=False,
        )
        for extra in ({}, {"LC_ALL": "C", "LANG": "C"})
    ]
    assert runs[0].returncode == runs[1].returncode == 1
    # The same problem, in the C locale's character set.
    assert runs[1].stderr == runs[0].stderr.decode("utf-8").replace("ï", "?").encode("ascii")
    assert "unknown field" not in runs[0].stderr.decode() and "'kyïv'" in runs[0].stderr.decode("utf-8")


# -- 7: a store whose sources moved on ------------------------------------------------------


def test_check_exits_1_when_a_source_was_edited(runner: CliRunner, small_store: Path) -> None:
    (small_store.parent / "talks.txt").write_text("Something else entirely.\n", encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {small_store}:5: source 'talks': talks.txt has changed since it was curated")


def test_a_missing_source_file_is_named_with_its_source(runner: CliRunner, small_store: Path) -> None:
    (small_store.parent / "talks.txt").unlink()
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:3: source 'talks': talks.txt: no such source file\n"
    )


def test_an_article_that_is_a_link_to_itself_is_a_one_line_error(runner: CliRunner, small_store: Path) -> None:
    article = small_store.parent / "talks.txt"
    article.unlink()
    article.symlink_to("talks.txt")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:3: source 'talks': talks.txt: cannot read the source file: "
        "Too many levels of symbolic links\n"
    )


def test_a_nul_in_a_source_path_is_a_one_line_error(runner: CliRunner, small_store: Path) -> None:
    small_store.write_text(small_store.read_text(encoding="utf-8").replace("path: talks.txt", 'path: "talks\\0.txt"'),
                           encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:3: source 'talks': talks<U+0000>.txt: cannot read the source file: "
        "its name holds a NUL character\n"
    )


def test_the_bundled_store_is_used_from_a_working_directory_that_was_removed(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    command = [sys.executable, "-m", "berlintalks", "claims", "--actor", "lavrov"]
    result = subprocess.run(command, cwd=gone, preexec_fn=gone.rmdir, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[1].startswith("lavrov-insists-on-recognition-of-russian-territorial-claims ")


def test_every_command_reports_a_bad_store_the_same_way(runner: CliRunner, small_store: Path) -> None:
    small_store.write_text("sources: [\n", encoding="utf-8")
    for command in (["ask", "x"], ["claims"], ["compare"], ["sticking-points"], ["export"], ["actors"]):
        result = runner.invoke(cli, ["--data", str(small_store), *command])
        assert (result.exit_code, result.output) == (
            1, f"Error: {small_store}:2:1: did not find expected node content\n"
        ), command


# -- 10, 11: questions and options ------------------------------------------------------------


@pytest.mark.parametrize("question", ["", " ", "\t\n"])
def test_an_empty_or_blank_question_is_a_usage_error(runner: CliRunner, question: str) -> None:
    result = runner.invoke(cli, ["ask", question])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: Invalid value for 'QUESTION': the question is empty"


def test_a_100_kb_question_is_answered_or_declined(runner: CliRunner) -> None:
    question = ("what does russia demand of ukraine and why " * 2500)[:100_000]
    result = runner.invoke(cli, ["ask", question, "--json"], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    assert json.loads(result.output)["question"] == question


@pytest.mark.parametrize(
    "question",
    ["ما هو موقف روسيا؟", "russia\u200b\u200dguarantees", "🇺🇦 🕊️ peace?", "\u202eaissur\u202c demand", "𝓡𝓾𝓼𝓼𝓲𝓪"],
)
def test_any_unicode_question_is_answered_or_declined(runner: CliRunner, question: str) -> None:
    result = runner.invoke(cli, ["ask", question], catch_exceptions=False)
    assert result.exit_code in (0, 1)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["ask", "x", "--top", "0"], "Error: Invalid value for '--top' / '-n': 0 is not in the range 1<=x<=50."),
        (["export", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'json', 'csv', 'markdown'."),
        (["claims", "--kind", "wish"], "Error: Invalid value for '--kind': unknown kind 'wish'; known kinds: demand, goal, "
         "offer, proposal, concession, rejection, position, commitment, role, assessment, event, fact"),
        (["nonsense"], "Error: No such command 'nonsense'."),
        (["ask"], "Error: Missing argument 'QUESTION'."),
        (["claims", "--json", "--csv"], "Error: choose one of --json and --csv"),
        (["claims", "--actor", "natto"], "Error: Invalid value for '--actor': unknown party 'natto'; did you mean: nato?"),
        (["--data"], "Error: Option '--data' requires an argument."),
        (["add-source", "x.txt", "--id", "123", "--title", "T"],
         "Error: Invalid value for '--id': '123' would be read as a number (123), not an id; add a letter"),
    ],
)
def test_a_usage_error_is_one_line_exit_2(runner: CliRunner, arguments: list[str], message: str) -> None:
    result = runner.invoke(cli, arguments)
    assert (result.exit_code, result.output) == (2, message + "\n")


# -- 15: Ctrl-C ----------------------------------------------------------------------------------


def test_ctrl_c_says_aborted_without_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "berlintalks", "shell"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stdin is not None
    process.stdin.write(b"help\n")
    process.stdin.flush()
    process.stdout.readline()  # help's first line: the shell is waiting for the next
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert (process.returncode, stderr.strip()) == (1, b"Aborted!")


# -- property-based ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index() -> QueryIndex:
    return QueryIndex(load_store(REAL_STORE))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(question=st.text(max_size=300))
def test_any_text_is_read_and_answered_with_verbatim_quotes(index: QueryIndex, question: str) -> None:
    try:
        result = index.ask(question)
    except BerlintalksError:
        return
    for answer in result.answers:
        for citation in answer.claim.citations:
            source = index.store.source_by_id[citation.source]
            assert source.text[citation.start : citation.end] == citation.quote


@settings(max_examples=300, deadline=None)
@given(
    question=st.lists(
        st.sampled_from(
            ["what", "does", "russia", "moscow", "kremlin", "ukraine", "kyiv", "zelensky", "us", "washington", "europe", "nato", "demand", "want", "offer", "reject", "land", "territory", "guarantees", "why", "when", "who", "is", "the", "of", "on", "ceasefire", "sanctions", "2014", "russsia", "zelensy"]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_questions_made_of_store_words_never_fail(index: QueryIndex, question: str) -> None:
    result = index.ask(question)
    assert result.answered or result.reason


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    document=st.text(
        alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t ,?%@`~\\0123456789")) | st.characters(), max_size=200
    )
)
def test_the_loader_only_ever_raises_its_own_error(tmp_path_factory: pytest.TempPathFactory, document: str) -> None:
    path = tmp_path_factory.mktemp("store") / "claims.yaml"
    path.write_text(document, encoding="utf-8", errors="surrogatepass")
    try:
        load_store(path)
    except StoreError as error:
        assert error.problems and all("\n" not in problem for problem in error.problems)


def test_a_quote_beginning_with_a_line_break_is_refused_not_a_crash_in_cite(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8")
    old = "quote: The United States offered security guarantees to Ukraine."
    small_store.write_text(text.replace(old, 'quote: "\\nThe United States offered"'), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data", str(small_store), "cite", "us-offers-guarantees"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {small_store}:53: claim 'us-offers-guarantees' citation 1: quote begins or ends with white space; "
        "quote from the first character to the last\n"
    )
