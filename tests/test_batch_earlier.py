"""`--only-changed`'s earlier decisions read on their own (`engine.batch.earlier`): what is kept, what is refused and
where; the command's words around them are tested through `policy batch` in test_batch.py."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from engine.batch.earlier import NotEarlier, missing_from_input, read_earlier
from engine.batch.evaluate import decision_fingerprint


def _decision(household: str, categories: list[str]) -> dict[str, object]:
    return {"household": household, "date": "2026-03-01", "categories": categories, "members": {}, "assistance": []}


def _written(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_earlier_decisions_are_kept_by_id_in_file_order_the_last_of_an_id_counting(tmp_path):
    first, second, again = _decision("H-2", ["dibao"]), _decision("H-1", []), _decision("H-2", ["tekun"])
    old = _written(tmp_path / "old.jsonl", [json.dumps(d) for d in (first, second)] + ["", json.dumps(again)])
    earlier = read_earlier(old)
    assert list(earlier.decisions) == ["H-2", "H-1"]
    assert earlier.decisions["H-2"] == decision_fingerprint(again) != decision_fingerprint(first)
    assert earlier.repeated == {"H-2": 4}  # its line: the blank one is counted, as the batch counts lines
    said = earlier.repeated_said()
    assert said is not None and said.en.startswith(f"{old} holds 1 household id more than once (the first, `H-2`, "
                                                   "again at line 4)")
    packed = tmp_path / "old.jsonl.gz"
    packed.write_bytes(gzip.compress(old.read_bytes()))
    assert read_earlier(packed).decisions == earlier.decisions
    assert missing_from_input(earlier.decisions, {"H-1"}) == ["H-2"]
    assert missing_from_input(earlier.decisions, set()) == ["H-2", "H-1"]  # in the order of the earlier file


def test_a_line_that_is_not_json_is_refused_at_its_line(tmp_path):
    old = _written(tmp_path / "old.jsonl", [json.dumps(_decision("H-1", [])), '{"household": "H-2", "categ'])
    with pytest.raises(NotEarlier) as refused:
        read_earlier(old)
    assert refused.value.where == f"{old}:2"
    assert refused.value.said.en.startswith("not a JSON line of decisions (")
    assert refused.value.said.zh.startswith("不是认定结果的 JSON 行（")
    assert refused.value.help is None and refused.value.detail is None


def test_csv_output_is_refused_as_a_whole_with_what_to_write_instead(tmp_path):
    old = _written(tmp_path / "old.csv", ["household,date,categories", "H-1,2026-03-01,dibao"])
    with pytest.raises(NotEarlier) as refused:
        read_earlier(old)
    assert refused.value.where == str(old)
    assert refused.value.said.en.startswith("this is CSV output; --only-changed reads")
    assert refused.value.help is not None and "-o decisions.jsonl" in refused.value.help.en


def test_an_earlier_file_the_system_will_not_let_be_read_says_why_in_chinese(tmp_path, monkeypatch):
    """An earlier output that could not be read went out as the system's own error, in English whatever the language
    (a traceback, `Permission denied`)."""
    import errno

    old = _written(tmp_path / "old.jsonl", [json.dumps(_decision("H-1", []))])

    def refused(*_: object, **__: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(old))

    monkeypatch.setattr(Path, "open", refused)
    with pytest.raises(NotEarlier) as refusal:
        read_earlier(old)
    assert refusal.value.where == str(old)
    assert refusal.value.said.en == "cannot read it: Permission denied"
    assert refusal.value.said.zh == "无法读取：没有读取权限"


def test_a_parquet_file_pyarrow_cannot_compare_keeps_its_words_as_a_detail(tmp_path, monkeypatch):
    """pyarrow's own English (`ArrowInvalid`) stood in the Chinese of an earlier Parquet file it could not compare."""
    import pyarrow as pa

    from engine.batch import writers

    old = tmp_path / "old.parquet"
    old.write_bytes(b"PAR1")

    def invalid(path: Path) -> object:
        raise pa.ArrowInvalid("Integer value 7 not in range")

    monkeypatch.setattr(writers, "compared_in_parquet", invalid)
    with pytest.raises(NotEarlier) as refusal:
        read_earlier(old)
    assert "Integer value" not in refusal.value.said.zh and refusal.value.said.zh.startswith(
        "不是 `policy batch` 的认定结果（其中的列不是 `policy batch` 写出的类型）"), refusal.value.said.zh
    assert refusal.value.detail == "Integer value 7 not in range"


def test_an_earlier_file_on_a_failing_disk_says_so_with_what_to_do(tmp_path, monkeypatch):
    import errno

    from engine.diagnostics import Said

    old = _written(tmp_path / "old.jsonl", [json.dumps(_decision("H-1", []))])

    def failing(*_: object, **__: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(Path, "open", failing)
    with pytest.raises(NotEarlier) as refusal:
        read_earlier(old)
    assert refusal.value.said == Said("cannot read it: Input/output error",
                                      "无法读取：输入/输出错误（磁盘或其连接可能出了故障）")
    assert refusal.value.help == Said("check the disk and its connection (the system log, `dmesg`, the disk's "
                                      "health), then run the command again",
                                      "请检查磁盘及其连接（系统日志、`dmesg`、磁盘健康状况），然后再运行一次这条命令")


def test_a_json_line_whose_decision_holds_other_kinds_is_refused_at_its_line_naming_them(tmp_path):
    """A decision with `categories` as a text or `members` as a list was fingerprinted as it stood, so that its
    household counted as changed whatever this run decided."""
    wrong = {**_decision("H-2", []), "categories": "dibao", "members": []}
    old = _written(tmp_path / "old.jsonl", [json.dumps(_decision("H-1", [])), json.dumps(wrong)])
    with pytest.raises(NotEarlier) as refused:
        read_earlier(old)
    assert refused.value.where == f"{old}:2"
    assert refused.value.said.en.startswith("`categories` is a text, where `policy batch` writes a list; `members` "
                                            "is a list, where `policy batch` writes a map; --only-changed reads"), \
        refused.value.said.en
    assert refused.value.said.zh.startswith("`categories` 是文本，而 `policy batch` 写出的是列表；`members` 是列表，"
                                            "而 `policy batch` 写出的是映射；--only-changed 读取的是"), \
        refused.value.said.zh
    assert refused.value.help is not None and "(its -o)" in refused.value.help.en
