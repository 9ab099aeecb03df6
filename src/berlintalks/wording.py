"""How counts and the store's names read in a sentence or a heading, the same in every output."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Store


def plural(count: int, noun: str) -> str:
    """``count`` and ``noun``, with an s unless it is one: "1 claim", "3 claims"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def more_places(rest: int) -> str:
    """What a list of places cut short says of the rest: "... and 179,990 more places; ..."."""
    return f"... and {rest:,} more place{'' if rest == 1 else 's'}; type more of the passage to narrow them down"


def actor_name(store: Store, actor_id: str | None) -> str:
    return store.actor_by_id[actor_id].name if actor_id else "no actor"


def party_label(store: Store, party: str) -> str:
    """A party's name short enough to head a column: without a leading "The"."""
    return actor_name(store, party).removeprefix("The ")
