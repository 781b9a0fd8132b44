"""Configuration: one frozen Config, read from [tool.textfix] or textfix.toml, validated."""

from __future__ import annotations

import dataclasses
import sys
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import ConfigError
from .files import anchor_patterns, read_toml
from .passes import PASSES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILES = ("textfix.toml", "pyproject.toml")

# Top-level keys: TOML name -> Config field.
_TOP_LEVEL = {
    "select": "select",
    "extend-select": "extend_select",
    "ignore": "ignore",
    "include": "include",
    "exclude": "exclude",
    "rules": "rule_files",
}


@dataclass(frozen=True)
class Config:
    """The effective configuration: which passes and rules run, with which options.

    ``select`` empty means every pass with its default rules. Entries of ``select``,
    ``extend_select`` and ``ignore`` are pass ids (``whitespace``) or rule ids
    (``whitespace/tab``). ``options`` holds each pass's options object by pass id.
    """

    select: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    include: tuple[str, ...] = ("*.txt", "*.text", "*.txt.gz", "*.jsonl", "*.jsonl.gz", "*.json.gz", "*.parquet")
    exclude: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    options: tuple[tuple[str, Any], ...] = ()
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for name in ("select", "extend_select", "ignore"):
            check_ids(getattr(self, name), self.source or "Config", name.replace("_", "-"), self.rule_files)

    def options_for(self, pass_id: str) -> Any:
        for key, value in self.options:
            if key == pass_id:
                return value
        return PASSES[pass_id].Options()

    def with_options(self, pass_id: str, *, where: str | None = None, **changes: Any) -> "Config":
        """A copy with some options of one pass changed (validated; an error names ``where``
        the change came from, by default the Config)."""
        current = self.options_for(pass_id)
        try:
            new = dataclasses.replace(current, **changes)
        except (TypeError, ValueError) as error:
            raise ConfigError(f"{where or 'Config.with_options'}: [{pass_id}] {error}") from None
        rest = tuple((k, v) for k, v in self.options if k != pass_id)
        return dataclasses.replace(self, options=rest + ((pass_id, new),))

    def enabled_rules(self) -> dict[str, frozenset[str]]:
        """Pass id -> the rules that are off, for every pass that runs, in registry order."""
        passes: dict[str, frozenset[str]] = {}
        selected = self.select or tuple(PASSES)
        for pass_id, cls in PASSES.items():
            rules = cls.known_rules(self.rule_files)
            chosen = [s for s in selected + self.extend_select if s == pass_id or s.startswith(pass_id + "/")]
            if not chosen or pass_id in self.ignore:
                continue
            whole = pass_id in selected or pass_id in self.extend_select
            on = set(rules - cls.default_off) if whole else set()
            on |= {s.split("/", 1)[1] for s in chosen if "/" in s}
            on -= {s.split("/", 1)[1] for s in self.ignore if s.startswith(pass_id + "/")}
            if on:
                passes[pass_id] = frozenset(rules - on)
        return passes

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str | None = None, base: Path | None = None) -> "Config":
        """Build a Config from a parsed [tool.textfix] table; errors name the key and file."""
        where = source or "configuration"
        values: dict[str, Any] = {}
        options: dict[str, Any] = {}
        for key, value in data.items():
            if key in _TOP_LEVEL:
                items = _string_list(value, where, key)
                if key == "rules" and base is not None:
                    items = tuple(str((base / item).resolve()) for item in items)
                if key in ("include", "exclude") and base is not None:
                    items = anchor_patterns(items, base)  # as ruff: relative to the file's folder
                values[_TOP_LEVEL[key]] = items
            elif key in PASSES:
                if not isinstance(value, Mapping):
                    raise ConfigError(f"{where}: [{key}] must be a table of options")
                options[key] = _build_options(key, value, where)
            else:
                known = ", ".join(sorted(set(_TOP_LEVEL) | set(PASSES)))
                raise ConfigError(f"{where}: unknown key '{key}' (known: {known})")
        return cls(**values, options=tuple(options.items()), source=source)

    @classmethod
    def load(cls, path: str | Path) -> "Config":
        """Read a textfix.toml (top-level keys) or a pyproject.toml ([tool.textfix])."""
        path = Path(path)
        data = read_toml(path, ConfigError, "configuration file")
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("textfix", {})
        return cls.from_mapping(data, str(path), path.parent)

    @classmethod
    def discover(cls, paths: Iterable[str | Path]) -> "Config":
        """The configuration found upward from the inputs (textfix.toml before pyproject.toml)."""
        found = find_config_file(paths)
        return cls.load(found) if found else cls()

    def to_toml(self) -> str:
        """The effective configuration as TOML, every option spelled out."""
        lines = [f"# source: {self.source or 'defaults'}"]
        for key, name in _TOP_LEVEL.items():
            lines.append(f"{key} = {_toml_value(getattr(self, name))}")
        active = self.enabled_rules()
        lines.append(f"# passes that run, in order: {', '.join(active) or 'none'}")
        for pass_id in PASSES:
            lines.append("")
            lines.append(f"[{pass_id}]")
            if pass_id in active:
                off = sorted(active[pass_id])
                lines.append(f"# rules off: {', '.join(off) if off else 'none'}")
            else:
                lines.append("# this pass does not run")
            opts = self.options_for(pass_id)
            for f in dataclasses.fields(opts):
                lines.append(f"{f.name.replace('_', '-')} = {_toml_value(getattr(opts, f.name))}")
        return "\n".join(lines) + "\n"


