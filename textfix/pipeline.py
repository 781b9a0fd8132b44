"""Pipeline: the enabled passes, built once, run in canonical order."""

from __future__ import annotations

from typing import Iterable, Sequence

from .config import Config
from .edits import Edit, Fixed
from .passes import PASSES, Pass


def build_passes(config: Config) -> list[Pass]:
    """The passes a configuration enables, in registry order, each built once."""
    return [PASSES[pass_id].from_config(config, disabled) for pass_id, disabled in config.enabled_rules().items()]


class Pipeline:
    """A reusable, picklable chain of passes.

    Build it once (from a :class:`Config`, or from any sequence of passes) and call
    :meth:`run` or :meth:`clean` for every document; resources load once per process.
    """

    def __init__(self, config: Config | None = None, *, passes: Sequence[Pass] | None = None) -> None:
        self.config = config if config is not None else Config()
        self.passes: list[Pass] = list(passes) if passes is not None else build_passes(self.config)

    def run(self, text: str, *, record: bool = True) -> Fixed:
        """Run every pass; the edits of each pass refer to the text that pass received."""
        edits: list[Edit] = []
        notes: list[str] = []
        for step in self.passes:
            result = step.run(text, record=record)
            if result.edits:
                edits.extend(result.edits)
            notes.extend(result.notes)
            text = result.text
        return Fixed(text, tuple(edits), tuple(notes))

    def clean(self, text: str) -> str:
        """The cleaned text only (skips building edit records where a pass allows)."""
        for step in self.passes:
            text = step.run(text, record=False).text
        return text

    def clean_batch(self, texts: Iterable[str]) -> list[str]:
        """Clean a batch of texts: list in, list out (for Dataset.map(batched=True), pandas)."""
        return [self.clean(text) for text in texts]

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(p.id for p in self.passes)}])"
