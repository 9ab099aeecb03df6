"""Curating an article: add-source, locate, check --uncovered, and the hostile cases."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from berlintalks import quotes
from berlintalks.cli import cli
from berlintalks.curate import MAX_FUZZY_PASSAGE, CurationError, add_source, locate
from berlintalks.quotes import fold, loose_finds
from berlintalks.segment import occurrences
from berlintalks.store import load_store
from conftest import ROOT
from test_layout import assert_fits, assert_flows, on_terminal
from test_store import Scanned, load_counting_scans, store_citing_every_sentence

ARTICLE = Path(__file__).parent / "fixtures" / "berlin_second_day.txt"
ARTICLE_SHA256 = "c684a1b9ba0e3f9374984029c220b115eecd6a9c439eac86aeb9e113ae2c2cfc"
TITLE = "Berlin Talks Resume With a “Framework” on the Table"


def run(runner: CliRunner, store: Path, *arguments: str):
    return runner.invoke(cli, ["--data", str(store), *arguments], catch_exceptions=False)


def add(runner: CliRunner, store: Path, article: Path, source_id: str = "second-day", *extra: str):
    """Add ``article`` under a title of the curator's own."""
    return run(runner, store, "add-source", str(article), "--id", source_id, "--title", "Second day", "--supplied-title",
               *extra)


# -- add-source -------------------------------------------------------------------------


def test_add_source_keeps_the_bundled_store_and_adds_only_the_entry(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "data", copy / "data")
    shutil.copytree(ROOT / "seeds", copy / "seeds")
    subprocess.run(["git", "init", "-q", str(copy)], check=True)
    subprocess.run(["git", "-C", str(copy), "add", "."], check=True)
    monkeypatch.chdir(copy)
    result = runner.invoke(
        cli, ["--data", "data/claims.yaml", "add-source", str(ARTICLE), "--id", "berlin-second-day", "--title", TITLE]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Copied to seeds/berlin_second_day.txt (sha256 {ARTICLE_SHA256})\n"
        "Added source 'berlin-second-day' to data/claims.yaml:\n"
        "id: berlin-second-day\n"
        "path: ../seeds/berlin_second_day.txt\n"
        f'title: "{TITLE}"\n'
        f"sha256: {ARTICLE_SHA256}\n"
    )
    diff = subprocess.run(
        ["git", "-C", str(copy), "diff", "-U0", "--", "data/claims.yaml"], check=True, capture_output=True, text=True
    ).stdout
    changed = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changed == [
        "+  - id: berlin-second-day",
        "+    path: ../seeds/berlin_second_day.txt",
        f'+    title: "{TITLE}"',
        f"+    sha256: {ARTICLE_SHA256}",
    ]
    assert "@@ -35,0 +36,4 @@" in diff  # after the last source, before the actors' comment block
    assert (copy / "seeds" / "berlin_second_day.txt").read_bytes() == ARTICLE.read_bytes()


def test_supplied_title_is_marked(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    article = tmp_path / "day2.txt"
    article.write_text("Ukraine and Russia met again in Berlin on Tuesday.\n", encoding="utf-8")
    assert add(runner, small_store, article, "second-day", "--supplied-title").exit_code == 0
    text = small_store.read_text(encoding="utf-8")
    assert '    title: "Second day"\n    supplied_title: true\n    sha256: ' in text
    assert run(runner, small_store, "sources", "--json").exit_code == 0


def test_existing_id_and_different_file_of_the_same_name_are_refused(
    small_store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    before = small_store.read_bytes()
    result = add(runner, small_store, small_store.parent / "talks.txt", "talks")
    assert (result.exit_code, result.output) == (1, f"Error: {small_store}: a source with id 'talks' already exists\n")
    other = tmp_path / "talks.txt"
    other.write_text("A different article.\n", encoding="utf-8")
    result = add(runner, small_store, other, "other")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {small_store.parent / 'talks.txt'}: a different file of that name exists; rename the article\n",
    )
    assert small_store.read_bytes() == before


def test_a_headline_is_checked_and_kept_as_the_article_has_it(small_store: Path, runner: CliRunner) -> None:
    plain = 'berlin talks resume with a "framework" on the table'
    result = run(runner, small_store, "add-source", str(ARTICLE), "--id", "second-day", "--title", plain, "--json")
    assert result.exit_code == 0, result.output
    added = json.loads(result.output)
    assert f'\ntitle: "{TITLE}"\n' in added["entry"]
    assert f'    title: "{TITLE}"\n    sha256: {ARTICLE_SHA256}\n' in small_store.read_text(encoding="utf-8")
    assert {key: added[key] for key in ("id", "path", "file", "sha256", "copied", "store")} == {
        "id": "second-day",
        "path": ARTICLE.name,
        "file": str(small_store.parent / ARTICLE.name),
        "sha256": ARTICLE_SHA256,
        "copied": True,
        "store": str(small_store),
    }


def test_a_title_that_is_not_the_headline_needs_supplied_title(small_store: Path, runner: CliRunner) -> None:
    before = small_store.read_bytes()
    result = run(runner, small_store, "add-source", str(ARTICLE), "--id", "second-day", "--title", "Berlin, day two")
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {ARTICLE}: --title is not the article's first line, \"{TITLE}\"; give that line, "
        "or --supplied-title for a title of your own\n",
    )
    assert small_store.read_bytes() == before


