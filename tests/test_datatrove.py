"""The datatrove step, run by datatrove's own local executor, against `textfix fix`."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("datatrove")

from datatrove.data import Document  # noqa: E402
from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter  # noqa: E402

from textfix import Config  # noqa: E402
from textfix.cli import cli  # noqa: E402
from textfix.datatrove import TextfixStep  # noqa: E402

TEXTS = [
    "US -backed forces  advanced afterregime troops left; the regime fell.",
    "caf\u00c3\u00a9 and  more",
    "A clean line.\n",
    "It is one ofthe oldest towns inthe region.\n\n\n",
    " \n\t\n",  # ends up empty
    "Prices rose 3.5% in March.\tAnalysts , however , expected more.",
]


def write_corpus(folder: Path) -> None:
    """Two JSON Lines files (one per datatrove task), ids unique across them."""
    folder.mkdir()
    for part in range(2):
        records = [{"id": f"{part}-{n}", "text": text} for n, text in enumerate(TEXTS)]
        (folder / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))


def read_output(folder: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            texts[record["id"]] = record.get("text", "")
    return texts


@pytest.mark.parametrize("workers", [1, 2])
def test_step_in_a_local_executor_matches_textfix_fix(tmp_path: Path, workers: int) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    fixed = tmp_path / "fixed"
    shutil.copytree(corpus, fixed)
    assert CliRunner().invoke(cli, ["fix", str(fixed)]).exit_code == 0
    expected = {}
    for path in sorted(fixed.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            record = json.loads(line)
            expected[record["id"]] = record["text"]

    out, dropped = tmp_path / "out", tmp_path / "dropped"
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(corpus)),
            TextfixStep(exclusion_writer=JsonlWriter(str(dropped), compression=None)),
            JsonlWriter(str(out), compression=None),
        ],
        tasks=2,
        workers=workers,
        logging_dir=str(tmp_path / "logs"),
    )
    stats = executor.run()

    cleaned = read_output(out)
    assert cleaned == {key: text for key, text in expected.items() if text.strip()}
    assert set(read_output(dropped)) == {"0-4", "1-4"}  # the documents that ended up empty
    step = next(s for s in stats.stats if s.name == str(TextfixStep()))
    assert step.stats["total"].total == 12 and step.stats["forwarded"].total == 10
    assert step.stats["dropped"].total == 2 and step.stats["dropped_empty"].total == 2
    changed = sum(text != TEXTS[int(key.split("-")[1])] for key, text in expected.items())
    assert step.stats["changed"].total == changed
    statistics = json.loads(CliRunner().invoke(cli, ["check", "--statistics", "--format", "json", str(corpus)]).stdout)
    assert {rule: step.stats[rule].total for rule in step.stats if "/" in rule} == {s["rule"]: s["count"] for s in statistics}


def test_step_keeps_empty_documents_when_asked() -> None:
    step = TextfixStep(Config(select=("whitespace",)), drop_empty=False)
    documents = [Document(text="a  b", id="1"), Document(text="  \n", id="2")]
    kept = list(step.run(iter(documents)))
    assert [(d.id, d.text) for d in kept] == [("1", "a b"), ("2", "")]
    assert step.stats["whitespace/multiple-spaces"].total == 1 and step.stats["forwarded"].total == 2
    assert Counter(s for s in step.stats.stats if "dropped" in s) == Counter()
