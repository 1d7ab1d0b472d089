"""`policy batch` in a pipeline: households from standard input (INPUT `-`), decisions to standard
output (`-o -`)."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zipfile
from io import BytesIO

import pytest

from tests.helpers import ROOT
from tests.test_batch import DAY, lines, sample, write_jsonl

COMMON = ["--date", DAY, "-j", 2, "--chunk-size", 70]


def test_households_piped_in_give_the_decisions_of_the_file_plain_or_compressed(run, tmp_path):
    items = sample(300, seed=21)
    items[40] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    assert run("batch", "--lang", "en", source, "-o", tmp_path / "file.jsonl", *COMMON).exit_code == 2
    for data in (source.read_bytes(), gzip.compress(source.read_bytes())):
        result = run("batch", "--lang", "en", "-", "-o", tmp_path / "piped.jsonl", *COMMON, input=data)
        assert result.exit_code == 2, result.stderr
        assert (tmp_path / "piped.jsonl").read_bytes() == (tmp_path / "file.jsonl").read_bytes()
        (bad,) = lines(tmp_path / "piped.jsonl.errors.jsonl")
        assert bad["source"] == "<stdin>:41" and bad["diagnostics"][0]["file"] == "<stdin>"
        assert "300 households; 299 decisions written to" in result.stderr


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_decisions_go_to_standard_output_in_input_order_and_bad_records_to_standard_error(run, tmp_path, fmt):
    items = sample(300, seed=22)
    items[7] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    file = tmp_path / f"file.{fmt}"
    assert run("batch", "--lang", "en", source, "-o", file, *COMMON).exit_code == 2
    result = run("batch", source, "-o", "-", "--format", fmt, *COMMON, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout_bytes == file.read_bytes()
    assert f"{source}:8:" in result.stderr
    assert "members: error[H002]: household BROKEN: the household has no members" in result.stderr
    chinese = run("batch", source, "-o", "-", "--format", fmt, *COMMON, "--lang", "zh")
    assert "members: 错误[H002]: 家庭 BROKEN：家庭没有成员\n  提示：至少列出一名成员" in chinese.stderr  # as ingest
    assert "300 households; 299 decisions written to standard output; 1 bad record (see the messages above)" \
        in result.stderr
    result = run("batch", "--lang", "en", source, "-o", "-", "--format", fmt, "--errors", tmp_path / "bad.jsonl",
                 *COMMON)
    assert result.exit_code == 2 and result.stdout_bytes == file.read_bytes()
    assert (tmp_path / "bad.jsonl").read_bytes() == (tmp_path / f"file.{fmt}.errors.jsonl").read_bytes()
    assert "error[H002]" not in result.stderr and f"1 bad record (see {tmp_path / 'bad.jsonl'})" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl", f"file.{fmt}", f"file.{fmt}.errors.jsonl",
                                                         "in.jsonl"]  # nothing written beside them


def test_a_gbk_line_piped_in_among_utf8_lines_is_told_to_be_retyped_as_in_a_file(run, tmp_path):
    """Converting a stream whose other lines are UTF-8 would garble them: what its lines read so far hold is known."""
    items = sample(4, seed=21)
    items[1]["members"][0]["name"] = "户主"
    items[2]["members"][0]["name"] = "户主"
    text = [json.dumps(h, ensure_ascii=False).encode("utf-8") for h in items]
    text[2] = text[2].decode("utf-8").encode("gb18030")  # one line saved on Chinese Windows
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"\xef\xbb\xbf" + b"\n".join(text) + b"\n")
    retype = "but this one holds `户主` in GBK (GB18030), as Chinese Windows saves text: retype it in UTF-8 " \
        "(converting the whole {} would garble its other lines)"
    for data in (source.read_bytes(), gzip.compress(source.read_bytes())):
        result = run("batch", "--lang", "en", "-", "-o", "-", *COMMON, "--ignore-column", "members.name",
                     input=data)
        assert result.exit_code == 2, result.stderr
        assert "<stdin>:3:" in result.stderr and "iconv" not in result.stderr
        assert f"the other lines of the stream are UTF-8, {retype.format('stream')}" in result.stderr, result.stderr
    filed = run("batch", "--lang", "en", source, "-o", "-", *COMMON, "--ignore-column", "members.name")
    assert f"the other lines of the file are UTF-8, {retype.format('file')}" in filed.stderr
    retype = retype.format("file")
    whole = tmp_path / "gbk.jsonl"  # a stream in GBK throughout is converted whole, as before
    whole.write_bytes(b"\n".join(t.decode("utf-8", "ignore").encode("gb18030") for t in text[:2]) + b"\n")
    result = run("batch", "--lang", "en", "-", "-o", "-", *COMMON, "--ignore-column", "members.name",
                 input=whole.read_bytes())
    assert "convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 | …`" in result.stderr and retype not in result.stderr


def test_a_stream_whose_first_line_is_gbk_is_told_its_encoding_not_taken_for_a_document_over_many_lines(run,
                                                                                                       tmp_path):
    """A GBK first line piped in stopped the run with "this holds a JSON document written over many lines (or a
    list): give it as a file": a stream in GBK throughout, or one line of it, is told to be converted, as the same
    file is; a GBK first line before UTF-8 lines is a bad record told to be retyped, the stream's other lines
    UTF-8."""
    items = sample(4, seed=21)
    for number, h in enumerate(items):
        h["id"] = f"长沙-{number}"
    text = [json.dumps(h, ensure_ascii=False) for h in items]
    gbk = [t.encode("gb18030") for t in text]
    convert = "convert it to UTF-8, e.g. `iconv -f GB18030 -t UTF-8 | …`"
    column = text[0].index("长") + 1  # the first character that is not ASCII
    for data in (b"\n".join(gbk) + b"\n", gbk[0] + b"\n", gbk[0]):
        for lang, said in (("en", f"error: <stdin>:1:{column}: the stream is not UTF-8; the text is GBK (GB18030), "
                                  f"as Chinese Windows saves it: {convert}"),
                           ("zh", f"错误：<stdin>:1:{column}：输入的内容不是 UTF-8 编码；")):
            result = run("batch", "--lang", lang, "-", "-o", "-", *COMMON, input=data)
            assert result.exit_code == 2 and result.stderr.startswith(said), result.stderr
            assert "give it as a file" not in result.stderr and "请以文件形式给出" not in result.stderr
    mixed = gbk[0] + b"\n" + "\n".join(text[1:]).encode("utf-8") + b"\n"
    result = run("batch", "--lang", "en", "-", "-o", "-", *COMMON, input=mixed)
    assert result.exit_code == 2 and "<stdin>:1: byte" in result.stderr, result.stderr
    assert "the other lines of the stream are UTF-8, but this one holds `长沙` in GBK (GB18030)" in result.stderr
    assert "3 decisions" in result.stderr, result.stderr


def test_from_standard_input_to_standard_output(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(200, seed=23))
    assert run("batch", source, "-o", tmp_path / "file.jsonl", *COMMON).exit_code == 0
    result = run("batch", "-", "-o", "-", *COMMON, input=source.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == (tmp_path / "file.jsonl").read_bytes()


def test_a_redirected_file_guesses_its_households_for_the_progress_bar(tmp_path):
    from engine.batch.readers import StandardInput

    source = write_jsonl(tmp_path / "in.jsonl", sample(2000, seed=24))
    with source.open("rb") as redirected:  # `policy batch - … < in.jsonl`: a file, whose size is known
        read = StandardInput(redirected)
        assert read.count() is None
        for _ in read.chunks(250):
            pass
        assert read.estimated_count() == 2000
    assert StandardInput(BytesIO(source.read_bytes())).estimated_count() is None  # a pipe: no size, no guess


def test_what_standard_input_and_output_cannot_do_is_said_before_the_run(run, tmp_path):
    items = sample(3)
    source = write_jsonl(tmp_path / "in.jsonl", items)
    out = tmp_path / "o.jsonl"
    refused = [
        (["batch", source, "-o", "-", "--format", "parquet"], None, "Parquet cannot be written to standard output"),
        (["batch", source, "-o", "-", "--resume"], None, "a run written to standard output (-o -) cannot be resumed"),
        (["batch", "-", "-o", out, "--resume"], source.read_bytes(), "standard input cannot be read again"),
        (["batch", "-", "-o", "-", "--engine", "spark"], source.read_bytes(), "not standard input or output (-)"),
        (["batch", "-", "-o", out], b"\n \n", "<stdin>: holds no household (nothing, or only blank lines, came in)"),
        (["batch", "-", "-o", out], json.dumps(items, indent=2).encode(),
         "this holds a JSON document written over many lines (or a list): give it as a file"),
    ]
    packed = BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("in.jsonl", source.read_text(encoding="utf-8"))
    refused.append((["batch", "-", "-o", out], packed.getvalue(), "<stdin>: this is a zip archive, not JSON Lines"))
    for args, data, said in refused:
        result = run(*args, "--lang", "en", input=data)
        assert result.exit_code == 2 and said in result.stderr, (args, result.stderr)
        assert not result.stdout_bytes
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_an_interrupted_run_says_what_a_stream_allows(run, tmp_path, monkeypatch):
    from engine.batch import runner

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    source = write_jsonl(tmp_path / "in.jsonl", sample(20))
    monkeypatch.setattr(runner, "_ordered_results", interrupted)
    result = run("batch", "--lang", "en", "-", "-o", tmp_path / "o.jsonl", input=source.read_bytes())
    assert result.exit_code == 130
    assert "no output written; standard input cannot be read again, so run the batch again from the start" \
        in result.stderr
    result = run("batch", "--lang", "en", source, "-o", "-", "--errors", tmp_path / "bad.jsonl")
    assert result.exit_code == 130
    assert "the decisions written to standard output are incomplete; a run to standard output cannot be resumed" \
        in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]  # no journal, no working file left


def test_a_reader_that_stops_early_stops_the_run_quietly(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(3000, seed=25))
    run = subprocess.Popen([sys.executable, "-m", "cli.main", "batch", str(source), "-o", "-", "--date", DAY],
                           cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None and run.stderr is not None
    first = run.stdout.readline()  # `| head -1`
    run.stdout.close()
    assert run.wait(timeout=120) == 141  # as a shell reports a command its reader left: SIGPIPE
    assert json.loads(first)["household"] == "SAMPLE-0000001"
    assert run.stderr.read() == b""


def test_the_summary_goes_to_standard_output_when_the_decisions_do_not(tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(50, seed=26))

    def batch(output: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([sys.executable, "-m", "cli.main", "batch", str(source), "-o", output, "--date", DAY,
                               "--summary", "/dev/stdout", "--lang", "en"], cwd=ROOT, capture_output=True, timeout=120)

    done = batch(str(tmp_path / "out.jsonl"))  # `… --summary /dev/stdout | jq .written`
    assert done.returncode == 0 and json.loads(done.stdout)["written"] == 50
    done = batch("-")
    assert done.returncode == 2 and done.stdout == b""
    assert b"/dev/stdout is standard output, where -o - writes the decisions" in done.stderr


def test_damaged_compressed_data_piped_in_stops_the_run_and_says_what_it_leaves(run, tmp_path):
    whole = gzip.compress("".join(json.dumps(h) + "\n" for h in sample(3000, seed=26)).encode("utf-8"))
    cut = whole[: len(whole) * 2 // 3]  # a transfer that stopped
    result = run("batch", "--lang", "en", "-", "-o", "-", "--chunk-size", 100, input=cut)
    assert result.exit_code == 2
    assert "error: <stdin>: the gzip data is damaged or cut off after line " in result.stderr
    assert "fetch or export the file again. The decisions written to standard output are incomplete" \
        in result.stderr
    assert result.stdout_bytes.endswith(b"\n")  # the chunks decided before: a stream cannot take them back
    result = run("batch", "--lang", "en", "-", "-o", tmp_path / "out.jsonl", "--chunk-size", 100, input=cut)
    assert result.exit_code == 2 and "fetch or export the file again. No output written" in result.stderr
    assert not list(tmp_path.iterdir())


def test_a_journal_left_by_a_killed_run_is_noted_with_what_can_be_done(run, tmp_path):
    source = write_jsonl(tmp_path / "in.jsonl", sample(5))
    out = tmp_path / "o.jsonl"
    for given, piped, said in ((source, None, "(add --resume to continue it instead)"),
                               ("-", source.read_bytes(), "(this one reads standard input, which cannot be resumed)")):
        (tmp_path / ".o.jsonl.journal").write_text('{"journal": 2}\n', encoding="utf-8")  # as SIGKILL leaves it
        result = run("batch", "--lang", "en", given, "-o", out, *COMMON, input=piped)
        assert result.exit_code == 0, result.stderr
        journal = tmp_path / ".o.jsonl.journal"
        assert f"note: {journal} holds an interrupted run; starting afresh {said}" in result.stderr
        assert not (tmp_path / ".o.jsonl.journal").exists()  # the new run's journal is gone with its end


def test_a_full_disk_or_an_unwritable_errors_file_is_said_by_what_was_being_written(run, tmp_path, monkeypatch):
    import errno

    from engine.batch import runner

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    source = write_jsonl(tmp_path / "in.jsonl", sample(5))
    with monkeypatch.context() as patched:
        patched.setattr(runner, "_write_all", full)  # standard output on a full disk
        result = run("batch", "--lang", "en", source, "-o", "-", *COMMON)
    assert result.exit_code == 2
    assert "error: cannot write standard output: No space left on device. The decisions written to standard " \
        "output are incomplete" in result.stderr
    (tmp_path / ".bad.jsonl.partial").mkdir()  # the errors file's working file cannot be made
    result = run("batch", "--lang", "en", source, "-o", "-", "--errors", tmp_path / "bad.jsonl", *COMMON)
    assert result.exit_code == 2
    assert f"error: cannot write {tmp_path / 'bad.jsonl'}: Is a directory (while writing .bad.jsonl.partial" \
        in result.stderr


class _FillingDisk:
    """An output file on a disk with room for `room` writes: the next ones fail as a full disk does."""

    def __init__(self, handle, room: int):
        self.handle, self.room = handle, room

    def use(self) -> None:
        """One write's room, or the error of a full disk."""
        import errno

        if self.room == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1

    def write(self, data: bytes) -> int:
        self.use()
        return self.handle.write(data)

    def __getattr__(self, name: str):
        return getattr(self.handle, name)


