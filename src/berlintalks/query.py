"""Answer a question typed in the terminal with the claims that answer it, or decline.

A question is read into an interpretation: the actors it names (by any alias,
fuzzily), what it asks (an intent that prefers some claim kinds), the topics
it touches, and its remaining words, spelling-corrected against the store's
own vocabulary. Each claim is scored on those signals; only claims that match
every part of the question the store understood may answer it.
"""

from __future__ import annotations

import heapq
import math
import operator
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from . import english, lexicon, vectors
from .model import ActorKind, Claim, Store
from .names import MIN_FUZZY_LENGTH, MIN_FUZZY_RATIO, Names, phrase
from .text import (
    concept,
    fold,
    gives_reason,
    mentions_date,
    mentions_quantity,
    mentions_time,
    stem,
    token_spans,
    tokens,
)

#: Credit for another party named only in the claim's own sentence, not in its passages.
QUOTE_SHARE = 0.5
#: Words this long may be further from the word they misspell.
LONG_WORD = 7
LONG_WORD_RATIO = 75.0
#: How close a misspelling must be to an everyday word (short ones allow one slip).
COMMON_TYPO_RATIO = 85.0
#: Claims scored at most for one question; in a large store, those sharing most with it.
MAX_SCORED = 2000
#: How close in meaning (cosine of word vectors) a claims' word must be to stand for a question's.
MIN_MEANING = 0.6
#: Words this short that are not English and not a misspelling of the store's are chat noise.
MAX_NOISE_LENGTH = 3
#: Words of a question read at most.
MAX_QUESTION_WORDS = 200
#: Words quoted at most when saying why a question was declined.
MAX_REASON_WORDS = 5
#: Added to a claim's score for each source beyond the first that reports it, up to four: the
#: signals' weighted mean makes up the rest of the score.
CORROBORATION_BONUS = 0.01
MAX_CORROBORATION = 4 * CORROBORATION_BONUS
#: Signal weights: the actor and topic asked about count most, then what is asked.
WEIGHTS = {"actor": 0.35, "topic": 0.25, "kind": 0.25, "words": 0.2, "text": 0.1}
#: The least score an answer may have.
MIN_SCORE = 0.5
#: The least share of the question's meaningful words the store must know.
MIN_COVERAGE = 0.5
#: How much of the question's words a claim outside the topics asked about must contain.
MIN_WORDS_WITHOUT_TOPIC = 0.4
#: How an actor relates to the one asked about, as a share of a full actor match.
SAME, MEMBER, SPEAKS_FOR, SIBLING, MENTIONED = 1.0, 0.85, 0.6, 0.5, 0.5
#: Weights of a word the store does not know, as against 1 for one it knows.
UNKNOWN_WORD_WEIGHT = 1.0
COMMON_WORD_WEIGHT = 0.3
#: "us" is the United States unless a verb or preposition makes it the pronoun.
_PRONOUN_US_AFTER = frozenset(
    "tell give show let help for to with of about among between against told gave showed helps join".split()
)


class ActorMatch(NamedTuple):
    actor: str
    words: str
    """The question's words that named the actor."""
    score: float
    """1.0 for an exact alias; the rapidfuzz ratio / 100 for a fuzzy one."""
    alias: str
    is_object: bool = False
    """Named after a preposition ("sanctions against Russia"): the question is not about its stance."""
    joined: bool = False
    """Joined to the actor before it ("Russia and Georgia"): an answer must involve both."""


class TopicMatch(NamedTuple):
    topic: str
    words: str


class Correction(NamedTuple):
    typed: str
    corrected: str
    score: float


class Interpretation(NamedTuple):
    actors: tuple[ActorMatch, ...]
    intent: str | None
    intent_words: str
    topics: tuple[TopicMatch, ...]
    corrections: tuple[Correction, ...]
    meanings: tuple[Correction, ...]
    """Words no claim holds, read as the claims' word closest in meaning."""
    words: tuple[str, ...]
    """Meaningful words left once actors and stop words are taken out, as corrected."""
    unknown_words: tuple[str, ...]
    """Words neither in the store's vocabulary nor correctable to it."""
    unknown_names: tuple[str, ...]
    """Parties, people or places of the wider world that the store never mentions."""


class Signal(NamedTuple):
    name: str
    value: float
    weight: float
    share: float
    """This signal's part of the final score."""


