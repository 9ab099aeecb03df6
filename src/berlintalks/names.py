"""Resolve the names people type (ids, names, aliases, misspellings) to the store's entries.

rapidfuzz is imported only once a name is not found as typed: a command given a known name,
or none, starts without it.
"""

from __future__ import annotations

from collections import defaultdict

from .errors import UnknownName
from .model import Actor, ClaimKind, Source, Store, Topic
from .text import tokens

#: Names shorter than this are never fuzzily matched: too many short words look alike.
MIN_FUZZY_LENGTH = 5
#: The least rapidfuzz ratio for a misspelled name.
MIN_FUZZY_RATIO = 80.0
#: The least rapidfuzz ratio for a name to be offered as "did you mean", and how many are.
MIN_SUGGESTION_RATIO = 60.0
SUGGESTIONS = 3


def phrase(name: str) -> tuple[str, ...]:
    """A name as folded words, without a leading "the"."""
    words = tokens(name)
    return tuple(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


class Names:
    """Alias tables for a store's actors, topics, sources and claim kinds."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.alias_actor: dict[tuple[str, ...], str] = {}
        for actor in store.actors:
            for name in (actor.id.replace("-", " "), actor.name, *actor.aliases):
                self.alias_actor.setdefault(phrase(name), actor.id)
        self.alias_actor.pop((), None)
        self.first_words = frozenset(key[0] for key in self.alias_actor)
        self.alias_words: dict[str, set[str]] = defaultdict(set)
        for key, actor_id in self.alias_actor.items():
            self.alias_words[actor_id].update(key)
        self.fuzzy_aliases = sorted(
            {" ".join(key) for key in self.alias_actor if len(" ".join(key)) >= MIN_FUZZY_LENGTH}
        )
        self.ancestors = {actor.id: self._ancestors(actor.id) for actor in store.actors}

    def _ancestors(self, actor_id: str) -> tuple[str, ...]:
        """The actors ``actor_id`` belongs to, nearest first (a person's group, then its state)."""
        line: list[str] = []
        affiliation = self.store.actor_by_id[actor_id].affiliation
        while affiliation and affiliation not in line and affiliation != actor_id:
            line.append(affiliation)
            affiliation = self.store.actor_by_id[affiliation].affiliation
        return tuple(line)

    def fuzzy_actor(self, text: str) -> tuple[str, str, float] | None:
        """(actor id, alias, ratio / 100) for the alias ``text`` is a misspelling of, if any."""
        if len(text) < MIN_FUZZY_LENGTH:
            return None
        from rapidfuzz import fuzz, process

        best = process.extractOne(text, self.fuzzy_aliases, scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_RATIO)
        if not best:
            return None
        return self.alias_actor[tuple(best[0].split())], best[0], round(best[1] / 100, 2)

    def actor(self, name: str) -> Actor:
        """The actor a name stands for, by id, name, alias or a close misspelling of one."""
        words = phrase(name)
        actor_id = self.alias_actor.get(words)
        if actor_id is None:
            fuzzy = self.fuzzy_actor(" ".join(words))
            actor_id = fuzzy[0] if fuzzy else None
        if actor_id is None:
            table = {" ".join(key): actor_id for key, actor_id in self.alias_actor.items()}
            raise UnknownName("party", name, suggestions=nearest(name, table))
        return self.store.actor_by_id[actor_id]

    def topic(self, name: str) -> Topic:
        table = {
            " ".join(phrase(alias)): topic.id
            for topic in self.store.topics
            for alias in (topic.id.replace("-", " "), topic.name, *topic.aliases)
        }
        topic_id = _lookup(table, name)
        if topic_id is None:
            raise UnknownName("topic", name, suggestions=nearest(name, table))
        return self.store.topic_by_id[topic_id]

    def source(self, name: str) -> Source:
        table = {}
        for source in self.store.sources:
            for alias in (source.id, source.path, source.path.rsplit("/", 1)[-1], source.title):
                table[" ".join(phrase(alias))] = source.id
        source_id = _lookup(table, name)
        if source_id is None:
            raise UnknownName("source", name, suggestions=nearest(name, table))
        return self.store.source_by_id[source_id]


def kind(name: str) -> ClaimKind:
    table = {kind.value: kind.value for kind in ClaimKind}
    value = _lookup(table, name)
    if value is None:
        raise UnknownName("kind", name, known=", ".join(table))
    return ClaimKind(value)


def nearest(name: str, table: dict[str, str]) -> tuple[str, ...]:
    """The ids whose names in ``table`` (folded name -> id) are nearest to ``name``, best first;
    none when nothing is near."""
    from rapidfuzz import fuzz, process

    found = process.extract(
        " ".join(phrase(name)), list(table), scorer=fuzz.ratio, limit=None, score_cutoff=MIN_SUGGESTION_RATIO
    )
    return tuple(dict.fromkeys(table[match[0]] for match in found))[:SUGGESTIONS]


def _lookup(table: dict[str, str], name: str) -> str | None:
    key = " ".join(phrase(name))
    if key in table:
        return table[key]
    from rapidfuzz import fuzz, process

    best = process.extractOne(key, list(table), scorer=fuzz.ratio, score_cutoff=MIN_FUZZY_RATIO)
    return table[best[0]] if best else None
