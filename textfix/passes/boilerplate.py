"""The boilerplate pass: lines an extractor leaked from the page around the article."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from ..edits import Edit, Fixed, apply_edits
from ..errors import RuleError
from ..rules import PATTERN_TIMEOUT, BoilerplateRule, load_rules, rules_dir
from .base import Pass
from .lines import normalize, over_cap, removal_edits, split_lines

if TYPE_CHECKING:
    from ..pass_config import PassConfig as Config

#: Lines longer than this are article text, never a whole boilerplate line.
MAX_LINE = 300


@lru_cache(maxsize=16)
def _rules(extra: tuple[str, ...]) -> tuple[BoilerplateRule, ...]:
    return load_rules(extra)


class _BuiltinRules(Mapping[str, str]):
    """The built-in rule ids and messages, read from rules/boilerplate/ on first use."""

    def _data(self) -> dict[str, str]:
        return {rule.id: rule.message for rule in _rules(())}

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
    """

    max_removed_share: float = 0.4
    rule_files: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0 <= self.max_removed_share <= 1:
            raise ValueError("max-removed-share must be between 0 and 1")


class BoilerplatePass(Pass):
    """Remove boilerplate lines: section links, share and newsletter prompts, bylines, credits.

    Why: main-content extractors tuned for recall leak the page around the article ("Latest
    News", "Thanks for signing up!", "• Zachary Reyes", "Comments are closed.").
    Example: "...forces.\\n\\nLatest News\\n" -> "...forces.\\n".
    Safety: rules are data (rules/boilerplate/*.toml) with examples and counterexamples that
    the tests run; a rule matches a whole line (or a phrase glued to the end of a sentence),
    never a part of a sentence; bylines and newsletter prompts only near the head or tail and
    only when shaped like one; lines over 300 characters are never removed; at most
    max-removed-share of a document's lines go, otherwise it is left alone with a note.
    """

    id = "boilerplate"
    invariant = "deletes whole lines or a rule-named phrase at the end of a line"
    rules: Mapping[str, str] = _BuiltinRules()
    Options = BoilerplateOptions

    def __init__(self, options: BoilerplateOptions | None = None, *, disabled: frozenset[str] | None = None) -> None:
        options = options if options is not None else BoilerplateOptions()
        all_rules = _rules(tuple(options.rule_files))
        self.rules = {rule.id: rule.message for rule in all_rules}
        super().__init__(options, disabled=disabled)
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
        trailing = sorted({t for r in active for t in r.trailing}, key=len, reverse=True)
        self._trailing_rule = {t.lower(): r for r in active for t in r.trailing}
        self._trailing = (
            # the sentence's last character is matched, not looked behind for: `re` then
            # skips ahead to the punctuation instead of trying the phrases at every position
            re.compile(r"[.!?\"”’)]([ \t]*(?i:(" + "|".join(re.escape(t) for t in trailing) + r"))[.…]*[ \t]*)$", re.M)
            if trailing
            else None
        )

    @classmethod
    def from_config(cls, config: "Config", disabled: frozenset[str]) -> "BoilerplatePass":
        options = config.options_for(cls.id)
        if config.rule_files:
            options = dataclasses.replace(options, rule_files=tuple(options.rule_files) + config.rule_files)
        return cls(options, disabled=disabled)

    @classmethod
    def known_rules(cls, rule_files: tuple[str, ...] = ()) -> set[str]:
        return {rule.id for rule in _rules(tuple(rule_files))}

    def _match(self, line: str, head: int, tail: int) -> BoilerplateRule | None:
        """The first rule that removes this whole line at this position, if any."""
        stripped = line.strip()
        if len(stripped) > MAX_LINE:
            return None
        for rule in self._line_rules(stripped):
            if _in_position(rule, head, tail):
                return rule
        return None

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

    def run(self, text: str, *, record: bool = True, head: bool = True, tail: bool = True) -> Fixed:
        """``head``/``tail``: whether the text starts/ends the document; rules for a
        document's head or tail apply only where it does (a piece of a huge file)."""
        raw = text.split("\n")
        content = [(index, line) for index, line in enumerate(raw) if line and not line.isspace()]
        removals: list[tuple[int, str, str]] = []
        total = len(content)
        far = 1 << 30  # a rank no position rule reaches
        for rank, (index, line) in enumerate(content):
            if len(line) > MAX_LINE and len(line.strip()) > MAX_LINE:
                continue
            rule = self._match(line, rank if head else far, total - 1 - rank if tail else far)
            if rule is not None:
                removals.append((index, rule.id, rule.message))
        removed = {index for index, _, _ in removals}
        for rule in self._tail_lists if tail else ():
            run = self._tail_run(rule, content, removed)
            removals.extend((index, rule.id, rule.message) for index in run)
            removed.update(run)
        trailing_edits = self._trailing_phrases(text, removed)
        if not removals and not trailing_edits:
            return Fixed(text)
        lines = split_lines(text)
        if over_cap(lines, len(removals), self.options.max_removed_share):
            note = f"{self.id}: {len(removals)} of {total} lines matched rules, above max-removed-share; document left alone"
            return Fixed(text, notes=(note,))
        edits = removal_edits(self.id, text, lines, removals) + trailing_edits
        edits.sort(key=lambda e: e.start)
        return Fixed(apply_edits(text, edits), tuple(edits) if record else ())

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

    def _trailing_phrases(self, text: str, removed: set[int]) -> list[Edit]:
        if self._trailing is None:
            return []
        edits = []
        for match in self._trailing.finditer(text):
            start, end = match.span(1)
            if text.count("\n", 0, start) in removed:
                continue
            rule = self._trailing_rule[match.group(2).lower()]
            edits.append(Edit(self.id, rule.id, start, end, text[start:end], "", f"{rule.message} at the end of a line"))
        return edits


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

