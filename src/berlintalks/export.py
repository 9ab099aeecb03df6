"""The whole resolved store as plain data: JSON, CSV or Markdown."""

from __future__ import annotations

import csv
import enum
import io
from typing import Any

from .model import Citation, Claim, Store
from .sanitize import to_json


class ExportFormat(enum.StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


def citation_data(store: Store, citation: Citation) -> dict[str, Any]:
    """A citation as plain data; ``source`` is the article's path, as everywhere in the output."""
    return {
        "source": store.source_by_id[citation.source].path,
        "quote": citation.quote,
        "start": citation.start,
        "end": citation.end,
        "line": citation.line,
        "paragraph": citation.paragraph,
    }


def claim_data(store: Store, claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "actor": claim.actor,
        "kind": claim.kind.value,
        "topics": list(claim.topics),
        "text": claim.text,
        "citations": [citation_data(store, citation) for citation in claim.citations],
    }


def store_data(store: Store) -> dict[str, Any]:
    return {
        "sources": [
            {"id": s.id, "path": s.path, "title": s.title, "sha256": s.sha256} for s in store.sources
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
                "positions": [{"party": p.party, "claims": list(p.claims)} for p in point.positions],
            }
            for point in store.sticking_points
        ],
    }


CSV_COLUMNS = ("claim_id", "actor", "kind", "topics", "text", "source", "quote", "start", "end", "line", "paragraph")


def export_text(store: Store, export_format: ExportFormat) -> str:
    if export_format is ExportFormat.JSON:
        return to_json(store_data(store)) + "\n"
    if export_format is ExportFormat.CSV:
        return _csv(store)
    return _markdown(store)


def _csv(store: Store) -> str:
    """One row per citation, so every quote sits beside its offsets."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in store.claims:
        for citation in claim.citations:
            cited = citation_data(store, citation)
            writer.writerow(
                [claim.id, claim.actor or "", claim.kind.value, ";".join(claim.topics), claim.text]
                + [cited[column] for column in CSV_COLUMNS[5:]]
            )
    return buffer.getvalue()


def _markdown(store: Store) -> str:
    lines = ["# Claims", ""]
    for claim in store.claims:
        actor = store.actor_by_id[claim.actor].name if claim.actor else "(no actor)"
        lines += [f"## {claim.id}", "", f"**{actor}** · {claim.kind.value} · {', '.join(claim.topics)}", "", claim.text, ""]
        for citation in claim.citations:
            source = store.source_by_id[citation.source]
            lines.append(
                f"> {citation.quote}\n>\n> — {source.title} (`{source.path}`, paragraph {citation.paragraph}, "
                f"line {citation.line}, characters {citation.start}–{citation.end})"
            )
            lines.append("")
    return "\n".join(lines)