def test_a_full_disk_keeps_the_chunks_done_and_says_how_to_go_on(run, tmp_path, monkeypatch):
    from engine.batch import runner

    fresh_files, copy = runner._fresh_files, runner._copy
    disks: list[_FillingDisk] = []

    def filling(paths):
        out, err, journal = fresh_files(paths)
        disks.append(_FillingDisk(out, room=2))  # two chunks of decisions, then no room
        return disks[-1], err, journal

    def copying(source: int, target: int, size: int) -> None:  # a worker's chunk, appended in the kernel
        disks[-1].use()
        copy(source, target, size)

    items = sample(300, seed=25)
    items[3] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    assert run("batch", "--lang", "en", source, "-o", tmp_path / "whole.jsonl", *COMMON).exit_code == 2
    out = tmp_path / "o.jsonl"
    with monkeypatch.context() as patched:
        patched.setattr(runner, "_fresh_files", filling)
        patched.setattr(runner, "_copy", copying)
        result = run("batch", "--lang", "en", source, "-o", out, *COMMON)
        assert result.exit_code == 2
        assert f"error: cannot write {out} or {out}.errors.jsonl: No space left on device\n  help: free some disk " \
            "space, then run the same command with --resume to continue (progress is kept in " \
            f"{tmp_path / '.o.jsonl.journal'}); " \
            "or write the output somewhere else" in result.stderr
        assert not out.exists() and (tmp_path / ".o.jsonl.journal").exists()
        piped = run("batch", "--lang", "en", "-", "-o", tmp_path / "p.jsonl", *COMMON, input=source.read_bytes())
        assert piped.exit_code == 2
        assert "help: free some disk space or write the output somewhere else; standard input cannot be read " \
            "again, so run the batch again from the start" in piped.stderr
        assert not list(tmp_path.glob(".p.jsonl*")), "nothing can resume a run from standard input: no working file"
    resumed = run("batch", "--lang", "en", source, "-o", out, "--resume", *COMMON)  # room made
    assert resumed.exit_code == 2, resumed.stderr
    assert "resumed after 140" in resumed.stderr  # the two chunks written before the disk filled
    assert out.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert (tmp_path / "o.jsonl.errors.jsonl").read_bytes() == (tmp_path / "whole.jsonl.errors.jsonl").read_bytes()


