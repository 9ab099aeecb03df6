"""Measure answer quality against a set of questions with known answers."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .errors import StoreError
from .query import QueryIndex
from .yamlread import read_document


class Question(NamedTuple):
    question: str
    style: str
    answers: frozenset[str]
    """Claim ids that answer it; empty when the store cannot answer it."""


class Outcome(NamedTuple):
    question: Question
    answered_with: tuple[str, ...]

    @property
    def rank(self) -> int | None:
        """1-based rank of the first right answer, if any."""
        for rank, claim_id in enumerate(self.answered_with, start=1):
            if claim_id in self.question.answers:
                return rank
        return None


class Figures(NamedTuple):
    answerable: int
    hit_at_1: float
    hit_at_3: float
    mrr: float
    unanswerable: int
    declined: int
    outcomes: tuple[Outcome, ...]

    @property
    def misses(self) -> tuple[Outcome, ...]:
        """Answerable questions not answered right first, and unanswerable ones answered."""
        return tuple(
            outcome
            for outcome in self.outcomes
            if (outcome.question.answers and outcome.rank != 1) or (not outcome.question.answers and outcome.answered_with)
        )


def load_questions(path: Path) -> list[Question]:
    document = read_document(path.read_text(encoding="utf-8"), str(path))
    try:
        return [
            Question(entry["question"], entry.get("style", ""), frozenset(entry.get("answers") or ()))
            for section in ("answerable", "unanswerable")
            for entry in document[section]
        ]
    except (KeyError, TypeError) as error:
        raise StoreError([f"{path}: not a question set ({error})"]) from None


def evaluate(index: QueryIndex, questions: list[Question]) -> Figures:
    outcomes = tuple(
        Outcome(question, tuple(answer.claim.id for answer in index.ask(question.question, top=3).answers))
        for question in questions
    )
    answerable = [outcome for outcome in outcomes if outcome.question.answers]
    unanswerable = [outcome for outcome in outcomes if not outcome.question.answers]
    ranks = [outcome.rank for outcome in answerable]
    count = max(len(answerable), 1)
    return Figures(
        answerable=len(answerable),
        hit_at_1=sum(rank == 1 for rank in ranks) / count,
        hit_at_3=sum(rank is not None for rank in ranks) / count,
        mrr=sum(1 / rank for rank in ranks if rank) / count,
        unanswerable=len(unanswerable),
        declined=sum(not outcome.answered_with for outcome in unanswerable),
        outcomes=outcomes,
    )
