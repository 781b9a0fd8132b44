"""The split-words pass: repair words glued together by scraping, where the junction model says so."""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Iterable

from .. import engine
from ..edits import Edit, Fixed, apply_edits
from ..glue_model import (
    DOC_BONUS,
    DOC_MAX,
    DOC_NAMED,
    EVIDENCE_MAX_COUNT,
    PRIORS,
    RATE_MAX,
    STARTERS,
    STRUCTURE,
    THRESHOLD,
    Evidence,
    Model,
    _load_counts,
    compiled_words as _compiled_words,
    compiled_core,
    compiled_planner,
    dictionary,
    judge_case,
    judge_run,
    known_word,
    lexicon,
    plausible_parts,
)
from ..language import EnglishGuard
from ..rules import word_list
from ..spans import LOOKAROUND, Protected, code_line, token_bounds
from ..spans import line_end as end_of_line
from ..spans import line_start as start_of_line
from .base import Pass
from .text_search import locate_tokens as _locate
from .text_search import occurrences as _occurrences
from .text_search import same_length_lower as _same_length_lower

__all__ = ["SplitWordsPass", "SplitWordsOptions", "Model", "dictionary", "plausible_parts", "_load_counts"]

_FUNCTION_WORDS = word_list("english-function-words")
_NAME_PREFIXES = word_list("name-prefixes")
_FOREIGN = word_list("non-english-function-words") - _FUNCTION_WORDS
_UNITS = word_list("number-suffixes")
_MONTHS = frozenset("january february march april may june july august september october november december".split())
#: Longest whitespace token looked at: longer ones (base64, a run of 30,000 letters) are
#: left alone, so the cost of a token is bounded and a document's cost linear.
MAX_TOKEN = 120
# A token that looks like a path, a URL, code or an address is never split.
# ... or a domain name with a capitalized suffix ("BreakfastandBrunch.Com")
_DOMAIN_END = re.compile(r"\.(?i:com|net|org|info|biz|gov|edu|co|uk|de|tv|io)\b")
_CODE_LIKE = re.compile(r"[/\\_=@#`<>{}|~^;\[\]]|://|\.[a-z]|[a-z]\(|\d\.[A-Za-z]|\"[:,]|[:,]\"")
# The ASCII letter runs and digit runs of a token, and the case segments of a letter run:
# "cornerofVictoria" -> "cornerof", "Victoria"; "AudiBMWBentley" -> "Audi", "BMW", "Bentley".
_PIECE = re.compile(r"[A-Za-z]+|\d+")
ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}")
_SEGMENT = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
# Where handles and user names follow: the next token is a name, never glue.
_HANDLE_LABEL = re.compile(r"(?:skype|twitter|instagram|snapchat|telegram|wechat|kik|discord|github|handle|username|user|id|aim|icq|msn|yahoo|posted by|by|author)\s*:\s*$", re.I)
# What follows a commenter's name on its line: "says:", "wrote:", a date.
_ATTRIBUTION = re.compile(
    r"[ \t]+(?:(?:says|said|wrote|writes|replied|commented)\b[ \t]*:?"
    r"|(?:on[ \t]+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[ \t]+\d{1,2},?[ \t]+\d{4}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b)",
    re.I,
)
# A sentence end glued to the next sentence: glue nobody writes on purpose ("word.The").
_PLAIN_GLUE = re.compile(r"[a-z]{2}[.!?][A-Z][a-z]")
# its sentence mark: a regex that opens with a rare character skips the others fast
_GLUE_MARK = re.compile(r"[.!?](?=[A-Z][a-z])")
_ASCII_LOWERCASE = frozenset("abcdefghijklmnopqrstuvwxyz")


def _plain_glue(text: str, lo: int, hi: int) -> int:
    """len(_PLAIN_GLUE.findall(text, lo, hi)), five times faster: each sentence mark
    followed by a capitalized word, with two lowercase letters before it inside the window
    and not inside the match before it (findall's matches do not overlap)."""
    count, free = 0, lo
    for mark in _GLUE_MARK.finditer(text, lo + 2, hi):
        at = mark.start() - 2
        if at >= free and text[at] in _ASCII_LOWERCASE and text[at + 1] in _ASCII_LOWERCASE:
            count, free = count + 1, at + 5
    return count

#: Sentence ends glued to a capital expected per word in clean text (see glue-dev README).
EXPECTED_GLUE_PER_WORD = 1e-4
_MAX_CACHED = 300_000


@dataclass(frozen=True)
class SplitWordsOptions:
    """Options of the split-words pass.

    preset: the prior table: "web" (default: real scraped text, where glued words are rare)
      or "dense" (OCR output and synthetic benchmarks, where many words are glued).
    threshold: the log-odds a junction must reach to get a space (see textfix.glue_model).
    document_rate: let the document's own unambiguous glue ("word.The") raise the prior.
    keep: words never split (added to rules/words/keep.txt).
    """

    preset: str = "web"
    threshold: float = THRESHOLD
    document_rate: bool = True
    keep: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.preset not in PRIORS:
            raise ValueError(f"preset must be one of {', '.join(PRIORS)}")


