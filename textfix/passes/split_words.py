"""The split-words pass: repair words glued together by scraping, only on strong evidence."""

from __future__ import annotations

import marshal
import math
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress, count
from pathlib import Path
from typing import Any, Callable, Iterator

from ..edits import Edit, Fixed, apply_edits
from ..language import EnglishGuard
from ..rules import word_list
from ..spans import LOOKAROUND, Protected
from .base import Pass

_RUN = re.compile(r"[A-Za-z]{3,}")
# A lowercase function word glued to a capitalized word or an acronym: "theMinister", "ofNASA".
# The scan looks for the rare lowercase-to-capital step; the rest is checked at each hit.
_CASE_STEP = re.compile(r"[a-z][A-Z]")
_GLUED_WORD = re.compile(r"[A-Z](?:[a-z]{2,}(?![a-z])|[A-Z]+(?![^\W\d_]))")
_GLUED_NAME = re.compile(r"[A-Z][a-z]{2,}(?![a-z])")
# How often (web counts) both names of a glued "FirstLast" pair must occur.
_NAME_PAIR_COUNT = 3e6
_GLUED_ACRONYM = re.compile(r"[A-Z]{3,}(?![^\W\d_])")
_LETTERS = re.compile(r"[^\W\d_]*")
_WORD_BEFORE = re.compile(r"(?<![^\W\d_])[a-z]{1,30}$")
_FUNCTION_WORDS = word_list("english-function-words")
# Function words that a name glued before them leaves at the end of a token ("Hansenand").
_GLUE_SUFFIXES = tuple(sorted((w for w in _FUNCTION_WORDS if len(w) >= 2), key=len, reverse=True))
_CAMEL_RUN = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{2,}(?:[A-Z][a-z]{2,})+(?![^\W\d_])")
# Capitalized words glued together, the first one of two letters or more ("OnFebruary").
_TITLE_RUN = re.compile(r"(?<![^\W\d_])[A-Z][a-z]+(?:[A-Z][a-z]{2,})+(?![^\W\d_])")
_TWO_LETTER = word_list("two-letter-words")
_NUMBER_SUFFIXES = word_list("number-suffixes")
# Word endings of Latin and other names that are also English function words ("funeralis").
_NAME_ENDINGS = frozenset({"a", "as", "e", "i", "is", "o", "os", "us"})
_ORDINALS = ("st", "nd", "rd", "th", "s")
# A letter next to a digit, and the letter runs and numbers of a token.
_DIGIT_STEP = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")
_SEGMENT = re.compile(r"[A-Za-z]+|\d+(?:[.,]\d+)*|[^A-Za-z\d]")
_NAME_PREFIXES = word_list("name-prefixes")


class Model:
    """wordsegment's unigram and bigram counts and its dictionary, loaded once per process."""

    _lock = threading.Lock()
    _instance: "Model | None" = None

    def __init__(self) -> None:
        self.unigrams, self.bigrams, self.total = _load_counts()
        self.dictionary = dictionary()
        self.log_total = math.log(self.total)

    @classmethod
    def loaded(cls) -> bool:
        return cls._instance is not None

    @classmethod
    def get(cls) -> "Model":
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls()
        return cls._instance

    def log_unigram(self, word: str) -> float | None:
        count = self.unigrams.get(word)
        return None if count is None else math.log(count) - self.log_total

    def log_score(self, word: str, previous: str | None) -> float:
        """wordsegment's stupid-backoff score: P(word | previous) from bigrams, else P(word)."""
        if previous is not None:
            pair = self.bigrams.get(f"{previous} {word}")
            if pair is not None:
                return math.log(pair) - math.log(self.unigrams[previous])
        return math.log(self.unigrams[word]) - self.log_total


Counts = tuple[dict[str, float], dict[str, float], float]


