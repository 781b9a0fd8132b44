"""Files: discovery, decoding (with the file's line endings and BOM kept), atomic writes."""

from __future__ import annotations

import codecs
import dataclasses
import fnmatch
import gzip
import os
import posixpath
import re
import stat
import tempfile
import zlib
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


JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson", ".ndjson.gz")


def is_jsonl(path: Path) -> bool:
    """JSON Lines corpora: one JSON object a line, plain or gzip-compressed."""
    return path.name.endswith(JSONL_SUFFIXES)


def is_gzip(path: Path) -> bool:
    return path.name.endswith(".gz")


@dataclass(frozen=True)
class TextFile:
    """A decoded text file: its text with "\\n" line endings, and how to write it back."""

    path: Path
    text: str
    encoding: str
    bom: bytes = b""
    newline: str = "\n"
    compressed: bool = False

    def encode(self, text: str) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = self.bom + text.encode(self.encoding)
        return gzip.compress(data, mtime=0) if self.compressed else data


def undecodable(path: Path, encoding: str, offset: int, reason: str) -> InputError:
    return InputError(
        f"{path}: not valid {encoding} at byte {offset} ({reason}); use --encoding"
        " to name the file's encoding, or --skip-undecodable to pass over such files"
    )


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
        raise undecodable(path, encoding, error.start + len(bom), error.reason) from None
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
        if is_gzip(path):
            data = gzip.decompress(data)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise InputError(f"{path}: not a valid gzip file ({error})") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    source = decode(data, path, encoding)
    return dataclasses.replace(source, compressed=True) if is_gzip(path) else source


#: Files larger than this (bytes on disk; a quarter of it for gzip) are cleaned in pieces,
#: so that memory stays bounded whatever the size of the file.
LARGE_FILE = 32 * 2**20
#: About how many characters one piece of a large file holds.
PIECE_SIZE = 4 * 2**20
_BLOCK = 2**20
_PARAGRAPH_CUT = re.compile(r"\n[ \t]*\n(?=[ \t]*\S)")
_LINE_CUT = re.compile(r"\n(?=[ \t]*\S)")


