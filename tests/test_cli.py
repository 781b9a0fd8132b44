"""The command line: exit codes, check never writes, --diff, stdin, atomic writes, errors."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from textfix import files
from textfix.cli import cli


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p): (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


def test_check_reports_findings_and_never_writes(runner: CliRunner, seeds: Path) -> None:
    before = snapshot(seeds)
    result = runner.invoke(cli, ["check", str(seeds)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines and all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)
    assert snapshot(seeds) == before


def test_fix_then_check_is_clean(runner: CliRunner, seeds: Path) -> None:
    assert runner.invoke(cli, ["fix", str(seeds)]).exit_code == 0
    again = runner.invoke(cli, ["check", str(seeds)])
    assert again.exit_code == 0, again.stdout
    assert again.stdout == ""


def test_diff_writes_nothing_and_exits_1(runner: CliRunner, seeds: Path) -> None:
    before = snapshot(seeds)
    result = runner.invoke(cli, ["fix", "--diff", str(seeds)])
    assert result.exit_code == 1
    assert result.stdout.startswith("---") and "\n+++ " in result.stdout and "\n@@ " in result.stdout
    assert snapshot(seeds) == before


def test_clean_file_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("A clean line.\n")
    assert runner.invoke(cli, ["check", str(tmp_path)]).exit_code == 0
    assert runner.invoke(cli, ["fix", "--diff", str(tmp_path)]).exit_code == 0


def test_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["fix", "-"], input="caf\u00c3\u00a9\u00a0 bar  ".encode())
    assert result.exit_code == 0
    assert result.stdout == "café bar\n"
    checked = runner.invoke(cli, ["check", "-"], input=b"a  b\n")
    assert checked.exit_code == 1 and checked.stdout.startswith("-:1:2: whitespace/multiple-spaces")


def test_fix_keeps_permissions_and_crlf(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"one  two\r\n\r\n\r\n\r\nthree\r\n")
    path.chmod(0o640)
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b"one two\r\n\r\nthree\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_bom_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfa  b\n")
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbfa b\n"


def test_atomic_write_leaves_original_on_failure(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(b"a  b\n")

    def fail(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", fail)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2
    assert "doc.txt: cannot write: No space left on device" in result.stderr
    assert path.read_bytes() == b"a  b\n"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.txt"]


def test_undecodable_file_is_reported_and_untouched(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"good  text\nthen \xff\xfe bytes\n")
    good = tmp_path / "good.txt"
    good.write_bytes(b"x  y\n")
    result = runner.invoke(cli, ["fix", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{bad}: not valid utf-8 at byte 16" in result.stderr
    assert bad.read_bytes() == b"good  text\nthen \xff\xfe bytes\n"
    assert good.read_bytes() == b"x y\n"  # other files are still cleaned
    skipped = runner.invoke(cli, ["check", "--skip-undecodable", str(bad)])
    assert skipped.exit_code == 0 and "warning" in skipped.stderr
    latin = runner.invoke(cli, ["check", "--encoding", "latin-1", str(bad)])
    assert latin.exit_code == 1


def test_binary_file_is_skipped_with_warning(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(b"\x00\x01\x02binary  data")
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0
    assert "binary file" in result.stderr and "blob.txt" in result.stderr
    assert path.read_bytes() == b"\x00\x01\x02binary  data"


def test_walk_skips_hidden_and_respects_globs(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("a  b")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("a  b")
    (tmp_path / "sub" / "b.md").write_text("a  b")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "a.txt" in result.stdout and ".git" not in result.stdout and "b.md" not in result.stdout
    md = runner.invoke(cli, ["check", "--include", "*.md", str(tmp_path)])
    assert "b.md" in md.stdout and "a.txt" not in md.stdout
    none = runner.invoke(cli, ["check", "--exclude", "sub", str(tmp_path)])
    assert none.exit_code == 0


def test_output_folder_mirrors_tree(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    (src / "deep").mkdir(parents=True)
    (src / "deep" / "a.txt").write_text("a  b")
    (src / "c.txt").write_text("clean\n")
    out = tmp_path / "out"
    result = runner.invoke(cli, ["fix", "--output", str(out), str(src)])
    assert result.exit_code == 0, result.output
    assert (out / "deep" / "a.txt").read_text() == "a b\n"
    assert (out / "c.txt").read_text() == "clean\n"
    assert (src / "deep" / "a.txt").read_text() == "a  b"


@pytest.mark.parametrize(
    "args, message",
    [
        (["check", "does-not-exist"], "does-not-exist: no such file or folder"),
        (["check", "--select", "nope", "."], "unknown pass 'nope'"),
        (["check", "--format", "xml", "."], "Invalid value for '--format'"),
        (["check", "-O", "whitespace.max-blank-lines=x", "."], "expected an integer"),
        (["check", "--config", "missing.toml", "."], "missing.toml: configuration file not found"),
        (["bogus"], "No such command"),
    ],
)
def test_errors_exit_2(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_bad_config_file_exit_2_names_file_and_key(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text("[whitespace]\nmax-blank = 3\n")
    (tmp_path / "a.txt").write_text("x\n")
    result = runner.invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert "textfix.toml" in result.stderr and "max-blank" in result.stderr


def test_json_and_github_formats(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a  b\n")
    data = json.loads(runner.invoke(cli, ["check", "--format", "json", str(tmp_path)]).stdout)
    assert data["version"] == 1 and data["findings"][0]["rule"] == "whitespace/multiple-spaces"
    assert data["findings"][0]["line"] == 1 and data["findings"][0]["column"] == 2
    github = runner.invoke(cli, ["check", "--format", "github", str(tmp_path)]).stdout
    assert github.startswith("::warning file=") and "title=whitespace/multiple-spaces" in github


def test_statistics_and_quiet(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a  b  c\t d")
    result = runner.invoke(cli, ["check", "--statistics", "--quiet", str(tmp_path)])
    assert result.exit_code == 1
    assert "whitespace/multiple-spaces" in result.stdout and "total" in result.stdout
    assert ":1:" not in result.stdout and result.stderr == ""
    # machine-readable output still lists the findings when quiet
    as_json = runner.invoke(cli, ["check", "--quiet", "--format", "json", str(tmp_path)])
    assert as_json.exit_code == 1 and '"rule": "whitespace/multiple-spaces"' in as_json.stdout


def test_config_command_shows_effective_config(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "textfix.toml").write_text("ignore = ['whitespace/tab']\n[whitespace]\nmax-blank-lines = 3\n")
    result = runner.invoke(cli, ["config", str(tmp_path), "-O", "whitespace.final-newline=false"])
    assert result.exit_code == 0
    assert "max-blank-lines = 3" in result.stdout and "final-newline = false" in result.stdout
    assert 'ignore = ["whitespace/tab"]' in result.stdout


def test_rules_lists_every_rule(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["rules"])
    assert result.exit_code == 0
    assert "whitespace/trailing-space" in result.stdout and "unicode/mojibake" in result.stdout


def test_check_never_writes_even_with_output_errors(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ro.txt"
    path.write_text("a  b")
    os.chmod(path, 0o444)
    before = snapshot(tmp_path)
    assert runner.invoke(cli, ["check", str(path)]).exit_code == 1
    assert snapshot(tmp_path) == before


def test_safety_cap_note_is_reported(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "widgets.txt"
    path.write_text("Latest News\nRelated Posts\nShare this article\nOne real sentence.\n")
    result = runner.invoke(cli, ["check", "--select", "boilerplate", str(path)])
    assert result.exit_code == 0
    assert "note:" in result.stderr and "max-removed-share" in result.stderr and "widgets.txt" in result.stderr


@pytest.mark.parametrize(
    "rule, expected",
    [
        ("boilerplate/byline", ["boilerplate/byline: byline (on by default)", "removes:  '• Zachary Reyes'", "keeps:    'By the time"]),
        ("split-words/case-boundary", ["on by default", "Invariant: inserts single spaces between letters (and between a word and a number)."]),
        ("whitespace", ["whitespace: Normalize odd and doubled whitespace.", "Safety:"]),
    ],
)
def test_explain(runner: CliRunner, rule: str, expected: list[str]) -> None:
    result = runner.invoke(cli, ["explain", rule])
    assert result.exit_code == 0, result.output
    for text in expected:
        assert text in result.stdout


def test_explain_unknown_rule(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["explain", "boilerplate/nope"])
    assert result.exit_code == 2 and "unknown rule 'boilerplate/nope'" in result.stderr


def test_jobs_gives_the_same_result_and_order(runner: CliRunner, tmp_path: Path) -> None:
    for n in range(12):
        (tmp_path / f"d{n:02d}.txt").write_text(f"Document {n}  has US -backed glue inthe text.\n")
    serial = runner.invoke(cli, ["check", str(tmp_path)])
    parallel = runner.invoke(cli, ["check", "--jobs", "2", str(tmp_path)])
    assert parallel.exit_code == serial.exit_code == 1
    assert parallel.stdout == serial.stdout
    assert runner.invoke(cli, ["fix", "-j", "2", str(tmp_path)]).exit_code == 0
    assert (tmp_path / "d05.txt").read_text() == "Document 5 has US-backed glue in the text.\n"


def test_progress_bar_on_a_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With stderr on a terminal and many files, a bar shows files, MB and the ETA."""
    import io
    import sys as system

    from textfix import cli as cli_module

    for n in range(25):
        (tmp_path / f"d{n:02d}.txt").write_text("a  b\n" * 50)

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Terminal()
    monkeypatch.setattr(system, "stderr", err)
    code = cli_module.cli.main(["check", str(tmp_path)], standalone_mode=False)
    assert code == 1
    shown = err.getvalue()
    assert "25/25 files" in shown and "MB" in shown


