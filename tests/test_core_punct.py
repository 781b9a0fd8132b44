"""The compiled core's punctuation scan (core/src/punct.rs) against the Python reference:
its sites must hold every anchor where the reference builds a candidate, in order, and the
pass must give the same text and edits under both engines, on random text with punctuation,
quotes, brackets, non-ASCII characters and odd whitespace, on the fixtures, the seeds and the
pass's cases."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from textfix import engine
from textfix.glue_model import QuoteReader
from textfix.passes import punctuation
from textfix.passes.punctuation import _ANCHOR, _MAX_STEM, PunctuationSpacingPass
from textfix.rules import word_list

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

# Pieces of text the pass's rules look at, and characters where Python's classes are not
# ASCII's (Latin-1 letters and numbers, decimal digits of other scripts, characters above
# U+FFFF, Unicode spaces, curly quotes).
PIECES = [
    "a", "b", "n", "s", "t", "re", "ll", "ve", "d", "m", "I", "A", "The", "US", "NASA", "word", "said",
    "U.S", "e.g", "etc", "vs", "cf", "i.e", "a.m", "news", "backed", "led", "based", "Example", "Com",
    "1", "12", "1928", "2000", "3.5", "March", "Jan",
    ",", ".", ";", ":", "!", "?", "(", ")", "[", "]", "-", "'", '"', "\u2019", "\u2018", "\u201c", "\u201d",
    "...", "n't", "'s", " ", " ", " ", "  ", "\n", "\n\n", "\t", "_", "/", "<", ">", "=", "{",
    "\u00e9", "\u00c9", "\u00aa", "\u00b2", "\u00bd", "\u00d7", "\u0663", "\u0416", "\u4e2d", "\U0001d400",
    "\U0001d7d8", "\U0001f600", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u2026", "\u2013", "\u00bb", "\u203f",
]
TEXTS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
# Short texts of runs of letters, digits, punctuation and spaces, each class with its
# non-ASCII members: dense in what the anchors and rules look at ("ab,\u0663", "U.S.in").
LETTERS = "abnstxAIUZ\u00e9\u00c9\u00aa\u00b5\u0416\u4e2d\U0001d400"
DIGITS = "19\u0663\U0001d7d8\u00b2\u2155"
PUNCTUATION = ",.;:!?()[]-'\"\u2019\u2018\u201c\u201d"
SPACES = " \n\t\u00a0\u2009\x85\x1c"
OTHER = "_/<>={\u00d7\u00bb\u2026\u2013\u203f\U0001f600"
RUN = st.one_of(
    st.text(alphabet=LETTERS, min_size=1, max_size=4),
    st.text(alphabet=DIGITS, min_size=1, max_size=4),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(SPACES),
    st.sampled_from(OTHER),
)
RUNS = st.lists(RUN, max_size=10).map("".join)
ANY = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@pytest.fixture
def core(compiled_core: object) -> object:
    return compiled_core


def _both(run):  # type: ignore[no-untyped-def]
    with engine.use("python"):
        reference = run()
    with engine.use("compiled"):
        compiled = run()
    return reference, compiled


def _check_sites(core, text: str) -> None:  # type: ignore[no-untyped-def]
    """The core's sites hold every anchor where the reference builds a candidate, in order,
    each at a character of the anchor."""
    sites = core.punct_sites(text, _MAX_STEM)
    assert sites == sorted(set(sites))
    assert all(text[pos] in ",.;:!?)]'’\"“”([-" for pos in sites)
    quotes = QuoteReader(text)
    needed = [m.start() for m in _ANCHOR.finditer(text) if PunctuationSpacingPass._candidates(text, m.start(), quotes)]
    assert set(needed) <= set(sites), f"missed {sorted(set(needed) - set(sites))} in {text!r}"


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=3000, deadline=None)
@given(st.one_of(RUNS, TEXTS, ANY))
@example("word,\u0663 x")  # a decimal digit of another script: the anchor's \d and the rule's
@example("\u0416\u0416;\U0001d7d8")
@example("May 1,\u0663\u0663\u0663\u0663 x")
@example("x (\u0663 May) y")
@example("\u00e9t\u00e9 ,\u2009next")
@example("\ud7fcA.A.aa")  # an unassigned character before initials: not \w for Python
def test_sites_hold_every_anchor_with_a_candidate(core: object, text: str) -> None:
    _check_sites(core, text)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=800, deadline=None)
@given(st.one_of(RUNS, TEXTS, ANY))
def test_the_pass_equals_the_reference(core: object, text: str) -> None:
    reference, compiled = _both(lambda: PunctuationSpacingPass().run(text))
    assert compiled == reference


def test_the_scans_assumptions_about_python() -> None:
    """What core/src/punct.rs takes as given: no character of Latin-1's punctuation and
    symbols or of General Punctuation is `re`'s \\w (nor \\d), no Latin-1 character is \\d;
    every compound suffix starts with an ASCII letter; each abbreviation ends with its dot."""
    never = [c for c in map(chr, [*range(0x80, 0xC0), 0xD7, 0xF7, *range(0x2000, 0x2070)]) if c not in "\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc\u00bd\u00be"]
    assert not [c for c in never if re.match(r"\w", c)]
    assert not [c for c in map(chr, range(0x80, 0x100)) if re.match(r"\d", c)]
    assert all(w[:1].isascii() and w[:1].isalpha() for w in word_list("compound-suffixes"))
    assert all(a.endswith(".") for a in word_list("abbreviations"))


def test_a_text_with_nothing_to_repair_has_no_site(core: object) -> None:
    text = "It rained (a little) on Monday, and the U.S. team, e.g. its coach, said: \u201cfine\u201d. Done!"
    assert core.punct_sites(text, _MAX_STEM) == []
    assert core.punct_sites("word ,next", _MAX_STEM) == [5]
    # code-point offsets past characters of two, three and four bytes in UTF-8
    assert core.punct_sites("\u00e9\u4e2d\U0001f600 , x", _MAX_STEM) == [4]


def test_a_lone_surrogate_leaves_the_scan_to_the_reference(core: object, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    text = "It ended there . Then it began ; again\udc80"
    assert core.punct_sites(text, _MAX_STEM) is None
    reference, compiled = _both(lambda: PunctuationSpacingPass().run(text))
    assert compiled == reference and compiled.edits


def test_the_pass_reads_the_core_when_called(core: object, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The sites decide where Python looks: a core that finds none repairs nothing."""

    class NoSites:
        def punct_sites(self, text: str, max_stem: int) -> list[int]:
            return []

    monkeypatch.setattr(punctuation.engine, "core", NoSites())
    assert PunctuationSpacingPass().run("It ended there . Then").text == "It ended there . Then"
    monkeypatch.setattr(punctuation.engine, "core", None)
    assert PunctuationSpacingPass().run("It ended there . Then").text == "It ended there. Then"


def _documents() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "fixtures").rglob("*.txt"))
    found = [(str(path.relative_to(ROOT)), path.read_text("utf-8")) for path in paths]
    for case in tomllib.loads((ROOT / "tests" / "cases" / "punctuation-spacing.toml").read_text("utf-8"))["case"]:
        found.append((f"punctuation-spacing: {case['name']}", case["input"]))
    return found


@pytest.mark.parametrize("name, text", _documents(), ids=[name for name, _ in _documents()])
def test_fixtures_seeds_and_cases_equal_the_reference(core: object, name: str, text: str) -> None:
    _check_sites(core, text)
    reference, compiled = _both(lambda: PunctuationSpacingPass().run(text))
    assert compiled == reference, name
