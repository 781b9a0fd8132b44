"""The floor of the pass design: each pass and the default chain on text they have already
cleaned (nothing left to fix, every word seen before), beside the C-level primitives a
pass over tokens cannot avoid and ftfy.fix_text on the same text.

What no optimisation of the Python around the passes can beat: a pass still has to scan
the text, and word splitting still has to look at every whitespace token once.

    python benchmarks/floor.py --mb 5
    python benchmarks/floor.py --data ../shared/data/boilerplate-dev/noisy   # real pages
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import Generator  # noqa: E402

from textfix import Pipeline  # noqa: E402


def best(func: Callable[[], object], repeat: int) -> float:
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        fastest = min(fastest, time.perf_counter() - start)
    return fastest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5)
    parser.add_argument("--data", type=Path, help="a folder of .txt files instead of the generated batch")
    parser.add_argument("--repeat", type=int, default=7, help="keep the best of this many passes over the batch")
    args = parser.parse_args()
    if args.data:
        docs = [path.read_text("utf-8") for path in sorted(args.data.rglob("*.txt"))]
    else:
        docs = list(Generator(1).documents(int(args.mb * 1e6)))
    pipeline = Pipeline()
    clean = [pipeline.clean(pipeline.clean(doc)) for doc in docs]
    unsettled = sum(pipeline.clean(doc) != doc for doc in clean)
    size = sum(len(doc.encode("utf-8")) for doc in clean)
    print(f"# {len(clean)} cleaned documents, {size / 1e6:.1f} MB ({size / len(clean):.0f} bytes each); {unsettled} change again")

    def show(name: str, seconds: float, count: int = len(clean)) -> None:
        seconds = seconds * len(clean) / count
        print(f"{name:<34} {seconds / len(clean) * 1e6:7.0f} us/doc {size / 1e6 / seconds:8.1f} MB/s", flush=True)

    for step in pipeline.passes:
        edges = {"head": True, "tail": True} if step.positional else {}
        show(f"pass {step.id}", best(lambda: [step.run(doc, record=False, **edges) for doc in clean], args.repeat))
    show("default chain, cleaned input", best(lambda: [pipeline.clean(doc) for doc in clean], args.repeat))
    show("default chain, the batch (warm)", best(lambda: [pipeline.clean(doc) for doc in docs], args.repeat))
    show("str.split()", best(lambda: [doc.split() for doc in clean], args.repeat))
    show("set(str.split())", best(lambda: [set(doc.split()) for doc in clean], args.repeat))
    letters = re.compile(r"[A-Za-z]+")
    show("re findall of letter runs", best(lambda: [letters.findall(doc) for doc in clean], args.repeat))
    try:
        import ftfy
    except ImportError:
        return
    few = clean[: max(1, len(clean) // 4)]
    show("ftfy.fix_text, cleaned input", best(lambda: [ftfy.fix_text(doc) for doc in few], 3), len(few))


if __name__ == "__main__":
    main()
