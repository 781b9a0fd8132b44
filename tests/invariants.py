"""Each pass's invariant as a check on (before, after) — see design.md."""

from __future__ import annotations

import regex

from textfix.passes.whitespace import ZERO_WIDTH

_WS = regex.compile(rf"[\s{ZERO_WIDTH}]+")


def only_whitespace_changed(before: str, after: str) -> bool:
    return _WS.sub("", before) == _WS.sub("", after)


def only_spaces_inserted(before: str, after: str) -> bool:
    """``after`` is ``before`` with single spaces inserted (never next to another space)."""
    i = 0
    for j, char in enumerate(after):
        if i < len(before) and before[i] == char:
            i += 1
        elif char == " " and (j == 0 or after[j - 1] != " "):
            continue
        else:
            return False
    return i == len(before)


def only_lines_deleted(before: str, after: str) -> bool:
    """Every line of ``after`` is a line of ``before`` or a prefix of one (a trailing phrase
    cut by a rule), in the same order; blank lines may come and go."""
    source = iter(before.split("\n"))
    for line in after.split("\n"):
        if not line.strip():
            continue
        for candidate in source:
            if candidate == line or (candidate.startswith(line.rstrip()) and line.strip()):
                break
        else:
            return False
    return True


INVARIANTS = {
    "unicode": lambda before, after: True,  # the only pass allowed to change characters
    "whitespace": only_whitespace_changed,
    "punctuation-spacing": only_whitespace_changed,
    "split-words": only_spaces_inserted,
    "duplicate-lines": only_lines_deleted,
    "boilerplate": only_lines_deleted,
}
