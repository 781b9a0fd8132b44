"""The seed documents, cleaned with default settings, must equal fixtures/seeds/expected/."""

from __future__ import annotations

from pathlib import Path

import pytest

import textfix
from textfix import Pipeline

from invariants import INVARIANTS

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


@pytest.mark.parametrize("name", NAMES)
def test_seed_golden(name: str) -> None:
    source = (SEEDS / name).read_text("utf-8")
    expected = (SEEDS / "expected" / name).read_text("utf-8")
    assert textfix.clean(source) == expected


@pytest.mark.parametrize("name", NAMES)
def test_seed_second_run_changes_nothing(name: str) -> None:
    once = textfix.clean((SEEDS / name).read_text("utf-8"))
    assert textfix.fix(once).edits == ()


@pytest.mark.parametrize("name", NAMES)
def test_seed_every_pass_keeps_its_invariant(name: str) -> None:
    text = (SEEDS / name).read_text("utf-8")
    for step in Pipeline().passes:
        after = step.run(text).text
        assert INVARIANTS[step.id](text, after), step.id
        text = after
