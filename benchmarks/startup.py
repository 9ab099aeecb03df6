"""Start-up cost of an answer, against importing the libraries berlintalks is built on.

usage: python benchmarks/startup.py [--runs N] [COMMAND ...]

Runs, in alternation within one process so that machine noise hits all alike:
  baseline  python -c "import click, yaml, rapidfuzz.process, rich.console, rich.table"
  ask       berlintalks ask --json QUESTION, and rendered: the sentence model runs
  the other commands, --json and rendered: they import neither numpy nor the model
and prints each command's median wall time and the median of its per-round ratio to the
baseline, against its target. Run it with the python of an installed berlintalks
(pip install .); the first round, which fills the cache, is not counted.
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
#: Each command, its arguments, and its targets (--json, rendered) as ratios to the baseline.
COMMANDS = {
    "ask": (["ask", QUESTION], 2.5, 2.8),
    "cite": (["cite", "lavrov-rejects-western-security-guarantees"], 1.0, 1.2),
    "claims": (["claims", "--actor", "lavrov"], 1.0, 1.2),
    "sticking-points": (["sticking-points", "--party", "russia"], 1.0, 1.2),
    "compare": (["compare"], 1.0, 1.2),
    "actors": (["actors"], 1.0, 1.2),
    "check": (["check"], 1.0, 1.2),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("only", nargs="*", help="the commands to time (all by default)")
    arguments = parser.parse_args()
    tool = shutil.which("berlintalks", path=str(Path(sys.executable).parent)) or "berlintalks"
    commands = {"baseline": [sys.executable, "-c", "import click, yaml, rapidfuzz.process, rich.console, rich.table"]}
    targets = {}
    for name, (words, json_target, rendered_target) in COMMANDS.items():
        if arguments.only and name not in arguments.only:
            continue
        commands[f"{name} --json"] = [tool, *words[:1], "--json", *words[1:]]
        commands[name] = [tool, *words]
        targets[f"{name} --json"], targets[name] = json_target, rendered_target
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
        line = f"{name:22} median {statistics.median(samples) * 1000:6.1f} ms"
        if name in targets:
            ratios = [sample / base for sample, base in zip(samples, times["baseline"], strict=True)]
            ratio = statistics.median(ratios)
            verdict = "ok" if ratio <= targets[name] else "OVER"
            line += f"   ratio {ratio:.2f}x (target <= {targets[name]:.1f}x: {verdict})"
        print(line)


if __name__ == "__main__":
    main()
