"""What each result looks like to a person: an answer, a claim's citations, the sticking
points and the matrix, the listings, the check report; laid out by ``layout``. (JSON shapes
are in ``shapes``.)

Every string from the store or the question is made visible (``sanitize.visible``) inside a
rich ``Text`` object: never a markup string, so that neither control characters nor rich
markup in the data can reach the terminal as commands.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from rich.text import Text

from .layout import DIM, GAP, Column, Indented, section, shorten, table, text
from .model import shown_title
from .paths import source_location
from .sanitize import visible
from .wording import actor_name, more_places, party_label, plural

if TYPE_CHECKING:
    from .browse import CitationInContext, MatrixRow, StickingPointView
    from .check import CheckReport, Uncovered
    from .curate import Match
    from .model import Citation, Claim, Position, Store
    from .query import Answer, Interpretation, Part, Result

HIGHLIGHT = "bold yellow"


def passage(quote: str, highlight: frozenset[str]) -> Text:
    """The quote with its matched words highlighted."""
    body = Text(visible(quote))
    if highlight:  # an answer's: the listings highlight nothing, and never import the query package
        from .query import highlight_spans

        # Offsets are taken on the quote as shown, so they stay right where a character is spelled out.
        for start, end in highlight_spans(body.plain, highlight):
            body.stylize(HIGHLIGHT, start, end)
    return Text("“") + body + Text("”")


def citation_lines(store: Store, claim: Claim, highlight: frozenset[str], indent: int = 3) -> list[Indented]:
    lines = []
    for citation in claim.citations:
        source = store.source_by_id[citation.source]
        lines.append(Indented(passage(citation.quote, highlight), indent))
        file = source_location(source)
        where = f"— {source.shown_title} ({file}), {place(citation)}"
        lines.append(Indented(text((where, DIM)), indent + 2, path=visible(file)))
    return lines


def differs_lines(store: Store, claim: Claim, indent: int) -> list[Indented]:
    """A line for each claim another source reports that differs from ``claim``: its text and id."""
    return [
        Indented(text(("another source differs: ", "yellow"), f"{other.text} ", (other.id, "cyan")), indent)
        for other in store.differing(claim)
    ]


def place(citation: Citation) -> str:
    return f"paragraph {citation.paragraph}, line {citation.line}, characters {citation.start}–{citation.end}"


def claim_header(store: Store, claim: Claim, *extra: str | tuple[str, str]) -> Text:
    reported = len(claim.source_ids)
    parts: list[str | tuple[str, str]] = [
        (actor_name(store, claim.actor), "bold"),
        f" · {claim.kind.value} · {', '.join(claim.topics)}",
    ]
    if reported > 1:
        parts.append((f" · reported in {reported} of {len(store.sources)} sources", "green"))
    return text(*parts, *extra)


# -- ask -----------------------------------------------------------------------


def ask_lines(store: Store, result: Result, *, explain: bool) -> list[Text | Indented]:
    lines: list[Text | Indented] = []
    if explain:
        for part in result.parts or [None]:
            if part:
                lines.append(_part_line(part))
            lines += _interpretation_lines(part.interpretation if part else result.interpretation)
    if not result.answered:
        lines.append(text(("Not in the knowledge base", "bold red"), f": {result.reason}."))
        if result.suggestions:
            lines.append(text(("Suggestions — nearest in the store, not answers:", DIM)))
            for suggestion in result.suggestions:
                lines.append(Indented(text(f"· {suggestion.kind} ", (suggestion.id, "cyan"), f": {suggestion.text}"), 2))
        else:
            lines.append(text(("Nothing in the store comes near it in meaning.", DIM)))
        return lines
    parts = {part.number: part for part in result.parts}
    for answer in result.answers:
        if lines:  # a blank line between answers, and after the reading; none to begin with
            lines.append(Text())
        if answer.part in parts and (answer.rank == 1 or result.answers[answer.rank - 2].part != answer.part):
            lines.append(_part_line(parts[answer.part]))
        lines.append(Indented(text((f"{answer.rank}. ", "bold"), (answer.claim.text, "bold")), 3, first=0))
        weak = " (weak match)" if answer.weak else ""
        extra = (f" · score {answer.score:.2f}{weak} · ", (answer.claim.id, "cyan"))
        lines.append(Indented(claim_header(store, answer.claim, *extra), 3))
        lines += differs_lines(store, answer.claim, 3)
        lines += citation_lines(store, answer.claim, answer.highlight)
        if explain:
            lines += _signal_lines(answer)
    answered = {answer.part for answer in result.answers}
    for part in result.parts:
        if part.number not in answered:  # never dropped silently
            lines += [Text(), _part_line(part if part.reason else part._replace(reason="no answer among the best"))]
    return lines


def _part_line(part: Part) -> Text:
    line = text((f"Part {part.number}: ", "bold"), part.question)
    return line + text((f" — not answered: {part.reason}", DIM)) if part.reason else line


def _interpretation_lines(reading: Interpretation) -> list[Text | Indented]:
    actors = ", ".join(f"{m.actor} (from {m.words!r}, alias {m.alias!r}, score {m.score:.2f})" for m in reading.actors)
    topics = ", ".join(f"{m.topic} (from {m.words!r})" for m in reading.topics)
    corrections = ", ".join(f"{c.typed} → {c.corrected} ({c.score:.2f})" for c in reading.corrections)
    rows = [
        ("actors", actors or "none"),
        ("intent", f"{reading.intent} (from {reading.intent_words!r})" if reading.intent else "none"),
        ("topics", topics or "none"),
        ("corrected", corrections or "none"),
        ("read as", ", ".join(f"{m.typed} → {m.corrected} ({m.score:.2f})" for m in reading.meanings) or "none"),
        ("other words", ", ".join(reading.words) or "none"),
    ]
    if reading.unknown_words:
        rows.append(("unknown words", ", ".join(reading.unknown_words)))
    if reading.unknown_names:
        rows.append(("unknown names", ", ".join(reading.unknown_names)))
    return [text(("Read as:", "bold"))] + [Indented(text(f"  {label:<12} {value}"), 15, first=0) for label, value in rows]


def _signal_lines(answer: Answer) -> list[Indented]:
    parts = ", ".join(f"{s.name} {s.value:.2f}×{s.weight:.2f}" for s in answer.signals)
    shares = " + ".join(f"{s.share:.2f}" for s in answer.signals)
    if answer.base is None:
        return [Indented(text((f"why: {parts}; shares {shares} = {answer.score:.2f}", DIM)), 3)]
    odds = answer.base + sum(s.share for s in answer.signals)
    why = f"why: {parts}; log-odds {answer.base:.2f} + {shares} = {odds:.2f}, score {answer.score:.2f}"
    return [Indented(text((why, DIM)), 3)]


# -- check ---------------------------------------------------------------------


def check_lines(report: CheckReport) -> list[Text | Indented]:
    cited_paragraphs, paragraphs = report.paragraphs
    cited_sentences, sentences = report.sentences
    lines: list[Text | Indented] = [
        text(("OK", "bold green"), f": {report.store} is valid."),
        text(
            f"{plural(report.claims, 'claim')}, {plural(report.actors, 'actor')}, {plural(report.topics, 'topic')}, "
            f"{plural(report.sticking_points, 'sticking point')}, {plural(report.sources, 'source')}; "
            f"{plural(len(report.corroborated), 'claim')} reported by more than one source; "
            f"{plural(len(report.differing), 'pair')} of claims on which the sources differ."
        ),
        text(
            f"Coverage: {cited_paragraphs}/{paragraphs} paragraphs, "
            f"{cited_sentences}/{sentences} sentences of 8+ words cited."
        ),
        text(("Claims per source:", "bold")),
    ]
    lines += [text(f"  {source:<24} {count}") for source, count in report.claims_per_source.items()]
    lines.append(text(("Claims per actor:", "bold")))
    lines += _columns(f"{actor} {count}" for actor, count in report.claims_per_actor.items())
    lines.append(text(("Claims per kind:", "bold")))
    lines += _columns(f"{kind} {count}" for kind, count in report.claims_per_kind.items())
    for coverage in report.coverage:
        for span in coverage.uncovered_paragraphs:
            lines.append(Indented(text(("uncovered paragraph", "yellow"), f" {coverage.source} line {span.line}: "
                                       f"{shorten(span.text, 60)}"), 2, first=0))
        for span in coverage.uncovered_sentences:
            lines.append(Indented(text(("uncovered sentence", "yellow"), f" {coverage.source} line {span.line}: {span.text}"),
                                  2, first=0))
    return lines


def uncovered_lines(left: list[Uncovered]) -> list[Indented]:
    """What is left to curate, one paragraph or sentence to a line (wrapped on a terminal)."""
    return [
        Indented(text(f"{item.source} paragraph {item.paragraph}, line {item.line} ({item.kind}): {item.text}"), 2, first=0)
        for item in left
    ]


def locate_lines(matches: list[Match]) -> list[Indented]:
    """Where each match lies and its verbatim text, and how many places the list leaves out; on
    a terminal, wrapped with the quote's lines under its first word."""
    lines = []
    for number, match in enumerate(matches, start=1):
        exact = "" if match.score == 100 else f" (near miss, score {match.score:g})"
        which = "unique" if match.unique else f"occurs {match.count} times: give 'occurrence: {match.occurrence}'"
        lines.append(Indented(text(f"{number}. {match.source} paragraph {match.paragraph}, line {match.line}, "
                                   f"characters {match.start}-{match.end}{exact}; {which}"), 3, first=0))
        lines.append(Indented(text(f"quote: {match.quote}"), 10, first=3))
    if matches[0].places > len(matches):
        lines.append(Indented(text(more_places(matches[0].places - len(matches))), 4, first=0))
    return lines


