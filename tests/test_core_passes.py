"""Whole passes in one call of the compiled core against the Python reference: the whitespace
pass (whitespace_fix), duplicate-lines' decisions (duplicate_removals) and the unicode pass's
gate (unicode_gate), with and without edit records, on random text, the fixtures, the seeds
and the passes' test cases."""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix import engine
from textfix.passes.duplicates import DuplicateLinesOptions, DuplicateLinesPass
from textfix.passes.unicode import UnicodeOptions, UnicodePass
from textfix.passes.whitespace import WhitespaceOptions, WhitespacePass

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

#: Pieces where the engines could part: every whitespace the pass knows and others Python
#: calls space, letters whose lower case or class differs between Python and Rust, the final
#: sigma, characters above U+FFFF, a lone surrogate, combining marks, mojibake, entities.
ODD = [
    " ", "  ", "\t", "\n", "\n\n", "\n\n\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\u00a0", "\u1680", "\u2000",
    "\u2005", "\u200a", "\u200b", "\u2060", "\ufeff", "\u202f", "\u205f", "\u3000", "\u2028", "\u00e9", "\u0130",
    "\u0131", "\u017f", "\u212a", "\u00df", "\u03a3", "\u0301", "\u0307", "\u00b2", "\u0663", "\u4e2d", "\U0001d400",
    "\U0001f600", "\udc80", "\u2019", "\u201c", "\u2026", "\u00c3\u00a9", "\u00e2\u20ac\u2122", "\u00c3 ", "&amp;",
    "&#8217;", "&nbsp", "\x00", "\x7f", "\x9d", "\ufb01", "\u0394", "\u00c5", "e\u0301", "\u212b", "\u1100\u1161",
    "\uac00\u11a8", "\u0b47\u0b3e", "\u0f73",
]
WORDS = ["The", "plane", "was", "destroyed", "Yes.", "Share this", "caf\u00e9", "Stra\u00dfe", "ΟΔΟΣ", "a", "1,000", "(c)"]
PIECES = list("abcXYZ019.,:;!?'\"()-") + ODD + WORDS


def _line() -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