@pytest.mark.parametrize("title", ["", "  ", "Two\nlines", "Tab\tinside", "Line\u2028separator"])
def test_a_title_must_be_one_line_of_text(small_store: Path, runner: CliRunner, title: str) -> None:
    result = run(runner, small_store, "add-source", str(ARTICLE), "--id", "d", "--title", title, "--supplied-title")
    assert (result.exit_code, result.output.splitlines()[-1]) == (
        2, "Error: Invalid value for '--title': must be one line of text"
    )


@pytest.mark.parametrize("name", ["day #2.txt", "day: two.txt", "null", "[day].txt", "day\ntwo.txt"])
def test_any_file_name_is_written_so_the_store_reads_it_back(
    small_store: Path, tmp_path: Path, runner: CliRunner, name: str
) -> None:
    article = tmp_path / name
    article.write_text("Ukraine and Russia met again in Berlin on Tuesday.\n", encoding="utf-8")
    result = add(runner, small_store, article)
    assert result.exit_code == 0, result.output
    sources = json.loads(run(runner, small_store, "sources", "--json").output)
    assert [source["id"] for source in sources][-1] == "second-day"
    assert (small_store.parent / name).read_bytes() == article.read_bytes()


@pytest.mark.parametrize("command", ["add-source", "locate"])
def test_new_commands_have_help_with_examples(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.output


@pytest.mark.parametrize(
    ("source_id", "reason"),
    [
        ("Second Day", "must be a lowercase slug (a-z, 0-9, hyphens), not 'Second Day'"),
        ("123", "'123' would be read as a number (123), not an id; add a letter"),
        ("null", "'null' would be read as null, not an id; add a letter"),
        ("yes", "'yes' would be read as a boolean (true), not an id; add a letter"),
        ("0x10", "'0x10' would be read as a number (16), not an id; add a letter"),
    ],
)
def test_an_id_that_cannot_be_added_is_a_usage_error_and_nothing_is_written(
    small_store: Path, runner: CliRunner, source_id: str, reason: str
) -> None:
    before = small_store.read_bytes()
    result = add(runner, small_store, ARTICLE, source_id)
    assert (result.exit_code, result.output.splitlines()[-1]) == (2, f"Error: Invalid value for '--id': {reason}")
    assert small_store.read_bytes() == before
    assert sorted(path.name for path in small_store.parent.iterdir()) == ["claims.yaml", "talks.txt"]


# -- hostile articles and stores -----------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Talks \xe9 Berlin.\n", "not valid UTF-8 at byte 6 (line 1); save the text file as UTF-8"),
        (b"Talks\x00 in Berlin.\n", "text file contains NUL bytes; is it UTF-16? Save it as UTF-8"),
        (b"", "the article is empty"),
        (b"\n  \n", "the article is empty"),
    ],
)
def test_unusable_articles_get_one_line_and_leave_the_store(
    small_store: Path, tmp_path: Path, runner: CliRunner, content: bytes, message: str
) -> None:
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    before = small_store.read_bytes()
    result = add(runner, small_store, article)
    assert (result.exit_code, result.output) == (1, f"Error: {article}: {message}\n")
    assert small_store.read_bytes() == before
    assert not (small_store.parent / "bad.txt").exists()


@pytest.mark.parametrize("room", [0, 8 * 1024], ids=["no room for the article", "no room for the store"])
def test_add_source_on_a_full_disk_is_a_one_line_error_and_leaves_the_store(
    small_store: Path, small_disk: Path, tmp_path: Path, runner: CliRunner, room: int
) -> None:
    store = small_disk / "store"
    shutil.copytree(small_store.parent, store)
    # The disk filled but for ``room``: the article (two pages) fits there, or it does not.
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"x" * (free.f_bavail * free.f_frsize - room))
    article = tmp_path / "big.txt"
    article.write_text("Big day\n" + "Talks went on. " * 340, encoding="utf-8")
    before = (store / "claims.yaml").read_bytes()
    result = add(runner, store / "claims.yaml", article)
    assert result.exit_code == 1
    assert re.fullmatch(
        rf"Error: {re.escape(str(store))}/(big\.txt|claims\.yaml): cannot write (the article|the store) there: "
        r"No space left on device; nothing was added\n", result.output
    ), result.output
    assert (store / "claims.yaml").read_bytes() == before
    assert sorted(path.name for path in store.iterdir()) == ["claims.yaml", "talks.txt"]


