"""Which engine runs the hot scans: the compiled core or the Python reference.

The compiled core is the ``textfix_core`` extension (Rust through PyO3, built from core/ by
``pip install ./core``). Each of its functions is a drop-in for one hot function of a pass,
whose Python version stays the reference: same inputs, same outputs, held together by
tests/test_core_differential.py. Without the core (a platform with no Rust and no wheel)
textfix runs the reference, with the same results, slower.

Hot functions read ``engine.core`` when they are called (None: run the reference), so
that ``engine.use("python")`` can switch a block of code to the reference.

``TEXTFIX_ENGINE`` chooses: ``auto`` (the default: the core if it is installed and is the
version this textfix was written against, else the reference), ``python`` (the reference
always) or ``compiled`` (the core, or an error). ``textfix --version`` says which runs.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from types import ModuleType
from typing import Iterator

#: The core version this textfix calls (core/Cargo.toml's); another version is not used.
CORE_VERSION = "0.1.0"
CHOICES = ("auto", "python", "compiled")


def _load() -> tuple[ModuleType | None, str | None, str]:
    """(the core or None, a problem to report or None, what runs, in words)."""
    choice = os.environ.get("TEXTFIX_ENGINE", "auto").strip().lower() or "auto"
    if choice not in CHOICES:
        return None, f"TEXTFIX_ENGINE={choice!r}: expected one of {', '.join(CHOICES)}", "python reference"
    if choice == "python":
        return None, None, "python reference (TEXTFIX_ENGINE=python)"
    try:
        import textfix_core
    except ImportError as error:
        if choice == "compiled":
            return None, f"TEXTFIX_ENGINE=compiled, but the compiled core cannot be imported ({error}); install it with: pip install ./core", "python reference"
        return None, None, "python reference (no compiled core installed)"
    found = textfix_core.version()
    if found != CORE_VERSION:
        problem = f"the installed compiled core is version {found}, this textfix needs {CORE_VERSION}; reinstall it with: pip install ./core"
        if choice == "compiled":
            return None, problem, "python reference"
        return None, None, f"python reference (compiled core {found} installed, {CORE_VERSION} needed)"
    return textfix_core, None, f"compiled core {found}"


core, problem, description = _load()
_installed = core


@contextmanager
def use(name: str) -> Iterator[None]:
    """Inside the block, run the reference (``"python"``) or the core (``"compiled"``): for
    differential tests and benchmarks. Hot functions read ``engine.core`` when called."""
    global core
    if name not in ("python", "compiled"):
        raise ValueError(f"engine.use({name!r}): expected 'python' or 'compiled'")
    if name == "compiled" and _installed is None:
        raise RuntimeError(f"engine.use('compiled'): no usable compiled core ({description})")
    saved = core
    core = _installed if name == "compiled" else None
    try:
        yield
    finally:
        core = saved


def check() -> None:
    """Raise ConfigError if TEXTFIX_ENGINE asks for what cannot run (exit code 2 on the command line)."""
    if problem is not None:
        from .errors import ConfigError

        raise ConfigError(problem)
