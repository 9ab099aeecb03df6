"""Read one YAML document into plain values that remember their line numbers.

The document is built from the parser's events rather than by PyYAML's
constructor, so that nothing is ever executed or expanded: tags, anchors and
aliases are refused where they appear, duplicate keys are caught with both
lines, and nesting is bounded without recursion.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml import events
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from .errors import StoreError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 64
_resolver = Resolver()
_constructor = SafeConstructor()


class LineDict(dict):
    """A mapping with the 1-based line of itself and of each of its keys."""

    line: int
    key_lines: dict[Any, int]


class LineList(list):
    """A sequence with the 1-based line of itself and of each of its items."""

    line: int
    item_lines: list[int]


def _where(name: str, mark: yaml.Mark | None) -> str:
    return f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name


def read_document(text: str, name: str) -> Any:
    """Parse ``text`` (named ``name`` in errors) into LineDict/LineList/scalars."""
    stack: list[LineDict | LineList] = []
    root: Any = None
    documents = 0
    # The key waiting for its value in each open mapping (_NO_KEY when a key comes next).
    pending_keys: list[Any] = []

    def fail(mark: yaml.Mark | None, message: str) -> StoreError:
        return StoreError([f"{_where(name, mark)}: {message}"])

    def attach(value: Any, mark: yaml.Mark) -> None:
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        if type(parent) is LineList:
            parent.append(value)
            parent.item_lines.append(mark.line + 1)
        elif pending_keys[-1] is _NO_KEY:
            if type(value) in (LineDict, LineList):
                raise fail(mark, "a mapping key must be a plain value")
            if value in parent.key_lines:
                raise fail(mark, f"duplicate key {value!r} (first at line {parent.key_lines[value]})")
            pending_keys[-1] = value
            parent.key_lines[value] = mark.line + 1
        else:
            parent[pending_keys[-1]] = value
            pending_keys[-1] = _NO_KEY

    def refuse_anchor_or_tag(event: events.NodeEvent) -> None:
        if event.anchor is not None:
            raise fail(event.start_mark, f"anchor &{event.anchor}: anchors and aliases are not allowed")
        if event.tag is not None and event.tag != "!":
            raise fail(event.start_mark, f"tag {event.tag!r}: tags are not allowed")

    parser = _Loader(text)
    try:
        # A large store is hundreds of thousands of events: the loop takes them straight from
        # the parser, and a scalar that is a mapping's value (most are) skips attach().
        while (event := parser.get_event()) is not None:
            kind = type(event)
            if kind is _SCALAR:
                if event.anchor is not None or event.tag is not None:
                    refuse_anchor_or_tag(event)
                value = _scalar(event)
                if value is _NOT_DECIMAL:
                    raise fail(
                        event.start_mark,
                        f"{event.value!r} is not a plain decimal number: YAML 1.1 would read it as "
                        f"{_construct(event)}; write whole numbers without a leading zero, or quote text",
                    )
                if stack and pending_keys[-1] is not _NO_KEY:
                    stack[-1][pending_keys[-1]] = value
                    pending_keys[-1] = _NO_KEY
                else:
                    attach(value, event.start_mark)
            elif kind is _MAPPING_START or kind is _SEQUENCE_START:
                refuse_anchor_or_tag(event)
                if len(stack) >= MAX_DEPTH:
                    raise fail(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
                container: LineDict | LineList
                if kind is _MAPPING_START:
                    container = LineDict()
                    container.key_lines = {}
                else:
                    container = LineList()
                    container.item_lines = []
                container.line = event.start_mark.line + 1
                attach(container, event.start_mark)
                stack.append(container)
                pending_keys.append(_NO_KEY)
            elif kind is _MAPPING_END or kind is _SEQUENCE_END:
                stack.pop()
                pending_keys.pop()
            elif kind is events.AliasEvent:
                raise fail(event.start_mark, f"alias *{event.anchor}: anchors and aliases are not allowed")
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise fail(event.start_mark, "several YAML documents; a store is one document")
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "not valid YAML"
        if mark is not None and _char_at(text, mark) == "\t":
            problem = "a tab character; indent YAML with spaces"
        elif "nesting depth" in problem:
            # Newer libyaml stops at its own depth limit while scanning ahead, before the
            # event at our limit arrives: the same refusal, so the same words.
            problem = f"nested deeper than {MAX_DEPTH} levels"
        raise fail(mark, problem) from None
    except yaml.YAMLError as error:
        raise fail(None, f"not valid YAML: {str(error).splitlines()[0]}") from None
    finally:
        parser.dispose()
    return root


_SCALAR = events.ScalarEvent
_MAPPING_START, _MAPPING_END = events.MappingStartEvent, events.MappingEndEvent
_SEQUENCE_START, _SEQUENCE_END = events.SequenceStartEvent, events.SequenceEndEvent


def _char_at(text: str, mark: yaml.Mark) -> str:
    lines = text.splitlines()
    if mark.line < len(lines) and mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""


class _NoKey:
    __slots__ = ()


_NO_KEY = _NoKey()


#: First characters of the plain scalars YAML may read as something other than a string.
_IMPLICIT_FIRST = frozenset(key for key in Resolver.yaml_implicit_resolvers if key is not None)
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
#: The only numbers a store holds. YAML 1.1 reads 010 as 8 (octal), 12:30 as 750 (base 60),
#: 0x10 and 1_000 too: a curator who meant a decimal would silently get another number.
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)")
#: A number in YAML 1.1's notation other than a plain decimal: refused where it is read.
_NOT_DECIMAL = object()


def _scalar(event: events.ScalarEvent) -> Any:
    value = event.value
    plain, _quoted = event.implicit
    if not plain or event.tag == "!" or (value and value[0] not in _IMPLICIT_FIRST):
        return value
    tag = _resolver.resolve(yaml.ScalarNode, value, (True, False))
    if (tag == _INT_TAG and not _PLAIN_DECIMAL.fullmatch(value)) or (tag == _FLOAT_TAG and ":" in value):
        return _NOT_DECIMAL
    return _construct(event, tag)


def _construct(event: events.ScalarEvent, tag: str | None = None) -> Any:
    tag = tag or _resolver.resolve(yaml.ScalarNode, event.value, (True, False))
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark)
    construct = _constructor.yaml_constructors.get(tag)
    # A tag the safe constructor has no builder for (YAML 1.1's "=" value key) stays a string.
    return construct(_constructor, node) if construct else event.value


def block_list_end(text: str, key: str) -> tuple[int, int] | None:
    """Where the block list under the top-level ``key`` of a valid store ends as the parser reads
    it: the column of its items' dashes, and the 0-based line after its last item's last
    character (a multi-line title, a line of it that starts with ``#``, included). None when
    ``key`` holds no block list of items."""
    root = yaml.compose(text, Loader=_Loader)
    for key_node, value in root.value if isinstance(root, yaml.MappingNode) else ():
        if key_node.value != key:
            continue
        if not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
            return None
        end = _content_end(value.value[-1])
        # A block scalar ends at the start of the line after it; any other node within its line.
        return value.start_mark.column, end.line + (end.column > 0)
    return None


def _content_end(node: yaml.Node) -> yaml.Mark:
    """Where the last character of ``node`` ends: a block collection's own end mark lies at the
    start of whatever follows it, past comments and blank lines."""
    if isinstance(node, yaml.ScalarNode) or node.flow_style or not node.value:
        return node.end_mark
    last = node.value[-1]
    return _content_end(last[1] if isinstance(last, tuple) else last)
