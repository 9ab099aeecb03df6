"""How text is laid out for people, with rich: tables, headings and indented lines fitted to
a terminal's width without breaking a word, and plain lines in a pipe.

Every string from the store or the question goes through ``sanitize.visible`` and into
a rich ``Text`` object (``text``): never into a markup string, so that neither control
characters nor rich markup in the data can reach the terminal as commands.
"""

from __future__ import annotations

import functools
import io
import re
import sys
from collections.abc import Callable
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from .output import encoding_of, is_terminal, screen_size
from .sanitize import visible

PIPE_WIDTH = 10_000
DIM = "dim"
#: The narrowest a wrapped text is made, however deep its indent.
MIN_WRAP = 20
#: The least width a column of prose is given before a table gives way to one block per record.
READABLE = 24
#: Columns are two cells apart, on a terminal as in a pipe.
GAP = 2


@functools.cache
def _word() -> re.Pattern[str]:
    """A word with the white space around it; compiled only when text is wrapped to a terminal,
    never in a pipe."""
    return re.compile(r"\s*\S+\s*")


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
        return encoding_of(self.stream)


def console() -> Console:
    """A console rendering for standard output (into ``Rendered``, which holds the text): it
    wraps for a terminal and writes whole lines for a pipe."""
    out = Console(
        file=Rendered(sys.stdout), highlight=False, emoji=False, markup=False, width=screen_size(sys.stdout, "COLUMNS")
    )
    if not out.is_terminal:
        out.soft_wrap = True
        # Into a pipe, tables take their natural width rather than wrapping at 80 columns.
        out.width = PIPE_WIDTH
    return out


def is_fancy(out: Console) -> bool:
    """Tables and headings with colour for a terminal; plain text for a pipe or a dumb terminal."""
    return out.is_terminal and not out.is_dumb_terminal


def wrap_words(body: Text, width: int, *, first: int | None = None) -> list[Text]:
    """``body`` in lines of at most ``width`` cells (``first`` cells for the first line), broken
    at white space only: a word longer than a line, such as an id or a path, is never broken
    but stands whole on a line of its own, so that it can still be copied."""
    lines: list[Text] = []
    for part in body.split("\n", allow_blank=True):
        limit = width if lines or first is None else first
        breaks, used = [], 0
        for match in _word().finditer(part.plain):
            word = match.group()
            if used and used + cell_len(word.rstrip()) > limit:
                breaks.append(match.start())
                used, limit = 0, width
            used += cell_len(word)
        for line in part.divide(breaks):
            line.rstrip()
            lines.append(line)
    return lines


