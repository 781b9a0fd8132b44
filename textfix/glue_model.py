"""The junction model: is there a missing space at this place inside a token?

One model decides every candidate junction of the in-line passes: a place inside a
whitespace token where two words (or a sentence end and the next sentence) may have run
together. The kind of junction is an input, not a separate rule:

    log-odds(glued) = prior[kind] + rate + LM + lexicon + structure + document

- ``prior[kind]``: log-odds that a candidate of this kind is glue, before looking at its
  words. Kinds: "lower" (a lowercase run whose split holds a function word), "compound"
  (one whose split holds none: closed compounds such as "overcrossings" outnumber glue),
  "slug" (added to the prior of a lowercase run split in three or more parts: two missing
  spaces in one token are rare in real scraped text, made-up names, handles and tags such
  as "wearethebest" are not: on the tuning pages of glue-dev and boilerplate-train, 10 of
  the 12 such candidates within 5 below the threshold were names, against 22 of 31
  two-part "lower" candidates there; set to -2, a little more than those counts say),
  "start" and "title" (a capitalized run at a sentence start, or inside a sentence, where
  it is most often a name), "case", "digit" and "sentence" (see below). The default ("web") table is set on the tuning half of shared/data/glue-dev (real
  scraped pages), where glued lowercase words are rare; the "dense" preset is for text with
  many glued words (OCR output, synthetic benchmarks such as wsc-wiki-dev).
- ``rate``: the document's own glue rate, from its unambiguous glue (``word.The``: a sentence
  end glued to the next sentence), as log(observed / expected), clamped to [0, RATE_MAX].
- ``LM`` (letter runs): log P(w1 .. wk | neighbours) - log P(t | neighbours) under
  wordsegment's unigram and bigram counts (stupid backoff), for the best split w1 .. wk of
  the run t (Viterbi); the smaller of the values with and without the neighbouring
  dictionary words, so that neighbours can speak against a split but never make one (a
  split of a neighbour must not change the decision on a second run). A glued form's own count
  is discounted against the two words apart, c'(t) = max(0, c(t) - RHO * c(w1 w2)): web
  word lists hold glued forms ("ofthe"). An unseen t gets the count of a rare word, less
  LENGTH_PENALTY per letter.
- ``lexicon``: wordfreq's frequency f(t) of the whole token (discounted as above): the LM's
  P(t) is raised to f(t) where wordfreq knows t better, and a token wordfreq knows costs
  KNOWN more; a token one edit from a word v (f(v) >= TYPO_FLOOR) may be a misspelling of
  it: P(t) is raised to TYPO_RATE * f(v) where that is more (a soft noisy channel).
- ``structure`` (case and digit junctions, where dictionary evidence fails: brands such as
  "GoldSeek" look like glue): log likelihood ratios of structural features, set on the
  glue-dev tuning half: the right part a function word or sentence starter ("marketThe"),
  the left part a function word ("theMinister"), a run of three or more case parts (a
  glued menu), a known abbreviation ("NewsU.S."); against: the whole a lexicon word
  ("YouTube"), the pair standing again nearby (a name the document repeats).
  At letter runs, one structural term: a compound (no function word among the parts)
  that starts with a bound prefix ("inter", "non", "over": rules/words/compound-prefixes.txt).
- ``document``: parts of four letters or more that stand alone nearby, DOC_BONUS each, at
  most DOC_MAX and only when LM + lexicon > 0 (so it is never enough on its own); the whole
  token standing again nearby, -DOC_BONUS each, at most -DOC_MAX. A lowercase glued form
  that stands nearby as a name nobody spaces (inside a URL, handle, hashtag or identifier,
  or written with inner capitals: "#beready", "BeReady"): DOC_NAMED.

A space is inserted where the log-odds reach THRESHOLD (chosen on the tuning halves for
precision). Each decision carries its terms, so an edit's reason names its evidence.
Cost: a letter run longer than MAX_RUN letters is never searched, so a token costs at most
MAX_RUN * MAX_PART * MAX_PART steps; typo neighbours are only made for runs of at most
MAX_RUN letters.
"""

