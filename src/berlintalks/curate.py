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
from bisect import bisect_left
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from .errors import BadValue, BerlintalksError, StoreError
from .files import StoreText
from .model import Source, Store
from .quotes import fold, loose_finds
from .segment import INITIALISM, LINE_BREAK, Lines, occurrences
from .wording import more_places

#: Places listed at most: a passage may occur at a great many (20,000 times "a " at 180,000
#: places of 200,000 times "a "), and of the rest only how many there are is told.
MAX_MATCHES = 10
#: Fuzzy matches scoring below this (0-100) are not shown.
FUZZY_CUTOFF = 80.0
MAX_FUZZY_MATCHES = 3
#: Near misses are looked for only for a passage of up to this many characters (a run of white
#: space counted as one), a sentence or two: scoring one against a paragraph is work that grows
#: with the paragraph's length times the square of the passage's, and 20,000 times "a " and a
#: "b" against a 400,000-character paragraph of "a " ran for over 300 s.
MAX_FUZZY_PASSAGE = 500
#: Near misses scoring this much below the best are left out.
FUZZY_SPREAD = 10.0
#: A word a near miss keeps whole: a dotted initialism with its last full stop ("U.S."), or
#: letters and digits joined by hyphens and apostrophes ("5-like", "Ukraine’s").
_WHOLE_WORD = re.compile(f"{INITIALISM}|\\w+(?:[-'’]\\w+)*")
_OPENING, _CLOSING = "“", "”"


class CurationError(BerlintalksError):
    """A source cannot be added or a passage cannot be looked for."""


class AddedSource(NamedTuple):
    id: str
    path: str
    """The article's path as written in the store, relative to the store file."""
    file: str
    """Where the article now lies: from the working directory, or absolute when the store's
    path is."""
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
    places: int
    """How many places the passage was found at in all (of near misses, those listed): above
    the number of matches, the list leaves the rest out (see MAX_MATCHES)."""

    @property
    def unique(self) -> bool:
        return self.count == 1


def _loosened(text: str) -> tuple[str, list[int]]:
    """``text`` folded, lowercased and with runs of white space made one space, and for each of
    its characters the offset of the character in ``text`` it came from."""
    characters: list[str] = []
    origins: list[int] = []
    for offset, character in enumerate(fold(text)):
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


def _fuzzy_finds(
    source: Source, passage: str, lines_of: Callable[[Source], Lines]
) -> list[tuple[int, int, float]]:
    """The best near-miss in each paragraph of ``source`` scoring FUZZY_CUTOFF or more."""
    from rapidfuzz import fuzz, process

    text = source.text
    needle, _ = _loosened(passage.strip())
    # Paragraphs are first scored all at once on a rough loosening; only those that come close
    # are loosened exactly, character by character, to map the alignment back onto the article.
    rough = [" ".join(line.split()) for line in LINE_BREAK.split(fold(text).lower())]
    close = process.extract(needle, rough, scorer=fuzz.partial_ratio, score_cutoff=FUZZY_CUTOFF - 5, limit=None)
    if not close:
        return []
    lines = lines_of(source)
    found = []
    for _, _, index in sorted(close, key=lambda candidate: candidate[2]):
        line_start = lines.starts[index]
        line = text[line_start : lines.ends[index]]
        haystack, origins = _loosened(line)
        alignment = fuzz.partial_ratio_alignment(needle, haystack, score_cutoff=FUZZY_CUTOFF)
        if alignment is not None and alignment.dest_end > alignment.dest_start:
            start, end = _balanced(line, *_whole_words(line, *_span(line, origins, alignment.dest_start, alignment.dest_end)))
            if end > start:
                found.append((line_start + start, line_start + end, alignment.score))
    return found


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch widened so that it neither starts nor ends inside a word: an alignment
    knows letters, not that "S. envoys" is the end of "U.S. envoys"."""
    for word in _WHOLE_WORD.finditer(text):
        if word.start() < start < word.end():
            start = word.start()
        if word.start() < end < word.end():
            end = word.end()
    return start, end


def _balanced(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch widened to the quote mark that pairs with one it holds alone, so that a
    quotation it opens or closes is whole: a citation with a lone “ reads as a misquote."""
    depth = 0
    closed_alone = False
    for character in text[start:end]:
        if character == _OPENING:
            depth += 1
        elif character == _CLOSING:
            closed_alone = closed_alone or depth == 0
            depth = max(depth - 1, 0)
    if closed_alone:
        opening = text.rfind(_OPENING, 0, start)
        if opening > text.rfind(_CLOSING, 0, start):
            start = opening
    if depth:
        closing = text.find(_CLOSING, end)
        if closing >= 0 and _OPENING not in text[end:closing]:
            end = closing + 1
    return start, end


