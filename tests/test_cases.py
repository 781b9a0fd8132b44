"""Run every case of tests/cases/<pass>.toml through its pass, checking the invariant."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from textfix.config import Config
from textfix.edits import apply_edits
from textfix.passes import PASSES

from invariants import INVARIANTS

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CASES = Path(__file__).parent / "cases"


def load_cases() -> list:
    params = []
    for path in sorted(CASES.glob("*.toml")):
        pass_id = path.stem
        for case in tomllib.loads(path.read_text("utf-8"))["case"]:
            params.append(pytest.param(pass_id, case, id=f"{pass_id}: {case['name']}"))
    return params


def build(pass_id: str, case: dict):
    cls = PASSES[pass_id]
    select = tuple(f"{pass_id}/{rule}" for rule in case.get("select", ()))
    ignore = tuple(f"{pass_id}/{rule}" for rule in case.get("ignore", ()))
    config = Config.from_mapping({pass_id: case.get("options", {})}, source=f"case {case['name']}")
    config = Config(extend_select=select, ignore=ignore, options=config.options)
    disabled = config.enabled_rules().get(pass_id, frozenset(cls.rules))
    return cls(config.options_for(pass_id), disabled=disabled)


@pytest.mark.parametrize("pass_id, case", load_cases())
def test_case(pass_id: str, case: dict) -> None:
    step = build(pass_id, case)
    text = case["input"]
    expected = case.get("expected", text)
    result = step.run(text)
    assert result.text == expected
    assert INVARIANTS[pass_id](text, result.text), "the pass broke its invariant"
    assert apply_edits(text, result.edits) == result.text, "edits do not replay to the output"
    assert all(e.pass_id == pass_id and e.rule in step.rules for e in result.edits)
    assert (result.text != text) == bool(result.edits)
    assert step.run(text, record=False).text == result.text, "record=False changed the result"
    again = step.run(result.text)
    assert again.text == result.text and not again.edits, "a second run changed the text"


def test_every_pass_has_cases() -> None:
    have = {path.stem for path in CASES.glob("*.toml")}
    assert set(PASSES) <= have


def test_every_rule_has_a_positive_case() -> None:
    """Rules that no case exercises are untested code; list them here only with a reason."""
    hit: set[str] = set()
    for param in load_cases():
        pass_id, case = param.values
        result = build(pass_id, case).run(case["input"])
        hit.update(edit.rule_id for edit in result.edits)
    untested = {
        f"{p}/{rule}" for p, cls in PASSES.items() if p != "boilerplate" for rule in cls.rules
    } - hit - RULES_WITHOUT_CASES
    assert not untested


# Boilerplate rules carry their own examples, which tests/test_rules.py runs.
# Rules that cannot be triggered by a self-contained one-line case, with why.
RULES_WITHOUT_CASES = {
    "unicode/surrogates",  # TOML strings cannot hold lone surrogates; tested in test_passes.py
}
