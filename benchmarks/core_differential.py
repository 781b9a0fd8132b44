"""The compiled core against the Python reference, whole chain: same text, same edits.

Each engine runs in its own process (TEXTFIX_ENGINE=python / compiled), so that no cache of
one can answer for the other; the default chain cleans every document with edit records,
and the two outputs are compared document by document (the text, then every edit's pass,
rule, offsets, original, replacement and reason).

    python benchmarks/core_differential.py                       # fixtures, seeds, test cases, 2 MB generated
    python benchmarks/core_differential.py --data /work/shared/data --generated 0
    python benchmarks/core_differential.py --data DIR --select split-words
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def documents(folders: list[Path], generated_mb: float) -> Iterator[tuple[str, str]]:
    """(name, text) of every .txt file under the folders (undecodable ones skipped), the test
    cases' inputs and a deterministic generated batch."""
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            try:
                yield str(path), path.read_text("utf-8")
            except (UnicodeDecodeError, OSError):
                continue
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    for path in sorted((ROOT / "tests" / "cases").glob("*.toml")):
        for number, case in enumerate(tomllib.loads(path.read_text("utf-8"))["case"]):
            yield f"{path.name}#{number}", case["input"]
    if generated_mb > 0:
        from corpus import Generator

        for number, doc in enumerate(Generator(20).documents(int(generated_mb * 1e6))):
            yield f"generated#{number}", doc


def worker(listing: Path, out: Path, select: str | None) -> None:
    from textfix import Config, Pipeline, glue_model

    glue_model.COMPILED_AFTER = 0  # the compiled engine's model from the first document on
    config = Config(select=tuple(select.split(","))) if select else Config()
    pipeline = Pipeline(config)
    with listing.open(encoding="utf-8") as source, out.open("w", encoding="utf-8") as sink:
        for line in source:
            name, text = json.loads(line)
            fixed = pipeline.run(text)
            edits = [[e.pass_id, e.rule, e.start, e.end, e.original, e.replacement, e.reason] for e in fixed.edits]
            sink.write(json.dumps([name, fixed.text, edits, list(fixed.notes)], ensure_ascii=False) + "\n")


def compare(folders: list[Path], generated_mb: float, select: str | None = None, show: int = 5) -> tuple[int, list[str]]:
    """(documents compared, descriptions of the differences)."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "docs.jsonl"
        count = 0
        with listing.open("w", encoding="utf-8") as handle:
            for name, text in documents(folders, generated_mb):
                handle.write(json.dumps([name, text], ensure_ascii=False) + "\n")
                count += 1
        outputs = {}
        for name in ("python", "compiled"):
            outputs[name] = Path(tmp) / f"{name}.jsonl"
            command = [sys.executable, __file__, "--worker", str(listing), str(outputs[name])] + (["--select", select] if select else [])
            env = {**os.environ, "TEXTFIX_ENGINE": name, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
            subprocess.run(command, check=True, env=env)
        differences = []
        with outputs["python"].open(encoding="utf-8") as ref, outputs["compiled"].open(encoding="utf-8") as fast:
            for a, b in zip(ref, fast, strict=True):
                if a != b:
                    left, right = json.loads(a), json.loads(b)
                    what = "text" if left[1] != right[1] else "edits" if left[2] != right[2] else "notes"
                    differences.append(f"{left[0]}: {what} differ")
        return count, differences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, action="append", default=[], help="a folder of .txt files (repeatable)")
    parser.add_argument("--generated", type=float, default=2.0, help="MB of generated documents")
    parser.add_argument("--select", help="comma-separated pass ids instead of the default chain")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(*args.worker, args.select)
        return
    folders = args.data or [ROOT / "fixtures"]
    count, differences = compare(folders, args.generated, args.select)
    for line in differences[:20]:
        print(line)
    print(f"{count} documents, {len(differences)} differ")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
