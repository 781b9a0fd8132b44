"""A blind-judging sample: edits of the default in-line passes on real pages.

Runs punctuation-spacing then split-words (default settings) over the noisy texts of
shared/data/boilerplate-train (trafilatura output of real pages), collects every edit
with about 150 characters of context before and after (in the text that pass received),
draws N at random with a fixed seed, and writes them as JSON Lines for the judges:
{"id", "rule", "before", "after", "source"}. Which pass and model made an edit is left
out of "rule" beyond its rule id, so that the judges see the text only.

    python benchmarks/judge_inline.py --out /work/judge/15-edits.jsonl [-n 200] [--seed 15]
    python benchmarks/judge_inline.py --out FILE --rule split-words/ -n 0   # every split-words edit
    python benchmarks/judge_inline.py --out FILE --glob '*/noisy-crude/*.txt' --glob ../glue-dev/page/docs/*.txt
                                      # other real pages (globs relative to boilerplate-train)
    python benchmarks/judge_inline.py --out FILE --half tune     # only pages whose path hash is even;
                                      # --half holdout: the held-out pages (never tune on them)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
from collections import Counter
from pathlib import Path

from textfix import Config, Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate-train"
DATA_ROOT = DATA.parent
CONTEXT = 75


def half_of(path: Path) -> str:
    """'tune' or 'holdout': a fixed split of the pages by the SHA-1 of their path under DATA_ROOT."""
    key = str(path.resolve().relative_to(DATA_ROOT))
    return "tune" if int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 0 else "holdout"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("-n", type=int, default=200, help="edits to draw (0: all, in random order)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--rule", default="", help="only edits whose rule starts so (e.g. split-words/)")
    parser.add_argument("--half", choices=("tune", "holdout", "all"), default="all", help="pages whose path hash is even (tune) or odd (holdout: never tune on it)")
    parser.add_argument("--glob", action="append", default=[], help="pages to read, relative to boilerplate-train (default */noisy/*.txt; repeatable)")
    args = parser.parse_args()
    paths = sorted({path for pattern in (args.glob or ["*/noisy/*.txt"]) for path in DATA.glob(pattern)})
    paths = [path for path in paths if args.half == "all" or half_of(path) == args.half]
    passes = Pipeline(Config(select=("punctuation-spacing", "split-words"))).passes
    found: list[dict[str, str]] = []
    for path in paths:
        text = path.read_text("utf-8")
        for step in passes:
            result = step.run(text)
            for edit in result.edits:
                lo, hi = max(0, edit.start - CONTEXT), min(len(text), edit.end + CONTEXT)
                before = text[lo:hi]
                after = text[lo : edit.start] + edit.replacement + text[edit.end : hi]
                found.append({"rule": f"{edit.pass_id}/{edit.rule}", "before": before, "after": after, "source": str(path.resolve().relative_to(DATA.parent))})
            text = result.text
    found = [e for e in found if e["rule"].startswith(args.rule)]
    counts = Counter(e["rule"] for e in found)
    print(f"{len(found)} edits on {len(paths)} pages: " + ", ".join(f"{r} {n}" for r, n in counts.most_common()))
    sample = random.Random(args.seed).sample(found, min(args.n, len(found)) if args.n > 0 else len(found))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for number, edit in enumerate(sample, 1):
            handle.write(json.dumps({"id": number, **edit}, ensure_ascii=False) + "\n")
    print(f"wrote {len(sample)} edits to {args.out}: " + ", ".join(f"{r} {n}" for r, n in Counter(e["rule"] for e in sample).most_common()))


if __name__ == "__main__":
    main()
