"""The unicode pass's word repair (unicode/mojibake-words) measured on real text.

1. Real corpora, as they are: every repair the rule makes is listed (``--list FILE``) to be
   read one by one; none may be false. Also counted: documents the rule's gate lets through.
2. Mojibake made from real text: in each document with accented Latin words, the words are
   encoded in UTF-8 and decoded with one codec (MacRoman, Windows-1252, Latin-1, cp437), in
   two ways: ``word`` (one distinct accented word, every occurrence, chosen at random) and
   ``all`` (every accented word of the document, as when a whole page was misread). Recall:
   damaged tokens that come back as written; false: other tokens that change (compared with
   the pass run on the undamaged document). ftfy alone (the rule off) in the same run.
3. Speed: the unicode pass with the rule on and off on the real pages, interleaved, best of
   ``--repeat``.

Documents are split by a fixed hash of their name into a tuning and a validation half.

    python benchmarks/mojibake.py --list /tmp/repairs.txt
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from textfix.passes.unicode import UnicodePass  # noqa: E402

CODECS = ("mac_roman", "cp1252", "latin-1", "cp437")
TOKEN = re.compile(r"[^\W\d_]+")


def corpora(data: Path) -> dict[str, list[tuple[str, str]]]:
    """name -> [(document name, text)]; wsc-wiki-dev's sentences in blocks of 50 lines."""
    found: dict[str, list[tuple[str, str]]] = {}
    folders = [("boilerplate-dev", data / "boilerplate-dev" / "noisy"), ("glue-dev", data / "glue-dev" / "content" / "docs")]
    folders += [(f"boilerplate-train/{p.parent.name}", p) for p in sorted((data / "boilerplate-train").glob("*/noisy"))]
    for name, folder in folders:
        found[name] = [(p.name, p.read_text(encoding="utf-8", errors="replace")) for p in sorted(folder.glob("*.txt"))]
    lines = (data / "wsc-wiki-dev" / "correct.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    found["wsc-wiki-dev"] = [(f"lines {i + 1}-{i + 50}", "".join(lines[i : i + 50])) for i in range(0, len(lines), 50)]
    return found


def half(name: str) -> str:
    return "validation" if hashlib.sha256(name.encode()).digest()[0] % 2 else "tuning"


def accented(word: str) -> bool:
    return not word.isascii() and all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in word)


def real_repairs(docs: dict[str, list[tuple[str, str]]], step: UnicodePass, listing: Path | None) -> None:
    from textfix.passes.mojibake import gate

    out = listing.open("w", encoding="utf-8") if listing else None
    print("1. real corpora as they are: repairs by unicode/mojibake-words")
    print(f"{'corpus':<34} {'docs':>6} {'gated':>6} {'repairs':>8}  (tuning / validation)")
    for corpus, items in docs.items():
        gated = Counter()
        repairs = Counter()
        for name, text in items:
            part = half(name)
            gated[part] += gate().search(text) is not None
            for edit in step.run(text).edits:
                if edit.rule == "mojibake-words":
                    repairs[part] += 1
                    if out:
                        out.write(f"{corpus}/{name}: {edit.reason}\n    {text[max(0, edit.start - 60):edit.end + 60]!r}\n")
        print(f"{corpus:<34} {len(items):>6} {gated['tuning']:>3}/{gated['validation']:<3} {repairs['tuning']:>4}/{repairs['validation']:<4}")
    if out:
        out.close()


def damage(text: str, words: set[str], codec: str) -> str:
    return TOKEN.sub(lambda m: m.group().encode("utf-8").decode(codec) if m.group() in words else m.group(), text)


def synthetic(docs: dict[str, list[tuple[str, str]]], steps: dict[str, UnicodePass], seed: int, limit: int) -> None:
    rng = random.Random(seed)
    pool = []
    for corpus, items in docs.items():
        for name, text in items:
            words = sorted({w for w in TOKEN.findall(text) if accented(w)})
            if words:
                pool.append((f"{corpus}/{name}", text, words))
    rng.shuffle(pool)
    pool = pool[:limit]
    print(f"\n2. mojibake made from real text: {len(pool)} documents with accented Latin words (seed {seed})")
    print(f"{'codec':<10} {'mode':<5} {'half':<11} {'damaged':>8} {'ftfy alone':>11} {'with rule':>10} {'false (ftfy/rule)':>18}")
    for codec in CODECS:
        for mode in ("word", "all"):
            tally: dict[str, Counter] = {"tuning": Counter(), "validation": Counter()}
            for name, text, words in pool:
                chosen = {rng.choice(words)} if mode == "word" else set(words)
                try:
                    damaged = damage(text, chosen, codec)
                except UnicodeDecodeError:
                    continue
                t = tally[half(name)]
                clean_tokens = text.split(" ")
                damaged_tokens = damaged.split(" ")
                for label, step in steps.items():
                    expected = step.run(text).text.split(" ")
                    got = step.run(damaged).text.split(" ")
                    if len(got) != len(clean_tokens) or len(expected) != len(clean_tokens):
                        t[f"misaligned {label}"] += 1
                        continue
                    for before, after, want, original in zip(damaged_tokens, got, expected, clean_tokens):
                        if before != original:
                            t[f"damaged {label}"] += 1
                            t[f"restored {label}"] += after == want
                        elif after != want:
                            t[f"false {label}"] += 1
            for part in ("tuning", "validation"):
                t = tally[part]
                n = t["damaged rule"] or 1
                print(
                    f"{codec:<10} {mode:<5} {part:<11} {t['damaged rule']:>8} {t['restored ftfy'] / max(1, t['damaged ftfy']):>11.3f}"
                    f" {t['restored rule'] / n:>10.3f} {t['false ftfy']:>8}/{t['false rule']:<8}"
                    + (f" misaligned {t['misaligned ftfy']}/{t['misaligned rule']}" if t["misaligned rule"] or t["misaligned ftfy"] else "")
                )


def speed(docs: dict[str, list[tuple[str, str]]], steps: dict[str, UnicodePass], repeat: int) -> None:
    texts = [text for items in docs.values() for _, text in items]
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = {label: float("inf") for label in steps}
    for _ in range(repeat):
        for label, step in steps.items():
            start = time.perf_counter()
            for text in texts:
                step.run(text)
            best[label] = min(best[label], time.perf_counter() - start)
    print(f"\n3. speed of the unicode pass on the {len(texts)} real documents ({size:.1f} MB), best of {repeat}:")
    for label, seconds in best.items():
        print(f"   {label:<6} {seconds:.3f} s  {size / seconds:.1f} MB/s")
    print(f"   ratio rule/ftfy alone: {best['rule'] / best['ftfy']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--list", type=Path, help="write every real-corpus repair here, with context")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--limit", type=int, default=1500, help="documents for the synthetic part")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip", action="append", default=[], choices=["real", "synthetic", "speed"])
    args = parser.parse_args()
    docs = corpora(args.data)
    steps = {"ftfy": UnicodePass(disabled=UnicodePass.default_off | {"mojibake-words"}), "rule": UnicodePass()}
    if "real" not in args.skip:
        real_repairs(docs, steps["rule"], args.list)
    if "synthetic" not in args.skip:
        synthetic(docs, steps, args.seed, args.limit)
    if "speed" not in args.skip:
        speed(docs, steps, args.repeat)


if __name__ == "__main__":
    main()
