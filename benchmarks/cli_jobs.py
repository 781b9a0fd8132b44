"""The CLI with one worker process and with several: a folder of many files, and one
large JSON Lines file (its records go to the workers in chunks; output order is kept).

    python benchmarks/cli_jobs.py --mb 10 --jobs 2

Each command runs in a fresh process (start-up, imports and word counts included), on the
same generated documents; `check --quiet` reads and cleans everything and writes nothing.
On a shared machine, `--repeat 3` alternates the commands three times and keeps the best
time of each (timings here swing by a third between identical runs).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_both  # noqa: E402


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"textfix {' '.join(args)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="run each command this many times, alternating, and keep the best time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, jsonl, files, size = write_both(Path(tmp), args.mb, args.seed)
        print(f"# {os.cpu_count()} CPUs, {files} documents, {size / 1e6:.1f} MB")
        for name, target in (("folder", folder), ("one JSONL file", jsonl)):
            ones, manys = [], []
            for _ in range(args.repeat):  # alternating, so that a slow minute hits both
                ones.append(timed(["check", "--quiet", "-j", "1", str(target)]))
                manys.append(timed(["check", "--quiet", "-j", str(args.jobs), str(target)]))
            one, many = min(ones), min(manys)
            print(f"{name:<16} -j 1: {one:6.1f} s ({size / 1e6 / one:5.2f} MB/s)   -j {args.jobs}: {many:6.1f} s ({size / 1e6 / many:5.2f} MB/s)   {one / many:4.2f}x")


if __name__ == "__main__":
    main()
