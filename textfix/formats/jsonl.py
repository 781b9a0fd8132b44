"""JSON Lines corpora (plain or gzip): one string field of every record cleaned, streamed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..files import is_gzip, is_jsonl, read_lines
from ..pipeline import Pipeline
from .base import Document, FileTask, Format, Outcome, Pool, fail, merge, open_writer, process_text, record_pipeline, settle

#: Bytes of JSON lines handed to a worker at a time (one large file over several processes).
JSONL_CHUNK = 2**20
_UTF8_BOM = b"\xef\xbb\xbf"


class JsonlFormat(Format):
    """One field of every record of a JSON Lines file, streamed record by record.

    Records whose field is unchanged are written back byte for byte; a changed record keeps
    its keys in order and the style of its line. A record without a string field is left
    as it is, with a warning naming its line; a file where no record has the field is an
    error (a wrong ``--text-key``). An undecodable or invalid line, or a record with a key
    twice, is an error: nothing is written. A UTF-8 byte-order mark is honoured and kept.
    ``fix`` writes atomically. With a ``pool``, runs of lines go to its worker processes
    and come back in order."""

    name = "JSON Lines"
    spreads = True

    def handles(self, path: Path) -> bool:
        return is_jsonl(path)

    def process(self, pipeline: Pipeline, task: FileTask, pool: Pool | None = None) -> Outcome:
        label, mode, text_key, title_key = str(task.path), task.mode, task.text_key, task.title_key
        outcome = Outcome(label)
        records = keyed = titled = 0
        fields: tuple[str, ...] = ()
        writer = None
        try:
            writer = open_writer(task, compress=is_gzip(task.path))
            if pool is None:
                results: Iterator[tuple[list[bytes], Outcome, tuple[int, int, tuple[str, ...], int]]] = (
                    clean_lines(pipeline, label, mode, text_key, chunk, title_key) for chunk in _chunks(task.path)
                )
            else:
                results = pool.ordered(clean_lines, ((label, mode, text_key, chunk, title_key) for chunk in _chunks(task.path)))
            for raws, part, (part_records, part_keyed, part_fields, part_titled) in results:
                merge(outcome, part)
                records, keyed, fields = records + part_records, keyed + part_keyed, fields or part_fields
                titled += part_titled
                if writer is not None:
                    for raw in raws:
                        writer.write(raw)
            if records and not keyed:
                raise InputError(
                    f"{label}: no record has the field '{text_key}' (fields of the first record: {', '.join(fields) or 'none'});"
                    " use --text-key to name the field to clean"
                )
            if records and title_key is not None and not titled:
                raise InputError(f"{label}: no record has the title field '{title_key}' (fields of the first record: {', '.join(fields) or 'none'})")
            if outcome.unlisted:
                outcome.warnings.append(f"{label}: {outcome.unlisted} more warnings not listed")
            settle(writer, outcome, task.output is not None)
        except InputError as error:
            fail(writer, outcome, error)
        return outcome

    def documents(self, path: Path, encoding: str, text_key: str) -> Iterator[Document]:
        """Each record with a string under ``text_key``; a file where none has the key
        raises InputError, as ``fix`` does."""
        label = str(path)
        records = keyed = 0
        for number, _, _, record in _records(label, enumerate(read_lines(path), 1)):
            records += 1
            value = record.get(text_key) if isinstance(record, dict) else None
            keyed += isinstance(record, dict) and text_key in record
            if isinstance(value, str):
                yield Document(value, number)
        if records and not keyed:
            raise InputError(f"{label}: no record has the field '{text_key}'; use --text-key to name the field to read")


def clean_lines(
    pipeline: Pipeline, label: str, mode: str, text_key: str, lines: list[tuple[int, bytes]], title_key: str | None = None
) -> tuple[list[bytes], Outcome, tuple[int, int, tuple[str, ...], int]]:
    """Clean the records of a run of JSON lines: their new bytes, what happened, and
    (records, records with the key, the first record's keys, records with a string title). ``title_key``: the field of
    a record's title, handed to the pipeline where it is a string."""
    pipeline = record_pipeline(pipeline.config)
    outcome = Outcome(label)
    out = [raw for _, raw in lines]  # unchanged records: their bytes as they were
    first = lines[0][0] if lines else 1
    records = keyed = titled = 0
    fields: tuple[str, ...] = ()
    for number, bom, line, record in _records(label, iter(lines)):
        records += 1
        if isinstance(record, dict):
            keyed += text_key in record
            fields = fields or tuple(record)
        value = record.get(text_key) if isinstance(record, dict) else None
        if not isinstance(value, str):
            outcome.warnings.append(f"{label}:{number}: no string field '{text_key}'; record left as it is")
            continue
        title = record.get(title_key) if title_key else None
        titled += isinstance(title, str)
        fixed = process_text(pipeline, label, Document(value, number, title if isinstance(title, str) else None), mode, outcome)
        if fixed != value:
            record[text_key] = fixed
            body = line.rstrip("\r\n")
            out[number - first] = bom + (_dumps_like(record, body) + line[len(body) :]).encode("utf-8")
    return out, outcome, (records, keyed, fields, titled)


def _records(label: str, lines: Iterator[tuple[int, bytes]]) -> Iterator[tuple[int, bytes, str, Any]]:
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


def _dumps_like(record: dict[str, object], original: str) -> str:
    """JSON for a changed record, in the style of its original line (ASCII escapes or not,
    compact or spaced separators); key order is kept."""
    spaced = '": ' in original or '", "' in original
    return json.dumps(record, ensure_ascii=original.isascii(), separators=(", ", ": ") if spaced else (",", ":"))


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
