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
    python benchmarks/glue_dev.py --variant content --part validation --judge-out FILE
        # every false insertion (whitespace put where the HTML had no block boundary), with
        # context, for blind judges: a page's own missing spaces ("said.The") count as false
        # insertions here, so the judges tell how many of them are right repairs
"""

from __future__ import annotations

import argparse
import hashlib
import json
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


def _skeleton(text: str) -> tuple[list[int], set[int]]:
    """(offset of each non-whitespace character, the indices k > 0 of those with whitespace
    right before them), as the set's score.py counts them."""
    offsets, spaced, before = [], set(), False
    for i, c in enumerate(text):
        if c.isspace():
            before = True
        else:
            if before and offsets:
                spaced.add(len(offsets))
            offsets.append(i)
            before = False
    return offsets, spaced


def false_insertions(variant: str, doc_id: str, text: str, out: str) -> list[dict[str, object]]:
    """Whitespace the output has where neither the input nor a (possibly ambiguous) glue
    position has it, with 150 characters of context each side."""
    glue = json.loads((DATA / variant / "glue" / f"{doc_id}.json").read_text("utf-8"))
    offsets, had = _skeleton(text)
    out_offsets, has = _skeleton(out)
    index = {offset: k for k, offset in enumerate(offsets)}
    known = {index[p["offset"]] for p in glue["glue"] + glue["ambiguous"] if p["offset"] in index}
    items = []
    for k in sorted(has - had - known):
        left, right = out[max(0, out_offsets[k] - 150) : out_offsets[k]], out[out_offsets[k] : out_offsets[k] + 150]
        start = offsets[k]
        items.append({"rule": "in-line", "before": text[max(0, start - 150) : start] + text[start : start + 150], "after": left + right, "source": f"glue-dev/{variant}/docs/{doc_id}.txt"})
    return items


def run(variant: str, parts: list[str], options: list[str], show: int, prefix: str, judge_out: Path | None = None) -> None:
    vdir = DATA / variant
    ids = sorted(p.stem for p in (vdir / "docs").glob("*.txt"))
    clean = pipeline(options).clean
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "out"
        out.mkdir()
        start = time.perf_counter()
        sample: list[dict[str, object]] = []
        for doc_id in ids:
            text = (vdir / "docs" / f"{doc_id}.txt").read_text("utf-8")
            cleaned = clean(text)
            (out / f"{doc_id}.txt").write_text(cleaned, "utf-8")
            if judge_out is not None and part_of(doc_id) in parts:
                sample += false_insertions(variant, doc_id, text, cleaned)
        print(f"# {variant}: {len(ids)} pages cleaned in {time.perf_counter() - start:.1f} s")
        if judge_out is not None:
            with judge_out.open("w", encoding="utf-8") as handle:
                for number, item in enumerate(sample, 1):
                    handle.write(json.dumps({"id": number, **item}, ensure_ascii=False) + "\n")
            print(f"wrote {len(sample)} false insertions to {judge_out}")
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
    parser.add_argument("--judge-out", type=Path, help="write the false insertions of the chosen parts (one variant) for blind judges")
    args = parser.parse_args()
    variants = args.variant or ["content", "page"]
    if args.judge_out and len(variants) != 1:
        parser.error("--judge-out needs one --variant")
    for variant in variants:
        run(variant, args.part or ["tune", "validation"], args.options, args.show, "aeb-" if args.aeb else None, args.judge_out)


if __name__ == "__main__":
    main()
