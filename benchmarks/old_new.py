"""Old code against new, each in its own process: the default chain or one pass alone on
distinct real documents, the two systems alternated slice by slice, the median per-round
ratio reported.

The old system is another checkout run by another interpreter (its own compiled core: two
cores cannot be loaded in one process), the new one this checkout with this interpreter.
Both run core_speed.py's worker (of their own checkout): resources loaded and warmed up on a
text outside the corpus, then slice k of the documents timed when asked. The documents (the
.txt files of --docs, sorted) are cut into --rounds slices of distinct documents; in round k
both systems clean slice k, each in its own process (no document is seen twice by a system,
and no cache is shared), the order of the two alternating; the ratio is old time / new time.

    python benchmarks/old_new.py --old-python /work/venv20/bin/python --old-root /work/main \\
        --select chain,unicode,whitespace --rounds 7
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start(python: str, root: Path, name: str, corpus: Path, rounds: int) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen(
        [python, str(root / "benchmarks" / "core_speed.py"), "--worker", name, str(corpus), str(rounds)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
    )
    assert proc.stdout is not None
    json.loads(proc.stdout.readline())
    return proc


def ask(proc: subprocess.Popen[str], k: int) -> float:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(f"{k}\n")
    proc.stdin.flush()
    return json.loads(proc.stdout.readline())["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/tmp/realdocs"), help="a folder of distinct .txt documents")
    parser.add_argument("--old-python", default="/work/venv20/bin/python")
    parser.add_argument("--old-root", type=Path, default=Path("/work/main"))
    parser.add_argument("--select", default="chain", help="comma-separated: chain and/or pass ids")
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    docs = [path.read_text("utf-8") for path in sorted(args.docs.glob("*.txt"))]
    sizes = [sum(len(d.encode("utf-8")) for d in docs[k :: args.rounds]) / 1e6 for k in range(args.rounds)]
    print(f"# {len(docs)} documents, {sum(sizes):.2f} MB, {args.rounds} rounds; old: {args.old_python} on {args.old_root}; new: {sys.executable} on {ROOT}")
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.json"
        corpus.write_text(json.dumps(docs), "utf-8")
        for selection in args.select.split(","):
            name = "chain" if selection == "chain" else f"pass:{selection}"
            old = start(args.old_python, args.old_root, name, corpus, args.rounds)
            new = start(sys.executable, ROOT, name, corpus, args.rounds)
            times: dict[str, list[float]] = {"old": [], "new": []}
            for k in range(args.rounds):
                order = [("old", old), ("new", new)] if k % 2 == 0 else [("new", new), ("old", old)]
                for label, proc in order:
                    times[label].append(ask(proc, k))
            for proc in (old, new):
                assert proc.stdin is not None
                proc.stdin.close()
                proc.wait()
            ratios = [o / n for o, n in zip(times["old"], times["new"])]
            rate = {label: statistics.median(s / t for s, t in zip(sizes, found)) for label, found in times.items()}
            print(
                f"{selection:<20} old {rate['old']:7.2f} MB/s  new {rate['new']:7.2f} MB/s  "
                f"new/old speed {statistics.median(ratios):.3f}x (rounds {min(ratios):.3f}-{max(ratios):.3f})",
                flush=True,
            )


if __name__ == "__main__":
    main()
