"""Score space insertions on a whitespace-correction set (wsc-wiki-dev), as its README says.

Each text is normalized (NFKC, whitespace collapsed, stripped) and viewed as its non-space
characters plus the set of positions where a space stands before a character. Needed
insertions are spaces in `correct` but not in `corrupt`; predicted insertions are spaces in
the output but not in `corrupt`. Precision, recall and F1 are micro-averaged over the file.
`correct.txt` alone is a clean-text set: every space inserted into it is a false positive.

    python benchmarks/wsc.py --data ../shared/data/wsc-wiki-dev
    python benchmarks/wsc.py --data DIR --cleaner punctuation-spacing --cleaner naive-wordsegment
    python benchmarks/wsc.py --whole-file --cleaner split-words   # the file as one document
    python benchmarks/wsc.py -O split-words.preset=dense --part validation   # in-line passes, options
    python benchmarks/wsc.py --part validation --judge-out FILE   # the changed clean lines, for judges
    
--part tune|validation scores only the lines of that part: blocks of 500 lines, assigned by
a fixed seed (sha1 of "wsc-15:" + block number, even/odd).
"""

from __future__ import annotations

import argparse
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cleaners import CLEANERS, make_cleaner  # noqa: E402


def normalize(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def space_positions(text: str) -> tuple[str, set[int]]:
    """(non-space characters, indexes of characters that have a space before them)."""
    chars: list[str] = []
    spaces: set[int] = set()
    pending = False
    for char in text:
        if char == " ":
            pending = True
            continue
        if pending and chars:
            spaces.add(len(chars))
        pending = False
        chars.append(char)
    return "".join(chars), spaces


def kind(chars: str, index: int) -> str:
    """Class of an insertion point: between two letters, next to punctuation, or a digit."""
    left, right = chars[index - 1], chars[index]
    if left.isdigit() or right.isdigit():
        return "digit"
    if left.isalpha() and right.isalpha():
        return "letters"
    return "punctuation"


def score(corrupt: list[str], output: list[str], correct: list[str]) -> dict[str, Counter[str]]:
    """Counts of needed, predicted and correct insertions, overall and by class."""
    counts: dict[str, Counter[str]] = {"all": Counter()}
    for bad, out, good in zip(corrupt, output, correct):
        bad_chars, bad_spaces = space_positions(normalize(bad))
        out_chars, out_spaces = space_positions(normalize(out))
        good_chars, good_spaces = space_positions(normalize(good))
        if out_chars != bad_chars:
            raise ValueError(f"the cleaner changed non-space characters: {bad!r} -> {out!r}")
        needed = good_spaces - bad_spaces
        predicted = out_spaces - bad_spaces
        for group, points in (("needed", needed), ("predicted", predicted), ("correct", needed & predicted)):
            counts["all"][group] += len(points)
            for point in points:
                counts.setdefault(kind(bad_chars, point), Counter())[group] += 1
        counts["all"]["deleted"] += len(bad_spaces - out_spaces)
    return counts


def prf(counts: Counter[str]) -> tuple[float, float, float]:
    p = counts["correct"] / counts["predicted"] if counts["predicted"] else 1.0
    r = counts["correct"] / counts["needed"] if counts["needed"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return 100 * p, 100 * r, 100 * f


def false_insertions(cleaner: Callable[[str], str], correct: list[str], most: int = 40) -> tuple[int, int, list[tuple[str, str]]]:
    """(spaces inserted into clean text, words in it, up to ``most`` examples)."""
    inserted = 0
    words = 0
    examples: list[tuple[str, str]] = []
    for line in correct:
        out = cleaner(line)
        chars, spaces = space_positions(normalize(line))
        out_chars, out_spaces = space_positions(normalize(out))
        words += len(line.split())
        extra = out_spaces - spaces
        if extra:
            inserted += len(extra)
            if len(examples) < most:
                examples.append((line, out))
    return inserted, words, examples


def whole_file(cleaner: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    """Clean all lines as one text (what `textfix fix corrupt.txt` sees) and split it back."""

    def clean_lines(lines: list[str]) -> list[str]:
        out = cleaner("\n".join(lines)).split("\n")
        if len(out) != len(lines):
            raise ValueError("the cleaner changed the number of lines")
        return out

    return clean_lines


BLOCK = 500


def part_of(line_number: int) -> str:
    import hashlib

    return "tune" if hashlib.sha1(f"wsc-15:{line_number // BLOCK}".encode()).digest()[0] % 2 == 0 else "validation"


def judging_sample(cleaner: Callable[[str], str], correct: list[str], path: Path) -> None:
    """Every line of clean text the cleaner changed, as a sample for blind judges (the clean
    side is Wikipedia as written, with its own missing spaces: "towns,with")."""
    import json

    _, _, examples = false_insertions(cleaner, correct, most=len(correct))
    with path.open("w", encoding="utf-8") as handle:
        for number, (before, after) in enumerate(examples, 1):
            item = {"id": number, "rule": "in-line", "before": before, "after": after, "source": "wsc-wiki-dev/correct.txt"}
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    print(f"wrote {len(examples)} changed lines to {path}")


def run(names: Iterable[str], data: Path, limit: int | None, show: int, whole: bool = False, part: str = "all", options: list[str] | None = None, judge_out: Path | None = None) -> None:
    corrupt = (data / "corrupt.txt").read_text("utf-8").splitlines()[:limit]
    correct = (data / "correct.txt").read_text("utf-8").splitlines()[:limit]
    if part != "all":
        keep = [i for i in range(len(corrupt)) if part_of(i) == part]
        corrupt, correct = [corrupt[i] for i in keep], [correct[i] for i in keep]
    print(f"# {data} ({len(corrupt)} lines)")
    if judge_out is not None:
        judging_sample(make_cleaner("in-line"), correct, judge_out)
    print(f"{'cleaner':<26} {'P':>6} {'R':>6} {'F1':>6} | {'P/R letters':>13} {'P/R punct':>13} {'P/R digit':>13} | {'false/10k words':>15} {'s':>6}")
    for name in names:
        if options:
            from glue_dev import pipeline

            clean = pipeline(options).clean
            cleaner = lambda text, clean=clean: clean(text).rstrip("\n")  # noqa: E731
            name = " ".join(options)
        else:
            cleaner = make_cleaner(name)
        start = time.perf_counter()
        if whole:
            lines_cleaner = whole_file(cleaner)
            output = lines_cleaner(corrupt)
            clean_out = lines_cleaner(correct)
            inserted, words, examples = false_insertions(lambda line, it=iter(clean_out): next(it), correct)
        else:
            output = [cleaner(line) for line in corrupt]
            inserted, words, examples = false_insertions(cleaner, correct)
        counts = score(corrupt, output, correct)
        seconds = time.perf_counter() - start
        p, r, f = prf(counts["all"])
        parts = []
        for group in ("letters", "punctuation", "digit"):
            gp, gr, _ = prf(counts.get(group, Counter()))
            parts.append(f"{gp:5.1f}/{gr:5.1f}".rjust(13))
        per10k = 10000 * inserted / words
        print(f"{name:<26} {p:6.1f} {r:6.1f} {f:6.1f} | {' '.join(parts)} | {per10k:15.2f} {seconds:6.1f}")
        for line, out in examples[:show]:
            at = next((i for i, (a, b) in enumerate(zip(line, out)) if a != b), len(line))
            print(f"    clean: ...{line[max(0, at - 50):at + 30]}\n    out:   ...{out[max(0, at - 50):at + 30]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "wsc-wiki-dev")
    parser.add_argument("--cleaner", action="append", choices=sorted(CLEANERS), help="cleaners to score (default: textfix's in-line passes)")
    parser.add_argument("--limit", type=int, help="only the first N lines")
    parser.add_argument("--show", type=int, default=0, help="print N false insertions on clean text per cleaner")
    parser.add_argument("--whole-file", action="store_true", help="clean each file as one document instead of line by line")
    parser.add_argument("--part", choices=("all", "tune", "validation"), default="all")
    parser.add_argument("--judge-out", type=Path, help="write every clean line the default in-line passes change, for blind judges")
    parser.add_argument("-O", dest="options", action="append", default=[], help="PASS.OPTION=VALUE: score the in-line passes with these options")
    args = parser.parse_args()
    run(args.cleaner or ["in-line"], args.data, args.limit, args.show, args.whole_file, args.part, args.options, args.judge_out)


if __name__ == "__main__":
    main()
