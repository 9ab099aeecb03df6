"""Split a source text into paragraphs and sentences, with character offsets.

A paragraph is one non-blank line: the articles put each paragraph on a line
of its own. A line with no sentence-ending punctuation is a heading; headings
are numbered like paragraphs but are not counted for coverage.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: A sentence ends at . ! or ? (with any closing quotes or brackets) followed
#: by white space and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: Dotted initialisms such as "U.S." end with a full stop but rarely a sentence.
_INITIALISM = re.compile(r"(?:\b[A-Z]\.){2,}$")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class Span(NamedTuple):
    """A stretch of a source text."""

    start: int
    """Offset of the first character in the decoded text."""
    end: int
    """Offset just past the last character."""
    line: int
    """1-based line on which the stretch starts."""
    paragraph: int
    """1-based number of the paragraph (non-blank line) that holds it."""
    text: str
    """The characters themselves."""

    @property
    def word_count(self) -> int:
        return len(_WORD.findall(self.text))


class Paragraph(NamedTuple):
    span: Span
    is_heading: bool
    sentences: tuple[Span, ...]


def paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of ``text``, in order, with its sentences."""
    found: list[Paragraph] = []
    offset = 0
    for line_number, line in enumerate(text.splitlines(keepends=True), start=1):
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            start = offset + (len(body) - len(body.lstrip()))
            number = len(found) + 1
            span = Span(start, start + len(stripped), line_number, number, stripped)
            found.append(
                Paragraph(
                    span=span,
                    is_heading=not _TERMINAL.search(stripped),
                    sentences=tuple(_sentences(span)),
                )
            )
        offset += len(line)
    return found


def _sentences(paragraph: Span) -> list[Span]:
    spans = []
    begin = 0
    text = paragraph.text
    for match in _SENTENCE_END.finditer(text):
        if _INITIALISM.search(text[: match.start() + 1]):
            continue
        spans.append(_sub_span(paragraph, begin, match.end()))
        begin = match.end()
        while begin < len(text) and text[begin].isspace():
            begin += 1
    if begin < len(text):
        spans.append(_sub_span(paragraph, begin, len(text)))
    return spans


def _sub_span(paragraph: Span, begin: int, end: int) -> Span:
    return Span(
        paragraph.start + begin,
        paragraph.start + end,
        paragraph.line,
        paragraph.paragraph,
        paragraph.text[begin:end],
    )


def paragraph_numbers(text: str) -> list[int]:
    """For each 1-based line of ``text`` (index 0 unused), the number of the paragraph it holds or
    follows: with it, locating a quote costs a count of newlines, not a scan of paragraphs."""
    numbers = [0]
    paragraph = 0
    for line in text.splitlines():
        if line.strip():
            paragraph += 1
        numbers.append(max(paragraph, 1))
    return numbers


def locate(text: str, offset: int, numbers: list[int] | None = None) -> tuple[int, int]:
    """The 1-based (line, paragraph) of the character at ``offset``."""
    line = text.count("\n", 0, offset) + 1
    numbers = numbers if numbers is not None else paragraph_numbers(text)
    return line, numbers[min(line, len(numbers) - 1)]
