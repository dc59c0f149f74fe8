"""`digest subscriber list --json` over a large list: time and peak memory, by list size.

The workload: N subscribers imported from a CSV file (`digest subscriber import`) into a
fresh SQLite database, each following one catalog topic and holding one own query. Two
systems, each a process of its own, timed from start to exit, writing to /dev/null:

- digest: `digest subscriber list --json`, as an operator runs it (read a chunk of
  subscribers at a time with Core queries, write each chunk as it is read);
- whole list: the same listing done the plain way, as `digest` did it before: every
  subscriber loaded through the ORM with their topics and queries, the list built in
  memory, then one `json.dumps(rows, indent=2)`.

    python benchmarks/listing.py [--subscribers 10000,50000]

Flat memory means the peak RSS at the largest N stays near that at the smallest.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent

#: The plain way: the ORM, the whole list in memory, one pretty-printed dump.
WHOLE_LIST = """
import json, os, sys
from digest.cli.audience import _subscriber_json
from digest.config import load_settings
from digest.db import transaction
from digest.runtime import Runtime
from digest import store
runtime = Runtime.open(load_settings(environ=os.environ))
with transaction(runtime.sessions) as session:
    rows = [_subscriber_json(s) for s in store.subscribers(session)]
sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
"""


def write_csv(path: Path, count: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["email", "name", "topics", "queries", "cadence", "status"])
        for n in range(count):
            email, query = f"reader{n:06d}@example.org", f"chip{n % 100} OR robot"
            writer.writerow([email, f"Reader {n}", "ai", query, "weekly", "active"])


def run(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Seconds from start to exit, and the child's own peak RSS in MB (`os.wait4`)."""
    started = time.perf_counter()
    with open(os.devnull, "w") as sink:
        child = subprocess.Popen(command, env=env, stdout=sink)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{command[0]} failed ({child.returncode})")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def measure(count: int) -> list[tuple[str, int, float, float]]:
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        base = Path(directory)
        env = {**os.environ, "DIGEST_DATABASE_URL": f"sqlite:///{base}/list.db"}
        digest = str(BIN / "digest")
        subprocess.run([digest, "db", "upgrade"], env=env, check=True, capture_output=True)
        subprocess.run(
            [digest, "topic", "add", "ai", "--query", "ai OR ml"], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        write_csv(base / "list.csv", count)
        subprocess.run(
            [digest, "subscriber", "import", str(base / "list.csv")], env=env, check=True,
            capture_output=True,
        )  # fmt: skip
        ours = run([digest, "subscriber", "list", "--json"], env)
        whole = run([sys.executable, "-c", WHOLE_LIST], env)
        rows.append(("digest subscriber list --json", count, *ours))
        rows.append(("whole list (ORM, one dump)", count, *whole))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", default="10000,50000")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.subscribers.split(","))
    rows = []
    for count in sizes:
        rows.extend(measure(count))
    print(f"{'system':<32} {'subscribers':>11} {'seconds':>8} {'peak RSS MB':>11}")
    for name, count, seconds, peak in sorted(rows, key=lambda r: (r[0], r[1])):
        print(f"{name:<32} {count:>11,} {seconds:>8.2f} {peak:>11.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
