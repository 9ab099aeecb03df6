"""Curating an article into a store: add it as a source, and find the verbatim text of a passage.

The store is edited as text, one entry inserted after the last source, so its comments, order
and formatting stay as the curator wrote them. Every write goes to a temporary file that is
checked and then renamed over the old one, under a lock on the store's folder: an interrupted
or concurrent run leaves either the old store or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from .errors import BerlintalksError, StoreError
from .model import Store
from .segment import Lines, QuoteFinder

#: Typographic variants a curator types as their plain counterparts.
_FOLDED = str.maketrans({"‘": "'", "’": "'", "‚": "'", "′": "'", "“": '"', "”": '"', "„": '"', "″": '"',
                         "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "\u00a0": " "})
#: Fuzzy matches scoring below this (0-100) are not shown.
FUZZY_CUTOFF = 80.0
MAX_FUZZY_MATCHES = 3
#: Near misses scoring this much below the best are left out.
FUZZY_SPREAD = 10.0
_SOURCES_KEY = re.compile(r"sources:[ \t]*(#.*)?")
_TOP_LEVEL_KEY = re.compile(r"[^\s#-]")


class CurationError(BerlintalksError):
    """A source cannot be added or a passage cannot be looked for."""


class AddedSource(NamedTuple):
    id: str
    path: str
    """The article's path as written in the store, relative to the store file."""
    file: str
    """Where the article now lies."""
    sha256: str
    copied: bool
    """False when an identical file was already there."""
    entry: str
    """The lines added to the store."""


class Match(NamedTuple):
    source: str
    start: int
    end: int
    line: int
    paragraph: int
    quote: str
    """The article's own characters: paste this as the citation's ``quote``."""
    occurrence: int
    """Which occurrence of ``quote`` in the source this is, from 1."""
    count: int
    """How often ``quote`` occurs in the source: above 1, the citation needs ``occurrence``."""
    score: float
    """100 for the passage as typed, give or take quote marks, dashes, case and spacing."""

    @property
    def unique(self) -> bool:
        return self.count == 1


def fold(text: str) -> str:
    """Quote marks and dashes made plain, as a curator would type them."""
    return text.translate(_FOLDED)


def _loosened(text: str) -> tuple[str, list[int]]:
    """``text`` folded, lowercased and with runs of white space made one space, and for each of
    its characters the offset of the character in ``text`` it came from."""
    characters: list[str] = []
    origins: list[int] = []
    for offset, character in enumerate(text.translate(_FOLDED)):
        if character.isspace():
            if characters and characters[-1] == " ":
                continue
            character = " "
        lowered = character.lower()
        characters.append(lowered if len(lowered) == 1 else character)
        origins.append(offset)
    return "".join(characters), origins


