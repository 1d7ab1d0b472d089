"""A member or line table whose rows are not in the order of households.csv, copied into that order.

Input: a plain CSV table (one row to a line, see `engine.batch.csv_columns`), where each of its rows starts and
ends, and the household (row of households.csv) each belongs to. Output: a copy of the table in a temporary
folder, each household's rows together and in the order of households.csv, and the line in the table of each row
of the copy, for messages. So a table exported in any order is cut into byte ranges of whole households as one
sorted by household is: the tables are joined by household id, whatever their order.
Invariants: every row of the copy is a row of the table, byte for byte, ended by `\\n`; none is lost or doubled;
a household's own rows keep their order in the table; the header is the table's. A disk with no room is an
`InputError` that says where and what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from engine.batch.readers import InputError
from engine.diagnostics import FULL, Said

_STEP = 1 << 14  # rows copied at a time: about 1 MB of text, and some 30 bytes of positions for each of its bytes


def in_household_order(path: Path, header: bytes, breaks: Any, owners: Any, folder: Path) -> tuple[Path, Any]:
    """The copy of `path` (`header`, then its rows sorted by `owners`) in `folder`, and the line of the table each
    of its rows is on. `breaks`: the byte of every line break in the table (`csv_columns._row_starts`), the
    header's first; `owners`: each row's household, as its row in households.csv."""
    order = np.argsort(owners, kind="stable")  # stable: a household's rows in the table's order
    size = path.stat().st_size
    starts = breaks[: len(owners)] + 1
    ends = np.append(breaks[1:], size)[: len(owners)]  # (the last row may have no line break)
    text = np.memmap(path, dtype=np.uint8, mode="r")
    copy = folder / path.name
    try:
        with copy.open("wb") as out:
            out.write(header)
            for low in range(0, len(order), _STEP):
                rows = order[low:low + _STEP]
                out.write(_rows_ended(text, starts[rows], ends[rows] - starts[rows]))
    except OSError as error:
        if error.errno not in FULL:
            raise
        raise InputError(Said(f"{path}: no room to put its rows in the order of households.csv in {folder.parent} "
                              f"({error.strerror}); free some space there, set TMPDIR to a folder with room, or sort "
                              "the tables by household first",
                              f"{path}：{folder.parent} 中没有空间把它的各行按 households.csv 的顺序排好"
                              f"（{error.strerror}）；请在那里腾出空间，或把 TMPDIR 设为有空间的文件夹，"
                              "或先把这些表按家庭排序")) from None
    return copy, order + 2  # (row r of the table is on line r + 2: every row is on its own line, after the header)


def _rows_ended(text: Any, starts: Any, lengths: Any) -> bytes:
    """The bytes of these rows (without their line breaks) one after another, each followed by `\\n`."""
    before = np.cumsum(lengths) - lengths  # where each row's bytes start among all of them
    placed = before + np.arange(len(lengths))  # … and in the output, after one line break for each row before it
    total = int(lengths.sum())
    within = np.arange(total) - np.repeat(before, lengths)  # each byte's place in its row
    out = np.full(total + len(lengths), 10, dtype=np.uint8)  # every byte not written over is a line break
    out[np.repeat(placed, lengths) + within] = text[np.repeat(starts, lengths) + within]
    return out.tobytes()
