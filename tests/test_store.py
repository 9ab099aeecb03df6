"""Loading and validating a store: every problem reported once, on one line, with FILE:LINE."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from berlintalks import store as store_module
from berlintalks.check import check_report
from berlintalks.errors import StoreError
from berlintalks.model import ClaimKind, Store
from berlintalks.store import load_store
from conftest import SOURCE_TEXT


def problems_after(store: Path, old: str, new: str) -> list[str]:
    text = store.read_text(encoding="utf-8")
    assert old in text, old
    store.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        load_store(store)
    return [problem.replace(str(store), "STORE") for problem in caught.value.problems]


def test_small_store_loads_and_resolves_citations(small_store: Path) -> None:
    store = load_store(small_store)
    assert [claim.id for claim in store.claims] == [
        "russia-demands-territory",
        "ukraine-rejects-land-loss",
        "us-offers-guarantees",
    ]
    citation = store.claim_by_id["ukraine-rejects-land-loss"].citations[0]
    assert (citation.line, citation.paragraph) == (2, 2)
    assert store.source_by_id["talks"].text[citation.start : citation.end] == citation.quote
    assert store.claim_by_id["russia-demands-territory"].kind is ClaimKind.DEMAND
    assert store.sources[0].path == "talks.txt"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "kind: demand",
            "kind: wish",
            [
                "STORE:29: claim 'russia-demands-territory': field 'kind' must be one of demand, goal, offer, "
                "proposal, concession, rejection, position, commitment, role, assessment, event, fact, not 'wish'"
            ],
        ),
        (
            "    actor: russia\n    kind: demand",
            "    actor: russsia\n    kind: demand",
            ["STORE:28: claim 'russia-demands-territory': unknown actor 'russsia'"],
        ),
        (
            "topics: [territory]\n    text: Russia",
            "topics: [land]\n    text: Russia",
            ["STORE:30: claim 'russia-demands-territory': unknown topic 'land'"],
        ),
        (
            "quote: Moscow is demanding that Ukraine cede occupied territories.",
            "quote: Moscow demands that Ukraine cede occupied territories.",
            [
                "STORE:35: claim 'russia-demands-territory' citation 1: quote not found verbatim in source "
                "'talks': 'Moscow demands that Ukraine cede occupied territories.'"
            ],
        ),
        (
            "quote: Kyiv rejects any loss of land.",
            "quote: Ukraine",
            ["STORE:44: claim 'ukraine-rejects-land-loss' citation 1: quote occurs 2 times in source 'talks'; say which with 'occurrence: 1' to '2'"],
        ),
        (
            "quote: Kyiv rejects any loss of land.",
            "quote: Kyiv rejects any loss of land.\n        occurrence: 2",
            ["STORE:45: claim 'ukraine-rejects-land-loss' citation 1: occurrence 2 but the quote occurs 1 time in source 'talks'"],
        ),
        (
            "      - source: talks\n        quote: Kyiv",
            "      - source: news\n        quote: Kyiv",
            ["STORE:43: claim 'ukraine-rejects-land-loss' citation 1: unknown source 'news'"],
        ),
        (
            "  - id: ukraine-rejects-land-loss",
            "  - id: russia-demands-territory",
            ["STORE:36: claim 'russia-demands-territory': duplicate claim id (first at line 27)",
             "STORE:64: sticking point 'territory' position 2: unknown claim 'ukraine-rejects-land-loss'"],
        ),
        (
            "    text: Ukraine rejects any loss of land.",
            "    text: Ukraine rejects any loss of land.\n    note: extra",
            ["STORE:41: claim 'ukraine-rejects-land-loss': unknown field 'note' (expected id, actor, kind, topics, text, questions, citations, differs_from)"],
        ),
        (
            "    text: Ukraine rejects any loss of land.\n",
            "",
            ["STORE:36: claim 'ukraine-rejects-land-loss': missing field 'text'"],
        ),
        (
            "  - id: ukraine-rejects-land-loss",
            "  - id: 12",
            ["STORE:36: claim #2: field 'id' must be a string id, not a number (12)",
             "STORE:64: sticking point 'territory' position 2: unknown claim 'ukraine-rejects-land-loss'"],
        ),
        (
            "    text: Ukraine rejects any loss of land.",
            "    text: yes",
            ["STORE:40: claim 'ukraine-rejects-land-loss': field 'text' must be a non-empty string, not a boolean (true)"],
        ),
        (
            "    text: Ukraine rejects any loss of land.",
            "    text: null",
            ["STORE:40: claim 'ukraine-rejects-land-loss': field 'text' must be a non-empty string, not null"],
        ),
        (
            "    topics: [security-guarantees]",
            "    topics: []",
            ["STORE:48: claim 'us-offers-guarantees': field 'topics' must not be empty"],
        ),
        (
            "claims: [russia-demands-territory]",
            "claims: [russia-wants-land]",
            ["STORE:61: sticking point 'territory' position 1: unknown claim 'russia-wants-land'"],
        ),
        (
            "      - party: ukraine",
            "      - party: kyiv",
            ["STORE:62: sticking point 'territory' position 2: unknown party 'kyiv'"],
        ),
        (
            "    topic: territory\n    positions",
            "    topic: borders\n    positions",
            ["STORE:57: sticking point 'territory': unknown topic 'borders'"],
        ),
        (
            "    kind: state\n    aliases: [Kyiv]",
            "    kind: state\n    affiliation: europe\n    aliases: [Kyiv]",
            ["STORE:14: actor 'ukraine': unknown affiliation actor 'europe'"],
        ),
        (
            "    kind: state\n    aliases: [Kyiv]",
            "    kind: country\n    aliases: [Kyiv]",
            ["STORE:13: actor 'ukraine': field 'kind' must be one of state, bloc, alliance, person, group, not 'country'"],
        ),
        (
            "    path: talks.txt",
            "    path: missing.txt",
            ["STORE:3: source 'talks': missing.txt: no such source file"],
        ),
        (
            "    title: Talks in Berlin\n",
            "    title: Talks in Berlin\n    year: 2025\n",
            ["STORE:5: source 'talks': unknown field 'year' (expected id, path, title, supplied_title, sha256)"],
        ),
        (
            "sticking_points:",
            "notes: []\nsticking_points:",
            ["STORE:54: the store: unknown field 'notes' (expected sources, actors, topics, claims, sticking_points)"],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_each_problem_is_one_line_with_file_line_and_entry(
    small_store: Path, old: str, new: str, expected: list[str]
) -> None:
    assert problems_after(small_store, old, new) == expected


UKRAINE_QUESTIONS = "    questions: [Does Ukraine accept losing land?, what does kyiv reject, ukraine land refusal]\n"
US_QUESTIONS = "    questions: [What did the United States offer Ukraine?, will washington protect kyiv, us guarantees offer]\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            UKRAINE_QUESTIONS,
            "    questions: [Does Ukraine accept losing land?, what does kyiv reject]\n",
            ["STORE:41: claim 'ukraine-rejects-land-loss': 2 questions; write at least 3 a reader would ask that this "
             "claim answers"],
        ),
        (
            UKRAINE_QUESTIONS,
            "",
            ["STORE:36: claim 'ukraine-rejects-land-loss': 0 questions; write at least 3 a reader would ask that this "
             "claim answers"],
        ),
        (
            US_QUESTIONS,
            "    questions: [What did the United States offer Ukraine?, what does KYIV Reject, us guarantees offer]\n",
            ["STORE:50: claim 'us-offers-guarantees': question 2 'what does KYIV Reject' is also claim "
             "'ukraine-rejects-land-loss''s (line 41); a question names one claim"],
        ),
        (
            UKRAINE_QUESTIONS,
            '    questions: [Does Ukraine accept losing land?, "what does \\u202ekyiv reject", ukraine land refusal]\n',
            ["STORE:41: claim 'ukraine-rejects-land-loss': field 'questions' item 2 holds U+202E, a control or "
             "invisible character; remove it"],
        ),
    ],
    ids=["two questions", "no questions", "a question under two claims", "a control character in a question"],
)
def test_each_claim_carries_three_questions_of_its_own(small_store: Path, old: str, new: str, expected: list[str]) -> None:
    assert problems_after(small_store, old, new) == expected


def test_all_problems_are_reported_not_just_the_first(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8")
    text = text.replace("kind: demand", "kind: wish").replace("actor: ukraine", "actor: kyiv")
    small_store.write_text(text, encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        load_store(small_store)
    assert len(caught.value.problems) == 2


def test_an_edited_source_is_caught_by_its_checksum_and_its_quotes_checked(small_store: Path) -> None:
    (small_store.parent / "talks.txt").write_text("Moscow is demanding that Ukraine cede occupied territories.\n")
    with pytest.raises(StoreError) as caught:
        load_store(small_store)
    changed, *quotes = caught.value.problems
    assert changed.startswith(f"{small_store}:5: source 'talks': talks.txt has changed since it was curated (sha256 is ")
    assert quotes == [
        f"{small_store}:44: claim 'ukraine-rejects-land-loss' citation 1: quote not found verbatim in source 'talks': "
        "'Kyiv rejects any loss of land.'",
        f"{small_store}:53: claim 'us-offers-guarantees' citation 1: quote not found verbatim in source 'talks': "
        "'The United States offered security guarantees to Ukraine.'",
    ]


def bad_quote(line: int, claim: str = "ukraine-rejects-land-loss") -> str:
    return f"STORE:{line}: claim {claim!r} citation 1: quote not found verbatim in source 'talks': 'Kyiv rejects any loss of sea.'"


@pytest.mark.parametrize(
    ("old", "new", "structural", "quote_line"),
    [
        ("    title: Talks in Berlin\n", "", "STORE:2: source 'talks': missing field 'title'", 43),
        ("    title: Talks in Berlin\n", "    title: [a]\n", "STORE:4: source 'talks': field 'title' must be a non-empty string, not a list", 44),
        ("sources:\n", "extra: 1\nsources:\n", "STORE:1: the store: unknown field 'extra' (expected sources, actors, topics, claims, sticking_points)", 45),
        ("claims:\n", "claims:\n  - just a string\n", "STORE:27: claim #1 must be a mapping, not 'just a string'", 45),
        ("    topic: territory\n    positions:", "    topic: 5\n    positions:", "STORE:57: sticking point 'territory': field 'topic' must be a string id, not a number (5)", 44),
    ],
    ids=["source without a title", "source with a bad title", "unknown section", "a claim not a mapping", "bad sticking point"],
)
def test_a_bad_quote_is_reported_beside_a_structural_problem_elsewhere(
    small_store: Path, old: str, new: str, structural: str, quote_line: int
) -> None:
    text = small_store.read_text(encoding="utf-8").replace("loss of land.\n", "loss of sea.\n")
    small_store.write_text(text, encoding="utf-8")
    assert sorted(problems_after(small_store, old, new)) == sorted([structural, bad_quote(quote_line)])


def test_the_quotes_of_a_claim_with_a_duplicate_id_are_checked(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8").replace("loss of land.\n", "loss of sea.\n")
    small_store.write_text(text, encoding="utf-8")
    assert problems_after(small_store, "  - id: ukraine-rejects-land-loss", "  - id: russia-demands-territory") == [
        "STORE:36: claim 'russia-demands-territory': duplicate claim id (first at line 27)",
        bad_quote(44, "russia-demands-territory"),
        "STORE:64: sticking point 'territory' position 2: unknown claim 'ukraine-rejects-land-loss'",
    ]


def test_sources_resolve_relative_to_the_store_file(small_store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert len(load_store(small_store).claims) == 3


def test_a_title_the_curator_supplied_is_marked_and_must_be_a_boolean(small_store: Path) -> None:
    assert load_store(small_store).sources[0].supplied_title is False
    text = small_store.read_text(encoding="utf-8")
    small_store.write_text(text.replace("    title: Talks in Berlin\n", "    title: Talks in Berlin\n    supplied_title: true\n"))
    assert load_store(small_store).sources[0].supplied_title is True
    small_store.write_text(text.replace("    title: Talks in Berlin\n", "    title: Talks in Berlin\n    supplied_title: yes please\n"))
    assert problems_after(small_store, "", "") == [
        "STORE:5: source 'talks': field 'supplied_title' must be true or false, not 'yes please'"
    ]


def replace_source(small_store: Path, text: str) -> None:
    """Give the small store's article new content, its checksum recorded in the store."""
    (small_store.parent / "talks.txt").write_bytes(text.encode("utf-8"))
    store_text = small_store.read_text(encoding="utf-8")
    old = hashlib.sha256(SOURCE_TEXT.encode()).hexdigest()
    small_store.write_text(store_text.replace(old, hashlib.sha256(text.encode()).hexdigest()), encoding="utf-8")


