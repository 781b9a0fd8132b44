"""Which side of a quote the space goes on at a glued sentence end ('said."That' ->
'said. "That', 'children."The' -> 'children." The'): accuracy of textfix.glue_model.sentence_gap
and of candidate rules, on data where the right side is known.

Sets, each split into a tuning and a validation part with the fixed seeds of the other
benchmarks (glue-dev by page: glue_dev.part_of; the gold bodies of boilerplate-train by file:
clean_text.part_of; wsc-wiki-dev/correct.txt by block of 500 lines: wsc.part_of):
  glue-dev page/content  every sentence end in the naive text whose marks end in a quote
                         ('.', '!', '?', then up to three closers, the last one a quote, then a
                         capital) where a glue position sits right before or right after that
                         quote: the position says on which side the whitespace belongs;
  clean (gold, wsc)      every '." X', '.” X' and '. "X' of clean text: the space is taken out
                         and the rule asked where it goes.
A rule sees the line as the pass does (the glued text from the line start on) and the
quote's index; it answers True where the quote opens the next sentence (space before it).

    python benchmarks/quote_side.py                 # the shipped rule, every set, both parts
    python benchmarks/quote_side.py --candidates    # every candidate rule, every set
    python benchmarks/quote_side.py --show 10 --set glue-content --part tune
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clean_text import DATA as GOLD  # noqa: E402
from clean_text import part_of as gold_part  # noqa: E402
from glue_dev import DATA as GLUE  # noqa: E402
from glue_dev import part_of as glue_part  # noqa: E402
from wsc import part_of as wsc_part  # noqa: E402

from textfix.glue_model import sentence_gap  # noqa: E402

QUOTES = "\"'”’"
# A sentence end as the pass's "sentence" rule reads it, glued to a capital.
_GLUED_END = re.compile(r"(?<=[A-Za-z\d])[.!?][\"'”’)\]]{0,3}(?=[“‘]?[A-Z])")
# A sentence end followed by one space in clean text; group 2 is an opening quote glued to
# the next sentence, if any.
_SPACED_END = re.compile(r"(?<=[A-Za-z\d])([.!?][\"'”’)\]]{0,3}) ([\"'“‘]?)(?=[A-Z])")

CONTEXT = 3000  # characters of context either side of a case
Case = tuple[str, int, bool]  # (glued line up to some context, index of the quote, opens)


def glue_cases(variant: str) -> Iterator[tuple[str, str, Case]]:
    """(part, page id, case) for every quote at a glued sentence end next to a glue position."""
    for path in sorted((GLUE / variant / "glue").glob("*.json")):
        doc_id = path.stem
        glue = {g["offset"] for g in json.loads(path.read_text("utf-8"))["glue"]}
        if not glue:
            continue
        text = (GLUE / variant / "docs" / f"{doc_id}.txt").read_text("utf-8")
        for m in _GLUED_END.finditer(text):
            q = m.end() - 1
            if text[q] not in QUOTES or (q not in glue and q + 1 not in glue):
                continue
            start = max(0, q - CONTEXT)
            yield glue_part(doc_id), doc_id, (text[start : q + CONTEXT], q - start, q in glue)


def clean_cases(text: str) -> Iterator[Case]:
    """Every spaced sentence end at a quote in clean text, glued back together."""
    for m in _SPACED_END.finditer(text):
        marks, opener = m.group(1), m.group(2)
        start = max(0, m.start() - CONTEXT)
        if opener in ('"', "'"):
            yield text[start : m.end(1)] + text[m.end(1) + 1 : m.end() + CONTEXT], m.end(1) - start, True
        elif marks[-1] in QUOTES:
            yield text[start : m.end(1)] + text[m.end(1) + 1 : m.end() + CONTEXT], m.end(1) - 1 - start, False


def sets() -> dict[str, list[tuple[str, Case]]]:
    found: dict[str, list[tuple[str, Case]]] = {}
    for variant in ("content", "page"):
        found[f"glue-{variant}"] = [(part, case) for part, _, case in glue_cases(variant)]
    gold: list[tuple[str, Case]] = []
    for path in sorted(GOLD.glob("*/gold/*.txt")):
        part = gold_part(f"{path.parts[-3]}/{path.stem}")
        gold.extend((part, case) for case in clean_cases(path.read_text("utf-8")))
    found["clean-gold"] = gold
    wsc: list[tuple[str, Case]] = []
    correct = (GOLD.parent / "wsc-wiki-dev" / "correct.txt").read_text("utf-8").splitlines()
    for i, line in enumerate(correct):
        wsc.extend((wsc_part(i), case) for case in clean_cases(line))
    found["clean-wsc"] = wsc
    return found


def shipped(text: str, q: int) -> bool:
    return sentence_gap(text, q + 1) == q


def _start(text: str, q: int, scope: str) -> int:
    """Where a rule's look back begins: the line or the paragraph (after a blank line)."""
    if scope == "line":
        return text.rfind("\n", 0, q) + 1
    blank = text.rfind("\n\n", 0, q)
    return 0 if blank == -1 else blank + 2