def _span(text: str, origins: list[int], start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` that loosened characters ``start:end`` came from, spaces trimmed."""
    begin, finish = origins[start], origins[end - 1] + 1
    while begin < finish and text[begin].isspace():
        begin += 1
    while finish > begin and text[finish - 1].isspace():
        finish -= 1
    return begin, finish


def loose_finds(text: str, passage: str) -> list[tuple[int, int]]:
    """Every stretch of ``text`` that reads as ``passage`` give or take quote marks, dashes,
    case and white space."""
    needle, _ = _loosened(passage.strip())
    if not needle:
        return []
    haystack, origins = _loosened(text)
    found = []
    at = haystack.find(needle)
    while at != -1:
        found.append(_span(text, origins, at, at + len(needle)))
        at = haystack.find(needle, at + 1)
    return found


def _fuzzy_finds(text: str, lines: Lines, passage: str) -> list[tuple[int, int, float]]:
    """The best near-miss in each paragraph of ``text`` scoring FUZZY_CUTOFF or more."""
    from rapidfuzz import fuzz

    needle, _ = _loosened(passage.strip())
    found = []
    for line_start, line_end in zip(lines.starts, lines.ends, strict=True):
        line = text[line_start:line_end]
        if line.strip():
            haystack, origins = _loosened(line)
            alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=FUZZY_CUTOFF)
            if alignment is not None and alignment.dest_end > alignment.dest_start:
                start, end = _whole_words(line, *_span(line, origins, alignment.dest_start, alignment.dest_end))
                if end > start:
                    found.append((line_start + start, line_start + end, alignment.score))
    return found


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch widened so that it neither starts nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def locate(store: Store, passage: str, source: str | None = None) -> list[Match]:
    """Where ``passage`` occurs in the store's sources (or in ``source`` alone): loose matches
    if there are any, else the closest near-misses, best first."""
    if not passage.strip():
        raise CurationError("the passage to look for is empty")
    sources = [store.source_by_id[source]] if source else list(store.sources)
    lines = {s.id: Lines(s.text) for s in sources}
    loose = [(s, start, end, 100.0) for s in sources for start, end in loose_finds(s.text, passage)]
    if loose:
        chosen = loose
    else:
        near = [(s, *find) for s in sources for find in _fuzzy_finds(s.text, lines[s.id], passage)]
        near.sort(key=lambda match: -match[3])
        chosen = [match for match in near[:MAX_FUZZY_MATCHES] if match[3] >= near[0][3] - FUZZY_SPREAD]
    return [_match(s.id, s.text, lines[s.id], start, end, score) for s, start, end, score in chosen]


def _match(source: str, text: str, lines: Lines, start: int, end: int, score: float) -> Match:
    quote = text[start:end]
    starts = QuoteFinder(text).occurrences(quote)
    line, paragraph = lines.locate(start)
    return Match(source, start, end, line, paragraph, quote, starts.index(start) + 1, len(starts), round(score, 1))


def citation_yaml(match: Match) -> str:
    """A citation block ready to paste under a claim's ``citations:``."""
    lines = [f"- source: {match.source}", f"  quote: {json.dumps(match.quote, ensure_ascii=False)}"]
    if not match.unique:
        lines.append(f"  occurrence: {match.occurrence}")
    return "\n".join(lines)


# -- add-source ----------------------------------------------------------------


def add_source(store_path: str, article: str, source_id: str, title: str, *, supplied_title: bool) -> AddedSource:
    """Copy ``article`` beside the store's other sources and add its entry to the store."""
    from .files import read_store, read_text
    from .store import _SLUG, parse_store

    if not _SLUG.fullmatch(source_id):
        raise CurationError(f"--id must be a lowercase slug (a-z, 0-9, hyphens), not {source_id!r}")
    if not title.strip() or "\n" in title:
        raise CurationError("--title must be one non-empty line")
    data, text = read_text(article, article, what="text file")
    if not text.strip():
        raise CurationError(f"{article}: the article is empty")
    store_file = Path(store_path)
    # The write bit is checked too: root may write anything, but a store made read-only is meant to stay so.
    if store_file.exists() and not (os.access(store_file, os.W_OK) and store_file.stat().st_mode & stat.S_IWUSR):
        raise CurationError(f"{store_path}: the store is read-only; nothing was added")
    with _locked(store_file.parent):
        stored = read_store(store_path)
        if stored.piped:
            raise CurationError(f"{store_path}: the store comes from a pipe; add-source edits a store file")
        before = stored.data
        store = parse_store(stored)
        if source_id in store.source_by_id:
            raise CurationError(f"{store_path}: a source with id {source_id!r} already exists")
        destination = _seeds_directory(store, store_file) / Path(article).name
        relative = Path(os.path.relpath(destination, store_file.parent.resolve())).as_posix()
        if destination.is_file() and destination.read_bytes() != data:
            raise CurationError(f"{relative}: a different file of that name exists; rename the article")
        if any(Path(s.file) == destination.resolve() for s in store.sources):
            raise CurationError(f"{relative}: already a source of the store")
        digest = hashlib.sha256(data).hexdigest()
        entry = _entry(source_id, relative, title, digest, supplied_title)
        updated = _insert_source(before.decode("utf-8"), entry, store_path)
        copied = _place_article(data, destination, relative)
        try:
            _replace(store_file, updated.encode("utf-8"), before, store_path)
        except BaseException:
            if copied:
                destination.unlink(missing_ok=True)
            raise
    return AddedSource(source_id, relative, str(destination), digest, copied, entry)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``folder``: a second add-source waits for the first."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise CurationError(f"{folder}: cannot open the store's folder: {error.strerror}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _seeds_directory(store: Store, store_file: Path) -> Path:
    """The folder of the store's articles: that of its last source, else ``seeds`` beside the store."""
    if store.sources:
        return Path(store.sources[-1].file).parent
    return store_file.parent.resolve() / "seeds"


def _entry(source_id: str, path: str, title: str, digest: str, supplied_title: bool) -> str:
    lines = [f"id: {source_id}", f"path: {path}", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if supplied_title:
        lines.append("supplied_title: true")
    lines.append(f"sha256: {digest}")
    return "\n".join(lines)


def _insert_source(store_text: str, entry: str, store_path: str) -> str:
    """``store_text`` with ``entry`` added after the last line of the ``sources`` list, indented
    as its first entry is."""
    newline = "\r\n" if "\r\n" in store_text else "\n"
    lines = store_text.splitlines(keepends=True)
    key = next((n for n, line in enumerate(lines) if _SOURCES_KEY.fullmatch(line.rstrip("\r\n"))), None)
    if key is None:
        raise CurationError(f"{store_path}: no block list under a top-level 'sources:' line to add the entry to")
    last = key
    indent = None
    for number in range(key + 1, len(lines)):
        line = lines[number].rstrip("\r\n")
        if _TOP_LEVEL_KEY.match(line):
            break
        if line.strip() and not line.lstrip().startswith("#"):
            last = number
            if indent is None:
                indent = line[: len(line) - len(line.lstrip())] if line.lstrip().startswith("- ") else None
                if indent is None:
                    break
    if indent is None:
        raise CurationError(f"{store_path}:{key + 1}: 'sources' is not a block list of entries; add the source by hand")
    first, *rest = entry.split("\n")
    block = [f"{indent}- {first}"] + [f"{indent}  {line}" for line in rest]
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    return "".join(lines[: last + 1] + [line + newline for line in block] + lines[last + 1 :])


def _place_article(data: bytes, destination: Path, shown: str) -> bool:
    """Write the article's bytes at ``destination``; False when the same bytes are already there."""
    if destination.is_dir():
        raise CurationError(f"{shown}: a folder of that name is in the way")
    if destination.exists():
        return False  # the same bytes: add_source compared them
    _write_atomically(destination, data, shown)
    return True


def _replace(store_file: Path, updated: bytes, before: bytes, shown: str) -> None:
    """Write the store, checked before it replaces the old one."""
    from .store import load_store

    try:
        descriptor, temporary = tempfile.mkstemp(dir=store_file.parent, prefix=f".{store_file.name}.", suffix=".tmp")
    except OSError as error:
        raise CurationError(f"{shown}: cannot write beside the store: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(updated)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, store_file.stat().st_mode & 0o7777)
        try:
            load_store(temporary)
        except StoreError as error:
            raise CurationError(f"{shown}: the new entry would not be valid ({error.problems[0]}); nothing was added") from None
        # Another writer that does not take the lock (an editor) must not lose its change.
        if store_file.read_bytes() != before:
            raise CurationError(f"{shown}: the store changed while the source was being added; run it again")
        os.replace(temporary, store_file)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _write_atomically(destination: Path, data: bytes, shown: str) -> None:
    try:
        descriptor, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp")
    except OSError as error:
        raise CurationError(f"{shown}: cannot write the article there: {error.strerror}") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
