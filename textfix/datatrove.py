"""A datatrove pipeline step: textfix as one step of an LLM data pipeline.

Needs the optional extra: ``pip install 'textfix[datatrove]'``.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from textfix.datatrove import TextfixStep

    LocalPipelineExecutor(
        pipeline=[JsonlReader("corpus/"), TextfixStep(), JsonlWriter("cleaned/")],
        tasks=4,
    ).run()

Each document's text is cleaned as a record is by ``textfix fix`` on a JSON Lines file (a
string, not a file: no final newline added, see textfix.formats.for_records), with a
Pipeline built once per worker process on its first document (the step itself carries only
the Config, so datatrove can pickle it to its workers). The step's datatrove statistics
count, per document, ``total``, ``changed``, ``forwarded``, and ``dropped`` with
``dropped_empty`` (documents that end up empty, when ``drop_empty``), and the edits of
every rule under the rule's id (``whitespace/tab``: total edits, and how many documents had
one), the same ids as ``textfix check --statistics``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .formats import record_pipeline
from .config import Config

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.base import PipelineStep
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - the extra is part of the test extras
    raise ImportError(f"textfix.datatrove needs datatrove: pip install 'textfix[datatrove]' ({error})") from None


class TextfixStep(PipelineStep):
    """Clean each document's text with textfix; drop (or keep) documents that end up empty.

    ``config``: the textfix configuration (default: the default chain). ``drop_empty``:
    drop a document whose text is empty or only whitespace after cleaning (default), or keep
    it. ``exclusion_writer``: a datatrove writer that receives the dropped documents, as
    datatrove's filters take one.
    """

    name = "textfix"
    type = "✂️ - FORMAT"

    def __init__(self, config: Config | None = None, drop_empty: bool = True, exclusion_writer: Any = None) -> None:
        super().__init__()
        self.config = config if config is not None else Config()
        self.drop_empty = drop_empty
        self.exclusion_writer = exclusion_writer

    def clean(self, document: Document) -> bool:
        """Clean one document in place, counting its edits; whether it is kept."""
        result = record_pipeline(self.config).run(document.text)
        for rule_id, count in _counts(edit.rule_id for edit in result.edits).items():
            self.stat_update(rule_id, value=count)
        if result.text != document.text:
            self.stat_update("changed")
            document.text = result.text
        return not (self.drop_empty and not document.text.strip())

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        with self.exclusion_writer if self.exclusion_writer else contextlib.nullcontext() as writer:
            for document in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    kept = self.clean(document)
                if kept:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(document)
                    yield document
                else:
                    self.stat_update(StatHints.dropped, "dropped_empty")
                    if writer is not None:
                        writer.write(document, rank)


def _counts(rule_ids: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for rule_id in rule_ids:
        counts[rule_id] = counts.get(rule_id, 0) + 1
    return counts


__all__ = ["TextfixStep"]
