"""A whole batch run: chunks over processes, written in input order, atomically, resumable.

Input: an `Input` (records), the `Settings`, the output and errors paths, a number of
processes and whether to resume. Output: the output and errors files, and a `Summary`.
(`run_to_stream` writes to a stream instead, standard output: in input order, as the chunks
come, with no journal and nothing to resume.)
Invariants:
* the output file is either absent or complete: chunks are appended to a hidden
  partial file beside it (`.NAME.partial`) and only a finished run moves it into
  place with `os.replace`; the errors file likewise;
* after each chunk the partial files are flushed and synced, then one line is
  appended to the journal (`.NAME.journal`): chunk number, the partial files' sizes
  and the counts so far (the syncing and the journal run in a thread of their own,
  in chunk order, while the next chunks are written). `--resume` reads the journal, cuts the partial files back to
  the last recorded sizes, skips the records already done and goes on — so the
  result is byte for byte that of an uninterrupted run;
* the journal's first line fixes the input (files, sizes, times), the policies, the
  dates and the options; a resume with anything different is refused;
* chunks are decided in any order by the workers but written in input order; a worker takes a run of
  chunks at once where the input says so (`Input.runs`: the chunks of one Parquet row group, so that
  no two workers both decode it);
* Parquet output is encoded while the workers go on: each chunk, as it is written to
  the partial file (as Arrow IPC), is also appended to a hidden Parquet file
  (`.NAME.parquet-tmp`) that the end of the run moves into place; a resumed run
  rebuilds that file from the chunks the partial file already holds;
* a worker leaves each chunk's output in a file of a hidden folder beside the output
  (`.NAME.handoff/`), which the main process appends to the partial file in the kernel
  (`os.copy_file_range`) and removes: through the pool's pipe, the 49 KB of an
  explained household cost the main process four copies and a system call every 64 KB.
  The folder goes when the run ends, however it ends.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import gc
import os
import queue
import shutil
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson

from engine.batch.evaluate import (
    ChunkResult,
    Settings,
    evaluate_chunk,
    evaluate_lines,
    evaluate_lines_chunk,
    evaluate_table_chunk,
    without_cycle_collection,
)
from engine.batch.problems import Problems
from engine.batch.readers import Input, lines_of, records_of
from engine.batch.repeated_ids import RepeatedIds
from engine.batch.writers import ParquetSink, compress, fsync_dir
from engine.diagnostics import FULL, Said, shell_word
from engine.doubts import REPEATED
from engine.interruptions import held
from engine.parallel import ordered_map
from engine.values import listed_said
from engine.working_files import hidden_beside

JOURNAL_VERSION = 3  # 2: the counts keep the tally by category; 3: and by the policy that decided


class ResumeError(Exception):
    """`--resume` cannot continue: no journal, or a journal for a different run (said in both languages: `in_lang`;
    `str` is the English)."""

    def __init__(self, said: Said):
        super().__init__(said.en)
        self.said = said

    def in_lang(self, lang: str) -> str:
        return self.said.in_lang(lang)


@dataclass
class Summary:
    households: int = 0
    written: int = 0
    bad: int = 0
    stray: int = 0  # rows that are no household's (CSV tables)
    unchanged: int = 0
    rechecked: int = 0
    seconds: float = 0.0
    resumed_from: int = 0  # households already done when the run resumed
    chunks: int = 0
    repeated_ids: int = 0  # household ids decided more than once (not counting those done before a resume)
    repeated_at: list[int] = field(default_factory=list)  # the record numbers of the first of them
    held: Counter[str] = field(default_factory=Counter)  # households (members) decided, by category and policy
    problems: Problems = field(default_factory=Problems)  # the bad records, by problem
    # households decided with a doubt (`engine.doubts`: a line given twice, a bill of no member, …), by kind, and the
    # first of each: its record number and the doubt on one line
    doubted: Counter[str] = field(default_factory=Counter)
    doubted_first: dict[str, tuple[int, Said]] = field(default_factory=dict)
    # with --only-changed, the ids of the earlier decisions met in the input (decided or bad), for the households of
    # the earlier output no longer there; not kept in the journal, so a resumed run does not count those
    old_seen: set[str] = field(default_factory=set)
    old_guessed: set[str] = field(default_factory=set)  # of them, those whose id was only read off a bad record's text
    unread: int = 0  # bad records whose id could not be read, which may be some of the others
    old_spaced: dict[str, str] = field(default_factory=dict)  # of the others, by id: the id in the input with spaces

    def add(self, r: ChunkResult) -> None:
        self.households += r.households
        self.written += r.written
        self.bad += r.bad
        self.stray += r.stray
        self.unchanged += r.unchanged
        self.rechecked += r.rechecked
        self.chunks += 1
        self.held.update(r.held)
        self.old_seen.update(r.old_seen)
        self.old_guessed.update(r.old_guessed)
        self.unread += r.unread
        self.old_spaced.update((spaced.strip(), spaced) for spaced in r.old_spaced)
        self.problems.add(r.problems)
        self.doubted.update(r.doubted)
        for kind, first in r.doubted_first.items():  # chunks come in input order
            self.doubted_first.setdefault(kind, first)

    def counts(self) -> dict[str, Any]:
        return {"households": self.households, "written": self.written, "bad": self.bad, "stray": self.stray,
                "unchanged": self.unchanged, "rechecked": self.rechecked, "chunks": self.chunks,
                "held": dict(self.held), "problems": self.problems.found,
                "value_words": self.problems.words, "doubted": dict(self.doubted),
                "doubted_first": {kind: [n, said.en, said.zh] for kind, (n, said) in self.doubted_first.items()}}

    def restore(self, counts: dict[str, Any]) -> None:
        """The counts a journal kept, when a run resumes."""
        for key, value in counts.items():
            if key == "held":
                self.held = Counter({k: int(v) for k, v in value.items()})
            elif key == "problems":
                self.problems.add(value)
            elif key == "value_words":
                for pair, count in value.items():
                    self.problems.count_word(pair, int(count))
            elif key == "doubted":
                self.doubted.update({k: int(v) for k, v in value.items()})
            elif key == "doubted_first":
                self.doubted_first.update({k: (int(v[0]), Said(v[1], v[2])) for k, v in value.items()})
            elif key == "repeated_lines":  # a journal of a run begun before a line given twice was one kind of doubt
                self.doubted.update({REPEATED: int(value)} if value else {})
            elif key == "repeated_first":
                self.doubted_first.update({REPEATED: (int(value[0]), Said(value[1], value[2]))} if value else {})
            else:
                setattr(self, key, int(value))


@dataclass
class Paths:
    output: Path
    errors: Path
    partial: Path = field(init=False)
    errors_partial: Path = field(init=False)
    journal: Path = field(init=False)
    staged: Path = field(init=False)  # Parquet output, written as the chunks arrive
    handoff: Path = field(init=False)  # the folder where workers leave their chunks' output

    def __post_init__(self) -> None:
        self.partial = hidden_beside(self.output, "partial")
        self.staged = hidden_beside(self.output, "parquet-tmp")
        self.errors_partial = hidden_beside(self.errors, "partial")
        self.journal = hidden_beside(self.output, "journal")
        self.handoff = hidden_beside(self.output, "handoff")

    def discard(self) -> None:
        """Remove the working files of a run that cannot be finished or resumed (its input is damaged)."""
        for path in (self.partial, self.staged, self.errors_partial, self.journal):
            path.unlink(missing_ok=True)
        shutil.rmtree(self.handoff, ignore_errors=True)


# -- workers ----------------------------------------------------------------------------

_settings: Settings | None = None


def _init_worker() -> None:
    gc.enable()  # forked while the parent's run holds collection off; a worker collects between its chunks
    gc.freeze()  # what it inherited (policies, programs) stays: collections walk only what the chunks make
    if "pyarrow" in sys.modules:  # one process per core already: Arrow's own threads would only contend
        import pyarrow

        pyarrow.set_cpu_count(1)
        pyarrow.set_io_thread_count(1)


def _work(task: tuple[int, list[Any]]) -> list[ChunkResult]:
    """The results of a run of chunks (`Input.runs`), the first numbered `task[0]`, decided one after another."""
    assert _settings is not None
    first, payloads = task
    return [_handed_over(_decide_chunk((first + k, payload), _settings), _settings)
            for k, payload in enumerate(payloads)]


def _handed_over(result: ChunkResult, settings: Settings) -> ChunkResult:
    """A chunk's result as the main process takes it: compressed as asked, its output left in a file."""
    if settings.compression is not None and result.output:  # (a chunk with nothing to write adds no stream)
        result.output = compress(result.output, settings.compression)
    if settings.errors_compression is not None and result.errors:
        result.errors = compress(result.errors, settings.errors_compression)
    if settings.handoff is not None and result.output:
        result.handed = os.path.join(settings.handoff, f"chunk-{result.index}")
        with open(result.handed, "wb") as handed:
            handed.write(result.output)
        result.output = b""
    return result


