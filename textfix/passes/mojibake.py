"""Words that ftfy leaves misdecoded: UTF-8 read as MacRoman, Windows-1252, Latin-1 or cp437.

ftfy judges a stretch of text by how plausible its characters look; some misread pairs
look plausible to it ("Sch√§uble", "D√ºsseldorf" in MacRoman, "D├╝sseldorf" in cp437) and
stay. This step, run by the unicode pass on ftfy's output, judges words instead.

Model. A candidate is a run of letters and misread sequences (the characters a codec gives
for a UTF-8 lead byte 0xC3-0xC8, which start every Latin letter from U+00C0 to U+023F,
followed by one for a continuation byte 0x80-0xBF) holding at least one such sequence.
Its repair is ``candidate.encode(codec).decode("utf-8")``. The repair is made when

1. it is valid UTF-8 of three letters or more, each non-ASCII one a letter of Europe's
   Latin alphabets (_LETTERS), and the candidate is not itself a word of the lexicon; and
2. there is evidence for the repaired word: the lexicon knows it (wordfreq, Zipf frequency
   >= MIN_ZIPF in one of LANGUAGES), or the document writes it elsewhere, or every misread
   sequence in it was repaired, in the same codec, in a word with evidence of the first
   two kinds (the same misreading elsewhere in the document).

Correct text does not form candidates: an accented word is not a misread sequence, and a
curly quote or a dash is one only before a continuation character, which it then has to
decode with into a Latin letter of a word the lexicon knows. Only documents where a
character pair of gate() shows (a lead character of one codec before a continuation
character of one) are looked at; the unicode pass calls this only where its own gate for
ftfy matched, whose pairs include these (tests/test_mojibake.py holds it), so clean text
costs nothing more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

from .. import engine
from ..edits import Edit, apply_edits

#: (Python codec, name in reasons), in the order they are tried.
CODECS = (("mac_roman", "MacRoman"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1"), ("cp437", "cp437"))
#: wordfreq languages whose word lists count as the lexicon (Latin script, tried in order).
LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "sv", "da", "nb", "fi", "pl", "cs", "tr", "hu", "ro", "ca")
#: A word the lexicon knows: Zipf frequency at least this (1.0: once in a billion words).
MIN_ZIPF = 1.0
#: wordfreq's list for each language: English's large list (split-words loads it anyway);
#: the small lists elsewhere (all 17 large lists take about 590 MB of memory, the small
#: ones about 100 MB).
WORDLISTS = {"en": "best"}
#: Shortest repaired word accepted.
MIN_LETTERS = 3


def _chars(codec: str, low: int, high: int) -> str:
    found = []
    for byte in range(low, high + 1):
        try:
            found.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            continue
    return "".join(found)


def _class(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


@dataclass(frozen=True)
class _Codec:
    name: str
    label: str
    sequence: re.Pattern[str]  # one misread Latin letter
    word: re.Pattern[str]  # a candidate: letters and misread letters, at least one misread


def _codec(name: str, label: str) -> _Codec:
    sequence = _class(_chars(name, 0xC3, 0xC8)) + _class(_chars(name, 0x80, 0xBF))
    letter = r"[^\W\d_]"
    word = re.compile(f"(?:{sequence}|{letter})*{sequence}(?:{sequence}|{letter})*")
    return _Codec(name, label, re.compile(sequence), word)


@lru_cache(maxsize=1)
def _codecs() -> tuple[_Codec, ...]:
    return tuple(_codec(name, label) for name, label in CODECS)


@lru_cache(maxsize=1)
def _gate_chars() -> tuple[str, str]:
    """The lead characters of the codecs (bytes 0xC3-0xC8) and the continuation ones."""
    leads = "".join(_chars(name, 0xC3, 0xC8) for name, _ in CODECS)
    follows = "".join(_chars(name, 0x80, 0xBF) for name, _ in CODECS)
    return leads, follows


@lru_cache(maxsize=1)
def gate() -> re.Pattern[str]:
    """A lead character of any of the codecs followed by a continuation character of any."""
    leads, follows = _gate_chars()
    return re.compile(_class(leads) + _class(follows))


# The compiled core the gate's characters were loaded into (see _gate_matches).
_gate_loaded_in: object = None


def _gate_matches(text: str) -> bool:
    """Whether gate() matches in the text: one scan of the compiled core where it decides
    (core/src/unigate.rs), else the reference's search."""
    global _gate_loaded_in
    core = engine.core
    if core is not None:
        if core is not _gate_loaded_in:
            core.load_mojibake_gate(*_gate_chars())
            _gate_loaded_in = core
        found = core.mojibake_gate(text)
        if found is not None:
            return found
    return gate().search(text) is not None


@lru_cache(maxsize=65536)
def lexicon_language(word: str) -> str | None:
    """The first language of LANGUAGES whose word list knows the word, or None."""
    from wordfreq import zipf_frequency

    for language in LANGUAGES:
        if zipf_frequency(word, language, wordlist=WORDLISTS.get(language, "small")) >= MIN_ZIPF:
            return language
    return None


#: Letters a repaired word may hold besides ASCII: Latin-1 Supplement, Latin Extended-A, and
#: the Romanian comma-below letters; the rest of Latin Extended-B (clicks, African and
#: phonetic letters) is what a misread guillemet makes ("«Ü" in MacRoman), not a word.
_LETTERS = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f\u0218-\u021b]+")


