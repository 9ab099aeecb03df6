"""A cache of the validated, resolved store and its query index, so that an answer costs
little more than starting Python, however large the store.

An entry is keyed by the bytes of the store (the very bytes that were parsed to build it),
the folder its source paths start from, and the code that built it; it records the checksum of every source it read, and is used only while each
source still has that checksum. So an edited store, an edited article or an upgraded
berlintalks is never answered from a stale entry. Entries are written atomically; a cache
that cannot be written (a read-only home) is skipped.

An entry is one file: a small head (sources, actors, topics, sticking points, claim ids,
postings, vocabulary) and then one record per claim. The file is memory-mapped and a
claim is decoded only when something reads it, so a question over 100,000 claims reads
the few hundred it scores, not all of them.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import mmap
import os
from array import array
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .errors import StoreError
from .files import StoreText, read_text
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
from .query import ClaimFacts, QueryIndex

#: Starts every entry; bumped when the shape of an entry changes.
MAGIC = b"berlintalks-cache-2\n"
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 8
_OFFSET = "Q"


def load(stored: StoreText) -> tuple[Store, QueryIndex]:
    """The store read as ``stored`` and its query index, from the cache when a valid entry exists."""
    key = _key(stored)
    entry_path = os.path.join(cache_directory(), f"{key}.cache")
    loaded = _read(entry_path, stored.name)
    if loaded is not None:
        return loaded
    from .store import parse_store  # only now: reading YAML is what the cache saves

    # Loading builds millions of small objects that all stay alive: the cyclic garbage
    # collector would scan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        store = parse_store(stored)
        index = QueryIndex(store)
        _write(entry_path, store, index)
    finally:
        if collecting:
            gc.enable()
    return store, index


def _key(stored: StoreText) -> str:
    """A digest of the store's bytes, the folder its source paths start from, and the code."""
    digest = hashlib.sha256(stored.data)
    digest.update(b"\0" + stored.folder.encode("utf-8", "surrogateescape") + b"\0")
    # The code is known by each file's size and modification time, not its content: reading
    # the word lists at every start would cost more than the rest of an answer. Installing or
    # editing the package changes both.
    code = sorted(
        os.path.join(folder, name)
        for folder, _, names in os.walk(package_directory())
        for name in names
        if name.endswith((".py", ".bin"))
    )
    for file in code:
        status = os.stat(file)
        digest.update(f"{file}:{status.st_size}:{status.st_mtime_ns};".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


# -- reading ------------------------------------------------------------------------------


def _read(entry_path: str, path: str) -> tuple[Store, QueryIndex] | None:
    try:
        with open(entry_path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if mapped[: len(MAGIC)] != MAGIC:
            return None
        head_end = len(MAGIC) + 8 + int.from_bytes(mapped[len(MAGIC) : len(MAGIC) + 8], "little")
        head = marshal.loads(mapped[len(MAGIC) + 8 : head_end])
    except (OSError, ValueError, EOFError, TypeError):
        return None
    for source_path, sha256 in head["sources"]:
        try:
            if hashlib.sha256(read_text(source_path, source_path, what="source file")[0]).hexdigest() != sha256:
                return None
        except StoreError:
            return None
    offsets = array(_OFFSET, head["offsets"])
    records = _Records(mapped, head_end, offsets)
    store = _store_from(head["store"], path, records)
    return store, QueryIndex(store, {**head["index"], "facts": _Facts(records)})


class _Records:
    """The claim records of an entry, each decoded on first use into (Claim, ClaimFacts)."""

    def __init__(self, mapped: mmap.mmap, start: int, offsets: array) -> None:
        self._mapped = mapped
        self._start = start
        self._offsets = offsets
        self._decoded: list[tuple[Claim, ClaimFacts] | None] = [None] * (len(offsets) - 1)

    def __len__(self) -> int:
        return len(self._decoded)

    def __getitem__(self, position: int) -> tuple[Claim, ClaimFacts]:
        if position < 0:
            position += len(self._decoded)
        record = self._decoded[position]  # IndexError past the end ends iteration
        if record is None:
            begin = self._start + self._offsets[position]
            end = self._start + self._offsets[position + 1]
            claim_fields, fact_fields = marshal.loads(self._mapped[begin:end])
            identifier, actor, kind, topics, text, citations = claim_fields
            claim = Claim(identifier, actor, ClaimKind(kind), topics, text, tuple(Citation(*c) for c in citations))
            record = self._decoded[position] = (claim, ClaimFacts(*fact_fields))
        return record


class _Claims(Sequence[Claim]):
    def __init__(self, records: _Records) -> None:
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self._records[i][0] for i in range(*position.indices(len(self)))]
        return self._records[position][0]


class _Facts(_Claims):
    def __getitem__(self, position):  # type: ignore[override]
        return self._records[position][1]


class _ClaimsById(Mapping[str, Claim]):
    """Claims by id, the id table built on first use."""

    def __init__(self, ids: list[str], claims: _Claims) -> None:
        self._ids = ids
        self._claims = claims
        self._positions: dict[str, int] | None = None

    def _table(self) -> dict[str, int]:
        if self._positions is None:
            self._positions = {identifier: position for position, identifier in enumerate(self._ids)}
        return self._positions

    def __getitem__(self, identifier: str) -> Claim:
        return self._claims[self._table()[identifier]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._table()


def _store_from(state: tuple[Any, ...], path: str, records: _Records) -> Store:
    sources, actors, topics, points, ids = state
    claims = _Claims(records)
    return Store(
        path=path,
        sources=tuple(Source(*fields) for fields in sources),
        actors=tuple(Actor(i, n, ActorKind(k), al, af) for i, n, k, al, af in actors),
        topics=tuple(Topic(*fields) for fields in topics),
        claims=claims,
        sticking_points=tuple(
            StickingPoint(i, title, topic, tuple(Position(party, claim_ids) for party, claim_ids in positions))
            for i, title, topic, positions in points
        ),
        claim_by_id=_ClaimsById(ids, claims),
    )


# -- writing ------------------------------------------------------------------------------


def _write(entry_path: str, store: Store, index: QueryIndex) -> None:
    import tempfile

    directory = os.path.dirname(entry_path)
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _dump(handle, store, index)
        os.replace(temporary, entry_path)  # readers see the old entry or the whole new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    _prune(directory)


def _dump(handle: Any, store: Store, index: QueryIndex) -> None:
    records = []
    offsets = array(_OFFSET, [0])
    for claim, facts in zip(store.claims, index.state["facts"], strict=True):
        citations = [tuple(citation) for citation in claim.citations]
        fields = (claim.id, claim.actor, claim.kind.value, claim.topics, claim.text, citations)
        record = marshal.dumps((fields, tuple(facts)))
        records.append(record)
        offsets.append(offsets[-1] + len(record))
    state = index.state
    head = marshal.dumps(
        {
            "sources": [(source.file, source.sha256) for source in store.sources],
            "store": (
                [tuple(source) for source in store.sources],
                [(a.id, a.name, a.kind.value, a.aliases, a.affiliation) for a in store.actors],
                [tuple(topic) for topic in store.topics],
                [(p.id, p.title, p.topic, [tuple(q) for q in p.positions]) for p in store.sticking_points],
                [claim.id for claim in store.claims],
            ),
            "index": {key: state[key] for key in state if key != "facts"},
            "offsets": offsets.tobytes(),
        }
    )
    handle.write(MAGIC)
    handle.write(len(head).to_bytes(8, "little"))
    handle.write(head)
    for record in records:
        handle.write(record)


def _prune(directory: str) -> None:
    """Keep the newest entries only: each edit of a store leaves one behind."""
    with contextlib.suppress(OSError):
        entries = [os.path.join(directory, name) for name in os.listdir(directory) if name.endswith(".cache")]
        entries.sort(key=os.path.getmtime, reverse=True)
        for stale in entries[KEEP_ENTRIES:]:
            os.unlink(stale)