class Answer(NamedTuple):
    rank: int
    claim: Claim
    score: float
    signals: tuple[Signal, ...]
    highlight: frozenset[str]
    """Concepts whose words are highlighted in the claim's passages."""
    part: int = 1
    """The part of the question it answers (1 for a question in one part)."""


class Part(NamedTuple):
    """One part of a question in several ("what does Europe want and what does Russia want")."""

    number: int
    question: str
    interpretation: Interpretation
    reason: str | None
    """Why nothing answers this part, when nothing does."""


class Suggestion(NamedTuple):
    kind: str
    """"claim" or "topic"."""
    id: str
    text: str


class Result(NamedTuple):
    question: str
    interpretation: Interpretation
    answers: tuple[Answer, ...]
    suggestions: tuple[Suggestion, ...]
    reason: str | None
    """Why nothing answers, when nothing does."""
    parts: tuple[Part, ...] = ()
    """The parts of a question in several, each answered on its own; empty for one part."""

    @property
    def answered(self) -> bool:
        return bool(self.answers)


class _Plan(NamedTuple):
    """What scoring needs to know of a question."""

    asked: str | None
    """The party the question is about (its first subject), or the --party one."""
    party: str | None
    """The --party filter."""
    others: frozenset[str]
    joined: frozenset[str]
    """Parties joined by "and" to the asked one: an answer must involve each."""
    topics: frozenset[str]
    intent: str | None
    kinds: dict[str, float]
    stance: bool
    mentioned_credit: float
    unattributed_credit: float
    focus: tuple[str, ...]
    """The concepts of the question's meaningful words."""
    weights: dict[str, float]
    """Each focus concept's rarity among the claims."""
    predicate: frozenset[str]
    """In "who did X" questions, the concepts of X an answer must share one of."""
    text: str
    members_wanted: bool
    """"Which European leaders ...": the group's members answer before the group itself."""
    asks_who: bool
    """"Who rejected ...": the answer is whoever holds the claim, a person before a party."""


class _Scored(NamedTuple):
    position: int
    claim: Claim
    signals: dict[str, float]
    """Each signal's value from 0 to 1; "sources" is the count of further sources, at most 4."""
    score: float
    relevant: bool

    def signal_shares(self) -> tuple[Signal, ...]:
        """Each signal with its share of the score: the shares add up to the score."""
        total = sum(WEIGHTS[name] for name in self.signals if name != "sources")
        return tuple(
            Signal(name, round(value, 3), weight, round(weight * value, 3))
            for name, value in self.signals.items()
            for weight in [CORROBORATION_BONUS if name == "sources" else (1 - MAX_CORROBORATION) * WEIGHTS[name] / total]
        )


class ClaimFacts(NamedTuple):
    """What scoring needs of a claim, computed once."""

    concepts: frozenset[str]
    text: str
    """The claim's text, folded, for fuzzy comparison with the question."""
    mentioned: frozenset[str]
    quoted: frozenset[str]
    """Actors the claim's passages name: the passage is what answers a question."""
    defined: frozenset[str]
    """Actors the claim's sentence says what they are ("NATO is ...", "Witkoff is ...")."""


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


