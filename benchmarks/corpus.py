"""A large, realistic, deterministic batch of scraped-news documents for benchmarks.

Paragraphs are the fixture documents' own paragraphs mixed with sentences drawn from
wordsegment's English unigram frequencies (names, numbers and punctuation included), and
every artifact class is injected at a fixed, realistic rate: run-together words, detached
hyphens and spaces before punctuation, missing spaces after sentences, odd spaces and
doubled spaces, mojibake and HTML entities, duplicated paragraphs, boilerplate lines.
The same seed always gives the same bytes.

    python benchmarks/corpus.py --mb 100 --folder benchmarks/data/folder --jsonl benchmarks/data/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parent.parent
BOILERPLATE = [
    "Latest News", "Related Posts", "Share this article", "Click To Tweet", "Read more",
    "Sign up for our newsletter", "Advertisement", "Comments are closed.", "Follow us on Twitter",
]
NAMES = ["Zachary Reyes", "Maria Lopez", "John Smith", "Aiko Tanaka", "Sergei Ryabkov", "Amara Okafor"]
MOJIBAKE = {"’": "â€™", "é": "Ã©", "“": "â€œ", "”": "â€\x9d", "–": "â€“"}


def _vocabulary() -> tuple[list[str], list[float]]:
    """The 30,000 most frequent words of wordsegment's counts, with cumulative weights."""
    import itertools

    import wordsegment

    wordsegment.load()
    top = sorted(wordsegment.UNIGRAMS.items(), key=lambda kv: -kv[1])[:30000]
    words = [w for w, _ in top if len(w) > 1 or w in ("a", "i")]
    return words, list(itertools.accumulate(wordsegment.UNIGRAMS[w] ** 0.8 for w in words))


def _fixture_paragraphs() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted((ROOT / "fixtures").rglob("expected/*.txt")):
        paragraphs.extend(p.strip() for p in path.read_text("utf-8").split("\n\n") if len(p.strip()) > 80)
    return paragraphs


class Generator:
    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative = _vocabulary()
        self.fixtures = _fixture_paragraphs()

    def sentence(self) -> str:
        rng = self.rng
        n = rng.randint(8, 28)
        words = rng.choices(self.words, cum_weights=self.cumulative, k=n)
        for i in range(n):
            roll = rng.random()
            if roll < 0.06:
                words[i] = words[i].capitalize()
            elif roll < 0.08:
                words[i] = str(rng.randint(2, 2030))
            elif roll < 0.09:
                words[i] = rng.choice(NAMES).split()[rng.randint(0, 1)]
        words[0] = words[0].capitalize()
        if n > 12:
            words[n // 2] += ","
        return " ".join(words) + rng.choice([".", ".", ".", "?", '."'])

    def paragraph(self) -> str:
        rng = self.rng
        if self.fixtures and rng.random() < 0.2:
            text = rng.choice(self.fixtures)
        else:
            text = " ".join(self.sentence() for _ in range(rng.randint(2, 6)))
        return self.damage(text)

    def damage(self, text: str) -> str:
        rng = self.rng
        words = text.split(" ")
        for i in range(len(words) - 1):
            roll = rng.random()
            if roll < 0.004 and words[i].isalpha() and words[i + 1].isalpha():
                words[i] += "\0"  # glued to the next word below
            elif roll < 0.006:
                words[i] += "  "
            elif roll < 0.007:
                words[i] += "\u00a0"
        text = " ".join(words).replace("\0 ", "")
        roll = rng.random()
        if roll < 0.02:
            text = text.replace(", ", " , ", 1)
        elif roll < 0.04:
            text = text.replace(". ", ".", 1)
        elif roll < 0.05:
            for good, bad in MOJIBAKE.items():
                text = text.replace(good, bad)
        elif roll < 0.06:
            text = text.replace(" and ", " &amp; ", 1)
        return text

    def document(self) -> str:
        rng = self.rng
        paragraphs = [self.sentence().rstrip(".?\"")]  # a headline
        paragraphs += [self.paragraph() for _ in range(rng.randint(4, 14))]
        if rng.random() < 0.1:
            paragraphs.insert(2, paragraphs[1])  # a repeated standfirst
        if rng.random() < 0.3:
            paragraphs.append(rng.choice(BOILERPLATE))
        if rng.random() < 0.2:
            paragraphs.append("  \u2022 " + rng.choice(NAMES))
        return "\n\n".join(paragraphs) + ("\n" if rng.random() < 0.5 else "")

    def documents(self, total_bytes: int) -> Iterator[str]:
        size = 0
        while size < total_bytes:
            doc = self.document()
            size += len(doc.encode("utf-8"))
            yield doc


def write_folder(folder: Path, documents: Iterator[str], per_dir: int = 1000) -> int:
    count = 0
    for count, doc in enumerate(documents, 1):
        sub = folder / f"{count // per_dir:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"doc{count:07d}.txt").write_text(doc, "utf-8")
    return count


def write_jsonl(path: Path, documents: Iterator[str]) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for count, doc in enumerate(documents, 1):
            handle.write(json.dumps({"id": count, "text": doc, "source": "bench"}, ensure_ascii=False) + "\n")
    return count


def write_both(tmp: Path, mb: float, seed: int) -> tuple[Path, Path, int, int]:
    """The same documents as a folder of text files and as one JSON Lines file in ``tmp``:
    (folder, JSON Lines file, documents, bytes of text)."""
    folder, jsonl = tmp / "folder", tmp / "corpus.jsonl"
    files = write_folder(folder, Generator(seed).documents(int(mb * 1e6)))
    write_jsonl(jsonl, Generator(seed).documents(int(mb * 1e6)))
    return folder, jsonl, files, sum(p.stat().st_size for p in folder.rglob("*.txt"))


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the benchmark corpus.")
    parser.add_argument("--mb", type=float, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--jsonl", type=Path)
    args = parser.parse_args()
    size = int(args.mb * 1e6)
    if args.folder:
        print(f"{write_folder(args.folder, Generator(args.seed).documents(size))} files in {args.folder}")
    if args.jsonl:
        print(f"{write_jsonl(args.jsonl, Generator(args.seed).documents(size))} records in {args.jsonl}")


if __name__ == "__main__":
    main()
