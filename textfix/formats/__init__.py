"""Corpus formats, one module each behind one small interface (base.Format): plain text,
large text in pieces, JSON Lines, Parquet. A new format (CSV, Arrow, a datasets folder) is
one new module with a Format subclass, listed in FORMATS."""

from __future__ import annotations

from pathlib import Path

from .base import Document, FileTask, Format, Outcome, for_records, process_text, record_pipeline
from .jsonl import JsonlFormat
from .large import LargeTextFormat
from .parquet import ParquetFormat
from .text import TextFormat

#: The formats in the order they are tried: the first that handles a path takes it (plain
#: text takes whatever is left).
FORMATS: tuple[Format, ...] = (JsonlFormat(), ParquetFormat(), LargeTextFormat(), TextFormat())


def format_of(path: Path) -> Format:
    """The format that takes this file."""
    return next(fmt for fmt in FORMATS if fmt.handles(path))


__all__ = ["FORMATS", "Document", "FileTask", "Format", "Outcome", "for_records", "format_of", "process_text", "record_pipeline"]
