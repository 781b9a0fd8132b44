"""The speed benchmark runs end to end at a small size (a smoke run: no timing is asserted,
only that every section ran and reported its figures)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench.py"


def test_bench_runs_every_section_at_a_small_size() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH), "--mb", "0.2", "--peer-mb", "0.05"], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    rate = r"\s+\d+\.\d\d MB/s\s+\d+ docs/s"
    for name in ("unicode", "whitespace", "boilerplate", "duplicate-lines", "punctuation-spacing", "split-words"):
        assert re.search(rf"^pass {name}\b.*{rate}", out, re.M), name
    for line in ("default chain, clean", "default chain, clean, warm", "ftfy.fix_text", "naive wordsegment loop"):
        assert re.search(rf"^{re.escape(line)}{rate}", out, re.M), line
    assert re.search(r"textfix is \d+\.\d\dx ftfy\.fix_text", out)
    for line in ("import textfix", "first clean document", "first document needing the word counts", "textfix check on one small clean file"):
        assert re.search(rf"^{re.escape(line)}.*\s\d+ ms", out, re.M), line
    for target in ("folder", "one JSONL file"):
        for jobs in (1, 2):
            assert re.search(rf"^{target}, -j {jobs}{rate}.*peak RSS\s+\d+ MB", out, re.M), (target, jobs)
    assert len(re.findall(r"-j 2 is \d+\.\d\dx -j 1", out)) == 2
