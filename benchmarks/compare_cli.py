"""The CLI of a change against the code before it: `check --quiet` on one folder of text
files and one JSON Lines file, each command in a fresh process, alternating old and new,
best of --repeat (wall and CPU time); ratios after/before (above 1: the change is slower).

    python benchmarks/compare_cli.py --before ../main --mb 5 --repeat 3

Both run the same interpreter on the same generated documents (benchmarks/corpus.py); the
code of each is chosen with PYTHONPATH.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import write_both  # noqa: E402


def timed(code: Path, args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child): on a shared machine the CPU time is the
    steadier of the two."""
    env = {**os.environ, "PYTHONPATH": str(code)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{code}: textfix {' '.join(args)} failed: {done.stderr[-2000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--after", type=Path, default=HERE.parent, help="the code after it (default: this checkout)")
    parser.add_argument("--mb", type=float, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, jsonl, files, size = write_both(Path(tmp), args.mb, args.seed)
        print(f"# {os.cpu_count()} CPUs, {files} documents, {size / 1e6:.1f} MB; best of {args.repeat}")
        for name, target in (("folder", folder), ("one JSONL file", jsonl)):
            old, new = [], []
            for _ in range(args.repeat):
                old.append(timed(args.before.resolve(), ["check", "--quiet", str(target)]))
                new.append(timed(args.after.resolve(), ["check", "--quiet", str(target)]))
            (old_wall, old_cpu), (new_wall, new_cpu) = (min(w for w, _ in old), min(c for _, c in old)), (min(w for w, _ in new), min(c for _, c in new))
            print(f"{name:<16} wall before {old_wall:6.2f} s after {new_wall:6.2f} s ({new_wall / old_wall:4.2f}x)   CPU before {old_cpu:6.2f} s after {new_cpu:6.2f} s ({new_cpu / old_cpu:4.2f}x)")


if __name__ == "__main__":
    main()
