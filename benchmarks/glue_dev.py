"""Score the in-line passes on glue-dev (real glue at HTML block boundaries), in process.

The pages are split by id into a tuning half and a validation half with a fixed seed
(sha1 of "glue-dev-15:" + id, even/odd), so that every run sees the same split. Each
page is cleaned in this process (no subprocess per page) and written to a scratch folder;
the set's own score.py then scores those outputs (``dir:`` mode), per part and for the AEB
pages alone. Agreement with score.py's ``cmd:`` mode is exact by construction: the same
outputs are scored by the same code.

    python benchmarks/glue_dev.py                       # content and page, tune and validation
    python benchmarks/glue_dev.py --variant content --part tune --show 20
    python benchmarks/glue_dev.py -O split-words.glue-rate=0.01
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textfix import Config, Pipeline

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "glue-dev"
PASSES = ("punctuation-spacing", "split-words")


def part_of(doc_id: str) -> str:
    digest = hashlib.sha1(f"glue-dev-15:{doc_id}".encode()).digest()
    return "tune" if digest[0] % 2 == 0 else "validation"


def pipeline(options: list[str]) -> Pipeline:
    config = Config(select=PASSES)
    for option in options:
        key, value = option.split("=", 1)
        pass_id, name = key.split(".", 1)
        config = config.with_options(pass_id, **{name.replace("-", "_"): type_of(value)})
    return Pipeline(config)


def type_of(value: str) -> object:
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    return value


def run(variant: str, parts: list[str], options: list[str], show: int, prefix: str) -> None:
    vdir = DATA / variant
    ids = sorted(p.stem for p in (vdir / "docs").glob("*.txt"))
    clean = pipeline(options).clean
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        out.mkdir()
        start = time.perf_counter()
        for doc_id in ids:
            text = (vdir / "docs" / f"{doc_id}.txt").read_text("utf-8")
            (out / f"{doc_id}.txt").write_text(clean(text), "utf-8")
        print(f"# {variant}: {len(ids)} pages cleaned in {time.perf_counter() - start:.1f} s")
        for part in parts:
            subset = Path(scratch) / part / variant
            for folder in ("docs", "glue", "ref"):
                (subset / folder).mkdir(parents=True)
            for doc_id in ids:
                if part in ("all", part_of(doc_id)):
                    for folder, ext in (("docs", "txt"), ("glue", "json"), ("ref", "txt")):
                        os.symlink(vdir / folder / f"{doc_id}.{ext}", subset / folder / f"{doc_id}.{ext}")
            for pre in ("", prefix):
                if pre is None:
                    continue
                print(f"## {variant} {part}{' ' + pre if pre else ''}", flush=True)
                command = [sys.executable, str(DATA / "score.py"), str(subset), f"dir:{out}", "--prefix", pre]
                if show:
                    command += ["--show", str(show)]
                subprocess.run(command, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", choices=("content", "page"))
    parser.add_argument("--part", action="append", choices=("tune", "validation", "all"))
    parser.add_argument("-O", dest="options", action="append", default=[], help="PASS.OPTION=VALUE")
    parser.add_argument("--show", type=int, default=0)
    parser.add_argument("--aeb", action="store_true", help="also score the AEB pages alone")
    args = parser.parse_args()
    for variant in args.variant or ["content", "page"]:
        run(variant, args.part or ["tune", "validation"], args.options, args.show, "aeb-" if args.aeb else None)


if __name__ == "__main__":
    main()
