"""What every corpus format shares: the task, its outcome, one document's cleaning, and the
Format interface that each format module implements."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, ClassVar, Iterator, Protocol

from ..config import Config
from ..errors import InputError
from ..files import AtomicWriter
from ..pipeline import Pipeline
from ..report import Finding, findings_for


@dataclass(frozen=True)
class FileTask:
    """One file to process. ``mode``: ``fix`` writes (in place, atomically, or to
    ``output``), ``check`` and ``diff`` never write, ``count`` is ``check`` without building
    findings (for `check --quiet`)."""

    path: Path
    mode: str
    output: Path | None = None
    encoding: str = "utf-8"
    skip_undecodable: bool = False
    text_key: str = "text"
    title_key: str | None = None


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
    warnings: list[str] = field(default_factory=list)
    unlisted: int = 0  # warnings past MAX_WARNINGS, counted


@dataclass(frozen=True)
class Document:
    """One document of a file: its text, and the record (line or row) it is, or None for a
    whole file. What a format reads beside the text for the pipeline (a title) belongs here,
    and process_text hands it on."""

    text: str
    record: int | None = None
    title: str | None = None

    def where(self, path: str | Path) -> str:
        """``path``, or ``path:record`` for a record."""
        return str(path) if self.record is None else f"{path}:{self.record}"


class Pool(Protocol):
    """Worker processes that run ``func(pipeline, *item)`` for each item, results in order
    (textfix.batch.Pool)."""

    def ordered(self, func: Callable[..., Any], items: Iterator[Any]) -> Iterator[Any]: ...


class Format:
    """A corpus format: which files it takes, how it cleans one, and its documents.

    A new format is one module with a subclass, listed in textfix.formats.FORMATS."""

    name: ClassVar[str]
    #: Whether the parts of one file (records, pieces) can go to a pool's workers.
    spreads: ClassVar[bool] = False

    def handles(self, path: Path) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def process(self, pipeline: Pipeline, task: FileTask, pool: Pool | None = None) -> Outcome:  # pragma: no cover - interface
        """Clean one file; errors and warnings are returned in the Outcome, not raised."""
        raise NotImplementedError

    def documents(self, path: Path, encoding: str, text_key: str) -> Iterator[Document]:  # pragma: no cover - interface
        """The file's documents, streamed (``textfix learn`` counts them); InputError if the
        file cannot be read."""
        raise NotImplementedError


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"{path}", f"{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def process_text(pipeline: Pipeline, label: str, document: Document, mode: str, outcome: Outcome) -> str:
    """Clean one document's text, adding to the outcome; returns the cleaned text."""
    text, record = document.text, document.record
    result = pipeline.run(text, title=document.title)
    where = document.where(label)
    outcome.notes += tuple(f"{where}: {note}" for note in result.notes)
    outcome.statistics.update(edit.rule_id for edit in result.edits)
    if result.text != text:
        outcome.changed = True
        if mode == "diff":
            outcome.diff += unified_diff(where, text, result.text)
        elif mode == "check":  # fix reports counts only: no findings to build or ship
            outcome.findings.extend(findings_for(label, text, result.edits, record))
    return result.text


def for_records(config: Config) -> Config:
    """The configuration for a record's text (a JSON Lines field, a Parquet cell, a
    datatrove document): a string, not a file, so no final newline is added; a record
    keeps the final newline it had (the whitespace pass's ``final-newline`` off)."""
    return config.with_options("whitespace", final_newline=False)


@lru_cache(maxsize=8)
def record_pipeline(config: Config) -> Pipeline:
    """The pipeline for records of ``config``, built once per process."""
    return Pipeline(for_records(config))


#: At most this many warnings are listed for one file (the rest are counted).
MAX_WARNINGS = 20


def merge(into: Outcome, part: Outcome) -> None:
    """Add the outcome of a part of a file (records, a piece) to the file's."""
    into.changed = into.changed or part.changed
    into.findings.extend(part.findings)
    into.statistics.update(part.statistics)
    into.diff += part.diff
    into.notes += part.notes
    room = max(0, MAX_WARNINGS - len(into.warnings))
    into.warnings.extend(part.warnings[:room])
    into.unlisted += part.unlisted + max(0, len(part.warnings) - room)


def open_writer(task: FileTask, compress: bool = False) -> AtomicWriter | None:
    """The atomic writer of a streamed file in ``fix`` mode (None otherwise)."""
    if task.mode != "fix":
        return None
    if task.output is not None:
        task.output.parent.mkdir(parents=True, exist_ok=True)
    return AtomicWriter(task.output or task.path, compress=compress)


def settle(writer: AtomicWriter | None, outcome: Outcome, to_output: bool) -> None:
    """Put a streamed file's new version in place if it changed (or goes to an output
    folder, which gets every file); otherwise drop the temporary file."""
    if writer is None:
        return
    if outcome.changed or to_output:
        writer.commit()
    else:
        writer.abort()


def fail(writer: AtomicWriter | None, outcome: Outcome, error: InputError) -> None:
    """A streamed file failed part-way: drop what was written, report the error."""
    if writer is not None:
        writer.abort()
    outcome.error = str(error)
    outcome.changed = False
