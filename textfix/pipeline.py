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
        self._unicode = next((step for step in self.passes if step.id == "unicode"), None)

    #: How many extra rounds a document may take to settle (see _unsettled).
    MAX_ROUNDS = 3

    def run(
        self, text: str, *, record: bool = True, head: bool = True, tail: bool = True, in_line: bool = False, title: str | None = None
    ) -> Fixed:
        """Run every pass; the edits of each pass refer to the text that pass received.

        For a piece of a huge document (see textfix.files.TextStream): ``head``/``tail``
        say whether the piece starts/ends the document, and ``in_line`` that it starts or
        ends inside a line, so passes that judge whole lines leave it alone. ``title``: the
        document's title where known (passes that use one, such as boilerplate, get it)."""
        edits: list[Edit] = []
        notes: list[str] = []
        steps = [step for step in self.passes if not (in_line and step.line_based)]
        edges = {"head": head, "tail": tail}
        for _ in range(self.MAX_ROUNDS):
            changed_after_unicode = False
            for step in steps:
                extra = {**edges, "title": title} if step.uses_title else edges
                result = step.run(text, record=record, **extra) if step.positional else step.run(text, record=record)
                if result.text != text and step.id != "unicode":
                    changed_after_unicode = True
                edits.extend(result.edits)
                notes.extend(result.notes)
                text = result.text
            if not (changed_after_unicode and self._unsettled(text)):
                break
        return Fixed(text, tuple(edits), tuple(dict.fromkeys(notes)))

    def clean(self, text: str, title: str | None = None) -> str:
        """The cleaned text only (skips building edit records where a pass allows)."""
        return self.run(text, record=False, title=title).text

    def _unsettled(self, text: str) -> bool:
        """ftfy's decisions depend on the text around a character, which later passes change
        (a no-break space made a space can turn "À†" into mojibake to ftfy). If the unicode
        pass would change the output, the document takes another round, so that a second
        run of the pipeline changes nothing."""
        return self._unicode is not None and self._unicode.run(text, record=False).text != text

    def clean_batch(self, texts: Iterable[str]) -> list[str]:
        """Clean a batch of texts: list in, list out (for Dataset.map(batched=True), pandas)."""
        return [self.clean(text) for text in texts]

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(p.id for p in self.passes)}])"