def test_statistics_prints_only_the_table(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a  b  c\t d\n")
    result = runner.invoke(cli, ["check", "--statistics", str(tmp_path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["2", "whitespace/multiple-spaces"] and lines[1].split() == ["1", "whitespace/tab"]
    assert lines[2].split()[:2] == ["3", "total"] and len(lines) == 3  # no finding lines
    as_json = runner.invoke(cli, ["check", "--statistics", "--format", "json", str(tmp_path)])
    assert json.loads(as_json.stdout) == [{"rule": "whitespace/multiple-spaces", "count": 2}, {"rule": "whitespace/tab", "count": 1}]


def test_github_format_escapes_properties_and_message(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a,b:100%.txt"
    path.write_text("a  b\n")
    output = runner.invoke(cli, ["check", "--format", "github", str(path)]).stdout
    escaped = str(tmp_path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + "/a%2Cb%3A100%25.txt"
    assert output.startswith(f"::warning file={escaped},line=1,col=2,title=whitespace/multiple-spaces::")
    from textfix.report import Finding, Report

    report = Report(findings=[Finding("x.txt", 1, 1, "r/x", "50% off\r\nnow", "", "")])
    assert report.render_findings("github") == "::warning file=x.txt,line=1,col=1,title=r/x::50%25 off%0D%0Anow\n"


def test_summary_after_an_error_does_not_say_nothing_to_change(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("Clean.\n")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9\n")
    for command in ("check", "fix"):
        result = runner.invoke(cli, [command, str(tmp_path)])
        assert result.exit_code == 2
        summary = result.stderr.splitlines()[-1]
        assert "nothing to change" not in summary and "1 could not be processed" in summary


def test_rules_says_off_by_default_once(runner: CliRunner) -> None:
    lines = runner.invoke(cli, ["rules"]).stdout.splitlines()
    assert all(line.count("off by default") <= 1 for line in lines)
    assert any(line.startswith("  unicode/curly-quotes:") and line.endswith("(off by default)") for line in lines)


@pytest.mark.parametrize("command", [["check"], ["learn", "-o", "learned.toml"]])
def test_scheduler_without_dask_says_what_to_install(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("a  b\n")
    result = runner.invoke(cli, [*command, "--scheduler", "local", "a.txt"])
    assert result.exit_code == 2
    assert "pip install 'textfix[dask]'" in result.stderr and "internal error" not in result.stderr


@pytest.mark.parametrize("command", ["fix", "check"])
def test_a_missing_path_is_reported_and_the_others_still_processed(runner: CliRunner, tmp_path: Path, command: str) -> None:
    ok = tmp_path / "ok.txt"
    ok.write_text("a  b\n")
    result = runner.invoke(cli, [command, str(tmp_path / "missing.txt"), str(ok)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    if command == "fix":
        assert ok.read_text() == "a b\n"
    else:
        assert f"{ok}:1:2: whitespace/multiple-spaces" in result.stdout


def test_learn_reports_a_missing_path_and_counts_the_others(runner: CliRunner, tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"Story {i}.\nShare this article\n")
    out = tmp_path / "learned.toml"
    result = runner.invoke(cli, ["learn", "--min-count", "2", "-o", str(out), str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2 and "nope: no such file or folder" in result.stderr
    assert "Share this article" in out.read_text()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with a textfix.toml at its root and a corpus folder below it."""
    (tmp_path / "corpus" / "raw").mkdir(parents=True)
    for name in ("corpus/01a.txt", "corpus/02.txt", "corpus/raw/03.txt"):
        (tmp_path / name).write_text("a  b\n")
    (tmp_path / "textfix.toml").write_text('exclude = ["corpus/01*", "raw"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _checked(result) -> list[str]:
    return sorted({Path(line.split(":")[0]).name for line in result.stdout.splitlines()})


def test_exclude_globs_are_relative_to_the_configuration_file(runner: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _checked(runner.invoke(cli, ["check", "corpus"])) == ["02.txt"]
    monkeypatch.chdir(project / "corpus")
    assert _checked(runner.invoke(cli, ["check", "."])) == ["02.txt"]


def test_exclude_on_the_command_line_is_relative_to_the_working_folder(runner: CliRunner, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "textfix.toml").write_text("")
    assert _checked(runner.invoke(cli, ["check", "--exclude", "corpus/02*", "corpus"])) == ["01a.txt", "03.txt"]
    monkeypatch.chdir(project / "corpus")
    assert _checked(runner.invoke(cli, ["check", "--exclude", "corpus/02*", "."])) == ["01a.txt", "02.txt", "03.txt"]
    assert _checked(runner.invoke(cli, ["check", "--exclude", "raw/*", "."])) == ["01a.txt", "02.txt"]


def test_force_exclude_applies_to_files_named_explicitly(runner: CliRunner, project: Path) -> None:
    named = ["corpus/01a.txt", "corpus/02.txt", "corpus/raw/03.txt"]
    assert _checked(runner.invoke(cli, ["check", *named])) == ["01a.txt", "02.txt", "03.txt"]
    assert _checked(runner.invoke(cli, ["check", "--force-exclude", *named])) == ["02.txt"]
    result = runner.invoke(cli, ["fix", "--force-exclude", "corpus/01a.txt", "corpus/raw"])
    assert result.exit_code == 0 and (project / "corpus/01a.txt").read_text() == "a  b\n"
    assert (project / "corpus/raw/03.txt").read_text() == "a  b\n"


def test_config_shows_anchored_patterns(runner: CliRunner, project: Path) -> None:
    shown = runner.invoke(cli, ["config", "."]).stdout
    assert f'exclude = ["{project.resolve().as_posix()}/corpus/01*", "raw"]' in shown
