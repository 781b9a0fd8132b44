"""Files too large to hold whole are cleaned piece by piece (textfix.files.TextStream).

The thresholds are lowered here so that small files take the same path as a multi-gigabyte
one: the streamed result must be what cleaning the whole text gives, wherever the pieces are
cut (at blank lines, at line breaks, or inside a line longer than a piece)."""

from __future__ import annotations

import codecs
import gzip
import os
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

import textfix.files as files
from textfix import Pipeline
from textfix.batch import process_file
from textfix.formats import FileTask
from textfix.cli import cli
from textfix.files import TEMP_PREFIX, TextStream, read_text_file
from textfix.report import findings_for

WORDS = (
    "the a market said on Tuesday that its shares rose inthe morning after US -backed forces "
    "moved north , and the U.S.in the campaign hours\".The minister ofthe city"
).split()


def make_text(seed: int, layout: str) -> str:
    rng = random.Random(seed)
    paragraphs = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 70))) + "." for _ in range(120)]
    separators = ["\n\n", "\n", "\n\n\n\n", "\n  \n", "  \n\n", "\n\t\n"]
    text = "Latest News\n\n" + "".join(p + rng.choice(separators) for p in paragraphs) + "\n\nShare this article\n"
    if layout == "one-line":
        text = text.replace("\n", "   ")
    return text


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "LARGE_FILE", 1000)


@pytest.mark.parametrize("piece_size", [700, 1500, 4000])
@pytest.mark.parametrize("layout", ["lines", "one-line", "crlf", "utf-8-bom", "utf-16", "gzip"])
def test_streamed_result_is_the_whole_text_result(
    small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, layout: str, piece_size: int
) -> None:
    monkeypatch.setattr(files, "PIECE_SIZE", piece_size)
    text = make_text(piece_size, layout)
    data = {
        "crlf": text.replace("\n", "\r\n").encode(),
        "utf-8-bom": codecs.BOM_UTF8 + text.encode(),
        "utf-16": codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        "gzip": gzip.compress(text.encode()),
    }.get(layout, text.encode())
    path = tmp_path / ("big.txt.gz" if layout == "gzip" else "big.txt")
    path.write_bytes(data)
    assert files.is_large(path)
    source = read_text_file(path)
    expected = source.encode(Pipeline().clean(source.text))
    pieces = list(TextStream(path).pieces())
    assert len(pieces) > 3
    assert "".join(p.text for p in pieces) == source.text
    assert [p.head for p in pieces] == [True] + [False] * (len(pieces) - 1)
    assert [p.tail for p in pieces] == [False] * (len(pieces) - 1) + [True]
    if layout == "one-line":
        assert all(p.in_line for p in pieces)
    outcome = process_file(Pipeline(), FileTask(path, "fix"))
    assert outcome.error is None and outcome.changed
    written = path.read_bytes()
    assert (gzip.decompress(written) if layout == "gzip" else written) == (gzip.decompress(expected) if layout == "gzip" else expected)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_findings_point_into_the_file(small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(files, "PIECE_SIZE", 1200)
    path = tmp_path / "big.txt"
    text = make_text(3, "lines")
    path.write_text(text)
    streamed = process_file(Pipeline(), FileTask(path, "check")).findings
    whole = findings_for(str(path), text, Pipeline().run(text).edits)
    assert len(streamed) > 50
    assert [(f.line, f.column, f.rule) for f in streamed] == [(f.line, f.column, f.rule) for f in whole]
    assert path.read_text() == text


def test_positions_inside_one_long_line(small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(files, "PIECE_SIZE", 1000)
    path = tmp_path / "line.txt"
    path.write_text("header\n" + "The US -backed forces moved. " * 400 + "\nlast line\n")
    findings = [f for f in process_file(Pipeline(), FileTask(path, "check")).findings if f.rule.endswith("detached-hyphen")]
    assert len(findings) == 400
    assert [(f.line, f.column) for f in findings] == [(2, 7 + 29 * i) for i in range(400)]


def test_diff_hunks_carry_file_line_numbers(small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(files, "PIECE_SIZE", 1000)
    lines = [f"Line {i} is plain and has nothing to fix at all here." for i in range(300)]
    lines[250] = "Line 250 has US -backed forces in it."
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines) + "\n")
    diff = process_file(Pipeline(), FileTask(path, "diff")).diff
    assert diff.count("--- ") == 1
    assert "@@ -251 +251 @@" in diff or "@@ -24" in diff and "+Line 250 has US-backed forces in it." in diff
    hunk = [line for line in diff.splitlines() if line.startswith("@@")][0]
    old_start = int(hunk.split()[1].split(",")[0][1:])
    assert old_start <= 251 < old_start + 7


def test_undecodable_byte_far_into_a_large_file(runner: CliRunner, small_pieces: None, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    data = make_text(1, "lines").encode() * 3
    data = data[:5000] + b"\xff" + data[5000:]
    path.write_bytes(data)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2
    assert "not valid utf-8 at byte 5000" in result.output
    assert path.read_bytes() == data
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))
    skipped = runner.invoke(cli, ["fix", "--skip-undecodable", str(path)])
    assert skipped.exit_code == 0 and path.read_bytes() == data


