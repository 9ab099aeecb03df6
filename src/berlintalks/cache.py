"""A cache of the validated, resolved store and its query index, so that an answer costs
little more than starting Python, however large the store.

An entry is keyed by the bytes of the store (the very bytes that were parsed to build it),
the folder its source paths start from, and the code that built it. It is only a copy:

- it is used only when it holds its own key and this format's version, and the HMAC of
  everything after them under the user's own key (``_secret``) is the one it records, checked
  when it is opened: a truncated, damaged, foreign or forged entry is built afresh, never an
  error;
- its articles are read from their files, not from the entry, inside the store's bound, and
  used only when their sha256 is the one the entry records and one the store itself names;
  its sources' titles must be ones the store holds;
- it is made of length-prefixed sections, of arrays and of fields separated by NUL with each
  list's length before it, all read with their lengths checked against what is there, so
  what it can cost to read is bounded by how large it is;
- every claim is checked when it is decoded: its references known, each quote the very text
  its article has at its offsets, on the line and in the paragraph it gives. A claim that
  fails raises CacheDamaged, and the command is run again on the store built afresh.

Someone with the user's key can still give claims texts and names of their own: README.md
says so.

An entry is one file: a head (the store's small sections, the claim ids, the index's word
lists), the words' ranks and the postings as arrays, and one record per claim. The file is
read into memory, if no larger than its store can need, and a claim decoded only when
something reads it, so a question over 100,000 claims decodes the few hundred it scores, not
all of them. Entries are written atomically;
a cache that cannot be written (a read-only home) is skipped.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import re
import stat
import time
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

from .errors import CacheDamaged, StoreError
from .files import StoreText, bound, read_bounded, read_source
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
from .paths import cache_directory, package_directory, state_directory
from .segment import Lines

if TYPE_CHECKING:
    from .query import ClaimFacts, QueryIndex

#: Starts every entry; bumped when the shape of an entry changes.
MAGIC = b"berlintalks-cache-10\n"
#: What starts an entry of any format.
_HEADER = b"berlintalks-cache-"
SUFFIX = ".cache"
#: An entry's name: its key and the suffix. Nothing else in the folder is taken for one.
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.cache")
#: How a temporary file is named while an entry is written (``tempfile.mkstemp``).
_TEMPORARY = ("berlintalks-entry-", ".tmp")
_TEMPORARY_NAME = re.compile(r"berlintalks-entry-\w+\.tmp")
#: Entries kept; older ones are removed when a new one is written.
KEEP_ENTRIES = 8
#: A temporary file this old was left by a run stopped while writing it; a younger one may
#: be another run's entry still being written.
ABANDONED_AFTER_SECONDS = 3600
_DIGEST_LINE = 65  # 64 hex digits and a newline
_SECRET_BYTES = 32
_LENGTH = 8
_POSTING = "I"
_RANK = "I"
_OFFSET = "Q"
_WORD_SETS = ("vocabulary", "known_stems")
_WORD_LISTS = ("spellable", "ranked_words", "world_names", "chat_short", "chat_long")
_POSTINGS = ("by_concept", "by_actor", "by_topic")


def load(stored: StoreText, *, reuse: bool = True) -> tuple[Store, Callable[[], QueryIndex]]:
    """The store read as ``stored``, and what makes its query index: from its cache entry when
    that is sound and ``reuse`` holds, else built from the store and its entry written anew.
    From an entry, the index is made only when called for, so that a command that only browses
    the record never imports the query package."""
    key = _key(stored)
    entry_path = os.path.join(cache_directory(), key + SUFFIX)
    secret = _secret()
    loaded = _read(entry_path, key, stored, secret) if reuse and secret else None
    if loaded is not None:
        return loaded
    from .query import QueryIndex
    from .store import parse_store  # only now: reading YAML is what the cache saves

    # Loading builds millions of small objects that all stay alive: the cyclic garbage
    # collector would scan them again and again for nothing.
    collecting = gc.isenabled()
    gc.disable()
    try:
        store = parse_store(stored)
        index = QueryIndex(store)
        if secret:
            _write(entry_path, key, store, index, secret)
    finally:
        if collecting:
            gc.enable()
    return store, lambda: index


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


def _secret() -> bytes | None:
    """The key every entry is signed with (HMAC-SHA256), kept outside the cache folder where
    only the user can read it: someone who can write the cache folder but not read this file
    cannot make an entry the tool will use. Made on first use; None where it can be neither
    read nor made (a read-only home), and then the cache is not used at all."""
    path = os.path.join(state_directory(), "cache-key")
    for _ in range(2):
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except FileNotFoundError:
            _make_secret(path)
            continue
        except OSError:
            return None
        try:
            status = os.fstat(descriptor)
            secret = os.read(descriptor, _SECRET_BYTES + 1)
        except OSError:
            return None
        finally:
            os.close(descriptor)
        # A key others could read, or that another user made, keeps no one out.
        private = stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077
        return secret if private and len(secret) == _SECRET_BYTES else None
    return None


def _make_secret(path: str) -> None:
    """Write a new key at ``path``, unless another run has just done so: written whole beside it
    first and then linked into place, so that no run reads half a key."""
    import tempfile

    with contextlib.suppress(OSError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=os.path.dirname(path))  # readable by the user alone
        try:
            try:
                written = os.write(descriptor, os.urandom(_SECRET_BYTES))
            finally:
                os.close(descriptor)
            with contextlib.suppress(FileExistsError):
                if written == _SECRET_BYTES:
                    os.link(temporary, path)
        finally:
            os.unlink(temporary)


def _signature(secret: bytes, parts: Iterable[bytes | memoryview]) -> bytes:
    """What the entry's second line records of all that follows it."""
    signature = hmac.new(secret, digestmod=hashlib.sha256)
    for part in parts:
        signature.update(part)
    return f"{signature.hexdigest()}\n".encode()


