"""Household ids that occur in more than one record of a batch.

Input: for each chunk, in input order, the record number and the hashed id of every household it
decided (`ChunkResult.decided_numbers`, `decided_ids`). Output: how many ids occur more than once,
and the record numbers of the first such id.
Invariants: 12 bytes per household are kept (two independent hashes of its id, 64 and 32 bits;
record numbers only where a chunk's do not follow each other), never the ids themselves, so the
check costs little memory however large the input; two different ids are taken for one only when
both hashes agree, by a chance of about one in 10¹⁵ among ten million households.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.diagnostics import Said
from engine.household_words import DECIDED, OWN_ID
from engine.values import listed

# FNV-1a's 64-bit offset basis and prime; the second hash starts elsewhere and multiplies by another prime
_BASIS = (np.uint64(0xCBF29CE484222325), np.uint64(0x84222325CBF29CE4))
_PRIME = (np.uint64(0x100000001B3), np.uint64(0x9E3779B97F4A7C15))


def hashed(ids: Any) -> Any:
    """Two hashes of each id (a list of texts or an Arrow string array), as an (n, 2) int64 array.

    FNV-1a over the id's UTF-8 bytes, twice with different constants, each finished by splitmix64's
    mixer; computed a byte position at a time across all ids at once, so a chunk of 25,000 ids
    takes a few numpy steps per byte of the longest id, not a Python step per id. The same ids
    give the same hashes in every process and every run, from a list as from Arrow."""
    if isinstance(ids, list | tuple):  # (without pyarrow, as the record route runs where it is not installed)
        encoded = [i.encode("utf-8", "surrogatepass") for i in ids]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=offsets[1:])
        return _hashed(np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets)
    texts = ids if str(ids.type) == "string" else ids.cast("string")
    n = len(texts)
    offsets = np.frombuffer(texts.buffers()[1], dtype=np.int32)[texts.offset:texts.offset + n + 1].astype(np.int64)
    data = texts.buffers()[2]
    return _hashed(np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, dtype=np.uint8), offsets)


def _hashed(content: Any, offsets: Any) -> Any:
    """`hashed` of the texts whose UTF-8 bytes are `content[offsets[i]:offsets[i + 1]]`."""
    n = len(offsets) - 1
    lengths = np.diff(offsets)
    order = np.argsort(-lengths, kind="stable")  # longest first: the ids still being read are a prefix
    starts, longest_first = offsets[:-1][order], lengths[order]
    with np.errstate(over="ignore"):
        first = _BASIS[0] ^ longest_first.astype(np.uint64)
        second = _BASIS[1] ^ longest_first.astype(np.uint64)
        for at in range(int(longest_first[0]) if n else 0):
            k = int(np.searchsorted(-longest_first, -at, side="left"))  # the ids longer than `at` bytes
            byte = content[starts[:k] + at].astype(np.uint64)
            first[:k] = (first[:k] ^ byte) * _PRIME[0]
            second[:k] = (second[:k] ^ byte) * _PRIME[1]
        out = np.empty((n, 2), dtype=np.int64)
        out[order, 0] = _mixed(first).view(np.int64)
        out[order, 1] = _mixed(second).view(np.int64)
    return out


def _mixed(h: Any) -> Any:
    """splitmix64's finishing mix: every bit of the result depends on every bit of `h`."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


