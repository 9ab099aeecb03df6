"""Turn results into text for people, with rich: tables and panels on a terminal, plain
lines in a pipe. (JSON shapes are in ``data``.)

Every string from the store or the question goes through ``sanitize.visible`` and into
a rich ``Text`` object: never into a markup string, so that neither control characters
nor rich markup in the data can reach the terminal as commands.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from .output import is_terminal
from .paths import source_location
from .query import highlight_spans
from .sanitize import visible

if TYPE_CHECKING:
    from rich.table import Table

    from .browse import CitationInContext, MatrixRow, StickingPointView
    from .check import CheckReport
    from .model import Claim, Store
    from .query import Answer, Interpretation, Part, Result

HIGHLIGHT = "bold yellow"
PIPE_WIDTH = 10_000
DIM = "dim"


class Rendered(io.StringIO):
    """Where rich writes: the text is kept for the output to write, while standard output
    lends its terminal and encoding, which decide the layout."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self.stream = stream

    def isatty(self) -> bool:
        return is_terminal(self.stream)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"


def console() -> Console:
    """A console rendering for standard output (into ``Rendered``, which holds the text): it
    wraps for a terminal and writes whole lines for a pipe."""
    out = Console(file=Rendered(sys.stdout), highlight=False, emoji=False, markup=False)
    if not out.is_terminal:
        out.soft_wrap = True
        # Into a pipe, tables take their natural width rather than wrapping at 80 columns.
        out.width = PIPE_WIDTH
    return out


def is_fancy(out: Console) -> bool:
    """Tables with borders and panels for a terminal; plain text for a pipe or a dumb terminal."""
    return out.is_terminal and not out.is_dumb_terminal


def table(headers: list[str], rows: list[list[str | Text]], *, fancy: bool) -> RenderableType:
    """A rich table for a terminal; for a pipe, plain aligned columns, one row a line."""
    cells = [[cell if isinstance(cell, Text) else text(cell) for cell in row] for row in rows]
    titles = [text(header) for header in headers]
    if not fancy:
        return PlainTable(titles, cells)
    from rich import box
    from rich.table import Table  # for a terminal only: a pipe does without

    grid = Table(box=box.SIMPLE_HEAD, show_edge=False, header_style="bold", pad_edge=False)
    for title in titles:
        grid.add_column(title, overflow="fold")  # wrap long words and ids rather than cut them
    for row in cells:
        grid.add_row(*row)
    return grid


class PlainTable:
    """Columns separated by two spaces, the last one unpadded, newlines in a cell folded to spaces."""

    def __init__(self, headers: list[Text], rows: list[list[Text]]) -> None:
        self.rows = [headers, *rows] if any(header.plain for header in headers) else rows

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        flat = [[Text(" ").join(cell.split("\n")) for cell in row] for row in self.rows]
        widths = [max(cell.cell_len for cell in column) for column in zip(*flat, strict=True)] if flat else []
        for row in flat:
            line = Text()
            for number, cell in enumerate(row):
                line.append_text(cell)
                if number < len(row) - 1:
                    line.append(" " * (widths[number] - cell.cell_len + 2))
            line.rstrip()
            yield from line.render(console)
            yield Segment.line()


def section(title: str, body: list[RenderableType], *, fancy: bool) -> list[RenderableType]:
    """A titled block: a panel on a terminal, a heading and its lines in a pipe."""
    if fancy:
        from rich import box
        from rich.console import Group
        from rich.panel import Panel

        return [Panel(Group(*body), title=text((title, "bold")), title_align="left", box=box.ROUNDED)]
    return [text(title), *body, Text()]


def text(*parts: str | tuple[str, str]) -> Text:
    """A Text from plain strings and (string, style) pairs, every string cleaned."""
    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            result.append(visible(part[0]), style=part[1])
        else:
            result.append(visible(part))
    return result


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def actor_name(store: Store, actor_id: str | None) -> str:
    return store.actor_by_id[actor_id].name if actor_id else "no actor"


def passage(quote: str, highlight: frozenset[str]) -> Text:
    """The quote with its matched words highlighted."""
    body = Text(visible(quote))
    # Offsets are taken on the quote as shown, so they stay right where a character is spelled out.
    for start, end in highlight_spans(body.plain, highlight):
        body.stylize(HIGHLIGHT, start, end)
    return Text("“") + body + Text("”")


