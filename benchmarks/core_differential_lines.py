"""The compiled core's line scans against the Python reference on every real corpus here.

For every document (every .txt under the data folder; the 10,000-line files of wsc-wiki-dev
in pieces of 25 lines), compiled == reference for: the whitespace pass, the boilerplate pass (with the first line
as the title and without; and where its document scan says "quiet", the reference changes nothing), the duplicate-lines pass, every line's scorer features and
probability (scored_lines at threshold 0, so that every line's row is compared), every line's
rule hits, and duplicate-lines' forms. Prints the counts: documents, lines, the lines the core
handled itself (the others it leaves to the reference), and the differences (expected 0).

    python benchmarks/core_differential_lines.py                      # /work/shared/data
    python benchmarks/core_differential_lines.py --data /tmp/realdocs --limit 100
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

from textfix import engine
from textfix.passes import duplicates
from textfix.passes.boilerplate import BoilerplatePass, _line_features, _rule_scanner
from textfix.passes.duplicates import DuplicateLinesPass
from textfix.passes.line_scorer import _core_scanner, load_model, scored_lines
from textfix.passes.lines import unicode_core
from textfix.passes.whitespace import WhitespacePass

PIECE = 25
LONG = 2000


def documents(root: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(root.rglob("*.txt")):
        text = path.read_text("utf-8", errors="replace")
        lines = text.split("\n")
        if len(lines) > LONG:  # a corpus of one line per sentence: pieces of PIECE lines
            for start in range(0, len(lines), PIECE):
                yield f"{path}:{start + 1}", "\n".join(lines[start : start + PIECE])
        else:
            yield str(path), text


def both(function: Callable[[], object]) -> tuple[object, object]:
    _line_features.cache_clear()
    with engine.use("python"):
        reference = function()
    _line_features.cache_clear()
    with engine.use("compiled"):
        compiled = function()
    return reference, compiled


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--limit", type=int, default=0, help="stop after this many documents (0: all)")
    args = parser.parse_args()
    with engine.use("compiled"):
        core = unicode_core()
    model = load_model()
    features = _line_features(model.link_words)
    scanner = _core_scanner(core, features)
    boilerplate, dedup = BoilerplatePass(), DuplicateLinesPass()
    rules = _rule_scanner(core, boilerplate._core_rules)
    counts: Counter[str] = Counter()
    differ: list[str] = []
    started = time.perf_counter()
    for number, (name, text) in enumerate(documents(args.data), 1):
        if args.limit and number > args.limit:
            break
        counts["documents"] += 1
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        counts["lines"] += len(lines)
        title = lines[0] if lines else None
        checks: dict[str, Callable[[], object]] = {
            "whitespace": lambda: WhitespacePass().run(text),
            "boilerplate": lambda: BoilerplatePass().run(text),
            "boilerplate with title": lambda: BoilerplatePass().run(text, title=title),
            "duplicate-lines": lambda: DuplicateLinesPass().run(text),
            "scored lines": lambda: scored_lines(lines, _line_features(model.link_words), model, title, None, 0.0),
            "may_repeat": lambda: duplicates._may_repeat(text),
        }
        for check, function in checks.items():
            reference, compiled = both(function)
            if reference != compiled:
                differ.append(f"{name}: {check}")
        # the boilerplate document scan: quiet only where the reference changes nothing
        for scan_title in (None, title):
            with engine.use("compiled"):
                quiet = boilerplate._quiet(text, True, True, scan_title)
            counts["documents the boilerplate scan found quiet" + (" (title)" if scan_title else "")] += quiet
            if quiet:
                with engine.use("python"):
                    fixed = BoilerplatePass().run(text, title=scan_title)
                if fixed.text != text or fixed.edits or fixed.notes:
                    differ.append(f"{name}: boilerplate scan quiet" + (" (title)" if scan_title else ""))
        forms = core.compact_lines(text.split("\n"))
        counts["documents whose forms the core made"] += forms is not None
        if forms is not None and forms != [duplicates.compact(line) for line in text.split("\n")]:
            differ.append(f"{name}: compact")
        for line in lines:
            handled = scanner.line_features(line)
            counts["lines whose features the core made"] += handled is not None
            if handled is not None and tuple(handled) != features._features(line):
                differ.append(f"{name}: features of {line[:60]!r}")
            if len(line) <= 300:
                counts["lines read by the rules"] += 1
                numbers = rules.rules_of(line)
                counts["lines whose rule hits the core found"] += numbers is not None
                if numbers is not None and tuple(boilerplate._numbered[n] for n in numbers) != boilerplate._line_rules_uncached(line):
                    differ.append(f"{name}: rules of {line[:60]!r}")
                counts["lines some rule matches"] += bool(boilerplate._line_rules_uncached(line))
    return report(counts, differ, started)


def report(counts: Counter[str], differ: list[str], started: float, width: int = 40) -> int:
    """Print the counts and the first differences; the exit status (1 if any differ)."""
    for key, value in counts.items():
        print(f"{key:<{width}} {value:>9,}")
    print(f"{'differences':<{width}} {len(differ):>9,}   ({time.perf_counter() - started:.0f} s)")
    for line in differ[:20]:
        print("  ", line)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