def _previous_closed(line: str, q: int, start: int) -> bool | None:
    """The rule before this benchmark: the previous straight quote on the line closed one."""
    before = line.rfind('"', start, q)
    if before == -1:
        return None
    return line[before - 1 : before] in (",", ".", "!", "?") or line[before + 1 : before + 2] in (" ", "")


def old_rule(line: str, q: int) -> bool:
    if line[q] != '"' or line[q + 1 : q + 2] in ("“", "‘"):
        return False
    closed = _previous_closed(line, q, _start(line, q, "line"))
    return closed is None or closed


def parity(chars: str, window: int, curly: bool = True, single: bool = False) -> Callable[[str, int], bool]:
    """The quote opens where the quotes of ``chars`` before it (within ``window``) are even."""

    def rule(line: str, q: int) -> bool:
        if line[q + 1 : q + 2] in ("“", "‘") or (line[q] in "'’" and not single):
            return False
        if line[q] == "”" and not curly:
            return False
        lo = max(_start(line, q, "line"), q - window)
        return sum(line.count(c, lo, q) for c in chars) % 2 == 0

    return rule


def ahead(window: int) -> Callable[[str, int], bool]:
    """The quote opens where another quote follows before the next sentence end."""
    end = re.compile(r"[.!?](?:[\"”'’)]{0,3})(?: |[A-Z]|$)")

    def rule(line: str, q: int) -> bool:
        if line[q + 1 : q + 2] in ("“", "‘") or line[q] in "'’":
            return False
        stop = end.search(line, q + 1, q + 1 + window)
        limit = stop.start() + 1 if stop else min(len(line), q + 1 + window)
        return any(line.find(c, q + 1, limit) != -1 for c in "\"”“")

    return rule


_QUOTE = re.compile("[\"“”]")


def state(window: int, curly: bool = True, glued_toggles: bool = True, scope: str = "line") -> Callable[[str, int], bool]:
    """Read the quotes before this one (within ``window``) left to right: a curly quote says
    its direction, a straight one opens after a space or the line start and before a
    non-space, closes after a non-space and before a space or punctuation, and otherwise (glued
    on both sides) flips the state. This quote opens where the state is closed."""

    def rule(line: str, q: int) -> bool:
        if line[q] != '"' or line[q + 1 : q + 2] in ("“", "‘"):
            return False
        inside = False
        for m in _QUOTE.finditer(line, max(_start(line, q, scope), q - window), q):
            c, i = m.group(), m.start()
            if c != '"':
                if curly:
                    inside = c == "“"
                continue
            left, right = line[i - 1 : i], line[i + 1 : i + 2]
            left_open = left == "" or left.isspace() or left in "([{-–—"
            right_open = right == "" or right.isspace() or right in ",.;:!?)]}"
            if left_open and not right_open:
                inside = True
            elif right_open and not left_open:
                inside = False
            elif glued_toggles:
                inside = not inside
        return not inside

    return rule


def _side(line: str, i: int) -> str:
    """'open', 'close' or 'glued': a straight quote read by the characters around it."""
    left, right = line[i - 1 : i], line[i + 1 : i + 2]
    left_open = left == "" or left.isspace() or left in "([{-–—"
    right_open = right == "" or right.isspace() or right in ",.;:!?)]}"
    if left_open and not right_open:
        return "open"
    if right_open and not left_open:
        return "close"
    return "glued"


