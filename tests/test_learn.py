"""textfix learn: a site's repeated lines, found from the corpus, applied with --rules."""

from __future__ import annotations

import random
from pathlib import Path

from click.testing import CliRunner

from textfix.cli import cli
from textfix.learn import LineCounter

WORDS = "the of and a to in is was for on that with as by at from his her they it said".split() + [
    "minister", "council", "river", "market", "team", "court", "plan", "city", "report", "week",
]
PROMO = "Headline: Bitcoin & Blockchain Searches Exceed Trump! Blockchain Stocks Are Next!"


def make_corpus(root: Path, documents: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for n in range(documents):
        site = "site-a" if n % 2 == 0 else "site-b"
        folder = root / site
        folder.mkdir(parents=True, exist_ok=True)
        body = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize() + "." for _ in range(5)]
        header = [PROMO] if site == "site-a" else ["Home | News | Sport | Weather"]
        footer = ["All the news, every day, from Site A."] if site == "site-a" else ["Follow Site B for more stories like this one"]
        (folder / f"doc{n:03d}.txt").write_text("\n\n".join(header + body + footer) + "\n")


def test_learn_finds_header_and_footer_lines(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 60)
    out = tmp_path / "learned.toml"
    runner = CliRunner()
    result = runner.invoke(cli, ["learn", str(corpus), "-o", str(out)])
    assert result.exit_code == 0, result.output
    learned = out.read_text()
    assert PROMO.replace('"', '\\"') in learned
    assert "Home | News | Sport | Weather" in learned
    assert "in 30 of 30 documents" in learned
    assert 'id = "learned-site-a"' in learned and 'id = "learned-site-b"' in learned
    # nothing from the article bodies
    assert learned.count("\n    \"") == 4

    fixed = runner.invoke(cli, ["fix", "--rules", str(out), "--select", "boilerplate", str(corpus)])
    assert fixed.exit_code == 0, fixed.output
    sample = (corpus / "site-a" / "doc000.txt").read_text()
    assert PROMO not in sample and "All the news" not in sample
    assert sample.count(".") >= 5  # the body stays


def test_learned_rules_can_be_ignored_by_id(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    make_corpus(corpus, 20)
    out = tmp_path / "learned.toml"
    runner = CliRunner()
    assert runner.invoke(cli, ["learn", str(corpus), "-o", str(out)]).exit_code == 0
    result = runner.invoke(cli, ["check", "--rules", str(out), "--ignore", "boilerplate/learned-site-a", "--select", "boilerplate", str(corpus / "site-a")])
    assert result.exit_code == 0, result.output


def test_counter_memory_is_bounded() -> None:
    counter = LineCounter(max_entries=1000)
    rng = random.Random(1)
    for n in range(3000):
        unique = f"unique line {n} {rng.random()}"
        counter.add("s", f"doc{n}", f"{unique}\nShared footer line of the site\n")
        assert len(counter.counts) <= 1001
    found = counter.frequent(min_count=5, min_share=0.5)
    assert [line for line, _, _ in found["s"]] == ["Shared footer line of the site"]
    assert counter.pruned > 0


def test_missing_rule_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text\n")
    result = CliRunner().invoke(cli, ["check", "--rules", str(tmp_path / "none.toml"), str(tmp_path)])
    assert result.exit_code == 2 and "none.toml: rule file not found" in result.stderr


def test_counters_merge_exactly() -> None:
    whole, first, second = LineCounter(), LineCounter(), LineCounter()
    documents = [f"Unique body {n}\nShared footer line\n" for n in range(10)]
    for n, text in enumerate(documents):
        whole.add("s", f"d{n}", text)
        (first if n < 5 else second).add("s", f"d{n}", text)
    first.merge(second)
    assert first.counts == whole.counts
    assert first.frequent(5, 0.5) == whole.frequent(5, 0.5)
    one_each = LineCounter()
    other = LineCounter()
    one_each.add("s", "a", "Seen once here\n")
    other.add("s", "b", "Seen once here\n")
    one_each.merge(other)
    assert [line for line, _, _ in one_each.frequent(2, 0.5)["s"]] == ["Seen once here"]


def test_learn_on_json_lines_counts_each_record_as_a_document(tmp_path: Path) -> None:
    import json

    rng = random.Random(3)
    site = tmp_path / "corpus" / "site-a"
    site.mkdir(parents=True)
    lines = []
    for n in range(30):
        body = " ".join(rng.choice(WORDS) for _ in range(20)).capitalize() + "."
        lines.append(json.dumps({"id": n, "content": f"{body}\nFollow Site A for more stories like this one\n"}))
    (site / "records.jsonl").write_text("\n".join(lines) + "\n")
    out = tmp_path / "learned.toml"
    runner = CliRunner()
    result = runner.invoke(cli, ["learn", "--text-key", "content", str(tmp_path / "corpus"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    learned = out.read_text()
    assert '"Follow Site A for more stories like this one",  # in 30 of 30 documents' in learned
    assert f"e.g. {site / 'records.jsonl'}:1" in learned
    assert "30 documents, 1 sources" in result.stderr
    wrong = runner.invoke(cli, ["learn", str(tmp_path / "corpus"), "-o", str(out)])
    assert wrong.exit_code == 2 and "no record has the field 'text'" in wrong.stderr

def test_default_share_finds_a_line_in_a_tenth_of_a_sources_documents() -> None:
    """The defaults were measured on real sites (benchmarks/learn_thresholds.py): a site line
    in 12% of the documents is found; one in 2 of 50 is not."""
    counter = LineCounter()
    for n in range(50):
        lines = [f"Article {n} says something about the river and the market."]
        if n % 8 == 0:
            lines.append("Sponsored by the Riverside Market Association")
        if n < 2:
            lines.append("A correction was made to this story")
        counter.add("site", f"doc{n}", "\n".join(lines))
    found = [line for line, _, _ in counter.frequent()["site"]]
    assert found == ["Sponsored by the Riverside Market Association"]
