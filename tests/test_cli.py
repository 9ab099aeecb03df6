"""The command line through CliRunner: exact output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import __version__
from berlintalks.cli import cli
from conftest import SEEDS


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"berlintalks, version {__version__}\n")


def test_no_arguments_shows_help_with_examples(runner: CliRunner) -> None:
    result = runner.invoke(cli, [], prog_name="berlintalks")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: berlintalks [OPTIONS] [COMMAND] [ARGS]...")
    assert 'berlintalks ask "What does Russia demand?"' in result.output


@pytest.mark.parametrize("command", ["ask", "check", "export"])
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output


def test_check_on_a_valid_store(runner: CliRunner, small_store: Path) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "check"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == (
        f"OK: {small_store} is valid.\n"
        "3 claims, 3 actors, 2 topics, 1 sticking point, 1 source; 0 claims reported by more than one source; "
        "0 pairs of claims on which the sources differ.\n"
        "Coverage: 2/2 paragraphs, 2/2 sentences of 8+ words cited.\n"
        "Claims per source:\n"
        "  talks                    3\n"
        "Claims per actor:\n"
        "  russia 1 · ukraine 1 · united-states 1\n"
        "Claims per kind:\n"
        "  demand 1 · rejection 1 · offer 1\n"
    )


def test_check_lists_every_problem_and_exits_1(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text().replace("kind: demand", "kind: wish").replace("actor: ukraine", "actor: kyiv")
    small_store.write_text(text)
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {small_store}:29: claim 'russia-demands-territory': field 'kind' must be one of demand, goal, offer, "
        "proposal, concession, rejection, position, commitment, role, assessment, event, fact, not 'wish'",
        f"Error: {small_store}:37: claim 'ukraine-rejects-land-loss': unknown actor 'kyiv'",
    ]


def test_check_json_reports_problems_as_data(runner: CliRunner, small_store: Path) -> None:
    small_store.write_text(small_store.read_text().replace("actor: ukraine", "actor: kyiv"))
    result = runner.invoke(cli, ["--data", str(small_store), "check", "--json"])
    assert result.exit_code == 1
    assert json.loads(result.output) == {
        "valid": False,
        "problems": [f"{small_store}:37: claim 'ukraine-rejects-land-loss': unknown actor 'kyiv'"],
    }


def test_check_json_on_the_bundled_store(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["valid"] is True
    assert all(c["paragraphs_cited"] == c["paragraphs"] for c in report["coverage"])
    assert sum(report["claims_per_source"].values()) >= len(report["coverage"])


def test_the_store_comes_from_the_environment_variable(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BERLINTALKS_DATA", str(small_store))
    result = runner.invoke(cli, ["export"], catch_exceptions=False)
    assert [claim["id"] for claim in json.loads(result.output)["claims"]] == [
        "russia-demands-territory",
        "ukraine-rejects-land-loss",
        "us-offers-guarantees",
    ]


def test_a_missing_store_is_one_line_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = runner.invoke(cli, ["--data", str(missing), "check"])
    assert (result.exit_code, result.output) == (1, f"Error: {missing}: no such store\n")


def test_export_json_has_the_documented_shape_and_verbatim_offsets(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) == {"sources", "actors", "topics", "claims", "sticking_points"}
    assert set(data["sources"][0]) == {"id", "path", "title", "supplied_title", "sha256"}
    assert {"id", "name", "kind", "aliases"} <= set(data["actors"][0])
    assert set(data["topics"][0]) == {"id", "name", "aliases"}
    assert set(data["claims"][0]) == {"id", "actor", "kind", "topics", "text", "questions", "citations", "differs_from"}
    assert set(data["sticking_points"][0]) == {"id", "title", "topic", "positions"}
    assert set(data["sticking_points"][0]["positions"][0]) == {"party", "stance", "claims"}
    assert data["sources"][4]["path"] == "seeds/004_b260c448108cb886.txt"
    texts = {source["path"]: (SEEDS / Path(source["path"]).name).read_text(encoding="utf-8") for source in data["sources"]}
    for claim in data["claims"]:
        for citation in claim["citations"]:
            assert set(citation) == {"source", "quote", "start", "end", "line", "paragraph", "source_id", "file"}
            assert texts[citation["source"]][citation["start"] : citation["end"]] == citation["quote"]


def test_ask_leads_with_russias_demands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "What does Russia demand?", "--json"], catch_exceptions=False)
    assert result.exit_code == 0
    first, second = json.loads(result.output)["answers"][:2]
    assert first["claim_id"] == "russia-demands-ukraine-neutrality-and-military-limits"
    assert first["citations"][0]["quote"].startswith("Moscow maintains its maximalist demands")
    assert second["claim_id"] == "russia-demands-ukraine-cede-occupied-territories"


def test_ask_prints_the_answer_with_its_citation(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_store.parent)
    result = runner.invoke(cli, ["--data", str(small_store), "ask", "what does moscow want?"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == (
        "1. Russia demands that Ukraine cede occupied territories.\n"
        "   Russia · demand · territory · score 0.96 · russia-demands-territory\n"
        "   “Moscow is demanding that Ukraine cede occupied territories.”\n"
        "     — Talks in Berlin (talks.txt), paragraph 2, line 2, characters 16–75\n"
    )


def test_python_dash_m_runs_the_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "berlintalks", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout) == (0, f"berlintalks, version {__version__}\n")


def test_the_installed_tool_finds_its_store_from_any_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "berlintalks", "ask", "What does Russia demand?", "--json"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["answered"] is True


def test_check_reports_every_problem_within_one_claim(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text()
    text = text.replace("    actor: russia\n    kind: demand\n    topics: [territory]",
                        "    actor: moskva\n    kind: wish\n    topics: [land, territory]")
    small_store.write_text(text)
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"Error: {small_store}:29: claim 'russia-demands-territory': field 'kind' must be one of demand, goal, offer, "
        "proposal, concession, rejection, position, commitment, role, assessment, event, fact, not 'wish'",
        f"Error: {small_store}:28: claim 'russia-demands-territory': unknown actor 'moskva'",
        f"Error: {small_store}:30: claim 'russia-demands-territory': unknown topic 'land'",
    ]
