"""Choosing the engine: the compiled core or the Python reference (textfix/engine.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from textfix import Pipeline, engine
from textfix.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def _textfix(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "textfix", *args], capture_output=True, text=True, env={**os.environ, **env}, cwd=ROOT)


def test_version_names_the_engine() -> None:
    reference = _textfix("--version", TEXTFIX_ENGINE="python")
    assert reference.returncode == 0
    assert reference.stdout.strip().endswith("engine: python reference (TEXTFIX_ENGINE=python)")
    auto = _textfix("--version", TEXTFIX_ENGINE="auto")
    assert re.search(r"engine: (compiled core \d+\.\d+\.\d+|python reference \(.+\))$", auto.stdout.strip())


def test_compiled_version_when_installed(compiled_core: object) -> None:
    assert _textfix("--version", TEXTFIX_ENGINE="compiled").stdout.strip().endswith(f"engine: compiled core {engine.CORE_VERSION}")


def test_core_version_matches_the_crate() -> None:
    cargo = (ROOT / "core" / "Cargo.toml").read_text("utf-8")
    assert re.search(r'^version = "([^"]+)"', cargo, re.M).group(1) == engine.CORE_VERSION
    project = (ROOT / "core" / "pyproject.toml").read_text("utf-8")
    assert re.search(r'^version = "([^"]+)"', project, re.M).group(1) == engine.CORE_VERSION


@pytest.mark.parametrize("value", ["bogus", "rust"])
def test_a_bad_engine_choice_is_a_usage_error(value: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("some text\n", "utf-8")
    result = _textfix("check", str(tmp_path), TEXTFIX_ENGINE=value)
    assert result.returncode == 2
    assert f"TEXTFIX_ENGINE={value!r}" in result.stderr and "auto, python, compiled" in result.stderr
    assert "Traceback" not in result.stderr


def test_compiled_required_but_missing_is_an_error(tmp_path: Path) -> None:
    """With the core hidden (an empty module path first), TEXTFIX_ENGINE=compiled fails clearly."""
    fake = tmp_path / "textfix_core.py"
    fake.write_text("raise ImportError('hidden for the test')\n", "utf-8")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT), os.environ.get("PYTHONPATH", "")])}
    result = _textfix("check", str(ROOT / "fixtures"), TEXTFIX_ENGINE="compiled", **env)
    assert result.returncode == 2 and "pip install ./core" in result.stderr
    fallback = _textfix("--version", TEXTFIX_ENGINE="auto", **env)
    assert fallback.stdout.strip().endswith("engine: python reference (no compiled core installed)")


def test_library_raises_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "problem", "TEXTFIX_ENGINE='x': expected one of auto, python, compiled")
    with pytest.raises(ConfigError, match="TEXTFIX_ENGINE"):
        Pipeline()


def test_use_switches_and_restores(compiled_core: object) -> None:
    before = engine.core
    with engine.use("python"):
        assert engine.core is None
        with engine.use("compiled"):
            assert engine.core is compiled_core
        assert engine.core is None
    assert engine.core is before
    with pytest.raises(ValueError):
        with engine.use("fast"):
            pass
