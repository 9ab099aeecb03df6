"""Word knowledge from maintained packages: the English dictionary, stems, chat spellings and
the word neighbours."""

from __future__ import annotations

import pytest

from berlintalks import english, neighbours
from berlintalks.text import fold, stem


@pytest.mark.parametrize(("word", "is_word", "is_common"), [
    ("damage", True, True),
    ("summarize", True, False),
    ("frm", False, False),
    ("witkoff", False, False),
    ("2022", False, False),
])
def test_the_dictionary_tells_words_from_typos_and_everyday_words_from_rare_ones(
    word: str, is_word: bool, is_common: bool
) -> None:
    assert (english.is_word(word), english.is_common(word)) == (is_word, is_common)


def test_the_neighbours_table_holds_the_dictionarys_words_in_its_order() -> None:
    assert english.words(3) == ["the", "of", "and"]
    words = english.words(neighbours.size())
    assert [neighbours.word(rank) for rank in (0, 2, len(words) - 1)] == [words[0], words[2], words[-1]]
    assert [neighbours.rank(word) for word in ("the", "and", words[-1])] == [0, 2, len(words) - 1]
    assert neighbours.rank("frm") is None and neighbours.rank("zzzzzz") is None


@pytest.mark.parametrize(("first", "second"), [("ceding", "cede"), ("guarantees", "guarantee"), ("invaded", "invade")])
def test_snowball_stems_bring_word_forms_together(first: str, second: str) -> None:
    assert stem(first) == stem(second)


def test_fold_drops_accents_apostrophes_and_format_characters() -> None:
    assert fold("Kyïv’s \u202erussia\u202c zel\u200benskyy") == "kyiv russia zelenskyy"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("The U.S. offered it.", "the us offered it."), ("Backed by the U.S.", "backed by the us"), ("Talks ended.", "talks ended.")],
)
def test_fold_writes_initialisms_without_their_dots(text: str, folded: str) -> None:
    assert fold(text) == folded


def _near(word: str) -> dict[str, float]:
    rank = neighbours.rank(word)
    assert rank is not None
    return {neighbours.word(other): similarity for other, similarity in neighbours.neighbours(rank)}


@pytest.mark.parametrize(
    ("word", "near"),
    [("invaded", "invasion"), ("troops", "soldiers"), ("controversial", "contentious"), ("hurt", "painful")],
)
def test_the_neighbours_hold_words_of_one_meaning(word: str, near: str) -> None:
    assert _near(word)[near] >= 0.6
    assert "recipe" not in _near(word)


def test_many_words_are_placed_at_once_as_one_by_one() -> None:
    words = ["the", "russia", "guarantees", "ceasefire", "kyiv", "frm", "zzzzzz", "café"]
    assert neighbours.ranks(words) == {word: rank for word in words if (rank := neighbours.rank(word)) is not None}
    assert set(neighbours.ranks(words)) == {"the", "russia", "guarantees", "ceasefire"}


def test_a_word_the_table_does_not_hold_has_no_neighbours() -> None:
    assert neighbours.neighbours(neighbours.size()) == []


@pytest.mark.parametrize(("word", "place"), [("china", True), ("turkey", True), ("putin", True), ("country", False), ("keen", False)])
def test_countries_and_their_peoples_are_marked_and_everyday_words_are_not(word: str, place: bool) -> None:
    assert (neighbours.rank(word) in neighbours.places()) == place


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("ppl", ["people"]), ("wanna", ["want", "to"]), ("dont", ["do", "not"]), ("u", ["you"])],
)
def test_chat_spellings_and_contractions_are_written_out(typed: str, meant: list[str]) -> None:
    assert english.chat_forms()[typed] == meant


@pytest.mark.parametrize("word", ["were", "well", "shed"])
def test_a_contraction_that_folds_into_a_word_is_left_to_the_word(word: str) -> None:
    assert word not in english.chat_forms()


def test_counts_come_from_the_dictionary() -> None:
    assert english.count("meeting") > 1000 * english.count("meting") > 0
    assert english.count("frm") == 0