def test_a_directory_is_not_an_article(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = add(runner, small_store, tmp_path)
    assert (result.exit_code, result.output) == (1, f"Error: {tmp_path}: is a directory, not a text file\n")


def test_a_pipe_is_not_read(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    # A writer that comes and goes at once: were the pipe read, it would read as empty.
    writer = threading.Thread(target=lambda: os.close(os.open(pipe, os.O_WRONLY)), daemon=True)
    writer.start()
    try:
        result = add(runner, small_store, pipe)
    finally:
        reader = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)  # lets the writer finish if nothing read
        writer.join()
        os.close(reader)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {pipe}: is a pipe, not a text file\n",
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_not_read_as_an_article(small_store: Path, runner: CliRunner, device: str) -> None:
    result = add(runner, small_store, Path(device))
    assert (result.exit_code, result.output) == (1, f"Error: {device}: is a device, not a text file\n")


def test_a_store_from_a_pipe_is_not_edited(small_store: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "berlintalks", "--data", "/dev/stdin", "add-source", str(ARTICLE), "--id", "a", "--title", "T",
         "--supplied-title"],
        input=small_store.read_bytes(),
        cwd=small_store.parent,
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stderr) == (
        1, b"Error: /dev/stdin: the store comes from a pipe; add-source edits a store file\n"
    )


