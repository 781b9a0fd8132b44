"""Parquet corpora: one string column cleaned, one row group at a time (needs pyarrow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..pipeline import Pipeline
from .base import Document, FileTask, Format, Outcome, Pool, fail, open_writer, process_text, record_pipeline, settle


class ParquetFormat(Format):
    """One string column of a Parquet file, one row group at a time (memory bounded by the
    largest row group); the schema, the other columns and the row groups are kept, nulls
    stay null. Needs pyarrow (``pip install 'textfix[parquet]'``)."""

    name = "Parquet"

    def handles(self, path: Path) -> bool:
        return path.suffix == ".parquet"

    def process(self, pipeline: Pipeline, task: FileTask, pool: Pool | None = None) -> Outcome:
        label, text_key = str(task.path), task.text_key
        outcome = Outcome(label)
        writer = None
        try:
            source = _open(task.path, text_key)
            if task.title_key is not None and task.title_key not in source.schema_arrow.names:
                raise InputError(f"{label}: no column '{task.title_key}' for --title-key (columns: {', '.join(source.schema_arrow.names)})")
            import pyarrow as pa
            import pyarrow.parquet as pq

            pipeline = record_pipeline(pipeline.config)
            column_type = source.schema_arrow.field(text_key).type
            writer = open_writer(task)
            parquet_writer = pq.ParquetWriter(writer.handle, source.schema_arrow) if writer is not None else None
            row = 0
            for group in range(source.num_row_groups):
                table = source.read_row_group(group)
                values = table.column(text_key).to_pylist()
                titles = table.column(task.title_key).to_pylist() if task.title_key is not None else [None] * len(values)
                cleaned = []
                for value, title in zip(values, titles):
                    row += 1
                    document = Document(value, row, title if isinstance(title, str) else None) if value is not None else None
                    cleaned.append(value if document is None else process_text(pipeline, label, document, task.mode, outcome))
                if parquet_writer is not None:
                    if cleaned != values:
                        index = table.schema.get_field_index(text_key)
                        table = table.set_column(index, table.schema.field(index), pa.array(cleaned, type=column_type))
                    parquet_writer.write_table(table, row_group_size=max(1, table.num_rows))
            if parquet_writer is not None:
                parquet_writer.close()
            settle(writer, outcome, task.output is not None)
        except InputError as error:
            fail(writer, outcome, error)
        return outcome

    def documents(self, path: Path, encoding: str, text_key: str) -> Iterator[Document]:
        """Each row's text (nulls passed over)."""
        source = _open(path, text_key)
        row = 0
        for group in range(source.num_row_groups):
            for value in source.read_row_group(group, columns=[text_key]).column(text_key).to_pylist():
                row += 1
                if value is not None:
                    yield Document(value, row)


def _open(path: Path, text_key: str) -> Any:
    """The Parquet file (pyarrow's ParquetFile), once its ``text_key`` column is known to be a
    string column; InputError otherwise (pyarrow missing, unreadable file, no such column)."""
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
