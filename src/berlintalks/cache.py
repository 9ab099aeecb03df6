"""A cache of the validated, resolved store and its query index, so that an answer costs
little more than starting Python.

An entry is keyed by the content of the store file, its location, and the code that
built it; it records the checksum of every source it read, and is used only while each
source still has that checksum. So an edited store, an edited article or an upgraded
berlintalks is never answered from a stale entry. Entries are written atomically; a cache
that cannot be written (a read-only home) is skipped.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from typing import Any

from .model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    ClaimKind,
    Position,
    Source,
    StickingPoint,
    Store,
    Topic,
)
from .paths import cache_directory, package_directory
from .query import QueryIndex

#: Bumped when the shape of an entry changes.
FORMAT = 1
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 8


def load(path: str) -> tuple[Store, QueryIndex]:
    """The store at ``path`` and its query index, from the cache when a valid entry exists."""
    key = _key(path)
    entry_path = os.path.join(cache_directory(), f"{key}.marshal") if key else None
    entry = _read(entry_path) if entry_path else None
    if entry is not None:
        store = _store_from(entry["store"], path)
        return store, QueryIndex(store, entry["index"])
    from .store import load_store  # only now: reading YAML is what the cache saves

    store = load_store(path)
    index = QueryIndex(store)
    if entry_path is not None:
        sums = [(source.file, source.sha256) for source in store.sources]
        _write(entry_path, {"format": FORMAT, "sources": sums, "store": _store_state(store), "index": index.state})
    return store, index


def _read_bytes(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _key(path: str) -> str | None:
    """A digest of the store's bytes, its location and the code; None when it cannot be read
    (loading it properly then reports why)."""
    try:
        digest = hashlib.sha256(_read_bytes(path))
    except OSError:
        return None
    digest.update(os.path.realpath(path).encode("utf-8", "surrogateescape"))
    package = package_directory()
    code = [os.path.join(package, name) for name in sorted(os.listdir(package)) if name.endswith(".py")]
    lexicon = os.path.join(package, "lexicon_data")
    code += [os.path.join(lexicon, name) for name in sorted(os.listdir(lexicon))]
    for file in code:
        digest.update(_read_bytes(file))
    return digest.hexdigest()


def _read(entry_path: str) -> dict[str, Any] | None:
    try:
        entry = marshal.loads(_read_bytes(entry_path))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        return None
    for source_path, sha256 in entry["sources"]:
        try:
            if hashlib.sha256(_read_bytes(source_path)).hexdigest() != sha256:
                return None
        except OSError:
            return None
    return entry


def _write(entry_path: str, entry: dict[str, Any]) -> None:
    import tempfile

    directory = os.path.dirname(entry_path)
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(marshal.dumps(entry))
        os.replace(temporary, entry_path)  # readers see the old entry or the whole new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(directory)


def _prune(directory: str) -> None:
    """Keep the newest entries only: each edit of a store leaves one behind."""
    with contextlib.suppress(OSError):
        entries = [os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".marshal")]
        entries.sort(key=os.path.getmtime, reverse=True)
        for stale in entries[KEEP_ENTRIES:]:
            os.unlink(stale)


def _store_state(store: Store) -> tuple[Any, ...]:
    return (
        [(s.id, s.path, s.title, s.sha256, s.text, s.file) for s in store.sources],
        [(a.id, a.name, a.kind.value, a.aliases, a.affiliation) for a in store.actors],
        [(t.id, t.name, t.aliases) for t in store.topics],
        [
            (c.id, c.actor, c.kind.value, c.topics, c.text, [tuple(_citation_fields(x)) for x in c.citations])
            for c in store.claims
        ],
        [(p.id, p.title, p.topic, [(q.party, q.claims) for q in p.positions]) for p in store.sticking_points],
    )


def _citation_fields(citation: Citation) -> tuple[Any, ...]:
    return (citation.source, citation.quote, citation.start, citation.end, citation.line, citation.paragraph)


def _store_from(state: tuple[Any, ...], path: str) -> Store:
    sources, actors, topics, claims, points = state
    return Store(
        path=path,
        sources=tuple(Source(*fields) for fields in sources),
        actors=tuple(Actor(i, n, ActorKind(k), al, af) for i, n, k, al, af in actors),
        topics=tuple(Topic(*fields) for fields in topics),
        claims=tuple(
            Claim(i, a, ClaimKind(k), t, x, tuple(Citation(*fields) for fields in cs)) for i, a, k, t, x, cs in claims
        ),
        sticking_points=tuple(
            StickingPoint(i, title, topic, tuple(Position(party, ids) for party, ids in positions))
            for i, title, topic, positions in points
        ),
    )
