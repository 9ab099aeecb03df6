"""The whole resolved store as a file: JSON, CSV or a Markdown briefing."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from . import markdown
from .model import Citation, Claim, ClaimKind, Store, Topic
from .sanitize import to_json
from .shapes import CLAIM_CSV_COLUMNS, citation_data, claims_csv_rows, listing_records, matrix_data, store_data
from .wording import party_label, plural


class ExportFormat(enum.StrEnum):
    JSON = "json"
    CSV = "csv"
    MARKDOWN = "markdown"


class CsvTable(enum.StrEnum):
    """The tables of a CSV export, one at a time: a CSV file holds one table."""

    CITATIONS = "citations"
    CLAIMS = "claims"
    ACTORS = "actors"
    TOPICS = "topics"
    SOURCES = "sources"
    STICKING_POINTS = "sticking-points"


CITATION_COLUMNS = (
    "claim_id", "actor", "kind", "topics", "text", "source", "quote", "start", "end", "line", "paragraph", "source_id",
    "file",
)
STICKING_POINT_COLUMNS = ("sticking_point", "title", "topic", "party", "stance", "claim_id")


def export_text(store: Store, export_format: ExportFormat, table: CsvTable = CsvTable.CITATIONS) -> str:
    """The store in ``export_format``; for CSV, the one ``table`` asked for."""
    if export_format is ExportFormat.JSON:
        return to_json(store_data(store)) + "\n"
    if export_format is ExportFormat.CSV:
        return csv_text(*csv_table(store, table))
    return briefing(store)


#: What makes a spreadsheet read a cell as a formula, where the cell begins with it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(headers: Iterable[str], rows: Iterable[Iterable[Any]]) -> str:
    """A CSV file's text: the header line, then a line per row. A text cell that begins as a
    formula would is written after a ``'``, as OWASP advises against CSV injection: a
    spreadsheet shows it as text rather than run it (``=HYPERLINK(...)``). Numbers are left as
    they are."""
    import csv  # not on the path of an answer, which imports this module for its shapes
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([_csv_cell(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def _csv_cell(cell: Any) -> Any:
    if not isinstance(cell, str):
        return cell
    if cell.startswith(_FORMULA_START):
        cell = "'" + cell
    # A line ends at "\r" as at "\n", as shown everywhere (sanitize.visible); the csv module
    # quotes a cell for "\n" only, and an unquoted "\r" would end the row.
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def csv_table(store: Store, table: CsvTable) -> tuple[tuple[str, ...], list[list[Any]]]:
    """A table's column names and rows; lists are joined with ";"."""
    if table is CsvTable.CITATIONS:  # one row per citation, so that every quote sits beside its offsets
        return CITATION_COLUMNS, [
            [claim.id, claim.actor or "", claim.kind.value, ";".join(claim.topics), claim.text]
            + [citation_data(store, citation)[column] for column in CITATION_COLUMNS[5:]]
            for claim in store.claims
            for citation in claim.citations
        ]
    if table is CsvTable.CLAIMS:
        return CLAIM_CSV_COLUMNS, claims_csv_rows(store, list(store.claims))
    if table is CsvTable.STICKING_POINTS:
        return STICKING_POINT_COLUMNS, [
            [point.id, point.title, point.topic, position.party, position.stance, claim_id]
            for point in store.sticking_points
            for position in point.positions
            for claim_id in position.claims
        ]
    records = listing_records(store, table)
    return tuple(records[0]), [[_csv_value(value) for value in record.values()] for record in records]


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


# -- the briefing ---------------------------------------------------------------------------


