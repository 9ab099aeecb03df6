"""Scoring: how well one claim answers the question, signal by signal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from ..model import ActorKind
from ..text import (
    counts_any,
    gives_reason,
    mentions_date,
    mentions_time,
    names_place,
)
from .records import MEMBER, SAME, WEIGHTS, Plan, Scored

if TYPE_CHECKING:
    from .tables import IndexTables


#: Credit for another party named only in the claim's own sentence, not in its passages.
QUOTE_SHARE = 0.5


#: The least score an answer may have.
MIN_SCORE = 0.5


#: How well a claim's holder answers "who": people name who did it, a state or bloc less so.
_HOLDER_CREDIT = {
    ActorKind.PERSON: 1.0, ActorKind.GROUP: 1.0, ActorKind.STATE: 0.8, ActorKind.BLOC: 0.8, ActorKind.ALLIANCE: 0.8
}


#: Questions that ask for a time, a date or a place, and the test an answer's passages must pass.
_CONSTRAINTS = {"time": mentions_time, "date": mentions_date, "place": names_place}


def score(index: IndexTables, plan: Plan, position: int) -> Scored | None:
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
    if plan.joined and "actor" in signals:
        # "Russia and Ukraine": a claim that involves only one of them answers half the question.
        involved = sum(other in facts.mentioned or index.relation(other, claim.actor) >= MEMBER for other in plan.joined)
        signals["actor"] *= (1 + involved / len(plan.joined)) / 2
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
        signals["words"] = _overlap(index, plan, facts.concepts)
    if plan.others:
        named = sum(
            1.0 if other == claim.actor or other in facts.quoted else QUOTE_SHARE * (other in facts.mentioned)
            for other in plan.others
        )
        signals["words"] = (signals.get("words", 0.0) + named / len(plan.others)) / (2 if plan.focus else 1)
    signals["text"] = fuzz.token_sort_ratio(plan.text, facts.text) / 100
    total_weight = sum(WEIGHTS[name] for name in signals)
    match = sum(WEIGHTS[name] * value for name, value in signals.items()) / total_weight
    matched = match >= MIN_SCORE
    return Scored(position, claim, signals, match, matched, matched and gives(index, plan, position))


def gives(index: IndexTables, plan: Plan, position: int) -> bool:
    """Whether the claim gives what the question asks for: a time or a date for "when", a place
    for "where", a number of the thing asked about for "how many" (not merely any number);
    anything else for the rest."""
    if plan.intent == "number":
        return index.says(position, lambda text: counts_any(text, plan.counted))
    return plan.intent not in _CONSTRAINTS or index.says(position, _CONSTRAINTS[plan.intent])


def _overlap(index: IndexTables, plan: Plan, concepts: frozenset[str]) -> float:
    """The rarity-weighted share of the question's concepts found in ``concepts``, a concept
    near in meaning earning part of the credit.

    The share is of at least one rarest word's weight, so that matching only words
    found all over the store ("peace", "talks") is weak evidence.
    """
    found = 0.0
    for item, weight in plan.weights.items():
        if item in concepts:
            found += weight
        else:
            found += weight * max((credit for other, credit in plan.related[item].items() if other in concepts), default=0.0)
    return found / max(sum(plan.weights.values()), index.max_idf)
