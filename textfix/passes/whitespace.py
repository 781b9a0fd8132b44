"""The whitespace pass: odd spaces, zero-width characters, tabs, runs, blank lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import re

import regex

from .. import engine
from ..edits import Edit, Fixed, apply_edits
from .base import Pass

ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f"
ZERO_WIDTH = "\u200b\u2060\ufeff"
_ODD = regex.compile(f"[{ODD_SPACES}]")
_ZW = regex.compile(f"[{ZERO_WIDTH}]")
_ODD_OR_ZW = re.compile(f"[{ODD_SPACES}{ZERO_WIDTH}]")
_HSPACE = f" \t{ODD_SPACES}{ZERO_WIDTH}"
_HSPACE_CHARS = " \t\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f" + "\u200b\u2060\ufeff"
_STRIP = _HSPACE_CHARS + "\n"
_RUN_CHARS = frozenset(_STRIP)
_WS_RUN = re.compile(f"[{_HSPACE}\n]*")


@dataclass(frozen=True)
class WhitespaceOptions:
    """Options of the whitespace pass.

    max_blank_lines: how many blank lines in a row are kept.
    keep_indentation: leave spaces and tabs at the start of a line as they are.
    final_newline: end a non-empty text with exactly one newline.
    """

    max_blank_lines: int = 1
    keep_indentation: bool = True
    final_newline: bool = True

    def __post_init__(self) -> None:
        if self.max_blank_lines < 0:
            raise ValueError("max-blank-lines must be 0 or more")


class WhitespacePass(Pass):
    """Normalize odd and doubled whitespace.

    Why: scrapers leave non-breaking and other odd spaces, zero-width characters, tabs and
    runs of spaces inside prose, trailing spaces and long runs of blank lines.
    Example: "café\u00a0 bar  " -> "café bar\\n".
    Safety: changes only whitespace (and zero-width characters); indentation at the start
    of a line is kept by default; line endings are the file layer's business.
    Bounds: time linear in the text: five C-speed scans find the runs of whitespace that
    can hold a problem (each scan skips a run once it hits it), a window is widened back
    over its run once, and the pattern runs only inside the windows, with possessive
    quantifiers (no backtracking). Memory: the text, its output, one offset per run found
    and one edit per change. The compiled core finds the same matches in one scan
    (core/src/lines/whitespace.rs).
    """

    #: Its output is its own fixed point, so the pipeline need not confirm it (see Pipeline.run).
    settles_in_one_call = True
    id = "whitespace"
    invariant = "changes only whitespace"
    rules = {
        "odd-space": "non-breaking and other odd spaces made plain spaces",
        "zero-width": "zero-width spaces, word joiners and stray byte-order marks removed",
        "tab": "tabs inside a line made one space",
        "multiple-spaces": "runs of spaces inside a line made one space",
        "trailing-space": "spaces at the end of a line removed",
        "blank-lines": "runs of blank lines shortened to max-blank-lines",
        "leading-blank-lines": "blank lines at the start of the text removed",
        "trailing-blank-lines": "blank lines at the end of the text removed",
        "final-newline": "a newline added at the end of the text",
        "indentation": "spaces at the start of a line removed (when keep-indentation is off)",
    }
    Options = WhitespaceOptions

    def __init__(self, options: WhitespaceOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        keep = self.options.max_blank_lines + 1
        self._keep_newlines = "\n" * keep
        self._pattern = regex.compile(
            rf"(?P<blank>\n(?:[{_HSPACE}]*\n){{{keep},}})"
            rf"|(?P<ws> ++(?=\n)| *+[\t{ODD_SPACES}{ZERO_WIDTH}][{_HSPACE}]*+| {{2,}}+[{_HSPACE}]*+)"
        )
        self._core_enabled = [self.enabled(rule) for rule, _ in _CORE_REASONS]

    def _windows(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """The stretches of text that can hold a whitespace problem, found with C-speed
        searches: around each hit, the whole run of whitespace and line breaks it sits in.
        Every match of the regex is made of such characters only, so scanning these runs
        finds exactly the matches a scan of the whole text would find."""
        hits: list[int] = []
        find = text.find
        for needle in ("  ", "\t", " \n", self._keep_newlines + "\n"):
            i = find(needle, lo, hi)
            while i != -1:
                hits.append(i)
                i = find(needle, _WS_RUN.match(text, i, hi).end(), hi)
        if not text.isascii():
            hits.extend(m.start() for m in _ODD_OR_ZW.finditer(text, lo, hi))
        if not hits:
            return []
        windows: list[tuple[int, int]] = []
        for i in sorted(hits):
            if windows and i < windows[-1][1]:
                continue
            start = i
            while start > lo and text[start - 1] in _RUN_CHARS:
                start -= 1
            windows.append((start, _WS_RUN.match(text, i, hi).end()))
        return windows

    def _sites(self, text: str, lo: int, hi: int) -> Iterable[tuple[int, int, bool]]:
        """(start, end, blank) of each match of the pattern in text[lo:hi], left to right: one
        scan of the compiled core, or the pattern inside the windows."""
        core = engine.core
        if core is not None and (found := core.whitespace_sites(text, lo, hi, len(self._keep_newlines), self._pattern.pattern)) is not None:
            return found
        return (
            (*match.span(), match.lastgroup == "blank")
            for window in self._windows(text, lo, hi)
            for match in self._pattern.finditer(text, *window)
        )

    def _classify(self, text: str, start: int, end: int, run: str) -> tuple[str, str, str] | None:
        """(rule, replacement, reason) for one run of horizontal whitespace, or None."""
        if end == len(text) or text[end] == "\n":
            return "trailing-space", "", "trailing whitespace"
        if start == 0 or text[start - 1] == "\n":
            if not self.options.keep_indentation:
                return "indentation", "", "indentation removed"
            cleaned = _ZW.sub("", _ODD.sub(" ", run))
            if cleaned == run:
                return None
            rule = "odd-space" if _ODD.search(run) else "zero-width"
            return rule, cleaned, "odd space in indentation"
        if _ODD.search(run):
            return "odd-space", " ", "odd or non-breaking space"
        if "\t" in run:
            return "tab", " ", "tab inside a line"
        if _ZW.search(run):
            if run.strip(ZERO_WIDTH):
                return "zero-width", " ", "zero-width character"
            return "zero-width", "", "zero-width character"
        return "multiple-spaces", " ", "run of spaces"

    positional = True

    def run(self, text: str, *, record: bool = True, head: bool = True, tail: bool = True) -> Fixed:
        """``head``/``tail``: whether the text starts/ends the document (a piece of a huge
        file does not: no blank lines are stripped and no final newline is added there).
        The compiled core runs the whole pass in one call where it can (_run_core); this is
        the reference."""
        core = engine.core
        if core is not None and (fixed := self._run_core(core, text, record, head, tail)) is not None:
            return fixed
        edits: list[Edit] = []
        end_of_content = len(text.rstrip(_STRIP)) if tail else len(text)
        first = len(text) - len(text.lstrip(_STRIP))
        lead_end = text.rfind("\n", 0, first) + 1 if end_of_content and head else 0
        if lead_end and self.enabled("leading-blank-lines"):
            edits.append(self.edit("leading-blank-lines", text, 0, lead_end, "", "blank lines at the start"))
        for start, end, blank in self._sites(text, lead_end, end_of_content):
            if blank:
                rule, replacement, reason = "blank-lines", self._keep_newlines, "too many blank lines in a row"
            else:
                found = self._classify(text, start, end, text[start:end])
                if found is None:
                    continue
                rule, replacement, reason = found
            if self.enabled(rule):
                edits.append(self.edit(rule, text, start, end, replacement, reason))
        ending = text[end_of_content:]
        if not tail:
            expected = ending
        elif end_of_content == 0:
            expected = ""
        elif self.options.final_newline or "\n" in ending:
            expected = "\n"
        else:
            expected = ""
        if ending != expected:
            if ending == "":
                rule, reason = "final-newline", "no newline at the end"
            elif ending.strip(_HSPACE_CHARS) in ("", "\n") and end_of_content:
                rule, reason = "trailing-space", "trailing whitespace at the end"
            else:
                rule, reason = "trailing-blank-lines", "blank lines at the end"
            if self.enabled(rule):
                edits.append(self.edit(rule, text, end_of_content, len(text), expected, reason))
        if not edits:
            return Fixed(text)
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())

    def _run_core(self, core: object, text: str, record: bool, head: bool, tail: bool) -> Fixed | None:
        """run() in one call of the compiled core (core/src/lines/whitespace.rs), which
        returns the fixed text (record=False) or the edits as (reason, start, end,
        replacement), reasons numbered as in _CORE_REASONS; None: not handled there."""
        found = core.whitespace_fix(  # type: ignore[attr-defined]
            text, head, tail, len(self._keep_newlines), self.options.keep_indentation, self.options.final_newline, self._pattern.pattern, self._core_enabled, record
        )
        if found is None:
            return None
        fixed, edits = found
        if fixed is not None:
            return Fixed(fixed)
        if not edits:
            return Fixed(text)
        reasons = _CORE_REASONS
        made = [Edit(self.id, reasons[code][0], start, end, text[start:end], replacement, reasons[code][1]) for code, start, end, replacement in edits]
        return Fixed(apply_edits(text, made), tuple(made))


#: The (rule, reason) pairs of run(), numbered for the compiled core (its whitespace_fix).
_CORE_REASONS = (
    ("leading-blank-lines", "blank lines at the start"),
    ("blank-lines", "too many blank lines in a row"),
    ("trailing-space", "trailing whitespace"),
    ("indentation", "indentation removed"),
    ("odd-space", "odd space in indentation"),
    ("zero-width", "odd space in indentation"),
    ("odd-space", "odd or non-breaking space"),
    ("tab", "tab inside a line"),
    ("zero-width", "zero-width character"),
    ("multiple-spaces", "run of spaces"),
    ("final-newline", "no newline at the end"),
    ("trailing-space", "trailing whitespace at the end"),
    ("trailing-blank-lines", "blank lines at the end"),
)
