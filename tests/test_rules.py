"""Lint the rule data: word lists sorted and unique, rule files valid, examples that hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from textfix.errors import RuleError
from textfix.passes.boilerplate import BoilerplatePass
from textfix.rules import load_rule_file, load_rules, read_word_file, rules_dir

WORD_LISTS = sorted((rules_dir() / "words").glob("*.txt"))
RULES = load_rules()


@pytest.mark.parametrize("path", WORD_LISTS, ids=lambda p: p.name)
def test_word_list_sorted_and_unique(path: Path) -> None:
    words = read_word_file(path)
    assert words == sorted(words, key=str.lower) or words == sorted(words), f"{path.name} is not sorted"
    assert len(words) == len(set(words)), f"{path.name} has duplicates"


def test_every_rule_file_has_a_header_comment() -> None:
    for path in sorted((rules_dir() / "boilerplate").glob("*.toml")):
        assert path.read_text("utf-8").startswith("#"), path.name


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_examples(rule) -> None:
    """Each example, as the last line of a short document, is removed by this rule; each
    counterexample in the same place stays."""
    step = BoilerplatePass()
    body = "".join(f"Line {n} of the article, which says something real.\n" for n in range(1, 7))
    assert rule.examples, f"rule {rule.id} has no examples"
    for example in rule.examples:
        text = body + example + "\n"
        result = step.run(text)
        removed = [e for e in result.edits if e.rule == rule.id]
        assert removed, f"{rule.id} did not remove {example!r}"
    for counter in rule.counterexamples:
        text = body + counter + "\n"
        assert step.run(text).text == text, f"{rule.id} changed {counter!r}"


@pytest.mark.parametrize(
    "content, message",
    [
        ("[[rule]]\nid = 'x'\nmessage = 'm'\nphrases = ['a']\nbogus = 1\n", "rule x: unknown key 'bogus'"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\npatterns = ['(unclosed']\n", "rule x: bad regular expression"),
        ("[[rule]]\nid = 'Bad Id'\nmessage = 'm'\nphrases = ['a']\n", "'id' must be a kebab-case string"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\n", "rule x: no phrases"),
        ("[[rule]]\nid = 'x'\nmessage = 'm'\nphrases = ['a']\nposition = 'middle'\n", "'position' must be one of"),
        ("[[rule]\n", "invalid TOML"),
        ("[[rule]]\nid = 'section-link'\nmessage = 'm'\nphrases = ['a']\n", "id already used"),
    ],
)
def test_broken_rule_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(content)
    with pytest.raises(RuleError) as error:
        load_rule_file.cache_clear()
        load_rules((str(path),))
    assert message in str(error.value) and str(path) in str(error.value)


# -- the learned line scorer (rules/models/boilerplate.json) ----------------------------

import dataclasses  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402

from textfix import Pipeline  # noqa: E402
from textfix.passes.line_scorer import FEATURES, TreeModel, body_heading, candidate, document_features, model_path  # noqa: E402

PERMITTED = ("readability", "trafilatura-eval", "boilerplate-dev")
ARTICLE = [
    "The council met on Monday evening to discuss the budget for the coming year, and members spoke at length about roads.",
    "The plan sets aside money for schools and the library, which had asked for more staff after a busy summer of events.",
    "A final vote is expected in March, after a public hearing at the town hall in February, the mayor told reporters.",
    "Residents who want to speak at the hearing can sign up at the clerk's office until the end of January, she said.",
]
HEADLINE = "Council debates the budget for next year"


def test_model_data_is_reviewable_and_trained_on_permitted_sources_only() -> None:
    data = json.loads(model_path().read_text("utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert 0 < data["threshold"] < 1
    assert data["command"].startswith("python benchmarks/train_boilerplate.py")
    assert {key.split()[0] for key in data["pages"]} <= set(PERMITTED)
    assert "trained_on" in data and "dragnet" not in data["trained_on"] and "l3s" not in data["trained_on"]

    def features_of(node: object) -> set[int]:
        return set() if not isinstance(node, list) else {node[0]} | features_of(node[2]) | features_of(node[3])

    used = set().union(*(features_of(tree) for tree in data["trees"]))
    assert used <= set(range(len(FEATURES)))


def test_compiled_trees_equal_walking_the_trees() -> None:
    model = TreeModel.load()
    rng = random.Random(16)

    def walk(x: list[float]) -> float:
        total = model.bias
        for node in model.trees:
            while type(node) is tuple:
                node = node[2] if x[node[0]] <= node[1] else node[3]
            total += node
        return total

    for _ in range(300):
        x = [rng.choice((0.0, 1.0, rng.uniform(-1, 60))) for _ in FEATURES]
        assert model.score(x) == pytest.approx(walk(x), abs=1e-9)


def test_scored_removal_names_probability_and_features_and_settles_in_one_run() -> None:
    footer = "Home | Privacy Policy | Terms of Use | Contact Us | Site Map"
    text = HEADLINE + "\n\n" + "\n\n".join(ARTICLE) + "\n\n" + footer + "\n"
    step = BoilerplatePass()
    result = step.run(text)
    assert [(e.rule, e.original.strip()) for e in result.edits] == [("scored-line", footer)]
    reason = result.edits[0].reason
    assert reason.startswith("boilerplate score 0.") and "link words" in reason
    assert result.text == HEADLINE + "\n\n" + "\n\n".join(ARTICLE) + "\n"
    assert step.run(result.text).edits == ()


def test_article_lines_and_the_headline_are_never_scored() -> None:
    assert not candidate(ARTICLE[0])
    assert candidate("Terms of Use")
    text = "Home | Privacy Policy | Terms of Use | Contact Us | Site Map\n\n" + "\n\n".join(ARTICLE) + "\n"  # the first line is the headline
    assert BoilerplatePass().run(text).text == text


def test_title_keeps_its_first_copy_and_removes_a_later_one() -> None:
    text = HEADLINE + "\n\n" + ARTICLE[0] + "\n\n" + HEADLINE + "\n\n" + "\n\n".join(ARTICLE[1:]) + "\n"
    titled = Pipeline().run(text, title=HEADLINE + " | The Town Paper")
    assert [(e.rule, e.original.strip()) for e in titled.edits] == [("repeated-title", HEADLINE)]
    assert titled.text.count(HEADLINE) == 1 and titled.text.startswith(HEADLINE)
    assert Pipeline().clean(text, title=HEADLINE) == titled.text
    assert Pipeline().run(titled.text, title=HEADLINE).edits == ()
    assert Pipeline().run(text).text == text  # no title: two copies apart stay


def test_scorer_leaves_pieces_of_a_huge_file_and_short_records_alone() -> None:
    text = "\n\n".join(ARTICLE) + "\n\nHome | Privacy Policy | Terms of Use | Contact Us | Site Map\n"
    step = BoilerplatePass()
    assert step.run(text).text != text  # the whole document: the footer goes
    assert step.run(text, head=False).text == text
    assert step.run("A note about the roads.\nHome | Privacy Policy | Terms of Use | Contact Us | Site Map\n").edits == ()


def test_headings_inside_the_body_are_never_scored_away() -> None:
    headings = ["RURAL HOUSING SERVICE", "COMMITTEE PROVISIONS", "FARM CREDIT PROGRAMS", "STATE MEDIATION GRANTS"]
    lines = [HEADLINE, *ARTICLE, *headings, *ARTICLE[::-1], ARTICLE[1]]
    step = BoilerplatePass()
    rows = document_features(lines, step._features)
    assert all(body_heading(rows[lines.index(h)]) for h in headings)
    # at a threshold low enough for the trees to take them, the headings still stay ...
    step._threshold = min(step._model.probability(rows[lines.index(h)]) for h in headings)
    text = "\n\n".join(lines) + "\n"
    assert not {e.original.strip() for e in step.run(text).edits} & set(headings)
    # ... while a capitals line of link words, or one near the page's end, is no heading
    widget = document_features([HEADLINE, *ARTICLE, "SHARE THIS", *ARTICLE], step._features)
    assert not body_heading(widget[5])
    assert not body_heading(document_features([HEADLINE, *ARTICLE, "RURAL HOUSING SERVICE", ARTICLE[0]], step._features)[5])


def test_a_neighbour_reads_the_same_values_whether_it_is_scored_or_not() -> None:
    from textfix.passes.line_scorer import LineFeatures

    features = LineFeatures(TreeModel.load().link_words)
    lines = [HEADLINE, "Share this story", ARTICLE[0], "Read more: the budget", ARTICLE[1] * 2]
    scored = document_features(lines, features)  # every line scored: neighbours from their own features
    some = document_features(lines, features, only=[1, 3])  # lines 0, 2, 4 are only neighbours
    prev = FEATURES.index("prev_chars")
    for row, k in zip(some, (1, 3)):
        assert row == scored[k]
        assert row[prev : prev + 4] == features.around(lines[k - 1])
        assert row[prev + 4 : prev + 8] == features.around(lines[k + 1])


def test_the_position_gate_reads_the_edges_and_runs_of_short_lines_of_a_prose_page() -> None:
    from textfix.passes.line_scorer import in_scope

    body = [ARTICLE[i % 4] for i in range(30)]
    lines = [HEADLINE, *body[:10], "A short line", *body[10:]]
    scope = in_scope(lines)
    assert scope[:3] == [True] * 3 and all(scope[-18:])
    assert not scope[11]  # a short line in the middle of the prose
    menu = [HEADLINE, *body[:10], "Home", "News", "Sport", "Contact", *body[10:]]
    assert all(in_scope(menu)[11:15])  # a run of four short lines
    assert all(in_scope(["Home", "News", "Sport", ARTICLE[0]] * 10))  # a page of mostly short lines


def test_a_heading_keeps_its_place_in_the_whole_document_when_the_footer_goes() -> None:
    footer = ["Home | Privacy Policy | Terms of Use", "Contact Us | Site Map", "Follow us on Twitter", "Copyright 2024 The Town Paper"]
    headings = ["RURAL HOUSING SERVICE", "STATE MEDIATION GRANTS"]
    lines = [HEADLINE, *ARTICLE, headings[0], ARTICLE[0], headings[1], ARTICLE[1], *footer]
    step = BoilerplatePass()
    step._model = dataclasses.replace(step._model, screens=())  # no screens: they are set for the model's threshold
    step._threshold = 0.01  # every short line the scorer reads goes
    removed = {e.original.strip() for e in step.run("\n\n".join(lines) + "\n").edits}
    assert set(footer) <= removed  # the footer goes, and the headings come within five lines of the end ...
    assert not removed & set(headings)  # ... but they stand far from it in the document
