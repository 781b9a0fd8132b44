"""The compiled core gives the default chain the same text and the same edits as the Python
reference, each engine in its own process (benchmarks/core_differential.py): on the
fixtures, the seeds, every test case's input and 1 MB of generated scraped text with every
artifact class. Per-function differential tests are in test_core_*.py."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from core_differential import compare  # noqa: E402


def test_default_chain_same_as_reference(compiled_core: object) -> None:
    count, differences = compare([ROOT / "fixtures"], generated_mb=1.0)
    assert count > 250
    assert differences == []