def find_config_file(paths: Iterable[str | Path]) -> Path | None:
    """The first textfix.toml, or pyproject.toml with [tool.textfix], upward from the inputs."""
    starts = [Path(p).resolve() for p in paths if str(p) != "-"] or [Path.cwd()]
    start = starts[0] if starts[0].is_dir() else starts[0].parent
    for folder in (start, *start.parents):
        textfix_toml = folder / "textfix.toml"
        if textfix_toml.is_file():
            return textfix_toml
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            if "textfix" in read_toml(pyproject, ConfigError, "configuration file").get("tool", {}):
                return pyproject
    return None


def parse_option(assignment: str) -> tuple[str, str, Any]:
    """Parse ``pass.option=value`` (value in TOML syntax, bare words as strings)."""
    name, sep, raw = assignment.partition("=")
    pass_id, dot, option = name.strip().partition(".")
    if not sep or not dot:
        raise ConfigError(f"--option {assignment!r}: expected PASS.OPTION=VALUE")
    try:
        value = tomllib.loads(f"v = {raw.strip()}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw.strip()
    return pass_id, option, value


def check_ids(entries: Iterable[str], where: str, key: str, rule_files: tuple[str, ...] = ()) -> None:
    """Every entry is a pass id or a rule id; an error names ``where`` it came from (a
    file, the command line, the Config) and ``key``."""
    for entry in entries:
        pass_id, _, rule = entry.partition("/")
        cls = PASSES.get(pass_id)
        if cls is None:
            raise ConfigError(f"{where}: {key}: unknown pass '{pass_id}' (passes: {', '.join(PASSES)})")
        if rule:
            known = cls.known_rules(rule_files)
            if rule not in known:
                raise ConfigError(f"{where}: {key}: unknown rule '{entry}' (rules of {pass_id}: {', '.join(sorted(known))})")


def _string_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _build_options(pass_id: str, table: Mapping[str, Any], where: str) -> Any:
    cls = PASSES[pass_id].Options
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in fields:
            known = ", ".join(sorted(f.replace("_", "-") for f in fields)) or "none"
            raise ConfigError(f"{where}: [{pass_id}] unknown option '{key}' (options: {known})")
        kwargs[name] = _coerce(value, hints[name], f"{where}: [{pass_id}] {key}")
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as error:
        raise ConfigError(f"{where}: [{pass_id}] {error}") from None


def _coerce(value: Any, hint: Any, where: str) -> Any:
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"{where}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}: expected a string, got {value!r}")
        return value
    if typing.get_origin(hint) is tuple:
        if isinstance(value, str) or not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where}: expected a list of strings, got {value!r}")
        return tuple(value)
    raise ConfigError(f"{where}: unsupported option type {hint!r}")  # pragma: no cover


def coerce_option(pass_id: str, option: str, value: Any, where: str) -> tuple[str, Any]:
    """Validate one option given on the command line; returns (field name, value)."""
    if pass_id not in PASSES:
        raise ConfigError(f"{where}: unknown pass '{pass_id}' (passes: {', '.join(PASSES)})")
    cls = PASSES[pass_id].Options
    name = option.replace("-", "_")
    hints = typing.get_type_hints(cls)
    if name not in hints:
        known = ", ".join(sorted(n.replace("_", "-") for n in hints)) or "none"
        raise ConfigError(f"{where}: unknown option '{option}' of {pass_id} (options: {known})")
    if typing.get_origin(hints[name]) is tuple and isinstance(value, str):
        value = [v for v in value.split(",") if v]
    return name, _coerce(value, hints[name], where)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)  # pragma: no cover
