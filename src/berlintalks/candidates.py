"""What completion offers for the names people type: parties and their aliases, topics, sources,
kinds and claim ids, for the shell's Tab key and for the command line's."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .model import Actor, ClaimKind, Store, Topic
from .names import phrase


class Candidate(NamedTuple):
    value: str
    help: str
    """What the value stands for: the party, topic or source it names, or the claim's text."""


def parties(store: Store) -> Iterator[Candidate]:
    return _named(store.actors)


def topics(store: Store) -> Iterator[Candidate]:
    return _named(store.topics)


def _named(entries: Iterable[Actor | Topic]) -> Iterator[Candidate]:
    """Each entry's id, name and aliases, each standing for its name."""
    for entry in entries:
        for name in (entry.id, entry.name, *entry.aliases):
            yield Candidate(name, entry.name)


def sources(store: Store) -> Iterator[Candidate]:
    for source in store.sources:
        for name in (source.id, source.path.rsplit("/", 1)[-1]):
            yield Candidate(name, source.title)


def claims(store: Store) -> Iterator[Candidate]:
    return (Candidate(claim.id, claim.text) for claim in store.claims)


def kinds() -> Iterator[Candidate]:
    return (Candidate(kind.value, "") for kind in ClaimKind)


def as_word(name: str) -> str:
    """A name as one word for a command line: folded, its words joined by hyphens, as the
    name lookup reads it back ("the Kremlin" → kremlin, "Moscow officials" → moscow-officials)."""
    return "-".join(phrase(name)) or name


def matching(candidates: Iterable[Candidate], typed: str) -> list[Candidate]:
    """The candidates that begin with ``typed`` whatever its case, each value once, in order."""
    folded = typed.casefold()
    found: dict[str, Candidate] = {}
    for candidate in candidates:
        if candidate.value.casefold().startswith(folded):
            found.setdefault(candidate.value, candidate)
    return list(found.values())
