"""Shell completion of the options that take the store's names, from the store the command
line points at."""

from __future__ import annotations

import os

import click
from click.shell_completion import CompletionItem

from .errors import BerlintalksError
from .session import Session


def _complete(names: str, *, words: bool = False, listed: bool = False):
    """Completion from the store's ``names`` (parties, topics, sources or claims): ``words``
    offers each name as one word of the command line (moscow-officials for "Moscow officials");
    ``listed`` completes the last name of a comma-separated list."""

    def complete(context: click.Context, parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
        from . import candidates
        from .candidates import Candidate, as_word, matching

        session = Session(context.find_root().params.get("data") or os.environ.get("BERLINTALKS_DATA"))
        typed = incomplete.rpartition(",")[2] if listed else incomplete
        before = incomplete[: len(incomplete) - len(typed)]

        def offered() -> list[Candidate]:
            named = getattr(candidates, names)(session.store)
            return matching((Candidate(as_word(c.value), c.help) if words else c for c in named), typed)

        try:
            found = session.run(offered)
        except BerlintalksError:
            return []
        return [CompletionItem(before + c.value, help=c.help) for c in found]

    return complete


def complete_kinds(context: click.Context, parameter: click.Parameter, incomplete: str) -> list[CompletionItem]:
    from .candidates import kinds, matching

    return [CompletionItem(candidate.value) for candidate in matching(kinds(), incomplete)]


complete_parties = _complete("parties", words=True)
complete_party_list = _complete("parties", words=True, listed=True)
complete_topics = _complete("topics", words=True)
complete_sources = _complete("sources")
complete_claims = _complete("claims")