def locate(store: Store, passage: str, source: str | None = None) -> list[Match]:
    """Where ``passage`` occurs in the store's sources (or in ``source`` alone): loose matches
    if there are any, the first MAX_MATCHES of them, else the closest near-misses, best first,
    for a passage of up to MAX_FUZZY_PASSAGE characters."""
    if not passage.strip():
        raise CurationError("the passage to look for is empty")
    sources = [store.source_by_id[source]] if source else list(store.sources)
    lines: dict[str, Lines] = {}

    def lines_of(article: Source) -> Lines:
        """The article's lines, worked out the first time they are needed."""
        if article.id not in lines:
            lines[article.id] = Lines(article.text)
        return lines[article.id]

    found = [(s, start, end, 100.0) for s in sources for start, end in loose_finds(s.text, passage)]
    if not found:
        length = len(" ".join(passage.split()))
        if length > MAX_FUZZY_PASSAGE:
            raise CurationError(
                f"not found in the sources, even loosely; near misses are looked for only for a passage of up to "
                f"{MAX_FUZZY_PASSAGE} characters, and this one has {length:,}: look for a shorter part of it"
            )
        near = [(s, *find) for s in sources for find in _fuzzy_finds(s, passage, lines_of)]
        near.sort(key=lambda match: -match[3])
        found = [match for match in near[:MAX_FUZZY_MATCHES] if match[3] >= near[0][3] - FUZZY_SPREAD]
    starts_of: dict[tuple[str, str], list[int]] = {}
    matches = []
    # Only the places listed are read: each is as long as the passage, and there may be as many
    # as the article has characters.
    for s, start, end, score in found[:MAX_MATCHES]:
        quote = s.text[start:end]
        # Loose matches often share their text: each is looked for once.
        if (s.id, quote) not in starts_of:
            starts_of[s.id, quote] = occurrences(s.text, quote)
        starts = starts_of[s.id, quote]
        line, paragraph = lines_of(s).locate(start)
        occurrence = bisect_left(starts, start) + 1
        matches.append(
            Match(s.id, start, end, line, paragraph, quote, occurrence, len(starts), round(score, 1), len(found))
        )
    return matches


def citations_yaml(matches: list[Match]) -> str:
    """A citation block for each match, ready to paste under a claim's ``citations:``, and a
    comment saying how many places the list leaves out."""
    lines = []
    for match in matches:
        lines += [f"- source: {match.source}", f"  quote: {json.dumps(match.quote, ensure_ascii=False)}"]
        if not match.unique:
            lines.append(f"  occurrence: {match.occurrence}")
    if matches[-1].places > len(matches):
        lines.append(f"# {more_places(matches[-1].places - len(matches))}")
    return "\n".join(lines)


# -- add-source ----------------------------------------------------------------