# -- fields ---------------------------------------------------------------------------------


class _Fields:
    """The fields of one section, read back in the order they were written: text separated by
    NUL, which no field holds, each list written as its length and then its items. Reading
    costs one split of bytes the entry holds; a field that is missing or not what it must be
    is CacheDamaged."""

    def __init__(self, data: bytes) -> None:
        self._fields = _split(data)
        self._next = 0

    def text(self) -> str:
        _require(self._next < len(self._fields))
        self._next += 1
        return self._fields[self._next - 1]

    def optional(self) -> str | None:
        return self.text() or None

    def flag(self) -> bool:
        value = self.text()
        _require(value in ("", "1"))
        return value == "1"

    def number(self) -> int:
        value = self.text()
        _require(value.isascii() and value.isdigit() and len(value) < 19)
        return int(value)

    def items(self) -> range:
        """As many as the count that comes next: each read then ends the loop if it is not there."""
        return range(self.number())

    def texts(self) -> list[str]:
        count = self.number()
        _require(count <= len(self._fields) - self._next)
        self._next += count
        return self._fields[self._next - count : self._next]

    def end(self) -> None:
        _require(self._next == len(self._fields))


def _split(data: bytes) -> list[str]:
    # surrogateescape: a file name that is not UTF-8 comes back as it was.
    return data.decode("utf-8", "surrogateescape").split("\0")


class _Written:
    """Fields to be read back by _Fields."""

    def __init__(self) -> None:
        self.fields: list[str] = []

    def add(self, *values: str | int | bool | None) -> None:
        """Each value as a field: a number in decimals, a flag as "1" or "", None as ""."""
        self.fields += (
            "1" if value is True else "" if value is None or value is False else str(value) for value in values
        )

    def words(self, values: list[str]) -> None:
        """Each of the strings as a field, as it is: the bulk of a claim's record."""
        self.fields += values

    def texts(self, values: Iterable[str]) -> None:
        values = list(values)
        self.fields += (str(len(values)), *values)

    def encoded(self) -> bytes | None:
        """The fields as bytes; None when one holds a NUL or a character UTF-8 cannot hold: such
        a store is not cached. A validated store holds neither; this guards the format."""
        joined = "\0".join(self.fields)
        if joined.count("\0") != len(self.fields) - 1:
            return None
        try:
            return joined.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            return None


def _require(condition: bool) -> None:
    if not condition:
        raise CacheDamaged()


