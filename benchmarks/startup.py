"""Start-up cost of an answer, against importing the libraries berlintalks is built on.

usage: python benchmarks/startup.py [--runs N]

Runs, in alternation within one process so that machine noise hits all alike:
  baseline  python -c "import click, yaml, rapidfuzz.process, rich.console, rich.table"
  json      berlintalks ask --json QUESTION
  rendered  berlintalks ask QUESTION
and prints each command's median wall time and the median of its per-round ratio to the
baseline. Run it with the python of an installed berlintalks (pip install .); the first
round, which fills the cache, is not counted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

QUESTION = "What does Russia demand?"
TARGETS = {"json": 1.0, "rendered": 1.2}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    arguments = parser.parse_args()
    tool = shutil.which("berlintalks", path=str(Path(sys.executable).parent)) or "berlintalks"
    commands = {
        "baseline": [sys.executable, "-c", "import click, yaml, rapidfuzz.process, rich.console, rich.table"],
        "json": [tool, "ask", "--json", QUESTION],
        "rendered": [tool, "ask", QUESTION],
    }
    for command in commands.values():  # warm the cache and the file system
        subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(arguments.runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - start)
    print(f"python {sys.version.split()[0]}, {arguments.runs} rounds, question {QUESTION!r}")
    for name, samples in times.items():
        line = f"{name:9} median {statistics.median(samples) * 1000:6.1f} ms"
        if name in TARGETS:
            ratios = [sample / base for sample, base in zip(samples, times["baseline"], strict=True)]
            ratio = statistics.median(ratios)
            verdict = "ok" if ratio <= TARGETS[name] else "OVER"
            line += f"   ratio {ratio:.2f}x (target <= {TARGETS[name]:.1f}x: {verdict})"
        print(line)


if __name__ == "__main__":
    main()
