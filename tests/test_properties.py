"""Properties on generated input: invariants, idempotence, replay, fast paths = slow paths."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from textfix import Pipeline
from textfix.edits import replay
from textfix.passes.whitespace import WhitespacePass

from invariants import INVARIANTS

# Text made of the characters the passes care about, so that edge cases come up often.
SPACY = st.text(alphabet="ab. ,\t\n\u00a0\u200b\u2009-'\"()", max_size=60)
PIECES = list("abcdefghijklmnopqrstuvwxyzTUS") + [" ", " ", ".", ",", "\n", "\"", "'", "-", "(", ")", ":", "\u00e9", "\u00c3\u00a9", "&amp;", "n't", " 's", "U.S.", "http://x.com/a"]
PROSE = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


class WholeTextWhitespace(WhitespacePass):
    """The reference: scan the whole text instead of the windows the fast path picks."""

    def _windows(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        return [(lo, hi)] if hi > lo else []


@settings(max_examples=400, deadline=None)
@given(SPACY)
def test_whitespace_windows_equal_whole_scan(text: str) -> None:
    assert WhitespacePass().run(text) == WholeTextWhitespace().run(text)


@settings(max_examples=300, deadline=None)
@given(st.one_of(SPACY, PROSE, st.text(max_size=60)))
def test_pipeline_properties(text: str) -> None:
    pipeline = Pipeline()
    result = pipeline.run(text)
    assert replay(text, result.edits) == result.text
    assert pipeline.clean(text) == result.text
    assert pipeline.run(result.text).edits == ()
    current = text
    for step in pipeline.passes:
        after = step.run(current).text
        assert INVARIANTS[step.id](current, after), step.id
        current = after


MOJIBAKE_PIECES = [
    "caf\u00c3\u00a9", "don\u00e2\u20ac\u2122t", "\u00e2\u20ac\u0153q\u00e2\u20ac\u009d", "\u00c3\u00a0 la", "\u00d0\u00bf\u00d1\u0080\u00d0\u00b8",
    "\u0420\u00bf\u0421\u0402\u0420\u0451", "\u221a\u00a9", "\u251c\u00ae", "\u2019", "\u201cok\u201d", "\u2013", "\u2022", "\u00a0", "\u65e5\u672c",
    "&amp;", "&lt;", "\x07", "\ufb01", "e\u0301", " ", "\n", "word", ".",
    # Cyrillic and Greek: mojibake through Windows-1251/1253, and real Russian, Ukrainian, Greek
    "\u041f\u0440\u0438\u0432\u0435\u0442 \u00ab\u041c\u043e\u0441\u043a\u0432\u0430\u00bb \u2014".encode("utf-8").decode("cp1251", "replace"),
    "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1".encode("utf-8").decode("cp1253", "replace"),
    "\u041f\u0440\u0438\u0432\u0435\u0442", "\u00ab\u041c\u043e\u0441\u043a\u0432\u0430\u00bb", "\u0435\u0449\u0451",
    "\u0407\u0457\u0436\u0430\u043a", "\u039a\u03b1\u03bb\u03b7\u03bc\u03ad\u03c1\u03b1", "\u0391\u0398\u0397\u039d\u0391",
    # European prose, and the other codecs ftfy tries (MacRoman, cp437, Windows-1250/1254/1257)
    "Stra\u00dfe f\u00fcr M\u00e4dchen", "na\u00efve caf\u00e9 d\u00e9j\u00e0", "n\u00e3o \u00e9", "\u00bfqu\u00e9?", "se\u00f1or",
    "caf\u00e9".encode("utf-8").decode("mac_roman"), "na\u00efve".encode("utf-8").decode("cp437"),
    "\u0142\u00f3d\u017a".encode("utf-8").decode("cp1250", "replace"), "\u011fi\u015f".encode("utf-8").decode("cp1254", "replace"),
    "\u0101\u010d\u016b".encode("utf-8").decode("cp1257", "replace"), "don\u2019t".encode("utf-8").decode("cp1252").encode("utf-8").decode("cp1252"),
    "voil\u00c3 le", "\u00c3?", "\u00e2\u20ac?", "\u00c3\ufffd", "\u00c2 ", "\u2212", "\u221a", "\u2500\u2500", "\u00ab", "\u00bb ",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(MOJIBAKE_PIECES), max_size=12).map("".join))
def test_unicode_gate_finds_every_line_ftfy_would_change(text: str) -> None:
    import ftfy

    from textfix.passes.unicode import UnicodePass

    step = UnicodePass(disabled=UnicodePass.default_off | {"mojibake-words"})  # ftfy's part alone
    ungated = "\n".join(ftfy.fix_text(line, config=step._config._replace(explain=False)) for line in text.split("\n"))
    assert step.run(text).text == ungated


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aB ,.-!\u00e9_", max_size=120))
def test_duplicate_start_key_is_a_prefix_of_the_compared_form(line: str) -> None:
    from textfix.passes.duplicates import _start_key, compact

    assert _start_key(line) == compact(line)[:30]


LINES = st.lists(st.sampled_from(["Ab c.", "ab, C", "x_y", "\u2019", "caf\u00e9", "Caf\u00c9", " ", "\n", "\n\n", "1-2", "\u00a0", "-"]), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(LINES, st.text(alphabet="aB1_ .,'\n-", max_size=80), st.text(max_size=80)))
def test_duplicate_fast_paths_equal_regex_forms(text: str) -> None:
    """The duplicate-lines pass compares lines by compact(); its ASCII byte fast paths (the
    whole-text gate, _start_key, compact on ASCII lines) must give the regex forms."""
    from textfix.passes import duplicates

    def slow(line: str) -> str:
        return duplicates._NOT_WORD.sub("", line.lower())

    for line in text.split("\n"):
        assert duplicates.compact(line) == slow(line)
        head = slow(line[:60])
        assert duplicates._start_key(line) == (head[:30] if len(head) > 30 else slow(line)[:30])

    forms = [slow(line) for line in text.split("\n") if slow(line)]
    if len(set(forms)) != len(forms):
        assert duplicates._may_repeat(text)  # the gate never hides a repeated line


_ANCHOR_CHARS = ",.;:!?)]'’\"“”([-"
_TAILS = ["Ab", "ab ", "abc)", "AB)", "ABC", "2020 ", "1", "a b", "Ab cd)", "ab cd)", "12 May)", "x", " ", ""]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ANCHOR_CHARS), st.one_of(st.sampled_from(_TAILS), st.text(alphabet="aAbZ19 ()\"'.,", max_size=12)))
def test_punctuation_dispatch_table_holds_every_rule_that_can_match(char: str, tail: str) -> None:
    """An anchor tries only the glued rules its character can start (_GLUED_AT): every rule
    whose pattern matches at an anchor character is in that character's list."""
    from textfix.passes import punctuation as P

    for group in P._GLUED:
        if P._AFTER[group].match(char + tail):
            assert group in P._GLUED_AT.get(char, ()), (group, char + tail)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="abYZinthe.,'\"()-\u00e9_19", min_size=1, max_size=14).map(lambda t: "".join(t.split())).filter(bool))
