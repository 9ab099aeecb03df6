"""One rule for an article's file everywhere: the path that opens from the working directory,
relative below it and absolute elsewhere, with the store's own path and the source's id beside
it for scripts; on a terminal a long path is shortened at its front, never broken."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from berlintalks.cli import cli
from conftest import ROOT, SEEDS
from test_layout import on_terminal
from test_own_store import installed  # noqa: F401 (a fixture)

CLAIM = "russia-demands-ukraine-cede-occupied-territories"
SEED = "004_b260c448108cb886.txt"


def first_citation(runner: CliRunner) -> dict:
    result = runner.invoke(cli, ["cite", CLAIM, "--json"], catch_exceptions=False)
    return json.loads(result.output)["citations"][0]


def test_json_gives_the_file_from_here_the_store_path_and_the_id(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, repository_store: Path
) -> None:
    monkeypatch.chdir(ROOT)
    cited = first_citation(runner)
    assert (cited["source_id"], cited["source"], cited["file"]) == ("us-dangles-guarantees", f"seeds/{SEED}", f"seeds/{SEED}")
    monkeypatch.chdir(tmp_path)  # the store is not below: a relative path would climb out
    assert first_citation(runner)["file"] == str(SEEDS / SEED)
    answer = json.loads(runner.invoke(cli, ["ask", "What does Russia demand?", "--json"]).output)["answers"][0]
    assert answer["citations"][0]["file"] == str(SEEDS / SEED)


def test_text_gives_the_file_from_here(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, repository_store: Path
) -> None:
    monkeypatch.chdir(tmp_path)
    output = runner.invoke(cli, ["ask", "What does Russia demand?", "--top", "1"]).output
    assert f"({SEEDS / SEED}), paragraph 8, line 8, characters " in output


def test_ask_gives_the_characters_as_cite_does(runner: CliRunner) -> None:
    output = runner.invoke(cli, ["ask", "What does Russia demand?", "--top", "1"]).output
    place = output.splitlines()[3].split("), ")[1]
    assert place == "paragraph 8, line 8, characters 2566–2683"
    assert "characters 2566–2683" in runner.invoke(cli, ["cite", "russia-demands-ukraine-neutrality-and-military-limits"]).output


def test_a_long_path_is_shortened_at_its_front_at_80_columns(
    runner: CliRunner, installed: Path  # noqa: F811
) -> None:
    whole = str(installed.parent.parent / "seeds" / SEED)
    assert len(whole) > 80
    for arguments in (["ask", "What does Russia demand?", "--top", "1"], ["cite", CLAIM]):
        output = on_terminal(runner, *arguments, width=80)
        assert [line for line in output.splitlines() if cell_len(line) > 80] == []
        shown = [line.strip().strip("(),") for line in output.splitlines() if f"/seeds/{SEED}" in line]
        assert shown and all(line.startswith(("…", "file      …")) for line in shown), shown
        assert all(whole.endswith(line.rpartition("…")[2]) for line in shown)
    piped = runner.invoke(cli, ["ask", "What does Russia demand?", "--top", "1"]).output
    assert f"({whole}), paragraph 8" in piped


def test_exports_give_the_file_beside_the_store_path(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, repository_store: Path
) -> None:
    monkeypatch.chdir(ROOT)
    sources = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["export", "--format", "csv", "--table", "sources"]).output)))
    assert (sources[4]["path"], sources[4]["file"]) == (f"seeds/{SEED}", f"seeds/{SEED}")
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, ["export", "--format", "csv"]).output)))
    assert (rows[0]["source_id"], rows[0]["file"]) == ("berlin-talks-goals", rows[0]["source"])
    listed = json.loads(runner.invoke(cli, ["sources", "--json"]).output)
    assert listed[4]["file"] == f"seeds/{SEED}"
