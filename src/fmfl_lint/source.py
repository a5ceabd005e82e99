"""Read a list from a path or standard input, refusing what is not a text file."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass

#: larger inputs are refused: about 50,000 entries, far past any curated list, which
#: a parser would need minutes and gigabytes to read
MAX_BYTES = 16 * 1024 * 1024
STDIN = "-"


class SourceError(Exception):
    """The input cannot be read as a list; the message is one line for the user."""


@dataclass(frozen=True)
class Source:
    path: str
    text: str  # decoded, without a byte order mark
    raw: bytes  # exactly as read, to detect a change before --fix writes
    bom: bool = False


#: folders never searched for lists: build output, environments, dependencies
IGNORED_FOLDERS = frozenset(
    "node_modules venv env site-packages __pycache__ build dist _build target".split()
)


def files_beneath(directory: str, suffixes: tuple[str, ...]) -> list[str]:
    """Every file with one of ``suffixes`` beneath ``directory``, in a stable order,
    skipping hidden folders (``.git``, ``.venv``, ``.tox``...) and :data:`IGNORED_FOLDERS`."""
    found = []
    for root, folders, files in os.walk(directory):
        folders[:] = sorted(
            f for f in folders if not f.startswith(".") and f not in IGNORED_FOLDERS
        )
        found += [os.path.join(root, name) for name in sorted(files) if name.endswith(suffixes)]
    return found


def read_source(path: str) -> Source:
    """Read ``path`` (or standard input for ``-``) as UTF-8 text."""
    raw = _read_bytes(path)
    return decode(path, raw)


def _read_bytes(path: str) -> bytes:
    if path == STDIN:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    if os.path.isdir(path):
        raise SourceError(f"{path}: is a directory with no list file in it")
    if os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
        # a FIFO or a device would block or never end: only regular files are lists
        raise SourceError(f"{path}: is not a regular file")
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except PermissionError:
        raise SourceError(f"{path}: permission denied") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror or error})") from None


def decode(path: str, raw: bytes) -> Source:
    """Decode bytes as UTF-8 (a byte order mark is allowed and kept for writing back)."""
    if len(raw) > MAX_BYTES:
        limit = MAX_BYTES // (1024 * 1024)
        raise SourceError(f"{path}: larger than {limit} MB (about 50,000 entries); not read")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SourceError(f"{path}: is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        raise SourceError(f"{path}: is a binary file, not reStructuredText")
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(f"{path}: line {line}: not valid UTF-8; save it as UTF-8") from None
    if not text.strip():
        raise SourceError(f"{path}: is empty")
    return Source(path, text, raw, bom)
