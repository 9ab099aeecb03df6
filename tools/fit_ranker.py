"""Fit the ranker's two models (src/berlintalks/query/rank.py) on the tuned question sets.

usage: python tools/fit_ranker.py [--write]

First the ranker: for every part of every question of the tuned sets (tests/questions.yaml,
questions_second.yaml, questions_dev.yaml, questions_tune3.yaml; never a held-out one), each
claim the ranker would score is a sample: its signals, and whether it is a right answer. A
logistic model is fitted to them (L2-regularised, by Newton's method), so its output is the
probability that a claim answers; the least probability an answer may have is chosen to get the
most questions right: answerable ones answered, unanswerable ones declined. Then, with that
ranker, whether the store answers at all: each part that has an answer is a sample, its best
answers' signals and whether its question is answerable; a second logistic model is fitted to
those, and its least probability chosen the same way. --write puts the figures into rank.py.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..")
sys.path.insert(0, os.path.join(ROOT, "src"))
from berlintalks.evaluate import is_right, load_questions, passage_spans  # noqa: E402
from berlintalks.files import read_store  # noqa: E402
from berlintalks.query import QueryIndex, rank  # noqa: E402
from berlintalks.query.decide import reason_to_decline  # noqa: E402
from berlintalks.query.plan import make_plan  # noqa: E402
from berlintalks.query.read import interpret, split_parts  # noqa: E402
from berlintalks.query.score import gives  # noqa: E402
from berlintalks.semantic import read_by_meaning  # noqa: E402
from berlintalks.store import parse_store  # noqa: E402

TUNED = ("questions.yaml", "questions_second.yaml", "questions_dev.yaml", "questions_tune3.yaml")
RANK_FILE = os.path.join(ROOT, "src", "berlintalks", "query", "rank.py")
#: L2 penalty on the weights of the standardised signals (not the intercept).
PENALTY = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the fitted figures into rank.py")
    arguments = parser.parse_args()
    stored = read_store(os.path.join(ROOT, "data", "claims.yaml"))
    index = QueryIndex(parse_store(stored))
    index.meaning = read_by_meaning(index.store, stored.data)
    questions = [q for name in TUNED for q in load_questions(Path(ROOT, "tests", name))]
    spans = passage_spans(index.store, questions)
    parts = [(number, *part) for number, question in enumerate(questions) for part in _parts(index, question.question)]

    samples, labels, groups, given = [], [], [], []
    for number, text, _, plan in parts:
        for row in index.scored(text, plan):
            samples.append([row.signals[name] for name in RANKER_SIGNALS])
            labels.append(questions[number].answerable and is_right(questions[number], row.claim, spans))
            groups.append(number)
            given.append(gives(index, plan, row.position))
    features, target = np.array(samples), np.array(labels, dtype=float)
    ranker = fit(features, target, RANKER_SIGNALS)
    chances = _chances(ranker, features)
    least, merit = best_threshold(questions, _outcomes(questions, np.where(given, chances, 0.0), target, np.array(groups)))
    print(f"{len(questions)} questions, {len(target)} samples, {int(target.sum())} right answers")
    _show("ranker", ranker, "MIN_PROBABILITY", least, merit, len(questions))

    # The second model reads the best answers as the fitted ranker scores them.
    rank.RANKER, rank.MIN_PROBABILITY = ranker, least
    samples, labels, firsts = [], [], []
    for number, text, reading, plan in parts:
        relevant = [row for row in index.scored(text, plan) if row.relevant]
        if relevant:
            values = rank.answerable_signals(reading, relevant[0], relevant[1] if len(relevant) > 1 else None)
            samples.append([values[name] for name in ANSWERABLE_SIGNALS])
            labels.append(questions[number].answerable)
            firsts.append((number, is_right(questions[number], relevant[0].claim, spans)))
    features, target = np.array(samples), np.array(labels, dtype=float)
    answerable = fit(features, target, ANSWERABLE_SIGNALS)
    chances = _chances(answerable, features)
    # A question is answered by its first part the second model lets through.
    outcomes: dict[int, list[tuple[float, bool]]] = {number: [] for number in range(len(questions))}
    for (number, right), chance in zip(firsts, chances, strict=True):
        outcomes[number].append((float(chance), right))
    least_answerable, merit = best_threshold(questions, outcomes)
    _show("answerable", answerable, "MIN_ANSWERABLE", least_answerable, merit, len(questions))
    if arguments.write:
        write(ranker, least, answerable, least_answerable)


def _chances(model: rank.Logistic, features: np.ndarray) -> np.ndarray:
    """The model's probability for each row of signals (in the order of its weights)."""
    return 1 / (1 + np.exp(-(model.intercept + features @ np.array(list(model.weights.values())))))


