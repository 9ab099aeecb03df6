"""Measure answer quality against a set of questions with known answers.

A question's right answers are given either as claim ids (``answers``) or, for sets written
from the articles alone by people who never saw the store, as the passages that answer it
(``passages``: a source file name and a verbatim quote); a claim answers right when one of
its citations overlaps one of those passages.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

from .errors import StoreError
from .model import Claim, Store
from .query import QueryIndex
from .yamlread import read_document


class Passage(NamedTuple):
    file: str
    """The source's file name."""
    quote: str


class Question(NamedTuple):
    question: str
    style: str
    answers: frozenset[str]
    """Claim ids that answer it."""
    passages: tuple[Passage, ...] = ()
    """Passages that answer it; a question with neither answers nor passages is unanswerable."""

    @property
    def answerable(self) -> bool:
        return bool(self.answers or self.passages)


class Outcome(NamedTuple):
    question: Question
    answered_with: tuple[str, ...]
    right: tuple[bool, ...]
    """For each answer, whether it is a right one."""
    scores: tuple[float, ...]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first right answer, if any."""
        return self.right.index(True) + 1 if True in self.right else None


class Figures(NamedTuple):
    answerable: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    refused: int
    """Answerable questions given no answer at all."""
    unanswerable: int
    declined: int
    outcomes: tuple[Outcome, ...]

    @property
    def misses(self) -> tuple[Outcome, ...]:
        """Answerable questions not answered right first, and unanswerable ones answered."""
        return tuple(
            outcome
            for outcome in self.outcomes
            if (outcome.question.answerable and outcome.rank != 1)
            or (not outcome.question.answerable and outcome.answered_with)
        )

    def hit_at_1_by_style(self) -> dict[str, tuple[int, int]]:
        """Per style of answerable question: (answered right first, questions)."""
        tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for outcome in self.outcomes:
            if outcome.question.answerable:
                tally[outcome.question.style][0] += outcome.rank == 1
                tally[outcome.question.style][1] += 1
        return {style: (right, total) for style, (right, total) in sorted(tally.items())}

    def reliability(self, edges: tuple[float, ...] = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)) -> list[tuple[float, float, int, int]]:
        """How often an answer is right, by its score: (from, to, right, answers) for each band,
        over every answer given (one to an unanswerable question is wrong)."""
        bands = [[low, high, 0, 0] for low, high in zip(edges, edges[1:], strict=False)]
        for outcome in self.outcomes:
            for score, right in zip(outcome.scores, outcome.right, strict=True):
                band = next(band for band in bands if score < band[1] or band is bands[-1])
                band[2] += right
                band[3] += 1
        return [(low, high, right, total) for low, high, right, total in bands]

    def first_scores(self) -> tuple[list[float], list[float]]:
        """The first answer's score on answerable questions: (when right, when wrong)."""
        right = [o.scores[0] for o in self.outcomes if o.question.answerable and o.scores and o.right[0]]
        wrong = [o.scores[0] for o in self.outcomes if o.scores and not (o.question.answerable and o.right[0])]
        return right, wrong


def load_questions(path: Path) -> list[Question]:
    document = read_document(path.read_text(encoding="utf-8"), str(path))
    try:
        return [
            Question(
                entry["question"],
                entry.get("style", ""),
                frozenset(entry.get("answers") or ()),
                tuple(Passage(p["source"], p["quote"]) for p in entry.get("passages") or ()),
            )
            for section in ("answerable", "unanswerable")
            for entry in document[section]
        ]
    except (KeyError, TypeError) as error:
        raise StoreError([f"{path}: not a question set ({error})"]) from None


def evaluate(index: QueryIndex, questions: list[Question]) -> Figures:
    spans = passage_spans(index.store, questions)
    outcomes = []
    for question in questions:
        answers = index.ask(question.question, top=3).answers
        outcomes.append(
            Outcome(
                question,
                tuple(answer.claim.id for answer in answers),
                tuple(is_right(question, answer.claim, spans) for answer in answers),
                tuple(answer.score for answer in answers),
            )
        )
    answerable = [outcome for outcome in outcomes if outcome.question.answerable]
    unanswerable = [outcome for outcome in outcomes if not outcome.question.answerable]
    ranks = [outcome.rank for outcome in answerable]
    count = max(len(answerable), 1)
    return Figures(
        answerable=len(answerable),
        hit_at_1=sum(rank == 1 for rank in ranks) / count,
        hit_at_3=sum(rank is not None for rank in ranks) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        refused=sum(not outcome.answered_with for outcome in answerable),
        unanswerable=len(unanswerable),
        declined=sum(not outcome.answered_with for outcome in unanswerable),
        outcomes=tuple(outcomes),
    )


_Span = tuple[str, int, int]


def passage_spans(store: Store, questions: list[Question]) -> dict[Passage, _Span]:
    """Each passage as (source id, start, end) in the store's sources."""
    by_file = {os.path.basename(source.path): source for source in store.sources}
    spans = {}
    for question in questions:
        for passage in question.passages:
            source = by_file.get(passage.file)
            start = source.text.find(passage.quote) if source else -1
            if start < 0:
                raise StoreError([f"passage not found verbatim in {passage.file}: {passage.quote!r}"])
            spans[passage] = (source.id, start, start + len(passage.quote))
    return spans


def is_right(question: Question, claim: Claim, spans: dict[Passage, _Span]) -> bool:
    if claim.id in question.answers:
        return True
    return any(
        citation.source == source and citation.start < end and start < citation.end
        for citation in claim.citations
        for source, start, end in (spans[passage] for passage in question.passages)
    )
