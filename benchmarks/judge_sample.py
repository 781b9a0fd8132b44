"""A blind-judging sample of the line passes' removals on real pages not used for training.

    python benchmarks/judge_sample.py --out /work/judge/16-edits.jsonl [--n 150] [--seed 16]

Runs the boilerplate and duplicate-lines passes (default settings) over the noisy
extraction of every page of boilerplate-train's dragnet, l3s-gn1, cleaneval-* and
cleanportaleval sources (none of them trained the shipped scorer), collects every removed
line, and draws N at random with a fixed seed. "before" is the removed line (prefixed by
'>>> ') with up to two non-blank lines above and below it; "after" is the same context
without it. Lines of context are cut to 120 characters.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textfix.passes.boilerplate import BoilerplatePass  # noqa: E402
from textfix.passes.duplicates import DuplicateLinesPass  # noqa: E402

TRAIN = HERE.parents[1] / "shared" / "data" / "boilerplate-train"
SOURCES = ("dragnet", "l3s-gn1", "cleaneval-dev", "cleaneval-final", "cleanportaleval")
CUT = 120


def _cut(line: str) -> str:
    line = line.strip()
    return line if len(line) <= CUT else line[: CUT - 1] + "…"


def removals(text: str, source: str) -> list[dict]:
    """Every line removed by the two passes, with its context in the text that pass saw."""
    found = []
    for step in (BoilerplatePass(), DuplicateLinesPass()):
        result = step.run(text)
        lines = text.split("\n")
        for edit in result.edits:
            if edit.original.strip() == "":
                continue
            # the removed line holds the span's first visible character (a span may start at
            # the end of the line before, or take the blank lines around the removed one)
            first = edit.start + len(edit.original) - len(edit.original.lstrip())
            index = text.count("\n", 0, first)
            above = [line for line in lines[:index] if line.strip()][-2:]
            below = [line for line in lines[index + 1 :] if line.strip()][:2]
            context_above = [_cut(line) for line in above]
            context_below = [_cut(line) for line in below]
            found.append({
                "rule": f"{step.id}/{edit.rule}",
                "before": "\n".join(context_above + [">>> " + _cut(lines[index])] + context_below),
                "after": "\n".join(context_above + context_below),
                "source": source,
                "reason": edit.reason,
            })
        text = result.text
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--n", type=int, default=150)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--reasons", type=Path, help="also write the sample with each edit's reason here (not for judges)")
    args = parser.parse_args()
    everything = []
    for source in SOURCES:
        for path in sorted((TRAIN / source / "noisy").glob("*.txt")):
            everything += removals(path.read_text("utf-8"), f"{source}/noisy/{path.name}")
    sample = random.Random(args.seed).sample(everything, min(args.n, len(everything)))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for n, item in enumerate(sample, 1):
            row = {"id": n, "rule": item["rule"], "before": item["before"], "after": item["after"], "source": item["source"]}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.reasons:
        with open(args.reasons, "w", encoding="utf-8") as f:
            for n, item in enumerate(sample, 1):
                f.write(json.dumps({"id": n, **item}, ensure_ascii=False) + "\n")
    print(f"{len(everything)} removals on {len(SOURCES)} sources; wrote {len(sample)} to {args.out}")


if __name__ == "__main__":
    main()
