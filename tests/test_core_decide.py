"""Split-words' per-occurrence decision made cheaper, held to what it was:

- _plain_glue (the document's glue count) against findall of _PLAIN_GLUE;
- _Document.evidence's early rejection (a total that cannot reach the threshold) against
  the whole computation: it rejects only what the whole computation rejects, and otherwise
  gives the same evidence to the last bit;
- the pass's output with the early rejection against the pass without it, on every fixture
  document and test case;
- _token_before against the regex search it replaces, the colon before a handle label;
- language._lowered_words against the lowered words of _WORD.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textfix import glue_model as G
from textfix.passes import split_words as S

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def documents() -> list[str]:
    found = [path.read_text("utf-8") for path in sorted((ROOT / "fixtures").rglob("*.txt"))]
    for path in sorted((ROOT / "tests" / "cases").glob("*.toml")):
        found += [case["input"] for case in tomllib.loads(path.read_text("utf-8"))["case"]]
    return found


# -- the document's glue count ---------------------------------------------------------------


@SETTINGS
@given(st.text(alphabet="ab.!?AZ \n9\u00e9", max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_plain_glue_counts_as_findall(text: str, lo: int, hi: int) -> None:
    assert S._plain_glue(text, lo, hi) == len(S._PLAIN_GLUE.findall(text, lo, hi))


def test_plain_glue_on_documents() -> None:
    for text in documents():
        for lo in (0, 1, 1000):
            assert S._plain_glue(text, lo, len(text) + 5) == len(S._PLAIN_GLUE.findall(text, lo, len(text) + 5))


# -- the early rejection ---------------------------------------------------------------------

WORDS = ["news", "plus", "regime", "forces", "beready", "BeReady", "the", "said", "#beready", "x.org/beready", "newsplus"]
finite = st.floats(-12, 12, allow_nan=False)


@SETTINGS
@given(
    rule=st.sampled_from(["glued-words", "case-boundary", "digit-boundary"]),
    kind=st.sampled_from(["lower", "compound", "title", "case"]),
    terms=st.tuples(finite, finite, finite, finite),
    telling=st.lists(st.sampled_from(["news", "plus", "regime", "forces", "absent"]), max_size=3),
    whole=st.sampled_from(["", "newsplus", "beready", "regimeforces"]),
    repeats=st.integers(1, 2),
    words=st.lists(st.sampled_from(WORDS), max_size=40),
    glue=st.integers(0, 3),
    opens=st.booleans(),
    threshold=st.sampled_from([3.0, -1.0, 8.0]),
)
def test_early_rejection_is_the_whole_computation(rule: str, kind: str, terms: tuple[float, float, float, float], telling: list[str], whole: str, repeats: int, words: list[str], glue: int, opens: bool, threshold: float) -> None:
    text = " ".join(words[:20]) + " tokenhere " + " ".join(words[20:]) + " word.The end." * glue
    start = text.index("tokenhere")
    prior, lm, lexicon, structure = terms
    whole = whole or "newsplus" if rule != "digit-boundary" else ""  # as the plan makes them
    junction = S._Junction(3, rule, G.Evidence(kind, prior, lm=lm, lexicon=lexicon, structure=structure), "left", "right", tuple(telling), whole, repeats)
    document = S._Document(text, True)
    whole_computation = document.evidence(junction, start, start + 9, opens)
    early = S._Document(text, True).evidence(junction, start, start + 9, opens, threshold)
    assert whole_computation is not None
    if early is None:
        assert whole_computation.total < threshold
    else:
        assert early == whole_computation


def test_early_rejection_bounds_hold() -> None:
    # the bound takes the document term's negative parts as at most zero
    assert G.DOC_NAMED <= 0 and S.STRUCTURE["repeated"] <= 0 and G.RATE_MAX >= 0 and G.DOC_BONUS >= 0


def test_pass_output_with_and_without_early_rejection(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = documents()
    fast = S.SplitWordsPass()
    expected = [fast.run(text) for text in texts]
    whole = S._Document.evidence

    def without_rejection(self: S._Document, junction: S._Junction, start: int, end: int, opens: bool = False, threshold: float = -math.inf) -> G.Evidence | None:
        return whole(self, junction, start, end, opens)

    monkeypatch.setattr(S._Document, "evidence", without_rejection)
    slow = S.SplitWordsPass()
    assert [slow.run(text) for text in texts] == expected
    assert sum(len(fixed.edits) for fixed in expected) > 20


# -- the neighbour before a token, the handle label ---------------------------------------

# str.isspace() characters beyond ASCII, and look-alikes that are not whitespace
SPACES = [" ", "\n", "\t", "\r\n", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u2000", "\u2028", "\u3000", "  "]
NOT_SPACES = ["\u180e", "\u200b", "\ufeff", "\x00", "\u2060"]
pieces = st.lists(st.sampled_from(SPACES + NOT_SPACES + ["ab", "Word", ":", "by:", "user :", "x" * 50, "\u00e9t\u00e9"]), max_size=30)


def _groups(match: object) -> object:
    return None if match is None else match.groups()  # type: ignore[attr-defined]


@SETTINGS
@given(pieces, st.integers(0, 200))
def test_token_before_is_the_search(parts: list[str], cut: int) -> None:
    text = "".join(parts)
    offset = min(cut, len(text))
    assert _groups(S._token_before(text, offset)) == _groups(S._TOKEN_BEFORE.search(text, max(0, offset - 60), offset))


def test_token_before_on_documents() -> None:
    for text in documents():
        for offset in range(0, len(text), 7):
            assert _groups(S._token_before(text, offset)) == _groups(S._TOKEN_BEFORE.search(text, max(0, offset - 60), offset))


@SETTINGS
@given(pieces, st.integers(0, 200))
def test_handle_label_needs_a_colon(parts: list[str], cut: int) -> None:
    text = "".join(parts)
    offset = min(cut, len(text))
    if S._HANDLE_LABEL.search(text, max(0, offset - 30), offset):
        assert text.find(":", max(0, offset - 30), offset) != -1


# -- the words of an ASCII paragraph (language.is_english) ----------------------------------

from textfix import language as L  # noqa: E402


@SETTINGS
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=200))
def test_lowered_words_of_ascii_text(text: str) -> None:
    assert L._lowered_words(text) == list(map(str.lower, L._WORD.findall(text)))


def test_lowered_words_on_documents() -> None:
    for text in documents():
        ascii_text = text.encode("ascii", "replace").decode("ascii")
        assert L._lowered_words(ascii_text) == list(map(str.lower, L._WORD.findall(ascii_text)))
