"""What a store's claims say, worked out once and cached: the tables every stage of answering
looks things up in, and the reading of the names in a claim that building them needs."""

from __future__ import annotations

import functools
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .. import english, lexicon, neighbours
from ..model import Store
from ..names import Names, phrase
from ..text import fold, stem, tokens
from .records import MEMBER, SAME, SIBLING, SPEAKS_FOR, ClaimFacts

#: Words shorter than this are never corrected: too many short words are one slip apart.
MIN_CORRECTED_LENGTH = 4


#: "us" is the United States unless a verb or preposition makes it the pronoun.
PRONOUN_US_AFTER = frozenset(
    "tell give show let help for to with of about among between against told gave showed helps join".split()
)


#: Verbs that, early in a claim, say what its subject is.
COPULAS = frozenset({"is", "are", "was", "were", "functions", "serves", "acts", "remains"})


DEFINITION_REACH = 8


def actors_named(index: IndexTables, words: list[str]) -> list[str]:
    found = []
    first_words = index.names.first_words
    for start in [position for position, word in enumerate(words) if word in first_words]:
        for length in range(min(index.longest_alias, len(words) - start), 0, -1):
            actor = index.alias_actor.get(tuple(words[start : start + length]))
            if actor and not is_pronoun_us(words, start, length):
                found.append(actor)
                break
    return found


def actors_defined(index: IndexTables, words: list[str]) -> list[str]:
    """The actor a sentence opens by defining: "NATO primarily functions as a ...", "X is a ..."."""
    for position, word in enumerate(words[:DEFINITION_REACH]):
        if word in COPULAS and words[position + 1 : position + 2] in (["a"], ["an"], ["the"], ["as"]):
            subject = [w for w in words[:position] if not w.endswith("ly") and w != "the"]
            named = set(actors_named(index, subject))
            # Only when the words before the verb are all names of that one actor.
            if len(named) == 1 and set(subject) <= index.names.alias_words[next(iter(named))]:
                return list(named)
            return []
    return []


def is_pronoun_us(words: list[str], start: int, length: int) -> bool:
    return length == 1 and words[start] == "us" and start > 0 and words[start - 1] in PRONOUN_US_AFTER


class Postings:
    """Claim positions by key (concept, actor or topic), as compact arrays of unsigned ints.

    From the cache they arrive as bytes, and become arrays only when a question needs them.
    """

    __slots__ = ("_table",)

    def __init__(self, table: dict[str, array | bytes]) -> None:
        self._table = table

    def get(self, key: str) -> Sequence[int]:
        value = self._table.get(key)
        if value is None:
            return ()
        if isinstance(value, bytes):
            value = self._table[key] = array("I", value)
        return value

    def count(self, key: str) -> int:
        value = self._table.get(key)
        if value is None:
            return 0
        return len(value) // array("I").itemsize if isinstance(value, bytes) else len(value)

    def __contains__(self, key: str) -> bool:
        return key in self._table


