"""The library entry points: clear errors for what is not text, errors naming their source."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner

import textfix
from textfix import Config, ConfigError
from textfix.cli import cli


@pytest.mark.parametrize("value, shown", [(None, "NoneType"), (math.nan, "float"), (b"bytes", "bytes"), (3, "int")])
@pytest.mark.parametrize("function", [textfix.clean, textfix.fix, textfix.Pipeline().clean, textfix.Pipeline().run])
def test_what_is_not_a_string_is_a_clear_type_error(function, value: object, shown: str) -> None:
    with pytest.raises(TypeError, match=f"takes a str, not {shown}") as raised:
        function(value)
    assert ("missing value" in str(raised.value)) == (value is None or value != value)


def test_pandas_missing_values_pass_through_with_na_action() -> None:
    pd = pytest.importorskip("pandas")
    pipeline = textfix.Pipeline()
    cleaned = pd.Series(["a  b", None, math.nan]).map(pipeline.clean, na_action="ignore")
    assert cleaned[0] == "a b\n" and pd.isna(cleaned[1]) and pd.isna(cleaned[2])


def test_a_bad_rule_id_in_config_names_the_config() -> None:
    with pytest.raises(ConfigError, match=r"^Config: select: unknown rule 'whitespace/nope'"):
        Config(select=("whitespace/nope",))
    with pytest.raises(ConfigError, match=r"^Config\.with_options: \[whitespace\]"):
        Config().with_options("whitespace", max_blank_lines=-1)


def test_a_bad_rule_id_on_the_command_line_names_the_option(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text("ignore = ['whitespace/tab']\n")
    (tmp_path / "a.txt").write_text("x\n")
    result = runner.invoke(cli, ["check", "--select", "whitespace/nope", str(tmp_path)])
    assert result.exit_code == 2
    assert "command line: --select: unknown rule 'whitespace/nope'" in result.stderr
    (tmp_path / "textfix.toml").write_text("ignore = ['whitespace/nope']\n")
    from_file = runner.invoke(cli, ["check", str(tmp_path)])
    assert from_file.exit_code == 2 and "textfix.toml: ignore: unknown rule 'whitespace/nope'" in from_file.stderr


def test_the_datatrove_step_without_datatrove_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib
    import sys

    for name in [n for n in sys.modules if n == "datatrove" or n.startswith("datatrove.") or n == "textfix.datatrove"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "datatrove", None)  # as if the extra were not installed
    with pytest.raises(ImportError, match=r"pip install 'textfix\[datatrove\]'"):
        importlib.import_module("textfix.datatrove")


def test_for_records_cleans_a_string_as_fix_cleans_a_record() -> None:
    records = textfix.Pipeline(textfix.for_records(Config()))
    assert records.clean("a  b") == "a b" and records.clean("a  b\n") == "a b\n"
    assert textfix.Pipeline().clean("a  b") == "a b\n"  # a file ends with a newline
