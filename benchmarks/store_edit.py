"""Adding a source to a store: berlintalks's textual insert against a round-trip YAML editor.

usage: pip install ruamel.yaml && python benchmarks/store_edit.py

Both add the same entry to variants of the bundled store: as shipped, with CRLF line
endings, with lists at the keys' indentation, with a comment after the last source's
checksum, with a title folded over two lines, with `sources` as the last key, with a
byte-order mark. The editor is ruamel.yaml as it comes, and as carefully set as a curator
could: indentation guessed from the store, quotes kept, no line wrapping, the store's line
endings.

For each method and variant it prints whether the result reads as the old store plus the
entry, how many lines of the old store changed, and whether the entry sits right after the
last source, before the comments that open the next section.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import io
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from berlintalks.curate import add_source
from berlintalks.paths import bundled_store_path

TITLE = "Talks to “Resume” in Helsinki — Officials"
ARTICLE = f"{TITLE}\nFinland offered to host a follow-up round of the talks in Helsinki next month.\n"
ENTRY = {"id": "helsinki-round", "path": "../seeds/helsinki.txt", "title": TITLE,
         "sha256": hashlib.sha256(ARTICLE.encode()).hexdigest()}
LAST_CHECKSUM = "sha256: 604fea9bee1ec8433ee8c2e5d1ec5e841a3a1db3a33ecfefe7ab74387e54dbcd"


def _restyled(text: str) -> str:
    """The store with its lists at their key's indentation (``- id:`` at column 0), the other
    common style, as ruamel.yaml writes it."""
    editor = YAML()
    editor.preserve_quotes = True
    editor.width = 1_000_000
    editor.indent(mapping=2, sequence=2, offset=0)
    out = io.StringIO()
    editor.dump(editor.load(text), out)
    return out.getvalue()


def _sources_last(text: str) -> str:
    """The store with the sources, and the comments that head them, moved to the end."""
    key = text.index("\nsources:") + 1
    header = text.rfind("# ----", 0, text.rfind("# ----", 0, key))
    end = text.index("# ----", key)
    return text[:header] + text[end:].rstrip("\n") + "\n\n" + text[header:end].rstrip("\n") + "\n"


VARIANTS: dict[str, Callable[[str], str]] = {
    "as shipped": lambda text: text,
    "CRLF line endings": lambda text: text.replace("\n", "\r\n"),
    "lists at key indentation": _restyled,
    "comment after the last checksum": lambda text: text.replace(LAST_CHECKSUM, LAST_CHECKSUM + "  # checked"),
    "title folded over two lines": lambda text: text.replace(
        '    title: "US Dangles Security Guarantees, But Ukraine Peace Talks Stall Over Territory"',
        '    title: US Dangles Security Guarantees,\n      But Ukraine Peace Talks Stall Over Territory',
    ),
    "sources the last key": _sources_last,
    "byte-order mark": lambda text: "\ufeff" + text,
}


def textual(folder: Path) -> None:
    (folder / "helsinki.txt").write_text(ARTICLE, encoding="utf-8")
    add_source(str(folder / "data" / "claims.yaml"), str(folder / "helsinki.txt"), ENTRY["id"], TITLE,
               supplied_title=False)


def round_trip(folder: Path, *, careful: bool = True) -> None:
    store = folder / "data" / "claims.yaml"
    text = store.read_bytes().decode("utf-8")
    editor = YAML()
    if careful:
        _, indent, offset = load_yaml_guess_indent(text)
        editor.preserve_quotes = True
        editor.width = 1_000_000
        editor.indent(mapping=2, sequence=indent, offset=offset)
        editor.line_break = "\r\n" if "\r\n" in text else "\n"
    data = editor.load(text)
    entry = CommentedMap(ENTRY)
    entry["title"] = DoubleQuotedScalarString(TITLE)
    data["sources"].append(entry)
    out = io.StringIO()
    editor.dump(data, out)
    (folder / "seeds" / "helsinki.txt").write_text(ARTICLE, encoding="utf-8")
    store.write_bytes(out.getvalue().encode("utf-8"))


METHODS: dict[str, Callable[[Path], None]] = {
    "textual insert": textual,
    "ruamel.yaml, set carefully": round_trip,
    "ruamel.yaml, as it comes": functools.partial(round_trip, careful=False),
}


def judge(before: str, after: str) -> tuple[bool, int, bool]:
    """(reads as before plus the entry, lines of ``before`` changed, entry right after the last source)."""
    expected = yaml.safe_load(before)
    expected["sources"].append(ENTRY)
    try:
        reads_right = yaml.safe_load(after) == expected
    except yaml.YAMLError:
        reads_right = False
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    changed = sum(1 for line in difflib.ndiff(old, new) if line.startswith("- "))
    checksum = next(n for n, line in enumerate(old) if LAST_CHECKSUM in line)
    placed = new[: checksum + 1] == old[: checksum + 1] and f"id: {ENTRY['id']}" in new[checksum + 1]
    return reads_right, changed, placed


def main() -> None:
    shipped = Path(bundled_store_path())
    print("| store | method | reads as old + entry | old lines changed | entry after the last source |")
    print("| --- | --- | --- | --- | --- |")
    for name, variant in VARIANTS.items():
        for method_name, method in METHODS.items():
            with tempfile.TemporaryDirectory() as temporary:
                folder = Path(temporary)
                shutil.copytree(shipped.parent, folder / "data")
                shutil.copytree(shipped.parent.parent / "seeds", folder / "seeds")
                store = folder / "data" / "claims.yaml"
                before = variant(shipped.read_text(encoding="utf-8"))
                store.write_bytes(before.encode("utf-8"))
                try:
                    method(folder)
                except Exception as error:  # a failure is a result here
                    print(f"| {name} | {method_name} | refused: {str(error)[:60]} | 0 | - |")
                    continue
                after = store.read_bytes().decode("utf-8")
                reads_right, changed, placed = judge(before, after)
                print(f"| {name} | {method_name} | {'yes' if reads_right else 'NO'} | {changed} | {'yes' if placed else 'no'} |")


if __name__ == "__main__":
    main()
