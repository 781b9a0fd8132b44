"""Differential tests: the compiled split-words scans (core/src/split.rs) against their
Python reference: glue_model.best_split and _language_model (the Viterbi over wordsegment's
counts), and SplitWordsPass's token screen (str.split() tokens less the caches, the cheap
screens, code-point offsets). Same inputs, same outputs, to the last bit."""

from __future__ import annotations

import math
import pickle
import re
import string
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix import engine
from textfix import glue_model as G
from textfix.passes import split_words as S
from textfix.passes.text_search import locate_tokens

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CASES = Path(__file__).parent / "cases" / "split-words.toml"
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# str.isspace() characters beyond ASCII, and look-alikes that are not whitespace
SEPARATORS = [" ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "  "]
NOT_SPACES = ["\u180e", "\u200b", "\ufeff", "\x00", "\u2060"]


def documents() -> list[str]:
    """Every document of fixtures/ and the split-words test cases' inputs."""
    found = [path.read_text("utf-8") for path in sorted(FIXTURES.rglob("*.txt"))]
    found += [case["input"] for case in tomllib.loads(CASES.read_text("utf-8"))["case"]]
    return found


def both(function: Any, *args: Any) -> list[Any]:
    """``function(*args)`` under the reference and under the core (an exception stands as
    its type and message)."""
    results = []
    for name in ("python", "compiled"):
        with engine.use(name):
            try:
                results.append(function(*args))
            except Exception as error:  # noqa: BLE001 - the exception is the result compared
                results.append((type(error).__name__, str(error)))
    return results


def assert_same(function: Any, *args: Any) -> Any:
    reference, compiled = both(function, *args)
    assert compiled == reference, (function.__name__, args)
    # == holds for 0.0 and -0.0: the floats' bits must agree too
    assert repr(compiled) == repr(reference), (function.__name__, args)
    return reference


# -- the language model ------------------------------------------------------------------


def _runs_with_neighbours(text: str) -> Iterator[tuple[str, str | None, str | None]]:
    """The lowercase letter segments of a text, alone and between two words of the text
    (taken at fixed strides, so that the pairs vary)."""
    words = [m.group().lower() for m in re.finditer(r"[A-Za-z]+", text)]
    for index, token in enumerate(text.split()):
        for piece in S._PIECE.findall(token):
            for segment in S._SEGMENT.findall(piece):
                low = segment.lower()
                yield low, None, None
                yield low, words[index % len(words)] if words else None, words[(index * 7 + 1) % len(words)] if words else None


def test_language_model_on_every_document(compiled_core: object) -> None:
    splits = 0
    for text in documents():
        for low, previous, following in _runs_with_neighbours(text):
            if assert_same(G.best_split, low, previous, following) is not None:
                splits += 1
            assert_same(G._language_model, low, previous, following)
    assert splits > 50  # the documents do reach the Viterbi


_WORDS = st.sampled_from(sorted(w for w in G.dictionary() if len(w) <= 7)[::37])
_NEIGHBOURS = st.none() | st.just("") | _WORDS | st.text(max_size=6) | st.sampled_from(["the", "of", "1000s", "0km", "a b"])


@SETTINGS
@given(
    run=st.lists(_WORDS, min_size=1, max_size=5).map("".join) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=34) | st.text(max_size=8),
    previous=_NEIGHBOURS,
    following=_NEIGHBOURS,
)
def test_language_model_on_random_runs(compiled_core: object, run: str, previous: str | None, following: str | None) -> None:
    assert_same(G.best_split, run, previous, following)
    assert_same(G._language_model, run, previous, following)


@contextmanager
def _tiny_model(unigrams: dict[str, float], bigrams: dict[str, float], parts: frozenset[str]) -> Iterator[None]:
    """A model of a few words with small counts (where scores tie exactly) in place of
    wordsegment's, for both engines."""
    model = object.__new__(G.Model)
    model.unigrams, model.bigrams, model.total = unigrams, bigrams, 100.0
    model.dictionary, model.log_total, model._compiled = frozenset(unigrams), math.log(100.0), None
    saved = G.Model._instance, G.plausible_parts
    G.Model._instance, G.plausible_parts = model, lambda floor: parts
    try:
        yield
    finally:
        G.Model._instance, G.plausible_parts = saved


