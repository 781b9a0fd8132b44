from __future__ import annotations

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
