"""Load a claim store: read it safely, validate every entry, resolve every citation.

Problems are collected, not raised one at a time, so that ``check`` can report
them all; each is one line naming ``FILE:LINE`` and the entry.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from .errors import StoreError
from .files import StoreText, bound, decode, read_source, read_store
from .model import (
    Actor,
    ActorKind,
    Citation,
    Claim,
    ClaimKind,
    Position,
    Source,
    StickingPoint,
    Store,
    Topic,
)
from .sanitize import hidden_characters
from .segment import Lines, QuoteFinder
from .text import fold
from .yamlread import LineDict, LineList, read_document

#: The fewest questions a claim carries: matching by meaning needs a few wordings of each.
MIN_QUESTIONS = 3

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_LINE_BREAK_OR_TAB = re.compile(r"[\n\r\t]")
#: How many quotes not found in one source are looked for loosely, for the text they probably meant.
LOOSE_SEARCHES = 10


def load_store(path: str | os.PathLike[str]) -> Store:
    """Read, validate and resolve the store at ``path``; raise StoreError listing every problem."""
    return parse_store(read_store(os.fspath(path)))


def parse_store(stored: StoreText) -> Store:
    """Validate and resolve a store already read; raise StoreError listing every problem."""
    name = stored.name
    document = read_document(decode(stored.data, name, "store"), name)
    if document is None:
        raise StoreError([f"{name}: the store is empty"])
    if not isinstance(document, LineDict):
        raise StoreError([f"{name}:1: the top level must be a mapping of sources, actors, topics, claims, sticking_points"])
    return _Validator(name, Path(stored.folder)).run(document)


# Field kinds: a checker returns the cleaned value, or None with a reason.
_Check = Callable[[Any], tuple[Any, str | None]]


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    if isinstance(value, str):
        return repr(value)
    return f"a {type(value).__name__} ({value})"


def _text(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and value.strip():
        return value, None
    return None, f"must be a non-empty string, not {_describe(value)}"


def _plain_text(value: Any) -> tuple[Any, str | None]:
    """Text the store's curator writes (names, aliases, titles, claim texts): one line, since
    text on lines of its own could pass for a quote and its source when shown, and no control
    or invisible character, which would act on a terminal or disguise what is shown. A quote
    is the article's own and exempt: it is shown with such characters spelled out."""
    checked, reason = _text(value)
    found = _LINE_BREAK_OR_TAB.search(checked) if reason is None else None
    if found:
        what = "a tab" if found.group() == "\t" else "a line break"
        return None, f"holds {what}; write it on one line"
    hidden = hidden_characters(checked) if reason is None else []
    if hidden:
        if len(hidden) == 1:
            return None, f"holds {hidden[0]}, a control or invisible character; remove it"
        return None, f"holds {', '.join(hidden)}, control or invisible characters; remove them"
    return checked, reason


