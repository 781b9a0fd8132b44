"""The options of one run of ``fix`` or ``check``: one frozen object, built once from the
command line and handed to every layer (the passes' own settings are in the Config)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .config import Config
from .formats import FileTask


@dataclass(frozen=True)
class RunOptions:
    """``mode``: ``fix``, ``check`` or ``diff``; ``output``: the folder ``fix`` writes into
    instead of in place; ``fmt``: how findings are printed (text, json, github); ``jobs``:
    worker processes (already resolved: never 0); the rest as the command line's options."""

    mode: str
    paths: tuple[str, ...]
    config: Config
    output: Path | None = None
    fmt: str = "text"
    statistics: bool = False
    quiet: bool = False
    encoding: str = "utf-8"
    skip_undecodable: bool = False
    text_key: str = "text"
    title_key: str | None = None
    jobs: int = 1
    scheduler: str | None = None
    force_exclude: bool = False

    @classmethod
    def from_params(cls, mode: str, config: Config, params: Mapping[str, Any]) -> "RunOptions":
        """From the parameters click parsed for ``fix`` or ``check``."""
        output = params.get("output")
        return cls(
            mode="diff" if params["diff"] else mode,
            paths=tuple(params["paths"]),
            config=config,
            output=Path(output) if output else None,
            fmt=params["fmt"],
            statistics=params["statistics"],
            quiet=params["quiet"],
            encoding=params["encoding"],
            skip_undecodable=params["skip_undecodable"],
            text_key=params["text_key"],
            title_key=params.get("title_key"),
            jobs=params["jobs"] or os.cpu_count() or 1,
            scheduler=params["scheduler"],
            force_exclude=params["force_exclude"],
        )

    @property
    def work(self) -> str:
        """What the workers do: `check --quiet` shows no findings, so they only count."""
        return "count" if self.mode == "check" and self.quiet and self.fmt == "text" else self.mode

    def task(self, path: Path, root: Path) -> FileTask:
        """The task for one file found below ``root`` (its place in ``output`` mirrors it)."""
        output = self.output / path.relative_to(root) if self.output is not None else None
        return FileTask(path, self.work, output, self.encoding, self.skip_undecodable, self.text_key, self.title_key)