def _take(out: IO[bytes], result: ChunkResult, sink: ParquetSink | None) -> None:
    """Append a chunk's output to the partial file, from the file its worker left it in (then removed)."""
    if result.handed is not None and sink is None:
        with open(result.handed, "rb", buffering=0) as handed:
            out.flush()
            _copy(handed.fileno(), out.fileno(), os.fstat(handed.fileno()).st_size)
            out.seek(0, os.SEEK_END)
    else:  # in memory; Parquet's too, which is encoded from the chunk itself
        data = result.output if result.handed is None else Path(result.handed).read_bytes()
        if sink is not None:
            sink.add(data)
        out.write(data)
    if result.handed is not None:
        os.unlink(result.handed)


def _copy(source: int, target: int, size: int) -> None:
    """`size` bytes from `source` to `target`, at their positions: in the kernel where the filesystem can."""
    left = size
    while left > 0:
        try:
            copied = os.copy_file_range(source, target, left)
        except (AttributeError, OSError) as error:  # no such call here (not Linux), or not on this filesystem
            if isinstance(error, OSError) and error.errno in FULL:
                raise
            break
        if copied == 0:
            break
        left -= copied
    while left > 0:
        data = os.read(source, min(left, 1 << 20))
        if not data:
            raise OSError(errno.EIO, f"a chunk's output ended {left:,} bytes early")  # shown as a system error is
        os.write(target, data)
        left -= len(data)


