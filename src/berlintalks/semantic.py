"""Claims read by meaning: each claim's sentence vectors, kept, and a question's similarity to them.

A claim is embedded twice over: its passage (its own sentence, its quotes, and the questions its
curator wrote for it, ``questions:``, which widen the passage to the words readers use:
document expansion); and each of those questions alone, as queries, so that a reader's question
is matched question to question, the way FAQ retrieval works best, and to the questions' mean.

Vectors are kept in SQLite, by model and by the sha256 of each text, so that an edited store
re-embeds only what changed and two stores share what they share; beside them, each store's
vectors assembled into matrices, under the sha256 of the store's bytes (which hold every text
embedded), so that an answer reads one row. The bundled store's vectors come with the package
(built by ``tools/claim_vectors.py``) and are only read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple
from urllib.parse import quote

# Set before numpy loads: the products asked of it here are small, and OpenBLAS starting a
# pool of threads costs more (50 ms of a 70 ms import on a busy machine) than it could save.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from .errors import ModelUnavailable, VectorsMissing, VectorsNotKept  # noqa: E402

try:
    import numpy as np
except ImportError as missing:  # numpy comes with the model: without it, there is no reading by meaning
    raise ModelUnavailable(f"the sentence model cannot be loaded ({missing})") from None

from .encode import Encoder, load_encoder  # noqa: E402
from .model import Claim, Store  # noqa: E402
from .paths import cache_directory, package_directory  # noqa: E402

#: The most claims whose vectors are built on first use; a larger store waits for ``berlintalks index``.
BUILD_ON_FIRST_USE = 2000

#: Texts embedded, and kept, at a time: an interrupted build loses at most this many.
BATCH = 32

#: The vectors that come with the package, for the bundled store.
BUNDLED = os.path.join(package_directory(), "claim_vectors.sqlite3")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL, digest BLOB NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model, digest));
CREATE TABLE IF NOT EXISTS matrices (
    model TEXT NOT NULL, store BLOB NOT NULL,
    passages BLOB NOT NULL, questions BLOB NOT NULL, offsets BLOB NOT NULL,
    PRIMARY KEY (model, store));
DROP TABLE IF EXISTS stores;
"""
# ``stores`` held the matrices of an earlier release, whose passages held no questions.

Progress = Callable[[int, int], None]
"""Told (texts embedded so far, texts to embed) as a build goes."""


class ClaimVectors(NamedTuple):
    passages: np.ndarray
    """One unit vector per claim, in store order: its passage."""
    questions: np.ndarray
    """One unit vector per curated question, claim after claim."""
    offsets: np.ndarray
    """Claim ``i``'s questions are rows ``offsets[i]:offsets[i + 1]`` of ``questions``."""


class Similarities(NamedTuple):
    question: np.ndarray
    """Per claim, the cosine of the question with the nearest of the claim's own questions."""
    passage: np.ndarray
    """Per claim, the cosine of the question with the claim's passage."""
    centroid: np.ndarray
    """Per claim, the cosine of the question with the mean of the claim's questions."""


class Meaning:
    """Reads a question by meaning against one store's claims."""

    def __init__(self, encoder: Encoder, vectors: ClaimVectors) -> None:
        self.encoder = encoder
        self.vectors = vectors
        self._has_questions = vectors.offsets[1:] > vectors.offsets[:-1]
        self._starts = vectors.offsets[:-1][self._has_questions]
        self._centroids = np.zeros_like(vectors.passages)
        if len(vectors.questions):
            sums = np.add.reduceat(vectors.questions, self._starts)
            self._centroids[self._has_questions] = sums / np.linalg.norm(sums, axis=1, keepdims=True)

    def similarities(self, question: str) -> Similarities:
        query = self.encoder.queries([question])[0]
        passage = self.vectors.passages @ query
        nearest = np.full(len(passage), -1.0, dtype=np.float32)
        if len(self.vectors.questions):
            # reduceat over the claims that have questions only: it would read an empty run as
            # the element at its start, and cut short the run before it.
            nearest[self._has_questions] = np.maximum.reduceat(self.vectors.questions @ query, self._starts)
        return Similarities(nearest, passage, self._centroids @ query)


def passage_text(claim: Claim) -> str:
    """What a claim says, as embedded: its sentence, the article's words it rests on, and what
    readers ask that it answers."""
    return " ".join((claim.text, *(citation.quote for citation in claim.citations), *claim.questions))


