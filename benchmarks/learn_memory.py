"""Peak memory of `textfix learn`'s line counter as the corpus grows (it must stay flat).

Each size runs in a fresh process: documents are generated and counted as a stream (no
files), with the same max-entries bound, and the process's peak RSS is reported.

    python benchmarks/learn_memory.py --documents 20000 80000
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def count(documents: int, max_entries: int) -> None:
    sys.path.insert(0, str(HERE))
    from corpus import Generator

    from textfix.learn import LineCounter

    counter = LineCounter(max_entries=max_entries)
    generator = Generator(3)
    start = time.perf_counter()
    for n in range(documents):
        doc = generator.document()
        source = f"site{n % 20}"
        counter.add(source, f"doc{n}", f"Header of {source}\n{doc}\nFooter of {source} - all rights reserved\n")
    found = counter.frequent(min_count=5, min_share=0.2)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines = sum(len(v) for v in found.values())
    print(f"{documents:>8} documents  {seconds:7.1f} s  peak RSS {peak:7.1f} MB  entries {len(counter.counts):>9}  pruned {counter.pruned:>9}  learned lines {lines}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, nargs="+", default=[20000, 80000])
    parser.add_argument("--max-entries", type=int, default=200_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        count(args.child, args.max_entries)
        return
    for documents in args.documents:
        subprocess.run([sys.executable, __file__, "--child", str(documents), "--max-entries", str(args.max_entries)], check=True)


if __name__ == "__main__":
    main()
