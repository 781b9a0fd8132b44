"""Cleaners to compare, by name: textfix passes alone or chained, and peers when installed."""

from __future__ import annotations

from typing import Callable

from textfix import Config, Pipeline

Cleaner = Callable[[str], str]


def _textfix(select: tuple[str, ...], **options: dict) -> Cleaner:
    config = Config(select=select)
    for pass_id, values in options.items():
        config = config.with_options(pass_id, **values)
    pipeline = Pipeline(config)
    return pipeline.clean


def _strip_newline(cleaner: Cleaner) -> Cleaner:
    return lambda text: cleaner(text).rstrip("\n")


def _naive_wordsegment() -> Cleaner:
    """The naive baseline: wordsegment on every letter run that is not in its vocabulary,
    with the case of the original letters kept so that the result can be scored."""
    import re

    import wordsegment

    wordsegment.load()
    vocabulary = wordsegment.UNIGRAMS
    letters = re.compile(r"[A-Za-z]+")

    def split(match: re.Match[str]) -> str:
        token = match.group()
        if token.lower() in vocabulary:
            return token
        parts = wordsegment.segment(token)
        out, pos = [], 0
        for part in parts:
            out.append(token[pos : pos + len(part)])
            pos += len(part)
        return " ".join(out) if pos == len(token) else token

    return lambda text: letters.sub(split, text)


def _wordninja() -> Cleaner:
    import re

    import wordninja

    letters = re.compile(r"[A-Za-z]+")

    def split(match: re.Match[str]) -> str:
        token = match.group()
        parts = wordninja.split(token)
        out, pos = [], 0
        for part in parts:
            out.append(token[pos : pos + len(part)])
            pos += len(part)
        return " ".join(out) if pos == len(token) else token

    return lambda text: letters.sub(split, text)


CLEANERS: dict[str, Callable[[], Cleaner]] = {
    "punctuation-spacing": lambda: _strip_newline(_textfix(("punctuation-spacing",))),
    "split-words": lambda: _strip_newline(_textfix(("split-words",))),
    "in-line": lambda: _strip_newline(_textfix(("punctuation-spacing", "split-words"))),
    "naive-wordsegment": _naive_wordsegment,
    "wordninja": _wordninja,
}


def make_cleaner(name: str) -> Cleaner:
    return CLEANERS[name]()