_TINY = st.text(alphabet="ab", min_size=1, max_size=3)
_COUNTS = st.sampled_from([1.0, 2.0, 4.0, 16.0, 0.0])  # 0: math.log raises ValueError


@SETTINGS
@given(
    unigrams=st.dictionaries(_TINY, _COUNTS, max_size=12),
    bigrams=st.dictionaries(st.tuples(_TINY, _TINY).map(" ".join), _COUNTS, max_size=12),
    extra=st.frozensets(_TINY, max_size=4),
    run=st.text(alphabet="ab", max_size=9),
    previous=st.none() | _TINY,
    following=st.none() | st.just("") | _TINY,
)
def test_ties_and_missing_counts_as_the_reference(compiled_core: object, unigrams, bigrams, extra, run, previous, following) -> None:
    """Small integer counts make equal scores common: the core must keep the reference's
    first-found state on a tie inside the search and break final ties as max() over
    (score, parts) tuples; a bigram whose first word has no count raises KeyError in both,
    a count of 0 ValueError."""
    with _tiny_model(unigrams, bigrams, frozenset(unigrams) | extra):
        assert_same(G.best_split, run, previous, following)
        assert_same(G._language_model, run, previous, following)


def test_a_final_tie_goes_to_the_greater_parts(compiled_core: object) -> None:
    with _tiny_model({"ab": 4.0, "cd": 4.0, "abc": 4.0, "d": 4.0}, {}, frozenset({"ab", "cd", "abc", "d"})):
        reference, compiled = both(G.best_split, "abcd", None, None)
    assert reference[1] == ("abc", "d") and compiled == reference


# -- the token screen ---------------------------------------------------------------------


def _reference_screened(token: str) -> bool:
    simple = S._ONE_WORD.fullmatch(token)
    if not token.isascii():  # the core judges these only if they hold no ASCII letter
        return S._CANDIDATE.search(token) is None and not any(c in string.ascii_letters for c in token)
    return bool(simple and simple.group(1).lower() in G.dictionary()) or S._CANDIDATE.search(token) is None


_TOKEN = st.text(alphabet=st.sampled_from(list("abczAXZ0159_-'.,\"()[]/é٣ßİ")) | st.characters(exclude_categories=("Cs", "Zs", "Zl", "Zp", "Cc")), min_size=1, max_size=10)


@SETTINGS
@given(token=_TOKEN | _WORDS | _WORDS.map(str.title) | _WORDS.map(lambda w: f'"{w},'))
def test_cheap_screens_are_the_reference_regexes(compiled_core: object, token: str) -> None:
    words = S._compiled_words(compiled_core)
    assert compiled_core.screened(token, words) == _reference_screened(token), token
    if compiled_core.screened(token, words):
        with engine.use("python"):
            assert not S.SplitWordsPass()._worth_planning(token)


def _candidates(text: str, reference: S.SplitWordsPass, compiled: S.SplitWordsPass) -> None:
    with engine.use("python"):
        expected = {token: offsets for token, offsets in reference._candidates_in(text)}
    with engine.use("compiled"):
        found = compiled._compiled_candidates(engine.core, text)
    assert found is not None and dict(found) == expected
    assert len(found) == len(expected)  # no token twice
    assert compiled._screen.sizes() == (len(reference._plain), len(reference._candidates))


