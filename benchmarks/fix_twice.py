"""Fix twice with the in-line passes: documents whose second run still changes something.

    python benchmarks/fix_twice.py [--show 10]

Runs punctuation-spacing and split-words (default settings) over the noisy real pages of
shared/data/boilerplate-train and the glue-dev pages, then once more over each output.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from textfix import Config, Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10)
    args = parser.parse_args()
    fixer = Pipeline(Config(select=("punctuation-spacing", "split-words")))
    paths = sorted(DATA.glob("boilerplate-train/*/noisy/*.txt")) + sorted(DATA.glob("glue-dev/*/docs/*.txt"))
    changed = 0
    start = time.perf_counter()
    for path in paths:
        once = fixer.clean(path.read_text("utf-8"))
        again = fixer.run(once).edits
        if again:
            changed += 1
            if changed <= args.show:
                print(path.relative_to(DATA), [(e.rule, once[max(0, e.start - 25) : e.start] + "|" + once[e.start : e.start + 15]) for e in again[:3]])
    print(f"{changed} of {len(paths)} documents change on a second run ({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()
