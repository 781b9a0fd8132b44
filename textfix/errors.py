"""Errors that textfix reports to the user (exit code 2 on the command line)."""

from __future__ import annotations


class TextfixError(Exception):
    """A usage, configuration or input error, with a message that names its source."""


class ConfigError(TextfixError):
    """A configuration file or option is wrong; the message names the file and key."""


class RuleError(TextfixError):
    """A rule file is wrong; the message names the file and the rule id."""


class InputError(TextfixError):
    """An input file cannot be read as text; the message names the file and the problem."""