# tokens around 23 bytes, where the core's caches keep a token in its slot or in an arena
_LONG_TOKEN = st.text(alphabet="abcXé0-", min_size=21, max_size=26) | st.lists(_WORDS, min_size=4, max_size=8).map("-".join)
_DOC_TOKEN = _TOKEN | _WORDS | _LONG_TOKEN | st.lists(_WORDS, min_size=2, max_size=3).map("".join) | st.sampled_from(["in1990", "theMinister", "NewsThe", "word.The", "é", "x"])
_DOC = st.lists(st.tuples(_DOC_TOKEN, st.sampled_from(SEPARATORS + NOT_SPACES)), max_size=30).map(lambda items: "".join(t + s for t, s in items))


@SETTINGS
@given(texts=st.lists(_DOC | st.text(max_size=60), min_size=1, max_size=4), cap=st.sampled_from([1, 3, 300_000]))
def test_token_screen_on_random_text(compiled_core: object, monkeypatch: pytest.MonkeyPatch, texts: list[str], cap: int) -> None:
    """Documents in sequence through one pass per engine: the same candidates and offsets,
    the caches the same sizes (also when they fill and are emptied)."""
    monkeypatch.setattr(S, "_MAX_CACHED", cap)
    reference, compiled = S.SplitWordsPass(), S.SplitWordsPass()
    for text in texts:
        _candidates(text, reference, compiled)


def test_token_screen_on_every_document(compiled_core: object) -> None:
    reference, compiled = S.SplitWordsPass(), S.SplitWordsPass()
    for text in documents() * 2:  # the second time from the caches
        _candidates(text, reference, compiled)


def test_offsets_and_whitespace_over_all_of_unicode(compiled_core: object) -> None:
    """Every code point between two tokens: split as str.split() splits, offsets in code points."""
    screen = compiled_core.TokenScreen(S._compiled_words(compiled_core))
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    for start in range(0, len(chars), 100_000):
        text = " ".join(f"xq1{c}zv2" for c in chars[start : start + 100_000])
        found = screen.candidates(text, lambda token: True, 10_000_000)
        with engine.use("python"):
            expected = locate_tokens(text, set(text.split()))
        assert dict(found) == expected


def test_text_with_lone_surrogates_is_left_to_the_reference(compiled_core: object) -> None:
    text = "abc\udce9def inthe"
    with engine.use("compiled"):
        assert S.SplitWordsPass()._compiled_candidates(engine.core, text) is None
        compiled = S.SplitWordsPass().run(text)
    with engine.use("python"):
        assert S.SplitWordsPass().run(text) == compiled


def test_a_busy_screen_leaves_the_document_to_the_reference(compiled_core: object) -> None:
    """A pass's screen in use (another thread, here a callback) answers None, not an error:
    the document is then screened by the reference with the pass's Python caches."""
    screen = compiled_core.TokenScreen(S._compiled_words(compiled_core))
    inside = []

    def worth(token: str) -> bool:
        inside.append(screen.candidates("inthe ofthe", lambda t: True, 100))
        return True

    assert dict(screen.candidates("qq1 qq1", worth, 100)) == {"qq1": [0, 4]}
    assert inside == [None]


# -- the plan screen ----------------------------------------------------------------------


def _planned_by_reference(step: S.SplitWordsPass, token: str) -> bool:
    """The reference's decision, uncached: judge_run's cache emptied, _plan_uncached called."""
    G.judge_run.cache_clear()
    with engine.use("python"):
        return bool(step._plan_uncached(token, None, None, True))


def _assert_planned(step: S.SplitWordsPass, planner: Any, tokens: Any) -> int:
    """The core's plan screen agrees with the reference on every token it handles (None:
    a character it leaves to the reference); how many tokens it handled."""
    handled = 0
    for token in tokens:
        found = planner.planned(token)
        if found is None:
            assert any(not c.isascii() for c in token), token
            continue
        handled += 1
        assert found == _planned_by_reference(step, token), token
    return handled


def _options() -> list[S.SplitWordsOptions]:
    return [S.SplitWordsOptions(), S.SplitWordsOptions(preset="dense"), S.SplitWordsOptions(threshold=1.0, keep=("wellbeing", "Newsroom"))]


