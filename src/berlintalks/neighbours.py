"""The word neighbours berlintalks ships (built by tools/word_neighbours.py): for each of the
most frequent English words, in the order of symspellpy's dictionary, the words nearest to it
in meaning, with how near (a cosine similarity from 0 to 1), and whether it names a country
or its people; and the words themselves, so that a word's place is found without reading the
dictionary.

Read in place from a memory map: a question looks up a few rows, never the whole table.
"""

from __future__ import annotations

import functools
import mmap
import os
import sys
from array import array
from collections.abc import Iterable
from typing import NamedTuple

HEADER = b"berlintalks-neighbours-1\n"
_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "word_neighbours.bin")


def write_table(path: str, words: list[str], indices: object, similarities: object, places: object) -> None:
    """Write a neighbours file for ``words`` (the dictionary's, most frequent first):
    ``indices`` (2-D uint16, each row a word's neighbours by their rank), ``similarities``
    (2-D uint8, 255 meaning identical) and ``places`` (1-D bool, the words that name a country
    or its people); then the words themselves, in rank order, with their ranks in alphabetical
    order, so that a word's rank is found by binary search without reading the dictionary."""
    count, width = indices.shape  # type: ignore[attr-defined]
    encoded = [word.encode("utf-8") for word in words]
    offsets = array("I", [0])
    for word in encoded:
        offsets.append(offsets[-1] + len(word))
    alphabetical = array("H", sorted(range(count), key=lambda rank: encoded[rank]))
    with open(path, "wb") as handle:
        handle.write(HEADER + count.to_bytes(4, "little") + width.to_bytes(2, "little"))
        handle.write(indices.astype("<u2").tobytes())  # type: ignore[attr-defined]
        handle.write(similarities.tobytes())  # type: ignore[attr-defined]
        handle.write(places.astype("u1").tobytes())  # type: ignore[attr-defined]
        handle.write(alphabetical.tobytes() + offsets.tobytes() + b"".join(encoded))


class _Table(NamedTuple):
    mapped: mmap.mmap
    count: int
    width: int
    # Where each section starts:
    indices: int
    similarities: int
    places: int
    alphabetical: int
    offsets: int
    words: int


@functools.cache
def _table() -> _Table:
    with open(_PATH, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    start = len(HEADER)
    count = int.from_bytes(mapped[start : start + 4], "little")
    width = int.from_bytes(mapped[start + 4 : start + 6], "little")
    indices = start + 6
    similarities = indices + count * width * 2
    places = similarities + count * width
    alphabetical = places + count
    offsets = alphabetical + count * 2
    return _Table(mapped, count, width, indices, similarities, places, alphabetical, offsets, offsets + (count + 1) * 4)


def size() -> int:
    """How many words the table holds: the dictionary's most frequent."""
    return _table().count


def _encoded(rank: int) -> bytes:
    table = _table()
    at = table.offsets + rank * 4
    start, end = (int.from_bytes(table.mapped[at + i : at + i + 4], "little") for i in (0, 4))
    return table.mapped[table.words + start : table.words + end]


def word(rank: int) -> str:
    """The dictionary's ``rank``-th word (0-based), which the table must hold."""
    return _encoded(rank).decode("utf-8")


@functools.lru_cache(maxsize=4096)  # read, corrected and planned, a question's word is placed more than once
def rank(text: str) -> int | None:
    """The place of ``text`` among the dictionary's words, if the table holds it."""
    table = _table()
    wanted = text.encode("utf-8")

    def ranked(position: int) -> int:
        """The rank of the ``position``-th word in alphabetical order."""
        at = table.alphabetical + position * 2
        return int.from_bytes(table.mapped[at : at + 2], "little")

    low, high = 0, table.count
    while low < high:
        middle = (low + high) // 2
        if _encoded(ranked(middle)) < wanted:
            low = middle + 1
        else:
            high = middle
    return ranked(low) if low < table.count and _encoded(ranked(low)) == wanted else None


def ranks(words: Iterable[str]) -> dict[str, int]:
    """The places of those of ``words`` the table holds. For the thousands of words of a store
    being indexed, one pass over the table's words costs less than a binary search for each."""
    table = _table()
    offsets = array("I")
    offsets.frombytes(table.mapped[table.offsets : table.words])
    if sys.byteorder == "big":
        offsets.byteswap()
    encoded = table.mapped[table.words : table.words + offsets[-1]]
    by_word = {
        encoded[start:end]: rank for rank, (start, end) in enumerate(zip(offsets[:-1], offsets[1:], strict=True))
    }
    found = {}
    for word in words:
        rank = by_word.get(word.encode("utf-8"))
        if rank is not None:
            found[word] = rank
    return found


def neighbours(rank: int) -> list[tuple[int, float]]:
    """The neighbours of the dictionary's ``rank``-th word (0-based): (their rank, similarity),
    nearest first; none when the table does not hold the word."""
    table = _table()
    count, width = table.count, table.width
    if not 0 <= rank < count:
        return []
    ranks = table.mapped[table.indices + rank * width * 2 : table.indices + (rank + 1) * width * 2]
    similarities = table.mapped[table.similarities + rank * width : table.similarities + (rank + 1) * width]
    return [(int.from_bytes(ranks[2 * i : 2 * i + 2], "little"), similarities[i] / 255) for i in range(width)]


def places() -> list[int]:
    """The ranks of the words that name a country or its people."""
    table = _table()
    return [rank for rank, flag in enumerate(table.mapped[table.places : table.places + table.count]) if flag]
