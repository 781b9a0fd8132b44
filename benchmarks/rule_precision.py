"""Precision of every phrase and pattern of the boilerplate rules on boilerplate-train.

    python benchmarks/rule_precision.py [--out benchmarks/rule_precision.md] [--all-rules DIR]

Every non-blank line of every page (noisy and noisy-crude extractions, all sources) is
tested against each phrase and each pattern of each rule, at the rule's position (its head or
tail window counted in non-blank lines). A match on a line labelled boilerplate is right, on
a content line wrong (the label rule of the held-out eval; lines that are the page title are
neutral). An item is kept when it matched at least MIN_MATCHES lines with precision at least
98%; the table says which items the rule files keep.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from boilerplate_data import documents  # noqa: E402

from textfix.passes.boilerplate import _in_position  # noqa: E402
from textfix.passes.lines import normalize  # noqa: E402
from textfix.rules import load_rule_file  # noqa: E402

MIN_PRECISION = 0.98
MIN_MATCHES = 3


def items(rule):
    """(kind, item, test) for every phrase and pattern of a rule."""
    for phrase in rule.phrases:
        key = phrase.replace(" ", "")
        yield "phrase", phrase, lambda line, norm, key=key: norm.replace(" ", "") == key
    for pattern in rule.compiled:
        yield "pattern", pattern.pattern, lambda line, norm, p=pattern: p.fullmatch(norm) is not None
    for pattern in rule.compiled_raw:
        yield "raw", pattern.pattern, lambda line, norm, p=pattern: p.fullmatch(line) is not None


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=HERE.parent / "rules" / "boilerplate")
    parser.add_argument("--out", type=Path, default=HERE / "rule_precision.md")
    args = parser.parse_args()
    rules = [r for f in sorted(args.rules.glob("*.toml")) for r in load_rule_file(str(f)) if r.structure == "line"]
    tests = [(rule, kind, item, test) for rule in rules for kind, item, test in items(rule)]
    right: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    wrong: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    examples: dict[tuple, str] = {}
    for doc in documents():
        if doc["source"] == "boilerplate-dev":
            continue
        lines = doc["lines"]
        total = len(lines)
        for rank, (n, line) in enumerate(lines):
            if n not in doc["labels"] or len(line) > 300:
                continue
            label, _mixed, title = doc["labels"][n]
            if title:
                continue
            norm = normalize(line)
            for rule, kind, item, test in tests:
                if _in_position(rule, rank, total - 1 - rank) and test(line, norm):
                    key = (rule.id, kind, item)
                    (right if label else wrong)[key][doc["variant"]] += 1
                    if not label:
                        examples.setdefault(key, line[:80])
    out = [
        "# Precision of the boilerplate rules' items on boilerplate-train",
        "",
        "Command: `python benchmarks/rule_precision.py` (before pruning: `--rules` on the old rule files).",
        f"Matches on noisy / noisy-crude lines of all six sources (title lines neutral). Kept: precision >= {MIN_PRECISION:.0%} on >= {MIN_MATCHES} matches.",
        "",
        "| rule | kind | item | noisy right/wrong | crude right/wrong | precision | kept | a wrong match |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for rule, kind, item, _ in tests:
        key = (rule.id, kind, item)
        r, w = right[key], wrong[key]
        n = sum(r.values()) + sum(w.values())
        precision = sum(r.values()) / n if n else float("nan")
        kept = n >= MIN_MATCHES and precision >= MIN_PRECISION
        shown = _cell(item if len(item) <= 60 else item[:57] + "...")
        out.append(
            f"| {rule.id} | {kind} | `{shown}` | {r['noisy']}/{w['noisy']} | {r['noisy-crude']}/{w['noisy-crude']} "
            f"| {precision:.3f} | {'yes' if kept else 'no'} | {_cell(examples.get(key, ''))} |"
        )
    args.out.write_text("\n".join(out) + "\n", "utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
