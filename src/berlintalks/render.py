"""Turn results into text for people (rich) or JSON for programs.

Every string from the store or the question goes through ``clean`` and into a
rich ``Text`` object: never into a markup string, so that neither control
characters nor rich markup in the data can reach the terminal as commands.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.text import Text

from .check import CheckReport
from .export import citation_data
from .model import Claim, Store
from .query import Answer, Result, highlight_spans

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u2028\u2029]")

HIGHLIGHT = "bold yellow"
DIM = "dim"


def clean(text: str) -> str:
    """``text`` without C0 (but tab and newline), DEL or C1 control characters."""
    return _CONTROL.sub("", text)


def to_json(data: Any) -> str:
    """Indented JSON; DEL and C1 characters are escaped too, so none reaches a terminal raw."""
    dumped = json.dumps(data, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", dumped)


def console(*, stderr: bool = False) -> Console:
    """A console that wraps for a terminal and writes whole lines into a pipe."""
    terminal = Console(stderr=stderr).is_terminal
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, soft_wrap=not terminal)


def text(*parts: str | tuple[str, str]) -> Text:
    """A Text from plain strings and (string, style) pairs, every string cleaned."""
    result = Text()
    for part in parts:
        if isinstance(part, tuple):
            result.append(clean(part[0]), style=part[1])
        else:
            result.append(clean(part))
    return result


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def actor_name(store: Store, actor_id: str | None) -> str:
    return store.actor_by_id[actor_id].name if actor_id else "no actor"


def passage(quote: str, highlight: frozenset[str]) -> Text:
    """The quote with its matched words highlighted."""
    body = Text(clean(quote))
    # Offsets are taken on the cleaned quote, so they stay right if anything was stripped.
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


def indented(body: Text, columns: int) -> Indented:
    return Indented(body, columns)


def citation_lines(store: Store, claim: Claim, highlight: frozenset[str], indent: int = 3) -> list[Indented]:
    lines = []
    for citation in claim.citations:
        source = store.source_by_id[citation.source]
        lines.append(indented(passage(citation.quote, highlight), indent))
        where = f"— {source.title} ({source.path}), paragraph {citation.paragraph}, line {citation.line}"
        lines.append(indented(text((where, DIM)), indent + 2))
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


def ask_data(store: Store, result: Result) -> dict[str, Any]:
    reading = result.interpretation
    return {
        "question": result.question,
        "answered": result.answered,
        "interpretation": {
            "actors": [match.actor for match in reading.actors],
            "intent": reading.intent,
            "topics": [match.topic for match in reading.topics],
            "corrections": {c.typed: c.corrected for c in reading.corrections},
        },
        "answers": [
            {
                "rank": answer.rank,
                "claim_id": answer.claim.id,
                "text": answer.claim.text,
                "actor": answer.claim.actor,
                "kind": answer.claim.kind.value,
                "topics": list(answer.claim.topics),
                "score": answer.score,
                "citations": [citation_data(store, citation) for citation in answer.claim.citations],
            }
            for answer in result.answers
        ],
        "suggestions": [
            {"kind": suggestion.kind, "id": suggestion.id, "text": suggestion.text} for suggestion in result.suggestions
        ],
        **({"reason": result.reason} if result.reason else {}),
    }


def explain_data(result: Result) -> dict[str, Any]:
    reading = result.interpretation
    return {
        "actors": [
            {"actor": m.actor, "words": m.words, "alias": m.alias, "fuzzy_score": m.score} for m in reading.actors
        ],
        "intent": {"intent": reading.intent, "words": reading.intent_words},
        "topics": [{"topic": m.topic, "words": m.words} for m in reading.topics],
        "corrections": [{"typed": c.typed, "corrected": c.corrected, "score": c.score} for c in reading.corrections],
        "words": list(reading.words),
        "unknown_words": list(reading.unknown_words),
        "unknown_names": list(reading.unknown_names),
        "answers": [
            {
                "claim_id": answer.claim.id,
                "score": answer.score,
                "coverage": answer.coverage,
                "signals": [
                    {"signal": s.name, "value": s.value, "weight": s.weight, "share": s.share} for s in answer.signals
                ],
            }
            for answer in result.answers
        ],
    }


def ask_lines(store: Store, result: Result, *, explain: bool) -> list[Text | Indented]:
    lines: list[Text | Indented] = []
    if explain:
        lines += _interpretation_lines(result)
    if not result.answered:
        lines.append(text(("Not in the knowledge base", "bold red"), f": {result.reason}."))
        if result.suggestions:
            lines.append(text(("Suggestions — nearest in the store, not answers:", DIM)))
            for suggestion in result.suggestions:
                lines.append(indented(text(f"· {suggestion.kind} ", (suggestion.id, "cyan"), f": {suggestion.text}"), 2))
        return lines
    for answer in result.answers:
        lines.append(Text())
        lines.append(Indented(text((f"{answer.rank}. ", "bold"), (answer.claim.text, "bold")), 3, first=0))
        extra = (f" · score {answer.score:.2f} · ", (answer.claim.id, "cyan"))
        lines.append(indented(claim_header(store, answer.claim, *extra), 3))
        lines += citation_lines(store, answer.claim, answer.highlight)
        if explain:
            lines += _signal_lines(answer)
    return lines


def _interpretation_lines(result: Result) -> list[Text]:
    reading = result.interpretation
    actors = ", ".join(f"{m.actor} (from {m.words!r}, alias {m.alias!r}, score {m.score:.2f})" for m in reading.actors)
    topics = ", ".join(f"{m.topic} (from {m.words!r})" for m in reading.topics)
    corrections = ", ".join(f"{c.typed} → {c.corrected} ({c.score:.2f})" for c in reading.corrections)
    rows = [
        ("actors", actors or "none"),
        ("intent", f"{reading.intent} (from {reading.intent_words!r})" if reading.intent else "none"),
        ("topics", topics or "none"),
        ("corrected", corrections or "none"),
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
    return [indented(text((f"why: {parts}; shares {shares} = {answer.score:.2f}", DIM)), 3)]


# -- check ---------------------------------------------------------------------


def check_data(report: CheckReport) -> dict[str, Any]:
    return {
        "valid": True,
        "store": report.store,
        "counts": {
            "sources": report.sources,
            "actors": report.actors,
            "topics": report.topics,
            "claims": report.claims,
            "sticking_points": report.sticking_points,
        },
        "claims_per_source": report.claims_per_source,
        "claims_per_actor": report.claims_per_actor,
        "claims_per_kind": report.claims_per_kind,
        "corroborated": list(report.corroborated),
        "coverage": [
            {
                "source": c.source,
                "paragraphs": c.paragraphs,
                "paragraphs_cited": c.paragraphs_cited,
                "sentences": c.sentences,
                "sentences_cited": c.sentences_cited,
                "uncovered_paragraphs": [{"paragraph": s.paragraph, "line": s.line} for s in c.uncovered_paragraphs],
                "uncovered_sentences": [
                    {"paragraph": s.paragraph, "line": s.line, "text": s.text} for s in c.uncovered_sentences
                ],
            }
            for c in report.coverage
        ],
    }


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