def test_plan_screen_on_every_token_of_the_documents(compiled_core: object) -> None:
    """Every whitespace token of fixtures/, the seeds and the split-words cases, under the
    default, the dense preset and a lower threshold with a keep list."""
    tokens = sorted({t for text in documents() for t in text.split()})
    for options in _options():
        step = S.SplitWordsPass(options)
        planner = step._compiled_planner(compiled_core)
        assert _assert_planned(step, planner, tokens) > 0.95 * len(tokens)
    step = S.SplitWordsPass()
    assert sum(_planned_by_reference(step, t) for t in tokens) > 30  # the documents reach the plan


_FREQUENT = sorted(w for w, share in G.lexicon().items() if share >= 3e-6 and w.isascii() and w.isalpha())[::11]
_FREQ = st.sampled_from(_FREQUENT) | st.sampled_from(sorted(G.STARTERS | G.FUNCTION_WORDS | S._MONTHS | S._UNITS | S._NAME_PREFIXES))


def _one_edit(draw: Any) -> str:
    word = draw(st.sampled_from([w for w in _FREQUENT if len(w) >= 5]))
    edits = sorted(G.one_edit(word))
    return edits[draw(st.integers(0, len(edits) - 1))]


@st.composite
def _plan_tokens(draw: Any) -> str:
    """Tokens of the shapes the plan judges: glued frequent words (lowercase, capitalized,
    case junctions, menus), misspellings, digit junctions, with punctuation and characters
    beyond ASCII (stand-ins of the core and others) around or inside."""
    shape = draw(st.integers(0, 7))
    words = draw(st.lists(_FREQ, min_size=1, max_size=4))
    if shape == 0:
        core = "".join(words)
    elif shape == 1:
        core = "".join(w.title() for w in words)
    elif shape == 2:
        core = words[0] + "".join(w.title() for w in words[1:])
    elif shape == 3:
        core = _one_edit(draw)
    elif shape == 4:
        number = draw(st.sampled_from(["1990", "15", "3", "2024", "42"]))
        word = draw(_FREQ | st.sampled_from(["in", "and", "December", "june", "km", "th", "of", "no"]))
        core = draw(st.sampled_from([word + number, number + word, number + word + number, word + number + word]))
    elif shape == 5:
        core = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=32))
    elif shape == 6:
        core = draw(st.text(alphabet="aeinorstAETNU.'-19", min_size=1, max_size=14))
    else:
        core = "".join(w.upper() if draw(st.booleans()) else w.title() for w in words)
    odd = st.sampled_from(list("é’“‘”—…İıſ²٣ßÄ«»") + [".", ",", "'s", "’s", '"', "(", ")", "-", "/", ".Com", ".com", "U.S.", "_"])
    if draw(st.booleans()):
        at = draw(st.integers(0, len(core)))
        core = core[:at] + draw(odd) + core[at:]
    return draw(st.sampled_from(["", '"', "(", "“", "‘", "'"])) + core + draw(st.sampled_from(["", ".", ",", "’", "'", '"', "”", ":", "?"]))


@SETTINGS
@given(
    tokens=st.lists(_plan_tokens() | _TOKEN | st.text(max_size=12), min_size=1, max_size=8),
    preset=st.sampled_from(sorted(G.PRIORS)),
    threshold=st.floats(-14.0, 16.0) | st.sampled_from([G.THRESHOLD]),
    keep=st.lists(_FREQ, max_size=2),
)
def test_plan_screen_on_random_tokens(compiled_core: object, tokens: list[str], preset: str, threshold: float, keep: list[str]) -> None:
    """A threshold drawn at random moves the boolean's cut over the totals, so that a term
    of the evidence computed otherwise than by the reference shows as a different decision."""
    step = S.SplitWordsPass(S.SplitWordsOptions(preset=preset, threshold=threshold, keep=tuple(keep)))
    _assert_planned(step, step._compiled_planner(compiled_core), tokens)


