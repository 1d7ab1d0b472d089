"""`policy monitor` through click's CliRunner: the register, its alerts, replays and deadlines."""

from __future__ import annotations

import copy
import csv
import datetime
import errno
import io
import json
import re
import shlex
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import IN_UTF16, ROOT, files_of_each_shape, glued_options

EXAMPLES = ROOT / "examples" / "households"
POST = str(ROOT / "policy" / "post-transition.yaml")
TRANSITION = str(ROOT / "policy" / "2024-transition.yaml")
ON_LINE = json.loads((EXAMPLES / "DS-0011-on-post-dibao-line.json").read_text(encoding="utf-8"))


def variant(hid: str, agriculture: int, **changes: object) -> dict[str, object]:
    """DS-0011 (exactly on the post-transition dibao line) with another id and agriculture income."""
    data = copy.deepcopy(ON_LINE)
    data["id"] = hid
    for line in data["income"]:
        if line["type"] == "agriculture":
            line["amount"] = agriculture
    data.update(changes)
    return data


def write_jsonl(path: Path, households: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), encoding="utf-8")
    return path


@pytest.fixture
def run(monkeypatch, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("POLICY_REGISTER", raising=False)
    monkeypatch.delenv("POLICY_CALENDAR", raising=False)
    runner = CliRunner()
    db = str(tmp_path / "register.sqlite3")

    def invoke(*args: str, input: str | None = None, with_db: bool = True):
        extra = ["--db", db] if with_db else []
        return runner.invoke(cli, ["monitor", *args, *extra], input=input, catch_exceptions=False)
    invoke.db = db  # type: ignore[attr-defined]
    return invoke


def count(db: str, table: str = "snapshots") -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


@pytest.fixture
def two_months(run, tmp_path):
    """Four households over February and March 2026 (post-transition): one of each change."""
    feb = write_jsonl(tmp_path / "2026-02.jsonl", [
        variant("H-MOVE", 10360),           # dibao_marginal, exactly on the dibao line
        variant("H-START", 60000),          # too much income for anything
        variant("H-EXIT", 10360),           # dibao_marginal
        variant("H-SAME", 10360),
    ])
    mar = write_jsonl(tmp_path / "2026-03.jsonl", [
        variant("H-MOVE", 7000),            # income falls: dibao
        variant("H-START", 10360),          # income falls: dibao_marginal
        variant("H-EXIT", 60000),           # income rises: nothing
        variant("H-SAME", 10360),
    ])
    assert run("ingest", str(feb), "--date", "2026-02-01").exit_code == 0
    assert run("ingest", str(mar), "--date", "2026-03-01").exit_code == 0
    return feb, mar


@pytest.fixture
def registered(run):
    """A register holding the example households (DS-0001 … DS-0028), for applications to refer to."""
    assert run("ingest", str(EXAMPLES), "--policy", POST, "--what-if").exit_code == 0


# -- ingest -----------------------------------------------------------------------------


def test_a_folders_files_are_read_as_json_lines_or_as_one_document_as_batch_reads_them(run, tmp_path):
    """A `.jsonl` file holding one household written over many lines, or a list, was split into lines, each a bad
    record, and so was a `.json` file written over many lines whose objects start lines of their own; `policy batch`
    reads each as the document it is. Each file is read as batch reads it, in the folder or given alone."""
    from engine.sample import households

    items = list(households(10, 4, datetime.date(2026, 3, 1)))
    folder = tmp_path / "in"
    shapes = files_of_each_shape(folder, items)
    result = run("ingest", str(folder), "--lang", "en", "--policy", POST, "--what-if")
    assert count(run.db) == 9, result.stderr
    assert re.findall(r"^(\S+?:\d+)(?::\d+)?: error", result.stderr, re.MULTILINE) == [f"{folder / 'f-cut.jsonl'}:1"]
    for name, (records, bad) in shapes.items():
        db = str(tmp_path / f"{name}.sqlite3")
        alone = run("ingest", str(folder / name), "--lang", "en", "--policy", POST, "--what-if", "--db", db,
                    with_db=False)
        bad_lines = [int(line) for line in re.findall(r"^\S+?:(\d+)(?::\d+)?: error", alone.stderr, re.MULTILINE)]
        assert (count(db) + len(bad_lines), bad_lines) == (records, bad), (name, alone.stderr)


@pytest.mark.parametrize("order", list(IN_UTF16), ids=["big-endian", "little-endian", "marked"])
def test_a_folders_json_lines_in_utf16_are_told_as_batch_and_diff_tell_them(run, tmp_path, order):
    """A `.jsonl` file saved in UTF-16 was told `the file is not UTF-8; in Notepad, …` (`文件不是 UTF-8 编码；…`), and a
    `.json` file `not valid JSON: expecting value`, where `policy batch` and `policy diff --households` say what
    each is: `the text is UTF-16 (big-endian, with no byte-order mark), not UTF-8`, with how to make it UTF-8. Each
    is one bad record, in their words, in both languages; the folder's other file is recorded."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps(variant("H-A", 10360)), encoding="utf-8")
    texts = {"b.jsonl": "".join(json.dumps(variant(hid, 10360)) + "\n" for hid in ("H-B", "H-C")),
             "c.json": json.dumps(variant("H-D", 10360), indent=2)}
    for name, text in texts.items():
        (folder / name).write_bytes(b"\xff\xfe" + text.encode("utf-16-le") if order == "UTF-16" else text.encode(order))
    told, told_zh = IN_UTF16[order]
    english = run("ingest", str(folder), "--lang", "en", "--policy", POST, "--what-if")
    chinese = run("ingest", str(folder), "--lang", "zh", "--policy", POST, "--what-if")
    assert count(run.db) == 1, english.stderr
    for name in texts:
        source = folder / name
        fix = f"`iconv -f {order} -t UTF-8 {source} > {source}.utf8 && mv {source}.utf8 {source}`"
        assert re.search(rf"^{re.escape(str(source))}(:1:1)?: error\[H001\]: {re.escape(told)}\n", english.stderr,
                         re.MULTILINE), english.stderr
        assert f"{fix}\n" in english.stderr
        assert re.search(rf"^{re.escape(str(source))}(:1:1)?: 错误\[H001\]: {re.escape(told_zh)}\n", chinese.stderr,
                         re.MULTILINE), chinese.stderr
        assert f"{fix}\n" in chinese.stderr
    assert "not valid JSON" not in english.stderr and "the file is not UTF-8" not in english.stderr, english.stderr
    assert "文件不是 UTF-8 编码" not in chinese.stderr


def test_a_json_list_with_a_byte_that_is_not_utf8_is_told_at_that_byte_as_batch_tells_it(run, tmp_path):
    """A `.json` list whose text holds a word saved in GBK was read with the byte replaced (`�X` recorded as the id),
    where `policy batch` tells the file as one bad record H001 at the byte, with how to convert it from GB18030: it is
    told so, at the same line and column, and nothing of it is recorded."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = json.dumps([variant("H-A", 10360), variant("户X", 10360)], indent=2, ensure_ascii=False)
    source = folder / "list.json"
    source.write_bytes(text.encode("utf-8").replace("户".encode(), "户".encode("gb18030")))
    english = run("ingest", str(source), "--lang", "en", "--policy", POST, "--what-if")
    out = tmp_path / "out.jsonl"
    batch = CliRunner().invoke(cli, ["batch", str(folder), "-o", str(out), "--policy", POST, "--lang", "en"])
    [bad] = [json.loads(line) for line in (tmp_path / "out.jsonl.errors.jsonl").read_text().splitlines()]
    [said] = bad["diagnostics"]
    assert (said["code"], said["message"]) == ("H001", "byte 0xbb is not UTF-8 text"), batch.stderr
    assert "iconv -f GB18030" in said["help"]
    assert f"{source}:{said['line']}:{said['column']}: error[H001]: {said['message']} (shown below as GB18030 reads " \
        "it)\n" in english.stderr, english.stderr
    assert f"  help: {said['help']}\n" in english.stderr and "户X" in english.stderr
    assert f"{source}: 0 snapshots recorded" in english.stderr, english.stderr


def test_every_subcommand_has_help_with_an_example(run, monkeypatch):
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")  # the English help (tests/test_help_zh.py reads the Chinese)
    result = run("--help", with_db=False)
    assert result.exit_code == 0
    for command in ("ingest", "alerts", "show", "reassess", "apply", "close", "void"):
        assert command in result.output
        sub = run(command, "--help", with_db=False)
        assert sub.exit_code == 0 and "Example" in sub.output, command


def test_ingest_a_folder_records_each_file_and_never_twice(run):
    first = run("ingest", str(EXAMPLES), "--lang", "en")
    assert first.exit_code == 0, first.output
    files = len(list(EXAMPLES.glob("*.json")))
    assert f"ingests #1–#{files} ({files} files): {files} snapshots recorded, 0 already recorded, 0 bad records" \
        in first.output
    again = run("ingest", str(EXAMPLES), "--lang", "en")
    assert again.exit_code == 0
    assert f"ingests #{files + 1}–#{2 * files} ({files} files): 0 snapshots recorded, {files} already recorded" \
        in again.output
    assert count(run.db) == files
    assert count(run.db, "batches") == 2 * files  # one transaction, one batch, per file


def test_an_ingest_that_records_nothing_gives_no_speed_and_a_blank_name_is_refused(run, tmp_path):
    month = write_jsonl(tmp_path / "2026-03.jsonl", [variant("H-ONCE", 10360, date="2026-03-02")])
    first = run("ingest", str(month), "--lang", "en").output
    assert "households/s" in first  # a speed where something was recorded
    for lang, said, speed in (("en", "0 snapshots recorded, 1 already recorded, 0 bad records skipped — ", "/s"),
                              ("zh", "记录 0 条快照，1 条此前已记录，跳过 0 条错误记录 — 用时 ", "每秒")):
        again = run("ingest", str(month), "--lang", lang).output
        line = next(line for line in again.splitlines() if said in line)
        assert speed not in line and line.endswith(("s", "秒")), line
    for lang, said in (("en", "error: the file to ingest is named as blank (\"\"): give an export file, a folder of "
                              "them, or - for standard input\n"),
                       ("zh", "错误：要导入的文件名为空（\"\"）：请给出导出文件、存放导出文件的文件夹，"
                              "或用 - 表示标准输入\n")):
        blank = run("ingest", "", "--lang", lang)
        assert blank.exit_code == 2 and blank.stderr == said, blank.stderr
    assert count(run.db) == 1


def test_ingest_from_standard_input(run):
    line = json.dumps(variant("H-STDIN", 10360)) + "\n"
    result = run("ingest", "-", "--date", "2026-03-01", "--lang", "en", input=line)
    assert result.exit_code == 0, result.output
    assert "ingest #1 (<stdin>): 1 snapshot recorded" in result.output
    shown = run("show", "H-STDIN", "--format", "json")
    assert json.loads(shown.output)["snapshots"][0]["status"] == ["dibao_marginal"]


def test_ingest_with_a_date_no_policy_is_in_force_on_says_it_once_before_any_record_or_register(run):
    """--date outside every window was said once for each record, and a new, empty register was made."""
    lines = json.dumps(variant("H-OLD", 10360)) + "\n" + json.dumps(variant("H-TWO", 10360)) + "\n"
    english = run("ingest", "-", "--date", "2020-01-01", "--lang", "en", input=lines)
    assert english.exit_code == 2
    assert english.output.startswith("policy/: error[L008]: no policy in policy/ is in force on 2020-01-01\n"
                                     "  help: windows: policy/2024-transition.yaml (2024-07-16 – 2025-12-31);")
    assert english.output.count("error[L008]") == 1 and "household" not in english.output
    assert not Path(run.db).exists()
    chinese = run("ingest", "-", "--date", "2020-01-01", "--lang", "zh", input=lines)
    assert chinese.output.count("policy/: 错误[L008]: policy/ 中没有在 2020-01-01 生效的政策文件\n") == 1
    assert "  提示：各文件的生效期：policy/2024-transition.yaml（2024-07-16 – 2025-12-31）" in chinese.output


def test_ingest_says_a_household_dated_where_no_policy_is_in_force_at_its_date_and_records_the_others(run, tmp_path):
    """Without --date, the day is the household's own `date`: one no policy holds is most likely mistyped, a finding
    of that record at its `date` (as `policy eval` and `policy batch` say it), not of the policy folder; at its line
    and column, underlined, as eval says it (it was said at the line alone)."""
    old = json.dumps({**variant("H-OLD", 10360), "date": "2020-01-01"})
    lines = old + "\n" + json.dumps({**variant("H-NOW", 10360), "date": "2026-03-01"}) + "\n"
    column = old.index('"2020-01-01"') + 1
    result = run("ingest", "-", "--lang", "en", input=lines)
    assert result.exit_code == 2
    assert f"<stdin>:1:{column}: date: error[L008]: household H-OLD: no policy in policy/ is in force on 2020-01-01, " \
        "the household's `date`" in result.output
    export = tmp_path / "export.jsonl"
    export.write_text(lines, encoding="utf-8")
    from_file = run("ingest", str(export), "--lang", "en")
    said = from_file.output.splitlines()
    assert said[0].startswith(f"{export}:1:{column}: date: error[L008]: household H-OLD: no policy in policy/ is in "
                              "force")
    assert said[1].startswith("  1 | ") and said[2].endswith(" " + "^" * len('"2020-01-01"'))
    assert "check the household's `date`, or decide it with --policy FILE" in result.output
    assert "1 snapshot recorded" in result.output


def test_ingest_a_json_array(run, tmp_path):
    source = tmp_path / "two.json"
    source.write_text(json.dumps([variant("H-A", 10360), variant("H-B", 60000)], indent=2), encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01")
    assert result.exit_code == 0, result.output
    history = json.loads(run("show", "H-B", "--format", "json").output)
    assert history["snapshots"][0]["source"] == f"{source}[1]" and history["snapshots"][0]["status"] == []
    replayed = run("show", "H-A", "--explain", "--format", "json")
    assert json.loads(replayed.output[replayed.output.index("{"):])["replay"]["matches_recorded"] is True


def test_bad_records_are_located_skipped_and_counted(run, tmp_path):
    good = json.dumps(variant("H-GOOD", 10360))
    unknown_type = variant("H-BAD", 10360)
    unknown_type["income"][0]["type"] = "lottery"  # type: ignore[index]
    source = tmp_path / "mixed.jsonl"
    source.write_text(f"{good}\n{{not json\n{json.dumps(unknown_type)}\n", encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    assert f"{source}:2:2: error[H001]" in result.output
    column = json.dumps(unknown_type).index('"lottery"') + 1
    assert (f"{source}:3:{column}: income[0].type: error[H003]: household H-BAD: \"lottery\" is not an income type"
            in result.output)
    assert "1 snapshot recorded, 0 already recorded, 2 bad records skipped" in result.output
    assert count(run.db) == 1
    said = run("ingest", str(source), "--date", "2026-03-01", "--lang", "zh")  # as `policy eval` says it
    assert (f"{source}:3:{column}: income[0].type: 错误[H003]: 家庭 H-BAD：\"lottery\" 不是本政策的收入类型"
            in said.output)
    assert "记录 0 条快照，1 条此前已记录，跳过 2 条错误记录" in said.output  # the summary too


def test_a_first_line_opened_with_a_full_width_brace_is_told_as_eval_tells_it(run, tmp_path):
    """A first line of JSON Lines opened with `｛` (typed with a Chinese input method) lost its first byte with the
    byte-order mark `ingest` stripped byte by byte: `byte 0xbd is not UTF-8 text`, `this one holds 經 in GBK`."""
    source = tmp_path / "wide.jsonl"
    source.write_text("｛" + json.dumps(variant("H-WIDE", 10360))[1:] + "\n" + json.dumps(variant("H-B", 10360))
                      + "\n", encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert f"{source}:1:1: error[H001]: not valid JSON: `｛` is full-width (Chinese) punctuation" in result.output, \
        result.output
    assert "1 snapshot recorded, 0 already recorded, 1 bad record skipped" in result.output


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ingest_of_a_lone_surrogate_in_a_text_skips_the_record_at_its_place_not_an_internal_error(run, tmp_path, lang):
    """`"id": "H\\udc80"` reads as a lone surrogate, which the register cannot store: ingest stopped with an internal
    error; it is now a bad record, at the escape's line and column, and the other households are recorded."""
    odd = json.dumps(variant("H-ODD", 10360)).replace('"H-ODD"', '"H\\udc80"')
    source = tmp_path / "odd.jsonl"
    source.write_text(json.dumps(variant("H-GOOD", 10360)) + "\n" + odd + "\n", encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal" not in result.output and "内部" not in result.output
    error = "error" if lang == "en" else "错误"
    assert f"{source}:2:{odd.index(chr(92)) + 1}: {error}[H001]" in result.output
    assert ("a lone surrogate" if lang == "en" else "孤立的代理项") in result.output
    assert count(run.db) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ingest_of_a_list_with_a_lone_surrogate_or_a_key_twice_in_one_item_records_the_others(run, tmp_path, lang):
    """One item of a `.json` list holding a lone surrogate or a key given twice refused the whole file, one bad record
    and nothing recorded, where `policy eval` and `policy batch` decide the others: it is now that item's bad record
    alone, at its line and column as eval places it, counted once, and the list's other households are recorded."""
    text = json.dumps([variant("H-A", 10360), variant("H-ODD", 10360), variant("H-TWICE", 10360),
                       variant("H-B", 10360)], indent=2)
    text = text.replace('"H-ODD"', '"H\\udc80"').replace('"id": "H-TWICE",', '"id": "H-TWICE", "id": "H-C",')
    source = tmp_path / "list.json"
    source.write_text(text, encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", lang)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal" not in result.output and "内部" not in result.output
    written = text.splitlines()
    error = "error" if lang == "en" else "错误"
    for shown, said in (("\\udc80", ("a lone surrogate", "孤立的代理项")),
                        ('"id": "H-C"', ("duplicate key `id`", "重复的键 `id`"))):
        at = next(n for n, line in enumerate(written, 1) if shown in line)
        column = written[at - 1].index(shown) + 1
        assert f"{source}:{at}:{column}: {error}[H001]: " in result.output, result.output
        assert said[lang == "zh"] in result.output
    assert "(line " not in result.output and "（第 " not in result.output  # placed as `file:line:column:`
    assert ("2 snapshots recorded, 0 already recorded, 2 bad records skipped" if lang == "en" else
            "记录 2 条快照，0 条此前已记录，跳过 2 条错误记录") in result.output, result.output
    assert count(run.db) == 2


# a line of JSON Lines holding characters JSON does not take for white space, as written between two households
_UNSEEN_LINES = {"form-feed": "\f", "vertical-tab": "\v", "spaces-around-a-form-feed": " \f ",
                 "line-separator": "\u2028", "file-separator": "\x1c", "form-feed-before-a-household": "\f{}",
                 "spaces-and-a-form-feed-before-a-household": "  \f{}",
                 "form-feed-after-a-household": "{}\f"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("between", list(_UNSEEN_LINES.values()), ids=list(_UNSEEN_LINES))
def test_a_line_of_unseen_characters_is_the_bad_record_for_ingest_that_it_is_for_eval_and_batch(run, tmp_path, lang,
                                                                                              between):
    """A line holding only a form feed or a vertical tab was skipped by `ingest`, which took them for white space
    (`bytes.strip`), and one holding one before or after a household was recorded; `policy eval` and `policy batch`
    tell each as a bad record at its line and column. All three now read the same households and bad records."""
    middle = between.replace("{}", json.dumps(variant("H-MID", 10360)))
    source = tmp_path / "unseen.jsonl"
    source.write_text(json.dumps(variant("H-A", 10360)) + "\n" + middle + "\n" + json.dumps(variant("H-B", 10360))
                      + "\n", encoding="utf-8")
    told = re.compile(r"^(\S+?:\d+:\d+): (?:error|错误)\[(H\d+)\]: (.*)$", re.MULTILINE)
    evaluated = CliRunner().invoke(cli, ["eval", str(source), "--date", "2026-03-01", "--lang", lang])
    out = tmp_path / "decisions.jsonl"
    CliRunner().invoke(cli, ["batch", str(source), "-o", str(out), "--date", "2026-03-01", "--lang", lang])
    batched = [(f"{d['file']}:{d['line']}:{d['column']}", d["code"], d["message"] if lang == "en" else
                d["zh"]["message"]) for bad in map(json.loads, out.with_name(out.name + ".errors.jsonl").open())
               for d in bad["diagnostics"]]
    ingested = run("ingest", str(source), "--date", "2026-03-01", "--lang", lang)
    assert told.findall(ingested.output) == told.findall(evaluated.output) == batched == [
        (f"{source}:2:{middle.index(between.strip(' {}')) + 1}", "H001", batched[0][2])], ingested.output
    decided = [json.loads(line)["household"] for line in out.open()]
    assert sorted(decided) == ["H-A", "H-B"] and count(run.db) == len(decided), ingested.output


def test_a_file_of_bad_records_alone_is_not_sent_to_the_alerts_for_what_it_changed(run, tmp_path):
    month = write_jsonl(tmp_path / "month.jsonl", [variant("H-1", 10360)])
    assert run("ingest", str(month), "--date", "2026-03-01").exit_code == 0
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    said = run("ingest", str(bad), "--date", "2026-03-01", "--lang", "en")
    assert said.exit_code == 2
    assert "0 snapshots recorded, 0 already recorded, 1 bad record skipped" in said.output
    assert said.output.endswith(f"register: {run.db}\n")
    zh = run("ingest", str(bad), "--date", "2026-03-01", "--lang", "zh")
    assert zh.output.endswith(f"监测台账：{run.db}\n")


def test_a_bad_record_names_its_household_where_its_id_can_be_read(run, tmp_path):
    """The desk works by household id: a bad record says whose it is, as `policy batch`'s errors file does, unless
    the record could not be read at all (its id cannot be trusted then)."""
    unknown_type = variant("H-BAD", 10360)
    unknown_type["income"][0]["type"] = "lottery"  # type: ignore[index]
    late_date = variant("H-DAY", 10360)
    late_date["members"][0]["birth_date"] = "1970-02-30"  # type: ignore[index]
    source = tmp_path / "2026-07.jsonl"
    source.write_text(f"{json.dumps(unknown_type)}\n{{\"id\": \"H-CUT\", \n{json.dumps(late_date)}\n", encoding="utf-8")
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    column = json.dumps(unknown_type).index('"lottery"') + 1
    assert (f"{source}:1:{column}: income[0].type: error[H003]: household H-BAD: \"lottery\" is not an income type"
            in result.output)
    assert re.search(re.escape(f"{source}:3:") + r"\d+: " + re.escape(
        'members[0] (p1).birth_date: error[H002]: household H-DAY: "1970-02-30" is not a date'), result.output)
    assert "household H-CUT" not in result.output  # a line that is no JSON: its id is not trusted
    said = run("ingest", str(source), "--date", "2026-03-01", "--lang", "zh")
    assert (f"{source}:1:{column}: income[0].type: 错误[H003]: 家庭 H-BAD：\"lottery\" 不是本政策的收入类型"
            in said.output)


def test_a_record_of_no_readable_id_stopped_by_the_policy_is_placed_at_its_line_not_said_of_household_question_mark(
        run, tmp_path):
    """No policy in force on the day of records with no `date`: a record whose id cannot be read is said where it is,
    at the line the record starts on (its id is what the desk would look for), never of `household ?`."""
    ended = tmp_path / "ended"
    ended.mkdir()
    (ended / "2024-transition.yaml").write_bytes((ROOT / "policy" / "2024-transition.yaml").read_bytes())
    unnamed = variant("H-X", 10360)
    del unnamed["id"]
    lines = tmp_path / "2026-12.jsonl"
    lines.write_text(f"{json.dumps(variant('H-1', 10360))}\n{json.dumps(unnamed)}\n", encoding="utf-8")
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([variant("H-1", 10360), unnamed], indent=2), encoding="utf-8")
    start = [n for n, text in enumerate(listed.read_text(encoding="utf-8").splitlines(), 1) if text == "  {"][1]
    for lang, household, error in (("en", "household H-1: ", "error[L008]: "), ("zh", "家庭 H-1：", "错误[L008]: ")):
        said = run("ingest", str(lines), "--policy-dir", str(ended), "--lang", lang)
        assert said.exit_code == 2
        assert f"{lines}:1: {error}{household}" in said.stderr  # a record whose id is read is said of its household
        assert re.search(re.escape(f"{lines}:2:1: {error}") + r"(no policy|\S+ 中没有)", said.stderr), said.stderr
        assert "household ?" not in said.stderr and "家庭 ?" not in said.stderr
        said = run("ingest", str(listed), "--policy-dir", str(ended), "--lang", lang)
        assert said.exit_code == 2
        assert re.search(re.escape(f"{listed}:{start}:3: {error}") + r"(no policy|\S+ 中没有)", said.stderr), (
            said.stderr)
        assert "household ?" not in said.stderr and "家庭 ?" not in said.stderr and "[1]:" not in said.stderr


def test_a_disability_grade_without_its_type_is_a_bad_record_not_a_snapshot(run, tmp_path):
    """The register is never fed a household read, without a word, as having no disability: a grade whose type
    is null (an empty cell of the export) or left out, or a type without a grade, is refused as eval refuses it."""
    grade_only = variant("H-GRADE", 10360)
    grade_only["members"][2].update(disability_grade=1, disability_type=None)  # type: ignore[index]
    type_only = variant("H-TYPE", 10360)
    type_only["members"][1].update(disability_type="mental")  # type: ignore[index]
    del type_only["members"][1]["disability_grade"]  # type: ignore[index]
    source = write_jsonl(tmp_path / "2026-03.jsonl", [variant("H-GOOD", 10360), grade_only, type_only])
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    assert re.search(re.escape(f"{source}:2:") + r"\d+: " + re.escape(
        "members[2] (p3).disability_grade: error[H008]: household H-GRADE: disability grade is given, but type of "
        "disability is empty"),
        result.output)
    assert re.search(re.escape(f"{source}:3:") + r"\d+: " + re.escape(
        "members[1] (p2).disability_type: error[H008]: household H-TYPE: type of disability is given, but disability "
        "grade is empty"),
        result.output)
    assert "help: fill in disability grade (`disability_grade`: a whole number from 1 to 4), or remove type of " \
           "disability (`disability_type`)" in result.output
    assert "1 snapshot recorded, 0 already recorded, 2 bad records skipped" in result.output
    said = run("ingest", str(source), "--date", "2026-03-01", "--lang", "zh")
    assert re.search(re.escape(f"{source}:2:") + r"\d+: " + re.escape(
        "members[2] (p3).disability_grade: 错误[H008]: 家庭 H-GRADE：残疾等级已填写，但残疾类别为空"), said.output)
    assert "提示：请填写残疾等级（`disability_grade`，1 到 4 之间的整数），或删去残疾类别（`disability_type`）" \
        in said.output
    assert count(run.db) == 1


def test_a_line_given_twice_is_recorded_as_given_and_warned_of(run, tmp_path):
    twice = variant("H-TWICE", 10360)
    twice["income"].append(dict(twice["income"][0]))  # type: ignore[attr-defined,index]
    source = write_jsonl(tmp_path / "2026-03.jsonl", [variant("H-GOOD", 10360), twice])
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (f"{source}:2: warning[H009]: household H-TWICE: income[4] the same as income[0]: wage income (less the "
            'cost of employment) (wage), member "p1", 10,000.00 yuan/year; the snapshot is recorded with both lines '
            "counted: if one was pasted twice, void it with "
            "`policy monitor void H-TWICE --date 2026-03-01 --reason …` and ingest the record corrected"
            ) in result.output
    assert "2 snapshots recorded, 0 already recorded, 0 bad records skipped, 1 warning" in result.output
    assert count(run.db) == 2
    twice["id"] = "H-TWICE-2"
    said = run("ingest", str(write_jsonl(tmp_path / "more.jsonl", [twice])), "--date", "2026-03-01", "--lang", "zh")
    assert ('警告[H009]: 家庭 H-TWICE-2：income[4] 与 income[0] 相同：工资性收入（扣减就业成本）（wage）、成员 "p1"、'
            "10,000.00 元/年；快照已记入") in said.output
    assert "记录 1 条快照（台账中新增 1 户），0 条此前已记录，跳过 0 条错误记录，1 条警告" in said.output


def test_a_medical_bill_of_no_member_is_recorded_and_warned_of(run, tmp_path):
    unnamed = variant("H-BILL", 10360, expenses=[{"type": "medical", "amount": 4000}])  # p3's bill, left unnamed
    source = write_jsonl(tmp_path / "2026-03.jsonl", [variant("H-GOOD", 10360), unnamed])
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (f"{source}:2: warning[H010]: household H-BILL: expenses[0]: medical costs paid out of pocket (medical), "
            "4,000.00 yuan/year: written for the household as a whole, for no member; medical assistance (the "
            "highest applicable share) is given per "
            "member, from each member's own \"medical\" lines, so this line gives it to no one; the snapshot is "
            "recorded as given: if the data is wrong, void it with `policy monitor void H-BILL --date 2026-03-01 "
            "--reason …` and ingest the record corrected\n  help: add the member whose expense it is, as "
            '`"member": "p1"` (the members: "p1", "p2" and "p3"); a bill of several members is written as one line for '
            "each\n") in result.output
    assert "2 snapshots recorded, 0 already recorded, 0 bad records skipped, 1 warning" in result.output
    assert count(run.db) == 2
    unnamed["id"] = "H-BILL-2"
    said = run("ingest", str(write_jsonl(tmp_path / "more.jsonl", [unnamed])), "--date", "2026-03-01", "--lang", "zh")
    assert ('警告[H010]: 家庭 H-BILL-2：expenses[0]：医疗费用（个人自付部分）（medical）、4,000.00 元/年：'
            "写在整户名下，没有写明成员；"
            '医疗救助（就高不就低）按成员给予，只计成员本人的 "medical" 支出，这一条不计入任何人的救助；'
            "快照已按所填记入") in said.output
    assert "记录 1 条快照（台账中新增 1 户），0 条此前已记录，跳过 0 条错误记录，1 条警告" in said.output


def test_a_doubt_in_a_json_file_written_over_several_lines_is_warned_of_at_its_line_and_column(run, tmp_path):
    doubtful = variant("H-HAND", 10360)
    doubtful["income"].append({"type": "pension", "member": "p3", "amount": 150})  # type: ignore[attr-defined]
    for name, data in (("hand.json", {**doubtful, "date": "2026-03-01"}),
                       ("list.json", [variant("H-GOOD", 10360, date="2026-03-01"),
                                      {**doubtful, "date": "2026-04-01"}])):
        source = tmp_path / name
        source.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        lines = source.read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if '"amount": 150' in text)  # its own line, indented
        result = run("ingest", str(source), "--lang", "en")
        assert result.exit_code == 0, result.output
        column = lines[line - 1].index("150") + 1
        assert f"{source}:{line}:{column}: warning[H013]: household H-HAND: income[4].amount: the amount of " in (
            result.output), result.output
        assert f"\n  {line} | {lines[line - 1]}\n" in result.output  # the line under it, as eval shows it


def test_two_heads_and_a_pension_written_for_the_month_are_recorded_as_given_and_warned_of(run, tmp_path):
    doubtful = variant("H-DOUBT", 10360)
    doubtful["members"][1]["relation"] = "head"  # type: ignore[index]
    doubtful["income"].append({"type": "pension", "member": "p3", "amount": 150})  # type: ignore[attr-defined]
    source = write_jsonl(tmp_path / "2026-03.jsonl", [variant("H-GOOD", 10360), doubtful])
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    void = "`policy monitor void H-DOUBT --date 2026-03-01 --reason …`"
    assert (f'{source}:2: warning[H011]: household H-DOUBT: members[1] (p2).relation: members "p1" and "p2" are both '
            f'given relation "head": a household has one head; the snapshot is recorded as given: if the data is '
            f"wrong, void it with {void} and ingest the record corrected") in result.output
    assert (f"{source}:2: warning[H013]: household H-DOUBT: income[4].amount: the amount of pensions (other than the "
            "basic residents' pension) (pension) is 150.00 yuan/year, below its plausible range (600.00 to "
            "200,000.00 yuan/year); the snapshot is recorded as given") in result.output
    assert "2 snapshots recorded, 0 already recorded, 0 bad records skipped, 2 warnings" in result.output
    assert count(run.db) == 2
    doubtful["id"] = "H-DOUBT-2"
    said = run("ingest", str(write_jsonl(tmp_path / "more.jsonl", [doubtful])), "--date", "2026-03-01", "--lang", "zh")
    assert ("警告[H013]: 家庭 H-DOUBT-2：income[4].amount：养老金、退休金（城乡居民基础养老金除外）（pension）"
            "的金额为 150.00 元/年，"
            "低于合理范围（600.00 至 200,000.00 元/年）；快照已按所填记入") in said.output
    # the policy's hint, as `policy eval` gives it under the warning
    assert "\n  提示：是否把月额当成了年额？认定按所填的 150.00 元/年 进行：如有误请改正\n" in said.output
    assert ("\n  help: was the monthly amount written as the yearly one? The household is decided with 150.00 "
            "yuan/year as given: correct it if so\n") in result.output


def test_a_bad_record_of_a_household_file_or_a_json_array_is_placed_at_its_line_and_column(run, tmp_path):
    # a household written over several lines, as docs/formats.md lays it out, and a JSON array of households
    household = variant("H-HAND", 10360)
    household["members"][0]["birth_date"] = "1958-4-3"  # type: ignore[index]
    hand = tmp_path / "hand.json"
    hand.write_text("\n" + json.dumps(household, indent=2, ensure_ascii=False), encoding="utf-8")
    eval_said = CliRunner().invoke(cli, ["eval", str(hand), "--date", "2026-03-01", "--lang", "en"]).stderr
    said = run("ingest", str(hand), "--date", "2026-03-01", "--lang", "en")
    assert said.exit_code == 2
    shown = said.stderr[:said.stderr.index("\n  help: ")]
    # the place, the finding and the line under it, as eval says them, said of the household as the desk knows it
    eval_shown = eval_said[:eval_said.index("\n  help: ")]
    assert shown == eval_shown.replace("error[H002]: ", "error[H002]: household H-HAND: ")
    assert shown.startswith(f"{hand}:8:21: members[0] (p1).birth_date: error[H002]: household H-HAND: ")
    assert "^^^^^^^^^^" in shown
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([variant("H-1", 10360), household], indent=2, ensure_ascii=False), encoding="utf-8")
    said = run("ingest", str(listed), "--date", "2026-03-01", "--lang", "zh")
    line = next(n for n, text in enumerate(listed.read_text(encoding="utf-8").splitlines(), 1) if "1958-4-3" in text)
    assert f"{listed}:{line}:23: members[0] (p1).birth_date: 错误[H002]: 家庭 H-HAND：" in said.stderr
    assert f'\n  {line} |         "birth_date": "1958-4-3",\n' in said.stderr
    assert count(run.db) == 1  # the good household recorded


def test_a_compressed_export_is_read_as_the_text_it_holds(run, tmp_path):
    import bz2
    import gzip
    import lzma
    import zipfile

    lines = "".join(json.dumps(variant(f"H-{i}", 10360)) + "\n" for i in range(3)).encode("utf-8")
    source = tmp_path / "month.jsonl"  # named as plain JSON Lines, known by its first bytes
    source.write_bytes(gzip.compress(lines))
    result = run("ingest", str(source), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"ingest #1 ({source}): 3 snapshots recorded, 0 already recorded, 0 bad records skipped" in result.output
    assert json.loads(run("show", "H-2", "--format", "json").output)["snapshots"][0]["source"] == f"{source}:3"
    one = tmp_path / "one.json.xz"  # one household written over many lines, xz-compressed
    one.write_bytes(lzma.compress(json.dumps(variant("H-XZ", 10360), indent=2).encode("utf-8")))
    assert "1 snapshot recorded" in run("ingest", str(one), "--date", "2026-03-01", "--lang", "en").output
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(source.read_bytes()[:-12])
    result = run("ingest", str(cut), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    assert f"{cut}: error[H001]: the gzip data is damaged or cut off (" in result.output
    assert "; fetch or export the file again\n" in result.output
    archive = tmp_path / "month.zip"  # a zip archive may hold many files: still to be extracted first
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("month.jsonl", lines)
    result = run("ingest", str(archive), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 2
    assert f"{archive}: error[H001]: this is zip-compressed, not JSON\n" \
           f"  help: decompress it first: `unzip {archive}`" in result.output
    folder = tmp_path / "exports"  # in a folder, named as compressed: read with the others
    folder.mkdir()
    write_jsonl(folder / "2026-01.JSONL", [variant("H-JAN", 10360), variant("H-JAN-2", 10360)])  # upper case
    write_jsonl(folder / "2026-02.jsonl", [variant("H-FEB", 10360)])
    (folder / "2026-03.jsonl.bz2").write_bytes(bz2.compress(lines.replace(b'"H-', b'"H-MAR-')))
    result = run("ingest", str(folder), "--date", "2026-03-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert (" (3 files): 6 snapshots recorded (6 households new to the register), 0 already recorded, 0 bad records "
            "skipped") in result.output
    (folder / "2026-04").mkdir()  # not read into: said, as policy batch and policy diff say it
    (folder / "2026-04" / "a.jsonl").write_text("", encoding="utf-8")
    result = run("ingest", str(folder), "--date", "2026-03-01", "--lang", "en")
    assert f"note: {folder} also holds 1 entry not read (only .json and .jsonl files, compressed or not, are): " \
           "2026-04/" in result.output


def test_a_workbook_or_a_table_given_to_ingest_is_named_for_what_it_is(run, tmp_path):
    workbook = tmp_path / "3月.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(range(256)))  # a zip archive, as every workbook is
    table = tmp_path / "export.csv"  # not the tables of `policy batch`, which ingest reads (test_monitor_tables.py)
    table.write_text("id,date\nDS-0001,2026-03-02\n", encoding="utf-8")
    result = run("ingest", str(workbook), str(table), "--lang", "en")
    assert result.exit_code == 2
    assert (f"{workbook}: error[H001]: this is an Excel workbook, not JSON\n"
            "  help: export the households from it as JSON, or JSON Lines (one household a line): docs/formats.md "
            "shows the fields\n") in result.output
    # it names the CSV it does read, as its help does: not "reads JSON and JSON Lines", which the help contradicts
    assert (f"{table}: error[H001]: this is a CSV file; `policy monitor ingest` reads JSON, JSON Lines and the CSV "
            "tables of `policy batch`\n"
            "  help: CSV is read as the tables of `policy batch`: give the folder that holds households.csv and "
            "members.csv (and lines.csv), or its households.csv; docs/batch.md shows the columns. Else export the "
            "households as JSON Lines (one household a line): docs/formats.md shows the fields\n") in result.output
    # no register is left behind: no ingest is numbered
    assert "\n2 files: 0 snapshots recorded, 0 already recorded, 2 bad records skipped" in result.output
    said = run("ingest", str(workbook), str(table), "--lang", "zh")
    assert f"{workbook}: 错误[H001]: 这是 Excel 工作簿，不是 JSON\n  提示：请从中把家庭导出为 JSON 或 JSON Lines" \
        in said.output
    assert (f"{table}: 错误[H001]: 这是 CSV 文件；`policy monitor ingest` 读取 JSON、JSON Lines 和 `policy batch` 的 "
            "CSV 表格\n"
            "  提示：CSV 按 `policy batch` 的表格读取：请给出存放 households.csv 和 members.csv（以及 lines.csv）"
            "的文件夹，或其中的 households.csv") in said.output


def test_a_parquet_file_given_to_ingest_is_told_the_two_ways_to_record_its_households(run, tmp_path):
    parquet = tmp_path / "2026-03.parquet"
    parquet.write_bytes(b"PAR1" + bytes(64) + b"PAR1")
    result = run("ingest", str(parquet), "--lang", "en")
    assert result.exit_code == 2
    assert (f"{parquet}: error[H001]: this is a Parquet file; `policy monitor ingest` reads JSON, JSON Lines and the "
            "CSV tables of `policy batch`\n"
            "  help: Parquet is read by `policy batch`, which keeps no register; to record these households, export "
            "them as JSON Lines (one household a line: docs/formats.md shows the fields) or as the CSV tables of "
            "`policy batch` (docs/batch.md shows the columns)\n") in result.output
    said = run("ingest", str(parquet), "--lang", "zh")
    assert ("提示：Parquet 由 `policy batch` 读取，它不记入台账；要记录这些家庭，请把它们导出为 JSON Lines"
            "（每行一户：字段见 docs/formats.md）或 `policy batch` 的 CSV 表格（各列见 docs/batch.md）\n") \
        in said.output


def test_an_ingest_that_makes_a_new_register_says_so(run, tmp_path, monkeypatch):
    month = write_jsonl(tmp_path / "month.jsonl", [variant("H-1", 10360)])
    first = run("ingest", str(month), "--date", "2026-03-01", "--lang", "en")
    assert (f"register: {run.db} (new: there was no register at this path; to record into an existing one, check "
            "--db)\n") in first.output
    again = run("ingest", str(month), "--date", "2026-03-01", "--lang", "en")
    assert f"register: {run.db} (see what changed: policy monitor alerts)\n" in again.output
    slip = tmp_path / "register.sqlite"  # the register's name, typed short: a register of its own
    said = run("ingest", str(month), "--date", "2026-03-01", "--db", str(slip), "--lang", "zh", with_db=False)
    assert f"监测台账：{slip}（新建：这个路径原来没有台账；若要记入已有的台账，请检查 --db 给出的路径）\n" \
        in said.output
    monkeypatch.setenv("POLICY_REGISTER", str(tmp_path / "other.sqlite3"))
    named = run("ingest", str(month), "--date", "2026-03-01", "--lang", "en", with_db=False)
    assert "to record into an existing one, check $POLICY_REGISTER)\n" in named.output
    monkeypatch.delenv("POLICY_REGISTER")
    monkeypatch.chdir(tmp_path)  # no --db: the register of the working folder
    here = run("ingest", str(month), "--date", "2026-03-01", "--policy", POST, "--lang", "en", with_db=False)
    assert "to record into an existing one, give its path with --db)\n" in here.output


def test_strict_mode_rolls_the_whole_file_back(run, tmp_path):
    households = [variant(f"H-{i}", 10360) for i in range(5)]
    source = write_jsonl(tmp_path / "month.jsonl", households)
    with source.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "H-broken", "members": []\n')
        handle.write(json.dumps(variant("H-after", 10360)) + "\n")
    result = run("ingest", str(source), "--date", "2026-03-01", "--strict", "--lang", "en")
    assert result.exit_code == 2
    assert f"{source}:6" in result.output
    # no register made at the path: the one thing said of it, not also that it is unchanged
    assert result.stderr.endswith(f"{source}: nothing recorded (strict mode: bad record at {source}:6)\n"
                                  f"register: nothing was recorded, so no register was made at {run.db}\n")
    assert not Path(run.db).exists()
    zh = run("ingest", str(source), "--date", "2026-03-01", "--strict", "--lang", "zh")
    assert zh.stderr.endswith(f"{source}: 未记录任何快照（严格模式：{source}:6 处有错误记录）\n"
                              f"监测台账：没有记录任何内容，因此没有在 {run.db} 新建台账\n")
    assert run("ingest", str(write_jsonl(tmp_path / "good.jsonl", households)), "--date", "2026-02-01").exit_code == 0
    again = run("ingest", str(source), "--date", "2026-03-01", "--strict", "--lang", "zh")
    assert again.stderr.endswith(f"台账没有改动\n监测台账：{run.db}\n")  # nothing changed: no alerts to look at
    again = run("ingest", str(source), "--date", "2026-03-01", "--strict", "--lang", "en")
    assert again.stderr.endswith(f"(strict mode: bad record at {source}:6); the register is unchanged\n"
                                 f"register: {run.db}\n")


def test_an_internal_failure_mid_file_leaves_the_register_as_it_was(run, tmp_path, monkeypatch):
    from engine.loader import load_policy
    from engine.monitor import ingest as ingest_module
    from engine.monitor.register import Register

    assert run("ingest", str(write_jsonl(tmp_path / "jan.jsonl", [variant("H-KEPT", 10360)])),
               "--date", "2026-01-01").exit_code == 0
    before = count(run.db)
    real = ingest_module.facts_of
    seen = []

    def failing(decision):  # the engine breaks on the 1,500th household, after a first chunk was written
        seen.append(decision.household)
        if len(seen) == 1500:
            raise RuntimeError("simulated engine failure")
        return real(decision)
    monkeypatch.setattr(ingest_module, "facts_of", failing)
    big = write_jsonl(tmp_path / "feb.jsonl", [variant(f"H-{i:04d}", 10360) for i in range(1600)])
    policy = load_policy(POST)[0]
    choice = ingest_module.PolicyAndDateChoice((policy,), policy, "policy", None, datetime.date(2026, 2, 1))
    with Register.open(Path(run.db)) as register, pytest.raises(RuntimeError):
        ingest_module.ingest_file(register, str(big), choice, jobs=1)
    assert count(run.db) == before
    assert count(run.db, "batches") == 1


def _rows(db: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT household, date, status, near_gap, digest, decision_json FROM snapshots "
                                  "ORDER BY id").fetchall()


def test_a_big_file_decided_by_two_workers_is_recorded_as_by_one(run, tmp_path):
    big = write_jsonl(tmp_path / "big.jsonl", [variant(f"H-{i:04d}", 9000 + i) for i in range(2500)])
    one, two = str(tmp_path / "one.sqlite3"), str(tmp_path / "two.sqlite3")
    assert run("ingest", str(big), "--date", "2026-02-01", "--jobs", "1", "--db", one, with_db=False).exit_code == 0
    assert run("ingest", str(big), "--date", "2026-02-01", "--jobs", "2", "--db", two, with_db=False).exit_code == 0
    assert len(_rows(one)) == 2500 and _rows(one) == _rows(two)


def _dies_on_its_second_chunk(chunk: list[Any]) -> Any:  # module level: a worker unpickles it by name
    import os
    import signal

    from engine.monitor import ingest as ingest_module

    if not chunk[0].source.endswith(":1"):  # every chunk but the file's first
        os.kill(os.getpid(), signal.SIGKILL)  # what the system's out-of-memory killer does
    return ingest_module.decide_all(chunk, ingest_module._choice)


def test_a_worker_killed_mid_file_stops_ingest_with_a_message_and_records_nothing_of_it(run, tmp_path, monkeypatch):
    from engine.monitor import ingest as ingest_module

    big = write_jsonl(tmp_path / "big.jsonl", [variant(f"H-{i:04d}", 9000 + i) for i in range(2500)])
    monkeypatch.setattr(ingest_module, "_work", _dies_on_its_second_chunk)
    result = run("ingest", str(big), "--date", "2026-02-01", "--jobs", "2", "--lang", "en")
    assert result.exit_code == 2
    assert (f"error: a worker process ended before finishing its work: it was killed, most often by the system "
            f"for lack of memory: nothing of {big} was recorded, so no register was made at {run.db}; run the same "
            "command again") in result.output
    assert not Path(run.db).exists()  # the file's transaction was rolled back: no register made


def test_a_second_record_of_a_household_on_one_date_is_a_bad_record_that_names_the_first(run, tmp_path,
                                                                                      monkeypatch):
    households = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(EXAMPLES.glob("DS-00*.json"))[:10]]
    for data in households:
        data["date"] = "2026-03-02"
    households[9]["id"] = "DS-0001"  # the tenth household typed with the first one's id
    monkeypatch.chdir(tmp_path)  # the file named as the error catalogue names it
    write_jsonl(tmp_path / "2026-03.jsonl", households)
    policies = ("--policy-dir", str(ROOT / "policy"))
    result = run("ingest", "2026-03.jsonl", *policies, "--lang", "en")
    assert result.exit_code == 2
    catalogue = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    shown = re.search(r"## H007 — .*?```text\n(.*?)\n```", catalogue, flags=re.DOTALL)
    assert shown is not None and shown.group(1) + "\n" in result.output
    assert "9 snapshots recorded, 0 already recorded, 1 bad record skipped" in result.output
    (first,) = json.loads(run("show", "DS-0001", "--format", "json").output)["snapshots"]
    assert first["source"] == "2026-03.jsonl:1"  # the first record of the day stands, never replaced
    again = run("ingest", "2026-03.jsonl", *policies, "--lang", "zh")  # against the register, in a later run
    assert again.exit_code == 2
    assert "2026-03.jsonl:10: 错误[H007]: 家庭 DS-0001 在 2026-03-02 已有一条数据不同的记录（2026-03.jsonl:1）" \
        in again.output
    assert "记录 0 条快照，9 条此前已记录，跳过 1 条错误记录" in again.output
    twice = write_jsonl(tmp_path / "twice.jsonl", [variant("H-TWICE", 10360)] * 2)  # the same record twice: one
    result = run("ingest", str(twice), *policies, "--date", "2026-03-02", "--lang", "en")
    assert result.exit_code == 0
    assert "1 snapshot recorded (1 household new to the register), 1 already recorded, 0 bad" in result.output
    assert count(run.db) == 10


def test_another_export_of_a_date_ingested_already_is_said_once_not_record_by_record(run, tmp_path):
    first = write_jsonl(tmp_path / "terminal-1.jsonl", [variant(f"H-{n}", 10360) for n in range(10)])
    other = write_jsonl(tmp_path / "terminal-2.jsonl", [variant(f"H-{n}", 10000 + n) for n in range(10)])
    assert run("ingest", str(first), "--date", "2026-03-02").exit_code == 0
    result = run("ingest", str(other), "--date", "2026-03-02", "--lang", "en")
    assert result.exit_code == 2
    each = [line for line in result.stderr.splitlines() if "error[H007]" in line]
    assert [line.split(":")[1] for line in each] == ["1", "2", "3"]  # the first few, then once for them all
    recorded_at = json.loads(run("show", "H-0", "--format", "json").output)["snapshots"][0]["recorded_at"]
    from engine.monitor.voids import local_time

    assert (f"{other}: error: 10 of its 10 records clash with the snapshots of {first} ingested on "
            f"{local_time(recorded_at)} for the same date (2026-03-02): another export of this date was ingested "
            "already; none of them is recorded (the first 3 are shown above)\n  help: check which export of this "
            "date is the right one") in result.stderr, result.stderr
    assert "0 snapshots recorded, 0 already recorded, 10 bad records skipped" in result.stderr
    chinese = run("ingest", str(other), "--date", "2026-03-02", "--lang", "zh")
    assert (f"错误：10 条记录中有 10 条与 {local_time(recorded_at)} 导入的 {first} 中同一日期（2026-03-02）的"
            "快照冲突：这一日期的另一份导出已经导入过") in chinese.stderr
    assert untranslated(chinese.output) == []
    few = write_jsonl(tmp_path / "few.jsonl", [variant(f"H-{n}", 9000 + n) for n in range(4)]
                      + [variant(f"H-NEW-{n}", 10360) for n in range(6)])  # 4 of 10: each said, as any bad record
    said = run("ingest", str(few), "--date", "2026-03-02", "--lang", "en").stderr
    assert said.count("error[H007]") == 4 and "clash with the snapshots" not in said


def test_the_same_data_exported_again_in_another_form_is_already_recorded(run, two_months, tmp_path):
    _, march = two_months
    alerts = ("alerts", "--format", "json", "--margin", "0%", "--today", "2026-03-02")
    before = run(*alerts).output
    assert [json.loads(before)["counts"][k] for k in ("start", "exit", "move")] == [1, 1, 1]
    households = [json.loads(line) for line in march.read_text(encoding="utf-8").splitlines()]
    compact = tmp_path / "2026-03-again.jsonl"  # compact, keys in another order, CRLF, a byte-order mark, 10360.00
    lines = [json.dumps(dict(reversed(h.items())), separators=(",", ":"), ensure_ascii=False) for h in households]
    compact.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).replace("10360", "10360.00").encode("utf-8") + b"\r\n")
    county = tmp_path / "county"  # a file a household, indented, CRLF, a byte-order mark
    county.mkdir()
    for h in households:
        text = json.dumps(h, indent=2, ensure_ascii=False).replace("\n", "\r\n")
        (county / f"{h['id']}.json").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for target, summary in ((compact, "0 snapshots recorded, 4 already recorded"),
                            (county, " (4 files): 0 snapshots recorded, 4 already recorded")):
        result = run("ingest", str(target), "--date", "2026-03-01", "--lang", "en")
        assert result.exit_code == 0, result.output
        assert f"{summary}, 0 bad records skipped" in result.output
    assert count(run.db) == 8
    assert run(*alerts).output == before  # the exit is still an exit, not hidden behind a copy of itself


def test_a_snapshot_dated_after_today_is_recorded_with_a_warning_counted_in_the_summary(run, tmp_path):
    today = datetime.date.today()
    later = today.replace(year=today.year + 10, day=1).isoformat()  # 2036 for 2026 (a member was born in 1940)
    month = write_jsonl(tmp_path / "month.jsonl", [variant("H-1", 10360, date="2026-03-02"),
                                                   variant("H-TYPO", 10360, date=later)])
    result = run("ingest", str(month), "--lang", "en")
    assert result.exit_code == 0  # recorded, as `policy eval` decides it: said, not refused
    assert (f"{month}:2: warning: household H-TYPO is decided on {later}, after today ({today.isoformat()}): ages "
            "and the policy's window are taken on that day; if it is a typo, correct the household file's `date` or "
            f"--date (the snapshot is recorded: if its date is wrong, void it with `policy monitor void H-TYPO --date "
            f"{later} --reason …`)\n") in result.output
    assert "2 snapshots recorded, 0 already recorded, 0 bad records skipped, 1 warning — " in result.output
    again = run("ingest", str(month), "--lang", "en")  # nothing recorded: nothing to warn of
    assert "warning" not in again.output and "0 snapshots recorded, 2 already recorded, 0 bad records skipped — " \
        in again.output
    other = write_jsonl(tmp_path / "other.jsonl", [variant("H-TYPO-2", 10360, date=later)])
    said = run("ingest", str(other), "--lang", "zh")
    assert (f"{other}:1: 警告：家庭 H-TYPO-2 的认定日期 {later} 晚于今天（{today.isoformat()}），年龄和政策施行期都按"
            f"这一天计算；若是笔误，请改正家庭文件的 `date` 或 --date（快照已记入；若日期有误，请用 "
            f"`policy monitor void H-TYPO-2 --date {later} --reason …` 将其作废）\n"
            ) in said.output
    assert "跳过 0 条错误记录，1 条警告 — " in said.output


def test_a_policy_chosen_outside_its_window_is_said_to_decide_as_a_what_if(run, tmp_path):
    month = write_jsonl(tmp_path / "month.jsonl", [variant("H-1", 10360, date="2026-03-02"),
                                                   variant("H-2", 10360, date="2026-03-02"),
                                                   variant("H-3", 10360, date="2025-06-01")])
    result = run("ingest", str(month), "--policy", TRANSITION, "--what-if", "--lang", "en")  # each one's own date
    assert result.exit_code == 0
    assert (f"note: {TRANSITION} is in force 2024-07-16 – 2025-12-31, not on 2026-03-02; applied as a what-if "
            "(2 snapshots)\n") in result.output
    other = write_jsonl(tmp_path / "other.jsonl", [variant("H-4", 10360)])
    forced = run("ingest", str(other), "--policy", POST, "--date", "2025-06-01", "--what-if", "--lang", "zh")
    assert f"注意：{POST} 的施行期为 2026-01-01 – …，不含 2025-06-01；按假设情形适用（1 条快照）\n" in forced.output
    in_force = run("ingest", str(month), "--policy", POST, "--what-if", "--lang", "en")  # H-3: before its window
    assert "not on 2025-06-01; applied as a what-if (1 snapshot)" in in_force.output


def test_an_ingest_that_would_record_what_ifs_for_good_is_refused_unless_confirmed(run, tmp_path):
    # records of no `date` are dated today, when 2024-transition is no longer in force: every one a what-if, which
    # would become its household's latest snapshot and raise false alerts
    undated = write_jsonl(tmp_path / "undated.jsonl", [variant("H-1", 10360), variant("H-2", 10360)])
    today = datetime.date.today().isoformat()
    refused = run("ingest", str(undated), "--policy", TRANSITION, "--lang", "en")
    assert refused.exit_code == 2 and not Path(run.db).exists()  # no register made: the path holds none still
    assert refused.stderr.startswith(
        f"{undated}: nothing recorded (2 snapshots would be recorded as what-ifs)\n"
        f"note: {TRANSITION} is in force 2024-07-16 – 2025-12-31, not on {today}; applied as a what-if\n"
        "error: 2 snapshots would be recorded as what-ifs; snapshots are kept for good, and stay in the register "
        "even voided, so nothing was recorded\n"
        "  help: to have each record decided by the policy in force on its date, give --policy-dir instead of "
        "`--policy`. To record them all the same, add `--what-if`. What-ifs an earlier ingest recorded are undone one "
        "by one with `policy monitor void HOUSEHOLD --date D --snapshot NUMBER --reason …` (`show HOUSEHOLD` lists "
        "each snapshot's NUMBER)\n"
        f"register: nothing was recorded, so no register was made at {run.db}\n")
    zh = run("ingest", str(undated), "--policy", TRANSITION, "--lang", "zh")
    assert zh.stderr.endswith(f"监测台账：没有记录任何内容，因此没有在 {run.db} 新建台账\n")
    assert not Path(run.db).exists()
    assert ("错误：将记录的 2 条快照按假设情形认定；快照一经记录便永久保存，作废后也仍留在台账中，"
            "因此没有记录任何内容\n"
            "  提示：若要按各记录日期施行的政策认定，请用 --policy-dir 代替 --policy 选项。若确要记录，请加上 "
            "--what-if 选项。此前导入时已记录的假设情形，可用 "
            "`policy monitor void 家庭编号 --date 日期 --snapshot 编号 --reason …` 逐条作废"
            "（`show 家庭编号` 列出各条快照的编号）") in zh.stderr
    assert glued_options(refused.stderr) == glued_options(zh.stderr) == [], zh.stderr  # each option copied alone
    in_force = write_jsonl(tmp_path / "in-force.jsonl", [variant("H-3", 10360, date="2025-06-01")])
    both = run("ingest", str(in_force), str(undated), "--policy", TRANSITION, "--lang", "en")
    assert both.exit_code == 2 and count(run.db) == 1  # the file in force is recorded, the other rolled back
    assert "so the files holding them recorded nothing\n" in both.stderr
    assert run("ingest", str(undated), "--policy", TRANSITION, "--what-if").exit_code == 0 and count(run.db) == 3


def test_records_without_a_date_are_said_to_be_dated_today(run, tmp_path):
    today = datetime.date.today().isoformat()
    month = write_jsonl(tmp_path / "month.jsonl", [variant("H-1", 10360), variant("H-2", 10360),
                                                   variant("H-3", 10360, date="2026-03-02")])
    result = run("ingest", str(month), "--lang", "en")
    assert result.exit_code == 0
    assert (f"note: 2 records had no `date`: their snapshots are dated today ({today}); if the data is of another "
            "day, give that day with --date\n") in result.output
    one = write_jsonl(tmp_path / "one.jsonl", [variant("H-4", 10360)])
    said = run("ingest", str(one), "--lang", "zh")
    assert (f"注意：有 1 条记录没有 `date`，其快照的日期记为今天（{today}）；若数据是另一天采集的，"
            "请用 --date 指定那一天\n") in said.output
    assert "`date`" not in run("ingest", str(month), "--date", "2026-03-31", "--lang", "en").output


def test_snapshots_are_never_changed_or_deleted(run, tmp_path):
    run("ingest", str(write_jsonl(tmp_path / "a.jsonl", [variant("H-1", 10360)])), "--date", "2026-03-01")
    _never_changed_or_deleted(run.db, "UPDATE snapshots SET status = 'dibao'", "DELETE FROM snapshots")


def _never_changed_or_deleted(db: str, update: str, delete: str) -> None:
    """The register refuses the statement that changes rows of a table, and the one that deletes them."""
    with sqlite3.connect(db) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="never changed"):
            connection.execute(update)
        with pytest.raises(sqlite3.DatabaseError, match="never deleted"):
            connection.execute(delete)


def test_a_file_that_is_not_a_register_is_refused(run, tmp_path):
    other = tmp_path / "notes.sqlite3"
    other.write_text("shopping list", encoding="utf-8")
    result = run("alerts", "--db", str(other), "--lang", "en", with_db=False)
    assert result.exit_code == 2
    assert f"{other}: not a policy register" in result.output
    missing = run("alerts", "--db", str(tmp_path / "none.sqlite3"), "--lang", "en", with_db=False)
    assert missing.exit_code == 2 and "no register here" in missing.output
    database = tmp_path / "notes.db"  # an SQLite database of something else: the option ends its sentence
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    for lang, help in (("en", "  help: give another `--db`. `policy monitor` creates a new register where none is\n"),
                       ("zh", "  提示：请用 --db 指定别的文件；没有台账的地方，`policy monitor` 会新建一个\n")):
        told = run("alerts", "--db", str(database), "--lang", lang, with_db=False)
        assert told.exit_code == 2 and told.stderr.endswith(help) and glued_options(told.stderr) == [], told.stderr
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_register_in_a_folder_that_is_not_there_is_said_to_be_missing_not_to_be_made(run, tmp_path):
    nowhere = tmp_path / "nope" / "reg.sqlite3"
    said = (f"错误：{nowhere}：这里没有监测台账\n"
            "  提示：请先用 `policy monitor ingest 文件` 记录家庭，或用 --db 文件 指定台账\n")
    for command in (["alerts"], ["show", "DS-0001"], ["reassess", "--policy", POST],
                    ["close", "DS-0001", "--date", "2026-03-02"]):
        result = run(*command, "--db", str(nowhere), "--lang", "zh", with_db=False)
        assert result.exit_code == 2
        assert result.stderr == said, command
    made = run("ingest", str(EXAMPLES), "--db", str(nowhere), "--lang", "en", with_db=False)  # where it would go
    assert made.exit_code == 2 and "there is no folder" in made.output and "create it first" in made.output
    assert not nowhere.parent.exists()


# -- alerts -----------------------------------------------------------------------------


def test_alerts_name_each_change_with_the_values_that_moved_and_the_clauses_that_flipped(run, two_months):
    result = run("alerts", "--format", "json", "--today", "2026-03-02", "--margin", "0%")
    assert result.exit_code == 0, result.output
    alerts = {a["household"]: a for a in json.loads(result.output)["alerts"]}
    assert set(alerts) == {"H-MOVE", "H-START", "H-EXIT"}
    move, start, leave = alerts["H-MOVE"], alerts["H-START"], alerts["H-EXIT"]
    assert (move["kind"], start["kind"], leave["kind"]) == ("move", "start", "exit")
    assert [c["id"] for c in move["before"]] == ["dibao_marginal"] and [c["id"] for c in move["after"]] == ["dibao"]
    assert move["date"] == "2026-03-01" and move["previous_date"] == "2026-02-01"
    income = next(v for v in move["values"] if v["name"] == "per_capita_income")
    assert income["before"] == "6120.00" and float(income["after"]) < 6120
    assert {"category": "dibao", "member": None, "clause": "income", "before": False, "after": True}.items() <= \
        next(c for c in move["clauses"] if c["category"] == "dibao").items()
    assert start["before"] == [] and [c["id"] for c in start["after"]] == ["dibao_marginal"]
    assert any(c["category"] == "dibao_marginal" and c["clause"] == "income" and c["after"] for c in start["clauses"])
    assert [c["id"] for c in leave["after"]] == []
    assert any(c["category"] == "dibao_marginal" and not c["after"] for c in leave["clauses"])


def test_a_flip_is_listed_only_for_a_category_the_household_had_or_has(run, tmp_path):
    before = write_jsonl(tmp_path / "02.jsonl", [variant("H-DIBAO", 60000), variant("H-OUT", 7000)])
    after = write_jsonl(tmp_path / "03.jsonl", [variant("H-DIBAO", 7000), variant("H-OUT", 60000)])
    assert run("ingest", str(before), "--date", "2026-02-01").exit_code == 0
    assert run("ingest", str(after), "--date", "2026-03-01").exit_code == 0
    alerts = {a["household"]: a for a in json.loads(run("alerts", "--format", "json", "--margin", "0%").output)[
        "alerts"]}
    start, leave = alerts["H-DIBAO"], alerts["H-OUT"]
    assert [c["id"] for c in start["after"]] == ["dibao"] and [c["id"] for c in leave["before"]] == ["dibao"]
    # dibao_marginal's income clause holds now too, but dibao comes first and applies: it made no move
    assert {c["category"] for c in start["clauses"]} == {"dibao"}
    assert {c["category"] for c in leave["clauses"]} == {"dibao"}
    text = run("alerts", "--margin", "0%", "--lang", "en").output
    assert "household on the margin of dibao · " not in text


def test_a_clause_comparing_an_expression_words_it_as_the_explanation_does(run, tmp_path):
    # 2024-transition's other_hardship compares `(counted_income - rigid_expenses - disaster_loss) / household_size`
    households = [variant("H-LOSS", 30000), variant("H-LOSS", 30000, expenses=[{"type": "disaster", "amount": 20000}])]
    for day, household in zip(("2025-06-01", "2025-07-01"), households, strict=True):
        assert run("ingest", str(write_jsonl(tmp_path / f"{day}.jsonl", [household])), "--date", day).exit_code == 0
    (alert,) = json.loads(run("alerts", "--format", "json", "--margin", "0%", "--lang", "en").output)["alerts"]
    compared = next(c["compared"] for c in alert["clauses"] if c["clause"] == "income_after_loss")
    assert compared["label"] == ("(counted income − rigid expenses − losses from disasters and accidents) ÷ household "
                                 "size")
    zh = run("alerts", "--margin", "0%", "--lang", "zh").output
    assert ("扣除刚性支出和灾害损失后人均收入低于监测收入范围：不满足 → 满足（"
            "(计入收入 − 刚性支出 − 灾害及意外事故损失) ÷ 家庭人口数 11,333.33 → 6,000.00，"
            "标准 7,300.00，未变）") in zh
    assert "counted_income - rigid_expenses" not in zh


def test_a_start_alert_says_to_help_the_household_apply_and_how_to_record_the_application(run, two_months):
    # seed 二、4: tell those found eligible of the assistance and help them apply; 二、3: a review of 25 working days
    zh = run("alerts", "--margin", "0%", "--kind", "start", "--lang", "zh").output
    assert ("      下一步：告知相关救助政策，协助提出救助申请；申请后用 `policy monitor apply H-START --date …` 记录"
            "（--date 为申请日期），开始计算审核时限（依据 大政发〔2024〕47号 二、3 统一认定流程 / 附件4）\n") in zh
    en = run("alerts", "--margin", "0%", "--kind", "start", "--lang", "en").output
    assert ("      next: tell the household of the assistance and help it apply; once it has, record the application "
            "with `policy monitor apply H-START --date …` (`--date`: the day it applied) to start its review deadline "
            "(source: Dashi Town Doc. [2024] No. 47 Part II.3 (unifying the identification procedure) / "
            "Annex 4)\n") in en
    assert glued_options(en) == glued_options(zh) == [], en  # --date copied without the colon after it
    (start,) = json.loads(run("alerts", "--margin", "0%", "--kind", "start", "--format", "json").output)["alerts"]
    assert start["next_step"] == {"apply": "policy monitor apply H-START --date …",
                                  "source": "dsz-2024-47 二、3 统一认定流程 / 附件4",
                                  "cited": "大政发〔2024〕47号 二、3 统一认定流程 / 附件4"}
    # a household that applied already is told its deadline instead, not a command `apply` would refuse
    assert run("apply", "H-START", "--date", "2026-03-02", "--today", "2026-03-05").exit_code == 0
    zh = run("alerts", "--margin", "0%", "--kind", "start", "--lang", "zh").output
    assert "      下一步：已有 2026-03-02 提出、尚未办结的申请，应于 2026-04-07 前办结\n" in zh and "apply" not in zh
    en = run("alerts", "--margin", "0%", "--kind", "start", "--lang", "en").output
    assert "      next: it has an undecided application of 2026-03-02, due 2026-04-07\n" in en
    (start,) = json.loads(run("alerts", "--margin", "0%", "--kind", "start", "--format", "json").output)["alerts"]
    assert start["next_step"] == {"open_application": {"applied": "2026-03-02", "due": "2026-04-07"}}


def test_the_csv_of_alerts_gives_a_start_s_next_step_in_a_last_column(run, two_months):
    def rows(lang):
        csv_text = run("alerts", "--margin", "0%", "--format", "csv", "--lang", lang).output
        return list(csv.DictReader(io.StringIO(csv_text.removeprefix("\ufeff"))))
    en = rows("en")
    assert list(en[0])[-3:] == ["assistance", "next_step", "superseded"]  # after the columns it had
    cells = {r["household"]: r["next_step"] for r in en}
    assert cells["H-START"] == ("tell the household of the assistance and help it apply; once it has, record the "
                                "application with `policy monitor apply H-START --date …` (`--date`: the day it "
                                "applied) to start its review deadline (source: Dashi Town Doc. [2024] No. 47 Part "
                                "II.3 (unifying the identification procedure) / Annex 4)")
    assert cells["H-EXIT"] == "" and {r["superseded"] for r in en} == {""}
    zh = {r["household"]: r["next_step"] for r in rows("zh")}
    assert zh["H-START"].startswith("告知相关救助政策，协助提出救助申请；申请后用 "
                                    "`policy monitor apply H-START --date …` 记录")


def test_alerts_text_markdown_and_csv(run, two_months, tmp_path):
    text = run("alerts", "--lang", "en", "--margin", "0%")
    assert text.exit_code == 0
    assert "Newly qualifying: tell them of the assistance and help them apply; it starts once decided (1)" \
        in text.output
    assert "Exiting: stop assistance; still in the register, where a change in their data raises an alert (1)" \
        in text.output
    assert "H-MOVE: 2026-02-01 → 2026-03-01: household on the margin of dibao (dibao_marginal) → minimum living " \
        "guarantee (dibao) household" in text.output
    assert "fails → holds" in text.output
    markdown = run("alerts", "--lang", "zh", "--format", "markdown", "--margin", "0%", "--today", "2026-03-10",
                   "--since", "2026-03-01")
    assert "## 新纳入：告知救助政策并协助申请，认定后开始救助（1）" in markdown.output
    assert "**H-START**" in markdown.output
    heading = f"# 提醒 — {run.db} — 接近幅度 0.00%，今天 2026-03-10，记录日期自 2026-03-01 起\n"
    assert markdown.output.startswith(heading)  # all Chinese, no `margin`, `today`, `since`
    out = tmp_path / "alerts.csv"
    assert run("alerts", "--format", "csv", "-o", str(out), "--margin", "0%").exit_code == 0
    # with the byte-order mark, as every CSV output is: Excel on Chinese Windows reads it as UTF-8, not as GBK
    assert out.read_bytes().startswith(b"\xef\xbb\xbfkind,household,date,previous_date")
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("kind,household,date,previous_date")
    from engine.batch.writers import Columns, encode_csv

    assert encode_csv([], Columns((), False, False), header=True).startswith(b"\xef\xbb\xbf")  # one rule for both
    chinese = tmp_path / "提醒.csv"
    assert run("alerts", "--format", "csv", "-o", str(chinese), "--margin", "0%", "--lang", "zh").exit_code == 0
    assert "最低生活保障对象" in chinese.read_bytes().decode("utf-8-sig")
    assert sorted(r.split(",")[0] for r in rows[1:]) == ["exit", "move", "start"]
    start = next(r for r in rows if r.startswith("start,"))
    assert "in_any_category: false → true" in start  # spelt as JSON and batch CSV spell it, not Python's False
    assert "True" not in out.read_text(encoding="utf-8") and "False" not in out.read_text(encoding="utf-8")


def _member(hid: str, relation: str, born: str, **more: object) -> dict[str, object]:
    return {"id": hid, "relation": relation, "birth_date": born, "sex": "male", "disability_grade": None,
            "disability_type": None, "labor_capacity": "none", "serious_illness": False, "student": "none",
            "supporter": "unable", **more}


ELDERLY_COUPLE = {  # both tekun; the spouse leaves the household (dies, or moves to a care home)
    "id": "H-COUPLE", "members": [_member("p1", "head", "1939-04-04"), _member("p2", "spouse", "1939-03-06")],
    "income": [{"type": "basic_pension", "member": "p1", "amount": 1810},
               {"type": "basic_pension", "member": "p2", "amount": 1780}],
    "expenses": [], "assets": {"deposits": 5270, "vehicles": 0, "extra_houses": 0, "registered_business": False},
    "housing": {"safety_grade": "B"}, "drinking_water": {"safe": True}}
GRANDSON = {  # p3 is tekun as a minor at university, until he turns 18 on 2026-09-02
    "id": "H-GRANDSON",
    "members": [_member("p1", "head", "1955-11-23", serious_illness=True, supporter="able"),
                _member("p2", "spouse", "1964-11-12", labor_capacity="full", supporter="able"),
                _member("p3", "grandchild", "2008-09-02", labor_capacity="full", student="higher")],
    "income": [{"type": "basic_pension", "member": "p1", "amount": 1850}, {"type": "wage", "member": "p2",
                                                                           "amount": 17240}],
    "expenses": [], "assets": {"deposits": 39560, "vehicles": 0, "extra_houses": 0, "registered_business": False},
    "housing": {"safety_grade": "B"}, "drinking_water": {"safe": True}}


def test_alerts_say_who_left_or_came_of_age_name_members_as_show_explain_does_and_cite_the_article(run, tmp_path):
    alone = copy.deepcopy(ELDERLY_COUPLE)
    alone["members"] = alone["members"][:1]
    alone["income"] = alone["income"][:1]
    january = write_jsonl(tmp_path / "jan.jsonl", [ELDERLY_COUPLE, GRANDSON])
    december = write_jsonl(tmp_path / "dec.jsonl", [alone, GRANDSON])
    assert run("ingest", str(january), "--date", "2026-01-01").exit_code == 0
    assert run("ingest", str(december), "--date", "2026-12-01").exit_code == 0
    said = run("alerts", "--lang", "zh", "--margin", "0%", "--today", "2026-12-02").output
    assert "  H-COUPLE：2026-01-01 → 2026-12-01：" in said
    assert "      成员变化：p2（配偶，86岁）离开了家庭\n" in said, said
    assert "      成员变化：p3（孙子女，18岁）于 2026-09-02 年满 18 岁\n" in said
    assert ("      条件变化：p3（孙子女，18岁） · 特困人员 · "
            "无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
            "重度残疾人或经评估无劳动能力）：满足 → 不满足"
            "（依据 大政发〔2024〕47号 二、1 优化认定指标 / 附件2；民发〔2021〕43号 第七条 / 第十条）\n") in said
    assert "p1（户主" not in said  # p1's age changed nothing of theirs
    explained = run("show", "H-GRANDSON", "--explain", "--lang", "zh").output
    assert "p3（孙子女，18岁）" in explained  # named as the explanation names them
    english = run("alerts", "--lang", "en", "--margin", "0%", "--today", "2026-12-02").output
    assert "members: p2 (spouse, aged 86) left the household\n" in english, english
    assert "members: p3 (grandchild, aged 18) turned 18 on 2026-09-02\n" in english
    assert ("(source: Dashi Town Doc. [2024] No. 47 Part II.1 (refining the identification indicators) / Annex 2; "
            "MCA Doc. [2021] No. 43 Article 7 / Article 10)") in english
    machine = {a["household"]: a for a in json.loads(run("alerts", "--format", "json", "--margin", "0%").output)[
        "alerts"]}
    grandson = machine["H-GRANDSON"]
    assert grandson["members"] == [{"member": "p3", "change": "came_of_age", "age": 18, "date": "2026-09-02",
                                    "member_description": "孙子女，18岁"}]
    (flip,) = grandson["clauses"]  # the fields it had, and more
    assert {k: flip[k] for k in ("category", "member", "clause", "before", "after")} == {
        "category": "tekun", "member": "p3", "clause": "no_labour_capacity", "before": True, "after": False}
    assert flip["source"] == "dsz-2024-47 二、1 优化认定指标 / 附件2; mz-2021-43 第七条 / 第十条"
    assert machine["H-COUPLE"]["members"][0]["change"] == "left"
    out = tmp_path / "alerts.csv"
    assert run("alerts", "--format", "csv", "-o", str(out), "--margin", "0%", "--lang", "en").exit_code == 0
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert list(rows[0])[:15] == ["kind", "household", "date", "previous_date", "policy", "previous_policy", "before",
                                  "after", "values", "clauses", "near", "applied", "due", "working_days_left",
                                  "abolished"]  # the columns it had, in their places; `members` after them
    assert {r["household"]: r["members"] for r in rows} == {
        "H-COUPLE": "p2 (spouse, aged 86) left the household",
        "H-GRANDSON": "p3 (grandchild, aged 18) turned 18 on 2026-09-02"}


def test_a_change_alert_names_the_birthday_whose_age_the_clause_reads_when_years_apart(run, tmp_path):
    """p1 turns 60 (the age the tekun clause reads) on 2025-10-01, then 61 on 2026-10-01, both between snapshots."""
    elder = {**copy.deepcopy(GRANDSON), "id": "H-ELDER",
             "members": [_member("p1", "head", "1965-10-01", labor_capacity="full", supporter="none")],
             "income": [{"type": "agriculture", "amount": 4000}]}
    months = write_jsonl(tmp_path / "a.jsonl", [{**elder, "date": "2025-09-01"}, {**elder, "date": "2026-11-02"}])
    assert run("ingest", str(months)).exit_code == 0
    said = run("alerts", "--lang", "zh", "--margin", "0%", "--today", "2026-12-02").output
    assert "      成员变化：p1（户主，61岁）于 2025-10-01 年满 60 岁\n" in said, said
    assert ("无劳动能力（老年人、未满16周岁或在校就读的未成年人、仍在读义务教育或高中阶段的、"
            "重度残疾人或经评估无劳动能力）：不满足 → 满足") in said
    (alert,) = json.loads(run("alerts", "--format", "json", "--margin", "0%").output)["alerts"]
    assert alert["members"] == [{"member": "p1", "change": "came_of_age", "age": 60, "date": "2025-10-01",
                                 "member_description": "户主，61岁"}]


def test_snapshots_ingested_out_of_order_are_compared_by_date(run, tmp_path):
    march = write_jsonl(tmp_path / "mar.jsonl", [variant("H-1", 7000)])       # dibao
    february = write_jsonl(tmp_path / "feb.jsonl", [variant("H-1", 10360)])   # dibao_marginal
    assert "note:" not in run("ingest", str(march), "--date", "2026-03-01", "--lang", "en").output
    result = run("ingest", str(february), "--date", "2026-02-01", "--lang", "en")
    assert result.exit_code == 0
    assert ("note: 1 snapshot is dated before the latest snapshot of its household in the register (an older export "
            "ingested after a newer one); alerts compare each household's two latest snapshots by date, and may now "
            "compare other ones than before\n") in result.output
    january = run("ingest", str(february), "--date", "2026-01-01", "--lang", "zh")
    assert ("注意：有 1 条快照的日期早于该户在台账中最近的一条（较早的导出在较新的之后记录）；"
            "提醒按日期比较每户最近的两条快照，现在比较的可能不再是之前那两条\n") in january.output
    run("ingest", str(february), "--date", "2026-01-01")  # already recorded: nothing new, nothing said
    assert "注意" not in run("ingest", str(february), "--date", "2026-01-01").output
    (alert,) = json.loads(run("alerts", "--format", "json", "--margin", "0%").output)["alerts"]
    assert (alert["previous_date"], alert["date"]) == ("2026-02-01", "2026-03-01")
    assert [c["id"] for c in alert["before"]] == ["dibao_marginal"] and [c["id"] for c in alert["after"]] == ["dibao"]
    with sqlite3.connect(run.db) as connection:  # the kept `latest` rows agree with the full history
        kept = connection.execute("SELECT household, id, previous FROM latest").fetchall()
        recomputed = connection.execute(
            "SELECT household, id, prev FROM (SELECT household, id, LEAD(id) OVER w AS prev, ROW_NUMBER() OVER w AS n "
            "FROM snapshots WINDOW w AS (PARTITION BY household ORDER BY date DESC, id DESC)) WHERE n = 1").fetchall()
    assert kept == recomputed


def test_a_what_if_on_the_date_of_a_snapshot_in_force_never_takes_its_place(run, two_months):
    _, march = two_months
    alerts = ("alerts", "--format", "json", "--margin", "0%", "--today", "2026-03-02")
    before = json.loads(run(*alerts).output)["alerts"]
    what_if = run("ingest", str(march), "--date", "2026-03-01", "--policy", TRANSITION, "--what-if", "--lang", "en")
    assert what_if.exit_code == 0 and "applied as a what-if (4 snapshots)" in what_if.output
    assert count(run.db) == 12  # kept for good, beside the snapshots in force of that day
    assert json.loads(run(*alerts).output)["alerts"] == before  # no `post-transition → 2024-transition` move
    shown = json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"]
    assert [(s["date"], s["policy"]["version"], s["what_if"]) for s in shown] == [
        ("2026-02-01", "post-transition", False), ("2026-03-01", "post-transition", False),
        ("2026-03-01", "2024-transition", True)]
    assert "  2026-03-01  2024-transition (what-if)  " in run("show", "H-MOVE", "--lang", "en").output
    explained = run("show", "H-MOVE", "--explain", "--format", "json")
    assert json.loads(explained.output[explained.output.index("{"):])["policy"]["version"] == "post-transition"
    reassessed = run("reassess", "--policy", POST, "--dry-run", "--lang", "en")  # the latest is the one in force
    assert "4 households reassessed under post-transition: 0 snapshots would be recorded" in reassessed.output
    assert run("ingest", str(march), "--date", "2026-04-01", "--policy", TRANSITION, "--what-if").exit_code == 0
    assert json.loads(run(*alerts).output)["alerts"] != before  # alone on its date, a what-if is the latest


def test_since_keeps_households_whose_latest_snapshot_is_recent(run, two_months):
    assert json.loads(run("alerts", "--format", "json", "--since", "2026-03-01", "--margin", "0%").output)[
        "counts"]["move"] == 1
    assert json.loads(run("alerts", "--format", "json", "--since", "2026-03-02").output)["alerts"] == []


def test_near_threshold_follows_the_margin(run, two_months):
    # H-SAME sits exactly on the dibao line (income must be *below* it): 0% away, not dibao
    near = [a for a in json.loads(run("alerts", "--format", "json", "--margin", "5%").output)["alerts"]
            if a["kind"] == "near"]
    same = next(a for a in near if a["household"] == "H-SAME")
    entry = same["near"][0]
    assert (entry["category"], entry["clause"], entry["name"]) == ("dibao", "income", "per_capita_income")
    assert entry["value"] == entry["line"] == "6120.00" and entry["gap"] == 0
    assert "H-EXIT" not in {a["household"] for a in near}  # far above every line
    off = json.loads(run("alerts", "--format", "json", "--margin", "0%").output)
    assert off["counts"]["near"] == 0


def test_a_bad_margin_is_a_usage_error(run):
    result = run("alerts", "--margin", "five", "--lang", "en")
    assert result.exit_code == 2 and "not a margin" in result.output
    result = run("alerts", "--margin", "five", "--lang", "zh")
    assert result.exit_code == 2 and "`five` 不是比例：请写成百分数，如 5%" in result.output


# -- show and replay --------------------------------------------------------------------


def test_show_lists_the_history_and_explains_a_past_decision(run, two_months):
    history = run("show", "H-MOVE", "--lang", "en")
    assert history.exit_code == 0
    assert "Household H-MOVE: 2 snapshots" in history.output
    assert "dibao_marginal" in history.output and "post-transition" in history.output
    past = run("show", "H-MOVE", "--date", "2026-02-15", "--explain", "--format", "json")
    assert past.exit_code == 0, past.output
    data = json.loads(past.output[past.output.index("{"):])
    assert data["date"] == "2026-02-01" and data["categories"] == ["dibao_marginal"]
    assert data["replay"] == {"snapshot": 1, "matches_recorded": True, "policy_file_changed": False}
    assert "explanation" in data
    text = run("show", "H-MOVE", "--explain", "--lang", "en")
    assert text.exit_code == 0 and "minimum living guarantee" in text.output


def test_show_ends_with_a_hint_of_only_what_is_missing(run, two_months):
    latest = run("show", "H-MOVE", "--lang", "en").output.rstrip("\n").splitlines()
    assert latest[-1] == "(add `--explain`, and `--date`, to see why a decision was made)"
    assert glued_options(latest[-1]) == [], latest[-1]  # each option copied without the comma after it
    dated = run("show", "H-MOVE", "--date", "2026-02-15", "--lang", "en").output.rstrip("\n").splitlines()
    assert dated[-2:] == ["in force on that day: #1",
                          "(add --explain to see why #1, the decision in force on that day, was made)"]
    zh = run("show", "H-MOVE", "--date", "2026-02-15", "--lang", "zh").output.rstrip("\n").splitlines()
    assert zh[-2:] == ["在该日有效的记录：#1", "（加 --explain 可查看该日有效的 #1 这次认定的理由）"]
    assert "--date" not in zh[-1]
    assert "--date" not in run("show", "H-MOVE", "--date", "2026-02-15", "--format", "markdown").output.splitlines()[-1]
    markdown = run("show", "H-MOVE", "--format", "markdown", "--lang", "en").output.splitlines()
    assert markdown[-3:] == ["| 5 | 2026-03-01 | " + markdown[-3].split(" | 2026-03-01 | ")[1], "",
                             "(add `--explain`, and `--date`, to see why a decision was made)"]  # not a table row


def test_show_unknown_household_suggests_a_close_one(run, two_months):
    result = run("show", "H-MOEV", "--lang", "en")
    assert result.exit_code == 2
    assert "no snapshot of household `H-MOEV`" in result.output and "did you mean `H-MOVE`?" in result.output
    early = run("show", "H-MOVE", "--date", "2025-01-01", "--lang", "en")
    assert early.exit_code == 2 and "first snapshot is dated 2026-02-01" in early.output


@pytest.mark.parametrize("command", [["show"], ["void", "--date", "2026-03-01", "--reason", "x"]])
def test_an_unknown_household_nothing_is_close_to_is_told_how_the_register_s_ids_are_written(run, two_months,
                                                                                             command):
    result = run(command[0], "ZZ-404", *command[1:], "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.endswith("help: check the id: the register holds 4 households, with ids written like "
                                  "`H-EXIT`\n"), result.stderr


def test_replay_says_clearly_when_the_policy_file_changed_since(run, tmp_path):
    policy = tmp_path / "post.yaml"
    policy.write_bytes(Path(POST).read_bytes())
    source = write_jsonl(tmp_path / "m.jsonl", [variant("H-1", 10360)])
    assert run("ingest", str(source), "--policy", str(policy), "--date", "2026-03-01").exit_code == 0
    policy.write_bytes(policy.read_bytes().replace(b"value: 510 yuan/month", b"value: 530 yuan/month"))
    result = run("show", "H-1", "--explain", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"warning: {policy} has changed since this decision was made" in result.output
    assert "replayed with the copy of post-transition kept in the register" in result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert data["replay"]["policy_file_changed"] is True and data["replay"]["matches_recorded"] is True
    policy.unlink()
    gone = run("show", "H-1", "--explain", "--lang", "en")
    assert gone.exit_code == 0 and "is no longer there" in gone.output


# -- reassess ---------------------------------------------------------------------------


def test_reassess_rolls_out_the_switch_from_six_to_five_categories(run, tmp_path):
    dibao = json.loads((EXAMPLES / "DS-0001-dibao-widow.json").read_text(encoding="utf-8"))
    source = write_jsonl(tmp_path / "2025.jsonl", [dibao])
    assert run("ingest", str(source), "--date", "2025-06-01").exit_code == 0
    shown = json.loads(run("show", "DS-0001", "--format", "json").output)
    assert shown["snapshots"][0]["status"] == ["dibao", "monitoring"]
    dry = run("reassess", "--policy", POST, "--dry-run", "--format", "json", "--lang", "en")
    assert dry.exit_code == 0, dry.output
    assert count(run.db) == 1
    report = json.loads(dry.output[dry.output.index("{"):])
    (alert,) = report["alerts"]
    assert alert["kind"] == "move" and alert["previous_policy"] == "2024-transition"
    assert alert["policy"] == "post-transition" and alert["date"] == "2026-01-01"
    assert alert["abolished"][0]["id"] == "monitoring"
    assert alert["abolished"][0]["absorbed_by"][:2] == ["dibao", "tekun"]  # ids for machines, labels for people
    assert alert["abolished"][0]["absorbed_by_labels"][0] == "minimum living guarantee (dibao) household"
    chinese = run("reassess", "--policy", POST, "--dry-run", "--lang", "zh").output
    assert f"重新认定 — {POST}（post-transition） — 接近幅度 5.00%" in chinese
    assert "最低生活保障对象（dibao）、防止返贫监测对象（monitoring） → 最低生活保障对象（dibao）" in chinese  # 、
    assert "自 2026-01-01 起取消，并入最低生活保障对象、特困人员、" in chinese
    real = run("reassess", "--policy", POST, "--lang", "en")
    assert real.exit_code == 0
    assert "1 snapshot recorded" in real.output and "abolished from 2026-01-01, absorbed by" in real.output
    assert count(run.db) == 2
    again = run("reassess", "--policy", POST, "--lang", "en")
    assert "0 snapshots recorded" in again.output and count(run.db) == 2
    early = run("reassess", "--policy", POST, "--dry-run", "--date", "2025-12-31", "--lang", "en")
    assert early.exit_code == 2
    assert "1 household reassessed under post-transition: 0 snapshots would be recorded (dry run: nothing " \
           "written), 0 already recorded, 1 could not be reassessed (reported above)" in early.output
    assert "its latest snapshot is dated" in early.output  # one household: said as it is


def test_reassess_that_would_record_what_ifs_or_days_after_today_for_good_is_refused_unless_confirmed(run, two_months):
    kept = "; snapshots are kept for good, and stay in the register even voided, so nothing was recorded\n"
    what_if = run("reassess", "--policy", TRANSITION, "--lang", "en")  # 2024-transition on March 2026
    assert what_if.exit_code == 2
    note = (f"note: {TRANSITION} is in force 2024-07-16 – 2025-12-31, not on 2026-03-01; applied as a what-if "
            "(4 households)\n")
    assert what_if.stderr == (note + "error: 4 snapshots would be recorded as what-ifs" + kept
                              + "  help: look first with `--dry-run`. To record them all the same, add --what-if\n")
    assert glued_options(what_if.stderr) == [], what_if.stderr
    assert count(run.db) == 8
    dry = run("reassess", "--policy", TRANSITION, "--dry-run", "--lang", "en")
    assert dry.exit_code == 0 and dry.stderr.startswith(note) and count(run.db) == 8  # said, not refused
    today = datetime.date.today()
    later = today.replace(year=today.year + 4, day=1).isoformat()  # 2030 for 2026
    both = run("reassess", "--policy", TRANSITION, "--date", later, "--lang", "zh")
    assert both.exit_code == 2
    assert f"警告：4 户家庭的认定日期 {later} 晚于今天（{today.isoformat()}），年龄和政策施行期都按这一天计算" \
        in both.stderr
    assert ("错误：将记录的 4 条快照按假设情形认定、日期晚于今天；快照一经记录便永久保存，作废后也仍留在台账中，"
            "因此没有记录任何内容\n"
            "  提示：请先用 --dry-run 查看。若确要记录，请加上 --what-if --after-today\n") in both.stderr
    future = run("reassess", "--policy", POST, "--date", later, "--what-if", "--lang", "en")  # in force then
    assert future.exit_code == 2 and count(run.db) == 8
    assert f"warning: 4 households are decided on {later}, after today ({today.isoformat()})" in future.stderr
    assert "error: 4 snapshots would be recorded dated after today" + kept in future.stderr
    assert future.stderr.endswith("add --after-today\n")
    recorded = run("reassess", "--policy", TRANSITION, "--what-if", "--lang", "en")
    assert recorded.exit_code == 0 and recorded.stderr.startswith(note) and count(run.db) == 12
    again = run("reassess", "--policy", TRANSITION, "--lang", "en")  # recorded already: nothing more to confirm
    assert again.exit_code == 0 and count(run.db) == 12
    assert run("reassess", "--policy", POST, "--date", later, "--after-today").exit_code == 0 and count(run.db) == 16


def _help(*words: str, lang: str) -> str:
    result = CliRunner().invoke(cli, ["monitor", *words, "--help", "--lang", lang])
    assert result.exit_code == 0
    return result.output


def test_reassess_margin_0_turns_near_alerts_off_as_its_help_and_that_of_alerts_say(run, two_months):
    for lang, said in (("en", "How close to a line counts as near (relative to the line); 0% turns near alerts off."),
                       ("zh", "离认定标准多近算接近（按标准的比例）；0%表示不做接近提醒。")):
        for command in ("reassess", "alerts"):  # one option, said alike
            assert said.replace(" ", "") in "".join(_help(command, lang=lang).split()), (command, lang)

    def near(margin: str) -> list[str]:
        result = run("reassess", "--policy", POST, "--dry-run", "--date", "2026-04-01", "--margin", margin,
                     "--format", "json", "--lang", "en")
        assert result.exit_code == 0, result.output
        return [a["household"] for a in json.loads(result.output[result.output.index("{"):])["alerts"]
                if a["kind"] == "near"]
    assert near("5%") == ["H-SAME", "H-START"]  # on the dibao line
    assert near("0%") == []


def test_the_monitor_help_shows_every_subcommand_at_work_in_both_languages():
    from cli.monitor_cmd import monitor

    for lang in ("en", "zh"):
        shown = _help(lang=lang)
        for name in monitor.commands:
            assert re.search(rf"^ +policy monitor {name} \S", shown, re.MULTILINE), (lang, name)


def test_the_monitor_help_promises_its_records_are_kept_not_every_file_it_writes():
    """`alerts -o FILE` replaces a FILE already there: the help said `nothing is ever overwritten`, where it meant the
    register's records."""
    for lang, kept in (("en", "no record in it is ever overwritten or deleted"),
                       ("zh", "台账中的任何记录都不会被覆盖或删除")):
        shown = "".join(_help(lang=lang).split())
        assert kept.replace(" ", "") in shown and "nothingiseveroverwritten" not in shown, (lang, shown)


def test_reassess_refuses_a_date_before_the_latest_snapshot(run, two_months):
    result = run("reassess", "--policy", POST, "--date", "2026-02-15", "--lang", "en")
    assert result.exit_code == 2
    # the same finding for each household is said once, with how many and which
    assert result.output.count("error[H006]") == 1
    assert "error[H006]: 4 households have snapshots dated after 2026-02-15 (H-EXIT, H-MOVE, H-SAME, …)" \
        in result.output
    assert "help: reassess on a date on or after the latest snapshots (`--date`), or leave --date out" in result.output
    chinese = run("reassess", "--policy", POST, "--date", "2026-02-15", "--lang", "zh").output
    assert "错误[H006]: 4 户家庭有晚于 2026-02-15 的快照（H-EXIT, H-MOVE, H-SAME, …）" in chinese
    assert "提示：请用 --date 给出不早于最近快照的日期重新评估，或不写 --date" in chinese
    assert count(run.db) == 8


# -- void -------------------------------------------------------------------------------


def test_a_snapshot_dated_by_mistake_is_voided_and_the_register_goes_as_if_it_were_not_there(run, two_months,
                                                                                               tmp_path):
    today = datetime.date.today()
    later = today.replace(year=today.year + 10, day=1).isoformat()  # 2036 for 2026
    alerts = ("alerts", "--format", "json", "--margin", "0%", "--today", "2026-03-02")
    before = json.loads(run(*alerts).output)["alerts"]
    typo = write_jsonl(tmp_path / "typo.jsonl", [variant("H-MOVE", 60000, date=later)])
    assert run("ingest", str(typo)).exit_code == 0
    assert json.loads(run(*alerts).output)["alerts"] != before  # it is H-MOVE's latest snapshot now
    voided = run("void", "H-MOVE", "--date", later, "--reason", "日期录错", "--by", "clerk", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout == (f"H-MOVE: snapshot #9 of {later} voided (reason: 日期录错); the latest snapshot is now "
                             f"#5 of 2026-03-01\nH-MOVE: the exit alert of {later} is withdrawn: if assistance was "
                             "stopped on it, resume it\n")
    assert json.loads(run(*alerts).output)["alerts"] == before
    assert count(run.db) == 9 and count(run.db, "voids") == 1  # recorded beside it: nothing deleted
    shown = json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"]
    void = shown[-1]["void"]
    assert (shown[-1]["id"], void["reason"], void["by"]) == (9, "日期录错", "clerk")
    at = void["at"][:16].replace("T", " ")
    text = run("show", "H-MOVE", "--lang", "en").output
    assert "Household H-MOVE: 3 snapshots (1 voided)" in text and re.search(rf"\n  9 void  {later}  ", text)
    assert f"Voided\n  #9 ({later}): voided on {at} by clerk: 日期录错\n" in text
    assert f"已作废\n  #9（{later}）：{at} 由 clerk 作废：日期录错\n" in run("show", "H-MOVE", "--lang", "zh").output
    markdown = run("show", "H-MOVE", "--format", "markdown", "--lang", "en").output
    assert f"| ~~9 void~~ | ~~{later}~~ |" in markdown
    explained = run("show", "H-MOVE", "--explain", "--format", "json")
    assert json.loads(explained.output[explained.output.index("{"):])["date"] == "2026-03-01"
    reassessed = run("reassess", "--policy", POST, "--dry-run", "--lang", "en")  # judged on 2026-03-01, as before
    assert "0 snapshots would be recorded (dry run: nothing written), 4 already recorded" in reassessed.output
    again = run("ingest", str(typo), "--lang", "en")  # the same export again: the snapshot stays voided
    assert again.exit_code == 0 and "warning" not in again.output
    assert "0 snapshots recorded, 1 already recorded" in again.output
    assert json.loads(run(*alerts).output)["alerts"] == before
    twice = run("void", "H-MOVE", "--date", later, "--reason", "again", "--lang", "en")
    assert twice.exit_code == 2
    assert twice.stderr == (f"error: the snapshot of household H-MOVE dated {later} (#9) is voided already: on {at} "
                            "by clerk, because “日期录错”\n  help: nothing is left to do for it; if another date was "
                            "meant, `policy monitor show H-MOVE` lists the dates of its snapshots\n")
    said = run("void", "H-MOVE", "--date", later, "--reason", "again", "--lang", "zh")
    assert said.stderr == (f"错误：家庭 H-MOVE 在 {later} 的快照（#9）已经作废：{at} 由 clerk 作废，原因是“日期录错”\n"
                           "  提示：无需再作废；如果要作废的是另一天的快照，`policy monitor show H-MOVE` "
                           "会列出它各次快照的日期\n")
    with sqlite3.connect(run.db) as connection:
        with pytest.raises(sqlite3.DatabaseError, match="never deleted: withdraw one with policy monitor void --undo"):
            connection.execute("DELETE FROM voids")
        with pytest.raises(sqlite3.DatabaseError, match="never changed"):
            connection.execute("UPDATE voids SET reason = ''")


def test_a_snapshot_of_the_wrong_household_is_voided_and_its_correction_recorded_on_its_date(run, two_months,
                                                                                            tmp_path):
    wrong = write_jsonl(tmp_path / "wrong.jsonl", [variant("H-EXIT", 7000, date="2026-04-01")])  # H-START's data
    right = write_jsonl(tmp_path / "right.jsonl", [variant("H-EXIT", 60000, date="2026-04-01")])
    def alert_of_h_exit() -> list[str]:
        return [a["kind"] for a in json.loads(run("alerts", "--format", "json", "--margin", "0%").output)["alerts"]
                if a["household"] == "H-EXIT"]
    assert run("ingest", str(wrong)).exit_code == 0
    assert alert_of_h_exit() == ["start"]  # as if it qualified again
    clash = run("ingest", str(right), "--lang", "en").output  # one record per date ...
    assert ("error[H007]" in clash and "  help: if this record corrects the one recorded, void that one with "
            "`policy monitor void H-EXIT --date 2026-04-01 --reason '…'`, then ingest this record again; if it is "
            "another household's or another day's, correct its `id` or its `date`\n" in clash)
    said = run("ingest", str(right), "--lang", "zh").output
    assert ("  提示：如果这条记录是对已记录那条的更正，请先用 "
            "`policy monitor void H-EXIT --date 2026-04-01 --reason '…'` 将那条作废，再重新导入这条记录；"
            "如果它属于别的家庭或别的日期，请改正它的 `id` 或 `date`\n") in said
    command = shlex.split(re.search(r"void that one with `(.*?)`", clash).group(1))  # type: ignore[union-attr]
    assert command[:3] == ["policy", "monitor", "void"] and command[-2:] == ["--reason", "…"]
    voided = run(*command[2:-1], "H-START's data under a wrong id", "--lang", "zh")
    assert voided.exit_code == 0
    assert voided.stdout == ("H-EXIT：已作废 2026-04-01 的快照 #9（原因：H-START's data under a wrong id）；"
                             "现在最近一次快照是 2026-03-01 的 #7\n"
                             "H-EXIT：2026-04-01 的新纳入提醒随之撤回：如已据此开始救助，请停止\n")
    corrected = run("ingest", str(right), "--lang", "en")  # ... and a voided snapshot holds no date
    assert corrected.exit_code == 0 and "1 snapshot recorded" in corrected.output
    assert alert_of_h_exit() == []  # its March and April decisions are the same
    latest = json.loads(run("show", "H-EXIT", "--format", "json").output)["snapshots"][-1]
    assert (latest["id"], latest["date"], latest["status"], latest["void"]) == (10, "2026-04-01", [], None)
    only = write_jsonl(tmp_path / "only.jsonl", [variant("H-ONLY", 10360, date="2026-03-01")])
    assert run("ingest", str(only)).exit_code == 0
    gone = run("void", "H-ONLY", "--date", "2026-03-01", "--reason", "not ours", "--lang", "en")
    assert gone.stdout.endswith("voided (reason: not ours); no snapshot of it counts any more\n")
    assert "H-ONLY" not in run("alerts", "--lang", "en").output
    assert "Household H-ONLY: 1 snapshot (1 voided)" in run("show", "H-ONLY", "--lang", "en").output
    explain = run("show", "H-ONLY", "--explain", "--lang", "en")
    assert explain.exit_code == 2 and "error: every snapshot of household `H-ONLY` is voided" in explain.stderr


@pytest.fixture
def in_zone(monkeypatch):
    """Set the local time zone as `TZ` does for a process; the zone the tests began in is restored after."""
    import time

    def zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()
    yield zone
    monkeypatch.undo()
    time.tzset()


def test_a_clash_on_the_day_of_date_says_the_day_is_the_options_not_the_records(run, two_months, tmp_path):
    april = write_jsonl(tmp_path / "2026-04.jsonl", [variant("H-EXIT", 7000, date="2026-04-01")])
    may = write_jsonl(tmp_path / "2026-05.jsonl", [variant("H-EXIT", 60000, date="2026-05-06")])
    assert run("ingest", str(april)).exit_code == 0
    clash = run("ingest", str(may), "--date", "2026-04-01", "--lang", "en").output
    assert "error[H007]: household H-EXIT already has a record dated 2026-04-01" in clash
    assert ("  help: 2026-04-01 is the day --date gave every record; this record's own `date` is 2026-05-06: to "
            "record each record on its own date, run the same ingest again without `--date`. If this "
            "record corrects the one recorded, void that one with `policy monitor void H-EXIT --date 2026-04-01 "
            "--reason '…'`, then ingest this record again\n") in clash, clash
    assert glued_options(clash) == [], clash
    assert "correct its `id` or its `date`" not in clash
    said = run("ingest", str(may), "--date", "2026-04-01", "--lang", "zh").output
    assert ("  提示：2026-04-01 是 --date 给所有记录的日期；这条记录自己的 `date` 是 2026-05-06：要按各条记录自己的日期"
            "记录，请去掉 --date 重新运行同一条导入命令；") in said, said
    undated = write_jsonl(tmp_path / "undated.jsonl", [variant("H-EXIT", 50000)])
    assert ("  help: 2026-04-01 is the day --date gave every record, this record having no `date` of its own: if "
            "another day was meant, run the same ingest again with that day as `--date`. If this record "
            "corrects") in run(
        "ingest", str(undated), "--date", "2026-04-01", "--lang", "en").output
    assert run("ingest", str(may)).exit_code == 0  # on its own date, as the help says


def test_a_void_is_stored_with_its_offset_and_shown_in_local_time(run, two_months, in_zone):
    in_zone("UTC")
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "录错", "--by", "clerk").exit_code == 0
    stored = json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"][-1]["void"]["at"]
    moment = datetime.datetime.fromisoformat(stored)
    assert stored.endswith("+00:00") and moment.utcoffset() == datetime.timedelta(0)  # unambiguous
    in_zone("Asia/Shanghai")  # read where the desk is: 8 hours ahead of the moment as stored
    local = (moment + datetime.timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    shown = run("show", "H-MOVE", "--lang", "zh").output
    assert f"：{local} 由 clerk 作废：录错\n" in shown, shown
    refused = run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "again", "--lang", "en")
    assert f"is voided already: on {local} by clerk" in refused.stderr
    assert json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"][-1]["void"]["at"] == stored


def test_void_of_one_snapshot_of_a_date_that_has_several(run, two_months):
    _, march = two_months
    assert run("ingest", str(march), "--date", "2026-03-01", "--policy", TRANSITION, "--what-if").exit_code == 0
    ids = {s["policy"]["version"]: s["id"] for s in json.loads(run("show", "H-SAME", "--format", "json").output)[
        "snapshots"] if s["date"] == "2026-03-01"}
    wrong = run("void", "H-SAME", "--date", "2026-03-01", "--snapshot", "1", "--reason", "x", "--lang", "en")
    assert wrong.exit_code == 2
    assert wrong.stderr == ("error: snapshot #1 is not one of household H-SAME dated 2026-03-01\n  help: its "
                            f"snapshots of that day: #{ids['post-transition']}, #{ids['2024-transition']}\n")
    one = run("void", "H-SAME", "--date", "2026-03-01", "--snapshot", str(ids["2024-transition"]), "--reason",
              "a what-if recorded in the register by mistake", "--lang", "en")
    assert one.exit_code == 0
    assert f"snapshot #{ids['2024-transition']} of 2026-03-01 voided" in one.stdout
    assert f"the latest snapshot is now #{ids['post-transition']} of 2026-03-01" in one.stdout


@pytest.mark.parametrize(("args", "said"), [
    (["H-MOEV", "--date", "2026-03-01"], "error: no snapshot of household `H-MOEV` in {db}\n"
                                         "  help: did you mean `H-MOVE`?\n"),
    (["H-MOVE", "--date", "2026-03-02"], "error: household H-MOVE has no snapshot dated 2026-03-02\n"
                                         "  help: its snapshots are dated 2026-03-01, 2026-02-01; `policy monitor show "
                                         "H-MOVE` lists them\n"),
    (["H-MOVE", "--date", "2026-03-01", "--reason", " "],
     "error: give the reason the snapshot is voided with --reason\n"
     "  help: e.g. --reason \"the year is mistyped: 2026, not 2062\"\n"),
])
def test_void_refuses_what_it_cannot_void_and_says_why(run, two_months, args, said):
    reason = [] if "--reason" in args else ["--reason", "typo"]
    result = run("void", *args, *reason, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == said.format(db=run.db)
    assert count(run.db, "voids") == 0


def test_void_says_everything_in_chinese(in_chinese, two_months):
    run = in_chinese
    results = [run("void", "H-MOVE", "--date", "2026-03-02", "--reason", "日期录错"),
               run("void", "H-MOVE", "--date", "2026-03-01", "--reason", " "),
               run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "日期录错")]
    assert results[0].stderr == ("错误：家庭 H-MOVE 没有日期为 2026-03-02 的快照\n  提示：它的快照日期为 "
                                 "2026-03-01、2026-02-01；`policy monitor show H-MOVE` 会列出它们\n")
    assert results[1].stderr == "错误：请用 --reason 写明作废的原因\n  提示：例如 --reason \"年份录错，应为 2026 年\"\n"
    assert results[2].stdout == ("H-MOVE：已作废 2026-03-01 的快照 #5（原因：日期录错）；"
                                 "现在最近一次快照是 2026-02-01 的 #1\n"
                                 "H-MOVE：2026-03-01 的类别变化提醒随之撤回：如已据此调整救助，请调整回来\n")
    results.append(run("void", "H-MOVE", "--db", str(Path(run.db).with_name("none.sqlite3")), "--date", "2026-03-01",
                       "--reason", "x", with_db=False))
    assert results[3].exit_code == 2 and "这里没有监测台账" in results[3].stderr
    for result in results:
        assert untranslated(result.output) == [], result.output


def test_a_void_made_by_mistake_is_withdrawn_beside_it_and_the_snapshot_counts_again(run, two_months, tmp_path):
    from engine.monitor.voids import local_time

    _, march = two_months
    alerts = ("alerts", "--format", "json", "--margin", "0%", "--today", "2026-03-02")
    before = json.loads(run(*alerts).output)["alerts"]
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "日期录错", "--by", "clerk").exit_code == 0
    assert json.loads(run(*alerts).output)["alerts"] != before  # H-MOVE's March snapshot left out
    undone = run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "作废错了，应作废 2062-03-01 的快照",
                 "--by", "head", "--lang", "en")
    assert undone.exit_code == 0, undone.output
    assert undone.stdout == ("H-MOVE: the void of snapshot #5 of 2026-03-01 withdrawn (reason: 作废错了，应作废 "
                             "2062-03-01 的快照); the latest snapshot is now #5 of 2026-03-01\n")
    assert json.loads(run(*alerts).output)["alerts"] == before  # it counts again: latest, alerts ...
    reassessed = run("reassess", "--policy", POST, "--dry-run", "--lang", "en")  # ... reassessments ...
    assert "0 snapshots would be recorded (dry run: nothing written), 4 already recorded" in reassessed.output
    explained = run("show", "H-MOVE", "--explain", "--format", "json")  # ... show's latest ...
    assert json.loads(explained.output[explained.output.index("{"):])["date"] == "2026-03-01"
    again = run("ingest", str(march), "--date", "2026-03-01", "--lang", "en")  # ... and one record per date
    assert again.exit_code == 0 and "0 snapshots recorded, 4 already recorded" in again.output
    other = write_jsonl(tmp_path / "other.jsonl", [variant("H-MOVE", 60000, date="2026-03-01")])
    assert "error[H007]" in run("ingest", str(other), "--lang", "en").output  # its date holds a record again
    assert (count(run.db), count(run.db, "voids"), count(run.db, "void_events")) == (8, 1, 1)  # nothing deleted
    shown = json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"][-1]
    (void,) = shown["voids"]
    assert (shown["id"], shown["void"], void["reason"], void["by"]) == (5, None, "日期录错", "clerk")
    back = void["withdrawn"]
    assert (back["reason"], back["by"]) == ("作废错了，应作废 2062-03-01 的快照", "head")
    at, back_at = local_time(void["at"]), local_time(back["at"])
    text = run("show", "H-MOVE", "--lang", "en").output
    assert "Household H-MOVE: 2 snapshots\n" in text and "void  " not in text
    assert (f"Voided and restored\n  #5 (2026-03-01): voided on {at} by clerk: 日期录错\n"
            f"    restored on {back_at} by head: 作废错了，应作废 2062-03-01 的快照\n") in text
    assert (f"作废和撤销作废\n  #5（2026-03-01）：{at} 由 clerk 作废：日期录错\n"
            f"    {back_at} 由 head 撤销作废：作废错了，应作废 2062-03-01 的快照\n") in run("show", "H-MOVE").output
    markdown = run("show", "H-MOVE", "--format", "markdown", "--lang", "en").output
    assert "~~" not in markdown
    # a list under a heading, the restoration nested: indented lines would run into one paragraph
    assert (f"\n\n### Voided and restored\n\n- #5 (2026-03-01): voided on {at} by clerk: 日期录错\n"
            f"    - restored on {back_at} by head: 作废错了，应作废 2062-03-01 的快照\n\n(add `--explain`") in markdown
    assert (f"\n\n### 作废和撤销作废\n\n- #5（2026-03-01）：{at} 由 clerk 作废：日期录错\n"
            f"    - {back_at} 由 head 撤销作废：作废错了，应作废 2062-03-01 的快照\n\n（加 --explain") in run(
                "show", "H-MOVE", "--format", "markdown", "--lang", "zh").output
    twice = run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "again", "--lang", "en")
    assert twice.exit_code == 2
    assert twice.stderr == (f"error: the void of the snapshot of household H-MOVE dated 2026-03-01 (#5) is withdrawn "
                            f"already: on {back_at} by head, because “作废错了，应作废 2062-03-01 的快照”\n"
                            "  help: `policy monitor show H-MOVE` lists its snapshots and their voids\n")
    said = run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "again", "--lang", "zh")
    assert said.stderr == (f"错误：家庭 H-MOVE 在 2026-03-01 的快照（#5）的作废已经撤销：{back_at} 由 head 撤销，"
                           "原因是“作废错了，应作废 2062-03-01 的快照”\n"
                           "  提示：`policy monitor show H-MOVE` 会列出它的快照及其作废情况\n")
    _never_changed_or_deleted(run.db, "UPDATE void_events SET kind = 'voided'", "DELETE FROM void_events")


