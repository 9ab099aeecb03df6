"""Output for people at the widths of real terminals: ids whole, prose wrapped between words,
tables where they fit and one block per record where they do not."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len
from rich.text import Text

from berlintalks.cli import cli
from berlintalks.layout import Column, column_widths, shorten, wrap_words
from berlintalks.store import load_store
from conftest import REAL_STORE

_STYLE = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def real_store():
    return load_store(REAL_STORE)


def on_terminal(runner: CliRunner, *arguments: str, width: int, store: Path | None = None) -> str:
    """What a terminal of ``width`` columns shows, with NO_COLOR set (bold stays; it is taken out here).
    Rich lays the output out for a terminal; standard output is still not one, so the counts
    that end a listing, which are for a person at a terminal, are left out."""
    prefix = ["--data", str(store)] if store else []
    environment = {"FORCE_COLOR": "1", "NO_COLOR": "1", "COLUMNS": str(width)}
    result = runner.invoke(cli, [*prefix, *arguments], env=environment, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "\x1b[3" not in result.output  # no colour
    return _STYLE.sub("", result.output)


def assert_fits(output: str, width: int) -> None:
    """Every line fits, but one that is a single word longer than a line, which is never broken:
    the path of a bundled article, shown absolute, under the folder a package is installed in."""
    assert [line for line in output.splitlines() if cell_len(line) > width and len(line.split()) > 1] == []


def assert_whole(output: str, names: list[str]) -> None:
    """Each name (an id, a path) is on one line, not broken across two."""
    lines = output.splitlines()
    broken = [name for name in names if not any(name in line for line in lines)]
    assert not broken


def assert_flows(output: str, texts: list[str]) -> None:
    """Each text reads on word after word: wrapped only between its words."""
    flowing = " ".join(output.split())
    torn = [text for text in texts if " ".join(text.split()) not in flowing]
    assert not torn


WIDTHS = [80, 140]


@pytest.mark.parametrize("width", WIDTHS)
def test_claims_keep_ids_whole_and_wrap_text_between_words(runner: CliRunner, real_store, width: int) -> None:
    output = on_terminal(runner, "claims", width=width)
    assert_fits(output, width)
    assert_whole(output, [claim.id for claim in real_store.claims])
    assert_flows(output, [claim.text for claim in real_store.claims])
    last = real_store.claims[-1]
    assert " ".join(output.split()).endswith(" ".join(last.text.split()))


@pytest.mark.parametrize("width", WIDTHS)
def test_sticking_points_keep_ids_and_paths_whole(runner: CliRunner, real_store, width: int) -> None:
    output = on_terminal(runner, "sticking-points", width=width)
    assert_fits(output, width)
    claims = [real_store.claim_by_id[c] for point in real_store.sticking_points for p in point.positions for c in p.claims]
    assert_whole(output, [claim.id for claim in claims] + [source.path for source in real_store.sources])
    assert_flows(output, [claim.text for claim in claims] + [c.quote for claim in claims for c in claim.citations])
    assert_flows(output, [f"{point.title} ({point.id})" for point in real_store.sticking_points])


@pytest.mark.parametrize("width", WIDTHS)
def test_compare_is_a_matrix_that_fits_then_the_cited_positions(runner: CliRunner, real_store, width: int) -> None:
    # Six parties' stances need more than 80 columns; four fit.
    shown = ["russia", "ukraine", "united-states", "european-leaders"] if width < 100 else None
    output = on_terminal(runner, "compare", *(["--parties", ",".join(shown)] if shown else []), width=width)
    assert_fits(output, width)
    matrix, positions = output.split("\n\n" + real_store.sticking_points[0].title + "\n", 1)
    lines = matrix.splitlines()
    header = lines[: next(n for n, line in enumerate(lines) if line.startswith("─")) + 1]
    assert any(line.startswith("Sticking point ") for line in header)
    assert header[-1] == "─" * len(header[-1])
    assert all(word in " ".join(header) for word in ["European", "leaders", "Russia", "Ukraine", "United", "States"])
    assert "does not fit" not in output
    claims = [real_store.claim_by_id[c] for point in real_store.sticking_points for p in point.positions
              for c in p.claims if shown is None or p.party in shown]
    assert_whole(positions, [claim.id for claim in claims])
    assert_flows(positions, [claim.text for claim in claims])


def test_compare_too_wide_for_the_terminal_lists_the_positions_alone(runner: CliRunner, real_store) -> None:
    output = on_terminal(runner, "compare", width=60)
    assert output.startswith("The matrix does not fit this width: each sticking point's\npositions follow.\n\n")
    assert "Sticking point" not in output


def test_compare_json_is_not_changed_by_the_matrix(runner: CliRunner, small_store: Path) -> None:
    result = runner.invoke(cli, ["--data", str(small_store), "compare", "--json"])
    assert json.loads(result.output) == {
        "parties": ["russia", "ukraine"],
        "rows": [
            {
                "id": "territory",
                "title": "Territory",
                "topic": "territory",
                "cells": {
                    "russia": {"kind": "demand", "stance": "cede occupied land", "claims": ["russia-demands-territory"],
                               "text": "Russia demands that Ukraine cede occupied territories."},
                    "ukraine": {"kind": "rejection", "stance": "no loss of land", "claims": ["ukraine-rejects-land-loss"],
                                "text": "Ukraine rejects any loss of land."},
                },
            }
        ],
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_cite_ask_and_listings_fit_and_keep_ids_whole(runner: CliRunner, real_store, width: int) -> None:
    longest = max(real_store.claims, key=lambda claim: len(claim.id))
    cited = on_terminal(runner, "cite", longest.id, width=width)
    assert_whole(cited, [longest.id] + [real_store.source_by_id[c.source].path for c in longest.citations])
    answered = on_terminal(runner, "ask", "What does Russia demand?", "--explain", width=width)
    sources = on_terminal(runner, "sources", width=width)
    assert_whole(sources, [source.id for source in real_store.sources] + [source.path for source in real_store.sources])
    actors = on_terminal(runner, "actors", width=width)
    assert_whole(actors, [actor.id for actor in real_store.actors])
    topics = on_terminal(runner, "topics", width=width)
    assert_whole(topics, [topic.id for topic in real_store.topics])
    for output in (cited, answered, sources, actors, topics, on_terminal(runner, "check", width=width)):
        assert_fits(output, width)


def test_claims_at_80_columns_are_one_block_per_claim(runner: CliRunner, small_store: Path) -> None:
    assert on_terminal(runner, "claims", width=80, store=small_store) == (
        "russia-demands-territory\n"
        "  Russia · demand · territory\n"
        "  Russia demands that Ukraine cede occupied territories.\n"
        "\n"
        "ukraine-rejects-land-loss\n"
        "  Ukraine · rejection · territory\n"
        "  Ukraine rejects any loss of land.\n"
        "\n"
        "us-offers-guarantees\n"
        "  United States · offer · security-guarantees\n"
        "  The United States offered security guarantees to Ukraine.\n"
        "\n"
    )


def test_claims_at_140_columns_are_a_table(runner: CliRunner, small_store: Path) -> None:
    assert on_terminal(runner, "claims", width=140, store=small_store) == (
        "id                         actor          kind       sources  text\n"
        + "─" * 119 + "\n"
        "russia-demands-territory   Russia         demand     1        Russia demands that Ukraine cede occupied territories.\n"
        "ukraine-rejects-land-loss  Ukraine        rejection  1        Ukraine rejects any loss of land.\n"
        "us-offers-guarantees       United States  offer      1        The United States offered security guarantees to Ukraine.\n"
    )


def test_listings_too_wide_for_a_table_are_one_block_per_record(runner: CliRunner, real_store) -> None:
    output = on_terminal(runner, "actors", width=80)
    assert output.startswith(
        "russia\n"
        "  name         Russia\n"
        "  kind         state\n"
        "  claims       9\n"
        "  aliases      Russian Federation, Moscow, the Kremlin, Kremlin, Russian\n"
        "               government, Russian state\n"
        "\n"
        "lavrov\n"
        "  name         Sergei Lavrov\n"
        "  kind         person\n"
        "  affiliation  russia\n"
    )


def test_a_long_title_is_wrapped_between_words_as_a_heading(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_store.parent)  # the article is named from the working directory
    title = "Talks in Berlin: what the parties demanded, offered and refused over two long days"
    small_store.write_text(small_store.read_text(encoding="utf-8").replace("title: Talks in Berlin", f'title: "{title}"'))
    output = on_terminal(runner, "cite", "ukraine-rejects-land-loss", width=40, store=small_store)
    assert "1. Talks in Berlin: what the parties\ndemanded, offered and refused over two\nlong days\n" + "─" * 38 + "\n" in output
    assert_fits(output, 40)


def test_an_id_wider_than_the_terminal_stays_whole_on_its_own_line(runner: CliRunner, small_store: Path) -> None:
    output = on_terminal(runner, "sticking-points", width=24, store=small_store)
    assert "\n      ukraine-rejects-land-loss\n" in output  # 31 columns: the terminal wraps it, whole
    assert_flows(output, ["Kyiv rejects any loss of land."])


# -- titles the curator supplied ---------------------------------------------------------


@pytest.fixture
def supplied_title_store(small_store: Path) -> Path:
    text = small_store.read_text(encoding="utf-8")
    small_store.write_text(text.replace("    title: Talks in Berlin\n", "    title: Talks in Berlin\n    supplied_title: true\n"))
    return small_store


def test_a_supplied_title_is_marked_wherever_a_title_is_shown(
    runner: CliRunner, supplied_title_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = supplied_title_store
    monkeypatch.chdir(store.parent)  # the article is named from the working directory
    cited = runner.invoke(cli, ["--data", str(store), "cite", "ukraine-rejects-land-loss"]).output
    assert "\n1. [Talks in Berlin]\ntitle     supplied by the curator, not the article's own headline\nfile      talks.txt\n" in cited
    answer = runner.invoke(cli, ["--data", str(store), "ask", "what does moscow want?"]).output
    assert "     — [Talks in Berlin] (talks.txt), paragraph 2, line 2, characters 16–75\n" in answer
    points = runner.invoke(cli, ["--data", str(store), "sticking-points"]).output
    assert "        — [Talks in Berlin] (talks.txt), paragraph 2, line 2, characters 16–75\n" in points
    assert runner.invoke(cli, ["--data", str(store), "sources"]).output.splitlines()[1].startswith(
        "talks  [Talks in Berlin]  talks.txt  3"
    )
    [listed] = json.loads(runner.invoke(cli, ["--data", str(store), "sources", "--json"]).output)
    assert (listed["title"], listed["supplied_title"]) == ("Talks in Berlin", True)
    assert json.loads(runner.invoke(cli, ["--data", str(store), "cite", "ukraine-rejects-land-loss", "--json"]).output)[
        "citations"
    ][0]["supplied_title"] is True


def test_the_articles_own_headline_is_not_marked(
    runner: CliRunner, small_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(small_store.parent)  # the article is named from the working directory
    cited = runner.invoke(cli, ["--data", str(small_store), "cite", "ukraine-rejects-land-loss"]).output
    assert "\n1. Talks in Berlin\nfile      talks.txt\n" in cited
    assert "[Talks in Berlin]" not in runner.invoke(cli, ["--data", str(small_store), "sources"]).output


def test_the_bundled_stores_explainers_have_supplied_titles(runner: CliRunner) -> None:
    sources = json.loads(runner.invoke(cli, ["sources", "--json"]).output)
    assert [source["supplied_title"] for source in sources] == [True, True, True, True, False]


# -- the pieces ----------------------------------------------------------------------------


def lines_of(body: str, width: int, first: int | None = None) -> list[str]:
    return [line.plain for line in wrap_words(Text(body), width, first=first)]


def test_wrapping_breaks_between_words_only() -> None:
    assert lines_of("Moscow is demanding that Ukraine cede occupied territories", 20) == [
        "Moscow is demanding",
        "that Ukraine cede",
        "occupied territories",
    ]
    assert lines_of("see russia-demands-ukraine-cede-occupied-territories now", 20) == [
        "see",
        "russia-demands-ukraine-cede-occupied-territories",
        "now",
    ]
    assert lines_of("1. Russia demands that Ukraine cede", 20, first=24) == ["1. Russia demands that", "Ukraine cede"]
    assert lines_of("one\ntwo three", 5) == ["one", "two", "three"]


@pytest.mark.parametrize(
    ("value", "width", "expected"),
    [
        ("Moscow is demanding that Ukraine cede", 60, "Moscow is demanding that Ukraine cede"),
        ("Moscow is demanding that Ukraine cede", 22, "Moscow is demanding…"),
        ("Moscow is demanding, that Ukraine cede", 22, "Moscow is demanding…"),
        ("Unbreakablewordthatgoeson", 10, "Unbreakab…"),
    ],
)
def test_shortening_cuts_at_a_word_boundary(value: str, width: int, expected: str) -> None:
    assert shorten(value, width) == expected
    assert len(shorten(value, width)) <= width


def test_column_widths_give_prose_the_room_left_and_refuse_to_break_a_word() -> None:
    columns = [Column("id"), Column("name", wrap=True, least=4), Column("text", wrap=True, least=10)]
    rows = [[Text("russia-demands"), Text("The Russian public"), Text("Russia demands that Ukraine cede land.")]]
    headers = [Text(column.header) for column in columns]
    assert column_widths(columns, headers, rows, 200) == [14, 18, 38]
    assert column_widths(columns, headers, rows, 60) == [14, 18, 28]  # the short name whole, the text the rest
    assert column_widths(columns, headers, rows, 50) == [14, 16, 20]  # the room shared evenly
    assert column_widths(columns, headers, rows, 32) == [14, 7, 11]
    assert column_widths(columns, headers, rows, 30) is None  # "Russian" or "demands" would break


# -- check ---------------------------------------------------------------------------------

UNCITED = (
    "Finland offered to host a follow-up round of the talks in Helsinki next month, according to two people "
    "familiar with the plan."
)


@pytest.fixture
def partly_cited_store(small_store: Path) -> Path:
    """The small store with a paragraph no claim cites added to its article."""
    article = small_store.parent / "talks.txt"
    old = hashlib.sha256(article.read_bytes()).hexdigest()
    article.write_text(article.read_text(encoding="utf-8") + UNCITED + "\n", encoding="utf-8")
    new = hashlib.sha256(article.read_bytes()).hexdigest()
    small_store.write_text(small_store.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return small_store


def test_check_cuts_an_uncovered_paragraph_at_a_word(runner: CliRunner, partly_cited_store: Path) -> None:
    output = runner.invoke(cli, ["--data", str(partly_cited_store), "check"]).output
    assert "uncovered paragraph talks line 4: Finland offered to host a follow-up round of the talks in…\n" in output


#: What check --uncovered shows of the paragraph at each width, its lines after the first indented.
UNCOVERED = {
    80: "talks paragraph 4, line 4 (paragraph): Finland offered to host a follow-up round\n"
        "  of the talks in Helsinki next month, according to two people familiar with the\n"
        "  plan.\n",
    140: "talks paragraph 4, line 4 (paragraph): Finland offered to host a follow-up round of the talks in Helsinki "
         "next month, according to two\n"
         "  people familiar with the plan.\n",
}


@pytest.mark.parametrize("width", WIDTHS)
def test_what_is_left_to_curate_is_wrapped_between_words(runner: CliRunner, partly_cited_store: Path, width: int) -> None:
    checked = on_terminal(runner, "check", width=width, store=partly_cited_store)
    assert_fits(checked, width)
    assert_flows(checked, [UNCITED])  # the uncovered sentence, whole
    assert on_terminal(runner, "check", "--uncovered", width=width, store=partly_cited_store) == UNCOVERED[width]