def _parts(index: QueryIndex, question: str):
    """Each part of a question the store does not decline at once, with its reading and plan."""
    for text in split_parts(question):
        reading = interpret(index, text)
        plan = make_plan(index, text, reading, None)
        if not reason_to_decline(reading, plan):
            yield text, reading, plan


def _outcomes(questions, chances, target, groups) -> dict[int, list[tuple[float, bool]]]:
    """Per question, its best claim's chance and whether that claim is right."""
    outcomes: dict[int, list[tuple[float, bool]]] = {}
    for number in range(len(questions)):
        mine = groups == number
        best = int(chances[mine].argmax()) if mine.any() else None
        outcomes[number] = [] if best is None else [(float(chances[mine][best]), bool(target[mine][best]))]
    return outcomes


def _show(name: str, model: rank.Logistic, least_name: str, least: float, merit: int, count: int) -> None:
    print(f"{name}: intercept {model.intercept:+.4f}")
    for signal, weight in model.weights.items():
        print(f"  {signal:14} {weight:+.4f}")
    print(f"{least_name} = {least:.2f} (figure of merit {merit} on {count} questions)")


RANKER_SIGNALS = tuple(rank.signals(None, dict.fromkeys(rank.READINGS, rank.Nearness(0, 0, 1)), True))
ANSWERABLE_SIGNALS = (
    "known_share", "best", "runner_up", *rank.READINGS, "words_score", "actor", "topic", "words", "text",
)


def fit(features: np.ndarray, target: np.ndarray, names: tuple[str, ...]) -> rank.Logistic:
    # Fitted on standardised signals, so the penalty weighs each alike however narrow its range
    # (cosines vary by hundredths); the weights are then turned back to the signals' own scale.
    mean, spread = features.mean(axis=0), features.std(axis=0)
    spread[spread == 0] = 1.0
    design = np.hstack([np.ones((len(features), 1)), (features - mean) / spread])
    penalty = np.diag([0.0] + [PENALTY] * features.shape[1])
    beta = np.zeros(design.shape[1])
    for _ in range(50):
        chance = 1 / (1 + np.exp(-(design @ beta)))
        gradient = design.T @ (chance - target) + penalty @ beta
        hessian = design.T @ (design * (chance * (1 - chance))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = beta[1:] / spread
    intercept = beta[0] - float(weights @ mean)
    return rank.Logistic(round(float(intercept), 4), {name: round(float(weight), 4) for name, weight in zip(names, weights, strict=True)})


def best_threshold(questions, outcomes: dict[int, list[tuple[float, bool]]]) -> tuple[float, int]:
    """The least probability that does best on the questions, given each question's candidate
    first answers in order, as (probability, right): the first at or above the least is the
    answer. An answerable question answered right first counts 1, an unanswerable one declined
    1, and an answerable one refused -2 (the targets allow a third as many refusals as
    unanswerable questions answered). A claim that does not give what is asked for (a date, a
    number) has probability 0: it is never an answer."""
    best = (0.5, -len(questions))
    for threshold in np.arange(0.05, 0.95, 0.01):
        total = 0
        for number, question in enumerate(questions):
            first = next((right for chance, right in outcomes[number] if chance >= threshold), None)
            if question.answerable:
                total += -2 if first is None else first
            else:
                total += first is None
        if total > best[1]:
            best = (round(float(threshold), 2), total)
    return best


def write(ranker: rank.Logistic, least: float, answerable: rank.Logistic, least_answerable: float) -> None:
    with open(RANK_FILE, encoding="utf-8") as handle:
        text = handle.read()
    for name, model in (("RANKER", ranker), ("ANSWERABLE", answerable)):
        listed = "".join(f'        "{signal}": {weight:.4f},\n' for signal, weight in model.weights.items())
        written = f"{name} = Logistic(\n    intercept={model.intercept:.4f},\n    weights={{\n{listed}    }},\n)\n"
        text = re.sub(rf"^{name} = Logistic\(\n.*?^\)\n", written, text, count=1, flags=re.S | re.M)
    text = re.sub(r"MIN_PROBABILITY = .*\n", f"MIN_PROBABILITY = {least:.2f}\n", text, count=1)
    text = re.sub(r"MIN_ANSWERABLE = .*\n", f"MIN_ANSWERABLE = {least_answerable:.2f}\n", text, count=1)
    with open(RANK_FILE, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
