"""Deciding: whether the store can answer at all, and the answers or the reason it cannot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from ..model import Claim
from ..text import fold
from .rank import ANSWERABLE, MIN_ANSWERABLE, RANKER, answerable_signals
from .records import SIBLING, Answer, Interpretation, Part, Plan, Result, Scored, Suggestion

if TYPE_CHECKING:
    from .tables import IndexTables


#: Words quoted at most when saying why a question was declined.
MAX_REASON_WORDS = 5


#: What a question asks for that an answer's passages must give, as the reason it is declined says it.
_ASKED_FOR = {"number": "the number asked for", "date": "a date", "time": "a time", "place": "a place"}


#: The least share of the question's meaningful words the store must know: one ordinary word
#: the store lacks does not make a question unanswerable, most of them do.
MIN_COVERAGE = 0.5


def reason_to_decline(reading: Interpretation, plan: Plan) -> str | None:
    """Why the store cannot answer the question at all, before any claim is scored."""
    if reading.unknown_names:
        return f"the articles do not mention {_quoted(reading.unknown_names)}"
    if not (plan.asked or plan.topics or plan.focus):
        return "the question names nothing the store knows"
    if reading.known_share < MIN_COVERAGE:
        return f"the store has nothing on {_quoted(reading.unknown_words)}"
    return None


def decline(
    index: IndexTables, question: str, reading: Interpretation, reason: str, nearest: list[Claim] | None = None
) -> Result:
    """A result with no answer: the nearest claims as suggestions; when none was looked for
    (``nearest`` None), the topics nearest in words."""
    suggestions = [Suggestion("claim", claim.id, claim.text) for claim in nearest or ()]
    if nearest is None:
        names = {topic.id: topic.name for topic in index.store.topics}
        choices = {topic.id: " ".join((topic.name, *topic.aliases)) for topic in index.store.topics}
        for _, _, topic_id in process.extract(fold(question), choices, scorer=fuzz.token_set_ratio, limit=3):
            suggestions.append(Suggestion("topic", topic_id, names[topic_id]))
    return Result(question, reading, (), tuple(suggestions), reason)


def answer(
    index: IndexTables, question: str, reading: Interpretation, plan: Plan, scored: list[Scored], top: int
) -> Result:
    """The ``top`` best relevant claims of those scored (best first), or why none answers."""
    relevant = [row for row in scored if row.relevant]
    if relevant and relevant[0].ranked is not None:
        chance = ANSWERABLE.probability(answerable_signals(reading, relevant[0], relevant[1] if len(relevant) > 1 else None))
        if chance < MIN_ANSWERABLE:
            return decline(index, question, reading, "no claim comes near enough to what is asked", [row.claim for row in relevant[:3]])
    relevant = relevant[:top]
    if not relevant:
        reason = "no claim answers every part of the question"
        if plan.asked and not any(row.signals.get("actor", 0) >= SIBLING for row in scored):
            reason = f"the store holds nothing from {index.actor_by_id[plan.asked].name} on this"
        elif plan.intent in _ASKED_FOR and any(row.matched for row in scored):
            reason = f"no passage gives {_ASKED_FOR[plan.intent]}"
        return decline(index, question, reading, reason, [row.claim for row in scored[:3]] or None)
    highlight = frozenset(plan.focus) | index.alias_concepts(plan.asked, plan.others)
    answers = tuple(
        Answer(rank, row.claim, round(row.score, 3), row.signal_shares(), highlight, base=RANKER.intercept if row.ranked else None)
        for rank, row in enumerate(relevant, start=1)
    )
    return Result(question, reading, answers, (), None)


def combine(question: str, results: list[Result], top: int) -> Result:
    """The answers to a question in several parts: each part's in turn, each marked with its part.

    Unanswered when no part is answered."""
    parts = tuple(
        Part(number, result.question, result.interpretation, result.reason)
        for number, result in enumerate(results, start=1)
    )
    answers = [
        answer._replace(part=number) for number, result in enumerate(results, start=1) for answer in result.answers
    ]
    if not answers:
        return results[0]._replace(question=question, parts=parts)
    ranked = tuple(answer._replace(rank=rank) for rank, answer in enumerate(answers[:top], start=1))
    return Result(question, results[0].interpretation, ranked, (), None, parts)


def _quoted(words: Iterable[str]) -> str:
    """The distinct words, quoted, the first few of them."""
    distinct = list(dict.fromkeys(words))
    shown = ", ".join(repr(_clip(word)) for word in distinct[:MAX_REASON_WORDS])
    return shown + (f" and {len(distinct) - MAX_REASON_WORDS} more" if len(distinct) > MAX_REASON_WORDS else "")


def _clip(word: str, limit: int = 30) -> str:
    return word if len(word) <= limit else word[: limit - 1] + "…"
