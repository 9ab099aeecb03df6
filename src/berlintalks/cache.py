"""A cache of the validated, resolved store and its query index, so that an answer costs
little more than starting Python, however large the store.

An entry is keyed by the bytes of the store (the very bytes that were parsed to build it),
the folder its source paths start from, and the code that built it. It is only a copy, and
nothing in it is taken on trust:

- it is used only when it holds its own key and this format's version, and the sha256 of
  everything after them matches the one it records, checked when it is opened: a truncated,
  damaged or foreign entry is built afresh, never an error;
- its articles are read from their files, not from the entry, and used only when their
  sha256 is the one the entry records and one the store itself names;
- it is decoded by a JSON parser and by lengths checked against its size, so what it can
  cost is bounded by how large it is;
- every claim is checked when it is decoded: its fields of the right types, its references
  known, each quote the very text its article has at its offsets. A claim that fails raises
  CacheDamaged, and the command is run again on the store built afresh.

An entry is one file: a head (the store's small sections, the claim ids, the index's word
lists), the word vectors and the postings as arrays, and one record per claim. The file is
memory-mapped and a claim decoded only when something reads it, so a question over 100,000
claims decodes the few hundred it scores, not all of them. Entries are written atomically;
a cache that cannot be written (a read-only home) is skipped.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import mmap
import os
import stat
import time
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from . import vectors
from .errors import CacheDamaged, StoreError
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
MAGIC = b"berlintalks-cache-3\n"
SUFFIX = ".cache"
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 8
#: A temporary file this old was left by a run stopped while writing it; a younger one may
#: be another run's entry still being written.
ABANDONED_AFTER_SECONDS = 3600
_DIGEST_LINE = 65  # 64 hex digits and a newline
_LENGTH = 8
_POSTING = "I"
_OFFSET = "Q"
_WORD_SETS = ("vocabulary", "known_concepts")
_WORD_LISTS = ("spellable", "meaning_words")
_POSTINGS = ("by_concept", "by_actor", "by_topic")


def load(stored: StoreText, *, reuse: bool = True) -> tuple[Store, QueryIndex]:
    """The store read as ``stored`` and its query index: from its cache entry when that is
    sound and ``reuse`` holds, else built from the store and its entry written anew."""
    key = _key(stored)
    entry_path = os.path.join(cache_directory(), key + SUFFIX)
    loaded = _read(entry_path, key, stored) if reuse else None
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
        _write(entry_path, key, store, index)
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


# -- what an entry may hold ---------------------------------------------------------------
#
# A shape is a type (exactly: a bool is not an int), [shape] for a list of any length,
# (shape, ...) for a list of exactly those, {name: shape} for an object with exactly those
# keys, and a set for any one of its shapes. Each is made once into a function that tells
# whether a decoded value has it.

Check = Callable[[Any], bool]


def _checker(shape: Any) -> Check:
    if isinstance(shape, type):
        return lambda value: type(value) is shape
    if shape is None:
        return lambda value: value is None
    if isinstance(shape, set):
        ones = [_checker(one) for one in shape]
        return lambda value: any(check(value) for check in ones)
    if isinstance(shape, list):
        [item] = shape
        if isinstance(item, type):  # the long lists, of ids and words: their types, found at C speed
            return lambda value: type(value) is list and {*map(type, value)} <= {item}
        check_item = _checker(item)
        return lambda value: type(value) is list and all(map(check_item, value))
    if isinstance(shape, tuple):
        if all(isinstance(one, type) for one in shape):
            return lambda value: type(value) is list and list(map(type, value)) == list(shape)
        checks = [_checker(one) for one in shape]
        return lambda value: (
            type(value) is list
            and len(value) == len(checks)
            and all(check(element) for check, element in zip(checks, value, strict=True))
        )
    named = {name: _checker(one) for name, one in shape.items()}
    return lambda value: (
        type(value) is dict and value.keys() == named.keys() and all(named[name](value[name]) for name in named)
    )


_fits_head = _checker(
    {
        "sources": [(str, str, str, str, str, bool)],
        "actors": [(str, str, str, [str], {str, None})],
        "topics": [(str, str, [str])],
        "sticking_points": [(str, str, str, [(str, [str])])],
        "claims": [str],
        **{name: [str] for name in (*_WORD_SETS, *_WORD_LISTS)},
        "postings": {name: [str] for name in _POSTINGS},  # each table's keys
    }
)
def _require(condition: bool) -> None:
    if not condition:
        raise CacheDamaged()


# -- reading ------------------------------------------------------------------------------


def _read(entry_path: str, key: str, stored: StoreText) -> tuple[Store, QueryIndex] | None:
    """The entry at ``entry_path`` as a store and index, or None when there is no sound one."""
    mapped = _mapped(entry_path)
    if mapped is None:
        return None
    try:
        return _opened(mapped, key, stored)
    except CacheDamaged:
        return None


def _mapped(entry_path: str) -> mmap.mmap | None:
    """The entry's bytes, memory-mapped; None when there is no regular file to map."""
    try:
        # Without O_NONBLOCK a FIFO put in the entry's place would wait for a writer for ever.
        descriptor = os.open(entry_path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # ValueError: an empty file cannot be mapped
        return None
    finally:
        os.close(descriptor)


def _opened(mapped: mmap.mmap, key: str, stored: StoreText) -> tuple[Store, QueryIndex]:
    start = len(MAGIC) + 2 * _DIGEST_LINE
    _require(len(mapped) >= start and mapped[: len(MAGIC)] == MAGIC)
    _require(mapped[len(MAGIC) : len(MAGIC) + _DIGEST_LINE] == f"{key}\n".encode())
    recorded = mapped[len(MAGIC) + _DIGEST_LINE : start]
    _require(recorded == f"{hashlib.sha256(memoryview(mapped)[start:]).hexdigest()}\n".encode())
    head_span, vectors_span, postings_span, bounds_span, offsets_span, records_span = _sections(mapped, start, 6)
    try:
        head = json.loads(mapped[slice(*head_span)])
    except (ValueError, RecursionError):
        raise CacheDamaged() from None
    _require(_fits_head(head))
    ids = head["claims"]
    positions = {identifier: position for position, identifier in enumerate(ids)}
    _require(len(positions) == len(ids))
    known = _known(head, positions, stored)
    offsets = array(_OFFSET, mapped[slice(*offsets_span)])
    _require(len(offsets) == len(ids) + 1 and offsets[-1] == records_span[1] - records_span[0])
    records = _Records(mapped, records_span[0], offsets, positions, known)
    claims = _Claims(records)
    store = Store(
        path=known.path,
        sources=known.sources,
        actors=known.actors,
        topics=known.topics,
        claims=claims,
        sticking_points=known.sticking_points,
        claim_by_id=_ClaimsById(positions, claims),
    )
    meaning_vectors = mapped[slice(*vectors_span)]
    _require(len(meaning_vectors) == len(head["meaning_words"]) * vectors.dimensions())
    state = {
        **{name: frozenset(head[name]) for name in _WORD_SETS},
        **{name: head[name] for name in _WORD_LISTS},
        **_postings(mapped, postings_span, array(_OFFSET, mapped[slice(*bounds_span)]), head["postings"]),
        "meaning_vectors": meaning_vectors,
        "facts": _Facts(records),
    }
    return store, QueryIndex(store, state)


def _sections(mapped: mmap.mmap, start: int, count: int) -> list[tuple[int, int]]:
    """The (start, end) of each of ``count`` length-prefixed sections that fill the rest of the entry."""
    spans = []
    at = start
    for _ in range(count):
        _require(at + _LENGTH <= len(mapped))
        length = int.from_bytes(mapped[at : at + _LENGTH], "little")
        at += _LENGTH
        _require(length <= len(mapped) - at)
        spans.append((at, at + length))
        at += length
    _require(at == len(mapped))
    return spans


def _postings(
    mapped: mmap.mmap, span: tuple[int, int], bounds: array, keys: dict[str, list[str]]
) -> dict[str, dict[str, bytes]]:
    """Each table's claim positions by key, as the bytes of an array the index turns into one
    when used: the n-th key of all the tables holds the positions from ``bounds[n]`` to
    ``bounds[n + 1]``. Positions past the last claim are caught where a claim is read."""
    size = array(_POSTING).itemsize
    first, end = span
    _require(len(bounds) == sum(map(len, keys.values())) + 1 and max(bounds) * size == end - first)
    tables = {}
    at = 0
    for name, names in keys.items():
        tables[name] = {
            key: mapped[first + bounds[at + n] * size : first + bounds[at + n + 1] * size] for n, key in enumerate(names)
        }
        at += len(names)
    return tables


def _known(head: dict[str, Any], claim_positions: dict[str, int], stored: StoreText) -> Store:
    """The store's sections other than its claims, every reference between them checked and
    its sources' texts read from their files."""
    sources = tuple(_source(fields, stored) for fields in head["sources"])
    try:
        actors = tuple(Actor(i, n, ActorKind(k), tuple(al), af) for i, n, k, al, af in head["actors"])
    except ValueError:
        raise CacheDamaged() from None
    topics = tuple(Topic(i, n, tuple(al)) for i, n, al in head["topics"])
    points = tuple(
        StickingPoint(i, title, topic, tuple(Position(party, tuple(claims)) for party, claims in positions))
        for i, title, topic, positions in head["sticking_points"]
    )
    known = Store(path=stored.name, sources=sources, actors=actors, topics=topics, claims=(), sticking_points=points)
    for entries, by_id in ((sources, known.source_by_id), (actors, known.actor_by_id), (topics, known.topic_by_id)):
        _require(len(by_id) == len(entries))
    _require(len({point.id for point in points}) == len(points))
    _require(all(actor.affiliation is None or actor.affiliation in known.actor_by_id for actor in actors))
    for point in points:
        _require(point.topic in known.topic_by_id)
        for position in point.positions:
            _require(position.party in known.actor_by_id and all(claim in claim_positions for claim in position.claims))
    return known


def _source(fields: list[Any], stored: StoreText) -> Source:
    """A source of the entry, its text from its file: used only when the file's sha256 is the
    one recorded and one the store names, so an entry cannot make the tool read any other."""
    identifier, path, title, sha256, file, supplied_title = fields
    _require(sha256.encode("ascii", "replace") in stored.data)
    try:
        data, text = read_text(file, file, what="source file")
    except StoreError:
        raise CacheDamaged() from None
    _require(hashlib.sha256(data).hexdigest() == sha256)
    return Source(identifier, path, title, sha256, text, file, supplied_title)


class _Records:
    """The claim records of an entry, each decoded and checked on first use into
    (Claim, ClaimFacts); CacheDamaged when one is not sound."""

    def __init__(self, mapped: mmap.mmap, start: int, offsets: array, positions: dict[str, int], known: Store) -> None:
        self._mapped = mapped
        self._start = start
        self._offsets = offsets
        self._positions = positions
        self._known = known
        self._decoded: list[tuple[Claim, ClaimFacts] | None] = [None] * (len(offsets) - 1)

    def __len__(self) -> int:
        return len(self._decoded)

    def __getitem__(self, position: int) -> tuple[Claim, ClaimFacts]:
        if position < 0:
            position += len(self._decoded)
        # Positions come from the entry's postings: one past the claims is a damaged entry.
        _require(0 <= position < len(self._decoded))
        record = self._decoded[position]
        if record is None:
            record = self._decoded[position] = self._decode(position)
        return record

    def _decode(self, position: int) -> tuple[Claim, ClaimFacts]:
        # Checked by hand rather than by shape, for speed: a question decodes records by the
        # thousand. A reference found among the store's ids is a string, as they are.
        begin, end = self._offsets[position], self._offsets[position + 1]
        known = self._known
        try:
            encoded = self._mapped[self._start + begin : self._start + end].decode("ascii")
            record, length = _JSON.raw_decode(encoded)
            (identifier, actor, kind, topics, text, citations), (concepts, folded, mentioned, quoted, defined) = record
            _require(
                length == end - begin
                and self._positions.get(identifier) == position
                and (actor is None or actor in known.actor_by_id)
                and type(topics) is list
                and bool(topics)
                and all(topic in known.topic_by_id for topic in topics)
                and type(text) is type(folded) is str
                and all(map(_is_words, (concepts, mentioned, quoted, defined)))
                and type(citations) is list
                and bool(citations)
                and all(map(self._is_cited, citations))
            )
            claim = Claim(identifier, actor, _CLAIM_KINDS[kind], tuple(topics), text, tuple(map(Citation._make, citations)))
        except (ValueError, TypeError, KeyError, RecursionError):  # not JSON, or not of this shape
            raise CacheDamaged() from None
        facts = ClaimFacts(frozenset(concepts), folded, frozenset(mentioned), frozenset(quoted), frozenset(defined))
        return claim, facts

    def _is_cited(self, fields: Any) -> bool:
        """A citation whose quote is what its article says at its offsets, character for character."""
        if type(fields) is not list or list(map(type, fields)) != _CITATION_TYPES:
            return False
        source_id, quote, start, end, line, paragraph = fields
        source = self._known.source_by_id.get(source_id)
        return (
            source is not None
            and line >= 1
            and paragraph >= 1
            and bool(quote)
            and start >= 0
            and end == start + len(quote)
            and source.text[start:end] == quote
        )


def _is_words(value: Any) -> bool:
    return type(value) is list and all(type(word) is str for word in value)


_JSON = json.JSONDecoder()
_CLAIM_KINDS = {kind.value: kind for kind in ClaimKind}
_CITATION_TYPES = [str, str, int, int, int, int]


class _Claims(Sequence[Claim]):
    def __init__(self, records: _Records) -> None:
        self._records = records

    def __len__(self) -> int:
        return len(self._records)

    def __iter__(self) -> Iterator[Claim]:
        return (self[position] for position in range(len(self)))

    def __getitem__(self, position):  # type: ignore[override]
        if isinstance(position, slice):
            return [self._records[i][0] for i in range(*position.indices(len(self)))]
        return self._records[position][0]


class _Facts(_Claims):
    def __getitem__(self, position):  # type: ignore[override]
        return self._records[position][1]


class _ClaimsById(Mapping[str, Claim]):
    """Claims by id, each decoded when asked for."""

    def __init__(self, positions: dict[str, int], claims: _Claims) -> None:
        self._positions = positions
        self._claims = claims

    def __getitem__(self, identifier: str) -> Claim:
        return self._claims[self._positions[identifier]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)

    def __contains__(self, identifier: object) -> bool:
        return identifier in self._positions


# -- writing ------------------------------------------------------------------------------


def _write(entry_path: str, key: str, store: Store, index: QueryIndex) -> None:
    import tempfile

    directory = os.path.dirname(entry_path)
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(_framed(key, _contents(store, index)))
        if os.path.isdir(entry_path) and not os.path.islink(entry_path):
            _remove(entry_path)  # else no entry could ever take its place
        os.replace(temporary, entry_path)  # readers see the old entry or the whole new one
    except OSError:
        _remove(temporary)
        return
    except BaseException:  # Ctrl-C while writing: leave nothing behind
        _remove(temporary)
        raise
    _prune(directory)


def _contents(store: Store, index: QueryIndex) -> list[list[bytes]]:
    """The sections of an entry for ``store`` and ``index``, each as the parts it is written in."""
    # ASCII JSON: a file name that is not UTF-8 (held with surrogates) survives the round trip.
    encode = json.JSONEncoder(separators=(",", ":")).encode
    state = index.state
    records = []
    offsets = array(_OFFSET, [0])
    for claim, facts in zip(store.claims, state["facts"], strict=True):
        citations = [list(citation) for citation in claim.citations]
        fields = [claim.id, claim.actor, claim.kind.value, list(claim.topics), claim.text, citations]
        concepts, folded, mentioned, quoted, defined = facts
        record = encode([fields, [sorted(concepts), folded, sorted(mentioned), sorted(quoted), sorted(defined)]])
        records.append(record.encode("ascii"))
        offsets.append(offsets[-1] + len(records[-1]))
    postings = array(_POSTING)
    bounds = array(_OFFSET, [0])
    keys: dict[str, list[str]] = {}
    for name in _POSTINGS:
        keys[name] = list(state[name])
        for positions in state[name].values():
            postings.extend(positions)
            bounds.append(len(postings))
    head = {
        "sources": [[s.id, s.path, s.title, s.sha256, s.file, s.supplied_title] for s in store.sources],
        "actors": [[a.id, a.name, a.kind.value, list(a.aliases), a.affiliation] for a in store.actors],
        "topics": [[t.id, t.name, list(t.aliases)] for t in store.topics],
        "sticking_points": [
            [p.id, p.title, p.topic, [[q.party, list(q.claims)] for q in p.positions]] for p in store.sticking_points
        ],
        "claims": [claim.id for claim in store.claims],
        **{name: sorted(state[name]) for name in _WORD_SETS},
        **{name: list(state[name]) for name in _WORD_LISTS},
        "postings": keys,
    }
    return [
        [encode(head).encode("ascii")],
        [state["meaning_vectors"]],
        [postings.tobytes()],
        [bounds.tobytes()],
        [offsets.tobytes()],
        records,
    ]


def _framed(key: str, sections: list[list[bytes]]) -> list[bytes]:
    """An entry's bytes, in parts: this format's first line, the entry's key, the sha256 of
    all that follows, and each section after its length."""
    body = []
    for parts in sections:
        body += [sum(map(len, parts)).to_bytes(_LENGTH, "little"), *parts]
    digest = hashlib.sha256()
    for part in body:
        digest.update(part)
    return [MAGIC + f"{key}\n{digest.hexdigest()}\n".encode(), *body]


def _prune(directory: str) -> None:
    """Keep the newest entries only (each edit of a store leaves one behind), and remove what
    is not an entry: another format's files, a temporary file a stopped run left behind."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    entries = []
    now = time.time()
    for name in names:
        path = os.path.join(directory, name)
        try:
            status = os.lstat(path)
        except OSError:
            continue
        if stat.S_ISREG(status.st_mode) and name.endswith(SUFFIX):
            entries.append((status.st_mtime, path))
        elif not (name.endswith(".tmp") and now - status.st_mtime < ABANDONED_AFTER_SECONDS):
            _remove(path)
    entries.sort(reverse=True)
    for _, stale in entries[KEEP_ENTRIES:]:
        _remove(stale)


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        import shutil

        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)