def _decide_chunk(task: tuple[int, Any], settings: Settings) -> ChunkResult:
    index, payload = task
    if isinstance(payload, tuple) and payload[0] == "parquet":
        _, name, start, end, nullable, offset = payload
        return evaluate_table_chunk(index, name, start, end, nullable, settings, offset)
    if isinstance(payload, tuple) and payload[0] == "jsonl":
        _, name, start, end, first = payload
        return evaluate_lines_chunk(index, name, start, end, first, settings)
    if isinstance(payload, tuple) and payload[0] == "lines":
        name, numbers, lines, unended = lines_of(payload)
        return evaluate_lines(index, name, numbers, lines, settings, unended)
    if isinstance(payload, tuple) and payload[0] == "csvcols":
        from engine.batch.csv_columns import evaluate_csv_chunk

        return evaluate_csv_chunk(index, payload[1], settings)
    with without_cycle_collection():  # building the records too
        return evaluate_chunk(index, records_of(payload), settings)


def _chunks(source: Input, size: int, skip: int) -> Iterator[tuple[int, list[Any]]]:
    """The workers' tasks: each run of chunks (`Input.runs`) with the number of its first chunk, from chunk `skip`."""
    index = 0
    for run in source.runs(size):
        first = max(index, skip)
        if first < index + len(run):
            yield first, run[first - index:]
        index += len(run)


