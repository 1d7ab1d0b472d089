"""Compressed CSV tables (`members.csv.gz`, `.bz2`, `.xz`, `.zst`), decompressed once into a temporary folder.

Input: the tables of a CSV input. Output: `Copies`, each compressed table with its decompressed copy, removed by
`close()` or, at the latest, when the process that made them ends (never by a forked worker, which shares them);
those of a process killed outright, by the next to make copies (`engine.temporary_folders`).
A damaged stream, or a disk with no room, is an `InputError` that says which table and what to do.
"""

from __future__ import annotations

import os
import shutil
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from engine.batch.readers import DAMAGED, InputError, can_decompress, compression, damaged, decompressing
from engine.diagnostics import FULL, Said
from engine.system_words import why_not_written
from engine.temporary_folders import own_folder


def decompressed(tables: Sequence[Path]) -> Copies:
    """The compressed ones of these tables, each decompressed into a temporary folder (removed by `close`, or
    when the mapping is dropped, by the process that made it); `InputError` when one cannot be."""
    packed = {path: kind for path in tables if (kind := table_compression(path)) is not None}
    copies = Copies()
    try:
        for path, kind in packed.items():
            copies[path] = _decompress(path, kind, copies.place(path.name.rsplit(".", 1)[0]))
    except BaseException:
        copies.close()
        raise
    return copies


def _decompress(path: Path, kind: str, copy: Path) -> Path:
    lines = 0
    try:
        with path.open("rb") as raw, decompressing(raw, kind) as text, copy.open("wb") as out:
            while block := text.read(1 << 16):  # (small: a damaged stream loses the block it ends in)
                out.write(block)
                lines += block.count(b"\n")
    except OSError as error:
        if error.errno not in FULL:
            raise damaged(str(path), kind, lines, error) from None
        why = why_not_written(error, copy)
        raise InputError(Said(f"{path}: no room to decompress it in {copy.parent.parent} ({why.en}); free "
                              "some space there, set TMPDIR to a folder with room, or decompress the tables beside it "
                              "first",
                              f"{path}：{copy.parent.parent} 中没有空间解压它（{why.zh}）；请在那里腾出空间，"
                              "或把 TMPDIR 设为有空间的文件夹，或先在原处解压这些表")) from None
    except DAMAGED as error:
        raise damaged(str(path), kind, lines, error) from None
    return copy


class Copies(dict[Path, Path]):
    """Tables and the copies they are read from (decompressed, or with their header renamed: `engine.batch.renamed`);
    `close()` removes the copies."""

    close: Callable[[], Any] = staticmethod(lambda: None)
    folder: Path | None = None

    def place(self, name: str) -> Path:
        """Where a copy named `name` goes: in a temporary folder made at the first, removed by `close` or, at the
        latest, when the process that made it ends (killed outright, by the next process to make one)."""
        if self.folder is None:
            self.folder = own_folder("policy-tables-")
            self.close = weakref.finalize(self, _remove, self.folder, os.getpid())
        return self.folder / name


def _remove(folder: Path, maker: int) -> None:
    if os.getpid() == maker:  # not in a forked worker, which shares the folder with the run
        shutil.rmtree(folder, ignore_errors=True)


def table_compression(path: Path) -> str | None:
    kind = compression(path, Said("a CSV table", "CSV 表"))
    if kind is not None:
        can_decompress(path, kind)
    return kind