@pytest.mark.parametrize("path", ["/etc/passwd", "../../etc/passwd", "link-out.txt"])
def test_a_source_outside_the_stores_folder_tree_is_refused_unread(small_store: Path, tmp_path: Path, path: str) -> None:
    (small_store.parent / "link-out.txt").symlink_to("/etc/passwd")
    assert problems_after(small_store, "path: talks.txt", f"path: {path}") == [
        f"STORE:3: source 'talks': {path}: leads outside {tmp_path.resolve()}; "
        "a source must lie in the store's folder or in a folder beside it"
    ]


#: Swaps NAME for a link to TARGET and back as fast as it can, until it is stopped.
SWAPPER = """
import os, sys
name, target = sys.argv[1], sys.argv[2]
real, link = name + ".real", name + ".link"
os.link(name, real)
while True:
    os.symlink(target, link)
    os.replace(link, name)
    os.link(real, link)
    os.replace(link, name)
"""


def test_an_article_swapped_for_a_link_out_while_it_is_read_is_never_read_outside(small_store: Path,
                                                                                  tmp_path: Path) -> None:
    # The bound is the folder holding the store's folder: the secret lies outside it.
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("the secret\n", encoding="utf-8")
    leaked = hashlib.sha256(secret.read_bytes()).hexdigest()[:12]
    folder = tmp_path / "deep"
    folder.mkdir()
    store = folder / "store"
    small_store.parent.rename(store)
    swapper = subprocess.Popen([sys.executable, "-c", SWAPPER, str(store / "talks.txt"), str(secret)])
    outcomes = set()
    try:
        for _ in range(300):
            try:
                load_store(store / "claims.yaml")
                outcomes.add("loaded")
            except StoreError as error:
                assert not [problem for problem in error.problems if leaked in problem], error.problems
                outcomes.add(re.sub(r"^.*?: source 'talks': ", "", error.problems[0]))
    finally:
        swapper.kill()
        swapper.wait()
        secret.unlink()
    assert outcomes <= {
        "loaded",
        "talks.txt: no such source file",
        "talks.txt: cannot read the source file: Invalid argument",  # read as a link the moment it was not one
        f"talks.txt: leads outside {folder.resolve()}; a source must lie in the store's folder or in a folder beside it",
    }, outcomes