def cache_dir() -> Path | None:
    """Where textfix keeps the word counts in a fast-loading form: $TEXTFIX_CACHE_DIR (empty:
    no cache), else $XDG_CACHE_HOME/textfix or ~/.cache/textfix."""
    configured = os.environ.get("TEXTFIX_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textfix"


def _cached(name: str, sources: list[str], build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
    """``build()``, or its marshal copy from the cache folder, keyed by the sizes and times of
    the files it is built from and written atomically on first use. Any problem with the
    cache (missing, stale, damaged, a read-only home) falls back to building."""
    folder = cache_dir()
    path = None
    if folder is not None:
        try:
            key = "-".join(f"{os.stat(f).st_size}.{int(os.stat(f).st_mtime)}" for f in sources)
            path = folder / f"{name}-{key}.marshal"
            with open(path, "rb") as handle:
                value = marshal.loads(handle.read())
            if valid(value):
                return value
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = build()
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-", suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                marshal.dump(value, handle)
            os.replace(tmp, path)
        except OSError:
            pass
    return value


def _load_counts() -> Counts:
    """wordsegment's counts: parsing its text files takes most of a second, the cached
    marshal copy a fraction of that."""
    import wordsegment

    def build() -> Counts:
        segmenter = wordsegment.Segmenter()
        segmenter.load()
        return segmenter.unigrams, segmenter.bigrams, float(segmenter.total)

    def valid(value: Any) -> bool:
        return isinstance(value, tuple) and len(value) == 3 and isinstance(value[0], dict) and isinstance(value[1], dict) and isinstance(value[2], float)

    sources = [wordsegment.Segmenter.UNIGRAMS_FILENAME, wordsegment.Segmenter.BIGRAMS_FILENAME]
    return _cached("wordsegment", sources, build, valid)


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str]:
    """wordsegment's word list alone (a tenth of the load time of its counts, and cached
    too): enough to pass over every letter run that is a dictionary word without loading
    the counts."""
    import wordsegment

    def build() -> frozenset[str]:
        with open(wordsegment.Segmenter.WORDS_FILENAME, encoding="utf-8") as handle:
            return frozenset(word for word in handle.read().splitlines() if word.isalpha())

    return _cached("words", [wordsegment.Segmenter.WORDS_FILENAME], build, lambda value: isinstance(value, frozenset))


@dataclass(frozen=True)
class SplitWordsOptions:
    """Options of the split-words pass.

    margin: how much more likely (natural log) the best split must be than the token as it
      stands, for a token in the vocabulary (a web-frequent form such as "ofthe").
    oov_margin: the same for a token not in the vocabulary (names, rare words).
    capitalized_margin: added to either margin when the token is capitalized.
    length_penalty: how much less likely (natural log, per letter) an unseen token is
      taken to be as it grows longer.
    document_bonus: subtracted from the margin for every part of four or more letters that
      stands alone elsewhere in the same document ("regime" makes "afterregime" a split).
    evidence_max_count: a part counts as document evidence only if it is at most this
      frequent on the web ("regime" is evidence; "people", found in any article, is not).
    function_word_bonus: subtracted from the margin of an unseen token when one of two
      parts is a function word ("stadiumwas", "ofland"): most glued pairs in running text
      hold one, closed compounds ("bookfair") do not. Not for endings that Latin names
      have ("funeralis", "bantama").
    min_part_count: how often (in wordsegment's web counts) each part must occur.
    keep: words never split (added to rules/words/keep.txt).
    camel_case: split "GreatFlood" at its inner capitals when the parts are dictionary
      words and the whole is not a known brand or name ("YouTube", "MacBook" stay).
    """

    margin: float = 3.0
    oov_margin: float = 6.5
    capitalized_margin: float = 3.0
    length_penalty: float = 0.75
    document_bonus: float = 3.0
    evidence_max_count: float = 3e7
    function_word_bonus: float = 2.0
    min_part_count: float = 200000.0
    keep: tuple[str, ...] = ()
    camel_case: bool = True

    def __post_init__(self) -> None:
        if min(self.margin, self.oov_margin, self.capitalized_margin, self.length_penalty, self.document_bonus, self.function_word_bonus) < 0:
            raise ValueError("margins, length-penalty and the bonuses must be 0 or more")


@lru_cache(maxsize=4)
def plausible_parts(floor: float) -> frozenset[str]:
    """Every plausible part of a split, built once per process (on the first candidate):
    English two-letter words, "a", and dictionary words seen at least ``floor`` times on
    the web (or any token seen fifty times that often, such as "london"). The words from
    the counts are cached next to them (see _cached)."""
    import wordsegment

    def build() -> frozenset[str]:
        model = Model.get()
        words = model.dictionary
        return frozenset(
            word for word, count in model.unigrams.items() if len(word) > 2 and count >= floor and (word in words or count >= 50 * floor)
        )

    sources = [wordsegment.Segmenter.UNIGRAMS_FILENAME, wordsegment.Segmenter.WORDS_FILENAME]
    return _cached(f"parts-{floor:g}", sources, build, lambda value: isinstance(value, frozenset)) | _TWO_LETTER | {"a"}


# The prior for a token wordsegment has never seen: as likely as a word seen this often.
_OOV_COUNT = 12000.0
_MAX_PART = 20
# The per-process caches of decided tokens and runs are emptied when they reach this size:
# memory stays flat however many distinct words a corpus has, and what recurs is cached again.
_MAX_CACHED = 300_000


class SplitWordsPass(Pass):
    """Split words glued together by scraping: "vital inprotecting both" -> "vital in protecting both".

    Why: when markup between two words disappears, so does the space ("afterregime forces").
    Example: "Theyoccur in streams" -> "They occur in streams"; "Ryabkov", "Raqqa", "Daesh",
    "caliphate", "overflight", "YouTube" and "MacBook" stay as they are.
    Safety: only inserts single spaces between letters (or between a word and a number). A
    token is split only if the best split scores above the token itself by a margin under
    wordsegment's bigram model, every part is a dictionary word seen often on the web, the
    token is not on the keep-list, does not stand alone elsewhere in the document, is not
    all capitals, and sits in an English paragraph outside protected spans (URLs, e-mails,
    handles, code). Capitalized tokens need a larger margin; camelCase is split only where
    the web writes the parts apart and never together, and never when it recurs nearby.
    """

    id = "split-words"
    invariant = "inserts single spaces between letters (and between a word and a number)"
    rules = {
        "glued-words": "a space inserted between words glued together ('inprotecting' -> 'in protecting')",
        "case-boundary": "a space inserted where a lowercase word meets a capitalized one ('theMinister', 'colonialTasmania')",
        "digit-boundary": "a space inserted between a word and a number ('in1990' -> 'in 1990', '15December' -> '15 December')",
        "broken-word": "a space inserted in a glued run whose word a stray space broke off ('fivechil dren' -> 'five chil dren')",
        "title-pair": "a space inserted between capitalized words the web writes apart ('NobelPrize' -> 'Nobel Prize')",
        "camel-case": "a space inserted at an inner capital of glued title words ('GreatFlood' -> 'Great Flood')",
    }
    Options = SplitWordsOptions
    default_off = frozenset({"camel-case"})

    def __init__(self, options: SplitWordsOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        super().__init__(options, disabled=disabled)
        self._keep = frozenset(w.lower() for w in word_list("keep") | set(self.options.keep))
        self._decide = lru_cache(maxsize=100_000)(self._decide_uncached)
        self._step_possible = lru_cache(maxsize=100_000)(self._step_possible_uncached)
        self._digit_cuts = lru_cache(maxsize=100_000)(self._digit_cuts_uncached)
        self._day_cut = lru_cache(maxsize=100_000)(self._day_cut_uncached)
        self._decide_broken = lru_cache(maxsize=100_000)(self._decide_broken_uncached)
        self._best_split = lru_cache(maxsize=100_000)(self._best_split_uncached)
        # Letter runs that no document could make split, kept as a set so that most runs
        # of a document are dropped by one set difference, in C.
        self._never: set[str] = set()
        # Letter runs that some document could make split (the rest is decided per document).
        self._maybe: set[str] = set()
        # Whitespace tokens in which nothing could split, in any document.
        self._plain: set[str] = set()
        # Short tokens that are no word ("en" of "childr en"): their neighbours decide.
        self._fragments: set[str] = set()

    # -- deciding on one letter run ---------------------------------------------------

    @property
    def _parts(self) -> frozenset[str]:
        return plausible_parts(self.options.min_part_count)

    def _best_split_uncached(self, word: str) -> tuple[float, tuple[str, ...]] | None:
        """The best split of a lowercase run into two or more plausible parts (Viterbi over
        wordsegment's stupid-backoff scores: P(part | previous) from bigrams, else P(part);
        the same arithmetic as :meth:`Model.log_score`, inlined)."""
        model = Model.get()
        parts_ok = self._parts
        n = len(word)
        longest = min(n - 1, _MAX_PART)
        if parts_ok.isdisjoint([word[n - k :] for k in range(1, longest + 1)]) or parts_ok.isdisjoint(
            [word[:k] for k in range(1, longest + 1)]
        ):
            return None  # no part can end (or start) the run: most names and rare words
        unigrams, bigrams, log_total, log = model.unigrams, model.bigrams, model.log_total, math.log
        states: list[dict[str, tuple[float, tuple[str, ...]]]] = [{} for _ in range(n + 1)]
        states[0][""] = (0.0, ())
        for i in range(n):
            here = states[i]
            if not here:
                continue
            for j in range(i + 1, min(n, i + _MAX_PART) + 1):
                part = word[i:j]
                if part not in parts_ok or (i == 0 and j == n):
                    continue
                there = states[j]
                alone = None
                for previous, (score, parts) in here.items():
                    pair = bigrams.get(previous + " " + part) if previous else None
                    if pair is not None:
                        new = score + (log(pair) - log(unigrams[previous]))
                    else:
                        if alone is None:
                            alone = log(unigrams[part]) - log_total
                        new = score + alone
                    current = there.get(part)
                    if current is None or new > current[0]:
                        there[part] = (new, parts + (part,))
        if not states[n]:
            return None
        return max(states[n].values())

    def _decide_uncached(self, run: str) -> tuple[tuple[str, ...], float] | None:
        """The best split of ``run`` and how far its score clears the margin (may be
        negative), or None if it has no plausible split at all."""
        lower = run.lower()
        if lower in self._keep or run.isupper():
            return None
        model = Model.get()
        if lower in model.dictionary:
            return None
        best = self._best_split(lower)
        if best is None:
            return None
        score, parts = best
        if any(a == "a" and b[0] in "aeiou" for a, b in zip(parts, parts[1:])):
            return None  # "a enigma" is not English: "aenigma" is a word we do not know
        whole = model.log_unigram(lower)
        options = self.options
        margin = options.margin
        if whole is None:
            whole = math.log(_OOV_COUNT) - model.log_total - options.length_penalty * len(lower)
            margin = options.oov_margin
            if len(parts) == 2 and parts[1] not in _NAME_ENDINGS and any(len(p) >= 2 and p in _FUNCTION_WORDS for p in parts):
                margin -= options.function_word_bonus
        if run[0].isupper():
            margin += options.capitalized_margin
        return parts, score - whole - margin

    def _could_split(self, run: str) -> bool:
        """True if some document could make this run split (its best split clears the
        margin, or would with every long part standing alone in the document)."""
        decision = self._decide(run)
        if decision is None:
            return False
        parts, clearance = decision
        bonus = self.options.document_bonus * sum(1 for part in parts if self._telling(part))
        return clearance + bonus > 0

    def _telling(self, part: str) -> bool:
        """Whether a part standing alone nearby says something: four letters or more and
        rarer than the everyday words every text holds ("regime" is telling; "people",
        "care" and "life" stand in any article and make compounds split)."""
        return len(part) >= 4 and Model.get().unigrams.get(part, 0) <= self.options.evidence_max_count

    def _name_then_word(self, run: str, standing: Callable[[str], int] | None) -> tuple[int, ...] | None:
        """A name glued to a function word ("Hansenand", "Kilkennyin"), the whole a token
        nobody has seen (not in wordsegment's counts): split if the function word starts a
        clause and the name is one the web knows, or (given ``standing``) if the name stands
        alone nearby in the document."""
        low = run.lower()
        suffix = _name_glue(low)
        if suffix is None or low in self._keep or Model.get().unigrams.get(low) is not None:
            return None
        name = low[: -len(suffix)]
        if suffix in _CLAUSE_WORDS and Model.get().unigrams.get(name, 0) >= _KNOWN_NAME_COUNT:
            # a word that starts a clause ("Corneauand", "Castnerwas", "Hillwith") after a
            # name the web knows: names seldom end in one (they do in "in", "is", "on", "by")
            return (len(name),)
        return (len(name),) if standing is not None and standing(name) > 0 else None

    def _name_glue_possible(self, low: str) -> bool:
        """Whether :meth:`_name_then_word` could split this lowercased run in some document
        ("syrian" ends with "an" but is a token the web knows: never)."""
        return _name_glue(low) is not None and low not in self._keep and low not in Model.get().unigrams

    @staticmethod
    def _cuts(parts: tuple[str, ...]) -> tuple[int, ...]:
        cuts: list[int] = []
        pos = 0
        for part in parts[:-1]:
            pos += len(part)
            cuts.append(pos)
        return tuple(cuts)

    def _decide_camel(self, run: str) -> tuple[int, ...] | None:
        """Cuts at the inner capitals of "GreatFlood" when every part is a dictionary word."""
        lower = run.lower()
        if lower in self._keep:
            return None
        model = Model.get()
        if lower in model.unigrams:
            return None  # a known brand or name: YouTube, PlayStation, MacBook
        cuts = tuple(m.start() for m in re.finditer(r"[A-Z]", run))[1:]
        parts = [run[a:b].lower() for a, b in zip((0,) + cuts, cuts + (len(run),))]
        if parts[0] in _NAME_PREFIXES:
            return None
        if all(len(p) >= 3 and p in model.dictionary and model.unigrams.get(p, 0) >= self.options.min_part_count for p in parts):
            return cuts
        return None

    def _case_step(self, text: str, word: str, cut: int) -> bool:
        """A lowercase letter run ``word`` ending at ``cut`` glued to the capital there.

        A function word may meet any capitalized word or acronym ("theMinister", "ofNASA").
        Another lowercase run must meet a capitalized word that wordsegment knows, and the
        whole must be unknown to it (web-frequent camelCase is a brand or an identifier:
        "easyJet", "toString"); name particles ("deGrasse"), one-letter prefixes ("iPhone",
        "eBay"), method calls ("obj.getName()") and tokens that recur nearby stay.
        """
        function_word = word in _FUNCTION_WORDS and len(word) <= 5
        name = (_GLUED_WORD if function_word else _GLUED_NAME).match(text, cut)
        if name is None and len(word) >= 4:
            # a word glued to an acronym: "viralDNA", "formerLSU" ("macOS", "pnV" stay)
            name = _GLUED_ACRONYM.match(text, cut) if word in self._parts and word in dictionary() else None
        if name is None or word in _NAME_PREFIXES:
            return False
        if len(word) < 2 and not (word == "a" and name.group()[1:].islower() and Model.get().unigrams.get(name.group().lower(), 0) >= self.options.min_part_count):
            return False  # "iHeartRadio", "eBay", "gPotato": one letter and a name are a brand ("aFrench" is no brand)
        start = cut - len(word)
        end = _LETTERS.match(text, name.end()).end()  # "theUnitedStates": the whole run
        if (start and text[start - 1] in "._") or text[end : end + 1] in ("(", "_"):
            return False
        model = Model.get()
        whole = text[start:end].lower()
        if whole in self._keep:
            return False
        known = model.unigrams.get(text[start : name.end()].lower())
        if known is not None and known * 10 >= model.bigrams.get(f"{word} {name.group().lower()}", 0):
            return False  # the web writes it glued about as often: "toString", "onClick", "easyJet"
        if function_word:
            return True
        if name.group().lower() not in model.unigrams:
            return False
        return text.count(text[start:end], max(0, start - LOOKAROUND), end + LOOKAROUND) == 1

    def _word(self, letters: str) -> bool:
        """A letter run that is a word on its own: a function word of two or more letters,
        or a dictionary word of three or more seen often on the web, lowercase or capitalized."""
        if len(letters) < 2 or not (letters.islower() or letters[1:].islower()):
            return False  # "a7", "i2i": one letter and a digit are a code
        low = letters.lower()
        if low in self._keep:
            return False
        if low in _FUNCTION_WORDS:
            return True
        # a capitalized word the web knows well counts too: month and place names
        return len(low) >= 3 and low in self._parts and (low in dictionary() or letters[0].isupper())

    def _digit_cuts_uncached(self, token: str) -> tuple[int, ...]:
        """Offsets in ``token`` where a word meets a number ("born1945", "in 1990and", "15December").

        Word then number: the word is a word on its own, and unless it is a function word
        ("On8") the number has three or more digits or an ordinal ("placing10th"); "mp3",
        "win32", "Dup15q" stay.
        Number then word: the number does not follow letters it belongs to, the letters are a
        word and not a unit or ordinal ("5km", "10th", "1990s", "49ers"), and no hyphen
        follows ("5alpha-reductase"); "1990sand" becomes "1990s and".
        """
        segments = [(m.start(), m.group()) for m in _SEGMENT.finditer(token)]
        cuts: list[int] = []
        cut_before = False  # whether a cut was made before the current number
        for i, (pos, seg) in enumerate(segments):
            nxt = segments[i + 1][1] if i + 1 < len(segments) else ""
            after = segments[i + 2][1] if i + 2 < len(segments) else ""
            if seg[0].isalpha() and nxt[:1].isdigit():
                digits = sum(c.isdigit() for c in nxt)
                prev = segments[i - 1][1] if i else ""
                word = self._last_word(seg)
                if (prev[:1].isdigit() and not (cuts and cuts[-1] == pos)) or word is None:
                    continue
                ordinal = after.lower() in _ORDINALS
                named = after[:1].isupper() and self._word(after)  # "born27June", "on8May"
                if word.lower() not in _FUNCTION_WORDS and not (digits >= 3 or "," in nxt or ordinal or named):
                    continue  # "win32", "python3": a short number after a content word is a name
                if after[:1].isalpha() and not (after.lower() in _NUMBER_SUFFIXES or self._number_then_word(after, "") is not None):
                    continue  # "Dup15q": letters after the number that are no word
                cuts.append(pos + len(seg))
                cut_before = True
            elif seg[0].isdigit() and nxt[:1].isalpha():
                prev = segments[i - 1][1] if i else ""
                if prev[:1].isalpha() and not cut_before:
                    continue  # "mp3", "h264": the number belongs to the letters
                cut = self._number_then_word(nxt, after)
                if cut is not None:
                    cuts.append(pos + len(seg) + cut)
                cut_before = False
            elif not seg[0].isalpha():
                cut_before = False
        return tuple(cuts)

    def _day_cut_uncached(self, token: str) -> int | None:
        """Where a word meets a day number that ends the token ("born18", "until23"), for
        the rare tokens digit-boundary leaves whole on their own (a short number after a
        content word is usually a name: "win32"): cut only before a month name."""
        found = _DAY_END.search(token)
        if found is None or not 1 <= int(found.group(2)) <= 31 or self._digit_cuts(token):
            return None
        return found.start(2) if self._word(found.group(1)) else None

    def _last_word(self, letters: str) -> str | None:
        """The word a letter run ends with, if it is one: the run itself ("born"), its last
        capitalized word ("inNovember"), or a function word glued at its end ("Atthe")."""
        if self._word(letters):
            return letters
        step = max(letters.rfind(c) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        if step > 0 and self._word(letters[step:]):
            return letters[step:]
        if letters[1:].islower():
            low = letters.lower()
            suffix = _name_glue(low) or _name_glue(low, before=2)
            if suffix is not None:
                return letters[-len(suffix):]
        return None

    def _number_then_word(self, letters: str, after: str) -> int | None:
        """Where to cut letters that follow a number: before them (0), after an ordinal
        ("1990sand" -> "1990s and"), or nowhere (None)."""
        if after[:1] == "-" or (after[:1].isdigit() and not letters[0].isupper()):
            return None
        low = letters.lower()
        for suffix in _ORDINALS:
            rest = letters[len(suffix):]
            if low.startswith(suffix) and len(rest) >= 2 and rest.lower() in _FUNCTION_WORDS:
                return len(suffix)
        if low in _NUMBER_SUFFIXES:
            return None
        for suffix in _ORDINALS:
            rest = letters[len(suffix):]
            if low.startswith(suffix) and not self._word(letters) and len(rest) >= 2 and self._word(rest):
                return len(suffix)
        return 0 if self._word(letters) else None

    def _decide_title_pair(self, run: str) -> tuple[int, ...] | None:
        """Cuts in "NobelPrize", "PrimeMinister", "OnFebruary": capitalized words glued
        together that the web writes apart (every neighbouring pair is one of wordsegment's
        bigrams, or a function word comes first) and never together; "PowerPoint",
        "FaceMash", "InDesign" and "YouTube" stay."""
        lower = run.lower()
        model = Model.get()
        if lower in self._keep:
            return None
        cuts = tuple(m.start() for m in re.finditer(r"[A-Z]", run))[1:]
        parts = [run[a:b].lower() for a, b in zip((0,) + cuts, cuts + (len(run),))]
        if parts[0] in _NAME_PREFIXES:
            return None
        known = model.unigrams.get(lower)
        if known is not None:
            # a form the web also writes glued: split only if it writes it apart ten times
            # as often ("HongKong", "RhodeIsland"; "YouTube", "PlayStation", "AllMusic" stay)
            return cuts if len(parts) == 2 and model.bigrams.get(f"{parts[0]} {parts[1]}", 0) >= 10 * known else None
        if all(f"{a} {b}" in model.bigrams for a, b in zip(parts, parts[1:])):
            return cuts
        if len(parts) == 2 and parts[0] not in dictionary() and min(model.unigrams.get(parts[0], 0), model.unigrams.get(parts[1], 0)) >= _NAME_PAIR_COUNT:
            # a first name glued to a last name ("DexterGordon", "KeithElder"): the first
            # part is no English word (brands start with one: "PowerTune", "SunEdison")
            # and both are common on the web
            return cuts
        if len(parts) == 2 and parts[0] in _FUNCTION_WORDS and parts[1] in model.unigrams:
            return cuts  # a capitalized function word glued to a name: "OnFebruary", "TheCork"
        return None

    # -- running over a document ------------------------------------------------------

    def _candidates(self, text: str) -> Iterator[tuple[str, int, int]]:
        """(rule, start, end) of letter runs worth deciding on, cheapest filters first.

        A document's whitespace tokens, less the tokens already known to be plain (no run
        in them could split, in any document: decided once per process), are the only
        ones looked at; in steady state that is one split and one set difference, in C.
        """
        plain = self._plain
        tokens = text.split()
        new_tokens = set(tokens) - plain
        glued: set[str] = set()
        stepped: set[str] = set()
        numbered: set[str] = set()
        dated: set[str] = set()  # "born18" before a month: the day number is the token's end
        broken = new_tokens & self._fragments
        if new_tokens:
            joined = " ".join(new_tokens)
            joined_lower = joined.lower()
            runs = set(_RUN.findall(joined_lower)) if self.enabled("glued-words") else set()
            if runs:
                # the dictionaries load here, on the first document with a letter run
                never, maybe = self._never, self._maybe
                unknown = runs - dictionary() - never
                glued = unknown & maybe
                for low in unknown - glued:
                    if self._could_split(low) or self._could_split(low.capitalize()) or self._name_glue_possible(low):
                        glued.add(low)
                        if len(maybe) >= _MAX_CACHED:
                            maybe.clear()
                        maybe.add(low)
                    else:
                        if len(never) >= _MAX_CACHED:
                            never.clear()
                        never.add(low)
            if _CASE_STEP.search(joined):
                # decided on the token alone (cached): only the recurrence check needs the text
                stepped = {token for token in _CASE_STEP_TOKEN.findall(joined) if self._step_possible(token)}
            undecided: set[str] = set()
            if self.enabled("broken-word"):
                # the fragment-shaped tokens, found in the joined tokens by one regex call
                undecided = set(_FRAGMENT_IN_JOINED.findall(joined)) - broken
                if undecided and Model.loaded():
                    # (while the counts are not loaded, no letter run that is not a dictionary
                    # word has been seen, so no fragment can have a neighbour to join yet:
                    # a short clean text loads nothing)
                    words = dictionary()
                    for token in undecided:
                        letters = _FRAGMENT_TOKEN.fullmatch(token).group(1)
                        if letters not in words and _fragment(letters):
                            broken.add(token)
                    undecided = set()
            if self.enabled("digit-boundary") and _DIGIT_STEP.search(joined):
                numbered = {token for token in _DIGIT_STEP_TOKEN.findall(joined) if self._digit_cuts(token)}
                dated = {token for token in _DIGIT_END_TOKEN.findall(joined) if self._day_cut(token) is not None}
            keep_looking = stepped | numbered | dated | broken | undecided
            if glued:
                if len(joined_lower) == len(joined):
                    # the tokens holding a glued run, found in the joined tokens (C-speed finds)
                    for run in glued:
                        pos = joined_lower.find(run)
                        while pos != -1:
                            lo = joined.rfind(" ", 0, pos) + 1
                            hi = joined.find(" ", pos)
                            hi = len(joined) if hi == -1 else hi
                            keep_looking.add(joined[lo:hi])
                            pos = joined_lower.find(run, hi)
                elif len(glued) <= _FEW:
                    keep_looking |= {t for t, low in zip(new_tokens, map(str.lower, new_tokens)) if any(g in low for g in glued)}
                else:
                    keep_looking |= {t for t in new_tokens if not glued.isdisjoint(_RUN.findall(t.lower()))}
            if len(plain) >= _MAX_CACHED:
                plain.clear()
            plain |= new_tokens - keep_looking
        if glued:
            lower = _same_length_lower(text)
            if len(glued) > _FEW and len(glued) * len(text) >= _SCAN_COST:
                # one scan of the text instead of one per run (a file of many documents)
                for match in _LETTER_RUN.finditer(lower):
                    if match.group() in glued:
                        yield "glued-words", match.start(), match.end()
            else:
                for run in glued:
                    for start in _occurrences(lower, run):
                        yield "glued-words", start, start + len(run)
        if broken:
            if len(self._fragments) + len(broken) >= _MAX_CACHED:
                self._fragments.clear()
            self._fragments |= broken
            broken = self._pairing(tokens, broken)
        located = _locate(text, stepped | broken | numbered | dated)
        title_pairs = self.enabled("title-pair") and not (self.options.camel_case and self.enabled("camel-case"))
        case_steps = self.enabled("case-boundary")
        for token in stepped:
            for token_start in located[token]:
                if title_pairs:
                    for match in _TITLE_RUN.finditer(text, token_start, token_start + len(token)):
                        yield "title-pair", match.start(), match.end()
                if not case_steps:
                    continue
                for step in _CASE_STEP.finditer(text, token_start, token_start + len(token)):
                    cut = step.start() + 1
                    word = _WORD_BEFORE.search(text, max(0, cut - 31), cut)
                    if word and self._case_step(text, word.group(), cut):
                        yield "case-boundary", word.start(), cut
        for token in broken:
            for token_start in located[token]:
                yield from self._broken_pairs(text, token_start, token)
        for token in numbered:
            cuts = self._digit_cuts(token)
            if cuts:
                for token_start in located[token]:
                    for cut in cuts:
                        yield "digit-boundary", token_start + cut, token_start + cut
        for token in dated:
            cut = self._day_cut(token)
            for token_start in located[token]:
                if cut is not None and _MONTH_AFTER.match(text, token_start + len(token)):
                    yield "digit-boundary", token_start + cut, token_start + cut
        if self.options.camel_case and self.enabled("camel-case"):
            for match in _CAMEL_RUN.finditer(text):
                yield "camel-case", match.start(), match.end()

    def _step_possible_uncached(self, token: str) -> bool:
        """Whether a case step of this whitespace token could split in some document."""
        if self.enabled("title-pair") and any(self._decide_title_pair(m.group()) for m in _TITLE_RUN.finditer(token)):
            return True
        if self.options.camel_case and self.enabled("camel-case"):
            return True
        if not self.enabled("case-boundary"):
            return False
        for step in _CASE_STEP.finditer(token):
            cut = step.start() + 1
            word = _WORD_BEFORE.search(token, max(0, cut - 31), cut)
            if word and self._case_step(token, word.group(), cut):
                return True
        return False

    def _pairing(self, tokens: list[str], broken: set[str]) -> set[str]:
        """The fragment tokens of ``broken`` that stand next to a letter run they could be
        split off with (see :meth:`_broken_pairs`), judged on the document's whitespace
        tokens: most fragments ("kbps", "href") stand between words and are dropped here,
        before their places in the text are looked up."""
        pairing: set[str] = set()
        last = len(tokens) - 1
        shapes, before_runs, after_runs = _SHAPES, _RUNS_BEFORE, _RUNS_AFTER
        for i in compress(count(), map(broken.__contains__, tokens)):
            token = tokens[i]
            shape = shapes.get(token)
            if shape is None:
                shape = _fragment_shape(token)
            letters, first, last_part = shape
            if first and i > 0:
                neighbour = tokens[i - 1]
                before = before_runs.get(neighbour, _UNSEEN)
                if before is _UNSEEN:
                    before = _unknown_run(neighbour, True)
                if before and self._decide_broken(f"{before} {letters}"):
                    pairing.add(token)
                    continue
            if last_part and i < last:
                neighbour = tokens[i + 1]
                after = after_runs.get(neighbour, _UNSEEN)
                if after is _UNSEEN:
                    after = _unknown_run(neighbour, False)
                if after and self._decide_broken(f"{letters} {after}"):
                    pairing.add(token)
        return pairing

    def _broken_pairs(self, text: str, token_start: int, token: str) -> Iterator[tuple[str, int, int]]:
        """A fragment left by a stray space ("childr en") and the unknown letter run it
        belongs to, across the one space between them: "fivechildr en" is a candidate."""
        fragment = _FRAGMENT_TOKEN.fullmatch(token)
        assert fragment is not None
        start, end = token_start + fragment.start(1), token_start + fragment.end(1)
        words = dictionary()
        if start == token_start:
            before = _RUN_BEFORE_SPACE.search(text, max(0, start - 40), start)
            if before and before.group(1).lower() not in words:
                yield "broken-word", before.start(1), end
        if end == token_start + len(token):
            after = _RUN_AFTER_SPACE.match(text, end)
            if after and after.group(1).lower() not in words:
                yield "broken-word", start, after.end(1)

    def _decide_broken_uncached(self, pair: str) -> tuple[int, ...] | None:
        """Cuts in "fivechildr en" (a letter run, one space, a fragment, either order):
        split the run where the best split of the joined letters cuts it."""
        first, second = pair.split(" ")
        joined = first + second
        if not (joined.islower() or joined[1:].islower()):
            return None
        decision = self._decide(joined)
        if decision is None or decision[1] <= 0:
            return None
        cuts = self._cuts(decision[0])
        fragment_first = len(first) < len(second)
        if fragment_first:
            inside = tuple(cut + 1 for cut in cuts if cut > len(first))
        else:
            inside = tuple(cut for cut in cuts if cut < len(first))
        return inside if len(inside) == len(cuts) else None

    def run(self, text: str, *, record: bool = True) -> Fixed:
        found: list[tuple[int, int, str, tuple[int, ...]]] = []
        protected: Protected | None = None
        english: EnglishGuard | None = None
        lower: str | None = None
        for rule, start, end in self._candidates(text):
            run = text[start:end]
            # The document's evidence is read around the candidate (about an article's
            # length either side), so that a file of many documents is not one document.
            def standing(word: str) -> int:
                nonlocal lower
                if lower is None:
                    lower = _same_length_lower(text)
                return len(_occurrences(lower[max(0, start - LOOKAROUND) : end + LOOKAROUND], word))

            if rule == "camel-case":
                cuts = self._decide_camel(run)
            elif rule == "title-pair":
                cuts = self._decide_title_pair(run)
                if cuts and text.count(run, max(0, start - LOOKAROUND), end + LOOKAROUND) > 1:
                    continue  # a camelCase name that recurs is a brand
            elif rule == "digit-boundary":
                cuts = (0,)  # an empty range at the cut
            elif rule == "broken-word":
                cuts = self._decide_broken(run)
            elif rule == "case-boundary":
                cuts = None if run.lower() in self._keep else (len(run),)
                end = start + len(run) + 1  # the glued capital is part of the token
            else:
                if not (run.islower() or run[1:].islower()):
                    continue  # camelCase and capitals are names or brands, not glue
                decision = self._decide(run)
                if decision is None or (run[0].isupper() and decision[1] <= 0):
                    cuts = self._name_then_word(run, standing if decision is None else None)
                    if cuts is None:
                        if decision is None:
                            continue
                    else:
                        decision = ((run[: cuts[0]].lower(), run[cuts[0] :].lower()), 1.0)
                parts, clearance = decision
                if run[0].isupper() and parts[0] in _FUNCTION_WORDS:
                    if not _sentence_start(text, start):
                        continue  # a capitalized function word inside a sentence is a name: "Asan", "Wason", "Byrock"
                    if clearance <= 0 and len(parts[0]) >= 2 and parts[-1] not in _FUNCTION_WORDS and all(part in dictionary() for part in parts[1:]):
                        # a sentence's first word is capitalized whatever it is: "Thetown",
                        # "Hecurrently" (not before a name: "Dorico" is no "Do rico")
                        clearance += self.options.capitalized_margin
                if clearance <= 0 and self.options.document_bonus:
                    evidence = sum(1 for part in parts if self._telling(part) and standing(part) > 0)
                    clearance += evidence * self.options.document_bonus
                cuts = self._cuts(parts) if clearance > 0 else None
            if not cuts:
                continue
            if protected is None:
                protected = Protected(text)
                english = EnglishGuard(text)
            assert english is not None
            if protected.overlaps(start, end) or not english.at(start):
                continue
            if rule == "glued-words" and run[0].isupper() and Model.get().unigrams.get(run.lower()) is None:
                if standing(run.lower()) > 1:
                    # an unseen capitalized token that stands again nearby is a name; a
                    # glued pair ("describedby", "inthe") recurs as the same error in a corpus
                    continue
            if rule == "glued-words" and _is_fragment(text, start, end):
                continue  # a piece of a word broken by a stray space: "canno t", "He l eft"
            if rule == "glued-words" and run.islower() and len(run) > 4 and run[cuts[-1]:] in _NAME_ENDINGS and _GENUS_BEFORE.search(text, max(0, start - 40), start):
                continue  # a species epithet ("Spragueia funeralis"); three or four letters ("Loka isa") are glue
            found.append((start, end, rule, cuts))
        if not found:
            return Fixed(text)
        found.sort()
        edits: list[Edit] = []
        last = -1
        for start, end, rule, cuts in found:
            if start < last or (start == last and rule != "digit-boundary"):
                continue
            last = end
            if rule == "digit-boundary":
                left = _ALNUM_BEFORE.search(text, max(0, start - 30), start)
                right = _ALNUM_AFTER.match(text, end)
                reason = f"word and number glued: {left.group() if left else ''} {right.group() if right else ''}"
            else:
                run = text[start:end]
                parts = [run[a:b] for a, b in zip((0,) + cuts, cuts + (len(run),))]
                reason = f"glued words: {' '.join(p for p in parts if p)}"
            for cut in cuts:
                edits.append(Edit(self.id, rule, start + cut, start + cut, "", " ", reason))
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())


_DAY_END = re.compile(r"(?<![^\W\d_])([A-Za-z]{3,})(\d{1,2})$")
_MONTH_AFTER = re.compile(r"[ \t](?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
_ALNUM_BEFORE = re.compile(r"[A-Za-z\d]+$")
_ALNUM_AFTER = re.compile(r"[A-Za-z\d]+")
# A lowercase fragment ("childr en"), not a name or an acronym ("SDF").
_FRAGMENT_TOKEN = re.compile(r"[^\w\s]*([a-z]{1,5})[^\w\s]*")
# Whole tokens of space-joined whitespace tokens, found by one regex call each: the
# fragment-shaped ones, those holding a case step or a digit step, those ending in a digit.
_FRAGMENT_IN_JOINED = re.compile(r"(?<!\S)[^\w\s]*[a-z]{1,5}[^\w\s]*(?!\S)")
_CASE_STEP_TOKEN = re.compile(r"(?<!\S)\S*?[a-z][A-Z]\S*")
_DIGIT_STEP_TOKEN = re.compile(r"(?<!\S)\S*?(?:[A-Za-z]\d|\d[A-Za-z])\S*")
_DIGIT_END_TOKEN = re.compile(r"(?<!\S)\S*\d(?!\S)")
_TRAILING_RUN = re.compile(r"(?<![^\W\d_])[A-Za-z]{3,}$")
_LEADING_RUN = re.compile(r"[A-Za-z]{3,}(?![^\W\d_])")

# Per-process caches of _pairing (plain dicts: a lookup is cheaper than a cached call).
_UNSEEN = object()
_SHAPES: dict[str, tuple[str, bool, bool]] = {}
_RUNS_BEFORE: dict[str, str | None] = {}
_RUNS_AFTER: dict[str, str | None] = {}


def _fragment_shape(token: str) -> tuple[str, bool, bool]:
    """A fragment token's letters, and whether they start and end it (cached)."""
    fragment = _FRAGMENT_TOKEN.fullmatch(token)
    assert fragment is not None
    if len(_SHAPES) >= _MAX_CACHED:
        _SHAPES.clear()
    shape = _SHAPES[token] = (fragment.group(1), fragment.start(1) == 0, fragment.end(1) == len(token))
    return shape


def _unknown_run(token: str, trailing: bool) -> str | None:
    """The letter run of three or more that ends (``trailing``) or starts a whitespace token,
    if it is no dictionary word: what a fragment next to the token could belong to (cached)."""
    found = _TRAILING_RUN.search(token) if trailing else _LEADING_RUN.match(token)
    run = found.group() if found and found.group().lower() not in dictionary() else None
    cache = _RUNS_BEFORE if trailing else _RUNS_AFTER
    if len(cache) >= _MAX_CACHED:
        cache.clear()
    cache[token] = run
    return run


_RUN_BEFORE_SPACE = re.compile(r"(?<![^\W\d_])([A-Za-z]{3,}) $")
_RUN_AFTER_SPACE = re.compile(r" ([A-Za-z]{3,})(?![^\W\d_])")
_GENUS_BEFORE = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{3,} $")
_NEIGHBOUR_BEFORE = re.compile(r"([A-Za-z]+) $")
_NEIGHBOUR_AFTER = re.compile(r" ([A-Za-z]+)")


def _is_fragment(text: str, start: int, end: int) -> bool:
    """True if the run joined with the word before or after it (across one space) is a word."""
    model = Model.get()
    run = text[start:end].lower()
    before = _NEIGHBOUR_BEFORE.search(text, max(0, start - 30), start)
    after = _NEIGHBOUR_AFTER.match(text, end)
    joined = []
    if before:
        joined.append(before.group(1).lower() + run)
    if after:
        joined.append(run + after.group(1).lower())
    return any(w in model.dictionary or model.unigrams.get(w, 0) >= 1e6 for w in joined)


_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;]|\n)[\s\"'(\[\u201c\u2018]*$")


def _sentence_start(text: str, start: int) -> bool:
    """True if ``start`` begins a sentence: only quotes, brackets and spaces lie between it
    and the start of the text, a line break or a sentence's final punctuation."""
    return _SENTENCE_BEFORE.search(text, max(0, start - 8), start) is not None if start > 8 else _SENTENCE_BEFORE.search(text[:start]) is not None


# Short tokens the web writes everywhere ("pm", "uk", "dvd", "jan", "mary") are not
# fragments; pieces of words are rarer ("th", "le", "ent", "ngers").
_FRAGMENT_MAX_COUNT = 6e7
_FRAGMENT_MAX_COUNT_LONGER = 1.2e7


def _fragment(letters: str) -> bool:
    """Whether a short lowercase token that is no dictionary word looks like a piece a stray
    space broke off a word ("en", "t", "ngers"), not an abbreviation or a code."""
    if len(letters) == 1:
        return letters not in "ai"
    limit = _FRAGMENT_MAX_COUNT if len(letters) == 2 else _FRAGMENT_MAX_COUNT_LONGER
    return Model.get().unigrams.get(letters, 0) < limit


def _occurrences(lower: str, word: str) -> list[int]:
    """Offsets where ``word`` stands in ``lower`` (a lowercased text) with no letter on
    either side; a C-speed find loop instead of a regex scan per word."""
    found: list[int] = []
    size = len(word)
    pos = lower.find(word)
    while pos != -1:
        before = lower[pos - 1] if pos else " "
        after = lower[pos + size] if pos + size < len(lower) else " "
        if not before.isalpha() and not after.isalpha():
            found.append(pos)
        pos = lower.find(word, pos + 1)
    return found


_FEW = 8
# Above this (words to find times characters), one scan of the text beats a find loop per word.
_SCAN_COST = 4_000_000
_LETTER_RUN = re.compile(r"(?<![^\W\d_])[a-z]+(?![^\W\d_])")
_TOKEN = re.compile(r"\S+")


def _locate(text: str, tokens: set[str]) -> dict[str, list[int]]:
    """Offsets of each whitespace token of ``tokens`` in ``text``: a find loop per token
    when there are few, one scan of the text when there are many."""
    if len(tokens) <= _FEW or len(tokens) * len(text) < _SCAN_COST:
        return {token: _token_occurrences(text, token) for token in tokens}
    found: dict[str, list[int]] = {token: [] for token in tokens}
    for match in _TOKEN.finditer(text):
        offsets = found.get(match.group())
        if offsets is not None:
            offsets.append(match.start())
    return found


def _token_occurrences(text: str, token: str) -> list[int]:
    """Offsets where ``token`` stands in ``text`` as a whole whitespace-delimited token."""
    found: list[int] = []
    size = len(token)
    pos = text.find(token)
    while pos != -1:
        if (pos == 0 or text[pos - 1].isspace()) and (pos + size == len(text) or text[pos + size].isspace()):
            found.append(pos)
        pos = text.find(token, pos + 1)
    return found


_GLUE_SUFFIX_SET = frozenset(_GLUE_SUFFIXES)
# Function words that begin a clause or a phrase and end almost no name, and how often a
# name must occur on the web for one of them glued after it to be split off.
_CLAUSE_WORDS = frozenset({"and", "was", "were", "from", "with", "that", "which", "the", "has", "had", "for", "who"})
_KNOWN_NAME_COUNT = 1e5
_GLUE_LENGTHS = sorted({len(s) for s in _GLUE_SUFFIXES}, reverse=True)


def _name_glue(low: str, before: int = 4) -> str | None:
    """The function word a lowercase run ends with after at least ``before`` letters (a
    name's length by default), if any (the longest: "Hansenand" ends with "and", not "nd")."""
    for size in _GLUE_LENGTHS:
        if len(low) - size >= before and low[-size:] in _GLUE_SUFFIX_SET:
            return low[-size:]
    return None


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


def _same_length_lower(text: str) -> str:
    """The text lowercased with every offset kept: ``str.lower`` can lengthen a text
    ("İ" becomes two code points), which would shift every offset after it; then only
    ASCII letters are lowered (the letter runs this pass looks for are ASCII)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else text.translate(_ASCII_LOWER)
