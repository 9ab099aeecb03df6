"""How berlintalks holds up as the store grows: a synthetic but valid store of N claims.

usage: python benchmarks/scale.py --claims 100000
       python benchmarks/scale.py --claims 10000 --vectors                # and by meaning
       python benchmarks/scale.py --claims 30000 --per-article 30000   # few large articles
       python benchmarks/scale.py --claims 10000 --per-article 10000 --one-paragraph

Generates, in a temporary folder, articles made of English words and a store whose
claims quote them verbatim, each claim with three questions of its own (made of its words and
its actor's and topic's names, none the same as another claim's), then prints one JSON line:
  claims               the number of claims
  load_cold_s          validating, resolving and indexing the store, with an empty cache
  load_cached_s        the same from the cache
  query_p50_ms         median in-process time of one `ask` over a set of realistic questions,
                       from the words alone (no sentence model attached)
  query_bruteforce_p50_ms  the same questions scored by rapidfuzz against every claim text
  cli_cached_s         median of a whole `berlintalks --data ... ask --json ...`, cache warm
                       (by meaning where the store's vectors are kept: always with --vectors,
                       and for a store of up to 2,000 claims, which builds them on its first
                       question, before the timed runs; from the words alone otherwise)
  check_s              one whole `berlintalks --data ... check` (validation and coverage)
  peak_rss_mb          peak memory of the process that loaded and queried the store (and,
                       with --vectors, built its vectors and asked by meaning)
With --vectors, also:
  vectors_build_s      building every claim's sentence vectors (its passage, which holds its
                       three questions, and each question: four texts a claim) with none
                       kept before:
                       `semantic.claim_vectors(..., build_all=True)`, the model already loaded
  vectors_build_s_per_1000_claims  the same, per 1,000 claims
  query_meaning_p50_ms median in-process time of one `ask` over the same questions with the
                       store's reader by meaning attached (`index.meaning`), vectors built:
                       the question embedded, its cosines with every claim, the ranker
Loading, the vector build and querying run in a child process so that generating the store
does not count.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from berlintalks import english
from berlintalks.text import fold

SENTENCES_PER_ARTICLE = 50
ACTORS = 60
TOPICS = 30
KINDS = ["demand", "goal", "offer", "proposal", "concession", "rejection", "position", "commitment", "role",
         "assessment", "event", "fact"]
QUESTIONS = [
    "what does {actor} demand",
    "what does {actor} want on {topic}",
    "is {actor} willing to accept {topic}",
    "who rejected {topic}",
    "why does {actor} oppose {word}",
    "{actor} position on {topic}",
    "what did {actor} offer about {word} and {topic}",
    "when did {actor} {word}",
    "{word} {word} {topic}",
    "what does {actor} say about {word}",
]
#: The questions each synthetic claim carries (``questions:``), from its own words: a few
#: forms, as a curator writes a question, a paraphrase and a search. Short, and the claims
#: written as compact JSON, so that a store of 100,000 claims stays under the 50 MB a store
#: may have (47.6 MB).
CLAIM_QUESTIONS = [
    "What does {actor} say about {w0} {w1}?",
    "Why would {actor} {w2} {topic}?",
    "{actor} {topic} {w3}",
]


def generate(
    folder: Path, claims: int, seed: int = 7, per_article: int = SENTENCES_PER_ARTICLE, one_paragraph: bool = False
) -> Path:
    """Write articles of ``per_article`` sentences (all on one line with ``one_paragraph``) and a
    valid store of ``claims`` claims quoting them into ``folder``; return the store path."""
    rng = random.Random(seed)
    vocabulary = rng.sample(english.words(), 6000)
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf-like: a few words are common
    names = rng.sample(vocabulary[3000:], ACTORS * 3 + TOPICS * 3)
    actors = [
        {"id": f"party-{n}", "name": names[3 * n].title(), "kind": "state",
         "aliases": [names[3 * n + 1].title(), f"the {names[3 * n + 2]}"]}
        for n in range(ACTORS)
    ]
    topic_names = names[ACTORS * 3:]
    topics = [
        {"id": f"topic-{n}", "name": topic_names[3 * n].title(), "aliases": topic_names[3 * n + 1: 3 * n + 3]}
        for n in range(TOPICS)
    ]
    (folder / "seeds").mkdir()
    sources, claim_lines = [], []
    articles = -(-claims // per_article)
    import hashlib

    made = 0
    asked: set[str] = set()
    for article in range(articles):
        sentences = []
        for _ in range(min(per_article, claims - made)):
            actor = rng.choice(actors)
            topic = rng.choice(topics)
            words = rng.choices(vocabulary, weights=weights, k=12)
            sentence = f"{actor['name']} {' '.join(words[:6])} {topic['name'].lower()} {' '.join(words[6:])}."
            sentences.append(sentence[0].upper() + sentence[1:])
            claim = {
                "id": f"claim-{made}",
                "actor": actor["id"] if rng.random() > 0.1 else None,
                "kind": rng.choice(KINDS),
                "topics": [topic["id"], *([rng.choice(topics)["id"]] if rng.random() < 0.3 else [])],
                "text": f"{actor['name']} {' '.join(words[:8])}.",
                "citations": [{"source": f"article-{article}", "quote": sentences[-1]}],
                "questions": claim_questions(actor["name"], topic["name"].lower(), words, asked),
            }
            claim["topics"] = list(dict.fromkeys(claim["topics"]))
            claim_lines.append("  - " + json.dumps(claim, separators=(",", ":")))  # compact: see CLAIM_QUESTIONS
            made += 1
        text = (" " if one_paragraph else "\n").join(sentences) + "\n"
        path = folder / "seeds" / f"article-{article}.txt"
        path.write_text(text, encoding="utf-8")
        sources.append({"id": f"article-{article}", "path": f"../seeds/{path.name}", "title": f"Article {article}",
                        "sha256": hashlib.sha256(text.encode()).hexdigest()})
    (folder / "data").mkdir()
    store = folder / "data" / "claims.yaml"
    with store.open("w", encoding="utf-8") as out:
        # JSON is valid YAML flow style, and far quicker to write.
        for name, items in (("sources", sources), ("actors", actors), ("topics", topics)):
            out.write(f"{name}:\n" + "\n".join("  - " + json.dumps(item) for item in items) + "\n")
        out.write("claims:\n" + "\n".join(claim_lines) + "\n")
        out.write("sticking_points:\n")
        for n in range(5):
            holders = [line for line in claim_lines[n * 40: n * 40 + 40] if '"actor":"party-' in line][:4]
            positions = [{"party": json.loads(line[4:])["actor"], "stance": "a stance",
                          "claims": [json.loads(line[4:])["id"]]}
                         for line in holders]
            out.write("  - " + json.dumps({"id": f"point-{n}", "title": f"Point {n}", "topic": "topic-0",
                                            "positions": positions}) + "\n")
    return store


def claim_questions(actor: str, topic: str, words: list[str], asked: set[str]) -> list[str]:
    """Three questions for a claim of ``words`` about ``topic`` by ``actor``, none of them (as the
    store folds them) in ``asked``, which they join."""
    made = []
    for form in CLAIM_QUESTIONS:
        question = form.format(actor=actor, topic=topic, **{f"w{n}": word for n, word in enumerate(words)})
        more = iter(words[8:])
        while fold(question) in asked:  # rare: two claims of the same words; one more of its own
            extra = next(more, None)
            question = f"{question.rstrip('?')} {extra if extra is not None else len(asked)}"
        asked.add(fold(question))
        made.append(question)
    return made


def questions(store_folder: Path, count: int = 40, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    vocabulary = english.words()
    data = (store_folder / "data" / "claims.yaml").read_text(encoding="utf-8")
    actor_names = [json.loads(line[4:])["name"] for line in data.splitlines() if line.startswith('  - {"id": "party-')]
    topic_names = [json.loads(line[4:])["name"] for line in data.splitlines() if line.startswith('  - {"id": "topic-')]
    return [
        rng.choice(QUESTIONS).format(
            actor=rng.choice(actor_names), topic=rng.choice(topic_names).lower(), word=rng.choice(vocabulary)
        )
        for _ in range(count)
    ]


def measure(folder: Path, vectors: bool = False) -> dict[str, float]:
    """Run in the child: load cold, load cached, query from the words; with ``vectors``, build
    the store's sentence vectors and query by meaning too; with this process's peak memory."""
    from rapidfuzz import fuzz, process

    from berlintalks import cache
    from berlintalks.files import read_store

    store_path = str(folder / "data" / "claims.yaml")
    start = time.perf_counter()
    cache.load(read_store(store_path))
    cold = time.perf_counter() - start
    start = time.perf_counter()
    stored = read_store(store_path)
    store, make_index = cache.load(stored)
    index = make_index()
    cached = time.perf_counter() - start
    asked = questions(folder)
    timings, brute = [], []
    texts = [claim.text for claim in store.claims]
    index.meaning = None
    for question in asked:
        start = time.perf_counter()
        index.ask(question)
        timings.append(time.perf_counter() - start)
        start = time.perf_counter()
        process.extract(question, texts, scorer=fuzz.WRatio, limit=3)
        brute.append(time.perf_counter() - start)
    figures = {
        "load_cold_s": round(cold, 2),
        "load_cached_s": round(cached, 3),
        "query_p50_ms": round(statistics.median(timings) * 1000, 1),
        "query_bruteforce_p50_ms": round(statistics.median(brute) * 1000, 1),
    }
    if vectors:
        figures.update(measure_meaning(store, stored.data, index, asked))
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def measure_meaning(store, data: bytes, index, asked: list[str]) -> dict[str, float]:
    """Build every claim's vectors (none kept yet: the cache is the run's own), then time
    ``ask`` by meaning."""
    from berlintalks.encode import load_encoder
    from berlintalks.semantic import Meaning, claim_vectors, store_digest

    encoder = load_encoder()
    encoder.queries(["warm up"])  # the engine's first call, not the store, is not counted
    start = time.perf_counter()
    vectors = claim_vectors(store, store_digest(data), encoder, build_all=True)
    built = time.perf_counter() - start
    index.meaning = Meaning(encoder, vectors)
    timings = []
    for question in asked:
        start = time.perf_counter()
        index.ask(question)
        timings.append(time.perf_counter() - start)
    return {
        "vectors_build_s": round(built, 1),
        "vectors_build_s_per_1000_claims": round(built * 1000 / len(store.claims), 1),
        "query_meaning_p50_ms": round(statistics.median(timings) * 1000, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=SENTENCES_PER_ARTICLE,
                        help="claims (and sentences) per article; large values make few large articles")
    parser.add_argument("--one-paragraph", action="store_true", help="each article is one line")
    parser.add_argument("--vectors", action="store_true",
                        help="also build the sentence vectors and time answers by meaning (slow: "
                             "minutes per 1,000 claims)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(arguments.measure, vectors=arguments.vectors)))
        return
    folder = Path(tempfile.mkdtemp(prefix="berlintalks-scale-"))
    environment = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    try:
        store = generate(folder, arguments.claims, per_article=arguments.per_article,
                         one_paragraph=arguments.one_paragraph)
        child = subprocess.run(
            [sys.executable, __file__, "--measure", str(folder), *(["--vectors"] if arguments.vectors else [])],
            capture_output=True, text=True, env=environment, check=True,
        )
        figures = {"claims": arguments.claims, **json.loads(child.stdout)}
        tool = shutil.which("berlintalks", path=str(Path(sys.executable).parent)) or "berlintalks"
        runs = []
        # Untimed: a store of up to 2,000 claims builds its vectors on its first question.
        subprocess.run([tool, "--data", str(store), "ask", "--json", "what does anyone demand"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=False)
        for question in questions(folder, count=5):
            start = time.perf_counter()
            subprocess.run([tool, "--data", str(store), "ask", "--json", question],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=False)
            runs.append(time.perf_counter() - start)
        figures["cli_cached_s"] = round(statistics.median(runs), 3)
        start = time.perf_counter()
        subprocess.run([tool, "--data", str(store), "check"], stdout=subprocess.DEVNULL, env=environment, check=True)
        figures["check_s"] = round(time.perf_counter() - start, 2)
        order = ["claims", "load_cold_s", "load_cached_s", "query_p50_ms", "query_bruteforce_p50_ms",
                 "vectors_build_s", "vectors_build_s_per_1000_claims", "query_meaning_p50_ms",
                 "cli_cached_s", "check_s", "peak_rss_mb"]
        print(json.dumps({key: figures[key] for key in order if key in figures}))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
