"""Throughput of two checkouts of textfix on the same batch, one after the other, so that
a change is measured against the code before it on the same machine in the same minutes.

    git worktree add /tmp/before <commit>
    python benchmarks/compare_chain.py --before /tmp/before --mb 30 --select default --select split-words

Each checkout runs in its own process: `Pipeline.clean` over the generated batch
(benchmarks/corpus.py, the same seed), twice: the first pass over the batch (cold caches),
then the second (warm: what a long run over a corpus sees once its words are decided).
`--data DIR` takes a folder of real pages instead (boilerplate-dev's noisy pages, say),
repeated up to the size. `--repeat 3` alternates the two checkouts three times and keeps the best of each, which
evens out a shared machine's slow minutes; the median of the rounds' ratios is shown too.
`--together` runs the two checkouts at the same time, one on each core, so that both
see the same minutes of a shared machine (a paired measurement).
"""

from __future__ import annotations

import argparse
import statistics
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
    parser.add_argument(
        "--together", action="store_true",
        help="run the two checkouts at the same time, one per core, so that each round's ratio sees the same machine",
    )
    args = parser.parse_args()
    selections = args.select or ["default"]
    rounds_seen: list[dict[str, dict[str, float]]] = []
    checkouts = (("before", args.before.resolve()), ("after", HERE.parent))

    def command(root: Path) -> list[str]:
        data = str(args.data.resolve()) if args.data else ""
        return [sys.executable, "-c", CODE.format(bench=str(HERE)), str(root), str(args.mb), data, *selections]

    for _ in range(args.repeat):
        if args.together:
            running = {name: subprocess.Popen(command(root), stdout=subprocess.PIPE, text=True) for name, root in checkouts}
            outputs = {name: process.communicate()[0] for name, process in running.items()}
            if any(process.returncode for process in running.values()):
                raise SystemExit("a checkout failed")
        else:
            outputs = {name: subprocess.run(command(root), capture_output=True, text=True, check=True).stdout for name, root in checkouts}
        rounds_seen.append({name: {line.split()[0]: float(line.split()[1]) for line in out.splitlines()} for name, out in outputs.items()})
    print(f"{'selection':<24} {'pass':<5} {'before MB/s':>12} {'after MB/s':>12} {'ratio':>7} {'median of rounds':>17}")
    for selection in selections:
        for rounds in ("cold", "warm"):
            key = f"{selection}:{rounds}"
            before = max(seen["before"][key] for seen in rounds_seen)
            after = max(seen["after"][key] for seen in rounds_seen)
            median = statistics.median(seen["after"][key] / seen["before"][key] for seen in rounds_seen)
            print(f"{selection:<24} {rounds:<5} {before:12.2f} {after:12.2f} {after / before:6.2f}x {median:16.2f}x")

if __name__ == "__main__":
    main()