class Indented:
    """Text wrapped with every line after the first indented, and no spaces left at line ends."""

    def __init__(self, body: Text, columns: int, *, first: int | None = None) -> None:
        self.body = body
        self.columns = columns
        self.first = columns if first is None else first

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.soft_wrap:  # piped: one line per line, for grep and friends
            yield Segment(" " * self.first)
            yield from self.body.render(console)
            yield Segment.line()
            return
        lines = self.body.wrap(console, max(options.max_width - self.columns, 20))
        for number, line in enumerate(lines):
            line.rstrip()
            yield Segment(" " * (self.first if number == 0 else self.columns))
            yield from line.render(console)
            yield Segment.line()


def citation_lines(store: Store, claim: Claim, highlight: frozenset[str], indent: int = 3) -> list[Indented]:
    lines = []
    for citation in claim.citations:
        source = store.source_by_id[citation.source]
        lines.append(Indented(passage(citation.quote, highlight), indent))
        where = f"— {source.title} ({source_location(store, source)}), paragraph {citation.paragraph}, line {citation.line}"
        lines.append(Indented(text((where, DIM)), indent + 2))
    return lines


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
        return lines
    parts = {part.number: part for part in result.parts}
    for answer in result.answers:
        if lines:  # a blank line between answers, and after the reading; none to begin with
            lines.append(Text())
        if answer.part in parts and (answer.rank == 1 or result.answers[answer.rank - 2].part != answer.part):
            lines.append(_part_line(parts[answer.part]))
        lines.append(Indented(text((f"{answer.rank}. ", "bold"), (answer.claim.text, "bold")), 3, first=0))
        extra = (f" · score {answer.score:.2f} · ", (answer.claim.id, "cyan"))
        lines.append(Indented(claim_header(store, answer.claim, *extra), 3))
        lines += citation_lines(store, answer.claim, answer.highlight)
        if explain:
            lines += _signal_lines(answer)
    return lines


def _part_line(part: Part) -> Text:
    line = text((f"Part {part.number}: ", "bold"), part.question)
    return line + text((f" — not answered: {part.reason}", DIM)) if part.reason else line


def _interpretation_lines(reading: Interpretation) -> list[Text]:
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
    return [text(("Read as:", "bold"))] + [text(f"  {label:<12} {value}") for label, value in rows]


def _signal_lines(answer: Answer) -> list[Indented]:
    parts = ", ".join(f"{s.name} {s.value:.2f}×{s.weight:.2f}" for s in answer.signals)
    shares = " + ".join(f"{s.share:.2f}" for s in answer.signals)
    return [Indented(text((f"why: {parts}; shares {shares} = {answer.score:.2f}", DIM)), 3)]


# -- check ---------------------------------------------------------------------