def test_a_snapshot_whose_void_was_withdrawn_can_be_voided_again_and_restored_again(run, two_months):
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "first", "--by", "a").exit_code == 0
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "second", "--by", "b").exit_code == 0
    voided = run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "third", "--by", "c", "--lang", "en")
    assert voided.exit_code == 0, voided.output
    assert voided.stdout == ("H-MOVE: snapshot #5 of 2026-03-01 voided (reason: third); the latest snapshot is now "
                             "#1 of 2026-02-01\nH-MOVE: the move alert of 2026-03-01 is withdrawn: if assistance was "
                             "adjusted on it, adjust it back\n")
    shown = json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"][-1]
    assert shown["void"]["reason"] == "third" and shown["void"]["by"] == "c"
    assert [(v["reason"], v["withdrawn"] and v["withdrawn"]["reason"]) for v in shown["voids"]] == [
        ("first", "second"), ("third", None)]
    refused = run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "fourth", "--lang", "en")
    assert refused.exit_code == 2 and "is voided already: on " in refused.stderr and "“third”" in refused.stderr
    text = run("show", "H-MOVE", "--lang", "en").output
    assert "Household H-MOVE: 2 snapshots (1 voided)" in text and re.search(r"\n  5 void  2026-03-01  ", text)
    assert re.search(r"\n  #5 \(2026-03-01\): voided on [^\n]+ by a: first\n    restored on [^\n]+ by b: second\n"
                     r"    voided again on [^\n]+ by c: third\n", text), text
    assert re.search(r"\n    [^\n]+ 由 c 再次作废：third\n", run("show", "H-MOVE", "--lang", "zh").output)
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "fifth").exit_code == 0
    assert json.loads(run("show", "H-MOVE", "--format", "json").output)["snapshots"][-1]["void"] is None
    assert (count(run.db, "voids"), count(run.db, "void_events")) == (1, 3)