def _array(typecode: str, data: bytes) -> array:
    _require(len(data) % array(typecode).itemsize == 0)
    return array(typecode, data)


# -- reading ------------------------------------------------------------------------------


def _read(
    entry_path: str, key: str, stored: StoreText, secret: bytes
) -> tuple[Store, Callable[[], QueryIndex]] | None:
    """The entry at ``entry_path`` as a store and what makes its index, or None when there is no
    sound one."""
    try:
        # Read whole into memory, not mapped: a mapped file cut short while in use (another run
        # rewriting it, a user) kills the process with SIGBUS when a page past its end is read.
        data = read_bounded(entry_path, _largest_entry(stored), what="cache entry")
    except StoreError:
        return None
    try:
        return _opened(data, key, stored, secret)
    except CacheDamaged:
        return None


def _largest_entry(stored: StoreText) -> int:
    """The most an entry of ``stored`` can need: its claims' texts, quotes and words and the
    index's tables grow with the store, under twice its size for stores of every size measured
    (benchmarks/scale.py), plus word lists of a fixed size. An entry over this (a sparse file of
    gigabytes) is refused before a byte of it is read."""
    return 8 * len(stored.data) + 4 * 1024 * 1024


def _opened(mapped: bytes, key: str, stored: StoreText, secret: bytes) -> tuple[Store, Callable[[], QueryIndex]]:
    start = len(MAGIC) + 2 * _DIGEST_LINE
    _require(len(mapped) >= start and mapped[: len(MAGIC)] == MAGIC)
    _require(mapped[len(MAGIC) : len(MAGIC) + _DIGEST_LINE] == f"{key}\n".encode())
    recorded = mapped[len(MAGIC) + _DIGEST_LINE : start]
    _require(hmac.compare_digest(recorded, _signature(secret, [memoryview(mapped)[start:]])))
    head_span, ranks_span, postings_span, bounds_span, offsets_span, records_span = _sections(mapped, start, 6)
    head = _Fields(mapped[slice(*head_span)])
    store = _known(head, stored)
    ids = head.texts()
    positions = {identifier: position for position, identifier in enumerate(ids)}
    _require(len(positions) == len(ids))
    for point in store.sticking_points:
        _require(all(claim in positions for position in point.positions for claim in position.claims))
    _require(all(claim in positions and set(others) <= positions.keys() for claim, others in store.differences.items()))
    words = {name: head.texts() for name in (*_WORD_SETS, *_WORD_LISTS)}
    word_ranks = _array(_RANK, mapped[slice(*ranks_span)])
    _require(len(word_ranks) == len(words["ranked_words"]) and len(words["chat_short"]) == len(words["chat_long"]))
    keys = {name: head.texts() for name in _POSTINGS}
    head.end()
    offsets = _array(_OFFSET, mapped[slice(*offsets_span)])
    _require(len(offsets) == len(ids) + 1 and offsets[-1] == records_span[1] - records_span[0])
    # A claim is checked against the store's own tables of sources, actors and topics when it
    # is decoded: the store is made first and given its claims after.
    records = _Records(mapped, records_span[0], offsets, positions, store)
    claims = _Claims(records)
    store.claims = claims
    store.claim_by_id = _ClaimsById(positions, claims)
    state = {
        **{name: frozenset(words[name]) for name in _WORD_SETS},
        **{name: words[name] for name in _WORD_LISTS},
        "word_ranks": word_ranks,
        **_postings(mapped, postings_span, _array(_OFFSET, mapped[slice(*bounds_span)]), keys),
    }

    def index() -> QueryIndex:
        from .query import QueryIndex

        return QueryIndex(store, {**state, "facts": _Facts(records)})

    return store, index


def _sections(mapped: bytes, start: int, count: int) -> list[tuple[int, int]]:
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
    mapped: bytes, span: tuple[int, int], bounds: array, keys: dict[str, list[str]]
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


