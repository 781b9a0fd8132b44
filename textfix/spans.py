"""Protected spans: the places no in-line pass may edit, found once per document.

URLs, e-mail addresses, domain and file names, @handles and #hashtags, numbers (with
decimals, thousands, times, ratios, versions), HTML entities left in the text ("&quot;")
and code spans. Passes ask
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
    r"|&(?:[A-Za-z]{2,8}|#\d{2,6}|#[xX][0-9A-Fa-f]{2,6});"  # an HTML entity left in the text
    rf"|(?<![\w.-])[\w-]+(?:\.[\w-]+)*\.(?:{_SUFFIX})\b"  # domain or file name (lowercase suffix)
    r"|\bv?\d+(?:[.,:/]\d+)+\b|\b\d+\b"  # numbers, times, ratios, versions
)


#: How far a pass looks around a candidate for its line or its token. Prose lines are
#: shorter; on one huge line (a 200 MB file without a newline) this keeps every lookup
#: bounded, so the passes stay linear in the size of the text.
LOOKAROUND = 4000


def line_start(text: str, pos: int) -> int:
    """The start of the line holding ``pos`` (at most LOOKAROUND characters back)."""
    lo = max(0, pos - LOOKAROUND)
    found = text.rfind("\n", lo, pos)
    return found + 1 if found != -1 else lo


def line_end(text: str, pos: int) -> int:
    """The end of the line holding ``pos`` (at most LOOKAROUND characters ahead)."""
    hi = min(len(text), pos + LOOKAROUND)
    found = text.find("\n", pos, hi)
    return found if found != -1 else hi


def token_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The whitespace-delimited token around [start, end) (bounded like line_start)."""
    end = start if end is None else end
    lo = max(0, start - LOOKAROUND)
    left = max(text.rfind(" ", lo, start), text.rfind("\n", lo, start), text.rfind("\t", lo, start))
    hi = min(len(text), end + LOOKAROUND)
    rights = [i for i in (text.find(" ", end, hi), text.find("\n", end, hi), text.find("\t", end, hi)) if i != -1]
    return (left + 1 if left != -1 else lo), (min(rights) if rights else hi)


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
        lo, hi = token_bounds(text, start, end)
        if "`" in text[lo:hi] or self._in_code_span(start):
            return True
        for match in PROTECTED.finditer(text, lo, hi):
            s, e = match.span()
            if (end > start and s < end and e > start) or (end == start and s < start < e):
                return True
        return False

    def _in_code_span(self, pos: int) -> bool:
        text = self._text
        return text.count("`", line_start(text, pos), pos) % 2 == 1


# A line of code: one of these signs is enough (tests/test_spans.py holds examples of each;
# benchmarks/code_lines.py lists the in-line edits on lines it flags, to judge).
#: An argument of a call as code writes it: a one-letter name, a number, or a token with an
#: underscore, dot, bracket or quote ("n", "29", "type_", "[1", "'on'"); not a year
#: ("film(2008)"), a word ("queue(same)") or a suffix ("medium(s)", "simple(r)").
_ARG = r"(?:[a-z_](?!\w)|\d{1,3}(?:\.\d+)?(?!\d)|[^\s,()]*[_.\[\]'\"][^\s,()]*)"
# Signs that open the line (matched at its start only).
_CODE_START = re.compile(
    # a statement: definitions, imports, declarations (keywords lowercase)
    r"\s*(?:def\s+\w+\s*\(|class\s+[A-Z_]\w*\s*[:({]|import\s+[\w.]+\s*(?:$|[;,]|as\b)|from\s+[.\w]+\s+import\b"
    r"|return\b(?:\s+[\w.]+\s*$|.*[(;])|function\b\s*\w*\s*\(|(?:var|let|const)\s+\w+\s*=|#include\b|#define\b"
    r"|(?:public|private|protected|static|void|int|package|using|namespace)\s+[\w.<>\[\]]+(?:\s+\w+)?\s*[({;=]"
    # SQL: an upper-case clause keyword, with an operator, a call, a list or AS in the line,
    # not before a determiner (a capitalized opening word of prose: "WITH the town ...")
    r"|(?:SELECT|FROM|WHERE|WITH|JOIN|INSERT\s+INTO|UPDATE|DELETE\s+FROM|GROUP\s+BY|ORDER\s+BY|UNION|CREATE\s+TABLE)\s+(?![(:]|(?:the|a|an|his|her|its|their|our|my|your|this|that|these|all|no)\b)(?=.*(?:[(*;=,]|\sAS\s))"
    # a brace alone, or closing a block before else/catch
    r"|[{}][\s{}();,]*$|\}\s*(?:else|catch|finally|while)\b)"
    # a statement ending in a semicolon, with an assignment, a brace or a call in it
    r"|(?=.*(?:=|[{}]|\w\([^()]*\)\s*;\s*$)).*;\s*$"
)
# Signs anywhere in the line. Every alternative starts with a fixed character (the word
# before it is looked behind), so that the regex engine skips the other characters fast.
_CODE_INLINE = re.compile(
    # a block opened at the end of the line; operators prose does not use
    r"[=:(,]\s*\{\s*$|==(?<![=]==)(?!=)|!=|=>(?:(?<=\w=>)|(?<=\w =>))\s*[\w({'\"/]|&&|\|\|(?<=\w\|\|)(?=\w)|\)\s*\|\||\|\|\s*\("
    r"|::(?<=\w::)(?=\w)|\+=|-=|:=|\)\s*\{|\[(?<=\w\[)\w*\]\s*="
    # calls: a method call, an identifier with an underscore, a lower-case call with
    # arguments written as code, a constructor
    r"|\.(?<=\w\.)[A-Za-z_]\w*\(|_(?<=[A-Za-z0-9]_)\w*\(|\((?<=[a-z]{2}\()(?<![^a-z][a-z]\()(?!(?:s|r|d|es|er|ed|ly)\))"
    + _ARG + r"(?:,\s?" + _ARG + r")*\)"
    r"|new(?<![\w]new)\s+[A-Z]\w*\((?![A-Z]{1,3}\))"
    # CSS: two declarations "property: value;" in a row
    r"|:(?<=[a-z]:)\s*[\w#.%-]+;\s*[a-z-]+:\s*[\w#.%-]"
)


#: A line longer than this is prose that may quote code: only CODE_REACH characters either
#: side of the place asked about are read.
CODE_REACH = 150


def code_line(line: str) -> bool:
    """Whether a line reads as code (Python, C-family, JavaScript, SQL, CSS): a keyword
    statement opening it, braces or a semicolon ending it, operators prose does not use,
    a call written as code. One match at its start and one search over it."""
    return _CODE_START.match(line) is not None or _CODE_INLINE.search(line) is not None


def code_at(text: str, pos: int) -> bool:
    """Whether the line holding ``pos`` reads as code (code_line); of a line longer than
    2 * CODE_REACH, only CODE_REACH characters either side of ``pos`` are read."""
    first, last = line_start(text, pos), line_end(text, pos)
    if last - first > 2 * CODE_REACH:
        first, last = max(first, pos - CODE_REACH), min(last, pos + CODE_REACH)
    return code_line(text[first:last])
