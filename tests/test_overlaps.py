"""Overlapping edits are a bug that fails loudly where edits are applied; the unicode pass's
windows on long lines never overlap."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.edits import Edit, OverlappingEdits, apply_edits
from textfix.passes.unicode import UnicodePass


def edit(rule: str, start: int, end: int, text: str, replacement: str) -> Edit:
    return Edit("demo", rule, start, end, text[start:end], replacement, "test")


def test_overlapping_edits_raise_naming_both_rules() -> None:
    text = "abcdefgh"
    with pytest.raises(OverlappingEdits, match=r"demo/second at \[2, 5\).*demo/first at \[1, 4\)"):
        apply_edits(text, [edit("first", 1, 4, text, "X"), edit("second", 2, 5, text, "Y")])


def test_edits_out_of_order_or_outside_the_text_raise() -> None:
    text = "abcdefgh"
    with pytest.raises(OverlappingEdits):
        apply_edits(text, [edit("late", 5, 6, text, ""), edit("early", 1, 2, text, "")])
    with pytest.raises(OverlappingEdits, match="outside"):
        apply_edits(text, [Edit("demo", "far", 6, 12, "gh", "", "test")])


def test_adjacent_edits_and_insertions_at_one_offset_apply() -> None:
    text = "abcdef"
    edits = [edit("a", 1, 2, text, "B"), edit("b", 2, 2, text, "+"), edit("c", 2, 2, text, "-"), edit("d", 2, 4, text, "")]
    assert apply_edits(text, edits) == "aB+-ef"


# A line longer than the unicode pass's long-line limit (8,000 characters), with entities
# and mojibake spread along it: ftfy fixes each the same way wherever the window falls.
PIECES = ["word", "word", "text", "&amp;", "caf\u00c3\u00a9", "x"]


def long_line(seed: int) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1700, 3000)))


def expected(line: str) -> str:
    return line.replace("&amp;", "&").replace("caf\u00c3\u00a9", "caf\u00e9")


def test_two_fixes_on_one_long_line_do_not_duplicate_it() -> None:
    """The second fix lies within 1,000 characters of the line's end: its window used to
    fall back to the whole line, overlapping the first window (the text came out longer)."""
    line = "word " * 2000 + "&amp; " + "word " * 400 + "&amp;"
    result = UnicodePass().run(line)
    assert result.text == expected(line)
    assert [(e.start, e.end) for e in result.edits] == [(10000, 10005), (12006, 12011)]


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_long_lines_are_fixed_once_everywhere(seed: int) -> None:
    line = long_line(seed)
    result = UnicodePass().run(line)
    assert result.text == expected(line)
    assert all(a.end <= b.start for a, b in zip(result.edits, result.edits[1:]))


def test_a_long_line_without_spaces_is_one_window() -> None:
    line = "x" * 9000 + "&amp;" + "y" * 500 + "caf\u00c3\u00a9" + "z" * 9000
    assert UnicodePass().run(line).text == expected(line)
