"""`locate` on one large article: time and peak memory of a passage found, a near miss, and
a passage that is nowhere; or of passages that overlap themselves at every place they occur.

usage: python benchmarks/locate.py [--megabytes 50]
       python benchmarks/locate.py --repeated 200000

Writes, in a temporary folder, an article of English words (one paragraph per line, with
curly quotes and dashes) and a one-claim store citing it, checks the store and prints one JSON
line with the time of that whole `berlintalks check` (check_s), then runs each `locate` in a
child process of its own with the cache warm, and prints one JSON line per passage:
  passage      what was looked for (its first 40 characters)
  characters   how long it is
  matches      how many matches were listed
  places       how many places the passage was found at in all
  locate_s     the search itself, the store already loaded
  peak_rss_mb  the child's peak memory, loading the store included
  cli_s        the whole `berlintalks locate PASSAGE --json`, its output thrown away
  error        the error `locate` ends with, if it does (its first 40 characters)

With --repeated N the article is N times "a ", the store's claim quotes N/10 times "a " (at
its first place), and the passages are the same N/10 times "a ", found at nine in ten of the
article's "a", each place overlapping the next in all but two characters; the same with a "b"
after it, which is nowhere; and 249 times "a " and a "b", the longest passage whose near
misses are looked for.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from berlintalks import english
from berlintalks.curate import MAX_FUZZY_PASSAGE

FIRST = "Negotiators returned to Berlin on “Tuesday” — officials said."


def write_store(folder: Path, article: str, quote: str) -> Path:
    """The article and a one-claim store quoting the first occurrence of ``quote`` in it."""
    path = folder / "article.txt"
    path.write_text(article, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    store = folder / "claims.yaml"
    store.write_text(
        "sources:\n"
        f"  - {{id: article, path: article.txt, title: Article, supplied_title: true, sha256: {digest}}}\n"
        "actors:\n  - {id: negotiators, name: Negotiators, kind: group}\n"
        "topics:\n  - {id: talks, name: Talks}\n"
        "claims:\n"
        "  - id: negotiators-returned\n    actor: negotiators\n    kind: event\n    topics: [talks]\n"
        "    text: Negotiators returned to Berlin.\n"
        "    questions: [Where did the negotiators go?, who came back to berlin, negotiators return]\n"
        f"    citations:\n      - {{source: article, quote: {json.dumps(quote, ensure_ascii=False)}, occurrence: 1}}\n",
        encoding="utf-8",
    )
    return store


def english_store(folder: Path, megabytes: float, seed: int = 5) -> tuple[Path, list[str]]:
    """An article of English words and its store; returns the store and the passages to look for."""
    rng = random.Random(seed)
    vocabulary = english.words()[:5000]
    paragraphs = [FIRST]
    size = len(FIRST)
    while size < megabytes * 1_000_000:
        words = [rng.choice(vocabulary) for _ in range(rng.randint(40, 90))]
        words[rng.randrange(len(words))] = f"“{rng.choice(vocabulary)}”"
        paragraph = " ".join(words).capitalize() + " — " + " ".join(rng.choice(vocabulary) for _ in range(8)) + "."
        paragraphs.append(paragraph)
        size += len(paragraph.encode()) + 1
    middle = paragraphs[len(paragraphs) // 2]
    store = write_store(folder, "\n".join(paragraphs) + "\n", FIRST)
    words = middle.split()[10:20]
    typed = " ".join(words).replace("“", '"').replace("”", '"').upper()
    misspelt = " ".join(word[:-1] + "q" if len(word) > 5 else word for word in words)
    return store, [typed, misspelt, "penguins of the antarctic shelf have no say in the talks"]


def repeated_store(folder: Path, repeats: int) -> tuple[Path, list[str]]:
    """An article of ``repeats`` times "a " and its store; returns the store and the passages."""
    passage = "a " * (repeats // 10)
    longest_near_miss = "a " * ((MAX_FUZZY_PASSAGE - 1) // 2) + "b"
    return write_store(folder, "a " * repeats, passage.strip()), [passage, passage + "b", longest_near_miss]


def measure(store: str, passage: str) -> dict[str, object]:
    """Run in the child: load the store from the cache, then look for ``passage``."""
    from berlintalks import cache
    from berlintalks.curate import CurationError, locate
    from berlintalks.files import read_store

    loaded, _ = cache.load(read_store(store))
    start = time.perf_counter()
    error = None
    try:
        matches = locate(loaded, passage)
    except CurationError as raised:
        matches, error = [], str(raised)[:40]
    return {
        "passage": passage[:40],
        "characters": len(passage),
        "matches": len(matches),
        "places": matches[0].places if matches else 0,
        "locate_s": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **({"error": error} if error else {}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--repeated", type=int, metavar="N", help='an article of N times "a " instead')
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        print(json.dumps(measure(*arguments.measure), ensure_ascii=False))
        return
    folder = Path(tempfile.mkdtemp(prefix="berlintalks-locate-"))
    environment = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache")}
    tool = shutil.which("berlintalks", path=str(Path(sys.executable).parent)) or "berlintalks"
    try:
        if arguments.repeated:
            store, passages = repeated_store(folder, arguments.repeated)
            article: dict[str, object] = {"repeated": arguments.repeated}
        else:
            store, passages = english_store(folder, arguments.megabytes)
            article = {"megabytes": arguments.megabytes}
        start = time.perf_counter()
        subprocess.run([tool, "--data", str(store), "check"], stdout=subprocess.DEVNULL, env=environment, check=True)
        print(json.dumps({**article, "check_s": round(time.perf_counter() - start, 2)}))
        for passage in passages:
            child = subprocess.run([sys.executable, __file__, "--measure", str(store), passage],
                                   capture_output=True, text=True, env=environment, check=True)
            start = time.perf_counter()
            subprocess.run([tool, "--data", str(store), "locate", passage, "--json"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment, check=False)
            cli_s = round(time.perf_counter() - start, 2)
            print(json.dumps({**article, **json.loads(child.stdout), "cli_s": cli_s}, ensure_ascii=False))
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
