"""Run a pipeline over files: one function per file, shared by the CLI and its workers."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .files import BinaryFileError, TextFile, read_text_file, write_atomic
from .pipeline import Pipeline
from .report import Finding, findings_for

@dataclass
class Outcome:
    """What happened to one file."""

    path: str
    changed: bool = False
    findings: list[Finding] = field(default_factory=list)
    statistics: Counter[str] = field(default_factory=Counter)
    diff: str = ""
    notes: tuple[str, ...] = ()
    error: str | None = None
    warning: str | None = None


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"{path}", f"{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def process_text(pipeline: Pipeline, label: str, text: str, mode: str, outcome: Outcome) -> str:
    """Clean one document's text, filling in the outcome; returns the cleaned text."""
    result = pipeline.run(text)
    outcome.notes = tuple(f"{label}: {note}" for note in result.notes)
    outcome.changed = result.text != text
    outcome.statistics.update(edit.rule_id for edit in result.edits)
    if outcome.changed:
        if mode == "diff":
            outcome.diff = unified_diff(label, text, result.text)
        else:
            outcome.findings = findings_for(label, text, result.edits)
    return result.text


def process_file(
    pipeline: Pipeline,
    path: Path,
    mode: str,
    output: Path | None = None,
    encoding: str = "utf-8",
    skip_undecodable: bool = False,
) -> Outcome:
    """Clean one file: ``fix`` writes (in place, atomically, or to ``output``), ``check`` and
    ``diff`` never write. Errors and warnings are returned, not raised."""
    label = str(path)
    outcome = Outcome(label)
    try:
        source: TextFile = read_text_file(path, encoding)
    except BinaryFileError as error:
        outcome.warning = str(error)
        return outcome
    except InputError as error:
        if skip_undecodable and "not valid" in str(error):
            outcome.warning = f"{error} (skipped)"
        else:
            outcome.error = str(error)
        return outcome
    fixed = process_text(pipeline, label, source.text, mode, outcome)
    if mode == "fix":
        try:
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(output, source.encode(fixed))
            elif outcome.changed:
                write_atomic(path, source.encode(fixed))
        except InputError as error:
            outcome.error = str(error)
        except OSError as error:
            outcome.error = f"{output}: cannot write: {error.strerror or error}"
    return outcome
