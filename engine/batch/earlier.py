"""`policy batch --only-changed FILE`: the decisions of an earlier run, read to compare this run's with.

Input: an earlier output of `policy batch`, JSON Lines (compressed or not, read as the batch reads JSON Lines) or
Parquet. Output: `Earlier` — household id → the fingerprint of its earlier decision
(`engine.batch.evaluate.decision_fingerprint`), in the order of the file, and the ids it holds more than once.
Invariants: a file that is not such an output (CSV output, an errors file, households, another tool's Parquet, one
that holds no decision) is refused with `NotEarlier`, which says where, what is wrong, at most one help and a
library's own words; a damaged compressed file raises the readers' `InputError`. Nothing is printed here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from engine.diagnostics import Said

_READS = Said("--only-changed reads the JSON Lines (compressed or not) or Parquet output of `policy batch`",
              "--only-changed 读取的是 `policy batch` 输出的 JSON Lines（压缩与否均可）或 Parquet 文件")

# a Parquet file with the columns `policy batch` writes that pyarrow could not compare (its words are the detail)
_OTHER_KINDS = Said("its columns are not of the kinds `policy batch` writes", "其中的列不是 `policy batch` 写出的类型")


class NotEarlier(Exception):
    """The file of --only-changed is not an earlier output to compare with: `where` (`FILE` or `FILE:LINE`), what is
    wrong, what to do (`help`, or None) and a library's own words (`detail`, or None)."""

    def __init__(self, where: str, said: Said, help: Said | None = None, detail: str | None = None):
        super().__init__(f"{where}: {said.en}")
        self.where, self.said, self.help, self.detail = where, said, help, detail


@dataclass(frozen=True)
class Earlier:
    """The earlier decisions: household id → fingerprint, in the order of the file; and the ids met more than once,
    each with the line (Parquet: row) where it was met the second time, in `place` (`line`, `row`)."""

    path: Path
    decisions: dict[str, bytes]
    repeated: dict[str, int]
    place: Said

    def repeated_said(self) -> Said | None:
        """The note on ids the file holds more than once: each household is compared with its last decision."""
        if not self.repeated:
            return None
        path, repeated, place = self.path, self.repeated, self.place
        first, number = next(iter(repeated.items()))
        ids = "1 household id" if len(repeated) == 1 else f"{len(repeated):,} household ids"
        return Said(f"{path} holds {ids} more than once (the first, `{first}`, again at {place.en} {number}); "
                    "each household is compared with the last decision for its id",
                    f"{path} 中有 {len(repeated):,} 个家庭编号出现不止一次（第一个 `{first}` 在第 {number} "
                    f"{place.zh}再次出现）；每户都与其编号的最后一条认定结果比较")


def read_earlier(path: Path) -> Earlier:
    """The decisions of `path`, a JSON Lines or Parquet output of `policy batch`; raises `NotEarlier` for any other
    file, or one the system will not let be read, `engine.batch.readers.InputError` for a damaged compressed one."""
    from engine.system_words import what_to_do, why_not_read

    try:
        return _read(path)
    except OSError as error:
        why = why_not_read(error)
        raise NotEarlier(f"{path}", Said(f"cannot read it: {why.en}", f"无法读取：{why.zh}"),
                         what_to_do(error)) from None


def _read(path: Path) -> Earlier:
    from engine.batch.evaluate import decision_fingerprint
    from engine.batch.writers import AS_WRITTEN
    from engine.household import looks_like_decision

    with path.open("rb") as handle:
        if handle.read(4) == b"PAR1":
            return _read_parquet(path)
    old: dict[str, bytes] = {}
    repeated: dict[str, int] = {}  # ids met again, and the line where each was met the second time
    for number, line in _lines(path):
        try:
            decision = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            if number == 1 and not line.lstrip().startswith((b"{", b"[")) and line.find(b",") >= 0 \
                    and line.split(b"\n", 1)[0].find(b"household") >= 0:
                raise NotEarlier(f"{path}", Said(f"this is CSV output; {_READS.en}", f"这是 CSV 输出；{_READS.zh}"),
                                 Said("write the earlier run with `-o decisions.jsonl` or `-o decisions.parquet`",
                                      "上一次运行请用 `-o decisions.jsonl` 或 `-o decisions.parquet` 写出")) from None
            raise NotEarlier(f"{path}:{number}", Said(f"not a JSON line of decisions ({error})",
                                                      f"不是认定结果的 JSON 行（{error}）")) from None
        if not isinstance(decision, dict) or not looks_like_decision(decision) \
                or not isinstance(decision.get("household"), str):
            what = (Said("a bad record of an errors file", "这是错误文件中的一条有误记录")
                    if isinstance(decision, dict) and "diagnostics" in decision
                    else Said("not a decision", "不是认定结果"))
            raise NotEarlier(f"{path}:{number}", Said(f"{what.en}; {_READS.en}", f"{what.zh}；{_READS.zh}"))
        other_kinds = _other_kinds(decision)
        if other_kinds is not None:
            raise NotEarlier(f"{path}:{number}", Said(f"{other_kinds.en}; {_READS.en}",
                                                      f"{other_kinds.zh}；{_READS.zh}"), AS_WRITTEN)
        if decision["household"] in old:
            repeated.setdefault(decision["household"], number)
        old[decision["household"]] = decision_fingerprint(decision)
    return _checked(Earlier(path, old, repeated, Said("line", "行")))