class QueryIndex:
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
                words = phrase(name)
                # One-word aliases match by stem: a synonym alone ("attacks" for "strikes") is too loose.
                key = tuple(stem(w) for w in words) if len(words) == 1 else tuple(concept(w) for w in words)
                self.alias_topic.setdefault(key, topic.id)
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
        self.known_concepts: frozenset[str] = self.state["known_concepts"]
        self.spellable: list[str] = self.state["spellable"]
        self.meaning_words: list[str] = self.state["meaning_words"]
        self._meaning_vectors: bytes = self.state["meaning_vectors"]
        self.max_idf = math.log(1 + max(len(store.claims), 1))

    def _says(self, position: int, test: Callable[[str], bool]) -> bool:
        """Whether a claim's text and passages pass ``test`` (a time, a date, a number, a reason).

        Worked out for the claims a question scores, not for every claim at load."""
        claim = self.store.claims[position]
        return test(fold(" ".join((claim.text, *(citation.quote for citation in claim.citations)))))

    def _idf(self, item: str) -> float:
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
            concepts = frozenset(map(concept, set(words) - lexicon.STOPWORDS))
            quoted = frozenset(self._actors_named(quote_words))
            mentioned = (frozenset(self._actors_named(text_words)) | quoted) - {claim.actor}
            facts.append(
                (
                    concepts,
                    " ".join(text_words),
                    mentioned,
                    quoted,
                    frozenset(self._actors_defined(text_words)),
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
        return {
            "facts": facts,
            "by_concept": {key: array("I", positions) for key, positions in by_concept.items()},
            "by_actor": {key: array("I", positions) for key, positions in by_actor.items()},
            "by_topic": {key: array("I", positions) for key, positions in by_topic.items()},
            "vocabulary": frozenset(vocabulary),
            "known_concepts": frozenset(concept(word) for word in vocabulary),
            "spellable": sorted(word for word in vocabulary if len(word) >= MIN_FUZZY_LENGTH - 1),
            **self._meanings(word for word in vocabulary if concept(word) in by_concept),
        }

    @staticmethod
    def _meanings(words: Iterable[str]) -> dict[str, Any]:
        """The claims' words that have word vectors, and their vectors, one after another."""
        ranks = english.ranks(vectors.size())
        found = sorted(word for word in set(words) - lexicon.STOPWORDS if word in ranks)
        rows = [vectors.vector(ranks[word]) for word in found]
        return {"meaning_words": found, "meaning_vectors": b"".join(row.tobytes() for row in rows if row is not None)}

    # -- reading the question ------------------------------------------------

    def _is_known(self, word: str) -> bool:
        return (
            word in self.vocabulary
            or word in lexicon.STOPWORDS
            or word in lexicon.GENERIC
            or word in _CUE_WORDS
            or word.isdigit()
            or concept(word) in self.known_concepts
        )

    def _actors_defined(self, words: list[str]) -> list[str]:
        """The actor a sentence opens by defining: "NATO primarily functions as a ...", "X is a ..."."""
        for position, word in enumerate(words[:DEFINITION_REACH]):
            if word in _COPULAS and words[position + 1 : position + 2] in (["a"], ["an"], ["the"], ["as"]):
                subject = [w for w in words[:position] if not w.endswith("ly") and w != "the"]
                named = set(self._actors_named(subject))
                # Only when the words before the verb are all names of that one actor.
                if len(named) == 1 and set(subject) <= self.names.alias_words[next(iter(named))]:
                    return list(named)
                return []
        return []

    def _actors_named(self, words: list[str]) -> list[str]:
        found = []
        first_words = self.names.first_words
        for start in [position for position, word in enumerate(words) if word in first_words]:
            for length in range(min(self.longest_alias, len(words) - start), 0, -1):
                actor = self.alias_actor.get(tuple(words[start : start + length]))
                if actor and not _is_pronoun_us(words, start, length):
                    found.append(actor)
                    break
        return found

    def _correction(self, word: str) -> tuple[str, float] | None:
        """The word a misspelling stands for, from the store's words, else everyday English."""
        if english.is_word(word):
            return None  # a real word, if one the store lacks
        if len(word) >= MIN_FUZZY_LENGTH:
            # Long words survive more typos ("garanty" for "guarantee").
            cutoff = MIN_FUZZY_RATIO if len(word) < LONG_WORD else LONG_WORD_RATIO
            best = process.extractOne(word, self.spellable, scorer=fuzz.ratio, score_cutoff=cutoff)
            if best:
                return best[0], best[1]
        if len(word) >= MIN_FUZZY_LENGTH - 1:
            # A misspelt everyday word ("happend", "wich") is that word, even if the store lacks it.
            best = process.extractOne(word, english.common_words(), scorer=fuzz.ratio, score_cutoff=COMMON_TYPO_RATIO)
            if best:
                return best[0], best[1]
        return None

    def _needs_meaning(self, word: str) -> bool:
        """A word of the question that no claim holds and that names no party, topic or intent:
        a claims' word close in meaning may stand for it."""
        return not (
            word in lexicon.STOPWORDS
            or word in lexicon.GENERIC
            or word in _CUE_WORDS
            or word.isdigit()
            or concept(word) in self.by_concept
            or word in self.names.first_words
            or (stem(word),) in self.alias_topic
        )

    def _nearest_in_meaning(self, word: str) -> tuple[str, float] | None:
        """The claims' word closest in meaning to ``word``, when close enough to stand for it."""
        rank = english.rank(word)
        wanted = vectors.vector(rank) if rank is not None else None
        if wanted is None or not self.meaning_words:
            return None
        rows = array("b", self._meaning_vectors)
        size = len(wanted)
        best, position = max(
            (sum(map(operator.mul, wanted, rows[start : start + size])), start // size)
            for start in range(0, len(rows), size)
        )
        similarity = best / (127 * 127)
        return (self.meaning_words[position], similarity) if similarity >= MIN_MEANING else None

    def _fuzzy_actor(self, word: str) -> ActorMatch | None:
        """A one-word alias the word is a misspelling or inflection of ("kremlins", "witcoff")."""
        fuzzy = self.names.fuzzy_actor(word)
        return ActorMatch(fuzzy[0], word, fuzzy[2], fuzzy[1]) if fuzzy else None

    def _topic_length(self, concepts: list[str], start: int, stems: list[str]) -> int:
        """How many words from ``start`` name a topic: the longest alias that fits, or 0."""
        for length in range(min(self.longest_alias, len(concepts) - start), 1, -1):
            if tuple(concepts[start : start + length]) in self.alias_topic:
                return length
        return 1 if start < len(stems) and (stems[start],) in self.alias_topic else 0

    def interpret(self, question: str) -> Interpretation:
        # A question is read up to a length no real question reaches, so that pasted text
        # costs no more than a long question.
        raw = _plain_words(tokens(question)[:MAX_QUESTION_WORDS])
        corrections = []
        meanings: list[Correction] = []
        words = []
        unknown = []
        for word in raw:
            known = self._is_known(word)
            best = None if known else self._correction(word)
            if best:
                corrections.append(Correction(word, best[0], round(best[1] / 100, 2)))
                words.append(best[0])
                continue
            near = self._nearest_in_meaning(word) if self._needs_meaning(word) else None
            if near:
                meanings.append(Correction(word, near[0], round(near[1], 2)))
                words.append(near[0])
            elif known:
                words.append(word)
            elif len(word) > MAX_NOISE_LENGTH or english.is_word(word) or word in lexicon.WORLD_NAMES:
                unknown.append(word)
                words.append(word)
            # else a short non-word ("frm", "lol", "pls"): chat noise, not what the question is about

        taken = [False] * len(words)
        actors: list[ActorMatch] = []
        topics: list[TopicMatch] = []
        unknown_names: list[str] = []
        corrected = {c.corrected: c for c in corrections}
        concepts = [concept(word) for word in words]
        stems = [stem(word) for word in words]
        start = 0
        while start < len(words):
            matched = 0
            # A topic phrase that starts with an actor's name ("EU membership") is the topic.
            topic_length = self._topic_length(concepts, start, stems)
            for length in range(min(self.longest_alias, len(words) - start), topic_length, -1):
                key = tuple(words[start : start + length])
                actor = self.alias_actor.get(key)
                if actor and not _is_pronoun_us(words, start, length):
                    typed = " ".join(raw[start : start + length])
                    score = min((corrected[w].score for w in key if w in corrected), default=1.0)
                    if actor not in {match.actor for match in actors}:
                        joined = start >= 2 and words[start - 1] in ("and", "or", "nor") and taken[start - 2]
                        actors.append(
                            ActorMatch(actor, typed, score, " ".join(key), _is_object(words, start), joined)
                        )
                    matched = length
                    break
                if " ".join(key) in lexicon.WORLD_NAMES and not any(w in self.vocabulary for w in key):
                    unknown_names.append(" ".join(raw[start : start + length]))
                    matched = length
                    break
            if not matched and not topic_length and words[start] not in self.vocabulary:
                fuzzy = self._fuzzy_actor(words[start])
                if fuzzy and fuzzy.actor not in {match.actor for match in actors}:
                    actors.append(
                        ActorMatch(fuzzy.actor, raw[start], fuzzy.score, fuzzy.alias, _is_object(words, start))
                    )
                    matched = 1
            for offset in range(matched):
                taken[start + offset] = True
            start += max(matched, 1)

        # A word that is neither English nor a misspelling of one the store holds is a name:
        # someone or something the articles never mention.
        unknown_names += [
            raw[position]
            for position, word in enumerate(words)
            if not taken[position] and word in unknown and not word.isdigit() and not english.is_word(word)
        ]
        if not any(self.actor_by_id[match.actor].kind is ActorKind.PERSON for match in actors):
            unknown_names += [
                _title_phrase(raw, position)
                for position, word in enumerate(words)
                if word in lexicon.TITLES
                and not taken[position]
                and (position + 1 == len(words) or words[position + 1] not in lexicon.TITLES)
            ]
        for start in range(len(words)):
            length = self._topic_length(concepts, start, stems)
            key = tuple(concepts[start : start + length]) if length > 1 else tuple(stems[start : start + length])
            topic = self.alias_topic.get(key)
            if topic and topic not in {match.topic for match in topics} and not all(taken[start : start + length]):
                topics.append(TopicMatch(topic, " ".join(raw[start : start + length])))

        intent, intent_words = _intent(words)
        meaningful = [w for w, is_taken in zip(words, taken, strict=True) if not is_taken and w not in lexicon.STOPWORDS]
        if intent == "definition" and (not actors or meaningful):
            intent, intent_words = None, ""  # "what is the significance of ...": not "what is X"
        meaningful = tuple(
            word
            for word, is_taken in zip(words, taken, strict=False)
            if not is_taken and word not in lexicon.STOPWORDS and word not in lexicon.GENERIC
        )
        return Interpretation(
            actors=tuple(actors),
            intent=intent,
            intent_words=intent_words,
            topics=tuple(topics),
            corrections=tuple(corrections),
            meanings=tuple(meanings),
            words=meaningful,
            unknown_words=tuple(word for word in unknown if word not in _names(unknown_names)),
            unknown_names=tuple(unknown_names),
        )

    # -- answering -----------------------------------------------------------

    def ask(self, question: str, *, top: int = 3, party: str | None = None) -> Result:
        """The claims that answer ``question``, best first; or why none does, with suggestions.

        A question in several parts has each part answered on its own, its answers after those
        of the parts before; a part that names neither a party nor a topic ("and what might block
        it?") is read with those of the part before.
        """
        texts = split_parts(question)
        if len(texts) == 1:
            return self._answer(question, top, party)
        results: list[Result] = []
        for number, text in enumerate(texts):
            reading = self.interpret(text)
            if results and (not (reading.actors or reading.topics) or _REFERS_BACK.intersection(tokens(text))):
                before = results[-1]
                if not before.answered:  # "who is X and what did he do": about the same unknown
                    results.append(before._replace(question=text, interpretation=reading))
                    continue
                named = (*before.interpretation.actors, *before.interpretation.topics)
                text = " ".join([text, *(match.words for match in named)])
            results.append(self._answer(text, max(top // len(texts) + (number < top % len(texts)), 1), party))
        answered = [result for result in results if result.answered]
        parts = tuple(
            Part(number, result.question, result.interpretation, result.reason)
            for number, result in enumerate(results, start=1)
        )
        if not answered:
            return results[0]._replace(question=question, parts=parts)
        answers = [
            answer._replace(part=number)
            for number, result in enumerate(results, start=1)
            for answer in result.answers
        ]
        return Result(
            question,
            results[0].interpretation,
            tuple(answer._replace(rank=rank) for rank, answer in enumerate(answers[:top], start=1)),
            (),
            None,
            parts,
        )

    def _answer(self, question: str, top: int, party: str | None) -> Result:
        """The answers to a question in one part."""
        reading = self.interpret(question)
        plan = self._plan(question, reading, party)
        reason = self._reason_to_decline(reading, plan)
        if reason:
            return self._decline(question, reading, reason)
        scored = sorted(
            (row for position in self._candidates(plan) if (row := self._score(plan, position)) is not None),
            key=lambda row: (row.score, -row.position),
            reverse=True,
        )
        relevant = [row for row in scored if row.relevant][:top]
        if not relevant:
            reason = "no claim answers every part of the question"
            if plan.asked and not any(row.signals.get("actor", 0) >= SIBLING for row in scored):
                reason = f"the store holds nothing from {self.actor_by_id[plan.asked].name} on this"
            return self._decline(question, reading, reason, [row.claim for row in scored[:3]])
        highlight = frozenset(plan.focus) | self._alias_concepts(plan.asked, plan.others)
        answers = tuple(
            Answer(rank, row.claim, round(row.score, 3), row.signal_shares(), highlight)
            for rank, row in enumerate(relevant, start=1)
        )
        return Result(question, reading, answers, (), None)

    def _plan(self, question: str, reading: Interpretation, party: str | None) -> _Plan:
        """What scoring needs to know of the question, worked out once."""
        party_id = self.names.actor(party).id if party else None
        subjects = [match.actor for match in reading.actors if not match.is_object]
        asked = subjects[0] if subjects else party_id
        joined: set[str] = set()
        for before, match in zip(reading.actors, reading.actors[1:], strict=False):
            if match.joined:
                joined |= {before.actor, match.actor}
        asks_who = _asks_who_did(tokens(question))
        if asks_who:
            # "who wants Ukraine to ...": the answer is a claim about Ukraine, by someone.
            joined |= {match.actor for match in reading.actors}
        analysis = reading.intent in lexicon.ANALYSIS_INTENTS
        topic_words = {concept(word) for match in reading.topics for word in tokens(match.words)}
        # Everyday words the store lacks ("old", "went") are filler, not what is asked about.
        filler = {word for word in reading.unknown_words if english.is_common(word)}
        focus = tuple(dict.fromkeys(concept(word) for word in reading.words if word not in filler))
        return _Plan(
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
            weights={item: self._idf(item) for item in focus},
            # ... and it must say the thing done ("rejected", "led"), not only share the topic.
            predicate=frozenset(
                concept(word) for word in reading.words if word not in filler and concept(word) not in topic_words
            )
            if asks_who
            else frozenset(),
            text=" ".join(word for word in tokens(question) if word not in lexicon.STOPWORDS),
            members_wanted=bool(
                asked and tokens(question)[:1] == ["which"] and self.actor_by_id[asked].kind is not ActorKind.PERSON
            ),
            asks_who=asks_who,
        )

    def _reason_to_decline(self, reading: Interpretation, plan: _Plan) -> str | None:
        """Why the store cannot answer the question at all, before any claim is scored."""
        if reading.unknown_names:
            return f"the articles do not mention {_quoted(reading.unknown_names)}"
        if not (plan.asked or plan.topics or plan.focus):
            return "the question names nothing the store knows"
        if _known_share(reading) < MIN_COVERAGE:
            return f"the store has nothing on {_quoted(reading.unknown_words)}"
        return None

    def _candidates(self, plan: _Plan) -> set[int] | list[int]:
        """Claims that share the asked party, a topic or a concept with the question.

        Only these are scored; when there are more than MAX_SCORED (in a large store), those
        that share the most with the question are kept, so a question costs about the same
        whatever the size of the store.
        """
        postings: list[Iterable[int]] = [self._related_claims(plan.asked)] if plan.asked else []
        postings += [self.by_topic.get(topic) for topic in plan.topics]
        postings += [self.by_concept.get(item) for item in plan.focus]
        candidates: set[int] = set()
        for positions in postings:
            candidates.update(positions)
        if len(candidates) <= MAX_SCORED:
            return candidates
        shared: Counter[int] = Counter()
        for positions in postings:
            shared.update(positions)
        return heapq.nlargest(MAX_SCORED, candidates, key=lambda position: (shared[position], -position))

    def _score(self, plan: _Plan, position: int) -> _Scored | None:
        claim = self.store.claims[position]
        facts = self.facts[position]
        if plan.party and self._relation(plan.party, claim.actor) < MEMBER:
            return None
        signals: dict[str, float] = {}
        if plan.asked:
            relation = self._relation(plan.asked, claim.actor)
            if plan.members_wanted and relation in (SAME, MEMBER):
                relation = MEMBER if relation == SAME else SAME  # "which European leaders": its members
            signals["actor"] = max(
                relation,
                plan.mentioned_credit if plan.asked in facts.mentioned else 0.0,
                plan.unattributed_credit if claim.actor is None else 0.0,
            )
        elif plan.asks_who:
            signals["actor"] = _HOLDER_CREDIT[self.actor_by_id[claim.actor].kind] if claim.actor else 0.0
        if plan.topics:
            shared = len(plan.topics & set(claim.topics)) / len(plan.topics)
            signals["topic"] = shared if claim.topics[0] in plan.topics else 0.8 * shared
        if plan.kinds:
            signals["kind"] = plan.kinds.get(claim.kind.value, plan.kinds.get("*", 0.0))
            if plan.intent == "definition" and plan.asked in facts.defined:
                signals["kind"] = 1.0
            if plan.intent == "reason" and self._says(position, gives_reason):
                signals["kind"] = 1.0  # whatever its kind, a claim that gives a reason answers "why"
        if plan.focus:
            signals["words"] = self._overlap(plan.weights, facts.concepts)
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
            and all(other in facts.mentioned or self._relation(other, claim.actor) >= MEMBER for other in plan.joined)
            and (not plan.predicate or (claim.actor is not None and bool(plan.predicate & facts.concepts)))
            and (not plan.asked or signals["actor"] >= (SPEAKS_FOR if plan.stance and claim.actor else SIBLING))
            and (not plan.topics or signals["topic"] > 0 or signals.get("words", 0) >= MIN_WORDS_WITHOUT_TOPIC)
            and (plan.intent not in _CONSTRAINTS or self._says(position, _CONSTRAINTS[plan.intent]))
        )
        return _Scored(position, claim, signals, score, relevant)

    def _decline(
        self, question: str, reading: Interpretation, reason: str, nearest: list[Claim] | None = None
    ) -> Result:
        """A result with no answer: the nearest claims, else the nearest topics, as suggestions."""
        suggestions = [Suggestion("claim", claim.id, claim.text) for claim in nearest or ()]
        if not suggestions:
            names = {topic.id: topic.name for topic in self.store.topics}
            choices = {topic.id: " ".join((topic.name, *topic.aliases)) for topic in self.store.topics}
            for _, _, topic_id in process.extract(fold(question), choices, scorer=fuzz.token_set_ratio, limit=3):
                suggestions.append(Suggestion("topic", topic_id, names[topic_id]))
        return Result(question, reading, (), tuple(suggestions), reason)

    def _related_claims(self, actor_id: str) -> set[int]:
        related = {other for other in self.actor_by_id if self._relation(actor_id, other) > 0}
        return {position for other in related for position in self.by_actor.get(other)}

    def _relation(self, asked: str, holder: str | None) -> float:
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

    def _overlap(self, weights: dict[str, float], concepts: frozenset[str]) -> float:
        """The rarity-weighted share of the question's concepts (``weights``) found in ``concepts``.

        The share is of at least one rarest word's weight, so that matching only words
        found all over the store ("peace", "talks") is weak evidence.
        """
        found = sum(weight for item, weight in weights.items() if item in concepts)
        return found / max(sum(weights.values()), self.max_idf)

    def _alias_concepts(self, asked: str | None, others: set[str]) -> frozenset[str]:
        wanted = {asked, *others} - {None}
        return frozenset(concept(word) for key, actor in self.alias_actor.items() if actor in wanted for word in key)


#: Where a question in several parts divides: at "?" or ";", and at "and" before a question word.
_PART_BREAK = re.compile(
    r"\s*[?;]\s*|,?\s+and\s+(?=(?:what|who|whom|whose|why|how|when|where|which|does|do|did|is|are|was|were|will|"
    r"would|could|can|should|has|have)\b)",
    re.IGNORECASE,
)


#: Words by which a part of a question speaks of what the part before named.
_REFERS_BACK = frozenset("he she it they him her them his its their this that these those".split())


def split_parts(question: str) -> list[str]:
    """The parts of a question, each of two words or more; the whole question when it has one."""
    parts = [part.strip(" ,") for part in _PART_BREAK.split(question)]
    parts = [part for part in parts if len(part.split()) >= 2]
    return parts if len(parts) > 1 else [question]


def highlight_spans(text: str, highlight: frozenset[str]) -> list[tuple[int, int]]:
    """Offsets of the words in ``text`` whose concept is highlighted."""
    return [
        (start, end)
        for start, end, word in token_spans(text)
        if word not in lexicon.STOPWORDS and concept(word) in highlight
    ]


def _known_share(interpretation: Interpretation) -> float:
    """The share of the question's meaningful words that the store knows (actors count as known).

    An unknown word weighs more than a known one, since it may be what the question is
    about; an unknown but very common English word ("went", "check") weighs less.
    """
    known = len(interpretation.actors) + len(interpretation.words) - len(interpretation.unknown_words)
    unknown = sum(
        COMMON_WORD_WEIGHT if english.is_common(word) else UNKNOWN_WORD_WEIGHT for word in interpretation.unknown_words
    )
    return known / (known + unknown) if known + unknown else 1.0


def _names(names: list[str]) -> set[str]:
    return {word for name in names for word in tokens(name)}


def _title_phrase(words: list[str], position: int) -> str:
    """The title with the words that qualify it: "ukraine defence minister"."""
    start = position
    while start > 0 and words[start - 1] not in lexicon.STOPWORDS:
        start -= 1
    return " ".join(words[start : position + 1])


def _quoted(words: Iterable[str]) -> str:
    """The distinct words, quoted, the first few of them."""
    distinct = list(dict.fromkeys(words))
    shown = ", ".join(repr(_clip(word)) for word in distinct[:MAX_REASON_WORDS])
    return shown + (f" and {len(distinct) - MAX_REASON_WORDS} more" if len(distinct) > MAX_REASON_WORDS else "")


def _clip(word: str, limit: int = 30) -> str:
    return word if len(word) <= limit else word[: limit - 1] + "…"


def _plain_words(words: list[str]) -> list[str]:
    """The words with idioms replaced by the plain words the articles use."""
    text = f" {' '.join(words)} "
    for idiom, plain in lexicon.PHRASES.items():
        text = text.replace(f" {idiom} ", f" {plain} ")
    return text.split()


def _asks_who_did(words: list[str]) -> bool:
    """A question about who did something ("who rejected ...", "who is pushing ..."), not who someone is."""
    if words[:1] != ["who"]:
        return False
    return words[1:2] not in (["is"], ["are"], ["was"], ["were"]) or words[2:3] != [] and words[2].endswith("ing")


def _is_object(words: list[str], start: int) -> bool:
    """The party named at ``start`` is not the question's subject: it follows a preposition
    ("sanctions against Russia"), or the question asks who did something to it."""
    if _asks_who_did(words):
        return True
    previous = [word for word in words[:start] if word not in _DETERMINERS]
    return bool(previous) and previous[-1] in _OBJECT_PREPOSITIONS


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_OBJECT_PREPOSITIONS = frozenset(
    "against on to for from with toward towards over at into about upon onto under".split()
)


def _is_pronoun_us(words: list[str], start: int, length: int) -> bool:
    return length == 1 and words[start] == "us" and start > 0 and words[start - 1] in _PRONOUN_US_AFTER


#: How well a claim's holder answers "who": people name who did it, a state or bloc less so.
_HOLDER_CREDIT = {
    ActorKind.PERSON: 1.0, ActorKind.GROUP: 1.0, ActorKind.STATE: 0.8, ActorKind.BLOC: 0.8, ActorKind.ALLIANCE: 0.8
}
#: Verbs that, early in a claim, say what its subject is.
_COPULAS = frozenset({"is", "are", "was", "were", "functions", "serves", "acts", "remains"})
DEFINITION_REACH = 8
#: Questions that ask for a time, a date or a number, and the test an answer must pass.
_CONSTRAINTS = {"time": mentions_time, "date": mentions_date, "number": mentions_quantity}
_OPENERS = {
    "why": "reason",
    "when": "time",
    "could": "consequence",
    "would": "consequence",
    "might": "consequence",
    "if": "consequence",
}
_CUE_WORDS = frozenset(word for cues in lexicon.INTENT_CUES.values() for cue in cues for word in cue.split())
_PRIORITY = (
    "number", "date", "time", "reason", "risk", "consequence", "strategy", "rejection", "acceptance", "concession", "demand", "offer",
    "commitment", "goal", "role", "definition", "event", "position",
)


def _intent(words: list[str]) -> tuple[str | None, str]:
    """What the question asks, and the words that said so.

    A question word ("who", "why", "when") decides; then a number or time constraint;
    otherwise the first cue in the question wins, the longest where several start together
    ("back down" over "back"), as the verb nearest the subject says what is asked.
    """
    found: dict[str, tuple[int, int, str]] = {}
    for intent, cues in lexicon.INTENT_CUES.items():
        for cue in cues:
            cue_words = cue.split()
            for start in range(len(words) - len(cue_words) + 1):
                if words[start : start + len(cue_words)] == cue_words:
                    best = found.get(intent)
                    if best is None or (start, -len(cue_words)) < (best[0], -best[1]):
                        found[intent] = (start, len(cue_words), cue)
                    break
    if words and words[0] in _OPENERS:
        opener = _OPENERS[words[0]]
        return opener, found[opener][2] if opener in found else words[0]
    if _asks_who_did(words) and not found:
        return None, ""  # "who welcomed ...": any claim whose holder did it
    for constraint in ("number", "date", "time"):
        if constraint in found:
            return constraint, found[constraint][2]
    if found:
        intent = min(found, key=lambda name: (found[name][0], -found[name][1], _PRIORITY.index(name)))
        return intent, found[intent][2]
    if len(words) > 2 and words[0] in ("what", "who") and words[1] in _COPULAS and not _asks_who_did(words):
        return "definition", " ".join(words[:2])
    return None, ""
