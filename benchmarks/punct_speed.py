"""The punctuation-spacing pass alone, compiled core against the Python reference, in one
process on distinct documents: after a warm-up slice, each round times each engine on its own
slice of the documents (no document seen twice, so no cache answers for the other engine), the order of
the engines alternating; prints MB/s per engine and the median of the per-round ratios.

    python benchmarks/punct_speed.py --docs /tmp/realdocs --rounds 3
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from textfix import Config, Pipeline, engine, glue_model

# resources load before timing: the core takes over split-words' model at once, not after
# glue_model.COMPILED_AFTER runs (what a short job gets)
glue_model.COMPILED_AFTER = 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=Path("/tmp/realdocs"), help="a folder of distinct .txt documents")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--select", default="punctuation-spacing", help="comma-separated passes (default: the pass alone)")
    args = parser.parse_args()
    docs = [path.read_text("utf-8") for path in sorted(args.docs.glob("*.txt"))]
    # one slice per engine and round, and one to warm up on (lazy models and lists load there)
    slices = [docs[k :: 2 * args.rounds + 1] for k in range(2 * args.rounds + 1)]
    config = Config(select=tuple(args.select.split(",")))
    with engine.use("python"):
        reference = Pipeline(config)
        for doc in slices[-1]:
            reference.run(doc)
    with engine.use("compiled"):
        compiled = Pipeline(config)
        for doc in slices[-1]:
            compiled.run(doc)
    rates: dict[str, list[float]] = {"python": [], "compiled": []}
    for r in range(args.rounds):
        order = [("python", reference), ("compiled", compiled)]
        if r % 2:
            order.reverse()
        for k, (name, pipeline) in enumerate(order):
            batch = slices[2 * r + k]
            with engine.use(name):
                start = time.perf_counter()
                for doc in batch:
                    pipeline.run(doc)
                seconds = time.perf_counter() - start
            rates[name].append(sum(len(doc.encode("utf-8")) for doc in batch) / 1e6 / seconds)
    ratios = [c / p for c, p in zip(rates["compiled"], rates["python"])]
    print(f"# {len(docs)} documents, {args.rounds} rounds, passes: {args.select}")
    for name, found in rates.items():
        print(f"{name:10s} {statistics.median(found):8.2f} MB/s (rounds {', '.join(f'{x:.1f}' for x in found)})")
    print(f"compiled / python {statistics.median(ratios):.2f}x (rounds {min(ratios):.2f}-{max(ratios):.2f})")


if __name__ == "__main__":
    main()