def embedded_texts(store: Store) -> list[tuple[str, str]]:
    """What is embedded for a store, as (kind, text): each claim's passage, then every claim's
    questions in turn."""
    return [("passage", passage_text(claim)) for claim in store.claims] + [
        ("query", question) for claim in store.claims for question in claim.questions
    ]


def text_digest(kind: str, text: str) -> bytes:
    """The key of one text's vector: a question and a passage of the same words differ."""
    return hashlib.sha256(f"{kind}\0{text}".encode()).digest()


#: What a claim's passage is made of (``passage_text``): part of the key of a store's assembled
#: vectors, so that matrices made by another recipe are never read as this one's.
RECIPE = "sentence, quotes, questions"


def store_digest(data: bytes) -> bytes:
    """The key of a store's assembled vectors: its bytes hold every text that is embedded, and
    the recipe says how they are put together."""
    return hashlib.sha256(f"{RECIPE}\0".encode() + data).digest()


def claim_vectors(
    store: Store,
    digest: bytes,
    encoder: Encoder,
    *,
    build_all: bool = False,
    progress: Progress | None = None,
    kept: str | None = None,
) -> ClaimVectors:
    """The store's vectors: read back when kept, else assembled from the vectors of the texts
    already embedded and the rest embedded now.

    ``VectorsMissing`` for a store of more than BUILD_ON_FIRST_USE claims whose vectors are not
    kept whole (never built, or not since it was edited), unless ``build_all``.
    ``kept`` is the database to keep them in (the user's cache by default); with ``build_all``,
    ``VectorsNotKept`` when they cannot be kept there."""
    kept = kept or os.path.join(cache_directory(), "vectors.sqlite3")
    with _opened(BUNDLED, read_only=True, unless=kept) as bundled:
        # The bundled store's vectors answer without the user's database being opened at all.
        found = _assembled(bundled, encoder, digest, len(store.claims)) if bundled else None
        if found is not None:
            return found
        with _opened(kept) as shelf:
            found = _assembled(shelf, encoder, digest, len(store.claims)) if shelf else None
            if found is not None:
                return found
            # Told before any claim is read: reading every claim of a large store costs seconds.
            if not build_all and len(store.claims) > BUILD_ON_FIRST_USE:
                raise VectorsMissing(len(store.claims))
            shelves = [source for source in (shelf, bundled) if source is not None]
            vectors = _built(store, encoder, shelves, shelf, progress)
            try:
                if shelf is None:
                    raise sqlite3.OperationalError("the database cannot be opened")
                shelf.execute(
                    "INSERT OR REPLACE INTO matrices VALUES (?, ?, ?, ?, ?)",
                    (encoder.model_id, digest, *(array.tobytes() for array in vectors)),
                )
                shelf.commit()
            except sqlite3.Error as error:
                # An answer goes on without them; building them for later (index) has failed.
                if build_all:
                    raise VectorsNotKept(f"the vectors could not be kept in {kept} ({error})") from None
            return vectors


def _built(
    store: Store,
    encoder: Encoder,
    shelves: list[sqlite3.Connection],
    shelf: sqlite3.Connection | None,
    progress: Progress | None,
) -> ClaimVectors:
    texts = embedded_texts(store)
    digests = [text_digest(kind, text) for kind, text in texts]
    claims = len(store.claims)
    offsets = np.cumsum([0, *(len(claim.questions) for claim in store.claims)], dtype=np.int64)
    found: dict[bytes, bytes] = {}
    for source in shelves:
        found.update(_kept(source, encoder.model_id, encoder.dimensions * 4, [d for d in digests if d not in found]))
    missing = sorted({digest: number for number, digest in enumerate(digests) if digest not in found}.values())
    for done, batch in enumerate(_batches(missing), start=0):
        if progress:
            progress(done * BATCH, len(missing))
        for kind in ("passage", "query"):
            chosen = [number for number in batch if texts[number][0] == kind]
            if not chosen:
                continue
            embed = encoder.passages if kind == "passage" else encoder.queries
            made = embed([texts[number][1] for number in chosen]).astype(np.float32)
            for number, vector in zip(chosen, made, strict=True):
                found[digests[number]] = vector.tobytes()
        if shelf is not None:
            with contextlib.suppress(sqlite3.Error):
                shelf.executemany(
                    "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                    [(encoder.model_id, digests[number], found[digests[number]]) for number in batch],
                )
                shelf.commit()
    if progress and missing:
        progress(len(missing), len(missing))
    rows = np.frombuffer(b"".join(found[digest] for digest in digests), dtype=np.float32)
    rows = rows.reshape(len(digests), encoder.dimensions) if digests else np.zeros((0, encoder.dimensions), np.float32)
    return ClaimVectors(rows[:claims], rows[claims:], offsets)


