"""Build the sentence vectors that come with the package for the bundled store.

usage: python tools/claim_vectors.py

Embeds every claim of data/claims.yaml (its passage, and each of its questions) with the sentence model berlintalks answers with, and writes them to
src/berlintalks/claim_vectors.sqlite3, keyed by the model and the sha256 of the store's bytes,
so that the first answer after an install reads them instead of embedding for a minute.
Vectors already in that file are kept and not made again. Run it after every edit of
data/claims.yaml: a test fails while the file is stale.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "src"))
from berlintalks.encode import load_encoder  # noqa: E402
from berlintalks.files import read_store  # noqa: E402
from berlintalks.semantic import BUNDLED, claim_vectors, embedded_texts, store_digest, text_digest  # noqa: E402
from berlintalks.store import parse_store  # noqa: E402

STORE = os.path.join(os.path.dirname(__file__), "..", "data", "claims.yaml")


def main() -> None:
    stored = read_store(STORE)
    store = parse_store(stored)
    encoder = load_encoder()

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} texts embedded", end="", file=sys.stderr, flush=True)

    vectors = claim_vectors(store, store_digest(stored.data), encoder, build_all=True, progress=progress, kept=BUNDLED)
    with contextlib.closing(sqlite3.connect(BUNDLED)) as database:
        # Only what the bundled store needs now is shipped: earlier stores' vectors go.
        database.execute("DELETE FROM matrices WHERE store != ?", (store_digest(stored.data),))
        wanted = {text_digest(kind, text) for kind, text in embedded_texts(store)}
        unused = [(digest,) for (digest,) in database.execute("SELECT digest FROM vectors") if digest not in wanted]
        database.executemany("DELETE FROM vectors WHERE digest = ?", unused)
        database.commit()
        database.execute("VACUUM")
    print(f"\n{len(vectors.passages)} claims, {len(vectors.questions)} questions in {BUNDLED}", file=sys.stderr)


if __name__ == "__main__":
    main()