def _ordered_results(tasks: Iterator[tuple[int, list[Any]]], jobs: int) -> Iterator[ChunkResult]:
    """Results in chunk order, at most 2 × jobs runs in flight (memory stays bounded)."""
    for results in ordered_map(_work, tasks, jobs, _init_worker):
        yield from results


# -- the journal ------------------------------------------------------------------------


def _read_journal(path: Path) -> tuple[dict[str, Any], dict[str, Any] | None]:
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError:
        raise ResumeError(Said(f"nothing to resume: no journal {path.name} beside the output "
                               "(the run finished, or never started)",
                               f"没有可以继续的运行：输出旁边没有日志 {path.name}（运行已完成，或从未开始）")) from None
    try:
        header = orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        raise ResumeError(Said(f"{path}: the journal is damaged; run again without --resume",
                               f"{path}：日志已损坏；请去掉 --resume 重新运行")) from None
    last = None
    for line in lines[1:]:
        try:
            last = orjson.loads(line)
        except orjson.JSONDecodeError:
            break  # a line cut short by the interruption: the chunk before it is the last one done
    return header, last


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[Said]:
    """What differs between the interrupted run and this one, in the words of the command line."""
    return [said for said, _ in _changes(old, new)]


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Said, Said | None]]:
    """Each difference said, beside the option as the interrupted run had it (None: not an option). The engine and the
    chunk size that followed from other options (--explain takes the exact engine and smaller chunks) are left
    unsaid when typed alike both times: the option they followed from is said."""
    changes = _all_changes(old, new)
    return [(said, first) for said, first, implied in changes if not implied] \
        or [(said, first) for said, first, _ in changes]


def _all_changes(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[Said, Said | None, bool]]:
    said: list[tuple[Said, Said | None, bool]] = []
    typed_then, typed_now = old.get("typed"), new.get("typed")
    for key in sorted(set(old) | set(new), key=lambda k: (k not in _FIRST, k)):
        then, now = old.get(key), new.get(key)
        if key == "typed" or then == now or (key == "lang" and None in (then, now)):  # lang: kept only explained
            continue
        if key == "engine" and None in (then, now):  # (a journal from before has none)
            continue
        if key == "input":
            files = _changed_files(then, now)
            said.append((Said(f"the input changed since ({files.en})", f"输入已有改动（{files.zh}）"), None, False))
        elif key == "policies":
            used = listed_said([file for file, _ in then or []])
            said.append((Said(f"the policy files changed since (the first run used {used.en})",
                              f"政策文件已有改动（第一次运行用的是 {used.zh}）") if then else
                         Said("the policy files changed since", "政策文件已有改动"), _policy_as_typed(old, new), False))
        elif key == "only_changed":
            said.append((Said("the --only-changed file changed since", "--only-changed 的文件已有改动"), None, False))
        elif key in _OPTIONS:
            option, was, is_now = _OPTIONS[key], _shown(then), _shown(now)
            implied = key in _IMPLIED and isinstance(typed_then, dict) and isinstance(typed_now, dict) \
                and typed_then.get(key) == typed_now.get(key)
            first = _policy_as_typed(old, new) if key == "chosen" else \
                _as_typed(key, typed_then.get(key) if isinstance(typed_then, dict) and key in _IMPLIED else then)
            said.append((Said(f"{option.en} was {was.en}, now {is_now.en}",
                              f"{option.zh}原为 {was.zh}，现为 {is_now.zh}"), first, implied))
        else:
            said.append((Said(f"{key} changed", f"{key} 已改变"), None, False))
    return said


