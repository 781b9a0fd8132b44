"""The ordered registry of passes: the one place that fixes the canonical order.

Characters first (unicode, whitespace), then whole-line removal (boilerplate, duplicate
lines), then in-line repair (punctuation spacing, word splitting).
"""

from __future__ import annotations

from .base import Pass
from .boilerplate import BoilerplatePass
from .duplicates import DuplicateLinesPass
from .punctuation import PunctuationSpacingPass
from .split_words import SplitWordsPass
from .unicode import UnicodePass
from .whitespace import WhitespacePass

REGISTRY: tuple[type[Pass], ...] = (
    UnicodePass,
    WhitespacePass,
    BoilerplatePass,
    DuplicateLinesPass,
    PunctuationSpacingPass,
    SplitWordsPass,
)

PASSES: dict[str, type[Pass]] = {cls.id: cls for cls in REGISTRY}

__all__ = ["PASSES", "REGISTRY", "Pass"]
