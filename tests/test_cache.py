"""The cache of the validated store: used when valid, never stale, never in the way."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import cache
from berlintalks.cli import cli
from berlintalks.files import read_store


def ask_json(runner: CliRunner, store: Path, question: str = "what does moscow want?") -> dict:
    result = runner.invoke(cli, ["--data", str(store), "ask", question, "--json"], catch_exceptions=False)
    return json.loads(result.output)


def entries(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "berlintalks").glob("*"))


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
    entry.write_bytes(b"\x00not marshal")
    assert ask_json(runner, small_store) == first
    assert entry.read_bytes() != b"\x00not marshal"


def test_old_entries_are_pruned(runner: CliRunner, small_store: Path, tmp_path: Path) -> None:
    folder = tmp_path / "cache" / "berlintalks"
    folder.mkdir(parents=True)
    for number in range(cache.KEEP_ENTRIES + 3):
        stale = folder / f"stale{number}.cache"
        stale.write_bytes(b"")
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
    with pytest.raises(IndexError):
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