from __future__ import annotations

import marshal
import math
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import engine
from .rules import word_list

FUNCTION_WORDS = word_list("english-function-words")
#: Function words that start sentences and headings ("The", "In", "It's"); not "Is",
#: "One" or "Are", which end names as often ("PGIs", "SourceOne").
STARTERS = frozenset(
    "a about after all also an and as at but by for from he her his how i if in into it its "
    "no not on our she so that the their there these they this to we what when which who with "
    "you your".split()
)
TWO_LETTER = word_list("two-letter-words")
PREFIXES = word_list("compound-prefixes")

MAX_RUN = 30
MAX_PART = 20
RHO = 2e-3
OOV_COUNT = 12000.0
LENGTH_PENALTY = 0.75
KNOWN = 3.0
TYPO_FLOOR = 1e-7
#: How often a given one-edit misspelling of a word is written, per use of the word.
TYPO_RATE = 1e-4
DOC_BONUS = 2.0
DOC_MAX = 4.0
RATE_MAX = 2.0
#: A glued form that the document writes as a name (see ``document`` above).
DOC_NAMED = -6.0
THRESHOLD = 3.0
#: A part counts as document evidence only if it is at most this frequent on the web
#: ("regime" is evidence; "people", found in any article, is not).
EVIDENCE_MAX_COUNT = 3e7
#: How often (wordsegment's web counts) a part of three letters or more must occur.
MIN_PART_COUNT = 200000.0

#: Prior log-odds by kind of junction: web (default) and dense (many glued words).
PRIORS = {
    "web": {"lower": -6.0, "compound": -9.0, "slug": -2.0, "start": -7.0, "title": -10.0, "case": -3.0, "digit": -3.5, "sentence": 5.0},
    "dense": {"lower": -1.0, "compound": -2.0, "slug": 0.0, "start": -2.0, "title": -4.0, "case": 3.0, "digit": 0.5, "sentence": 5.0},
}
#: Structural log likelihood ratios (case and digit junctions).
STRUCTURE = {
    "starter": 8.0,  # the right part a capitalized function word: "marketThe", "NewsIn"
    "function": 6.5,  # the left part a lowercase function word: "theMinister", "ofNASA"
    "menu": 7.0,  # four or more case parts, each a word: "HomeNewsPoliticsSports"
    "short menu": 3.0,  # three: "PoliticsBusinessSports", but also "FiveThirtyEight"
    "abbreviation": 7.0,  # "NewsU.S."
    "known": -10.0,  # the whole a lexicon word: "YouTube", "iPhone", "PlayStation"
    "repeated": -5.0,  # the pair stands again nearby: a name the document repeats
    "month": 7.0,  # a month name after a number: "15December"
    "prefix": -4.0,  # a compound run that starts with a bound prefix: "interrepresentations"
    "word": 3.0,  # a dictionary word of three letters or more next to a number, not a unit
    "words": 2.0,  # both sides of a case junction dictionary words of three letters or more
}


