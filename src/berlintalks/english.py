"""What a word is in English at large, from symspellpy's frequency dictionary.

symspellpy ships an English word list ranked by frequency (82,765 words from Google Books
n-grams, MIT). It tells a real word from a typo, and an everyday word from a rare one,
whatever the store holds. The list is read as one string and searched in place: building a
set of 82,765 words would cost more than the rest of an answer, and a question needs a few
dozen look-ups at most, each word's remembered.
"""

from __future__ import annotations

import functools
import importlib.util
import os

#: Words ranked above this are everyday English: too common to be what a question is about.
COMMON_RANK = 5000


@functools.cache
def _dictionary() -> tuple[str, int]:
    """The dictionary ("word count" lines, most frequent first) and where its everyday words end."""
    spec = importlib.util.find_spec("symspellpy")
    assert spec is not None and spec.origin is not None, "symspellpy is a dependency"
    path = os.path.join(os.path.dirname(spec.origin), "frequency_dictionary_en_82_765.txt")
    with open(path, encoding="utf-8") as handle:
        text = "\n" + handle.read()
    common_end = len("\n".join(text.split("\n", COMMON_RANK + 1)[: COMMON_RANK + 1]))
    return text, common_end


@functools.lru_cache(maxsize=4096)  # a question's word is looked up for its count, as a word, as common
def _position(word: str) -> int:
    text, _ = _dictionary()
    return text.find(f"\n{word} ") if word.isalpha() else -1


@functools.cache
def is_word(word: str) -> bool:
    """``word`` (lower case) is an English word, not a misspelling."""
    return _position(word) >= 0


@functools.cache
def is_common(word: str) -> bool:
    """``word`` (lower case) is among the most frequent English words."""
    position = _position(word)
    return 0 <= position < _dictionary()[1]


def words(limit: int | None = None) -> list[str]:
    """The dictionary's words, most frequent first; the first ``limit`` of them if given."""
    lines = _dictionary()[0].split("\n", limit + 1 if limit else -1)[1 : limit + 1 if limit else None]
    return [line.split(" ", 1)[0] for line in lines if line]


@functools.cache
def common_words() -> list[str]:
    """The everyday words, most frequent first."""
    return words(COMMON_RANK)


def count(word: str) -> int:
    """How often ``word`` (lower case) occurs in the dictionary's corpus; 0 if it is not a word."""
    position = _position(word)
    if position < 0:
        return 0
    text = _dictionary()[0]
    start = position + len(word) + 2
    return int(text[start : text.index("\n", start)])


@functools.cache
def chat_forms() -> dict[str, list[str]]:
    """Chat spellings and contractions ("ppl", "wanna", "won't") with the words they stand for,
    folded as a question's words are, from the lists the contractions package ships (MIT).

    Folding drops apostrophes, so a contraction that folds into a word of its own ("we're" into
    "were", "she'd" into "shed") is left out: the word is likelier. Chat spellings that the
    dictionary also lists ("wanna", "gonna") stay."""
    import json  # only when a store is indexed

    from .text import tokens

    spec = importlib.util.find_spec("contractions")
    assert spec is not None and spec.origin is not None, "contractions is a dependency"
    folder = os.path.join(os.path.dirname(spec.origin), "data")
    forms: dict[str, list[str]] = {}
    for name in ("contractions_dict.json", "leftovers_dict.json", "slang_dict.json"):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            for short, long in json.load(handle).items():
                typed = tokens(short)
                elided = any(mark in short for mark in "'’")
                if len(typed) == 1 and not (elided and len(typed[0]) > 1 and is_word(typed[0])):
                    forms.setdefault(typed[0], tokens(long))
    return forms