def _run_terms(judged: Any) -> Any:
    return None if judged is None else [list(judged[0]), judged[1].kind, judged[1].prior, judged[1].lm, judged[1].lexicon, judged[1].structure]


@SETTINGS
@given(
    run=_plan_tokens().map(lambda t: "".join(re.findall("[A-Za-z]", t))).filter(bool) | st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=30),
    previous=st.none() | st.just("") | _FREQ,
    following=st.none() | _FREQ,
    start=st.booleans(),
    preset=st.sampled_from(sorted(G.PRIORS)),
    floor=st.floats(-30.0, 30.0) | st.just(-math.inf),
)
def test_judge_run_terms_are_the_reference(compiled_core: object, run: str, previous: str | None, following: str | None, start: bool, preset: str, floor: float) -> None:
    """The core's judge_run: the same parts, kind and terms to the last bit (the typo term
    over one_edit and the typo targets included: a misspelling of a frequent word is drawn)."""
    planner = S.SplitWordsPass(S.SplitWordsOptions(preset=preset))._compiled_planner(compiled_core)
    with engine.use("python"):
        expected = _run_terms(G.judge_run.__wrapped__(run, previous, following, preset, start, floor))
    found = planner.judge_run(run, previous, following, start, floor)
    assert repr(None if found is None else list(found)) == repr(expected)
    assert_same(G.judge_run.__wrapped__, run, previous, following, preset, start, floor)  # the dispatch


@SETTINGS
@given(
    left=_FREQ.map(lambda w: w) | _FREQ.map(str.title) | _FREQ.map(str.upper) | st.text(alphabet="aZ", min_size=1, max_size=3),
    right=_FREQ.map(str.title) | _FREQ.map(str.upper) | st.sampled_from(["The", "In", "It", "U", "A"]),
    after=st.sampled_from(["", "'", "’", ".", "s", "x"]),
    parts=st.integers(2, 6),
    abbreviation=st.booleans(),
    preset=st.sampled_from(sorted(G.PRIORS)),
)
def test_judge_case_terms_are_the_reference(compiled_core: object, left: str, right: str, after: str, parts: int, abbreviation: bool, preset: str) -> None:
    planner = S.SplitWordsPass(S.SplitWordsOptions(preset=preset))._compiled_planner(compiled_core)
    expected = G.judge_case(left, right, after, parts, preset, abbreviation)
    assert repr(planner.judge_case(left, right, after, parts, abbreviation)) == repr((expected.structure, expected.lexicon))


def test_typo_terms_are_the_reference(compiled_core: object) -> None:
    """Misspellings of frequent words (a letter dropped, two swapped; one replaced, one
    added, at the middle) that the model can split: the typo term (_near_miss over one_edit
    and the typo targets; the core walks the targets' trie) to the last bit."""
    planner = S.SplitWordsPass()._compiled_planner(compiled_core)
    words = sorted(w for w, share in G.lexicon().items() if share >= 1e-5 and w.isascii() and w.isalpha() and len(w) >= 6)[::5]
    typos = 0
    with engine.use("python"):
        for word in words:
            for i in range(len(word) - 1):
                middle = {word[:i] + "q" + word[i + 1 :], word[:i] + "e" + word[i:]} if i == len(word) // 2 else set()
                for variant in ({word[:i] + word[i + 1 :], word[:i] + word[i + 1] + word[i] + word[i + 2 :]} | middle) - {word}:
                    expected = _run_terms(G.judge_run.__wrapped__(variant, None, None, "web", False, -3.0))
                    assert repr(planner.judge_run(variant, None, None, False, -3.0)) == repr(None if expected is None else tuple(expected)), variant
                    typos += expected is not None and variant not in G.lexicon() and expected[4] != 0.0
    assert typos > 100


