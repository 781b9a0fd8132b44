"""Rule data from rules/: sorted word lists and TOML rule files, loaded once, with errors
that name the file and the rule."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from .errors import RuleError


def rules_dir() -> Path:
    """rules/ inside an installed wheel (textfix/rules) or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"rules folder not found next to {here}")  # pragma: no cover


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A word list from rules/words/NAME.txt: one entry a line, '#' starts a comment."""
    return frozenset(read_word_file(rules_dir() / "words" / f"{name}.txt"))


def read_word_file(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read word list: {error}") from None
    words = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.append(entry)
    return words