LINES = st.one_of(_line(), st.text(max_size=30), st.sampled_from(WORDS))
DOCUMENTS = st.lists(
    st.one_of(LINES, LINES, st.just(""), st.just("  "), LINES.map(lambda line: (line + " ") * 8 + "the end of a paragraph here.")),
    max_size=24,
).flatmap(lambda lines: st.permutations(lines + lines[: len(lines) // 3])).map("\n".join)
TEXTS = st.one_of(DOCUMENTS, st.text(alphabet="".join(set("".join(ODD))) + "ab.", max_size=60), st.text(max_size=60))


def _both(function):  # type: ignore[no-untyped-def]
    with engine.use("python"):
        reference = function()
    with engine.use("compiled"):
        compiled = function()
    return reference, compiled


def _documents() -> list[tuple[str, str]]:
    paths = sorted((ROOT / "fixtures").rglob("*.txt")) + sorted(Path("/work/shared/seeds").glob("*.txt"))
    found = [(path.name, path.read_text("utf-8")) for path in paths if path.exists()]
    for path in sorted((ROOT / "tests" / "cases").glob("*.toml")):
        for case in tomllib.loads(path.read_text("utf-8"))["case"]:
            found.append((f"{path.stem}: {case['name']}", case["input"]))
    return found


WHITESPACE = [
    WhitespacePass(),
    WhitespacePass(WhitespaceOptions(max_blank_lines=0, keep_indentation=False, final_newline=False)),
    WhitespacePass(WhitespaceOptions(max_blank_lines=2), disabled=frozenset({"trailing-space", "odd-space"})),
    WhitespacePass(disabled=frozenset({"zero-width", "blank-lines", "final-newline", "leading-blank-lines"})),
]
DUPLICATES = [
    DuplicateLinesPass(),
    DuplicateLinesPass(DuplicateLinesOptions(min_length=5, min_length_later=10), disabled=frozenset()),
    DuplicateLinesPass(DuplicateLinesOptions(min_length=1, min_length_later=1, max_removed_share=1.0), disabled=frozenset({"repeated-line"})),
    DuplicateLinesPass(disabled=frozenset({"repeated-headline", "repeated-paragraph"})),
]
UNICODE = [
    UnicodePass(),
    UnicodePass(UnicodeOptions(normalization="NFKC")),
    UnicodePass(UnicodeOptions(normalization="none")),
    UnicodePass(disabled=frozenset({"html-entity", "control-chars"})),
    UnicodePass(disabled=frozenset()),
]


def _same(text: str) -> None:
    for step in WHITESPACE:
        for head, tail in ((True, True), (False, True), (True, False), (False, False)):
            for record in (True, False):
                reference, compiled = _both(lambda: step.run(text, record=record, head=head, tail=tail))
                assert compiled == reference
    for step in DUPLICATES:
        for record in (True, False):
            reference, compiled = _both(lambda: step.run(text, record=record))
            assert compiled == reference
    for step in UNICODE:
        step._fix_cached.cache_clear()
        reference, compiled = _both(lambda: step.run(text))
        assert compiled == reference
        reference, compiled = _both(lambda: [e for e in step._edits(text)])
        assert compiled == reference


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=400, deadline=None)
@given(TEXTS)
def test_the_passes_equal_the_reference_on_random_text(compiled_core: object, text: str) -> None:
    _same(text)


@pytest.mark.parametrize("name, text", _documents(), ids=[name for name, _ in _documents()])
def test_the_passes_equal_the_reference_on_documents(compiled_core: object, name: str, text: str) -> None:
    _same(text)


def _reference_first(text: str, nfc: bool) -> int | None:
    """Where the reference's gate first matches (-1: nowhere), None where it sends every
    non-ASCII line to ftfy (a text not in NFC)."""
    import unicodedata

    from textfix.passes.unicode import _ASCII_GATE, text_gate

    if text.isascii():
        found = _ASCII_GATE.search(text)
    elif nfc and not unicodedata.is_normalized("NFC", text):
        return None
    else:
        found = text_gate().search(text)
    return -1 if found is None else found.start()


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=1000, deadline=None)
@given(TEXTS, st.booleans())
def test_the_unicode_gate_equals_the_reference(compiled_core: object, text: str, nfc: bool) -> None:
    with engine.use("compiled"):
        UnicodePass()._gate_and_first("")  # loads the gate's sets into the core
    found = compiled_core.unicode_gate(text, nfc)
    expected = _reference_first(text, nfc)
    if found is None:  # not decided there: a lone surrogate, or a character NFC may change
        assert "\udc80" in text or (nfc and any(map(_nfc_may_change, text)))
    else:
        assert found == expected


@lru_cache(maxsize=1)
def _seconds() -> frozenset[str]:
    """The second characters of the canonical two-character decompositions (in the BMP)."""
    import unicodedata

    found = set()
    for code in range(0x10000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    return frozenset(found)


def _nfc_may_change(c: str) -> bool:
    """A combining mark, a character NFC replaces, or one it may compose with the one before."""
    import unicodedata

    return bool(unicodedata.combining(c)) or not unicodedata.is_normalized("NFC", c) or c in _seconds() or "\u1161" <= c <= "\u11c2" or c > "\uffff"


SHORT = st.sampled_from(["ab", "AB", "a b", "ab.", "Ab c", "x", "1 2", "caf\u00e9", "CAF\u00c9", "\u0130i", "\u03a3a", "  ", "", "\U0001f600", "a\u00a0b"])
REPEATS = st.lists(st.lists(SHORT, min_size=1, max_size=4).map(" ".join), max_size=12).flatmap(
    lambda lines: st.lists(st.sampled_from(lines or [""]), max_size=16)
).map("\n".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=500, deadline=None)
@given(REPEATS, st.integers(1, 12), st.integers(1, 12), st.booleans())
def test_duplicate_lines_at_every_length_equal_the_reference(compiled_core: object, text: str, length: int, later: int, with_later: bool) -> None:
    options = DuplicateLinesOptions(min_length=length, min_length_later=later, max_removed_share=1.0)
    step = DuplicateLinesPass(options, disabled=frozenset() if with_later else None)
    reference, compiled = _both(lambda: step.run(text))
    assert compiled == reference


MOJIBAKE = st.lists(st.sampled_from(["\u00c3", "\u00a9", "\u221a", "\u00a7", "\u251c", "\u2564", "\u00e2\u20ac\u2122", "\u2019", "e", " ", "\n", "\u00c3\u00a9", "\u00ab", "\u00dc", "\udc80"]), max_size=30).map("".join)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=500, deadline=None)
@given(st.one_of(MOJIBAKE, TEXTS))
def test_the_mojibake_gate_equals_the_reference(compiled_core: object, text: str) -> None:
    from textfix.passes import mojibake

    with engine.use("compiled"):
        compiled = mojibake._gate_matches(text)
    assert compiled == (mojibake.gate().search(text) is not None)
    if "\udc80" not in text:
        assert compiled_core.mojibake_gate(text) == compiled