class Model:
    """wordsegment's unigram and bigram counts and its dictionary, loaded once per process."""

    _lock = threading.Lock()
    _instance: "Model | None" = None

    def __init__(self) -> None:
        self.unigrams, self.bigrams, self.total = _load_counts()
        self.dictionary = dictionary()
        self.log_total = math.log(self.total)
        self._compiled: Any = None

    def compiled(self, core: Any) -> Any:
        """The compiled core's copy of these counts and of the plausible parts (best_split,
        _language_model), built on first use by the compiled engine."""
        if self._compiled is None:
            oov = math.log(OOV_COUNT) - self.log_total
            parts = plausible_parts(MIN_PART_COUNT)
            self._compiled = core.SplitModel(self.unigrams, self.bigrams, parts, self.log_total, oov, LENGTH_PENALTY, RHO, MAX_RUN, MAX_PART)
        return self._compiled

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

    def log_score(self, word: str, previous: str | None) -> float:
        """wordsegment's stupid-backoff score: P(word | previous) from bigrams, else P(word)
        (a word it has never seen: the count of a rare word, less LENGTH_PENALTY a letter)."""
        if previous is not None:
            pair = self.bigrams.get(f"{previous} {word}")
            if pair is not None:
                return math.log(pair) - math.log(self.unigrams[previous])
        count = self.unigrams.get(word)
        if count is None:
            return math.log(OOV_COUNT) - self.log_total - LENGTH_PENALTY * len(word)
        return math.log(count) - self.log_total


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
    """wordsegment's counts (parsing its text files takes most of a second, the cached
    marshal copy a fraction of that)."""
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
    """wordsegment's word list alone (a tenth of the load time of its counts, and cached)."""
    import wordsegment

    def build() -> frozenset[str]:
        with open(wordsegment.Segmenter.WORDS_FILENAME, encoding="utf-8") as handle:
            return frozenset(word for word in handle.read().splitlines() if word.isalpha())

    return _cached("words", [wordsegment.Segmenter.WORDS_FILENAME], build, lambda value: isinstance(value, frozenset))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, float]:
    """wordfreq's English frequencies (word -> share of tokens), loaded once per process
    (its gzipped lists take a fifth of a second to read; the marshal copy in the cache
    folder, keyed by the data files, a fraction of that)."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")  # found, not imported: importing takes longer
    folder = os.path.join(list(spec.submodule_search_locations or [""])[0], "data") if spec else ""
    sources = [os.path.join(folder, name) for name in ("large_en.msgpack.gz", "small_en.msgpack.gz") if os.path.exists(os.path.join(folder, name))]

    def build() -> dict[str, float]:
        from wordfreq import get_frequency_dict

        return dict(get_frequency_dict("en"))

    return _cached("wordfreq-en", sources, build, lambda value: isinstance(value, dict))


@lru_cache(maxsize=1)
def compiled_lexicon(core: Any) -> Any:
    """The compiled core's copy of lexicon(), handed over once per process."""
    return core.Lexicon(lexicon())


@lru_cache(maxsize=1)
def compiled_words(core: Any) -> Any:
    """The compiled core's copy of dictionary(), handed over once per process."""
    return core.WordSet(dictionary())


def compiled_planner(core: Any, preset: str, keep: frozenset[str] = frozenset(), lists: dict[str, Any] | None = None, numbers: dict[str, float] | None = None) -> Any:
    """The compiled core's Planner (core/src/plan.rs): judge_run and judge_case with this
    module's word lists and constants, and, given a pass's ``keep``, its word ``lists`` and
    ``numbers`` (threshold floors, MAX_TOKEN), the split-words plan screen; without them it
    judges runs only (see _compiled_judge)."""
    empty: frozenset[str] = frozenset()
    found_lists = {"function": FUNCTION_WORDS, "starters": STARTERS, "prefixes": PREFIXES, "split_function": empty, "name_prefixes": empty, "units": empty, "months": empty, **(lists or {})}
    model = Model.get()
    found_numbers = {
        **PRIORS[preset],
        **STRUCTURE,
        "reach": math.inf,
        "case_floor": math.inf,
        "max_token": 0,
        "rho": RHO,
        "total": model.total,
        "KNOWN": KNOWN,
        "typo_floor": TYPO_FLOOR,
        "typo_rate": TYPO_RATE,
        **(numbers or {}),
    }
    return core.Planner(model.compiled(core), compiled_words(core), compiled_lexicon(core), keep, found_lists, found_numbers)


#: The compiled core takes over split-words' language model and token planning once this
#: process has judged this many letter runs on the reference: a short job (one small file, a
#: pre-commit hook) does not pay for copying the word counts and the lexicon into the core
#: (about 0.35 s), which the reference puts off until a run needs them. Both sides of the
#: switch give the same results (tests/test_core_split.py); the core's tests set it to 0.
COMPILED_AFTER = 2000
_judged_by_reference = 0


def compiled_core() -> Any:
    """The compiled core for split-words' model, or None: the reference runs (no core, or
    fewer than COMPILED_AFTER runs judged so far in this process)."""
    core = engine.core
    return core if core is not None and _judged_by_reference >= COMPILED_AFTER else None


