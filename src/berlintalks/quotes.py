"""A passage as a curator types it, found in an article that sets it in print.

A curator types plain quote marks, dashes and spaces, and may miss the case or the spacing;
an article has curly quotes, en dashes and non-breaking spaces. Validation uses this to say
what a quote not found verbatim probably meant, and curation to find a passage to cite.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .segment import occurrences

#: Typographic characters an article has that a curator types as the plain one.
_TYPOGRAPHIC = {"'": "‘’‚′", '"': "“”„″", "-": "‐‑‒–—―−", " ": "\u00a0"}
_PLAIN = {fancy: plain for plain, fancies in _TYPOGRAPHIC.items() for fancy in fancies}
_FANCY = re.compile(f"[{''.join(_PLAIN)}]")
#: White space other than a single plain space, which loosening makes one: a character of it
#: that is not a space or is followed by more (written so, a search skips to white space).
_GAP = re.compile(r"\s(?:(?<! )|(?=\s))\s*")


def fold(text: str) -> str:
    """Quote marks and dashes made plain, as a curator would type them."""
    # Faster than str.translate on a long article, which has few such characters.
    return _FANCY.sub(lambda match: _PLAIN[match.group()], text)


def _caseless(text: str) -> str:
    """``text`` lowercased character by character, as a case-blind regular expression reads
    it: "İ" is "i" (``str.lower`` makes it two characters), a final "ς" is "σ"."""
    return text.replace("İ", "i").lower().replace("ς", "σ")


def _loosened(text: str) -> tuple[str, list[int], list[int]]:
    """``text`` folded, lowercased and with each run of white space made one space; and where
    its offsets part from the text's: from offset ``starts[k]`` of the loosened text on, each
    is ``shifts[k]`` short of the text's. Only runs of two or more move them, so the lists are
    short for an article, where a list of every offset would take gigabytes at 50 MB."""
    starts: list[int] = []
    shifts: list[int] = []

    def one_space(gap: re.Match[str]) -> str:
        if gap.end() - gap.start() > 1:
            shifts.append((shifts[-1] if shifts else 0) + gap.end() - gap.start() - 1)
            starts.append(gap.end() - shifts[-1])
        return " "

    return _GAP.sub(one_space, _caseless(fold(text))), starts, shifts


def loose_finds(text: str, passage: str) -> list[tuple[int, int]]:
    """Every stretch of ``text`` that reads as ``passage`` give or take quote marks, dashes,
    case and white space, overlapping ones included.

    Both are loosened alike and the passage is looked for in the loosened text, which costs
    about their lengths however the places overlap (a pattern run at each character of the
    text would read the whole passage at each place it occurs)."""
    needle = " ".join(_caseless(fold(passage)).split())
    if not needle:
        return []
    loosened, starts, shifts = _loosened(text)

    def in_text(offset: int) -> int:
        moved = bisect_right(starts, offset)
        return offset + (shifts[moved - 1] if moved else 0)

    return [(in_text(at), in_text(at + len(needle) - 1) + 1) for at in occurrences(loosened, needle)]