def test_plain_token_filter_loses_no_junction(token: str) -> None:
    """split-words plans only tokens its cheap filter (_CANDIDATE) lets through: any token
    with a junction the model could split must pass that filter."""
    from textfix.passes import split_words as S

    step = S.SplitWordsPass(S.SplitWordsOptions(preset="dense"))
    if step._plan_uncached(token, None, None, True):
        assert S._CANDIDATE.search(token), token


def test_best_split_score_is_the_models_score_of_its_parts() -> None:
    """The Viterbi search sums the model's backoff score: the score it returns for its
    best split is Model.log_score summed over the parts, to the last bit."""
    from textfix.glue_model import Model, best_split

    model = Model.get()
    found = 0
    for run in ("inprotecting", "afterregime", "theyoccur", "fivechildren", "hendersonwas", "vitalinprotectingboth", "ofthe"):
        best = best_split(run)
        if best is None:
            continue
        found += 1
        score, parts = best
        assert "".join(parts) == run and len(parts) >= 2
        expected = 0.0
        for previous, part in zip(("",) + parts, parts):
            expected += model.log_score(part, previous or None)
        assert score == expected, (run, parts)
    assert found >= 5


def _one_edit_by_loop(word: str) -> set[str]:
    """The one-edit candidates spelled out position by position (the reference)."""
    found = set()
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b:
            found.add(a + b[1:])
        if len(b) > 1:
            found.add(a + b[1] + b[0] + b[2:])
        for c in "abcdefghijklmnopqrstuvwxyz":
            if b and c != b[0]:
                found.add(a + c + b[1:])
            found.add(a + c + b)
    found.discard(word)
    return found


