"""Where berlintalks finds its bundled store and keeps its cache, and how it names an
article's file to the user.

Plain os.path, not pathlib: this runs on every start, and pathlib's imports cost more
than an answer.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Source

_PACKAGE = os.path.dirname(os.path.abspath(__file__))


def package_directory() -> str:
    return _PACKAGE


def bundled_store_path() -> str:
    """The store shipped with the package, or the repository's own in a checkout."""
    shipped = os.path.join(_PACKAGE, "bundled", "data", "claims.yaml")
    if os.path.isfile(shipped):
        return shipped
    return os.path.join(os.path.dirname(os.path.dirname(_PACKAGE)), "data", "claims.yaml")


def is_installed(store_path: str) -> bool:
    """Whether the store at ``store_path`` is the one installed inside the package, whatever
    links lead to it: pip owns that copy, and the next install replaces it, edits and all."""
    installed = os.path.realpath(os.path.join(_PACKAGE, "bundled"))
    return os.path.realpath(store_path).startswith(installed + os.sep)


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


def shown_path(path: str) -> str:
    """``path`` as it opens from the working directory: relative where it lies below it, else
    absolute (a relative path climbing out of the working directory says less and reads worse)."""
    try:
        relative = os.path.relpath(path)
    except (OSError, ValueError):  # no working directory any more (removed while in use)
        return path
    return os.path.abspath(path) if relative.startswith("..") else relative


def source_location(source: Source) -> str:
    """The article's file as the user can open it from where they are."""
    return shown_path(source.file)
