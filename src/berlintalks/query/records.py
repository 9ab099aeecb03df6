"""The typed records the stages of answering a question pass to one another."""

from __future__ import annotations

from typing import NamedTuple

from ..model import Claim

#: Signal weights: the actor and topic asked about count most, then what is asked.
WEIGHTS = {"actor": 0.35, "topic": 0.25, "kind": 0.25, "words": 0.2, "text": 0.1}


#: Below this score, the ranker's answer is more likely wrong than right: shown as a weak match.
WEAK_BELOW = 0.5


#: How an actor relates to the one asked about, as a share of a full actor match.
SAME, MEMBER, SPEAKS_FOR, SIBLING, MENTIONED = 1.0, 0.85, 0.6, 0.5, 0.5


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
    setting: tuple[str, ...]
    """Those of the words that only set a time ("after Berlin"): they weigh less."""
    unknown_words: tuple[str, ...]
    """Words neither in the store's vocabulary nor correctable to it."""
    unknown_names: tuple[str, ...]
    """Parties, people or places of the wider world that the store never mentions."""

    @property
    def known_share(self) -> float:
        """The share of the question's meaningful words that the store knows (actors count as known)."""
        unknown = len(self.unknown_words)
        known = len(self.actors) + len(self.words) - unknown
        return known / (known + unknown) if known + unknown else 1.0


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
    base: float | None = None
    """The ranker's intercept, when it scored the claim: with it, the shares add up to the
    score's log-odds. None when the words alone scored it: then the shares add up to the score."""

    @property
    def weak(self) -> bool:
        """The ranker's score says this answer is more likely wrong than right."""
        return self.base is not None and self.score < WEAK_BELOW


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


class Plan(NamedTuple):
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
    related: dict[str, dict[str, float]]
    """For each focus concept, the claims' concepts near it in meaning, with the credit a claim
    holding one of them earns (below a full match)."""
    counted: frozenset[str]
    """The stems a number in an answer may count, for "how many": the focus and what is near it."""
    predicate: frozenset[str]
    """In "who did X" questions, the concepts of X an answer must share one of."""
    text: str
    members_wanted: bool
    """"Which European leaders ...", "who are the US envoys": the group's members answer before the group itself."""
    asks_who: bool
    """"Who rejected ...": the answer is whoever holds the claim, a person before a party."""


class Scored(NamedTuple):
    position: int
    claim: Claim
    signals: dict[str, float]
    """Each signal's value from 0 to 1."""
    score: float
    matched: bool
    """The claim matches the question well enough to answer it."""
    gives: bool
    """The claim gives what the question asks for (a number of the thing asked about, a date,
    a time, a place), or the question asks for none of these; worked out for a matched claim
    only, False for the rest."""

    ranked: tuple[Signal, ...] | None = None
    """Each of the ranker's signals with its part of the score's log-odds, when the ranker
    scored the claim by meaning and words together (see ``rank``)."""

    @property
    def relevant(self) -> bool:
        return self.matched and self.gives

    def signal_shares(self) -> tuple[Signal, ...]:
        """Each signal with its share of the score: by words alone, the shares add up to the
        score; by the ranker, to its log-odds, less the intercept."""
        if self.ranked is not None:
            return self.ranked
        total = sum(WEIGHTS[name] for name in self.signals)
        return tuple(
            Signal(name, round(value, 3), weight, round(weight * value, 3))
            for name, value in self.signals.items()
            for weight in [WEIGHTS[name] / total]
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
