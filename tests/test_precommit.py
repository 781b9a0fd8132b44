"""The pre-commit hooks, run by the real pre-commit on a commit with a broken file."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "textfix", "rules"]


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This project as a git repository pre-commit can install hooks from."""
    repo = tmp_path_factory.mktemp("hooks")
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, repo / name)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "textfix").returncode == 0
    return repo, git(repo, "rev-parse", "HEAD").stdout.strip()


@pytest.fixture
def env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    home = tmp_path_factory.getbasetemp() / "pre-commit-home"
    values = {
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return values


def corpus_repo(path: Path, hook_repo: tuple[Path, str], hook_id: str) -> Path:
    repo_path, rev = hook_repo
    path.mkdir()
    git(path, "init", "-q")
    (path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {repo_path}\n    rev: {rev}\n    hooks:\n      - id: {hook_id}\n"
    )
    git(path, "add", ".pre-commit-config.yaml")
    assert git(path, "commit", "-q", "--no-verify", "-m", "config").returncode == 0
    install = subprocess.run(["pre-commit", "install"], cwd=path, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    return path


BROKEN = (
    "Talks resume in Geneva\n\n"
    "A top diplomat condemned the US -backed forces , he said.Then  he left.\n\n"
    "The talks will resume next week, officials said on Monday.\n\n"
    "Both sides said they hoped for progress before the winter.\n\n"
    "Latest News\n"
)


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is installed with the test extras")
def test_check_hook_fails_the_commit_and_fix_hook_repairs_it(tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> None:
    checked = corpus_repo(tmp_path / "checked", hook_repo, "textfix-check")
    (checked / "doc.txt").write_text(BROKEN)
    git(checked, "add", "doc.txt")
    commit = git(checked, "commit", "-m", "add doc")
    assert commit.returncode != 0, commit.stdout + commit.stderr
    assert "punctuation-spacing/detached-hyphen" in commit.stdout + commit.stderr
    assert (checked / "doc.txt").read_text() == BROKEN  # the check hook never writes

    fixed = corpus_repo(tmp_path / "fixed", hook_repo, "textfix")
    (fixed / "doc.txt").write_text(BROKEN)
    git(fixed, "add", "doc.txt")
    first = git(fixed, "commit", "-m", "add doc")
    assert first.returncode != 0  # pre-commit fails a hook that modified files
    repaired = (fixed / "doc.txt").read_text()
    assert "US-backed forces, he said. Then he left." in repaired and "Latest News" not in repaired
    git(fixed, "add", "doc.txt")
    second = git(fixed, "commit", "-m", "add doc")
    assert second.returncode == 0, second.stdout + second.stderr


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is installed with the test extras")
def test_hooks_respect_the_configured_exclude(tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> None:
    repo = corpus_repo(tmp_path / "excluded", hook_repo, "textfix-check")
    (repo / "textfix.toml").write_text('exclude = ["raw"]\n')
    (repo / "raw").mkdir()
    (repo / "raw" / "doc.txt").write_text(BROKEN)
    git(repo, "add", "textfix.toml", "raw/doc.txt")
    commit = git(repo, "commit", "-m", "add a raw document")
    assert commit.returncode == 0, commit.stdout + commit.stderr


def _readme_block(language: str, after: str) -> str:
    text = (ROOT / "README.md").read_text()
    start = text.index(f"```{language}\n", text.index(after)) + len(language) + 4
    return text[start : text.index("```", start)]


@pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit is installed with the test extras")
def test_the_readme_example_config_works_as_written(tmp_path: Path, hook_repo: tuple[Path, str], env: dict[str, str]) -> None:
    """The README's .pre-commit-config.yaml, with only the repository's address replaced:
    its `rev` must name something the repository has."""
    repo_path, _ = hook_repo
    example = _readme_block("yaml", "### pre-commit")
    address = next(line.split("repo:")[1].split("#")[0].strip() for line in example.splitlines() if "repo:" in line)
    path = tmp_path / "corpus"
    path.mkdir()
    git(path, "init", "-q")
    (path / ".pre-commit-config.yaml").write_text(example.replace(address, str(repo_path)))
    git(path, "add", ".pre-commit-config.yaml")
    assert git(path, "commit", "-q", "--no-verify", "-m", "config").returncode == 0
    assert subprocess.run(["pre-commit", "install"], cwd=path, capture_output=True).returncode == 0
    (path / "doc.txt").write_text(BROKEN)
    git(path, "add", "doc.txt")
    commit = git(path, "commit", "-m", "add doc")
    assert commit.returncode != 0 and "punctuation-spacing/detached-hyphen" in commit.stdout + commit.stderr


def test_the_readme_first_command_leaves_the_checkout_clean() -> None:
    setup = _readme_block("sh", "## Set up")
    output = setup.split("--output ", 1)[1].split()[0].strip("/")
    ignored = {line.strip().strip("/") for line in (ROOT / ".gitignore").read_text().splitlines()}
    assert output in ignored, f"the README's first command writes {output}/, which git would show as untracked"
