"""Score line removal on a boilerplate set (boilerplate-dev), as its README says.

A noisy line is content if its normalized form (lowercase, every run of non-word
characters one space) occurs in the same way normalized gold text, boilerplate otherwise.
Removal precision = removed lines that were boilerplate; recall = boilerplate lines removed;
content lost = content lines removed, as a share of all content lines.

    python benchmarks/boilerplate.py --data ../shared/data/boilerplate-dev [--show 20]
    python benchmarks/boilerplate.py --pages [--code /work/main] [--title]

``--pages`` scores the boilerplate and duplicate-lines passes on real pages instead: the noisy
extraction of every page of boilerplate-train (grouped by source; the shipped scorer trained
on readability and trafilatura-eval only, so the other sources are validation) and of
boilerplate-dev split into its tuning and validation halves. Headlines are neutral (lines
that are the page title, and boilerplate-dev's first line, count neither way). ``--title``
passes each page's title to the pipeline; ``--code DIR`` measures another checkout.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable

_NON_WORD = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def removed_lines(noisy: list[str], output: str) -> list[bool]:
    """Which noisy lines the cleaner removed (it may only delete lines or cut their tails)."""
    out = [line for line in output.split("\n")]
    removed = []
    j = 0
    for line in noisy:
        if j < len(out) and (out[j] == line or (out[j].strip() and line.startswith(out[j].rstrip()))):
            removed.append(False)
            j += 1
        else:
            removed.append(True)
    return removed


def c4_rules(text: str) -> str:
    """The C4 line filters, for scale: terminal punctuation, 3+ words, no policy words."""
    keep = []
    for line in text.split("\n"):
        lower = line.lower()
        if not line.strip().endswith((".", "!", "?", '"', "”", "'")):
            continue
        if len(line.split()) < 3 or "javascript" in lower or "lorem ipsum" in lower:
            continue
        if any(p in lower for p in ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies")):
            continue
        keep.append(line)
    return "\n".join(keep)


def score(data: Path, clean: Callable[[str], str], show: int) -> dict[str, float]:
    removed_bp = removed_content = bp_total = content_total = 0
    lost: list[str] = []
    missed: list[str] = []
    for path in sorted((data / "noisy").glob("*.txt")):
        noisy_text = path.read_text("utf-8")
        gold = " " + " ".join(norm((data / "gold" / path.name).read_text("utf-8")).split()) + " "
        noisy = noisy_text.split("\n")
        flags = removed_lines(noisy, clean(noisy_text))
        for line, gone in zip(noisy, flags):
            key = norm(line)
            if not key:
                continue
            content = f" {key} " in gold
            if content:
                content_total += 1
                removed_content += gone
                if gone:
                    lost.append(f"{path.name[:8]}: {line[:100]}")
            else:
                bp_total += 1
                removed_bp += gone
                if not gone:
                    missed.append(f"{path.name[:8]}: {line[:100]}")
    removed = removed_bp + removed_content
    result = {
        "precision": 100 * removed_bp / removed if removed else 100.0,
        "recall": 100 * removed_bp / bp_total if bp_total else 0.0,
        "content_lost": 100 * removed_content / content_total if content_total else 0.0,
        "removed": removed,
        "boilerplate": bp_total,
        "content": content_total,
        "content_removed": removed_content,
    }
    for line in lost[:show]:
        print(f"    LOST   {line}")
    for line in missed[:show]:
        print(f"    MISSED {line}")
    return result


def score_pages(clean: Callable[..., str], use_title: bool, show: int, halves: bool = False) -> None:
    """P, R and content lost per source on the labelled pages (noisy extraction); with
    ``halves``, the sources that do not train the scorer split by site into half a (which
    chooses the scorer's threshold) and half b (which only reports)."""
    from boilerplate_data import PERMITTED, documents, site_half

    stats: dict[str, list[int]] = {}
    shown: list[str] = []
    for doc in documents():
        if doc["variant"] != "noisy":
            continue
        source = doc["source"] + (f" ({doc['half']})" if doc.get("half") else "")
        if halves and doc["source"] not in PERMITTED:
            source += f" (sites {site_half(doc['site'])})"
        path = _page_path(doc)
        text = path.read_text("utf-8")
        noisy = text.split("\n")
        gone = removed_lines(noisy, clean(text, doc["title"]) if use_title else clean(text))
        row = stats.setdefault(source, [0, 0, 0, 0, 0])  # pages, boilerplate, removed bp, content, removed content
        row[0] += 1
        for n, (label, _mixed, title) in doc["labels"].items():
            if title:
                continue
            if label:
                row[1] += 1
                row[2] += gone[n - 1]
            else:
                row[3] += 1
                row[4] += gone[n - 1]
                if gone[n - 1] and len(shown) < show:
                    shown.append(f"    LOST {source}/{doc['id']}: {noisy[n - 1][:100]}")
    print("| source | pages | boilerplate lines | removed | P | R | content lost |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for source, (pages, bp, tp, content, fp) in sorted(stats.items()):
        removed = tp + fp
        p = f"{tp / removed:.3f}" if removed else "-"
        print(f"| {source} | {pages} | {bp} | {removed} | {p} | {tp / bp if bp else 0:.3f} | {100 * fp / content:.2f}% ({fp}/{content}) |")
    print("\n".join(shown))


def _page_path(doc: dict) -> Path:
    from boilerplate_data import DEV, TRAIN

    if doc["source"] == "boilerplate-dev":
        return DEV / "noisy" / f"{doc['id']}.txt"
    return TRAIN / doc["source"] / "noisy" / f"{doc['id']}.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data" / "boilerplate-dev")
    parser.add_argument("--show", type=int, default=0, help="print N lost content lines and N missed boilerplate lines")
    parser.add_argument("--pages", action="store_true", help="score on boilerplate-train's and boilerplate-dev's pages by source")
    parser.add_argument("--code", type=Path, help="the textfix checkout to measure (default: this one)")
    parser.add_argument("--title", action="store_true", help="with --pages: pass each page's title")
    parser.add_argument("--select", default="boilerplate,duplicate-lines", help="with --pages: the passes to run")
    parser.add_argument("--model", type=Path, help="the scorer's model file (default: the shipped one)")
    parser.add_argument("--halves", action="store_true", help="with --pages: split the validation sources by site half")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code or Path(__file__).resolve().parents[1]))
    sys.path.insert(1, str(Path(__file__).resolve().parent))
    from textfix import Config, Pipeline

    if args.model:
        from textfix.passes import line_scorer

        line_scorer.model_path = lambda: args.model.resolve()  # read when the pass is built
    if args.pages:
        line_passes = Pipeline(Config(select=tuple(args.select.split(","))))
        score_pages(line_passes.clean, args.title, args.show, args.halves)
        return
    line_passes = Pipeline(Config(select=("boilerplate", "duplicate-lines")))
    cleaners: dict[str, Callable[[str], str]] = {
        "textfix boilerplate+duplicate-lines": line_passes.clean,
        "C4 line rules": c4_rules,
    }
    print(f"# {args.data}")
    print(f"{'cleaner':<38} {'precision':>9} {'recall':>7} {'content lost':>13} {'removed':>8} {'s':>6}")
    for name, clean in cleaners.items():
        start = time.perf_counter()
        r = score(args.data, clean, args.show if name.startswith("textfix") else 0)
        seconds = time.perf_counter() - start
        print(
            f"{name:<38} {r['precision']:8.1f}% {r['recall']:6.1f}% {r['content_lost']:7.2f}% ({int(r['content_removed'])}/{int(r['content'])}) {int(r['removed']):>5} {seconds:6.2f}"
        )


if __name__ == "__main__":
    main()
