"""textfix: repair the artifacts that scraping leaves in text.

    >>> import textfix
    >>> textfix.clean("caf\u00c3\u00a9\u00a0 bar  ")
    'café bar\\n'
"""

from __future__ import annotations

from functools import lru_cache

from .config import Config
from .edits import Edit, Fixed, replay
from .errors import ConfigError, InputError, RuleError, TextfixError
from .formats import for_records
from .pipeline import Pipeline

__version__ = "0.1.0"


@lru_cache(maxsize=8)
def _pipeline(config: Config) -> Pipeline:
    return Pipeline(config)


def _require_text(text: object, function: str) -> None:
    """A clear TypeError for what is not a string (a missing value from a data frame, most
    often: None or NaN), instead of an error from deep inside a pass."""
    if isinstance(text, str):
        return
    missing = text is None or (isinstance(text, float) and text != text)
    hint = " (a missing value: skip it, e.g. series.map(pipeline.clean, na_action='ignore'))" if missing else ""
    raise TypeError(f"textfix.{function}() takes a str, not {type(text).__name__}{hint}")


def fix(text: str, config: Config | None = None) -> Fixed:
    """Clean one string; returns the text and the edit records that explain every change.
    Anything but a str (None, a pandas NaN) raises TypeError."""
    _require_text(text, "fix")
    return _pipeline(config if config is not None else Config()).run(text)


def clean(text: str, config: Config | None = None) -> str:
    """Clean one string with the default (or given) configuration. Anything but a str
    (None, a pandas NaN) raises TypeError."""
    _require_text(text, "clean")
    return _pipeline(config if config is not None else Config()).clean(text)


__all__ = [
    "Config",
    "ConfigError",
    "Edit",
    "Fixed",
    "InputError",
    "Pipeline",
    "RuleError",
    "TextfixError",
    "clean",
    "fix",
    "for_records",
    "replay",
]
