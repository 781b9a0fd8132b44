"""`textfix audit`: the stratified draw, the JSON Lines sample, and --score."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from textfix.audit import RuleReservoirs, allocate, wilson
from textfix.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"


def test_allocation_represents_every_rule_and_fills_the_rest_in_proportion() -> None:
    counts = {"a/big": 1000, "b/mid": 100, "c/one": 1, "d/two": 2}
    taken = allocate(counts, 50, per_rule=5)
    assert sum(taken.values()) == 50
    assert taken["c/one"] == 1 and taken["d/two"] == 2
    assert taken["a/big"] > taken["b/mid"] >= 5
    # too many rules for the sample: the floor drops to one each, which may exceed it
    many = {f"r/{i}": 10 for i in range(12)}
    assert allocate(many, 5, per_rule=5) == {rule: 1 for rule in many}
    # never more than a rule has
    assert allocate({"x/y": 3}, 100, per_rule=5) == {"x/y": 3}


def test_reservoir_is_bounded_and_uniform() -> None:
    hits: Counter[int] = Counter()
    for seed in range(2000):
        reservoirs = RuleReservoirs(3, random.Random(seed))
        for value in range(30):
            slot = reservoirs.slot("r/x")
            if slot is not None:
                reservoirs.put("r/x", slot, {"value": value})
        assert len(reservoirs.items["r/x"]) == 3
        hits.update(item["value"] for item in reservoirs.items["r/x"])
    # each of the 30 items is kept with probability 3/30: 200 of 2000 runs expected
    assert min(hits.values()) > 140 and max(hits.values()) < 260


def test_wilson_interval() -> None:
    lo, hi = wilson(9, 10)
    assert round(lo, 3) == 0.596 and round(hi, 3) == 0.982
    assert wilson(0, 0) == (0.0, 1.0)
    assert wilson(5, 5)[1] == 1.0


def _draw(tmp_path: Path, *args: str) -> list[dict]:
    out = tmp_path / "sample.jsonl"
    result = CliRunner().invoke(cli, ["audit", str(SEEDS), "--jsonl", str(out), *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def test_sample_is_reproducible_stratified_and_shows_each_edit_in_context(tmp_path: Path) -> None:
    check = CliRunner().invoke(cli, ["check", "--statistics", "--quiet", str(SEEDS)])
    rules = {line.split()[1] for line in check.output.splitlines() if line.split() and line.split()[0].isdigit() and "/" in line}
    first = _draw(tmp_path, "--sample", "12", "--seed", "7")
    assert first == _draw(tmp_path, "--sample", "12", "--seed", "7")
    assert first != _draw(tmp_path, "--sample", "12", "--seed", "8")
    assert {item["rule"] for item in first} == rules
    assert [item["id"] for item in first] == list(range(1, len(first) + 1))
    for item in first:
        assert item["before"] == item["prefix"] + item["original"] + item["suffix"]
        assert item["after"] == item["prefix"] + item["replacement"] + item["suffix"]
        assert item["verdict"] is None and item["reason"] and item["line"] >= 1
        text = (SEEDS / Path(item["source"]).name).read_text(encoding="utf-8")
        if item["rule"].startswith(("boilerplate", "duplicate-lines", "unicode")):  # first passes: the input's own text
            line = text.splitlines()[item["line"] - 1]
            assert item["original"].strip("\n").split("\n")[0] in line + "\n"


def test_select_narrows_the_sample(tmp_path: Path) -> None:
    items = _draw(tmp_path, "--sample", "5", "--select", "whitespace")
    assert items and all(item["rule"].startswith("whitespace/") for item in items)


def test_score_of_a_judged_jsonl_sample(tmp_path: Path) -> None:
    items = _draw(tmp_path, "--sample", "20", "--select", "split-words,boilerplate")
    rule = items[0]["rule"]
    for item in items:
        item["verdict"] = "wrong" if item["rule"] == rule else "right"
    judged = tmp_path / "judged.jsonl"
    judged.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--score", str(judged), "--min-precision", "0.5"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == f"--ignore {rule}"
    row = next(line.split() for line in lines if line.startswith(rule + " "))
    n = sum(item["rule"] == rule for item in items)
    assert row[1:5] == [str(n), "0", str(n), "0.000"]
    assert any(line.startswith("overall precision") for line in lines)


def test_score_rejects_an_unknown_verdict(tmp_path: Path) -> None:
    judged = tmp_path / "judged.jsonl"
    judged.write_text(json.dumps({"id": 1, "rule": "a/b", "verdict": "maybe so"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["audit", "--score", str(judged)])
    assert result.exit_code == 2 and "neither right nor wrong" in result.output


def test_audit_needs_an_output(tmp_path: Path) -> None:
    assert CliRunner().invoke(cli, ["audit", str(SEEDS)]).exit_code == 2


def test_jsonl_and_parquet_records_are_documents(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    texts = ["A  doubled space here.\n", "No change.\n", "Another  one.\n"]
    (tmp_path / "c.jsonl").write_text("".join(json.dumps({"body": t}) + "\n" for t in texts), encoding="utf-8")
    pq.write_table(pa.table({"body": texts}), tmp_path / "c.parquet")
    out = tmp_path / "s.jsonl"
    result = CliRunner().invoke(cli, ["audit", str(tmp_path / "c.jsonl"), str(tmp_path / "c.parquet"), "--text-key", "body", "--select", "whitespace/multiple-spaces", "--jsonl", str(out)])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(item["source"].rsplit("/", 1)[-1] for item in items) == ["c.jsonl:1", "c.jsonl:3", "c.parquet:1", "c.parquet:3"]
    assert all(item["original"] == "  " and item["replacement"] == " " for item in items)


def test_page_embeds_text_that_looks_like_markup(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text("Close the tag  </script><!-- here --> and go on.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    result = CliRunner().invoke(cli, ["audit", str(doc), "-o", str(page)])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    body = html.split('<script type="application/json" id="audit-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(body)
    assert data["edits"][0]["before"] == "Close the tag  </script><!-- here --> and go on.\n"
    assert "http" not in html.replace("http-equiv", "")  # nothing fetched from anywhere
