"""Labelled lines for the boilerplate scorer: boilerplate-train (every source, both variants)
and boilerplate-dev, as feature rows (textfix.passes.line_scorer) with their labels.

Each row: source, page id, variant, site, line number, text, label (1 boilerplate, 0 content),
mixed (boilerplate by the rule but mostly content: gold_overlap >= 0.5), title (the line is
the page's title), then the features. Used by train_boilerplate.py and boilerplate_eval.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Iterator

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TRAIN = DATA / "boilerplate-train"
DEV = DATA / "boilerplate-dev"
#: Sources whose licence lets them train the shipped model (shared/data/README.md).
PERMITTED = ("readability", "trafilatura-eval", "boilerplate-dev")

_NON_WORD = re.compile(r"[\W_]+")


def norm(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower()).strip()


def dev_half(page_id: str) -> str:
    """boilerplate-dev's fixed page split: 'tune' or 'validate' (by a hash of the page id)."""
    return "tune" if hashlib.sha1(f"bp16:{page_id}".encode()).digest()[0] < 128 else "validate"


def site_half(site: str) -> str:
    """A fixed split of the other sources by site, for learning curves: 'a' or 'b'."""
    return "a" if hashlib.sha1(f"site16:{site}".encode()).digest()[0] < 128 else "b"


def _pages() -> dict[tuple[str, str], dict[str, str]]:
    import csv

    with open(TRAIN / "pages.tsv", encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {(r["source"], r["id"]): r for r in rows}


def documents() -> Iterator[dict]:
    """Every labelled document: {source, id, variant, site, title, lines: [(line_no, text)],
    labels: {line_no: (label, mixed, title)}}."""
    pages = _pages()
    labels: dict[tuple[str, str, str], dict[int, tuple[int, int, int]]] = {}
    for name in ("labels.jsonl.gz", "labels-crude.jsonl.gz"):
        with gzip.open(TRAIN / name, "rt", encoding="utf-8") as f:
            for raw in f:
                r = json.loads(raw)
                bp = r["label"] == "boilerplate"
                labels.setdefault((r["source"], r["id"], r["variant"]), {})[r["line_no"]] = (
                    int(bp), int(bp and r["gold_overlap"] >= 0.5), int(r["is_title"]))
    with open(TRAIN / "trafilatura-eval" / "labels-partial.jsonl", encoding="utf-8") as f:
        for raw in f:
            r = json.loads(raw)
            labels.setdefault((r["source"], r["id"], r["variant"]), {})[r["line_no"]] = (
                int(r["label"] == "boilerplate"), 0, int(r.get("is_title", False)))
    for (source, page_id, variant), page_labels in sorted(labels.items()):
        page = pages[(source, page_id)]
        path = TRAIN / (page["noisy_file"] if variant == "noisy" else page["crude_file"])
        text = path.read_text("utf-8")
        yield {
            "source": source, "id": page_id, "variant": variant, "site": page["site"] or f"page:{page_id}",
            "title": page["og_title"] or page["title"] or None,
            "lines": [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()],
            "labels": page_labels,
        }
    for path in sorted((DEV / "noisy").glob("*.txt")):
        text = path.read_text("utf-8")
        gold = " " + " ".join(norm((DEV / "gold" / path.name).read_text("utf-8")).split()) + " "
        lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), 1) if line.strip()]
        page_labels = {}
        for k, (n, line) in enumerate(lines):
            key = norm(line)
            if key:
                # the first line is the headline (neutral in every count, as in boilerplate-train)
                page_labels[n] = (int(f" {key} " not in gold), 0, int(k == 0))
        yield {"source": "boilerplate-dev", "id": path.stem, "variant": "noisy", "site": f"dev:{path.stem}",
               "title": None, "lines": lines, "labels": page_labels, "half": dev_half(path.stem)}
