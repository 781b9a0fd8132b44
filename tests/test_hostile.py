"""Hostile and broken input: clear errors naming the file, exit 2, nothing lost."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Pipeline
from textfix.cli import cli
from textfix.files import TEMP_PREFIX

from conftest import SEEDS


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_utf16_with_bom_is_handled_and_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("caf\u00e9  au lait".encode("utf-16"))
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    data = path.read_bytes()
    assert data.startswith(b"\xff\xfe") and data.decode("utf-16") == "caf\u00e9 au lait\n"


def test_empty_file_is_left_alone(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert runner.invoke(cli, ["check", str(path)]).exit_code == 0
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b""


def test_paths_with_spaces_and_non_ascii_names(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mes données" / "sub dir"
    folder.mkdir(parents=True)
    path = folder / "café  article.txt"
    path.write_text("a  b")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1 and "café  article.txt:1:2:" in result.stdout
    assert runner.invoke(cli, ["fix", str(tmp_path)]).exit_code == 0
    assert path.read_text() == "a b\n"


def test_symlink_loop_does_not_hang_and_links_are_written_through(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    target = tmp_path / "real.txt"
    target.write_text("x  y")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert runner.invoke(cli, ["fix", str(tmp_path)]).exit_code == 0
    assert link.is_symlink() and target.read_text() == "x y\n"


def test_unreadable_file(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("a  b")
    original = Path.read_bytes

    def deny(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2 and "secret.txt: cannot read: Permission denied" in result.stderr


def test_read_only_file_is_left_unchanged(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file the user may not write is refused (the atomic rename would bypass that). The
    check is os.access, as the user sees it: root may write any file, so it is simulated."""
    from textfix import files

    path = tmp_path / "ro.txt"
    path.write_text("a  b")
    path.chmod(0o444)
    real_access = os.access
    monkeypatch.setattr(files.os, "access", lambda p, mode: False if Path(p).name == "ro.txt" else real_access(p, mode))
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2 and "ro.txt: read-only file" in result.stderr
    assert path.read_text() == "a  b"


def test_read_only_bits_do_not_stop_a_user_who_may_write(runner: CliRunner, tmp_path: Path) -> None:
    """Where the user may write a file despite its mode (root), fix writes it and keeps the mode."""
    path = tmp_path / "ro.txt"
    path.write_text("a  b")
    path.chmod(0o444)
    if not os.access(path, os.W_OK):
        pytest.skip("only meaningful where the user may write a 0444 file (root)")
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_text() == "a b\n" and (path.stat().st_mode & 0o777) == 0o444


