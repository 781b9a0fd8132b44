"""Overlapping edits are a bug that fails loudly where edits are applied; the unicode pass's
windows on long lines never overlap."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix.edits import Edit, OverlappingEdits, apply_edits, compose
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
    assert all(a.end <= b.start for a, b in zip(result.edits, result.edits[1:]))


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32))
def test_long_lines_are_fixed_once_everywhere(seed: int) -> None:
    line = long_line(seed)
    result = UnicodePass().run(line)
    assert result.text == expected(line)
    assert all(a.end <= b.start for a, b in zip(result.edits, result.edits[1:]))


PROSE = "the of and to in is was for on that with as by at from his her it an were are new".split()
NOISE = ["caf\u00c3\u00a9", "&amp;", "&lt;b&gt;", "<i>", "voil\u00c3 ", "\u00c2\u00a0", "na\u00efve", "\u00e2\u20ac\u2122", "Ã?", "x\u0301"]


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_long_lines_are_fixed_the_same_way_twice(seed: int) -> None:
    """ftfy's decisions depend on the stretch it is given (an entity is not decoded in a
    stretch that looks like HTML): the stretches of a long line must be the same on the
    pass's own output, so that a second run changes nothing."""
    rng = random.Random(seed)
    words = [rng.choice(NOISE) if rng.random() < 0.05 else rng.choice(PROSE) for _ in range(rng.randint(2500, 6000))]
    line = " ".join(words)
    unicode = UnicodePass()
    once = unicode.run(line).text
    assert unicode.run(once).edits == ()


def test_a_long_line_without_spaces_is_one_window() -> None:
    line = "x" * 9000 + "&amp;" + "y" * 500 + "caf\u00c3\u00a9" + "z" * 9000
    assert UnicodePass().run(line).text == expected(line)


def test_generated_long_lines_where_the_cuts_used_to_move() -> None:
    """Inputs of benchmarks/reliability.py (seed 17) on which the unicode pass alone changed
    its own output: its windows moved with the fixes before them."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import reliability

    unicode = UnicodePass()
    for index in (3070, 3131, 10014, 13507, 23181, 26866):
        kind, text = reliability.generated(17, index)
        assert kind == "long-line"
        once = unicode.run(text)
        assert unicode.run(once.text).edits == (), index
        assert apply_edits(text, once.edits) == once.text


EDIT_PLANS = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.sampled_from(["", "X", "YY", "ZZZ"])), max_size=8)


def planned_edits(text: str, plan: list[tuple[int, int, str]], tag: str) -> list[Edit]:
    """Sorted, non-overlapping edits from (gap, length, replacement) steps (insertions too)."""
    edits: list[Edit] = []
    pos = 0
    for gap, length, replacement in plan:
        start = pos + gap
        if start > len(text):
            break
        end = min(len(text), start + length)
        edits.append(edit(tag, start, end, text, replacement))
        pos = end
    return edits


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abcdef", max_size=25), EDIT_PLANS, EDIT_PLANS)
def test_composed_edits_do_both_rounds(text: str, plan1: list[tuple[int, int, str]], plan2: list[tuple[int, int, str]]) -> None:
    first = planned_edits(text, plan1, "first")
    middle = apply_edits(text, first)
    second = planned_edits(middle, plan2, "second")
    composed = compose(text, first, second)
    assert apply_edits(text, composed) == apply_edits(middle, second)
    assert all(e.original == text[e.start : e.end] for e in composed)
