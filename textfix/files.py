"""Files: discovery, decoding (with the file's line endings and BOM kept), atomic writes."""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
import sys
from typing import Any, Iterable, Iterator

from .errors import InputError, TextfixError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TEMP_PREFIX = ".textfix-"
TEMP_SUFFIX = ".tmp"
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def read_toml(path: Path, error: type[TextfixError], what: str) -> dict[str, Any]:
    """Parse a TOML file; any failure raises ``error`` with a message naming the file."""
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise error(f"{path}: {what} not found") from None
    except (OSError, UnicodeDecodeError) as problem:
        raise error(f"{path}: cannot read {what}: {problem}") from None
    except tomllib.TOMLDecodeError as problem:
        raise error(f"{path}: invalid TOML: {problem}") from None


class BinaryFileError(InputError):
    """The file looks binary (a NUL byte and no UTF-16 byte-order mark): skipped."""


@dataclass(frozen=True)
class TextFile:
    """A decoded text file: its text with "\\n" line endings, and how to write it back."""

    path: Path
    text: str
    encoding: str
    bom: bytes = b""
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        return self.bom + text.encode(self.encoding)


def decode(data: bytes, path: Path, encoding: str = "utf-8") -> TextFile:
    """Decode bytes as text; undecodable input raises InputError naming the byte offset."""
    bom = b""
    for mark, codec in _BOMS:
        if data.startswith(mark):
            bom, encoding = mark, codec
            break
    if not bom and b"\x00" in data[:8192]:
        raise BinaryFileError(f"{path}: binary file (NUL byte at offset {data.index(0)}), skipped")
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as error:
        offset = error.start + len(bom)
        raise InputError(
            f"{path}: not valid {encoding} at byte {offset} ({error.reason}); use --encoding"
            " to name the file's encoding, or --skip-undecodable to pass over such files"
        ) from None
    except LookupError:
        raise InputError(f"unknown encoding '{encoding}'") from None
    newline = "\n"
    crlf = text.count("\r\n")
    if crlf and crlf == text.count("\n"):
        newline = "\r\n"
        text = text.replace("\r\n", "\n")
    return TextFile(path, text, encoding, bom, newline)


def read_text_file(path: Path, encoding: str = "utf-8") -> TextFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    return decode(data, path, encoding)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file's contents atomically, keeping its permissions.

    The new bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is renamed over the original: a crash leaves the old or the new file,
    never a half-written one.
    """
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX + path.name + ".", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException as error:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise InputError(f"{path}: cannot write: {error.strerror or error}; the file is unchanged") from None
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _matches(rel: str, name: str, patterns: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(rel if "/" in p else name, p) for p in patterns)


def discover(
    paths: Iterable[str | Path], include: Iterable[str], exclude: Iterable[str] = ()
) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every file to clean, sorted within each folder.

    A file named on the command line is always taken; folders are walked recursively,
    skipping hidden entries (``.git`` among them), keeping names that match ``include`` and
    none of ``exclude``. Symbolic links to folders are not followed (no loops).
    """
    include, exclude = tuple(include), tuple(exclude)
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            yield path, path.parent
            continue
        if not path.is_dir():
            raise InputError(f"{path}: no such file or folder")
        for folder, dirs, files in os.walk(path):
            base = Path(folder)
            rel_base = base.relative_to(path)
            dirs[:] = sorted(
                d for d in dirs if not d.startswith(".") and not _matches((rel_base / d).as_posix(), d, exclude)
            )
            for name in sorted(files):
                if name.startswith("."):
                    continue
                rel = (rel_base / name).as_posix()
                if _matches(rel, name, include) and not _matches(rel, name, exclude):
                    yield base / name, path
