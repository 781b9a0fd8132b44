"""Issue 20's benchmark: the default chain against ftfy, one bare re.sub and the Python
reference, on distinct real documents.

The corpus: real documents, each used once: trafilatura extractions of real web pages
(shared/data/boilerplate-train */noisy, mostly news and blogs) and blocks of 40 Wikipedia
sentences (shared/data/wsc-wiki-dev/correct.txt), shuffled with a fixed seed and cut into
--rounds slices of distinct documents. Every system runs in its own process (so no cache of
one serves another), loads its resources first (on a text outside the corpus), and then
times each slice once: no document is seen twice by any system, so no decision cache
helps across rounds. The systems take turns slice by slice (their order rotates), and for
each slice the ratio of two systems' times is taken; the median of those ratios is
reported, with the median throughput of each.

Systems: the default chain (the engine as installed: compiled core if present), the same
chain on the Python reference (TEXTFIX_ENGINE=python), each pass alone (compiled engine,
on the raw documents), ftfy.fix_text alone, and one bare re.sub (runs of whitespace to a
space, `re.sub(r"\\s+", " ", text)`).

    python benchmarks/core_speed.py                    # 5.3 MB, 5 rounds
    python benchmarks/core_speed.py --mb 2 --rounds 3 --no-passes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
WARM_UP = "Latest NewsU.S. and Moscow said the hotline was vital inprotecting both . Cafe\u0301 \u00e2\u20ac\u2122 hours\".The end.\n" * 3


def corpus(mb: float, seed: int = 20, data: Path = DATA) -> list[str]:
    """Distinct real documents, about ``mb`` megabytes (UTF-8), in a fixed shuffled order."""
    docs = []
    train = data / "boilerplate-train"
    for folder in sorted(train.glob("*/noisy")):
        docs += [path.read_text("utf-8") for path in sorted(folder.glob("*.txt"))]
    wiki = (data / "wsc-wiki-dev" / "correct.txt").read_text("utf-8").splitlines()
    docs += ["\n".join(wiki[i : i + 40]) + "\n" for i in range(0, len(wiki), 40)]
    unique = sorted(set(docs))  # distinct documents only
    random.Random(seed).shuffle(unique)
    chosen, size = [], 0
    for doc in unique:
        if size >= mb * 1e6:
            break
        chosen.append(doc)
        size += len(doc.encode("utf-8"))
    return chosen


def make_system(name: str):
    """A function of one document, its resources loaded."""
    if name == "ftfy":
        import ftfy

        return ftfy.fix_text
    if name == "re.sub":
        import re

        pattern = re.compile(r"\s+")
        return lambda text: pattern.sub(" ", text)
    from textfix import Config, Pipeline, glue_model

    # resources load before timing: the core takes over split-words' model at once instead
    # of after COMPILED_AFTER runs (what a short job gets, see textfix/glue_model.py)
    glue_model.COMPILED_AFTER = 0
    if name.startswith("pass:"):
        pipeline = Pipeline(Config(select=(name[5:],)))
    else:
        pipeline = Pipeline()
    return pipeline.clean


def worker(name: str, corpus_file: Path, rounds: int) -> None:
    """Load, warm up, then time slice k for every k read from stdin (one line each)."""
    import resource

    docs = json.loads(corpus_file.read_text("utf-8"))
    slices = [docs[k::rounds] for k in range(rounds)]
    run = make_system(name)
    run(WARM_UP)
    from textfix import engine

    print(json.dumps({"ready": name, "engine": engine.description}), flush=True)
    for line in sys.stdin:
        k = int(line)
        start = time.perf_counter()
        for doc in slices[k]:
            run(doc)
        elapsed = time.perf_counter() - start
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"seconds": elapsed, "rss_mb": rss}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.3)
    parser.add_argument("--data", type=Path, default=DATA, help="the shared data folder (default: ../shared/data beside the checkout)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-passes", action="store_true", help="leave out the passes alone")
    parser.add_argument("--no-reference", action="store_true", help="leave out the Python reference chain")
    parser.add_argument("--worker", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]), int(args.worker[2]))
        return
    docs = corpus(args.mb, data=args.data)
    sizes = [sum(len(d.encode("utf-8")) for d in docs[k :: args.rounds]) for k in range(args.rounds)]
    print(f"# {len(docs)} distinct documents, {sum(sizes) / 1e6:.2f} MB, {args.rounds} rounds of {sum(sizes) / args.rounds / 1e6:.2f} MB")
    systems = [("chain", "chain", {})]
    if not args.no_reference:
        systems.append(("reference chain", "chain", {"TEXTFIX_ENGINE": "python"}))
    systems += [("ftfy.fix_text", "ftfy", {}), ("re.sub", "re.sub", {})]
    if not args.no_passes:
        from textfix.passes import PASSES

        systems += [(f"pass {pid}", f"pass:{pid}", {}) for pid in PASSES]
    with tempfile.TemporaryDirectory() as tmp:
        corpus_file = Path(tmp) / "corpus.json"
        corpus_file.write_text(json.dumps(docs), "utf-8")
        procs = {}
        for label, name, env in systems:
            full_env = {**os.environ, **env, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
            procs[label] = subprocess.Popen(
                [sys.executable, __file__, "--worker", name, str(corpus_file), str(args.rounds)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=full_env,
            )
            ready = json.loads(procs[label].stdout.readline())
            print(f"# {label}: engine {ready['engine']}" if name.startswith(("chain", "pass")) else f"# {label}", flush=True)
        times: dict[str, list[float]] = {label: [] for label, _, _ in systems}
        rss: dict[str, float] = {}
        order = [label for label, _, _ in systems]
        for k in range(args.rounds):
            turn = order[k % len(order) :] + order[: k % len(order)]
            for label in turn:
                procs[label].stdin.write(f"{k}\n")
                procs[label].stdin.flush()
                answer = json.loads(procs[label].stdout.readline())
                times[label].append(answer["seconds"])
                rss[label] = answer["rss_mb"]
        for proc in procs.values():
            proc.stdin.close()
            proc.wait()
    print(f"{'system':<28} {'MB/s (median)':>14} {'peak RSS MB':>12}")
    for label in order:
        rates = [size / 1e6 / t for size, t in zip(sizes, times[label])]
        print(f"{label:<28} {statistics.median(rates):14.2f} {rss[label]:12.0f}")

    def ratio(a: str, b: str) -> str:
        values = [tb / ta for ta, tb in zip(times[a], times[b])]
        return f"{statistics.median(values):.3f}x (rounds {min(values):.3f}-{max(values):.3f})"

    print(f"chain / ftfy.fix_text      {ratio('chain', 'ftfy.fix_text')}   (target >= 10x)")
    print(f"chain / re.sub             {ratio('chain', 're.sub')}   (target >= 0.3x)")
    if not args.no_reference:
        print(f"chain / reference chain    {ratio('chain', 'reference chain')}")


if __name__ == "__main__":
    main()
