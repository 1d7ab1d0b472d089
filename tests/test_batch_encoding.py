"""Households in another encoding than UTF-8: a county's export saved in GBK (GB18030), as Excel and WPS save text on
Chinese Windows, is refused before the run with the command that converts it; a few lines of GBK in a file that is
UTF-8 are bad records of their households, told to be retyped."""

from __future__ import annotations

import csv
import io
import json
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import IN_UTF16
from tests.test_batch import (
    DAY,
    POST,
    TRANSITION,
    gbk_lines_in_place,
    in_place,
    lines,
    sample,
    write_csv_tables,
)

RELATIONS = {"head": "户主", "spouse": "配偶", "child": "子女", "parent": "父母", "sibling": "兄弟姐妹",
             "grandchild": "孙子女", "other": "其他"}
SEXES = {"male": "男", "female": "女"}
IN_ENGLISH = ",".join(f"{word}={value}" for value, word in [*RELATIONS.items(), *SEXES.items()])


def county_export(folder: Path, items: list[dict[str, Any]], relations: bool = True) -> Path:
    """The CSV tables of `items` with sex (and `relations`) in the county's words, as members.csv is exported."""
    write_csv_tables(folder, items)
    members = folder / "members.csv"
    rows = list(csv.DictReader(io.StringIO(members.read_text(encoding="utf-8"))))
    for row in rows:
        row["sex"] = SEXES[row["sex"]]
        row["relation"] = RELATIONS[row["relation"]] if relations else row["relation"]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    members.write_text(text.getvalue(), encoding="utf-8")
    return members


def place_not_utf8(raw: bytes) -> tuple[int, int]:
    """The line and column (a character a column) of the first byte that is not UTF-8."""
    for number, line in enumerate(raw.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            return number, len(line[:error.start].decode("utf-8")) + 1
    raise AssertionError("every line is UTF-8")


def test_a_county_export_saved_in_gbk_is_refused_though_its_women_read_as_utf8(run, tmp_path):
    """`女` in GBK is the bytes C5 AE, which are UTF-8 too (`Ů`): a row whose only Chinese is `女` was taken as proof
    that members.csv is UTF-8, so 5,000 households of a GBK export were bad records told to retype `户主` and `男`
    by hand ("converting the whole file would garble its other lines"), and a woman's sex was `"Ů" is not one of
    the allowed values`. With relations in Chinese or in English, the table is refused, with the command that
    converts it; converted, it is read."""
    for relations in (True, False):
        folder = tmp_path / ("chinese" if relations else "english")
        members = county_export(folder, sample(40, seed=31), relations)
        members.write_bytes(members.read_text(encoding="utf-8").encode("gb18030"))
        assert "女".encode("gb18030").decode("utf-8") == "Ů"
        out = tmp_path / f"{folder.name}.jsonl"
        result = run("batch", "--lang", "en", folder, "-o", out, "--date", DAY, "--policy", POST,
                     "--rename-value", IN_ENGLISH)
        assert result.exit_code == 2 and result.stderr == (
            f"error: {members}:{':'.join(map(str, place_not_utf8(members.read_bytes())))}: the file is not UTF-8; "
            "the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as “CSV "
            f"UTF-8 (Comma delimited)”, or convert it: {in_place('GB18030', members)}\n")
        assert not out.exists()
        members.write_bytes(members.read_bytes().decode("gb18030").encode("utf-8"))  # as `iconv` converts it
        result = run("batch", "--lang", "en", folder, "-o", out, "--date", DAY, "--policy", POST,
                     "--rename-value", IN_ENGLISH)
        assert result.exit_code == 0, result.stderr
        assert len(lines(out)) == 40


def test_json_lines_saved_in_gbk_are_refused_though_the_first_household_is_a_woman_alone(run, tmp_path):
    """The same for JSON Lines, in a file or piped in: the first household, a widow living alone, has `女` for
    Chinese, which reads as UTF-8 `Ů`."""
    items = sample(40, seed=31)
    assert [m["sex"] for m in items[0]["members"]] == ["female"]
    for h in items:
        for m in h["members"]:
            m["sex"] = SEXES[m["sex"]]
    source = tmp_path / "gbk.jsonl"
    source.write_bytes("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items).encode("gb18030"))
    line, column = place_not_utf8(source.read_bytes())
    assert line > 1
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST,
                 "--rename-value", IN_ENGLISH)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {source}:{line}:{column}: the file is not UTF-8; the text is GBK (GB18030), "
        f"as Chinese Windows saves it: convert it to UTF-8, e.g. {in_place('GB18030', source)}\n")
    assert not out.exists()
    piped = run("batch", "--lang", "en", "-", "-o", out, "--date", DAY, "--policy", POST,
                "--rename-value", IN_ENGLISH, input=source.read_bytes())
    assert piped.exit_code == 2 and piped.stderr == (
        f"error: <stdin>:{line}:{column}: the stream is not UTF-8; the text is GBK (GB18030), "
        "as Chinese Windows saves it: convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 | …`\n")
    told = run("batch", "--lang", "zh", source, "-o", out, "--date", DAY, "--policy", POST, "--rename-value",
               IN_ENGLISH).stderr
    assert told.startswith(f"错误：{source}:{line}:{column}：文件不是 UTF-8 编码；") and "行起" not in told, told


