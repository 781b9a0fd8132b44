"""The word counts' cache: a marshal copy that loads fast, and never a reason to fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.passes.split_words import _load_counts


def test_cache_is_written_then_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    parsed = _load_counts()
    cached = list(tmp_path.glob("wordsegment-*.marshal"))
    assert len(cached) == 1
    assert _load_counts() == parsed
    assert parsed[0]["the"] > 1e10 and "of the" in parsed[1]


def test_corrupt_cache_falls_back_to_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    parsed = _load_counts()
    (cached,) = tmp_path.glob("wordsegment-*.marshal")
    cached.write_bytes(b"\x00garbage")
    assert _load_counts() == parsed
    cached.write_bytes(b"")
    assert _load_counts() == parsed


def test_unwritable_or_disabled_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(blocked / "cache"))
    counts = _load_counts()
    monkeypatch.setenv("TEXTFIX_CACHE_DIR", "")
    assert _load_counts() == counts


def test_plausible_parts_cached_equal_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textfix.passes.split_words import plausible_parts

    monkeypatch.setenv("TEXTFIX_CACHE_DIR", str(tmp_path))
    plausible_parts.cache_clear()
    built = plausible_parts(150000.0)
    assert len(list(tmp_path.glob("parts-150000-*.marshal"))) == 1
    plausible_parts.cache_clear()
    cached = plausible_parts(150000.0)
    plausible_parts.cache_clear()
    assert cached == built
    assert {"london", "regime", "of", "a"} <= cached and "ryabkov" not in cached
