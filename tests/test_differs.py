"""Claims on which the articles differ: a curated `differs_from` link, named both ways, shown
beside the claim by `ask` and `cite` and counted by `check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks.cli import cli

DELEGATION = "ukraine-officials-met-delegation-led-by-former-us-ally"
WITKOFF = "witkoff-led-negotiations-in-berlin"
WITKOFF_TEXT = "US envoy Steve Witkoff led the negotiations in Berlin, together with Jared Kushner."
KUSHNER = "kushner-led-negotiations-in-berlin"
KUSHNER_TEXT = "US envoy Jared Kushner led the negotiations in Berlin, together with Steve Witkoff."


def linked(store: Path, claim: str, differs_from: str) -> int:
    """Give ``claim`` of the small store a differs_from line; the line's number."""
    lines = store.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index(f"  - id: {claim}\n") + 1
    lines.insert(at, f"    differs_from: [{differs_from}]\n")
    store.write_text("".join(lines), encoding="utf-8")
    return at + 1


@pytest.mark.parametrize(
    ("differs_from", "problem"),
    [
        ("ukraine-rejects-land-loss", "differs from 'ukraine-rejects-land-loss', but claim 'ukraine-rejects-land-loss' "
                                      "does not name 'russia-demands-territory' in its differs_from"),
        ("no-such-claim", "unknown claim 'no-such-claim'"),
        ("russia-demands-territory", "a claim cannot differ from itself"),
    ],
)
def test_a_link_must_name_a_claim_that_names_it_back(
    runner: CliRunner, small_store: Path, differs_from: str, problem: str
) -> None:
    line = linked(small_store, "russia-demands-territory", differs_from)
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}:{line}: claim 'russia-demands-territory': {problem}\n"
    )


def test_claims_that_differ_come_from_different_sources(runner: CliRunner, small_store: Path) -> None:
    first = linked(small_store, "russia-demands-territory", "ukraine-rejects-land-loss")
    second = linked(small_store, "ukraine-rejects-land-loss", "russia-demands-territory")
    result = runner.invoke(cli, ["--data", str(small_store), "check"])
    assert (result.exit_code, result.output.splitlines()) == (1, [
        f"Error: {small_store}:{first}: claim 'russia-demands-territory': differs from 'ukraine-rejects-land-loss', "
        "which the same sources report: a difference is between sources",
        f"Error: {small_store}:{second}: claim 'ukraine-rejects-land-loss': differs from 'russia-demands-territory', "
        "which the same sources report: a difference is between sources",
    ])


def test_cite_says_another_source_differs(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cite", DELEGATION], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert f"another source differs: {WITKOFF_TEXT} {WITKOFF}" in result.output.splitlines()
    cited = json.loads(runner.invoke(cli, ["cite", WITKOFF, "--json"]).output)
    assert cited["claim"]["differs_from"] == [DELEGATION]


def test_ask_shows_the_claim_another_source_reports(runner: CliRunner) -> None:
    question = "who led the delegation that met Kyiv officials"
    result = runner.invoke(cli, ["ask", question, "--top", "1"])
    lines = result.output.splitlines()
    assert lines[1].endswith(f" · {DELEGATION}")
    assert lines[2:4] == [
        f"   another source differs: {WITKOFF_TEXT} {WITKOFF}",
        f"   another source differs: {KUSHNER_TEXT} {KUSHNER}",
    ]
    answer = json.loads(runner.invoke(cli, ["ask", question, "--top", "1", "--json"]).output)["answers"][0]
    assert answer["differs_from"] == [{"id": WITKOFF, "text": WITKOFF_TEXT}, {"id": KUSHNER, "text": KUSHNER_TEXT}]


def test_check_counts_the_claims_on_which_sources_differ(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check"])
    assert result.output.splitlines()[1].endswith("; 4 pairs of claims on which the sources differ.")
    assert len(json.loads(runner.invoke(cli, ["check", "--json"]).output)["differing"]) == 4