def _known(head: _Fields, stored: StoreText) -> Store:
    """The store with its sections other than its claims, which it has none of yet: the
    references between them checked and its sources' texts read from their files."""
    listed = [(head.text(), head.text(), head.text(), head.text(), head.text(), head.flag()) for _ in head.items()]
    _require(_named(stored.data, [sha256 for _, _, _, sha256, _, _ in listed]))
    # Printed with every quote: as the store has it, written plainly or escaped as JSON does.
    _require(all(_holds(stored.data, title) for _, _, title, _, _, _ in listed))
    within = bound(stored.folder)
    sources = tuple(_source(*fields, within) for fields in listed)
    try:
        actors = tuple(
            Actor(head.text(), head.text(), ActorKind(head.text()), tuple(head.texts()), head.optional())
            for _ in head.items()
        )
    except ValueError:  # not a kind of actor
        raise CacheDamaged() from None
    topics = tuple(Topic(head.text(), head.text(), tuple(head.texts())) for _ in head.items())
    points = tuple(
        StickingPoint(
            head.text(),
            head.text(),
            head.text(),
            tuple(_position(head) for _ in head.items()),
        )
        for _ in head.items()
    )
    differences = {head.text(): tuple(head.texts()) for _ in head.items()}
    known = Store(
        path=stored.name, sources=sources, actors=actors, topics=topics, claims=(), sticking_points=points,
        differences=differences,
    )
    for entries, by_id in ((sources, known.source_by_id), (actors, known.actor_by_id), (topics, known.topic_by_id)):
        _require(len(by_id) == len(entries))
    _require(len({point.id for point in points}) == len(points))
    _require(all(actor.affiliation is None or actor.affiliation in known.actor_by_id for actor in actors))
    _require(all(point.topic in known.topic_by_id for point in points))
    _require(all(position.party in known.actor_by_id for point in points for position in point.positions))
    return known


def _position(head: _Fields) -> Position:
    party, stance = head.text(), head.text()
    return Position(party, tuple(head.texts()), stance)


def _named(data: bytes, digests: list[str]) -> bool:
    """Whether the store's text names each of ``digests``, so that an entry cannot make the tool
    read a file the store does not name. Each is looked for from where the one before it was
    found, as a sound entry lists the sources in the store's order, and then from the start."""
    at = 0
    for digest in digests:
        wanted = digest.encode("ascii", "replace")
        found = data.find(wanted, at)
        if found < 0:
            found = data.find(wanted)
        if found < 0:
            return False
        at = found + len(wanted)
    return True


def _holds(data: bytes, text: str) -> bool:
    """Whether the store's bytes hold ``text``, as it is or as a JSON string would write it."""
    if text.encode("utf-8", "replace") in data:
        return True
    import json  # only for a title the store escapes: json is not on the path of a listing

    return json.dumps(text)[1:-1].encode() in data


def _source(
    identifier: str, path: str, title: str, sha256: str, file: str, supplied_title: bool, within: str
) -> Source:
    """A source of the entry, its text from its file: used only when the file lies where the
    entry says, inside the store's bound as the store's own reading requires, and its sha256 is
    the one recorded, one the store names."""
    try:
        data, text, real = read_source(file, file, within=within)
    except StoreError:
        raise CacheDamaged() from None
    _require(real == file and hashlib.sha256(data).hexdigest() == sha256)
    return Source(identifier, path, title, sha256, text, file, supplied_title)