def test_a_row_of_gbk_in_a_county_export_saved_in_utf8_stays_the_bad_record_of_its_household(run, tmp_path):
    """A genuine UTF-8 export (`户主`, `男`, `女` in UTF-8) with one row typed in again in GBK: that household is a bad
    record told to retype the row, the others are decided, as before."""
    items = sample(40, seed=31)
    members = county_export(tmp_path / "t", items)
    rows = members.read_bytes().split(b"\n")
    number = next(k for k, row in enumerate(rows, 1) if "户主".encode() in row and "男".encode() in row)
    rows[number - 1] = rows[number - 1].decode("utf-8").encode("gb18030")
    members.write_bytes(b"\n".join(rows))
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST,
                 "--rename-value", IN_ENGLISH)
    assert result.exit_code == 2, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["diagnostics"][0]["code"] == "H001" and bad["diagnostics"][0]["help"].startswith(
        "the other lines of the file are UTF-8, but this one holds `户主` and `男` in GBK (GB18030), as Chinese "
        "Windows saves text: retype them in UTF-8 (converting the whole file would garble its other lines)")
    assert len(lines(out)) == 39


def test_a_few_gbk_rows_among_rows_in_ascii_are_told_to_convert_the_table_though_one_reads_as_utf8(run, tmp_path):
    """A table in ASCII but for a few rows whose sex was typed in Chinese, and saved in GBK: converting it mends them
    and changes nothing else. A row of `女` (`Ů` as UTF-8) made the help say that the other lines are UTF-8, that
    the row be retyped and the table not converted."""
    items = sample(40, seed=31)
    write_csv_tables(tmp_path / "t", items)
    members = tmp_path / "t" / "members.csv"
    rows = members.read_text(encoding="utf-8").split("\n")
    woman = next(k for k, row in enumerate(rows) if ",female," in row)
    man = next(k for k, row in enumerate(rows) if ",male," in row and k > woman)
    rows[woman], rows[man] = rows[woman].replace(",female,", ",女,"), rows[man].replace(",male,", ",男,")
    members.write_bytes("\n".join(rows).encode("gb18030"))
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY,
                 "--policy", POST, "--rename-value", IN_ENGLISH)
    assert result.exit_code == 2, result.stderr
    told = {d["file"]: d for line in lines(tmp_path / "out.jsonl.errors.jsonl") for d in line["diagnostics"]}[
        f"{members}:{man + 1}"]
    assert told["code"] == "H001" and told["help"] == (
        "the text is GBK (GB18030), as Excel and WPS save CSV on Chinese Windows: save it again as “CSV UTF-8 (Comma "
        f"delimited)”, or convert it: {in_place('GB18030', members)}")


def _women_in_gbk(items: list[dict[str, Any]], count: int) -> tuple[list[bytes], list[int]]:
    """JSON Lines of `items`, in ASCII but for the first `count` women's sex typed `女` and saved in GBK (as UTF-8,
    `Ů`), and the numbers of those lines."""
    text, numbers = [], []
    for number, h in enumerate(items, 1):
        line = json.dumps(h)
        if len(numbers) < count and '"female"' in line:
            numbers.append(number)
            text.append(line.replace('"female"', '"女"', 1).encode("gb18030"))
        else:
            text.append(line.encode("ascii"))
    return text, numbers


def test_a_woman_typed_in_gbk_among_lines_in_ascii_is_told_as_gbk_not_as_a_letter_of_its_own(run, tmp_path):
    """`女` saved in GBK is the bytes of `Ů`, so a line of JSON Lines in ASCII but for a woman's sex typed in GBK
    reads as UTF-8 and was refused for `"Ů" is not one of the allowed values`, with the values to use: no one wrote
    `Ů`. Its help says it is `女` saved in GBK, with the command that converts the file (its other lines are ASCII),
    in `policy batch` (errors file and summary), `policy eval` and `policy diff --households`, in both languages."""
    text, numbers = _women_in_gbk(sample(20, seed=31), 2)
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    help_en = ("the value looks like `女` saved in GBK (GB18030) and read as UTF-8; the text is GBK (GB18030), as "
               f"Chinese Windows saves it: convert it to UTF-8, e.g. {in_place('GB18030', source)}")
    help_zh = ("这个值看来是以 GBK（GB18030）编码保存的 `女`，被当作 UTF-8 读了出来；文本是 GBK（GB18030）编码，"
               f"中文 Windows 默认如此保存：请转换为 UTF-8，例如 {in_place('GB18030', source)}")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST)
    assert result.exit_code == 2
    bad = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [b["line"] for b in bad] == numbers
    for record in bad:
        [told] = record["diagnostics"]
        assert told["message"] == '"Ů" is not one of the allowed values' and told["help"] == help_en
        assert told["zh"]["help"] == help_zh
    assert f'e.g. {source}:{numbers[0]}: "Ů" is not one of the allowed values; {help_en}\n' in result.stderr
    chinese = run("batch", "--lang", "zh", source, "-o", out, "--date", DAY, "--policy", POST)
    assert f'例如 {source}:{numbers[0]}："Ů" 不是允许的取值；{help_zh}\n' in chinese.stderr
    household = json.loads(text[numbers[0] - 1].decode("gb18030"))["id"]
    evaluated = run("eval", "--lang", "en", source, "--household", household, "--policy", POST, "--date", DAY)
    assert evaluated.exit_code == 2 and f"  help: {help_en}\n" in evaluated.stderr
    compared = run("diff", "--lang", "en", TRANSITION, POST, "--households", source)
    assert 'error[H002]: "Ů" is not one of the allowed values\n' in compared.output
    assert f"  help (for the 2 H002 findings above): {help_en}\n" in compared.output


def test_a_woman_typed_in_gbk_in_a_table_in_ascii_is_told_to_convert_that_table(run, tmp_path):
    """The same for a row of members.csv: the help names members.csv, where the row is, not households.csv, the
    household's row, and gives the spreadsheet's way to save it again too."""
    write_csv_tables(tmp_path / "t", sample(20, seed=31))
    members = tmp_path / "t" / "members.csv"
    rows = members.read_text(encoding="utf-8").split("\n")
    woman = next(k for k, row in enumerate(rows) if ",female," in row)
    rows[woman] = rows[woman].replace(",female,", ",女,")
    members.write_bytes("\n".join(rows).encode("gb18030"))
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", tmp_path / "out.jsonl", "--date", DAY,
                 "--policy", POST)
    assert result.exit_code == 2, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [told] = bad["diagnostics"]
    assert told["file"] == f"{members}:{woman + 1}" and told["help"] == (
        "the value looks like `女` saved in GBK (GB18030) and read as UTF-8; the text is GBK (GB18030), as Excel and "
        "WPS save CSV on Chinese Windows: save it again as “CSV UTF-8 (Comma delimited)”, or convert it: "
        f"{in_place('GB18030', members)}")


