"""What a pass reads from the configuration when it is built (Pass.from_config), as a
Protocol: the passes need not import textfix.config, which imports the pass registry."""

from __future__ import annotations

from typing import Any, Protocol


class PassConfig(Protocol):
    """The part of textfix.config.Config that a pass sees."""

    rule_files: tuple[str, ...]

    def options_for(self, pass_id: str) -> Any: ...
