"""Throughput of each pass alone, the default chain, and peers, on one batch in one run.

    python benchmarks/bench.py --mb 30            # passes alone + default chain + peers
    python benchmarks/bench.py --mb 2 --quick     # a smoke run

Reports MB/s (UTF-8 input bytes per second) and documents/s; peers are shown as ratios to
textfix's default chain on the same batch. ASCII-only text is measured separately for the
unicode pass, to show that text with nothing for ftfy to fix costs next to nothing.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Generator  # noqa: E402

from textfix import Config, Pipeline  # noqa: E402
from textfix.passes import PASSES  # noqa: E402


def measure(name: str, func: Callable[[str], object], docs: list[str], size: int) -> float:
    start = time.perf_counter()
    for doc in docs:
        func(doc)
    seconds = time.perf_counter() - start
    rate = size / seconds / 1e6
    print(f"{name:<34} {rate:9.1f} MB/s {len(docs) / seconds:10.0f} docs/s {seconds:8.2f} s", flush=True)
    return rate


def peers() -> dict[str, Callable[[str], object]]:
    found: dict[str, Callable[[str], object]] = {}
    try:
        import ftfy

        found["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        pass
    try:
        from cleantext import clean as clean_text

        found["clean-text clean()"] = lambda text: clean_text(text, lower=False, to_ascii=False)
    except ImportError:
        pass
    try:
        from cleaners import _naive_wordsegment

        found["naive wordsegment loop"] = _naive_wordsegment()
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="skip peers (smoke test)")
    parser.add_argument("--peer-mb", type=float, default=5, help="size of the batch slice given to slow peers")
    args = parser.parse_args()
    docs = list(Generator(args.seed).documents(int(args.mb * 1e6)))
    size = sum(len(d.encode("utf-8")) for d in docs)
    ascii_docs = [d.encode("ascii", "ignore").decode("ascii") for d in docs]
    ascii_size = sum(len(d) for d in ascii_docs)
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()}, {len(docs)} documents, {size / 1e6:.1f} MB")
    rates: dict[str, float] = {}
    for pass_id in PASSES:
        pipeline = Pipeline(Config(select=(pass_id,)))
        rates[pass_id] = measure(f"pass {pass_id}", pipeline.clean, docs, size)
    measure("pass unicode, ASCII-only text", Pipeline(Config(select=("unicode",))).clean, ascii_docs, ascii_size)
    default = Pipeline()
    rates["default"] = measure("default chain (clean)", default.clean, docs, size)
    measure("default chain (run, with edits)", default.run, docs, size)
    if not args.quick:
        limit = int(args.peer_mb * 1e6)
        subset, sub_size = [], 0
        for doc in docs:
            if sub_size >= limit:
                break
            subset.append(doc)
            sub_size += len(doc.encode("utf-8"))
        print(f"# peers on the first {sub_size / 1e6:.1f} MB; ratio = textfix default chain / peer")
        for name, func in peers().items():
            rate = measure(name, func, subset, sub_size)
            print(f"{'':<34} textfix is {rates['default'] / rate:.1f}x {name}")


if __name__ == "__main__":
    main()