def is_large(path: Path) -> bool:
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size > (LARGE_FILE // 4 if is_gzip(path) else LARGE_FILE)


@dataclass(frozen=True)
class Piece:
    """A piece of a large text file, cleaned as a document of its own.

    ``head``/``tail``: the piece starts/ends the file; ``in_line``: it starts or ends
    inside a line (a line longer than a piece), so passes that judge whole lines skip it;
    ``line``/``column``: where it starts in the file (1-based)."""

    text: str
    head: bool
    tail: bool
    in_line: bool
    line: int
    column: int


class TextStream:
    """A text file too large to read whole, read as a sequence of pieces.

    Pieces are cut after a blank line where one is near the end of the piece, else at a line
    break, else (inside a line longer than a piece) before a single space between two words,
    else anywhere. A first read checks the whole file (encoding, byte-order mark, binary
    content, line endings) before anything is cleaned or written, as for a small file.
    """

    def __init__(self, path: Path, encoding: str = "utf-8", piece_size: int | None = None) -> None:
        self.path = path
        self.compressed = is_gzip(path)
        self.piece_size = piece_size or PIECE_SIZE
        with self._open() as handle:
            try:
                start = handle.read(8192)
            except (gzip.BadGzipFile, EOFError, zlib.error) as error:
                raise InputError(f"{path}: not a valid gzip file ({error})") from None
            except OSError as error:
                raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
            self.bom = b""
            for mark, codec in _BOMS:
                if start.startswith(mark):
                    self.bom, encoding = mark, codec
                    break
            if not self.bom and b"\x00" in start:
                raise BinaryFileError(f"{path}: binary file (NUL byte at offset {start.index(0)}), skipped")
            self.encoding = encoding
            lf = crlf = 0
            previous_cr = False
            for text in self._decoded(handle, start):
                lf += text.count("\n")
                crlf += text.count("\r\n") + (previous_cr and text.startswith("\n"))
                previous_cr = text.endswith("\r")
        self.newline = "\r\n" if crlf and crlf == lf else "\n"

    def _open(self) -> Any:
        try:
            return gzip.open(self.path, "rb") if self.compressed else self.path.open("rb")
        except OSError as error:
            raise InputError(f"{self.path}: cannot read: {error.strerror or error}") from None

    def _decoded(self, handle: Any, start: bytes = b"") -> Iterator[str]:
        """The file's text block by block (after the byte-order mark); an undecodable byte
        raises InputError naming its offset in the file."""
        try:
            decoder = codecs.getincrementaldecoder(self.encoding)()
        except LookupError:
            raise InputError(f"unknown encoding '{self.encoding}'") from None
        if start:
            data = start[len(self.bom) :]
        else:
            data = b""
            handle.read(len(self.bom))
        offset = len(self.bom)  # bytes given to the decoder so far, from the start of the file
        try:
            while True:
                if not data:
                    data = handle.read(_BLOCK)
                final = not data
                pending = len(decoder.getstate()[0])
                try:
                    text = decoder.decode(data, final)
                except UnicodeDecodeError as error:
                    raise undecodable(self.path, self.encoding, offset - pending + error.start, error.reason) from None
                offset += len(data)
                if text:
                    yield text
                if final:
                    return
                data = b""
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise InputError(f"{self.path}: not a valid gzip file ({error})") from None
        except OSError as error:
            raise InputError(f"{self.path}: cannot read: {error.strerror or error}") from None

    def _texts(self) -> Iterator[str]:
        """Decoded blocks with "\n" line endings."""
        with self._open() as handle:
            carry = ""
            for text in self._decoded(handle):
                if self.newline == "\r\n":
                    text = carry + text
                    carry = "\r" if text.endswith("\r") else ""
                    text = text[: len(text) - len(carry)].replace("\r\n", "\n")
                yield text
            if carry:
                yield carry

    def pieces(self) -> Iterator[Piece]:
        size = self.piece_size
        buffer = ""
        line, column = 1, 1
        in_line = False  # the next piece starts inside a line
        pending: Piece | None = None
        for block in self._texts():
            buffer += block
            while len(buffer) >= size + size // 2:
                cut, cut_in_line = _cut(buffer, size)
                for piece in _split_head(buffer[:cut], in_line, cut_in_line, line, column):
                    if pending is not None:
                        yield pending
                    pending = piece
                line, column = _advance(buffer, cut, line, column)
                buffer = buffer[cut:]
                in_line = cut_in_line
        for piece in _split_head(buffer, in_line, False, line, column):
            if pending is not None and len(piece.text) < size // 2 and not (pending.in_line or piece.in_line):
                # no small last piece: a document of a few lines would be judged alone
                pending = dataclasses.replace(pending, text=pending.text + piece.text)
                continue
            if pending is not None:
                yield pending
            pending = piece
        if pending is not None:
            yield dataclasses.replace(pending, tail=True)

    def encode(self, text: str, first: bool) -> bytes:
        if self.newline != "\n":
            text = text.replace("\n", self.newline)
        data = text.encode(self.encoding)
        return self.bom + data if first else data


def _cut(buffer: str, size: int) -> tuple[int, bool]:
    """Where to end a piece of about ``size`` characters: (offset, whether it is inside a line)."""
    last = None
    for last in _PARAGRAPH_CUT.finditer(buffer, size // 2, size + size // 2):
        pass
    if last is not None:
        return last.end(), False
    last = None
    for last in _LINE_CUT.finditer(buffer, 0, size + size // 2):
        pass
    if last is not None:
        return last.end(), False
    # one line longer than a piece: cut before a single space between two words (the
    # next piece starts with it: no pass sees a space at the end of a line that goes on)
    pos = buffer.rfind(" ", size // 2, size)
    while pos != -1 and not (buffer[pos - 1].isalnum() and buffer[pos + 1].isalnum()):
        pos = buffer.rfind(" ", size // 2, pos)
    return (pos if pos != -1 else size), True


def _split_head(text: str, starts_in_line: bool, ends_in_line: bool, line: int, column: int) -> Iterator[Piece]:
    """A piece, or two when it starts inside a long line and later lines follow: the end of
    the long line alone (in-line passes only), then the whole lines (every pass)."""
    first = line == 1 and column == 1
    if starts_in_line and not ends_in_line:
        match = _LINE_CUT.search(text)
        if match is not None:
            yield Piece(text[: match.end()], first, False, True, line, column)
            yield Piece(text[match.end() :], False, False, False, line + text.count("\n", 0, match.end()), 1)
            return
    yield Piece(text, first, False, starts_in_line or ends_in_line, line, column)


def _advance(text: str, cut: int, line: int, column: int) -> tuple[int, int]:
    """Line and column after ``text[:cut]``, from where it started."""
    newlines = text.count("\n", 0, cut)
    if newlines:
        return line + newlines, cut - text.rfind("\n", 0, cut)
    return line, column + cut


class AtomicWriter:
    """Write a file's new contents to a temporary file in the same folder, then rename it
    over the file (keeping its permissions) on ``commit``: a crash or an error leaves the
    old file or the new one, never a half-written one. Use as a context manager; leaving
    the block without ``commit`` removes the temporary file.
    """

    def __init__(self, path: Path, compress: bool = False) -> None:
        # A symbolic link is written through: its target changes, the link stays a link.
        path = path.resolve() if path.is_symlink() else path
        self.path = path
        try:
            self.mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            self.mode = 0o666 & ~_umask()
        else:
            # Renaming over a file needs only the folder's permission: refuse to replace a
            # file that the user could not write in place.
            if not os.access(path, os.W_OK):
                raise InputError(f"{path}: read-only file (no write permission); left unchanged")
        try:
            prefix = f"{TEMP_PREFIX}{path.name}.{os.getpid()}."
            fd, self.tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=TEMP_SUFFIX)
        except OSError as error:
            raise InputError(f"{path}: cannot write: {error.strerror or error}; the file is unchanged") from None
        self._raw = os.fdopen(fd, "wb")
        self.handle: Any = gzip.GzipFile(fileobj=self._raw, mode="wb", mtime=0) if compress else self._raw
        self.done = False

    def write(self, data: bytes) -> None:
        try:
            self.handle.write(data)
        except OSError as error:
            self.abort()
            raise InputError(f"{self.path}: cannot write: {error.strerror or error}; the file is unchanged") from None

    def commit(self) -> None:
        try:
            if self.handle is not self._raw:
                self.handle.close()
            self._raw.flush()
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.chmod(self.tmp, self.mode)
            os.replace(self.tmp, self.path)
            self.done = True
        except OSError as error:
            self.abort()
            raise InputError(f"{self.path}: cannot write: {error.strerror or error}; the file is unchanged") from None

    def abort(self) -> None:
        if self.done:
            return
        self.done = True
        for closing in (self.handle, self._raw):
            try:
                closing.close()
            except OSError:
                pass
        try:
            os.unlink(self.tmp)
        except OSError:
            pass

    def __enter__(self) -> "AtomicWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.abort()


def write_atomic(path: Path, data: bytes) -> None:
    """Replace a file's contents atomically, keeping its permissions (see AtomicWriter)."""
    with AtomicWriter(path) as writer:
        writer.write(data)
        writer.commit()


def read_lines(path: Path) -> Iterator[bytes]:
    """The lines of a file, as bytes with their line endings, decompressing gzip; streamed."""
    try:
        handle = gzip.open(path, "rb") if is_gzip(path) else path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from None
    with handle:
        try:
            yield from handle
        except (gzip.BadGzipFile, EOFError, zlib.error) as error:
            raise InputError(f"{path}: not a valid gzip file ({error})") from None


def remove_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Delete temporary files that a killed textfix run left in these folders (those whose
    writer process no longer exists); returns what was removed."""
    removed = []
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if not (name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)):
                continue
            parts = name[: -len(TEMP_SUFFIX)].split(".")
            pid = next((int(p) for p in reversed(parts[:-1]) if p.isdigit()), None)
            if pid is not None and pid != os.getpid() and _alive(pid):
                continue
            try:
                os.unlink(folder / name)
                removed.append(folder / name)
            except OSError:
                pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def anchor_patterns(patterns: Iterable[str], base: str | Path) -> tuple[str, ...]:
    """Globs as ruff reads them: one without a ``/`` matches a file or folder name anywhere;
    one with a ``/`` is a path relative to ``base`` (the folder of the configuration file
    that gave it, or the working folder for the command line), made absolute here."""
    root = os.path.abspath(base)
    return tuple(p if "/" not in p or os.path.isabs(p) else posixpath.normpath(posixpath.join(root, p)) for p in patterns)


def _matches(path: str, name: str, patterns: Iterable[str]) -> bool:
    """``path`` absolute (posix): an anchored pattern (with a ``/``) matches it, one without
    matches ``name``."""
    return any(fnmatch.fnmatch(path if "/" in p else name, p) for p in patterns)


def _excluded_explicitly(path: Path, exclude: tuple[str, ...], project_root: Path | None) -> bool:
    """``--force-exclude``, as ruff: a path named on the command line is left out when it
    or a folder above it (up to the project root) matches ``exclude``."""
    current = Path(os.path.abspath(path))
    stop = Path(os.path.abspath(project_root)) if project_root is not None else None
    while current.name:
        if _matches(current.as_posix(), current.name, exclude):
            return True
        if current == stop:
            break
        current = current.parent
    return False


def discover(
    paths: Iterable[str | Path],
    include: Iterable[str],
    exclude: Iterable[str] = (),
    missing: list[str] | None = None,
    force_exclude: bool = False,
    project_root: Path | None = None,
) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) for every file to clean, sorted within each folder.

    Folders are walked recursively, skipping hidden entries (``.git`` among them), keeping
    files that match ``include`` and, as ruff, leaving out files and folders that match
    ``exclude`` (see anchor_patterns). A path named here is always taken unless
    ``force_exclude`` (as ruff's ``--force-exclude``, which pre-commit hooks need, since
    they name every file). Symbolic links to folders are not followed (no loops). A path
    that does not exist raises InputError, or, given a ``missing`` list, is reported there
    and the other paths are still walked.
    """
    here = os.getcwd()  # relative patterns of a Config built in code: from the working folder
    include, exclude = anchor_patterns(include, here), anchor_patterns(exclude, here)
    for raw in paths:
        path = Path(raw)
        if force_exclude and exclude and path.exists() and _excluded_explicitly(path, exclude, project_root):
            continue
        if path.is_file():
            yield path, path.parent
            continue
        if not path.is_dir():
            if missing is None:
                raise InputError(f"{path}: no such file or folder")
            missing.append(f"{path}: no such file or folder")
            continue
        absolute = Path(os.path.abspath(path))
        for folder, dirs, files in os.walk(path):
            base = Path(folder)
            here = absolute / base.relative_to(path)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _matches((here / d).as_posix(), d, exclude))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                full = (here / name).as_posix()
                if _matches(full, name, include) and not _matches(full, name, exclude):
                    yield base / name, path
