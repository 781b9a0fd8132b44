"""The pass interface: a named unit that takes text and returns Fixed(text, edits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Mapping

from ..edits import Edit, Fixed


@dataclass(frozen=True)
class NoOptions:
    """A pass without options."""


class Pass:
    """Base class of every pass.

    A subclass sets ``id`` (stable, kebab-case), ``rules`` (rule id -> one-line summary),
    ``Options`` (a frozen dataclass of its settings) and ``invariant`` (what it may change),
    and implements :meth:`run`. Construction loads what the pass needs once; ``run`` is
    called for every document and must be a pure function of the text.
    """

    id: ClassVar[str]
    rules: ClassVar[Mapping[str, str]]
    invariant: ClassVar[str]
    Options: ClassVar[type] = NoOptions
    #: Rules that exist but are off unless selected by their full id.
    default_off: ClassVar[frozenset[str]] = frozenset()
    #: Whether ``run`` takes ``head`` and ``tail`` (does this text start / end the document?):
    #: a piece of a huge file is cleaned alone, and its edges are not the document's.
    positional: ClassVar[bool] = False
    #: Whether the pass judges whole lines (it skips pieces that start or end inside a line).
    line_based: ClassVar[bool] = False
    #: Whether ``run`` takes ``title`` (the document's title, where known).
    uses_title: ClassVar[bool] = False
    #: Whether one call leaves nothing for a second call to do; otherwise the pipeline runs
    #: the pass again on its own output to confirm it (see Pipeline.run).
    settles_in_one_call: ClassVar[bool] = False

    def __init__(self, options: Any = None, *, disabled: frozenset[str] | None = None) -> None:
        """``disabled``: the rules that stay off; None means the pass's ``default_off``."""
        self.options = options if options is not None else self.Options()
        disabled = self.default_off if disabled is None else frozenset(disabled)
        unknown = disabled - set(self.rules)
        if unknown:
            raise ValueError(f"{self.id}: unknown rules {sorted(unknown)}")
        self.disabled = frozenset(disabled)

    def enabled(self, rule: str) -> bool:
        return rule not in self.disabled

    def run(self, text: str, *, record: bool = True) -> Fixed:  # pragma: no cover - abstract
        raise NotImplementedError

    def edit(self, rule: str, text: str, start: int, end: int, replacement: str, reason: str) -> Edit:
        return Edit(self.id, rule, start, end, text[start:end], replacement, reason)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.options, self.disabled))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.options!r})"

    @classmethod
    def from_config(cls, config: Any, disabled: frozenset[str]) -> "Pass":
        """Build the pass a configuration asks for (a pass with extra inputs overrides this)."""
        return cls(config.options_for(cls.id), disabled=disabled)

    @classmethod
    def known_rules(cls, rule_files: tuple[str, ...] = ()) -> set[str]:
        """Every rule id of the pass (with rules from extra rule files, where it reads them)."""
        return set(cls.rules)

    @classmethod
    def describe(cls) -> str:
        """First line of the docstring: what the pass does."""
        return (cls.__doc__ or "").strip().splitlines()[0]


def _rebuild(cls: type[Pass], options: Any, disabled: frozenset[str]) -> Pass:
    return cls(options, disabled=disabled)
