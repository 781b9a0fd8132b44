"""A cheap guard for passes tuned to English: is this paragraph English?

English prose is dense in a few function words ("the", "of", "and", "to", ...); German,
Portuguese, Dutch, French and text without Latin letters are not. The test counts those
words with one regex call and set lookups per paragraph, and only for paragraphs a pass
asks about.
"""

from __future__ import annotations

import re

from .rules import word_list
from .spans import LOOKAROUND

_FUNCTION_WORDS = word_list("english-function-words")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[a-z]+")
_FOREIGN = word_list("non-english-function-words")

#: Share of words that must be English function words for a paragraph to count as English.
MIN_SHARE = 0.12
#: Paragraphs with fewer words than this follow the document's decision.
MIN_WORDS = 8
#: Share of words that must be English dictionary words in a paragraph short of function
#: words (a list of names and places) with no function word of another language.
MIN_DICTIONARY_SHARE = 0.6


def _lowered_words(ascii_text: str) -> list[str]:
    """The words of an ASCII text (_WORD's matches: its runs of letters), lowercased: one
    regex over the lowered text (lowering ASCII keeps every letter in place) instead of a
    lower() per word (about half of is_english's time)."""
    return _ASCII_WORD.findall(ascii_text.lower())


def is_english(text: str) -> bool | None:
    """Whether a paragraph is English, or None when it is too short (or too full of
    names) to tell.

    English prose is dense in function words; a paragraph short of them (a list of names,
    a caption, a sentence whose little words were glued away) still counts when it holds
    no function word of another language and most of its lowercase words are English
    words (capitalized ones are names, or German nouns).
    """
    cased = None if text.isascii() else _WORD.findall(text)
    found = _lowered_words(text) if cased is None else list(map(str.lower, cased))
    if len(found) < MIN_WORDS:
        return None
    # counted in C: map over the words with a set's membership test
    english = sum(map(_FUNCTION_WORDS.__contains__, found))
    foreign = sum(map(_FOREIGN.__contains__, found))
    if foreign:
        # "a", "do", "in" are words of other languages too: theirs must be rare
        return english >= MIN_SHARE * len(found) and 2 * foreign < english
    if english >= MIN_SHARE * len(found):
        return True
    from .glue_model import dictionary  # the word list alone, loaded once

    # names are capitalized in English (and nouns in German): judge the lowercase words
    if cased is None:
        cased = _WORD.findall(text)
    lowercase = [word for word in cased if word.islower() and len(word) > 1]
    if len(lowercase) < MIN_WORDS // 2:
        return None  # mostly names: the document decides
    words = dictionary()
    return sum(map(words.__contains__, lowercase)) >= MIN_DICTIONARY_SHARE * len(lowercase)


class EnglishGuard:
    """Answers "is the paragraph around this offset English?" for one document, lazily."""

    __slots__ = ("_text", "_document", "_cache")

    def __init__(self, text: str) -> None:
        self._text = text
        self._document: bool | None = None
        self._cache: dict[int, bool] = {}

    def document(self) -> bool:
        if self._document is None:
            english = is_english(self._text)
            # too short to measure: ASCII-only text is taken as English, anything else not
            self._document = english if english is not None else self._text.isascii()
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
        english = is_english(text[start : end if end != -1 else hi])
        result = english if english is not None else self.document()
        self._cache[start] = result
        return result
