from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berlintalks import segment
from berlintalks.segment import Lines, QuoteFinder, paragraphs


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("One two. Three four.", ["One two.", "Three four."]),
        ("The U.S. envoys met. Then they left.", ["The U.S. envoys met.", "Then they left."]),
        ("It was “Article 5-like.” This implies more.", ["It was “Article 5-like.”", "This implies more."]),
        ("No full stop at the end", ["No full stop at the end"]),
        ("Ends in 2014. Next one.", ["Ends in 2014.", "Next one."]),
    ],
)
def test_sentences(text: str, sentences: list[str]) -> None:
    [paragraph] = paragraphs(text)
    assert [sentence.text for sentence in paragraph.sentences] == sentences


def test_paragraphs_are_non_blank_lines_and_headings_have_no_full_stop() -> None:
    found = paragraphs("Heading\nBody one.\n\nBody two.\n")
    assert [(p.span.line, p.span.paragraph, p.is_heading) for p in found] == [(1, 1, True), (2, 2, False), (4, 3, False)]
    assert Lines("Heading\nBody one.\n\nBody two.\n").locate(19) == (4, 3)


def test_lines_end_at_cr_lf_or_crlf_only() -> None:
    text = "Heading\rBody one.\r\n\x0cBody\u2028two.\n\nBody three.\r"
    found = paragraphs(text)
    assert [(p.span.line, p.span.paragraph, p.span.text) for p in found] == [
        (1, 1, "Heading"),
        (2, 2, "Body one."),
        (3, 3, "Body\u2028two."),
        (5, 4, "Body three."),
    ]
    lines = Lines(text)
    assert [lines.locate(p.span.start) for p in found] == [(1, 1), (2, 2), (3, 3), (5, 4)]


@settings(max_examples=300)
@given(st.text(alphabet="ab .\n", max_size=60), st.text(alphabet="ab .", min_size=1, max_size=12))
def test_every_occurrence_of_a_quote_is_found(text: str, quote: str) -> None:
    expected = [start for start in range(len(text)) if text.startswith(quote, start)]
    assert QuoteFinder(text).occurrences(quote) == expected


@settings(max_examples=300)
@given(st.text(alphabet="ab", max_size=40), st.text(alphabet="ab", min_size=1, max_size=8))
def test_every_occurrence_is_found_however_often_the_quote_overlaps_itself(text: str, quote: str) -> None:
    expected = [start for start in range(len(text)) if text.startswith(quote, start)]
    assert segment.occurrences(text, quote) == expected


def test_a_long_paragraph_is_split_into_its_sentences_with_initialisms_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Near-linear, counted rather than timed: looking back for an initialism before each full
    stop scans a few characters, not the paragraph up to it (a 400 KB paragraph took a minute)."""
    scanned = []
    initialism = segment._INITIALISM

    class Counted:
        def search(self, text: str, start: int = 0, end: int = sys.maxsize) -> re.Match[str] | None:
            scanned.append(min(end, len(text)) - start)
            return initialism.search(text, start, end)

    monkeypatch.setattr(segment, "_INITIALISM", Counted())
    text = "The U.S. envoys met. " * 3000
    [paragraph] = paragraphs(text)
    assert len(paragraph.sentences) == 3000
    assert paragraph.sentences[-1].text == "The U.S. envoys met."
    assert sum(scanned) <= len(text)
