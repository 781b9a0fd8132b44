"""Learn a corpus's own boilerplate: lines that recur across many documents of one source.

Lines are counted in normalized form (as the boilerplate pass compares them), once per
document, by a 64-bit hash, with the first example of each line. When the table grows past
``max_entries``, lines seen only once are dropped with their examples, so memory stays
bounded however large the corpus (a line that recurs in many documents survives). Counters
of parts of a corpus merge exactly (map-reduce), as long as none of them was pruned.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

from .passes.boilerplate import MAX_LINE
from .passes.lines import normalize

#: Default thresholds, measured on the 43 sites of boilerplate-train with 10 pages or more
#: (benchmarks/learn_thresholds.py): a quarter of the boilerplate lines that recur within a
#: site stand in fewer than 18% of its pages, so a share of 20% misses them; lowering it to
#: 10% and the count from 5 to 3 raises the recurring boilerplate caught from 21% to 30% of
#: the sites' boilerplate lines (noisy extraction; 77% to 83% on the crude one) at the same
#: precision (0.75 noisy, 0.95 crude; the misses are dragnet's, which counts bylines and
#: "Related:" as article text). The output is a rule file for review, not applied unread.
#: `textfix learn`'s --min-count and --min-share default to these values.
DEFAULT_MIN_COUNT = 3
DEFAULT_MIN_SHARE = 0.1


def _key(source: str, line: str) -> int:
    digest = hashlib.blake2b(f"{source}\0{line}".encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass
class LineCounter:
    """Counts of normalized lines per source, in bounded memory."""

    max_entries: int = 2_000_000
    counts: dict[int, int] = field(default_factory=dict)
    examples: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # key -> (source, line, path)
    documents: Counter[str] = field(default_factory=Counter)
    pruned: int = 0
    problems: list[str] = field(default_factory=list)  # files that could not be read

    def add(self, source: str, path: str, text: str) -> None:
        self.documents[source] += 1
        seen: set[int] = set()
        for raw in text.split("\n"):
            line = raw.strip()
            if not line or len(line) > MAX_LINE:
                continue
            norm = normalize(line)
            if len(norm) < 3:
                continue
            key = _key(source, norm)
            if key in seen:
                continue
            seen.add(key)
            count = self.counts.get(key, 0) + 1
            self.counts[key] = count
            if count == 1:
                self.examples[key] = (source, line, path)
        if len(self.counts) > self.max_entries:
            self._prune()

    def _prune(self) -> None:
        before = len(self.counts)
        self.counts = {k: c for k, c in self.counts.items() if c > 1}
        self.examples = {k: e for k, e in self.examples.items() if k in self.counts}
        self.pruned += before - len(self.counts)

    def merge(self, other: "LineCounter") -> None:
        """Add another counter's counts (for counting in parallel, then reducing)."""
        self.documents.update(other.documents)
        self.problems.extend(other.problems)
        for key, count in other.counts.items():
            self.counts[key] = self.counts.get(key, 0) + count
        for key, example in other.examples.items():
            self.examples.setdefault(key, example)
        if len(self.counts) > self.max_entries:
            self._prune()

    def frequent(
        self, min_count: int = DEFAULT_MIN_COUNT, min_share: float = DEFAULT_MIN_SHARE
    ) -> dict[str, list[tuple[str, int, str]]]:
        """Per source: (line, documents it is in, example path), most frequent first."""
        found: dict[str, list[tuple[str, int, str]]] = {}
        for key, (source, line, path) in self.examples.items():
            count = self.counts.get(key, 0)
            if count >= min_count and count >= min_share * self.documents[source]:
                found.setdefault(source, []).append((line, count, path))
        for items in found.values():
            items.sort(key=lambda item: (-item[1], item[0]))
        return dict(sorted(found.items()))


def source_of(path: Path, root: Path) -> str:
    """A document's source: its first folder below the input root (the root's own name for
    files directly in it)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = ()
    return parts[0] if len(parts) > 1 else (root.name or str(root))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "corpus"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_rules(found: dict[str, list[tuple[str, int, str]]], documents: Counter[str], inputs: Iterable[str], max_lines: int) -> str:
    """The learned lines as a boilerplate rule file, one rule per source, for review."""
    out = [
        f"# Learned by `textfix learn {' '.join(inputs)}` on {date.today().isoformat()}:",
        "# lines that recur across many documents of one source. Review before use and delete",
        "# any phrase that is real content; then: textfix fix --rules THIS_FILE PATH...",
    ]
    used: set[str] = set()
    for source, items in found.items():
        rule_id = f"learned-{_slug(source)}"
        while rule_id in used:
            rule_id += "-x"
        used.add(rule_id)
        out += ["", "[[rule]]", f"id = {_toml_string(rule_id)}"]
        out.append(f"message = {_toml_string(f'line repeated across documents of {source}')}")
        out.append("phrases = [")
        for line, count, path in items[:max_lines]:
            out.append(f"    {_toml_string(line)},  # in {count} of {documents[source]} documents, e.g. {path}")
        out.append("]")
        out.append(f"examples = [{_toml_string(items[0][0])}]")
    if not found:
        out.append("# (no line met the thresholds)")
    return "\n".join(out) + "\n"