def refusal(old: dict[str, Any], new: dict[str, Any]) -> Said | None:
    """Why a resume with the journal's first line `new` of a run begun as `old` is refused, with the options to give
    to resume it; None when the runs are alike."""
    changed = _changes(old, new)
    if not changed:
        return None
    options = list({first.en: first for _, first in changed if first is not None}.values())  # (--policy: twice)
    shown = Said(f" ({', '.join(o.en for o in options)})", f"（{'、'.join(o.zh for o in options)}）") if options \
        else Said("", "")
    return Said("the interrupted run was different: " + "; ".join(c.en for c, _ in changed)
                + f". Run it again as it was{shown.en} to resume it, or without --resume to start afresh",
                "中断的那次运行与这次不同：" + "；".join(c.zh for c, _ in changed)
                + f"。要继续它，请按原样{shown.zh}再运行；或去掉 --resume 从头开始")


# The options whose value, when not typed, follows from others (`default_chunk_size`, --explain's exact engine).
_IMPLIED = ("engine", "chunk_size")

# The options the default chunk size follows (`default_chunk_size`): said first, as the change the user made.
_FIRST = ("engine", "brief", "explain")

_OPTIONS = {"date": Said("--date", "--date "), "chosen": Said("--policy", "--policy "),
            "engine": Said("--engine", "--engine "), "brief": Said("--brief", "--brief "),
            "explain": Said("--explain", "--explain "), "lang": Said("--lang", "--lang "),
            "format": Said("the output format", "输出格式"), "chunk_size": Said("--chunk-size", "--chunk-size "),
            "today": Said("today's date", "当天日期"), "journal": Said("the journal's version", "日志版本"),
            "ignored": Said("--ignore-column", "--ignore-column "),
            "renamed": Said("--rename-column", "--rename-column "),
            "renamed_values": Said("--rename-value", "--rename-value ")}


def _as_typed(key: str, value: Any) -> Said | None:
    """An option as the interrupted run gave it, quoted as code, to be copied without the punctuation after it:
    `` `--explain` ``, `` `--date 2026-03-01` ``, ``without `--brief` ``."""
    named = _OPTIONS.get(key)
    if named is None or not named.en.startswith("--"):
        return None
    option = named.en
    if value is None or value is False:
        return Said(f"without `{option}`", f"不加 `{option}`")
    if value is True:
        return Said(f"`{option}`", f"`{option}`")
    written = f"`{option} {','.join(value) if isinstance(value, list) else value}`"
    return Said(written, written)


def _policy_as_typed(old: dict[str, Any], new: dict[str, Any]) -> Said | None:
    """The interrupted run's policy option, from the policy files it kept (`policies`: [file, SHA-256] each): `--policy
    FILE` where it chose one, unless that file was edited since (the option cannot resume it then), `without
    --policy` where it chose none (its files were those of a folder)."""
    if not old.get("chosen"):
        return Said("without `--policy`", "不加 `--policy`") if new.get("chosen") else None
    used = old.get("policies") or []
    if len(used) != 1 or dict(new.get("policies") or []).get(used[0][0], used[0][1]) != used[0][1]:
        return None
    option = f"`--policy {shell_word(used[0][0])}`"
    return Said(option, option)


def _shown(value: Any) -> Said:
    if value is None:
        return Said("not given", "未给出")
    if isinstance(value, bool):
        return Said("given", "已给出") if value else Said("not given", "未给出")
    if isinstance(value, list):  # the names of --ignore-column, the pairs of --rename-column and --rename-value
        return Said(",".join(value), ",".join(value))
    return Said(str(value), str(value))


def _changed_files(then: Any, now: Any) -> Said:
    """Which input files differ, by name: each is identified by [name, size, modification time]."""
    before = {f[0]: f[1:] for f in then or []}
    after = {f[0]: f[1:] for f in now or []}
    names = [Path(name).name for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]
    files = listed_said(names)
    return Said(files.en + (" differs" if len(names) == 1 else " differ"), files.zh + " 不同")


# -- the run ----------------------------------------------------------------------------


