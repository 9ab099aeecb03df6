"""Exports: JSON, and CSV one table at a time (the Markdown briefing is in test_briefing)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks.cli import cli
from berlintalks.export import CsvTable
from conftest import SOURCE_TEXT


def export(runner: CliRunner, store: Path | None, *options: str) -> str:
    prefix = ["--data", str(store)] if store else []
    result = runner.invoke(cli, [*prefix, "export", *options], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def table(runner: CliRunner, store: Path, *options: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export(runner, store, "--format", "csv", *options))))


def test_csv_is_the_citations_table_by_default(runner: CliRunner, small_store: Path) -> None:
    rows = table(runner, small_store)
    assert rows == table(runner, small_store, "--table", "citations")
    assert rows[0] == ["claim_id", "actor", "kind", "topics", "text", "source", "quote", "start", "end", "line", "paragraph",
                       "source_id", "file"]
    assert rows[2] == [
        "ukraine-rejects-land-loss", "ukraine", "rejection", "territory", "Ukraine rejects any loss of land.",
        "talks.txt", "Kyiv rejects any loss of land.", "76", "106", "2", "2", "talks", str(small_store.parent / "talks.txt"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("claims", [
            ["id", "actor", "kind", "topics", "text", "sources"],
            ["russia-demands-territory", "russia", "demand", "territory",
             "Russia demands that Ukraine cede occupied territories.", "talks.txt"],
        ]),
        ("actors", [
            ["id", "name", "kind", "affiliation", "claims", "aliases"],
            ["russia", "Russia", "state", "", "1", "Moscow;the Kremlin"],
        ]),
        ("topics", [
            ["id", "name", "claims", "aliases"],
            ["territory", "Territory", "2", "land;occupied territories"],
        ]),
        ("sources", [
            ["id", "title", "supplied_title", "path", "file", "claims", "sha256"],
            ["talks", "Talks in Berlin", "false", "talks.txt", "{file}", "3", hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()],
        ]),
        ("sticking-points", [
            ["sticking_point", "title", "topic", "party", "stance", "claim_id"],
            ["territory", "Territory", "territory", "russia", "cede occupied land", "russia-demands-territory"],
        ]),
    ],
)
def test_each_csv_table(runner: CliRunner, small_store: Path, name: str, expected: list[list[str]]) -> None:
    # The file opens from the working directory, where the store is not: absolute.
    expected = [[cell.replace("{file}", str(small_store.parent / "talks.txt")) for cell in row] for row in expected]
    assert table(runner, small_store, "--table", name)[:2] == expected


def test_the_csv_tables_are_the_listings_own_shapes(runner: CliRunner, small_store: Path) -> None:
    """A table holds what --json of its listing holds, so a script can use either."""
    for name in ("actors", "topics", "sources"):
        rows = table(runner, small_store, "--table", name)
        listed = runner.invoke(cli, ["--data", str(small_store), name, "--json"]).output
        assert rows[0] == list(json.loads(listed)[0])
    claims = runner.invoke(cli, ["--data", str(small_store), "claims", "--csv"]).output
    assert export(runner, small_store, "--format", "csv", "--table", "claims") == claims


def test_the_table_choices_are_the_tables(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["export", "--format", "csv", "--table", "nope"])
    assert result.exit_code == 2
    listed = re.search(r"'nope' is not one of (.*)\.", result.output.replace("\n", " "))
    assert listed is not None
    assert re.findall(r"'([a-z-]+)'", listed.group(1)) == [table.value for table in CsvTable]


@pytest.mark.parametrize("export_format", ["json", "markdown"])
def test_table_goes_with_csv_only(runner: CliRunner, export_format: str) -> None:
    result = runner.invoke(cli, ["export", "--format", export_format, "--table", "actors"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: --table goes with --format csv"


def test_json_marks_a_supplied_title(runner: CliRunner) -> None:
    sources = json.loads(export(runner, None, "--format", "json"))["sources"]
    assert [(source["id"], source["supplied_title"]) for source in sources][-2:] == [
        ("zelenskyy-nato-shift", True), ("us-dangles-guarantees", False),
    ]


#: What a spreadsheet would run as a formula.
FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.parametrize("formula", FORMULAS)
@pytest.mark.parametrize(
    "options", [["export", "--format", "csv"], ["export", "--format", "csv", "--table", "claims"], ["claims", "--csv"]],
    ids=" ".join,
)
def test_a_csv_cell_a_spreadsheet_would_run_is_written_as_text(
    runner: CliRunner, small_store: Path, formula: str, options: list[str]
) -> None:
    text = small_store.read_text(encoding="utf-8")
    small_store.write_text(text.replace("text: Ukraine rejects any loss of land.", f"text: {json.dumps(formula)}"),
                           encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(small_store), *options])
    [row] = [row for row in csv.reader(io.StringIO(result.output)) if "ukraine-rejects-land-loss" in row]
    assert "'" + formula in row
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


def test_a_cell_that_begins_with_a_tab_or_a_return_is_written_as_text_too() -> None:
    from berlintalks.export import csv_text

    text = csv_text(["quote", "start"], [["\t=1+1", 3], ["\r=1+1", -1], ["a - b", 0]])
    assert list(csv.reader(io.StringIO(text, newline=""))) == [["quote", "start"], ["'\t=1+1", "3"], ["'\n=1+1", "-1"], ["a - b", "0"]]