def _latin_word(word: str) -> bool:
    return len(word) >= MIN_LETTERS and _LETTERS.fullmatch(word) is not None


@dataclass(frozen=True)
class Repair:
    start: int
    end: int
    replacement: str
    reason: str


def _candidates(text: str) -> list[tuple[int, int, _Codec, str]]:
    """(start, end, codec, repaired word) for every candidate around a gate match."""
    found: list[tuple[int, int, _Codec, str]] = []
    taken_until = -1
    for match in gate().finditer(text):
        if match.start() < taken_until:
            continue
        left = max(text.rfind(c, 0, match.start()) for c in " \n\t") + 1
        right = min((i for i in (text.find(c, match.end()) for c in " \n\t") if i != -1), default=len(text))
        token = text[left:right]
        spans: list[tuple[int, int]] = []
        for codec in _codecs():
            for word in codec.word.finditer(token):
                start, end = left + word.start(), left + word.end()
                if any(start < e and s < end for s, e in spans):
                    continue
                try:
                    repaired = word.group().encode(codec.name).decode("utf-8")
                except UnicodeError:
                    continue
                if repaired != word.group() and _latin_word(repaired):
                    found.append((start, end, codec, repaired))
                    spans.append((start, end))
        taken_until = right
    return found


def find_repairs(text: str) -> list[Repair]:
    """The misdecoded words of a document that have evidence (see the module docstring)."""
    if not _gate_matches(text):
        return []
    candidates = _candidates(text)
    if not candidates:
        return []
    repairs: list[Repair] = []
    confirmed: dict[str, dict[str, str]] = {}  # codec -> misread sequence -> word it was seen in
    waiting = []
    for start, end, codec, repaired in candidates:
        written = text[start:end]
        if written.isalpha() and lexicon_language(written):
            continue  # the word as written is a word
        language = lexicon_language(repaired)
        if language:
            evidence = f"a known word (wordfreq {language})"
        elif len(repaired) >= 4 and re.search(rf"(?<!\w){re.escape(repaired)}(?!\w)", text):
            evidence = "as the document writes it elsewhere"
        else:
            waiting.append((start, end, codec, repaired))
            continue
        for sequence in codec.sequence.findall(written):
            confirmed.setdefault(codec.name, {}).setdefault(sequence, written)
        repairs.append(Repair(start, end, repaired, f"UTF-8 read as {codec.label}: {written!r} -> {repaired!r}, {evidence}"))
    for start, end, codec, repaired in waiting:
        written = text[start:end]
        seen = confirmed.get(codec.name, {})
        sequences = codec.sequence.findall(written)
        if sequences and all(s in seen for s in sequences):
            where = ", ".join(f"{s!r} in {seen[s]!r}" for s in dict.fromkeys(sequences))
            repairs.append(Repair(start, end, repaired, f"UTF-8 read as {codec.label}: {written!r} -> {repaired!r}, the same misreading as {where}"))
    repairs.sort(key=lambda r: r.start)
    return repairs


MakeEdit = Callable[[str, str, int, int, str, str], Edit]


def follow_ftfy(text: str, edits: Sequence[Edit], make: MakeEdit) -> list[Edit]:
    """The unicode pass's edits with the word repairs of its output added: each repair
    becomes an edit of the text the pass received, merged with the ftfy edits it touches."""
    if any(a.end > b.start for a, b in zip(edits, edits[1:])):
        return list(edits)  # ftfy's edits overlap (a bug of the loop that makes them): add nothing
    fixed = apply_edits(text, edits)
    repairs = find_repairs(fixed)
    if not repairs:
        return list(edits)
    # where each ftfy edit landed in the output; items that overlap or touch form a group
    items: list[tuple[int, int, Edit | Repair]] = []
    shift = 0
    for edit in edits:
        start = edit.start + shift
        items.append((start, start + len(edit.replacement), edit))
        shift += len(edit.replacement) - (edit.end - edit.start)
    items += [(repair.start, repair.end, repair) for repair in repairs]
    items.sort(key=lambda item: (item[0], isinstance(item[2], Repair)))
    groups: list[list[tuple[int, int, Edit | Repair]]] = []
    for item in items:
        if groups and item[0] <= max(e for _, e, _ in groups[-1]):
            groups[-1].append(item)
        else:
            groups.append([item])
    result: list[Edit] = []
    shift = 0  # of the ftfy edits before the current group
    for group in groups:
        ftfy_edits = [x for _, _, x in group if isinstance(x, Edit)]
        fixes = [x for _, _, x in group if isinstance(x, Repair)]
        if not fixes:
            result.extend(ftfy_edits)
        else:
            out_start, out_end = group[0][0], max(e for _, e, _ in group)
            first = next((x for s, _, x in group if s == out_start and isinstance(x, Edit)), None)
            last = next((x for _, e, x in reversed(group) if e == out_end and isinstance(x, Edit)), None)
            inner = sum(len(x.replacement) - (x.end - x.start) for x in ftfy_edits)
            start = first.start if first else out_start - shift
            end = last.end if last else out_end - shift - inner
            replacement = apply_edits(fixed[out_start:out_end], [Edit("", "", r.start - out_start, r.end - out_start, "", r.replacement, "") for r in fixes])
            reason = "; ".join([x.reason for x in ftfy_edits] + [r.reason for r in fixes])
            result.append(make("mojibake-words", text, start, end, replacement, reason))
        shift += sum(len(x.replacement) - (x.end - x.start) for x in ftfy_edits)
    return result
