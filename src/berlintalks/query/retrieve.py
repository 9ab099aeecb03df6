"""Retrieval: the claims worth scoring for a question, found through the postings."""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .records import Plan

if TYPE_CHECKING:
    from .tables import IndexTables


#: Claims scored at most for one question; in a large store, those sharing most with it.
MAX_SCORED = 2000


def candidates(index: IndexTables, plan: Plan) -> set[int] | list[int]:
    """Claims that share the asked party, a topic or a concept with the question.

    Only these are scored; when there are more than MAX_SCORED (in a large store), those
    that share the most with the question are kept, so a question costs about the same
    whatever the size of the store.
    """
    postings: list[Iterable[int]] = [index.related_claims(plan.asked)] if plan.asked else []
    postings += [index.by_topic.get(topic) for topic in plan.topics]
    postings += [index.by_concept.get(item) for item in plan.focus]
    postings += [index.by_concept.get(other) for item in plan.focus for other in plan.related[item]]
    candidates: set[int] = set()
    for positions in postings:
        candidates.update(positions)
    if len(candidates) <= MAX_SCORED:
        return candidates
    shared: Counter[int] = Counter()
    for positions in postings:
        shared.update(positions)
    return heapq.nlargest(MAX_SCORED, candidates, key=lambda position: (shared[position], -position))
