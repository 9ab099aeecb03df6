"""Scoring: how well one claim answers the question, signal by signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..model import ActorKind
from ..text import (
    gives_reason,
    mentions_date,
    mentions_quantity,
    mentions_time,
)
from .records import CORROBORATION_BONUS, MAX_CORROBORATION, MEMBER, SAME, SIBLING, SPEAKS_FOR, WEIGHTS, Plan, Scored

if TYPE_CHECKING:
    from .index import QueryIndex


#: Credit for another party named only in the claim's own sentence, not in its passages.
QUOTE_SHARE = 0.5


#: The least score an answer may have.
MIN_SCORE = 0.5


#: How much of the question's words a claim outside the topics asked about must contain.
MIN_WORDS_WITHOUT_TOPIC = 0.4


#: How well a claim's holder answers "who": people name who did it, a state or bloc less so.
_HOLDER_CREDIT = {
    ActorKind.PERSON: 1.0, ActorKind.GROUP: 1.0, ActorKind.STATE: 0.8, ActorKind.BLOC: 0.8, ActorKind.ALLIANCE: 0.8
}


#: Questions that ask for a time, a date or a number, and the test an answer must pass.
_CONSTRAINTS = {"time": mentions_time, "date": mentions_date, "number": mentions_quantity}


def score(index: QueryIndex, plan: Plan, position: int) -> Scored | None:
    claim = index.store.claims[position]
    facts = index.facts[position]
    if plan.party and index.relation(plan.party, claim.actor) < MEMBER:
        return None
    signals: dict[str, float] = {}
    if plan.asked:
        relation = index.relation(plan.asked, claim.actor)
        if plan.members_wanted and relation in (SAME, MEMBER):
            relation = MEMBER if relation == SAME else SAME  # "which European leaders": its members
        signals["actor"] = max(
            relation,
            plan.mentioned_credit if plan.asked in facts.mentioned else 0.0,
            plan.unattributed_credit if claim.actor is None else 0.0,
        )
    elif plan.asks_who:
        signals["actor"] = _HOLDER_CREDIT[index.actor_by_id[claim.actor].kind] if claim.actor else 0.0
    if plan.topics:
        shared = len(plan.topics & set(claim.topics)) / len(plan.topics)
        signals["topic"] = shared if claim.topics[0] in plan.topics else 0.8 * shared
    if plan.kinds:
        signals["kind"] = plan.kinds.get(claim.kind.value, plan.kinds.get("*", 0.0))
        if plan.intent == "definition" and plan.asked in facts.defined:
            signals["kind"] = 1.0
        if plan.intent == "reason" and index.says(position, gives_reason):
            signals["kind"] = 1.0  # whatever its kind, a claim that gives a reason answers "why"
    if plan.focus:
        signals["words"] = _overlap(index, plan.weights, facts.concepts)
    if plan.others:
        named = sum(
            1.0 if other == claim.actor or other in facts.quoted else QUOTE_SHARE * (other in facts.mentioned)
            for other in plan.others
        )
        signals["words"] = (signals.get("words", 0.0) + named / len(plan.others)) / (2 if plan.focus else 1)
    signals["text"] = fuzz.token_sort_ratio(plan.text, facts.text) / 100
    total_weight = sum(WEIGHTS[name] for name in signals)
    match = sum(WEIGHTS[name] * value for name, value in signals.items()) / total_weight
    # Between near-equals, the claim more sources report comes first.
    signals["sources"] = min(len(claim.source_ids) - 1, 4)
    score = (1 - MAX_CORROBORATION) * match + CORROBORATION_BONUS * signals["sources"]
    relevant = (
        match >= MIN_SCORE
        and all(other in facts.mentioned or index.relation(other, claim.actor) >= MEMBER for other in plan.joined)
        and (not plan.predicate or (claim.actor is not None and bool(plan.predicate & facts.concepts)))
        and (not plan.asked or signals["actor"] >= (SPEAKS_FOR if plan.stance and claim.actor else SIBLING))
        and (not plan.topics or signals["topic"] > 0 or signals.get("words", 0) >= MIN_WORDS_WITHOUT_TOPIC)
        and (plan.intent not in _CONSTRAINTS or index.says(position, _CONSTRAINTS[plan.intent]))
    )
    return Scored(position, claim, signals, score, relevant)


def _overlap(index: QueryIndex, weights: dict[str, float], concepts: frozenset[str]) -> float:
    """The rarity-weighted share of the question's concepts (``weights``) found in ``concepts``.

    The share is of at least one rarest word's weight, so that matching only words
    found all over the store ("peace", "talks") is weak evidence.
    """
    found = sum(weight for item, weight in weights.items() if item in concepts)
    return found / max(sum(weights.values()), index.max_idf)
