"""The tool's own exception types. The core raises them; the CLI turns them into exit codes."""

from __future__ import annotations


class BerlintalksError(Exception):
    """Base class: a failure the user can act on, with a one-line message."""


class StoreError(BerlintalksError):
    """The claim store cannot be read or is not valid; carries every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(self.problems[0] if len(self.problems) == 1 else f"{len(self.problems)} problems")


class UnknownName(BerlintalksError):
    """A name given on the command line matches no known entry."""

    def __init__(self, what: str, name: str, *, suggestions: tuple[str, ...] = (), known: str = "") -> None:
        self.what = what
        """What was looked for: ``party``, ``topic``, ``source``, ``kind``, ``claim id``."""
        self.suggestions = suggestions
        """The nearest names, best first; none when nothing is close."""
        super().__init__(f"unknown {what} {name!r}" + (f"; known {what}s: {known}" if known else ""))


class BadValue(BerlintalksError):
    """A value given for an option that the core cannot use: a usage error naming the option."""

    def __init__(self, option: str, reason: str) -> None:
        self.option = option
        super().__init__(reason)


class CacheDamaged(Exception):
    """A cache entry proved, while in use, not to hold what its store builds.

    Not a user's error: the CLI builds the store afresh and runs the command again."""


class ModelUnavailable(Exception):
    """The sentence model cannot run here (no build for this platform, a broken install).

    Not a failure: answers come from the word-level reader alone, and the CLI says so once."""


class VectorsMissing(Exception):
    """A store too large to embed on first use has no sentence vectors yet.

    Not a failure: answers come from the word-level reader alone until ``berlintalks index``
    builds them."""

    def __init__(self, claims: int) -> None:
        self.claims = claims
        """How many claims the store has."""
        super().__init__(f"the sentence vectors of this store's {claims:,} claims are not built yet, or not since it was edited")


class VectorsNotKept(BerlintalksError):
    """The sentence vectors were made but cannot be kept (a folder that cannot be written, a full
    disk): ``berlintalks index`` would have built nothing for later."""
