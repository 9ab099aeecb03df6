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

from .records import Interpretation, Plan, Scored, Signal
from .score import gives, score

if TYPE_CHECKING:
    import numpy as np

    from ..semantic import Similarities
    from .tables import IndexTables

class Logistic(NamedTuple):
    """A fitted logistic model: the log-odds are the intercept plus each signal times its weight."""

    intercept: float
    weights: dict[str, float]

    def log_odds(self, values: dict[str, float]) -> float:
        return self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in values.items())

    def probability(self, values: dict[str, float]) -> float:
        return 1 / (1 + math.exp(-self.log_odds(values)))

    def shares(self, values: dict[str, float]) -> tuple[Signal, ...]:
        """Each signal with its weight and its part of the log-odds (the intercept not counted)."""
        return tuple(
            Signal(name, round(value, 3), round(weight := self.weights.get(name, 0.0), 3), round(weight * value, 3))
            for name, value in values.items()
        )


# Both fitted by tools/fit_ranker.py; run it again after any change to the signals.
#: Whether a claim answers the question.
RANKER = Logistic(
    intercept=-16.0769,
    weights={
        "question": 10.2751,
        "question_gap": -3.7983,
        "question_rank": 1.0018,
        "passage": 26.8184,
        "passage_gap": 6.8322,
        "passage_rank": 1.1270,
        "centroid": -23.0526,
        "centroid_gap": 6.4501,
        "centroid_rank": 1.3551,
        "words_score": 5.7621,
        "actor": -0.0105,
        "actor_missed": 0.2065,
        "topic": -0.1502,
        "kind": -0.4544,
        "words": -0.5844,
        "text": -1.5929,
    },
)

#: The least probability an answer may have: below it, the store is taken to hold no answer.
MIN_PROBABILITY = 0.10

#: Whether the store answers the question at all, read from its best answers.
ANSWERABLE = Logistic(
    intercept=-32.2803,
    weights={
        "known_share": 3.5270,
        "best": 1.1217,
        "runner_up": 2.2761,
        "question": 20.4736,
        "passage": 39.1653,
        "centroid": -23.1156,
        "words_score": 2.8199,
        "actor": 0.3408,
        "topic": -0.7079,
        "words": 0.1900,
        "text": -8.5364,
    },
)

#: The least probability that the store answers the question: below it, the question is declined.
MIN_ANSWERABLE = 0.17

#: Claims nearest in meaning scored besides those the word-level reader retrieves.
NEAREST = 40


class Nearness(NamedTuple):
    """How near a claim is to the question in meaning, by one of the sentence model's readings
    (its questions, its passage ...), against the other claims."""

    cosine: float
    gap: float
    """How much nearer the nearest claim is (0 for the nearest)."""
    rank: int
    """1 for the nearest claim, 2 for the next ..."""


#: The sentence model's readings of a claim, as ``Similarities`` names them.
READINGS = ("question", "passage", "centroid")


def signals(row: Scored | None, nearness: dict[str, Nearness], asked: bool) -> dict[str, float]:
    """The ranker's signals for one claim: how near it is by each reading, and the word-level
    reader's view, ``row`` (None when it did not score the claim)."""
    word = row.signals if row is not None else {}
    values = {}
    for reading in READINGS:
        near = nearness[reading]
        values |= {reading: near.cosine, f"{reading}_gap": near.gap, f"{reading}_rank": 1 / near.rank}
    return values | {
        "words_score": row.score if row is not None else 0.0,
        "actor": word.get("actor", 0.0) if asked else 0.0,
        "actor_missed": float(asked and word.get("actor", 0.0) < 0.5),
        "topic": word.get("topic", 0.0),
        "kind": word.get("kind", 0.0),
        "words": word.get("words", 0.0),
        "text": word.get("text", 0.0),
    }


def answerable_signals(reading: Interpretation, best: Scored, runner_up: Scored | None) -> dict[str, float]:
    """Whether the question is answered at all, as its best answers and its words tell: how
    likely the best and the next claim are to answer it, how near the best is in meaning by each
    reading, what the word-level reader found in it, and how much of the question the store
    knows."""
    return {
        "known_share": reading.known_share,
        "best": best.score,
        "runner_up": runner_up.score if runner_up is not None else 0.0,
        **{reading: best.signals[reading] for reading in READINGS},
        **{name: best.signals[name] for name in ("words_score", "actor", "topic", "words", "text")},
    }


def ranked(index: IndexTables, plan: Plan, similar: Similarities, rows: dict[int, Scored]) -> dict[int, Scored]:
    """The claims the word-level reader scored and those nearest in meaning, each scored by the
    ranker."""
    cosines = {reading: getattr(similar, reading) for reading in READINGS}
    count = min(NEAREST, len(similar.question))
    if count:
        for position in sum(cosines.values()).argpartition(-count)[-count:].tolist():
            if position not in rows and (row := score(index, plan, position)) is not None:
                rows[position] = row
    ranks = {reading: _ranks(values) for reading, values in cosines.items()}
    best = {reading: float(values.max(initial=-1.0)) for reading, values in cosines.items()}
    result = {}
    for position, row in rows.items():
        nearness = {
            reading: Nearness(float(values[position]), float(values[position]) - best[reading], int(ranks[reading][position]))
            for reading, values in cosines.items()
        }
        values = signals(row, nearness, plan.asked is not None)
        chance = RANKER.probability(values)
        matched = chance >= MIN_PROBABILITY
        result[position] = Scored(
            position, row.claim, values, chance, matched, matched and (row.gives if row.matched else gives(index, plan, position)),
            RANKER.shares(values),
        )
    return result


def _ranks(values: np.ndarray) -> np.ndarray:
    """Each value's rank from the highest, from 1; ties in store order."""
    # Array methods only: numpy itself is imported by the sentence model's side alone.
    return (-values).argsort(kind="stable").argsort(kind="stable") + 1
