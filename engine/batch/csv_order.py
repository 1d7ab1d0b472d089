"""A member or line table whose rows are not in the order of households.csv, read in that order.

Input: a plain CSV table (see `engine.batch.csv_columns`): the byte of the line break that ends each of its rows
(a line break within a cell in quotes is not one of them), and the household (row of households.csv) each of its
rows belongs to. Output: where each row starts and ends, in
the order of households.csv (a household's own rows in their order in the table), with the line each is on, for
messages; and, in a worker, the text of a chunk's rows gathered from the table in that order. So a table exported
in any order is cut into chunks of whole households as one sorted by household is: the tables are joined by
household id, whatever their order, and nothing is copied.
Invariants: every row is taken byte for byte, ended by `\\n`, once; the line of a row is its line in the table.
"""

from __future__ import annotations

import mmap
from typing import Any

import numpy as np


def in_household_order(breaks: Any, owners: Any, size: int, lines: Any = None) -> tuple[Any, Any, Any]:
    """The rows of a table sorted by household: for each, the byte it starts at and the byte its line break is at
    (or the file's `size`, for a last row with none), and its line; then the household of each, in that order.
    `breaks`: the byte of the line break that ends each row in the table, the header's first; `owners`: each row's
    household; `lines`: each row's line, where rows span lines (else row r is on line r + 2)."""
    n = len(owners)
    # by household, then by place in the table (a household's rows keep their order): sorting numbers that say
    # both is several times faster than a stable sort of the rows by household
    keys = np.sort(owners.astype(np.int64) * n + np.arange(n))
    order = keys % n
    starts = breaks[:n] + 1
    ends = np.append(breaks[1:], size)[:n]
    return np.stack([starts[order], ends[order]], axis=1), order + 2 if lines is None else lines[order], keys // n


def rows_text(path: str, bounds: Any) -> bytes:
    """The text of the rows at `bounds` (start, end: without its line break) of a file, one after another, each
    followed by `\\n`."""
    if not len(bounds):
        return b""
    with open(path, "rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as text:
        return b"\n".join([text[start:end] for start, end in bounds.tolist()]) + b"\n"