def check_lines(report: CheckReport) -> list[Text]:
    cited_paragraphs, paragraphs = report.paragraphs
    cited_sentences, sentences = report.sentences
    lines = [
        text(("OK", "bold green"), f": {report.store} is valid."),
        text(
            f"{plural(report.claims, 'claim')}, {plural(report.actors, 'actor')}, {plural(report.topics, 'topic')}, "
            f"{plural(report.sticking_points, 'sticking point')}, {plural(report.sources, 'source')}; "
            f"{plural(len(report.corroborated), 'claim')} reported by more than one source."
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
            lines.append(text(("uncovered paragraph", "yellow"), f" {coverage.source} line {span.line}: {span.text[:60]}..."))
        for span in coverage.uncovered_sentences:
            lines.append(text(("uncovered sentence", "yellow"), f" {coverage.source} line {span.line}: {span.text}"))
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


def _claim_block(store: Store, claim: Claim, indent: int) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Indented(text("· ", claim.text, (f" [{claim.kind.value}] ", DIM), (claim.id, "cyan")), indent + 2, first=indent)
    ]
    lines += citation_lines(store, claim, frozenset(), indent=indent + 2)
    return lines


def sticking_points_lines(store: Store, views: list[StickingPointView], *, fancy: bool) -> list[RenderableType]:
    lines: list[RenderableType] = []
    for view in views:
        body: list[RenderableType] = []
        for position in view.positions:
            body.append(Indented(text((actor_name(store, position.party), "bold")), 2, first=2 if not fancy else 0))
            for claim in position.claims:
                body += _claim_block(store, claim, 2 if fancy else 4)
        lines += section(f"{view.point.title} ({view.point.id})", body, fancy=fancy)
    return lines


def no_position_lines(store: Store, party: str, held: list[Claim]) -> list[RenderableType]:
    """What there is to say of a party that holds no position in any sticking point: the
    claims it holds, which ``sticking-points`` cannot show."""
    name = actor_name(store, party)
    lines: list[RenderableType] = [text(f"{name} holds no position in any sticking point.")]
    if not held:
        return lines + [text(f"No claim is held by {name} either.")]
    lines.append(text(f"Claims that involve {name} (berlintalks claims --actor {party}):"))
    for claim in held:
        lines.append(Indented(text("· ", claim.text, (f" [{claim.kind.value}] ", DIM), (claim.id, "cyan")), 4, first=2))
    return lines


#: The least width a party's column needs for the side-by-side matrix to read well.
MATRIX_COLUMN = 28


def matrix_lines(
    store: Store, parties: list[str], rows: list[MatrixRow], *, fancy: bool, width: int
) -> list[RenderableType]:
    """Sticking points down, parties across; where the parties do not fit side by side,
    each sticking point lists the parties down instead, so nothing is cut."""

    def cell(position: Any) -> Text:
        if position is None:
            return text(("—", DIM))
        first = store.claim_by_id[position.claims[0]]
        more = f" (+{len(position.claims) - 1} more)" if len(position.claims) > 1 else ""
        return text(first.text, "\n", (first.id + more, "cyan"))

    names = [actor_name(store, party) for party in parties]
    if fancy and 20 + MATRIX_COLUMN * len(parties) <= width:
        grid = table(["Sticking point", *names], [[text((r.point.title, "bold")), *map(cell, r.cells)] for r in rows],
                     fancy=fancy)
        grid.show_lines = True
        return [grid]
    lines: list[RenderableType] = []
    for row in rows:
        if fancy:
            from rich.table import Table

            grid = Table(box=None, show_header=False, pad_edge=False, padding=(0, 1, 0, 0))
            grid.add_column(width=min(max(map(len, names)), 20), overflow="fold")
            grid.add_column(ratio=1, overflow="fold")
            for name, position in zip(names, row.cells, strict=True):
                grid.add_row(text((name, "bold")), cell(position))
            body: list[RenderableType] = [grid]
        else:
            body = [
                Indented(text(f"{name}: ", cell(position).plain.replace("\n", " ")), 4, first=2)
                for name, position in zip(names, row.cells, strict=True)
            ]
        lines += section(row.point.title, body, fancy=fancy)
    return lines


def cite_lines(store: Store, claim: Claim, shown: list[CitationInContext], *, fancy: bool) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Indented(text((claim.text, "bold")), 0),
        Indented(claim_header(store, claim, " · ", (claim.id, "cyan")), 0),
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
            text(("file      ", DIM), source_location(store, source)),
            text(("place     ", DIM), f"paragraph {citation.paragraph}, line {citation.line}, "
                 f"characters {citation.start}–{citation.end}"),
            text(("sha256    ", DIM), source.sha256),
            Text(),
            Indented(context, 0),
        ]
        lines += section(f"{number}. {source.title}", body, fancy=fancy)
    return lines


def claims_table(store: Store, claims: list[Claim], *, fancy: bool) -> list[RenderableType]:
    rows: list[list[str | Text]] = [
        [text((claim.id, "cyan")), actor_name(store, claim.actor), claim.kind.value, str(len(claim.source_ids)), claim.text]
        for claim in claims
    ]
    return [table(["id", "actor", "kind", "sources", "text"], rows, fancy=fancy)]


def records_table(records: list[dict[str, Any]], *, fancy: bool, short: tuple[str, ...] = ("sha256",)) -> Table:
    """A table of plain records; lists are joined, checksums shortened."""

    def cell(key: str, value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(value)
        if value is None:
            return ""
        return str(value)[:12] if key in short else str(value)

    headers = list(records[0]) if records else []
    return table(headers, [[cell(key, record[key]) for key in headers] for record in records], fancy=fancy)