def test_a_void_is_not_withdrawn_while_another_record_of_its_date_counts(run, two_months, tmp_path):
    wrong = write_jsonl(tmp_path / "wrong.jsonl", [variant("H-EXIT", 7000, date="2026-04-01")])  # H-START's data
    right = write_jsonl(tmp_path / "right.jsonl", [variant("H-EXIT", 60000, date="2026-04-01")])
    assert run("ingest", str(wrong)).exit_code == 0
    assert run("void", "H-EXIT", "--date", "2026-04-01", "--reason", "H-START's data").exit_code == 0
    assert run("ingest", str(right)).exit_code == 0  # #10, the correction, on the same date
    refused = run("void", "H-EXIT", "--date", "2026-04-01", "--undo", "--reason", "oops", "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: household H-EXIT has a snapshot dated 2026-04-01 with other data that counts (#10, recorded from "
        f"{right}:1): withdrawing the void of #9 would give that date two records\n"
        "  help: if #10 is the mistake, void it first with `policy monitor void H-EXIT --date 2026-04-01 --snapshot "
        "10 --reason …`\n")
    assert "这一天就会有两条记录" in run("void", "H-EXIT", "--date", "2026-04-01", "--undo", "--reason", "oops",
                                "--lang", "zh").stderr
    assert count(run.db, "void_events") == 0
    assert run("void", "H-EXIT", "--date", "2026-04-01", "--snapshot", "10", "--reason", "x").exit_code == 0
    both = run("void", "H-EXIT", "--date", "2026-04-01", "--undo", "--reason", "oops", "--lang", "en")
    assert both.exit_code == 2  # both voided now: restoring both would give the date two records too
    assert both.stderr == ("error: the snapshots of household H-EXIT dated 2026-04-01 (#9, #10) hold other data "
                           "each: withdrawing their voids would give that date two records\n"
                           "  help: name the one meant with --snapshot NUMBER\n")
    assert "提示：请用 --snapshot 编号 指定要恢复的那一条\n" in run("void", "H-EXIT", "--date", "2026-04-01", "--undo",
                                                      "--reason", "oops", "--lang", "zh").stderr
    one = run("void", "H-EXIT", "--date", "2026-04-01", "--snapshot", "9", "--undo", "--reason", "it was ours",
              "--lang", "en")
    assert one.exit_code == 0, one.output
    assert one.stdout.endswith("the latest snapshot is now #9 of 2026-04-01\n")


