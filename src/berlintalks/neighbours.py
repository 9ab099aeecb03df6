"""The word neighbours berlintalks ships (built by tools/word_neighbours.py): for each of the
most frequent English words, in the order of symspellpy's dictionary, the words nearest to it
in meaning, with how near (a cosine similarity from 0 to 1), and whether it names a country
or its people.

Read in place from a memory map: a question looks up a few rows, never the whole table.
"""

from __future__ import annotations

import functools
import mmap
import os

HEADER = b"berlintalks-neighbours-1\n"
_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "word_neighbours.bin")


def write_table(path: str, indices: object, similarities: object, places: object) -> None:
    """Write a neighbours file: ``indices`` (2-D uint16, each row a word's neighbours by their
    place in the dictionary), ``similarities`` (2-D uint8, 255 meaning identical) and ``places``
    (1-D bool, the words that name a country or its people)."""
    count, width = indices.shape  # type: ignore[attr-defined]
    with open(path, "wb") as handle:
        handle.write(HEADER + count.to_bytes(4, "little") + width.to_bytes(2, "little"))
        handle.write(indices.astype("<u2").tobytes())  # type: ignore[attr-defined]
        handle.write(similarities.tobytes())  # type: ignore[attr-defined]
        handle.write(places.astype("u1").tobytes())  # type: ignore[attr-defined]


@functools.cache
def _table() -> tuple[mmap.mmap, int, int]:
    with open(_PATH, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    start = len(HEADER)
    count = int.from_bytes(mapped[start : start + 4], "little")
    width = int.from_bytes(mapped[start + 4 : start + 6], "little")
    return mapped, count, width


def size() -> int:
    """How many words the table holds: the dictionary's most frequent."""
    return _table()[1]


def neighbours(rank: int) -> list[tuple[int, float]]:
    """The neighbours of the dictionary's ``rank``-th word (0-based): (their rank, similarity),
    nearest first; none when the table does not hold the word."""
    mapped, count, width = _table()
    if not 0 <= rank < count:
        return []
    base = len(HEADER) + 6
    ranks = mapped[base + rank * width * 2 : base + (rank + 1) * width * 2]
    similarities = mapped[base + count * width * 2 + rank * width : base + count * width * 2 + (rank + 1) * width]
    return [
        (int.from_bytes(ranks[2 * i : 2 * i + 2], "little"), similarities[i] / 255) for i in range(width)
    ]


def places() -> list[int]:
    """The ranks of the words that name a country or its people."""
    mapped, count, width = _table()
    start = len(HEADER) + 6 + count * width * 3
    return [rank for rank, flag in enumerate(mapped[start : start + count]) if flag]
