"""The name of the hidden working file written beside an output until it is moved into place.

Input: the output's path and what the working file is (`partial`, `journal`, or the room a temporary's random
part and suffix take). Output: `.NAME.KIND` beside it; and, for a register, what SQLite adds to its name for the
files it keeps beside it, which the name must leave room for, and whether a file is an SQLite database at all (read
from a file only: a named pipe would wait for a writer). Invariant: the working file's name is never longer than
the 255 bytes a file name may be, so an output whose own name the system takes can always be written: a name
too long to be copied whole is cut, on a character, and ends with a short digest of the whole name, so that two
outputs cut alike do not share a working file.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.diagnostics import NAME_MAX, bytes_long

_DIGEST = 8  # hexadecimal digits of the whole name's digest, after a `~`, in a name cut to fit
# the longest SQLite adds to a database's name for a file beside it (`-wal` and `-shm` are shorter): a register
# starts with a rollback journal, `NAME-journal`, before it turns to write-ahead logging
SQLITE_BESIDE = "-journal"
# what SQLite adds for the files beside a database in write-ahead logging, as every register is once made (`-shm`
# is as long)
_SQLITE_WAL = "-wal"
_SQLITE_HEADER = b"SQLite format 3\x00"
_WAL_VERSION = 2  # bytes 18 and 19 of the header, the file format versions, are 2 in write-ahead logging


def hidden_beside(path: Path, kind: str) -> Path:
    """The hidden working file of that kind beside a file the run writes: `.decisions.jsonl.partial`."""
    return path.with_name(f"{hidden_prefix(path, len(kind.encode()))}{kind}")


def hidden_prefix(path: Path, room: int) -> str:
    """How a hidden working file beside `path` begins (`.decisions.jsonl.`), leaving `room` bytes for the rest of
    its name within the 255 a name may be."""
    name = path.name
    if bytes_long(name) + room + 2 <= NAME_MAX:
        return f".{name}."
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:_DIGEST]
    cut = name
    while bytes_long(cut) + room + 2 + 1 + _DIGEST > NAME_MAX:
        cut = cut[:-1]
    return f".{cut}~{digest}."


def sqlite_beside(path: Path, create: bool) -> str:
    """What SQLite adds to the name of the database at `path` for the files it keeps beside it, as measured with
    SQLite 3.40 on ext4: `-wal` (and `-shm`) for a database in write-ahead logging, which SQLite cannot even read
    without them; `-journal` where a register is to be made (`create`: nothing there, an empty file, or another
    database it would write); nothing for one only read, which SQLite reads whatever its name."""
    header = _sqlite_header(path)
    if header.startswith(_SQLITE_HEADER) and len(header) > 18 and header[18] == _WAL_VERSION:
        return _SQLITE_WAL
    return SQLITE_BESIDE if create else ""


def sqlite_file(path: Path) -> bool:
    """Whether the file at `path` begins as every SQLite database does."""
    return _sqlite_header(path).startswith(_SQLITE_HEADER)


def _sqlite_header(path: Path) -> bytes:
    """How the file at `path` begins, as far as SQLite's header and the file format versions after it; nothing from
    what is not a file (a named pipe would wait for a writer) or from a name the system does not take."""
    try:
        if path.is_file():
            with path.open("rb") as file:
                return file.read(len(_SQLITE_HEADER) + 4)
    except OSError:  # (said as itself where it is used)
        pass
    return b""
