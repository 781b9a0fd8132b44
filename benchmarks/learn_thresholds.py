"""Measure `textfix learn`'s thresholds on real sites with many pages (boilerplate-train).

    python benchmarks/learn_thresholds.py [--min-pages 10] [--variant noisy]

Each site of pages.tsv with at least --min-pages pages is one source. A line (normalized as
`learn` counts it) is "learned" when it stands in at least min-count pages of its site and in
at least min-share of them. Printed per threshold pair: how many line occurrences the learned
lines remove on those sites, the share that are boilerplate by the label rule (title lines
neutral), and the share of all the sites' boilerplate occurrences they catch. Also printed: the
document share of each recurring boilerplate line, so the default is read off measured shares.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from boilerplate_data import documents  # noqa: E402

from textfix.passes.lines import normalize  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-pages", type=int, default=10)
    parser.add_argument("--variant", default="noisy")
    args = parser.parse_args()
    by_site: dict[str, list[list[tuple[str, int, int]]]] = defaultdict(list)
    for doc in documents():
        if doc["variant"] != args.variant or doc["source"] == "boilerplate-dev" or doc["site"].startswith("page:"):
            continue
        lines = []
        for n, line in doc["lines"]:
            if n in doc["labels"] and len(line) <= 300:
                key = normalize(line)
                if len(key) >= 3:
                    label, _mixed, title = doc["labels"][n]
                    lines.append((key, label, title))
        by_site[doc["site"]].append(lines)
    sites = {s: pages for s, pages in by_site.items() if len(pages) >= args.min_pages}
    print(f"{len(sites)} sites with >= {args.min_pages} pages ({sum(len(p) for p in sites.values())} pages, variant {args.variant})")
    total_bp = 0
    occurrences = []  # (count, share, label) per non-title line occurrence
    shares_of_bp_lines = []
    for pages in sites.values():
        docs_with = Counter(key for page in pages for key in {k for k, _, _ in page})
        seen_bp: set[str] = set()
        for page in pages:
            for key, label, title in page:
                if title:
                    continue
                total_bp += label
                occurrences.append((docs_with[key], docs_with[key] / len(pages), label))
                if label and docs_with[key] >= 2 and key not in seen_bp:
                    seen_bp.add(key)
                    shares_of_bp_lines.append(docs_with[key] / len(pages))
    print("| min-count | min-share | removed | precision | recall of the sites' boilerplate |")
    print("| --- | --- | --- | --- | --- |")
    for min_count in (3, 5):
        for share in (0.03, 0.05, 0.1, 0.15, 0.2, 0.3):
            hit = [label for count, s, label in occurrences if count >= min_count and s >= share]
            if hit:
                print(f"| {min_count} | {share} | {len(hit)} | {sum(hit) / len(hit):.3f} | {sum(hit) / total_bp:.3f} |")
    shares_of_bp_lines.sort()
    quant = [shares_of_bp_lines[int(q * (len(shares_of_bp_lines) - 1))] for q in (0.1, 0.25, 0.5, 0.75)]
    print(f"\ndocument share of boilerplate lines that recur in a site (n={len(shares_of_bp_lines)}): "
          f"10% {quant[0]:.2f}, 25% {quant[1]:.2f}, median {quant[2]:.2f}, 75% {quant[3]:.2f}")


if __name__ == "__main__":
    main()