def test_the_dates_a_void_is_offered_are_those_in_force_first_a_voided_one_marked(run, two_months, tmp_path):
    typo = write_jsonl(tmp_path / "typo.jsonl", [variant("H-MOVE", 7000, date="2036-03-01")])
    ingested = run("ingest", str(typo))
    assert ingested.exit_code == 0, ingested.output
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "wrong one").exit_code == 0
    for lang, said in (("en", "  help: its snapshots are dated 2036-03-01, 2026-02-01, 2026-03-01 (voided); "
                              "`policy monitor show H-MOVE` lists them\n"),
                       ("zh", "  提示：它的快照日期为 2036-03-01、2026-02-01、2026-03-01（已作废）；"
                              "`policy monitor show H-MOVE` 会列出它们\n")):
        refused = run("void", "H-MOVE", "--date", "2026-03-02", "--reason", "x", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr.endswith(said), refused.stderr
    undo = run("void", "H-MOVE", "--date", "2026-03-02", "--undo", "--reason", "x", "--lang", "en")
    assert undo.stderr.endswith("  help: its snapshots are dated 2026-03-01 (voided), 2036-03-01, 2026-02-01; "
                                "`policy monitor show H-MOVE` lists them\n")  # the voids to withdraw first

@pytest.mark.parametrize(("args", "said"), [
    (["H-MOEV", "--date", "2026-03-01"], "error: no snapshot of household `H-MOEV` in {db}\n"
                                         "  help: did you mean `H-MOVE`?\n"),
    (["H-MOVE", "--date", "2026-03-02"], "error: household H-MOVE has no snapshot dated 2026-03-02\n"
                                         "  help: its snapshots are dated 2026-03-01, 2026-02-01; `policy monitor show "
                                         "H-MOVE` lists them\n"),
    (["H-MOVE", "--date", "2026-03-01", "--snapshot", "1"],
     "error: snapshot #1 is not one of household H-MOVE dated 2026-03-01\n  help: its snapshots of that day: #5\n"),
    (["H-MOVE", "--date", "2026-03-01"],
     "error: the snapshot of household H-MOVE dated 2026-03-01 (#5) is not voided: there is no void to withdraw\n"
     "  help: `policy monitor show H-MOVE` lists its snapshots and their voids\n"),
    (["H-MOVE", "--date", "2026-03-01", "--reason", " "],
     "error: give the reason the void is withdrawn with --reason\n"
     "  help: e.g. --reason \"voided the wrong snapshot: 2026-03-02's was meant\"\n"),
])
def test_undo_refuses_what_it_cannot_withdraw_and_says_why(run, two_months, args, said):
    reason = [] if "--reason" in args else ["--reason", "wrong one"]
    result = run("void", *args, "--undo", *reason, "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr == said.format(db=run.db)
    assert count(run.db, "void_events") == 0


def test_undo_says_everything_in_chinese(in_chinese, two_months):
    run = in_chinese
    assert run("void", "H-MOVE", "--date", "2026-03-01", "--reason", "日期录错").exit_code == 0
    results = [run("void", "H-MOVE", "--date", "2026-02-01", "--undo", "--reason", "作废错了"),
               run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", " "),
               run("void", "H-MOVE", "--date", "2026-03-01", "--undo", "--reason", "作废错了")]
    assert results[0].stderr == ("错误：家庭 H-MOVE 在 2026-02-01 的快照（#1）没有作废，没有可撤销的作废\n"
                                 "  提示：`policy monitor show H-MOVE` 会列出它的快照及其作废情况\n")
    assert results[1].stderr == ("错误：请用 --reason 写明撤销作废的原因\n"
                                 "  提示：例如 --reason \"作废错了，应作废 2026-03-02 的快照\"\n")
    assert results[2].stdout == ("H-MOVE：已撤销 2026-03-01 的快照 #5 的作废（原因：作废错了）；"
                                 "现在最近一次快照是 2026-03-01 的 #5\n")
    for result in results:
        assert untranslated(result.output) == [], result.output

# -- applications -----------------------------------------------------------------------


def test_apply_counts_the_review_limit_in_working_days(run, registered):
    result = run("apply", "DS-0001", "--date", "2025-09-26", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert ("decision due by 2025-11-06 (25 working days under 2024-transition; source: Dashi Town Doc. [2024] No. 47 "
            "Part II.3 (unifying the identification procedure) / Annex 4)") in result.output
    assert "no snapshot" not in result.output
    again = run("apply", "DS-0001", "--date", "2025-09-30", "--lang", "en")
    assert again.exit_code == 2 and "already has an undecided application of 2025-09-26" in again.output
    special = run("apply", "DS-0002", "--date", "2026-02-13", "--special", "--lang", "en")
    assert special.exit_code == 0
    assert "special case, 40 working days under post-transition" in special.output


def _post_changed(folder: Path, version: str, old: str, new: str) -> Path:
    """The shipped post-transition policy, its `old` (written once in it) written `new`, under version `version`."""
    text = (ROOT / POST).read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed = folder / f"{version}.yaml"
    changed.write_text(text.replace(old, new).replace("  version: post-transition\n", f"  version: {version}\n"),
                       encoding="utf-8")
    return changed


def test_a_review_limit_of_one_working_day_is_said_in_the_singular(run, registered, tmp_path):
    one_day = _post_changed(tmp_path, "one-day", "review_working_days: 25\n", "review_working_days: 1\n")
    result = run("apply", "DS-0001", "--date", "2026-03-05", "--policy", str(one_day), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "decision due by 2026-03-06 (1 working day under one-day; source: " in result.output
    assert "2026-03-05 → 2026-03-06 (1 working day): undecided" in run("show", "DS-0001", "--lang", "en").output
    alerts = run("alerts", "--today", "2026-03-06", "--lang", "en", "--kind", "due_soon").output
    assert "due 2026-03-06 (1 working day; " in alerts, alerts
    closed = run("close", "DS-0001", "--date", "2026-03-07", "--lang", "en")  # the Saturday after its due Friday
    assert "(a day off after the due date 2026-03-06: within the 1 working day)" in closed.output, closed.output
    last = run("apply", "DS-0002", "--date", "9999-12-31", "--policy", str(one_day), "--today", "9999-12-31",
               "--lang", "en")  # a count past the calendar's last day, in the singular too
    assert last.exit_code == 2
    assert last.stderr.endswith("error: the application date 9999-12-31 leaves no day to be due on: 1 working day "
                                "after it is past 9999-12-31\n  help: check the year of --date\n"), last.stderr


def test_a_special_case_under_a_policy_with_no_special_limit_is_refused_with_what_to_do(run, registered, tmp_path):
    plain = _post_changed(tmp_path, "no-special", "  special_case_working_days: 40\n", "")
    apply = ["apply", "DS-0001", "--date", "2026-03-05", "--policy", str(plain)]
    for lang, said in (("en", f"error: {plain} sets no limit for special cases (`special_case_working_days`)\n"
                              "  help: leave out `--special`, or add the limit to the policy's `process` section\n"),
                       ("zh", f"错误：{plain} 没有规定特殊情况的期限（`special_case_working_days`）\n"
                              "  提示：请去掉 --special 选项，或在政策的 `process` 部分加上这一期限\n")):
        refused = run(*apply, "--special", "--lang", lang)
        assert refused.exit_code == 2 and refused.stdout == "" and refused.stderr == said, refused.output
        assert glued_options(refused.stderr) == [], refused.stderr  # --special copied alone
    assert overdue(run) == []  # nothing recorded
    assert run(*apply).exit_code == 0  # without --special, the policy's limit


def overdue(run: Any, today: str = "2026-06-01") -> list[str]:
    alerts = json.loads(run("alerts", "--today", today, "--kind", "overdue", "--format", "json").output)["alerts"]
    return [a["household"] for a in alerts]


@pytest.mark.parametrize(("household", "meant"), [
    ("DS-0O01", "did you mean `DS-0001`? If"),  # a letter O for a zero
    ("DS-9999", "if"),                          # nothing close: only the way to record it anyway
])  # `DS-001` (DS-0001 but for its zero padding) is refused with and without --new: see tests/test_monitor_ids.py
def test_apply_for_a_household_with_no_snapshot_is_refused_unless_new(run, registered, household, meant):
    refused = run("apply", household, "--date", "2026-03-02", "--lang", "en")
    assert refused.exit_code == 2
    assert f"error: no snapshot of household `{household}` in {run.db}" in refused.stderr
    assert f"help: {meant} `{household}` applies before its first snapshot, add --new" in refused.stderr
    assert overdue(run) == []
    if household == "DS-9999":
        before_its_data = run("apply", household, "--date", "2026-03-02", "--new", "--lang", "en")
        assert before_its_data.exit_code == 0
        assert f"note: household {household} has no snapshot in the register yet" in before_its_data.stderr
        assert overdue(run) == [household]


@pytest.mark.parametrize("new", [[], ["--new"]])
def test_apply_never_makes_a_register(run, tmp_path, new):
    refused = run("apply", "DS-0001", "--date", "2026-03-02", *new, "--lang", "en")
    assert refused.exit_code == 2
    assert f"error: {run.db}: no register here" in refused.stderr
    assert "help: record households first with `policy monitor ingest FILE`" in refused.stderr
    assert not Path(run.db).exists()


def test_apply_in_a_folder_without_policies_counts_by_the_version_the_register_keeps(run, registered, tmp_path,
                                                                                       monkeypatch):
    desk = tmp_path / "desk"
    desk.mkdir()
    monkeypatch.chdir(desk)  # no policy/ folder here
    result = run("apply", "DS-0001", "--date", "2026-02-13", "--special", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "decision due by 2026-04-17 (special case, 40 working days under post-transition; source: " in result.stdout
    assert result.stderr == ("note: there is no policy/ folder here: the limit is that of post-transition, in force "
                             "on 2026-02-13, as kept in the register\n")
    none = run("apply", "DS-0002", "--date", "2025-09-26", "--lang", "en")  # the register holds no 2024-transition
    assert none.exit_code == 2
    assert none.stderr.startswith(f"error: no policy version kept in {run.db} is in force on 2025-09-26 (windows: "
                                  "post-transition (2026-01-01 – …))\n")
    assert none.stderr.endswith("help: give the policy in force with `--policy FILE`, or its folder with --policy-dir "
                                "DIR\n")
    edited = tmp_path / "post-transition.yaml"  # a version of the same window with another review limit
    edited.write_text(Path(POST).read_text(encoding="utf-8").replace("review_working_days: 25",
                                                                     "review_working_days: 20")
                      .replace("version: post-transition", "version: post-transition-2"), encoding="utf-8")
    assert run("ingest", str(EXAMPLES / "DS-0011-on-post-dibao-line.json"), "--policy", str(edited),
               "--date", "2026-03-01").exit_code == 0
    differ = run("apply", "DS-0002", "--date", "2026-03-02", "--lang", "zh")
    assert differ.exit_code == 2
    assert f"错误：{run.db} 中保存的在 2026-03-02 生效的政策版本规定的审核期限不同：" in differ.stderr
    assert "提示：请用 --policy 文件 指定现行政策，或用 --policy-dir 文件夹 指定其所在文件夹" in differ.stderr
    assert run("apply", "DS-0002", "--date", "2026-03-02", "--policy", str(edited)).exit_code == 0


def test_close_names_the_applicant_meant(run, registered):
    assert run("apply", "DS-0003", "--date", "2026-03-02").exit_code == 0
    slip = run("close", "DS-003", "--date", "2026-03-05", "--lang", "en")
    assert slip.exit_code == 2
    assert "error: household `DS-003` has no undecided application" in slip.stderr
    assert "help: did you mean `DS-0003`?" in slip.stderr
    unknown = run("close", "XY-1", "--date", "2026-03-05", "--lang", "en")
    assert unknown.exit_code == 2 and "help: check the id: the register holds 28 households" in unknown.stderr
    assert run("close", "DS-0003", "--date", "2026-03-05").exit_code == 0


def test_a_close_dated_after_today_is_refused_and_closing_again_says_when_it_was_decided(run, registered):
    today = datetime.date.today()
    later = today.replace(year=today.year + 36, day=1).isoformat()  # 2062 for 2026
    assert run("apply", "DS-0001", "--date", "2026-03-02").exit_code == 0
    assert run("apply", "DS-0002", "--date", "2026-03-02").exit_code == 0  # an id close to it, still undecided
    refused = run("close", "DS-0001", "--date", later, "--lang", "en")
    assert refused.exit_code == 2
    assert refused.stderr == (f"error: DS-0001: the decision date {later} is after today ({today.isoformat()}): a "
                              "decision is recorded once it is made, and its date cannot be corrected; nothing was "
                              "recorded\n  help: check the year, the month and the day of `--date`. Recorded on "
                              "another day than the machine's clock says, give that day with --today D\n")
    assert glued_options(refused.stderr) == [], refused.stderr
    assert run("close", "DS-0001", "--date", later, "--lang", "zh").stderr == (
        f"错误：DS-0001：办结日期 {later} 晚于今天（{today.isoformat()}）：办结后才能记录，且办结日期记录后无法更正；"
        "未记录任何内容\n  提示：请核对 --date 的年、月、日；若记录的日期不是本机时钟的今天，请用 --today 日期 给出\n")
    assert "2026-03-02 → 2026-04-07 (25 working days): undecided\n" in run("show", "DS-0001", "--lang", "en").output
    closed = run("close", "DS-0001", "--date", later, "--today", later, "--lang", "en")  # as a register kept before
    assert closed.exit_code == 0 and closed.stderr == (  # a --today after today is warned of, as apply warns of it
        f"warning: --today {later} is after today ({today.isoformat()}): it is taken as the day the decision is "
        "recorded; if it is a typo, correct --today\n")
    again = run("close", "DS-0001", "--date", "2026-03-20", "--lang", "en")
    assert again.exit_code == 2  # said of DS-0001 itself, not of the other household
    assert again.stderr == ("error: household DS-0001 has no undecided application: its application of 2026-03-02 "
                            f"was decided on {later}\n"
                            "  help: a decision date recorded cannot be corrected: no command of the register does "
                            "it yet; decided, the application counts in no alert whatever its date, and `policy "
                            f"monitor show DS-0001` lists it: if {later} is wrong, note the right date in the case "
                            "file\n")
    said = run("close", "DS-0001", "--date", "2026-03-20", "--lang", "zh")
    assert said.stderr == (f"错误：家庭 DS-0001 没有尚未办结的申请：其 2026-03-02 提出的申请已于 {later} 办结\n"
                           "  提示：已记录的办结日期无法更正：台账目前没有更正它的命令；申请已办结，无论办结日期为何都"
                           "不再计入提醒，`policy monitor show DS-0001` 会列出它：如果 "
                           f"{later} 有误，请在案卷中注明正确日期\n")
    assert f"2026-03-02 → 2026-04-07 (25 working days): decided {later}" in run("show", "DS-0001", "--lang",
                                                                               "en").output
    listed = run("alerts", "--today", "2026-05-01", "--kind", "overdue", "--format", "json").output
    assert "DS-0001" not in listed  # decided: in no alert, whatever the date
    assert run("close", "DS-0002", "--date", today.isoformat(), "--lang", "en").stderr == ""  # today is no typo


def test_an_application_dated_after_today_is_refused(run, registered, tmp_path):
    from engine.monitor.workdays import covered_years

    today = datetime.date.today()
    later = today + datetime.timedelta(days=9)  # a slip of the month or the day: its deadline is weeks away
    calendar = tmp_path / "holidays.yaml"  # the years the installed calendar may not cover yet
    calendar.write_text("".join(f"{year}:\n  source: the notice\n  holidays: [{year}-01-01]\n"
                                for year in range(covered_years()[1] + 1, later.year + 2)), encoding="utf-8")
    applied = run("apply", "DS-0001", "--date", later.isoformat(), "--policy", POST, "--calendar", str(calendar),
                  "--lang", "en")
    assert applied.exit_code == 2
    assert applied.stderr == (f"error: DS-0001: the application date {later.isoformat()} is after today "
                              f"({today.isoformat()}): an application is recorded once it is made; nothing was "
                              "recorded\n  help: check the year, the month and the day of `--date`. Recorded on "
                              "another day than the machine's clock says, give that day with --today D\n")
    said = run("apply", "DS-0001", "--date", later.isoformat(), "--policy", POST, "--lang", "zh")
    assert said.stderr == (f"错误：DS-0001：申请日期 {later.isoformat()} 晚于今天（{today.isoformat()}）："
                           "申请提出后才能记录；未记录任何内容\n  提示：请核对 --date 的年、月、日；"
                           "若记录的日期不是本机时钟的今天，请用 --today 日期 给出\n")
    assert count(run.db, "applications") == 0
    on_time = run("apply", "DS-0003", "--date", today.isoformat(), "--policy", POST, "--calendar", str(calendar),
                  "--lang", "en")
    assert on_time.exit_code == 0 and on_time.stderr == ""  # today is no typo
    recorded_then = run("apply", "DS-0001", "--date", later.isoformat(), "--today", later.isoformat(), "--policy",
                        POST, "--calendar", str(calendar), "--lang", "en")  # recorded on that day, as --today says
    assert recorded_then.exit_code == 0, recorded_then.output
    assert recorded_then.stderr == (f"warning: --today {later.isoformat()} is after today ({today.isoformat()}): it is "
                                    "taken as the day the application is recorded; if it is a typo, correct --today\n")
    both = run("apply", "DS-0003", "--date", (later + datetime.timedelta(days=1)).isoformat(), "--today",
               later.isoformat(), "--policy", POST, "--calendar", str(calendar), "--lang", "zh")
    assert both.exit_code == 2 and both.stderr.startswith(
        f"警告：--today {later.isoformat()} 晚于今天（{today.isoformat()}），按这一天作为记录申请的日期；"
        "若是笔误，请改正 --today\n")
    assert both.stderr.endswith("  提示：请核对 --date 和 --today 的年、月、日\n")


def test_show_of_an_id_with_a_dropped_digit_names_the_id_meant(run, registered):
    result = run("show", "DS-001", "--lang", "en")
    assert result.exit_code == 2 and "help: did you mean `DS-0001`?" in result.stderr


def test_alerts_list_overdue_and_due_soon_applications(run, tmp_path):
    applicants = [variant(h, 60000) for h in ("H-LATE", "H-SOON", "H-LATER")]  # far from every line: no alert
    assert run("ingest", str(write_jsonl(tmp_path / "a.jsonl", applicants)), "--date", "2026-01-02").exit_code == 0
    run("apply", "H-LATE", "--date", "2026-01-05")      # due 2026-02-09
    run("apply", "H-SOON", "--date", "2026-02-02")      # due 2026-03-13, over Spring Festival and its 2 Saturdays
    run("apply", "H-LATER", "--date", "2026-03-02")
    result = run("alerts", "--today", "2026-03-10", "--format", "json")
    found = {a["household"]: a for a in json.loads(result.output)["alerts"]}
    assert set(found) == {"H-LATE", "H-SOON"}
    assert found["H-LATE"]["kind"] == "overdue" and found["H-LATE"]["application"]["due"] == "2026-02-09"
    assert found["H-LATE"]["application"]["working_days_left"] < 0
    soon = found["H-SOON"]["application"]
    assert found["H-SOON"]["kind"] == "due_soon" and soon["due"] == "2026-03-13" and soon["working_days_left"] == 3
    text = run("alerts", "--today", "2026-03-10", "--lang", "en", "--kind", "overdue")
    assert "Applications overdue (1)" in text.output and "overdue by" in text.output and "H-SOON" not in text.output
    zh = run("alerts", "--today", "2026-03-10", "--lang", "zh", "--kind", "due_soon").output
    assert ("H-SOON：申请 2026-02-02，应办结 2026-03-13（25 个工作日；依据 大政发〔2024〕47号 二、3 统一认定流程 / "
            "附件4），剩余 3 个工作日") in zh
    assert (soon["source"], soon["cited"]) == ("dsz-2024-47 二、3 统一认定流程 / 附件4",
                                               "大政发〔2024〕47号 二、3 统一认定流程 / 附件4")
    weekend = {lang: run("alerts", "--today", "2026-03-14", "--lang", lang, "--kind", "overdue").output
               for lang in ("zh", "en")}  # a Saturday after its due date, a Friday: past due by no working day yet
    assert ("H-SOON：申请 2026-02-02，应办结 2026-03-13（25 个工作日；依据 大政发〔2024〕47号 二、3 统一认定流程 / "
            "附件4），已过应办结日：2026-03-13 是最近一个工作日，自下一个工作日起计逾期") in weekend["zh"]
    assert "已逾期 0" not in weekend["zh"]
    assert ("H-SOON: applied 2026-02-02, due 2026-03-13 (25 working days; source: Dashi Town Doc. [2024] No. 47 Part "
            "II.3 (unifying the identification procedure) / Annex 4), past due: 2026-03-13 was the last working day, "
            "overdue from the next one") in weekend["en"]
    # one working day is said in the singular, left or overdue (Chinese has no plural: `剩余 1 个工作日`)
    last = run("alerts", "--today", "2026-03-12", "--lang", "en", "--kind", "due_soon").output
    assert last.rstrip("\n").endswith("), left 1 working day"), last
    late = run("alerts", "--today", "2026-03-16", "--lang", "en", "--kind", "overdue").output
    assert "H-SOON: applied 2026-02-02, due 2026-03-13 (25 working days; " in late
    assert "), overdue by 1 working day\n" in late, late
    assert "剩余 1 个工作日" in run("alerts", "--today", "2026-03-12", "--lang", "zh", "--kind", "due_soon").output
    closed = run("close", "H-LATE", "--date", "2026-03-11", "--lang", "en")
    assert closed.exit_code == 0 and "(after the due date)" in closed.output
    after = json.loads(run("alerts", "--today", "2026-03-10", "--format", "json").output)
    assert [a["household"] for a in after["alerts"]] == ["H-SOON"]
    assert run("close", "H-LATE", "--date", "2026-03-12").exit_code == 2


def test_a_weekly_check_lists_the_applications_due_by_the_next_one(run, tmp_path):
    assert run("ingest", str(write_jsonl(tmp_path / "a.jsonl", [variant("H-SOON", 60000)])), "--date",
               "2026-01-02").exit_code == 0
    run("apply", "H-SOON", "--date", "2026-02-02")  # due 2026-03-13

    def listed(today: str, *more: str) -> list[str]:
        return [a["household"] for a in json.loads(run("alerts", "--today", today, "--format", "json", *more).output)[
            "alerts"]]
    assert listed("2026-03-06") == ["H-SOON"]  # due a week later: on or before today + 7
    assert listed("2026-03-05") == []
    assert listed("2026-03-12", "--due-within", "1") == ["H-SOON"]


@pytest.mark.parametrize(("args", "said"), [
    (["alerts", "--today", "2025/8/6"], "Invalid value for --today: `2025/8/6` is not a date; write `2025-08-06`"),
    (["alerts", "--since", "2025年8月6日"], "--since: `2025年8月6日` is not a date; write `2025-08-06`"),
    (["ingest", str(EXAMPLES), "--date", "2025-02-30"], "`2025-02-30` is not a date; 2025-02 has 28 days"),
    (["alerts", "--today", "soon"], "`soon` is not a date; write YYYY-MM-DD"),
])
def test_a_date_option_in_another_form_is_offered_as_written_in_a_household_file(run, args, said):
    result = run(*args, "--lang", "en")
    assert result.exit_code == 2 and said in result.stderr


def test_a_today_after_today_is_warned_of(run, tmp_path):
    assert run("ingest", str(write_jsonl(tmp_path / "a.jsonl", [variant("H-1", 60000)])), "--date",
               "2026-01-02").exit_code == 0
    today = datetime.date.today().isoformat()
    typo = run("alerts", "--today", "2062-01-01", "--lang", "en")
    assert typo.exit_code == 0
    assert typo.stderr == (f"warning: --today 2062-01-01 is after today ({today}): deadlines are measured from that "
                           "day; if it is a typo, correct --today\n")
    zh = run("alerts", "--today", "2062-01-01", "--lang", "zh")
    assert zh.stderr == f"警告：--today 2062-01-01 晚于今天（{today}），时限按这一天计算；若是笔误，请改正 --today\n"
    assert run("alerts", "--today", today, "--lang", "en").stderr == ""


def test_a_since_after_today_is_warned_of_rather_than_listing_no_change_in_silence(run, tmp_path):
    for day, income in (("2026-01-02", 60000), ("2026-02-02", 1000)):
        assert run("ingest", str(write_jsonl(tmp_path / f"{day}.jsonl", [variant("H-1", income)])), "--date",
                   day).exit_code == 0
    today = datetime.date.today().isoformat()
    typo = run("alerts", "--since", "2062-01-01", "--lang", "en")
    assert typo.exit_code == 0 and "H-1" not in typo.stdout
    assert typo.stderr == (f"warning: --since 2062-01-01 is after today ({today}): only the households whose latest "
                           "snapshot is dated on or after it are listed, those dated after today alone; if it is a "
                           "typo, correct --since\n")
    zh = run("alerts", "--since", "2062-01-01", "--lang", "zh")
    assert zh.stderr == (f"警告：--since 2062-01-01 晚于今天（{today}），只列出最近一次快照在这一天或之后的家庭，"
                         "也就只剩日期晚于今天的快照；若是笔误，请改正 --since\n")
    assert run("alerts", "--since", "2026-01-01", "--lang", "en").stderr == ""


def weekdays_after(start: datetime.date, days: int) -> datetime.date:
    """The `days`-th working day after `start`, the installed calendar's days, weekdays after its last year."""
    import chinese_calendar

    day = start
    while days:
        day += datetime.timedelta(days=1)
        try:
            days -= chinese_calendar.is_workday(day)
        except NotImplementedError:
            days -= day.weekday() < 5
    return day


def test_apply_past_the_calendar_counts_the_weekdays_and_says_the_due_date_may_move(run, registered, tmp_path,
                                                                                    monkeypatch):
    from engine.monitor.workdays import covered_years

    last = covered_years()[1]
    late = ("--date", f"{last}-12-20", "--today", f"{last}-12-31")  # applied and recorded late in its last year
    counted = weekdays_after(datetime.date(last, 12, 20), 25).isoformat()
    result = run("apply", "DS-0001", *late, "--policy", POST, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"decision due by {counted} (25 working days under post-transition; source: " in result.stdout
    assert (f"warning: DS-0001: the due date {counted} is counted on the weekdays of {last + 1}: the working-day "
            f"calendar does not cover {last + 1} yet; it may move once the State Council publishes the holidays of "
            f"{last + 1}: then update with `pip install -U chinese-calendar`, or give the published days with "
            "--calendar FILE (see docs/monitor.md), and `policy monitor alerts` counts it again\n") in result.stderr
    assert "error" not in result.stderr
    calendar = tmp_path / "holidays.yaml"  # published since: New Year's Day and the Monday after it off
    calendar.write_text(f"{last + 1}:\n  source: the notice\n  holidays: [{last + 1}-01-01, {last + 1}-01-04]\n",
                        encoding="utf-8")
    published = run("apply", "DS-0002", *late, "--policy", POST, "--calendar", str(calendar),
                    "--lang", "en")
    assert published.exit_code == 0 and "weekdays" not in published.stderr  # nothing counted on weekdays alone

    def due(*calendar_given: str) -> dict[str, str]:
        listed = json.loads(run("alerts", "--today", f"{last}-12-21", "--due-within", "60", "--kind", "due_soon",
                                "--format", "json", *calendar_given).stdout)["alerts"]
        return {a["household"]: a["application"]["due"] for a in listed}
    assert due()["DS-0001"] == counted   # no calendar yet: as recorded
    assert due("--calendar", str(calendar))["DS-0001"] == due()["DS-0002"] > counted   # counted again, later


def test_apply_on_a_date_no_calendar_can_count_is_refused(run, registered):
    before = run("apply", "DS-0001", "--date", "1999-03-01", "--policy", POST, "--lang", "en")
    assert before.exit_code == 2 and before.stderr.startswith("error: the working-day calendar begins in 2004: it has "
                                                              "no working days of 1999\n  help: check the year")


def test_apply_past_the_calendar_takes_the_published_days_from_a_calendar_file(run, registered, tmp_path,
                                                                                 monkeypatch):
    from engine.monitor.workdays import covered_years

    last = covered_years()[1]
    late = ("--date", f"{last}-12-20", "--today", f"{last}-12-31")  # applied and recorded late in its last year
    calendar = tmp_path / "holidays.yaml"
    calendar.write_text(f"{last + 1}:\n  source: the notice\n  holidays: [{last + 1}-01-01]\n", encoding="utf-8")
    result = run("apply", "DS-0001", *late, "--policy", POST, "--calendar", calendar,
                 "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"decision due by {last + 1}-01-" in result.output
    monkeypatch.setenv("POLICY_CALENDAR", str(calendar))   # once for every command
    assert run("apply", "DS-0002", *late, "--policy", POST).exit_code == 0
    due = {a["household"]: a["application"] for a in json.loads(
        run("alerts", "--today", f"{last + 1}-01-04", "--due-within", "40", "--kind", "due_soon", "--kind", "overdue",
            "--format", "json").stdout)["alerts"]}
    assert due["DS-0001"]["due"] == due["DS-0002"]["due"] and due["DS-0001"]["working_days_left"] is not None
    monkeypatch.delenv("POLICY_CALENDAR")  # the days left are not known without it: said in the same brackets
    text = run("alerts", "--today", f"{last + 1}-01-04", "--due-within", "40", "--lang", "en").output
    assert f"DS-0001: applied {last}-12-20, due {due['DS-0001']['due']} (25 working days; calendar not covered: " \
           "working days unknown; source: Dashi Town Doc. [2024] No. 47 Part II.3 (unifying the identification " \
           "procedure) / Annex 4)\n" in text
    zh = run("alerts", "--today", f"{last + 1}-01-04", "--due-within", "40", "--lang", "zh").output
    assert "（25 个工作日；日历未覆盖，无法计算工作日；依据 大政发〔2024〕47号 二、3 统一认定流程 / 附件4）\n" in zh
    monkeypatch.setenv("POLICY_CALENDAR", str(calendar))
    calendar.write_text(f"{last + 1}:\n  holidays: [{last + 1}-01-01]\n", encoding="utf-8")
    broken = run("apply", "DS-0003", "--date", f"{last}-12-20", "--policy", POST, "--lang", "en")
    assert broken.exit_code == 2
    assert f"holidays.yaml:1:1: error[L009]: {last + 1} names no `source`" in broken.output
    assert "Traceback" not in broken.output
    assert "note: this calendar file is the one $POLICY_CALENDAR names" in broken.output  # the user typed none


def test_a_register_path_from_the_environment_is_said_to_come_from_it(run, tmp_path, monkeypatch):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, " * 50)
    monkeypatch.setenv("POLICY_REGISTER", str(junk))
    result = run("alerts", "--today", "2026-03-01", "--lang", "en", with_db=False)
    assert result.exit_code == 2
    assert "help: give the register with `--db`: this file is not one (this path comes from $POLICY_REGISTER)" \
        in result.output
    assert glued_options(result.output) == [], result.output  # --db copied without the colon after it
    nowhere = tmp_path / "nowhere" / "r.db"
    monkeypatch.setenv("POLICY_REGISTER", str(nowhere))
    result = run("alerts", "--today", "2026-03-01", "--lang", "en", with_db=False)
    assert result.exit_code == 2
    assert f"error: {nowhere}: no register here\n" in result.output
    assert "(this path comes from $POLICY_REGISTER)" in result.output
    made = run("ingest", str(EXAMPLES), "--lang", "en", with_db=False)  # where a register would be made
    assert made.exit_code == 2
    assert "Invalid value for '--db' (from $POLICY_REGISTER): there is no folder" in made.output
    typed = run("ingest", str(EXAMPLES), "--lang", "en", "--db", str(nowhere), with_db=False)
    assert "Invalid value for '--db': there is no folder" in typed.output


@pytest.mark.parametrize(("op", "value", "line", "expected"), [
    ("<", "6120", "6120", "0"),          # on the line: fails by nothing
    ("<", "6426", "6120", "0.05"),       # 5 % above a `below` line
    ("<", "6000", "6120", None),         # holds
    ("<=", "6120", "6120", None),
    (">", "17100", "18000", "0.05"),     # 5 % short of an `above` line
    (">=", "18000", "18000", None),
    ("<", "10", "0", None),              # no relative distance to a zero line
])
def test_gap_is_relative_to_the_line_and_only_for_failing_clauses(op, value, line, expected):
    from decimal import Decimal

    from engine.monitor.thresholds import gap

    got = gap(op, Decimal(value), Decimal(line))
    assert (None if got is None else got.normalize()) == (None if expected is None else Decimal(expected).normalize())


# -- hostile input -----------------------------------------------------------------------


def test_reading_an_empty_file_as_a_register_refuses_it_and_leaves_it_empty(run, tmp_path):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    for args in (["alerts"], ["show", "DS-0001"], ["close", "DS-0001", "--date", "2026-03-02"]):
        result = run(*args, "--db", str(empty), "--lang", "en", with_db=False)
        assert result.exit_code == 2, args
        assert f"{empty}: an empty file, not a register" in result.stderr, args
    assert empty.stat().st_size == 0


def test_alerts_with_impossible_figures_are_usage_errors_not_tracebacks(run, two_months):
    for margin in ("NaN", "Infinity%", "sNaN"):
        result = run("alerts", "--margin", margin, "--lang", "en")
        assert result.exit_code == 2 and f"`{margin}` is not a margin" in result.stderr, margin
    forgot = run("alerts", "--margin", "5", "--lang", "en")  # a percentage without its %: not read as 500%
    assert forgot.exit_code == 2 and "`5` would be 500%; write `5%` (or 0.05 as a fraction)" in forgot.stderr
    forgot = run("alerts", "--margin", "5", "--lang", "zh")
    assert forgot.exit_code == 2 and "`5` 会被当作 500%：请写成 `5%`（或写成小数 0.05）" in forgot.stderr
    assert "not between 0% and 100%" in run("alerts", "--margin", "150%", "--lang", "en").stderr
    assert run("alerts", "--today", "9999-12-31").exit_code == 0
    assert run("alerts", "--due-within", "99999999999").exit_code == 0
    register = run("alerts", "-o", run.db, "--lang", "en")
    assert register.exit_code == 2 and "is also an input of this command" in register.stderr


def test_alerts_that_cannot_be_written_are_an_error_not_a_traceback(run, two_months, monkeypatch):
    import cli.monitor_common

    def refused(*_: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(cli.monitor_common, "write_atomically", refused)
    result = run("alerts", "-o", "alerts.txt", "--lang", "en")
    assert result.exit_code == 2
    assert "error: alerts.txt: cannot write the alerts: Permission denied" in result.stderr


@pytest.mark.parametrize(("error", "en", "zh"), [
    (PermissionError(errno.EACCES, "Permission denied"),
     "give a file in a folder you may write, with a shorter name if the name is too long",
     "请给出一个可以写入的文件夹中的文件，名字太长时请改短"),
    (IsADirectoryError(errno.EISDIR, "Is a directory"),  # made a folder after `-o` was checked
     "give a file in a folder you may write, with a shorter name if the name is too long",
     "请给出一个可以写入的文件夹中的文件，名字太长时请改短"),
    (OSError(errno.ENOSPC, "No space left on device"),
     "free some disk space, or write the output somewhere else", "请腾出磁盘空间，或把输出写到别处"),
], ids=["read-only folder", "a folder", "full disk"])
def test_alerts_that_cannot_be_written_are_told_where_to_write_them_as_other_outputs_are(run, two_months, monkeypatch,
                                                                                        error, en, zh):
    """`alerts -o FILE` refused by the system said why with no help line; it is given the help `policy batch
    --summary` (or any command, on a full disk) gives for an output it cannot write."""
    import cli.monitor_common

    def refused(*_: object) -> None:
        raise error

    monkeypatch.setattr(cli.monitor_common, "write_atomically", refused)
    english, chinese = (run("alerts", "-o", "alerts.txt", "--lang", lang) for lang in ("en", "zh"))
    assert english.exit_code == chinese.exit_code == 2
    assert english.stderr.endswith(f"cannot write the alerts: {error.strerror}\n  help: {en}\n"), english.stderr
    assert chinese.stderr.startswith("错误：无法写入提醒文件 alerts.txt："), chinese.stderr
    assert chinese.stderr.endswith(f"\n  提示：{zh}\n"), chinese.stderr


def test_alerts_to_a_file_already_there_replace_it_whole(run, two_months, tmp_path):
    """As docs/monitor.md says of `-o FILE`: last month's export, longer, is replaced, not appended to nor left with
    its tail, and not refused either (its help promises no more)."""
    out = tmp_path / "alerts.csv"
    out.write_text("last month's export\n" * 2000, encoding="utf-8")
    assert run("alerts", "--format", "csv", "-o", str(out), "--margin", "0%", "--lang", "en").exit_code == 0
    written = out.read_text(encoding="utf-8-sig")
    assert written.startswith("kind,household,date") and "last month" not in written, written[-200:]
    helped = run("alerts", "--help", "--lang", "en").output
    assert "-o, --output OUTPUT" in helped and not any(w in helped for w in ("overwrit", "append", "kept")), helped


def test_alerts_to_a_file_the_system_refuses_say_how_to_write_them(run, two_months, tmp_path):
    """The same, not faked: a name too long for the file system (a folder root may write anyway), refused as `-o`
    is checked, before the register is read."""
    result = run("alerts", "-o", str(tmp_path / ("a" * 300 + ".txt")), "--lang", "en")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.endswith("'-o' / '--output': the name `aaaaaaaaaaaa…` is 304 bytes long, more than the 255 a "
                                  "file or folder name may be; give a shorter file or folder name\n"), result.stderr
    said = run("alerts", "-o", str(tmp_path / ("a" * 300 + ".txt")), "--lang", "zh").stderr  # not the system's English
    assert said.endswith("：名字 `aaaaaaaaaaaa…` 长 304 字节，超过了文件名或文件夹名最多 255 字节的限制：请改用短一些的"
                         "文件名或文件夹名\n"), said


def test_apply_on_the_last_day_of_the_calendar_is_a_clear_error(run, registered):
    result = run("apply", "DS-0001", "--date", "9999-12-31", "--policy", POST, "--today", "9999-12-31", "--lang", "en")
    assert result.exit_code == 2
    assert result.stderr.startswith("warning: --today 9999-12-31 is after today")  # and the day is a typo all the same
    assert result.stderr.endswith("error: the application date 9999-12-31 leaves no day to be due on: 25 working days "
                                  "after it are past 9999-12-31\n  help: check the year of --date\n")


def test_ctrl_c_during_ingest_says_what_is_recorded_and_how_to_continue(run, tmp_path, monkeypatch):
    import engine.monitor.ingest as ingest

    first = write_jsonl(tmp_path / "a.jsonl", [variant("H-1", 10360)])
    second = write_jsonl(tmp_path / "b.jsonl", [variant("H-2", 10360)])
    real = ingest.ingest_file

    def interrupt_the_second(register, name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == str(second):
            raise KeyboardInterrupt
        return real(register, name, *args, **kwargs)

    monkeypatch.setattr(ingest, "ingest_file", interrupt_the_second)
    result = run("ingest", str(first), str(second), "--date", "2026-02-01", "--lang", "en")
    assert result.exit_code == 130
    assert f"interrupted: nothing of {second} was recorded (the 1 file before it is recorded)" in result.stderr
    assert "run the same command again to continue" in result.stderr
    assert count(run.db) == 1
    chinese = run("ingest", str(first), str(second), "--date", "2026-02-01", "--lang", "zh")
    assert f"已中断：{second} 的内容一条也没有记录（此前的 1 个文件已记录）；再运行同一条命令即可继续" in chinese.stderr
    assert untranslated(chinese.output) == []


# -- the language of --lang ----------------------------------------------------------------


def untranslated(output: str) -> list[str]:
    """The lines of `output` with no Chinese in them: left in English (a quoted source line and its underline,
    `  3 | 2027:`, aside)."""
    return [line for line in output.splitlines()
            if line.strip() and not re.search(r"[\u4e00-\u9fff]", line) and not re.match(r"\s+\d* \|", line)]


@pytest.fixture(params=["--lang zh", "the locale"])
def in_chinese(request, run, monkeypatch):
    """`run` with Chinese asked for: by --lang zh, or by a C.UTF-8 locale (the default is Chinese)."""
    if request.param == "the locale":
        for variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", "C.UTF-8")

    def invoke(*args: str, **kwargs: Any):
        more = ["--lang", "zh"] if request.param == "--lang zh" else []
        return run(*args, *more, **kwargs)
    invoke.db = run.db  # type: ignore[attr-defined]
    return invoke


def test_ingest_and_reassess_say_everything_in_chinese(in_chinese, tmp_path):
    run, db = in_chinese, in_chinese.db
    files = len(list(EXAMPLES.glob("*.json")))
    first = run("ingest", str(EXAMPLES), "--policy", TRANSITION, "--what-if")
    assert first.exit_code == 0, first.output
    assert f"导入 #1–#{files}（{files} 个文件）：记录 {files} 条快照，0 条此前已记录，跳过 0 条错误记录 — 用时 " \
        in first.stderr
    assert f"监测台账：{db}（新建：这个路径原来没有台账；若要记入已有的台账，请检查 --db 给出的路径）" in first.stderr
    broken = write_jsonl(tmp_path / "broken.jsonl", [variant("H-1", 10360)])
    with broken.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "H-broken"\n')
    strict = run("ingest", str(broken), "--date", "2026-03-01", "--strict")
    assert f"{broken}: 未记录任何快照（严格模式：{broken}:2 处有错误记录）；台账没有改动" in strict.stderr
    skipped = run("ingest", str(broken), "--date", "2026-03-01")
    assert f"（{broken}）：记录 1 条快照（台账中新增 1 户），0 条此前已记录，跳过 1 条错误记录" in skipped.stderr
    assert f"监测台账：{db}（查看变化：policy monitor alerts）" in skipped.stderr
    missing = run("ingest", str(tmp_path / "nowhere.jsonl"))
    assert missing.exit_code == 2 and f"错误：没有文件或文件夹 {tmp_path / 'nowhere.jsonl'}" in missing.stderr
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    folder = run("ingest", str(tmp_path), "--date", "2026-03-01")
    assert f"注意：{tmp_path} 中另有 2 项未读取（只读取 .json 和 .jsonl 文件，压缩与否均可）：" in folder.stderr
    dry = run("reassess", "--policy", POST, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"按 post-transition 重新认定 {files + 1} 户：将记录 {files} 条快照（试运行：未写入任何内容），" \
           "1 条此前已记录，0 户无法重新认定 — 用时 " in dry.stderr  # H-1, dated in force: as ingested
    early = run("reassess", "--policy", POST, "--date", "2020-01-01")
    assert early.exit_code == 2
    assert f"注意：{POST} 的施行期为 2026-01-01 – …，不含 2020-01-01；按假设情形适用" in early.stderr
    assert f"按 post-transition 重新认定 {files + 1} 户：记录 0 条快照，0 条此前已记录，{files + 1} 户无法重新认定" \
           "（见上文） — 用时 " in early.stderr
    for result in (first, strict, skipped, missing, folder, dry, early):
        assert untranslated(result.output) == [], result.output


def test_apply_and_close_say_everything_in_chinese(in_chinese, registered, tmp_path):
    run, db = in_chinese, in_chinese.db
    applied = run("apply", "DS-0001", "--date", "2025-09-26", "--policy", TRANSITION)
    assert applied.exit_code == 0, applied.output
    assert applied.stdout == ("DS-0001：已记录 2025-09-26 提出的申请；应于 2025-11-06 前办结（按 2024-transition 为 "
                              "25 个工作日；依据 大政发〔2024〕47号 二、3 统一认定流程 / 附件4）\n")
    special = run("apply", "DS-0002", "--date", "2026-02-13", "--special")
    assert "应于 2026-04-17 前办结（特殊情况，按 post-transition 为 40 个工作日；依据 " in special.stdout
    again = run("apply", "DS-0001", "--date", "2025-09-30")
    assert again.stderr == ("错误：家庭 DS-0001 已有一份 2025-09-26 提出、尚未办结的申请（应于 2025-11-06 前办结）\n"
                            "  提示：请先用 `policy monitor close DS-0001 --date 日期` 记录它的办结。"
                            "如果它是误录的，请作废它："
                            "`policy monitor void DS-0001 --date 2025-09-26 --application --reason 原因`\n")
    slip = run("apply", "DS-0O01", "--date", "2026-03-02")
    assert slip.stderr == (f"错误：{db} 中没有家庭 `DS-0O01` 的快照\n"
                           "  提示：是否应为 `DS-0001`？若 `DS-0O01` 是在首次记录快照之前申请的，请加 --new\n")
    new = run("apply", "XY-1", "--date", "2026-03-02", "--new")
    assert new.exit_code == 0 and new.stderr == "注意：台账中还没有家庭 XY-1 的快照\n"
    from engine.monitor.workdays import covered_years

    last = covered_years()[1]
    uncovered = run("apply", "DS-0003", "--date", f"{last}-12-20", "--policy", POST, "--today", f"{last}-12-31")
    assert uncovered.exit_code == 0 and f"警告：DS-0003：应办结日期 {last + 1}-" in uncovered.stderr
    assert f"按 {last + 1} 年的周一至周五计算：工作日历还没有 {last + 1} 年的安排" in uncovered.stderr
    assert "请用 `pip install -U chinese-calendar` 更新" in uncovered.stderr
    calendar = tmp_path / "holidays.yaml"
    calendar.write_text(f"{last + 1}:\n  holidays: [{last + 1}-01-01]\n", encoding="utf-8")
    unsourced = run("apply", "DS-0003", "--calendar", str(calendar), "--date", f"{last}-12-20", "--policy", POST,
                    "--today", f"{last}-12-31")
    assert f"错误[L009]: {last + 1} 年没有写明出处 `source`" in unsourced.stderr  # --lang after --calendar too
    before = run("close", "DS-0001", "--date", "2025-09-01")
    assert before.stderr == ("错误：办结日期 2025-09-01 早于申请日期 2025-09-26\n"
                             "  提示：请核对 --date 给出的日期。如果录错的是申请日期 2025-09-26，请作废这份申请，"
                             "再按正确日期重新记录；作废用：`policy monitor void DS-0001 --date 2025-09-26 "
                             "--application --reason 原因`\n")
    closed = run("close", "DS-0001", "--date", "2025-12-20")
    assert closed.stdout == "DS-0001：2025-09-26 提出的申请已于 2025-12-20 办结（晚于应办结日期）\n"
    assert run("close", "XY-1", "--date", "2026-03-05").exit_code == 0
    twice = run("close", "XY-1", "--date", "2026-03-05")
    assert twice.stderr.startswith("错误：家庭 XY-1 没有尚未办结的申请：其 2026-03-02 提出的申请已于 2026-03-05 办结\n"
                                   "  提示：已记录的办结日期无法更正")
    never = run("close", "DS-0010", "--date", "2026-03-05")
    assert never.stderr == ("错误：家庭 DS-0010 没有尚未办结的申请\n"
                            "  提示：记录申请请用：`policy monitor apply DS-0010 --date 日期`\n")
    unknown = run("close", "XY-2", "--date", "2026-03-05")  # not an `apply` that would be refused for it
    assert unknown.stderr == (f"错误：{db} 中家庭 `XY-2` 没有尚未办结的申请\n"
                              "  提示：请核对编号：台账中有 28 户有快照，另有 1 户只有申请，编号的写法如 `DS-0001`\n")
    meant = run("close", "DS-002", "--date", "2026-03-05")
    assert meant.stderr == f"错误：{db} 中家庭 `DS-002` 没有尚未办结的申请\n  提示：是否应为 `DS-0002`？\n"
    nowhere = tmp_path / "none.sqlite3"
    for command in (["apply", "DS-0001", "--date", "2026-03-02"], ["close", "DS-0001", "--date", "2026-03-02"]):
        refused = run(*command, "--db", str(nowhere), with_db=False)
        assert refused.stderr == (f"错误：{nowhere}：这里没有监测台账\n"
                                  "  提示：请先用 `policy monitor ingest 文件` 记录家庭，或用 --db 文件 指定台账\n")
    for result in (applied, special, again, slip, new, uncovered, unsourced, before, closed, twice, never, meant,
                   refused):
        assert untranslated(result.output) == [], result.output


def test_a_category_of_several_members_names_them_as_a_list_is_said() -> None:
    from engine.monitor.reasons import category_named

    tekun = {"id": "tekun", "label": "person in extreme poverty"}
    assert category_named(tekun, "en", members=["p1", "p2", "p3"]) == \
        "person in extreme poverty (tekun, members p1, p2 and p3)"
    assert category_named(tekun, "en", members=["p1"]) == "person in extreme poverty (tekun, member p1)"
    assert category_named({**tekun, "label": "特困人员"}, "zh", members=["p1", "p2", "p3"]) == \
        "特困人员（tekun，成员 p1、p2、p3）"


def test_show_names_categories_as_the_explanation_does_and_json_keeps_ids(run, tmp_path):
    orphans = EXAMPLES / "DS-0025-orphan-and-grandmother.json"
    assert run("ingest", str(orphans), "--policy", TRANSITION, "--what-if").exit_code == 0
    # a member's category said once, its members in the bracket of its id (never `（tekun）（p1）`)
    named = {"zh": "最低生活保障对象（dibao）、防止返贫监测对象（monitoring）、特困人员（tekun，成员 p1、p2）",
             "en": "minimum living guarantee (dibao) household, household monitored against returning to poverty "
                   "(monitoring), person in extreme poverty (tekun, members p1 and p2)"}
    for lang, categories in named.items():
        shown = run("show", "DS-0025", "--lang", lang)
        assert shown.exit_code == 0, shown.output
        assert categories in shown.output
        explained = CliRunner().invoke(cli, ["eval", str(orphans), "--explain", "--lang", lang,
                                             "--policy", TRANSITION]).output
        without_members = re.sub(r"[，,] members? [^）)]*", "", categories.replace("，成员 p1、p2", ""))
        for name in re.split("、|, (?=[a-z])", without_members):  # each named as the explanation heads its category
            assert name.strip() in explained, name
    header, row = run("show", "DS-0025", "--lang", "zh").output.splitlines()[1:3]
    from engine.diagnostics import display_width

    # columns line up in a terminal, where each Chinese character takes two
    assert display_width(header[:header.index("来源")]) == display_width(row[:row.index("导入 #1")])
    markdown = run("show", "DS-0025", "--lang", "zh", "--format", "markdown").output
    assert ("| 最低生活保障对象（`dibao`）、防止返贫监测对象（`monitoring`）、"
            "特困人员（`tekun`，成员 `p1`、`p2`） |") in markdown
    machine = json.loads(run("show", "DS-0025", "--format", "json").output)
    assert machine["snapshots"][0]["status"] == ["dibao", "monitoring", "p1:tekun", "p2:tekun"]


def test_show_and_alerts_name_everything_in_chinese_and_categories_alike(run, two_months, tmp_path):
    # alerts name categories as show does: the label, the id and the member, in full-width brackets
    said = run("alerts", "--lang", "zh", "--margin", "5%").output
    assert "H-START：2026-02-01 → 2026-03-01：无 → 低保边缘家庭成员（dibao_marginal）\n" in said, said
    assert "低保边缘家庭成员（dibao_marginal）  导入 #2" in run("show", "H-START", "--lang", "zh").output
    near = [line for line in said.splitlines() if "差距" in line]
    assert near and all(", " not in line and ": " not in line and "，标准 " in line for line in near), near
    assert "接近认定标准：安排走访（" in said and " (" not in said
    assert run("reassess", "--policy", POST, "--date", "2026-04-01").exit_code == 0
    shown = run("show", "H-MOVE", "--lang", "zh").output
    rows = shown.splitlines()[2:5]
    by = [re.split(" {2,}", r.strip())[4] for r in rows]  # what recorded each snapshot
    assert by[:2] == ["导入 #1", "导入 #2"] and re.fullmatch(r"重新认定 #\d+", by[2]), shown
    assert re.search(r"  H-MOVE 的第 \d+ 号快照$", rows[2]), shown
    assert "ingest" not in shown and "reassess" not in shown and "snapshot #" not in shown
    english = run("show", "H-MOVE", "--lang", "en").output
    assert re.search(r"  reassessment #\d+ +snapshot #\d+ of H-MOVE\n", english), english
    # a file that is not a register is said so in Chinese, without SQLite's English words
    other = tmp_path / "s2000.jsonl"
    other.write_text('{"id": "H-1"}\n' * 200, encoding="utf-8")
    refused = run("alerts", "--db", str(other), "--lang", "zh", with_db=False)
    assert refused.exit_code == 2 and f"错误：{other} 不是政策监测台账（不是数据库文件）" in refused.output
    assert untranslated(refused.output) == [] and "database" not in refused.output


def test_ingest_refuses_a_register_named_as_a_household_file_in_the_folder_it_reads(run, tmp_path, monkeypatch):
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "a.json").write_bytes((ROOT / "examples" / "households" / "DS-0001-dibao-widow.json").read_bytes())
    register = folder / "register.json"
    result = run("ingest", str(folder), "--db", str(register), "--lang", "en", with_db=False)
    assert result.exit_code == 2 and f"Invalid value for '--db': {register} is in {folder}, the folder this " \
        "command reads households from: the next run would read it as households" in result.stderr
    assert not register.exists()
    monkeypatch.setenv("POLICY_REGISTER", str(register))
    result = run("ingest", str(folder), "--lang", "en", with_db=False)
    assert result.exit_code == 2 and "Invalid value for '--db' (from $POLICY_REGISTER): " in result.stderr
    kept = folder / "register.sqlite3"  # a name a folder's reading passes over
    assert run("ingest", str(folder), "--db", str(kept), "--date", "2026-03-01", with_db=False).exit_code == 0
    assert count(str(kept)) == 1


def test_the_void_an_h007_help_gives_quotes_the_id_as_a_shell_reads_it():
    from engine.monitor.one_record_per_date import _correction_help

    assert "`policy monitor void 'DS 0001' --date 2026-03-02 --reason '…'`" in _correction_help("DS 0001",
                                                                                             "2026-03-02").en


def test_show_in_markdown_lists_the_applications_as_a_list(run, two_months):
    assert run("apply", "H-MOVE", "--date", "2026-03-02").exit_code == 0
    markdown = run("show", "H-MOVE", "--format", "markdown", "--lang", "en").output
    assert "\n\n### Applications\n\n- 2026-03-02 → 2026-04-07 (25 working days): undecided\n\n(add" in markdown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_command_a_help_gives_quotes_the_household_s_id_as_the_void_does(run, tmp_path, lang):
    """A second application's help wrote `policy monitor close H_0*1* --date D`, which a shell globs, beside
    `policy monitor void 'H_0*1*' …`, quoted; `close` with no application, `policy monitor apply H_0*1* --date D`:
    each command quotes such an id as the void does, and pasted gives it whole; an id no shell changes stays bare."""
    months = write_jsonl(tmp_path / "2026-02.jsonl", [variant("H_0*1*", 10360), variant("H-1", 10360)])
    assert run("ingest", str(months), "--date", "2026-02-01").exit_code == 0
    assert run("apply", "H_0*1*", "--date", "2026-03-02").exit_code == 0
    again = run("apply", "H_0*1*", "--date", "2026-03-03", "--lang", lang)
    assert again.exit_code == 2
    helped, date = again.stderr.splitlines()[-1], "日期" if lang == "zh" else "D"  # as the help of `--date` says it
    assert f"policy monitor close 'H_0*1*' --date {date}" in helped, helped
    assert "policy monitor void 'H_0*1*' --date 2026-03-02 --application" in helped, helped
    assert "H_0*1* " not in helped, helped  # no id bare
    assert run("void", "H_0*1*", "--date", "2026-03-02", "--application", "--reason", "typed twice").exit_code == 0
    closed = run("close", "H_0*1*", "--date", "2026-03-04", "--lang", lang)
    assert closed.exit_code == 2, closed.stderr
    assert closed.stderr.endswith(f"`policy monitor apply 'H_0*1*' --date {date}`\n"), closed.stderr
    command = shlex.split(closed.stderr.rpartition("：" if lang == "zh" else ": ")[2].strip().strip("`"))
    assert command == ["policy", "monitor", "apply", "H_0*1*", "--date", date]
    plain = run("close", "H-1", "--date", "2026-03-04", "--lang", lang)
    assert plain.stderr.endswith(f"`policy monitor apply H-1 --date {date}`\n"), plain.stderr


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_apply_command_given_for_an_id_written_otherwise_is_code_that_pastes_whole(run, tmp_path, lang):
    """`apply` of a household's id written with another case gave `policy monitor apply K(2) --date …` as plain text,
    not as code as every other command a monitor help gives, and so not to be copied as it stands."""
    assert run("ingest", str(write_jsonl(tmp_path / "k.jsonl", [variant("K(2)", 10360)])), "--date",
               "2026-02-01").exit_code == 0
    slip = run("apply", "k(2)", "--date", "2026-03-04", "--special", "--new", "--lang", lang)
    assert slip.exit_code == 2, slip.stderr
    assert slip.stderr.endswith("`policy monitor apply 'K(2)' --date 2026-03-04 --special`\n"), slip.stderr
    command = shlex.split(slip.stderr.rpartition("：" if lang == "zh" else ": ")[2].strip().strip("`"))
    assert command == ["policy", "monitor", "apply", "K(2)", "--date", "2026-03-04", "--special"]


def test_alerts_and_ingest_lines_quote_an_id_holding_a_line_break_on_one_line(run, tmp_path):
    """A household whose id was read from `"C:\\nMOVE"` was alerted as `C:` on one line and `MOVE: 2026-02-01 → …`
    on the next, and a bad record's ingest line the same way: each id is quoted as JSON writes it; the JSON alerts
    keep the id as it is."""
    import markdown

    feb = write_jsonl(tmp_path / "feb.jsonl", [variant("C:\nMOVE", 10360), variant("C:\nBAD", 10360, members="x")])
    mar = write_jsonl(tmp_path / "mar.jsonl", [variant("C:\nMOVE", 7000)])
    ingest = run("ingest", str(feb), "--date", "2026-02-01", "--lang", "en")
    assert 'household "C:\\nBAD": "x" is not a list' in ingest.stderr, ingest.stderr
    run("ingest", str(mar), "--date", "2026-03-01")
    alerts = run("alerts", "--lang", "en", "--today", "2026-03-02").stdout
    assert '  "C:\\nMOVE": 2026-02-01 → 2026-03-01' in alerts and "C:\n" not in alerts, alerts
    html = markdown.markdown(run("alerts", "--format", "markdown", "--lang", "en", "--today", "2026-03-02").stdout)
    assert '<strong>"C:\\nMOVE"</strong>: 2026-02-01 → 2026-03-01' in html and "C:\n" not in html, html
    listed = json.loads(run("alerts", "--format", "json", "--today", "2026-03-02").stdout)
    assert [alert["household"] for alert in listed["alerts"]] == ["C:\nMOVE"]


def test_a_policy_in_a_folder_with_spaces_is_set_apart_in_the_monitor_s_sentences(run, tmp_path):
    """`/tmp/my policies/post.yaml has changed since …`, `no policy files in /tmp/my policies`: the folder's space ran
    into the sentence's words. Each path is set apart in backticks, as `policy eval` and `policy batch` set it."""
    folder = tmp_path / "my policies"
    folder.mkdir()
    for lang, said in (("en", f"error: no policy files in `{folder}`\n"), ("zh", f"错误：`{folder}` 中没有政策文件\n")):
        empty = run("ingest", str(EXAMPLES / "DS-0001-dibao-widow.json"), "--policy-dir", str(folder), "--lang", lang)
        assert empty.exit_code == 2 and empty.stderr.startswith(said), empty.stderr
    plain = _post_changed(folder, "no-special", "  special_case_working_days: 40\n", "")
    assert run("ingest", str(EXAMPLES / "DS-0001-dibao-widow.json"), "--policy", str(plain), "--what-if").exit_code == 0
    for lang, said in (("en", f"error: `{plain}` sets no limit for special cases"),
                       ("zh", f"错误：`{plain}` 没有规定特殊情况的期限")):
        refused = run("apply", "DS-0001", "--date", "2026-03-05", "--policy", str(plain), "--special", "--lang", lang)
        assert refused.exit_code == 2 and refused.stderr.startswith(said), refused.stderr
    for lang, said in (("en", f"note: `{plain}` is in force 2026-01-01 – …, not on 2020-01-01; applied as a what-if"),
                       ("zh", f"注意：`{plain}` 的施行期为 2026-01-01 – …，不含 2020-01-01；按假设情形适用")):
        early = run("reassess", "--policy", str(plain), "--date", "2020-01-01", "--dry-run", "--lang", lang)
        assert said in early.stderr, early.stderr
    plain.write_bytes(plain.read_bytes().replace(b"value: 510 yuan/month", b"value: 530 yuan/month"))
    for lang, said in (("en", f"warning: `{plain}` has changed since this decision was made"),
                       ("zh", f"`{plain}` 在这次认定之后改动过")):
        assert said in run("show", "DS-0001", "--explain", "--lang", lang).output
    plain.unlink()
    for lang, said in (("en", f"`{plain}` is no longer there"), ("zh", f"`{plain}` 已不在原处")):
        assert said in run("show", "DS-0001", "--explain", "--lang", lang).output


def test_a_register_in_a_folder_with_spaces_is_set_apart_where_apply_finds_no_version_in_force(run, tmp_path,
                                                                                                monkeypatch):
    """`no policy version kept in /tmp/my desk/register.sqlite3 is in force on …`: the folder's space ran into the
    sentence's words. The register is set apart in backticks."""
    (tmp_path / "my desk").mkdir()
    db = str(tmp_path / "my desk" / "register.sqlite3")
    assert run("ingest", str(EXAMPLES / "DS-0001-dibao-widow.json"), "--policy", POST, "--what-if", "--db", db,
               with_db=False).exit_code == 0
    monkeypatch.chdir(tmp_path / "my desk")  # no policy/ folder here: the limit is looked for in the register
    for lang, said in (("en", f"error: no policy version kept in `{db}` is in force on 2025-09-26"),
                       ("zh", f"错误：`{db}` 中保存的政策版本没有一个在 2025-09-26 生效")):
        none = run("apply", "DS-0001", "--date", "2025-09-26", "--lang", lang, "--db", db, with_db=False)
        assert none.exit_code == 2 and none.stderr.startswith(said), none.stderr
