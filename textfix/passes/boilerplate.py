"""The boilerplate pass: lines an extractor leaked from the page around the article."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..edits import Edit, Fixed, apply_edits
from ..errors import RuleError
from ..rules import PATTERN_TIMEOUT, BoilerplateRule, load_rules, rules_dir
from .base import Pass
from .line_scorer import (
    LineFeatures, TreeModel, _core_model, _core_scanner, _reference, _title_words, body_heading, candidate, in_scope, load_model, scored_lines,
)
from .lines import normalize, over_cap, removal_edits, split_lines, unicode_core

if TYPE_CHECKING:
    from ..pass_config import PassConfig as Config

#: Lines longer than this are article text, never a whole boilerplate line.
MAX_LINE = 300
#: The scorer's rules (the rule files hold the others).
SCORER_RULES = {
    "scored-line": "a line the learned scorer rates as boilerplate (features of the line and its neighbours)",
    "repeated-title": "a later copy of the document's title (the first copy stays)",
}
#: The scorer judges a line among its neighbours: documents of fewer non-blank lines (a
#: title, a one-paragraph record) have too few to judge by and are left to the rules.
SCORER_MIN_LINES = 5
#: Rounds of the pass at most (each judges the lines the rounds before kept; see run).
MAX_ROUNDS = 16


@lru_cache(maxsize=16)
def _rules(extra: tuple[str, ...]) -> tuple[BoilerplateRule, ...]:
    return load_rules(extra)


class _BuiltinRules(Mapping[str, str]):
    """The built-in rule ids and messages, read from rules/boilerplate/ on first use."""

    def _data(self) -> dict[str, str]:
        return {**{rule.id: rule.message for rule in _rules(())}, **SCORER_RULES}

    def __getitem__(self, key: str) -> str:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


@dataclass(frozen=True)
class BoilerplateOptions:
    """Options of the boilerplate pass.

    max_removed_share: the largest share of a document's non-blank lines this pass removes;
      above it the document is left alone and a note says why.
    rule_files: extra rule files (such as the output of ``textfix learn``); the top-level
      ``rules`` key of the configuration and ``--rules`` add to it.
    The scorer is the rule ``scored-line``: ignore ``boilerplate/scored-line`` to run the
    rules alone.
    """

    max_removed_share: float = 0.4
    rule_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.max_removed_share <= 1:
            raise ValueError("max-removed-share must be between 0 and 1")


class BoilerplatePass(Pass):
    """Remove boilerplate lines: a learned line scorer, and phrase rules of measured precision.

    Why: main-content extractors tuned for recall leak the page around the article ("Latest
    News", "Share this article", "• Zachary Reyes", "Comments are closed.").
    Example: "...forces.\\n\\nLatest News\\n" -> "...forces.\\n".
    How: rules (rules/boilerplate/*.toml, each item at 98% precision or more on
    boilerplate-train) remove the lines they match; a site-independent scorer
    (passes/line_scorer.py, trees in rules/models/boilerplate.json) rates every other line of
    a whole document from its own and its neighbours' features and removes those at or above
    its threshold, naming the probability and the strongest features. Headlines stay: the
    first line that is the title (or, with no title given, the document's first line) is
    never scored; a later copy of a known title goes; a section heading inside the body (in
    capitals, or in title case between paragraphs, far from both ends) is never removed by
    the scorer. The pass repeats until nothing more
    goes (at most MAX_ROUNDS rounds), so a second run changes nothing.
    Safety: lines over 300 characters are never removed, from 120 on (80 when they end like
    a sentence) never scored; the scorer
    runs only on whole documents of 5 lines or more (not on pieces of a huge file, nor on a
    one-paragraph record); at most max-removed-share of
    a document's lines go, otherwise it is left alone with a note.
    """

    id = "boilerplate"
    invariant = "deletes whole lines or a rule-named phrase at the end of a line"
    rules: Mapping[str, str] = _BuiltinRules()
    Options = BoilerplateOptions

    uses_title = True

    def __init__(self, options: BoilerplateOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        options = options if options is not None else BoilerplateOptions()
        all_rules = _rules(tuple(options.rule_files))
        self.rules = {**{rule.id: rule.message for rule in all_rules}, **SCORER_RULES}
        super().__init__(options, disabled=disabled)
        self._model: TreeModel | None = load_model() if self.enabled("scored-line") else None
        if self._model is not None:
            self._features = _line_features(self._model.link_words)
            self._threshold = self._model.threshold
        active = [rule for rule in all_rules if self.enabled(rule.id)]
        self._phrases: dict[str, BoilerplateRule] = {}
        for rule in active:
            for phrase in rule.phrases:
                # keyed without spaces, so a phrase glued together ("latestnews") matches
                # now, not only after split-words repairs it (a second run would differ)
                self._phrases.setdefault(phrase.replace(" ", ""), rule)
        line_rules = [rule for rule in active if rule.structure == "line"]
        self._tail_lists = [rule for rule in active if rule.structure == "tail-list"]
        self._pattern_rules = [rule for rule in line_rules if rule.compiled or rule.compiled_raw]
        # The built-in rules' patterns are tested on adversarial input and run on the faster
        # `re` engine; patterns from the user's rule files run on `regex`, with a time limit.
        builtin = str(rules_dir())
        mine = [rule for rule in line_rules if rule.source.startswith(builtin)]
        theirs = [rule for rule in line_rules if not rule.source.startswith(builtin)]
        self._fast_pattern = _fast_union([p.pattern for r in mine for p in r.compiled])
        self._fast_raw = _fast_union([p.pattern for r in mine for p in r.compiled_raw])
        self._any_pattern = _union([p.pattern for r in theirs for p in r.compiled])
        self._any_raw = _union([p.pattern for r in theirs for p in r.compiled_raw])
        self._line_rules = lru_cache(maxsize=8192)(self._line_rules_uncached)
        # the same rules for the compiled core (plain data: the pass stays picklable): rules by
        # number, and the phrases and built-in patterns; a user's patterns stay in Python
        self._numbered = tuple(active)
        number = {id(rule): n for n, rule in enumerate(active)}
        self._core_rules = None if self._any_pattern is not None or self._any_raw is not None else (
            tuple(sorted((key, number[id(rule)]) for key, rule in self._phrases.items())),
            tuple((number[id(r)], p.pattern) for r in self._pattern_rules for p in r.compiled),
            tuple((number[id(r)], p.pattern) for r in self._pattern_rules for p in r.compiled_raw),
            tuple(number[id(r)] for r in self._pattern_rules),
        )
        trailing = sorted({t for r in active for t in r.trailing}, key=len, reverse=True)
        self._trailing_rule = {t.lower(): r for r in active for t in r.trailing}
        self._trailing = (
            # the sentence's last character is matched, not looked behind for: `re` then
            # skips ahead to the punctuation instead of trying the phrases at every position
            re.compile(r"[.!?\"”’)]([ \t]*(?i:(" + "|".join(re.escape(t) for t in trailing) + r"))[.…]*[ \t]*)$", re.M)
            if trailing
            else None
        )
        # what the compiled core's document scan is made of (see _boilerplate_scanner)
        self._scan_key = (
            self._core_rules,
            tuple((rule.position, rule.within) for rule in self._numbered),
            tuple(self._trailing_rule),
            self._threshold if self._model is not None else None,
        )

    @classmethod
    def from_config(cls, config: "Config", disabled: frozenset[str]) -> "BoilerplatePass":
        options = config.options_for(cls.id)
        if config.rule_files:
            options = dataclasses.replace(options, rule_files=tuple(options.rule_files) + config.rule_files)
        return cls(options, disabled=disabled)

    @classmethod
    def known_rules(cls, rule_files: tuple[str, ...] = ()) -> set[str]:
        return {rule.id for rule in _rules(tuple(rule_files))} | set(SCORER_RULES)

    def _rule_hits(self, kept: list[tuple[int, str]]) -> list[tuple[int, tuple[BoilerplateRule, ...]]]:
        """(rank, every rule that matches the line wherever it stands) for each kept line that
        some rule matches: one scan of the compiled core (the reference for the lines it does
        not handle), or the reference line by line. Lines over MAX_LINE match nothing."""
        core = unicode_core() if self._core_rules is not None else None
        if core is None:
            return self._reference_hits(kept, range(len(kept)))
        numbered, unknown = _rule_scanner(core, self._core_rules).hits([line for _, line in kept])
        hits = [(rank, tuple(self._numbered[n] for n in numbers)) for rank, numbers in numbered]
        if unknown:
            hits += self._reference_hits(kept, unknown)
            hits.sort(key=lambda hit: hit[0])
        return hits

    def _reference_hits(self, kept: list[tuple[int, str]], ranks: Iterable[int]) -> list[tuple[int, tuple[BoilerplateRule, ...]]]:
        hits = []
        for rank in ranks:
            stripped = kept[rank][1].strip()
            if len(stripped) <= MAX_LINE and (rules := self._line_rules(stripped)):
                hits.append((rank, rules))
        return hits

    def _line_rules_uncached(self, stripped: str) -> tuple[BoilerplateRule, ...]:
        """Every rule that matches this stripped line, wherever it stands, in rule order
        (cached: boilerplate lines recur across the documents of a corpus)."""
        key = normalize(stripped)
        if not key:
            return ()
        candidates: list[BoilerplateRule] = []
        rule = self._phrases.get(key.replace(" ", ""))
        if rule is not None:
            candidates.append(rule)
        if (self._fast_pattern is not None and self._fast_pattern.fullmatch(key)) or (
            self._any_pattern is not None and self._fullmatch(self._any_pattern, key, raw=False)
        ):
            candidates.extend(r for r in self._pattern_rules if any(self._fullmatch(p, key, False) for p in r.compiled))
        if (self._fast_raw is not None and self._fast_raw.fullmatch(stripped)) or (
            self._any_raw is not None and self._fullmatch(self._any_raw, stripped, raw=True)
        ):
            candidates.extend(r for r in self._pattern_rules if any(self._fullmatch(p, stripped, True) for p in r.compiled_raw))
        return tuple(candidates)

    def _fullmatch(self, pattern: regex.Pattern[str], text: str, raw: bool) -> bool:
        """A whole-line match with a time limit; a pattern that runs away (catastrophic
        backtracking in a user's rule) is an error naming the rule, not a hang."""
        try:
            return pattern.fullmatch(text, timeout=PATTERN_TIMEOUT) is not None
        except TimeoutError:
            for rule in self._pattern_rules:
                for compiled in rule.compiled_raw if raw else rule.compiled:
                    try:
                        compiled.fullmatch(text, timeout=PATTERN_TIMEOUT)
                    except TimeoutError:
                        raise RuleError(
                            f"{rule.source}: rule {rule.id}: pattern {compiled.pattern!r} took over "
                            f"{PATTERN_TIMEOUT:g} s on a {len(text)}-character line (catastrophic backtracking?)"
                        ) from None
            raise RuleError(f"boilerplate patterns together took over {PATTERN_TIMEOUT:g} s on one line") from None

    positional = True
    line_based = True

    def run(self, text: str, *, record: bool = True, head: bool = True, tail: bool = True, title: str | None = None) -> Fixed:
        """``head``/``tail``: whether the text starts/ends the document; rules for a
        document's head or tail apply only where it does (a piece of a huge file), and the
        scorer only on a whole document. ``title``: the document's title, where known."""
        if self._quiet(text, head, tail, title):
            return Fixed(text)
        raw = text.split("\n")
        content = [(index, line) for index, line in enumerate(raw) if line and not line.isspace()]
        removed: dict[int, tuple[str, str]] = {}
        titled, copies = self._title_lines(content, title if head else None)
        # the headline: the title's first copy, or else the document's first line, is never scored
        headline = titled if titled is not None else (content[0][0] if head and content else None)
        for index in copies:
            removed[index] = ("repeated-title", "a later copy of the title")
        # each line's distance from the top and the bottom of the whole document
        ends = {index: (rank, len(content) - 1 - rank) for rank, (index, _) in enumerate(content)}
        # Each round judges the lines still kept, at their new positions and among their new
        # neighbours; the pass stops when a round removes nothing, so its output is a fixed
        # point (a second run changes nothing).
        for _ in range(MAX_ROUNDS):
            kept = [(index, line) for index, line in content if index not in removed]
            found = self._rule_round(kept, head, tail, titled)
            if self._model is not None and head and tail and len(kept) >= SCORER_MIN_LINES:
                found.update(self._scored_round(kept, title, headline, found, record, ends))
            if not found:
                break
            removed.update(found)
        trailing_edits = self._trailing_phrases(text, set(removed))
        if not removed and not trailing_edits:
            return Fixed(text)
        lines = split_lines(text)
        if over_cap(lines, len(removed), self.options.max_removed_share):
            note = f"{self.id}: {len(removed)} of {len(content)} lines matched rules, above max-removed-share; document left alone"
            return Fixed(text, notes=(note,))
        removals = [(index, rule, reason) for index, (rule, reason) in removed.items()]
        edits = removal_edits(self.id, text, lines, removals) + trailing_edits
        edits.sort(key=lambda e: e.start)
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())

    def _scanner(self):  # type: ignore[no-untyped-def]
        """The compiled core's document scanner for this pass, or None: the reference runs
        (no core, rules the core does not take, or tail-list rules)."""
        core = unicode_core() if self._core_rules is not None and not self._tail_lists else None
        return _boilerplate_scanner(core, self) if core is not None else None

    def _quiet(self, text: str, head: bool, tail: bool, title: str | None) -> bool:
        """True where the compiled core's one scan of the document finds that the first
        round below removes nothing and no trailing phrase can match (the common case), so
        run returns the text as it is; False: run the reference (always, without the core)."""
        scanner = self._scanner()
        if scanner is None:
            return False
        key = normalize(title) if head and title and self.enabled("repeated-title") else None
        words = _title_words(title)
        asks = scanner.quiet(text, head, tail, key, words, _reference(self._features, words) if self._model is not None else None)
        if asks is None:
            return False
        # the lines whose rules the core leaves to the reference (characters the engines read
        # apart): quiet only if none has a rule at its place
        for stripped, top, bottom in asks:
            rules = self._line_rules(stripped) if len(stripped) <= MAX_LINE else ()
            if any(_in_position(rule, top, bottom) for rule in rules):
                return False
        return True

    def _title_lines(self, content: list[tuple[int, str]], title: str | None) -> tuple[int | None, list[int]]:
        """The first line that is the known title (never removed) and its later copies."""
        key = normalize(title) if title else ""
        if not key or not self.enabled("repeated-title"):
            return None, []
        same = [index for index, line in content if _is_title(normalize(line), key)]
        return (same[0], same[1:]) if same else (None, [])

    def _rule_round(self, kept: list[tuple[int, str]], head: bool, tail: bool, titled: int | None) -> dict[int, tuple[str, str]]:
        found: dict[int, tuple[str, str]] = {}
        total = len(kept)
        far = 1 << 30  # a rank no position rule reaches
        for rank, rules in self._rule_hits(kept):
            index = kept[rank][0]
            if index == titled:
                continue
            at = (rank if head else far, total - 1 - rank if tail else far)
            rule = next((rule for rule in rules if _in_position(rule, *at)), None)
            if rule is not None:
                found[index] = (rule.id, rule.message)
        for rule in self._tail_lists if tail else ():
            run = self._tail_run(rule, kept, set(found))
            found.update((index, (rule.id, rule.message)) for index in run)
        return found

    def _scored_round(
        self,
        kept: list[tuple[int, str]],
        title: str | None,
        headline: int | None,
        found: dict[int, tuple[str, str]],
        record: bool,
        ends: dict[int, tuple[int, int]],
    ) -> dict[int, tuple[str, str]]:
        """Lines the scorer removes: those at or above the threshold, judged among the kept
        lines (a line a rule removes in this round still counts as a neighbour). Only lines
        the position gate (line_scorer.in_scope) and the cheap gate (line_scorer.candidate)
        leave are scored, and never a heading inside the body (line_scorer.body_heading)."""
        model = self._model
        assert model is not None
        scored = self._core_scored(kept, title, headline, found)
        if scored is None:  # the reference
            stripped = [line.strip() for _, line in kept]
            scope = in_scope(stripped)
            only = [
                k for k, line in enumerate(stripped)
                if scope[k] and candidate(line) and kept[k][0] != headline and kept[k][0] not in found and any(map(str.isalnum, line))
            ]
            if not only:
                return {}
            scored = scored_lines(stripped, self._features, model, title, only, self._threshold)
        out: dict[int, tuple[str, str]] = {}
        for k, p, x in scored:
            # a heading is judged by its place in the whole document, not among the lines left
            if body_heading(x, *ends[kept[k][0]]):
                continue
            reason = f"boilerplate score {p:.2f}: {', '.join(model.explain(x))}" if record else ""
            out[kept[k][0]] = ("scored-line", reason)
        return out

    def _core_scored(
        self, kept: list[tuple[int, str]], title: str | None, headline: int | None, found: dict[int, tuple[str, str]]
    ) -> list[tuple[int, float, tuple[float, ...]]] | None:
        """The scored lines of _scored_round from one call of the compiled core (the gates and
        scored_lines there), or None: run the reference."""
        scanner = self._scanner()
        if scanner is None:
            return None
        indexes, lines = zip(*kept)
        skip = []  # the ranks of the headline and of the round's rule removals (kept is in order)
        for index in (headline, *found) if headline is not None else found:
            rank = bisect_left(indexes, index)
            if rank < len(indexes) and indexes[rank] == index:
                skip.append(rank)
        words = _title_words(title)
        return scanner.scored_round(list(lines), skip, words, _reference(self._features, words))

    def _tail_run(self, rule: BoilerplateRule, content: list[tuple[int, str]], removed: set[int]) -> list[int]:
        """Indexes of the run of lines matching the rule that ends the document (two or more),
        looking past lines other rules already remove and one closing line (a credit or a
        sign-off after the list)."""
        run: list[int] = []
        passed_over = 0
        for index, line in reversed(content):
            if index in removed:
                if run:
                    break
                continue
            stripped = line.strip()
            if len(stripped) <= MAX_LINE and any(self._fullmatch(p, stripped, True) for p in rule.compiled_raw):
                run.append(index)
            elif not run and passed_over == 0:
                passed_over = 1
            else:
                break
        return run if len(run) >= 2 else []

    def _trailing_matches(self, text: str) -> Iterable[tuple[int, int, str]]:
        """(start, end, phrase) of each trailing phrase found, left to right (one scan of the
        compiled core where it reads the text as `re` does)."""
        assert self._trailing is not None
        core = unicode_core()
        scanner = _trailing_scanner(core, self._trailing.pattern, tuple(self._trailing_rule)) if core is not None else None
        if scanner is not None and (found := scanner.find(text)) is not None:
            return found
        return ((*match.span(1), match.group(2)) for match in self._trailing.finditer(text))

    def _trailing_phrases(self, text: str, removed: set[int]) -> list[Edit]:
        if self._trailing is None:
            return []
        edits = []
        # the line number of each match, counted on from the previous match (finditer goes
        # left to right): linear time, not a count from the start of the text per match
        line, counted = 0, 0
        for start, end, phrase in self._trailing_matches(text):
            line += text.count("\n", counted, start)
            counted = start
            if line in removed:
                continue
            rule = self._trailing_rule.get(phrase.lower())
            if rule is None:
                continue  # matched only by Unicode case folding ("thıs" for "this"): not the phrase
            edits.append(Edit(self.id, rule.id, start, end, text[start:end], "", f"{rule.message} at the end of a line"))
        return edits


#: The compiled core's rule scanners, one per set of rules (made once per process).
_RULE_SCANNERS: dict[tuple, object] = {}


def _rule_scanner(core, rules: tuple):  # type: ignore[no-untyped-def]
    scanner = _RULE_SCANNERS.get(rules)
    if scanner is None:
        phrases, patterns, raw, order = rules
        scanner = _RULE_SCANNERS[rules] = core.RuleScanner(dict(phrases), list(patterns), list(raw), list(order), MAX_LINE)
    return scanner


#: The core's document scanners (BoilerplateScanner), one per pass: keyed by the ids of the
#: pass's plain set-up data (_scan_key; hashing its rules on every call costs more than a
#: small document's scan) and of its model, both held so that their ids stay their own.
_BOILERPLATE_SCANNERS: dict[tuple[int, int], tuple[object, tuple, object | None]] = {}


def _boilerplate_scanner(core, bp: BoilerplatePass):  # type: ignore[no-untyped-def]
    """The core's scan of a whole document for this pass's rules, scorer and trailing
    phrases, or None where the core cannot run one (the reference runs)."""
    model = bp._model
    key = (id(bp._scan_key), id(model))
    held = _BOILERPLATE_SCANNERS.get(key)
    if held is None or held[0] is not model or held[1] is not bp._scan_key:
        if len(_BOILERPLATE_SCANNERS) >= 64:  # passes come and go: keep the last few
            _BOILERPLATE_SCANNERS.clear()
        scanner = None
        scorer = None
        lines = _core_scanner(core, bp._features) if model is not None else None
        if model is None or lines is not None:
            if model is not None:
                scorer = (lines, _core_model(core, model), bp._threshold, SCORER_MIN_LINES)
            try:
                _, positions, trailing, _ = bp._scan_key
                scanner = core.BoilerplateScanner(_rule_scanner(core, bp._core_rules), list(positions), scorer, list(trailing), _re_ascii_folds())
            except ValueError:
                scanner = None
        held = _BOILERPLATE_SCANNERS[key] = (model, bp._scan_key, scanner)
    return held[2]


@lru_cache(maxsize=1)
def _re_ascii_folds() -> list[str]:
    """The characters of the Basic Multilingual Plane outside ASCII that `re` matches to an
    ASCII character ignoring case ("İ", "ı", "ſ", the Kelvin sign): where one ends a line,
    a trailing phrase may match there (the core's screen then leaves the text to the reference)."""
    plane = "".join(map(chr, range(0x80, 0x10000)))
    return re.findall(r"(?i)[\x00-\x7f]", plane)


_TRAILING_SCANNERS: dict[str, object | None] = {}


def _trailing_scanner(core, pattern: str, phrases: tuple[str, ...]):  # type: ignore[no-untyped-def]
    """The core's scanner for the trailing phrases, or None where they are not all ASCII or
    the regex crate cannot read the pattern (then the reference runs)."""
    if pattern not in _TRAILING_SCANNERS:
        try:
            _TRAILING_SCANNERS[pattern] = core.TrailingScanner(pattern, list(phrases))
        except ValueError:
            _TRAILING_SCANNERS[pattern] = None
    return _TRAILING_SCANNERS[pattern]


@lru_cache(maxsize=4)
def _line_features(link_words: tuple[str, ...]) -> LineFeatures:
    return LineFeatures(link_words)


def _is_title(line: str, title: str) -> bool:
    """The line is the title, or a part of it of 20 characters or more (a site's name cut)."""
    return line == title or (len(line) >= 20 and line in title)


def _fast_union(patterns: list[str]) -> "re.Pattern[str] | regex.Pattern[str] | None":
    """The union on `re` when it can compile it (built-in patterns), else on `regex`."""
    if not patterns:
        return None
    try:
        return re.compile(_union_source(patterns))
    except re.error:  # pragma: no cover - a built-in pattern only `regex` reads
        return _union(patterns)


def _union_source(patterns: list[str]) -> str:
    # A leading global flag such as (?i) becomes a scoped one, so it stays with its pattern.
    return "|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns)


def _union(patterns: list[str]) -> regex.Pattern[str] | None:
    return regex.compile(_union_source(patterns)) if patterns else None


def _in_position(rule: BoilerplateRule, head: int, tail: int) -> bool:
    if rule.position == "head":
        return head < rule.within
    if rule.position == "tail":
        return tail < rule.within
    if rule.position == "edge":
        return head < rule.within or tail < rule.within
    return True