@lru_cache(maxsize=8)
def _compiled_judge(core: Any, preset: str) -> Any:
    """The Planner judge_run asks (one per preset: each has its own prior table)."""
    return compiled_planner(core, preset)


@lru_cache(maxsize=4)
def plausible_parts(floor: float) -> frozenset[str]:
    """Every plausible part of a split: English two-letter words, "a", and dictionary words
    seen at least ``floor`` times on the web (or any token seen fifty times that often, such
    as "london"). Cached next to the counts (see _cached)."""
    import wordsegment

    def build() -> frozenset[str]:
        model = Model.get()
        words = model.dictionary
        return frozenset(
            word for word, count in model.unigrams.items() if len(word) > 2 and count >= floor and (word in words or count >= 50 * floor)
        )

    sources = [wordsegment.Segmenter.UNIGRAMS_FILENAME, wordsegment.Segmenter.WORDS_FILENAME]
    return _cached(f"parts-{floor:g}", sources, build, lambda value: isinstance(value, frozenset)) | TWO_LETTER | {"a"}


@dataclass(frozen=True)
class Evidence:
    """The terms of one decision, in log-odds (natural log)."""

    kind: str
    prior: float
    lm: float = 0.0
    lexicon: float = 0.0
    structure: float = 0.0
    document: float = 0.0
    rate: float = 0.0

    @property
    def total(self) -> float:
        return self.prior + self.rate + self.lm + self.lexicon + self.structure + self.document

    def glued(self, threshold: float = THRESHOLD) -> bool:
        return self.total >= threshold

    def describe(self) -> str:
        terms = [f"prior {self.prior:+.1f} ({self.kind})"]
        for name, value in (("rate", self.rate), ("LM", self.lm), ("lexicon", self.lexicon), ("structure", self.structure), ("document", self.document)):
            if value:
                terms.append(f"{name} {value:+.1f}")
        return ", ".join(terms) + f" = {self.total:+.1f}"


def best_split(run: str, previous: str | None = None, following: str | None = None) -> tuple[float, tuple[str, ...]] | None:
    """The best split of a lowercase run into two or more plausible parts and its log
    probability with its neighbours (Viterbi over wordsegment's stupid-backoff scores), or
    None (no split, or a run longer than MAX_RUN)."""
    core = compiled_core()
    if core is not None:
        return Model.get().compiled(core).best_split(run, previous, following)
    n = len(run)
    if n > MAX_RUN or n < 2:
        return None
    parts_ok = plausible_parts(MIN_PART_COUNT)
    longest = min(n - 1, MAX_PART)
    if parts_ok.isdisjoint([run[n - k :] for k in range(1, longest + 1)]) or parts_ok.isdisjoint([run[:k] for k in range(1, longest + 1)]):
        return None  # no part can end (or start) the run: most names and rare words
    model = Model.get()
    score_of = model.log_score
    states: list[dict[str, tuple[float, tuple[str, ...]]]] = [{} for _ in range(n + 1)]
    states[0][previous or ""] = (0.0, ())
    for i in range(n):
        for j in range(i + 1, min(n, i + MAX_PART) + 1):
            part = run[i:j]
            if part not in parts_ok or (i == 0 and j == n):
                continue
            there = states[j]
            for before, (score, parts) in states[i].items():
                new = score + score_of(part, before or None)
                current = there.get(part)
                if current is None or new > current[0]:
                    there[part] = (new, parts + (part,))
    if not states[n]:
        return None
    finals = [(score + (score_of(following, last) if following else 0.0), parts) for last, (score, parts) in states[n].items()]
    return max(finals)


def _discounted(count: float, pair: float) -> float:
    return max(0.0, count - RHO * pair)


