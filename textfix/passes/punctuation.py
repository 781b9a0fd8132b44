"""The punctuation-spacing pass: spaces scrapers put before punctuation or lost after it."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterator

from .. import engine
from ..edits import Edit, Fixed, apply_edits
from ..glue_model import QuoteReader, dictionary, judge_sentence, sentence_gap
from ..language import EnglishGuard
from ..rules import word_list
from ..spans import CODE_REACH, LOOKAROUND, Protected, code_at, line_end, line_start, token_bounds
from .base import Pass

_CLOSERS = "\"'”’)\\]"
_COMPOUNDS = "|".join(sorted(word_list("compound-suffixes"), key=len, reverse=True))
# Abbreviations without their final period: the anchor is that period.
_ABBREV_STEMS = "|".join(re.escape(a[:-1]) for a in sorted(word_list("abbreviations"), key=len, reverse=True))
_MAX_STEM = max(len(a) - 1 for a in word_list("abbreviations"))  # for the compiled core's scan
_COLON_PREFIXES = word_list("colon-prefixes")
# Words that, after a dot, make a domain or file name ("Example.Com"), never a sentence.
_NAME_SUFFIXES = {w.capitalize() for w in word_list("tlds") | word_list("file-extensions")}

# One scan finds the rare places where a rule may apply. Every branch starts with a
# punctuation character (so the engine skips plain text fast): one preceded by a space, one
# glued to a following letter, or a bracket followed by a space or a letter; a comma
# glued to a number only after a letter ("favour,2") or before a year ("March 1,1928"), so
# that the numbers of a text ("1,000") do not reach Python.
_ANCHOR = re.compile(
    r"[,.;:!?)\]'’\"“”(\[-]"
    r"(?:(?<= .)|(?<= n['’])|(?<=[.!?:,;\"“”)])(?=[\"'”’)\]]{0,3}[“‘]?[A-Za-z])|(?<=[(\[])(?= )|(?<=\()(?=[A-Za-z\d])"
    r"|(?<=[,;])(?=\d)(?:(?<=[^\W\d_].)|(?<=\d,)(?=\d{4}(?!\d|[,.]\d))))"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
# What must follow the anchor for each rule (matched at the anchor's position).
_AFTER = {
    "space_before": re.compile(rf"[,.;:!?]+(?:[\s{_CLOSERS}]|$)"),
    "hyphen": re.compile(rf"-(?:{_COMPOUNDS})\b"),
    "contraction": re.compile(r"(?:n[’']t\b|[’'](?:s|re|ve|ll|d|m)(?=[\s.,;:!?]|$))"),
    "abbreviation": re.compile(r"\.(?=[a-z]{2,}\b)"),
    "sentence": re.compile(rf"[.!?][{_CLOSERS}]{{0,3}}(?=[“‘]?(?:[A-Z][a-z]|[AI](?: [a-z]|['’][a-z])|[A-Z]{{2,}}\b(?![.\d])))"),
    "colon": re.compile(r":(?=[A-Z][a-z])"),
    "comma": re.compile(r"[,;](?=[a-z]{2}|[A-Z][a-z]|a )|,(?<=[a-z],)(?=[A-Z]{2})"),
    "comma_number": re.compile(r"[,;](?=\d)(?!\d+\()"),
    "comma_year": re.compile(r",(?=\d{4}(?!\d|[,.]\d))"),
    "quote_open": re.compile(r"[\"“](?=[A-Za-z]{2}|[AI] )"),
    "quote_close": re.compile(r"[\"”](?=[A-Za-z]{2})"),
    "bracket_before": re.compile(
        r"\((?=(?:[A-Z][a-z]|[a-z]{2,}\b)[^()\n]* [^()\n]*\)|[A-Z]{2,}\)|(?:1\d|20)\d\d\b[^()\n]*\)"
        r"|[a-z]{3,}\)|\d{1,2} [A-Z][a-z]+\b[^()\n]*\))"
    ),
    "bracket_after": re.compile(r"\)(?=[a-z]{2,}\b|[A-Z][a-z]+\b)"),
}
# What must stand just before it (searched with endpos at the anchor).
_BEFORE = {
    "bracket_close": re.compile(r"[\w.!?\"'”’]\Z"),
    "hyphen": re.compile(r"[A-Za-z.]\Z"),
    "contraction": re.compile(r"\w\Z"),
    "abbreviation": re.compile(rf"(?:^|[^\w.])(?:(?:[A-Z]\.){{1,}}[A-Z]|{_ABBREV_STEMS})\Z"),
    "sentence": re.compile(rf"(?:[A-Za-z]{{2}}|[A-Za-z\d][{_CLOSERS}]|\d\d)\Z"),
    "colon": re.compile(r"[A-Za-z]{2}\Z"),
    "comma": re.compile(r"(?:[^\W\d_]{2}|\d)\Z"),
    "comma_number": re.compile(r"[^\W\d_]{2}\Z"),
    "comma_year": re.compile(rf"\b(?:{_MONTHS})\.? \d{{1,2}}\Z"),
    "quote_open": re.compile(r"(?:[A-Za-z\u00c0-\u024f]{2}|[’']s)\Z"),
    "quote_close": re.compile(r"[\w.!?,]\Z"),
    "bracket_before": re.compile(r"[A-Za-z\u00c0-\u024f]{2}\Z"),
    "bracket_after": re.compile(r"(?:[^\W\d_]{2}|\d{2}|[.\"”])\Z"),
}
_GLUED = ("abbreviation", "sentence", "colon", "comma", "comma_number", "comma_year", "quote_open", "quote_close", "bracket_before", "bracket_after")
# The characters each _GLUED rule's _AFTER pattern can start with (its first character
# class), so that an anchor tries only the rules its own character can start: one or two
# regex calls instead of ten (tests/test_properties.py holds the table to the patterns).
_GLUED_FIRST = {
    "abbreviation": ".",
    "sentence": ".!?",
    "colon": ":",
    "comma": ",;",
    "comma_number": ",;",
    "comma_year": ",",
    "quote_open": '"“',
    "quote_close": '"”',
    "bracket_before": "(",
    "bracket_after": ")",
}
_GLUED_AT = {char: tuple(g for g in _GLUED if char in _GLUED_FIRST[g]) for char in set("".join(_GLUED_FIRST.values()))}
_RULE_OF_GROUP = {
    "space_before": "space-before",
    "bracket_open": "space-inside-brackets",
    "bracket_close": "space-inside-brackets",
    "hyphen": "detached-hyphen",
    "contraction": "contraction",
    "abbreviation": "missing-space-after",
    "sentence": "missing-space-after",
    "colon": "missing-space-after",
    "comma": "missing-space-after",
    "comma_number": "missing-space-after",
    "comma_year": "missing-space-after",
    "quote_close": "missing-space-around",
    "quote_open": "missing-space-around",
    "bracket_before": "missing-space-around",
    "bracket_after": "missing-space-around",
}
_REASONS = {
    "space_before": "space before punctuation",
    "bracket_open": "space after an opening bracket",
    "bracket_close": "space before a closing bracket",
    "hyphen": "detached hyphen in a compound",
    "contraction": "tokenizer space in a contraction",
    "abbreviation": "missing space after an abbreviation",
    "sentence": "missing space after the end of a sentence",
    "colon": "missing space after a colon",
    "comma": "missing space after a comma",
    "comma_number": "missing space after a comma, before a number",
    "comma_year": "missing space after a date's comma, before the year",
    "quote_close": "missing space after a closing quote",
    "quote_open": "missing space before an opening quote",
    "bracket_before": "missing space before an opening bracket",
    "bracket_after": "missing space after a closing bracket",
}
_CAMEL = re.compile(r"[a-z][A-Z]")
_DATA_LINE = re.compile(r"[,;]\S")


@dataclass(frozen=True)
class PunctuationOptions:
    """Options of the punctuation-spacing pass (none yet; rules are switched with select/ignore)."""


class PunctuationSpacingPass(Pass):
    """Repair spacing around punctuation: "US -backed" -> "US-backed", 'hours".The' -> 'hours". The'.

    Why: scrapers and tokenizers insert spaces before punctuation ("aggression" ,") and lose
    them after it when markup between two elements disappears ("business.Click").
    Example: "aligned with the U.S.in the campaign" -> "aligned with the U.S. in the campaign".
    Safety: only inserts or deletes spaces next to punctuation. Never inside URLs, e-mail
    addresses, domain and file names, numbers, handles or code spans; a missing space is only
    inserted before a capitalized word (sentence end, colon) or between lowercase words
    (comma); camelCase and dotted names (WriteLine, System.Console) are left alone; spaces
    before ! ? ; : are only removed in English paragraphs (French writes "Bonjour !");
    comma-separated data lines are left alone. Ellipses and emoticons are kept. Names
    written with a dot alone on their line ("River.Works"), lists separated by " . ",
    calls and paths in code ("AVG(entries)", "COPY . /app") and brackets inside a word
    ("Lehrer(innen)zimmer") stay, a dotted name the document writes again with a lowercase
    letter after the dot ("Stack.Up" ... "stack.up/login") stays, and so does every line
    that reads as code
    (textfix.spans.code_line: "FROM generate(array[1, 2])", "def area(w, h):").
    At a sentence end glued to the next sentence, the space goes where the junction model
    (textfix.glue_model.sentence_gap) puts it: before a quote that opens the next sentence.
    Cost: linear in the text: an anchor reads at most three closing marks ahead and twelve
    characters back; the line checks read at most LOOKAROUND characters either side.
    """

    id = "punctuation-spacing"
    invariant = "inserts or deletes whitespace next to punctuation"
    rules = {
        "space-before": "space before , . ; : ! ? removed ('aggression\" ,' -> 'aggression\",')",
        "space-inside-brackets": "space just inside brackets removed ('( word )' -> '(word)')",
        "detached-hyphen": "space before the hyphen of a compound removed ('US -backed' -> 'US-backed')",
        "missing-space-after": "space added after a sentence end, colon, comma or abbreviation ('hours\".The')",
        "missing-space-around": "space added outside quotes and brackets ('\"Live\"here', 'India(Bangalore, Karnataka)')",
        "contraction": "tokenizer space in contractions removed ('do n't' -> 'don't', 'Trump 's' -> 'Trump's')",
    }
    Options = PunctuationOptions

    def __init__(self, options: PunctuationOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        self._groups = {g for g, rule in _RULE_OF_GROUP.items() if self.enabled(rule)}

    def run(self, text: str, *, record: bool = True) -> Fixed:
        anchors = _anchors(text)
        if not anchors:
            return Fixed(text)
        edits: list[Edit] = []
        context = _Context(text)
        last_end = -1
        quotes = QuoteReader(text)
        for pos in anchors:
            for group, start, end in self._candidates(text, pos, quotes):
                if group not in self._groups or start < last_end or (start == end == last_end):
                    continue
                if not context.allows(group, start, end):
                    continue
                replacement = " " if start == end else ""
                edits.append(self.edit(_RULE_OF_GROUP[group], text, start, end, replacement, _REASONS[group]))
                last_end = end
                break
        if not edits:
            return Fixed(text)
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())

    @staticmethod
    def _candidates(text: str, pos: int, quotes: QuoteReader) -> list[tuple[str, int, int]]:
        """(group, start, end) of every rule that may apply at the anchor at ``pos``."""
        found: list[tuple[str, int, int]] = []
        char = text[pos]
        if text[pos - 1 : pos] == " " or (char in "'’" and text[pos - 2 : pos] == " n"):
            letter = pos - 1 if text[pos - 1] == "n" else pos
            space_end = letter
            space_start = space_end
            while space_start > 0 and text[space_start - 1] == " ":
                space_start -= 1
            if space_start > 0 and text[space_start - 1] != "\n":
                if char in ",.;:!?":
                    group = "space_before"
                elif char in ")]":
                    group = "bracket_close"
                elif char == "-":
                    group = "hyphen"
                else:
                    group = "contraction"
                after = _AFTER.get(group)
                before = _BEFORE.get(group)
                if (after is None or after.match(text, letter)) and (before is None or before.search(text, max(0, space_start - 12), space_start)):
                    found.append((group, space_start, space_end))
        if char in "([" and text[pos + 1 : pos + 2] == " ":
            end = pos + 1
            while end < len(text) and text[end] == " ":
                end += 1
            found.append(("bracket_open", pos + 1, end))
        for group in _GLUED_AT.get(char, ()):
            match = _AFTER[group].match(text, pos)
            if match is None or not _BEFORE[group].search(text, max(0, pos - 12), pos):
                continue
            if group == "quote_close" and text[pos - 1 : pos] in ".!?" and sentence_gap(text, pos + 1, quotes) == pos:
                continue  # the junction model reads this quote as opening the next sentence
            at = pos if group in ("quote_open", "bracket_before") else match.end()
            if group == "sentence":
                at = sentence_gap(text, at, quotes)
            found.append((group, at, at))
        return found


def _anchors(text: str) -> list[int] | Iterator[int]:
    """The offsets where ``_ANCHOR`` matches, or (compiled core) those of them where
    ``_candidates`` may find something: the core's sites (core/src/punct.rs, a superset of
    those) each confirmed by ``_ANCHOR``, so that a text with nothing to repair costs one
    core call. The reference: every match of ``_ANCHOR``."""
    core = engine.core
    sites = core.punct_sites(text, _MAX_STEM) if core is not None else None
    if sites is None:
        return (anchor.start() for anchor in _ANCHOR.finditer(text))
    return [pos for pos in sites if _ANCHOR.match(text, pos)]


class _Context:
    """The document-level checks a candidate must pass, computed lazily once per text."""

    __slots__ = ("text", "protected", "english", "code", "dotted")

    def __init__(self, text: str) -> None:
        self.text = text
        self.protected: Protected | None = None
        self.english: EnglishGuard | None = None
        self.code: dict[tuple[int, int], bool] = {}
        self.dotted: dict[str, list[int]] | None = None

    def dotted_again(self, at: int) -> bool:
        """Whether the words around a glued sentence end ("Stack.Up", the space to go at
        ``at``) stand within LOOKAROUND characters with the dot and a lowercase letter after
        it (in a URL, a domain, the name in lowercase: "stack.up/login"): a dotted name, not
        two sentences. Glue that repeats ("said.The" twice) is still glue. The document's
        dotted names are found in one scan, the first time one is asked about."""
        text = self.text
        left = _DOTTED_LEFT.search(text, max(0, at - 40), at)
        right = _DOTTED_RIGHT.match(text, at)
        if left is None or right is None:
            return False
        if self.dotted is None:
            self.dotted = {}
            for m in _DOTTED_LOWER.finditer(text):
                self.dotted.setdefault(f"{m.group(1)}.{m.group(2)}".lower(), []).append(m.start())
        found = self.dotted.get(f"{left.group(1)}.{right.group(1)}".lower(), [])
        k = bisect_left(found, at - LOOKAROUND)
        return k < len(found) and found[k] <= at + LOOKAROUND

    def code_at(self, pos: int) -> bool:
        """Whether the line holding ``pos`` reads as code (spans.code_at), cached per line
        and, on a long line, per stretch of CODE_REACH characters."""
        key = (line_start(self.text, pos), pos // CODE_REACH)
        found = self.code.get(key)
        if found is None:
            found = self.code[key] = code_at(self.text, max(key[0], key[1] * CODE_REACH))
        return found

    def allows(self, group: str, start: int, end: int) -> bool:
        text = self.text
        if group == "space_before" and not _space_before_ok(text, start, end):
            return False
        if group in ("bracket_open", "bracket_close") and (_symmetric_brackets(text, start, group) or _tiny_brackets(text, start, group)):
            return False
        if group == "bracket_open" and text[start - 2 : start - 1] in (":", ";", "=", "(", "["):
            return False  # an emoticon: ":( and", ":(((( "
        if start == end and not _insert_ok(group, text, start):
            return False
        if group == "sentence" and self.dotted_again(start):
            return False  # a dotted name the document writes again: "Stack.Up" ... "stack.up/login"
        if self.protected is None:
            self.protected = Protected(text)
        # before a number (itself protected, and left whole) only the word and comma before
        # it must be free; "March 1,1928" is checked by the date's form alone
        if group != "comma_year" and self.protected.overlaps(*((start - 2, start) if group == "comma_number" else (max(start - 1, 0), end + 1))):
            return False
        if group == "space_before" and text[end] in "!?;:":
            if _inside_quotation(text, start):
                return False  # a quoted title may follow another language's rules
            if self.english is None:
                self.english = EnglishGuard(text)
            if not self.english.at(start):
                return False
        return not self.code_at(start)  # a line of code: "FROM generate(array[1, 2])", "def area(w, h):"


def _space_before_ok(text: str, start: int, end: int) -> bool:
    """Whether the spaces at [start, end) before the punctuation at ``end`` are an error."""
    punct = text[end]
    after = text[end + 1 : end + 2]
    if after == punct or (punct == "." and _SPACED_DOT.match(text, end + 1)):
        return False  # an ellipsis ("so on ...", "so on . . ."), a separator ("a :: b")
    if end - start >= 2:
        return False  # columns aligned with spaces: "BUNDY    , AL"
    if punct == "." and _SPACED_SUFFIX.match(text, end + 1):
        return False  # a domain name broken by spaces: "Essays . com"
    before = text[start - 1 : start]
    if not (before.isalnum() or before in "\"'”’)]"):
        return False  # after other punctuation: "Lewin. : Verso", ". . ."
    word = _WORD_BEFORE.search(text, max(0, start - 12), start)
    if punct in ",." and word and word.group().lower() in _EMPTY_BEFORE:
        return False  # text left out before it: "If , then , so" (a formula or a link)
    if punct == ":" and text.count(" : ", line_start(text, end), line_end(text, end)) >= 2:
        return False  # a separator style: "Home : News : World"
    if punct == "." and _separated_items(text[max(line_start(text, end), end - 200) : min(line_end(text, end), end + 200)]):
        return False  # a separator style: "About us . Privacy policy . Terms"
    if punct == "." and after in (" ", "\n", "") and (_PATH_BEFORE.search(text, max(0, start - 60), start) or _PATH_AFTER.match(text, end + 1)):
        return False  # a path argument next to a path: "COPY setup.cfg .", "COPY . /app" (the current directory)
    if punct == ":" and _CODE_LINE.search(text, line_start(text, end), line_end(text, end)):
        return False  # code: '{"user-agent" : UA}', "lambda x : x"
    return not (punct in ":;" and after in (")", "("))  # an emoticon: "great ;)"


_SPACED_DOT = re.compile(r"\s\.")
_SPACED_SUFFIX = re.compile(r"\s+(?:com|net|org|co|uk|de|info|edu|gov)\b", re.I)
_WORD_BEFORE = re.compile(r"[A-Za-z]+(?=\s*\Z)")
# Words that never end a clause: a comma or period after one marks text left out.
_EMPTY_BEFORE = frozenset({"if", "and", "then", "the", "of", "to", "a", "an", "or", "that", "is", "with", "for"})
_CODE_LINE = re.compile(r"[{}=]|>>>|\blambda\b")


def _symmetric_brackets(text: str, start: int, group: str) -> bool:
    """Whether square brackets around a space inside them have a space on both sides
    ("[ Home ] [ News ]"): a layout style of menus, not a stray space (a lopsided
    "[ Home]" is one; round brackets are prose: "( SDF )" is repaired)."""
    if group == "bracket_open":
        if text[start - 1] != "[":
            return False
        closer = text.find("]", start, line_end(text, start))
        return closer != -1 and text[closer - 1 : closer] == " "
    closer_at = start
    while text[closer_at] == " ":
        closer_at += 1
    if text[closer_at] != "]":
        return False
    opening = text.rfind("[", line_start(text, start), start)
    return opening != -1 and text[opening + 1 : opening + 2] == " "


def _tiny_brackets(text: str, start: int, group: str) -> bool:
    """Whether round brackets hold one or two characters between spaces ("( w )", "( ^ )"):
    a face or a symbol, not words with stray spaces."""
    if group == "bracket_open":
        found = _TINY_AFTER.match(text, start - 1)
    else:
        found = _TINY_BEFORE.search(text, max(0, start - 8), start + 2)
    return found is not None


_TINY_AFTER = re.compile(r"\( +\S{1,2} +\)")
_TINY_BEFORE = re.compile(r"\( +\S{1,2} +\)\Z")


def _insert_ok(group: str, text: str, at: int) -> bool:
    """Guards for inserting a space at ``at`` (token shape, data lines, quote parity)."""
    token_start, token_end = token_bounds(text, at)
    left, right = text[token_start:at], text[at:token_end]
    if "<" in left or ">" in right:
        return False  # markup: "</dc:Contributor.Orchestra>"
    start_of_line = line_start(text, at)
    if group in ("quote_close", "quote_open"):
        if '":"' in text[start_of_line : line_end(text, at)] or '","' in text[start_of_line : line_end(text, at)]:
            return False  # a data line: {"key":"value","other":...}
        # a straight quote closes if an odd number of them stand before it on the line
        quote = at - 1 if group == "quote_close" else at
        count = text.count('"', start_of_line, quote)
        if group == "quote_close":
            return text[quote] == "”" or count % 2 == 1
        if text[quote + 1 : quote + 2].islower():
            # before a lowercase word, only a quotation that closes later on the line
            # ('to"sweating", a'), not a mark inside a word ('Khub"yarly')
            closing = "”" if text[quote] == "“" else '"'
            if text.find(closing, quote + 2, line_end(text, at)) == -1:
                return False
        return text[quote] == "“" or count % 2 == 0
    if group == "bracket_after":
        opening = text.rfind("(", start_of_line, at)
        if opening == -1:
            return False
        inside = text[opening + 1 : at - 1]
        if " " not in inside and not (len(inside) >= 2 and inside.isalpha() and inside.isupper() and text[at : at + 1].islower()):
            return False  # "(re)played", "member(s)hip": a bracket inside a word; "(IEEE)in" is two
    if group == "bracket_before" and not left[:1].isupper():
        # after a lowercase word only the first form (words with a space between them in the
        # brackets): "print(DEBUG)", "range(2000)", "len(items)", "cm(10 in)" stay
        closing = text.find(")", at, line_end(text, at))
        if not (right[1:2].islower() and " " in text[at + 1 : closing]):
            return False
    if group == "bracket_before" and (left.isupper() and len(left) >= 2 and right[1:2].islower() or right[1:].startswith(tuple("([")) or _LETTER_AFTER_BRACKET.match(text, at)):
        return False  # a call or a code: "LAG(alert)", "AVG(entries)", "f((x, y))"; a bracket inside a word: "Recht(sradikale)n"
    if group in ("bracket_before", "bracket_after"):
        return not _CAMEL.search(left + right) and "_" not in left + right
    if group in ("comma", "comma_number", "comma_year"):
        if _CALL.search(left) or "_" in left + right:
            return False  # the arguments of a call: "connect((host,port))", "f(a,b_c)"
        line = text[start_of_line : line_end(text, at)]
        return len(_DATA_LINE.findall(line)) < 2 or ", " in line or "; " in line
    # a camelCase word after a sentence end or a colon is a glued heading or menu
    # ("solve.AdvertisementIn"), which split-words repairs; in code it is a member
    # ("obj.GetValue()", "System.Console"), which the other checks keep
    camel = _CAMEL.search(right) and not (group in ("sentence", "colon") and _prose_word(left) and not re.search(r"[(.]", right))
    if "_" in left or "(" in left or camel or "." in left.rstrip(_CLOSERS + ".!?")[:-1]:
        if group != "abbreviation":
            return False  # a dotted or code-like name: System.Console.WriteLine
    word = right.rstrip(_CLOSERS + ".,;:!?")
    if group == "sentence" and word[1:2].isupper() and (len(word) < 3 or _CAMEL.search(left) or not re.search(r"[a-z]{2}[.!?]", left)):
        return False  # "NASA" after a sentence end only after a lowercase word: "ASP.NET", "Shop.US" stay
    if group == "sentence" and _dotted_name(text, token_start, token_end, start_of_line):
        return False  # a name or domain written with a dot, alone on its line: "Unsere.Kirche"
    if group == "sentence" and not judge_sentence(word).glued():
        return False  # Example.Com
    if group == "abbreviation" and word.lower() in _NAME_SUFFIXES:
        return False
    if group == "colon" and ("<" in left or "=" in left or '"' in left):
        return False  # an XML name: "<dc:Type>", 'name="dc:Coverage"'
    if group == "colon" and left.rstrip(":") in _COLON_PREFIXES:
        return False  # Category:People
    return True


_LETTER_AFTER_BRACKET = re.compile(r"\([^\W\d_A-Z]+\)[^\W\d_A-Z]")
_ABBREVIATION_BEFORE = re.compile(rf"(?:^|[^\w.])(?:{_ABBREV_STEMS}|[A-Z][a-z]?)\.\Z")  # "e.g.", "St.", "Mt."
_PATH_AFTER = re.compile(r" [/~.]")
_CALL = re.compile(r"\w\(")
_PATH_BEFORE = re.compile(r"(?<!\S)(?:\S*[a-z\d_-]\.[a-z\d]{1,10}|\S*/\S*)\Z")


def _separated_items(line: str) -> bool:
    """Whether a line (at most 200 characters either side of the dot) is a list of short
    items separated by " . " (three or more items, the inner ones of four words at most),
    not sentences with a space before their periods."""
    items = line.split(" . ")
    return len(items) >= 3 and all(len(item.split()) <= 4 for item in items[1:-1])


_DOTTED_LEFT = re.compile(r"([A-Za-z]+)[.!?][\"'”’)\]]*\Z")
_DOTTED_RIGHT = re.compile(r"[“‘]?([A-Za-z]+)")
# A dotted name written with a lowercase letter after the dot ("stack.up", "Stack.up").
_DOTTED_LOWER = re.compile(r"(?<![A-Za-z])([A-Za-z]+)\.([a-z][A-Za-z]*)")


def _dotted_name(text: str, token_start: int, token_end: int, start_of_line: int) -> bool:
    """Whether a token with a glued sentence end is a dotted name ("Kinzig.News"): the
    token runs to the end of its line, and at most two words, none lowercase, stand
    before it there (a glued sentence end has a sentence before it, or text after it)."""
    if text[token_end : token_end + 1] not in ("\n", ""):
        return False
    dot = text.find(".", token_start, token_end)
    if dot == -1 or _ABBREVIATION_BEFORE.search(text, max(0, token_start - 1), dot + 1):
        return False  # only a dot, and not after an abbreviation: "St.Gallen" is "St. Gallen"
    if token_start - start_of_line > 80:
        return False  # a long line before it (read no further: the check stays linear)
    before = text[start_of_line:token_start].split()
    return len(before) <= 2 and not any(w[:1].islower() for w in before)


_CODE_RECEIVERS = frozenset({"this", "self", "base", "super", "that", "This", "Self", "Base", "Super"})


def _prose_word(left: str) -> bool:
    """Whether the token part before a sentence end or colon ends with an English word of
    four letters or more ("solve." in "solve.AdvertisementIn"), not a code receiver
    ("obj.GetValue", "this.Name")."""
    found = re.search(r"(?<![^\W\d_])([A-Za-z][a-z]{3,})[.!?:][\"'”’)\]]*$", left)
    if found is None or (left.endswith(".") and found.group(1) in _CODE_RECEIVERS):
        return False
    return found.group(1).lower() in dictionary()


def _inside_quotation(text: str, pos: int) -> bool:
    """True if an opening quotation mark before ``pos`` on the same line is not closed."""
    line = text[line_start(text, pos) : pos]
    return line.count('"') % 2 == 1 or line.count("“") > line.count("”") or line.count("«") > line.count("»")
