"""Answer quality on question sets: hit@1, hit@3, MRR and declines.

usage: python benchmarks/quality.py [--misses] [QUESTIONS.yaml ...]

By default it measures tests/questions.yaml, the set the tests hold to;
tests/questions_second.yaml, written later and also used for tuning; and
tests/questions_holdout.yaml, written separately and never used for tuning: the
gap between the tuned sets and the held-out one is the honest estimate of how
answers generalise.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from berlintalks.evaluate import evaluate, load_questions
from berlintalks.paths import bundled_store_path
from berlintalks.query import QueryIndex
from berlintalks.store import load_store

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "questions",
        nargs="*",
        type=Path,
        default=[ROOT / "tests" / name for name in ("questions.yaml", "questions_second.yaml", "questions_holdout.yaml")],
    )
    parser.add_argument("--misses", action="store_true", help="list the questions not answered right")
    arguments = parser.parse_args()
    index = QueryIndex(load_store(bundled_store_path()))
    for path in arguments.questions:
        figures = evaluate(index, load_questions(path))
        print(path.name)
        print(f"  answerable questions   {figures.answerable}")
        print(f"  hit@1                  {figures.hit_at_1:.3f}")
        print(f"  hit@3                  {figures.hit_at_3:.3f}")
        print(f"  MRR                    {figures.mrr:.3f}")
        print(f"  unanswerable questions {figures.unanswerable}")
        print(f"  declined               {figures.declined} ({figures.declined / max(figures.unanswerable, 1):.1%})")
        if arguments.misses:
            for outcome in figures.misses:
                question = outcome.question
                expected = "decline" if not question.answers else f"rank {outcome.rank}"
                print(f"  - [{question.style}] {question.question!r}: {expected}; got {list(outcome.answered_with)}")

if __name__ == "__main__":
    main()
