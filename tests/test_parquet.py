"""Parquet corpora through pyarrow: one string column cleaned, row groups kept."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from textfix.cli import cli


def write(path: Path, texts: list[str | None], row_group_size: int = 2) -> None:
    table = pa.table({"id": list(range(len(texts))), "text": pa.array(texts, type=pa.string()), "score": [0.5] * len(texts)})
    pq.write_table(table, path, row_group_size=row_group_size)


def test_fix_parquet_keeps_schema_and_row_groups(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write(path, ["clean\n", "US -backed  forces", None, "inthe end", "fine\n"])
    result = runner.invoke(cli, ["fix", str(path)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(path)
    assert table.column("text").to_pylist() == ["clean\n", "US-backed forces", None, "in the end", "fine\n"]
    assert table.column("id").to_pylist() == [0, 1, 2, 3, 4]
    assert table.schema.field("text").type == pa.string()
    assert pq.ParquetFile(path).num_row_groups == 3


def test_check_parquet_reports_rows_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write(path, ["clean\n", "US -backed forces\n"])
    before = path.read_bytes()
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 1
    assert f"{path}:2:1:3: punctuation-spacing/detached-hyphen" in result.stdout
    assert path.read_bytes() == before


def test_parquet_errors(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write(path, ["a"])
    missing = runner.invoke(cli, ["check", "--text-key", "body", str(path)])
    assert missing.exit_code == 2 and "no column 'body'" in missing.stderr
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    result = runner.invoke(cli, ["fix", str(broken)])
    assert result.exit_code == 2 and "not a readable Parquet file" in result.stderr
    assert broken.read_bytes() == b"PAR1 not really"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.parquet", "c.parquet"]


def test_a_cell_gets_no_final_newline(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.parquet"
    write(path, ["no newline", "with newline\n", "spaces  "])
    assert runner.invoke(cli, ["check", str(path)]).exit_code == 1  # only the trailing spaces
    assert runner.invoke(cli, ["fix", str(path)]).exit_code == 0
    assert pq.read_table(path).column("text").to_pylist() == ["no newline", "with newline\n", "spaces"]


def test_title_key_names_a_column_of_titles(runner: CliRunner, tmp_path: Path, article: str) -> None:
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"headline": ["Storm hits the coast", None], "text": [article, article]}), path)
    wrong = runner.invoke(cli, ["fix", "--title-key", "title", str(path)])
    assert wrong.exit_code == 2 and "no column 'title' for --title-key" in wrong.stderr
    result = runner.invoke(cli, ["fix", "--title-key", "headline", str(path)])
    assert result.exit_code == 0, result.output
    first, second = pq.read_table(path).column("text").to_pylist()
    assert first == article.replace("region.\nStorm hits the coast\n", "region.\n")
    assert second == article
