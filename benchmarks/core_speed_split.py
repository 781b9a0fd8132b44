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

``--versus PYTHON=ROOT`` compares two builds of the compiled engine, each in its own
processes (two cores cannot share one): this worktree's (this interpreter) against
another checkout (PYTHONPATH=ROOT, the interpreter PYTHON with its core installed), e.g.
the code before a change:

    python benchmarks/core_speed_split.py --versus /work/venv20/bin/python=/work/main --rounds 6

Each round, a slice of distinct documents goes through each selection (split-words alone,
the default chain) in a fresh process per system, the order alternating by round, the
resources loaded before timing; then the token screen alone (a fresh TokenScreen with the
planner over all documents, then all of them again, every token cached). Printed: each
round and the median of the rounds' ratios (this build's speed / the other's), by the wall
clock and by the main thread's CPU time (which other processes on a shared machine disturb less).
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
    parser.add_argument("--versus", metavar="PYTHON=ROOT", help="compare this build with another checkout's, in separate processes")
    args = parser.parse_args()
    if args.versus:
        return versus(args)
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
                for label in ("screen", "screen, warm"):  # the second time every token is cached
                    start = time.perf_counter()
                    for doc in docs:
                        if screen is not None:
                            screen(engine.core, doc)
                        else:
                            step._candidates_in(doc)
                    times[label][name].append(time.perf_counter() - start)
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


# One system's timing of one slice, in its own process (runs under either checkout: only
# the API both have). argv: data, seed, rounds, round, selection ("screen": the token
# screen alone, over all documents).
_WORKER = r"""
import json, random, sys, time
from pathlib import Path
from textfix import Config, Pipeline, engine, glue_model
glue_model.COMPILED_AFTER = 0
from textfix.passes import split_words as S
data, seed, rounds, number, selection = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
docs = [path.read_text("utf-8") for path in sorted(Path(data).glob("*.txt"))]
random.Random(seed).shuffle(docs)
assert engine.core is not None, engine.description
warm = "A warm-up line withsome gluedwords, in1990 and NewsThe end."
if selection == "screen":
    step = S.SplitWordsPass()
    step.run(warm)
    screen = engine.core.TokenScreen(S._compiled_words(engine.core), step._compiled_planner(engine.core))
    size = sum(len(d.encode()) for d in docs) / 1e6
    times = {}
    for label in ("fresh", "cached"):
        start, cpu = time.perf_counter(), time.thread_time()
        for doc in docs:
            screen.candidates(doc, step._worth_planning, S._MAX_CACHED)
        times[label], times[label + " cpu"] = time.perf_counter() - start, time.thread_time() - cpu
    print(json.dumps({**times, "MB": size}))
else:
    chunk = docs[number::rounds]
    make = lambda: Pipeline() if selection == "default" else Pipeline(Config(select=(selection,)))
    make().clean(warm)
    step = make()
    size = sum(len(d.encode()) for d in chunk) / 1e6
    start, cpu = time.perf_counter(), time.thread_time()
    for doc in chunk:
        step.clean(doc)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.thread_time() - cpu, "MB": size}))
"""


def versus(args: argparse.Namespace) -> None:
    import json
    import os
    import subprocess

    other_python, other_root = args.versus.split("=", 1)
    systems = {"new": (sys.executable, str(ROOT)), "old": (other_python, other_root)}

    def run(system: str, number: int, selection: str) -> dict[str, float]:
        python, root = systems[system]
        env = {**os.environ, "PYTHONPATH": root}
        env.pop("TEXTFIX_ENGINE", None)
        command = [python, "-c", _WORKER, str(args.data), str(args.seed), str(args.rounds), str(number), selection]
        return json.loads(subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout)

    selections = (args.select or ["split-words", "default"]) + ["screen"]
    ratios: dict[str, list[float]] = {}
    for number in range(args.rounds):
        order = ("old", "new") if number % 2 == 0 else ("new", "old")
        for selection in selections:
            found = {system: run(system, number, selection) for system in order}
            if selection == "screen":
                for part in ("fresh", "cached", "fresh cpu", "cached cpu"):
                    ratio = found["old"][part] / found["new"][part]
                    ratios.setdefault(f"screen, {part}", []).append(ratio)
                    print(f"round {number} screen, {part:10}: old {found['old'][part] * 1e3:6.1f} ms, new {found['new'][part] * 1e3:6.1f} ms, ratio {ratio:.2f}")
                continue
            for clock in ("seconds", "cpu"):
                speed = {system: found[system]["MB"] / found[system][clock] for system in order}
                name = selection if clock == "seconds" else f"{selection} (cpu)"
                ratios.setdefault(name, []).append(speed["new"] / speed["old"])
                print(f"round {number} {name:20} {found['new']['MB']:.2f} MB: old {speed['old']:6.2f} MB/s, new {speed['new']:6.2f} MB/s, ratio {ratios[name][-1]:.2f}")
    for name, values in ratios.items():
        print(f"{name}: new / old speed, median of {len(values)} rounds: {statistics.median(values):.2f}x (min {min(values):.2f}, max {max(values):.2f})")


if __name__ == "__main__":
    main()