class IndexTables:
    """Everything a question needs, precomputed from a store.

    The per-claim part, the costly one, is ``state``: plain data that can be cached
    and handed back to skip the work (see ``cache``).
    """

    def __init__(self, store: Store, state: dict[str, Any] | None = None) -> None:
        self.store = store
        self.actor_by_id = store.actor_by_id
        self.names = Names(store)
        self.ancestors = self.names.ancestors
        self.alias_actor = self.names.alias_actor
        self.alias_topic: dict[tuple[str, ...], str] = {}
        for topic in store.topics:
            for name in (topic.name, topic.id.replace("-", " "), *topic.aliases):
                self.alias_topic.setdefault(tuple(stem(word) for word in phrase(name)), topic.id)
        self.alias_topic.pop((), None)
        self.longest_alias = max((len(key) for key in (*self.alias_actor, *self.alias_topic)), default=1)
        self.state = state if state is not None else self._index_claims()
        facts = self.state["facts"]
        # From the cache, facts come as a lazy sequence already decoded into ClaimFacts.
        self.facts: Sequence[ClaimFacts] = [ClaimFacts(*f) for f in facts] if isinstance(facts, list) else facts
        self.by_concept = Postings(self.state["by_concept"])
        self.by_actor = Postings(self.state["by_actor"])
        self.by_topic = Postings(self.state["by_topic"])
        self.vocabulary: frozenset[str] = self.state["vocabulary"]
        self.known_stems: frozenset[str] = self.state["known_stems"]
        self.spellable: list[str] = self.state["spellable"]
        self.world_names = frozenset(self.state["world_names"])
        self.chat_forms = {short: long.split() for short, long in zip(self.state["chat_short"], self.state["chat_long"], strict=True)}
        self.max_idf = math.log(1 + max(len(store.claims), 1))

    def says(self, position: int, test: Callable[[str], bool]) -> bool:
        """Whether a claim's text and passages pass ``test`` (a time, a date, a number, a reason,
        a place).

        Worked out for the claims a question scores, not for every claim at load."""
        claim = self.store.claims[position]
        return test(" ".join((claim.text, *(citation.quote for citation in claim.citations))))

    def idf(self, item: str) -> float:
        """How rare a concept is among the claims: rarer concepts say more."""
        count = self.by_concept.count(item)
        return math.log(1 + len(self.store.claims) / count) if count else self.max_idf

    def _index_claims(self) -> dict[str, Any]:
        """Facts, postings and vocabulary of every claim, as plain data."""
        store = self.store
        vocabulary: set[str] = set()
        facts = []
        by_concept: dict[str, list[int]] = defaultdict(list)
        by_actor: dict[str, list[int]] = defaultdict(list)
        by_topic: dict[str, list[int]] = defaultdict(list)
        for position, claim in enumerate(store.claims):
            text_words = tokens(claim.text)
            quote_words = [word for citation in claim.citations for word in tokens(citation.quote)]
            words = text_words + quote_words
            vocabulary.update(words)
            concepts = frozenset(map(stem, set(words) - lexicon.STOPWORDS))
            quoted = frozenset(actors_named(self, quote_words))
            mentioned = (frozenset(actors_named(self, text_words)) | quoted) - {claim.actor}
            facts.append(
                (
                    concepts,
                    " ".join(text_words),
                    mentioned,
                    quoted,
                    frozenset(actors_defined(self, text_words)),
                )
            )
            for item in concepts:
                by_concept[item].append(position)
            for actor_id in {claim.actor, *mentioned} - {None}:
                by_actor[actor_id].append(position)
            for topic_id in claim.topics:
                by_topic[topic_id].append(position)
        for source in store.sources:
            vocabulary.update(tokens(source.text))
        for key in self.alias_actor:
            vocabulary.update(key)
        for topic in store.topics:
            vocabulary.update(word for name in (topic.name, *topic.aliases) for word in tokens(name))
        spellable = sorted(word for word in vocabulary if word.isalpha() and len(word) >= MIN_CORRECTED_LENGTH)
        known_stems = frozenset(stem(word) for word in vocabulary)
        chat = english.chat_forms()
        return {
            "facts": facts,
            "by_concept": {key: array("I", positions) for key, positions in by_concept.items()},
            "by_actor": {key: array("I", positions) for key, positions in by_actor.items()},
            "by_topic": {key: array("I", positions) for key, positions in by_topic.items()},
            "vocabulary": frozenset(vocabulary),
            "known_stems": known_stems,
            "spellable": spellable,
            # Worked out once: telling contractions from words costs a dictionary search each.
            "chat_short": list(chat),
            "chat_long": [" ".join(words) for words in chat.values()],
            # A place the store knows in any form ("Balkans" for "Balkan Wars") is no stranger.
            "world_names": sorted(word for word in _places() if stem(word) not in known_stems),
            **self._ranked_words(
                word for word in vocabulary - _proper_nouns(store) if stem(word) in by_concept
            ),
        }

    @staticmethod
    def _ranked_words(words: Iterable[str]) -> dict[str, Any]:
        """The claims' words the neighbours table holds, with their places in the dictionary."""
        ranked = neighbours.ranks(set(words) - lexicon.STOPWORDS)
        found = sorted(ranked)
        return {"ranked_words": found, "word_ranks": [ranked[word] for word in found]}

    @functools.cached_property
    def _store_word_at(self) -> dict[int, str]:
        return dict(zip(self.state["word_ranks"], self.state["ranked_words"], strict=True))

    def near(self, word: str) -> list[tuple[str, float]]:
        """The claims' words nearest in meaning to ``word`` (a question's), nearest first, with
        how near they are; names are never among them ("China" is not "Russia")."""
        rank = neighbours.rank(word)
        if rank is None:
            return []
        store_word_at = self._store_word_at
        return [(store_word_at[other], similarity) for other, similarity in neighbours.neighbours(rank) if other in store_word_at]

    def related_claims(self, actor_id: str) -> set[int]:
        related = {other for other in self.actor_by_id if self.relation(actor_id, other) > 0}
        return {position for other in related for position in self.by_actor.get(other)}

    def relation(self, asked: str, holder: str | None) -> float:
        if holder is None:
            return 0.0
        if holder == asked:
            return SAME
        asked_line, holder_line = self.ancestors[asked], self.ancestors[holder]
        if asked in holder_line:
            return MEMBER
        if holder in asked_line:
            return SPEAKS_FOR
        if set(asked_line) & set(holder_line):
            return SIBLING
        return 0.0

    def alias_concepts(self, asked: str | None, others: set[str]) -> frozenset[str]:
        wanted = {asked, *others} - {None}
        return frozenset(stem(word) for key, actor in self.alias_actor.items() if actor in wanted for word in key)


def _places() -> set[str]:
    """The words that name a country or its people."""
    return {neighbours.word(rank) for rank in neighbours.places()}


def _proper_nouns(store: Store) -> frozenset[str]:
    """The words the articles and claims write with a capital only: names, which have no synonyms
    ("China" is not "Russia", however near they are in meaning)."""
    texts = [source.text for source in store.sources] + [claim.text for claim in store.claims]
    # Each distinct word is folded once: a large store writes the same words many times over.
    written = set(_CASED_WORD.findall("\n".join(texts)))
    capital = {fold(word) for word in written if word[0].isupper()}
    lower = {fold(word) for word in written if not word[0].isupper()}
    return frozenset(capital - lower)


_CASED_WORD = re.compile(r"[^\W\d_]+")
