"""The records of a claim store, validated and resolved."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from typing import NamedTuple


class ActorKind(enum.StrEnum):
    STATE = "state"
    BLOC = "bloc"
    ALLIANCE = "alliance"
    PERSON = "person"
    GROUP = "group"


class ClaimKind(enum.StrEnum):
    """What a claim records; the closed vocabulary of a negotiation."""

    DEMAND = "demand"
    GOAL = "goal"
    OFFER = "offer"
    PROPOSAL = "proposal"
    CONCESSION = "concession"
    REJECTION = "rejection"
    POSITION = "position"
    COMMITMENT = "commitment"
    ROLE = "role"
    ASSESSMENT = "assessment"
    EVENT = "event"
    FACT = "fact"


class Source(NamedTuple):
    id: str
    path: str
    """Path of the article relative to the store root (e.g. ``seeds/004_....txt``)."""
    title: str
    sha256: str
    text: str
    """The article decoded as UTF-8; citation offsets index into it."""
    file: str
    """The article's absolute path on this machine."""
    supplied_title: bool = False
    """The title was written by the curator: the article has no headline of its own."""

    @property
    def shown_title(self) -> str:
        return shown_title(self.title, self.supplied_title)


def shown_title(title: str, supplied: bool) -> str:
    """An article's title as the output shows it: one the curator supplied, because the article
    has no headline of its own, in square brackets (as a cataloguer marks a title they devised)."""
    return f"[{title}]" if supplied else title


class Actor(NamedTuple):
    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...]
    affiliation: str | None = None
    """Id of the state or bloc a person or group belongs to."""


class Topic(NamedTuple):
    id: str
    name: str
    aliases: tuple[str, ...]


class Citation(NamedTuple):
    source: str
    """Id of the cited source."""
    quote: str
    start: int
    """Character offset of the quote in the source text: ``text[start:end] == quote``."""
    end: int
    line: int
    """1-based line of the quote's first character."""
    paragraph: int
    """1-based paragraph (non-blank line) of the quote's first character."""


class Claim(NamedTuple):
    id: str
    actor: str | None
    kind: ClaimKind
    topics: tuple[str, ...]
    text: str
    citations: tuple[Citation, ...]
    questions: tuple[str, ...] = ()
    """Questions a reader would ask that this claim answers, in their words: what a question
    is matched against by meaning."""

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct sources that report the claim, in citation order."""
        return tuple(dict.fromkeys(citation.source for citation in self.citations))


class Position(NamedTuple):
    party: str
    """Actor id."""
    claims: tuple[str, ...]
    """Claim ids, in the order the store gives them."""
    stance: str = ""
    """What the party wants, in a few curated words ("cede occupied land"): two parties whose
    claims are both demands may want opposite things."""


class StickingPoint(NamedTuple):
    id: str
    title: str
    topic: str
    positions: tuple[Position, ...]


class Store:
    """A validated store: every reference resolves and every quote is located."""

    __slots__ = ("path", "sources", "actors", "topics", "claims", "sticking_points",
                 "source_by_id", "actor_by_id", "topic_by_id", "claim_by_id", "differences")

    def __init__(
        self,
        *,
        path: str,
        sources: tuple[Source, ...],
        actors: tuple[Actor, ...],
        topics: tuple[Topic, ...],
        claims: Sequence[Claim],
        sticking_points: tuple[StickingPoint, ...],
        differences: Mapping[str, tuple[str, ...]] | None = None,
    ) -> None:
        self.path = path
        """The store file, as it was named."""
        self.sources = sources
        self.actors = actors
        self.topics = topics
        self.claims = claims
        self.sticking_points = sticking_points
        self.source_by_id = {source.id: source for source in sources}
        self.actor_by_id = {actor.id: actor for actor in actors}
        self.topic_by_id = {topic.id: topic for topic in topics}
        # A store read from the cache is given its claims, and a lazy table of them, once made.
        self.claim_by_id: Mapping[str, Claim] = {claim.id: claim for claim in claims}
        self.differences: Mapping[str, tuple[str, ...]] = differences or {}
        """For each claim that has them, the ids of the claims another source reports that differ
        from it (``differs_from``), each link named by both claims."""

    def differing(self, claim: Claim) -> list[Claim]:
        """The claims another source reports that differ from ``claim``."""
        return [self.claim_by_id[other] for other in self.differences.get(claim.id, ())]