def test_a_50_mb_article_is_refused(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    article = tmp_path / "huge.txt"
    with article.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    result = add(runner, small_store, article)
    assert (result.exit_code, result.output) == (1, f"Error: {article}: text file is 50 MB, over the 50 MB limit\n")


def test_an_article_at_the_size_limit_is_added(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    from berlintalks.files import MAX_FILE_BYTES

    line = b"The talks in Berlin went on into the night, officials said.\n"
    article = tmp_path / "long.txt"
    article.write_bytes((line * (MAX_FILE_BYTES // len(line) + 1))[:MAX_FILE_BYTES])
    result = add(runner, small_store, article)
    assert result.exit_code == 0, result.output
    assert (small_store.parent / "long.txt").stat().st_size == MAX_FILE_BYTES


def test_crlf_article_keeps_its_bytes_and_offsets(small_store: Path, tmp_path: Path, runner: CliRunner) -> None:
    body = "Heading\r\nKyiv said it “will not sign” the text.\r\nFinland offered to host — next month.\r\n"
    article = tmp_path / "crlf.txt"
    article.write_bytes(body.encode("utf-8"))
    assert add(runner, small_store, article, "crlf").exit_code == 0
    assert (small_store.parent / "crlf.txt").read_bytes() == body.encode("utf-8")
    result = run(runner, small_store, "locate", 'finland offered to host - next month', "--json")
    [match] = json.loads(result.output)
    assert body[match["start"] : match["end"]] == "Finland offered to host — next month"
    assert (match["line"], match["paragraph"], match["unique"]) == (3, 3, True)


def test_crlf_store_keeps_its_line_endings(small_store: Path, runner: CliRunner) -> None:
    crlf = small_store.read_bytes().replace(b"\n", b"\r\n")
    small_store.write_bytes(crlf)
    assert add(runner, small_store, ARTICLE).exit_code == 0
    after = small_store.read_bytes()
    assert after.count(b"\n") == after.count(b"\r\n") == crlf.count(b"\r\n") + 5
    assert after.startswith(crlf[: crlf.index(b"actors:")].rstrip(b"\r\n"))


@pytest.mark.parametrize(
    "title",
    [
        "title: >-\n      Talks in\n      # Berlin",
        'title: "Talks in\n      # Berlin"',
        "title: Talks in\n      # Berlin",
        "title: >-\n      Talks in Berlin\n\n  # a comment after the last source",
    ],
    ids=["folded", "quoted", "plain", "comment-after"],
)
def test_the_entry_lands_after_the_last_source_as_yaml_reads_it(small_store: Path, runner: CliRunner, title: str) -> None:
    from berlintalks.store import load_store

    # The title last in the last source, so that its lines end the list.
    text = re.sub(r"title: Talks in Berlin\n    (sha256: \w+)", lambda found: f"{found[1]}\n    {title}",
                  small_store.read_text(encoding="utf-8"))
    small_store.write_text(text, encoding="utf-8")
    before = load_store(small_store)
    result = add(runner, small_store, ARTICLE)
    assert result.exit_code == 0, result.output
    after = load_store(small_store)
    assert after.sources[:-1] == before.sources
    assert (after.sources[-1].id, after.sources[-1].title) == ("second-day", "Second day")
    assert (after.actors, after.topics, tuple(after.claims)) == (before.actors, before.topics, tuple(before.claims))


def test_an_insert_that_would_change_another_entry_is_not_written(
    small_store: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    from berlintalks import curate

    before = small_store.read_bytes()
    # Valid YAML and a valid store, but the new entry has taken the place of the old one.
    insert = curate._insert_source
    monkeypatch.setattr(curate, "_insert_source",
                        lambda text, entry, name: insert(text, entry, name).replace("Talks in Berlin", "Talks in Bonn"))
    result = add(runner, small_store, ARTICLE)
    assert (result.exit_code, result.output) == (
        1, f"Error: {small_store}: the edit would change source 'talks' or leave out the new one; nothing was added\n"
    )
    assert small_store.read_bytes() == before


def test_an_entry_the_store_would_not_accept_is_not_written(
    small_store: Path, monkeypatch: pytest.MonkeyPatch, runner: CliRunner
) -> None:
    from berlintalks import curate

    before = small_store.read_bytes()
    monkeypatch.setattr(curate, "_entry", lambda *arguments: "id: second-day\npath: [unclosed")
    result = add(runner, small_store, ARTICLE)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {small_store}: the new entry would not be valid "
        f"({small_store}:8:7: did not find expected ',' or ']'); nothing was added\n",
    )
    assert small_store.read_bytes() == before
    assert sorted(path.name for path in small_store.parent.iterdir()) == ["claims.yaml", "talks.txt"]


def test_a_store_reached_through_a_link_is_written_where_it_points(small_store: Path, runner: CliRunner) -> None:
    link = small_store.parent / "link.yaml"
    link.symlink_to(small_store.name)
    assert add(runner, small_store.parent / "link.yaml", ARTICLE).exit_code == 0
    assert link.is_symlink()
    assert "  - id: second-day\n" in small_store.read_text(encoding="utf-8")


def test_a_store_linked_from_another_folder_cites_the_article_from_its_own_folder(
    small_store: Path, tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store's paths start from the folder it lies in, not from the link's."""
    links = tmp_path / "links" / "deeper"
    links.mkdir(parents=True)
    (links / "claims.yaml").symlink_to(small_store)
    monkeypatch.chdir(links)
    result = add(runner, Path("claims.yaml"), ARTICLE)
    assert result.output.splitlines()[0] == f"Copied to ../../store/berlin_second_day.txt (sha256 {ARTICLE_SHA256})"
    assert "    path: berlin_second_day.txt\n" in small_store.read_text(encoding="utf-8")
    assert run(runner, Path("claims.yaml"), "check").exit_code == 0


def test_read_only_store_is_left_alone(small_store: Path, runner: CliRunner) -> None:
    before = small_store.read_bytes()
    small_store.chmod(0o444)
    try:
        result = add(runner, small_store, ARTICLE)
    finally:
        small_store.chmod(0o644)
    assert (result.exit_code, result.output) == (1, f"Error: {small_store}: the store is read-only; nothing was added\n")
    assert small_store.read_bytes() == before
    assert sorted(path.name for path in small_store.parent.iterdir()) == ["claims.yaml", "talks.txt"]


def test_a_store_that_changed_underneath_is_not_overwritten(small_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from berlintalks import curate

    edited = small_store.read_text(encoding="utf-8") + "# edited meanwhile\n"
    original = curate._place_article

    def place_and_edit(*arguments):
        small_store.write_text(edited, encoding="utf-8")
        return original(*arguments)

    monkeypatch.setattr(curate, "_place_article", place_and_edit)
    with pytest.raises(CurationError, match="the store changed while the source was being added; run it again"):
        add_source(str(small_store), str(ARTICLE), "second-day", "Second day", supplied_title=True)
    assert small_store.read_text(encoding="utf-8") == edited
    assert not (small_store.parent / ARTICLE.name).exists()
    assert [path.name for path in small_store.parent.iterdir() if path.name.endswith(".tmp")] == []


def test_an_interrupted_write_leaves_the_old_store(small_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from berlintalks import curate

    before = small_store.read_bytes()

    replace = os.replace

    def interrupted_at_the_store(source, destination):
        if Path(destination) == small_store:
            raise KeyboardInterrupt
        replace(source, destination)

    monkeypatch.setattr(curate.os, "replace", interrupted_at_the_store)
    with pytest.raises(KeyboardInterrupt):
        add_source(str(small_store), str(ARTICLE), "second-day", "Second day", supplied_title=True)
    assert small_store.read_bytes() == before
    assert sorted(path.name for path in small_store.parent.iterdir()) == ["claims.yaml", "talks.txt"]


def _add_in_process(arguments: tuple[str, str, str]) -> str:
    store, article, source_id = arguments
    try:
        add_source(store, article, source_id, source_id, supplied_title=True)
    except CurationError as error:
        return str(error)
    return "added"


def test_concurrent_runs_both_land(small_store: Path, tmp_path: Path) -> None:
    articles = []
    for number in range(6):
        article = tmp_path / f"article{number}.txt"
        article.write_text(f"Article number {number} on the Berlin talks.\n", encoding="utf-8")
        articles.append((str(small_store), str(article), f"article-{number}"))
    with multiprocessing.get_context("fork").Pool(6) as pool:
        outcomes = pool.map(_add_in_process, articles)
    assert outcomes == ["added"] * 6
    text = small_store.read_text(encoding="utf-8")
    assert sorted(line for line in text.splitlines() if "- id: article-" in line) == [
        f"  - id: article-{number}" for number in range(6)
    ]
    assert CliRunner().invoke(cli, ["--data", str(small_store), "check"]).exit_code == 0


# -- locate --------------------------------------------------------------------------------


WORDS = st.sampled_from(["Kyiv", "won’t", "“sign”", "the", "text", "—", "Russia’s", "cease-fire", "Zelenskyy", "U.S."])
SPACES = st.sampled_from([" ", "  ", "\n", "\r\n", "\t", "\u00a0"])


@given(st.lists(st.tuples(WORDS, SPACES), min_size=1, max_size=12), st.data())
def test_a_passage_typed_plainly_is_found_where_the_article_has_it(words, data) -> None:
    text = "".join(word + space for word, space in words)
    first = data.draw(st.integers(0, len(words) - 1))
    last = data.draw(st.integers(first, len(words) - 1))
    start = sum(len(word + space) for word, space in words[:first])
    end = start + len("".join(word + space for word, space in words[first:last])) + len(words[last][0])
    typed = " ".join(fold(word) for word, _ in words[first : last + 1])
    typed = data.draw(st.sampled_from([typed, typed.lower(), typed.upper(), f"  {typed} "]))
    finds = loose_finds(text, typed)
    assert (start, end) in finds
    assert all(fold(text[a:b]).casefold().split() == fold(typed).casefold().split() for a, b in finds)


def test_locate_tolerates_quotes_dashes_case_and_space(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["locate", "ukraine's  LONG-standing goal"], catch_exceptions=False)
    assert (result.exit_code, result.output) == (
        0,
        "1. zelenskyy-nato-shift paragraph 2, line 2, characters 244-272; unique\n"
        "   quote: Ukraine’s long-standing goal\n",
    )


def test_locate_yaml_is_a_citation_block(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["locate", "ukraine's long-standing goal", "--yaml"], catch_exceptions=False)
    assert result.output == '- source: zelenskyy-nato-shift\n  quote: "Ukraine’s long-standing goal"\n'


def test_locate_says_which_occurrence(small_store: Path, runner: CliRunner) -> None:
    result = run(runner, small_store, "locate", "ukraine", "--yaml")
    assert result.output == (
        '- source: talks\n  quote: "Ukraine"\n  occurrence: 1\n'
        '- source: talks\n  quote: "Ukraine"\n  occurrence: 2\n'
    )


def test_locate_offers_near_misses(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["locate", "robust security garantees", "--source", "us-dangles-guarantees"])
    assert (result.exit_code, result.output) == (
        0,
        "1. us-dangles-guarantees paragraph 2, line 2, characters 115-141 (near miss, score 96); unique\n"
        "   quote: robust security guarantees\n",
    )


@pytest.mark.parametrize(
    ("typed", "quote"),
    [
        ("US envoys actively engage in negotiations", "U.S. envoys actively engage in negotiations"),
        ("the US has committed to helping Ukraine defend", "the U.S. has committed to helping Ukraine defend"),
        ("described as platinum standard and Article 5-like", "described as “platinum standard” and “Article 5-like.”"),
        ("platinum standard and Article 5 like. This implies", "“platinum standard” and “Article 5-like.” This implies"),
        ("the current proposals as tantamount to Ukrainian surrender", "the current proposals as tantamount to Ukrainian “surrender,”"),
    ],
)
def test_a_near_miss_keeps_abbreviations_whole_and_its_quote_marks_balanced(
    runner: CliRunner, typed: str, quote: str
) -> None:
    result = runner.invoke(cli, ["locate", typed, "--json"], catch_exceptions=False)
    assert [match["quote"] for match in json.loads(result.output)] == [quote]


def test_locate_is_wrapped_at_80_columns_on_a_terminal(runner: CliRunner) -> None:
    typed = "Moscow is demanding that Ukraine cede occupied territories, including significant portions of the Donbas"
    output = on_terminal(runner, "locate", typed, width=80)
    assert_fits(output, 80)
    assert_flows(output, [f"quote: {typed}"])
    assert output.splitlines()[0] == "1. us-dangles-guarantees paragraph 6, line 6, characters 1674-1778; unique"
    assert output.splitlines()[2].startswith("          ")  # the quote's lines line up under its first


def test_a_passage_found_at_many_places_lists_ten_and_counts_the_rest(tmp_path: Path, runner: CliRunner) -> None:
    store = store_citing_every_sentence(tmp_path, [[" ".join("a" * 15)]], one_line=True)
    result = run(runner, store, "locate", "a A  a")
    assert (result.exit_code, result.output) == (0, "".join(
        f"{n}. a0 paragraph 1, line 1, characters {2 * n - 2}-{2 * n + 3}; occurs 13 times: give 'occurrence: {n}'\n"
        "   quote: a a a\n"
        for n in range(1, 11)
    ) + "... and 3 more places; type more of the passage to narrow them down\n")
    result = run(runner, store, "locate", "a a a", "--yaml")
    assert result.output.endswith(
        '- source: a0\n  quote: "a a a"\n  occurrence: 10\n'
        "# ... and 3 more places; type more of the passage to narrow them down\n"
    )
    listed = json.loads(run(runner, store, "locate", "a a a", "--json").output)
    assert [(match["occurrence"], match["places"], match["truncated"]) for match in listed] == [
        (n, 13, True) for n in range(1, 11)
    ]
    listed = json.loads(run(runner, store, "locate", " ".join("a" * 13), "--json").output)
    assert [(match["occurrence"], match["places"], match["truncated"]) for match in listed] == [
        (n, 3, False) for n in range(1, 4)
    ]


def test_locating_a_passage_at_overlapping_places_looks_at_the_article_about_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: a passage that overlaps itself was tried at every character and
    looked for again at each place it occurs, and every place was read whole (20,000 times "a "
    in an article of 200,000 ran out of memory after nearly four minutes). The searches of the
    article and of its loosened form count the characters they look at; the ten places listed
    are read once each."""
    store = store_citing_every_sentence(tmp_path, [[" ".join("a" * 2000)]], one_line=True)
    loaded = load_counting_scans(store, monkeypatch)
    loosened: list[str] = []

    def counted(text: str, quote: str) -> list[int]:
        loosened.append(text)
        return occurrences(Scanned(text), quote)

    monkeypatch.setattr(quotes, "occurrences", counted)
    Scanned.work = 0
    passage = "a " * 200
    matches = locate(loaded, passage)
    assert Scanned.work <= 4 * (len(loaded.sources[0].text) + 10 * len(passage))
    assert loosened == [" ".join("a" * 2000) + " "]  # the loose search is one scan, counted
    assert (len(matches), matches[0].places, matches[-1].quote) == (10, 1801, passage.strip())


def test_near_misses_are_looked_for_in_work_bounded_by_the_articles_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counted, not timed: a passage found nowhere, even loosely, is scored against each
    paragraph by rapidfuzz, whose work grows with the paragraph's length times the square of
    the passage's (20,000 times "a " and a "b" against one 400,000-character paragraph ran for
    over 300 s). Near misses are looked for only for a passage of up to MAX_FUZZY_PASSAGE
    characters, and each paragraph is scored at most twice, roughly and then aligned: at most
    twice the article's length times that squared."""
    from rapidfuzz import fuzz

    loaded = load_store(store_citing_every_sentence(tmp_path, [[" ".join("a" * 2000)]], one_line=True))
    scored: list[tuple[int, int]] = []

    def counting(scorer: Callable[..., Any]) -> Callable[..., Any]:
        def counted(needle: str, haystack: str, **options: Any) -> Any:
            scored.append((len(needle), len(haystack)))
            return scorer(needle, haystack, **options)

        return counted

    monkeypatch.setattr(fuzz, "partial_ratio", counting(fuzz.partial_ratio))
    monkeypatch.setattr(fuzz, "partial_ratio_alignment", counting(fuzz.partial_ratio_alignment))
    [near] = locate(loaded, "a " * 249 + "b")
    assert (near.start, near.end, near.score) == (0, 497, 99.9)
    assert max(needle for needle, _ in scored) == MAX_FUZZY_PASSAGE - 1
    assert sum(haystack for _, haystack in scored) <= 2 * len(loaded.sources[0].text)
    scored.clear()
    with pytest.raises(CurationError) as caught:
        locate(loaded, "a " * 250 + "b")
    assert scored == []
    assert str(caught.value) == (
        "not found in the sources, even loosely; near misses are looked for only for a passage of up to "
        "500 characters, and this one has 501: look for a shorter part of it"
    )


def test_a_passage_too_long_for_near_misses_says_so(tmp_path: Path, runner: CliRunner) -> None:
    store = store_citing_every_sentence(tmp_path, [[" ".join("a" * 20000)]], one_line=True)
    result = run(runner, store, "locate", "a " * 2000 + "b", "--json")
    assert (result.exit_code, result.output) == (1, (
        "Error: not found in the sources, even loosely; near misses are looked for only for a passage of up to "
        "500 characters, and this one has 4,001: look for a shorter part of it\n"
    ))
    found = json.loads(run(runner, store, "locate", "A " * 2000 + "A", "--json").output)
    assert [(match["start"], match["end"], match["places"]) for match in found[:1]] == [(0, 4001, 18000)]


def test_locate_nothing_and_empty(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["locate", "penguins of the antarctic shelf"])
    assert (result.exit_code, result.output) == (1, "Not found in the sources, even loosely.\n")
    result = runner.invoke(cli, ["locate", "  "])
    assert result.exit_code == 2
    assert result.output.endswith("Error: TEXT is empty\n")


# -- check ---------------------------------------------------------------------------------


def test_wrong_quote_marks_get_the_verbatim_text(real_store_copy: Path, runner: CliRunner) -> None:
    text = real_store_copy.read_text(encoding="utf-8")
    real_store_copy.write_text(
        text.replace("drop Ukraine’s long-standing goal", "drop Ukraine's long-standing goal", 1), encoding="utf-8"
    )
    result = run(runner, real_store_copy, "check")
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if "quote not found" in line]
    assert line.endswith(
        "quote not found verbatim in source 'zelenskyy-nato-shift': its quote marks or dashes differ from "
        "the article's; the article has \"President Volodymyr Zelenskyy indicated a willingness to drop Ukraine’s long-standing goal of "
        'joining the NATO military alliance"'
    ), line


def test_check_uncovered_lists_what_is_left(small_store: Path, runner: CliRunner) -> None:
    result = run(runner, small_store, "check", "--uncovered")
    assert (result.exit_code, result.output) == (0, "")
    text = small_store.read_text(encoding="utf-8")
    small_store.write_text(text.replace("quote: Kyiv rejects any loss of land.", "quote: Kyiv rejects"), encoding="utf-8")
    body = "Finland offered to host a follow-up round in Helsinki next month, officials said.\n"
    (small_store.parent / "extra.txt").write_text(body, encoding="utf-8")
    assert add(runner, small_store, small_store.parent / "extra.txt", "extra").exit_code == 0
    result = run(runner, small_store, "check", "--uncovered")
    assert result.output == (
        "extra paragraph 1, line 1 (paragraph): " + body.strip() + "\n"
    )
    result = run(runner, small_store, "check", "--uncovered", "--source", "extra", "--json")
    assert json.loads(result.output) == [
        {"source": "extra", "kind": "paragraph", "paragraph": 1, "line": 1, "text": body.strip()}
    ]


def test_source_needs_uncovered(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--source", "zelenskyy-nato-shift"])
    assert result.exit_code == 2
    assert result.output.endswith("Error: --source goes with --uncovered\n")


# -- a sixth article, end to end ---------------------------------------------------------

HAND_WRITTEN_CLAIMS = """\
  - id: finland-offers-to-host-follow-up-round
    kind: offer
    topics: [talks]
    text: Finland offered to host a follow-up round of talks in Helsinki next month.
    questions:
      - "Where will the next round of talks be held?"
      - "who offered to host more talks"
      - "helsinki follow-up round"
    citations:
{finland}
  - id: russia-wants-clarity-on-sanctions-relief-before-ceasefire
    actor: russia
    kind: demand
    topics: [sanctions, ceasefire]
    text: Russia wants clarity on sanctions relief before any ceasefire is discussed.
    questions:
      - "Will Moscow talk truce before sanctions are eased?"
      - "russia sanctions condition for ceasefire"
      - "What must Russia know about sanctions first?"
    citations:
{sanctions}
  - id: ukraine-will-not-recognise-russian-claim-to-occupied-regions
    actor: ukraine
    kind: rejection
    topics: [territory]
    text: Ukraine will not sign any text that recognises Russia's claim to the occupied regions.
    questions:
      - "Will Kyiv accept Russian rule over the occupied areas?"
      - "ukraine refuses to recognise annexed regions"
      - "Would Ukraine sign a deal that gives up occupied land?"
    citations:
{territory}
"""
ORIGINAL_QUESTIONS = ["What does Russia demand?", "Will Ukraine drop its NATO bid?", "Who are the US envoys?"]
NEW_CLAIM_IDS = {
    "finland-offers-to-host-follow-up-round",
    "russia-wants-clarity-on-sanctions-relief-before-ceasefire",
    "ukraine-will-not-recognise-russian-claim-to-occupied-regions",
}


def test_curating_a_sixth_article_end_to_end(real_store_copy: Path, runner: CliRunner) -> None:
    before = {question: run(runner, real_store_copy, "ask", question, "--json").output for question in ORIGINAL_QUESTIONS}
    added = run(runner, real_store_copy, "add-source", str(ARTICLE), "--id", "berlin-second-day", "--title", TITLE)
    assert added.exit_code == 0, added.output
    uncovered = run(runner, real_store_copy, "check", "--uncovered", "--source", "berlin-second-day", "--json")
    assert [item["paragraph"] for item in json.loads(uncovered.output)] == [2, 3, 4]  # the heading is not counted

    def citation(passage: str) -> str:
        located = run(runner, real_store_copy, "locate", passage, "--source", "berlin-second-day", "--yaml")
        assert located.exit_code == 0, located.output
        return "\n".join("      " + line for line in located.output.splitlines())

    claims = HAND_WRITTEN_CLAIMS.format(
        finland=citation("Finland offered to host a follow-up round in Helsinki next month"),
        # typed with straight quotes and a plain dash, as on a keyboard
        sanctions=citation('Moscow wanted "clarity" on sanctions relief before any ceasefire could be discussed'),
        territory=citation("Kyiv would not sign any text that recognises Russia's claim to the occupied regions"),
    )
    assert '“clarity”' in claims and "Russia’s claim" in claims
    text = real_store_copy.read_text(encoding="utf-8")
    marker = "\n# ---------------------------------------------------------------------------\n# Sticking points"
    real_store_copy.write_text(text.replace(marker, "\n" + claims + marker, 1), encoding="utf-8")

    checked = run(runner, real_store_copy, "check")
    assert checked.exit_code == 0, checked.output
    left = run(runner, real_store_copy, "check", "--uncovered", "--source", "berlin-second-day")
    assert left.output.startswith("berlin-second-day paragraph 2, line 2 (sentence): Negotiators returned to Berlin")
    answer = json.loads(run(runner, real_store_copy, "ask", "What does Russia want on sanctions relief?", "--json").output)
    top = answer["answers"][0]
    assert top["claim_id"] == "russia-wants-clarity-on-sanctions-relief-before-ceasefire"
    assert top["citations"][0]["source"] == "seeds/berlin_second_day.txt"
    assert top["citations"][0]["quote"] == (
        "Moscow wanted “clarity” on sanctions relief before any ceasefire could be discussed"
    )
    after = {question: run(runner, real_store_copy, "ask", question, "--json").output for question in ORIGINAL_QUESTIONS}
    for question in ORIGINAL_QUESTIONS:
        # A new claim may join the answers (Russia's new demand does); those from the five
        # articles keep their order and their citations.
        old, new = (json.loads(output)["answers"] for output in (before[question], after[question]))
        kept = [answer for answer in new if answer["claim_id"] not in NEW_CLAIM_IDS]
        assert [answer["claim_id"] for answer in kept] == [answer["claim_id"] for answer in old[: len(kept)]]
        assert [answer["citations"] for answer in kept] == [answer["citations"] for answer in old[: len(kept)]]


# -- the README's walkthrough is the tool's real output --------------------------------------


def _walkthrough() -> tuple[list[tuple[str, str]], str]:
    """The README's curation walkthrough: each console command with the output shown under it,
    and the claim it writes by hand."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Adding a source and curating claims") :]
    section = section[: section.index("\n## ")]
    steps = []
    for block in re.findall(r"```console\n(.*?)```", section, re.S):
        block = textwrap.dedent(block).replace("\\\n", "")
        for command in re.split(r"^\$ ", block, flags=re.M)[1:]:
            line, _, output = command.partition("\n")
            steps.append((line, output))
    [(indent, claim)] = re.findall(r"^( *)```yaml\n(.*?)```", section, re.S | re.M)
    return steps, re.sub(f"^{indent}", "", claim, flags=re.M)


def test_the_readme_walkthrough_is_real_output(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """From `init` in an empty folder (the home the README shows is this test's folder) to a
    question answered from the new claim."""
    monkeypatch.chdir(tmp_path)
    steps, claim = _walkthrough()
    verbatim = "Moscow wanted “clarity” on sanctions relief before any ceasefire could be discussed"
    assert verbatim in claim
    typed = json.dumps(fold(verbatim))[1:-1]  # as typed on a keyboard, before locate was asked
    marker = "\n# ---------------------------------------------------------------------------\n# Sticking points"
    store = tmp_path / "my-store" / "data" / "claims.yaml"
    assert len(steps) == 10
    assert steps[1] == ("cd my-store", "")
    text = ""  # the store as add-source leaves it, read after step 6
    for number, (command, shown) in enumerate(steps):
        if number == 1:
            monkeypatch.chdir("my-store")
            shutil.copy(ARTICLE, "berlin_second_day.txt")
            continue
        if number == 7:
            store.write_text(text.replace(marker, "\n" + claim.replace(verbatim, typed) + marker, 1), "utf-8")
        if number == 8:
            store.write_text(text.replace(marker, "\n" + claim + marker, 1), "utf-8")
        arguments = shlex.split(command.removesuffix(" | head -3"))
        assert arguments[0] == "berlintalks"
        output = runner.invoke(cli, arguments[1:]).output
        if command.endswith("| head -3"):
            output = "".join(output.splitlines(keepends=True)[:3])
        assert output == shown.replace("/home/you", str(tmp_path)), command
        if number == 6:
            text = store.read_text(encoding="utf-8")
