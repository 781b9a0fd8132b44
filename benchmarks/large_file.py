"""Peak memory and time of `textfix fix` on one large text file, as the file grows.

textfix cleans a file larger than textfix.files.LARGE_FILE (32 MB) piece by piece, so its
peak memory must not grow with the file. Each size is written once as many lines (the
generated news batch) and once as a single line, and cleaned by `textfix fix` in a fresh
process; the process's peak RSS is reported.

    python benchmarks/large_file.py --mb 40 160
    python benchmarks/large_file.py --mb 1000 --layout lines
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import Generator  # noqa: E402


def write(path: Path, mb: float, one_line: bool) -> int:
    size = 0
    with path.open("w", encoding="utf-8") as handle:
        for doc in Generator(7).documents(int(mb * 1e6)):
            text = doc.replace("\n", " ") + " " if one_line else doc + "\n"
            handle.write(text)
            size += len(text.encode("utf-8"))
    return size


def measure(path: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of `textfix fix` on the file, in a child process."""
    code = (
        "import resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        f"done = subprocess.run([sys.executable, '-m', 'textfix', 'fix', '--quiet', {str(path)!r}])\n"
        "seconds = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(done.returncode, seconds, peak)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    if out[0] not in ("0", "1"):
        raise SystemExit(f"textfix fix failed on {path} (exit {out[0]})")
    return float(out[1]), float(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[40, 160])
    parser.add_argument("--layout", choices=["both", "lines", "one-line"], default="both")
    args = parser.parse_args()
    layouts = {"both": (False, True), "lines": (False,), "one-line": (True,)}[args.layout]
    with tempfile.TemporaryDirectory() as folder:
        print(f"{'layout':<10} {'MB':>8} {'seconds':>9} {'MB/s':>7} {'peak RSS':>10}")
        for one_line in layouts:
            for mb in args.mb:
                path = Path(folder) / "large.txt"
                size = write(path, mb, one_line)
                seconds, peak = measure(path)
                layout = "one line" if one_line else "lines"
                print(f"{layout:<10} {size / 1e6:8.1f} {seconds:9.1f} {size / 1e6 / seconds:7.2f} {peak:8.1f} MB", flush=True)
                os.unlink(path)


if __name__ == "__main__":
    main()
