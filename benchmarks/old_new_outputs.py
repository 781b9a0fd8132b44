"""Outputs of two checkouts on the same documents: the same text and the same edits?

A change meant to keep every output (a speed-up of the reference) is checked against the code
before it: each checkout runs core_differential.py's worker in its own process, under its own
interpreter (so each has its own compiled core), and the two outputs are compared document by
document (text, then every edit's pass, rule, offsets, original, replacement and reason).

    python benchmarks/old_new_outputs.py --old-python /work/venv20/bin/python --old-root /work/main \
        --data /tmp/realdocs --data /work/shared/data --select split-words --again

``--again`` adds every document as the chain cleaned it (text already clean: the candidates
that recur); ``--engine python`` runs both checkouts on the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from core_differential import documents  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old-python", required=True, help="the interpreter of the old checkout (its venv has its core)")
    parser.add_argument("--old-root", type=Path, required=True, help="the old checkout")
    parser.add_argument("--data", type=Path, action="append", default=[], help="a folder of .txt files (repeatable)")
    parser.add_argument("--generated", type=float, default=2.0, help="MB of generated documents")
    parser.add_argument("--select", help="comma-separated pass ids instead of the default chain")
    parser.add_argument("--engine", default="auto", choices=("auto", "python", "compiled"))
    parser.add_argument("--again", action="store_true", help="also every document as the default chain cleaned it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "docs.jsonl"
        names = []
        with listing.open("w", encoding="utf-8") as handle:
            for name, text in documents(args.data or [ROOT / "fixtures"], args.generated):
                handle.write(json.dumps([name, text], ensure_ascii=False) + "\n")
                names.append(name)
        if args.again:
            from textfix import Pipeline

            pipeline = Pipeline()
            with listing.open(encoding="utf-8") as source:
                cleaned = [(name + "#again", pipeline.clean(text)) for name, text in map(json.loads, source)]
            with listing.open("a", encoding="utf-8") as handle:
                for name, text in cleaned:
                    handle.write(json.dumps([name, text], ensure_ascii=False) + "\n")
        outputs = {}
        for side, python, root in (("old", args.old_python, args.old_root.resolve()), ("new", sys.executable, ROOT)):
            outputs[side] = Path(tmp) / f"{side}.jsonl"
            command = [python, str(root / "benchmarks" / "core_differential.py"), "--worker", str(listing), str(outputs[side])]
            command += ["--select", args.select] if args.select else []
            env = {**os.environ, "TEXTFIX_ENGINE": args.engine, "PYTHONPATH": str(root)}
            subprocess.run(command, check=True, env=env)
        count, differences = 0, []
        with outputs["old"].open(encoding="utf-8") as old, outputs["new"].open(encoding="utf-8") as new:
            for a, b in zip(old, new, strict=True):
                count += 1
                if a != b:
                    left, right = json.loads(a), json.loads(b)
                    what = "text" if left[1] != right[1] else "edits" if left[2] != right[2] else "notes"
                    differences.append(f"{left[0]}: {what} differ")
    for line in differences[:20]:
        print(line)
    print(f"{count} documents ({args.select or 'default chain'}, engine {args.engine}), {len(differences)} differ")
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()
