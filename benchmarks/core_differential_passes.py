"""The small passes' one-call paths in the compiled core against the Python reference on every
real corpus here: the whitespace pass (whitespace_fix, with and without edit records, at the
document's edges and inside it), duplicate-lines (duplicate_removals, with repeated-later off
and on), the unicode pass's gate (unicode_gate: where the gate first matches) and the unicode
and punctuation-spacing passes whole. Prints the counts of documents, of documents each
core path decided itself (the others it leaves to the reference) and the differences
(expected 0).

    python benchmarks/core_differential_passes.py                      # /work/shared/data
    python benchmarks/core_differential_passes.py --data /tmp/realdocs
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable, Iterator

sys.path.insert(0, str(Path(__file__).resolve().parent))

from core_differential_lines import documents as documents_under, report  # noqa: E402
from textfix import engine  # noqa: E402
from textfix.passes.duplicates import DuplicateLinesPass  # noqa: E402
from textfix.passes.lines import unicode_core  # noqa: E402
from textfix.passes.punctuation import PunctuationSpacingPass  # noqa: E402
from textfix.passes.unicode import _ASCII_GATE, UnicodePass, text_gate  # noqa: E402
from textfix.passes.whitespace import WhitespacePass  # noqa: E402



def documents(roots: list[Path]) -> Iterator[tuple[str, str]]:
    """Each root's documents as core_differential_lines reads them (long files in pieces)."""
    for root in roots:
        yield from documents_under(root)


def both(function: Callable[[], object]) -> tuple[object, object]:
    with engine.use("python"):
        reference = function()
    with engine.use("compiled"):
        compiled = function()
    return reference, compiled


def reference_first(text: str) -> int:
    """Where the reference's gate first matches (-1: nowhere), for a text in NFC."""
    found = (_ASCII_GATE if text.isascii() else text_gate()).search(text)
    return -1 if found is None else found.start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", help="a folder of .txt files (repeatable; default /work/shared/data)")
    parser.add_argument("--limit", type=int, default=0, help="stop after this many documents (0: all)")
    args = parser.parse_args()
    with engine.use("compiled"):
        core = unicode_core()
        UnicodePass()._gate_and_first("")  # loads the gate's sets into the core
    whitespace, dedup = WhitespacePass(), DuplicateLinesPass()
    dedup_later = DuplicateLinesPass(disabled=frozenset())
    unicode, punctuation = UnicodePass(), PunctuationSpacingPass()
    counts: Counter[str] = Counter()
    differ: list[str] = []
    started = time.perf_counter()
    for number, (name, text) in enumerate(documents(args.data or [Path("/work/shared/data")]), 1):
        if args.limit and number > args.limit:
            break
        counts["documents"] += 1
        checks: dict[str, Callable[[], object]] = {
            "whitespace": lambda: whitespace.run(text),
            "whitespace, no records": lambda: whitespace.run(text, record=False),
            "whitespace, a middle piece": lambda: whitespace.run(text, record=False, head=False, tail=False),
            "duplicate-lines": lambda: dedup.run(text),
            "duplicate-lines, no records": lambda: dedup.run(text, record=False),
            "duplicate-lines with repeated-later": lambda: dedup_later.run(text),
            "unicode": lambda: unicode.run(text),
            "punctuation-spacing": lambda: punctuation.run(text),
        }
        for check, function in checks.items():
            reference, compiled = both(function)
            if reference != compiled:
                differ.append(f"{name}: {check}")
        counts["documents whitespace_fix decided"] += core.whitespace_fix(text, True, True, 2, True, True, whitespace._pattern.pattern, whitespace._core_enabled, False) is not None
        counts["documents duplicate_removals decided"] += core.duplicate_removals(text, 60, 200, dedup._core_enabled) is not None
        first = core.unicode_gate(text, True)
        if first is None:
            counts["documents unicode_gate left to the reference"] += 1
        else:
            counts["documents unicode_gate decided"] += 1
            counts["documents where the gate matches"] += first >= 0
            if not (text.isascii() or unicodedata.is_normalized("NFC", text)) or first != reference_first(text):
                differ.append(f"{name}: unicode gate")
    return report(counts, differ, started, width=45)


if __name__ == "__main__":
    sys.exit(main())