def test_a_household_file_of_a_folder_saved_in_gbk_is_placed_at_its_first_byte_in_its_errors_record(run, tmp_path):
    """A file of one household in a folder, saved in GBK: its record gives the byte's line and column as its fields,
    as every finding placed in a household file does, and its message no longer says them again."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(sample(1, seed=5)[0]), encoding="utf-8")
    (folder / "b.json").write_bytes('{"id": "B",\n "note": "测试"}'.encode("gb18030"))
    result = run("batch", "--lang", "en", folder, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 2
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [told] = bad["diagnostics"]
    assert (bad["source"], bad["line"]) == (str(folder / "b.json"), 1)
    assert (told["code"], told["message"], told["zh"]["message"]) == (
        "H001", "byte 0xb2 is not UTF-8 text", "字节 0xb2 不是 UTF-8 文本")
    assert (told["file"], told["line"], told["column"], told["end_line"], told["end_column"]) == (
        str(folder / "b.json"), 2, 11, 2, 12)
    assert "b.json:2: byte 0xb2 is not UTF-8 text; the text is GBK (GB18030)" in result.stderr  # (the summary)


def test_a_word_typed_in_gbk_in_a_file_of_utf8_chinese_is_told_to_be_retyped(run, tmp_path):
    """Where the file's other lines hold UTF-8 Chinese, converting it would garble them: the line is to be retyped,
    as a line that is not UTF-8 is told. `偶` of `配偶` in GBK reads as `ż`, and names `spouse` by its label."""
    items = sample(20, seed=31)
    items[0]["id"] = "湘潭-1"
    text = [json.dumps(h, ensure_ascii=False).encode("utf-8") for h in items]
    number = next(k for k, h in enumerate(items) if any(m["relation"] == "spouse" for m in h["members"]))
    text[number] = text[number].replace(b'"spouse"', '"偶"'.encode("gb18030"), 1)
    assert '"偶"'.encode("gb18030").decode("utf-8") == '"ż"'
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 2
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["line"] == number + 1 and bad["diagnostics"][0]["help"] == (
        "the value looks like `偶` saved in GBK (GB18030) and read as UTF-8; the other lines of the file are UTF-8, "
        "but this one holds `偶` in GBK (GB18030), as Chinese Windows saves text: retype it in UTF-8 (converting the "
        "whole file would garble its other lines), or convert only the file's lines that are not UTF-8: "
        f"{gbk_lines_in_place(source)}")


def test_a_line_of_utf8_chinese_then_gbk_punctuation_is_told_to_be_retyped_where_the_file_is_otherwise_ascii(run,
                                                                                                          tmp_path):
    """A file of ASCII households but one, whose note holds `王芳` in UTF-8 and then `，` in GBK: the file was told to
    be converted whole with `iconv -f GB18030`, which garbles `王芳`. The line is the bad record of its household,
    told which characters to retype and at which column; the other households are decided."""
    household = json.dumps(sample(6, seed=31)[3])[:-1]
    bad, told = _line_4_refused(run, tmp_path, ', "note": "王芳'.encode() + "，".encode("gb18030") + b'"}')
    column = len(household + ', "note": "') + 3
    assert (bad["line"], told["line"], told["column"]) == (4, 4, column)
    assert told["help"] == (
        f"line 4 holds `，` in GBK (GB18030), as Chinese Windows saves text, from column {column} (shown as `��`), "
        "after text in UTF-8: a line of two encodings cannot be converted whole; retype `，` there in UTF-8 "
        "(converting the file, or that line, would garble its UTF-8)")
    assert told["zh"]["help"].startswith(f"第 4 行第 {column} 列起的 `，` 是 GBK（GB18030）编码（显示为 `��`）")


@pytest.mark.parametrize(("utf8", "gbk", "read"), [("王芳", "，", "王芳��"), ("测试", "文件", "测试�ļ�")])
def test_a_csv_row_of_utf8_chinese_then_gbk_is_told_which_cell_to_retype_not_to_convert_the_table(run, tmp_path, utf8,
                                                                                                 gbk, read):
    """Tables in ASCII but for one member's name (a column of the export's own, left out), typed `王芳` in UTF-8 and
    then `，` in GBK: the help said to convert members.csv whole with `iconv -f GB18030`, which garbles `王芳`. As a
    line of JSON Lines is, the row is told where the GBK is (its line and its cell's column), what the cell reads as,
    and what to retype; the other households are decided."""
    items = sample(6, seed=31)
    write_csv_tables(tmp_path / "t", items)
    members = tmp_path / "t" / "members.csv"
    rows = [row + b",Li" for row in members.read_bytes().rstrip(b"\r\n").split(b"\r\n")]
    rows[0] = rows[0].replace(b",Li", b",name")
    rows[3] = rows[3].removesuffix(b",Li") + b"," + utf8.encode() + gbk.encode("gb18030")
    members.write_bytes(b"\r\n".join(rows) + b"\r\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST,
                 "--ignore-column", "name")
    assert result.exit_code == 2 and "iconv" not in result.stderr, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [told] = bad["diagnostics"]
    assert (told["code"], told["file"], told["line"]) == ("H001", f"{members}:4", 4)
    assert told["help"] == (
        f"line 4 holds `{gbk}` in GBK (GB18030), as Chinese Windows saves text, in column `name` (the cell reads as "
        f"`{read}`), after text in UTF-8: a row of two encodings cannot be converted whole; retype `{gbk}` there in "
        "UTF-8 (converting the file, or that row, would garble its UTF-8)")
    assert told["zh"]["help"] == (
        f"第 4 行 `name` 列中的 `{gbk}` 是 GBK（GB18030）编码（该单元格读出来是 `{read}`），"
        "中文 Windows 默认如此保存，而它前面的文字是 UTF-8 编码：一行里有两种编码，无法整行转换；"
        f"请在那里用 UTF-8 重新输入 `{gbk}`（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）")
    assert len(lines(out)) == 5


@pytest.mark.parametrize("gbk", ["，", "文件"])
def test_a_line_of_utf8_chinese_in_one_field_and_gbk_in_another_is_told_to_be_retyped_not_converted(run, tmp_path,
                                                                                                   gbk):
    """A file of ASCII households but one, whose `note` holds `王芳` in UTF-8 and whose `remark` holds `，` in GBK:
    the file was told to be converted whole with `iconv -f GB18030`, which garbles `王芳`, as a line with both in one
    field no longer is. The line is told where its GBK is, what it reads as, where its UTF-8 is, and what to retype."""
    household = json.dumps(sample(6, seed=31)[3])[:-1]
    bad, told = _line_4_refused(run, tmp_path, ', "note": "王芳", "remark": "'.encode() + gbk.encode("gb18030") + b'"}')
    column, utf8 = len(household + ', "note": "王芳", "remark": "') + 1, len(household + ', "note": "') + 1
    read = {"，": (" (shown as `��`)", "（显示为 `��`）"), "文件": ("", "")}[gbk]  # (words: shown as GBK reads them)
    assert (bad["line"], told["line"], told["column"]) == (4, 4, column)
    assert told["help"] == (
        f"line 4 holds `{gbk}` in GBK (GB18030), as Chinese Windows saves text, from column {column}{read[0]}, and "
        f"`王芳` in UTF-8 from column {utf8}: a line of two encodings cannot be converted whole; retype `{gbk}` there "
        "in UTF-8 (converting the file, or that line, would garble its UTF-8)")
    assert told["zh"]["help"] == (
        f"第 4 行第 {column} 列起的 `{gbk}` 是 GBK（GB18030）编码{read[1]}，中文 Windows 默认如此保存，"
        f"而第 {utf8} 列起的 `王芳` 是 UTF-8 编码：一行里有两种编码，无法整行转换；请在那里用 UTF-8 重新输入 `{gbk}`"
        "（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）")


def _line_4_refused(run: Any, tmp_path: Path, tail: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
    """`policy batch` of six ASCII households whose fourth line ends in `tail` instead of `}`: that line's bad record
    and its one finding, the help giving no `iconv`, the other five households decided."""
    items = sample(6, seed=31)
    text = [json.dumps(h).encode() for h in items]
    text[3] = json.dumps(items[3])[:-1].encode() + tail
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST)
    assert result.exit_code == 2 and "iconv" not in result.stderr, result.stderr
    assert len(lines(out)) == 5
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [told] = bad["diagnostics"]
    return bad, told


def test_a_csv_row_of_utf8_chinese_in_one_cell_and_gbk_in_another_is_told_which_cell_to_retype(run, tmp_path):
    """Tables in ASCII but for one member's name, `王芳` in UTF-8, and note, `，` in GBK (columns of the export's own,
    left out): members.csv was told to be converted whole with `iconv -f GB18030`, which garbles `王芳`. The row is
    told which cell holds the GBK, what it reads as, which holds the UTF-8, and what to retype."""
    items = sample(6, seed=31)
    write_csv_tables(tmp_path / "t", items)
    members = tmp_path / "t" / "members.csv"
    rows = [row + b",Li,ok" for row in members.read_bytes().rstrip(b"\r\n").split(b"\r\n")]
    rows[0] = rows[0].replace(b",Li,ok", b",name,note")
    rows[3] = rows[3].removesuffix(b",Li,ok") + ",王芳,".encode() + "，".encode("gb18030")
    members.write_bytes(b"\r\n".join(rows) + b"\r\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", tmp_path / "t", "-o", out, "--date", DAY, "--policy", POST,
                 "--ignore-column", "name", "--ignore-column", "note")
    assert result.exit_code == 2 and "iconv" not in result.stderr, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [told] = bad["diagnostics"]
    assert (told["code"], told["file"], told["line"]) == ("H001", f"{members}:4", 4)
    assert told["help"] == (
        "line 4 holds `，` in GBK (GB18030), as Chinese Windows saves text, in column `note` (the cell reads as "
        "`��`), and `王芳` in UTF-8 in column `name`: a row of two encodings cannot be converted whole; retype `，` "
        "there in UTF-8 (converting the file, or that row, would garble its UTF-8)")
    assert told["zh"]["help"] == (
        "第 4 行 `note` 列中的 `，` 是 GBK（GB18030）编码（该单元格读出来是 `��`），中文 Windows 默认如此保存，"
        "而 `name` 列中的 `王芳` 是 UTF-8 编码：一行里有两种编码，无法整行转换；"
        "请在那里用 UTF-8 重新输入 `，`（转换整个文件或这一行都会让其中的 UTF-8 变成乱码）")
    assert len(lines(out)) == 5


def test_a_file_mostly_of_lines_of_utf8_chinese_then_gbk_punctuation_is_told_at_its_first_such_line(run, tmp_path):
    """A file refused whole, most of its lines holding `王芳` in UTF-8 and then `，` in GBK: the help named `line 1`
    where the first such line is line 2, as it counted the lines that are not UTF-8 alone."""
    items = sample(4, seed=31)
    text = [json.dumps(items[0]).encode()]
    for h in items[1:]:
        text.append(json.dumps(h)[:-1].encode() + ', "note": "王芳'.encode() + "，".encode("gb18030") + b'"}')
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl", "--date", DAY, "--policy", POST)
    assert result.exit_code == 2
    column = len(json.dumps(items[1])[:-1]) + len(', "note": "王芳') + 1
    assert result.stderr == (
        f"error: {source}:2:{column}: the file is not UTF-8; line 2 holds `，` in GBK "
        f"(GB18030), as Chinese Windows saves text, from column {column} (shown as `��`), after text in UTF-8: a line "
        "of two encodings cannot be converted whole; retype `，` there in UTF-8 (converting the file, or that line, "
        "would garble its UTF-8)\n"), result.stderr


def test_a_line_of_gbk_in_a_file_of_latin_names_in_utf8_is_the_bad_record_of_its_household(run, tmp_path):
    """Members' names as a European export writes them (`José`, `Zoë`, left out with --ignore-column) are letters of
    two bytes in UTF-8, as GBK's Chinese is as often as not: a file of them with one line of GBK was refused whole,
    told to be converted from GBK, which would garble every name (`José` reads as `Jos茅`). A letter of two bytes
    in a word of ASCII letters is UTF-8: the line of GBK alone is a bad record, told to be retyped."""
    items = sample(12, seed=31)
    names = ["José", "Zoë", "Müller", "Ana María", "François", "Renée"]
    for k, h in enumerate(items):
        for j, m in enumerate(h["members"]):
            m["name"] = names[(k + j) % len(names)]
    text = [json.dumps(h, ensure_ascii=False).encode("utf-8") for h in items]
    text[5] = text[5].decode("utf-8").replace('"male"', '"男"').encode("gb18030")
    assert "José".encode().decode("gb18030") == "Jos茅"
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST,
                 "--ignore-column", "name")
    assert result.exit_code == 2 and "iconv" not in result.stderr, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert bad["line"] == 6 and bad["diagnostics"][0]["help"] == (
        "the other lines of the file are UTF-8, but this one holds `男` in GBK (GB18030), as Chinese Windows saves "
        "text: retype it in UTF-8 (converting the whole file would garble its other lines), or convert only the "
        f"file's lines that are not UTF-8: {gbk_lines_in_place(source)}")
    assert len(lines(out)) == 11


def _run_in_shell(help: str) -> None:
    """Run the command a help gives between its backticks, as a data engineer pastes it."""
    command = help.split("`")[-2]
    subprocess.run(["sh", "-c", command.replace("python3 ", f"{shlex.quote(sys.executable)} ", 1)], check=True)


def test_a_file_of_utf8_lines_and_gbk_lines_is_told_which_lines_are_gbk_and_how_to_convert_them_alone(run, tmp_path):
    """A household file whose `id` line is UTF-8 Chinese and whose relation was typed in GBK was told to convert the
    whole file with `iconv`, which garbles `湘潭` into `婀樻江`. It is told which lines are GBK and given the
    command that converts those lines alone; run, the household is read as written."""
    household = json.loads(Path(POST).parent.parent.joinpath(
        "examples/households/DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    household["id"] = "湘潭-1"
    written = json.dumps(household, ensure_ascii=False, indent=1).encode("utf-8").split(b"\n")
    gbk = [k for k, line in enumerate(written, 1) if b'"relation": "head"' in line or b'"sex": "female"' in line]
    assert len(gbk) == 3
    for k in gbk:
        line = written[k - 1].decode("utf-8")
        written[k - 1] = line.replace('"head"', '"户主"').replace('"female"', '"女性"').encode("gb18030")
    source = tmp_path / "h.json"
    source.write_bytes(b"\n".join(written) + b"\n")
    result = run("eval", "--lang", "en", source, "--policy", POST, "--brief")
    assert result.exit_code == 2 and "iconv" not in result.stderr, result.stderr
    lines_said = f"{gbk[0]}, {gbk[1]} and {gbk[2]}"
    assert f"help: lines {lines_said} are GBK (GB18030), as Chinese Windows saves text, and the file's other lines " \
           "are UTF-8, which converting the whole file would garble: convert only the lines that are not UTF-8" \
           in result.stderr
    chinese = run("eval", "--lang", "zh", source, "--policy", POST, "--brief")
    assert f"提示：第 {'、'.join(map(str, gbk))} 行是 GBK（GB18030）编码" in chinese.stderr
    _run_in_shell(result.stderr)
    mended = json.loads(source.read_text(encoding="utf-8"))
    assert mended["id"] == "湘潭-1" and mended["members"][0]["relation"] == "户主"


def test_lines_of_gbk_among_lines_of_utf8_chinese_are_given_the_command_that_converts_them_alone(run, tmp_path):
    """Half the lines of JSON Lines typed in GBK, half in UTF-8: each line of GBK was told to be retyped by hand.
    Its help gives too the command that converts the file's lines that are not UTF-8, and no other; run, every
    household is decided."""
    items = sample(10, seed=31)
    text = []
    for k, h in enumerate(items):
        h["id"] = f"湘潭-{k}"
        line = json.dumps(h, ensure_ascii=False)
        text.append(line.encode("gb18030") if k % 2 else line.encode("utf-8"))
    source = tmp_path / "h.jsonl"
    source.write_bytes(b"\n".join(text) + b"\n")
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST)
    assert result.exit_code == 2
    bad = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [b["line"] for b in bad] == [2, 4, 6, 8, 10]
    help = bad[0]["diagnostics"][0]["help"]
    assert help.startswith("the other lines of the file are UTF-8, but this one holds `湘潭` in GBK (GB18030), as "
                           "Chinese Windows saves text: retype it in UTF-8 (converting the whole file would garble "
                           "its other lines), or convert only the file's lines that are not UTF-8: `"), help
    assert bad[0]["diagnostics"][0]["zh"]["help"].endswith("，或只转换文件中不是 UTF-8 的行：" + help.split(": ")[-1])
    _run_in_shell(help)
    assert run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST).exit_code == 0
    assert [h["household"] for h in lines(out)] == [f"湘潭-{k}" for k in range(10)]


def test_many_lines_of_gbk_among_lines_of_utf8_are_named_five_and_counted_piped_in_or_not():
    """The help names the first five lines of GBK and counts the rest; piped in, it is said of the stream."""
    from engine.household_input import utf8_said

    raw = b"\n".join(['{"id": "湘潭-1",'.encode(), *('"x": "户主",'.encode("gb18030") for _ in range(8)), b"}"])
    said = utf8_said(raw, "h.json")
    assert said.en.startswith("lines 2, 3, 4, 5, 6 and 3 more are GBK (GB18030), as Chinese Windows saves text, "
                              "and the file's other lines are UTF-8"), said.en
    assert said.zh.startswith("第 2、3、4、5、6 行等 8 行是 GBK（GB18030）编码"), said.zh
    piped = utf8_said(raw, "<stdin>")
    assert "the stream's other lines are UTF-8, which converting the whole stream would garble" in piped.en
    assert piped.en.endswith("for line in sys.stdin.buffer)' | …`"), piped.en


def test_a_line_of_gbk_names_its_words_that_read_as_utf8_by_chance_too(run, tmp_path):
    """`女` in GBK is the bytes of `Ů`, UTF-8 too: a line typing `户主` and `女` in GBK among lines of UTF-8 was told
    to retype `湘潭`, `户主` alone, and once retyped, was refused again for `"Ů" is not one of the allowed values`.
    Every word of the line in GBK is named, those that read as UTF-8 by chance too, each once, the sixth on counted."""
    items = sample(4, seed=31)
    text = []
    for k, h in enumerate(items):
        h["id"] = f"湘潭-{k}"
        line = json.dumps(h, ensure_ascii=False)
        if k == 2:
            line = line.replace('"head"', '"户主"', 1).replace('"female"', '"女"').replace('"male"', '"女"')
            text.append(line.encode("gb18030"))
        else:
            text.append(line.encode("utf-8"))
    assert '"女"'.encode("gb18030").decode("utf-8") == '"Ů"'
    many = '{"id": "湘潭-1", "a": "户主", "b": "女", "c": "配偶", "d": "子女", "e": "否", "f": "是", "g": "女"}'
    source, out = tmp_path / "h.jsonl", tmp_path / "out.jsonl"
    for data, words, chinese in [
            (b"\n".join(text), "`湘潭`, `户主` and `女`", "`湘潭`、`户主`、`女` "),
            (text[0] + b"\n" + many.encode("gb18030"), "`湘潭`, `户主`, `女`, `配偶`, `子女` and 2 more",
             "`湘潭`、`户主`、`女`、`配偶`、`子女` 等 7 个词")]:
        source.write_bytes(data + b"\n")
        assert run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST).exit_code == 2
        [told] = lines(tmp_path / "out.jsonl.errors.jsonl")[0]["diagnostics"]
        assert told["help"].startswith(f"the other lines of the file are UTF-8, but this one holds {words} in GBK "
                                       "(GB18030), as Chinese Windows saves text: retype them in UTF-8"), told["help"]
        assert told["zh"]["help"].startswith(f"文件的其他行是 UTF-8 编码，这一行的 {chinese}却是 GBK（GB18030）编码")


def test_a_gbk_word_glued_to_ascii_letters_is_not_taken_for_a_latin_letter_in_a_word():
    """`HN女` in GBK is the bytes of `HNŮ`, and `HN毛` of `HNë`, `Li女士` of `LiŮʿ`: a letter of two bytes beside an
    ASCII letter, which made the line UTF-8 beyond doubt. A letter of a name is beside a small letter (`José`, `Zoë`,
    `Müller`), or starts a word of small letters (`Ångström`, `Łukasz`), or stands among capitals (`MÜLLER`)."""
    from engine.diagnostics import plainly_utf8

    for glued in ("HN女", "HN毛", "Li女士", "HN女-0001", "A梅"):
        line = f'{{"id": "{glued}", "sex": "male"}}'.encode("gb18030")
        assert line.decode("utf-8") and not plainly_utf8(line), glued
    for name in ("José", "Zoë", "Müller", "Ångström", "François", "Renée", "Łukasz", "Dvořák", "MÜLLER", "ÅNGSTRÖM"):
        assert plainly_utf8(f'{{"id": "H-1", "name": "{name}"}}'.encode()), name


def test_json_lines_in_gbk_whose_first_line_glues_a_chinese_word_to_ascii_letters_are_refused(run, tmp_path):
    """A county's ids in GBK (`HN女-1`: `HNŮ-1` as UTF-8) made the file UTF-8: each line of `男` was a bad record told
    to be retyped, each other line read with its id garbled. The file is refused, with the command that converts it."""
    items = sample(20, seed=31)
    for k, h in enumerate(items):
        h["id"] = f"HN女-{k}"
        for m in h["members"]:
            m["sex"] = SEXES[m["sex"]]
    source = tmp_path / "gbk.jsonl"
    source.write_bytes("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items).encode("gb18030"))
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST,
                 "--rename-value", IN_ENGLISH)
    assert result.exit_code == 2 and result.stderr == (
        f"error: {source}:{':'.join(map(str, place_not_utf8(source.read_bytes())))}: the file is not UTF-8; the "
        f"text is GBK (GB18030), as Chinese Windows saves it: convert it to UTF-8, e.g. "
        f"{in_place('GB18030', source)}\n"), result.stderr


def test_gbk_read_as_latin1_and_written_again_as_utf8_is_told_to_be_exported_again(run, tmp_path):
    """A GBK export that a tool took for Latin-1 and wrote out as UTF-8 is valid UTF-8 of letters no one typed:
    `女` (C5 AE) becomes `Å®`, `户主` becomes `»§Ö÷`. Refused as none of the field's values with the values to use,
    it is now told as the word it was, and that the file be exported again from the source (`iconv` from GBK would
    garble it further). In `policy eval` and in the errors file of `policy batch`, in both languages."""
    household = json.loads(Path(POST).parent.parent.joinpath(
        "examples/households/DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    garbled = {w: w.encode("gb18030").decode("latin-1") for w in ("女", "户主")}
    assert garbled == {"女": "Å®", "户主": "»§Ö÷"}
    household["members"][0]["relation"] = garbled["户主"]
    household["members"][1]["sex"] = garbled["女"]
    source = tmp_path / "h.json"
    source.write_text(json.dumps(household, ensure_ascii=False), encoding="utf-8")
    help_en = ("the value looks like `{}` in GBK (GB18030), read as Latin-1 and written again as UTF-8 by a tool "
               "between the source and this file: export the file again from the source in UTF-8, or have that tool "
               "read it as GBK (GB18030)")
    help_zh = ("这个值看来是 GBK（GB18030）编码的 `{}`，被中间的某个工具当作 Latin-1 读取后又写成了 UTF-8：请从源头"
               "以 UTF-8 编码重新导出这个文件，或让该工具按 GBK（GB18030）编码读取")
    result = run("eval", "--lang", "en", source, "--policy", POST, "--brief")
    assert result.exit_code == 2
    assert 'members[0] (p1).relation: error[H002]: "»§Ö÷" is not one of the allowed values\n' in result.stderr
    assert f"  help: {help_en.format('户主')}\n" in result.stderr, result.stderr
    assert f"  help: {help_en.format('女')}\n" in result.stderr
    chinese = run("eval", "--lang", "zh", source, "--policy", POST, "--brief")
    assert f"  提示：{help_zh.format('女')}\n" in chinese.stderr, chinese.stderr
    lines_file = tmp_path / "h.jsonl"
    lines_file.write_text(json.dumps(household, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("batch", lines_file, "-o", tmp_path / "out.jsonl", "--policy", POST).exit_code == 2
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    assert [d["help"] for d in bad["diagnostics"]] == [help_en.format("户主"), help_en.format("女")]
    assert bad["diagnostics"][1]["zh"]["help"] == help_zh.format("女")


@pytest.mark.parametrize("order", ["UTF-16LE", "UTF-16BE"])
def test_json_lines_in_utf16_without_a_mark_are_refused_before_the_run_with_how_to_save_them_as_utf8(run, tmp_path,
                                                                                                       order):
    """Saved by hand or by a tool, not by Excel, UTF-16 has no byte-order mark: each line was a bad record."""
    items = sample(4, seed=14)
    source = tmp_path / "in.jsonl"
    source.write_bytes("".join(json.dumps(h) + "\n" for h in items).encode(order))
    out = tmp_path / "out.jsonl"
    fix = in_place(order, source)
    result = run("batch", "--lang", "en", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    told, told_zh = IN_UTF16[order]
    assert result.exit_code == 2 and result.stderr == (
        f"{source}: error[H001]: {told}\n  help: in Notepad, File → Save As, choose UTF-8 under Encoding and save "
        f"(in WPS, choose UTF-8 as the encoding when saving as plain text); or convert it: {fix}\n")
    assert not out.exists()
    result = run("batch", "--lang", "zh", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and result.stderr == (
        f"{source}: 错误[H001]: {told_zh}\n  提示：请用记事本打开，点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存"
        f"（WPS：另存为纯文本时，编码选 UTF-8）；有命令行时也可以转换：{fix}\n")
    piped = run("batch", "--lang", "en", "-", "-o", out, "--date", DAY, "--policy", POST, "-j", 1,
                input=source.read_bytes())
    assert piped.exit_code == 2 and piped.stderr == (
        "error: <stdin>: the stream is not UTF-8; in Notepad, File → Save As, choose UTF-8 under Encoding and save "
        f"(in WPS, choose UTF-8 as the encoding when saving as plain text); or convert it: `iconv -f {order} -t UTF-8 "
        "| …`\n")
    document = tmp_path / "one.json"  # one household, in a file of its own
    document.write_text(json.dumps(items[0], indent=2), encoding=order)
    result = run("batch", "--lang", "en", document, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2 and result.stderr.startswith(f"{document}: error[H001]: {told}\n  help: in Notepad")


@pytest.mark.parametrize("name", ["in.json", "in.jsonl"])
@pytest.mark.parametrize("order", list(IN_UTF16), ids=["big-endian", "little-endian", "marked"])
def test_a_household_file_in_utf16_given_alone_is_told_as_a_folders_is(run, tmp_path, order, name):
    """A file saved in UTF-16 given alone to `policy batch` or `policy diff --households` was refused with `the file is
    not UTF-8` (`文件不是 UTF-8 编码`), where the same file in a folder, and given to `policy eval` or `policy monitor
    ingest`, is told `the text is UTF-16 (big-endian, with no byte-order mark), not UTF-8`: it is told so alone too,
    in both languages, still refused before the run."""
    items = sample(2, seed=14)
    text = "".join(json.dumps(h) + "\n" for h in items) if name.endswith(".jsonl") else json.dumps(items[0], indent=2)
    source = tmp_path / name
    source.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") if order == "UTF-16" else text.encode(order))
    told, told_zh = IN_UTF16[order]
    fix = in_place(order, source)
    out = tmp_path / "out.jsonl"
    for command in (["batch", source, "-o", out, "--date", DAY, "--policy", POST, "-j", 1],
                    ["diff", TRANSITION, POST, "--households", source, "--date", DAY]):
        for lang, said in [("en", told), ("zh", told_zh)]:
            result = run(*command, "--lang", lang)
            assert result.exit_code == 2, result.stderr
            assert said in result.stderr and fix in result.stderr, result.stderr
            assert "the file is not UTF-8" not in result.stderr and "文件不是 UTF-8" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("name", ["in.json", "in.jsonl"])
@pytest.mark.parametrize("order", ["UTF-16LE", "UTF-16BE"])
def test_a_household_file_in_utf16_holding_chinese_is_told_as_utf16_by_every_command(run, tmp_path, order, name):
    """UTF-16 with no byte-order mark holding Chinese (`李四`) failed to read as UTF-8 before it was looked at as
    UTF-16, and every command told it `byte 0xdb is not UTF-8 text` at a line and column that mean nothing in the
    file as its editor shows it. `policy eval`, `policy batch` (the file, or its folder), `policy diff --households`
    and `policy monitor ingest` each tell it as UTF-16, with no place, in both languages, with the command that
    converts it."""
    items = sample(2, seed=14)
    for number, household in enumerate(items):
        household["id"] = f"李四-{number}"
    text = "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in items) if name.endswith(".jsonl") \
        else json.dumps(items[0], ensure_ascii=False, indent=2)
    folder = tmp_path / "in"
    folder.mkdir()
    source = folder / name
    source.write_bytes(text.encode(order))
    told, told_zh = IN_UTF16[order]
    fix = in_place(order, source)
    out = tmp_path / "out.jsonl"
    for command in (["eval", source, "--policy", POST], ["batch", source, "-o", out, "--policy", POST, "-j", 1],
                    ["diff", TRANSITION, POST, "--households", source],
                    ["monitor", "ingest", source, "--policy", POST, "--what-if", "--db", tmp_path / "r.sqlite3"]):
        for lang, said in [("en", f"error[H001]: {told}\n"), ("zh", f"错误[H001]: {told_zh}\n")]:
            result = run(*command, "--date", DAY, "--lang", lang)
            assert result.exit_code == 2, result.stderr
            assert f"{source}: {said}" in result.stderr + result.stdout, (command, result.stderr)
            assert fix in result.stderr + result.stdout and "0xdb" not in result.stderr + result.stdout
    run("batch", folder, "-o", out, "--policy", POST, "-j", 1, "--date", DAY)
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [diagnostic] = bad["diagnostics"]
    assert (diagnostic["message"], diagnostic["zh"]["message"], diagnostic.get("line")) == (told, told_zh, None)
    assert diagnostic["help"].endswith(fix)


@pytest.mark.parametrize(("order", "told", "told_zh", "help", "help_zh"), [
    ("UTF-16BE", "the text is UTF-16 (big-endian, with no byte-order mark), not UTF-8",
     "文本是 UTF-16 编码（大端序，无字节顺序标记），不是 UTF-8",
     "in Notepad, File → Save As, choose UTF-8 under Encoding and save (in WPS, choose UTF-8 as the encoding when "
     "saving as plain text); or convert it: ",
     "请用记事本打开，点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存（WPS：另存为纯文本时，编码选 UTF-8）；"
     "有命令行时也可以转换："),
    ("UTF-16LE", "the text is UTF-16 (little-endian, with no byte-order mark), not UTF-8",
     "文本是 UTF-16 编码（小端序，无字节顺序标记），不是 UTF-8",
     "in Notepad, File → Save As, choose UTF-8 under Encoding and save (in WPS, choose UTF-8 as the encoding when "
     "saving as plain text); or convert it: ",
     "请用记事本打开，点“文件”→“另存为”，在下方“编码”中选 UTF-8 后保存（WPS：另存为纯文本时，编码选 UTF-8）；"
     "有命令行时也可以转换："),
    ("UTF-16", "byte 0xff is not UTF-8 text", "字节 0xff 不是 UTF-8 文本",
     'the text is UTF-16, as Excel saves "Unicode Text": convert it to UTF-8, e.g. ',
     "文本是 UTF-16 编码，Excel 另存为“Unicode 文本”时即是如此：请转换为 UTF-8，例如 ")],
    ids=["big-endian", "little-endian", "marked"])
def test_a_folders_json_lines_in_utf16_are_one_bad_record_told_as_its_json_file_is(run, tmp_path, order, told, told_zh,
                                                                                   help, help_zh):
    """A folder's `.jsonl` file saved in UTF-16 was a bad record on each line, `not valid JSON: expecting value`
    (big-endian, or with its mark), where a `.json` file so saved is one bad record told as UTF-16 with how to make it
    UTF-8. It is told so too, once, in both languages, in the errors file and the summary; the other files are
    decided."""
    folder = tmp_path / "in"
    folder.mkdir()
    items = sample(4, seed=14)
    (folder / "a.json").write_text(json.dumps(items[0]), encoding="utf-8")
    source = folder / "b.jsonl"
    text = "".join(json.dumps(h) + "\n" for h in items[1:])
    source.write_bytes(b"\xff\xfe" + text.encode("utf-16-le") if order == "UTF-16" else text.encode(order))
    out = tmp_path / "out.jsonl"
    result = run("batch", "--lang", "en", folder, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert result.exit_code == 2, result.stderr
    [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
    [said] = bad["diagnostics"]
    fix = in_place(order, source)
    assert (bad["source"], said["code"], said["message"], said["help"]) == (str(source), "H001", told, help + fix)
    assert said["zh"] == {"message": told_zh, "help": help_zh + fix}
    assert f"  1  H001 — e.g. {source}" in result.stderr and f"{told}; {help}{fix}\n" in result.stderr
    assert len(lines(out)) == 1
    chinese = run("batch", "--lang", "zh", folder, "-o", out, "--date", DAY, "--policy", POST, "-j", 1)
    assert f"{told_zh}；{help_zh}{fix}\n" in chinese.stderr, chinese.stderr
