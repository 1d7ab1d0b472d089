"""The name of the hidden working file written beside an output until it is moved into place.

Input: the output's path and what the working file is (`partial`, `journal`, or the room a temporary's random
part and suffix take). Output: `.NAME.KIND` beside it. Invariant: the working file's name is never longer than
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
