"""Reports: edit records -> findings (text, json, github), statistics and the exit code."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Sequence

from .edits import Edit, LineIndex, source_offsets

JSON_SCHEMA_VERSION = 1


def _show(text: str, limit: int = 60) -> str:
    shown = repr(text if len(text) <= limit else text[: limit - 3] + "...")
    return shown


def describe(edit: Edit, context: tuple[str, str] = ("", "")) -> str:
    """The one-line message of a finding: the reason and what was replaced with what.

    ``context`` is the text just before and after the edit, shown around whitespace-only
    edits so that "' ' -> ''" reads "'US -backed' -> 'US-backed'"."""
    if edit.replacement == "" and edit.original.strip():
        return f"{edit.reason}: removed {_show(edit.original.strip())}"
    left, right = context
    return f"{edit.reason}: {_show(left + edit.original + right)} -> {_show(left + edit.replacement + right)}"


def _context(text: str, start: int, end: int) -> tuple[str, str]:
    """Up to one word (12 characters) on each side of [start, end), within the line."""
    left = text[max(0, start - 12) : start].rsplit("\n", 1)[-1]
    left = left[left.rfind(" ", 0, len(left) - 1) + 1 :] if " " in left[:-1] else left
    right = text[end : end + 12].split("\n", 1)[0]
    cut = right.find(" ", 1)
    return left, right if cut == -1 else right[:cut]


@dataclass(frozen=True)
class Finding:
    """One edit, placed in the original input (1-based line and column)."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    original: str
    replacement: str
    record: int | None = None

    def location(self) -> str:
        record = f"{self.record}:" if self.record is not None else ""
        return f"{self.path}:{record}{self.line}:{self.column}"


def findings_for(
    path: str, original: str, edits: Sequence[Edit], record: int | None = None, line_base: int = 1, column_base: int = 1
) -> list[Finding]:
    """Findings for a document's edits, placed in the original text, sorted by position.

    A removed line is placed at its first character; an in-line edit shows its context.
    ``line_base``/``column_base``: where the text starts in its file (a piece of a large file)."""
    if not edits:
        return []
    index = LineIndex(original)
    result = []
    for edit, offset in zip(edits, source_offsets(edits)):
        removed = edit.original.strip()
        if edit.replacement == "" and removed:
            offset += len(edit.original) - len(edit.original.lstrip())
            message = describe(edit)
        elif not edit.original.strip() and not edit.replacement.strip():
            message = describe(edit, _context(original, offset, offset + len(edit.original)))
        else:
            message = describe(edit)
        line, column = index.position(min(offset, len(original)))
        if line == 1:
            column += column_base - 1
        line += line_base - 1
        result.append(Finding(path, line, column, edit.rule_id, message, edit.original, edit.replacement, record))
    result.sort(key=lambda f: (f.line, f.column))
    return result


@dataclass
class Report:
    """What a run found and did, across all files."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files_seen: int = 0
    files_changed: int = 0
    statistics: Counter[str] = field(default_factory=Counter)

    def exit_code(self, changes_fail: bool) -> int:
        if self.errors:
            return 2
        return 1 if changes_fail and self.files_changed else 0

    def render_findings(self, fmt: str) -> str:
        if fmt == "json":
            return json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n"
        if fmt == "github":
            return "".join(
                f"::warning file={_github_property(f.path)},line={f.line},col={f.column},title={_github_property(f.rule)}::"
                f"{_github_escape(f.message)}\n"
                for f in self.findings
            )
        return "".join(f"{f.location()}: {f.rule} {f.message}\n" for f in self.findings)

    def render_statistics(self, fmt: str = "text") -> str:
        """Counts per rule, most frequent first: a table, or (``json``) a list of
        ``{"rule", "count"}`` objects, as ruff's ``--statistics``."""
        counts = sorted(self.statistics.items(), key=lambda kv: (-kv[1], kv[0]))
        if fmt == "json":
            return json.dumps([{"rule": rule, "count": count} for rule, count in counts], indent=2) + "\n"
        if not self.statistics:
            return "no changes\n"
        width = max(len(rule) for rule in self.statistics)
        lines = [f"{count:>8}  {rule:<{width}}" for rule, count in counts]
        lines.append(f"{sum(self.statistics.values()):>8}  total in {self.files_changed} of {self.files_seen} files")
        return "\n".join(lines) + "\n"

    def as_json(self) -> dict[str, object]:
        return {
            "version": JSON_SCHEMA_VERSION,
            "files_seen": self.files_seen,
            "files_changed": self.files_changed,
            "findings": [asdict(f) for f in self.findings],
            "statistics": dict(sorted(self.statistics.items())),
            "errors": list(self.errors),
            "warnings": list(self.warnings),
        }


def _github_escape(message: str) -> str:
    """A workflow command's message: ``%``, CR and LF escaped, as GitHub requires."""
    return message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(value: str) -> str:
    """A workflow command's property (file, title): the message's escapes, and ``:`` and ``,``."""
    return _github_escape(value).replace(":", "%3A").replace(",", "%2C")