@lru_cache(maxsize=100_000)
def judge_run(run: str, previous: str | None, following: str | None, preset: str, start: bool = False, floor: float = -math.inf) -> tuple[tuple[str, ...], Evidence] | None:
    """The best split of a letter run (lowercase, or capitalized) and its evidence before
    the document's (prior, LM, lexicon); None if the run has no plausible split. A
    capitalized run inside a sentence is most often a name ("Isan", "Hansenand"), at the
    start of one (``start``) less so ("Thetown").
    ``previous``/``following``: the neighbouring dictionary words, lowercase, if any.
    ``floor``: a total below which the caller drops the run anyway (the typo search, the
    costly part, is then skipped)."""
    global _judged_by_reference
    core = compiled_core()
    if core is not None and run.isascii() and run.isalpha():
        found = _compiled_judge(core, preset).judge_run(run, previous, following, start, floor)
        if found is None:
            return None
        parts, kind, prior, lm, lex, structure = found
        return tuple(parts), Evidence(kind, prior, lm=lm, lexicon=lex, structure=structure)
    _judged_by_reference += 1
    low = run.lower()
    scored = _language_model(low, None, None)
    if scored is None:
        return None
    if previous or following:
        # the neighbours may only speak against a split, never for one: what a split of a
        # neighbour makes a neighbour on a second run cannot change the decision
        with_context = _language_model(low, previous, following)
        if with_context is not None and with_context[0] < scored[0]:
            scored = with_context
    lm, parts, alone, split_score, pair, own = scored
    if any(a == "a" and b[0] in "aeiou" for a, b in zip(parts, parts[1:])):
        return None  # "a enigma" is not English
    model = Model.get()
    # the lexicon raises P(t) to wordfreq's (discounted) frequency where it knows t better
    known = _discounted(lexicon().get(low, 0.0), pair / model.total)
    lex = 0.0
    if known > 0:
        lex = -max(0.0, math.log(known) - alone) - KNOWN
    if not run.islower():
        kind = "start" if start else "title"
    elif any(len(p) >= 2 and p in FUNCTION_WORDS for p in parts) or "a" in parts:
        kind = "lower"
    else:
        kind = "compound"  # no function word: closed compounds ("overcrossings") outnumber glue
    prior = PRIORS[preset][kind]
    structure = STRUCTURE["prefix"] if kind == "compound" and parts[0] in PREFIXES else 0.0
    if len(parts) >= 3 and run.islower():
        # two junctions in one token: made-up names ("wearethebest") outnumber glue
        kind, prior = f"{kind}, slug", prior + PRIORS[preset]["slug"]
    if own == 0 and known == 0 and len(low) >= 5 and prior + lm >= floor:
        # a misspelling of a word v one edit away is another way to write t: P(t) is at
        # least TYPO_RATE * f(v) (a soft noisy channel: "assymmetric", "agreen")
        typo = _near_miss(low)
        if typo:
            lex = -max(0.0, math.log(TYPO_RATE * typo) - alone)
    return parts, Evidence(kind, prior, lm=lm, lexicon=lex, structure=structure)


def _language_model(low: str, previous: str | None, following: str | None) -> tuple[float, tuple[str, ...], float, float, float, float] | None:
    """(LM evidence, parts, log P(t), log P(parts), count of the first two parts apart,
    discounted count of t) for the best split of ``low`` between its neighbours."""
    core = compiled_core()
    if core is not None:
        return Model.get().compiled(core).language_model(low, previous, following)
    best = best_split(low, previous, following)
    if best is None:
        return None
    split_score, parts = best
    model = Model.get()
    pair = model.bigrams.get(f"{parts[0]} {parts[1]}", 0.0)
    own = _discounted(model.unigrams.get(low, 0.0), pair)
    if own > 0:
        alone = math.log(own) - model.log_total
        if previous and f"{previous} {low}" in model.bigrams:
            alone = model.log_score(low, previous)
    else:
        alone = math.log(OOV_COUNT) - model.log_total - LENGTH_PENALTY * len(low)
    lm = split_score - alone - (model.log_score(following, low if own > 0 else None) if following else 0.0)
    return lm, parts, alone, split_score, pair, own


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit(word: str) -> set[str]:
    """Every string one edit (delete, transpose, replace, insert of a letter a-z) from
    ``word``, ``word`` itself left out."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    found = {a + b[1:] for a, b in splits if b}
    found.update([a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1])
    found.update([a + c + b[1:] for a, b in splits if b for c in _LETTERS])
    found.update([a + c + b for a, b in splits for c in _LETTERS])
    found.discard(word)
    return found


@lru_cache(maxsize=1)
def _typo_targets() -> frozenset[str]:
    """The lexicon's words of frequency TYPO_FLOOR or more (what a misspelling may be of)."""
    return frozenset(word for word, share in lexicon().items() if share >= TYPO_FLOOR)


