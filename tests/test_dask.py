"""Dask: a real LocalCluster with worker processes on loopback gives the single-process result."""

from __future__ import annotations

import json
from pathlib import Path

import dask.bag as db
import dask.dataframe as dd
import pandas as pd
import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster

from textfix import Config, Pipeline
from textfix.cli import cli
from textfix.dask import clean_bag, clean_column

TEXTS = [
    "US -backed forces  advanced afterregime troops left; the regime fell.",
    "caf\u00c3\u00a9 and  more",
    "A clean line.\n",
    "It is one ofthe oldest towns inthe region.",
] * 5


@pytest.fixture(scope="module")
def cluster() -> tuple[LocalCluster, Client]:
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1")
    client = Client(cluster)
    yield cluster, client
    client.close()
    cluster.close()


def test_clean_bag_equals_single_process(cluster: tuple[LocalCluster, Client]) -> None:
    _, client = cluster
    bag = db.from_sequence(TEXTS + [None], npartitions=4)
    result = clean_bag(bag).compute(scheduler=client.get)
    assert result == [Pipeline().clean(t) for t in TEXTS] + [None]


def test_clean_column_equals_single_process(cluster: tuple[LocalCluster, Client]) -> None:
    _, client = cluster
    frame = pd.DataFrame({"id": range(len(TEXTS)), "text": TEXTS})
    cleaned = clean_column(dd.from_pandas(frame, npartitions=3), "text", Config(ignore=("whitespace/final-newline",))).compute(scheduler=client.get)
    expected = Pipeline(Config(ignore=("whitespace/final-newline",))).clean_batch(TEXTS)
    assert cleaned["text"].tolist() == expected
    assert cleaned["id"].tolist() == list(range(len(TEXTS)))


def test_cli_scheduler_equals_single_process(cluster: tuple[LocalCluster, Client], tmp_path: Path) -> None:
    local, _ = cluster
    folder = tmp_path / "corpus"
    folder.mkdir()
    for n, text in enumerate(TEXTS):
        (folder / f"d{n:02d}.txt").write_text(text)
    (folder / "records.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS))
    runner = CliRunner()
    serial = runner.invoke(cli, ["check", str(folder)])
    distributed = runner.invoke(cli, ["check", "--scheduler", local.scheduler_address, str(folder)])
    assert distributed.exit_code == serial.exit_code == 1
    assert distributed.stdout == serial.stdout
    copy = tmp_path / "copy"
    copy.mkdir()
    for path in folder.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    assert runner.invoke(cli, ["fix", "--scheduler", local.scheduler_address, str(folder)]).exit_code == 0
    assert runner.invoke(cli, ["fix", str(copy)]).exit_code == 0
    for path in folder.iterdir():
        assert path.read_bytes() == (copy / path.name).read_bytes()


def test_learn_on_cluster_equals_single_process(cluster: tuple[LocalCluster, Client], tmp_path: Path) -> None:
    local, _ = cluster
    corpus = tmp_path / "corpus"
    for n in range(30):
        site = corpus / ("a" if n % 2 else "b")
        site.mkdir(parents=True, exist_ok=True)
        (site / f"{n}.txt").write_text(f"Site {site.name} header\n\nBody number {n} is unique here.\n\nSite {site.name} footer\n")
    runner = CliRunner()
    one, many = tmp_path / "one.toml", tmp_path / "many.toml"
    assert runner.invoke(cli, ["learn", str(corpus), "-o", str(one)]).exit_code == 0
    assert runner.invoke(cli, ["learn", "--scheduler", local.scheduler_address, str(corpus), "-o", str(many)]).exit_code == 0
    strip = lambda text: [line for line in text.splitlines() if not line.startswith("# Learned by")]  # noqa: E731
    assert strip(one.read_text()) == strip(many.read_text())
    assert "Site a header" in one.read_text()


def test_learn_on_cluster_reports_unreadable_files(cluster: tuple[LocalCluster, Client], tmp_path: Path) -> None:
    local, _ = cluster
    corpus = tmp_path / "corpus" / "site"
    corpus.mkdir(parents=True)
    (corpus / "good.txt").write_text("Header\n\nBody\n")
    (corpus / "bad.txt").write_bytes(b"caf\xff\n")
    result = CliRunner().invoke(cli, ["learn", "--scheduler", local.scheduler_address, str(tmp_path / "corpus"), "-o", str(tmp_path / "l.toml")])
    assert result.exit_code == 2 and "bad.txt: not valid utf-8 at byte 3" in result.stderr


def test_readme_bag_example(cluster: tuple[LocalCluster, Client], tmp_path: Path) -> None:
    _, client = cluster
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": t}) + "\n" for t in TEXTS[:4]))
    documents = db.read_text(str(tmp_path / "*.jsonl")).map(json.loads).pluck("text")
    assert clean_bag(documents).compute(scheduler=client.get) == [Pipeline().clean(t) for t in TEXTS[:4]]