def briefing(store: Store) -> str:
    """The store as a document a person reads and shares: the sources; a summary, the stance
    matrix and what each party demands and offers; then the claims by topic, each topic's
    quotes in its own footnotes with their article, file, paragraph and line. Store and
    article text is escaped, so that a renderer shows it as the store holds it."""
    from .browse import claim_counts
    from .paths import source_location

    points = len(store.sticking_points)
    lines = [
        "# The Berlin Ukraine–Russia peace talks: a cited briefing",
        "",
        f"{plural(len(store.claims), 'claim')} from {plural(len(store.sources), 'article')}"
        + (f", {plural(points, 'sticking point')}" if points else "")
        + ". Every quote is the article's own words, verbatim; each topic's footnotes give its article, file, "
        "paragraph and line.",
        "",
        "## Sources",
        "",
    ]
    cited = claim_counts(store)[2]
    for number, source in enumerate(store.sources, start=1):
        supplied = " (a title supplied by the curator, not the article's own headline)" if source.supplied_title else ""
        lines.append(f"{number}. **{markdown.one_line(source.title)}**{supplied}: "
                     f"{markdown.code(source_location(source))}, {plural(cited[source.id], 'claim')}")
    if store.sticking_points:
        lines += _summary(store)
    lines += ["", "## Claims by topic"]
    by_topic: dict[str, list[Claim]] = {}
    for claim in store.claims:  # each claim once, under its first topic
        by_topic.setdefault(claim.topics[0], []).append(claim)
    for topic in store.topics:
        if topic.id in by_topic:
            lines += _topic_section(store, topic, by_topic[topic.id])
    return "\n".join(lines) + "\n"


#: The kinds of claim that say what a party asks for (first) and what it gives.
_ASKS_AND_GIVES = (ClaimKind.DEMAND, ClaimKind.OFFER, ClaimKind.PROPOSAL, ClaimKind.CONCESSION)


def _summary(store: Store) -> list[str]:
    """The stance matrix, as ``compare`` gives it, and each party's demands and offers (its
    people's too), by their claims' ids: the claims are cited under their topics."""
    from .browse import filter_claims, parties, stance_matrix
    from .names import Names

    party_ids = parties(store)
    matrix = matrix_data(store, party_ids, stance_matrix(store, party_ids))

    def cell(position: dict[str, Any] | None) -> str:
        if position is None:
            return "—"
        return f"{position['kind']}: {markdown.one_line(position['stance'])}"

    lines = [
        "", "## Summary", "", "### Where the parties stand", "",
        "Each cell: the kind of the party's position, then what it wants.", "",
        "| Sticking point | " + " | ".join(markdown.one_line(party_label(store, party)) for party in party_ids) + " |",
        "| --- |" + " --- |" * len(party_ids),
    ]
    lines += [
        f"| {markdown.one_line(row['title'])} | " + " | ".join(cell(row["cells"][party]) for party in party_ids) + " |"
        for row in matrix["rows"]
    ]
    lines += ["", "### What each party demands and offers"]
    names = Names(store)
    for party in party_ids:
        held = [claim for kind in _ASKS_AND_GIVES for claim in filter_claims(store, names, actor=party, kind=kind)]
        if held:
            lines += ["", f"#### {markdown.one_line(store.actor_by_id[party].name)}", ""]
            lines += [
                f"- {claim.kind.value}: {markdown.text(claim.text, '  ')} {markdown.code(claim.id)}" for claim in held
            ]
    return lines


def _topic_section(store: Store, topic: Topic, claims: list[Claim]) -> list[str]:
    """A topic's claims, each with its actor, kind and id, then the topic's footnotes, numbered
    from 1 and labelled by the topic: a label is the document's, so it must be unique in it."""

    lines = ["", f"### {markdown.one_line(topic.name)}", ""]
    notes: list[Citation] = []
    for claim in claims:
        marks = ""
        for citation in claim.citations:
            notes.append(citation)
            marks += f"[^{topic.id}-{len(notes)}]"
        actor = f"**{markdown.one_line(store.actor_by_id[claim.actor].name)}**, " if claim.actor else ""
        lines.append(f"- {actor}{claim.kind.value}: {markdown.text(claim.text, '  ')}{marks} {markdown.code(claim.id)}")
    for number, citation in enumerate(notes, start=1):
        cited = citation_data(store, citation)
        # A blank line before each: without a footnote extension, a renderer would run them into one paragraph.
        lines += [
            "",
            f"[^{topic.id}-{number}]: “{markdown.text(cited['quote'], '    ')}” — "
            f"{markdown.one_line(store.source_by_id[citation.source].shown_title)}, {markdown.code(cited['file'])}, "
            f"paragraph {cited['paragraph']}, line {cited['line']}.",
        ]
    return lines