def _columns(cells: Iterable[str], width: int = 76) -> list[Text]:
    lines, current = [], "  "
    for cell in cells:
        if len(current) + len(cell) + 3 > width and current.strip():
            lines.append(text(current.rstrip(" ·")))
            current = "  "
        current += cell + " · "
    if current.strip():
        lines.append(text(current.rstrip(" ·")))
    return lines


# -- browsing ------------------------------------------------------------------


def _claim_block(store: Store, claim: Claim, indent: int, *, quotes: bool = True) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Indented(text("· ", claim.text, (f" [{claim.kind.value}] ", DIM), (claim.id, "cyan")), indent + 2, first=indent)
    ]
    if quotes:
        lines += citation_lines(store, claim, frozenset(), indent=indent + 2)
    return lines


def _position_lines(
    store: Store, party: str, stance: str, claims: Iterable[Claim], *, quotes: bool
) -> list[RenderableType]:
    lines: list[RenderableType] = [Indented(text((actor_name(store, party), "bold"), f": {stance}"), 4, first=2)]
    for claim in claims:
        lines += _claim_block(store, claim, 4, quotes=quotes)
    return lines


def sticking_points_lines(store: Store, views: list[StickingPointView], *, fancy: bool) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for view in views:
        body: list[RenderableType] = []
        for position in view.positions:
            body += _position_lines(store, position.party, position.stance, position.claims, quotes=True)
        lines += section(f"{view.point.title} ({view.point.id})", body, fancy=fancy)
    return lines


