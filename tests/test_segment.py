from __future__ import annotations

import pytest

from berlintalks.segment import locate, paragraphs


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
    assert locate("Heading\nBody one.\n\nBody two.\n", 19) == (4, 3)
