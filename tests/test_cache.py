"""The cache of the validated store: used when valid, never stale, never in the way."""

from __future__ import annotations

import hashlib
import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import time
from array import array
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berlintalks import cache
from berlintalks.check import check_report
from berlintalks.cli import cli
from berlintalks.errors import CacheDamaged
from berlintalks.export import ExportFormat, export_text
from berlintalks.files import read_store
from berlintalks.model import Claim, Source, Store
from berlintalks.paths import cache_directory, state_directory
from berlintalks.query import QueryIndex
from berlintalks.session import Session
from conftest import SOURCE_TEXT
from test_shell import Terminal


def ask_json(runner: CliRunner, store: Path, question: str = "what does moscow want?") -> dict:
    result = runner.invoke(cli, ["--data", str(store), "ask", question, "--json"], catch_exceptions=False)
    return json.loads(result.output)


def entries(tmp_path: Path) -> list[Path]:
    """The cache's entries, and whatever else lies there but the kept sentence vectors."""
    return sorted(p for p in (tmp_path / "cache" / "berlintalks").glob("*") if not p.name.startswith("vectors.sqlite3"))


def forbid_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on, parsing a store's YAML fails the test: answers must come from the cache."""

    def no_yaml(*arguments: object, **keywords: object) -> None:
        raise AssertionError("the store was parsed again")

    monkeypatch.setattr("berlintalks.store.read_document", no_yaml)


