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


def _split_letter_runs(split: Callable[[str], list[str]], only_unknown: frozenset[str] | None = None) -> Cleaner:
    """Apply a segmenter to every letter run (or only to those not in ``only_unknown``),
    keeping the original letters' case so that the output can be scored."""
    import re

    letters = re.compile(r"[A-Za-z]+")

    def replace(match: re.Match[str]) -> str:
        token = match.group()
        if only_unknown is not None and token.lower() in only_unknown:
            return token
        out, pos = [], 0
        for part in split(token):
            out.append(token[pos : pos + len(part)])
            pos += len(part)
        return " ".join(out) if pos == len(token) else token

    return lambda text: letters.sub(replace, text)


def _naive_wordsegment() -> Cleaner:
    """The naive baseline: wordsegment on every letter run that is not in its vocabulary."""
    import wordsegment

    wordsegment.load()
    return _split_letter_runs(wordsegment.segment, frozenset(wordsegment.UNIGRAMS))


def _wordninja() -> Cleaner:
    import wordninja

    return _split_letter_runs(wordninja.split)


CLEANERS: dict[str, Callable[[], Cleaner]] = {
    "punctuation-spacing": lambda: _strip_newline(_textfix(("punctuation-spacing",))),
    "split-words": lambda: _strip_newline(_textfix(("split-words",))),
    "in-line": lambda: _strip_newline(_textfix(("punctuation-spacing", "split-words"))),
    "naive-wordsegment": _naive_wordsegment,
    "wordninja": _wordninja,
}


def make_cleaner(name: str) -> Cleaner:
    return CLEANERS[name]()
