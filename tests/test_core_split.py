"""Differential tests: the compiled split-words scans (core/src/split.rs) against their
Python reference: glue_model.best_split and _language_model (the Viterbi over wordsegment's
counts), and SplitWordsPass's token screen (str.split() tokens less the caches, the cheap
screens, code-point offsets). Same inputs, same outputs, to the last bit."""

from __future__ import annotations

import math
import pickle
import re
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
    return token.isascii() and (bool(simple and simple.group(1).lower() in G.dictionary()) or S._CANDIDATE.search(token) is None)


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
