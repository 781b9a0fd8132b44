"""spans.code_line: lines of code are found, prose with brackets and semicolons is not."""

import pytest

from textfix.spans import CODE_REACH, code_at, code_line

CODE = [
    "def area(width, height):",
    "    return scale(width, height)",
    "import numpy as np",
    "from collections import Counter",
    "class Shape(object):",
    "SELECT name, price",
    "FROM generate(array[1, 2, 3]) AS t;",
    "WITH totals AS (",
    "var count = 0;",
    "}",
    "if (ready) {",
    "x = compute(a, b);",
    "if n % 2 == 0:",
    "items.append(value)",
    "print_result(total)",
    "widget = new Button(label)",
    "std::vector<int> values",
    "body { margin: 0; padding: 0 }",
    "p {color: red; font-size: 2em}",
    "total = avg(n) + 1",
]

PROSE = [
    "The mayor said the work would start in the spring; nobody objected.",
    "See the list of common questions (FAQ) first;",
    "UPDATE: the council voted again on Tuesday (see below).",
    "UPDATE (Friday): the road is open again.",
    "From the archives: the first issue (1921).",
    "WITH the town asleep, the two of them left early, as planned (or so they said).",
    "Select the best photos; send them (at most five) to us.",
    "The film(2008) and its sequel were both shot in Leeds.",
    "Each member(s) of the club pays a fee.",
    "Make it simple(r) next time.",
    "Home || News || Sport || Contact",
    "=> Read the next part",
    ":: What did you cook last week?",
    "Ten years of the fair :: Town News",
    "=======================",
    "{Sigh.} That was the end of it.",
    "Use the old queue(same) for now.",
    "the new Voyager(TM) music player",
]


@pytest.mark.parametrize("line", CODE)
def test_code_lines_are_found(line: str) -> None:
    assert code_line(line)


@pytest.mark.parametrize("line", PROSE)
def test_prose_is_not_code(line: str) -> None:
    assert not code_line(line)


def test_a_long_prose_line_is_read_near_the_place_asked_about() -> None:
    prose = "It was a long day and the people of the town went home early. " * 10
    text = prose + "They ran total = compute(a, b); and left. " + prose
    assert code_at(text, len(prose) + 5)
    assert not code_at(text, 10)
    assert not code_at(text, len(text) - 10)
    assert len(prose) > 2 * CODE_REACH
