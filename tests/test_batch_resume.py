"""Nothing is lost: a real `policy batch` killed half-way leaves no output, and `--resume` finishes it exactly."""

from __future__ import annotations

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from engine.sample import households
from tests.helpers import ROOT, glued_options, interleaved

DAY = "2026-03-01"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("resume") / "in.jsonl"
    items = list(households(9000, 17, datetime.date.fromisoformat(DAY)))
    items[777] = {"id": "BROKEN"}  # a bad record, so the errors file is resumed too
    path.write_text("".join(json.dumps(h) + "\n" for h in items), encoding="utf-8")
    return path


def batch(source: Path, output: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(output), "--date", DAY,
               "--engine", "exact", "--jobs", "2", "--chunk-size", "300", "--lang", "en", *extra]
    # a session of its own: a signal sent to its process group reaches the run and its workers only
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)


def journal_of(output: Path) -> Path:
    return output.with_name(f".{output.name}.journal")


CHUNKS = 30  # 9,000 households in chunks of 300


def interrupt_half_way(source: Path, output: Path, how: signal.Signals, *extra: str,
                       group: bool = False) -> subprocess.Popen[bytes]:
    """A run stopped by `how` once 7 of its chunks are journalled and before its last (`extra`: its options;
    `group`: sent to the run and its workers at once, as a closed terminal or systemd sends it).

    On a loaded machine this test may be paused long enough for the run to finish before the
    signal lands; such an attempt proves nothing about interruption, so it is made again."""
    journal = journal_of(output)
    for _attempt in range(5):
        process = batch(source, output, *extra)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if journal.exists() and journal.read_bytes().count(b"\n") >= 8:  # the header and 7 chunks
                break
            time.sleep(0.005)
        if group:
            os.killpg(process.pid, how)
        else:
            process.send_signal(how)
        process.wait(timeout=60)
        done = journal.read_bytes().count(b"\n") - 1 if journal.exists() else CHUNKS  # no journal: it finished
        if done < CHUNKS:  # stopped half-way: what it left is for the test to judge
            return process
        for leftover in output.parent.glob(f"*{output.name}*"):  # the run got to its end: start again
            leftover.unlink()
    raise AssertionError("the run always finished before it could be interrupted")


@pytest.fixture(scope="module")
def uninterrupted(source, tmp_path_factory) -> tuple[bytes, bytes, bytes]:
    """The output, the errors and the tally of categories of a run that was not interrupted."""
    output = tmp_path_factory.mktemp("whole") / "out.jsonl"
    process = batch(source, output)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2  # the one bad record
    return output.read_bytes(), output.with_name("out.jsonl.errors.jsonl").read_bytes(), categories_line(err)