class _Records:
    """The claim records of an entry, each decoded and checked on first use into the claim
    and the fields of its ClaimFacts; CacheDamaged when one is not sound."""

    def __init__(self, mapped: bytes, start: int, offsets: array, positions: dict[str, int], store: Store) -> None:
        self._mapped = mapped
        self._start = start
        self._offsets = offsets
        self._positions = positions
        self._store = store
        self._decoded: list[tuple[Claim, tuple] | None] = [None] * (len(offsets) - 1)
        self._lines: dict[str, Lines] = {}

    def __len__(self) -> int:
        return len(self._decoded)

    def __getitem__(self, position: int) -> tuple[Claim, tuple]:
        if position < 0:
            position += len(self._decoded)
        # Positions come from the entry's postings: one past the claims is a damaged entry.
        _require(0 <= position < len(self._decoded))
        record = self._decoded[position]
        if record is None:
            record = self._decoded[position] = self._decode(position)
        return record

    def _decode(self, position: int) -> tuple[Claim, tuple]:
        # A record is its five fields, the lengths of its seven lists, then the lists (see
        # _record): read by slicing rather than field by field, since a question decodes
        # records by the thousand.
        begin, end = self._offsets[position], self._offsets[position + 1]
        _require(begin <= end)
        fields = _split(self._mapped[self._start + begin : self._start + end])
        try:
            counts = [int(count) for count in fields[5:_RECORD_FIELDS]]
            _require(len(counts) == 7 and min(counts) >= 0)
            topic_count, question_count, citation_count, *word_counts = counts
            at = _RECORD_FIELDS + topic_count + question_count
            _require(len(fields) == at + 6 * citation_count + sum(word_counts))
            citations = tuple(
                Citation(fields[i], fields[i + 1], *map(int, fields[i + 2 : i + 6]))
                for i in range(at, at + 6 * citation_count, 6)
            )
        except ValueError:  # a count or an offset that is not a number
            raise CacheDamaged() from None
        identifier, actor, kind, text, folded = fields[:5]
        topics = tuple(fields[_RECORD_FIELDS : _RECORD_FIELDS + topic_count])
        questions = tuple(fields[_RECORD_FIELDS + topic_count : _RECORD_FIELDS + topic_count + question_count])
        at += 6 * citation_count
        words = []
        for count in word_counts:
            words.append(frozenset(fields[at : at + count]))
            at += count
        store = self._store
        _require(
            self._positions.get(identifier) == position
            and (not actor or actor in store.actor_by_id)
            and kind in _CLAIM_KINDS
            and bool(topics)
            and all(topic in store.topic_by_id for topic in topics)
            and bool(citations)
            and all(map(self._is_cited, citations))
        )
        claim = Claim(identifier, actor or None, _CLAIM_KINDS[kind], topics, text, citations, questions)
        return claim, (words[0], folded, *words[1:])

    def _is_cited(self, citation: Citation) -> bool:
        """Whether the quote is what its article says at its offsets, character for character,
        on the line and in the paragraph it is said to be."""
        source = self._store.source_by_id.get(citation.source)
        start, end, quote = citation.start, citation.end, citation.quote
        if not (source is not None and bool(quote) and start >= 0 and end == start + len(quote)):
            return False
        if source.text[start:end] != quote:
            return False
        if source.id not in self._lines:  # an article's lines are worked out once, when first cited
            self._lines[source.id] = Lines(source.text)
        return self._lines[source.id].locate(start) == (citation.line, citation.paragraph)


_CLAIM_KINDS = {kind.value: kind for kind in ClaimKind}
_RECORD_FIELDS = 12


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
    """Each claim's ClaimFacts, for the query index: made from the decoded fields only here, so
    that decoding a claim for a listing does not import the query package."""

    def __init__(self, records: _Records) -> None:
        from .query import ClaimFacts

        super().__init__(records)
        self._make = ClaimFacts._make

    def __getitem__(self, position):  # type: ignore[override]
        return self._make(self._records[position][1])


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


def _write(entry_path: str, key: str, store: Store, index: QueryIndex, secret: bytes) -> None:
    import tempfile

    contents = _contents(store, index)
    if contents is None:
        return
    directory = os.path.dirname(entry_path)
    try:
        os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=_TEMPORARY[0], suffix=_TEMPORARY[1])
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.writelines(_framed(key, contents, secret))
        if os.path.lexists(entry_path) and _ours(entry_path) is None:
            # Not ours to replace (a folder, a FIFO, another program's file): without the
            # entry, the store is built afresh each time.
            _remove(temporary)
            return
        os.replace(temporary, entry_path)  # readers see the old entry or the whole new one
    except OSError:
        _remove(temporary)
        return
    except BaseException:  # Ctrl-C while writing: leave nothing behind
        _remove(temporary)
        raise
    _prune(directory)


