"""False insertions of the in-line passes on clean real text: the gold bodies of
shared/data/boilerplate-train (every space inserted there is false), per 10,000 words.

Files are split into a tuning and a validation half by a fixed seed (sha1 of
"clean-15:" + source/id, even/odd). Counts are also given per source: the CleanEval gold
bodies hold words glued in the gold itself ("compellinghorror"), so their insertions are
partly right repairs; the other sources are the fairer clean set.

    python benchmarks/clean_text.py [--show 20] [-O split-words.glue-rate=0.05]
    python benchmarks/clean_text.py --judge-out FILE [--judge-part validation]
        # every insertion of that half outside CleanEval, with context, for blind judges
        # (the gold bodies keep the pages' own missing spaces, "Date:November", so an
        # insertion there can be a right repair: the judges tell how many are)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from glue_dev import pipeline  # noqa: E402

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate-train"


def part_of(key: str) -> str:
    return "tune" if hashlib.sha1(f"clean-15:{key}".encode()).digest()[0] % 2 == 0 else "validation"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-O", dest="options", action="append", default=[])
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--skip-show", default="cleaneval", help="sources whose edits --show leaves out")
    parser.add_argument("--judge-out", type=Path, help="write the half's insertions (CleanEval left out) as a judging sample")
    parser.add_argument("--judge-part", choices=("tune", "validation"), default="validation")
    args = parser.parse_args()
    fixer = pipeline(args.options)
    sample: list[dict[str, object]] = []
    words: Counter[tuple[str, str]] = Counter()
    inserted: Counter[tuple[str, str]] = Counter()
    by_rule: Counter[tuple[str, str]] = Counter()
    shown = 0
    for path in sorted(DATA.glob("*/gold/*.txt")):
        source = path.parts[-3]
        part = part_of(f"{source}/{path.stem}")
        text = path.read_text("utf-8")
        words[(part, source)] += len(text.split())
        if args.judge_out and part == args.judge_part and not source.startswith("cleaneval"):
            current = text
            for step in fixer.passes:  # each edit's offsets refer to the text its pass received
                fixed = step.run(current)
                for edit in fixed.edits:
                    if edit.start == edit.end and edit.replacement and not edit.replacement.strip():
                        left, right = current[max(0, edit.start - 150) : edit.start], current[edit.end : edit.end + 150]
                        sample.append({"id": len(sample) + 1, "rule": f"{edit.pass_id}/{edit.rule}", "before": left + right, "after": left + edit.replacement + right, "source": f"{source}/gold/{path.name}"})
                current = fixed.text
        for edit in fixer.run(text).edits:
            if edit.start == edit.end and edit.replacement and not edit.replacement.strip():
                inserted[(part, source)] += 1
                by_rule[(part, f"{edit.pass_id}/{edit.rule}")] += 1
                if shown < args.show and part == "tune" and not source.startswith(args.skip_show):
                    shown += 1
                    print(f"  {edit.rule:22} {edit.reason}")
    if args.judge_out:
        args.judge_out.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in sample), "utf-8")
        print(f"wrote {len(sample)} insertions to {args.judge_out}")
    for part in ("tune", "validation"):
        for label, keep in (("all sources", lambda s: True), ("without CleanEval", lambda s: not s.startswith("cleaneval"))):
            w = sum(n for (p, s), n in words.items() if p == part and keep(s))
            i = sum(n for (p, s), n in inserted.items() if p == part and keep(s))
            print(f"{part} {label}: {w} words, {i} insertions, {1e4 * i / w:.2f} per 10k words")
        for (p, rule), n in sorted(by_rule.items()):
            if p == part:
                print(f"    {rule}: {n}")
        for (p, source), n in sorted(words.items()):
            if p == part:
                print(f"    {source}: {inserted[(p, source)]} in {n} words ({1e4 * inserted[(p, source)] / n:.2f}/10k)")


if __name__ == "__main__":
    main()
