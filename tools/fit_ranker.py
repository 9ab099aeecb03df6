"""Fit the ranker's weights (src/berlintalks/query/rank.py) on the tuned question sets.

usage: python tools/fit_ranker.py [--write]

For every question of the tuned sets (tests/questions.yaml, questions_second.yaml,
questions_dev.yaml; never a held-out one), each claim the ranker would score is a sample: its
signals, and whether it is a right answer. A logistic model is fitted to them (L2-regularised,
by Newton's method), so its output is the probability that a claim answers; then the least
probability an answer may have is chosen to get the most questions right: answerable ones
answered, unanswerable ones declined. --write puts the figures into rank.py.
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

TUNED = ("questions.yaml", "questions_second.yaml", "questions_dev.yaml")
RANK_FILE = os.path.join(ROOT, "src", "berlintalks", "query", "rank.py")
#: L2 penalty on the weights (not the intercept).
PENALTY = 0.3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the fitted figures into rank.py")
    arguments = parser.parse_args()
    stored = read_store(os.path.join(ROOT, "data", "claims.yaml"))
    index = QueryIndex(parse_store(stored))
    index.meaning = read_by_meaning(index.store, stored.data)
    samples, labels, groups, given = [], [], [], []
    questions = [q for name in TUNED for q in load_questions(Path(ROOT, "tests", name))]
    spans = passage_spans(index.store, questions)
    for number, question in enumerate(questions):
        for text in split_parts(question.question):
            reading = interpret(index, text)
            plan = make_plan(index, text, reading, None)
            if reason_to_decline(reading, plan):
                continue
            for row in index.scored(text, plan):
                samples.append([row.signals[name] for name in NAMES])
                labels.append(question.answerable and is_right(question, row.claim, spans))
                groups.append(number)
                given.append(gives(index, plan, row.position))
    features, target = np.array(samples), np.array(labels, dtype=float)
    intercept, weights = fit(features, target)
    chances = 1 / (1 + np.exp(-(intercept + features @ weights)))
    threshold, right = best_threshold(questions, np.where(given, chances, 0.0), target, np.array(groups))
    print(f"{len(questions)} questions, {len(target)} samples, {int(target.sum())} right answers")
    print(f"INTERCEPT = {intercept:.4f}")
    for name, weight in zip(NAMES, weights, strict=True):
        print(f"  {name:14} {weight:+.4f}")
    print(f"MIN_PROBABILITY = {threshold:.2f} (figure of merit {right} on {len(questions)} questions)")
    if arguments.write:
        write(intercept, dict(zip(NAMES, weights, strict=True)), threshold)


NAMES = tuple(rank.signals(None, rank.Nearness(0, 0, 0, 0, 1, 1), True))


def fit(features: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    design = np.hstack([np.ones((len(features), 1)), features])
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
    return float(beta[0]), beta[1:]


def best_threshold(questions, chances, target, groups) -> tuple[float, int]:
    """The least probability an answer may have that does best on the questions: an answerable
    question answered right first counts 1, an unanswerable one declined 1, and an answerable
    one refused -2 (the targets allow a third as many refusals as unanswerable questions
    answered). A claim that does not give what is asked for (a date, a number) counts as 0: it
    is never an answer."""
    best = (0.5, -len(questions))
    for threshold in np.arange(0.05, 0.95, 0.01):
        total = 0
        for number, question in enumerate(questions):
            mine = groups == number
            top = chances[mine].max(initial=0.0)
            if question.answerable:
                if top < threshold:
                    total -= 2
                else:
                    total += bool(target[mine][chances[mine].argmax()])
            else:
                total += top < threshold
        if total > best[1]:
            best = (round(float(threshold), 2), total)
    return best


def write(intercept: float, weights: dict[str, float], threshold: float) -> None:
    with open(RANK_FILE, encoding="utf-8") as handle:
        text = handle.read()
    listed = "".join(f'    "{name}": {weight:.4f},\n' for name, weight in weights.items())
    text = re.sub(r"INTERCEPT = .*\n", f"INTERCEPT = {intercept:.4f}\n", text, count=1)
    text = re.sub(r"COEFFICIENTS: dict\[str, float\] = \{.*?\}\n", f"COEFFICIENTS: dict[str, float] = {{\n{listed}}}\n", text, count=1, flags=re.S)
    text = re.sub(r"MIN_PROBABILITY = .*\n", f"MIN_PROBABILITY = {threshold:.2f}\n", text, count=1)
    with open(RANK_FILE, "w", encoding="utf-8") as handle:
        handle.write(text)


if __name__ == "__main__":
    main()