def no_position_lines(store: Store, party: str, held: list[Claim], listing: str) -> list[RenderableType]:
    """What there is to say of a party that holds no position in any sticking point: the
    claims it holds, which ``sticking-points`` cannot show, and ``listing``, the command that
    lists them."""
    name = actor_name(store, party)
    lines: list[RenderableType] = [Indented(text(f"{name} holds no position in any sticking point."), 0)]
    if not held:
        return lines + [Indented(text(f"No claim is held by {name} either."), 0)]
    lines.append(Indented(text(f"Claims that involve {name} ({listing}):"), 0))
    for claim in held:
        lines += _claim_block(store, claim, 2, quotes=False)
    return lines


def matrix_lines(store: Store, parties: list[str], rows: list[MatrixRow], *, fancy: bool) -> list[RenderableType]:
    """Sticking points down, parties across, each cell the kind of the party's position (that of
    its first claim), its stance and how many claims state it; then each sticking point's
    positions with their claims' ids. Where the matrix does not fit, the positions alone; in a
    pipe, whatever its width, a line per position, the sticking point by its id."""

    def kind(position: Position) -> str:
        return store.claim_by_id[position.claims[0]].kind.value

    def cell(position: Position | None) -> Text:
        if position is None:
            return text(("—", DIM))
        return Text("\n").join(
            [text(kind(position)), text(position.stance), text((plural(len(position.claims), "claim"), DIM))]
        )

    def too_narrow() -> list[RenderableType]:
        return [Indented(text(("The matrix does not fit this width: each sticking point's positions follow.", DIM)), 0)]

    if fancy:
        columns = [Column("Sticking point", wrap=True, least=16),
                   *(Column(party_label(store, p), wrap=True, least=0) for p in parties)]
        grid = [[text((row.point.title, "bold")), *map(cell, row.cells)] for row in rows]
        lines: list[RenderableType] = [table(columns, grid, fancy=fancy, blocks=too_narrow,
                                             gaps=[GAP] + [1] * (len(parties) - 1), separated=True), Text()]
    else:
        lines = [
            Indented(text(" · ".join((row.point.id, actor_name(store, party), kind(position), position.stance,
                                      plural(len(position.claims), "claim")))), 0)
            for row in rows
            for party, position in zip(parties, row.cells, strict=True)
            if position is not None
        ]
        lines.append(Text())
    for row in rows:
        body: list[RenderableType] = []
        for party, position in zip(parties, row.cells, strict=True):
            if position is not None:
                claims = map(store.claim_by_id.__getitem__, position.claims)
                body += _position_lines(store, party, position.stance, claims, quotes=False)
        lines += section(row.point.title, body, fancy=fancy)
    return lines