def _near_miss(word: str) -> float:
    """The frequency of the most frequent word one edit from ``word``, if at least
    TYPO_FLOOR, else 0. The candidates meet the targets in one set intersection (C-level,
    over the few hundred candidates), not one lookup each in Python."""
    hits = _typo_targets() & one_edit(word)
    get = lexicon().get
    return max((get(hit, 0.0) for hit in hits), default=0.0)


def known_word(letters: str) -> bool:
    """Whether wordfreq or wordsegment's dictionary knows a letter run as a word."""
    low = letters.lower()
    return low in lexicon() or low in dictionary()


def judge_case(left: str, right: str, after: str, parts: int, preset: str, abbreviation: bool = False) -> Evidence:
    """Evidence for a case junction ``left|right`` ("marketThe", "NewsU.S."), before the
    document's: ``left`` is the word before the capital (the last part of its run),
    ``right`` the capitalized letters, ``after`` the character after them in the token
    ("" at its end), ``parts`` the number of case parts in the whole run and
    ``abbreviation`` whether an abbreviation such as "U.S." starts at the capital. Dictionary evidence is left out on purpose:
    brands and site names ("GoldSeek") look exactly like glue."""
    total = 0.0
    if len(right) >= 2 and right.lower() in STARTERS and after in ("", "'", "’"):
        total += STRUCTURE["starter"]
    if len(left) >= 2 and left.islower() and left in FUNCTION_WORDS:
        total += STRUCTURE["function"]
    if parts >= 4:
        total += STRUCTURE["menu"]
    elif parts == 3:
        total += STRUCTURE["short menu"]
    if abbreviation:
        total += STRUCTURE["abbreviation"]
    if len(left) >= 3 and len(right) >= 3 and left.lower() in dictionary() and right.lower() in dictionary():
        total += STRUCTURE["words"]
    lex = STRUCTURE["known"] if (left + right).lower() in lexicon() else 0.0
    return Evidence("case", PRIORS[preset]["case"], structure=total, lexicon=lex)


#: Words that after a dot make a domain or file name ("Example.Com", "Node.Js"), never a sentence.
NAME_SUFFIXES = frozenset(word_list("tlds") | word_list("file-extensions"))


def judge_sentence(right: str, preset: str = "web") -> Evidence:
    """Evidence for a sentence end glued to a capitalized word ("hours.The", 'said."That's'),
    the junction punctuation-spacing repairs: glue nobody writes on purpose, unless the
    right part makes a domain or file name."""
    structure = STRUCTURE["known"] if right.lower() in NAME_SUFFIXES else 0.0
    return Evidence("sentence", PRIORS[preset]["sentence"], structure=structure)


#: How far sentence_gap reads ahead for the quote after a glued sentence end, and how far
#: back a QuoteReader starts again when asked about an earlier position.
QUOTE_AHEAD = 200
QUOTE_BACK = 1000
_QUOTES_OF = {'"': re.compile('["“”]'), "'": re.compile("['‘’]")}
_OPENS_AFTER = {'"': "([{-–—", "'": "([{-–—\"“"}
_CLOSES_BEFORE = {'"': ",.;:!?)]}", "'": ",.;:!?)]}\"”"}


