"""Plain data for --json, --csv and the exports: the shapes scripts rely on, built without
any rendering.

This module imports nothing heavier than the standard library, so that ``--json``
answers do not pay for loading rich.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .browse import CitationInContext, MatrixRow, StickingPointView
    from .check import CheckReport
    from .curate import Match
    from .model import Actor, Citation, Claim, Source, Store, Topic
    from .query import Part, Result


def citation_data(store: Store, citation: Citation) -> dict[str, Any]:
    """A citation as plain data; ``source`` is the article's path in the store, as everywhere in
    the output, ``source_id`` its id and ``file`` the path that opens it from here."""
    from .paths import source_location

    source = store.source_by_id[citation.source]
    return {
        "source": source.path,
        "quote": citation.quote,
        "start": citation.start,
        "end": citation.end,
        "line": citation.line,
        "paragraph": citation.paragraph,
        "source_id": source.id,
        "file": source_location(source),
    }


def claim_data(store: Store, claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "actor": claim.actor,
        "kind": claim.kind.value,
        "topics": list(claim.topics),
        "text": claim.text,
        "questions": list(claim.questions),
        "citations": [citation_data(store, citation) for citation in claim.citations],
        "differs_from": list(store.differences.get(claim.id, ())),
    }


def store_data(store: Store) -> dict[str, Any]:
    return {
        "sources": [
            {"id": s.id, "path": s.path, "title": s.title, "supplied_title": s.supplied_title, "sha256": s.sha256}
            for s in store.sources
        ],
        "actors": [
            {"id": a.id, "name": a.name, "kind": a.kind.value, "affiliation": a.affiliation, "aliases": list(a.aliases)}
            for a in store.actors
        ],
        "topics": [{"id": t.id, "name": t.name, "aliases": list(t.aliases)} for t in store.topics],
        "claims": [claim_data(store, claim) for claim in store.claims],
        "sticking_points": [
            {
                "id": point.id,
                "title": point.title,
                "topic": point.topic,
                "positions": [{"party": p.party, "stance": p.stance, "claims": list(p.claims)} for p in point.positions],
            }
            for point in store.sticking_points
        ],
    }


def ask_data(store: Store, result: Result) -> dict[str, Any]:
    reading = result.interpretation
    return {
        "question": result.question,
        "answered": result.answered,
        "interpretation": {
            "actors": [match.actor for match in reading.actors],
            "intent": reading.intent,
            "topics": [match.topic for match in reading.topics],
            "corrections": {c.typed: c.corrected for c in reading.corrections},
            "meanings": {m.typed: m.corrected for m in reading.meanings},
        },
        "answers": [
            {
                "rank": answer.rank,
                "claim_id": answer.claim.id,
                "text": answer.claim.text,
                "actor": answer.claim.actor,
                "kind": answer.claim.kind.value,
                "topics": list(answer.claim.topics),
                "score": answer.score,
                "weak": answer.weak,
                "citations": [citation_data(store, citation) for citation in answer.claim.citations],
                "differs_from": [{"id": other.id, "text": other.text} for other in store.differing(answer.claim)],
                **({"part": answer.part} if result.parts else {}),
            }
            for answer in result.answers
        ],
        **({"parts": [_part_data(part) for part in result.parts]} if result.parts else {}),
        "suggestions": [
            {"kind": suggestion.kind, "id": suggestion.id, "text": suggestion.text} for suggestion in result.suggestions
        ],
        **({"reason": result.reason} if result.reason else {}),
    }


def _part_data(part: Part) -> dict[str, Any]:
    return {
        "part": part.number,
        "question": part.question,
        "answered": part.reason is None,
        **({"reason": part.reason} if part.reason else {}),
    }


def explain_data(result: Result) -> dict[str, Any]:
    reading = result.interpretation
    return {
        "actors": [
            {"actor": m.actor, "words": m.words, "alias": m.alias, "fuzzy_score": m.score} for m in reading.actors
        ],
        "intent": {"intent": reading.intent, "words": reading.intent_words},
        "topics": [{"topic": m.topic, "words": m.words} for m in reading.topics],
        "corrections": [{"typed": c.typed, "corrected": c.corrected, "score": c.score} for c in reading.corrections],
        "meanings": [{"typed": m.typed, "read_as": m.corrected, "similarity": m.score} for m in reading.meanings],
        "words": list(reading.words),
        "unknown_words": list(reading.unknown_words),
        "unknown_names": list(reading.unknown_names),
        "answers": [
            {
                "claim_id": answer.claim.id,
                "score": answer.score,
                "log_odds_base": answer.base,
                "signals": [
                    {"signal": s.name, "value": s.value, "weight": s.weight, "share": s.share} for s in answer.signals
                ],
            }
            for answer in result.answers
        ],
    }


def check_data(report: CheckReport) -> dict[str, Any]:
    return {
        "valid": True,
        "store": report.store,
        "counts": {
            "sources": report.sources,
            "actors": report.actors,
            "topics": report.topics,
            "claims": report.claims,
            "sticking_points": report.sticking_points,
        },
        "claims_per_source": report.claims_per_source,
        "claims_per_actor": report.claims_per_actor,
        "claims_per_kind": report.claims_per_kind,
        "corroborated": list(report.corroborated),
        "differing": [list(pair) for pair in report.differing],
        "coverage": [
            {
                "source": c.source,
                "paragraphs": c.paragraphs,
                "paragraphs_cited": c.paragraphs_cited,
                "sentences": c.sentences,
                "sentences_cited": c.sentences_cited,
                "uncovered_paragraphs": [{"paragraph": s.paragraph, "line": s.line} for s in c.uncovered_paragraphs],
                "uncovered_sentences": [
                    {"paragraph": s.paragraph, "line": s.line, "text": s.text} for s in c.uncovered_sentences
                ],
            }
            for c in report.coverage
        ],
    }


def sticking_points_data(store: Store, views: list[StickingPointView], party: str | None) -> dict[str, Any]:
    return {
        "party": party,
        "sticking_points": [
            {
                "id": view.point.id,
                "title": view.point.title,
                "topic": view.point.topic,
                "positions": [
                    {
                        "party": position.party,
                        "stance": position.stance,
                        "claims": [
                            {key: value for key, value in claim_data(store, claim).items() if key in _POSITION_CLAIM}
                            for claim in position.claims
                        ],
                    }
                    for position in view.positions
                ],
            }
            for view in views
        ],
    }


_POSITION_CLAIM = ("id", "text", "kind", "citations")


def matrix_data(store: Store, parties: list[str], rows: list[MatrixRow]) -> dict[str, Any]:
    return {
        "parties": parties,
        "rows": [
            {
                "id": row.point.id,
                "title": row.point.title,
                "topic": row.point.topic,
                "cells": {
                    party: None
                    if cell is None
                    else {
                        "kind": store.claim_by_id[cell.claims[0]].kind.value,
                        "stance": cell.stance,
                        "claims": list(cell.claims),
                        "text": store.claim_by_id[cell.claims[0]].text,
                    }
                    for party, cell in zip(parties, row.cells, strict=True)
                },
            }
            for row in rows
        ],
    }


def locate_data(matches: list[Match]) -> list[dict[str, Any]]:
    """Each match as plain data, saying whether it is unique and whether the list leaves places
    out (``places`` counts them all)."""
    truncated = bool(matches) and matches[0].places > len(matches)
    return [{**match._asdict(), "unique": match.unique, "truncated": truncated} for match in matches]


def cite_data(claim: Claim, shown: list[CitationInContext], store: Store) -> dict[str, Any]:
    def cited(item: CitationInContext) -> dict[str, Any]:
        source = store.source_by_id[item.citation.source]
        return {
            **citation_data(store, item.citation),
            "title": source.title,
            "supplied_title": source.supplied_title,
            "sha256": source.sha256,
            "context": item.context,
        }

    summary = {key: value for key, value in claim_data(store, claim).items() if key != "citations"}
    return {"claim": summary, "citations": [cited(item) for item in shown]}


CLAIM_CSV_COLUMNS = ("id", "actor", "kind", "topics", "text", "sources")


def claims_csv_rows(store: Store, claims: list[Claim]) -> list[list[str]]:
    return [
        [
            claim.id,
            claim.actor or "",
            claim.kind.value,
            ";".join(claim.topics),
            claim.text,
            ";".join(store.source_by_id[source].path for source in claim.source_ids),
        ]
        for claim in claims
    ]


def listing_records(store: Store, listing: str) -> list[dict[str, Any]]:
    """The entries of a listing, "actors", "topics" or "sources", as plain records, each with
    how many claims it holds, is about or reports."""
    from .browse import claim_counts  # the other --json answers do without browse and what it imports

    actors, topics, sources = claim_counts(store)
    if listing == "actors":
        return _actor_records(store.actors, actors)
    if listing == "topics":
        return _topic_records(store.topics, topics)
    return _source_records(store.sources, sources)


def _actor_records(actors: tuple[Actor, ...], counts: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind.value,
            "affiliation": a.affiliation,
            "claims": counts.get(a.id, 0),
            "aliases": list(a.aliases),
        }
        for a in actors
    ]


def _topic_records(topics: tuple[Topic, ...], counts: dict[str, int]) -> list[dict[str, Any]]:
    return [{"id": t.id, "name": t.name, "claims": counts.get(t.id, 0), "aliases": list(t.aliases)} for t in topics]


def _source_records(sources: tuple[Source, ...], counts: dict[str, int]) -> list[dict[str, Any]]:
    from .paths import source_location

    return [
        {
            "id": s.id,
            "title": s.title,
            "supplied_title": s.supplied_title,
            "path": s.path,
            "file": source_location(s),
            "claims": counts.get(s.id, 0),
            "sha256": s.sha256,
        }
        for s in sources
    ]