def test_disk_full_mid_write(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The temporary file's writes fail with ENOSPC part-way: the original stays whole."""
    from textfix import files

    path = tmp_path / "doc.txt"
    path.write_text("a  b\n" * 1000)
    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle: object) -> None:
            self.handle = handle
            self.written = 0

        def write(self, data: bytes) -> int:
            if self.written + len(data) > 1000:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.written += len(data)
            return self.handle.write(data)

        def __getattr__(self, name: str) -> object:
            return getattr(self.handle, name)

    monkeypatch.setattr(files.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2
    assert "doc.txt: cannot write: No space left on device; the file is unchanged" in result.stderr
    assert path.read_text() == "a  b\n" * 1000
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_runaway_user_pattern_is_an_error_naming_the_rule(runner: CliRunner, tmp_path: Path) -> None:
    rules = tmp_path / "evil.toml"
    rules.write_text('[[rule]]\nid = "evil"\nmessage = "m"\npatterns = ["(a|aa)+$x"]\nexamples = ["a"]\n')
    doc = tmp_path / "doc.txt"
    doc.write_text("a" * 40 + "!\n")
    result = runner.invoke(cli, ["fix", "--rules", str(rules), str(doc)])
    assert result.exit_code == 2
    assert "evil.toml: rule evil: pattern" in result.stderr and "took over" in result.stderr
    assert doc.read_text() == "a" * 40 + "!\n"


# Inputs built to make backtracking regexes blow up: long runs of one character class,
# alternating classes, and near-misses of every rule's shape.
PATHOLOGICAL = [
    "a" * 20000,
    " " * 20000 + "x",
    "\t \u00a0" * 5000,
    "\n" * 20000 + "x",
    ".," * 10000,
    "a." * 10000 + "A",
    "U.S." * 5000 + "in",
    "( " * 5000 + ")",
    '"' * 10000 + "Abc",
    "-" * 10000 + "backed",
    "aB" * 10000,
    "By " + "Jane " * 4000,
    "\u2022 " + "Abc " * 4000,
    "http://" + "a." * 10000,
    "1," * 10000 + "a",
    "ab" * 10000 + "!",
    "&amp;" * 4000,
    "\u00c3\u00a9" * 8000,
    "theMinister" * 2000,
    "inthe" * 4000,
]


@pytest.mark.parametrize("text", PATHOLOGICAL, ids=lambda t: repr(t[:12]))
def test_pathological_inputs_finish(text: str) -> None:
    """Every pass on every adversarial input finishes (a 30 s alarm guards against a hang;
    it is not a speed target) and keeps the pipeline's properties."""
    def hang(signum: int, frame: object) -> None:
        raise TimeoutError("catastrophic backtracking: a pass did not finish")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(30)
    try:
        pipeline = Pipeline()
        once = pipeline.clean(text)
        assert pipeline.clean(once) == once
        for line in text.split("\n")[:3]:  # also as many short lines of one document
            pipeline.clean("\n".join([line[:300]] * 50))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_single_long_line(runner: CliRunner, tmp_path: Path) -> None:
    """A 2 MB file of one line (the 200 MB version is the opt-in slow test below)."""
    path = tmp_path / "long.txt"
    path.write_text("The US -backed forces advanced , inthe north.  " * 45000)
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_text().count("US-backed") == 45000


@pytest.mark.slow
def test_single_200_mb_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w") as handle:
        for _ in range(200):
            handle.write("The US -backed forces advanced , inthe north.  " * 21000)
    result = subprocess.run([sys.executable, "-m", "textfix", "fix", "--quiet", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


MUTATIONS = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3000), st.sampled_from(["", " ", "  ", "\n", "\n\n\n", "\u00a0", ".", ",", "-", '"', "\u00c3\u00a9", "\u200b", "(", "x"]), st.integers(0, 3)),
    max_size=15,
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(p.name for p in SEEDS.glob("*.txt"))), MUTATIONS)
def test_mutated_fixtures_keep_the_properties(name: str, mutations: list[tuple[int, str, int]]) -> None:
    text = (SEEDS / name).read_text("utf-8")
    for position, insert, delete in mutations:
        position %= len(text) + 1
        text = text[:position] + insert + text[position + delete :]
    pipeline = Pipeline()
    result = pipeline.run(text)
    assert pipeline.run(result.text).edits == ()
    from textfix.edits import replay

    assert replay(text, result.edits) == result.text


def test_kill_9_mid_run_loses_nothing(tmp_path: Path) -> None:
    """Kill `textfix fix` at random moments: every file is its original or its complete
    fixed version, and the next run leaves no temporary file behind."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    rng = random.Random(5)
    originals: dict[str, str] = {}
    pipeline = Pipeline()
    seed_texts = [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for n in range(300):
        text = seed_texts[n % 2] + f"\n\nParagraph {n}  with US -backed glue inthe text.\n" * rng.randint(1, 30)
        originals[f"d{n:03d}.txt"] = text
        (folder / f"d{n:03d}.txt").write_text(text)
    expected = {name: pipeline.clean(text) for name, text in originals.items()}
    command = [sys.executable, "-m", "textfix", "fix", "--quiet", str(folder)]
    for attempt in range(int(os.environ.get("TEXTFIX_KILLS", "5"))):
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 3.0))
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name, text in originals.items():
            current = (folder / name).read_text("utf-8")
            assert current in (text, expected[name]), f"{name} is neither original nor fixed after kill {attempt}"
    final = subprocess.run(command, capture_output=True, text=True)
    assert final.returncode == 0, final.stderr
    assert not [p for p in folder.iterdir() if p.name.startswith(TEMP_PREFIX)]
    assert all((folder / name).read_text("utf-8") == expected[name] for name in originals)
