"""Text files too large to hold whole, cleaned in pieces (textfix.files.TextStream)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..files import BinaryFileError, Piece, TextStream, is_large, read_text_file
from ..pipeline import Pipeline
from ..report import findings_for
from .base import Document, FileTask, Format, Outcome, Pool, fail, merge, open_writer, settle, unified_diff

#: At most this many findings are kept for one large file (the rest are counted).
MAX_FINDINGS = 10_000
_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", re.M)


class LargeTextFormat(Format):
    """A text file over textfix.files.LARGE_FILE, piece by piece: memory is bounded by the
    piece size, not the file size. Each piece is cleaned as a document; rules for a
    document's head and tail apply only at the file's, and a piece inside a line longer
    than a piece gets the in-line passes only. ``fix`` streams into a temporary file that
    replaces the file only when all of it is done. With a ``pool``, pieces go to its worker
    processes and come back in order."""

    name = "large text"
    spreads = True

    def handles(self, path: Path) -> bool:
        return is_large(path)

    def process(self, pipeline: Pipeline, task: FileTask, pool: Pool | None = None) -> Outcome:
        label = str(task.path)
        outcome = Outcome(label)
        writer = None
        try:
            try:
                stream = TextStream(task.path, task.encoding)
            except BinaryFileError as error:
                outcome.warnings.append(str(error))
                return outcome
            writer = open_writer(task, compress=stream.compressed)
            if pool is None:
                results: Iterator[tuple[str, Outcome]] = (clean_piece(pipeline, label, task.mode, piece) for piece in stream.pieces())
            else:
                results = pool.ordered(clean_piece, ((label, task.mode, piece) for piece in stream.pieces()))
            first = True
            shown = 0
            for text, part in results:
                found, part.findings = part.findings, []
                if shown < MAX_FINDINGS:
                    outcome.findings.extend(found[: MAX_FINDINGS - shown])
                shown += sum(part.statistics.values()) if found else 0  # a piece ships at most MAX_FINDINGS
                if outcome.diff and part.diff:
                    part.diff = part.diff.split("\n", 2)[2]  # the file's header once
                merge(outcome, part)
                if writer is not None:
                    writer.write(stream.encode(text, first))
                first = False
            if shown > MAX_FINDINGS:
                outcome.notes += (f"{label}: {shown - MAX_FINDINGS} more findings not listed (the counts include them)",)
            settle(writer, outcome, task.output is not None)
        except InputError as error:
            fail(writer, outcome, error)
            if task.skip_undecodable and "not valid" in str(error):
                outcome.error = None
                outcome.warnings.append(f"{error} (skipped)")
        return outcome

    def documents(self, path: Path, encoding: str, text_key: str) -> Iterator[Document]:
        yield Document(read_text_file(path, encoding).text)  # one document, as `learn` counts lines once per document


def clean_piece(pipeline: Pipeline, label: str, mode: str, piece: Piece) -> tuple[str, Outcome]:
    """Clean one piece of a large file: its new text and what happened (placed in the file)."""
    outcome = Outcome(label)
    result = pipeline.run(piece.text, head=piece.head, tail=piece.tail, in_line=piece.in_line)
    outcome.notes = tuple(f"{label} (from line {piece.line}): {note}" for note in result.notes)
    outcome.statistics.update(edit.rule_id for edit in result.edits)
    if result.text != piece.text:
        outcome.changed = True
        if mode == "check":
            outcome.findings = findings_for(label, piece.text, result.edits, None, piece.line, piece.column)[:MAX_FINDINGS]
        elif mode == "diff":
            if piece.in_line:
                outcome.notes += (f"{label}:{piece.line}: changes inside a line too long to show in a diff",)
            else:
                diff = unified_diff(label, piece.text, result.text)
                outcome.diff = _HUNK.sub(lambda m: _shift_hunk(m, piece.line - 1), diff)
    return result.text, outcome


def _shift_hunk(match: re.Match[str], lines: int) -> str:
    old, old_count, new, new_count = match.groups()
    return f"@@ -{int(old) + lines}{old_count or ''} +{int(new) + lines}{new_count or ''} @@"
