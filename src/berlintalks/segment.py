"""Split a source text into paragraphs and sentences, with character offsets.

A paragraph is one non-blank line: the articles put each paragraph on a line
of its own. A line with no sentence-ending punctuation is a heading; headings
are numbered like paragraphs but are not counted for coverage.

A line ends at "\r\n", "\r" or "\n" and nowhere else: a form feed, U+2028 and
the other breaks ``str.splitlines`` knows are white space inside a line, as they
are for ``wc -l``, editors and ``grep -n``. Lines, paragraphs, coverage and the
line numbers of citations all come from :class:`Lines`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

LINE_BREAK = re.compile(r"\r\n|\r|\n")

#: A sentence ends at . ! or ? (with any closing quotes or brackets) followed
#: by white space and something that can start a sentence.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
#: A dotted initialism such as "U.S.": it ends with a full stop but rarely a sentence.
INITIALISM = r"(?:\b[A-Z]\.){2,}"
_INITIALISM = re.compile(f"{INITIALISM}$")
_TERMINAL = re.compile(r"[.!?][\"'”’)\]]*\s*$")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
#: A word, from where it starts: quotes are looked up by the whole words they hold.
_WHOLE_WORD = re.compile(r"(?<!\w)\w+")
#: How far back from a full stop a dotted initialism can matter ("A.B." is enough to tell).
_INITIALISM_REACH = 16


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


class Lines:
    """Where each line of a text starts and ends, and the paragraph each line holds or follows:
    a line or paragraph number is then a binary search, not a count through the text."""

    def __init__(self, text: str) -> None:
        self.starts = [0]
        self.ends: list[int] = []
        for match in LINE_BREAK.finditer(text):
            self.ends.append(match.start())
            self.starts.append(match.end())
        self.ends.append(len(text))
        self.paragraph_of_line: list[int] = []
        paragraph = 0
        for start, end in zip(self.starts, self.ends, strict=True):
            if text[start:end].strip():
                paragraph += 1
            self.paragraph_of_line.append(max(paragraph, 1))

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, paragraph) of the character at ``offset``."""
        index = bisect_right(self.starts, offset) - 1
        return index + 1, self.paragraph_of_line[index]


def paragraphs(text: str) -> list[Paragraph]:
    """Every non-blank line of ``text``, in order, with its sentences."""
    found: list[Paragraph] = []
    lines = Lines(text)
    for line_number, (line_start, line_end) in enumerate(zip(lines.starts, lines.ends, strict=True), start=1):
        body = text[line_start:line_end]
        stripped = body.strip()
        if stripped:
            start = line_start + (len(body) - len(body.lstrip()))
            number = len(found) + 1
            span = Span(start, start + len(stripped), line_number, number, stripped)
            found.append(
                Paragraph(
                    span=span,
                    is_heading=not _TERMINAL.search(stripped),
                    sentences=tuple(_sentences(span)),
                )
            )
    return found


def paragraph_at(found: list[Paragraph], offset: int) -> Span | None:
    """The paragraph of ``found`` (as :func:`paragraphs` returns them) holding ``offset``."""
    index = bisect_right([paragraph.span.start for paragraph in found], offset) - 1
    if index < 0 or offset >= found[index].span.end:
        return None
    return found[index].span


def occurrences(text: str, quote: str) -> list[int]:
    """The offset of every occurrence of ``quote`` (not empty) in ``text``, overlapping ones
    included, in order, found by scanning: for a few quotes, cheaper than indexing a long text's
    words.

    The scan looks at about the text's length in all, however often the occurrences overlap:
    searching again from one character after each would read the whole quote at each (20,000
    times "a " occurs at 180,000 places of 200,000 times "a ")."""
    found: list[int] = []
    start = text.find(quote)
    if start == -1:
        return found
    period = _period(quote)
    # The next occurrence overlapping this one starts a period on, where the text goes on with
    # the quote's last period; failing that, none starts before both the period and all but the
    # period of the quote are passed (Fine and Wilf), and a search from there looks at new text.
    tail, skip = quote[len(quote) - period :], max(period, len(quote) - period + 1)
    while start != -1:
        found.append(start)
        while text.startswith(tail, start + len(quote)):
            start += period
            found.append(start)
        start = text.find(quote, start + skip)
    return found


def _period(word: str) -> int:
    """The least positive p for which ``word[i] == word[i + p]`` wherever both exist: its length
    less its longest border (Knuth, Morris and Pratt's failure function), in one pass."""
    borders = [0] * len(word)
    border = 0
    for index in range(1, len(word)):
        while border and word[index] != word[border]:
            border = borders[border - 1]
        if word[index] == word[border]:
            border += 1
        borders[index] = border
    return max(len(word) - border, 1)


class QuoteFinder:
    """Every place a quote occurs in one text, through an index of the text's words.

    Inside a quote, a word that follows a non-word character and is followed by one is a
    whole word wherever the quote occurs, so the places that word starts in the text are the
    only candidates: looking up many quotes costs about their length, not the text's length
    each time. Whole words, not their first few characters: in a text whose words all begin
    alike, every word would be a candidate for every quote.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.word_starts: dict[str, list[int]] = {}
        for match in _WHOLE_WORD.finditer(text):
            self.word_starts.setdefault(match.group(), []).append(match.start())

    def occurrences(self, quote: str) -> list[int]:
        """The offset of every occurrence of ``quote``, overlapping ones included, in order."""
        best: tuple[int, list[int]] | None = None
        for match in _WHOLE_WORD.finditer(quote, 1):
            inside = match.start()
            if match.end() == len(quote):  # the text may go on with more of the word
                break
            candidates = self.word_starts.get(match.group(), [])
            if best is None or len(candidates) < len(best[1]):
                best = inside, candidates
                if len(candidates) <= 1:
                    break  # no word can narrow the places down further
        if best is None:  # no word starts inside the quote: scan the text
            return occurrences(self.text, quote)
        inside, candidates = best
        # Each candidate may read the whole quote: where that could come to more than the text,
        # as for a long repeating quote in a text repeating it (20,000 times "a " at each of
        # 200,000 places), one scan of the text reads less.
        if len(candidates) * len(quote) > len(self.text):
            return occurrences(self.text, quote)
        return [
            start - inside
            for start in candidates
            if start >= inside and self.text.startswith(quote, start - inside)
        ]


def _sentences(paragraph: Span) -> list[Span]:
    spans = []
    begin = 0
    text = paragraph.text
    for match in _SENTENCE_END.finditer(text):
        if _INITIALISM.search(text, max(0, match.start() - _INITIALISM_REACH), match.start() + 1):
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