@given(st.text(alphabet="abcdeilnorst", min_size=5, max_size=12))
@settings(max_examples=300, deadline=None)
def test_near_miss_matches_a_lookup_of_every_one_edit_candidate(word: str) -> None:
    """The typo term's set intersection gives what a lookup of each candidate gives."""
    from textfix.glue_model import TYPO_FLOOR, _near_miss, lexicon, one_edit

    assert one_edit(word) == _one_edit_by_loop(word)
    best = max((lexicon().get(candidate, 0.0) for candidate in _one_edit_by_loop(word)), default=0.0)
    assert _near_miss(word) == (best if best >= TYPO_FLOOR else 0.0)


def test_split_words_output_does_not_depend_on_earlier_documents(monkeypatch) -> None:
    """split-words' per-process token caches are emptied when full: a document that holds a
    token known from an earlier document, and a new one that fills the cache, must still
    have both decided (the output is a function of the text alone, issue 17)."""
    from textfix.passes import split_words as S

    monkeypatch.setattr(S, "_MAX_CACHED", 1)
    step = S.SplitWordsPass()
    first = "We stood at the cornerofthe road."
    second = "We stood at the cornerofthe road. The hall was built in1990 by them."
    fresh = S.SplitWordsPass().run(second).text
    assert "corner of the" in fresh and "in 1990" in fresh
    step.run(first)
    assert step.run(second).text == fresh


_LINE_PIECES = st.sampled_from(["", " ", "A line.", "Said so. Click To Tweet", "Fine! tweet this ", "x", "Share this", "\t"])


def _deletion_spans_reference(text, lines, doomed):
    """deletion_spans as first written (quadratic): the previous non-blank line searched
    back from each trailing deleted line."""
    spans = {}
    last_kept = max((l.index for l in lines if not l.blank and l.index not in doomed), default=-1)
    for index in sorted(doomed):
        line = lines[index]
        if index > last_kept:
            prev = next((l for l in reversed(lines[:index]) if not l.blank), None)
            start = prev.end if prev is not None else 0
            end = line.end if prev is not None else min(line.end + 1, len(text))
            spans[index] = (start, end)
            continue
        prev_blank = index == 0 or lines[index - 1].blank or (index - 1) in doomed
        end = min(line.end + 1, len(text))
        if prev_blank:
            following = index + 1
            while following < len(lines) and lines[following].blank:
                following += 1
            if following < len(lines):
                end = lines[following].start
        spans[index] = (line.start, end)
    return spans


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=30), st.booleans(), st.randoms(use_true_random=False))
def test_deletion_spans_equal_the_quadratic_reference(pieces, final_newline, rnd) -> None:
    """deletion_spans (one scan for the previous non-blank line) gives the spans the first,
    quadratic version gave, on any lines and any set of deleted lines (issue 17)."""
    from textfix.passes.lines import deletion_spans, split_lines

    text = "\n".join(pieces) + ("\n" if final_newline and pieces else "")
    lines = split_lines(text)
    doomed = {line.index for line in lines if rnd.random() < 0.5}
    assert deletion_spans(text, lines, doomed) == _deletion_spans_reference(text, lines, doomed)


@settings(max_examples=300, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=30), st.randoms(use_true_random=False))
def test_trailing_phrases_equal_a_count_from_the_start(pieces, rnd) -> None:
    """boilerplate's trailing phrases, their line numbers counted on from match to match,
    skip exactly the matches whose line (counted from the start of the text) is removed."""
    from textfix.passes.boilerplate import BoilerplatePass

    step = BoilerplatePass()
    text = "\n".join(pieces)
    removed = {i for i in range(len(pieces)) if rnd.random() < 0.3}
    expected = [m.span(1) for m in step._trailing.finditer(text) if text.count("\n", 0, m.start(1)) not in removed]
    assert [(e.start, e.end) for e in step._trailing_phrases(text, removed)] == expected
