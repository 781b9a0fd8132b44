from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the seed documents (inputs only) in a temporary folder."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in SEEDS.glob("*.txt"):
        shutil.copyfile(path, folder / path.name)
    return folder


@pytest.fixture(autouse=True, scope="session")
def _cache_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The word-count cache goes to a temporary folder, not the user's ~/.cache."""
    import os

    os.environ["TEXTFIX_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def article() -> str:
    """A short news text whose title line stands twice (for --title-key)."""
    return (
        "Storm hits the coast\n"
        "The storm hit the coast on Monday, and officials said the damage was severe across the region.\n"
        "Storm hits the coast\n"
        "Residents were told to stay indoors while crews cleared the roads and restored power lines.\n"
        "More than a thousand homes lost power overnight, the utility company said in a statement.\n"
        "Schools will stay closed until Wednesday."
    )


@pytest.fixture
def compiled_core(monkeypatch: pytest.MonkeyPatch) -> object:
    """The compiled core, for the differential tests. Skipped where it is not installed,
    unless TEXTFIX_REQUIRE_CORE=1 (the README's test command sets it: there the core is
    built, and a missing core must fail the run, not skip its tests)."""
    from textfix import engine

    if engine._installed is None:
        if os.environ.get("TEXTFIX_REQUIRE_CORE") == "1":
            pytest.fail(f"TEXTFIX_REQUIRE_CORE=1 but the compiled core is not usable: {engine.description}")
        pytest.skip(f"no compiled core: {engine.description}")
    from textfix import glue_model

    # the core takes over split-words' model at once (not after COMPILED_AFTER runs)
    monkeypatch.setattr(glue_model, "COMPILED_AFTER", 0)
    return engine._installed