def test_a_source_in_a_folder_beside_the_stores_folder_is_read(small_store: Path, tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (small_store.parent / "talks.txt").rename(tmp_path / "seeds" / "talks.txt")
    text = small_store.read_text(encoding="utf-8")
    small_store.write_text(text.replace("path: talks.txt", "path: ../seeds/talks.txt"), encoding="utf-8")
    assert load_store(small_store).sources[0].path == "seeds/talks.txt"


@pytest.mark.parametrize(
    ("written", "read_as"), [("010", "8"), ("12:30", "750"), ("0x2", "2"), ("1_0", "10")]
)
def test_numbers_are_plain_decimals_not_yaml_11_octal_or_base_60(small_store: Path, written: str, read_as: str) -> None:
    old = "quote: Kyiv rejects any loss of land.\n"
    assert problems_after(small_store, old, f"{old}        occurrence: {written}\n") == [
        f"STORE:45:21: {written!r} is not a plain decimal number: YAML 1.1 would read it as {read_as}; "
        "write whole numbers without a leading zero, or quote text"
    ]


def test_the_quotes_of_a_claim_with_a_bad_field_are_still_checked(small_store: Path) -> None:
    text = small_store.read_text(encoding="utf-8").replace("kind: demand", "kind: wish")
    small_store.write_text(text, encoding="utf-8")
    assert problems_after(small_store, "quote: Moscow is demanding", "quote: Moscow demands") == [
        "STORE:29: claim 'russia-demands-territory': field 'kind' must be one of demand, goal, offer, "
        "proposal, concession, rejection, position, commitment, role, assessment, event, fact, not 'wish'",
        "STORE:35: claim 'russia-demands-territory' citation 1: quote not found verbatim in source 'talks': "
        "'Moscow demands that Ukraine cede occupied territories.'",
    ]


@pytest.mark.parametrize(
    "quote",
    ['" Kyiv rejects any loss of land."', '"\\nThe United States offered"', '"Kyiv rejects any loss of land.\\n"'],
)
def test_a_quote_that_begins_or_ends_with_white_space_is_refused(small_store: Path, quote: str) -> None:
    assert problems_after(small_store, "quote: Kyiv rejects any loss of land.", f"quote: {quote}") == [
        "STORE:44: claim 'ukraine-rejects-land-loss' citation 1: quote begins or ends with white space; "
        "quote from the first character to the last"
    ]


@pytest.mark.parametrize("line_break", ["\r", "\r\n"])
def test_carriage_return_line_endings_number_lines_and_paragraphs(small_store: Path, line_break: str) -> None:
    replace_source(small_store, SOURCE_TEXT.replace("\n", line_break))
    citation = load_store(small_store).claim_by_id["us-offers-guarantees"].citations[0]
    assert (citation.line, citation.paragraph) == (3, 3)


def test_a_line_separator_or_form_feed_does_not_break_a_line(small_store: Path) -> None:
    replace_source(small_store, SOURCE_TEXT.replace("Talks in Berlin", "Talks in\x0cBerlin\u2028"))
    citation = load_store(small_store).claim_by_id["us-offers-guarantees"].citations[0]
    assert (citation.line, citation.paragraph) == (3, 3)


def test_a_store_in_a_top_level_folder_cites_only_what_lies_in_that_folder(small_store: Path) -> None:
    """The folder holding a top-level folder is the file system's root: were it the bound, any file could be cited."""
    top = Path(small_store.anchor, small_store.parts[1])
    passwords = Path("/etc/passwd").read_bytes()
    first_line = passwords.decode("utf-8").splitlines()[0]
    text = (
        small_store.read_text(encoding="utf-8")
        .replace("path: talks.txt", "path: /etc/passwd")
        .replace(hashlib.sha256(SOURCE_TEXT.encode()).hexdigest(), hashlib.sha256(passwords).hexdigest())
        .replace("quote: Kyiv rejects any loss of land.", f"quote: {json.dumps(first_line)}")
    )
    result = subprocess.run(
        [sys.executable, "-m", "berlintalks", "--data", "/dev/stdin", "cite", "ukraine-rejects-land-loss"],
        input=text.encode("utf-8"),
        cwd=top,
        capture_output=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (1, b"")
    assert result.stderr.decode().splitlines()[0] == (
        f"Error: /dev/stdin:3: source 'talks': /etc/passwd: leads outside {top}; "
        "a source must lie in the store's folder or in a folder beside it"
    )


# -- work that grows with the store: counted, not timed --------------------------------------


def store_citing_every_sentence(folder: Path, articles: list[list[str]], *, one_line: bool) -> Path:
    """A valid store of the articles (each a list of sentences) with one claim quoting each sentence."""
    sources, claims = [], []
    for number, sentences in enumerate(articles):
        text = (" " if one_line else "\n").join(sentences) + "\n"
        (folder / f"article-{number}.txt").write_text(text, encoding="utf-8")
        sha256 = hashlib.sha256(text.encode()).hexdigest()
        sources.append({"id": f"a{number}", "path": f"article-{number}.txt", "title": "T", "sha256": sha256})
        claims += [
            {"id": f"c{number}-{n}", "kind": "fact", "topics": ["t"], "text": "A claim.",
             "questions": [f"What does claim {number}-{n} say?", f"which sentence is {number} {n}",
                           f"claim {number} {n} words"],
             "citations": [{"source": f"a{number}", "quote": sentence}]}
            for n, sentence in enumerate(sentences)
        ]
    store = folder / "claims.yaml"
    # JSON is YAML in flow style.
    sections = {"sources": sources, "actors": [{"id": "x", "name": "X", "kind": "state"}],
                "topics": [{"id": "t", "name": "T"}], "claims": claims}
    store.write_text("\n".join(f"{key}: {json.dumps(value)}" for key, value in sections.items()), encoding="utf-8")
    return store


def sentences(count: int) -> list[str]:
    return [f"Sentence number {n} says something {n * 7 % 13} times." for n in range(count)]


class Scanned(str):
    """An article's text that tallies how many characters its searches and slices look at."""

    work = 0

    def find(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        found = super().find(sub, start, len(self) if end is None else end)
        Scanned.work += (len(self) if found < 0 else found + len(sub)) - start
        return found

    def count(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        Scanned.work += (len(self) if end is None else end) - start
        return super().count(sub, start, len(self) if end is None else end)

    def startswith(self, prefix: str, start: int = 0, *end: int) -> bool:  # type: ignore[override]
        Scanned.work += len(prefix)
        return super().startswith(prefix, start, *end)

    def __getitem__(self, key: int | slice) -> str:  # type: ignore[override]
        found = super().__getitem__(key)
        Scanned.work += len(found)
        return found


def load_counting_scans(store: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """The store loaded with its articles' texts counting the characters looked at (Scanned.work)."""
    read = store_module.read_source

    def counted(*arguments: object, **keywords: object) -> tuple[bytes, str, str]:
        data, text, real = read(*arguments, **keywords)
        return data, Scanned(text), real

    monkeypatch.setattr(store_module, "read_source", counted)
    Scanned.work = 0
    return load_store(store)


def test_locating_quotes_looks_at_each_article_about_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each quote is found through one index of its article, not by a search through it: 30,000
    claims on one 2 MB article took 76 s to load."""
    store = store_citing_every_sentence(tmp_path, [sentences(400)], one_line=True)
    loaded = load_counting_scans(store, monkeypatch)
    assert len(loaded.claims) == 400
    article = loaded.sources[0].text
    assert Scanned.work <= 4 * (len(article) + sum(len(claim.citations[0].quote) for claim in loaded.claims))


def test_locating_quotes_in_a_paragraph_whose_words_share_their_first_letters_looks_at_it_about_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Words were indexed by their first six characters: when every word begins alike, each
    quote was tried at every word (30,000 claims on one 408 KB paragraph took 81 s)."""
    alike = [" ".join(f"commonword{n}x{k}" for k in range(6)) + "." for n in range(400)]
    store = store_citing_every_sentence(tmp_path, [alike], one_line=True)
    loaded = load_counting_scans(store, monkeypatch)
    article = loaded.sources[0].text
    assert Scanned.work <= 4 * (len(article) + sum(len(claim.citations[0].quote) for claim in loaded.claims))


def test_locating_a_quote_that_overlaps_itself_at_every_place_looks_at_the_article_about_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A quote whose words are all common was compared whole at each place its rarest word
    starts: 20,000 times "a " in an article of 200,000 times "a " read the quote at 200,000
    places (1.6 million times "a " took 9 s to check)."""
    store = store_citing_every_sentence(tmp_path, [[" ".join("a" * 2000)]], one_line=True)
    quote = " ".join("a" * 200)
    text = store.read_text(encoding="utf-8")
    store.write_text(text.replace(f'"quote": "{" ".join("a" * 2000)}"', f'"quote": "{quote}", "occurrence": 3'),
                     encoding="utf-8")
    loaded = load_counting_scans(store, monkeypatch)
    assert Scanned.work <= 4 * (len(loaded.sources[0].text) + len(quote))
    citation = loaded.claims[0].citations[0]
    assert (citation.quote, citation.start, citation.end) == (quote, 4, 4 + len(quote))


def test_quotes_not_found_search_an_article_loosely_a_bounded_number_of_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each quote not found was looked for loosely through the whole article, for the text it
    probably meant: 30,000 wrong quotes on a 464 KB article took about 215 s."""
    from berlintalks import quotes

    store = store_citing_every_sentence(tmp_path, [sentences(200)], one_line=True)
    text = store.read_text(encoding="utf-8").replace("Sentence number", "Sentence numero")
    store.write_text(text, encoding="utf-8")
    searched = []
    loose_finds = quotes.loose_finds
    monkeypatch.setattr(quotes, "loose_finds", lambda *arguments: searched.append(1) or loose_finds(*arguments))
    with pytest.raises(StoreError) as caught:
        load_store(store)
    assert len(caught.value.problems) == 200
    assert len(searched) == store_module.LOOSE_SEARCHES
    assert caught.value.problems[0].endswith("quote not found verbatim in source 'a0': 'Sentence numero 0 says something 0 times.'")
    assert caught.value.problems[-1].endswith(
        "quote not found verbatim in source 'a0': 'Sentence numero 199 says something 2 times.' "
        f"(not looked for loosely: over {store_module.LOOSE_SEARCHES} quotes of this source are not found)"
    )


def test_check_reads_the_claims_as_often_however_many_sources(tmp_path: Path) -> None:
    class Read(tuple):  # type: ignore[type-arg]
        times = 0

        def __iter__(self):  # type: ignore[no-untyped-def]
            Read.times += 1
            return super().__iter__()

    reads = []
    for count in (2, 40):
        folder = tmp_path / str(count)
        folder.mkdir()
        store = load_store(store_citing_every_sentence(folder, [sentences(1)] * count, one_line=False))
        store.claims = Read(store.claims)
        Read.times = 0
        check_report(store)
        reads.append(Read.times)
    assert reads[0] == reads[1]