_KINDS_WRITTEN = {"categories": list, "members": dict, "assistance": list}  # what a decision of `policy batch` holds


def _other_kinds(decision: Mapping[str, Any]) -> Said | None:
    """What of a decision's compared keys holds another kind than `policy batch` writes (`categories` as a text),
    each key with its kind and the one expected; None when none does."""
    from engine.schema_findings import value_kind

    wrong = [(key, value_kind(decision[key]), value_kind(kind()))
             for key, kind in _KINDS_WRITTEN.items() if key in decision and not isinstance(decision[key], kind)]
    if not wrong:
        return None
    return Said("; ".join(f"`{key}` is {kind.en}, where `policy batch` writes {wanted.en}"
                          for key, kind, wanted in wrong),
                "；".join(f"`{key}` 是{kind.zh}，而 `policy batch` 写出的是{wanted.zh}" for key, kind, wanted in wrong))


def missing_from_input(earlier: Mapping[str, bytes], seen: Collection[str]) -> list[str]:
    """The ids of the earlier households that the input no longer holds (neither decided nor a bad record: not
    `seen`), in the order of the earlier file."""
    return [household for household in earlier if household not in seen]


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """Each line of an earlier output of JSON Lines that is not blank, and its number; read as `policy batch` reads
    JSON Lines, decompressed if the file is compressed (`decisions.jsonl.gz`)."""
    from engine.batch.readers import CompressedJsonLines, JsonLines, compression

    kind = compression(path, Said("JSON Lines of decisions", "JSON Lines 格式的认定结果"))
    lines = CompressedJsonLines(path, kind, part=True) if kind is not None else JsonLines(path)
    for record in lines.records():
        assert record.raw is not None
        yield record.number, record.raw


def _read_parquet(path: Path) -> Earlier:
    from engine.batch.evaluate import compared_fingerprint
    from engine.batch.parquet_input import UnreadableParquet
    from engine.batch.writers import NotDecisions, compared_in_parquet

    old: dict[str, bytes] = {}
    repeated: dict[str, int] = {}
    try:
        for number, (household, compared) in enumerate(compared_in_parquet(path), 1):
            if household in old:
                repeated.setdefault(household, number)
            old[household] = compared_fingerprint(compared)
    except UnreadableParquet as error:
        again = Said("fetch the earlier output again, or run the earlier batch again to write it",
                     "请重新获取上一次的输出，或重新运行上一次的批量认定把它写出")
        raise NotEarlier(f"{path}", error.what, again, error.detail) from None
    except ValueError as error:  # another layout: households, or a file of another tool (pyarrow's own words)
        why, help, detail = ((error.said, error.help, None) if isinstance(error, NotDecisions)
                             else (_OTHER_KINDS, None, str(error)))
        raise NotEarlier(f"{path}", Said(f"not the decisions of `policy batch` ({why.en}); {_READS.en}",
                                         f"不是 `policy batch` 的认定结果（{why.zh}）；{_READS.zh}"),
                         help, detail) from None
    return _checked(Earlier(path, old, repeated, Said("row", "行")))


def _checked(earlier: Earlier) -> Earlier:
    """Earlier decisions that are there to compare with."""
    if not earlier.decisions:
        raise NotEarlier(f"{earlier.path}", Said(f"holds no decision; {_READS.en}", f"其中没有认定结果；{_READS.zh}"))
    return earlier
