"""The unicode pass: ftfy, called only on the lines that may need it."""

from __future__ import annotations

from dataclasses import dataclass

import bisect
import re
import unicodedata
from functools import lru_cache

import ftfy

from .. import engine
from ..edits import Edit, Fixed, apply_edits, compose
from .base import Pass
from .mojibake import follow_ftfy

# What ftfy can act on, in tiers of cost:
# - ASCII text needs ftfy only for an HTML entity or a control character;
# - other text, for those, or a pair of characters that misdecoded UTF-8 starts with in
#   one of the codecs ftfy tries (see _mojibake_pairs), a C1 control character; or
#   ligatures, surrogates,
#   or text that is not in the configured normal form (then every non-ASCII line).
# Curly quotes, dashes, bullets, CJK and most other scripts never send a line to ftfy.
_ENTITY_OR_CONTROL = r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"

@lru_cache(maxsize=1)
def _gate_chars() -> tuple[frozenset[str], ...]:
    """The character sets of the non-ASCII gate (see _text_gate): (leads, follows,
    before_space, before_space_then_follow, singles)."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
    from ftfy.chardata import CHARMAP_ENCODINGS

    # Dashes, curly quotes, bullets and the ellipsis start MacRoman mojibake, but ftfy acts
    # on them only in text it finds bad for other reasons (with a character below).
    punctuation = {chr(c) for c in range(0x2010, 0x2028)}

    def chars(data: bytes, extra: str = "", drop: frozenset[str] = frozenset()) -> set[str]:
        found = set(extra)
        for codec in CHARMAP_ENCODINGS:
            found |= set(data.decode(codec, "replace"))
        return (found - {"\ufffd"} - drop) | set(extra)

    drop = frozenset(punctuation)
    leads = chars(bytes(range(0xC2, 0xF5)), drop=drop)
    follows = chars(bytes(range(0x80, 0xC0)), "?\x1a\ufffd")
    # ftfy's restore_byte_a0: a no-break space that became a space, after these lead bytes
    before_space = chars(b"\xc2\xc3\xc5\xce\xd0\xd9\xf0", drop=drop)
    before_space_then_follow = chars(b"\xe2\xe3", drop=drop)
    singles = set(map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0), *range(0xFB00, 0xFB07)]))
    return tuple(map(frozenset, (leads, follows, before_space, before_space_then_follow, singles)))


def _text_gate() -> str:
    """Where ftfy may act in non-ASCII text: an entity, a control character (C0 or C1), a
    ligature, a surrogate, or what misdecoded UTF-8 looks like in one of the codecs ftfy
    tries: a character that a UTF-8 lead byte (0xC2-0xF4) decodes to, followed by one that
    a continuation byte (0x80-0xBF) decodes to, or by what ftfy also repairs there: a space
    where a no-break space was lost ("voilÃ le"), a "?", a substitute or a replacement
    character (lossy sequences). German, French, Greek and Russian prose (an accented or a
    Cyrillic letter followed by another letter) does not match, so it never goes to ftfy
    for nothing. The pattern starts with one character class (every possible first
    character), which the regex engine skips to in C."""

    def cls(found: set[str]) -> str:
        return "[" + re.escape("".join(sorted(found))) + "]"

    leads, follows, before_space, before_space_then_follow, singles = _gate_chars()
    singles_class = cls(singles)[:-1] + "\ud800-\udfff]"
    firsts = cls({"&"} | singles | leads | before_space | before_space_then_follow)[:-1] + "\ud800-\udfff]"
    return (
        f"{firsts}(?:(?<=&)(?:#[0-9]{{1,7}}|#[xX][0-9a-fA-F]{{1,6}}|[A-Za-z][A-Za-z0-9]{{1,31}});?"
        f"|(?<={singles_class})"
        f"|(?<={cls(leads)}){cls(follows)}"
        f"|(?<={cls(before_space)}) "
        f"|(?<={cls(before_space_then_follow)}) {cls(follows)})"
    )


_ASCII_GATE = re.compile(_ENTITY_OR_CONTROL)
# The compiled core the gate's character sets were loaded into (see _gate_and_first).
_gate_loaded_in: object = None
# Every byte but the control characters ftfy removes: deleting them from an ASCII text's
# bytes leaves nothing unless it has one (a C loop, several times faster than a regex).
_NOT_CONTROL = bytes(c for c in range(256) if not (c < 32 and c not in (9, 10, 13) or c == 127))

@lru_cache(maxsize=1)
def text_gate() -> re.Pattern[str]:
    """The non-ASCII gate, built on the first non-ASCII text (a few hundredths of a second)."""
    return re.compile(_text_gate())

_ANY_GATE = re.compile(_ENTITY_OR_CONTROL + r"|[^\x00-\x7f]")

# ftfy's explanation steps, mapped to textfix rule ids (most significant first).
_STEP_RULES: dict[str, str] = {
    "encode": "mojibake",
    "decode": "mojibake",
    "transcode": "mojibake",
    "decode_inconsistent_utf8": "mojibake",
    "restore_byte_a0": "mojibake",
    "replace_lossy_sequences": "mojibake",
    "fix_c1_controls": "mojibake",
    "unescape_html": "html-entity",
    "remove_terminal_escapes": "control-chars",
    "remove_control_chars": "control-chars",
    "fix_surrogates": "surrogates",
    "fix_latin_ligatures": "ligatures",
    "fix_character_width": "character-width",
    "uncurl_quotes": "curly-quotes",
    "fix_line_breaks": "line-breaks",
    "NFC": "normalization",
    "NFKC": "normalization",
}
_RULE_ORDER = [
    "mojibake", "html-entity", "control-chars", "surrogates", "ligatures",
    "character-width", "curly-quotes", "line-breaks", "normalization",
]


@dataclass(frozen=True)
class UnicodeOptions:
    """Options of the unicode pass.

    normalization: the Unicode normal form ftfy applies ("NFC", "NFKC" or "none").
    """

    normalization: str = "NFC"

    def __post_init__(self) -> None:
        if self.normalization not in ("NFC", "NFKC", "none"):
            raise ValueError("normalization must be one of NFC, NFKC, none")


# A line longer than this is handed to ftfy a stretch at a time (the stretch around each
# suspicious character): ftfy's cost grows with what it is given, and its fixes are local.
_LONG_LINE = 8000
# Where a long line may be cut into stretches: after a token of 12 or more printable ASCII
# characters other than "&" (a long word, a number, a URL), before another such token of
# any length. No fix of ftfy's changes such a token or the space between (mojibake,
# entities, control characters and combining marks are not made of such characters), so
# a cut found in a line is mostly found again in its fixed version (a fix can add one: an
# entity decoded to a letter can complete a plain token; see UnicodePass.run). In English
# prose about one token in 50 to 100 is that long: stretches of several hundred characters.
_CUT = re.compile(r"(?<![^ \n])[!-%'-~]{12,} (?=[!-%'-~]+(?:[ \n]|\Z))")


def _cuts(text: str, start: int, end: int) -> list[int]:
    """The offsets of the spaces where the line text[start:end] is cut (see _CUT)."""
    return [match.end() - 1 for match in _CUT.finditer(text, start, end)]


# Lines up to this long keep their ftfy answer in a per-pass cache (4,096 lines).
_CACHED_LINE = 10_000
# ftfy's outputs remembered as settled, at most this many characters in all.
_FIXED_POINTS_SIZE = 8_000_000


class UnicodePass(Pass):
    """Fix mojibake, HTML entities left by scrapers, control characters and ligatures (ftfy).

    Why: text decoded with the wrong codec ("cafÃ©"), entities a scraper did not decode
    ("Tom &amp; Jerry") and stray control characters are the most common character damage
    in scraped corpora.
    Example: "The Mona Lisa doesnÃ¢â‚¬â„¢t" -> "The Mona Lisa doesn’t".
    Safety: ftfy's own heuristics, tuned to have almost no false positives; curly quotes,
    line breaks and full-width characters are kept by default (their rules are off). Only
    lines with a non-ASCII character, an entity or a control character reach ftfy.
    Bounds: time linear in the text: the gate is one regex search (no backtracking), and
    every character reaches ftfy at most once a round (a line up to 8,000 characters whole;
    a longer line in stretches cut after its long plain tokens, see _CUT; with no cut, up
    to the line's edge), ftfy's time is linear in what it gets (measured: 0.8 s for a 1 MB
    line without spaces), and the pass runs at most 3 rounds on its own output (see run).
    Memory: the text, its output and one stretch's fixed copy, plus a cache of at most
    4,096 lines of at most 10,000 characters and at most 8 million characters of ftfy's
    outputs.
    """

    #: Its output is its own fixed point, so the pipeline need not confirm it (see Pipeline.run).
    settles_in_one_call = True
    id = "unicode"
    invariant = "changes characters; the only pass allowed to"
    rules = {
        "mojibake": "text decoded with the wrong codec (ftfy fix_encoding and relatives)",
        "mojibake-words": "words ftfy leaves misdecoded (UTF-8 read as MacRoman, Windows-1252, Latin-1, cp437) that the lexicon or the document confirms",
        "html-entity": "HTML entities left undecoded by the scraper (&amp; &#8217; ...)",
        "control-chars": "control characters and terminal escapes",
        "surrogates": "UTF-16 surrogate pairs left in the text",
        "ligatures": "Latin ligatures such as the fi ligature, spelled out",
        "normalization": "Unicode normalization (NFC by default)",
        "character-width": "full-width Latin letters made normal width (off by default)",
        "curly-quotes": "curly quotes made straight (off by default)",
        "line-breaks": "unusual line break characters made \\n (off by default)",
    }
    default_off = frozenset({"character-width", "curly-quotes", "line-breaks"})
    Options = UnicodeOptions

    def __init__(self, options: UnicodeOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        on = self.enabled
        mojibake = on("mojibake")
        normalization = self.options.normalization
        self._config = ftfy.TextFixerConfig(
            unescape_html="auto" if on("html-entity") else False,
            remove_terminal_escapes=on("control-chars"),
            fix_encoding=mojibake,
            restore_byte_a0=mojibake,
            replace_lossy_sequences=mojibake,
            decode_inconsistent_utf8=mojibake,
            fix_c1_controls=mojibake,
            fix_latin_ligatures=on("ligatures"),
            fix_character_width=on("character-width"),
            uncurl_quotes=on("curly-quotes"),
            fix_line_breaks=on("line-breaks"),
            fix_surrogates=on("surrogates"),
            remove_control_chars=on("control-chars"),
            normalization=None if normalization == "none" or not on("normalization") else normalization,
            explain=True,
        )
        # Rules that act on common characters (curly quotes, full-width forms, line
        # separators) need every non-ASCII line looked at.
        self._broad = any(on(rule) for rule in ("curly-quotes", "character-width", "line-breaks"))
        # ftfy's answer for a line, cached: the pipeline asks again about the lines of a
        # document again after later passes changed it (see Pipeline.run), and a corpus
        # repeats its mojibake lines (bylines, footers).
        self._fix_cached = lru_cache(maxsize=4096)(self._fix_uncached)
        # Lines ftfy made: ftfy leaves its own output as it is (seen on all 42,145 lines it
        # changed in 20,000 inputs of benchmarks/reliability.py), so the next round and the
        # pipeline's re-run do not send them to ftfy again. Emptied at 8 million characters.
        self._fixed_points: set[str] = set()
        self._fixed_size = 0

    def _fix_uncached(self, line: str) -> tuple[str, tuple[str, ...]]:
        fixed, steps = ftfy.fix_and_explain(line, config=self._config)
        return fixed, tuple(name for _, name in steps or ())

    def _fix(self, line: str) -> tuple[str, tuple[str, ...]]:
        """ftfy's fixed line and the names of the steps it took."""
        if line in self._fixed_points:
            return line, ()
        fixed, names = self._fix_cached(line) if len(line) <= _CACHED_LINE else self._fix_uncached(line)
        if fixed != line:
            if self._fixed_size + len(fixed) > _FIXED_POINTS_SIZE:
                self._fixed_points.clear()
                self._fixed_size = 0
            self._fixed_points.add(fixed)
            self._fixed_size += len(fixed)
        return fixed, names

    def _gate(self, text: str) -> re.Pattern[str] | None:
        """The cheapest test that still finds every line ftfy could change."""
        if text.isascii():
            has_control = bool(text.encode("ascii").translate(None, _NOT_CONTROL))
            return _ASCII_GATE if ("&" in text or has_control) else None
        form = self._config.normalization
        if self._broad or (form and not unicodedata.is_normalized(form, text)):
            return _ANY_GATE
        return text_gate()

    def _gate_and_first(self, text: str) -> tuple[re.Pattern[str] | None, int]:
        """The gate (see _gate) and where it first matches, or (None, 0): by one scan of the
        compiled core (core/src/unigate.rs) where it decides, else by the reference (0: the
        search starts at the text's start)."""
        global _gate_loaded_in
        core = engine.core
        form = self._config.normalization
        if core is not None and not self._broad and form in (None, "NFC"):
            if core is not _gate_loaded_in:
                core.load_unicode_gate(*("".join(sorted(chars)) for chars in _gate_chars()))
                _gate_loaded_in = core
            first = core.unicode_gate(text, form == "NFC")
            if first is not None:
                if first < 0:
                    return None, 0
                return (_ASCII_GATE if text.isascii() else text_gate()), first
        return self._gate(text), 0

    def run(self, text: str, *, record: bool = True) -> Fixed:
        """ftfy's decisions depend on the stretch it is given, and a fix can add a cut to a
        long line (an entity or a control character gone leaves a plain token): so the pass
        runs again on its own output while that changes something, at most ROUNDS times in
        all, and its edits are composed to refer to the text it received. The rounds after
        the first cost a scan and ftfy on the stretches whose cuts changed (ftfy's own
        output is known to be settled, see _fixed_points)."""
        edits = self._edits(text)
        if not edits:
            return Fixed(text)
        fixed = apply_edits(text, edits)
        for _ in range(self.ROUNDS - 1):
            more = self._edits(fixed) if edits else []
            if not more:
                break
            edits = compose(text, edits, more)
            fixed = apply_edits(text, edits)
        if not edits:
            return Fixed(text)
        return Fixed(fixed, tuple(edits) if record else ())

    #: How many times at most the pass runs on its own output (see run).
    ROUNDS = 3

    def _edits(self, text: str) -> list[Edit]:
        """One round: ftfy on every line (or stretch of a long line) the gate finds."""
        gate, first = self._gate_and_first(text)
        if gate is None:
            return []
        edits: list[Edit] = []
        search = gate.search
        find = text.find
        pos = 0
        line_start = line_end = 0
        cuts: list[int] | None = None  # where the current long line may be cut
        while True:
            match = search(text, pos or first)  # (no match before the first one)
            if match is None:
                break
            if match.start() >= line_end:  # a new line (a long one is found once)
                line_start = text.rfind("\n", 0, match.start()) + 1
                line_end = find("\n", match.end())
                if line_end == -1:
                    line_end = len(text)
                cuts = None
            start, end = max(line_start, pos), line_end
            if line_end - line_start > _LONG_LINE:
                # inside a very long line: ftfy gets the stretch between the cuts around the
                # match (without a cut on a side, up to the line's edge on that side), so
                # every character reaches ftfy at most once and stretches never overlap
                if cuts is None:
                    cuts = _cuts(text, line_start, line_end)
                index = bisect.bisect_left(cuts, match.start())
                if index:
                    start = max(start, cuts[index - 1] + 1)
                index = bisect.bisect_left(cuts, match.end(), index)
                if index < len(cuts):
                    end = cuts[index]
            pos = end
            line = text[start:end]
            fixed, names = self._fix(line)
            if fixed == line:
                continue
            # Narrow the edit to the part of the line that changed.
            head = 0
            limit = min(len(line), len(fixed))
            while head < limit and line[head] == fixed[head]:
                head += 1
            tail = 0
            while tail < limit - head and line[-1 - tail] == fixed[-1 - tail]:
                tail += 1
            # Widen to whole tokens, so the record reads "&amp;" -> "&", not "amp;" -> "".
            head = line.rfind(" ", 0, head) + 1
            space = line.find(" ", len(line) - tail)
            tail = 0 if space == -1 else len(line) - space
            edit_start, edit_end = start + head, end - tail
            replacement = fixed[head : len(fixed) - tail]
            rules = {_STEP_RULES.get(name, "mojibake") for name in names}
            rule = next((r for r in _RULE_ORDER if r in rules), "mojibake")
            edits.append(
                self.edit(rule, text, edit_start, edit_end, replacement, "ftfy: " + ", ".join(dict.fromkeys(names)))
            )
        if pos and self.enabled("mojibake-words"):  # the gate matched: misread words may be here
            edits = follow_ftfy(text, edits, self.edit)
        return edits
