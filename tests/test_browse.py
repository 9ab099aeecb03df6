"""Browsing the record: sticking points, the stance matrix, citations, listings, help, completion."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks.browse import claim_citations, sticking_points, suggest_claims
from berlintalks.cli import cli
from berlintalks.errors import UnknownName
from berlintalks.model import ClaimKind
from berlintalks.names import Names
from berlintalks.store import load_store
from conftest import REAL_STORE, SEEDS


@pytest.fixture(scope="module")
def real_store():
    return load_store(REAL_STORE)


def invoke(runner: CliRunner, *arguments: str, store: Path | None = None):
    prefix = ["--data", str(store)] if store else []
    return runner.invoke(cli, [*prefix, *arguments], catch_exceptions=False)


# -- sticking points ----------------------------------------------------------------


def test_sticking_points_on_the_small_store(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_store.parent)
    result = invoke(runner, "sticking-points", store=small_store)
    assert result.exit_code == 0
    assert result.output == (
        "Territory (territory)\n"
        "  Russia: cede occupied land\n"
        "    · Russia demands that Ukraine cede occupied territories. [demand] russia-demands-territory\n"
        "      “Moscow is demanding that Ukraine cede occupied territories.”\n"
        "        — Talks in Berlin (talks.txt), paragraph 2, line 2, characters 16–75\n"
        "  Ukraine: no loss of land\n"
        "    · Ukraine rejects any loss of land. [rejection] ukraine-rejects-land-loss\n"
        "      “Kyiv rejects any loss of land.”\n"
        "        — Talks in Berlin (talks.txt), paragraph 2, line 2, characters 76–106\n"
        "\n"
    )


def test_party_puts_that_partys_position_first(runner: CliRunner, small_store: Path) -> None:
    result = invoke(runner, "sticking-points", "--party", "kyiv", "--json", store=small_store)
    data = json.loads(result.output)
    assert data["party"] == "ukraine"
    assert [p["party"] for p in data["sticking_points"][0]["positions"]] == ["ukraine", "russia"]


@pytest.mark.parametrize("party", ["russia", "moscow", "kremlin", "russa", "Russia"])
def test_russias_sticking_points_by_any_name(runner: CliRunner, party: str) -> None:
    data = json.loads(invoke(runner, "sticking-points", "--party", party, "--json").output)
    assert data["party"] == "russia"
    points = data["sticking_points"]
    assert len(points) >= 3
    texts = {path.name: path.read_text(encoding="utf-8") for path in SEEDS.glob("*.txt")}
    for point in points:
        assert set(point) == {"id", "title", "topic", "positions"}
        assert point["positions"][0]["party"] == "russia"
        assert len(point["positions"]) >= 2, point["id"]
        for position in point["positions"]:
            for claim in position["claims"]:
                assert set(claim) == {"id", "text", "kind", "citations"}
                for citation in claim["citations"]:
                    text = texts[Path(citation["source"]).name]
                    assert text[citation["start"] : citation["end"]] == citation["quote"]


def test_a_person_finds_the_sticking_points_of_their_state(real_store) -> None:
    names = Names(real_store)
    assert [view.point.id for view in sticking_points(real_store, names, "lavrov")] == [
        view.point.id for view in sticking_points(real_store, names, "russia")
    ]


# -- compare ------------------------------------------------------------------------


def test_compare_on_the_small_store(runner: CliRunner, small_store: Path) -> None:
    result = invoke(runner, "compare", store=small_store)
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


def test_compare_json_names_every_party_in_every_row(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "compare", "--parties", "moscow,kyiv,us", "--json").output)
    assert data["parties"] == ["russia", "ukraine", "united-states"]
    territory = next(row for row in data["rows"] if row["id"] == "territory")
    assert territory["cells"]["russia"]["claims"][0] == "russia-demands-ukraine-cede-occupied-territories"
    assert all(set(row["cells"]) == set(data["parties"]) for row in data["rows"])


# -- cite ---------------------------------------------------------------------------


def test_cite_shows_the_quote_in_its_paragraph(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_store.parent)
    result = invoke(runner, "cite", "ukraine-rejects-land-loss", store=small_store)
    digest = load_store(small_store).sources[0].sha256
    assert result.output == (
        "Ukraine rejects any loss of land.\n"
        "Ukraine · rejection · territory · ukraine-rejects-land-loss\n"
        "\n"
        "1. Talks in Berlin\n"
        "file      talks.txt\n"
        "place     paragraph 2, line 2, characters 76–106\n"
        f"sha256    {digest}\n"
        "\n"
        "Moscow is demanding that Ukraine cede occupied territories. **Kyiv rejects any loss of land.**\n"
        "\n"
    )


def test_cite_shows_a_quote_that_spans_two_lines_whole(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8")
    old = "quote: Kyiv rejects any loss of land."
    small_store.write_text(text.replace(old, 'quote: "Kyiv rejects any loss of land.\\nThe United States"'), encoding="utf-8")
    [item] = claim_citations(load_store(small_store), "ukraine-rejects-land-loss")[1]
    assert item.context == (
        "Moscow is demanding that Ukraine cede occupied territories. Kyiv rejects any loss of land.\n"
        "The United States offered security guarantees to Ukraine. Europe backs them."
    )
    offset = item.citation.start - item.context_start
    assert item.context[offset : offset + len(item.citation.quote)] == item.citation.quote


def test_cite_json(runner: CliRunner, small_store: Path) -> None:
    data = json.loads(invoke(runner, "cite", "ukraine-rejects-land-loss", "--json", store=small_store).output)
    assert data["claim"] == {
        "id": "ukraine-rejects-land-loss",
        "text": "Ukraine rejects any loss of land.",
        "questions": ["Does Ukraine accept losing land?", "what does kyiv reject", "ukraine land refusal"],
        "actor": "ukraine",
        "kind": "rejection",
        "topics": ["territory"],
        "differs_from": [],
    }
    [citation] = data["citations"]
    assert set(citation) == {
        "source", "source_id", "file", "title", "supplied_title", "quote", "start", "end", "line", "paragraph", "sha256",
        "context",
    }
    assert citation["context"][citation["start"] - 16 : citation["end"] - 16] == citation["quote"]


def test_cite_works_for_every_claim_in_the_store(real_store) -> None:
    for claim in real_store.claims:
        found, shown = claim_citations(real_store, claim.id)
        assert found is claim
        for item in shown:
            offset = item.citation.start - item.context_start
            assert item.context[offset : offset + len(item.citation.quote)] == item.citation.quote


def test_an_unknown_claim_id_is_a_usage_error_with_the_nearest_ids(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cite", "russia-demands-land"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        "Error: Invalid value for 'CLAIM_ID': unknown claim id 'russia-demands-land'; did you mean: "
        "russia-demands-ukraine-cede-occupied-territories, russia-demands-ukraine-neutrality-and-military-limits, "
        "poor-deal-could-embolden-russia-and-challenge-nato?"
    )


def test_suggestions_search_claim_texts_too(real_store) -> None:
    assert "lavrov-rejects-western-security-guarantees" in suggest_claims(real_store, "lavrov guarantees")
    with pytest.raises(UnknownName):
        claim_citations(real_store, "no-such-claim")


# -- listings -----------------------------------------------------------------------


def test_claims_listing_with_filters_by_alias(runner: CliRunner, small_store: Path) -> None:
    result = invoke(runner, "claims", "--actor", "moscow", store=small_store)
    assert result.output == (
        "id                        actor   kind    sources  text\n"
        "russia-demands-territory  Russia  demand  1        Russia demands that Ukraine cede occupied territories.\n"
    )


def test_claims_filters_combine(runner: CliRunner) -> None:
    data = json.loads(invoke(runner, "claims", "--topic", "land", "--kind", "demands", "--json").output)
    assert {claim["id"] for claim in data} >= {"russia-demands-ukraine-cede-occupied-territories"}
    assert all(claim["kind"] == "demand" and "territory" in claim["topics"] for claim in data)
    by_source = json.loads(invoke(runner, "claims", "--source", "004_b260c448108cb886.txt", "--json").output)
    assert by_source and all(
        any(c["source"] == "seeds/004_b260c448108cb886.txt" for c in claim["citations"]) for claim in by_source
    )


def test_claims_csv(runner: CliRunner, small_store: Path) -> None:
    rows = list(csv.reader(io.StringIO(invoke(runner, "claims", "--csv", store=small_store).output)))
    assert rows[0] == ["id", "actor", "kind", "topics", "text", "sources"]
    assert rows[1] == [
        "russia-demands-territory",
        "russia",
        "demand",
        "territory",
        "Russia demands that Ukraine cede occupied territories.",
        "talks.txt",
    ]


def test_claims_json_and_csv_together_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["claims", "--json", "--csv"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == "Error: choose one of --json and --csv"


@pytest.mark.parametrize("option", ["--actor", "--topic", "--kind", "--source"])
def test_an_unknown_filter_value_is_a_usage_error(runner: CliRunner, option: str) -> None:
    result = runner.invoke(cli, ["claims", option, "zzzz"])
    assert result.exit_code == 2
    assert f"Error: Invalid value for '{option}': unknown " in result.output


def test_actors_topics_sources_listings(runner: CliRunner, small_store: Path) -> None:
    assert invoke(runner, "actors", store=small_store).output == (
        "id             name           kind   affiliation  claims  aliases\n"
        "russia         Russia         state               1       Moscow, the Kremlin\n"
        "ukraine        Ukraine        state               1       Kyiv\n"
        "united-states  United States  state               1       US, Washington\n"
    )
    assert invoke(runner, "topics", store=small_store).output == (
        "id                   name                 claims  aliases\n"
        "territory            Territory            2       land, occupied territories\n"
        "security-guarantees  Security guarantees  1       guarantees\n"
    )
    sources = json.loads(invoke(runner, "sources", "--json", store=small_store).output)
    assert [(s["id"], s["path"], s["claims"]) for s in sources] == [("talks", "talks.txt", 3)]


#: What only answering a question needs: the query index, made when a question is asked, and
#: the stemmer it reads questions with; and fuzzy matching, for a name not found as typed.
ANSWERING_ONLY = ("berlintalks.query", "Stemmer", "rapidfuzz")


def run_apart(*arguments: str) -> tuple[str, list[str]]:
    """The output of berlintalks run with ``arguments`` in a Python of its own, and which of
    ANSWERING_ONLY it imported."""
    code = (
        "import sys; from berlintalks.cli import main; sys.argv = ['berlintalks', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(*[name for name in {ANSWERING_ONLY!r} if name in sys.modules], file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, *arguments], capture_output=True, text=True, check=False)
    return done.stdout, done.stderr.splitlines()[-1].split()


def test_browsing_a_cached_store_imports_nothing_only_answering_needs() -> None:
    run_apart("actors")  # the first run builds the cache entry, and the index with it
    for command in (
        ["actors"],
        ["claims", "--actor", "lavrov"],
        ["sticking-points", "--party", "russia"],
        ["compare"],
        ["cite", "lavrov-rejects-western-security-guarantees"],
    ):
        for json_ in ([], ["--json"]):
            assert run_apart(*command, *json_)[1] == [], (command, json_)
    # A misspelt name is still read, fuzzily, and a question still answered.
    assert run_apart("claims", "--actor", "lavrof") == (run_apart("claims", "--actor", "lavrov")[0], ["rapidfuzz"])
    assert run_apart("ask", "--json", "What does Russia demand?")[1] == list(ANSWERING_ONLY)


# -- help, completion ----------------------------------------------------------

COMMANDS = ["ask", "sticking-points", "compare", "cite", "claims", "actors", "topics", "sources", "check", "export", "shell"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("berlintalks st", ["sticking-points"]),
        ("berlintalks cite russia-dem", [
            "russia-demands-ukraine-cede-occupied-territories", "russia-demands-ukraine-neutrality-and-military-limits"
        ]),
        ("berlintalks sticking-points --party russian-pu", ["russian-public", "russian-public-opinion"]),
        ("berlintalks claims --actor mo", ["moscow", "moscow-officials"]),
        ("berlintalks claims --actor Krem", ["kremlin", "kremlin-officials"]),
        ("berlintalks claims --topic occ", ["occupied-territories", "occupied-areas", "occupied-lands", "occupied", "occupied-regions"]),
        ("berlintalks claims --kind ", [kind.value for kind in ClaimKind]),
        ("berlintalks claims --kind con", ["concession"]),
        ("berlintalks claims --source 004", ["004_b260c448108cb886.txt"]),
        ("berlintalks compare --parties russia,ukrainian-pu", ["russia,ukrainian-public", "russia,ukrainian-public-opinion"]),
        ("berlintalks compare --parties eu,us,wash", ["eu,us,washington", "eu,us,washington-envoy"]),
        ("berlintalks shell --party kie", ["kiev"]),
    ],
)
def test_shell_completion_of_commands_parties_and_claim_ids(runner: CliRunner, words: str, expected: list[str]) -> None:
    current = len(words.split()) - (0 if words.endswith(" ") else 1)
    env = {"_BERLINTALKS_COMPLETE": "bash_complete", "COMP_WORDS": words, "COMP_CWORD": str(current)}
    result = runner.invoke(cli, [], prog_name="berlintalks", env=env)
    assert [line.split(",", 1)[1] for line in result.output.splitlines()] == expected
