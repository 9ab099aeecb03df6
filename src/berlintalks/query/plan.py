"""Planning: what scoring needs to know of a question, worked out once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import english, lexicon
from ..model import ActorKind
from ..text import stem, tokens
from .read import asks_who_did
from .records import MEMBER, MENTIONED, SIBLING, Interpretation, Plan

if TYPE_CHECKING:
    from .tables import IndexTables


#: The weight of a word that only sets a time, as a share of its rarity.
SETTING_WEIGHT = 0.5


#: Similarity (cosine of the words' embeddings) at which a word near in meaning starts earning
#: credit, and below which it earns none.
RELATED_FLOOR, RELATED_MIN = 0.4, 0.5


def make_plan(index: IndexTables, question: str, reading: Interpretation, party: str | None) -> Plan:
    """What scoring needs to know of the question, worked out once."""
    party_id = index.names.actor(party).id if party else None
    subjects = [match.actor for match in reading.actors if not match.is_object]
    asked = subjects[0] if subjects else party_id
    joined: set[str] = set()
    for before, match in zip(reading.actors, reading.actors[1:], strict=False):
        if match.joined:
            joined |= {before.actor, match.actor}
    asks_who = asks_who_did(tokens(question))
    if asks_who:
        # "who wants Ukraine to ...": the answer is a claim about Ukraine, by someone.
        joined |= {match.actor for match in reading.actors}
    analysis = reading.intent in lexicon.ANALYSIS_INTENTS
    topic_words = {stem(word) for match in reading.topics for word in tokens(match.words)}
    # Everyday words the store lacks ("old", "went") are filler, not what is asked about.
    filler = {word for word in reading.unknown_words if english.is_common(word)}
    focus_words = {stem(word): word for word in reading.words if word not in filler}
    focus = tuple(focus_words)
    related = {item: _related(index, word, item) for item, word in focus_words.items()}
    setting = {stem(word) for word in reading.setting}
    return Plan(
        asked=asked,
        party=party_id,
        others=frozenset(match.actor for match in reading.actors) - {asked},
        joined=frozenset(joined - {asked}),
        topics=frozenset(match.topic for match in reading.topics),
        intent=reading.intent,
        kinds=lexicon.INTENT_KINDS.get(reading.intent or "", {}),
        # A party's stance is answered by that party (or its people), not by claims that name it;
        stance=reading.intent in lexicon.STANCE_INTENTS,
        # an analysis (risks, consequences, options) is about a party it names as much as by it,
        mentioned_credit=MEMBER if analysis else MENTIONED,
        # and a general analysis that names no one may still answer it.
        unattributed_credit=SIBLING if analysis else 0.0,
        focus=focus,
        weights={item: index.idf(item) * (SETTING_WEIGHT if item in setting else 1.0) for item in focus},
        related=related,
        counted=frozenset(focus).union(*related.values()),
        # ... and it must say the thing done ("rejected", "led"), not only share the topic.
        predicate=frozenset(
            stem(word) for word in reading.words if word not in filler and stem(word) not in topic_words
        )
        if asks_who
        else frozenset(),
        text=" ".join(word for word in tokens(question) if word not in lexicon.STOPWORDS),
        members_wanted=bool(
            # "which European leaders ...", "who are the US envoys": the group's people answer.
            asked and tokens(question)[:1] in (["which"], ["who"]) and index.actor_by_id[asked].kind is not ActorKind.PERSON
        ),
        asks_who=asks_who,
    )


def _related(index: IndexTables, word: str, item: str) -> dict[str, float]:
    """The claims' stems near ``word`` in meaning, each with its credit."""
    related: dict[str, float] = {}
    for near, similarity in index.near(word):
        if similarity < RELATED_MIN:
            break
        other = stem(near)
        related[other] = max(related.get(other, 0.0), (similarity - RELATED_FLOOR) / (1 - RELATED_FLOOR))
    related.pop(item, None)
    return related
