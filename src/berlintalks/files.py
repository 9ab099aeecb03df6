"""Reading the store and its articles: each read once, whole, and never more than a set size.

Only a regular file is read, and for the store a pipe too (``--data /dev/stdin``,
``--data <(...)``). A FIFO named as an article, a device such as ``/dev/zero`` or
``/dev/urandom``, a socket or a directory is refused before anything is read from it; a
pipe is opened without waiting for a writer; and the size cap holds for a file that grows
while it is read. Every failure is a one-line StoreError naming the file.

Plain os, not pathlib: the cache reads the store and its articles at every start.
"""

from __future__ import annotations

import os
import stat

from .errors import StoreError

MAX_FILE_BYTES = 50 * 1024 * 1024
#: The longest question read from standard input (``ask -``, a line of a piped shell), so
#: that an endless stream ends.
MAX_QUESTION = 1_000_000
#: What one read asks for once a file has given what its size promised, or from a pipe.
_CHUNK = 1024 * 1024


class StoreText:
    """A store as read: the bytes the cache hashes are the bytes the loader parses.

    A plain class: making a NamedTuple class would cost more than the rest of this module."""

    __slots__ = ("name", "data", "folder", "piped")

    def __init__(self, name: str, data: bytes, folder: str, piped: bool) -> None:
        self.name = name
        """The store's path as it was given, for messages."""
        self.data = data
        """Its bytes, decoded only when the store is parsed: a cached store's never are."""
        self.folder = folder
        """Where its source paths start: the store file's own folder, symlinks followed; for a
        store read from a pipe, which has no folder, the working directory."""
        self.piped = piped


def read_store(path: str) -> StoreText:
    """The store at ``path``: a regular file, or a pipe."""
    data, piped, _ = _read(path, path, "store", pipes=True)
    folder = os.getcwd() if piped else os.path.dirname(os.path.realpath(path))
    return StoreText(path, data, folder, piped)


def read_text(path: str, name: str, *, what: str) -> tuple[bytes, str]:
    """The bytes of the regular file at ``path`` and their UTF-8 text; ``name`` and ``what``
    ("source file") name it in errors."""
    data, _, _ = _read(path, name, what, pipes=False)
    return data, decode(data, name, what)


def read_bounded(path: str, limit: int, *, what: str) -> bytes:
    """The bytes of the regular file at ``path``: refused when its size is over ``limit`` before
    anything is read, and read no further than that when it grows meanwhile."""
    data, _, _ = _read(path, path, what, pipes=False, most=limit)
    return data


def bound(folder: str) -> str:
    """What a store whose source paths start from the real ``folder`` may make the tool read:
    the folder holding it (data/claims.yaml cites ../seeds/), or for a folder at the top of
    the file system (/srv), where that would be everything, the folder itself."""
    parent = os.path.dirname(folder)
    return folder if os.path.dirname(parent) == parent else parent


def read_source(path: str, name: str, *, within: str) -> tuple[bytes, str, str]:
    """The bytes of the article at ``path``, their UTF-8 text, and where the file opened really
    lies, which must be inside the real folder ``within``. The file is opened once and what
    is checked is the file opened, through its descriptor: a link swapped in meanwhile cannot
    make it read a file elsewhere."""
    data, _, real = _read(path, name, "source file", pipes=False, within=within)
    return data, decode(data, name, "source file"), real


def _kind(mode: int) -> str | None:
    """What a file that is not a regular one is, for a message; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "directory"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "socket" if stat.S_ISSOCK(mode) else "special file"


def _fail(name: str, message: str) -> StoreError:
    return StoreError([f"{name}: {message}"])


def _inside(real: str, within: str, name: str) -> str:
    """``real``, when it lies inside the folder ``within``."""
    if os.path.commonpath([real, within]) != within:
        raise _fail(name, f"leads outside {within}; a source must lie in the store's folder or in a folder beside it")
    return real


def _real_path(descriptor: int) -> str:
    """Where the file open as ``descriptor`` lies, links followed: asked of the descriptor, not
    of a path that may since lead elsewhere."""
    try:
        return os.readlink(f"/proc/self/fd/{descriptor}")
    except FileNotFoundError:  # no /proc: macOS and the BSDs say it through fcntl
        import fcntl

        named = fcntl.fcntl(descriptor, fcntl.F_GETPATH, bytes(1024))  # type: ignore[attr-defined]  # MAXPATHLEN
        return os.fsdecode(named.split(b"\0", 1)[0])


def _read(
    path: str, name: str, what: str, *, pipes: bool, within: str | None = None, most: int | None = None
) -> tuple[bytes, bool, str]:
    """The bytes of ``path``, no more than ``most`` (else MAX_FILE_BYTES), whether it is a pipe,
    and, for a file read ``within`` a folder, where it really lies (else the path as given)."""

    def refuse_kind(mode: int) -> None:
        kind = _kind(mode)
        if kind is not None and not (pipes and kind == "pipe"):
            raise _fail(name, f"is a {kind}, not a {what}")

    most = MAX_FILE_BYTES if most is None else most
    limit = f"the {most / 1024 / 1024:g} MB limit"
    try:
        if within is not None:  # before the file is touched: whether it exists is not said
            _inside(os.path.realpath(path), within, name)
        # Looked at before it is opened: opening a device can do things (rewind a tape).
        refuse_kind(os.stat(path).st_mode)
        # Without O_NONBLOCK, opening a FIFO waits for a writer, perhaps for ever.
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            status = os.fstat(descriptor)
            refuse_kind(status.st_mode)  # the path may have been swapped since
            real = path if within is None else _inside(_real_path(descriptor), within, name)
            piped = stat.S_ISFIFO(status.st_mode)
            if status.st_size > most and not piped:
                raise _fail(name, f"{what} is {status.st_size / 1024 / 1024:.0f} MB, over {limit}")
            os.set_blocking(descriptor, True)
            data = _read_at_most(descriptor, most, status.st_size)
        finally:
            os.close(descriptor)
    except ValueError:  # from os itself: a path cannot hold NUL
        raise _fail(name, f"cannot read the {what}: its name holds a NUL character") from None
    except FileNotFoundError:
        raise _fail(name, f"no such {what}") from None
    except PermissionError:
        raise _fail(name, f"cannot read the {what}: permission denied") from None
    except OSError as error:
        raise _fail(name, f"cannot read the {what}: {error.strerror or error}") from None
    if data is None:
        raise _fail(name, f"{what} is over {limit}")
    return data, piped, real


def _read_at_most(descriptor: int, limit: int, expected: int) -> bytes | None:
    """Everything ``descriptor`` gives, or None once it gives more than ``limit`` bytes.
    A regular file is read in one call of the size it has; one that grows, or a pipe, in
    chunks, so that memory stays bounded whatever comes."""
    chunks = []
    room = limit + 1
    wanted = min(expected, limit) + 1
    while room > 0:
        chunk = os.read(descriptor, min(wanted, room))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        room -= len(chunk)
        wanted = _CHUNK
    return None


def decode(data: bytes, name: str, what: str) -> str:
    """``data`` as UTF-8 text, a byte order mark left out; ``name`` and ``what`` ("store")
    name it in errors."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(name, f"{what} is UTF-16; save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _fail(name, f"not valid UTF-8 at byte {error.start} (line {line}); save the {what} as UTF-8") from None
    if "\x00" in text:
        raise _fail(name, f"{what} contains NUL bytes; is it UTF-16? Save it as UTF-8")
    return text.removeprefix("\ufeff")