def categories_line(stderr: bytes) -> bytes:
    """The tally under the summary, and the bad records by problem under it (here, one: the household with no
    members), as the journal keeps them through an interruption."""
    said = stderr.splitlines()
    (start,) = [k for k, x in enumerate(said) if x.startswith(b"categories: ")]
    assert said[start + 1] == b"bad records by problem (a record counts once for each problem it has, however many " \
        b"times it has it):", said
    assert re.fullmatch(rb"  1  H002 members \xe2\x80\x94 e\.g\. .*in\.jsonl:778: `members` is missing; "
                        rb"add `members`: the people of the household, .*\]`", said[start + 2]), said
    return b"\n".join(said[start:])


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_an_interrupted_run_leaves_no_output_and_resume_gives_the_same_bytes(source, uninterrupted, tmp_path,
                                                                              how):
    output = tmp_path / "out.jsonl"
    process = interrupt_half_way(source, output, how)
    assert process.returncode == (-signal.SIGKILL if how == signal.SIGKILL else 130)
    assert not output.exists(), "an interrupted run must not leave an output file"
    assert not output.with_name("out.jsonl.errors.jsonl").exists()
    handoff = output.with_name(".out.jsonl.handoff")  # where the workers leave their chunks for the main process
    if how == signal.SIGINT:
        assert b"--resume" in (process.stderr.read() if process.stderr else b"")
        assert not handoff.exists(), "an interrupted run removes the chunks its workers left"
    done = journal_of(output).read_bytes().count(b"\n") - 1
    assert 0 < done < CHUNKS
    resumed = batch(source, output, "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 2, err
    assert b"resumed after" in err
    assert (output.read_bytes(), output.with_name("out.jsonl.errors.jsonl").read_bytes(),
            categories_line(err)) == uninterrupted  # the tally counts the chunks done before too
    assert not journal_of(output).exists()
    assert not output.with_name(".out.jsonl.partial").exists()
    assert not handoff.exists(), "the chunks a killed run's workers left are removed by the next run"


def test_resume_refuses_a_changed_input(source, tmp_path):
    copy = tmp_path / "in.jsonl"
    copy.write_bytes(source.read_bytes())
    output = tmp_path / "out.jsonl"
    interrupt_half_way(copy, output, signal.SIGKILL)
    with copy.open("ab") as f:
        f.write(b"\n")
    os.utime(copy, ns=(time.time_ns(), time.time_ns() + 10**9))
    resumed = batch(copy, output, "--resume")
    _, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 2 and b"the input changed since (in.jsonl differs)" in err
    assert not output.exists()


def refused_resume(source: Path, tmp_path: Path, *changed: str) -> str:
    """What `--resume` says, with the options `changed`, to a run interrupted half way; it must refuse (exit 2) and
    write no output."""
    output = tmp_path / "out.jsonl"
    interrupt_half_way(source, output, signal.SIGKILL)
    resumed = batch(source, output, "--resume", *changed)
    _, err = resumed.communicate(timeout=60)
    assert resumed.returncode == 2
    assert not output.exists()
    return err.decode().strip()


def test_resume_says_which_option_changed_as_the_docs_show(source, tmp_path):
    said = refused_resume(source, tmp_path, "--date", "2026-04-01")
    assert said == ("error: the interrupted run was different: --date was 2026-03-01, now 2026-04-01. Run it again "
                    "as it was (`--date 2026-03-01`) to resume it, or without --resume to start afresh")
    assert said in (ROOT / "docs" / "batch.md").read_text(encoding="utf-8")


def test_resume_names_a_changed_engine(source, tmp_path):
    """A run resumed with another --engine went on, or, with the default chunk size (which follows the engine), was
    told of a --chunk-size never given: the engine is named."""
    assert refused_resume(source, tmp_path, "--engine", "fast") == (
        "error: the interrupted run was different: --engine was exact, now fast. Run it again as it was "
        "(`--engine exact`) to resume it, or without --resume to start afresh")


def test_the_options_the_chunk_size_follows_are_said_before_it():
    from engine.batch.runner import _differences

    said = _differences({"chunk_size": 2000, "engine": "exact", "brief": False, "date": None},
                        {"chunk_size": 5000, "engine": "fast", "brief": False, "date": None})
    assert [s.en for s in said] == ["--engine was exact, now fast", "--chunk-size was 2000, now 5000"]
    said = _differences({"chunk_size": 5000, "brief": False}, {"chunk_size": 500, "brief": True})
    assert [s.zh for s in said] == ["--brief 原为 未给出，现为 已给出", "--chunk-size 原为 5000，现为 500"]
    assert _differences({"chunk_size": 300}, {"chunk_size": 300, "engine": "fast"}) == []  # a journal from before


def test_resume_says_the_ignored_columns_changed(source, tmp_path):
    assert refused_resume(source, tmp_path, "--ignore-column", "phone,name") == (
        "error: the interrupted run was different: --ignore-column was not given, now name,phone. Run it again as it "
        "was (without `--ignore-column`) to resume it, or without --resume to start afresh")


def test_resume_of_renamed_tables_takes_the_same_pairs(tmp_path, monkeypatch):
    """CSV tables under a county's headers: a resumed run must rename them as the interrupted one did, and then
    gives the bytes of a run that was not interrupted; the copies the killed run left are gone with it."""
    from engine.batch.csv_tables import write_households_csv
    from engine.loader import load_policy
    from tests.helpers import POST

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the copies go (Python's tempfile reads it)
    tables = tmp_path / "county"
    write_households_csv(households(9000, 17, datetime.date.fromisoformat(DAY)), tables, load_policy(POST)[0])
    for name in ("households.csv", "members.csv"):
        head, rest = (tables / name).read_text(encoding="utf-8").split("\n", 1)
        head = head.replace("birth_date", "出生日期").replace("assets.deposits", "存款")
        (tables / name).write_text(head + "\n" + rest, encoding="utf-8")
    pairs = ("--rename-column", "存款=assets.deposits,出生日期=birth_date")
    whole = batch(tables, tmp_path / "whole.jsonl", *pairs)
    assert whole.wait(timeout=120) == 0
    output = tmp_path / "out.jsonl"
    interrupt_half_way(tables, output, signal.SIGKILL, *pairs)
    refused = batch(tables, output, "--resume", "--rename-column", "存款=assets.deposits,出生日期=birth_date,电话=id")
    _, err = refused.communicate(timeout=60)
    assert refused.returncode == 2 and not output.exists()
    assert "--rename-column was 存款=assets.deposits,出生日期=birth_date, now 存款=assets.deposits," \
           "出生日期=birth_date,电话=id" in err.decode(), err.decode()
    resumed = batch(tables, output, "--resume", *pairs)
    assert resumed.wait(timeout=120) == 0
    assert output.read_bytes() == (tmp_path / "whole.jsonl").read_bytes()
    assert list(scratch.glob("policy-*")) == []


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> tuple[Path, bytes]:
    """CSV tables under a county's headers (so a run reads them from renamed copies), and the output of a run of
    them that was not interrupted."""
    from engine.batch.csv_tables import write_households_csv
    from engine.loader import load_policy
    from tests.helpers import POST

    tables = tmp_path_factory.mktemp("county") / "tables"
    write_households_csv(households(6000, 23, datetime.date.fromisoformat(DAY)), tables, load_policy(POST)[0])
    for name in ("households.csv", "members.csv"):
        head, rest = (tables / name).read_text(encoding="utf-8").split("\n", 1)
        (tables / name).write_text(head.replace("assets.deposits", "存款") + "\n" + rest, encoding="utf-8")
    whole = tables.with_name("whole.jsonl")
    assert batch(tables, whole, *COUNTY_PAIRS).wait(timeout=120) == 0
    return tables, whole.read_bytes()


COUNTY_PAIRS = ("--rename-column", "存款=assets.deposits")


@pytest.mark.parametrize(("how", "group"), [(signal.SIGTERM, False), (signal.SIGTERM, True), (signal.SIGHUP, True)],
                         ids=["SIGTERM", "SIGTERM-to-the-group", "SIGHUP-to-the-group"])
def test_a_run_stopped_by_a_scheduler_or_a_closed_terminal_ends_as_on_ctrl_c(county, tmp_path, monkeypatch, how,
                                                                             group):
    """SIGTERM (a scheduler's timeout or drain: systemd and Slurm send it to the workers too) and SIGHUP (a closed
    terminal) stop a run as Ctrl-C does: said, with the exit code a shell gives (128 + the signal), no output
    file, the copies of the tables removed, and `--resume` then gives the bytes of an uninterrupted run."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the copies go (Python's tempfile reads it)
    tables, whole = county
    output = tmp_path / "out.jsonl"
    process = interrupt_half_way(tables, output, how, *COUNTY_PAIRS, group=group)
    err = process.stderr.read().decode() if process.stderr else ""
    assert process.returncode == 128 + how, err
    assert err.endswith("interrupted: no output written; run the same command with --resume to continue (progress "
                        f"is kept in {journal_of(output)})\n"), err
    assert "Traceback" not in err and "worker" not in err, err
    assert not output.exists()
    assert not output.with_name(".out.jsonl.handoff").exists()
    assert list(scratch.glob("policy-*")) == []
    assert 0 < journal_of(output).read_bytes().count(b"\n") - 1 < 20
    resumed = batch(tables, output, "--resume", *COUNTY_PAIRS)
    _, err_of_resumed = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err_of_resumed
    assert output.read_bytes() == whole
    assert list(scratch.glob("policy-*")) == []


def test_resume_says_the_renamed_values_changed(tmp_path):
    from engine.batch.csv_tables import write_households_csv
    from engine.loader import load_policy
    from tests.helpers import POST

    tables = tmp_path / "tables"
    write_households_csv(households(9000, 17, datetime.date.fromisoformat(DAY)), tables, load_policy(POST)[0])
    assert refused_resume(tables, tmp_path, "--rename-value", "户主=head,否=false") == (
        "error: the interrupted run was different: --rename-value was not given, now 户主=head,否=false. Run it "
        "again as it was (without `--rename-value`) to resume it, or without --resume to start afresh")


def _rows(path: Path) -> int:
    """The decisions a Parquet or gzip-compressed JSON Lines output holds."""
    import gzip

    import pyarrow.parquet as pq

    if path.suffix == ".parquet":
        return pq.read_table(path).num_rows
    return gzip.decompress(path.read_bytes()).count(b"\n")


@pytest.mark.parametrize("name", ["out.parquet", "out.jsonl.gz"])
def test_an_interrupted_parquet_or_compressed_run_resumes_to_the_same_file(source, tmp_path, name):
    """Parquet: the file being written is rebuilt from the chunks done. gzip: each chunk is a stream of its own,
    so the file cut back to the journal's last chunk is whole."""
    whole = tmp_path / f"whole-{name}"
    assert batch(source, whole).wait(timeout=120) == 2
    output = tmp_path / name
    interrupt_half_way(source, output, signal.SIGKILL)
    assert not output.exists()
    staged = output.with_name(f".{name}.parquet-tmp")
    assert staged.exists() == name.endswith(".parquet")  # the Parquet file being written, left behind
    resumed = batch(source, output, "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 2, err
    assert b"resumed after" in err
    assert output.read_bytes() == whole.read_bytes() and _rows(output) == 8999
    assert not staged.exists() and not output.with_name(f".{name}.partial").exists()


@pytest.mark.parametrize("mixed", [False, True])
def test_compressed_csv_tables_resume_to_the_same_bytes_and_leave_no_copy_behind(tmp_path, monkeypatch, mixed):
    """The decompressed copies are made again for `--resume` (and rows in any order gathered alike), and removed
    when a run ends, also by Ctrl-C."""
    import gzip

    from engine.batch.csv_tables import write_households_csv
    from engine.loader import load_policy

    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where the copies go (Python's tempfile reads it)
    tables = tmp_path / "tables"
    items = households(9000, 17, datetime.date.fromisoformat(DAY))
    write_households_csv(items, tables, load_policy(ROOT / "policy" / "post-transition.yaml")[0])
    if mixed:
        interleaved(tables)
    for table in tables.iterdir():
        table.with_name(table.name + ".gz").write_bytes(gzip.compress(table.read_bytes()))
        table.unlink()
    whole = tmp_path / "whole.jsonl"
    assert batch(tables, whole).wait(timeout=120) == 0
    output = tmp_path / "out.jsonl"
    process = interrupt_half_way(tables, output, signal.SIGINT)
    assert process.returncode == 130 and not output.exists()
    assert list(scratch.glob("policy-*")) == []
    resumed = batch(tables, output, "--resume")
    _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    assert b"resumed after" in err
    assert output.read_bytes() == whole.read_bytes()
    assert list(scratch.glob("policy-*")) == []


def test_the_journal_names_only_synced_chunks_and_a_failed_sync_stops_the_run(tmp_path, monkeypatch):
    from engine.batch import runner

    out, err, journal = ((tmp_path / name).open("wb") for name in ("out", "err", "journal"))
    synced: list[int] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        if descriptor == journal.fileno():
            assert synced[-2:] == [out.fileno(), err.fileno()]  # the chunk's bytes before its journal line
        synced.append(descriptor)
        real_fsync(descriptor)

    monkeypatch.setattr(runner.os, "fsync", fsync)
    committer = runner._Committer(out, err, journal)
    for k in range(3):
        out.write(b"chunk %d\n" % k)
        out.flush()
        committer.commit(b'{"chunk": %d}\n' % k)
    committer.close()
    assert (tmp_path / "journal").read_bytes() == b'{"chunk": 0}\n{"chunk": 1}\n{"chunk": 2}\n'
    assert len(synced) == 9

    def broken(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(runner.os, "fsync", broken)
    committer = runner._Committer(out, err, journal)
    committer.commit(b'{"chunk": 3}\n')
    with pytest.raises(OSError, match="No space left"):
        committer.close()
    assert (tmp_path / "journal").read_bytes().count(b"\n") == 3  # the unsynced chunk is not in the journal


def test_a_dropped_explain_is_said_once_not_as_a_changed_language_too():
    from engine.batch.runner import _differences

    said = _differences({"explain": True, "brief": False, "lang": "zh"},
                        {"explain": False, "brief": False, "lang": None})
    assert [s.en for s in said] == ["--explain was given, now not given"]
    said = _differences({"explain": True, "lang": "zh"}, {"explain": True, "lang": "en"})
    assert [s.zh for s in said] == ["--lang 原为 zh，现为 en"]


def test_the_tables_changed_since_are_listed_as_said():
    from engine.batch.runner import _differences

    then = [["t/households.csv", 10, 1], ["t/lines.csv", 10, 1], ["t/members.csv", 10, 1]]
    now = [["t/households.csv", 11, 2], ["t/lines.csv", 11, 2], ["t/members.csv", 11, 2]]
    (said,) = _differences({"input": then}, {"input": now})
    assert said.en == "the input changed since (households.csv, lines.csv and members.csv differ)"
    assert said.zh == "输入已有改动（households.csv、lines.csv、members.csv 不同）"


def test_resume_after_an_explained_run_names_the_explain_not_the_options_it_implied(source, tmp_path):
    """`--explain` takes the exact engine and smaller chunks: a resume without it was told `--engine was exact, now
    fast` and `--chunk-size was 500, now 5000`, options never typed. It names `--explain` and how to resume."""
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(output), "--date", DAY, "--jobs", "2"]
    process = subprocess.Popen([*command, "--explain", "--lang", "zh"], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (journal_of(output).exists()
                                               and journal_of(output).read_bytes().count(b"\n") >= 2):
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    for lang, said in (("en", "error: the interrupted run was different: --explain was given, now not given. Run it "
                               "again as it was (`--explain`) to resume it, or without --resume to start afresh"),
                       ("zh", "错误：中断的那次运行与这次不同：--explain 原为 已给出，现为 未给出。要继续它，请按原样"
                              "（`--explain`）再运行；或去掉 --resume 从头开始")):
        resumed = subprocess.run([*command, "--resume", "--lang", lang], cwd=ROOT, capture_output=True, timeout=60)
        assert resumed.returncode == 2
        assert resumed.stderr.decode().strip() == said


def test_resume_names_the_policy_file_the_interrupted_run_used(source, tmp_path):
    """A run begun with `--policy policy/2024-transition.yaml`, resumed with another --policy or none: the refusal
    said `the policy files changed since` and `Run it again as it was`, never which file that was."""
    output = tmp_path / "out.jsonl"
    interrupt_half_way(source, output, signal.SIGKILL, "--policy", "policy/2024-transition.yaml")
    for changed, lang, said in (
            (["--policy", "policy/post-transition.yaml"], "en",
             "error: the interrupted run was different: the policy files changed since (the first run used "
             "policy/2024-transition.yaml). Run it again as it was (`--policy policy/2024-transition.yaml`) to resume "
             "it, or without --resume to start afresh"),
            ([], "en",
             "error: the interrupted run was different: --policy was given, now not given; the policy files changed "
             "since (the first run used policy/2024-transition.yaml). Run it again as it was (`--policy "
             "policy/2024-transition.yaml`) to resume it, or without --resume to start afresh"),
            ([], "zh",
             "错误：中断的那次运行与这次不同：--policy 原为 已给出，现为 未给出；政策文件已有改动（第一次运行用的是 "
             "policy/2024-transition.yaml）。要继续它，请按原样（`--policy policy/2024-transition.yaml`）再运行；"
             "或去掉 --resume 从头开始")):
        resumed = batch(source, output, "--resume", *changed, "--lang", lang)
        _, err = resumed.communicate(timeout=60)
        assert resumed.returncode == 2 and not output.exists()
        assert err.decode().strip() == said


def test_resume_of_a_run_of_every_policy_names_its_files_and_the_option_to_leave_out():
    from engine.batch.runner import refusal

    then = {"policies": [["policy/2024-transition.yaml", "a"], ["policy/post-transition.yaml", "b"]], "chosen": False}
    now = {"policies": [["policy/post-transition.yaml", "b"]], "chosen": True}
    said = refusal(then, now)
    assert said is not None
    assert said.en == ("the interrupted run was different: --policy was not given, now given; the policy files "
                       "changed since (the first run used policy/2024-transition.yaml and "
                       "policy/post-transition.yaml). Run it again as it was (without `--policy`) to resume it, or "
                       "without --resume to start afresh")
    assert said.zh == ("中断的那次运行与这次不同：--policy 原为 未给出，现为 已给出；政策文件已有改动（第一次运行用"
                       "的是 policy/2024-transition.yaml、policy/post-transition.yaml）。要继续它，请按原样（不加 "
                       "`--policy`）再运行；或去掉 --resume 从头开始")
    assert glued_options(said.en) == glued_options(said.zh) == []  # the option copied without the bracket after it
    edited = refusal({"policies": [["p.yaml", "a"]], "chosen": True}, {"policies": [["p.yaml", "b"]], "chosen": True})
    assert edited is not None and edited.en == (  # the same file, edited: running it as it was cannot help
        "the interrupted run was different: the policy files changed since (the first run used p.yaml). Run it "
        "again as it was to resume it, or without --resume to start afresh")
