"""Throughput on real web pages (news, blogs, shops): a folder of text files, by default
boilerplate-dev's 88 noisy pages. Each cleaner makes one cold pass over the pages (word
counts already loaded, decisions not yet cached) and then warm passes (best of --repeat),
as a corpus of many pages from the same sites would see them; peers in the same run.

    python benchmarks/real_pages.py
    python benchmarks/real_pages.py --data DIR --repeat 5
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cleaners import make_cleaner  # noqa: E402

from textfix import Config, Pipeline  # noqa: E402


def rates(clean: Callable[[str], object], docs: list[str], size: int, repeat: int) -> tuple[float, float]:
    start = time.perf_counter()
    for doc in docs:
        clean(doc)
    cold = time.perf_counter() - start
    warm = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for doc in docs:
            clean(doc)
        warm = min(warm, time.perf_counter() - start)
    return size / 1e6 / cold, size / 1e6 / warm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE.parents[1] / "shared" / "data" / "boilerplate-dev" / "noisy")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    docs = [path.read_text("utf-8") for path in sorted(args.data.glob("*.txt"))]
    size = sum(len(doc.encode("utf-8")) for doc in docs)
    print(f"# {len(docs)} pages, {size / 1e6:.2f} MB from {args.data}")
    Pipeline(Config(select=("split-words",))).clean("load the word counts: inthe")
    cleaners: dict[str, Callable[[str], object]] = {
        "split-words": Pipeline(Config(select=("split-words",))).clean,
        "default chain": Pipeline().clean,
        "naive wordsegment loop": make_cleaner("naive-wordsegment"),
    }
    try:
        import ftfy

        cleaners["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        pass
    found = {}
    for name, clean in cleaners.items():
        found[name] = rates(clean, docs, size, args.repeat)
        print(f"{name:<24} cold {found[name][0]:7.2f} MB/s   warm {found[name][1]:7.2f} MB/s", flush=True)
    naive = found["naive wordsegment loop"]
    print(f"split-words / naive loop: cold {found['split-words'][0] / naive[0]:.1f}x, warm {found['split-words'][1] / naive[1]:.1f}x")
    if "ftfy.fix_text" in found:
        fx = found["ftfy.fix_text"]
        print(f"default chain / ftfy.fix_text: cold {found['default chain'][0] / fx[0]:.2f}x, warm {found['default chain'][1] / fx[1]:.2f}x")


if __name__ == "__main__":
    main()
