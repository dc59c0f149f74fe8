"""How long each `digest` command takes from start to exit, beside the floor it stands on.

A command line that operators script against must start at once: `digest --help` and
`--version` against `python -c "import click"`, and the commands that read or write the
database against `python -c "import sqlalchemy.orm"`. Each command and its floor run in
turn, round after round, so both meet the same noise; the table shows the median and the best
wall time of each, and the gap: the median over the rounds of the command's time less its
floor's in the same round (wall time, then CPU time).

    python benchmarks/startup.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
DIGEST = str(BIN / "digest")
CLICK = [sys.executable, "-c", "import click"]
ORM = [sys.executable, "-c", "import sqlalchemy.orm"]

# (what is measured, its floor, the goal: at most this many seconds above the floor)
CASES: list[tuple[str, list[str], list[str], float]] = [
    ("digest --help", [DIGEST, "--help"], CLICK, 0.10),
    ("digest --version", [DIGEST, "--version"], CLICK, 0.10),
    ("digest status", [DIGEST, "status"], ORM, 0.15),
    ("digest subscriber list", [DIGEST, "subscriber", "list"], ORM, 0.15),
    ("digest subscriber add", [DIGEST, "subscriber", "add", "{email}", "--confirmed"], ORM, 0.15),
]


def timed(command: list[str], env: dict[str, str], round_number: int) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of a command."""
    argv = [part.format(email=f"reader{round_number}@example.org") for part in command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as directory:
        env = {**os.environ, "DIGEST_DATABASE_URL": f"sqlite:///{directory}/digest.db"}
        env.pop("DIGEST_CONFIG", None)
        subprocess.run([DIGEST, "db", "upgrade"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"{rounds} rounds; seconds, median (best); gap: median of command less floor")
        header = (
            f"{'command':<24} {'wall':>14} {'floor wall':>14} {'gap':>7}"
            f" {'CPU':>6} {'floor CPU':>9} {'gap':>7} {'goal':>6}  floor"
        )
        print(header)
        print("-" * len(header))
        failed = False
        for name, command, floor, goal in CASES:
            ours, base = [], []
            for n in range(rounds):
                ours.append(timed(command, env, n))
                base.append(timed(floor, env, n))
            wall, floor_wall = [t for t, _ in ours], [t for t, _ in base]
            cpu, floor_cpu = [c for _, c in ours], [c for _, c in base]
            gap = statistics.median(a - b for a, b in zip(wall, floor_wall, strict=True))
            cpu_gap = statistics.median(a - b for a, b in zip(cpu, floor_cpu, strict=True))
            failed |= min(gap, cpu_gap) > goal
            print(
                f"{name:<24} {statistics.median(wall):>7.3f} ({min(wall):.3f})"
                f" {statistics.median(floor_wall):>6.3f} ({min(floor_wall):.3f})"
                f" {gap:>+7.3f} {statistics.median(cpu):>6.3f} {statistics.median(floor_cpu):>9.3f}"
                f" {cpu_gap:>+7.3f} {goal:>6.2f}  {floor[-1]!r}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
