"""The word vectors berlintalks ships (built by tools/word_vectors.py): for each of the most
frequent English words, in the order of symspellpy's dictionary, a short vector of signed
bytes whose dot product with another says how close the two words are in meaning.

Read in place from a memory map: a question looks up a few rows, never the whole table.
"""

from __future__ import annotations

import functools
import mmap
import os
from array import array

HEADER = b"berlintalks-vectors-1\n"
_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "word_vectors.bin")


def write_vectors(path: str, rows: object) -> None:
    """Write ``rows`` (a 2-D array of int8, one row per dictionary word) as a vectors file."""
    count, dimensions = rows.shape  # type: ignore[attr-defined]
    with open(path, "wb") as handle:
        handle.write(HEADER + count.to_bytes(4, "little") + dimensions.to_bytes(2, "little"))
        handle.write(rows.tobytes())  # type: ignore[attr-defined]


@functools.cache
def _table() -> tuple[mmap.mmap, int, int]:
    with open(_PATH, "rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    start = len(HEADER)
    count = int.from_bytes(mapped[start : start + 4], "little")
    dimensions = int.from_bytes(mapped[start + 4 : start + 6], "little")
    return mapped, count, dimensions


def size() -> int:
    """How many words the table holds: the dictionary's most frequent."""
    return _table()[1]


def vector(rank: int) -> array | None:
    """The vector of the dictionary's ``rank``-th word (0-based), if the table holds it."""
    mapped, count, dimensions = _table()
    if not 0 <= rank < count:
        return None
    start = len(HEADER) + 6 + rank * dimensions
    return array("b", mapped[start : start + dimensions])


def similarity(first: array, second: array) -> float:
    """Cosine similarity of two vectors, from -1 to 1."""
    return sum(a * b for a, b in zip(first, second, strict=True)) / (127 * 127)


def dimensions() -> int:
    """How many numbers each vector holds."""
    return _table()[2]