def identity(source: Input, settings: Settings, old_path: Path | None, typed: dict[str, Any]) -> dict[str, Any]:
    """What the journal's first line fixes of a run besides its chunk size, which a resumed run must share: the input
    (files, sizes, times), the policies, the dates and the options, and --only-changed's file as it was. `typed`: the
    engine and chunk size as typed (None: left out), which a resumed run need not share, kept to say a refusal in the
    options the user gave."""
    def fingerprint(path: Path) -> list[Any]:
        st = path.stat()
        return [str(path), st.st_size, st.st_mtime_ns]

    return {
        "input": source.fingerprint(),
        "policies": [[p.file, p.sha256] for p in settings.policies],
        "chosen": settings.chosen is not None,
        "date": settings.forced_date.isoformat() if settings.forced_date else None,
        "today": settings.today.isoformat(),
        "engine": settings.engine,
        "explain": settings.explain, "brief": settings.brief, "lang": settings.lang if settings.explained else None,
        "format": settings.fmt,
        "only_changed": fingerprint(old_path) if old_path is not None else None,
        "typed": typed,
        **({"ignored": sorted(settings.ignored)} if settings.ignored else {}),  # (a journal from before has none)
        **({"renamed": source.renamed.written} if source.renamed and source.renamed.pairs else {}),
        **({"renamed_values": source.renamed.values_written} if source.renamed and source.renamed.values else {}),
    }


def default_chunk_size(engine: str, source: Input, explained: bool) -> int:
    """Households per chunk: Parquet read as columns pays per chunk, not per household, so its chunks are larger;
    an explained household (--explain, --brief) takes a millisecond or so and --explain writes some 49 KB, so those
    chunks are small (memory, and both cores busy to the end)."""
    from engine.batch.parquet_input import ParquetFolder, ParquetHouseholds

    if explained:
        return 500
    if engine == "exact":
        return 2000
    return 25_000 if isinstance(source, ParquetHouseholds | ParquetFolder) else 5000


def run(source: Input, settings: Settings, paths: Paths, *, jobs: int, chunk_size: int, resume: bool,
        identity: dict[str, Any], progress: Callable[[int, int, float], None] | None = None,
        started: float | None = None) -> Summary:
    """Evaluate every record of `source` into `paths.output`; see the module docstring. `started`: when the run began
    (`time.perf_counter()`), if its input was planned before this call; its seconds count from there."""
    global _settings
    started = time.perf_counter() if started is None else started
    header = {"journal": JOURNAL_VERSION, "chunk_size": chunk_size, **identity}
    summary = Summary()
    skip = 0
    if resume:
        old_header, last = _read_journal(paths.journal)
        refused = refusal(old_header, orjson.loads(orjson.dumps(header)))
        if refused is not None:
            raise ResumeError(refused)
        out_size = err_size = 0
        if last is not None:
            skip = int(last["chunk"]) + 1
            out_size, err_size = int(last["output_bytes"]), int(last["errors_bytes"])
            summary.restore(last["counts"])
            summary.resumed_from = summary.households
        for partial, size in ((paths.partial, out_size), (paths.errors_partial, err_size)):
            if not partial.exists() or partial.stat().st_size < size:
                raise ResumeError(Said(f"{partial.name} is missing or shorter than the journal says; "
                                       "run again without --resume",
                                       f"{partial.name} 不见了，或比日志记载的短；请去掉 --resume 重新运行"))
        out: IO[bytes] = paths.partial.open("r+b")
        out.truncate(out_size)
        out.seek(out_size)
        err: IO[bytes] = paths.errors_partial.open("r+b")
        err.truncate(err_size)
        err.seek(err_size)
        journal: IO[bytes] = paths.journal.open("ab")
        journal_lines = paths.journal.read_bytes().split(b"\n")[1:]
        spans = [(int(e["output_start"]), int(e["output_bytes"])) for e in
                 (orjson.loads(x) for x in journal_lines[:skip])]
    else:
        out, err, journal = _fresh_files(paths)
        journal.write(orjson.dumps(header) + b"\n")
        _sync(journal)
        spans = []
    if jobs > 1:
        settings = dataclasses.replace(settings, handoff=str(paths.handoff))
    _settings = settings
    _warm_up(settings)
    sink = ParquetSink(paths.staged, settings.columns) if settings.fmt == "parquet" else None
    shutil.rmtree(paths.handoff, ignore_errors=True)  # left by a run killed outright
    try:
        if settings.handoff is not None:
            paths.handoff.mkdir()
        if sink is not None:
            sink.replay(paths.partial, spans)
        committer = _Committer(out, err, journal)
        ids = RepeatedIds()
        if progress is not None:  # at once: reading the input may take a while before the first chunk is done
            progress(summary.households, 0, 0.0)
        try:
            with without_cycle_collection():  # the chunks this process makes (CSV rows), the pool's traffic
                for result in _ordered_results(_chunks(source, chunk_size, skip), jobs):
                    start = out.tell()
                    _take(out, result, sink)
                    err.write(result.errors)
                    out.flush()
                    err.flush()
                    summary.add(result)
                    ids.add(result.decided_ids, result.decided_numbers)
                    spans.append((start, out.tell()))
                    entry = {"chunk": result.index, "output_start": start, "output_bytes": out.tell(),
                             "errors_bytes": err.tell(), "counts": summary.counts()}
                    committer.commit(orjson.dumps(entry) + b"\n")
                    if progress is not None:
                        progress(summary.households, summary.households - summary.resumed_from,
                                 time.perf_counter() - started)
        finally:
            committer.close()
        summary.repeated_ids, summary.repeated_at = ids.found()
    finally:
        out.close()
        err.close()
        journal.close()
        if sink is not None:
            sink.close()
        _settings = None
        shutil.rmtree(paths.handoff, ignore_errors=True)
    with held():  # the renames stay whole
        _finish(paths, settings)
    summary.seconds = time.perf_counter() - started
    return summary