def _slug(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and _SLUG.fullmatch(value):
        return value, None
    if isinstance(value, str):
        return None, f"must be a lowercase slug (a-z, 0-9, hyphens), not {value!r}"
    return None, f"must be a string id, not {_describe(value)}"


def _optional_slug(value: Any) -> tuple[Any, str | None]:
    return (None, None) if value is None else _slug(value)


def _sha256(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, str) and _SHA256.fullmatch(value):
        return value, None
    return None, f"must be 64 lowercase hex digits, not {_describe(value)}"


def _boolean(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool):
        return value, None
    return None, f"must be true or false, not {_describe(value)}"


def _positive_int(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, None
    return None, f"must be a whole number from 1, not {_describe(value)}"


def _enum(kind: type[ActorKind] | type[ClaimKind]) -> _Check:
    names = ", ".join(member.value for member in kind)

    def check(value: Any) -> tuple[Any, str | None]:
        try:
            return kind(value), None
        except ValueError:
            return None, f"must be one of {names}, not {_describe(value)}"

    return check


def _list_of(item: _Check, *, non_empty: bool) -> _Check:
    def check(value: Any) -> tuple[Any, str | None]:
        if not isinstance(value, list):
            return None, f"must be a list, not {_describe(value)}"
        if non_empty and not value:
            return None, "must not be empty"
        cleaned = []
        for position, element in enumerate(value, start=1):
            good, reason = item(element)
            if reason:
                return None, f"item {position} {reason}"
            cleaned.append(good)
        return tuple(cleaned), None

    return check


def _entries(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, list) and value:
        return value, None
    return None, f"must be a non-empty list, not {_describe(value)}"


def _optional_entries(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, list):
        return value, None
    return None, f"must be a list, not {_describe(value)}"


_TOP_LEVEL: dict[str, tuple[_Check, bool]] = {
    "sources": (_entries, True),
    "actors": (_entries, True),
    "topics": (_entries, True),
    "claims": (_entries, True),
    "sticking_points": (_optional_entries, False),
}
_SOURCE = {
    "id": (_slug, True),
    "path": (_text, True),
    "title": (_plain_text, True),
    "supplied_title": (_boolean, False),
    "sha256": (_sha256, True),
}
_ACTOR = {
    "id": (_slug, True),
    "name": (_plain_text, True),
    "kind": (_enum(ActorKind), True),
    "affiliation": (_optional_slug, False),
    "aliases": (_list_of(_plain_text, non_empty=False), False),
}
_TOPIC = {
    "id": (_slug, True),
    "name": (_plain_text, True),
    "aliases": (_list_of(_plain_text, non_empty=False), False),
}
_CLAIM = {
    "id": (_slug, True),
    "actor": (_optional_slug, False),
    "kind": (_enum(ClaimKind), True),
    "topics": (_list_of(_slug, non_empty=True), True),
    "text": (_plain_text, True),
    "questions": (_list_of(_plain_text, non_empty=False), False),
    "citations": (_entries, True),
    "differs_from": (_list_of(_slug, non_empty=True), False),
}
_CITATION = {"source": (_slug, True), "quote": (_text, True), "occurrence": (_positive_int, False)}
_STICKING_POINT = {
    "id": (_slug, True),
    "title": (_plain_text, True),
    "topic": (_slug, True),
    "positions": (_entries, True),
}
#: A stance is a few words, short enough for a column of the stance matrix.
MAX_STANCE = 40


def _stance(value: Any) -> tuple[Any, str | None]:
    checked, reason = _plain_text(value)
    if reason is None and len(checked) > MAX_STANCE:
        return None, f"must be a few words (at most {MAX_STANCE} characters), not {checked!r}"
    return checked, reason


_POSITION = {"party": (_slug, True), "stance": (_stance, True), "claims": (_list_of(_slug, non_empty=True), True)}


class _Validator:
    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.directory = folder
        self.tree = bound(str(folder))
        self.problems: list[str] = []
        # Ids of entries already reported as broken: references to them are not reported again.
        self.broken: set[str] = set()
        self.located: dict[str, tuple[QuoteFinder, Lines]] = {}
        # Each question, folded, with the claim that first gave it and the line.
        self.questions: dict[str, tuple[str, int]] = {}
        # How many quotes not found in each source were looked for loosely.
        self.searched: dict[str, int] = {}

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.name}:{line}: {message}")

    def checked_fields(
        self, entry: Any, line: int, label: str, spec: dict[str, tuple[_Check, bool]]
    ) -> tuple[dict[str, Any], bool]:
        """The entry's good fields, and whether every required one is good."""
        if not isinstance(entry, LineDict):
            self.problem(line, f"{label} must be a mapping, not {_describe(entry)}")
            return {}, False
        if "id" in spec and isinstance(entry.get("id"), str):
            label = f"{label.split(' #')[0]} {entry['id']!r}"
        usable = True
        cleaned: dict[str, Any] = {}
        for key in entry:
            if key not in spec:
                known = ", ".join(spec)
                self.problem(entry.key_lines[key], f"{label}: unknown field {key!r} (expected {known})")
        for key, (check, required) in spec.items():
            if key not in entry:
                if required:
                    self.problem(entry.line, f"{label}: missing field {key!r}")
                    usable = False
                continue
            value, reason = check(entry[key])
            if reason:
                self.problem(entry.key_lines[key], f"{label}: field {key!r} {reason}")
                usable = False
            else:
                cleaned[key] = value
        cleaned["label"] = label
        cleaned["line"] = entry.line
        cleaned["key_lines"] = entry.key_lines
        return cleaned, usable

    def items(
        self,
        section: LineList,
        label: Callable[[int], str],
        spec: dict[str, tuple[_Check, bool]],
        broken: Callable[[dict[str, Any]], object] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The usable mappings of a list, ``label(n)`` naming the n-th in problems; the good fields
        of an unusable one go to ``broken``, so that its own parts are still checked."""
        for index, (item, line) in enumerate(zip(section, section.item_lines, strict=True), start=1):
            cleaned, usable = self.checked_fields(item, line, label(index), spec)
            if usable:
                yield cleaned
                continue
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                self.broken.add(item["id"])
            if broken is not None and cleaned:
                broken(cleaned)

    def entries(
        self,
        section: Any,
        noun: str,
        spec: dict[str, tuple[_Check, bool]],
        broken: Callable[[dict[str, Any]], object] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """The usable entries of a top-level section, each id seen once."""
        if section is None:
            return
        seen: dict[str, int] = {}
        for cleaned in self.items(section, lambda index: f"{noun} #{index}", spec, broken):
            identifier = cleaned["id"]
            if identifier in seen:
                self.problem(cleaned["line"], f"{cleaned['label']}: duplicate {noun} id (first at line {seen[identifier]})")
                if broken is not None:
                    broken(cleaned)  # its own parts are still checked
                continue
            seen[identifier] = cleaned["line"]
            yield cleaned

    def run(self, document: LineDict) -> Store:
        top, _ = self.checked_fields(document, 1, "the store", _TOP_LEVEL)
        sources = self.sources(top.get("sources"))
        actor_entries = list(self.entries(top.get("actors"), "actor", _ACTOR))
        actor_ids = {entry["id"] for entry in actor_entries}
        actors = tuple(self.actor(entry, actor_ids) for entry in actor_entries)
        topics = tuple(
            Topic(entry["id"], entry["name"], entry.get("aliases", ()))
            for entry in self.entries(top.get("topics"), "topic", _TOPIC)
        )
        topic_ids = {topic.id for topic in topics}
        def broken_claim(partial: dict[str, Any]) -> None:
            self.references(partial, actor_ids, topic_ids)
            self.citations(partial, sources)

        claims: list[Claim] = []
        linking: dict[str, dict[str, Any]] = {}
        for entry in self.entries(top.get("claims"), "claim", _CLAIM, broken=broken_claim):
            claim = self.claim(entry, sources, actor_ids, topic_ids)
            if claim is not None:
                claims.append(claim)
                if "differs_from" in entry:
                    linking[claim.id] = entry
        differences = self.differences(linking, {claim.id: claim for claim in claims})
        claim_ids = {claim.id for claim in claims}
        sticking_points = tuple(
            self.sticking_point(entry, actor_ids, topic_ids, claim_ids)
            for entry in self.entries(top.get("sticking_points"), "sticking point", _STICKING_POINT)
        )
        if self.problems:
            raise StoreError(self.problems)
        root = _common_root(self.directory, [Path(source.file) for source in sources.values() if source])
        return Store(
            path=self.name,
            sources=tuple(
                s._replace(path=Path(os.path.relpath(s.file, root)).as_posix())
                for s in sources.values()
                if s is not None
            ),
            actors=actors,
            topics=topics,
            claims=tuple(claims),
            sticking_points=sticking_points,
            differences=differences,
        )

    def sources(self, section: Any) -> dict[str, Source | None]:
        """Sources by id, their path not yet made relative; None for one whose file cannot be used.
        The file of a source with a bad field, or that has changed, is read all the same, so
        that the quotes citing it are checked too."""
        found: dict[str, Source | None] = {}

        def broken(entry: dict[str, Any]) -> None:
            if "id" in entry and "path" in entry and entry["id"] not in found:
                found[entry["id"]] = self.source(entry)

        for entry in self.entries(section, "source", _SOURCE, broken=broken):
            found[entry["id"]] = self.source(entry)
        return found

    def source(self, entry: dict[str, Any]) -> Source | None:
        """The source an entry describes, its file read; None when the file cannot be read."""
        label, line = entry["label"], entry["key_lines"]["path"]
        try:
            data, text, file = read_source(os.path.join(self.directory, entry["path"]), entry["path"], within=self.tree)
        except StoreError as error:
            self.problem(line, f"{label}: {error.problems[0]}")
            return None
        digest = hashlib.sha256(data).hexdigest()
        if "sha256" in entry and digest != entry["sha256"]:
            self.problem(
                entry["key_lines"]["sha256"],
                f"{label}: {entry['path']} has changed since it was curated "
                f"(sha256 is {digest[:12]}..., the store says {entry['sha256'][:12]}...)",
            )
        return Source(entry["id"], file, entry.get("title", ""), digest, text, file, entry.get("supplied_title", False))

    def unknown(self, line: int, label: str, what: str, identifier: str, known: set[str]) -> None:
        """Report a reference to an id that does not exist (and was not itself reported broken)."""
        if identifier not in known and identifier not in self.broken:
            self.problem(line, f"{label}: unknown {what} {identifier!r}")

    def actor(self, entry: dict[str, Any], actor_ids: set[str]) -> Actor:
        affiliation = entry.get("affiliation")
        if affiliation is not None:
            self.unknown(entry["key_lines"]["affiliation"], entry["label"], "affiliation actor", affiliation, actor_ids)
        return Actor(entry["id"], entry["name"], entry["kind"], entry.get("aliases", ()), affiliation)

    def claim(
        self,
        entry: dict[str, Any],
        sources: dict[str, Source | None],
        actor_ids: set[str],
        topic_ids: set[str],
    ) -> Claim | None:
        self.references(entry, actor_ids, topic_ids)
        citations = self.citations(entry, sources)
        if citations is None:
            self.broken.add(entry["id"])
            return None
        label, key_lines = entry["label"], entry["key_lines"]
        questions = entry.get("questions", ())
        if len(questions) < MIN_QUESTIONS:
            self.problem(
                key_lines.get("questions", entry["line"]),
                f"{label}: {len(questions)} question{'' if len(questions) == 1 else 's'}; write at least "
                f"{MIN_QUESTIONS} a reader would ask that this claim answers",
            )
        for number, question in enumerate(questions, start=1):
            first = self.questions.setdefault(fold(question), (entry["id"], key_lines["questions"]))
            if first[0] != entry["id"]:
                self.problem(
                    key_lines["questions"],
                    f"{label}: question {number} {question!r} is also claim {first[0]!r}'s (line {first[1]}); "
                    "a question names one claim",
                )
        return Claim(entry["id"], entry.get("actor"), entry["kind"], entry["topics"], entry["text"], citations, questions)

    def references(self, entry: dict[str, Any], actor_ids: set[str], topic_ids: set[str]) -> None:
        """Report the claim's actor and topics the store does not hold; of a claim with a bad
        field too, so that one run reports every problem of every entry."""
        label, key_lines = entry["label"], entry["key_lines"]
        if entry.get("actor") is not None:
            self.unknown(key_lines["actor"], label, "actor", entry["actor"], actor_ids)
        for topic in entry.get("topics", ()):
            self.unknown(key_lines["topics"], label, "topic", topic, topic_ids)

    def citations(self, entry: dict[str, Any], sources: dict[str, Source | None]) -> tuple[Citation, ...] | None:
        """The claim's citations, or None when any of them is broken."""
        section = entry.get("citations")
        if section is None:
            return None
        label = entry["label"]
        citations = []
        for cited in self.items(section, lambda index: f"{label} citation {index}", _CITATION):
            citation = self.citation(cited, sources)
            if citation is not None:
                citations.append(citation)
        return tuple(citations) if len(citations) == len(section) else None

    def citation(self, cited: dict[str, Any], sources: dict[str, Source | None]) -> Citation | None:
        source_id, quote, key_lines, label = cited["source"], cited["quote"], cited["key_lines"], cited["label"]
        if source_id not in sources:
            self.unknown(key_lines["source"], label, "source", source_id, set())
            return None
        source = sources[source_id]
        if source is None:
            return None  # the source's own problem is already reported
        if quote != quote.strip():
            self.problem(
                key_lines["quote"],
                f"{label}: quote begins or ends with white space; quote from the first character to the last",
            )
            return None
        located = self.located.get(source_id)
        if located is None:
            located = self.located[source_id] = (QuoteFinder(source.text), Lines(source.text))
        finder, lines = located
        starts = finder.occurrences(quote)
        count = len(starts)
        occurrence = cited.get("occurrence")
        if count == 0:
            # Each loose search reads the whole article: a bounded number of them per article keeps
            # a store of many wrong quotes (30,000 on one article took minutes) about its length.
            searched = self.searched[source_id] = self.searched.get(source_id, 0) + 1
            loosely = searched <= LOOSE_SEARCHES
            self.problem(key_lines["quote"], f"{label}: {_not_found(source.text, quote, source_id, loosely=loosely)}")
            return None
        if occurrence is None and count > 1:
            self.problem(
                key_lines["quote"],
                f"{label}: quote occurs {count} times in source {source_id!r}; say which with 'occurrence: 1' to '{count}'",
            )
            return None
        if occurrence is not None and occurrence > count:
            self.problem(
                key_lines["occurrence"],
                f"{label}: occurrence {occurrence} but the quote occurs {count} time{'s' * (count > 1)} in source {source_id!r}",
            )
            return None
        start = starts[(occurrence or 1) - 1]
        line, paragraph = lines.locate(start)
        return Citation(source_id, quote, start, start + len(quote), line, paragraph)

    def differences(self, linking: dict[str, dict[str, Any]], claims: dict[str, Claim]) -> dict[str, tuple[str, ...]]:
        """Each claim's ``differs_from``, checked: a link names another claim, which names it
        back (a difference is seen from both sides), and the two are not reported by the same
        sources alone, since it is the sources that differ."""
        for claim_id, entry in linking.items():
            label, line = entry["label"], entry["key_lines"]["differs_from"]
            for other in entry["differs_from"]:
                if other == claim_id:
                    self.problem(line, f"{label}: a claim cannot differ from itself")
                elif other not in claims:
                    self.unknown(line, label, "claim", other, set())
                elif claim_id not in linking.get(other, {}).get("differs_from", ()):
                    self.problem(line, f"{label}: differs from {other!r}, but claim {other!r} does not name "
                                       f"{claim_id!r} in its differs_from")
                elif set(claims[other].source_ids) == set(claims[claim_id].source_ids):
                    self.problem(line, f"{label}: differs from {other!r}, which the same sources report: "
                                       "a difference is between sources")
        return {claim_id: tuple(entry["differs_from"]) for claim_id, entry in linking.items()}

    def sticking_point(
        self, entry: dict[str, Any], actor_ids: set[str], topic_ids: set[str], claim_ids: set[str]
    ) -> StickingPoint:
        label = entry["label"]
        self.unknown(entry["key_lines"]["topic"], label, "topic", entry["topic"], topic_ids)
        positions = []
        for position in self.items(entry["positions"], lambda index: f"{label} position {index}", _POSITION):
            key_lines = position["key_lines"]
            self.unknown(key_lines["party"], position["label"], "party", position["party"], actor_ids)
            for claim_id in position["claims"]:
                self.unknown(key_lines["claims"], position["label"], "claim", claim_id, claim_ids)
            positions.append(Position(position["party"], position["claims"], position["stance"]))
        return StickingPoint(entry["id"], entry["title"], entry["topic"], tuple(positions))


def _common_root(store_directory: Path, source_files: list[Path]) -> Path:
    """The deepest folder holding the store and every source: paths are shown relative to it.
    The store's folder is real already (see StoreText.folder), as are the sources' files."""
    folders = [str(store_directory)] + [str(file.parent) for file in source_files]
    return Path(os.path.commonpath(folders))


def _not_found(text: str, quote: str, source_id: str, *, loosely: bool) -> str:
    """Why a quote is not in its source, with the article's own text when only quote marks,
    dashes, case or spacing were typed differently; ``loosely`` says whether to look for that."""
    import json

    from .quotes import fold, loose_finds

    message = f"quote not found verbatim in source {source_id!r}"
    if not loosely:
        return f"{message}: {_clip(quote)} (not looked for loosely: over {LOOSE_SEARCHES} quotes of this source are not found)"
    finds = loose_finds(text, quote)
    if not finds:
        return f"{message}: {_clip(quote)}"
    start, end = finds[0]
    meant = text[start:end]
    how = "quote marks or dashes" if fold(meant) == fold(quote) else "case, spacing, quote marks or dashes"
    return f"{message}: its {how} differ from the article's; the article has {json.dumps(meant, ensure_ascii=False)}"


def _clip(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
