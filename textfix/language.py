"""A cheap guard for passes tuned to English: is this paragraph English?

English prose is dense in a few function words ("the", "of", "and", "to", ...); German,
Portuguese, Dutch, French and text without Latin letters are not. The test counts those
words with one regex call per paragraph, and only for paragraphs a pass asks about.
"""

from __future__ import annotations

import re

from .rules import word_list
from .spans import LOOKAROUND

_FUNCTION_WORDS = word_list("english-function-words")
_HITS = re.compile(r"\b(?:" + "|".join(sorted(_FUNCTION_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")

#: Share of words that must be English function words for a paragraph to count as English.
MIN_SHARE = 0.12
#: Paragraphs with fewer words than this follow the document's decision.
MIN_WORDS = 8


def english_share(text: str) -> tuple[int, float]:
    """(number of words, share of them that are English function words)."""
    words = len(_WORD.findall(text))
    if not words:
        return 0, 0.0
    return words, len(_HITS.findall(text)) / words


class EnglishGuard:
    """Answers "is the paragraph around this offset English?" for one document, lazily."""

    __slots__ = ("_text", "_document", "_cache")

    def __init__(self, text: str) -> None:
        self._text = text
        self._document: bool | None = None
        self._cache: dict[int, bool] = {}

    def document(self) -> bool:
        if self._document is None:
            words, share = english_share(self._text)
            # too short to measure: ASCII-only text is taken as English, anything else not
            self._document = share >= MIN_SHARE or (words < MIN_WORDS and self._text.isascii())
        return self._document

    def at(self, offset: int) -> bool:
        text = self._text
        lo = max(0, offset - LOOKAROUND)
        found = text.rfind("\n\n", lo, offset)
        # no paragraph break near: judge fixed blocks, so that offsets share the answer
        start = found + 1 if found != -1 else (offset // LOOKAROUND) * LOOKAROUND
        cached = self._cache.get(start)
        if cached is not None:
            return cached
        hi = min(len(text), offset + LOOKAROUND)
        end = text.find("\n\n", offset, hi)
        words, share = english_share(text[start : end if end != -1 else hi])
        result = share >= MIN_SHARE if words >= MIN_WORDS else self.document()
        self._cache[start] = result
        return result
