"""Exports: CSV one table at a time, and the Markdown briefing with its quotes footnoted."""

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
from berlintalks.store import load_store
from conftest import REAL_STORE, SEEDS, SOURCE_TEXT


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


# -- the briefing ---------------------------------------------------------------------------


def test_the_briefing_on_the_small_store(runner: CliRunner, small_store: Path) -> None:
    assert export(runner, small_store, "--format", "markdown") == (
        "# The Berlin Ukraine–Russia peace talks: a cited briefing\n"
        "\n"
        "3 claims from 1 article, 1 sticking point. Every quote is the article's own words, verbatim; "
        "its footnote gives the file, paragraph and line.\n"
        "\n"
        "## Sources\n"
        "\n"
        "1. **Talks in Berlin**: `talks.txt`, 3 claims\n"
        "\n"
        "## Sticking points\n"
        "\n"
        "### Territory\n"
        "\n"
        "#### Russia\n"
        "\n"
        "- Russia demands that Ukraine cede occupied territories. (demand; `russia-demands-territory`)\n"
        "  - “Moscow is demanding that Ukraine cede occupied territories.”[^1]\n"
        "\n"
        "#### Ukraine\n"
        "\n"
        "- Ukraine rejects any loss of land. (rejection; `ukraine-rejects-land-loss`)\n"
        "  - “Kyiv rejects any loss of land.”[^2]\n"
        "\n"
        "## Claims\n"
        "\n"
        "### russia-demands-territory\n"
        "\n"
        "Russia · demand · territory\n"
        "\n"
        "Russia demands that Ukraine cede occupied territories.[^1]\n"
        "\n"
        "### ukraine-rejects-land-loss\n"
        "\n"
        "Ukraine · rejection · territory\n"
        "\n"
        "Ukraine rejects any loss of land.[^2]\n"
        "\n"
        "### us-offers-guarantees\n"
        "\n"
        "United States · offer · security-guarantees\n"
        "\n"
        "The United States offered security guarantees to Ukraine.[^3]\n"
        "\n"
        "[^1]: “Moscow is demanding that Ukraine cede occupied territories.” — Talks in Berlin, `talks.txt`, "
        "paragraph 2, line 2.\n"
        "[^2]: “Kyiv rejects any loss of land.” — Talks in Berlin, `talks.txt`, paragraph 2, line 2.\n"
        "[^3]: “The United States offered security guarantees to Ukraine.” — Talks in Berlin, `talks.txt`, "
        "paragraph 3, line 3.\n"
    )


_FOOTNOTE = re.compile(r"^\[\^(\d+)\]: “(.*)” — (.*), `(.*)`, paragraph (\d+), line (\d+)\.$", re.MULTILINE)


def test_every_quote_of_the_briefing_is_verbatim_at_its_footnotes_place(runner: CliRunner) -> None:
    store = load_store(REAL_STORE)
    briefing = export(runner, None, "--format", "markdown")
    footnotes = _FOOTNOTE.findall(briefing)
    assert [int(number) for number, *_ in footnotes] == list(range(1, len(footnotes) + 1))
    assert len(footnotes) == sum(len(claim.citations) for claim in store.claims)
    for _, quote, title, path, paragraph, line in footnotes:
        lines = (SEEDS / Path(path).name).read_text(encoding="utf-8").splitlines()
        assert quote in lines[int(line) - 1]
        assert int(paragraph) == sum(1 for text in lines[: int(line)] if text.strip())  # a paragraph is a non-blank line
        assert title in {source.shown_title for source in store.sources}
    marks = set(re.findall(r"\[\^(\d+)\](?!:)", briefing))
    assert marks == {number for number, *_ in footnotes}  # every footnote is referred to


def test_the_briefing_has_every_source_sticking_point_position_and_claim(runner: CliRunner) -> None:
    store = load_store(REAL_STORE)
    briefing = export(runner, None, "--format", "markdown")
    sources, rest = briefing.split("\n## Sources\n", 1)[1].split("\n## Sticking points\n", 1)
    points, claims = rest.split("\n## Claims\n", 1)
    for source in store.sources:
        supplied = " (a title supplied by the curator, not the article's own headline)" if source.supplied_title else ""
        assert f"**{source.title}**{supplied}: `{source.path}`" in sources
    for point in store.sticking_points:
        section = points.split(f"\n### {point.title}\n", 1)[1].split("\n### ", 1)[0]
        for position in point.positions:
            assert f"\n#### {store.actor_by_id[position.party].name}\n" in section
            for claim_id in position.claims:
                assert f"`{claim_id}`)\n" in section
    assert re.findall(r"^### (.*)$", claims, re.MULTILINE) == [claim.id for claim in store.claims]


def test_a_quote_over_two_lines_stays_in_its_footnote(runner: CliRunner, small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8")
    old = "quote: Kyiv rejects any loss of land."
    small_store.write_text(text.replace(old, 'quote: "Kyiv rejects any loss of land.\\nThe United States"'))
    briefing = export(runner, small_store, "--format", "markdown")
    assert "  - “Kyiv rejects any loss of land.\n    The United States”[^2]\n" in briefing
    assert "[^2]: “Kyiv rejects any loss of land.\n    The United States” — Talks in Berlin" in briefing


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
