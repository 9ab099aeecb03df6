"""Word-level text handling shared by the query layer: folding, tokens, stems, and what a
passage gives (a time, a date, a number, a reason, a place)."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """A pattern compiled when first used: only a question that asks for a time, a date, a number,
    a reason or a place needs these, and only for the claims it scores."""
    return functools.cache(lambda: re.compile(pattern))


_APOSTROPHE_S = re.compile(r"['’‘`´]s\b")
_APOSTROPHE = re.compile(r"['’‘`´]")
_TOKEN = re.compile(r"[a-z0-9]+")
_INITIALISM = re.compile(r"\b(?:[a-z]\.){2,}")
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|\w+(?:['’]\w+)*")
_TIME = _lazy(
    r"\b(?:1[89]\d\d|20\d\d|\d{4}s|january|february|march|april|may|june|july|august|september|october|"
    r"november|december|week|weeks|month|months|year|years|decade|decades|day|days|hour|hours|since|century|today)\b"
)
_DATE = _lazy(
    r"\b(?:january|february|march|april|june|july|august|september|october|november|december|"
    r"\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})\b"
)
_QUANTITY = _lazy(
    r"\b(?:(?!(?:1[89]|20)\d\d\b)\d[\d,.]*|hundreds?|thousands?|millions?|billions?|dozens?|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|percent)\b"
)


def fold(text: str) -> str:
    """Lower case without accents, format characters or apostrophes: the form all matching works on."""
    plain = text.casefold()
    if not plain.isascii():
        # Accents go, and so do format characters: a zero-width space inside "russ\u200bia" is unseen.
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(
            char for char in decomposed if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
        )
    if plain.count(".") >= 2:  # an initialism has two dots at least; most sentences have one
        plain = _INITIALISM.sub(lambda match: match.group().replace(".", ""), plain)
    if _APOSTROPHE.search(plain):
        plain = _APOSTROPHE.sub("", _APOSTROPHE_S.sub("", plain))
    return plain


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def token_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Each word of ``text`` with its offsets in ``text`` itself (not the folded form)."""
    for match in _WORD.finditer(text):
        folded = tokens(match.group())
        if folded:
            yield match.start(), match.end(), folded[0]


@functools.cache
def stem(word: str) -> str:
    """Snowball's English stem (PyStemmer): "ceding" and "cede", "guarantees" and "guarantee"."""
    return _stemmer()(word)


@functools.cache
def _stemmer() -> Callable[[str], str]:
    import Stemmer  # only where words are stemmed, as in reading a question: a listing never is

    return Stemmer.Stemmer("english").stemWord


def mentions_time(text: str) -> bool:
    """``text`` speaks of a time: a year, a month, weeks ..."""
    return _TIME().search(fold(text)) is not None


_REASON = _lazy(
    r"\b(?:because|due to|owing to|as a result|aimed at|aims? to|in order to|so as to|in exchange for|"
    r"stem(?:s|med)? from|driven by|reflecting|as a means|for fear|amid|given that|as they|as it)\b"
)


_PLACE = _lazy(r"\b(?:in|at|from|to|near|outside|inside)\s+(?:the\s+)?[A-Z][a-z]")


def names_place(text: str) -> bool:
    """``text`` says where: "in Berlin", "at the White House" (it reads the capitals as written)."""
    return _PLACE().search(text) is not None


def gives_reason(text: str) -> bool:
    """``text`` says why something is so."""
    return _REASON().search(fold(text)) is not None


def mentions_date(text: str) -> bool:
    """``text`` gives a calendar date or month, not just a year."""
    return _DATE().search(fold(text)) is not None


#: How many words from a number the thing it counts may be ("10,000 troops", "thousands of civilian casualties").
QUANTITY_REACH = 4


def counts_any(text: str, stems: Collection[str]) -> bool:
    """``text`` gives a number or an amount (years aside) of something whose stem is one of
    ``stems``: a number within a few words of it."""
    words = tokens(text)
    quantity = _QUANTITY()
    return any(
        quantity.fullmatch(word) and any(stem(near) in stems for near in words[max(0, at - QUANTITY_REACH) : at + QUANTITY_REACH + 1])
        for at, word in enumerate(words)
    )
