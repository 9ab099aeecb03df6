"""A passage as a curator types it, found in an article that sets it in print.

A curator types plain quote marks, dashes and spaces, and may miss the case or the spacing;
an article has curly quotes, en dashes and non-breaking spaces. Validation uses this to say
what a quote not found verbatim probably meant, and curation to find a passage to cite.
"""

from __future__ import annotations

import re

#: Typographic characters an article has that a curator types as the plain one.
_TYPOGRAPHIC = {"'": "‘’‚′", '"': "“”„″", "-": "‐‑‒–—―−", " ": "\u00a0"}
_PLAIN = {fancy: plain for plain, fancies in _TYPOGRAPHIC.items() for fancy in fancies}
_FANCY = re.compile(f"[{''.join(_PLAIN)}]")
#: A pattern for each plain character that matches it and its typographic variants.
_VARIANTS = {plain: f"[{re.escape(plain + fancies)}]" for plain, fancies in _TYPOGRAPHIC.items()}


def fold(text: str) -> str:
    """Quote marks and dashes made plain, as a curator would type them."""
    # Faster than str.translate on a long article, which has few such characters.
    return _FANCY.sub(lambda match: _PLAIN[match.group()], text)


def loose_finds(text: str, passage: str) -> list[tuple[int, int]]:
    """Every stretch of ``text`` that reads as ``passage`` give or take quote marks, dashes,
    case and white space, overlapping ones included."""
    words = fold(passage).split()
    if not words:
        return []
    # A pattern, not a loosened copy of the text: a 50 MB article would need gigabytes of offsets.
    pattern = r"\s+".join("".join(_VARIANTS.get(character, re.escape(character)) for character in word) for word in words)
    return [match.span(1) for match in re.finditer(f"(?=({pattern}))", text, re.IGNORECASE)]
