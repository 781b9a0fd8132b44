"""Old code against new, each in its own process (two compiled cores cannot share one), on
distinct real documents: per round, the same slice of documents through the same selection
in each system, the order alternating round by round; printed: MB/s per round and the median
of the rounds' speed ratios (new / old).

    python benchmarks/speed_old_new.py --old /work/venv20/bin/python:/work/main \\
        --data /tmp/realdocs --rounds 8 --select boilerplate --select default

A system is INTERPRETER:CHECKOUT (the new one defaults to this interpreter and this
checkout). The documents (sorted, shuffled with --seed) are cut into --rounds distinct
slices, so no document is seen twice by a system; each system loads its resources first (a
warm-up text outside the corpus) and empties its per-process caches (the scorer's line
features, split-words' decisions) before each timing. ``--clock cpu`` times each slice by
the process's own CPU time (steadier than wall time when other jobs share the cores).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = "A warm-up line withsome gluedwords, in1990 and NewsThe end.\n\nShare this\nShare this\n"


def slices(data: Path, rounds: int, seed: int, pattern: str = "*.txt") -> list[list[str]]:
    docs = sorted({path.read_text("utf-8") for path in data.glob(pattern)})  # distinct documents
    random.Random(seed).shuffle(docs)
    return [docs[i::rounds] for i in range(rounds)]


def worker(root: str, data: Path, rounds: int, seed: int, clock: str, pattern: str) -> None:
    """Serve timings: read "selection round" lines, answer the seconds that slice took."""
    sys.path.insert(0, root)
    from textfix import Config, Pipeline, engine, glue_model
    from textfix.passes.boilerplate import _line_features

    glue_model.COMPILED_AFTER = 0  # the core takes split-words' model at once (as engine_rounds.py)
    chunks = slices(data, rounds, seed, pattern)
    made: dict[str, object] = {}

    def pipeline(selection: str) -> Pipeline:
        return Pipeline() if selection == "default" else Pipeline(Config(select=(selection,)))

    print(json.dumps({"engine": engine.description, "root": root}), flush=True)
    for command in sys.stdin:
        selection, number = command.split()
        if selection not in made:
            pipeline(selection).clean(WARM_UP)
            made[selection] = True
        _line_features.cache_clear()
        glue_model.judge_run.cache_clear()
        step = pipeline(selection)
        timer = time.process_time if clock == "cpu" else time.perf_counter
        start = timer()
        for doc in chunks[int(number)]:
            step.clean(doc)
        print(json.dumps(timer() - start), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="INTERPRETER:CHECKOUT of the old code")
    parser.add_argument("--new", default=f"{sys.executable}:{ROOT}", help="INTERPRETER:CHECKOUT of the new code (default: this one)")
    parser.add_argument("--data", type=Path, default=Path("/tmp/realdocs"))
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seed", type=int, default=20)
    parser.add_argument("--glob", default="*.txt", help="which files of --data (e.g. '*/noisy/*.txt' under boilerplate-train)")
    parser.add_argument("--select", action="append", help="'default' or a pass id (repeatable); default: boilerplate, default")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall", help="cpu: each process's own CPU time (steadier when other jobs share the cores)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.data, args.rounds, args.seed, args.clock, args.glob)
        return
    selections = args.select or ["boilerplate", "default"]
    systems = {}
    for name, spec in (("old", args.old), ("new", args.new)):
        python, root = spec.split(":", 1)
        command = [python, str(Path(__file__).resolve()), "--old", "-", "--worker", root, "--data", str(args.data), "--rounds", str(args.rounds), "--seed", str(args.seed), "--clock", args.clock, "--glob", args.glob]
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": root})
        systems[name] = process
        print(f"{name}: {spec}: {json.loads(process.stdout.readline())['engine']}")
    chunks = slices(args.data, args.rounds, args.seed, args.glob)
    ratios: dict[str, list[float]] = {s: [] for s in selections}
    for number, chunk in enumerate(chunks):
        size = sum(len(d.encode()) for d in chunk) / 1e6
        for selection in selections:
            speed = {}
            for name in ("old", "new") if number % 2 == 0 else ("new", "old"):
                process = systems[name]
                process.stdin.write(f"{selection} {number}\n")
                process.stdin.flush()
                speed[name] = size / json.loads(process.stdout.readline())
            ratios[selection].append(speed["new"] / speed["old"])
            print(f"round {number} {selection:12} {size:.2f} MB: old {speed['old']:6.2f} MB/s, new {speed['new']:6.2f} MB/s, ratio {ratios[selection][-1]:.2f}", flush=True)
    for process in systems.values():
        process.stdin.close()
        process.wait()
    for selection, values in ratios.items():
        print(f"{selection}: new / old, median of {len(values)} rounds: {statistics.median(values):.2f}x (min {min(values):.2f}, max {max(values):.2f})")


if __name__ == "__main__":
    main()