def add_source(store_path: str, article: str, source_id: str, title: str, *, supplied_title: bool) -> AddedSource:
    """Copy ``article`` beside the store's other sources and add its entry to the store.

    Unless the title is ``supplied_title``, it must be the article's first line, give or take
    quote marks, dashes, case and spacing; the store gets the line as the article has it."""
    from .files import read_store, read_text
    from .store import _SLUG, _describe, parse_store

    if not _SLUG.fullmatch(source_id):
        raise BadValue("--id", f"must be a lowercase slug (a-z, 0-9, hyphens), not {source_id!r}")
    read_as = _read_as(source_id)
    if not isinstance(read_as, str):
        # The store would read it so, and refuse it: an id it could never hold.
        raise BadValue("--id", f"{source_id!r} would be read as {_describe(read_as)}, not an id; add a letter")
    if not title.strip() or not title.isprintable():
        raise BadValue("--title", "must be one line of text")
    # After the options: a usage error is told first, whatever the store.
    refuse_installed(store_path)
    data, text = read_text(article, article, what="text file")
    if not text.strip():
        raise CurationError(f"{article}: the article is empty")
    if not supplied_title:
        title = _headline(text, title, article)
    store_file = Path(store_path)
    # The write bit is checked too: root may write anything, but a store made read-only is meant to stay so.
    if store_file.exists() and not (os.access(store_file, os.W_OK) and store_file.stat().st_mode & stat.S_IWUSR):
        raise CurationError(f"{store_path}: the store is read-only; nothing was added")
    # A store reached through a symbolic link is written where the link points, and the link kept.
    written = store_file.resolve()
    with _locked(written.parent):
        stored = read_store(store_path)
        if stored.piped:
            raise CurationError(f"{store_path}: the store comes from a pipe; add-source edits a store file")
        before = stored.data
        store = parse_store(stored)
        if source_id in store.source_by_id:
            raise CurationError(f"{store_path}: a source with id {source_id!r} already exists")
        # Beside the last source: a store's articles are kept together.
        destination = Path(store.sources[-1].file).parent / Path(article).name
        # From the folder the store lies in, where its paths start (a link's target's folder).
        relative = Path(os.path.relpath(destination, written.parent)).as_posix()
        shown = str(destination) if os.path.isabs(store_path) else os.path.relpath(destination)
        if destination.is_file() and destination.read_bytes() != data:
            raise CurationError(f"{shown}: a different file of that name exists; rename the article")
        placed = destination.resolve()
        if any(Path(s.file) == placed for s in store.sources):
            raise CurationError(f"{shown}: already a source of the store")
        digest = hashlib.sha256(data).hexdigest()
        entry = _entry(source_id, relative, title, digest, supplied_title)
        updated = _insert_source(before.decode("utf-8"), entry, store_path)
        copied = _place_article(data, destination, shown)
        try:
            _check_edit(store, updated.encode("utf-8"), written, store_path, source_id)
            _write_atomically(written, updated.encode("utf-8"), store_path, "the store",
                              mode=written.stat().st_mode & 0o7777, unchanged=before)
        except BaseException:
            if copied:
                destination.unlink(missing_ok=True)
            raise
    return AddedSource(source_id, relative, shown, digest, copied, entry)


def refuse_installed(store_path: str) -> None:
    """Refuse to write the store installed with the package: the next install would undo it."""
    from .paths import is_installed

    if is_installed(store_path):
        raise CurationError(
            f"{store_path}: the store installed with berlintalks is read-only; "
            "make a store of your own with 'berlintalks init DIR' and name it with --data"
        )


class NewStore(NamedTuple):
    store: str
    """The new store file, under the folder as it was named."""
    articles: str
    """The folder its articles lie in (the first article's, where they are spread)."""
    count: int


def init_store(stored: StoreText, store: Store, folder: str) -> NewStore:
    """Copy the store read as ``stored`` and every article it cites into ``folder``, laid out as
    they are (``data/claims.yaml`` beside ``seeds/`` for the bundled store), so that every source
    path still leads to its article. Nothing is overwritten: when any of the files is there
    already, nothing is written."""
    from .files import read_text

    if stored.piped:
        raise CurationError(f"{stored.name}: the store comes from a pipe; init copies a store file and its articles")
    store_file = os.path.join(stored.folder, os.path.basename(os.path.realpath(stored.name)))
    root = os.path.commonpath([stored.folder, *(os.path.dirname(source.file) for source in store.sources)])
    copies = [(os.path.join(folder, os.path.relpath(store_file, root)), stored.data, None)]
    for source in store.sources:
        data, _ = read_text(source.file, source.path, what="source file")
        copies.append((os.path.join(folder, os.path.relpath(source.file, root)), data, source.sha256))
    for target, data, sha256 in copies:
        if os.path.lexists(target):
            raise CurationError(f"{target}: already exists; init makes a new store and never overwrites a file")
        if sha256 is not None and hashlib.sha256(data).hexdigest() != sha256:
            raise CurationError(f"{target}: its article changed while the store was read; run init again")
    # The articles first and the store last: a store is never left naming an article not yet there.
    for target, data, _ in copies[1:] + copies[:1]:
        try:
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            with open(target, "xb") as handle:
                handle.write(data)
        except OSError as error:
            raise CurationError(f"{target}: cannot write it: {error.strerror}") from None
    articles = os.path.dirname(copies[1][0]) if store.sources else folder
    return NewStore(copies[0][0], articles, len(store.sources))


def _headline(text: str, title: str, article: str) -> str:
    """The article's first line, which ``title`` must read as."""
    # Only the first non-blank line is split off: a long article is not cut into all its lines.
    first = LINE_BREAK.split(text.lstrip(), maxsplit=1)[0].strip()
    if (0, len(first)) not in loose_finds(first, title):
        shown = json.dumps(first if len(first) <= 80 else first[:77] + "...", ensure_ascii=False)
        raise CurationError(
            f"{article}: --title is not the article's first line, {shown}; give that line, "
            "or --supplied-title for a title of your own"
        )
    return first


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