@dataclass
class RepeatedIds:
    """The hashed ids of the households decided so far, chunk after chunk, in input order."""

    first: list[Any] = field(default_factory=list)  # per chunk: the first hash of each id (int64)
    second: list[Any] = field(default_factory=list)  # and the second (uint32)
    numbers: list[Any] = field(default_factory=list)  # and the record numbers: an int64 array, or the first one
    # when they follow each other (as in a chunk without bad records), which costs nothing per household

    def add(self, ids: Any, numbers: Any) -> None:
        if ids is None or not len(ids):
            return
        self.first.append(ids[:, 0].copy())
        self.second.append(ids[:, 1].astype(np.uint32))
        following = numbers[-1] - numbers[0] == len(numbers) - 1 and bool(np.all(np.diff(numbers) == 1))
        self.numbers.append(int(numbers[0]) if following else numbers)

    def _numbers(self, positions: Any) -> list[int]:
        """The record numbers of these positions (in the order the households were added)."""
        starts = np.cumsum([0] + [len(f) for f in self.first])
        out = []
        for at in positions.tolist():
            chunk = int(np.searchsorted(starts, at, "right")) - 1
            numbers, offset = self.numbers[chunk], at - int(starts[chunk])
            out.append(numbers + offset if isinstance(numbers, int) else int(numbers[offset]))
        return out

    def found(self) -> tuple[int, list[int]]:
        """(how many ids occur more than once, the record numbers of the first of them in input order)."""
        if not self.first:
            return 0, []
        hashes = np.concatenate(self.first)
        ordered = np.sort(hashes)
        if not np.any(ordered[1:] == ordered[:-1]):  # the usual case: no first hash repeats
            return 0, []
        order = np.argsort(hashes, kind="stable")  # by first hash, and within one in input order
        del hashes
        second = np.concatenate(self.second)[order]
        same_first = ordered[1:] == ordered[:-1]
        starts = np.flatnonzero(np.concatenate(([True], ~same_first)))
        sizes = np.diff(np.append(starts, len(ordered)))
        # a group is one id when its second hashes agree too; two ids that share the first hash almost never occur
        mixed = np.zeros(len(starts), dtype=bool)
        mixed[np.searchsorted(starts, np.flatnonzero(same_first & (second[1:] != second[:-1])) + 1, "right") - 1] = True
        plain = (sizes > 1) & ~mixed
        untangled = []  # the positions, in input order, of each repeated id of a mixed group
        for start, size in zip(starts[mixed].tolist(), sizes[mixed].tolist(), strict=True):
            seconds = second[start:start + size]
            untangled += [order[start:start + size][seconds == value] for value in np.unique(seconds).tolist()
                          if np.count_nonzero(seconds == value) > 1]
        firsts = untangled
        if plain.any():  # of the plain groups, only the one met first in the input can be the first of all
            best = int(np.argmin(order[starts[plain]]))
            firsts = [order[int(starts[plain][best]):int(starts[plain][best] + sizes[plain][best])], *untangled]
        if not firsts:
            return 0, []
        earliest = min(firsts, key=lambda positions: int(positions[0]))
        return int(plain.sum()) + len(untangled), self._numbers(earliest)


def repeated_ids_said(count: int, places: list[str], each: Said = DECIDED) -> Said:
    """Ids that occur in more than one record (the records of the first at `places`): what was done with each
    record (`each`: `policy batch` decides it, `policy diff` counts it), and where to look."""
    distinct = list(dict.fromkeys(places))
    if len(distinct) == 1:  # records of one file (a list of households)
        first = Said(f"the first in {len(places)} records of {distinct[0]}",
                     f"第一个见于 {distinct[0]} 中的 {len(places)} 条记录")
    elif len(distinct) <= 3:
        first = Said("the first in " + listed(distinct, "en"),
                     "第一个见于 " + "、".join(distinct[:-1]) + f" 和 {distinct[-1]}")
    else:
        first = Said("the first in " + listed([*distinct[:2], f"{len(distinct) - 2:,} more"], "en"),
                     "第一个见于 " + "、".join(distinct[:2]) + f"，另有 {len(distinct) - 2:,} 处")
    ids = "1 household id occurs" if count == 1 else f"{count:,} household ids occur"
    return Said(f"{ids} in more than one record ({first.en}); {each.en}: {OWN_ID.en}",
                f"有 {count:,} 个家庭编号出现在不止一条记录中（{first.zh}）；{each.zh}：{OWN_ID.zh}")