def test_a_chunk_whose_output_ends_early_is_said_with_what_went_wrong(run, tmp_path, monkeypatch):
    """The file a worker left its chunk in is shorter than the chunk (removed or cut meanwhile): the run stops and
    says so, where it said `cannot write …: None`."""
    from engine.batch import runner

    copy = runner._copy

    def short(source: int, target: int, size: int) -> None:
        copy(source, target, size + 10)

    source = write_jsonl(tmp_path / "in.jsonl", sample(100, seed=3))
    monkeypatch.setattr(runner, "_copy", short)
    result = run("batch", "--lang", "en", source, "-o", tmp_path / "o.jsonl", *COMMON)
    assert result.exit_code == 2
    assert "a chunk's output ended 10 bytes early" in result.stderr and "None" not in result.stderr, result.stderr


@pytest.mark.parametrize("kernel_copy", [True, False], ids=["copy_file_range", "read-write"])
def test_workers_hand_their_chunks_over_through_files_and_leave_none(run, tmp_path, monkeypatch, kernel_copy):
    import errno
    import os

    items = sample(300, seed=31)
    items[5] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    calls: list[int] = []
    kernel = os.copy_file_range

    def copy(source: int, target: int, count: int) -> int:
        calls.append(count)
        if not kernel_copy:  # a filesystem that cannot copy in the kernel: read and written instead
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        return kernel(source, target, count)

    for fmt in ("jsonl", "csv", "parquet", "jsonl.gz"):
        one = run("batch", source, "-o", tmp_path / f"one.{fmt}", "--date", DAY, "-j", 1, "--chunk-size", 70)
        assert one.exit_code == 2, one.stderr
        stale = tmp_path / f".two.{fmt}.handoff"  # as a run killed outright leaves it
        stale.mkdir()
        (stale / "chunk-3").write_bytes(b"not this run's")
        calls.clear()
        with monkeypatch.context() as patched:
            patched.setattr(os, "copy_file_range", copy)
            two = run("batch", source, "-o", tmp_path / f"two.{fmt}", "--date", DAY, "-j", 2, "--chunk-size", 70)
        assert two.exit_code == 2, two.stderr
        assert (len(calls) >= 5) if fmt != "parquet" else not calls  # each chunk of 70 from its worker's file
        assert (tmp_path / f"two.{fmt}").read_bytes() == (tmp_path / f"one.{fmt}").read_bytes(), fmt
        assert (tmp_path / f"two.{fmt}.errors.jsonl").read_bytes() == \
            (tmp_path / f"one.{fmt}.errors.jsonl").read_bytes()
        assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_full_disk_met_while_appending_a_chunk_is_not_taken_for_a_filesystem_that_cannot_copy(tmp_path,
                                                                                                 monkeypatch):
    import errno
    import os

    from engine.batch import runner

    def full(*_args: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "copy_file_range", full)
    (tmp_path / "chunk").write_bytes(b"decisions\n" * 1000)
    with open(tmp_path / "chunk", "rb") as source, open(tmp_path / "out", "wb") as target, \
            pytest.raises(OSError) as caught:
        runner._copy(source.fileno(), target.fileno(), 10_000)
    assert caught.value.errno == errno.ENOSPC
    assert (tmp_path / "out").read_bytes() == b"", "not written another way as if the kernel could not copy"