@dataclass(frozen=True)
class _Junction:
    """A candidate junction of a token: where (letters from the token's start), of which
    rule, the evidence before the document's, and what the document is asked about."""

    cut: int
    rule: str
    evidence: Evidence
    left: str
    right: str
    telling: tuple[str, ...] = ()  # parts whose standing alone nearby is evidence
    whole: str = ""  # the glued form; its standing again nearby is evidence against
    repeats: int = 1  # how often it must stand again to count


class SplitWordsPass(Pass):
    """Split words glued together by scraping: "vital inprotecting both" -> "vital in protecting both".

    Why: when markup between two blocks disappears, so does the space ("afterregime forces",
    "Latest NewsThe minister").
    How: every candidate junction inside a token goes to one model (textfix.glue_model):
    log-odds(glued) = prior for the kind of junction + the document's glue rate + language
    model (wordsegment's unigram and bigram counts, neighbouring words included) + lexicon
    (wordfreq: a known word is not glue, a near miss of a frequent word is a misspelling) +
    structure (at case junctions: a function word or sentence starter on the right, a
    function word on the left, a glued menu of three or more parts, an abbreviation) +
    document (parts standing alone nearby; the whole standing again). A space goes in where
    the log-odds reach the threshold; each edit's reason lists the terms.
    Example: "Theyoccur in streams" -> "They occur in streams"; "cryptocurrency", "GoldSeek",
    "YouTube", "iPhone", "Ryabkov" stay.
    Safety: only inserts single spaces between letters (or a word and a number); never
    splits off a single letter other than "a" and "I"; never inside protected spans (URLs,
    scheme-less URLs, e-mails, handles, user names after "Skype:", "By:" and the like, a
    commenter's name before "says:" or a date, code), never
    inside a capitalized name the document writes alone nearby ("NewsPlus" in
    "NewsPlusAlertNet"), on a line of code, in a list entry or a user name with digits, in
    tokens longer than MAX_TOKEN characters, or outside English paragraphs.
    """

    id = "split-words"
    invariant = "inserts single spaces between letters (and between a word and a number)"
    rules = {
        "glued-words": "a space inserted between words glued together ('inprotecting' -> 'in protecting')",
        "case-boundary": "a space inserted where a word meets a capitalized one ('marketThe', 'theMinister', 'PoliticsBusinessSports')",
        "digit-boundary": "a space inserted between a function word or month and a number ('in1990' -> 'in 1990', '15December')",
    }
    Options = SplitWordsOptions

    def __init__(self, options: SplitWordsOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        self._keep = frozenset(w.lower() for w in word_list("keep") | set(self.options.keep))
        self._plan = lru_cache(maxsize=100_000)(self._plan_uncached)
        self._plain: set[str] = set()  # tokens with no junction that could reach the threshold
        self._candidates: set[str] = set()  # tokens with one
        self._screen: Any = None  # the compiled core's copy of the two caches
        self._screen_plans = False  # whether the screen has the compiled planner

    # -- one token, before the document ---------------------------------------------

    def _plan_uncached(self, token: str, previous: str | None, following: str | None, start: bool, name_follows: bool = False, prose: bool = False) -> tuple[_Junction, ...]:
        """The junctions of a token that some document could make split, with the evidence
        the token, its neighbouring dictionary words, whether it starts a sentence and
        whether a capitalized word follows it (then a capitalized run is a first name:
        "Wenton Chan") and whether a lowercase word precedes it (``prose``) give. With no neighbours, at a sentence start and no name after it,
        a token gets the most it can: a token whose plan is empty then is plain everywhere."""
        if len(token) > MAX_TOKEN or _CODE_LIKE.search(token) or _DOMAIN_END.search(token):
            return ()
        preset = self.options.preset
        pieces = list(_PIECE.finditer(token))
        found: list[_Junction] = []
        reach = self.options.threshold - DOC_MAX - RATE_MAX
        for index, piece in enumerate(pieces):
            text = piece.group()
            if text.isdigit():
                continue
            # a run touching a letter outside ASCII is a word of another language ("Zürich");
            # one touching a hyphen is part of a compound ("co-representability")
            if (piece.start() and (token[piece.start() - 1].isalpha() or token[piece.start() - 1] == "-")) or token[piece.end() : piece.end() + 1].isalpha() or token[piece.end() : piece.end() + 1] == "-":
                continue
            segments = list(_SEGMENT.finditer(text))
            # odd casing inside a run ("theARTofit", "iOSapps") is a brand or a code
            odd = any(len(s.group()) > 1 and s.group().isupper() for s in segments) and any(s.group()[0].islower() for s in segments)
            # a lowercase run with digits right after it is a user name ("stargazer42")
            handle = text.islower() and token[piece.end() : piece.end() + 1].isdigit()
            last_words: list[str] = []
            for number, segment in enumerate(segments):
                word = segment.group()
                # neighbours across spaces only: not across punctuation or a line break
                before = segments[number - 1].group().lower() if number else (previous if piece.start() == 0 else None)
                after = segments[number + 1].group().lower() if number + 1 < len(segments) else (following if piece.end() == len(token) else None)
                last = word
                if not odd and not handle and len(word) >= 3 and (word.islower() or word[1:].islower()) and word.lower() not in self._keep and word.lower() not in dictionary():
                    first = start and not name_follows and index == 0 and number == 0 and not token[: piece.start()].strip("\"'“‘([")
                    judged = judge_run(word, _context(before), _context(after), preset, first, reach)
                    if judged is not None and judged[1].total >= reach and _letters_ok(judged[0], word):
                        parts, evidence = judged
                        cut = piece.start() + segment.start()
                        telling = tuple(p for p in parts if len(p) >= 4 and Model.get().unigrams.get(p, 0) <= EVIDENCE_MAX_COUNT)
                        for p in parts[:-1]:
                            cut += len(p)
                            found.append(_Junction(cut, "glued-words", evidence, word, " ".join(parts), telling, word.lower()))
                        last = parts[-1]
                last_words.append(last)
            # a capitalized run right after a lowercase word is a name in a sentence, not a
            # glued menu ("via the SafeBrowsingProtectionLevel policy")
            in_prose = prose and piece.start() == 0
            self._case_junctions(token, piece.start(), segments, last_words, found, in_prose)
            self._digit_junctions(token, pieces, index, found)
        return tuple(found)

    def _case_junctions(self, token: str, offset: int, segments: list[re.Match[str]], last_words: list[str], found: list[_Junction], in_prose: bool) -> None:
        """Junctions between case segments ("market|The", "News|U.S.", "Politics|Business")."""
        if len(segments) < 2:
            return
        words = [s.group() for s in segments]
        # a glued menu: a stretch of three or more capitalized words of three letters or more
        # ("TwitterFacebookReddit"), or a lowercase word before one ("friendsTwitter...");
        # counted per stretch, so that what lies outside it cannot change its junctions
        # (a function word breaks a stretch: "TheZeroWaitState", "LookAndFeel" are names)
        titled = [len(w) >= 3 and w[0].isupper() and w[1:].islower() and known_word(w) and w.lower() not in _FUNCTION_WORDS for w in words]
        stretch = [0] * len(words)
        i = 0
        while i < len(words):
            j = i
            while j < len(words) and titled[j]:
                j += 1
            for k in range(i, j):
                stretch[k] = j - i
            i = max(j, i + 1)
        for number in range(1, len(segments)):
            left, right = words[number - 1], words[number]
            acronym = len(right) > 1 and right.isupper() and last_words[number - 1] not in _FUNCTION_WORDS
            if not right[0].isupper() or acronym or len(left) < 2:
                continue  # "AudiBMW": the acronym's end is unknown ("ofNASA" is not); "iPhone", "eBay": one letter
            if (left.isupper() or len(right) == 2) and not (right.lower() in STARTERS and len(right) >= (3 if left.isupper() else 2)):
                continue  # "UBCs", "DXAs", "OPTrust": an acronym's own letters, unless a sentence starts
            if left.lower() in _NAME_PREFIXES or left.lower() in self._keep or (left + right).lower() in self._keep:
                continue  # "McDonald", "deGrasse"
            end = offset + segments[number].end()
            after = token[end : end + 1]
            abbreviation = bool(ABBREVIATION.match(token, offset + segments[number].start()))
            inside = titled[number - 1] and titled[number]
            menu_parts = stretch[number] if inside or (number == 1 and left.islower() and titled[number]) else 0
            if in_prose and titled[0]:
                menu_parts = 0
            menu = menu_parts >= 3
            evidence = judge_case(last_words[number - 1], right, after, menu_parts if menu else 2, self.options.preset, abbreviation)
            if evidence.total >= self.options.threshold - RATE_MAX:
                # a pair the document repeats is a name ("FiveThirtyEight"); a stretch of four
                # or more, a menu or an identifier, is one when it stands three times or more
                # nearby ("NativeWindowLookAndFeel"; a share bar stands twice)
                long_menu = menu_parts >= 4
                whole = "".join(words[number - 1 : number + 1]) if not long_menu else _stretch_text(words, titled, number)
                found.append(_Junction(offset + segments[number].start(), "case-boundary", evidence, left, right, (), whole.lower(), 2 if long_menu else 1))

    def _digit_junctions(self, token: str, pieces: list[re.Match[str]], index: int, found: list[_Junction]) -> None:
        """A function word glued to a number ("in1990", "1990and") or a number to a month
        ("15December"); units, ordinals and names with digits ("5km", "10th", "mp3") stay."""
        piece = pieces[index]
        segments = _SEGMENT.findall(piece.group())
        for other, cut in ((index - 1, piece.start()), (index + 1, piece.end())):
            if not 0 <= other < len(pieces) or not pieces[other].group().isdigit():
                continue
            letters = segments[0] if other < index else segments[-1]  # "inNovember1944": "November"
            low = letters.lower()
            if (other < index and pieces[other].end() != piece.start()) or (other > index and pieces[other].start() != piece.end()):
                continue
            if letters.islower() and all(0 <= i < len(pieces) and pieces[i].group().isdigit() for i in (index - 1, index + 1)):
                continue  # a short word between two numbers: "9to5Mac", "24x7"
            beyond = 2 * other - index  # the piece on the number's other side
            if 0 <= beyond < len(pieces) and pieces[beyond].group().islower() and letters.islower() and pieces[beyond].group() not in dictionary() and (beyond < other or pieces[beyond].group() not in _UNITS) and (pieces[beyond].start() == pieces[other].end() or pieces[beyond].end() == pieces[other].start()):
                continue  # digits between lowercase letters that are no word: a handle ("xq42in"), not a boundary
            structure = 0.0
            if len(low) >= 2 and low in _FUNCTION_WORDS and low != "no" and (letters.islower() or letters[1:].islower()) and (other > index or len(pieces[other].group()) >= 2):
                structure = STRUCTURE["function"]  # "in1990", "1990and" ("1up" stays)
            elif low in _MONTHS and letters[0].isupper():
                structure = STRUCTURE["month"]
            elif len(low) >= 3 and low in dictionary() and low not in _UNITS and (letters.islower() or letters[1:].islower()):
                structure = STRUCTURE["word"]
            evidence = Evidence("digit", PRIORS[self.options.preset]["digit"], structure=structure)
            if evidence.total >= self.options.threshold - RATE_MAX:
                number = pieces[other].group()
                found.append(_Junction(cut, "digit-boundary", evidence, *((number, letters) if other < index else (letters, number))))

    # -- a document ---------------------------------------------------------------------

    def _candidates_in(self, text: str) -> Iterable[tuple[str, list[int]]]:
        """The document's candidate tokens and their offsets (the reference; the compiled
        core's TokenScreen does the same): its whitespace tokens, less those known plain;
        a new token is planned once per process (see _worth_planning)."""
        tokens = set(text.split()) - self._plain
        if not tokens:
            return ()
        new = tokens - self._candidates
        # this document's candidates, taken before the caches are updated: emptying a full
        # cache below must not drop a token the document contains (its output would then
        # depend on what the process cleaned before)
        candidates = tokens & self._candidates
        if new:
            found = {t for t in new if self._worth_planning(t)}
            for cache, add in ((self._plain, new - found), (self._candidates, found)):
                if len(cache) >= _MAX_CACHED:
                    cache.clear()
                cache |= add
            candidates |= found
        if not candidates:
            return ()
        return _locate(text, candidates).items()

    def run(self, text: str, *, record: bool = True) -> Fixed:
        """One call does all of a document's work: every junction of every token is decided
        on the text as it came in, so a second run finds nothing left (see _plan)."""
        core = engine.core
        located = self._compiled_candidates(core, text) if core is not None else None
        if located is None:
            located = self._candidates_in(text)
        if not located:
            return Fixed(text)
        document = _Document(text, self.options.document_rate)
        edits: list[Edit] = []
        for token, offsets in located:
            for offset in offsets:
                edits.extend(self._decide(text, token, offset, document))
        if not edits:
            return Fixed(text)
        edits.sort(key=lambda e: e.start)
        unique = [e for i, e in enumerate(edits) if i == 0 or e.start != edits[i - 1].start]
        return Fixed(apply_edits(text, unique), tuple(unique) if record else ())

    def _worth_planning(self, token: str) -> bool:
        """Whether a new token is a candidate: a token whose plan is empty with no
        neighbours and as a sentence start (the most a token can get) is empty in every
        document, so this is decided once per process. One dictionary word with
        punctuation around it, or a token with no letter run of three, case step or letter
        next to a digit, has none (cheap screens before the plan)."""
        simple = _ONE_WORD.fullmatch(token)
        if simple and simple.group(1).lower() in dictionary():
            return False
        return _CANDIDATE.search(token) is not None and bool(self._plan(token, None, None, True))

    def _compiled_candidates(self, core: Any, text: str) -> list[tuple[str, list[int]]] | None:
        """_candidates_in by the compiled core (its caches kept per pass, rebuilt empty when
        the pass is unpickled), or None where it does not handle the text."""
        planning = compiled_core() is not None  # else new tokens are planned by the reference
        if self._screen is None or (planning and not self._screen_plans):
            # a screen without the planner is rebuilt with it once the core takes over: its
            # caches start empty, which changes no output (they hold decisions, not state)
            self._screen = core.TokenScreen(_compiled_words(core), self._compiled_planner(core) if planning else None)
            self._screen_plans = planning
        return self._screen.candidates(text, self._worth_planning, _MAX_CACHED)

    def _compiled_planner(self, core: Any) -> Any:
        """The compiled core's bool(_plan_uncached(token, None, None, True)) for the tokens it
        handles (the screen of _worth_planning), with this pass's settings and word lists."""
        threshold = self.options.threshold
        lists = {"split_function": _FUNCTION_WORDS, "name_prefixes": _NAME_PREFIXES, "units": _UNITS, "months": _MONTHS}
        numbers = {"reach": threshold - DOC_MAX - RATE_MAX, "case_floor": threshold - RATE_MAX, "max_token": MAX_TOKEN}
        return compiled_planner(core, self.options.preset, self._keep, lists, numbers)

    def _decide(self, text: str, token: str, offset: int, document: "_Document") -> list[Edit]:
        """The edits for one occurrence of a candidate token, its neighbours read around it."""
        end = offset + len(token)
        before = _token_before(text, offset)
        after = _TOKEN_AFTER.match(text, end, end + 60)
        previous = before.group(1) if before else None
        following = after.group(2) if after else None
        start = previous is None or bool(_SENTENCE_END.search(previous)) or "\n" in before.group(2)
        before_word = None if previous is None or "\n" in before.group(2) else _edge_word(previous, last=True)
        after_word = None if following is None or "\n" in after.group(1) else _edge_word(following, last=False)
        # the token ends its line and the next line does not go on with the sentence
        line_end = following is None or ("\n" in after.group(1) and not following[:1].islower())
        name_follows = following is not None and "\n" not in after.group(1) and following[:1].isupper()
        prose = previous is not None and "\n" not in before.group(2) and _LOWER_END.search(previous) is not None
        plan = self._plan(token, before_word, after_word, start, name_follows, prose)
        # (a label ends in a colon: most places have none, and skip the regex's 30 attempts)
        if not plan or (previous is not None and text.find(":", max(0, offset - 30), offset) != -1 and _HANDLE_LABEL.search(text, max(0, offset - 30), offset)):
            return []  # "Skype: johnsmith"
        if (previous is None or "\n" in before.group(2) or previous.lower() == "by") and _ATTRIBUTION.match(text, end):
            return []  # a commenter's name: "sunnyday says:", "by sunnyday July 4, 2012"
        code_line = list_entry = False
        if any(j.rule == "glued-words" for j in plan):
            # the line, if it is short (a long line is prose: neither code nor a list entry)
            line_start = text.rfind("\n", max(0, offset - _LINE_REACH), offset) + 1
            line_stop = text.find("\n", end, end + _LINE_REACH)
            if (line_start or offset < _LINE_REACH) and (line_stop >= 0 or len(text) - end < _LINE_REACH):
                line = text[line_start : len(text) if line_stop < 0 else line_stop]
                # a line of code: its lowercase identifiers are names ("from timeit import timeit")
                code_line = document.code_line(line_start, line)
                # an entry of a list of names: the token alone on its line, or first before a
                # dash ("Rockinghorse - music store"): a blogroll, a list of sites
                rest = line[end - line_start :]
                list_entry = not text[line_start:offset].strip() and (not rest.strip() or rest.startswith((" - ", " – ", " — ")))
        # a piece of a word a stray space broke ("surveyin g", "He l eft") is no glue
        broken = _broken_piece(token, previous, before, following, after)
        edits = []
        for junction in plan:
            if (broken and junction.rule == "glued-words") or (junction.rule == "case-boundary" and document.code_nearby(offset)) or (junction.rule == "glued-words" and (code_line or list_entry)):
                continue
            if junction.rule == "case-boundary" and line_end and junction.right.lower() in _FUNCTION_WORDS and token[junction.cut :].rstrip(_CLOSING) == junction.right:
                continue  # a function word that ends its line starts nothing: a name ("SwearBy", "LogIn")
            if junction.rule == "digit-boundary" and junction.right.lower() in _MONTHS and following is not None and _DAY.match(following):
                continue  # the month has its day ("8June 16, 2003"): the number before is a note
            at = offset + junction.cut
            # a function word that opens its sentence belongs to no phrase before it: the
            # token is a name written so ("inRead", "onDemand"), not "the|Minister" glue;
            # "by" is the exception, it opens a byline ("byJane Doe")
            opens = junction.rule == "case-boundary" and start and junction.cut == len(junction.left) and junction.left in _FUNCTION_WORDS and junction.left != "by"
            evidence = document.evidence(junction, offset, end, opens, self.options.threshold)
            if evidence is None or evidence.total < self.options.threshold or not document.allows(at, offset, end):
                continue
            if junction.rule == "case-boundary" and document.inside_name(token, offset, junction.cut):
                continue  # a name the document writes alone elsewhere ("NewsPlus" in "NewsPlusAlertNet")
            if junction.rule != "digit-boundary" and document.name_list_item(offset, end):
                continue  # one item of a list of names or tags: "Tags: ...", "kim_o, rob77, dogsrule, ..."
            if junction.rule == "glued-words" and document.foreign_line(offset):
                continue  # English words inside a line of another language ("dobbiamo andare insieme")
            reason = f"glued words: {junction.left}|{junction.right}" if junction.rule != "glued-words" else f"glued words: {junction.right}"
            edits.append(Edit(self.id, junction.rule, at, at, "", " ", f"{reason} ({evidence.describe()})"))
        return edits


_ONE_WORD = re.compile(r"[^\w]*([A-Za-z][a-z]*)[^\w]*")
# The token before an offset (and the whitespace between), and the token after one.
_TOKEN_BEFORE = re.compile(r"(\S+)(\s+)\Z")
_TOKEN_AFTER = re.compile(r"(\s+)(\S+)")


def _token_before(text: str, offset: int) -> re.Match[str] | None:
    """_TOKEN_BEFORE.search(text, max(0, offset - 60), offset), its groups the same: the
    search's leftmost match starts at the window's last run of non-spaces, so one attempt
    there finds it (str.rstrip and str.rsplit take the characters \\s takes), where the
    search tries every place of the window."""
    lo = max(0, offset - 60)
    window = text[lo:offset]
    body = window.rstrip()
    if not body or len(body) == len(window):
        return None
    return _TOKEN_BEFORE.search(text, lo + len(body) - len(body.rsplit(None, 1)[-1]), offset)


_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
# A token worth planning: a letter run of three or more, a case step or a letter next to a digit.
_CANDIDATE = re.compile(r"[A-Za-z]{3}|[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z]\d|\d[A-Za-z]")
_DAY = re.compile(r"\d{1,2}(?!\d)")
_LOWER_END = re.compile(r"(?<![^\W\d_])[a-z]+[:,;]?$")
_EDGE_LAST = re.compile(r"(?<![^\W\d_])([A-Za-z][a-z]*)$")
_EDGE_FIRST = re.compile(r"^([A-Za-z][a-z]*)(?![^\W\d_])")


_LEADING_LETTERS = re.compile(r"[A-Za-z]+")
_TRAILING_LETTERS = re.compile(r"[A-Za-z]+$")


def _broken_piece(token: str, previous: str | None, before: re.Match[str] | None, following: str | None, after: re.Match[str] | None) -> bool:
    """Whether the token's first letters joined with the previous token's last letters,
    or its last letters with the next token's first, across one space, make a dictionary
    word of four letters or more: then the token is a piece of a broken word."""
    words = dictionary()
    if previous is not None and before is not None and before.group(2) == " ":
        tail, head = _TRAILING_LETTERS.search(previous), _LEADING_LETTERS.match(token)
        if tail and head and len(tail.group()) + len(head.group()) >= 4 and (tail.group() + head.group()).lower() in words:
            return True
    if following is not None and after is not None and after.group(1) == " ":
        tail, head = _TRAILING_LETTERS.search(token), _LEADING_LETTERS.match(following)
        if tail and head and len(tail.group()) + len(head.group()) >= 4 and (tail.group() + head.group()).lower() in words:
            return True
    return False


def _stretch_text(words: list[str], titled: list[bool], number: int) -> str:
    """The stretch of capitalized words around the junction before segment ``number``."""
    lo, hi = number, number
    while lo > 0 and titled[lo - 1]:
        lo -= 1
    while hi + 1 < len(words) and titled[hi + 1]:
        hi += 1
    return "".join(words[lo : hi + 1])


def _edge_word(token: str | None, last: bool) -> str | None:
    """The neighbouring token's word next to the candidate, lowercased, if it is a dictionary
    word (the model lets neighbours speak only against a split, so a neighbour that a
    split makes on a second run cannot change the decision)."""
    if token is None:
        return None
    found = (_EDGE_LAST.search if last else _EDGE_FIRST.search)(token)
    word = found.group(1).lower() if found else None
    return word if word is not None and word in dictionary() else None


def _context(word: str | None) -> str | None:
    """A neighbour the language model can condition on: a word it has counts for."""
    return word if word is not None and word in Model.get().unigrams else None


def _letters_ok(parts: tuple[str, ...], word: str) -> bool:
    """No single letter split off but "a" (and "I" starting a capitalized run)."""
    return all(len(p) > 1 or p == "a" or (p == "i" and i == 0 and word[0] == "I") for i, p in enumerate(parts))


class _Document:
    """What the document says about a junction, computed lazily once per text."""

    def __init__(self, text: str, rate: bool) -> None:
        self.text = text
        self._lower: str | None = None
        self._use_rate = rate
        self._rates: dict[tuple[int, int], float] = {}
        self._code: dict[int, bool] = {}
        self._names: dict[str, list[int]] | None = None
        self._code_lines: dict[int, bool] = {}
        self._protected: Protected | None = None
        self._english: EnglishGuard | None = None

    @property
    def lower(self) -> str:
        if self._lower is None:
            self._lower = _same_length_lower(self.text)
        return self._lower

    def rate(self, start: int, end: int) -> float:
        """log(observed / expected) sentence ends glued to a capital around the candidate
        (LOOKAROUND characters either side, so a file of many documents or a piece of a
        huge file sees what one document would), clamped to [0, RATE_MAX]. The window is
        widened to whole thousands of characters and cached by them: its rate must not
        depend on which candidate asked first (the candidates come in no fixed order, and
        an exact first window made the output depend on the process's history, issue 17)."""
        if not self._use_rate:
            return 0.0
        lo, hi = max(0, start - LOOKAROUND), end + LOOKAROUND
        key = (lo // 1000, hi // 1000)
        found = self._rates.get(key)
        if found is None:
            lo, hi = key[0] * 1000, (key[1] + 1) * 1000
            text = self.text
            observed = _plain_glue(text, lo, hi)
            expected = EXPECTED_GLUE_PER_WORD * (text.count(" ", lo, hi) + text.count("\n", lo, hi) + 1)
            found = self._rates[key] = min(RATE_MAX, max(0.0, math.log((observed + 1) / (expected + 1))))
        return found

    def evidence(self, junction: _Junction, start: int, end: int, opens: bool = False, threshold: float = -math.inf) -> Evidence | None:
        """The junction's evidence with the document's terms; with the structure term less
        STRUCTURE["function"] where the token ``opens`` its sentence with a function word.
        None where the total cannot reach ``threshold``: a term not yet computed is replaced
        by its largest value (the rate by RATE_MAX, the document term by what the telling
        parts can add), in the same order of operations (floating-point addition is
        monotone), so a rejection is the one the whole computation would make; the window's
        scans are then skipped (most candidates of clean text end there)."""
        base = junction.evidence
        structure = base.structure - STRUCTURE["function"] if opens else base.structure
        telling = bool(junction.telling) and base.lm + base.lexicon > 0
        most = min(DOC_MAX, DOC_BONUS * len(junction.telling)) if telling else 0.0
        if base.prior + RATE_MAX + base.lm + base.lexicon + structure + most < threshold:
            return None
        window = self.lower[max(0, start - LOOKAROUND) : end + LOOKAROUND]
        document = 0.0
        if telling:
            document += min(DOC_MAX, DOC_BONUS * sum(1 for part in junction.telling if _occurrences(window, part)))
        if junction.rule == "glued-words" and self.named(junction.whole, start, end):
            document += DOC_NAMED
        if junction.whole:
            again = window.count(junction.whole) - 1
            if junction.rule == "case-boundary":
                document += STRUCTURE["repeated"] if again >= junction.repeats else 0.0
            elif junction.evidence.kind != "lower":
                # a capitalized run that stands again nearby is a name; a lowercase glued
                # pair recurs as the same error ("inthe" in a whole corpus)
                document -= min(DOC_MAX, DOC_BONUS * max(0, len(_occurrences(window, junction.whole)) - 1))
        if base.prior + RATE_MAX + base.lm + base.lexicon + structure + document < threshold:
            return None
        return replace(base, structure=structure, document=document, rate=self.rate(start, end))

    def inside_name(self, token: str, offset: int, cut: int) -> bool:
        """Whether the junction at ``cut`` (letters from the token's start) falls inside a
        capitalized name of two or more parts that the document also writes standing alone,
        nearby ("NewsPlus" alone, then "NewsPlusAlertNet": only "NewsPlus|AlertNet" may be
        glue). The name must start and end at case steps of the token."""
        starts = [m.start() for m in _CAP_PART.finditer(token)]
        lo = [i for i in starts if i < cut][-_MAX_NAME_PARTS:]
        ends = [m.end() for m in _CAP_PART.finditer(token) if m.end() > cut][:_MAX_NAME_PARTS]
        names = self.names()
        end = offset + len(token)
        for i in lo:
            for j in ends:
                found = names.get(token[i:j])
                if found is None or _CAP_PART.fullmatch(token, i, j) is not None:
                    continue
                # offsets are sorted: one standing alone nearby, outside this token?
                k = bisect_left(found, offset - LOOKAROUND)
                if k < len(found) and found[k] < offset:
                    return True
                k = bisect_left(found, end)
                if k < len(found) and found[k] <= offset + LOOKAROUND:
                    return True
        return False

    def named(self, whole: str, start: int, end: int) -> bool:
        """Whether the glued form stands nearby (LOOKAROUND) as a name that nobody spaces:
        inside a URL, path, handle, hashtag, e-mail or identifier ("example.org/beready",
        "#beready"), or written with inner capitals ("BeReady"). Cost: a find per
        occurrence of the form in the window, only for a junction that would split."""
        lower, text, size = self.lower, self.text, len(whole)
        lo, hi = max(0, start - LOOKAROUND), min(len(text), end + LOOKAROUND)
        at = lower.find(whole, lo, hi)
        while at != -1:
            if not start <= at < end and not text[at - 1 : at].isalpha() and not text[at + size : at + size + 1].isalpha():
                written = text[at : at + size]
                if not written.isupper() and not written[1:].islower():
                    return True
                token_lo, token_hi = token_bounds(text, at, at + size)
                if _CODE_LIKE.search(text, token_lo, token_hi) and not _SENTENCE_SIGN.fullmatch(text, token_lo, token_hi):
                    return True
            at = lower.find(whole, at + size, hi)
        return False

    def name_list_item(self, start: int, end: int) -> bool:
        """Whether the token at [start, end) is one item of a list of names or tags on its
        line: after a label such as "Tags:" (rules/words/tag-labels.txt), or a whole item of
        a list of four or more items separated by commas, semicolons, bars or bullets,
        three in four of them a single token (user names, tags): there a made-up compound
        is somebody's name. Reads at most _LIST_REACH characters either side."""
        text = self.text
        first, last = start_of_line(text, start), end_of_line(text, end)
        label = _TAG_LABEL.match(text, first, min(last, first + 40))
        if label is not None and label.end() <= start:
            return True
        lo, hi = max(first, start - _LIST_REACH), min(last, end + _LIST_REACH)
        before = text[lo:start].rstrip()
        after = text[end:hi].lstrip()
        token = text[start:end]
        whole_item = (not before or before[-1] in _ITEM_MARKS) and (token[-1] in _ITEM_MARKS or not after or after[0] in _ITEM_MARKS)
        if not whole_item:
            return False
        items = [item.strip() for item in _ITEM_SPLIT.split(text[lo:hi])]
        items = [item for item in items if item]
        return len(items) >= 4 and 4 * sum(1 for item in items if " " not in item) >= 3 * len(items)

    def foreign_line(self, start: int) -> bool:
        """Whether the line around ``start`` (at most _LIST_REACH characters either side) is
        written in another language: more letters of other scripts than Latin ones
        ("公園へ行きました todaynews"), or with fewer than half of its lowercase words (of three
        to eight letters: longer ones may be glued; at least _MIN_LINE_WORDS of them) common
        English words
        ("perché dobbiamo andare insieme")."""
        text = self.text
        lo, hi = max(start_of_line(text, start), start - _LIST_REACH), min(end_of_line(text, start), start + _LIST_REACH)
        line = text[lo:hi]
        if len(_OTHER_SCRIPT.findall(line)) > len(_LATIN.findall(line)):
            return True
        words = [w for w in _LATIN_WORD.findall(line) if 3 <= len(w) <= 8 and w.islower()]
        if len(words) < _MIN_LINE_WORDS:
            return False
        known = lexicon()
        return 2 * sum(1 for w in words if known.get(w, 0.0) >= _COMMON) < len(words)

    def names(self) -> dict[str, list[int]]:
        """Capitalized names of two or three parts ("NewsPlus", "FiveThirtyEight") standing
        alone, with their offsets (one scan of the document): in prose, after a lowercase
        word on its line, or before one unless it ends in a function word ("RecipesFor the
        kids" is a menu item glued to a title), or a two-part name as a whole line. A glued
        menu fragment that a page repeats stands between capitalized words ("MoneyPersonal
        Finance")."""
        if self._names is None:
            self._names = {}
            for m in _STANDALONE_NAME.finditer(self.text):
                group = m.lastgroup or "a"
                name = m.group(group)
                parts = _CAP_PART.findall(name)
                if group == "b" and (parts[-1].lower() in _FUNCTION_WORDS or parts[-1].lower() in STARTERS):
                    continue
                if group == "c" and len(parts) > 2:
                    continue
                self._names.setdefault(name, []).append(m.start(group))
        return self._names

    def code_line(self, start: int, line: str) -> bool:
        """Whether the line starting at ``start`` is a line of code (cached per line)."""
        found = self._code_lines.get(start)
        if found is None:
            found = self._code_lines[start] = _CODE_LINE.search(line) is not None or code_line(line)
        return found

    def code_nearby(self, start: int) -> bool:
        """Whether code surrounds an offset (braces, semicolons ending lines, calls): there
        camelCase words are identifiers ("MouseClickedEventAdapter", "withCredentials").
        Cached by the thousand the offset falls in, so the window is that thousand and 2,000
        characters either side: the same for every offset in it, whichever asks first."""
        key = start // 1000
        found = self._code.get(key)
        if found is None:
            base = key * 1000
            found = self._code[key] = len(_CODE_SIGN.findall(self.text, max(0, base - 2000), base + 3000)) >= 4
        return found

    def allows(self, at: int, start: int, end: int) -> bool:
        if self._protected is None:
            self._protected = Protected(self.text)
            self._english = EnglishGuard(self.text)
        assert self._english is not None
        if self._protected.overlaps(start, end) or not self._english.at(at):
            return False
        before = _NEIGHBOUR_BEFORE.search(self.text, max(0, start - 30), start)
        after = _NEIGHBOUR_AFTER.match(self.text, end)
        # words of another language around a candidate keep it as it is
        return not any(m and m.group(1).lower() in _FOREIGN for m in (before, after))


_CODE_LINE = re.compile(r"^\s*(?:>>>|\.\.\.\s|(?:def|function|class|import|var|let|const|return|if|for|while)\b[^.!?]*[({:=]|from\s+\S+\s+import\b)|\w\((?:\w+,\s*)+\w+\)|;\s*$|[{}]\s*$")
_LINE_REACH = 200
_LIST_REACH = 200
_MIN_LINE_WORDS = 6
#: wordfreq frequency of a common English word (about the 30,000th most frequent).
_COMMON = 1e-6
_ITEM_MARKS = ",;|·•"
_ITEM_SPLIT = re.compile(r"[,;|·•]")
_TAG_LABEL = re.compile(r"\s*(?:" + "|".join(sorted(map(re.escape, word_list("tag-labels")), key=len, reverse=True)) + r")\s*:", re.I)
_OTHER_SCRIPT = re.compile(r"[^\W\d_A-Za-z\u00c0-\u024f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
# a token that only ends a sentence or clause: "word." is no identifier
_SENTENCE_SIGN = re.compile(r"[\"'(“‘]*[A-Za-z]+[.,;:!?\"'”’)]*")
_CLOSING = ".,;:!?\"')]”’»|"
_CAP_PART = re.compile(r"[A-Z][a-z]+")
# standing alone: in prose (a lowercase word before or after it on the line) or as a whole line
_NAME = r"(?:[A-Z][a-z]+){2,3}"
_STANDALONE_NAME = re.compile(
    rf"(?<![\w'’])[a-z]+,? (?P<a>{_NAME})(?![\w'’])"  # after a lowercase word
    rf"|(?<![\w'’])(?P<b>{_NAME})[.,;:!?]? [a-z]"  # before one
    rf"|^(?P<c>{_NAME})[.,;:!?]?$",  # a whole line
    re.M,
)
_MAX_NAME_PARTS = 3
_CODE_SIGN = re.compile(r"[{}]|;\s*$|\w\(\)|=>|\w\.\w+\(", re.M)
_NEIGHBOUR_BEFORE = re.compile(r"([A-Za-z]+)\s+$")
_NEIGHBOUR_AFTER = re.compile(r"\s+([A-Za-z]+)")