def _entry(source_id: str, path: str, title: str, digest: str, supplied_title: bool) -> str:
    lines = [f"id: {source_id}", f"path: {_scalar(path)}", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if supplied_title:
        lines.append("supplied_title: true")
    lines.append(f"sha256: {digest}")
    return "\n".join(lines)


def _scalar(value: str) -> str:
    """``value`` as YAML: plain if it reads back as itself, else quoted."""
    plain = "\n" not in value and _read_as(value) == value
    return value if plain else json.dumps(value, ensure_ascii=False)


def _read_as(value: str) -> object:
    """What YAML reads ``value`` written plainly as a field's value; None also where it does not
    read at all."""
    import yaml

    try:
        return yaml.safe_load(f"key: {value}")["key"]
    except (yaml.YAMLError, TypeError):
        return None


def _insert_source(store_text: str, entry: str, store_path: str) -> str:
    """``store_text`` with ``entry`` added after the last entry of the ``sources`` list as the YAML
    parser reads it, indented as the list's entries are."""
    from .yamlread import block_list_end

    newline = "\r\n" if "\r\n" in store_text else "\n"
    lines = store_text.splitlines(keepends=True)
    end = block_list_end(store_text, "sources")
    if end is None:
        raise CurationError(f"{store_path}: 'sources' is not a block list of entries; add the source by hand")
    column, after = end
    first, *rest = entry.split("\n")
    block = [f"{' ' * column}- {first}"] + [f"{' ' * column}  {line}" for line in rest]
    if after and not lines[after - 1].endswith(("\n", "\r")):
        lines[after - 1] += newline
    return "".join(lines[:after] + [line + newline for line in block] + lines[after:])


def _place_article(data: bytes, destination: Path, shown: str) -> bool:
    """Write the article's bytes at ``destination``; False when the same bytes are already there."""
    if destination.is_dir():
        raise CurationError(f"{shown}: a folder of that name is in the way")
    if destination.exists():
        return False  # the same bytes: add_source compared them
    _write_atomically(destination, data, shown, "the article", mode=0o644)
    return True


def _check_edit(store: Store, updated: bytes, store_file: Path, shown: str, source_id: str) -> None:
    """The edited store must be valid and, read back, hold every entry of ``store`` as it was,
    and the new source last among its sources: an insert in the wrong place can be valid YAML
    and a valid store, and still have changed another entry."""
    from .files import StoreText
    from .store import parse_store

    try:
        edited = parse_store(StoreText(shown, updated, str(store_file.parent), piped=False))
    except StoreError as error:
        raise CurationError(f"{shown}: the new entry would not be valid ({error.problems[0]}); nothing was added") from None
    changed = next((s.id for s, e in zip(store.sources, edited.sources, strict=False) if s != e), None)
    if (
        changed is not None
        or [s.id for s in edited.sources] != [*store.source_by_id, source_id]
        or (edited.actors, edited.topics, edited.sticking_points) != (store.actors, store.topics, store.sticking_points)
        or tuple(edited.claims) != tuple(store.claims)
    ):
        which = f"source {changed!r}" if changed else "the store's entries"
        raise CurationError(f"{shown}: the edit would change {which} or leave out the new one; nothing was added")


def _write_atomically(destination: Path, data: bytes, shown: str, what: str, *, mode: int,
                      unchanged: bytes | None = None) -> None:
    """Write ``data`` to a temporary file beside ``destination``, then rename it over it: an
    interrupted run or a full disk leaves the old file, never part of the new one. With
    ``unchanged``, the file must still hold those bytes when it is replaced: another writer that
    does not take the lock (an editor) must not lose its change."""

    def failed(error: OSError) -> CurationError:
        return CurationError(f"{shown}: cannot write {what} there: {error.strerror}; nothing was added")

    try:
        descriptor, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}.", suffix=".tmp")
    except OSError as error:
        raise failed(error) from None
    try:
        try:
            with os.fdopen(descriptor, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise failed(error) from None
        os.chmod(temporary, mode)
        if unchanged is not None and destination.read_bytes() != unchanged:
            raise CurationError(f"{shown}: the store changed while the source was being added; run it again")
        os.replace(temporary, destination)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
