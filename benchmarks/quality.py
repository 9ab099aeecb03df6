"""Answer quality on question sets: hit@1, hit@3, MRR, refusals, declines, hit@1 by style, reliability.

usage: python benchmarks/quality.py [--misses] [--words-only] [QUESTIONS.yaml ...]

By default it measures every set in tests/:
  questions.yaml, questions_second.yaml   written from the articles, used for tuning
  questions_dev.yaml, questions_tune3.yaml
                                          written from the articles alone, used for tuning
  questions_validation.yaml               written from the articles alone; its questions never
                                          read while tuning, its overall figures watched
  questions_holdout.yaml                  written separately, never used for tuning
  questions_blind.yaml                    written from the articles alone by someone who never
                                          saw the code or the store; never used for tuning
  questions_blind2.yaml                   the same, by another writer, before answers by meaning
The held-out and blind figures are the honest estimate of how answers generalise. The
reliability line says how often an answer is right by its score, over every answer given.
--words-only measures the word-level reader alone, as where the sentence model cannot run.
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from berlintalks.evaluate import evaluate, load_questions
from berlintalks.files import read_store
from berlintalks.paths import bundled_store_path
from berlintalks.query import QueryIndex
from berlintalks.semantic import read_by_meaning
from berlintalks.store import parse_store

ROOT = Path(__file__).resolve().parents[1]
SETS = (
    "questions.yaml", "questions_second.yaml", "questions_dev.yaml", "questions_tune3.yaml", "questions_validation.yaml",
    "questions_holdout.yaml", "questions_blind.yaml", "questions_blind2.yaml",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="*", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the questions not answered right")
    parser.add_argument("--words-only", action="store_true", help="rank by the word-level reader alone")
    arguments = parser.parse_args()
    paths = arguments.questions or [ROOT / "tests" / name for name in SETS if (ROOT / "tests" / name).exists()]
    stored = read_store(bundled_store_path())
    index = QueryIndex(parse_store(stored))
    if not arguments.words_only:
        index.meaning = read_by_meaning(index.store, stored.data)
    for path in paths:
        figures = evaluate(index, load_questions(path))
        right, wrong = figures.first_scores()
        print(path.name)
        print(f"  answerable questions   {figures.answerable}")
        print(f"  hit@1                  {figures.hit_at_1:.3f}")
        print(f"  hit@3                  {figures.hit_at_3:.3f}")
        print(f"  MRR                    {figures.mrr:.3f}")
        print(f"  answerable refused     {figures.refused} ({figures.refused / max(figures.answerable, 1):.1%})")
        print(f"  unanswerable questions {figures.unanswerable}")
        print(f"  declined               {figures.declined} ({figures.declined / max(figures.unanswerable, 1):.1%})")
        print("  hit@1 by style         " + ", ".join(
            f"{style or '-'} {hits}/{total}" for style, (hits, total) in figures.hit_at_1_by_style().items()
        ))
        print(f"  first-answer score     right: {_spread(right)}; wrong: {_spread(wrong)}")
        print("  reliability            " + ", ".join(
            f"{low:.1f}-{high:.1f} {hits}/{total}" + (f" ({hits / total:.0%})" if total else "")
            for low, high, hits, total in figures.reliability()
        ))
        if arguments.misses:
            for outcome in figures.misses:
                question = outcome.question
                expected = f"rank {outcome.rank}" if question.answerable else "decline"
                print(f"  - [{question.style}] {question.question!r}: {expected}; got {list(outcome.answered_with)}")


def _spread(scores: list[float]) -> str:
    """Median and quartiles of the scores."""
    if len(scores) < 2:
        return f"n={len(scores)}"
    low, median, high = statistics.quantiles(scores, n=4)
    return f"n={len(scores)} median {median:.2f} (quartiles {low:.2f}-{high:.2f})"


if __name__ == "__main__":
    main()
