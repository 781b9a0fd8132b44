"""The speed benchmark, in one command: one generated batch (benchmarks/corpus.py, the same
bytes for the same seed), and on it each pass alone, the default chain, the peers as
ratios, start-up, and the CLI on a folder and on one JSONL file with one and two workers.

    python benchmarks/bench.py                      # the full run: 100 MB, about 5 minutes
    python benchmarks/bench.py --mb 30 --peer-mb 5  # smaller
    python benchmarks/bench.py --mb 0.3 --peer-mb 0.1   # a smoke run (the test suite's)

Reports MB/s (UTF-8 input bytes per second) and documents/s everywhere, peers as ratios
to textfix's default chain on the same slice of the batch, the peak RSS of every CLI run
(the largest of its processes), and start-up: import, the first clean document (no word
counts loaded), the first document that needs the word counts, and `textfix check` on one
small clean file, each in a fresh process. ASCII-only text is measured separately for the
unicode pass, to show that text with nothing for ftfy to fix costs next to nothing.
The in-process figures are the first pass over the batch (cold caches) unless a line says
"warm" (a second pass: what a long run over a corpus sees once its words are decided).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Generator, write_folder, write_jsonl  # noqa: E402

from textfix import Config, Pipeline  # noqa: E402
from textfix.passes import PASSES  # noqa: E402


def measure(name: str, func: Callable[[str], object], docs: list[str], size: int) -> float:
    start = time.perf_counter()
    for doc in docs:
        func(doc)
    seconds = time.perf_counter() - start
    rate = size / seconds / 1e6
    print(f"{name:<46} {rate:9.2f} MB/s {len(docs) / seconds:10.0f} docs/s {seconds:8.2f} s", flush=True)
    return rate


def peers() -> dict[str, Callable[[str], object]]:
    """The peers installed here (all optional: `pip install ftfy clean-text`)."""
    found: dict[str, Callable[[str], object]] = {}
    try:
        import ftfy

        found["ftfy.fix_text"] = ftfy.fix_text
    except ImportError:
        pass
    try:
        from cleantext import clean as clean_text

        found["clean-text clean()"] = lambda text: clean_text(text, lower=False, to_ascii=False)
    except ImportError:
        pass
    from cleaners import _naive_wordsegment

    found["naive wordsegment loop"] = _naive_wordsegment()
    return found


CHILD = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
sys.stderr.buffer.write(done.stderr)
print(seconds, peak, done.returncode)
"""


def child(args: list[str]) -> tuple[float, float, int]:
    """(seconds, peak RSS in MB of the largest process, exit code) of a command in a fresh
    process, started from a small one (a child forked from this process would count this
    process's memory as its own peak)."""
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True)
    seconds, peak, code = done.stdout.split()
    if int(code) not in (0, 1):  # 1: check found something to change
        raise SystemExit(f"{' '.join(args)} failed (exit {code}): {done.stderr[-2000:]}")
    return float(seconds), float(peak), int(code)


STARTUP = """
import sys, time
start = time.perf_counter()
import textfix
imported = time.perf_counter()
pipeline = textfix.Pipeline()
pipeline.clean("A clean short document.\\n")
first = time.perf_counter()
pipeline.clean("The forces were vital inprotecting both towns.\\n")
counts = time.perf_counter()
print(imported - start, first - imported, counts - first)
"""


def startup(folder: Path) -> None:
    out = subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, check=True).stdout.split()
    imported, first, counts = (float(x) for x in out)
    print(f"{'import textfix':<46} {imported * 1e3:9.0f} ms")
    print(f"{'first clean document (no word counts)':<46} {first * 1e3:9.0f} ms")
    print(f"{'first document needing the word counts':<46} {counts * 1e3:9.0f} ms")
    small = folder / "small.txt"
    small.write_text("A clean short document.\n", "utf-8")
    seconds, peak, _ = child([sys.executable, "-m", "textfix", "check", str(small)])
    print(f"{'textfix check on one small clean file':<46} {seconds * 1e3:9.0f} ms   (whole process, peak RSS {peak:.0f} MB)")


