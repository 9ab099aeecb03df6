"""What ``check`` reports about a valid store: counts, corroboration and coverage."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from typing import NamedTuple

from .model import Store
from .segment import Span, paragraphs

#: Sentences shorter than this are not counted for coverage.
MIN_SENTENCE_WORDS = 8


class Coverage(NamedTuple):
    """How much of one source the claims cite."""

    source: str
    paragraphs: int
    paragraphs_cited: int
    sentences: int
    """Sentences of MIN_SENTENCE_WORDS words or more, headings left out."""
    sentences_cited: int
    uncovered_paragraphs: tuple[Span, ...]
    uncovered_sentences: tuple[Span, ...]


class CheckReport(NamedTuple):
    store: str
    sources: int
    actors: int
    topics: int
    claims: int
    sticking_points: int
    claims_per_source: dict[str, int]
    claims_per_actor: dict[str, int]
    """Claims by actor id; claims with no actor under ``"(none)"``."""
    claims_per_kind: dict[str, int]
    corroborated: tuple[str, ...]
    """Ids of the claims reported by more than one source."""
    differing: tuple[tuple[str, str], ...]
    """The pairs of claims on which the sources differ, each pair once, its ids in order."""
    coverage: tuple[Coverage, ...]

    @property
    def paragraphs(self) -> tuple[int, int]:
        return sum(c.paragraphs_cited for c in self.coverage), sum(c.paragraphs for c in self.coverage)

    @property
    def sentences(self) -> tuple[int, int]:
        return sum(c.sentences_cited for c in self.coverage), sum(c.sentences for c in self.coverage)


def check_report(store: Store) -> CheckReport:
    per_source: Counter[str] = Counter()
    cited: dict[str, list[tuple[int, int]]] = {source.id: [] for source in store.sources}
    for claim in store.claims:
        per_source.update(claim.source_ids)
        for citation in claim.citations:
            cited[citation.source].append((citation.start, citation.end))
    return CheckReport(
        store=store.path,
        sources=len(store.sources),
        actors=len(store.actors),
        topics=len(store.topics),
        claims=len(store.claims),
        sticking_points=len(store.sticking_points),
        claims_per_source={source.id: per_source[source.id] for source in store.sources},
        claims_per_actor=dict(Counter(claim.actor or "(none)" for claim in store.claims).most_common()),
        claims_per_kind=dict(Counter(claim.kind.value for claim in store.claims).most_common()),
        corroborated=tuple(claim.id for claim in store.claims if len(claim.source_ids) > 1),
        differing=tuple(sorted({
            (min(claim_id, other), max(claim_id, other))
            for claim_id, others in store.differences.items()
            for other in others
        })),
        coverage=tuple(_coverage(store, source.id, cited[source.id]) for source in store.sources),
    )


def _coverage(store: Store, source_id: str, cited: list[tuple[int, int]]) -> Coverage:
    """Coverage of one source by the ``(start, end)`` stretches its citations quote."""
    # Cited stretches merged into disjoint ones in order: whether a span overlaps one is a
    # binary search, so coverage stays near-linear however many claims cite the source.
    merged: list[list[int]] = []
    for start, end in sorted(cited):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    merged_starts = [start for start, _ in merged]

    def is_cited(span: Span) -> bool:
        before = bisect_left(merged_starts, span.end) - 1
        return before >= 0 and merged[before][1] > span.start

    body = [paragraph for paragraph in paragraphs(store.source_by_id[source_id].text) if not paragraph.is_heading]
    sentences = [s for paragraph in body for s in paragraph.sentences if s.word_count >= MIN_SENTENCE_WORDS]
    uncovered_paragraphs = tuple(p.span for p in body if not is_cited(p.span))
    uncovered_sentences = tuple(s for s in sentences if not is_cited(s))
    return Coverage(
        source=source_id,
        paragraphs=len(body),
        paragraphs_cited=len(body) - len(uncovered_paragraphs),
        sentences=len(sentences),
        sentences_cited=len(sentences) - len(uncovered_sentences),
        uncovered_paragraphs=uncovered_paragraphs,
        uncovered_sentences=uncovered_sentences,
    )


class Uncovered(NamedTuple):
    """A paragraph no claim cites, or an uncited sentence of a paragraph that is partly cited."""

    source: str
    kind: str
    """``paragraph`` or ``sentence``."""
    paragraph: int
    line: int
    text: str


def uncovered(report: CheckReport, source: str | None = None) -> list[Uncovered]:
    """What is left to curate, in article order; a sentence is listed only when its paragraph is
    partly cited, since an uncited paragraph is listed whole."""
    found = []
    for coverage in report.coverage:
        if source is not None and coverage.source != source:
            continue
        whole = {span.paragraph for span in coverage.uncovered_paragraphs}
        spans = [("paragraph", span) for span in coverage.uncovered_paragraphs] + [
            ("sentence", span) for span in coverage.uncovered_sentences if span.paragraph not in whole
        ]
        for kind, span in sorted(spans, key=lambda item: item[1].start):
            found.append(Uncovered(coverage.source, kind, span.paragraph, span.line, span.text))
    return found
