"""Speed of the compiled line scans (boilerplate, duplicate-lines) against the Python
reference, in one process.

    python benchmarks/core_speed_lines.py --data /tmp/realdocs --rounds 6

The documents (sorted, shuffled with --seed) are cut into --rounds distinct slices; each
round runs one slice through each selection (each line pass alone, the default chain) under
each engine, on fresh Pipeline objects, the per-process caches (the scorer's line features,
split-words' decisions) emptied before each timing, so that neither engine profits from the
other's work. Which engine goes first alternates by round. Resources are loaded before
timing. Printed: MB/s per round and the median of the rounds' ratios. ``--cleaned`` feeds
the documents as the default chain leaves them (nothing left to fix: the scans alone).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine_rounds import alternate  # noqa: E402

from textfix import Config, Pipeline, engine  # noqa: E402
from textfix import glue_model  # noqa: E402
from textfix.passes.boilerplate import _line_features  # noqa: E402

SELECTIONS = ["boilerplate", "duplicate-lines", "whitespace", "default"]


def pipeline(selection: str) -> Pipeline:
    return Pipeline() if selection == "default" else Pipeline(Config(select=(selection,)))


def forget() -> None:
    _line_features.cache_clear()
    glue_model.judge_run.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/realdocs"))
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--cleaned", action="store_true", help="run on the documents as the default chain leaves them")
    parser.add_argument("--select", action="append", help=f"'default' or a pass id (repeatable); default: {', '.join(SELECTIONS)}")
    args = parser.parse_args()
    selections = args.select or SELECTIONS
    docs = [path.read_text("utf-8") for path in sorted(args.data.glob("*.txt"))]
    random.Random(args.seed).shuffle(docs)
    if args.cleaned:
        with engine.use("python"):
            chain = Pipeline()
            docs = [chain.clean(doc) for doc in docs]
    slices = [docs[i :: args.rounds] for i in range(args.rounds)]
    for name in ("python", "compiled"):  # load every resource before timing
        forget()
        with engine.use(name):
            for selection in selections:
                pipeline(selection).clean("A warm-up line withsome gluedwords, in1990 and NewsThe end.\n\nShare this\nShare this\n")
    forget()
    print(f"{len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.2f} MB, {args.rounds} rounds; engine in the core: {engine.description}")
    alternate(slices, selections, pipeline, forget)


if __name__ == "__main__":
    main()
