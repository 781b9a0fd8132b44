"""The duplicate-lines pass: repeated paragraphs and adjacent repeated lines."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..edits import Fixed, apply_edits
from .base import Pass
from .lines import Line, over_cap, removal_edits, split_lines, unicode_core

_NOT_WORD = re.compile(r"[\W_]+")
#: The rules, numbered for the compiled core (its duplicate_removals).
_CORE_RULES = ("repeated-paragraph", "repeated-later", "repeated-line", "repeated-headline")


@dataclass(frozen=True)
class DuplicateLinesOptions:
    """Options of the duplicate-lines pass.

    min_length: a paragraph this long (letters and digits) or longer is removed when it
      repeats the previous paragraph; shorter lines only when they repeat the line just
      before them exactly.
    min_length_later: with the rule ``repeated-later`` selected (it is off by default), a
      paragraph this long or longer is removed when it repeats any earlier one (list entries
      such as a meal plan's repeat legitimately and are shorter).
    max_removed_share: the largest share of a document's non-blank lines this pass removes;
      above it the document is left alone and a note says why.
    """

    min_length: int = 60
    min_length_later: int = 200
    max_removed_share: float = 0.3

    def __post_init__(self) -> None:
        if self.min_length < 1 or self.min_length_later < 1:
            raise ValueError("min-length and min-length-later must be 1 or more")
        if not 0 <= self.max_removed_share <= 1:
            raise ValueError("max-removed-share must be between 0 and 1")


class DuplicateLinesPass(Pass):
    """Remove repeated paragraphs: the standfirst scraped twice, a paragraph pasted again later.

    Why: extractors often emit the same block twice (a summary and the first paragraph,
    a pull quote, a caption), sometimes with a blank line between the copies.
    Example: "The plane was destroyed\\n\\nThe plane was destroyed\\n\\nMore." -> "The plane was
    destroyed\\n\\nMore."
    Safety: compares letters and digits only (case, spacing and punctuation aside), never
    fuzzily; short lines
    (credits, table rows, "Yes.") stay unless an exact copy stands right before them, or,
    for a headline-shaped line (two words or more, no sentence end), a copy with only blank
    lines between (the headline repeated around an ad line the boilerplate pass took); a
    paragraph that comes three or more times apart is the page's structure and stays; the
    first copy is always kept; at most max-removed-share of a document's lines go.
    """

    id = "duplicate-lines"
    invariant = "deletes whole lines"
    rules = {
        "repeated-paragraph": "a paragraph that repeats the paragraph before it (blank lines between allowed)",
        "repeated-later": "a long paragraph repeated once anywhere later in the document (off by default)",
        "repeated-line": "a short line that repeats the line right before it exactly",
        "repeated-headline": "a headline-shaped line that repeats the line before it, only blank or removed lines between",
    }
    Options = DuplicateLinesOptions
    default_off = frozenset({"repeated-later"})

    line_based = True

    def __init__(self, options: DuplicateLinesOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        self._core_enabled = [self.enabled(rule) for rule in _CORE_RULES]

    def run(self, text: str, *, record: bool = True) -> Fixed:
        # Two lines can only be equal if their starts are: compare those first (on the raw
        # lines), and reduce whole lines to their compared form only when two starts match.
        core = unicode_core()
        if core is not None:
            found = core.duplicate_removals(text, self.options.min_length, self.options.min_length_later, self._core_enabled)
            if found is not None:  # the decisions in one call of the core (core/src/dedup.rs)
                if not found:
                    return Fixed(text)
                removals = [(index, _CORE_RULES[code], _CORE_RULES[code].replace("-", " ")) for index, code in found]
                return self._remove(text, split_lines(text), removals, record)
        if not _may_repeat(text):
            return Fixed(text)
        lines = split_lines(text)
        removals: list[tuple[int, str, str]] = []
        seen: set[str] = set()
        content = [line for line in lines if not line.blank]
        keys = dict(zip((line.index for line in content), _compact_all([line.text for line in content])))
        copies = Counter(keys.values())
        previous = None  # the last non-blank line kept
        for line in lines:
            if line.blank:
                continue
            key = keys[line.index]
            long = len(key) >= self.options.min_length
            rule = None
            if previous is not None and key and key == previous[1]:
                adjacent = previous[0] == line.index - 1
                if long:
                    rule = "repeated-paragraph"
                elif adjacent and line.text.strip() == lines[previous[0]].text.strip() and self.enabled("repeated-line"):
                    rule = "repeated-line"
                elif _headline_shaped(line.text) and self.enabled("repeated-headline"):
                    # the headline on both sides of a line that the boilerplate pass removed
                    # (an ad, a share prompt): only blank lines are left between the copies
                    rule = "repeated-headline"
            elif (
                len(key) >= self.options.min_length_later
                and key in seen
                and copies[key] == 2
                and self.enabled("repeated-later")
            ):
                # An extractor emits a block twice; a block that comes three or more times
                # is the page's own structure (an interview's question, a meal plan).
                rule = "repeated-later"
            if rule is not None and self.enabled(rule):
                removals.append((line.index, rule, f"{rule.replace('-', ' ')}"))
                continue
            seen.add(key)
            previous = (line.index, key)
        return self._remove(text, lines, removals, record)

    def _remove(self, text: str, lines: list[Line], removals: list[tuple[int, str, str]], record: bool) -> Fixed:
        """The text without the lines chosen, unless that exceeds max-removed-share."""
        if not removals:
            return Fixed(text)
        if over_cap(lines, len(removals), self.options.max_removed_share):
            note = f"{self.id}: {len(removals)} repeated lines exceed max-removed-share; document left alone"
            return Fixed(text, notes=(note,))
        edits = removal_edits(self.id, text, lines, removals)
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())


def _headline_shaped(line: str) -> bool:
    """Two words or more and no sentence punctuation at the end: a headline, not "Yes."."""
    stripped = line.strip()
    return len(stripped.split()) >= 2 and not stripped.endswith((".", "!", "?", ",", ";", ":", '"', "”", "'", "’", ")"))


def _may_repeat(text: str) -> bool:
    """False only if no two lines of the text have the same non-empty compact() form."""
    core = unicode_core()
    if core is not None and (found := core.may_repeat(text)) is not None:
        return found
    if text.isascii():
        # every line's compared form at once, at memory speed (exact for ASCII)
        forms = [form for form in text.encode("ascii").lower().translate(None, _ASCII_NOT_WORD).split(b"\n") if form]
        return len(set(forms)) != len(forms)
    starts = [_start_key(line) for line in text.split("\n") if line and not line.isspace()]
    return len(set(starts)) != len(starts)


# The ASCII characters compact() drops, but the line break: deleting them from an ASCII text
# leaves every line's compared form, line by line.
_ASCII_NOT_WORD = bytes(c for c in range(128) if not chr(c).isalnum() and c != 10)


def _compact_all(lines: list[str]) -> list[str]:
    """compact() of each line (in one call of the compiled core where it handles them all)."""
    core = unicode_core()
    if core is not None and (found := core.compact_lines(lines)) is not None:
        return found
    return [compact(line) for line in lines]


def compact(line: str) -> str:
    """The form lines are compared in: lowercase letters and digits only. Lines that differ
    only in case, spacing or punctuation are the same line, so a later pass that repairs
    spacing ("fateof" -> "fate of") cannot make two kept lines equal."""
    if line.isascii():
        return line.encode("ascii").lower().translate(None, _ASCII_NOT_WORD).decode("ascii")
    return _NOT_WORD.sub("", line.lower())


def _start_key(line: str) -> str:
    """The first 30 characters of ``compact(line)``, computed from the line's start only
    (exact: cutting the raw line after 60 characters cannot change the compact characters
    that come before the cut, as long as more than 30 of them remain)."""
    head = compact(line[:60])
    return head[:30] if len(head) > 30 else compact(line)[:30]
