"""A block of JSON Lines text → its lines, found by numpy: no Python object per line until one is asked for.

Input: a block of whole lines (a chunk of a JSON Lines file) and the number of its first line.
Output: `Lines` — the lines that are not blank, each without its line end and the carriage returns
before it, with their line numbers; and (`joined`) those lines joined by newlines, with where each
starts in that text: what Arrow's JSON reader is given.
Invariants: the lines are those of splitting the block at each newline in Python, keeping the lines that
hold more than JSON's white space (the file's first line holding its byte-order mark alone is blank too:
`engine.jsonsource.skipped_line`), each `rstrip(b"\\r")`. A chunk of
5,000 lines took some 6 µs a line that way (the split, the strip, the list, then joining them again for
Arrow); here the lines of an ordinary file (no blank line, no carriage return) are one slice of the
block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np

from engine.jsonsource import skipped_line

_SPACE = np.zeros(256, dtype=bool)  # the bytes of JSON's white space (`engine.jsonsource.blank_to_json`)
_SPACE[list(b" \t\n\r")] = True


class Lines(Sequence[bytes]):
    """The lines of a block that are not blank (see the module docstring)."""

    def __init__(self, block: bytes, first: int):
        data = np.frombuffer(block, dtype=np.uint8)
        newlines = np.flatnonzero(data == 10)
        starts = np.concatenate(([0], newlines + 1))
        ends = np.concatenate((newlines, [len(data)]))
        keep = _not_blank(block, data, starts, ends, first == 1)
        starts, ends = starts[keep], ends[keep]
        while True:  # carriage returns before the line end (a line that is not blank keeps a byte before them)
            returns = data[ends - 1] == 13
            if not returns.any():
                break
            ends = ends - returns
        self.block = block
        self.starts, self.ends = starts, ends
        self.numbers: list[int] = (np.flatnonzero(keep) + first).tolist()

    def __len__(self) -> int:
        return len(self.starts)

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes]: ...

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return self.block[int(self.starts[index]):int(self.ends[index])]

    def __iter__(self) -> Iterator[bytes]:
        block = self.block
        for start, end in zip(self.starts.tolist(), self.ends.tolist(), strict=True):
            yield block[start:end]

    def joined(self) -> tuple[bytes, Any]:
        """`b"\\n".join(self)`, and where each line starts in it."""
        if len(self) and np.array_equal(self.starts[1:], self.ends[:-1] + 1):  # one run of the block
            return self.block[int(self.starts[0]):int(self.ends[-1])], self.starts - self.starts[0]
        return joined(list(self))


def _not_blank(block: bytes, data: Any, starts: Any, ends: Any, opens_file: bool) -> Any:
    """Whether each line (`block[starts[i]:ends[i]]`) holds a byte that is not white space: told by its first
    byte for most; a line that begins with white space, or is empty, is looked at whole, and so is the file's first
    line (`opens_file`: the block starts the file), which may hold its byte-order mark alone (`skipped_line`)."""
    first = np.full(len(starts), 10, dtype=np.uint8)  # an empty line: as if it began with its line end
    some = starts < ends
    first[some] = data[starts[some]]
    keep = ~_SPACE[first]
    if opens_file and len(keep):
        keep[0] = False
    for line in np.flatnonzero(~keep).tolist():
        keep[line] = not skipped_line(block[starts[line]:ends[line]], opens_file and line == 0)
    return keep


def joined(lines: Sequence[bytes]) -> tuple[bytes, Any]:
    """The lines joined by newlines, and where each starts in that text (`Lines.joined`, for any lines)."""
    if isinstance(lines, Lines):
        return lines.joined()
    starts = np.cumsum([0] + [len(line) + 1 for line in lines])[:-1]
    return b"\n".join(lines), starts
