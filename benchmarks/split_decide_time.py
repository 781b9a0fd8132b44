"""Where split-words' time goes, in CPU time of one process: the token screen, the
per-occurrence decisions (_decide) and, inside them, the plans, the document's evidence,
its glue rate and the language and protection checks (allows). Every document of --docs
once (distinct documents), then each again as the pass cleaned it (text already clean:
the same candidates recur). Runs on any checkout (PYTHONPATH), so old and new compare:

    PYTHONPATH=/work/main /work/venv20/bin/python benchmarks/split_decide_time.py
    PYTHONPATH=$PWD python benchmarks/split_decide_time.py
"""

from __future__ import annotations

import argparse
import collections
import functools
import time
from pathlib import Path

from textfix import Config, Pipeline, glue_model
from textfix.passes import split_words as S

glue_model.COMPILED_AFTER = 0  # the core's model from the first document (resources warmed below)
spent: collections.Counter[str] = collections.Counter()


def timed(owner: type, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: object, **kwargs: object) -> object:
        start = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            spent[label + " calls"] += 1

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/tmp/realdocs"))
    args = parser.parse_args()
    docs = [path.read_text("utf-8") for path in sorted(args.docs.glob("*.txt"))]
    Pipeline(Config(select=("split-words",))).clean("Warm up theword list andthe model. NewsThe end in1990.")
    for owner, name, label in (
        (S.SplitWordsPass, "_compiled_candidates", "screen"),
        (S.SplitWordsPass, "_decide", "decide"),
        (S.SplitWordsPass, "_plan_uncached", "plan"),
        (S._Document, "evidence", "evidence"),
        (S._Document, "rate", "rate"),
        (S._Document, "allows", "allows"),
    ):
        timed(owner, name, label)
    pipeline = Pipeline(Config(select=("split-words",)))  # after the wrapping: its plan cache wraps the timed method
    for round_name in ("first", "again"):
        spent.clear()
        start = time.process_time()
        docs = [pipeline.clean(doc) for doc in docs]
        spent["pass"] = time.process_time() - start
        print(round_name, ", ".join(f"{k} {v * 1000:.1f} ms" if "calls" not in k else f"{k} {v}" for k, v in spent.items()))


if __name__ == "__main__":
    main()
