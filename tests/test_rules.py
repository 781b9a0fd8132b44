"""Lint the rule data: word lists sorted and unique, rule files valid, examples that hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.errors import RuleError
from textfix.passes.boilerplate import BoilerplatePass
from textfix.rules import load_rule_file, load_rules, read_word_file, rules_dir

WORD_LISTS = sorted((rules_dir() / "words").glob("*.txt"))
RULES = load_rules()


@pytest.mark.parametrize("path", WORD_LISTS, ids=lambda p: p.name)
def test_word_list_sorted_and_unique(path: Path) -> None:
    words = read_word_file(path)
    assert words == sorted(words, key=str.lower) or words == sorted(words), f"{path.name} is not sorted"
    assert len(words) == len(set(words)), f"{path.name} has duplicates"


def test_every_rule_file_has_a_header_comment() -> None:
    for path in sorted((rules_dir() / "boilerplate").glob("*.toml")):
        assert path.read_text("utf-8").startswith("#"), path.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule) -> None:
    """Each example, as the last line of a short document, is removed by this rule; each
    counterexample in the same place stays."""
    step = BoilerplatePass()
    body = "".join(f"Line {n} of the article, which says something real.\n" for n in range(1, 7))
    assert rule.examples, f"rule {rule.id} has no examples"
    for example in rule.examples:
        text = body + example + "\n"
        result = step.run(text)
        removed = [e for e in result.edits if e.rule == rule.id]
        assert removed, f"{rule.id} did not remove {example!r}"
    for counter in rule.counterexamples:
        text = body + counter + "\n"
        assert step.run(text).text == text, f"{rule.id} changed {counter!r}"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[[rule]]\nid = 'x'\nmessage = 'm'\nphrases = ['a']\nbogus = 1\n", "rule x: unknown key 'bogus'"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\npatterns = ['(unclosed']\n", "rule x: bad regular expression"),
        ("[[rule]]\nid = 'Bad Id'\nmessage = 'm'\nphrases = ['a']\n", "'id' must be a kebab-case string"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\n", "rule x: no phrases"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\nphrases = ['a']\nposition = 'middle'\n", "'position' must be one of"),
        ("[[rule]\n", "invalid TOML"),
        ("[[rule]]\nid = 'section-link'\nmessage = 'm'\nphrases = ['a']\n", "id already used"),
    ],
)
def test_broken_rule_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(content)
    with pytest.raises(RuleError) as error:
        load_rule_file.cache_clear()
        load_rules((str(path),))
    assert message in str(error.value) and str(path) in str(error.value)
