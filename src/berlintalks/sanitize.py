"""Text from the store, the articles or the command line, made safe to show.

Whatever a store holds, nothing it says may act on the terminal (escape sequences, a bell,
a cleared screen, a window title, a hyperlink) or hide from the reader (text reversed by a
bidi override, a zero-width space inside a name). ``visible`` is the one sanitiser for text
meant for people: every such character is written out as ``<U+202E>``, so what the store
holds is shown, never obeyed. ``to_json`` escapes the same characters for programs.

Only ``re`` is imported here, and the pattern compiled only for text that needs it: this
runs on every answer.
"""

from __future__ import annotations

import functools
import re
from typing import Any

#: Characters that act on a terminal or hide from the reader: C0 controls but tab and line
#: breaks, DEL and C1 controls; bidi marks, embeddings, overrides and isolates; zero-width
#: and other invisible format characters, line and paragraph separators, the byte order mark
#: and the tag characters. None of them is printable (``str.isprintable``).
_HIDDEN = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f"
)


@functools.cache
def _hidden_character(one_line: bool = False) -> re.Pattern[str]:
    return re.compile(f"[{_HIDDEN}\t\n\r]" if one_line else f"[{_HIDDEN}]")


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` as it can be shown to a person: a carriage return ends a line as a line feed
    does, and every character in ``_HIDDEN`` is written out as ``<U+XXXX>``. What is ``one_line``
    (a name, a title, a claim's text) has its line breaks and tabs written out too: text that
    went on to lines of its own could take the shape of a quote and its source."""
    if text.isprintable():
        return text
    if one_line:
        return _hidden_character(one_line=True).sub(_spelled_out, text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _hidden_character().sub(_spelled_out, text)


def _spelled_out(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def hidden_characters(text: str) -> list[str]:
    """The characters of ``text`` that ``visible`` would spell out, each once, as ``U+XXXX``."""
    if text.isprintable():
        return []
    return [f"U+{ord(char):04X}" for char in dict.fromkeys(_hidden_character().findall(text))]


def to_json(data: Any) -> str:
    """Indented JSON, every character in ``_HIDDEN`` escaped (json itself escapes only C0), so
    that none reaches a terminal raw."""
    import json  # not on the path of a rendered answer

    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    if dumped.replace("\n", "").isprintable():  # json escapes the C0 controls itself
        return dumped
    return _hidden_character().sub(lambda match: json_escaped(match.group()), dumped)


def json_escaped(char: str) -> str:
    """``char`` as a JSON string escape."""
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON writes a character past the BMP as its UTF-16 surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
