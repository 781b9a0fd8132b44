"""The library API: clean, fix, Pipeline, Config, edit records and their positions."""

from __future__ import annotations

import pickle

import pytest

import textfix
from textfix import Config, ConfigError, Pipeline
from textfix.edits import LineIndex, replay, source_offsets
from textfix.passes import PASSES, REGISTRY
from textfix.passes.unicode import UnicodePass
from textfix.passes.whitespace import WhitespacePass


def test_clean_the_issue_example() -> None:
    assert textfix.clean("caf\u00c3\u00a9\u00a0 bar  ") == "café bar\n"


def test_fix_returns_text_and_explained_edits() -> None:
    result = textfix.fix("Tom &amp; Jerry  \n")
    assert result.text == "Tom & Jerry\n"
    assert [e.rule_id for e in result.edits] == ["unicode/html-entity", "whitespace/trailing-space"]
    assert all(e.reason for e in result.edits)
    assert replay("Tom &amp; Jerry  \n", result.edits) == result.text


def test_unicode_pass_fixes_surrogate_pairs() -> None:
    result = UnicodePass().run("smile \ud83d\ude00 now\n")
    assert result.text == "smile \U0001F600 now\n"
    assert [e.rule for e in result.edits] == ["surrogates"]


def test_ascii_text_never_reaches_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    import ftfy

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("ftfy called on ASCII text")

    monkeypatch.setattr(ftfy, "fix_and_explain", boom)
    text = "Plain ASCII news text, with punctuation; and numbers 1,000.\n" * 50
    assert UnicodePass().run(text).text == text


def test_pipeline_is_picklable_and_equivalent() -> None:
    pipeline = Pipeline(Config(ignore=("whitespace/tab",)))
    clone = pickle.loads(pickle.dumps(pipeline))
    text = "a\tb  \n\n\n\nc &amp; d"
    assert clone.run(text) == pipeline.run(text)
    assert [p.id for p in clone.passes] == [p.id for p in pipeline.passes]


def test_pipeline_from_any_passes() -> None:
    pipeline = Pipeline(passes=[WhitespacePass()])
    assert pipeline.clean("a &amp;  b") == "a &amp; b\n"


def test_clean_batch() -> None:
    assert Pipeline().clean_batch(["a  b", "c\u00a0d"]) == ["a b\n", "c d\n"]


def test_clean_equals_run_text() -> None:
    text = "caf\u00c3\u00a9  x\t y\n\n\n\n"
    pipeline = Pipeline()
    assert pipeline.clean(text) == pipeline.run(text).text


def test_registry_order_is_canonical() -> None:
    assert [cls.id for cls in REGISTRY][:2] == ["unicode", "whitespace"]
    for cls in REGISTRY:
        assert cls.__doc__ and "Safety" in cls.__doc__ and "Example" in cls.__doc__
        assert cls.id == cls.id.lower() and " " not in cls.id


def test_source_offsets_map_back_through_earlier_passes() -> None:
    original = "x &amp; y\nsecond  line\n"
    result = textfix.fix(original)
    offsets = source_offsets(result.edits)
    index = LineIndex(original)
    spaces = [o for e, o in zip(result.edits, offsets) if e.rule == "multiple-spaces"]
    assert [index.position(o) for o in spaces] == [(2, 7)]


def test_select_and_ignore() -> None:
    assert list(Config(select=("whitespace",)).enabled_rules()) == ["whitespace"]
    assert "tab" in Config(ignore=("whitespace/tab",)).enabled_rules()["whitespace"]
    rules = Config(extend_select=("unicode/curly-quotes",)).enabled_rules()["unicode"]
    assert "curly-quotes" not in rules
    only = Config(select=("whitespace/tab",)).enabled_rules()
    assert only == {"whitespace": frozenset(PASSES["whitespace"].rules) - {"tab"}}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"bogus": 1}, "unknown key 'bogus'"),
        ({"whitespace": {"max-blank": 1}}, "unknown option 'max-blank'"),
        ({"whitespace": {"max-blank-lines": "two"}}, "expected an integer"),
        ({"whitespace": {"max-blank-lines": -1}}, "max-blank-lines must be 0 or more"),
        ({"select": ["nope"]}, "unknown pass 'nope'"),
        ({"ignore": ["whitespace/nope"]}, "unknown rule 'whitespace/nope'"),
        ({"include": 3}, "'include' must be a list of strings"),
    ],
)
def test_config_errors_name_key_and_file(data: dict, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        Config.from_mapping(data, source="conf.toml")
    assert message in str(error.value) and "conf.toml" in str(error.value)


def test_config_discovered_upward(tmp_path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.textfix]\nignore = ["whitespace/tab"]\n[tool.textfix.whitespace]\nmax-blank-lines = 2\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    config = Config.discover([sub])
    assert config.ignore == ("whitespace/tab",)
    assert config.options_for("whitespace").max_blank_lines == 2
    (sub / "textfix.toml").write_text("select = ['unicode']\n")
    assert Config.discover([sub]).select == ("unicode",)


def test_broken_config_file(tmp_path) -> None:
    bad = tmp_path / "textfix.toml"
    bad.write_text("select = [\n")
    with pytest.raises(ConfigError, match="textfix.toml: invalid TOML"):
        Config.load(bad)


def test_readme_pandas_example() -> None:
    import pandas as pd

    pipeline = Pipeline()
    frame = pd.DataFrame({"text": ["US -backed  forces", "clean\n"], "id": [1, 2]})
    frame["text"] = pipeline.clean_batch(frame["text"].tolist())
    assert frame["text"].tolist() == ["US-backed forces\n", "clean\n"]


def test_readme_datasets_example(tmp_path, monkeypatch) -> None:
    """The README's Dataset.map(batched=True) line, with two worker processes."""
    monkeypatch.setenv("HF_DATASETS_CACHE", str(tmp_path))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    import datasets

    pipeline = Pipeline()
    dataset = datasets.Dataset.from_dict({"text": ["US -backed  forces", "inthe end", "clean\n"] * 4, "id": list(range(12))})
    dataset = dataset.map(lambda batch: {"text": pipeline.clean_batch(batch["text"])}, batched=True, num_proc=2)
    assert dataset["text"] == ["US-backed forces\n", "in the end\n", "clean\n"] * 4
    assert dataset["id"] == list(range(12))


def test_the_default_chain_keeps_spaced_ellipses() -> None:
    """Spaced ellipses are a style, not a spacing error (issue 18)."""
    from textfix import clean

    text = "The record was mixed . . . and the vote was close. Then . . . nothing.\n"
    assert clean(text) == text
