"""Word knowledge from maintained packages: the English dictionary, stems and word vectors."""

from __future__ import annotations

import pytest

from berlintalks import english, vectors
from berlintalks.text import concept, fold, stem


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


def test_ranks_follow_the_dictionary_order() -> None:
    assert english.words(3) == ["the", "of", "and"]
    assert english.rank("the") == 0 and english.rank("and") == 2
    assert english.ranks(3) == {"the": 0, "of": 1, "and": 2}
    assert english.rank("frm") is None


@pytest.mark.parametrize(("first", "second"), [("ceding", "cede"), ("guarantees", "guarantee"), ("invaded", "invade")])
def test_snowball_stems_bring_word_forms_together(first: str, second: str) -> None:
    assert stem(first) == stem(second)
    assert concept(first) == concept(second)


def test_fold_drops_accents_apostrophes_and_format_characters() -> None:
    assert fold("Kyïv’s \u202erussia\u202c zel\u200benskyy") == "kyiv russia zelenskyy"


def test_word_vectors_put_words_of_one_meaning_close() -> None:
    def similarity(first: str, second: str) -> float:
        one, two = (vectors.vector(english.rank(word)) for word in (first, second))
        assert one is not None and two is not None
        return vectors.similarity(one, two)

    assert similarity("invaded", "invasion") > similarity("invaded", "recipe")
    assert similarity("troops", "forces") > similarity("troops", "weather")
    assert vectors.vector(vectors.size()) is None
