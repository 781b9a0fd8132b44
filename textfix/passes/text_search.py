"""Finding words and tokens in a document: C-speed find loops, offsets kept."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"\S+")


def occurrences(lower: str, word: str) -> list[int]:
    """Offsets where ``word`` stands in ``lower`` with no letter on either side (a find loop)."""
    found: list[int] = []
    size = len(word)
    pos = lower.find(word)
    while pos != -1:
        before = lower[pos - 1] if pos else " "
        after = lower[pos + size] if pos + size < len(lower) else " "
        if not before.isalpha() and not after.isalpha():
            found.append(pos)
        pos = lower.find(word, pos + 1)
    return found


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def same_length_lower(text: str) -> str:
    """The text lowercased with every offset kept ("İ" lowercases to two code points, so
    then only ASCII letters are lowered: split-words looks at ASCII letter runs)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)


_FEW = 8
# Above this (tokens to find times characters), one scan of the text beats a find loop per token.
_SCAN_COST = 4_000_000


def locate_tokens(text: str, tokens: set[str]) -> dict[str, list[int]]:
    """Offsets of each whitespace token of ``tokens`` in ``text``: a find loop per token
    when there are few, one scan of the text when there are many."""
    if len(tokens) <= _FEW or len(tokens) * len(text) < _SCAN_COST:
        return {token: token_occurrences(text, token) for token in tokens}
    found: dict[str, list[int]] = {token: [] for token in tokens}
    for match in _TOKEN.finditer(text):
        offsets = found.get(match.group())
        if offsets is not None:
            offsets.append(match.start())
    return found


def token_occurrences(text: str, token: str) -> list[int]:
    """Offsets where ``token`` stands in ``text`` as a whole whitespace-delimited token."""
    found: list[int] = []
    size = len(token)
    pos = text.find(token)
    while pos != -1:
        if (pos == 0 or text[pos - 1].isspace()) and (pos + size == len(text) or text[pos + size].isspace()):
            found.append(pos)
        pos = text.find(token, pos + 1)
    return found
