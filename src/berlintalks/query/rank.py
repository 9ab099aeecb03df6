"""Ranking by meaning and by words together: a claim's chance of answering the question.

A logistic model over a few signals: how near the question is in meaning to the claim's own
questions and to its passage (from the sentence model), how far each is from the nearest
claim's, and what the word-level reader found (the party asked about, the topic, what is asked,
the words). Its weights are fitted by ``tools/fit_ranker.py`` on the tuned question sets only,
never on a held-out one; the score is the model's probability that the claim is a right
answer, so a score of 0.8 means right about four times in five on those sets.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

from .records import Plan, Scored, Signal
from .score import gives, score

if TYPE_CHECKING:
    import numpy as np

    from ..semantic import Similarities
    from .tables import IndexTables

# Fitted by tools/fit_ranker.py; run it again after any change to the signals.
INTERCEPT = -12.1351
COEFFICIENTS: dict[str, float] = {
    "question": 2.0771,
    "passage": 5.7931,
    "question_gap": 3.5398,
    "passage_gap": 7.0474,
    "question_rank": 2.2651,
    "passage_rank": 1.7463,
    "words_score": 6.0427,
    "actor": 0.1536,
    "actor_missed": 0.1871,
    "topic": 0.0411,
    "kind": -0.3250,
    "words": -0.2888,
    "text": -2.0300,
}

#: The least probability an answer may have: below it, the store is taken to hold no answer.
MIN_PROBABILITY = 0.05

#: Claims nearest in meaning scored besides those the word-level reader retrieves.
NEAREST = 40


class Nearness(NamedTuple):
    """How near a claim is to the question in meaning, against the other claims."""

    question: float
    passage: float
    question_gap: float
    """How much nearer the nearest claim's questions are (0 for the nearest)."""
    passage_gap: float
    question_rank: int
    """1 for the claim whose questions are nearest, 2 for the next ..."""
    passage_rank: int


def signals(row: Scored | None, nearness: Nearness, asked: bool) -> dict[str, float]:
    """The ranker's signals for one claim; ``row`` is the word-level reader's view, None when it
    did not score the claim."""
    word = row.signals if row is not None else {}
    return {
        "question": nearness.question,
        "passage": nearness.passage,
        "question_gap": nearness.question_gap,
        "passage_gap": nearness.passage_gap,
        "question_rank": 1 / nearness.question_rank,
        "passage_rank": 1 / nearness.passage_rank,
        "words_score": row.score if row is not None else 0.0,
        "actor": word.get("actor", 0.0) if asked else 0.0,
        "actor_missed": float(asked and word.get("actor", 0.0) < 0.5),
        "topic": word.get("topic", 0.0),
        "kind": word.get("kind", 0.0),
        "words": word.get("words", 0.0),
        "text": word.get("text", 0.0),
    }


def probability(values: dict[str, float]) -> float:
    return 1 / (1 + math.exp(-log_odds(values)))


def log_odds(values: dict[str, float]) -> float:
    return INTERCEPT + sum(COEFFICIENTS.get(name, 0.0) * value for name, value in values.items())


def shares(values: dict[str, float]) -> tuple[Signal, ...]:
    """Each signal with its weight and its part of the log-odds (the intercept not counted)."""
    return tuple(
        Signal(name, round(value, 3), round(COEFFICIENTS.get(name, 0.0), 3), round(COEFFICIENTS.get(name, 0.0) * value, 3))
        for name, value in values.items()
    )


def ranked(index: IndexTables, plan: Plan, similar: Similarities, rows: dict[int, Scored]) -> dict[int, Scored]:
    """The claims the word-level reader scored and those nearest in meaning, each scored by the
    ranker."""
    count = min(NEAREST, len(similar.question))
    if count:
        for position in (similar.question + similar.passage).argpartition(-count)[-count:].tolist():
            if position not in rows and (row := score(index, plan, position)) is not None:
                rows[position] = row
    question_rank, passage_rank = _ranks(similar.question), _ranks(similar.passage)
    best_question, best_passage = float(similar.question.max(initial=-1.0)), float(similar.passage.max(initial=-1.0))
    result = {}
    for position, row in rows.items():
        question, passage = float(similar.question[position]), float(similar.passage[position])
        nearness = Nearness(
            question, passage, question - best_question, passage - best_passage,
            int(question_rank[position]), int(passage_rank[position]),
        )
        values = signals(row, nearness, plan.asked is not None)
        chance = probability(values)
        matched = chance >= MIN_PROBABILITY
        result[position] = Scored(
            position, row.claim, values, chance, matched, matched and (row.gives if row.matched else gives(index, plan, position)), shares(values)
        )
    return result


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's rank from the highest, from 1; ties in store order."""
    # Array methods only: numpy itself is imported by the sentence model's side alone.
    return (-values).argsort(kind="stable").argsort(kind="stable") + 1