def test_binary_large_file_is_skipped(runner: CliRunner, small_pieces: None, tmp_path: Path) -> None:
    path = tmp_path / "big.bin.txt"
    data = b"\x00\x01\x02" * 2000
    path.write_bytes(data)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0 and "binary" in result.output
    assert path.read_bytes() == data


def test_unchanged_large_file_is_not_rewritten(small_pieces: None, tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_text("A plain line of text that needs nothing.\n" * 200)
    before = os.stat(path)
    outcome = process_file(Pipeline(), FileTask(path, "fix"))
    assert not outcome.changed and outcome.error is None
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns and os.stat(path).st_ino == before.st_ino


def test_one_large_file_over_two_workers(runner: CliRunner, small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(files, "PIECE_SIZE", 1500)
    text = make_text(11, "lines")
    serial, parallel = tmp_path / "a" / "big.txt", tmp_path / "b" / "big.txt"
    for path in (serial, parallel):
        path.parent.mkdir()
        path.write_text(text)
    checked_serial = runner.invoke(cli, ["check", "-j", "1", str(serial)])
    checked_parallel = runner.invoke(cli, ["check", "-j", "2", str(parallel)])
    assert checked_parallel.exit_code == checked_serial.exit_code == 1
    assert checked_parallel.stdout.replace("/b/", "/a/") == checked_serial.stdout
    assert runner.invoke(cli, ["fix", "-j", "1", str(serial)]).exit_code == 0
    assert runner.invoke(cli, ["fix", "-j", "2", str(parallel)]).exit_code == 0
    assert parallel.read_bytes() == serial.read_bytes() != text.encode()


def test_one_jsonl_file_over_two_workers(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import json

    import textfix.batch as batch
    import textfix.formats.jsonl

    monkeypatch.setattr(textfix.formats.jsonl, "JSONL_CHUNK", 500)
    used: list[int] = []
    real_ordered = batch.Pool.ordered

    def ordered(self: batch.Pool, func, items):  # type: ignore[no-untyped-def]
        for result in real_ordered(self, func, items):
            used.append(1)
            yield result

    monkeypatch.setattr(batch.Pool, "ordered", ordered)
    rng = random.Random(5)
    records = [{"id": n, "text": " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 40)))} for n in range(400)]
    body = "".join(json.dumps(r) + "\n" for r in records)
    serial, parallel = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    serial.write_text(body)
    parallel.write_text(body)
    assert runner.invoke(cli, ["fix", "-j", "1", str(serial)]).exit_code == 0
    assert runner.invoke(cli, ["fix", "-j", "2", str(parallel)]).exit_code == 0
    assert parallel.read_bytes() == serial.read_bytes() != body.encode()
    assert len(used) > 10  # the chunks went through the workers
    # an invalid line in a later chunk: an error, and nothing written
    broken = tmp_path / "broken.jsonl"
    lines = body.splitlines(keepends=True)
    lines[350] = "{not json\n"
    broken.write_text("".join(lines))
    result = runner.invoke(cli, ["fix", "-j", "2", str(broken)])
    assert result.exit_code == 2 and "broken.jsonl:351: invalid JSON" in result.output
    assert broken.read_text() == "".join(lines)
    assert not list(tmp_path.glob(TEMP_PREFIX + "*"))


def test_findings_of_a_large_file_are_capped_and_counted(small_pieces: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import textfix.formats.large

    monkeypatch.setattr(files, "PIECE_SIZE", 2000)
    monkeypatch.setattr(textfix.formats.large, "MAX_FINDINGS", 30)
    path = tmp_path / "big.txt"
    path.write_text("The US -backed forces moved.\n" * 300)
    outcome = process_file(Pipeline(), FileTask(path, "check"))
    assert len(outcome.findings) == 30
    assert outcome.statistics["punctuation-spacing/detached-hyphen"] == 300
    assert any("270 more findings not listed" in note for note in outcome.notes)


def test_broken_gzip_large_file(runner: CliRunner, small_pieces: None, tmp_path: Path) -> None:
    path = tmp_path / "big.txt.gz"
    good = gzip.compress(make_text(2, "lines").encode())
    for data in (b"\x1f\x8b\x08\x00garbage" * 300, good[: len(good) // 2]):
        path.write_bytes(data)
        result = runner.invoke(cli, ["fix", str(path)])
        assert result.exit_code == 2 and "not a valid gzip file" in result.output, result.output
        assert path.read_bytes() == data
        assert not list(tmp_path.glob(TEMP_PREFIX + "*"))
