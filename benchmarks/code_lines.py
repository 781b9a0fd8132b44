"""Which lines of real pages textfix.spans.code_line reads as code: counts and a random
sample to judge (the in-line passes leave those lines alone).

Reads the noisy texts of shared/data/boilerplate-train (and any --glob, relative to it),
one half of the pages (the split of benchmarks/judge_inline.py: --half tune while you
work), and prints how many lines of at most 300 characters it flags, then --show of them
drawn at random (fixed --seed), each with the sign that decided it.

    python benchmarks/code_lines.py --half tune --show 60
    python benchmarks/code_lines.py --glob '*/noisy-crude/*.txt' --show 40
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from judge_inline import DATA, half_of  # noqa: E402

from textfix.spans import _CODE_INLINE, _CODE_START, code_line  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "holdout", "all"), default="tune")
    parser.add_argument("--glob", action="append", default=[])
    parser.add_argument("--show", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = sorted({p for pattern in (args.glob or ["*/noisy/*.txt"]) for p in DATA.glob(pattern)})
    paths = [p for p in paths if args.half == "all" or half_of(p) == args.half]
    lines = flagged = 0
    found: list[tuple[str, str, str]] = []
    for path in paths:
        for line in path.read_text("utf-8").split("\n"):
            if not line.strip() or len(line) > 300:
                continue
            lines += 1
            if code_line(line):
                flagged += 1
                sign = _CODE_START.match(line) or _CODE_INLINE.search(line)
                found.append((str(path.relative_to(DATA.parent)), sign.group().strip() if sign else "", line.strip()))
    print(f"{len(paths)} pages, {lines} lines, {flagged} read as code ({100 * flagged / max(lines, 1):.2f}%)")
    for source, sign, line in random.Random(args.seed).sample(found, min(args.show, len(found))):
        print(f"  {sign[:24]!r:28} {line[:110]}  [{source}]")


if __name__ == "__main__":
    main()