def _straight_side(text: str, i: int, quote: str) -> str:
    """How the straight quote at ``i`` reads from its two neighbours: "open" (after a space,
    the line start or an opening bracket, before a non-space), "close" (after a non-space,
    before a space, the end or punctuation), "apostrophe" (a single quote between letters:
    "don't") or "glued" (both sides glued, as at a glued sentence end: '."The')."""
    left, right = text[i - 1 : i], text[i + 1 : i + 2]
    if quote == "'" and left.isalpha() and right.isalpha():
        return "apostrophe"
    left_open = left == "" or left.isspace() or left in _OPENS_AFTER[quote]
    right_open = right == "" or right.isspace() or right in _CLOSES_BEFORE[quote]
    if left_open != right_open:
        return "open" if left_open else "close"
    return "glued"


class QuoteReader:
    """The quotation state of one text, read left to right once (so that the calls of one
    pass over a text stay linear): the quotes of a kind (" with “ ”, ' with ‘ ’) from the
    start of the paragraph (after the last blank line) up to a position; a curly quote says
    its direction, a straight one its side (_straight_side), and one glued on both sides
    flips the state. Asked about an earlier position, it reads again from at most
    QUOTE_BACK characters before it."""

    __slots__ = ("text", "read", "inside")

    def __init__(self, text: str) -> None:
        self.text = text
        self.read = {'"': 0, "'": 0}
        self.inside = {'"': False, "'": False}

    def inside_at(self, q: int, quote: str) -> bool:
        """Whether ``text[q]`` stands inside a quotation of the kind of ``quote``."""
        text, start = self.text, self.read[quote]
        if q < start:
            start, self.inside[quote] = max(0, q - QUOTE_BACK), False
        blank = text.rfind("\n\n", max(0, start - 1), q)
        if blank != -1:
            start, self.inside[quote] = blank + 2, False
        inside = self.inside[quote]
        for m in _QUOTES_OF[quote].finditer(text, start, q):
            char = m.group()
            if char in "“‘":
                inside = True
            elif char == "”" or (char == "’" and not text[m.start() - 1 : m.start()].isalpha()):
                inside = False
            elif char == quote:
                side = _straight_side(text, m.start(), quote)
                if side != "apostrophe":
                    inside = side == "open" if side != "glued" else not inside
        self.read[quote], self.inside[quote] = q, inside
        return inside


def sentence_gap(text: str, end: int, quotes: QuoteReader | None = None) -> int:
    """Where the space goes after a sentence end whose closing marks end at ``end``: after
    them, except before a straight quote there that opens the next sentence
    ('she said."That's' -> 'she said. "That's'; 'the children."The' -> 'the children." The').

    Rule: read the quotes of the same kind (" with “ ”, ' with ‘ ’) from the start of the
    paragraph (after the last blank line): a curly quote says its direction, a straight one
    opens after a space and closes before one, one glued on both sides flips the state
    (QuoteReader). Outside a quotation the quote opens. Inside one, a straight double quote
    still opens where the next double quote in its paragraph, within QUOTE_AHEAD characters,
    closes (a quotation of several paragraphs leaves them unclosed: 'He wrote: "We lost the
    barn."The water stayed," he added.'). Curly ” and ’ always close (no opening one was
    found in the data), and so does a quote before “ or ‘.
    Measured (benchmarks/quote_side.py: every glued sentence end at a quote whose side is
    known, glue-dev's glue positions and the spaced ones of clean text glued back), right
    sides, tuning / validation parts: glue-dev content 100/109 / 81/86, page 107/116 / 82/87,
    gold bodies of boilerplate-train 1847/1870 / 1797/1823 (the rule before, the previous
    quote on the line: 98/109 / 72/86, 102/116 / 73/87, 1591/1870 / 1509/1823).
    Cost: with one QuoteReader per text (as the pass passes), every quote of the text is
    read once, plus QUOTE_AHEAD characters per glued sentence end."""
    q = end - 1
    quote = text[q:end]
    if quote not in ('"', "'") or text[end : end + 1] in ("“", "‘"):
        return end
    if not (quotes or QuoteReader(text)).inside_at(q, quote):
        return q
    if quote == '"':
        stop = text.find("\n\n", end, end + QUOTE_AHEAD)
        after = text.find('"', end, end + QUOTE_AHEAD if stop == -1 else stop)
        if after != -1 and _straight_side(text, after, quote) == "close":
            return q
    return end
