"""Each position of a sticking point has a short curated stance, so that two parties with the
same kind of claim (a demand) are told apart by what they want."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from berlintalks.cli import cli
from conftest import REAL_STORE
from test_layout import on_terminal


def test_the_matrix_shows_each_stance_under_its_kind_at_80_columns(runner: CliRunner, small_store: Path) -> None:
    assert on_terminal(runner, "compare", width=80, store=small_store) == (
        "Sticking point  Russia              Ukraine\n"
        "───────────────────────────────────────────────────\n"
        "Territory       demand              rejection\n"
        "                cede occupied land  no loss of land\n"
        "                1 claim             1 claim\n"
        "\n"
        "Territory\n"
        "─────────\n"
        "  Russia: cede occupied land\n"
        "    · Russia demands that Ukraine cede occupied territories. [demand]\n"
        "      russia-demands-territory\n"
        "  Ukraine: no loss of land\n"
        "    · Ukraine rejects any loss of land. [rejection] ukraine-rejects-land-loss\n"
        "\n"
    )


def test_piped_the_matrix_is_a_line_per_position(runner: CliRunner, small_store: Path) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "compare"], env={"COLUMNS": "80"})
    assert result.output == (
        "territory · Russia · demand · cede occupied land · 1 claim\n"
        "territory · Ukraine · rejection · no loss of land · 1 claim\n"
        "\n"
        "Territory\n"
        "  Russia: cede occupied land\n"
        "    · Russia demands that Ukraine cede occupied territories. [demand] russia-demands-territory\n"
        "  Ukraine: no loss of land\n"
        "    · Ukraine rejects any loss of land. [rejection] ukraine-rejects-land-loss\n"
        "\n"
    )


def test_the_real_matrix_tells_opposite_demands_apart(runner: CliRunner) -> None:
    data = json.loads(runner.invoke(cli, ["compare", "--json"]).output)
    neutrality = next(row for row in data["rows"] if row["id"] == "neutrality")
    russia, europe = neutrality["cells"]["russia"], neutrality["cells"]["european-leaders"]
    assert russia["kind"] == europe["kind"] == "demand"
    assert russia["stance"] and europe["stance"] and russia["stance"] != europe["stance"]
    piped = runner.invoke(cli, ["compare"]).output
    assert f"neutrality · Russia · demand · {russia['stance']} · 1 claim\n" in piped
    # A record a line, not a table padded to the widest: no column is aligned across lines.
    records = piped.split("\n\n")[0].splitlines()
    assert len(records) == sum(cell is not None for row in data["rows"] for cell in row["cells"].values())
    assert not any("  " in line for line in records)


def test_check_requires_a_stance_of_a_few_words(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text()
    small_store.write_text(
        text.replace("        stance: cede occupied land\n", "").replace(
            "stance: no loss of land", "stance: " + "no loss of land, " * 3 + "none"
        )
    )
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output.splitlines()) == (1, [
        f"Error: {small_store}:59: sticking point 'territory' position 1: missing field 'stance'",
        f"Error: {small_store}:62: sticking point 'territory' position 2: field 'stance' must be a few words "
        "(at most 40 characters), not 'no loss of land, no loss of land, no loss of land, none'",
    ])


def test_the_stances_survive_the_cache(runner: CliRunner) -> None:
    cold = runner.invoke(cli, ["compare", "--json"]).output
    assert runner.invoke(cli, ["compare", "--json"]).output == cold  # the second from the cache entry
    assert '"stance": "' in cold and '"stance": ""' not in cold


def test_every_position_of_the_real_store_has_a_stance() -> None:
    text = REAL_STORE.read_text(encoding="utf-8")
    points = text[text.index("\nsticking_points:") :]
    assert points.count("- party: ") == points.count("  stance: ") > 0
