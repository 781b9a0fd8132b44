"""Speed of the compiled split-words scans against the Python reference, in one process.

    python benchmarks/core_speed_split.py --data /tmp/realdocs --rounds 6

The documents (sorted, shuffled with --seed) are cut into --rounds distinct slices; each
round runs one slice through each selection (split-words alone, the default chain) under
each engine, on fresh Pipeline objects, the per-process decision cache (glue_model.judge_run)
emptied before each timing, so that neither engine profits from the other's work and every
timing sees its documents for the first time (a cold run over distinct documents). Which
engine goes first alternates by round. Resources (counts, lexicon, the core's copies) are
loaded before timing. Printed: MB/s per round and the median of the rounds' ratios.

``--parts`` times the ported scans alone, on all the documents, the engines alternated
over the rounds: the token screen (SplitWordsPass's candidates and their offsets, fresh
caches, each token's plan answered from a table so that only the screen is timed; then
"warm", the same documents again, every token in the caches), the
language model (glue_model._language_model on every call judge_run makes on the documents)
and the plan screen (bool(_plan_uncached(token, None, None, True)) on every distinct token
that passes the cheap screens, judge_run's cache emptied first; compiled: the core's Planner,
the reference for the tokens it leaves).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine_rounds import alternate  # noqa: E402

from textfix import Config, Pipeline, engine  # noqa: E402
from textfix import glue_model as G  # noqa: E402
from textfix.passes import split_words as S  # noqa: E402


def pipeline(selection: str) -> Pipeline:
    return Pipeline() if selection == "default" else Pipeline(Config(select=(selection,)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/tmp/realdocs"))
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--select", action="append", help="'default' or a pass id (repeatable); default: split-words and default")
    parser.add_argument("--parts", action="store_true", help="time the token screen and the language model alone")
    args = parser.parse_args()
    selections = args.select or ["split-words", "default"]
    docs = [path.read_text("utf-8") for path in sorted(args.data.glob("*.txt"))]
    random.Random(args.seed).shuffle(docs)
    if args.parts:
        return parts(docs, args.rounds)
    slices = [docs[i :: args.rounds] for i in range(args.rounds)]
    for name in ("python", "compiled"):  # load every resource before timing
        G.judge_run.cache_clear()  # (else the second engine's warm-up is served from the first's)
        with engine.use(name):
            for selection in selections:
                pipeline(selection).clean("A warm-up line withsome gluedwords, in1990 and NewsThe end.")
    G.judge_run.cache_clear()
    print(f"{len(docs)} documents, {sum(len(d.encode()) for d in docs) / 1e6:.2f} MB, {args.rounds} rounds; engine in the core: {engine.description}")
    alternate(slices, selections, pipeline, G.judge_run.cache_clear)


def parts(docs: list[str], rounds: int) -> None:
    from textfix.passes.split_words import SplitWordsPass

    calls: list[tuple[str, str | None, str | None]] = []
    reference_lm = G._language_model
    G._language_model = lambda *args: calls.append(args) or reference_lm(*args)
    answers: set[str] = set()
    with engine.use("python"):
        step = SplitWordsPass()
        for doc in docs:
            answers.update(token for token, _ in step._candidates_in(doc))
    G._language_model = reference_lm
    size = sum(len(d.encode()) for d in docs) / 1e6
    print(f"{len(docs)} documents, {size:.2f} MB; {len(calls)} language-model calls; {len(answers)} candidate tokens")
    from textfix.passes.split_words import _CANDIDATE, _ONE_WORD

    new = sorted(
        {t for doc in docs for t in doc.split() if _CANDIDATE.search(t) and not ((m := _ONE_WORD.fullmatch(t)) and m.group(1).lower() in G.dictionary())}
    )
    print(f"{len(new)} distinct tokens past the cheap screens")
    times: dict[str, dict[str, list[float]]] = {part: {"python": [], "compiled": []} for part in ("screen", "screen, warm", "language model", "plan screen")}
    for number in range(rounds):
        for name in ("python", "compiled") if number % 2 == 0 else ("compiled", "python"):
            with engine.use(name):
                step = SplitWordsPass()
                step._plan = lambda token, *context: token in answers  # type: ignore[method-assign]
                screen = step._compiled_candidates if engine.core is not None else None
                if engine.core is not None:  # the screen alone: plans from the table above
                    step._screen = engine.core.TokenScreen(S._compiled_words(engine.core))
                start = time.perf_counter()
                for doc in docs:
                    if screen is not None:
                        screen(engine.core, doc)
                    else:
                        step._candidates_in(doc)
                times["screen"][name].append(time.perf_counter() - start)
                start = time.perf_counter()
                for doc in docs:  # again: every token now in the caches
                    if screen is not None:
                        screen(engine.core, doc)
                    else:
                        step._candidates_in(doc)
                times["screen, warm"][name].append(time.perf_counter() - start)
                start = time.perf_counter()
                for args in calls:
                    G._language_model(*args)
                times["language model"][name].append(time.perf_counter() - start)
                G.judge_run.cache_clear()
                step = SplitWordsPass()
                planner = step._compiled_planner(engine.core) if engine.core is not None else None
                start = time.perf_counter()
                for token in new:
                    found = planner.planned(token) if planner is not None else None
                    if found is None:
                        bool(step._plan_uncached(token, None, None, True))
                times["plan screen"][name].append(time.perf_counter() - start)
    for part, found in times.items():
        ratios = [p / c for p, c in zip(found["python"], found["compiled"])]
        print(
            f"{part}: reference {statistics.median(found['python']):.3f} s, compiled {statistics.median(found['compiled']):.3f} s"
            f" (medians of {rounds}); compiled speed / reference, median of the rounds' ratios: {statistics.median(ratios):.1f}x"
        )


if __name__ == "__main__":
    main()
