"""The records of a claim store, validated and resolved."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    path: str
    """Path of the article relative to the store root (e.g. ``seeds/004_....txt``)."""
    title: str
    sha256: str
    text: str
    """The article decoded as UTF-8; citation offsets index into it."""


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: ActorKind
    aliases: tuple[str, ...]
    affiliation: str | None = None
    """Id of the state or bloc a person or group belongs to."""


@dataclass(frozen=True, slots=True)
class Topic:
    id: str
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Citation:
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


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    actor: str | None
    kind: ClaimKind
    topics: tuple[str, ...]
    text: str
    citations: tuple[Citation, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        """The distinct sources that report the claim, in citation order."""
        return tuple(dict.fromkeys(citation.source for citation in self.citations))


@dataclass(frozen=True, slots=True)
class Position:
    party: str
    """Actor id."""
    claims: tuple[str, ...]
    """Claim ids, in the order the store gives them."""


@dataclass(frozen=True, slots=True)
class StickingPoint:
    id: str
    title: str
    topic: str
    positions: tuple[Position, ...]


@dataclass(frozen=True)
class Store:
    """A validated store: every reference resolves and every quote is located."""

    path: str
    """The store file, as it was named."""
    sources: tuple[Source, ...]
    actors: tuple[Actor, ...]
    topics: tuple[Topic, ...]
    claims: tuple[Claim, ...]
    sticking_points: tuple[StickingPoint, ...]
    source_by_id: dict[str, Source] = field(init=False, repr=False)
    actor_by_id: dict[str, Actor] = field(init=False, repr=False)
    topic_by_id: dict[str, Topic] = field(init=False, repr=False)
    claim_by_id: dict[str, Claim] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        for name, records in (
            ("source_by_id", self.sources),
            ("actor_by_id", self.actors),
            ("topic_by_id", self.topics),
            ("claim_by_id", self.claims),
        ):
            object.__setattr__(self, name, {record.id: record for record in records})