def cite_lines(store: Store, claim: Claim, shown: list[CitationInContext], *, fancy: bool) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Indented(text((claim.text, "bold")), 0),
        Indented(claim_header(store, claim, " · ", (claim.id, "cyan")), 0),
        *differs_lines(store, claim, 0),
        Text(),
    ]
    for number, item in enumerate(shown, start=1):
        citation = item.citation
        source = store.source_by_id[citation.source]
        offset = citation.start - item.context_start
        context = Text(visible(item.context[:offset]))
        quote = visible(item.context[offset : offset + len(citation.quote)])
        # In a pipe the highlight cannot show, so the quote is marked with ** instead.
        context.append(quote if fancy else f"**{quote}**", style=HIGHLIGHT)
        context.append(visible(item.context[offset + len(citation.quote) :]))
        body: list[RenderableType] = [
            text(("title     ", DIM), "supplied by the curator, not the article's own headline")
        ] if source.supplied_title else []
        body += [
            Indented(text(("file      ", DIM), file := source_location(source)), 10, first=0, path=visible(file)),
            text(("place     ", DIM), place(citation)),
            text(("sha256    ", DIM), source.sha256),
            Text(),
            Indented(context, 0),
        ]
        lines += section(f"{number}. {source.shown_title}", body, fancy=fancy)
    return lines


def claims_table(store: Store, claims: list[Claim], *, fancy: bool) -> list[RenderableType]:
    """A table where it fits; else one block per claim: its id, who and what, its text."""

    def blocks() -> list[RenderableType]:
        lines: list[RenderableType] = []
        for claim in claims:
            lines += [Indented(text((claim.id, "cyan")), 0), Indented(claim_header(store, claim), 2),
                      Indented(text(claim.text), 2), Text()]
        return lines

    columns = [Column("id"), Column("actor", wrap=True, least=12), Column("kind"), Column("sources"),
               Column("text", wrap=True, least=32)]
    rows: list[list[str | Text]] = [
        [text((claim.id, "cyan")), actor_name(store, claim.actor), claim.kind.value, str(len(claim.source_ids)), claim.text]
        for claim in claims
    ]
    return [table(columns, rows, fancy=fancy, blocks=blocks)]


#: Columns of the listings that hold prose, wrapped on a terminal.
PROSE = ("name", "title", "aliases")


def records_table(records: list[dict[str, Any]], *, fancy: bool) -> RenderableType:
    """A table of plain records: lists joined, checksums shortened, a title the curator supplied
    in square brackets, an article by its file."""

    def cell(key: str, record: dict[str, Any]) -> str:
        value = record[key]
        if isinstance(value, list):
            return ", ".join(value)
        if value is None:
            return ""
        if key == "title":
            return shown_title(value, record.get("supplied_title", False))
        return str(value)[:12] if key == "sha256" else str(value)

    # A person is shown the file that opens from here; the store's own path is for scripts.
    keys = [key for key in records[0] if key not in ("supplied_title", "path")] if records else []
    columns = [Column(key, wrap=key in PROSE) for key in keys]
    return table(columns, [[cell(key, record) for key in keys] for record in records], fancy=fancy)