def _batches(numbers: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(numbers), BATCH):
        yield numbers[start : start + BATCH]


def _kept(shelf: sqlite3.Connection, model: str, width: int, digests: list[bytes]) -> dict[bytes, bytes]:
    """The vectors kept of the texts with these digests; one of another length (damaged) is not."""
    found: dict[bytes, bytes] = {}
    try:
        for start in range(0, len(digests), 500):  # SQLite's limit on parameters
            chunk = digests[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                shelf.execute(
                    f"SELECT digest, vector FROM vectors WHERE model = ? AND length(vector) = ? AND digest IN ({marks})",
                    (model, width, *chunk),
                )
            )
    except sqlite3.Error:
        return {}
    return found


def _assembled(shelf: sqlite3.Connection, encoder: Encoder, digest: bytes, claims: int) -> ClaimVectors | None:
    """A store's kept matrices, when whole and of its ``claims``; None otherwise."""
    try:
        row = shelf.execute(
            "SELECT passages, questions, offsets FROM matrices WHERE model = ? AND store = ?",
            (encoder.model_id, digest),
        ).fetchone()
    except sqlite3.Error:
        return None
    if row is None:
        return None
    width = encoder.dimensions * 4
    *matrices, offsets = row
    if any(len(matrix) % width for matrix in matrices) or len(offsets) % 8:
        return None
    vectors = ClaimVectors(
        *(np.frombuffer(matrix, dtype=np.float32).reshape(-1, encoder.dimensions) for matrix in matrices),
        np.frombuffer(offsets, dtype=np.int64),
    )
    shape_holds = (
        len(vectors.passages) == claims
        and len(vectors.offsets) == claims + 1
        and vectors.offsets[0] == 0
        and vectors.offsets[-1] == len(vectors.questions)
        and bool(np.all(np.diff(vectors.offsets) >= 0))
    )
    return vectors if shape_holds else None


@contextlib.contextmanager
def _opened(path: str, *, read_only: bool = False, unless: str = "") -> Iterator[sqlite3.Connection | None]:
    """The database at ``path``, or None where it cannot be had (or it is ``unless``, opened
    already): vectors not kept are made again."""
    connection = None
    try:
        if read_only:
            if os.path.isfile(path) and os.path.abspath(path) != os.path.abspath(unless):
                connection = sqlite3.connect(f"file:{quote(path)}?mode=ro&immutable=1", uri=True)
        elif _ours_to_write(path):
            connection = sqlite3.connect(path, timeout=10)
            connection.executescript(_SCHEMA)
    except (OSError, sqlite3.Error):
        if connection is not None:
            connection.close()
        connection = None
    try:
        yield connection
    finally:
        if connection is not None:
            connection.close()


def _ours_to_write(path: str) -> bool:
    """Whether the database may be opened to write: a regular file, or none yet (its folder made).
    A link or anything else in its place is left alone: it may lead to a file not ours."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except FileNotFoundError:
        return True


def read_by_meaning(store: Store, data: bytes, *, progress: Progress | None = None) -> Meaning:
    """What answers a question by meaning for the store parsed from ``data``: ``ModelUnavailable``
    where the sentence model cannot run, ``VectorsMissing`` for a large store not yet indexed."""
    encoder = load_encoder()
    return Meaning(encoder, claim_vectors(store, store_digest(data), encoder, progress=progress))


def build_vectors(store: Store, data: bytes, *, progress: Progress | None = None) -> ClaimVectors:
    """The vectors of every claim of the store parsed from ``data``, made now where they are not
    kept, however many; ``ModelUnavailable`` where the sentence model cannot run."""
    return claim_vectors(store, store_digest(data), load_encoder(), build_all=True, progress=progress)
