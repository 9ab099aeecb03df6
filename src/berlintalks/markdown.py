"""Store and article text written as Markdown that shows it as written.

A claim, a name, a title or a quote may hold anything: raw HTML, a code fence, a line laid out
as a footnote definition, a list marker or a heading. Escaped here, a CommonMark renderer (and
GitHub's, with its tables, footnotes and strikethrough) shows such text as the store holds it,
and nothing in it becomes an element of its own.
"""

from __future__ import annotations

import re

#: CommonMark's line endings. A lone carriage return ends a line too, and the output turns it
#: into a line feed, so a line it starts is escaped as any other.
_LINE_BREAK = re.compile(r"\r\n?|\n")
#: What acts anywhere in a line: backslash escapes, code spans, emphasis, links, images and
#: footnotes, raw HTML and autolinks, entities, table cells, strikethrough, a block quote and
#: the closing hashes of a heading.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#])")
#: What starts a block only at a line's start: a bullet, a setext underline or thematic break...
_BULLET = re.compile(r"^([-+=])")
#: ... and an ordered list's number (of at most nine digits).
_NUMBERED = re.compile(r"^(\d{1,9})([.)])")


def text(value: str, indent: str = "") -> str:
    """``value`` for a list item or footnote whose later lines are indented by ``indent``: each
    line escaped, with the spaces around it dropped (a renderer drops them; kept, four would
    make a code block, two at the end a hard break), and no blank line, which would end the
    item or footnote and leave the next line's indent to make a code block."""
    return ("\n" + indent).join(line for line in map(_line, _LINE_BREAK.split(value)) if line)


def one_line(value: str) -> str:
    """``value`` for a heading or a table cell, which a line break would end: its lines
    joined by a space, as a renderer shows a line break inside a paragraph."""
    return " ".join(line for line in map(_line, _LINE_BREAK.split(value)) if line)


def _line(line: str) -> str:
    escaped = _INLINE.sub(r"\\\1", line.strip(" \t"))
    return _NUMBERED.sub(r"\1\\\2", _BULLET.sub(r"\\\1", escaped))


def code(value: str) -> str:
    """``value`` as one inline code span, whose content no backslash escapes: fenced by more
    backticks than any run inside it, and padded where the renderer would take a backtick at
    its edge for the fence's or strip a space from each end."""
    value = " ".join(_LINE_BREAK.split(value))  # a line of its own could start a block
    fence = "`" * (max(map(len, re.findall("`+", value)), default=0) + 1)
    if value.startswith("`") or value.endswith("`") or (value[:1] == value[-1:] == " " and value.strip(" ")):
        value = f" {value} "
    return f"{fence}{value}{fence}"
