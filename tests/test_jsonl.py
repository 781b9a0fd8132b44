"""JSON Lines and gzip corpora: one field cleaned, everything else passed through."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from textfix.cli import cli

RECORDS = [
    {"id": 1, "text": "Clean text.\n", "url": "https://example.com/a"},
    {"id": 2, "text": "US -backed forces  advanced", "meta": {"lang": "en", "score": 1.5}},
    {"id": 3, "body": "no text field"},
    {"id": 4, "text": 42},
    {"id": 5, "text": "caf\u00c3\u00a9 and \u201cquotes\u201d  here", "tags": ["a", "b"]},
]


def write_jsonl(path: Path, records: list[dict], compact: bool = False) -> bytes:
    separators = (",", ":") if compact else (", ", ": ")
    data = "".join(json.dumps(r, ensure_ascii=False, separators=separators) + "\n" for r in records).encode()
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return data


def test_fix_cleans_one_field_and_keeps_the_rest(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    original = write_jsonl(path, RECORDS).splitlines(keepends=True)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    lines = path.read_bytes().splitlines(keepends=True)
    assert len(lines) == len(RECORDS)
    assert lines[0] == original[0]  # unchanged record: the same bytes
    assert lines[2] == original[2] and lines[3] == original[3]  # no string field: as it was
    second = json.loads(lines[1])
    assert second == {"id": 2, "text": "US-backed forces advanced", "meta": {"lang": "en", "score": 1.5}}
    fifth = json.loads(lines[4])
    assert fifth["text"] == "café and \u201cquotes\u201d here" and fifth["tags"] == ["a", "b"]
    assert list(fifth) == ["id", "text", "tags"]  # key order kept
    assert "corpus.jsonl:3: no string field 'text'" in result.stderr
    assert "corpus.jsonl:4: no string field 'text'" in result.stderr


def test_check_reports_record_line_and_column(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    write_jsonl(path, RECORDS)
    before = path.read_bytes()
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:1:3: punctuation-spacing/detached-hyphen" in result.stdout
    assert path.read_bytes() == before


def test_compact_style_is_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_jsonl(path, [{"a": 1, "text": "x  y"}], compact=True)
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b'{"a":1,"text":"x y"}\n'


def test_text_key_option(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_jsonl(path, [{"content": "a  b", "text": "c  d"}])
    assert runner.invoke(cli, ["fix", "--text-key", "content", str(path)]).exit_code == 0
    assert json.loads(path.read_bytes()) == {"content": "a b", "text": "c  d"}


def test_gzip_jsonl_round_trip(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl.gz"
    write_jsonl(path, RECORDS)
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    records = [json.loads(line) for line in gzip.decompress(path.read_bytes()).splitlines()]
    assert records[1]["text"] == "US-backed forces advanced"


def test_gzip_text_file(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "doc.txt.gz"
    path.write_bytes(gzip.compress(b"a  b"))
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert gzip.decompress(path.read_bytes()) == b"a b\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b'{"text": "ok  ok"}\n{"text": broken}\n', "bad.jsonl:2: invalid JSON"),
        (b'{"text": "ok  ok"}\n{"text": "\xff"}\n', "bad.jsonl:2: not valid UTF-8"),
    ],
)
def test_bad_record_is_an_error_and_nothing_is_written(runner: CliRunner, tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["bad.jsonl"]


def test_bad_gzip_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl.gz"
    path.write_bytes(b"not gzip at all")
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2 and "x.jsonl.gz: not a valid gzip file" in result.stderr


def test_output_folder_for_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    write_jsonl(src / "a.jsonl", [{"text": "clean\n"}, {"text": "x  y"}])
    out = tmp_path / "out"
    assert runner.invoke(cli, ["fix", "--output", str(out), str(src)]).exit_code == 0
    assert [json.loads(l)["text"] for l in (out / "a.jsonl").read_bytes().splitlines()] == ["clean\n", "x y"]
    assert json.loads((src / "a.jsonl").read_bytes().splitlines()[1])["text"] == "x  y"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("no final newline", "no final newline"),  # a string, not a file: nothing added
        ("kept final newline\n", "kept final newline\n"),
        ("trailing  spaces  ", "trailing spaces"),  # the trailing-space rule is about it
        ("blank lines at the end\n\n\n", "blank lines at the end\n"),
        ("", ""),
    ],
)
def test_a_record_is_a_string_not_a_file(runner: CliRunner, tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "c.jsonl"
    write_jsonl(path, [{"text": text}])
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert json.loads(path.read_bytes())["text"] == expected


def test_a_wrong_text_key_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    original = write_jsonl(path, [{"id": i, "content": "x  y"} for i in range(30)])
    for command in ("check", "fix"):
        result = runner.invoke(cli, [command, str(path)])
        assert result.exit_code == 2, result.output
        assert f"{path}: no record has the field 'text' (fields of the first record: id, content)" in result.stderr
        assert path.read_bytes() == original


def test_records_without_the_key_are_all_accounted_for(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    write_jsonl(path, [{"text": "a  b"}] + [{"body": "x"}] * 25)
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no string field 'text'") == 20
    assert f"{path}: 5 more warnings not listed" in result.stderr
    assert json.loads(path.read_bytes().splitlines()[0]) == {"text": "a b"}


def test_a_byte_order_mark_is_honoured_and_kept(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a  b"}\n{"text": "c  d"}\n')
    checked = runner.invoke(cli, ["check", str(path)])
    assert checked.exit_code == 1 and f"{path}:1:1:2: whitespace/multiple-spaces" in checked.stdout
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "a b"}\n{"text": "c d"}\n'


@pytest.mark.parametrize("line", [b'{"text": "first", "id": 1, "text": "second"}', b'{"text": "a  b", "meta": {"k": 1, "k": 2}}'])
def test_a_duplicate_key_is_an_error_naming_the_line(runner: CliRunner, tmp_path: Path, line: bytes) -> None:
    path = tmp_path / "dup.jsonl"
    content = b'{"text": "x  y"}\n' + line + b"\n"
    path.write_bytes(content)
    for command in ("fix", "check"):
        result = runner.invoke(cli, [command, str(path)])
        assert result.exit_code == 2
        assert f"{path}:2: duplicate key" in result.stderr
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["dup.jsonl"]



def test_title_key_hands_each_records_title_to_the_boilerplate_pass(runner: CliRunner, tmp_path: Path, article: str) -> None:
    path = tmp_path / "c.jsonl"
    records = [{"title": "Storm hits the coast", "text": article}, {"title": 7, "text": article}, {"text": article}]
    path.write_text("".join(json.dumps(record) + "\n" for record in records))
    plain = runner.invoke(cli, ["check", str(path)])
    assert plain.exit_code == 0, plain.output  # without titles the repeat is a line like any other
    result = runner.invoke(cli, ["fix", "--title-key", "title", str(path)])
    assert result.exit_code == 0, result.output
    texts = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    assert texts[0] == article.replace("region.\nStorm hits the coast\n", "region.\n")
    assert texts[0].count("Storm hits the coast") == 1 and texts[0].startswith("Storm hits the coast\n")
    assert texts[1:] == [article, article]  # a title that is not a string, or none: nothing to go on


def test_a_wrong_title_key_is_an_error(runner: CliRunner, tmp_path: Path, article: str) -> None:
    path = tmp_path / "c.jsonl"
    original = json.dumps({"headline": "Storm hits the coast", "text": article}) + "\n"
    path.write_text(original)
    result = runner.invoke(cli, ["fix", "--title-key", "title", str(path)])
    assert result.exit_code == 2
    assert "no record has the title field 'title'" in result.stderr
    assert path.read_text() == original