def _contents(store: Store, index: QueryIndex) -> list[list[bytes]] | None:
    """The sections of an entry for ``store`` and ``index``, each as the parts it is written in;
    None for a store that cannot be cached (see ``_Written.encoded``)."""
    state = index.state
    records = []
    offsets = array(_OFFSET, [0])
    for claim, facts in zip(store.claims, state["facts"], strict=True):
        encoded = _record(claim, facts).encoded()
        if encoded is None:
            return None
        records.append(encoded)
        offsets.append(offsets[-1] + len(encoded))
    head = _Written()
    head.add(len(store.sources))
    for source in store.sources:
        head.add(source.id, source.path, source.title, source.sha256, source.file, source.supplied_title)
    head.add(len(store.actors))
    for actor in store.actors:
        head.add(actor.id, actor.name, actor.kind.value)
        head.texts(actor.aliases)
        head.add(actor.affiliation)
    head.add(len(store.topics))
    for topic in store.topics:
        head.add(topic.id, topic.name)
        head.texts(topic.aliases)
    head.add(len(store.sticking_points))
    for point in store.sticking_points:
        head.add(point.id, point.title, point.topic, len(point.positions))
        for position in point.positions:
            head.add(position.party, position.stance)
            head.texts(position.claims)
    head.add(len(store.differences))
    for claim_id, others in store.differences.items():
        head.add(claim_id)
        head.texts(others)
    head.texts(claim.id for claim in store.claims)
    for name in _WORD_SETS:
        head.texts(sorted(state[name]))
    for name in _WORD_LISTS:
        head.texts(state[name])
    postings = array(_POSTING)
    bounds = array(_OFFSET, [0])
    for name in _POSTINGS:
        head.texts(state[name])
        for positions in state[name].values():
            postings.extend(positions)
            bounds.append(len(postings))
    encoded_head = head.encoded()
    if encoded_head is None:
        return None
    return [
        [encoded_head],
        [array(_RANK, state["word_ranks"]).tobytes()],
        [postings.tobytes()],
        [bounds.tobytes()],
        [offsets.tobytes()],
        records,
    ]


def _record(claim: Claim, facts: ClaimFacts) -> _Written:
    concepts, folded, mentioned, quoted, defined = facts
    words = [sorted(concepts), sorted(mentioned), sorted(quoted), sorted(defined)]
    record = _Written()
    record.add(claim.id, claim.actor, claim.kind.value, claim.text, folded)
    record.add(len(claim.topics), len(claim.questions), len(claim.citations), *map(len, words))
    record.add(*claim.topics, *claim.questions)
    for citation in claim.citations:
        record.add(*citation)
    for listed in words:
        record.words(listed)
    return record


def _framed(key: str, sections: list[list[bytes]], secret: bytes) -> list[bytes]:
    """An entry's bytes, in parts: this format's first line, the entry's key, the signature of
    all that follows, and each section after its length."""
    body = []
    for parts in sections:
        body += [sum(map(len, parts)).to_bytes(_LENGTH, "little"), *parts]
    return [MAGIC + f"{key}\n".encode() + _signature(secret, body), *body]


def _prune(directory: str) -> None:
    """Keep the newest entries only (each edit of a store leaves one behind), and remove the
    temporary files that stopped runs left behind. Only what the cache wrote is removed: a
    regular file with an entry's name or a temporary file's that begins with an entry's header
    (see ``_ours``); never a folder, a link or anything else, whatever the folder is (it may
    be a link to one that holds other files)."""
    try:
        names = os.listdir(directory)
    except OSError:
        return
    entries = []
    now = time.time()
    for name in names:
        entry = _ENTRY_NAME.fullmatch(name) is not None
        if not entry and _TEMPORARY_NAME.fullmatch(name) is None:
            continue
        path = os.path.join(directory, name)
        status = _ours(path)
        if status is None:
            continue
        if entry:
            entries.append((status.st_mtime, path))
        elif now - status.st_mtime >= ABANDONED_AFTER_SECONDS:
            _remove(path)
    entries.sort(reverse=True)
    for _, stale in entries[KEEP_ENTRIES:]:
        _remove(stale)


def _ours(path: str) -> os.stat_result | None:
    """The status of the regular file at ``path`` when it begins with an entry's header, or
    with as much of it as it holds (an entry cut short, a temporary file just begun); None for
    anything else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        head = os.read(descriptor, len(_HEADER))
    except OSError:
        return None
    finally:
        os.close(descriptor)
    return status if _HEADER.startswith(head) else None


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