def next_quote(window: int, none: str, glued: str, scope: str = "line", back: int = 2000) -> Callable[[str, int], bool]:
    """The quote opens where the next straight quote after it (within ``window``) closes,
    and closes where that one opens; where there is none, or it is glued on both sides,
    ``none``/``glued`` ('open', 'close' or 'state') decides."""
    fallback = state(back, scope=scope)

    def rule(line: str, q: int) -> bool:
        if line[q] != '"' or line[q + 1 : q + 2] in ("“", "‘"):
            return False
        end = line.find("\n", q) if scope == "line" else line.find("\n\n", q)
        j = line.find('"', q + 1, min(q + 1 + window, len(line) if end == -1 else end))
        side = "none" if j == -1 else _side(line, j)
        if side == "close":
            return True
        if side == "open":
            return False
        how = none if side == "none" else glued
        return how == "open" or (how == "state" and fallback(line, q))

    return rule


def reopen(ahead: int, back: int = 1000) -> Callable[[str, int], bool]:
    """The paragraph's quote state, except that a quote read as closing opens after all
    where the next straight quote in its paragraph, within ``ahead``, closes (a
    multi-paragraph quotation leaves its paragraphs unclosed)."""
    base = state(back, scope="paragraph")

    def rule(line: str, q: int) -> bool:
        if base(line, q) or line[q] != '"' or line[q + 1 : q + 2] in ("“", "‘"):
            return base(line, q)
        end = line.find("\n\n", q)
        j = line.find('"', q + 1, min(q + 1 + ahead, len(line) if end == -1 else end))
        return j != -1 and _side(line, j) == "close"

    return rule


CANDIDATES: dict[str, Callable[[str, int], bool]] = {
    "always-closes": lambda line, q: False,
    "straight-opens": lambda line, q: line[q] == '"' and line[q + 1 : q + 2] not in ("“", "‘"),
    "old: previous straight quote closed": old_rule,
    "parity straight, line, straight only": parity('"', 10**9, curly=False),
    "parity straight+curly, line": parity('"“”', 10**9),
    "ahead 300": ahead(300),
    "state, line": state(10**9),
    "state, line, straight only": state(10**9, curly=False),
    "state, 2000": state(2000),
    "state, paragraph, 2000": state(2000, scope="paragraph"),
    "state, paragraph, 1000": state(1000, scope="paragraph"),
    "next quote 200, paragraph 2000": next_quote(200, "state", "state", scope="paragraph"),
    "next quote 400, paragraph 2000": next_quote(400, "state", "state", scope="paragraph"),
    "next quote 400, paragraph 1000": next_quote(400, "state", "state", scope="paragraph", back=1000),
    "state, 1000": state(1000),
    "reopen 200": reopen(200),
    "reopen 400": reopen(400),
    "reopen 100": reopen(100),
    "next quote, none=close, glued=state": next_quote(400, "close", "state"),
    "next quote, none=state, glued=state": next_quote(400, "state", "state"),
    "next quote 1000, none=state, glued=state": next_quote(1000, "state", "state"),
    "next quote 200, none=state, glued=state": next_quote(200, "state", "state"),
    "shipped": shipped,
}


def score(rule: Callable[[str, int], bool], cases: list[Case]) -> tuple[int, int]:
    return sum(rule(line, q) == opens for line, q, opens in cases), len(cases)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="print N cases the shipped rule gets wrong")
    parser.add_argument("--set", default=None)
    parser.add_argument("--part", choices=("tune", "validation"), default="tune")
    args = parser.parse_args()
    rules = CANDIDATES if args.candidates else {"shipped": shipped}
    found = sets()
    kinds: Counter[tuple[str, str, str]] = Counter()
    for name, cases in found.items():
        for part, (line, q, opens) in cases:
            kinds[(name, part, f"{line[q]} {'opens' if opens else 'closes'}")] += 1
    print("| rule | " + " | ".join(f"{n} {p}" for n in found for p in ("tune", "validation")) + " |")
    print("|---" * (1 + 2 * len(found)) + "|")
    for label, rule in rules.items():
        cells = []
        for name, cases in found.items():
            for part in ("tune", "validation"):
                right, total = score(rule, [c for p, c in cases if p == part])
                cells.append(f"{100 * right / max(total, 1):.1f} ({right}/{total})")
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\ncases by quote and side:", ", ".join(f"{n}/{p}: {k} {v}" for (n, p, k), v in sorted(kinds.items())))
    if args.show:
        shown = 0
        for part, (line, q, opens) in found[args.set or "glue-content"]:
            if part == args.part and shipped(line, q) != opens and shown < args.show:
                print(f"{'opens' if opens else 'closes'}: ...{line[max(0, q - 120) : q]}|{line[q : q + 60]}...")
                shown += 1


if __name__ == "__main__":
    main()
