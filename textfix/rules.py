"""Rule data from rules/: sorted word lists and TOML rule files, loaded once, with errors
that name the file and the rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from .errors import RuleError
from .files import read_toml


def rules_dir() -> Path:
    """rules/ inside an installed wheel (textfix/rules) or beside the package in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RuleError(f"rules folder not found next to {here}")  # pragma: no cover


@lru_cache(maxsize=None)
def word_list(name: str) -> frozenset[str]:
    """A word list from rules/words/NAME.txt: one entry a line, '#' starts a comment."""
    return frozenset(read_word_file(rules_dir() / "words" / f"{name}.txt"))


def read_word_file(path: Path) -> list[str]:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RuleError(f"{path}: cannot read word list: {error}") from None
    words = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.append(entry)
    return words


# -- boilerplate rule files ----------------------------------------------------------

#: Time limit for one rule pattern on one line (the regex module's timeout), in seconds:
#: a user's pathological pattern fails loudly instead of hanging the run.
PATTERN_TIMEOUT = 1.0
POSITIONS = ("any", "head", "tail", "edge")
_RULE_KEYS = {
    "id", "message", "phrases", "patterns", "raw_patterns", "trailing", "position", "within",
    "examples", "counterexamples", "count", "example_path", "structure",
}
STRUCTURES = ("line", "tail-list")
_ID = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class BoilerplateRule:
    """One boilerplate rule, as declared in a TOML file of rules/boilerplate/.

    phrases: whole lines, compared in normalized form (lowercase, non-word runs as one space).
    patterns: regexes that must match a whole normalized line.
    raw_patterns: regexes that must match a whole line as written (stripped; case matters),
      for shapes such as bylines.
    trailing: phrases removed from the end of a content line after sentence punctuation
      ("...business.Click To Tweet"), matched case-insensitively.
    position: where the line must be: any, head or tail (within the first or last
      ``within`` non-blank lines), or edge (either).
    structure: "line" (each line on its own) or "tail-list" (a run of two or more lines
      that all match ``raw_patterns`` and end the document: a list of links after the
      article).
    examples / counterexamples: lines the rule must and must not remove (tests run them).
    """

    id: str
    message: str
    source: str
    phrases: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    raw_patterns: tuple[str, ...] = ()
    trailing: tuple[str, ...] = ()
    position: str = "any"
    within: int = 3
    structure: str = "line"
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    compiled: tuple[regex.Pattern[str], ...] = field(default=(), compare=False, repr=False)
    compiled_raw: tuple[regex.Pattern[str], ...] = field(default=(), compare=False, repr=False)


def _strings(value: object, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _compile(pattern: str, where: str, flags: int = 0) -> regex.Pattern[str]:
    try:
        return regex.compile(pattern, flags)
    except regex.error as error:
        raise RuleError(f"{where}: bad regular expression {pattern!r}: {error}") from None


@lru_cache(maxsize=None)
def load_rule_file(path: str) -> tuple[BoilerplateRule, ...]:
    """Read and validate one boilerplate rule file; errors name the file and the rule id."""
    from .passes.lines import normalize

    data = read_toml(Path(path), RuleError, "rule file")
    unknown_top = set(data) - {"rule"}
    if unknown_top:
        raise RuleError(f"{path}: unknown key '{sorted(unknown_top)[0]}' (a rule file holds [[rule]] tables)")
    rules = []
    for number, table in enumerate(data.get("rule", []), 1):
        if not isinstance(table, dict):
            raise RuleError(f"{path}: rule {number} is not a table")
        rule_id = table.get("id")
        if not isinstance(rule_id, str) or not _ID.fullmatch(rule_id):
            raise RuleError(f"{path}: rule {number}: 'id' must be a kebab-case string, got {rule_id!r}")
        where = f"{path}: rule {rule_id}"
        unknown = set(table) - _RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key '{sorted(unknown)[0]}' (keys: {', '.join(sorted(_RULE_KEYS))})")
        message = table.get("message")
        if not isinstance(message, str) or not message:
            raise RuleError(f"{where}: 'message' must be a non-empty string")
        position = table.get("position", "any")
        if position not in POSITIONS:
            raise RuleError(f"{where}: 'position' must be one of {', '.join(POSITIONS)}, got {position!r}")
        structure = table.get("structure", "line")
        if structure not in STRUCTURES:
            raise RuleError(f"{where}: 'structure' must be one of {', '.join(STRUCTURES)}, got {structure!r}")
        within = table.get("within", 3)
        if isinstance(within, bool) or not isinstance(within, int) or within < 1:
            raise RuleError(f"{where}: 'within' must be a positive integer")
        patterns = _strings(table.get("patterns", []), where, "patterns")
        raw = _strings(table.get("raw_patterns", []), where, "raw_patterns")
        phrases = tuple(normalize(p) for p in _strings(table.get("phrases", []), where, "phrases"))
        if any(not p for p in phrases):
            raise RuleError(f"{where}: a phrase is empty once normalized")
        trailing = _strings(table.get("trailing", []), where, "trailing")
        if not (phrases or patterns or raw or trailing):
            raise RuleError(f"{where}: no phrases, patterns, raw_patterns or trailing")
        rules.append(
            BoilerplateRule(
                id=rule_id,
                message=message,
                source=str(path),
                phrases=phrases,
                patterns=patterns,
                raw_patterns=raw,
                trailing=trailing,
                position=position,
                within=within,
                structure=structure,
                examples=_strings(table.get("examples", []), where, "examples"),
                counterexamples=_strings(table.get("counterexamples", []), where, "counterexamples"),
                compiled=tuple(_compile(p, where) for p in patterns),
                compiled_raw=tuple(_compile(p, where) for p in raw),
            )
        )
    return tuple(rules)


def load_rules(extra: tuple[str, ...] = ()) -> tuple[BoilerplateRule, ...]:
    """The built-in boilerplate rules (rules/boilerplate/*.toml) and those of ``extra`` files."""
    files = sorted(str(p) for p in (rules_dir() / "boilerplate").glob("*.toml"))
    rules: list[BoilerplateRule] = []
    seen: dict[str, str] = {}
    for path in [*files, *extra]:
        for rule in load_rule_file(str(path)):
            if rule.id in seen:
                raise RuleError(f"{path}: rule {rule.id}: id already used in {seen[rule.id]}")
            seen[rule.id] = str(path)
            rules.append(rule)
    return tuple(rules)
