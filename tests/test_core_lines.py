"""The compiled core's line scans (core/src/lines.rs) against the Python reference: the
boilerplate scorer's features and trees, the boilerplate rules' hits, duplicate-lines' forms,
and the two passes whole, on random text, the seeds, the fixtures and the passes' cases."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from textfix import Pipeline, engine
from textfix.passes import duplicates, line_scorer
from textfix.passes.boilerplate import BoilerplatePass, _line_features
from textfix.passes.duplicates import DuplicateLinesPass
from textfix.passes.line_scorer import LineFeatures, document_features, load_model, scored_lines
from textfix.passes.lines import normalize, unicode_core
from textfix.passes.whitespace import WhitespaceOptions, WhitespacePass

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

# Characters where the engines could part: Python's classes are not Rust's (combining marks,
# "\x1c"-"\x1f" are spaces for Python, "²" is a digit but not decimal, "٣" decimal), case
# mappings that change length or reach ASCII ("İ", "ı", "ſ", the Kelvin sign, "ß"), the
# final sigma, characters above U+FFFF (a letter, a decimal digit, an emoji), a lone surrogate.
ODD = [
    "\u00e9", "\u00c9", "\u0130", "\u0131", "\u017f", "\u212a", "\u00df", "\u03a3", "\u03c3", "\u0307", "\u0301",
    "\u00b2", "\u0663", "\u00bd", "\u0416", "\u05d0", "\u4e2d", "\U0001d400", "\U0001d7d8", "\U0001f600",
    "\u00a0", "\u2009", "\u200b", "\u3000", "\x1c", "\x1f", "\x0b", "\t", "\r", "\u2028",
    "\u2019", "\u201d", "\u2026", "\u2022", "\u00b7", "\u00a9", "\u2013", "\u2014", "\u00bb", "\u203a", "\u2713",
    "\udc80",  # a lone surrogate (text decoded with surrogateescape): UTF-8 cannot hold it
]
WORDS = [
    "the", "of", "and", "to", "in", "a", "share", "this", "tweet", "click", "subscribe", "newsletter", "read",
    "more", "news", "comments", "reply", "copyright", "all rights reserved", "(c)", "©", "Tags:", "Filed under:",
    "min read", "5", "12/05/2020", "2021-03-04", "Jan 5", "5 March", "10:30", "www.example.com", "http://x.org/a",
    "site.co.uk", "@handle", "#tag", "a@b", "|", "[VIDEO]", "your inbox", "by clicking here", "also on", "Latest News",
    "Sign up", "Like us on Facebook", "Have a tip", "Storm", "Jane Doe", "•", "·", "Click To Tweet", "Share this",
    "COPYRIGHT", "İstanbul", "ſhare", "\u212aelvin", "STRASSE", "Straße", "ΟΔΟΣ", "café", "naïve",
]
PIECES = list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,:;!?'\"()-_/@#|[]") + ODD + WORDS
SPACES = [" ", " ", " ", "  ", "\t", "\u00a0"]


def _line() -> st.SearchStrategy[str]:
    token = st.sampled_from(PIECES)
    return st.lists(st.tuples(token, st.sampled_from(SPACES)), max_size=18).map(lambda parts: "".join(a + b for a, b in parts).strip())


LINES = st.one_of(_line(), st.text(max_size=40), st.sampled_from(WORDS))
#: A document: lines, some long (paragraphs), some repeated, with blank lines between.
DOCUMENTS = st.lists(
    st.one_of(LINES, LINES, st.just(""), st.just("   "), LINES.map(lambda line: (line + " ") * 9 + "end of the paragraph here.")),
    max_size=30,
).flatmap(lambda lines: st.permutations(lines + lines[: len(lines) // 4])).map("\n".join)


@pytest.fixture
def core(compiled_core: object) -> object:
    with engine.use("compiled"):
        return unicode_core()


def _features() -> LineFeatures:
    return LineFeatures(load_model().link_words)


def _scanner(core: object) -> object:
    return line_scorer._core_scanner(core, _features())


def _both(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    """function(*args) under the reference and under the core (fresh feature caches each)."""
    _line_features.cache_clear()
    with engine.use("python"):
        reference = function(*args, **kwargs)
    _line_features.cache_clear()
    with engine.use("compiled"):
        compiled = function(*args, **kwargs)
    return reference, compiled


def _stripped_lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


# -- one line at a time: the uncached inner functions -------------------------------------


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=600, deadline=None)
@given(LINES)
def test_line_features_equal_the_reference(core: object, line: str) -> None:
    features = _features()
    line = line.strip()
    got = _scanner(core).line_features(line)
    if got is None:  # not handled: the reference runs (characters above U+FFFF, "Σ", ...)
        assert not line or not line.isascii()
        return
    assert tuple(got) == features._features(line)


def test_a_pattern_the_core_cannot_read_leaves_the_features_to_the_reference(core: object, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import re

    monkeypatch.setattr(line_scorer, "_URL", re.compile(r"see\s+more", re.I))
    monkeypatch.setattr(line_scorer, "_CORE_SCANNERS", {})
    assert line_scorer._core_scanner(core, _features()) is None
    lines = ["Latest", "see\u00a0more.", "See more.", "A longer line of text with a www.example.com address here."]
    reference, compiled = _both(lambda: document_features(lines, _line_features(load_model().link_words)))
    assert compiled == reference and reference[1][9] == 1.0


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=400, deadline=None)
@given(LINES)
def test_neighbour_values_equal_the_reference(core: object, line: str) -> None:
    got = _scanner(core).neighbour_values(line)
    if got is None:
        assert not line.isascii()
        return
    assert tuple(got) == _features()._neighbour(line)


def test_lines_the_core_leaves_to_the_reference(core: object) -> None:
    scanner = _scanner(core)
    for line in ["an emoji \U0001f600 here", "ΟΔΟΣ", "the Kelvin sign \u212a, 5 Jan.", ""]:
        assert scanner.line_features(line) is None
    assert scanner.line_features("plain ascii line, 5 Jan. www.example.com") is not None
    assert scanner.line_features("Straße, no digits and no dots") is not None  # ß only matters to the patterns


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=600, deadline=None)
@given(LINES)
def test_normalize_and_rule_hits_equal_the_reference(core: object, line: str) -> None:
    step = BoilerplatePass()
    stripped = line.strip()
    key = core.normalize_line(stripped)
    assert key is None or key == normalize(stripped)
    numbers = _rules(core, step).rules_of(stripped)
    if numbers is None:
        assume(False)
    assert tuple(step._numbered[n] for n in numbers) == step._line_rules_uncached(stripped)


def _rules(core: object, step: BoilerplatePass) -> object:
    from textfix.passes.boilerplate import _rule_scanner

    return _rule_scanner(core, step._core_rules)


@pytest.mark.parametrize(
    "line",
    [
        "Share this", "SHARE THIS!", "• Zachary Reyes", "· Mary Ann Smith", "\u00a9 2020 Example Media", "(c) 2020",
        "Copyright 2019 The Press. All rights reserved.", "Example Ltd. All rights reserved", "Filed under: Politics |",
        "Tags: election, budget", "5 min read", "3 minute read", "Get the app by clicking here", "Ministers clash [VIDEO]",
        "Storm damage across the coast [PICTURES]|", "Let our news meet your inbox. Stories, delivered.",
        "also on the site", "Like us on Facebook", "Have a tip? Write to us.", "Latest News", "Don\u2019t Miss",
        "latestnews", "Subscribe", "Sign up", "•\u00a0Jane\u2009Doe", "Tags\x1c: x", "Tags\u2028: x",
        "\u00a9 2020 Soci\u00e9t\u00e9 G\u00e9n\u00e9rale", "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale. All rights reserved.",
        "\u2022\x1cZachary Reyes", "\u00b7 Mary\x1fAnn Smith", "\u2022\u2028Jane Doe", "\u00a9\x1d2020 Example Media",
        "COPYR\u0130GHT 2020", "copyr\u0131ght 2020", "Copyright 2020 \u212aelvin", "\u00c9 all rights reserved",
    ],
)
def test_rule_hits_on_the_rules_examples(core: object, line: str) -> None:
    step = BoilerplatePass()
    numbers = _rules(core, step).rules_of(line)
    expected = step._line_rules_uncached(line)
    if numbers is None:
        assert not line.isascii() or any("\x1c" <= c <= "\x1f" for c in line)
        assert not line.startswith(("\u00a9 2020", "Soci")), "accented letters are read by the core"
    else:
        assert tuple(step._numbered[n] for n in numbers) == expected


@pytest.mark.parametrize("odd", ["", "\udc80", "\U0001f600"])
def test_rule_hits_of_whole_documents_equal_the_reference(core: object, odd: str) -> None:
    step = BoilerplatePass()
    long = "Let our news meet your inbox " + " ".join(["abcdefghijk"] * 25) + odd  # over MAX_LINE
    lines = ["Share this" + odd, long, long[:200], "\u00a9 2020 Example" + odd, "A plain line of text."]
    kept = list(enumerate(lines))
    reference, compiled = _both(lambda: step._rule_hits(kept))
    assert compiled == reference


@pytest.mark.parametrize("phrases", [["Follow @us #now", "a-b & c~d"], ["Caf\u00e9 ok", "Share this"]])
def test_a_users_trailing_phrases_equal_the_reference(core: object, tmp_path: Path, phrases: list[str]) -> None:
    from textfix.passes.boilerplate import BoilerplateOptions

    rules = tmp_path / "mine.toml"
    listed = ", ".join(f'"{p}"' for p in phrases)
    rules.write_text(f'[[rule]]\nid = "mine"\nmessage = "mine"\nphrases = ["Mine only"]\ntrailing = [{listed}]\n', "utf-8")
    step = BoilerplatePass(BoilerplateOptions(rule_files=(str(rules),)))
    text = "".join(f"A sentence here. {p.upper()}\nAnother one! {p} ...\nMine only\n" for p in phrases)
    reference, compiled = _both(lambda: step.run(text))
    assert compiled == reference and reference.edits


def test_rule_hits_with_a_users_patterns_stay_in_python(tmp_path: Path) -> None:
    rules = tmp_path / "mine.toml"
    rules.write_text('[[rule]]\nid = "mine"\nmessage = "mine"\npatterns = ["foo (?=bar).*"]\n', "utf-8")
    from textfix.passes.boilerplate import BoilerplateOptions

    step = BoilerplatePass(BoilerplateOptions(rule_files=(str(rules),)))
    assert step._core_rules is None


# -- whole documents ---------------------------------------------------------------------


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(DOCUMENTS, st.one_of(st.none(), LINES), st.randoms(use_true_random=False))
def test_document_features_equal_the_reference(core: object, text: str, title: str | None, random) -> None:  # type: ignore[no-untyped-def]
    lines = _stripped_lines(text)
    only = sorted(random.sample(range(len(lines)), random.randint(0, len(lines)))) if lines else []
    for chosen in (None, only):
        reference, compiled = _both(lambda: document_features(lines, _line_features(load_model().link_words), title, chosen))
        assert compiled == reference


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(DOCUMENTS, st.one_of(st.none(), LINES), st.sampled_from([None, 0.0, 0.5, 0.999]))
def test_scored_lines_equal_the_reference(core: object, text: str, title: str | None, threshold: float | None) -> None:
    lines = _stripped_lines(text)
    model = load_model()
    reference, compiled = _both(lambda: scored_lines(lines, _line_features(model.link_words), model, title, None, threshold))
    assert compiled == reference


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=-5, max_value=400, allow_nan=False), min_size=35, max_size=35))
def test_tree_scores_equal_the_reference(core: object, x: list[float]) -> None:
    model = load_model()
    compiled = line_scorer._core_model(core, model)
    # the thresholds themselves, where <= decides
    for j, node in enumerate(model.trees[:5]):
        if type(node) is tuple:
            x[node[0]] = node[1]
    assert compiled.score(x) == model.score(x)
    for cut in (0.0, 0.5, model.threshold):
        assert compiled.removes(x, cut) == model.removes(x, cut)
    assert math.isclose(1 / (1 + math.exp(-compiled.score(x))), model.probability(x))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(DOCUMENTS)
def test_duplicate_forms_equal_the_reference(core: object, text: str) -> None:
    lines = text.split("\n")
    forms = core.compact_lines(lines)
    if forms is not None:
        assert forms == [duplicates.compact(line) for line in lines]
    reference, compiled = _both(duplicates._may_repeat, text)
    assert compiled == reference


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(DOCUMENTS, st.one_of(st.none(), LINES))
def test_the_line_passes_equal_the_reference(core: object, text: str, title: str | None) -> None:
    for make in (BoilerplatePass, DuplicateLinesPass):
        kwargs = {"title": title} if make is BoilerplatePass else {}
        reference, compiled = _both(lambda: make().run(text, **kwargs))
        assert compiled == reference


# -- the document scan (core/src/boilerplate.rs): quiet only where the reference changes nothing


def _scan(core: object, step: BoilerplatePass) -> object:
    from textfix.passes.boilerplate import _boilerplate_scanner

    return _boilerplate_scanner(core, step)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=400, deadline=None)
@given(DOCUMENTS, st.one_of(st.none(), LINES, st.just("first")), st.booleans(), st.booleans())
def test_the_document_scan_is_quiet_only_where_the_reference_changes_nothing(core: object, text: str, title: str | None, head: bool, tail: bool) -> None:
    step = BoilerplatePass()
    lines = _stripped_lines(text)
    if title == "first":  # the document's own first line: its later copies go
        title = lines[0] if lines else None
    with engine.use("compiled"):
        quiet = step._quiet(text, head, tail, title)
    with engine.use("python"):
        reference = step.run(text, head=head, tail=tail, title=title)
    if quiet:
        assert reference.text == text and not reference.edits and not reference.notes
    reference, compiled = _both(lambda: step.run(text, head=head, tail=tail, title=title))
    assert compiled == reference


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(DOCUMENTS, st.one_of(st.none(), LINES), st.randoms(use_true_random=False))
def test_the_scored_round_equals_the_reference(core: object, text: str, title: str | None, random) -> None:  # type: ignore[no-untyped-def]
    step = BoilerplatePass()
    # at threshold 0 every line the gates and the screens leave is scored: all of them compared
    step._threshold = 0.0
    step._scan_key = (*step._scan_key[:3], 0.0)
    kept = [(index, line) for index, line in enumerate(text.split("\n")) if line and not line.isspace()]
    assume(kept)
    headline = random.choice([None, kept[0][0], kept[-1][0] + 1])
    found = {index: ("rule", "why") for index, _ in random.sample(kept, random.randint(0, len(kept) // 3))}
    ends = {index: (rank, len(kept) - 1 - rank) for rank, (index, _) in enumerate(kept)}
    reference, compiled = _both(lambda: step._scored_round(kept, title, headline, found, True, ends))
    assert compiled == reference
    with engine.use("compiled"):
        assert step._core_scored(kept, title, headline, found) is not None or any(
            "\U00010000" <= c or "\ud800" <= c <= "\udfff" for _, line in kept for c in line
        )


def test_the_document_scan_says_quiet_on_clean_text(core: object) -> None:
    step = BoilerplatePass()
    paragraph = "The council met on Tuesday to discuss the new budget, which includes funds for roads and schools."
    clean = "Budget talks\n\n" + "\n\n".join(f"{paragraph} Point {n} of the plan was read out." for n in range(8)) + "\n"
    assert step._quiet(clean, True, True, None) and step._quiet(clean, True, True, "Budget talks")
    # a rule's line at its place, a title's copy, a trailing phrase: the reference runs
    assert not step._quiet(clean + "Share this\n", True, True, None)
    assert not step._quiet(clean + "Budget talks\n", True, True, "Budget talks")
    assert not step._quiet(clean.replace("plan was read out.", "plan was read out. Share this", 1), True, True, None)
    # a tail rule away from the tail, or where the text does not end the document: quiet
    tail_rule = "\u00a9 2020 Example Media\n"
    assert step._quiet(tail_rule + clean, False, True, None) or step._quiet(tail_rule + clean, True, True, None)
    assert step._quiet(clean + tail_rule, True, False, None)
    assert not step._quiet(clean + tail_rule, True, True, None)
    # a line whose rules the core leaves to the reference ("ſ": `re` reads it as "s")
    assert not step._quiet(clean + "\u017fhare this\n", True, True, None)
    assert step._quiet(clean.replace("roads", "ro\u017fads"), True, True, None)


def test_the_document_scan_leaves_the_scorers_lines_to_the_reference(core: object) -> None:
    step = BoilerplatePass()
    paragraph = "The council met on Tuesday to discuss the new budget, which includes funds for roads and schools this year."
    page = "Budget talks\n\n" + "\n\n".join([paragraph] * 6) + "\n\nHome | World | Sports | Contact us\nPrivacy Policy\nTerms of Use\n"
    assert not step._quiet(page, True, True, None)
    with engine.use("python"):
        assert {edit.rule for edit in step.run(page).edits} == {"scored-line"}
    assert step._quiet(page, True, False, None)  # the scorer reads whole documents only


@pytest.mark.parametrize("position", ["head", "tail", "edge", "any"])
def test_the_document_scan_reads_a_users_rule_positions(core: object, tmp_path: Path, position: str) -> None:
    from textfix.passes.boilerplate import BoilerplateOptions

    rules = tmp_path / "mine.toml"
    rules.write_text(f'[[rule]]\nid = "mine"\nmessage = "mine"\nphrases = ["Daily Bugle"]\nposition = "{position}"\nwithin = 2\n', "utf-8")
    step = BoilerplatePass(BoilerplateOptions(rule_files=(str(rules),)), disabled=frozenset({"scored-line"}))
    lines = [f"Line {n} of the article, which goes on for a while." for n in range(8)]
    for at in (0, 1, 2, 4, 5, 6, 7, 8):
        text = "\n".join(lines[:at] + ["Daily Bugle"] + lines[at:]) + "\n"
        for head, tail in ((True, True), (False, True), (True, False)):
            with engine.use("python"):
                changed = step.run(text, head=head, tail=tail).text != text
            assert step._quiet(text, head, tail, None) == (not changed), (position, at, head, tail)


@pytest.mark.parametrize("ending", ["Share this", "SHARE THIS", "Share th\u0131s", "\u017fhare this"])
def test_the_trailing_screen_sees_what_re_may_match(core: object, ending: str) -> None:
    step = BoilerplatePass()
    text = "Title here\n\n" + "\n".join(f"Line {n} of a page that ends well." for n in range(6)) + f"\nA last sentence. {ending}..\n"
    assert not step._quiet(text, True, True, None)
    with engine.use("python"):
        # (a phrase `re` matches through "ı" or "ſ" is not the rule's phrase: no edit)
        assert bool(step.run(text).edits) == ending.isascii()


def test_the_characters_re_matches_to_ascii_ignoring_case() -> None:
    import re

    from textfix.passes.boilerplate import _re_ascii_folds

    folds = set(_re_ascii_folds())
    assert {"\u0130", "\u0131", "\u017f", "\u212a"} <= folds
    # every character with a case form in ASCII: `re` matches it to an ASCII literal only if listed
    risky = [chr(c) for c in range(0x80, 0x10000) if any(form.isascii() for form in (chr(c).lower(), chr(c).upper(), chr(c).casefold()))]
    for char in risky:
        matched = any(re.fullmatch("(?i)" + re.escape(chr(a)), char) for a in range(0x20, 0x7F))
        assert matched == (char in folds), char


#: Lines that end like a sentence and then a share prompt, in any case, with odd letters.
TRAILING = st.lists(
    st.tuples(
        _line(),
        st.sampled_from([".", "!", "?", '"', "\u201d", "\u2019", ")", ",", ""]),
        st.sampled_from(["", " ", "\t", "  ", "\u00a0"]),
        st.sampled_from(["Share this", "SHARE THIS", "tweet this", "Click To Tweet", "Share th\u0131s", "Share th\u0130s", "\u017fhare this", "Share"]),
        st.sampled_from(["", ".", "...", "\u2026", " ", ". \t", "x"]),
    ).map("".join),
    max_size=8,
).map("\n".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=300, deadline=None)
@given(st.one_of(TRAILING, DOCUMENTS))
def test_trailing_phrases_equal_the_reference(core: object, text: str) -> None:
    step = BoilerplatePass()
    reference, compiled = _both(lambda: list(step._trailing_matches(text)))
    assert compiled == reference
    reference, compiled = _both(lambda: step.run(text))
    assert compiled == reference


#: Text made of whitespace of every kind the whitespace pass knows and a few others.
SPACY = st.text(alphabet="\udc80 \t\n\r\x0b\x0c\x1c\u00a0\u1680\u2000\u2005\u200a\u200b\u2060\ufeff\u202f\u205f\u3000\u2028ab.\u00e9\U0001f600", max_size=80)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=500, deadline=None)
@given(st.one_of(SPACY, DOCUMENTS), st.integers(0, 3), st.booleans(), st.booleans(), st.booleans())
def test_whitespace_sites_equal_the_reference(core: object, text: str, blank: int, indentation: bool, head: bool, tail: bool) -> None:
    step = WhitespacePass(WhitespaceOptions(max_blank_lines=blank, keep_indentation=indentation))
    for lo, hi in ((0, len(text)), (len(text) // 3, len(text) - len(text) // 4)):
        reference, compiled = _both(lambda: list(step._sites(text, lo, hi)))
        assert compiled == reference
    reference, compiled = _both(lambda: step.run(text, head=head, tail=tail))
    assert compiled == reference


def test_a_whitespace_pattern_the_core_does_not_know_runs_in_the_reference(core: object) -> None:
    import regex

    step = WhitespacePass()
    step._pattern = regex.compile(step._pattern.pattern + "|(?P<ws2>x)")
    text = "a  b x\n\n\n\nc"
    assert core.whitespace_sites(text, 0, len(text), 2, step._pattern.pattern) is None
    reference, compiled = _both(lambda: list(step._sites(text, 0, len(text))))
    assert compiled == reference == [(1, 3, False), (6, 10, True)]


def _documents() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "fixtures").rglob("*.txt"))
    found = [(str(path.relative_to(ROOT)), path.read_text("utf-8")) for path in paths]
    for path in sorted((ROOT / "tests" / "cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text("utf-8"))["case"]:
            found.append((f"{path.stem}: {case['name']}", case["input"]))
    return found


@pytest.mark.parametrize("name, text", _documents(), ids=[name for name, _ in _documents()])
def test_fixtures_seeds_and_cases_equal_the_reference(core: object, name: str, text: str) -> None:
    for make in (WhitespacePass, BoilerplatePass, DuplicateLinesPass):
        reference, compiled = _both(lambda: make().run(text))
        assert compiled == reference, f"{make.id} on {name}"
    reference, compiled = _both(lambda: Pipeline().run(text))
    assert compiled == reference
