"""The unicode pass's repair of words ftfy leaves misdecoded (textfix.passes.mojibake)."""

from __future__ import annotations

import random

import pytest

from textfix.edits import apply_edits
from textfix.passes.unicode import UnicodePass

from invariants import INVARIANTS


def misread(word: str, codec: str) -> str:
    return word.encode("utf-8").decode(codec)


REPAIRED = [
    # (input, expected) -- MacRoman damage that ftfy alone leaves
    ("Chancellor Sch\u221a\u00a7uble spoke first.\n", "Chancellor Sch\u00e4uble spoke first.\n"),
    ("A concert of H\u221a\u00a7ndel in \u221a\u00d6lesund.\n", "A concert of H\u00e4ndel in \u00c5lesund.\n"),
    # the same misreading elsewhere in the document, in a name no lexicon knows
    ("Sch\u221a\u00a7uble met Mr Gr\u221a\u00a7blinger.\n", "Sch\u00e4uble met Mr Gr\u00e4blinger.\n"),
    # the document writes the word correctly elsewhere
    ("Dr Kr\u00f6gsetter arrived. Later Dr Kr\u221a\u2202gsetter left.\n", "Dr Kr\u00f6gsetter arrived. Later Dr Kr\u00f6gsetter left.\n"),
    # cp437, where ftfy leaves the word
    ("A visit to Z\u251c\u255drich in June.\n", "A visit to Z\u00fcrich in June.\n"),
    # next to a curly quote and punctuation
    ("\u201cSch\u221a\u00a7uble,\u201d she said.\n", "\u201cSch\u00e4uble,\u201d she said.\n"),
    # next to an ftfy repair on the same token (an entity): one edit of both
    ("Sch\u221a\u00a7uble&amp;Partner\n", "Sch\u00e4uble&Partner\n"),
    ("caf\u00c3\u00a9 au lait\nand Sch\u221a\u00a7uble\n", "caf\u00e9 au lait\nand Sch\u00e4uble\n"),
]

KEPT = [
    "Correct words stay: Sch\u00e4uble, D\u00fcsseldorf, Malm\u00f6, na\u00efve caf\u00e9, S\u00e3o Paulo.\n",
    "\u201cCurly quotes\u201d and \u2018single ones\u2019 \u2014 and dashes \u2013 stay.\n",
    "Math stays: \u221a2 is irrational, \u221a\u03c0 \u2248 1.77 and \u221a\u00a7 is nonsense.\n",
    "French quotes stay: \u00ab\u00c7a va\u00bb and \u201c\u00c9lan\u201d.\n",
    "A Finnish shout: \u00c4\u00c4NI and \u00c5\u00c4 stay.\n",
    # misread, but the repair is no word and has no other evidence
    "The code Zq\u221a\u00a7xv stays.\n",
    "Mr Gr\u221a\u00a7blinger alone, with no evidence, stays.\n",
    "Box drawing \u251c\u2500\u2500 tree \u2514\u2500\u2500 leaf stays.\n",
]


@pytest.mark.parametrize("text, expected", REPAIRED)
def test_misread_words_are_repaired(text: str, expected: str) -> None:
    step = UnicodePass()
    result = step.run(text)
    assert result.text == expected
    assert apply_edits(text, result.edits) == result.text
    assert any(edit.rule == "mojibake-words" and "UTF-8 read as" in edit.reason for edit in result.edits)
    assert step.run(result.text).text == result.text
    assert step.run(text, record=False).text == expected


@pytest.mark.parametrize("text", KEPT)
def test_correct_text_stays(text: str) -> None:
    assert UnicodePass().run(text).text == text


def test_reason_names_codec_and_evidence() -> None:
    edits = UnicodePass().run("Sch\u221a\u00a7uble\n").edits
    assert [edit.reason for edit in edits] == ["UTF-8 read as MacRoman: 'Sch\u221a\u00a7uble' -> 'Sch\u00e4uble', a known word (wordfreq en)"]


def test_rule_can_be_switched_off() -> None:
    text = "Chancellor Sch\u221a\u00a7uble spoke.\n"
    assert UnicodePass(disabled=UnicodePass.default_off | {"mojibake-words"}).run(text).text == text


@pytest.mark.parametrize("codec", ["mac_roman", "cp1252", "latin-1", "cp437"])
def test_each_codec(codec: str) -> None:
    text = "They met in " + misread("D\u00fcsseldorf", codec) + " on Monday.\n"
    assert UnicodePass().run(text).text == "They met in D\u00fcsseldorf on Monday.\n"


def test_edits_replay_on_random_mixtures() -> None:
    pieces = ["Sch\u221a\u00a7uble", "D\u251c\u255dsseldorf", "caf\u00c3\u00a9", "&amp;", "\u201cq\u201d", "\u221a2", "plain", "na\u00efve", "\u00c4\u00c4", " ", " ", "\n", ",", "don\u00c3\u00a2\u00e2\u201a\u00ac\u00e2\u201e\u00a2t"]
    rng = random.Random(5)
    step = UnicodePass()
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randrange(1, 12)))
        result = step.run(text)
        starts = [(e.start, e.end) for e in result.edits]
        assert all(a[1] <= b[0] for a, b in zip(starts, starts[1:])), text
        assert apply_edits(text, result.edits) == result.text, text
        assert INVARIANTS["unicode"](text, result.text)
        assert step.run(result.text).text == result.text, text


def test_the_pass_gate_lets_through_every_misread_pair() -> None:
    """The unicode pass looks for misread words only where its ftfy gate matched: every
    pair this rule can repair must match that gate."""
    from textfix.passes.mojibake import CODECS, _chars
    from textfix.passes.unicode import text_gate

    for codec, _ in CODECS:
        for lead in _chars(codec, 0xC3, 0xC8):
            for follow in _chars(codec, 0x80, 0xBF):
                assert text_gate().search("x" + lead + follow + "y"), (codec, lead, follow)