def cli(folder: Path, docs: list[str], size: int, jobs: int) -> None:
    tree, jsonl = folder / "folder", folder / "corpus.jsonl"
    files = write_folder(tree, iter(docs))
    write_jsonl(jsonl, iter(docs))
    print(f"# {files} files in {tree.name}/ and one JSONL file of {jsonl.stat().st_size / 1e6:.1f} MB; `textfix check --quiet -j N`, fresh processes")
    for name, target in (("folder", tree), ("one JSONL file", jsonl)):
        times: dict[int, float] = {}
        for workers in (1, jobs):
            seconds, peak, _ = child([sys.executable, "-m", "textfix", "check", "--quiet", "-j", str(workers), str(target)])
            times[workers] = seconds
            print(
                f"{name + f', -j {workers}':<46} {size / seconds / 1e6:9.2f} MB/s {len(docs) / seconds:10.0f} docs/s"
                f" {seconds:8.2f} s   peak RSS {peak:6.0f} MB",
                flush=True,
            )
        print(f"{'':<46} -j {jobs} is {times[1] / times[jobs]:.2f}x -j 1")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the batch (default 100)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer-mb", type=float, default=5, help="size of the slice of the batch given to the (slow) peers")
    parser.add_argument("--jobs", type=int, default=2, help="workers for the parallel CLI runs")
    parser.add_argument("--skip", action="append", default=[], choices=["passes", "peers", "startup", "cli"], help="leave a section out (repeatable)")
    args = parser.parse_args()
    start = time.perf_counter()
    docs = list(Generator(args.seed).documents(int(args.mb * 1e6)))
    size = sum(len(d.encode("utf-8")) for d in docs)
    print(
        f"# {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; batch: {len(docs)} documents,"
        f" {size / 1e6:.1f} MB (seed {args.seed}, built in {time.perf_counter() - start:.1f} s)",
        flush=True,
    )
    rates: dict[str, float] = {}
    if "passes" not in args.skip:
        print("# in one process: each pass alone, then the default chain")
        for pass_id in PASSES:
            pipeline = Pipeline(Config(select=(pass_id,)))
            label = f"pass {pass_id}" + (" (word counts load included)" if pass_id == "split-words" else "")
            rates[pass_id] = measure(label, pipeline.clean, docs, size)
        ascii_docs = [d.encode("ascii", "ignore").decode("ascii") for d in docs]
        measure("pass unicode, ASCII-only text", Pipeline(Config(select=("unicode",))).clean, ascii_docs, sum(map(len, ascii_docs)))
        default = Pipeline()
        rates["default"] = measure("default chain, clean", default.clean, docs, size)
        rates["default warm"] = measure("default chain, clean, warm", default.clean, docs, size)
        measure("default chain, run (edit records), warm", default.run, docs, size)
    if "peers" not in args.skip:
        limit = int(args.peer_mb * 1e6)
        subset, sub_size = [], 0
        for doc in docs:
            if sub_size >= limit:
                break
            subset.append(doc)
            sub_size += len(doc.encode("utf-8"))
        print(f"# peers on the first {len(subset)} documents ({sub_size / 1e6:.1f} MB), with textfix's default chain on the same slice")
        ours = Pipeline()
        cold = measure("textfix default chain, clean", ours.clean, subset, sub_size)
        warm = measure("textfix default chain, clean, warm", ours.clean, subset, sub_size)
        for name, func in peers().items():
            rate = measure(name, func, subset, sub_size)
            print(f"{'':<46} textfix is {cold / rate:.2f}x {name} (warm: {warm / rate:.2f}x)")
    with tempfile.TemporaryDirectory() as tmp:
        if "startup" not in args.skip:
            print("# start-up, each in a fresh process")
            startup(Path(tmp))
        if "cli" not in args.skip:
            cli(Path(tmp), docs, size, args.jobs)
    print(f"# done in {time.perf_counter() - start:.0f} s")


if __name__ == "__main__":
    main()
