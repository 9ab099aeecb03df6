"""What the commands share: the store they read, loaded once on demand, and their output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click

from .errors import CacheDamaged, UnknownName
from .output import Output

#: For a name that is close to nothing: the command that lists what there is.
_LISTING = {"party": "actors", "topic": "topics", "source": "sources", "claim id": "claims"}


class Session:
    """What the commands share: where the store is, loaded once on demand, and the output."""

    def __init__(self, data: str | None, *, verbose: bool = False) -> None:
        self.data = data
        self.verbose = verbose
        self.output = Output()
        self._stored = None
        self._loaded = None
        self._index = None
        self._names = None
        self._meaning = None
        """The store's reader by meaning once made; False where it cannot be."""

    def load(self, *, reuse: bool = True):
        if self._stored is None:
            from .files import read_store

            if self.verbose:
                from .paths import is_installed

                installed = " (installed with berlintalks, read-only)" if is_installed(self.path) else ""
                click.echo(f"berlintalks: reading {self.path}{installed}", err=True)
            self._stored = read_store(self.path)
        if self._loaded is None or not reuse:
            from .cache import load

            self._loaded = load(self._stored, reuse=reuse)
            self._index = self._names = None
        return self._loaded

    @property
    def path(self) -> str:
        """The store file as named: ``--data``, else the bundled store."""
        from .paths import bundled_store_path, shown_path

        return self.data or shown_path(bundled_store_path())

    def command(self, *words: str) -> str:
        """The command line that runs ``words`` on the store in use, to print as a hint: pasted,
        it reads this store, not the one a bare ``berlintalks`` would."""
        import shlex

        data = ["--data", self.data] if self.data else []
        return shlex.join(["berlintalks", *data, *words])

    @property
    def stored(self):
        """The store's bytes as read, which its cache entry is keyed by."""
        self.load()
        return self._stored

    def run(self, work: Callable[[], Any]) -> Any:
        """``work()``; when the cache entry proves damaged on the way, the store is built afresh
        from the bytes already read and ``work()`` runs again. Output is written only once the
        work is done, and what the first run gathered is dropped, so nothing is printed twice."""
        mark = self.output.gathered()
        try:
            return work()
        except CacheDamaged:
            self.output.discard(since=mark)
            self.load(reuse=False)
            return work()

    def answering(self):
        """The query index, reading questions by meaning where the sentence model runs; where it
        does not, a one-line note on standard error, once, and answers by words alone."""
        index = self.index
        if self._meaning is None:
            from .errors import ModelUnavailable, VectorsMissing

            try:
                from .semantic import read_by_meaning

                self._meaning = read_by_meaning(index.store, self.stored.data, progress=build_progress())
            except ModelUnavailable as error:
                self._meaning = False
                click.echo(f"Note: {error}; answering from the words alone.", err=True)
            except VectorsMissing as error:
                self._meaning = False
                click.echo(f"Note: {error}; answering from the words alone (`berlintalks index` builds them).", err=True)
        index.meaning = self._meaning or None
        return index

    @property
    def store(self):
        return self.load()[0]

    @property
    def index(self):
        """The query index, made when first asked for: a command that browses never needs it."""
        make_index = self.load()[1]
        if self._index is None:
            self._index = make_index()
        return self._index

    @property
    def names(self):
        """The store's names, read apart from the query index, which browsing does without."""
        store = self.store
        if self._names is None:
            from .names import Names

            self._names = Names(store)
        return self._names

    def resolve(self, kind: str, value: str | None, option: str) -> Any:
        """The store entry a name given on the command line stands for; an empty or unknown
        one is a usage error."""
        if value is None:
            return None
        if not value.strip():
            raise click.BadParameter("the name is empty", param_hint=f"'{option}'")
        from .names import kind as claim_kind

        try:
            if kind == "kind":
                return claim_kind(value)
            if kind == "claim":
                from .browse import claim_by_id

                return claim_by_id(self.store, value)
            return getattr(self.names, kind)(value)
        except UnknownName as error:
            raise click.BadParameter(unknown_message(error, self), param_hint=f"'{option}'") from None

    def resolve_id(self, kind: str, value: str | None, option: str) -> str | None:
        entry = self.resolve(kind, value, option)
        return None if entry is None else entry.id


def build_progress():
    """A progress line on standard error while a store's claims are embedded, on a terminal only."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        click.echo(f"\rReading the claims for meaning [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}", nl=False, err=True)

    return show


def unknown_message(error: UnknownName, session: Session) -> str:
    """An unknown name's message: the nearest names, or the command that lists them all."""
    if error.suggestions:
        return f"{error}; did you mean: {', '.join(error.suggestions)}?"
    listing = _LISTING.get(error.what)
    return f"{error}; list them with: {session.command(listing)}" if listing else str(error)
