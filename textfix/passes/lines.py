"""Shared by the line passes: lines with offsets, normalized forms, tidy deletions, the cap."""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType
from typing import Iterable

from .. import engine
from ..edits import Edit

_NON_WORD = re.compile(r"[\W_]+")


# ASCII characters that are not word characters for `re` ([\W_]) become spaces.
_ASCII_TO_SPACE = bytes.maketrans(
    bytes(c for c in range(128) if not chr(c).isalnum()), b" " * sum(1 for c in range(128) if not chr(c).isalnum())
)


def normalize(line: str) -> str:
    """Lowercase, every run of non-word characters one space, stripped ("• Jane Doe" -> "jane doe")."""
    if line.isascii():  # the same, at C speed: non-word bytes to spaces, runs of spaces to one
        return " ".join(line.encode("ascii").lower().translate(_ASCII_TO_SPACE).decode("ascii").split())
    return _NON_WORD.sub(" ", line.lower()).strip()


def unicode_core() -> ModuleType | None:
    """The compiled core, with Python's character classes and case mappings loaded into it
    (once per process: the line scans must read `str.isalpha`, `re`'s `\\w`, `str.lower`,
    not Rust's), or None: run the reference."""
    core = engine.core
    if core is not None and not core.unicode_table_loaded():
        chars = [chr(code) for code in range(0x10000)]
        changed = {}
        for name, mapping in (("lower", str.lower), ("upper", str.upper), ("fold", str.casefold)):
            changed[name] = {code: form for code, (char, form) in enumerate(zip(chars, map(mapping, chars))) if form != char}
        core.load_unicode_table(
            *(bytes(map(test, chars)) for test in (str.isalpha, str.isupper, str.isdigit, str.isdecimal, str.isalnum, str.isspace)),
            changed["lower"], changed["upper"], changed["fold"],
            tuple(_regex_class("".join(chars), name) for name in (r"\s", r"\w", r"\d")),
        )
    return core


def _regex_class(plane: str, name: str) -> bytes:
    """One byte per character of ``plane``: 1 where the `regex` module's class ``name`` holds
    it (the boilerplate rules' patterns run on `regex` as well as `re`)."""
    import regex

    found = bytearray(len(plane))
    for match in regex.finditer(name + "+", plane):
        found[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
    return bytes(found)


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int  # offset of the line's "\n", or len(text)
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for index, raw in enumerate(text.split("\n")):
        lines.append(Line(index, pos, pos + len(raw), raw))
        pos += len(raw) + 1
    if lines and lines[-1].text == "" and len(lines) > 1:
        lines.pop()  # the empty piece after a final newline is not a line
    return lines


def deletion_spans(text: str, lines: list[Line], doomed: set[int]) -> dict[int, tuple[int, int]]:
    """For each line to delete, the span to remove so the blank-line structure stays tidy.

    A line is removed with its newline; if the line before it is blank (or removed, or
    there is none), the blank lines after it go too, so paragraphs stay one blank line
    apart. The last content line is removed with the blank lines before it instead, so the
    text still ends with a single newline.
    Time linear in the number of lines.
    """
    spans: dict[int, tuple[int, int]] = {}
    last_kept = max((l.index for l in lines if not l.blank and l.index not in doomed), default=-1)
    # the last non-blank line before each line, found in one scan (linear time)
    previous: list[Line | None] = []
    seen: Line | None = None
    for line in lines:
        previous.append(seen)
        if not line.blank:
            seen = line
    for index in sorted(doomed):
        line = lines[index]
        if index > last_kept:
            # trailing: from the end of the previous non-blank line up to this line's end
            prev = previous[index]
            start = prev.end if prev is not None else 0
            end = line.end if prev is not None else min(line.end + 1, len(text))
            spans[index] = (start, end)
            continue
        prev_blank = index == 0 or lines[index - 1].blank or (index - 1) in doomed
        end = min(line.end + 1, len(text))
        if prev_blank:
            following = index + 1
            while following < len(lines) and lines[following].blank:
                following += 1
            if following < len(lines):
                end = lines[following].start
        spans[index] = (line.start, end)
    return spans


def removal_edits(
    pass_id: str, text: str, lines: list[Line], removals: Iterable[tuple[int, str, str]]
) -> list[Edit]:
    """Edits that delete whole lines: ``removals`` holds (line index, rule, reason)."""
    chosen = {index: (rule, reason) for index, rule, reason in removals}
    spans = deletion_spans(text, lines, set(chosen))
    edits = []
    for index in sorted(chosen):
        rule, reason = chosen[index]
        start, end = spans[index]
        edits.append(Edit(pass_id, rule, start, end, text[start:end], "", reason))
    return edits


def over_cap(lines: list[Line], removed: int, share: float) -> bool:
    """True if removing ``removed`` lines would take more than ``share`` of the non-blank ones."""
    content = sum(1 for line in lines if not line.blank)
    return content > 0 and removed > share * content
