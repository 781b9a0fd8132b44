"""Run a pipeline over files: one function per file, shared by the CLI and its workers."""

from __future__ import annotations

import difflib
import json
import multiprocessing
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .errors import InputError
from .files import AtomicWriter, BinaryFileError, Piece, TextFile, TextStream, is_gzip, is_jsonl, is_large, read_lines, read_text_file, write_atomic
from .config import Config
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
    warnings: list[str] = field(default_factory=list)
    unlisted: int = 0  # warnings past MAX_WARNINGS, counted
    records: int = 0  # JSON Lines: records seen, ...
    keyed: int = 0  # ... records that have the text key,
    fields: tuple[str, ...] = ()  # ... and the keys of the first record


def unified_diff(path: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"{path}", f"{path}"
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def process_text(pipeline: Pipeline, label: str, text: str, mode: str, outcome: Outcome, record: int | None = None) -> str:
    """Clean one document's text, adding to the outcome; returns the cleaned text."""
    result = pipeline.run(text)
    where = label if record is None else f"{label}:{record}"
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


def _settle(writer: AtomicWriter | None, outcome: Outcome, to_output: bool) -> None:
    """Put a streamed file's new version in place if it changed (or goes to an output
    folder, which gets every file); otherwise drop the temporary file."""
    if writer is None:
        return
    if outcome.changed or to_output:
        writer.commit()
    else:
        writer.abort()


def _fail(writer: AtomicWriter | None, outcome: Outcome, error: InputError) -> None:
    """A streamed file failed part-way: drop what was written, report the error."""
    if writer is not None:
        writer.abort()
    outcome.error = str(error)
    outcome.changed = False


def _dumps_like(record: dict[str, object], original: str) -> str:
    """JSON for a changed record, in the style of its original line (ASCII escapes or not,
    compact or spaced separators); key order is kept."""
    spaced = '": ' in original or '", "' in original
    return json.dumps(record, ensure_ascii=original.isascii(), separators=(", ", ": ") if spaced else (",", ":"))


#: Bytes of JSON lines handed to a worker at a time (one large file over several processes).
JSONL_CHUNK = 2**20


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object_pairs_hook: a record with a key twice is an error (json.loads would
    keep the last value and a rewrite would lose the first one silently)."""
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise ValueError(f"duplicate key {key!r}")
            seen.add(key)
    return record


_UTF8_BOM = b"\xef\xbb\xbf"


def _jsonl_lines(pipeline: Pipeline, label: str, mode: str, text_key: str, lines: list[tuple[int, bytes]]) -> tuple[list[bytes], Outcome]:
    """Clean the records of a run of JSON lines: their new bytes and what happened."""
    pipeline = record_pipeline(pipeline.config)
    outcome = Outcome(label)
    out = [raw for _, raw in lines]  # unchanged records: their bytes as they were
    first = lines[0][0] if lines else 1
    for number, bom, line, record in _jsonl_records(label, iter(lines)):
        outcome.records += 1
        if isinstance(record, dict):
            outcome.keyed += text_key in record
            if not outcome.fields:
                outcome.fields = tuple(record)
        value = record.get(text_key) if isinstance(record, dict) else None
        if not isinstance(value, str):
            outcome.warnings.append(f"{label}:{number}: no string field '{text_key}'; record left as it is")
            continue
        fixed = process_text(pipeline, label, value, mode, outcome, record=number)
        if fixed != value:
            record[text_key] = fixed
            body = line.rstrip("\r\n")
            out[number - first] = bom + (_dumps_like(record, body) + line[len(body) :]).encode("utf-8")
    return out, outcome


def _jsonl_records(label: str, lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes, str, Any]]:
    """Parse JSON lines: (line number, byte-order mark, the line's text, the record) for
    every line that is not blank; an undecodable or invalid line, or a record with a key
    twice, raises InputError naming the line."""
    for number, raw in lines:
        bom = _UTF8_BOM if number == 1 and raw.startswith(_UTF8_BOM) else b""  # honoured and kept
        try:
            line = raw[len(bom) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise InputError(f"{label}:{number}: not valid UTF-8 at byte {error.start + len(bom)} of the line") from None
        if not line.strip():
            continue
        try:
            record = json.loads(line, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as error:
            raise InputError(f"{label}:{number}: invalid JSON: {error.msg} (column {error.colno})") from None
        except ValueError as error:
            raise InputError(f"{label}:{number}: {error} in a record; the file is left untouched") from None
        yield number, bom, line, record


def documents(path: Path, encoding: str = "utf-8", text_key: str = "text") -> Iterator[tuple[str, str]]:
    """The documents of a file as (where, text), for counting (``textfix learn``): a text
    file is one document; each record of a JSON Lines file (its ``text_key`` field) or of
    a Parquet file (its ``text_key`` column) is one, named ``path:line`` or ``path:row``.
    Records without a string under the key are passed over; a file where none has the key
    raises InputError, as ``fix`` does."""
    label = str(path)
    if is_jsonl(path):
        keyed = records = 0
        for number, _, _, record in _jsonl_records(label, enumerate(read_lines(path), 1)):
            records += 1
            value = record.get(text_key) if isinstance(record, dict) else None
            keyed += isinstance(record, dict) and text_key in record
            if isinstance(value, str):
                yield f"{label}:{number}", value
        if records and not keyed:
            raise InputError(f"{label}: no record has the field '{text_key}'; use --text-key to name the field to read")
    elif path.suffix == ".parquet":
        source = _parquet_text_column(path, text_key)
        row = 0
        for group in range(source.num_row_groups):
            for value in source.read_row_group(group, columns=[text_key]).column(text_key).to_pylist():
                row += 1
                if value is not None:
                    yield f"{label}:{row}", value
    else:
        yield label, read_text_file(path, encoding).text


#: At most this many warnings are listed for one file (the rest are counted).
MAX_WARNINGS = 20


def _merge(into: Outcome, part: Outcome) -> None:
    into.changed = into.changed or part.changed
    into.findings.extend(part.findings)
    into.statistics.update(part.statistics)
    into.diff += part.diff
    into.notes += part.notes
    room = max(0, MAX_WARNINGS - len(into.warnings))
    into.warnings.extend(part.warnings[:room])
    into.unlisted += part.unlisted + max(0, len(part.warnings) - room)
    into.records += part.records
    into.keyed += part.keyed
    into.fields = into.fields or part.fields


def _chunks(path: Path) -> Iterator[list[tuple[int, bytes]]]:
    chunk: list[tuple[int, bytes]] = []
    size = 0
    for number, raw in enumerate(read_lines(path), 1):
        chunk.append((number, raw))
        size += len(raw)
        if size >= JSONL_CHUNK:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def process_jsonl(pipeline: Pipeline, path: Path, mode: str, output: Path | None, text_key: str, pool: "Pool | None" = None) -> Outcome:
    """Clean one field of every record of a JSON Lines file, streaming.

    Records whose field is unchanged are written back byte for byte; a record without a
    string field is left as it is, with a warning naming its line; a file where no record
    has the field is an error (a wrong ``--text-key``). An undecodable or invalid line, or
    a record with a key twice, is an error: nothing is written. A UTF-8 byte-order mark is
    honoured and kept. ``fix`` writes atomically. With a
    ``pool``, runs of lines go to its worker processes and come back in order."""
    label = str(path)
    outcome = Outcome(label)
    writer = None
    try:
        if mode == "fix":
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
            writer = AtomicWriter(output or path, compress=is_gzip(path))
        if pool is None:
            results: Iterator[tuple[list[bytes], Outcome]] = (_jsonl_lines(pipeline, label, mode, text_key, chunk) for chunk in _chunks(path))
        else:
            results = pool.ordered(_work_jsonl, ((label, mode, text_key, chunk) for chunk in _chunks(path)))
        for raws, part in results:
            _merge(outcome, part)
            if writer is not None:
                for raw in raws:
                    writer.write(raw)
        if outcome.records and not outcome.keyed:
            fields = ", ".join(outcome.fields) or "none"
            raise InputError(f"{label}: no record has the field '{text_key}' (fields of the first record: {fields}); use --text-key to name the field to clean")
        if outcome.unlisted:
            outcome.warnings.append(f"{label}: {outcome.unlisted} more warnings not listed")
        _settle(writer, outcome, output is not None)
    except InputError as error:
        _fail(writer, outcome, error)
    return outcome


def process_file(
    pipeline: Pipeline,
    path: Path,
    mode: str,
    output: Path | None = None,
    encoding: str = "utf-8",
    skip_undecodable: bool = False,
    text_key: str = "text",
    pool: "Pool | None" = None,
) -> Outcome:
    """Clean one file (text, gzip text or JSON Lines): ``fix`` writes (in place, atomically,
    or to ``output``), ``check`` and ``diff`` never write, ``count`` is ``check`` without
    building findings (for `check --quiet`). Errors and warnings are returned, not raised."""
    if is_jsonl(path):
        return process_jsonl(pipeline, path, mode, output, text_key, pool)
    if path.suffix == ".parquet":
        return process_parquet(pipeline, path, mode, output, text_key)
    if is_large(path):
        return process_large_text(pipeline, path, mode, output, encoding, skip_undecodable, pool)
    label = str(path)
    outcome = Outcome(label)
    try:
        source: TextFile = read_text_file(path, encoding)
    except BinaryFileError as error:
        outcome.warnings.append(str(error))
        return outcome
    except InputError as error:
        if skip_undecodable and "not valid" in str(error):
            outcome.warnings.append(f"{error} (skipped)")
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


#: At most this many findings are kept for one large file (the rest are counted).
MAX_FINDINGS = 10_000
_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", re.M)


def process_large_text(
    pipeline: Pipeline, path: Path, mode: str, output: Path | None, encoding: str, skip_undecodable: bool, pool: "Pool | None" = None
) -> Outcome:
    """Clean a text file too large to hold whole, piece by piece (textfix.files.TextStream):
    memory is bounded by the piece size, not the file size. Each piece is cleaned as a
    document; rules for a document's head and tail apply only at the file's, and a piece
    inside a line longer than a piece gets the in-line passes only. ``fix`` streams into a
    temporary file that replaces the file only when all of it is done. With a ``pool``,
    pieces go to its worker processes and come back in order."""
    label = str(path)
    outcome = Outcome(label)
    writer = None
    try:
        try:
            stream = TextStream(path, encoding)
        except BinaryFileError as error:
            outcome.warnings.append(str(error))
            return outcome
        if mode == "fix":
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
            writer = AtomicWriter(output or path, compress=stream.compressed)
        if pool is None:
            results: Iterator[tuple[str, Outcome]] = (_clean_piece(pipeline, label, mode, piece) for piece in stream.pieces())
        else:
            results = pool.ordered(_work_piece, ((label, mode, piece) for piece in stream.pieces()))
        first = True
        shown = 0
        for text, part in results:
            found, part.findings = part.findings, []
            if shown < MAX_FINDINGS:
                outcome.findings.extend(found[: MAX_FINDINGS - shown])
            shown += sum(part.statistics.values()) if found else 0  # a piece ships at most MAX_FINDINGS
            if outcome.diff and part.diff:
                part.diff = part.diff.split("\n", 2)[2]  # the file's header once
            _merge(outcome, part)
            if writer is not None:
                writer.write(stream.encode(text, first))
            first = False
        if shown > MAX_FINDINGS:
            outcome.notes += (f"{label}: {shown - MAX_FINDINGS} more findings not listed (the counts include them)",)
        _settle(writer, outcome, output is not None)
    except InputError as error:
        _fail(writer, outcome, error)
        if skip_undecodable and "not valid" in str(error):
            outcome.error = None
            outcome.warnings.append(f"{error} (skipped)")
    return outcome


def _clean_piece(pipeline: Pipeline, label: str, mode: str, piece: Piece) -> tuple[str, Outcome]:
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


# -- Parquet ---------------------------------------------------------------------------


def _parquet_text_column(path: Path, text_key: str) -> Any:
    """The Parquet file (pyarrow's ParquetFile), once its ``text_key`` column is known to be a
    string column; InputError otherwise."""
    label = str(path)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise InputError(f"{label}: reading Parquet needs pyarrow: pip install 'textfix[parquet]'") from None
    try:
        source = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as error:
        raise InputError(f"{label}: not a readable Parquet file ({error})") from None
    if text_key not in source.schema_arrow.names:
        raise InputError(f"{label}: no column '{text_key}' (columns: {', '.join(source.schema_arrow.names)})")
    column_type = source.schema_arrow.field(text_key).type
    if not (pa.types.is_string(column_type) or pa.types.is_large_string(column_type)):
        raise InputError(f"{label}: column '{text_key}' is {column_type}, not a string column")
    return source


def process_parquet(pipeline: Pipeline, path: Path, mode: str, output: Path | None, text_key: str) -> Outcome:
    """Clean one string column of a Parquet file, one row group at a time (memory bounded
    by the largest row group); the schema, the other columns and the row groups are kept.
    Needs pyarrow (``pip install 'textfix[parquet]'``)."""
    label = str(path)
    outcome = Outcome(label)
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        outcome.error = f"{label}: reading Parquet needs pyarrow: pip install 'textfix[parquet]'"
        return outcome
    writer = None
    try:
        source = _parquet_text_column(path, text_key)
        pipeline = record_pipeline(pipeline.config)
        column_type = source.schema_arrow.field(text_key).type
        if mode == "fix":
            if output is not None:
                output.parent.mkdir(parents=True, exist_ok=True)
            writer = AtomicWriter(output or path)
        parquet_writer = pq.ParquetWriter(writer.handle, source.schema_arrow) if writer is not None else None
        row = 0
        for group in range(source.num_row_groups):
            table = source.read_row_group(group)
            values = table.column(text_key).to_pylist()
            cleaned = []
            for value in values:
                row += 1
                cleaned.append(value if value is None else process_text(pipeline, label, value, mode, outcome, record=row))
            if parquet_writer is not None:
                if cleaned != values:
                    index = table.schema.get_field_index(text_key)
                    table = table.set_column(index, table.schema.field(index), pa.array(cleaned, type=column_type))
                parquet_writer.write_table(table, row_group_size=max(1, table.num_rows))
        if parquet_writer is not None:
            parquet_writer.close()
        _settle(writer, outcome, output is not None)
    except InputError as error:
        _fail(writer, outcome, error)
    return outcome


# -- worker processes ------------------------------------------------------------------

_worker_pipeline: Pipeline | None = None


def _start_worker(config: Config) -> None:
    global _worker_pipeline
    _worker_pipeline = Pipeline(config)


def _work(task: tuple[Any, ...]) -> Outcome:
    assert _worker_pipeline is not None
    return process_file(_worker_pipeline, *task)


def _work_jsonl(task: tuple[Any, ...]) -> tuple[list[bytes], Outcome]:
    assert _worker_pipeline is not None
    return _jsonl_lines(_worker_pipeline, *task)


def _work_piece(task: tuple[Any, ...]) -> tuple[str, Outcome]:
    assert _worker_pipeline is not None
    return _clean_piece(_worker_pipeline, *task)


def _preload(config: Config) -> None:
    """Load the word counts in this process before forking: workers share them."""
    if "split-words" in config.enabled_rules() and multiprocessing.get_start_method() == "fork":
        from .passes.split_words import Model

        Model.get()


class Pool:
    """Worker processes for the pieces of one large file: work goes out as it is read, a
    few items ahead of the writer, and comes back in order (memory stays bounded)."""

    def __init__(self, config: Config, jobs: int) -> None:
        from concurrent.futures import ProcessPoolExecutor

        _preload(config)
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,))

    def ordered(self, func: Any, items: Iterator[Any]) -> Iterator[Any]:
        from collections import deque

        waiting: deque[Any] = deque()
        try:
            for item in items:
                waiting.append(self._executor.submit(func, item))
                if len(waiting) > 2 * self.jobs:
                    yield waiting.popleft().result()
            while waiting:
                yield waiting.popleft().result()
        finally:
            for future in waiting:
                future.cancel()

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def run_parallel(config: Config, tasks: list[tuple[Any, ...]], jobs: int) -> Iterator[Outcome]:
    """Process files in ``jobs`` worker processes, each building the pipeline once; files
    travel in chunks large enough to amortize the hand-over; outcomes come in input order."""
    from concurrent.futures import ProcessPoolExecutor

    chunk = max(1, min(64, len(tasks) // (jobs * 4)))
    _preload(config)
    with ProcessPoolExecutor(max_workers=jobs, initializer=_start_worker, initargs=(config,)) as pool:
        yield from pool.map(_work, tasks, chunksize=chunk)
