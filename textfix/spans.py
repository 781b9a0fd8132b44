"""Protected spans: the places no in-line pass may edit, found once per document.

URLs, e-mail addresses, domain and file names, @handles and #hashtags, numbers (with
decimals, thousands, times, ratios, versions) and code spans. Passes ask
``Protected(text).overlaps(start, end)``; the scan runs only when first asked, so a document
with no candidate edit never pays for it.
"""

from __future__ import annotations

import re

from .rules import word_list

_TLDS = word_list("tlds")
_EXTENSIONS = word_list("file-extensions")
_SUFFIX = "|".join(sorted(_TLDS | _EXTENSIONS, key=lambda s: (-len(s), s)))

PROTECTED = re.compile(
    r"`[^`\n]+`"  # code span
    r"|(?:[a-zA-Z][a-zA-Z0-9+.-]*://|www\.)[^\s<>\"]+"  # URL
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?<![\w@])@\w+|(?<![\w&#])#\w*[A-Za-z]\w*"  # handle, hashtag
    rf"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_SUFFIX})\b"  # domain or file name (lowercase suffix)
    r"|\bv?\d+(?:[.,:/]\d+)+\b|\b\d+\b"  # numbers, times, ratios, versions
)


class Protected:
    """The protected spans of one text, queried by offset.

    Every protected kind but code spans lies within one whitespace-delimited token, so a
    query scans only the tokens around the offsets it asks about (code spans: the line).
    A document pays only for the places a pass asks about.
    """

    __slots__ = ("_text",)

    def __init__(self, text: str) -> None:
        self._text = text

    def overlaps(self, start: int, end: int) -> bool:
        """True if [start, end) touches a protected span (an empty range: lies strictly inside one)."""
        text = self._text
        lo = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
        hi_candidates = [i for i in (text.find(" ", end), text.find("\n", end)) if i != -1]
        hi = min(hi_candidates) if hi_candidates else len(text)
        if "`" in text[lo:hi] or self._in_code_span(start):
            return True
        for match in PROTECTED.finditer(text, lo, hi):
            s, e = match.span()
            if (end > start and s < end and e > start) or (end == start and s < start < e):
                return True
        return False

    def _in_code_span(self, pos: int) -> bool:
        text = self._text
        line_start = text.rfind("\n", 0, pos) + 1
        return text.count("`", line_start, pos) % 2 == 1