def run_to_stream(source: Input, settings: Settings, out: IO[bytes], *, errors: Path | None,
                  report: Callable[[bytes], None], jobs: int, chunk_size: int,
                  progress: Callable[[int, int, float], None] | None = None,
                  started: float | None = None) -> Summary:
    """Evaluate every record of `source` into a stream (`-o -`, standard output), each chunk written as soon as
    those before it are, in input order: JSON Lines or CSV, no journal, nothing to resume.

    Bad records go to the `errors` file (kept under a hidden name beside it until the run is done, then
    renamed into place) or, without one, each line to `report`. Stopped by an error or an interrupt, the
    errors file is not written; what reached `out` stays there. `started`: as for `run`."""
    global _settings
    started = time.perf_counter() if started is None else started
    summary = Summary()
    partial = hidden_beside(errors, "partial") if errors is not None else None
    err = partial.open("wb") if partial is not None else None
    _settings = settings
    _warm_up(settings)
    ids = RepeatedIds()
    try:
        if progress is not None:
            progress(0, 0, 0.0)
        with without_cycle_collection():
            for result in _ordered_results(_chunks(source, chunk_size, 0), jobs):
                _write_all(out, result.output)
                if err is not None:
                    err.write(result.errors)
                elif result.errors:
                    report(result.errors)
                summary.add(result)
                ids.add(result.decided_ids, result.decided_numbers)
                if progress is not None:
                    progress(summary.households, summary.households, time.perf_counter() - started)
        if err is not None and partial is not None and errors is not None:  # (all three, or none)
            if settings.errors_compression is not None and err.tell() == 0:
                err.write(compress(b"", settings.errors_compression))  # a file of no bad record is still whole
            _sync(err)
            err.close()
            os.replace(partial, errors)
            fsync_dir(errors.parent)
    except BaseException:
        if err is not None and partial is not None:
            err.close()
            partial.unlink(missing_ok=True)
        raise
    finally:
        _settings = None
    summary.repeated_ids, summary.repeated_at = ids.found()
    summary.seconds = time.perf_counter() - started
    return summary