def test_plan_screen_reaches_every_kind_of_junction(compiled_core: object) -> None:
    """Hand-written tokens that the reference plans (one of each kind of junction) and some
    it does not: the core agrees on each, and the planned ones are planned."""
    step = S.SplitWordsPass()
    planner = step._compiled_planner(compiled_core)
    planned = ["cornerofthe", "Theyoccur", "marketThe", "theMinister", "NewsU.S.", "PoliticsBusinessSports", "in1990", "15December", "“inprotecting", "afterregime’s"]
    plain = ["cryptocurrency", "YouTube", "iPhone", "stargazer42", "co-representability", "example.com", "Example.Com", "Zürichsee", "theARTofit", "x" * 121]
    assert [planner.planned(t) for t in planned] == [True] * len(planned)
    assert [planner.planned(t) for t in plain] == [False] * len(plain)
    assert _assert_planned(step, planner, planned + plain) == len(planned + plain)
    assert planner.planned("intheİ") is None and planner.planned("ofthe٣") is None
    # what is stripped before a sentence's first word (its prior "start", not "title"), and
    # what may follow a sentence starter, with the threshold swept over the totals
    tokens = [q + word + end for q in ("", "‘", "“", "”", "(", "x", "—") for word in ("Theyoccur", "Thetown", "marketThe") for end in ("", "’", "'", "”")]
    for threshold in range(-12, 14):
        step = S.SplitWordsPass(S.SplitWordsOptions(threshold=float(threshold)))
        assert _assert_planned(step, step._compiled_planner(compiled_core), tokens) == len(tokens)


# -- the whole pass ----------------------------------------------------------------------


def _runs(text: str) -> list[Any]:
    results = []
    for name in ("python", "compiled"):
        G.judge_run.cache_clear()  # decided afresh by each engine's model
        with engine.use(name):
            step = S.SplitWordsPass()
            results.append((step.run(text), step.run(text, record=False).text))
    return results


def test_the_pass_on_every_document(compiled_core: object) -> None:
    changed = 0
    for text in documents():
        reference, compiled = _runs(text)
        assert compiled == reference
        changed += reference[0].text != text
    assert changed > 10


@SETTINGS
@given(text=_DOC | st.text(max_size=80))
def test_the_pass_on_random_text(compiled_core: object, text: str) -> None:
    reference, compiled = _runs(text)
    assert compiled == reference


def test_a_pass_that_used_the_core_pickles(compiled_core: object) -> None:
    """The core's caches are not pickled: the copy starts with empty ones and gives the same output."""
    text = "We met at the cornerofthe road in1990."
    with engine.use("compiled"):
        step = S.SplitWordsPass()
        first = step.run(text)
        assert step._screen is not None
        copy = pickle.loads(pickle.dumps(step))
        assert copy._screen is None and copy.run(text) == first
        assert first.text != text


def test_the_core_takes_over_after_compiled_after_runs_with_the_same_output(compiled_core: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A short job stays on the reference (no planner is built for one small document); past
    COMPILED_AFTER runs judged the core plans, and the switch changes no output."""
    import sys

    from textfix import glue_model

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from corpus import Generator

    docs = list(Generator(7).documents(120_000))
    monkeypatch.setattr(glue_model, "COMPILED_AFTER", 10**9)
    monkeypatch.setattr(glue_model, "_judged_by_reference", 0)
    glue_model._compiled_judge.cache_clear()
    with engine.use("compiled"):
        S.SplitWordsPass().run(docs[0])
    assert glue_model._compiled_judge.cache_info().currsize == 0
    assert glue_model.compiled_core() is None

    def outputs(name: str, after: int) -> list[tuple[str, tuple[object, ...]]]:
        monkeypatch.setattr(glue_model, "COMPILED_AFTER", after)
        monkeypatch.setattr(glue_model, "_judged_by_reference", 0)
        glue_model.judge_run.cache_clear()
        step = S.SplitWordsPass()
        with engine.use(name):
            return [(fixed.text, fixed.edits) for fixed in (step.run(doc) for doc in docs)]

    reference = outputs("python", 0)
    switched = outputs("compiled", 300)
    assert glue_model.compiled_core() is not None  # the switch happened inside the batch
    assert switched == reference
