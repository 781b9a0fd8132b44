"""Pipeline: the enabled passes, built once, run in canonical order."""

from __future__ import annotations

from typing import Iterable, Sequence

from . import engine
from .config import Config
from .edits import Edit, Fixed, compose
from .passes import PASSES, Pass


def build_passes(config: Config) -> list[Pass]:
    """The passes a configuration enables, in registry order, each built once."""
    return [PASSES[pass_id].from_config(config, disabled) for pass_id, disabled in config.enabled_rules().items()]


def require_text(text: object, function: str) -> None:
    """A clear TypeError for what is not a string (a missing value from a data frame, most
    often: None or NaN), instead of an error from deep inside a pass."""
    if isinstance(text, str):
        return
    missing = text is None or (isinstance(text, float) and text != text)
    hint = " (a missing value: skip it, e.g. series.map(pipeline.clean, na_action='ignore'))" if missing else ""
    raise TypeError(f"{function}() takes a str, not {type(text).__name__}{hint}")


class Pipeline:
    """A reusable, picklable chain of passes.

    Build it once (from a :class:`Config`, or from any sequence of passes) and call
    :meth:`run` or :meth:`clean` for every document; resources load once per process.
    """

    def __init__(self, config: Config | None = None, *, passes: Sequence[Pass] | None = None) -> None:
        engine.check()
        self.config = config if config is not None else Config()
        self.passes: list[Pass] = list(passes) if passes is not None else build_passes(self.config)

    #: At most this many rounds (a round: every pass that has not seen the current text, in
    #: canonical order). Most documents settle in one round and a check; see run().
    MAX_ROUNDS = 4

    def run(
        self, text: str, *, record: bool = True, head: bool = True, tail: bool = True, in_line: bool = False, title: str | None = None
    ) -> Fixed:
        """Run every pass; the edits of each pass refer to the text that pass received.

        A fixed point by construction: a later pass can create work for an earlier one (a
        space that split-words inserts after punctuation-spacing ran, a line that enters
        boilerplate's window once another is removed, a no-break space that whitespace makes
        a space and ftfy then reads as mojibake). So every pass runs again, in canonical
        order, while the text has changed since it last ran. A pass whose class sets
        ``settles_in_one_call`` (it finishes its own work in one call: unicode, whitespace)
        counts as having seen its own output; any other pass that changed the text runs
        once more to confirm it. A document that no pass changes takes one round; a round
        re-runs only the passes that have not seen the current text, and a round in which
        nothing changes ends the run. After MAX_ROUNDS rounds the run stops and says so in
        a note (cost: at most MAX_ROUNDS times one round).

        For a piece of a huge document (see textfix.files.TextStream): ``head``/``tail``
        say whether the piece starts/ends the document, and ``in_line`` that it starts or
        ends inside a line, so passes that judge whole lines leave it alone. ``title``: the
        document's title where known (passes that use one, such as boilerplate, get it)."""
        require_text(text, "Pipeline.run")
        edits: list[Edit] = []
        notes: list[str] = []
        steps = [step for step in self.passes if not (in_line and step.line_based)]
        edges = {"head": head, "tail": tail}
        version = 0  # how many times the text has changed
        seen = [-1] * len(steps)  # the version each pass last ran on or produced
        group_start, group_input = 0, text  # where the last pass's edits start; its input
        for _ in range(self.MAX_ROUNDS):
            for index, step in enumerate(steps):
                if seen[index] == version:
                    continue
                extra = {**edges, "title": title} if step.uses_title else edges
                result = step.run(text, record=record, **extra) if step.positional else step.run(text, record=record)
                changed = result.text != text
                if changed and edits and result.edits and edits[-1].pass_id == step.id:
                    # the same pass again, no other edit between: one group of edits, on
                    # the text the pass received the first time (see edits.group_by_pass)
                    edits[group_start:] = compose(group_input, edits[group_start:], result.edits)
                elif changed:
                    group_start, group_input = len(edits), text
                    edits.extend(result.edits)
                if changed:
                    version += 1
                    text = result.text
                notes.extend(result.notes)
                # a pass that may leave work in its own output runs again to confirm it
                seen[index] = version - 1 if changed and not step.settles_in_one_call else version
            if min(seen, default=version) == version:
                break
        else:
            notes.append(f"pipeline: the text still changed after {self.MAX_ROUNDS} rounds; stopped there")
        return Fixed(text, tuple(edits), tuple(dict.fromkeys(notes)))

    def clean(self, text: str, title: str | None = None) -> str:
        """The cleaned text only (skips building edit records where a pass allows)."""
        return self.run(text, record=False, title=title).text

    def clean_batch(self, texts: Iterable[str]) -> list[str]:
        """Clean a batch of texts: list in, list out (for Dataset.map(batched=True), pandas)."""
        return [self.clean(text) for text in texts]

    def __repr__(self) -> str:
        return f"Pipeline([{', '.join(p.id for p in self.passes)}])"