def shorten(value: str, width: int) -> str:
    """``value`` cut at a word boundary to at most ``width`` characters, "…" marking the cut."""
    if len(value) <= width:
        return value
    cut = value[: width - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:") + "…"


class Column(NamedTuple):
    header: str
    wrap: bool = False
    """Prose, wrapped at word boundaries; the cells of any other column (ids, paths, numbers,
    kinds) are kept whole on one line."""
    least: int = READABLE
    """The least width a column of prose is given (never less than its longest word)."""


def table(
    columns: list[Column],
    rows: list[list[str | Text]],
    *,
    fancy: bool,
    blocks: Callable[[], list[RenderableType]] | None = None,
    gaps: list[int] | None = None,
    separated: bool = False,
) -> RenderableType:
    """A table for a terminal where it fits without breaking a word, else ``blocks()`` (by
    default one block per row: the first cell, then each other under its header); for a pipe,
    plain aligned columns, one row a line. ``gaps`` are the least spaces between columns on a
    terminal, where two do not fit; ``separated`` rows have a blank line between them."""
    headers = [text(column.header) for column in columns]
    cells = [[cell if isinstance(cell, Text) else text(cell) for cell in row] for row in rows]
    if not fancy:
        return PlainTable(headers, cells)
    return FittedTable(
        columns,
        headers,
        cells,
        blocks or (lambda: record_blocks(headers, cells)),
        gaps or [GAP] * (len(columns) - 1),
        separated,
    )


def column_widths(columns: list[Column], headers: list[Text], rows: list[list[Text]], width: int) -> list[int] | None:
    """Each column's width when the columns share ``width``: whole cells at their natural width,
    prose at its least width, then the spare width shared evenly, the column wanting least
    served first; None when that would break a word or squeeze prose below its least width."""
    natural, least = [], []
    for index, column in enumerate(columns):
        cells = [row[index] for row in rows]
        longest_line = max((cell_len(line) for cell in cells for line in cell.plain.split("\n")), default=0)
        longest_word = max((cell_len(word) for cell in [headers[index], *cells] for word in cell.plain.split()), default=0)
        if column.wrap:
            full = max(longest_line, headers[index].cell_len)
            natural.append(full)
            least.append(max(longest_word, min(full, column.least)))
        else:
            natural.append(max(longest_line, longest_word))  # a header may wrap between its words
            least.append(natural[-1])
    spare = width - sum(least)
    if spare < 0:
        return None
    # The spare width is shared evenly, the prose that wants least served first: a short
    # column of names is given its whole width before the long text takes the rest.
    widths = least
    wanting = sorted((full - minimum, index) for index, (full, minimum) in enumerate(zip(natural, least, strict=True)))
    wanting = [(want, index) for want, index in wanting if want]
    for position, (want, index) in enumerate(wanting):
        given = min(want, spare // (len(wanting) - position))
        widths[index] += given
        spare -= given
    return widths


class FittedTable:
    """Columns laid out at the width the table is printed at: headers in bold above a rule, each
    cell wrapped at word boundaries within its column."""

    def __init__(
        self,
        columns: list[Column],
        headers: list[Text],
        rows: list[list[Text]],
        blocks: Callable[[], list[RenderableType]],
        gaps: list[int],
        separated: bool,
    ) -> None:
        self.columns, self.headers, self.rows = columns, headers, rows
        self.blocks, self.gaps, self.separated = blocks, gaps, separated

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for gaps in ([GAP] * len(self.gaps), self.gaps):  # roomy if it fits, else as close as allowed
            widths = column_widths(self.columns, self.headers, self.rows, options.max_width - sum(gaps))
            if widths is not None:
                break
        else:
            yield from self.blocks()
            return
        headers = [header.copy() for header in self.headers]
        for header in headers:
            header.stylize("bold")
        yield from self._row(console, headers, widths, gaps, bottom=True)
        yield from Text("─" * (sum(widths) + sum(gaps)), style=DIM).render(console)
        yield Segment.line()
        for number, row in enumerate(self.rows):
            if self.separated and number:
                yield Segment.line()
            yield from self._row(console, row, widths, gaps, bottom=False)

    def _row(self, console: Console, row: list[Text], widths: list[int], gaps: list[int], *, bottom: bool) -> RenderResult:
        """One row, its cells side by side; ``bottom`` aligns short cells with the row's last line."""
        wrapped = [wrap_words(cell, width) for cell, width in zip(row, widths, strict=True)]
        height = max(map(len, wrapped))
        if bottom:
            wrapped = [[Text()] * (height - len(lines)) + lines for lines in wrapped]
        starts = [sum(widths[:column]) + sum(gaps[:column]) for column in range(len(widths))]
        for number in range(height):
            line = Text()
            for start, lines in zip(starts, wrapped, strict=True):
                line.append(" " * (start - line.cell_len))
                if number < len(lines):
                    line.append_text(lines[number])
            line.rstrip()
            yield from line.render(console)
            yield Segment.line()


def record_blocks(headers: list[Text], rows: list[list[Text]]) -> list[RenderableType]:
    """One block per row: its first cell on a line of its own, then each other cell that is not
    empty under its header, wrapped beside it."""
    labels = [header.plain for header in headers[1:]]
    width = max(map(len, labels), default=0)
    lines: list[RenderableType] = []
    for row in rows:
        lines.append(Indented(row[0], 0))
        for label, cell in zip(labels, row[1:], strict=True):
            if cell.plain:
                lines.append(Indented(Text(f"  {label:<{width}}  ", style=DIM) + cell, width + 4, first=0))
        lines.append(Text())
    return lines


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
                    line.append(" " * (widths[number] - cell.cell_len + GAP))
            line.rstrip()
            yield from line.render(console)
            yield Segment.line()


class Heading:
    """A section's title: on a terminal wrapped at word boundaries and underlined; in a pipe one line."""

    def __init__(self, title: Text, *, underline: bool) -> None:
        self.title = title
        self.underline = underline

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = [self.title] if console.soft_wrap else wrap_words(self.title, options.max_width)
        for line in lines:
            yield from line.render(console)
            yield Segment.line()
        if self.underline:
            yield from Text("─" * max(line.cell_len for line in lines), style=DIM).render(console)
            yield Segment.line()


def section(title: str, body: list[RenderableType], *, fancy: bool) -> list[RenderableType]:
    """A titled block: its heading (underlined on a terminal), its lines, a blank line."""
    return [Heading(text((title, "bold")), underline=fancy), *body, Text()]


def text(*parts: str | tuple[str, str]) -> Text:
    """A line of Text from plain strings and (string, style) pairs, every string made visible
    as one line."""
    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            result.append(visible(part[0], one_line=True), style=part[1])
        else:
            result.append(visible(part, one_line=True))
    return result


class Indented:
    """Text wrapped at word boundaries, every line after the first indented, and no spaces left
    at line ends; in a pipe, one line."""

    def __init__(self, body: Text, columns: int, *, first: int | None = None, path: str | None = None) -> None:
        self.body = body
        self.columns = columns
        self.first = columns if first is None else first
        self.path = path
        """A path in ``body`` that, wider than a line, is shortened at its front: its end, the
        file's name, is what tells it apart, and a path broken across lines opens nothing."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if console.soft_wrap:  # piped: one line per line, for grep and friends
            yield Segment(" " * self.first)
            yield from self.body.render(console)
            yield Segment.line()
            return
        width = options.max_width
        room = max(width - self.columns, MIN_WRAP)
        lines = wrap_words(self._fitted(room), room, first=max(width - self.first, MIN_WRAP))
        for number, line in enumerate(lines):
            yield Segment(" " * (self.first if number == 0 else self.columns))
            yield from line.render(console)
            yield Segment.line()


    def _fitted(self, room: int) -> Text:
        plain = self.body.plain
        at = plain.find(self.path) if self.path else -1
        if at < 0:
            return self.body
        end = at + len(self.path)
        # What clings to the path, "(" and "),", stands on its line with it.
        clinging = len(plain[:at]) - len(plain[:at].rstrip("(")) + len(plain[end:]) - len(plain[end:].lstrip("),"))
        if cell_len(self.path) + clinging <= room:
            return self.body
        before, path, after = self.body.divide([at, end])
        kept = path[len(path) - (room - clinging) + 1 :]
        return Text.assemble(before, Text("…", style=kept.style), kept, after)