def _write_all(out: IO[bytes], data: bytes) -> None:
    """Write all of `data` to a stream and flush it. A pipe may take only part of a write (when its reader goes
    away during it, the part before): the rest is written again, which then raises `BrokenPipeError`."""
    view = memoryview(data)
    while view:
        view = view[out.write(view):]
    out.flush()


def _fresh_files(paths: Paths) -> tuple[IO[bytes], IO[bytes], IO[bytes]]:
    """The partial files and the journal of a new run; when one cannot be made, none is left behind."""
    opened: list[IO[bytes]] = []
    try:
        for path in (paths.partial, paths.errors_partial, paths.journal):
            opened.append(path.open("wb"))
    except OSError:
        for handle in opened:
            handle.close()
            Path(handle.name).unlink(missing_ok=True)
        raise
    out, err, journal = opened
    return out, err, journal


def _warm_up(settings: Settings) -> None:
    """Compile every policy before the workers fork, so each inherits the programs ready to run (and an Arrow
    that does not import pandas, where the run goes through Arrow)."""
    from engine.batch.no_pandas import arrow_without_pandas
    from engine.evaluator import program_for

    if settings.engine == "fast" or settings.fmt == "parquet" or "pyarrow" in sys.modules:  # (a table read by Arrow)
        arrow_without_pandas()

    for policy in settings.policies:
        program_for(policy)
        if settings.engine == "fast":
            from engine.batch.columnar import Unsupported, fast_program

            with contextlib.suppress(Unsupported):
                fast_program(policy)


class _Committer:
    """Makes each written chunk durable in a thread of its own, so that the run goes on meanwhile.

    For each chunk, in order: the partial files (already flushed to the system) are synced, then
    its journal line is written and synced — a journal line never names bytes not yet on disk. A
    failure to sync stops the run at the next chunk, or at `close`, which waits for every line."""

    def __init__(self, out: IO[bytes], err: IO[bytes], journal: IO[bytes]):
        self.files = (out.fileno(), err.fileno())
        self.journal = journal
        self.lines: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="policy-journal", daemon=True)
        self.thread.start()

    def commit(self, line: bytes) -> None:
        if self.failure is not None:
            raise self.failure
        self.lines.put(line)

    def close(self) -> None:
        self.lines.put(None)
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        while (line := self.lines.get()) is not None:
            if self.failure is not None:
                continue
            try:
                for descriptor in self.files:
                    os.fsync(descriptor)
                self.journal.write(line)
                _sync(self.journal)
            except BaseException as error:  # handed to the run, which stops with it
                self.failure = error


def _sync(handle: IO[bytes]) -> None:
    handle.flush()
    os.fsync(handle.fileno())


def _finish(paths: Paths, settings: Settings) -> None:
    """Move the finished files into place, each with one atomic rename, then drop the journal."""
    if settings.fmt != "parquet" and paths.partial.stat().st_size == 0:  # nothing written: still a whole file
        from engine.batch.evaluate import encode

        empty = encode([], settings, first=True)  # CSV: the header; JSON Lines: nothing
        if settings.compression is not None:  # an empty file is no gzip (…) stream: one of nothing is
            empty = compress(empty, settings.compression)
        paths.partial.write_bytes(empty)
    if settings.errors_compression is not None and paths.errors_partial.stat().st_size == 0:
        paths.errors_partial.write_bytes(compress(b"", settings.errors_compression))
    if settings.fmt == "parquet":
        _fsync_file(paths.staged)
        os.replace(paths.staged, paths.output)
        paths.partial.unlink()
    else:
        os.replace(paths.partial, paths.output)
    os.replace(paths.errors_partial, paths.errors)
    fsync_dir(paths.output.parent)
    paths.journal.unlink()


def _fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def read_today(paths: Paths) -> datetime.date | None:
    """The `today` an interrupted run was started with, so its resumption decides alike."""
    header, _ = _read_journal(paths.journal)
    text = header.get("today")
    return datetime.date.fromisoformat(text) if isinstance(text, str) else None
