"""Where berlintalks finds its bundled store and keeps its cache, and how it names an
article's file to the user.

Plain os.path, not pathlib: this runs on every start, and pathlib's imports cost more
than an answer.
"""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Source, Store

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def package_directory() -> str:
    return _PACKAGE


def bundled_store_path() -> str:
    """The store shipped with the package, or the repository's own in a checkout."""
    shipped = os.path.join(_PACKAGE, "bundled", "data", "claims.yaml")
    if os.path.isfile(shipped):
        return shipped
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "data", "claims.yaml")


def shown_path(path: str) -> str:
    """The absolute ``path`` relative to the working directory when it lies below it, else as
    it is: also when there is no working directory any more (removed while in use)."""
    try:
        relative = os.path.relpath(path)
    except OSError:
        return path
    return path if relative.startswith("..") else relative


def cache_directory() -> str:
    """``$XDG_CACHE_HOME/berlintalks``, by default ``~/.cache/berlintalks``."""
    return _xdg_directory("XDG_CACHE_HOME", ".cache")


def state_directory() -> str:
    """``$XDG_STATE_HOME/berlintalks``, by default ``~/.local/state/berlintalks``."""
    return _xdg_directory("XDG_STATE_HOME", os.path.join(".local", "state"))


def _xdg_directory(variable: str, default: str) -> str:
    # The XDG spec: a relative path in the variable is invalid and ignored. It would put the
    # folder wherever the command happens to run.
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), default)
    return os.path.join(base, "berlintalks")


def source_location(store: Store, source: Source) -> str:
    """The article's file as the user can open it from where they are: absolute for the
    bundled store, which lies inside the installed package, else relative to the working
    directory."""
    try:
        if _is_bundled(os.path.abspath(store.path)):
            return source.file
        return os.path.relpath(source.file)
    except (OSError, ValueError):  # no working directory any more
        return source.file


@functools.cache
def _is_bundled(store_path: str) -> bool:
    """The store at the absolute ``store_path`` is the bundled one, whatever links lead to it;
    asked once per store, not for every citation shown."""
    return os.path.realpath(store_path) == os.path.realpath(bundled_store_path())
