"""Plain text files (and gzip-compressed ones), read whole: one file, one document."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..files import BinaryFileError, read_text_file, write_atomic
from ..pipeline import Pipeline
from .base import Document, FileTask, Format, Outcome, Pool, process_text


class TextFormat(Format):
    """Any file no other format takes: decoded (byte-order mark, CRLF and gzip kept),
    cleaned as one document, written back atomically."""

    name = "text"

    def handles(self, path: Path) -> bool:
        return True

    def process(self, pipeline: Pipeline, task: FileTask, pool: Pool | None = None) -> Outcome:
        path, output = task.path, task.output
        outcome = Outcome(str(path))
        try:
            source = read_text_file(path, task.encoding)
        except BinaryFileError as error:
            outcome.warnings.append(str(error))
            return outcome
        except InputError as error:
            if task.skip_undecodable and "not valid" in str(error):
                outcome.warnings.append(f"{error} (skipped)")
            else:
                outcome.error = str(error)
            return outcome
        fixed = process_text(pipeline, str(path), Document(source.text), task.mode, outcome)
        if task.mode == "fix":
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

    def documents(self, path: Path, encoding: str, text_key: str) -> Iterator[Document]:
        yield Document(read_text_file(path, encoding).text)