def test_a_first_answer_fills_the_cache_and_a_second_uses_it(
    runner: CliRunner, small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ask_json(runner, small_store)
    [entry] = entries(tmp_path)
    assert entry.suffix == ".cache"
    forbid_yaml(monkeypatch)
    assert ask_json(runner, small_store) == first


def test_an_edited_store_is_never_answered_from_the_cache(runner: CliRunner, small_store: Path) -> None:
    ask_json(runner, small_store)
    small_store.write_text(
        small_store.read_text(encoding="utf-8").replace(
            "text: Russia demands that Ukraine cede occupied territories.", "text: Russia wants the occupied land."
        ),
        encoding="utf-8",
    )
    assert ask_json(runner, small_store)["answers"][0]["text"] == "Russia wants the occupied land."


def test_an_edited_source_is_never_answered_from_the_cache(runner: CliRunner, small_store: Path) -> None:
    ask_json(runner, small_store)
    (small_store.parent / "talks.txt").write_text("Moscow changed its mind.\n", encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"])
    assert result.exit_code == 1
    assert "talks.txt has changed since it was curated" in result.output


def test_a_cache_that_cannot_be_written_is_skipped(
    runner: CliRunner, small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert ask_json(runner, small_store)["answered"] is True


def test_a_corrupt_entry_is_ignored_and_replaced(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    first = ask_json(runner, small_store)
    [entry] = entries(tmp_path)
    entry.write_bytes(cache.MAGIC + b"\x00not an entry")
    assert ask_json(runner, small_store) == first
    assert entry.read_bytes().startswith(cache.MAGIC + entry.stem.encode())


def test_an_article_replaced_by_a_link_out_after_caching_is_refused_warm_as_cold(
    runner: CliRunner, small_store: Path, tmp_path: Path
) -> None:
    assert runner.invoke(cli, ["--data", str(small_store), "check"]).exit_code == 0
    # The same bytes, outside the bound (the folder holding the store's folder): its checksum passes.
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text(SOURCE_TEXT, encoding="utf-8")
    article = small_store.parent / "talks.txt"
    article.unlink()
    article.symlink_to(outside)
    try:
        result = runner.invoke(cli, ["--data", str(small_store), "check"])
    finally:
        outside.unlink()
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:3: source 'talks': talks.txt: leads outside {tmp_path}; "
        "a source must lie in the store's folder or in a folder beside it\n"
    )


def test_a_file_in_an_entrys_place_without_its_header_is_answered_past_and_left(
    runner: CliRunner, small_store: Path, tmp_path: Path
) -> None:
    first = ask_json(runner, small_store)
    [entry] = entries(tmp_path)
    entry.write_bytes(b"\x00another program's file of that name")
    assert ask_json(runner, small_store) == first
    assert entry.read_bytes() == b"\x00another program's file of that name"


def test_old_entries_are_pruned(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "berlintalks"
    folder.mkdir(parents=True)
    for number in range(cache.KEEP_ENTRIES + 3):
        stale = folder / f"{number:064x}.cache"
        stale.write_bytes(b"berlintalks-cache-6\nan entry of the format before")
        os.utime(stale, (1, 1))
    ask_json(runner, small_store)
    assert len(entries(tmp_path)) == cache.KEEP_ENTRIES
    assert not list(folder.glob("*.tmp"))


def test_the_cached_store_equals_the_loaded_one(small_store: Path) -> None:
    from berlintalks.store import load_store

    loaded = load_store(small_store)
    cache.load(read_store(str(small_store)))
    cached, _ = cache.load(read_store(str(small_store)))
    assert (cached.sources, cached.actors, cached.topics, tuple(cached.claims), cached.sticking_points) == (
        loaded.sources, loaded.actors, loaded.topics, loaded.claims, loaded.sticking_points
    )
    assert cached.differences == loaded.differences
    assert dict(cached.claim_by_id) == loaded.claim_by_id
    assert "no-such-claim" not in cached.claim_by_id


@pytest.mark.parametrize(
    "command",
    [
        ["ask", "what does moscow want?", "--explain"],
        ["claims"],
        ["claims", "--csv"],
        ["cite", "ukraine-rejects-land-loss", "--json"],
        ["sticking-points", "--json"],
        ["compare"],
        ["export", "--format", "csv"],
        ["check", "--json"],
        ["actors"],
    ],
)
def test_every_command_says_the_same_from_the_cache(runner: CliRunner, small_store: Path, command: list[str]) -> None:
    cold = runner.invoke(cli, ["--data", str(small_store), *command], catch_exceptions=False)
    warm = runner.invoke(cli, ["--data", str(small_store), *command], catch_exceptions=False)
    assert (warm.exit_code, warm.output) == (cold.exit_code, cold.output)


def test_the_cached_claims_index_like_a_sequence(small_store: Path) -> None:
    cache.load(read_store(str(small_store)))
    store, _ = cache.load(read_store(str(small_store)))
    assert store.claims[-1].id == "us-offers-guarantees"
    assert [claim.id for claim in store.claims[1:]] == ["ukraine-rejects-land-loss", "us-offers-guarantees"]
    assert [claim.id for claim in store.claims] == [claim.id for claim in store.claims[:]]
    # Positions come from the entry's own postings: one past the claims means a damaged entry.
    with pytest.raises(CacheDamaged):
        store.claims[3]


# -- the store is read once ---------------------------------------------------------------


def answer_text(runner: CliRunner, store: Path) -> str:
    return ask_json(runner, store)["answers"][0]["text"]


DEMAND = "Russia demands that Ukraine cede occupied territories."


def test_a_store_edited_while_it_is_loaded_is_cached_as_it_was_read(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = small_store.read_text(encoding="utf-8")
    edited = original.replace(f"text: {DEMAND}", "text: Russia wants the occupied land.")
    key = cache._key

    def key_then_edit(*arguments: object) -> str:
        found = key(*arguments)
        small_store.write_text(edited, encoding="utf-8")  # an editor saves between hashing and parsing
        return found

    with monkeypatch.context() as patch:
        patch.setattr(cache, "_key", key_then_edit)
        assert answer_text(runner, small_store) == DEMAND
    assert answer_text(runner, small_store) == "Russia wants the occupied land."
    small_store.write_text(original, encoding="utf-8")  # the edit undone: the first entry is right again
    assert answer_text(runner, small_store) == DEMAND


@pytest.mark.parametrize(
    "command",
    [
        'cat claims.yaml | "$PYTHON" -m berlintalks --data /dev/stdin ask "what does moscow want?" --json',
        '"$PYTHON" -m berlintalks --data /dev/stdin ask "what does moscow want?" --json < claims.yaml',
        '"$PYTHON" -m berlintalks --data <(cat claims.yaml) ask "what does moscow want?" --json',
    ],
)
def test_a_store_can_come_through_a_pipe_or_stdin(small_store: Path, tmp_path: Path, command: str) -> None:
    """Source paths of a store from a pipe start from the working directory."""
    for _ in range(2):  # the second from the cache
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=small_store.parent,
            env={**os.environ, "PYTHON": sys.executable},
            capture_output=True,
            check=False,
        )
        assert (result.returncode, result.stderr) == (0, b"")
        assert json.loads(result.stdout)["answers"][0]["text"] == DEMAND
    assert len(entries(tmp_path)) == 1


# -- a damaged entry is built afresh ------------------------------------------------------

COMMANDS = [["ask", "what does moscow want?"], ["cite", "ukraine-rejects-land-loss", "--json"], ["export"]]


def truncated(fraction: float) -> Callable[[bytes], bytes]:
    return lambda data: data[: int(len(data) * fraction)]


def flipped(fraction: float) -> Callable[[bytes], bytes]:
    def flip(data: bytes) -> bytes:
        at = int(len(data) * fraction)
        return data[:at] + bytes([data[at] ^ 0x20]) + data[at + 1 :]

    return flip


DAMAGES = {
    "emptied": truncated(0),
    "cut in its header": truncated(0.0003),
    "cut in its head": truncated(0.05),
    "cut in half": truncated(0.5),
    "cut in its last record": truncated(0.999),
    "a bit flipped in its head": flipped(0.15),
    "a bit flipped halfway": flipped(0.5),
    "a bit flipped in its records": flipped(0.8),
    "a bit flipped in its last record": flipped(0.999),
    "a byte too many": lambda data: data + b"\0",
    "its header reordered": lambda data: data[:30] + bytes(reversed(data[30:60])) + data[60:],
    "zeroed in part": lambda data: data[:100] + b"\0" * 1000 + data[1100:],
}


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_damaged_entry_is_built_afresh_by_every_command(
    runner: CliRunner, small_store: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    cold = [runner.invoke(cli, ["--data", str(small_store), *command]) for command in COMMANDS]
    [entry] = entries(tmp_path)
    sound = entry.read_bytes()
    for command, expected in zip(COMMANDS, cold, strict=True):
        entry.write_bytes(damage(sound))
        result = runner.invoke(cli, ["--data", str(small_store), *command], catch_exceptions=False)
        assert (result.exit_code, result.output) == (expected.exit_code, expected.output), command
        assert entry.read_bytes() == sound  # and the entry is sound again


# -- an entry cannot make the tool print what the articles do not say ----------------------


def write_entry_of(
    runner: CliRunner,
    small_store: Path,
    monkeypatch: pytest.MonkeyPatch,
    tamper: Callable[[Claim], Claim],
    sources: Callable[[Source], Source] = lambda source: source,
) -> None:
    """Fill the cache with a well-formed entry for ``small_store`` whose claims ``tamper`` changed
    (and sources ``sources``): what someone with write access to the cache folder could put there."""
    shutil.rmtree(cache.cache_directory(), ignore_errors=True)
    write = cache._write

    def tampered(*arguments: object) -> None:
        def changed(argument: object) -> object:
            if not isinstance(argument, Store):
                return argument
            return Store(
                path=argument.path,
                sources=tuple(map(sources, argument.sources)),
                actors=argument.actors,
                topics=argument.topics,
                claims=tuple(map(tamper, argument.claims)),
                sticking_points=argument.sticking_points,
            )

        write(*map(changed, arguments))

    with monkeypatch.context() as patch:
        patch.setattr(cache, "_write", tampered)
        ask_json(runner, small_store)


def with_citation(**changes: object) -> Callable[[Claim], Claim]:
    def tamper(claim: Claim) -> Claim:
        if claim.id != "russia-demands-territory":
            return claim
        [citation] = claim.citations
        return claim._replace(citations=(citation._replace(**changes),))

    return tamper


QUOTE = "Moscow is demanding that Ukraine cede occupied territories."
AT = SOURCE_TEXT.index(QUOTE)


@pytest.mark.parametrize(
    "tamper",
    [
        with_citation(quote="Moscow is demanding that Ukraine cede \u202eall of its territory."),
        with_citation(quote="Moscow is demanding"),  # shorter than its offsets say
        with_citation(start=0, end=len(QUOTE)),  # the right quote, said to be elsewhere
        with_citation(quote="Kyiv rejects any loss of land.", end=AT + len("Kyiv rejects any loss of land.")),
        with_citation(start=AT - len(SOURCE_TEXT), end=AT - len(SOURCE_TEXT) + len(QUOTE)),  # counted from the end
        with_citation(line=3),  # the right quote at the right offsets, said to be on another line
        with_citation(paragraph=1),
    ],
)
def test_a_quote_that_is_not_in_the_article_at_its_offsets_is_never_printed(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch, tamper: Callable[[Claim], Claim]
) -> None:
    expected = {
        tuple(command): runner.invoke(cli, ["--data", str(small_store), *command]).output
        for command in (["ask", "what does moscow want?"], ["cite", "russia-demands-territory", "--json"], ["export"])
    }
    for command, output in expected.items():
        write_entry_of(runner, small_store, monkeypatch, tamper)
        result = runner.invoke(cli, ["--data", str(small_store), *command], catch_exceptions=False)
        assert (result.exit_code, result.output) == (0, output)
    forbid_yaml(monkeypatch)  # the entry was built afresh
    assert runner.invoke(cli, ["--data", str(small_store), "export"]).output == expected[("export",)]


def test_a_question_from_standard_input_is_read_once_when_the_command_runs_again(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"]).output
    write_entry_of(runner, small_store, monkeypatch, with_citation(quote="Moscow is demanding"))
    result = runner.invoke(cli, ["--data", str(small_store), "ask", "-"], input="what does moscow want?\n")
    assert (result.exit_code, result.output) == (0, expected)


def test_the_shell_answers_once_the_question_whose_claim_proves_damaged(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = "what does moscow want?\n:cite russia-demands-territory\n"
    expected = runner.invoke(cli, ["--data", str(small_store), "shell"], input=typed).output
    write_entry_of(runner, small_store, monkeypatch, with_citation(quote="Moscow is demanding"))
    result = runner.invoke(cli, ["--data", str(small_store), "shell"], input=typed)
    assert (result.exit_code, result.output) == (0, expected)
    assert result.output.count("Russia demands") == expected.count("Russia demands") == 2


def test_completion_offers_the_claims_of_an_entry_that_proves_damaged(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry_of(runner, small_store, monkeypatch, with_citation(quote="Moscow is demanding"))
    words = f"berlintalks --data {small_store} cite russia-"
    environment = {"_BERLINTALKS_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": "4"}
    result = runner.invoke(cli, [], prog_name="berlintalks", env=environment)
    assert result.output == "plain,russia-demands-territory\n"


def test_an_entry_cut_short_while_the_shell_uses_it_is_no_crash(small_store: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "berlintalks", "--data", str(small_store), "shell"]
    subprocess.run(command, input=b"", capture_output=True, check=True)  # the entry is written
    [entry] = entries(tmp_path)
    shell = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert shell.stdin is not None and shell.stdout is not None
    shell.stdin.write(b"what does moscow want?\n")
    shell.stdin.flush()
    shown = b""
    while b"1. Russia demands" not in shown:  # the store is loaded and in use: an answer is written whole
        shown += os.read(shell.stdout.fileno(), 4096)
    os.truncate(entry, len(cache.MAGIC) + 200)
    out, errors = shell.communicate(b"what does ukraine reject?\n", timeout=60)
    assert (shell.returncode, errors) == (0, b"")
    assert b"1. Ukraine rejects" in out


def test_a_sparse_entry_larger_than_its_store_can_need_is_built_afresh_unread(
    runner: CliRunner, small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ask_json(runner, small_store)
    [entry] = entries(tmp_path)
    head = entry.read_bytes()[: len(cache.MAGIC) + 65]  # its format and its key: a sound start
    entry.write_bytes(head)
    os.truncate(entry, 256 * 1024**2)  # a few bytes on disk, 256 MB to whoever reads it
    hashed: list[int] = []
    signature = cache._signature

    def counted(secret: bytes, parts: list[bytes]) -> bytes:
        hashed.extend(len(part) for part in parts)
        return signature(secret, parts)

    monkeypatch.setattr(cache, "_signature", counted)
    assert ask_json(runner, small_store) == first
    assert max(hashed, default=0) < 1024**2, max(hashed)
    assert entry.stat().st_size < 1024**2  # the entry was built afresh


def test_tab_in_the_shell_offers_the_claims_of_an_entry_that_proves_damaged(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_entry_of(runner, small_store, monkeypatch, with_citation(quote="Moscow is demanding"))
    terminal = Terminal(small_store)
    try:
        terminal.until(b"berlintalks> ")
        terminal.type(b":cite russia-d\t")
        terminal.until(b"russia-demands-territory", seconds=10)
        terminal.type(b"\r")
        assert f"{DEMAND}\r\n".encode() in terminal.until(b"berlintalks> ")
    finally:
        terminal.close()


def test_a_run_again_prints_only_what_it_gathered_itself(small_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Output is written once the work is done: what the first run gathered before the entry
    proved damaged is dropped, and what was gathered before it is kept."""
    session = Session(str(small_store))
    session.output.text("before\n")
    runs: list[int] = []

    def work() -> None:
        runs.append(len(runs) + 1)
        session.output.text(f"run {runs[-1]}\n")
        if len(runs) == 1:
            raise CacheDamaged()

    session.run(work)
    session.output.finish()
    assert capsys.readouterr().out == "before\nrun 2\n"


def test_an_entry_that_reads_an_article_the_store_does_not_name_is_not_used(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its quotes are the text of the file it reads at their offsets, but the store names another."""
    gave_up = "Moscow gives up every claim it ever made on Ukrainian land."
    assert len(gave_up) == len(QUOTE)
    other = small_store.parent / "other.txt"
    other.write_text(SOURCE_TEXT.replace(QUOTE, gave_up), encoding="utf-8")
    digest = hashlib.sha256(other.read_bytes()).hexdigest()
    expected = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"]).output
    write_entry_of(
        runner,
        small_store,
        monkeypatch,
        with_citation(quote=gave_up),
        lambda source: source._replace(file=str(other), sha256=digest),
    )
    result = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (0, expected)


def test_an_entry_copied_from_another_store_is_not_used(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(small_store.parent, other)
    other_store = other / "claims.yaml"
    other_store.write_text(
        small_store.read_text(encoding="utf-8").replace(f"text: {DEMAND}", "text: Russia gave up."), encoding="utf-8"
    )
    answer_text(runner, small_store)
    [own] = entries(tmp_path)
    assert answer_text(runner, other_store) == "Russia gave up."
    [foreign] = set(entries(tmp_path)) - {own}
    shutil.copy(foreign, own)
    assert answer_text(runner, small_store) == DEMAND


def test_a_title_the_store_does_not_hold_is_never_printed(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = runner.invoke(cli, ["--data", str(small_store), "cite", "russia-demands-territory"]).output
    assert "Talks in Berlin" in expected
    write_entry_of(runner, small_store, monkeypatch, lambda claim: claim,
                   sources=lambda source: source._replace(title="Russia Wins, Officials Say"))
    assert runner.invoke(cli, ["--data", str(small_store), "cite", "russia-demands-territory"]).output == expected


def test_an_entry_rekeyed_without_the_users_secret_is_not_used(
    runner: CliRunner, small_store: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    shutil.copytree(small_store.parent, other)
    other_store = other / "claims.yaml"
    other_store.write_text(
        small_store.read_text(encoding="utf-8").replace(f"text: {DEMAND}", "text: Russia gave up."), encoding="utf-8"
    )
    assert answer_text(runner, other_store) == "Russia gave up."
    [foreign] = entries(tmp_path)
    own_key = cache._key(read_store(str(small_store)))
    # What someone who can write the cache folder can do: the other store's entry under this
    # store's key, its digest made anew over what follows it.
    data = foreign.read_bytes()
    body = data[len(cache.MAGIC) + 2 * 65 :]
    forged = cache.MAGIC + f"{own_key}\n{hashlib.sha256(body).hexdigest()}\n".encode() + body
    foreign.unlink()
    (foreign.parent / f"{own_key}.cache").write_bytes(forged)
    assert answer_text(runner, small_store) == DEMAND


def test_check_validates_the_store_itself_whatever_the_cache_holds(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from berlintalks.store import load_store

    valid = load_store(small_store)
    small_store.write_text(small_store.read_text(encoding="utf-8").replace("kind: demand", "kind: wish"),
                           encoding="utf-8")
    # An entry for the broken store that holds the valid one, made as the tool makes its own:
    # what anyone with the user's account could put in the cache.
    stored = read_store(str(small_store))
    key = cache._key(stored)
    cache._write(os.path.join(cache.cache_directory(), key + cache.SUFFIX), key, valid, QueryIndex(valid),
                 cache._secret())
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:29: claim 'russia-demands-territory': field 'kind' must be one of demand, goal, "
        "offer, proposal, concession, rejection, position, commitment, role, assessment, event, fact, not 'wish'\n"
    )


# -- what decoding an entry may cost --------------------------------------------------------


def limited_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def ask_within_a_gigabyte(store: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "berlintalks", "--data", str(store), "ask", "what does moscow want?", "--json"],
        preexec_fn=limited_memory,
        capture_output=True,
        timeout=60,
        check=False,
    )


SECTIONS = ["head", "word_ranks", "postings", "bounds", "offsets", "records"]


def with_section(name: str, forge: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """An entry whose section ``name`` is forged by hand, with the right key and checksum."""

    def forged(entry: bytes) -> bytes:
        start = len(cache.MAGIC) + 2 * cache._DIGEST_LINE
        sections = [entry[begin:end] for begin, end in cache._sections(entry, start, len(SECTIONS))]
        sections[SECTIONS.index(name)] = forge(sections[SECTIONS.index(name)])
        key = entry[len(cache.MAGIC) : len(cache.MAGIC) + cache._DIGEST_LINE - 1].decode()
        return b"".join(cache._framed(key, [[section] for section in sections], cache._secret()))

    return forged


def with_records(record: bytes) -> Callable[[bytes], bytes]:
    """An entry whose three claims are each ``record``, their offsets right."""

    def forged(entry: bytes) -> bytes:
        offsets = array("Q", [0, len(record), 2 * len(record), 3 * len(record)]).tobytes()
        return with_section("records", lambda _: record * 3)(with_section("offsets", lambda _: offsets)(entry))

    return forged


def with_first_length(length: int) -> Callable[[bytes], bytes]:
    """An entry whose first section is said to be ``length`` bytes long, with the right checksum."""

    def forged(entry: bytes) -> bytes:
        start = len(cache.MAGIC) + 2 * cache._DIGEST_LINE
        body = length.to_bytes(8, "little") + entry[start + 8 :]
        return entry[: len(cache.MAGIC) + cache._DIGEST_LINE] + hashlib.sha256(body).hexdigest().encode() + b"\n" + body

    return forged


CLAIM_FIELDS = b"russia-demands-territory\0russia\0demand\0Text.\0text\0"
FORGERIES = {
    "a section said to be longer than the entry": with_first_length(2**62),
    "a list said to hold 10**18 items": with_section("head", lambda _: b"9" * 18),
    "a million empty fields": with_section("head", lambda _: b"\0" * 1_000_000),
    "half a million lists of one": with_section("head", lambda _: b"1\0" * 500_000),
    "a field too many": with_section("head", lambda head: head + b"\0"),
    "a rank too few": with_section("word_ranks", lambda ranks: ranks[:-4]),
    "ranks that are not whole numbers": with_section("word_ranks", lambda ranks: ranks[:-1]),
    "postings cut short": with_section("postings", lambda postings: postings[:-1]),
    "postings past the end": with_section("bounds", lambda bounds: bounds[:-8] + b"\xff" * 8),
    "records past the end": with_section("offsets", lambda offsets: offsets[:-8] + b"\xff" * 8),
    "offsets that are not whole numbers": with_section("offsets", lambda offsets: offsets[:-1]),
    "a claim said to have 10**17 citations": with_records(
        CLAIM_FIELDS + b"1\0" + b"9" * 17 + b"\0" + b"0\0" * 4 + b"territory"
    ),
    "a claim with a field too many": with_records(CLAIM_FIELDS + b"1\0" + b"0\0" * 5 + b"territory\0more"),
    "a citation whose offset is not a number": with_records(
        CLAIM_FIELDS + b"1\01\0" + b"0\0" * 4 + b"territory\0talks\0Moscow\0sixteen\022\02\02"
    ),
}


@pytest.mark.parametrize("forge", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_entry_of_this_format_costs_what_reading_it_does_and_is_built_afresh(
    runner: CliRunner, small_store: Path, tmp_path: Path, forge: Callable[[bytes], bytes]
) -> None:
    expected = ask_json(runner, small_store)
    [entry] = entries(tmp_path)
    sound = entry.read_bytes()
    entry.write_bytes(forge(sound))
    assert ask_json(runner, small_store) == expected
    assert entry.read_bytes() == sound


def test_an_entry_that_would_take_all_memory_to_decode_is_not_decoded(small_store: Path, tmp_path: Path) -> None:
    assert ask_within_a_gigabyte(small_store).returncode == 0
    [entry] = entries(tmp_path)
    entry.write_bytes(FORGERIES["a list said to hold 10**18 items"](entry.read_bytes()))
    result = ask_within_a_gigabyte(small_store)
    assert (result.returncode, result.stderr) == (0, b"")
    assert json.loads(result.stdout)["answers"][0]["text"] == DEMAND


# -- what is left in the cache folder ---------------------------------------------------------


def cache_folder(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "berlintalks"


def test_a_temporary_file_a_stopped_run_left_is_removed_but_not_one_being_written(
    runner: CliRunner, small_store: Path, tmp_path: Path
) -> None:
    folder = cache_folder(tmp_path)
    folder.mkdir(parents=True)
    abandoned, being_written = folder / "berlintalks-entry-1234.tmp", folder / "berlintalks-entry-5678.tmp"
    abandoned.write_bytes(cache.MAGIC + b"half an entry")
    being_written.write_bytes(cache.MAGIC + b"half an entry")
    yesterday = time.time() - 24 * 3600
    os.utime(abandoned, (yesterday, yesterday))
    ask_json(runner, small_store)
    assert (abandoned.exists(), being_written.exists()) == (False, True)


def test_ctrl_c_while_an_entry_is_written_leaves_nothing_behind(
    runner: CliRunner, small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(descriptor: int, *arguments: object) -> None:
        os.close(descriptor)
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fdopen", interrupted)
    result = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"])
    assert (result.exit_code, result.output) == (1, "\nAborted!\n")
    assert list(cache_folder(tmp_path).iterdir()) == []


def test_a_cache_folder_that_is_a_link_loses_none_of_the_files_it_did_not_write(
    runner: CliRunner, small_store: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "pictures"
    (elsewhere / "photos.cache").mkdir(parents=True)
    (elsewhere / "photos.cache" / "img1.jpg").write_bytes(b"\xff\xd8 a photo")
    theirs = {
        "report.tmp": b"a report",
        "thumbs.marshal": b"thumbnails",
        "other1.cache": b"another program's cache",
        f"{'0' * 64}.cache": b"named as an entry, but not one",
        f"{'0' * 64}.marshal": b"named as an entry of an older berlintalks",
        "berlintalks-entry-1234.tmp": b"named as one of ours, but not written by it",
    }
    for name, data in theirs.items():
        (elsewhere / name).write_bytes(data)
    yesterday = time.time() - 24 * 3600
    for path in elsewhere.rglob("*"):
        os.utime(path, (yesterday, yesterday))
    cache_folder(tmp_path).parent.mkdir(parents=True)
    cache_folder(tmp_path).symlink_to(elsewhere)
    for count in range(cache.KEEP_ENTRIES + 2):  # a new entry each time, and pruning after it
        small_store.write_text(small_store.read_text(encoding="utf-8") + f"# edit {count}\n", encoding="utf-8")
        ask_json(runner, small_store)
    assert {name: (elsewhere / name).read_bytes() for name in theirs} == theirs
    assert (elsewhere / "photos.cache" / "img1.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert len(list(elsewhere.glob("[0-9a-f]*.cache"))) == cache.KEEP_ENTRIES + 1


@pytest.mark.parametrize("obstacle", ["a directory", "a FIFO"])
def test_something_else_in_the_place_of_an_entry_is_answered_past(
    small_store: Path, tmp_path: Path, obstacle: str
) -> None:
    """Run in a process of its own: a FIFO opened for reading can wait for a writer for ever."""

    def ask() -> dict:
        command = [sys.executable, "-m", "berlintalks", "--data", str(small_store), "ask", "what does moscow want?", "--json"]
        return json.loads(subprocess.run(command, capture_output=True, timeout=60, check=True).stdout)

    first = ask()
    [entry] = entries(tmp_path)
    entry.unlink()
    if obstacle == "a directory":
        entry.mkdir()
        (entry / "inside").write_text("something")
    else:
        os.mkfifo(entry)
    assert ask() == first
    # Not the cache's to remove: left as it was.
    if obstacle == "a directory":
        assert (entry / "inside").read_text() == "something"
    else:
        assert stat.S_ISFIFO(entry.lstat().st_mode)


def test_a_relative_xdg_cache_home_is_ignored(
    runner: CliRunner, small_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", "cache")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    ask_json(runner, small_store)
    assert list((tmp_path / "work").iterdir()) == []
    assert len(list((tmp_path / "home" / ".cache" / "berlintalks").glob("*.cache"))) == 1


@pytest.mark.parametrize(
    ("variable", "directory", "default"),
    [("XDG_CACHE_HOME", cache_directory, ".cache"), ("XDG_STATE_HOME", state_directory, ".local/state")],
)
@pytest.mark.parametrize("value", ["", "relative", "./relative", "~/relative"])
def test_an_xdg_base_that_is_not_absolute_means_the_default(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, variable: str, directory: Callable[[], str], default: str, value: str
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(variable, value)
    assert directory() == str(tmp_path / default / "berlintalks")
    monkeypatch.setenv(variable, str(tmp_path / "elsewhere"))
    assert directory() == str(tmp_path / "elsewhere" / "berlintalks")


@pytest.mark.parametrize(
    ("fields", "encoded"),
    [
        (["a", "", "b"], b"a\0\0b"),
        (["caf\u00e9", "file-\udcff.txt"], b"caf\xc3\xa9\0file-\xff.txt"),  # a file name that is not UTF-8
        (["a claim with a NUL\0 in it"], None),
        (["a lone \ud800 surrogate"], None),
    ],
)
def test_a_field_reads_back_as_written_or_is_refused_when_the_format_cannot_hold_it(fields: list[str], encoded: bytes | None) -> None:
    written = cache._Written()
    written.add(*fields)
    assert written.encoded() == encoded
    if encoded is not None:
        read = cache._Fields(encoded)
        assert [read.text() for _ in fields] == fields
        read.end()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    section=st.sampled_from(SECTIONS),
    where=st.floats(0, 1),
    written=st.binary(min_size=1, max_size=12) | st.sampled_from([b"\0", b"0\0", b"9" * 12, b"\0\0\0", b"\xff"]),
)
def test_an_entry_changed_anywhere_is_used_only_as_sound_or_refused(
    small_store: Path, section: str, where: float, written: bytes
) -> None:
    """Whatever the bytes of a section with a right checksum, reading the entry and everything in
    it either fails as CacheDamaged (the command then runs on the store built afresh) or gives
    claims whose quotes are their articles' text at their offsets."""
    stored = read_store(str(small_store))
    cache.load(stored)
    [entry] = Path(cache.cache_directory()).glob("*.cache")
    sound = entry.read_bytes()

    def change(data: bytes) -> bytes:
        at = int(len(data) * where)
        return data[:at] + written + data[at + len(written) :]

    entry.write_bytes(with_section(section, change)(sound))
    try:
        loaded = cache._read(str(entry), entry.name.removesuffix(cache.SUFFIX), stored, cache._secret())
        if loaded is None:
            return
        store, make_index = loaded
        for claim in store.claims:
            for citation in claim.citations:
                assert store.source_by_id[citation.source].text[citation.start : citation.end] == citation.quote
        make_index().ask("what does moscow want?")
        check_report(store)
        export_text(store, ExportFormat.MARKDOWN)
        for point in store.sticking_points:
            for position in point.positions:
                [store.claim_by_id[claim] for claim in position.claims]
    except CacheDamaged:
        pass
    finally:
        entry.write_bytes(sound)


def test_an_entry_keeps_the_stances_and_the_differences(real_store_copy: Path) -> None:
    from berlintalks.store import load_store

    loaded = load_store(real_store_copy)
    cache.load(read_store(str(real_store_copy)))
    cached, _ = cache.load(read_store(str(real_store_copy)))
    assert cached.differences == loaded.differences and len(cached.differences) == 6
    assert cached.sticking_points == loaded.sticking_points
    assert all(position.stance for point in cached.sticking_points for position in point.positions)
