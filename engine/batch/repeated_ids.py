"""Household ids that occur in more than one record of a batch.

Input: for each chunk, in input order, the record number and the hashed id of every household it
decided (`ChunkResult.decided_numbers`, `decided_ids`). Output: how many ids occur more than once,
and the record numbers of the first such id.
Invariants: 24 bytes per household are kept (two independent hashes of its id, 64 and 32 bits,
and its record number), never the ids themselves, so the check costs little memory however large
the input; two different ids are taken for one only when both hashes agree, by a chance of about
one in 10¹⁵ among ten million households.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


def hashed(ids: Sequence[str]) -> Any:
    """Two independent hashes of each id: Python's own (64 bits; forked workers share its seed) and CRC-32."""
    out = np.empty((len(ids), 2), dtype=np.int64)
    out[:, 0] = np.fromiter(map(hash, ids), dtype=np.int64, count=len(ids))
    out[:, 1] = np.fromiter((zlib.crc32(i.encode("utf-8", "surrogatepass")) for i in ids), dtype=np.int64,
                            count=len(ids))
    return out


@dataclass
class RepeatedIds:
    ids: list[Any] = field(default_factory=list)  # (n, 2) int64 arrays from `hashed`, one per chunk
    numbers: list[Any] = field(default_factory=list)  # the record number of each

    def add(self, ids: Any, numbers: Any) -> None:
        if ids is not None and len(ids):
            self.ids.append(ids)
            self.numbers.append(numbers)

    def found(self) -> tuple[int, list[int]]:
        """(how many ids occur more than once, the record numbers of the first of them in input order); called
        once, at the end of the run (it lets go of the hashes as it goes)."""
        if not self.ids:
            return 0, []
        ids = np.concatenate(self.ids)
        self.ids.clear()
        first = np.sort(ids[:, 0])
        if not np.any(first[1:] == first[:-1]):  # the usual case: no first hash repeats
            return 0, []
        order = np.argsort(ids[:, 0], kind="stable")  # rows by first hash, and within one in input order
        second = ids[order, 1]
        del ids
        same_first = first[1:] == first[:-1]
        starts = np.flatnonzero(np.concatenate(([True], ~same_first)))
        sizes = np.diff(np.append(starts, len(first)))
        # a group is one id when its second hashes agree too; two ids that share the first hash almost never occur
        mixed = np.zeros(len(starts), dtype=bool)
        mixed[np.searchsorted(starts, np.flatnonzero(same_first & (second[1:] != second[:-1])) + 1, "right") - 1] = True
        plain = (sizes > 1) & ~mixed
        groups = []  # positions, in input order, of ids that occur more than once: the earliest plain one,
        if plain.any():  # then each of the mixed groups
            best = int(np.argmin(order[starts[plain]]))
            start, size = int(starts[plain][best]), int(sizes[plain][best])
            groups.append(order[start:start + size])
        for start, size in zip(starts[mixed].tolist(), sizes[mixed].tolist(), strict=True):
            seconds = second[start:start + size]
            groups += [order[start:start + size][seconds == value] for value in np.unique(seconds).tolist()
                       if np.count_nonzero(seconds == value) > 1]
        count = int(plain.sum()) + len(groups) - (1 if plain.any() else 0)
        if not count:
            return 0, []
        earliest = min(groups, key=lambda positions: int(positions[0]))
        return count, np.concatenate(self.numbers)[earliest].tolist()
