"""Throughput of two checkouts of textfix on the same batch, one after the other, so that
a change is measured against the code before it on the same machine in the same minutes.

    git worktree add /tmp/before <commit>
    python benchmarks/compare_chain.py --before /tmp/before --mb 30 --select default --select split-words

Each checkout runs in its own process: `Pipeline.clean` over the generated batch
(benchmarks/corpus.py, the same seed), twice: the first pass over the batch (cold caches),
then the second (warm: what a long run over a corpus sees once its words are decided).
`--data DIR` takes a folder of real pages instead (boilerplate-dev's noisy pages, say),
repeated up to the size. `--repeat 3` alternates the two checkouts three times and keeps the best of each, which
evens out a shared machine's slow minutes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

CODE = """
import sys, time
root, mb, data, selections = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
sys.path.insert(0, root)
sys.path.insert(0, {bench!r})
from pathlib import Path
from corpus import Generator
from textfix import Config, Pipeline
if data:
    pages = [p.read_text("utf-8") for p in sorted(Path(data).rglob("*.txt"))]
    docs, size = [], 0
    while size < mb * 1e6:
        docs += pages
        size += sum(len(p.encode("utf-8")) for p in pages)
else:
    docs = list(Generator(1).documents(int(mb * 1e6)))
size = sum(len(d.encode("utf-8")) for d in docs)
for selection in selections:
    pipeline = Pipeline() if selection == "default" else Pipeline(Config(select=tuple(selection.split(","))))
    for rounds in ("cold", "warm"):
        start = time.perf_counter()
        for doc in docs:
            pipeline.clean(doc)
        print(selection + ":" + rounds, size / 1e6 / (time.perf_counter() - start))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a checkout of the code before the change")
    parser.add_argument("--mb", type=float, default=30)
    parser.add_argument("--data", type=Path, help="a folder of .txt files (repeated up to --mb) instead of the generated batch")
    parser.add_argument("--select", action="append", help="'default' or comma-separated pass ids (repeatable)")
    parser.add_argument("--repeat", type=int, default=1, help="alternate the two checkouts this many times; keep the best of each")
    args = parser.parse_args()
    selections = args.select or ["default"]
    results: dict[str, dict[str, float]] = {"before": {}, "after": {}}
    for _ in range(args.repeat):
        for name, root in (("before", args.before.resolve()), ("after", HERE.parent)):
            out = subprocess.run(
                [sys.executable, "-c", CODE.format(bench=str(HERE)), str(root), str(args.mb), str(args.data.resolve()) if args.data else "", *selections],
                capture_output=True, text=True, check=True,
            ).stdout
            for line in out.splitlines():
                key, value = line.split()[0], float(line.split()[1])
                results[name][key] = max(value, results[name].get(key, 0.0))
    print(f"{'selection':<24} {'pass':<5} {'before MB/s':>12} {'after MB/s':>12} {'ratio':>7}")
    for selection in selections:
        for rounds in ("cold", "warm"):
            before, after = results["before"][f"{selection}:{rounds}"], results["after"][f"{selection}:{rounds}"]
            print(f"{selection:<24} {rounds:<5} {before:12.2f} {after:12.2f} {after / before:6.2f}x")


if __name__ == "__main__":
    main()
