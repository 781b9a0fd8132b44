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
from .pipeline import Pipeline, require_text

__version__ = "0.1.0"


@lru_cache(maxsize=8)
def _pipeline(config: Config) -> Pipeline:
    return Pipeline(config)


def fix(text: str, config: Config | None = None) -> Fixed:
    """Clean one string; returns the text and the edit records that explain every change.
    Anything but a str (None, a pandas NaN) raises TypeError."""
    require_text(text, "textfix.fix")
    return _pipeline(config if config is not None else Config()).run(text)


def clean(text: str, config: Config | None = None) -> str:
    """Clean one string with the default (or given) configuration. Anything but a str
    (None, a pandas NaN) raises TypeError."""
    require_text(text, "textfix.clean")
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
