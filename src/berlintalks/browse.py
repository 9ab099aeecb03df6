"""Browse the record: sticking points by party, the stance matrix, citations in context, listings."""

from __future__ import annotations

from collections import Counter
from typing import NamedTuple

from .errors import UnknownName
from .model import Citation, Claim, ClaimKind, Position, StickingPoint, Store
from .names import MIN_FUZZY_LENGTH, MIN_SUGGESTION_RATIO, SUGGESTIONS, Names
from .segment import paragraph_at, paragraphs


class PartyView(NamedTuple):
    party: str
    claims: tuple[Claim, ...]
    stance: str


class StickingPointView(NamedTuple):
    point: StickingPoint
    positions: tuple[PartyView, ...]


def sticking_points(store: Store, names: Names, party: str | None = None) -> list[StickingPointView]:
    """Every sticking point with each party's claims; with ``party``, only those where it holds a
    position (itself or through its people), that position first."""
    views = []
    for point in store.sticking_points:
        positions = [PartyView(p.party, tuple(store.claim_by_id[c] for c in p.claims), p.stance) for p in point.positions]
        if party is not None:
            own = [view for view in positions if _speaks_for(names, party, view.party)]
            if not own:
                continue
            positions = own + [view for view in positions if view not in own]
        views.append(StickingPointView(point, tuple(positions)))
    return views


def _speaks_for(names: Names, party: str, position_party: str) -> bool:
    return party == position_party or position_party in names.ancestors[party]


def parties(store: Store) -> list[str]:
    """The parties that hold positions on sticking points, most involved first."""
    counts = Counter(position.party for point in store.sticking_points for position in point.positions)
    return [party for party, _ in counts.most_common()]


class MatrixRow(NamedTuple):
    point: StickingPoint
    cells: tuple[Position | None, ...]
    """One per party asked for, in order; None where the party states no position."""


def stance_matrix(store: Store, party_ids: list[str]) -> list[MatrixRow]:
    return [
        MatrixRow(point, tuple(next((p for p in point.positions if p.party == party), None) for party in party_ids))
        for point in store.sticking_points
    ]


class CitationInContext(NamedTuple):
    citation: Citation
    context: str
    """The whole paragraph that holds the quote, or the paragraphs from its first to its last
    character for a quote that spans lines."""
    context_start: int
    """Offset of the context in the source: the quote sits at ``start - context_start``."""


def claim_by_id(store: Store, claim_id: str) -> Claim:
    claim = store.claim_by_id.get(claim_id)
    if claim is None:
        raise UnknownName("claim id", claim_id, suggestions=suggest_claims(store, claim_id))
    return claim


def claim_citations(store: Store, claim_id: str) -> tuple[Claim, list[CitationInContext]]:
    claim = claim_by_id(store, claim_id)
    shown = []
    for citation in claim.citations:
        text = store.source_by_id[citation.source].text
        found = paragraphs(text)
        # A valid quote begins and ends on a non-blank character, so both ends lie in a paragraph.
        first, last = paragraph_at(found, citation.start), paragraph_at(found, citation.end - 1)
        start = first.start if first else citation.start
        end = last.end if last else citation.end
        shown.append(CitationInContext(citation, text[start:end], start))
    return claim, shown


def suggest_claims(store: Store, text: str) -> tuple[str, ...]:
    """Claim ids close to ``text`` by id, or by claim text for a text long enough to tell."""
    from rapidfuzz import fuzz, process  # only for an unknown id: browsing by known ones does without

    choices = {claim.id: f"{claim.id} {claim.text}" for claim in store.claims}
    near = {"limit": SUGGESTIONS, "score_cutoff": MIN_SUGGESTION_RATIO}
    ranked = process.extract(text, {c: c for c in choices}, scorer=fuzz.ratio, **near)
    if len(text) >= MIN_FUZZY_LENGTH:
        ranked += process.extract(text, choices, scorer=fuzz.partial_token_set_ratio, **near)
    ranked.sort(key=lambda match: -match[1])
    return tuple(dict.fromkeys(match[2] for match in ranked))[:SUGGESTIONS]


def filter_claims(
    store: Store,
    names: Names,
    *,
    actor: str | None = None,
    topic: str | None = None,
    kind: ClaimKind | None = None,
    source: str | None = None,
) -> list[Claim]:
    """The claims matching every filter given; an actor includes its people."""
    actor_id = names.actor(actor).id if actor else None
    topic_id = names.topic(topic).id if topic else None
    source_id = names.source(source).id if source else None
    return [
        claim
        for claim in store.claims
        if (actor_id is None or (claim.actor is not None and _speaks_for(names, claim.actor, actor_id)))
        and (topic_id is None or topic_id in claim.topics)
        and (kind is None or claim.kind is kind)
        and (source_id is None or source_id in claim.source_ids)
    ]


def claim_counts(store: Store) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Claims per actor, per topic and per source."""
    actors: Counter[str] = Counter(claim.actor for claim in store.claims if claim.actor)
    topics: Counter[str] = Counter(topic for claim in store.claims for topic in claim.topics)
    sources: Counter[str] = Counter(source for claim in store.claims for source in claim.source_ids)
    return actors, topics, sources