def test_a_last_line_cut_off_is_said_to_end_the_input_piped_in_or_compressed_as_in_a_plain_file(run, tmp_path):
    """A download cut inside its last record, piped in (`zcat … | policy batch - -o -`) or compressed, was told `a
    string has no closing quote`, `check the brackets, commas and quotes near there`, where the plain file is told it
    is cut off; a last line that ends in a line break, as an export writes each, is not. Piped in, there is no file
    to speak of: the input ends there."""
    text = [json.dumps(h, ensure_ascii=False) for h in sample(150, seed=15)]  # three chunks of 70 lines
    packed = tmp_path / "cut.jsonl.gz"
    cut_off = {given: (f"not valid JSON: the {whole} ends in the middle of this record",
                       f"the {whole} is cut off (copied or exported incompletely): fetch or export it again")
               for given, whole in (("-", "input"), (packed, "file"))}
    for cut in (text[-1][: text[-1].index('"members"') + 5], text[-1][:-3]):  # in a string, and after a colon
        for ending in ("", "\n"):
            data = ("\n".join([*text[:-1], cut]) + ending).encode()
            packed.write_bytes(gzip.compress(data))
            for given, piped in (("-", data), ("-", gzip.compress(data)), (packed, None)):
                result = run("batch", "--lang", "en", given, "-o", tmp_path / "out.jsonl", *COMMON, input=piped)
                assert result.exit_code == 2, result.stderr
                [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
                [finding] = bad["diagnostics"]
                assert bad["line"] == 150 and finding["code"] == "H001", bad
                said = (finding["message"], finding["help"].split(";")[0])
                assert (said == cut_off[given]) == (ending == ""), (given, cut[-20:], ending, said)
                if given == "-" and ending == "":
                    assert (finding["zh"]["message"], finding["zh"]["help"]) == (
                        "不是有效的 JSON：输入内容在这条记录的中间就结束了",
                        "输入内容不完整（复制或导出时中断了）：请重新获取或导出；这条记录之前的记录已读取")


def test_a_bad_record_said_on_standard_error_names_its_household_and_its_line_as_the_errors_file_does(run, tmp_path):
    items = sample(3, seed=23)
    items[1] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", source, "-o", "-", "--date", DAY, "--lang", "en")
    assert result.exit_code == 2
    assert f"{source}:2:" in result.stderr
    assert "members: error[H002]: household BROKEN: the household has no members\n" in result.stderr
    chinese = run("batch", source, "-o", "-", "--date", DAY, "--lang", "zh")
    assert "members: 错误[H002]: 家庭 BROKEN：家庭没有成员\n" in chinese.stderr
    assert run("batch", source, "-o", tmp_path / "out.jsonl", "--date", DAY).exit_code == 2
    assert [bad["household"] for bad in lines(tmp_path / "out.jsonl.errors.jsonl")] == ["BROKEN"]  # the same name
    # stopped by the policy, not by its data (no policy in force on the day of records with no `date`): each is said
    # at its own line, not at the policy folder alone, which says nothing of which record it was
    ended = tmp_path / "ended"
    ended.mkdir()
    (ended / "2024-transition.yaml").write_bytes((ROOT / "policy" / "2024-transition.yaml").read_bytes())
    undated = [{k: v for k, v in h.items() if k != "date"} for h in sample(2, seed=24)]
    del undated[1]["id"]
    source = write_jsonl(tmp_path / "undated.jsonl", undated)
    for lang, error, household in (("en", "error[L008]: ", f"household {undated[0]['id']}: "),
                                   ("zh", "错误[L008]: ", f"家庭 {undated[0]['id']}：")):
        result = run("batch", source, "-o", "-", "--policy-dir", ended, "--lang", lang)
        assert result.exit_code == 2
        said = [line for line in result.stderr.splitlines() if error in line]
        assert [line.partition(error)[0] for line in said] == [f"{source}:1: ", f"{source}:2: "], result.stderr
        assert said[0].partition(error)[2].startswith(household) and "?" not in said[1]


def test_the_chinese_summary_of_a_run_to_standard_output_runs_its_words_on_as_chinese_does(run, tmp_path):
    """A file's name is set off by a space after Chinese (`已写入 decisions.jsonl`); `标准输出` and `上面的信息`,
    words themselves, are not (`已写入 标准输出`, `（见 上面的信息）` read as typing slips)."""
    items = sample(20, seed=23)
    items[3] = {"id": "BROKEN", "members": []}
    source = write_jsonl(tmp_path / "in.jsonl", items)
    result = run("batch", "--lang", "zh", source, "-o", "-", *COMMON)
    assert result.exit_code == 2
    assert "共 20 户；19 条认定结果已写入标准输出；1 条记录有误（见上面的信息）。用时 " in result.stderr, result.stderr
    filed = run("batch", "--lang", "zh", source, "-o", tmp_path / "out.jsonl", *COMMON)
    assert f"19 条认定结果已写入 {tmp_path / 'out.jsonl'}；1 条记录有误（见 {tmp_path / 'out.jsonl'}.errors.jsonl）" \
        in filed.stderr


@pytest.mark.parametrize("odd", ["\u2028", "\x0b", "\x0c", "\x1c"])
def test_a_line_of_an_invisible_character_alone_is_a_bad_record_of_a_file_or_a_stream_as_eval_says(run, tmp_path,
                                                                                                    odd):
    """Input holding only a line of a vertical tab or a form feed, which `bytes.strip` takes for white space and JSON
    does not, was said to be `empty`, in a file or piped in, where `policy eval` tells a bad record at 1:1, as batch
    told a line of U+2028 alone: the first line that is not blank is found by `blank_to_json`, as the records are."""
    given = tmp_path / "odd.jsonl"
    given.write_bytes(f"{odd}\n".encode())
    said = run("eval", "--lang", "en", given)
    assert said.exit_code == 2 and said.stderr.startswith(f"{given}:1:1: error[H001]: not valid JSON: "), said.stderr
    for source, piped in ((given, None), ("-", given.read_bytes())):
        result = run("batch", "--lang", "en", source, "-o", tmp_path / "out.jsonl", *COMMON, input=piped)
        assert result.exit_code == 2 and "1 household; 0 decisions written to" in result.stderr, result.stderr
        [bad] = lines(tmp_path / "out.jsonl.errors.jsonl")
        [finding] = bad["diagnostics"]
        assert (bad["line"], finding["column"], finding["code"]) == (1, 1, "H001"), bad


@pytest.mark.parametrize("engine", ["fast", "exact"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_a_lone_surrogate_in_any_text_is_a_bad_record_at_its_escape_with_how_to_fix_it(run, tmp_path, engine, fmt):
    """A text escaped as half a character (`"\\udc80"`, a lone surrogate) was a bad record said of the record as a
    whole, or not at all where the household had another mistake; it is now said at the escape, with how to fix it."""
    items = sample(3, seed=23)
    text = [json.dumps(h) for h in items]
    text[1] = text[1].replace(json.dumps(items[1]["id"]), '"DS\\udc80"', 1)
    text[2] = text[2].replace('"p1"', '"p\\ud800"', 1)  # a member's id: its other mentions of p1 are then unknown
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(text) + "\n", encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    result = run("batch", source, "-o", out, "--engine", engine, "--lang", "en", *COMMON)
    assert result.exit_code == 2, result.stderr
    assert "internal" not in result.stderr
    bad = lines(tmp_path / f"out.{fmt}.errors.jsonl")
    assert [b["line"] for b in bad] == [2, 3]
    for b, line in zip(bad, text[1:], strict=True):
        [d] = b["diagnostics"]
        assert (d["code"], d["line"], d["column"], d["end_column"]) == ("H001", b["line"], line.index("\\u") + 1,
                                                                       line.index("\\u") + 7)
        assert "a lone surrogate" in d["message"] and "retype" in d["help"] and "重新输入" in d["zh"]["help"]
