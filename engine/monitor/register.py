"""The register: households over time, in one embedded SQLite file.

Input: a path (`policy-register.sqlite3` by default). Output: a `Register` that
records policies, batches (an ingest or a reassessment), snapshots and review
applications, and answers the queries alerts and `show` need.
Invariants:
* snapshots are never changed or deleted — triggers refuse it — so any past
  decision can be read back and replayed; a snapshot identical to one already
  recorded (same household, date, policy and household JSON) is not added twice;
* a snapshot recorded by mistake is voided by a row of `voids` (reason, who,
  when), never changed or deleted: it stays in the history, and is no longer one
  the register goes by (`COUNTS`); a void withdrawn, and a snapshot voided again
  after that, are rows of `void_events` beside it, never changed or deleted
  either: the last of them says whether the void is in force;
* an application is never deleted, and changed only as `close` changes it — its
  decision date set once, a date on or after the application's — triggers refuse
  anything else; one is added undecided, its dates dates (a hand-made INSERT that
  is so cannot be told from `apply`'s); one recorded by
  mistake is voided by a row of `application_voids` beside it, and no longer
  gone by: no open application, no alert;
* every write happens inside `transaction()`: all of it lands or none of it does;
* each policy that decided something is kept with its bytes and sha256, so a
  decision can be replayed even after the file has changed; a version name stands
  for one set of rules: a file edited without a new name is refused
  (`engine.monitor.versions`);
* the latest two snapshots of a household (by evaluation date, then recording
  order) are kept in the `latest` table, refreshed set-based in the same
  transaction as every insert, so alerts read one row per household whatever the
  length of its history; a what-if (a snapshot its policy decided outside its
  window) recorded beside a snapshot in force on the same date is never one of
  them: it would otherwise take that one's place;
* a register of an earlier format is brought up to this one when it is opened, by
  adding what the format lacks; nothing recorded is rewritten.
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import hashlib
import os
import re
import sqlite3
import stat
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import orjson

from engine.diagnostics import Said, path_in_prose
from engine.model import Policy, window_said

DEFAULT_NAME = "policy-register.sqlite3"
APPLICATION_ID = 0x504C5259  # marks the file as a policy register
# 2: snapshots keep the two sides of each comparison clause (`sides`); 3: snapshots can be voided (`voids`);
# 4: a void can be withdrawn, and the snapshot voided again (`void_events`); 5: applications are changed only by
# recording their decision, and one recorded by mistake is voided (`application_voids`); 6: an application's dates
# are dates, its decision on or after it; 7: an ingest's snapshots are found by an index (`void --ingest NUMBER`);
# 8: a household's departure from the register (`departures`: moved to another township, died); 9: a departure
# recorded by mistake is withdrawn (`departure_voids`)
SCHEMA_VERSION = 9

SCHEMA = """
CREATE TABLE policies (
    id INTEGER PRIMARY KEY,
    policy_id TEXT NOT NULL,
    version TEXT NOT NULL,
    file TEXT NOT NULL,             -- as the command was given it
    path TEXT NOT NULL,             -- absolute, to find it again
    sha256 TEXT NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    outline TEXT NOT NULL,          -- labels of categories, clauses and values (JSON)
    text BLOB NOT NULL,             -- the file's bytes, for replaying after the file changed
    UNIQUE (path, sha256)
);
CREATE TABLE batches (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('ingest', 'reassess')),
    source TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    snapshots INTEGER NOT NULL DEFAULT 0,
    bad INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    household TEXT NOT NULL,
    date TEXT NOT NULL,             -- the evaluation date
    batch INTEGER NOT NULL REFERENCES batches (id),
    policy INTEGER NOT NULL REFERENCES policies (id),
    source TEXT NOT NULL,           -- file:line of the record
    status TEXT NOT NULL,           -- canonical categories, see engine.monitor.snapshot
    near_gap REAL,                  -- smallest relative distance to a line, NULL when none
    digest BLOB NOT NULL,           -- sha256 of household_json
    household_json BLOB NOT NULL,
    decision_json BLOB NOT NULL,
    verdicts BLOB NOT NULL,
    near BLOB,
    sides BLOB                      -- JSON, see engine.monitor.snapshot; NULL in snapshots of format 1
);
CREATE INDEX snapshots_history ON snapshots (household, date, id);
CREATE UNIQUE INDEX snapshots_once ON snapshots (household, date, policy, digest);
CREATE TRIGGER snapshots_never_change BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are never changed: record a new one'); END;
CREATE TRIGGER snapshots_never_go BEFORE DELETE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are never deleted'); END;
CREATE TABLE latest (                -- each household's last two snapshots, kept with every insert
    household TEXT PRIMARY KEY,
    id INTEGER NOT NULL,
    date TEXT NOT NULL,
    status TEXT NOT NULL,
    near_gap REAL,
    batch INTEGER NOT NULL,
    previous INTEGER,
    previous_date TEXT,
    previous_status TEXT
) WITHOUT ROWID;
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    household TEXT NOT NULL,
    applied TEXT NOT NULL,
    special INTEGER NOT NULL,
    working_days INTEGER NOT NULL,
    due TEXT NOT NULL,
    policy INTEGER NOT NULL REFERENCES policies (id),
    decided TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX applications_open ON applications (due) WHERE decided IS NULL;
CREATE INDEX applications_by_household ON applications (household, applied);
"""

# what one ingest or reassessment recorded, read without reading every snapshot (`void --ingest NUMBER`)
BATCH_INDEX = "CREATE INDEX IF NOT EXISTS snapshots_by_batch ON snapshots (batch);"


def _kept_for_good(table: str, changed: str, deleted: str) -> str:
    """SQL: the triggers that refuse to change or delete a row of `table`, with what each refusal says."""
    return f"""
CREATE TRIGGER IF NOT EXISTS {table}_never_change BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{changed}'); END;
CREATE TRIGGER IF NOT EXISTS {table}_never_go BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{deleted}'); END;
"""


def _voids(table: str, column: str, of: str, deleted: str) -> str:
    """SQL: the table of the rows of `of` recorded by mistake (reason, who, when), kept beside them for good."""
    return f"""
CREATE TABLE IF NOT EXISTS {table} (
    {column} INTEGER PRIMARY KEY REFERENCES {of} (id),
    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
    voided_by TEXT NOT NULL,
    voided_at TEXT NOT NULL
);
""" + _kept_for_good(table, "voids are never changed", deleted)


# snapshots recorded by mistake: kept, struck out, no longer gone by
VOIDS = _voids("voids", "snapshot", "snapshots",
               "voids are never deleted: withdraw one with policy monitor void --undo")

VOID_EVENTS = """
CREATE TABLE IF NOT EXISTS void_events (  -- after a snapshot's first void (`voids`): withdrawn, voided again, ...
    id INTEGER PRIMARY KEY,
    snapshot INTEGER NOT NULL REFERENCES voids (snapshot),
    kind TEXT NOT NULL CHECK (kind IN ('withdrawn', 'voided')),
    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS void_events_of ON void_events (snapshot, id);
""" + _kept_for_good("void_events", "void events are never changed", "void events are never deleted")

APPLICATION_VOIDS = """
CREATE TRIGGER IF NOT EXISTS applications_only_decided BEFORE UPDATE ON applications
WHEN OLD.decided IS NOT NULL OR NEW.decided IS NULL OR NEW.id IS NOT OLD.id OR NEW.household IS NOT OLD.household
    OR NEW.applied IS NOT OLD.applied OR NEW.special IS NOT OLD.special OR NEW.working_days IS NOT OLD.working_days
    OR NEW.due IS NOT OLD.due OR NEW.policy IS NOT OLD.policy OR NEW.recorded_at IS NOT OLD.recorded_at
BEGIN SELECT RAISE(ABORT, 'applications are never changed but by recording their decision: policy monitor close'); END;
CREATE TRIGGER IF NOT EXISTS applications_never_go BEFORE DELETE ON applications
BEGIN SELECT RAISE(ABORT, 'applications are never deleted: void one with policy monitor void --application'); END;
""" + _voids("application_voids", "application", "applications", "voids are never deleted")  # kept, no longer gone by

# a decision date set by hand in SQL (`garbage`, one before the application) would be shown and counted as given;
# an application added by hand cannot be told from one `apply` adds: its dates are checked, no more
APPLICATION_DATES = """
CREATE TRIGGER IF NOT EXISTS applications_decided_a_date BEFORE UPDATE OF decided ON applications
WHEN NEW.decided IS NOT date(NEW.decided) OR NEW.decided < OLD.applied
BEGIN SELECT RAISE(ABORT, 'a decision date is a date YYYY-MM-DD on or after the application date'); END;
CREATE TRIGGER IF NOT EXISTS applications_added_undecided BEFORE INSERT ON applications
WHEN NEW.decided IS NOT NULL OR NEW.applied IS NOT date(NEW.applied) OR NEW.due IS NOT date(NEW.due)
BEGIN SELECT RAISE(ABORT, 'an application is added undecided, with its dates YYYY-MM-DD: policy monitor apply'); END;
"""

# a household that left the register (moved to another township, died), on a date; it counts while no snapshot of
# the household is dated after it: a record of a later date brings the household back
DEPARTURES = """
CREATE TABLE IF NOT EXISTS departures (
    id INTEGER PRIMARY KEY,
    household TEXT NOT NULL,
    date TEXT NOT NULL CHECK (date IS date(date)),
    reason TEXT NOT NULL CHECK (trim(reason) <> ''),
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS departures_of ON departures (household, date);
""" + _kept_for_good("departures", "departures are never changed: a record of the household dated later brings it back",
                     "departures are never deleted: a record of the household dated later brings it back")

# a departure recorded by mistake (the wrong household): withdrawn, kept beside it, no longer gone by
DEPARTURE_VOIDS = _voids("departure_voids", "departure", "departures",
                         "withdrawals are never deleted: record the departure again with policy monitor leave")

# SQL: the row `d` of `departures` is not withdrawn
_DEPARTURE_COUNTS = "NOT EXISTS (SELECT 1 FROM departure_voids w WHERE w.departure = d.id)"


def _stays(household: str, latest_date: str) -> str:
    """SQL: the household has not left the register: no departure of it, not withdrawn, dated on or after its latest
    snapshot."""
    return (f"NOT EXISTS (SELECT 1 FROM departures d WHERE d.household = {household} "
            f"AND d.date >= COALESCE({latest_date}, '') AND {_DEPARTURE_COUNTS})")


# SQL: the household of the row of `applications` at hand has not left the register (one known only from its
# application too)
_APPLICANT_STAYS = _stays("applications.household",
                          "(SELECT l.date FROM latest l WHERE l.household = applications.household)")

# SQL: the row of `applications` at hand is not voided
_APPLICATION_COUNTS = "NOT EXISTS (SELECT 1 FROM application_voids w WHERE w.application = applications.id)"


def _in_force(s: str, p: str) -> str:
    """SQL: the snapshot `s` was decided by its policy `p` in force on its date, not as a what-if."""
    return f"({s}.date >= {p}.effective_from AND ({p}.effective_to IS NULL OR {s}.date <= {p}.effective_to))"


def _live(s: str) -> str:
    """SQL: the snapshot `s` is not voided: never, or its void withdrawn since (the last of its `void_events`)."""
    return (f"(NOT EXISTS (SELECT 1 FROM voids v WHERE v.snapshot = {s}.id) OR (SELECT e.kind FROM void_events e "
            f"WHERE e.snapshot = {s}.id ORDER BY e.id DESC LIMIT 1) = 'withdrawn')")


# SQL: the reason of the last void made of the snapshot `s` (the one in force, when it is voided)
_VOID_REASON = ("COALESCE((SELECT e.reason FROM void_events e WHERE e.snapshot = s.id AND e.kind = 'voided' "
                "ORDER BY e.id DESC LIMIT 1), (SELECT v.reason FROM voids v WHERE v.snapshot = s.id))")


# SQL: the snapshot `s` (decided by the policy `p`) is one that alerts, reassessments and `show` go by: not voided,
# and not a what-if recorded beside a snapshot in force on the same date, which would otherwise take that one's place
COUNTS = (f"({_live('s')} AND ({_in_force('s', 'p')} OR NOT EXISTS (SELECT 1 FROM snapshots o JOIN policies q "
          f"ON q.id = o.policy WHERE o.household = s.household AND o.date = s.date AND {_in_force('o', 'q')} "
          f"AND {_live('o')})))")


_COMMENT = re.compile(r"('(?:[^']|'')*')|--.*")  # a comment to the line's end, not a `--` within a text in quotes


def _statements(script: str) -> Iterator[str]:
    """The statements of a script, one by one (a trigger's body holds semicolons of its own)."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += _COMMENT.sub(lambda m: m[1] or "", line.rstrip("\n")) + ("\n" if line.endswith("\n") else "")
        if sqlite3.complete_statement(pending):
            yield pending.strip()
            pending = ""


class RegisterError(Exception):
    """The register cannot be used as asked: a user's mistake, worded for them in both languages."""

    def __init__(self, message: Said, help: Said | None = None):
        self.said, self.help = message, help
        super().__init__(message.en)


_NO_REGISTER_HELP = Said("record households first with `policy monitor ingest FILE`, or give --db FILE",
                         "请先用 `policy monitor ingest 文件` 记录家庭，或用 --db 文件 指定台账")

# a damaged SQLite file (cut short, saved by a text editor) is most often the register itself: moved away, the next
# ingest would start an empty one in its place, unsaid
_RESTORE = Said("if this is the register, restore it from a backup copy (see “The register file” in docs/monitor.md) "
                "and keep this file as it is, for whoever can repair it: moved away, the next ingest would start an "
                "empty register here; else give the register with --db",
                "如果这就是台账，请用备份的副本恢复（见 docs/monitor.md 的 “The register file” 一节），并原样保留这个"
                "文件以便修复：把它移走，下次 ingest 会在这里新建一个空台账；否则请用 --db 指定台账")
_NOT_SQLITE = Said("give the register with `--db`: this file is not one", "请用 --db 指定台账：这个文件不是台账")


def damaged(error: BaseException) -> bool:
    """Whether SQLite could not read the file as a database: damaged (SQLITE_CORRUPT) or not one (SQLITE_NOTADB)."""
    return isinstance(error, sqlite3.DatabaseError) and getattr(error, "sqlite_errorcode", None) in (11, 26)


def unreadable(path: Path, error: sqlite3.DatabaseError | str) -> RegisterError:
    """The refusal of a file SQLite cannot read as a register, with how to get the register back."""
    from engine.system_words import sqlite_words
    from engine.working_files import sqlite_file

    why = sqlite_words(error, "无法作为 SQLite 数据库读取")  # (any other reason: that it cannot be read as one)
    return RegisterError(Said(f"{path}: not a policy register ({why.en})", f"{path} 不是政策监测台账（{why.zh}）"),
                         help=_RESTORE if sqlite_file(path) else _NOT_SQLITE)


def refusal(path: Path, error: sqlite3.DatabaseError) -> RegisterError:
    """Why a file could not be opened as a register: the disk it is on full, read-only, not allowed to this account
    or failing, or the file unreadable."""
    from engine.monitor.disk_errors import disk_trouble

    return disk_trouble(path, error) or unreadable(path, error)


def _cannot_open(path: Path, error: OSError) -> RegisterError:
    """The refusal of a --db path the system would not even look up: too long, said with what to shorten; in a folder
    this account may not search, said with the folder and what to do; else in the system's words."""
    if error.errno != errno.ENAMETOOLONG:
        from engine.monitor.disk_errors import not_searched, unsearchable_folder
        from engine.system_words import what_to_do, why_not_read

        shut = unsearchable_folder(path) if isinstance(error, PermissionError) else None
        if shut is not None:  # (the system's `Permission denied` names neither the folder nor what to do)
            searched, fix = not_searched(shut)
            return RegisterError(Said(f"{path}: cannot open the register: {searched.en}",
                                      f"{path}：无法打开台账：{searched.zh}"), help=fix)
        why = why_not_read(error)
        return RegisterError(Said(f"{path}: cannot open the register: {why.en}", f"{path}：无法打开台账：{why.zh}"),
                             help=what_to_do(error))
    return _too_long_to_open(path)


def _no_room_beside(path: Path, create: bool) -> RegisterError | None:
    """The refusal of a register whose name is too long for the files SQLite keeps beside it (`NAME-journal` for
    one to be made, `NAME-wal` for one there), where SQLite said only `unable to open database file`; None when
    there is room."""
    from engine.diagnostics import NAME_MAX, bytes_long
    from engine.working_files import sqlite_beside

    beside = sqlite_beside(path, create)
    return _too_long_to_open(path, beside) if bytes_long(path.name + beside) > NAME_MAX else None


def _too_long_to_open(path: Path, beside: str = "") -> RegisterError:
    """`too_long`'s words for a --db path (with `beside`, what SQLite adds to its name), with what to give instead."""
    from engine.diagnostics import too_long

    what, shorter = too_long(path, beside)
    return RegisterError(Said(f"{path}: cannot open the register: {what.en}", f"{path}：无法打开台账：{what.zh}"),
                         help=Said(f"give `--db` {shorter.en}", f"请用 --db 指定{shorter.zh}"))


_GIVE_THE_FILE = Said("give the register's file", "请给出台账文件")
# what is at a path that is not a file, by `stat.S_IFMT` of its mode
_NOT_A_FILE = {stat.S_IFDIR: Said("a folder", "文件夹"), stat.S_IFIFO: Said("a named pipe", "命名管道"),
               stat.S_IFCHR: Said("a device", "设备"), stat.S_IFBLK: Said("a device", "设备"),
               stat.S_IFSOCK: Said("a socket", "套接字")}


def not_a_file(path: Path) -> Said | None:
    """Why what is at `path` cannot be the register — a folder, a named pipe, a device or a socket — with what to
    give instead (`/tmp/reg is a named pipe, not a file; give the register's file`), its paths as `path_in_prose`
    sets them: SQLite opening a named pipe waits for a writer, and SIGTERM does not end that wait; `/dev/null` it
    takes for an empty file. None for a file, nothing there, or a path the system refuses (said as itself)."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return _not_a_file(path, found.st_mode)


def _not_a_file(path: Path, mode: int) -> Said | None:
    """`not_a_file`'s words for what is at `path`, by its `mode` as one look-up found it."""
    kind = _NOT_A_FILE.get(stat.S_IFMT(mode))
    if kind is None:
        return None
    name = path_in_prose(str(path))
    give = _GIVE_THE_FILE
    if stat.S_ISDIR(mode):
        inside = path_in_prose(str(path / DEFAULT_NAME))
        give = Said(f"{give.en}, e.g. {inside}", f"{give.zh}，例如 {inside}")
    return Said(f"{name} is {kind.en}, not a file; {give.en}", f"{name} 是{kind.zh}，不是文件：{give.zh}")


def no_file_at(path: Path) -> Said | None:
    """What is at `path` where there is no file to read the register from — nothing, or what `not_a_file` says — with
    what to give instead (`there is no file at /srv/reg.sqlite3 now; give the register's file`), from one look-up;
    None for a file, or a path the system refuses (said as itself)."""
    try:
        found = _found(path)
    except OSError:
        return None
    if found is None:
        name = path_in_prose(str(path))
        return Said(f"there is no file at {name} now; {_GIVE_THE_FILE.en}",
                    f"{name} 处现在没有文件：{_GIVE_THE_FILE.zh}")
    return _not_a_file(path, found.st_mode)


def read_only_uri(path: Path, immutable: bool = False) -> str:
    """The SQLite URI that opens the file at `path` to be read, never written (`mode=ro`); its name percent-encoded, so
    that a `?` or `#` in it is part of the name. `immutable`: the file is on a filesystem mounted read-only, where
    nothing can change it and SQLite may make none of the files it reads a WAL register with beside it (`NAME-shm`):
    it is read without them, nor any lock — unless a `NAME-wal` is left there, holding writes not yet in the file,
    which SQLite must read with it."""
    uri = f"{path.absolute().as_uri()}?mode=ro"
    try:
        left = os.stat(f"{path}-wal").st_size > 0
    except OSError:  # (none there)
        left = False
    return f"{uri}&immutable=1" if immutable and not left else uri


def _found(path: Path) -> os.stat_result | None:
    """What is at `path`, looked up once, so that every check of it reads the same answer (a look-up for each could
    be answered by another file, made between them); None where nothing is. Raises the system's refusal of a path it
    would not look up (a name too long)."""
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _still_a_file(path: Path) -> None:
    """Refuse, as `not_a_file` says it, what was made at `path` since it was looked at and before SQLite reads it: a
    named pipe SQLite told as a disk input/output error, for which the register would be checked for damage by opening
    the pipe again, to wait there for a writer."""
    not_file = not_a_file(path)
    if not_file is not None:
        raise RegisterError(not_file)


@dataclass(frozen=True)
class SnapshotRow:
    """What an ingest or a reassessment adds for one household."""

    household: str
    date: str
    source: str
    policy: int
    status: str
    near_gap: float | None
    household_json: bytes
    decision_json: bytes
    verdicts: bytes
    near: bytes | None
    sides: bytes | None


@dataclass(frozen=True)
class SameDay:
    """A snapshot already recorded for a household on a date, as an ingest judges a record of that date by."""

    policy: int
    digest: bytes
    household_json: bytes
    source: str
    voided: bool
    batch: int = 0  # the ingest or reassessment that recorded it: its id, what it read and when
    batch_source: str = ""
    recorded_at: str = ""


class ReassessedRow(NamedTuple):
    """A snapshot a reassessment recorded, with where it was made from (`source`: `snapshot #6 of DS-0006`)."""

    id: int
    household: str
    date: str
    batch: int  # the reassessment's number
    source: str
    voided: bool
    ever_voided: bool
    reason: str | None  # of its last void: the one in force when it is voided


def digest_of(household_json: bytes) -> bytes:
    return hashlib.sha256(household_json).digest()


@dataclass(frozen=True)
class PolicyRecord:
    id: int
    policy_id: str
    version: str
    file: str
    path: str
    sha256: str
    outline: dict[str, Any]
    text: bytes
    effective_from: str = ""
    effective_to: str | None = None

    def in_force(self, date: str) -> bool:
        """Whether this version is in force on `date` (ISO): a snapshot it decided on another day is a what-if."""
        return self.effective_from <= date and (self.effective_to is None or date <= self.effective_to)

    def window(self) -> str:
        return window_said(self.effective_from, self.effective_to)


def now() -> str:
    return datetime.datetime.now().astimezone().isoformat(timespec="seconds")


class Register:
    """An open register; use as a context manager, or call `close()`."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.db = connection
        self.path = path
        self._policies: dict[int, tuple[Policy, int]] = {}
        self._outlines: dict[int, PolicyRecord] = {}
        self.read_only = False  # opened to be read only, on a filesystem mounted read-only (`open`)
        self.created = False  # made by this opening: there was no register at the path (and none after `close`, when
        # nothing was recorded in it)

    # opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, create: bool = True, read_only: bool = False) -> Register:
        """Open (and, when `create`, make) the register at `path`; raises `RegisterError`. `read_only`: for a command
        that records nothing, which reads a register on a filesystem mounted read-only too (`read_only_uri`): SQLite
        would refuse to read it else, unable to make the files it reads a WAL register with beside it."""
        try:
            found = _found(path)
        except OSError as error:  # a name or a path longer than the system takes (else the system's own refusal)
            raise _cannot_open(path, error) from None
        if found is not None and stat.S_ISDIR(found.st_mode):
            raise RegisterError(Said(f"{path}: is a folder, not a register file", f"{path} 是文件夹，不是台账文件"),
                                help=Said(f"give a file, e.g. --db {path / DEFAULT_NAME}",
                                          f"请给出一个文件，例如 --db {path / DEFAULT_NAME}"))
        not_file = None if found is None else _not_a_file(path, found.st_mode)  # (before SQLite opens it: a named
        if not_file is not None:  # pipe would wait there for a writer)
            raise RegisterError(not_file)
        there = found is not None
        if not there and not create:
            raise RegisterError(Said(f"{path}: no register here", f"{path}：这里没有监测台账"), help=_NO_REGISTER_HELP)
        no_room = _no_room_beside(path, create)
        if no_room is not None:
            raise no_room
        from engine.monitor.disk_errors import disk_trouble, not_made, read_only_filesystem

        made = not there  # (SQLite makes the file as it opens it)
        try:
            read_only_opening = read_only and there and read_only_filesystem(path)
            if read_only_opening:
                db = sqlite3.connect(read_only_uri(path, immutable=True), uri=True, isolation_level=None, timeout=30)
            else:
                db = sqlite3.connect(path, isolation_level=None, timeout=30)
        except sqlite3.Error as error:  # a file it may not make (a read-only disk, a folder not this account's)
            from engine.system_words import sqlite_words

            _still_a_file(path)
            why = sqlite_words(error)
            raise (not_made(path, error) if made else disk_trouble(path, error)) or RegisterError(
                Said(f"{path}: cannot open the register: {why.en}", f"{path}：无法打开台账：{why.zh}")) from None
        try:
            _still_a_file(path)
        except RegisterError:
            db.close()  # (what was made there is not this opening's to remove)
            raise
        register = cls(db, path)
        register.read_only = read_only_opening
        try:
            register._prepare(create)
        except (sqlite3.DatabaseError, RegisterError) as error:
            db.close()
            # a register the disk stopped being made is not left behind half made, for the other commands to refuse
            # as an empty file (a file there before this opening stays)
            told = not_made(path, error) if register.created else None
            if made:  # (nor an empty file SQLite made, whatever stopped it)
                register._remove()
            if told is not None:
                raise told from None
            if isinstance(error, RegisterError):
                raise
            raise refusal(path, error) from None
        return register

    def _prepare(self, create: bool) -> None:
        db = self.db
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if app_id == 0 and tables == 0 and not create:  # an empty file: reading it must not make it a register
            raise RegisterError(Said(f"{self.path}: an empty file, not a register", f"{self.path} 是空文件，不是台账"),
                                help=_NO_REGISTER_HELP)
        if app_id == 0 and tables == 0:
            self.created = True
            db.execute("PRAGMA journal_mode = WAL")
            with self.transaction():
                for statement in _statements(SCHEMA + VOIDS + VOID_EVENTS + APPLICATION_VOIDS + APPLICATION_DATES
                                             + BATCH_INDEX + DEPARTURES + DEPARTURE_VOIDS):
                    db.execute(statement)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        elif app_id != APPLICATION_ID:
            raise RegisterError(Said(f"{self.path}: an SQLite database, but not a policy register",
                                     f"{self.path} 是 SQLite 数据库，但不是政策监测台账"),
                                help=Said("give another `--db`. `policy monitor` creates a new register where none is",
                                          "请用 --db 指定别的文件；没有台账的地方，`policy monitor` 会新建一个"))
        elif version > SCHEMA_VERSION:
            raise RegisterError(Said(f"{self.path}: written by a newer version of policy (register format {version}, "
                                     f"this one reads {SCHEMA_VERSION})",
                                     f"{self.path} 由更新版本的 policy 写入（台账格式 {version}，本版本只能读取 "
                                     f"{SCHEMA_VERSION}）"),
                                help=Said("update policy to the version that wrote it: in its repository, git pull "
                                          "and pip install -e .",
                                          "请把 policy 更新到写入它的版本：在 policy 的代码库中运行 git pull 和 "
                                          "pip install -e ."))
        elif version < SCHEMA_VERSION and self.read_only:
            from engine.monitor.disk_errors import earlier_format_read_only

            raise earlier_format_read_only(self.path, version, SCHEMA_VERSION)
        elif version < SCHEMA_VERSION:
            self._upgrade(version)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")

    def _upgrade(self, version: int) -> None:
        """Bring a register of an earlier format to this one; what it already holds stays as it is."""
        with self.transaction():
            if version < 2:
                self.db.execute("ALTER TABLE snapshots ADD COLUMN sides BLOB")
            if version < 3:
                for statement in _statements(VOIDS):
                    self.db.execute(statement)
            if version < 4:
                for statement in _statements(VOID_EVENTS):
                    self.db.execute(statement)
                if version == 3:  # its trigger says a void is never undone: one can be withdrawn now
                    self.db.execute("DROP TRIGGER voids_never_go")
                    for statement in _statements(VOIDS):
                        self.db.execute(statement)
            if version < 5:
                for statement in _statements(APPLICATION_VOIDS):
                    self.db.execute(statement)
            if version < 6:
                for statement in _statements(APPLICATION_DATES):
                    self.db.execute(statement)
            if version < 7:
                self.db.execute(BATCH_INDEX)
            if version < 8:
                for statement in _statements(DEPARTURES):
                    self.db.execute(statement)
            if version < 9:
                for statement in _statements(DEPARTURE_VOIDS):
                    self.db.execute(statement)
            if version < 3:
                # a what-if beside a snapshot in force on its date may be the latest that format kept: no more
                self.refresh_latest(r[0] for r in self.db.execute(
                    "SELECT DISTINCT household FROM snapshots GROUP BY household, date HAVING count(*) > 1"))
            self.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the register; one this opening made is not left behind when nothing was recorded in it (an ingest
        refused, a file unreadable): the next command would take the path for a register. Safe after an input/output
        error, which it leaves to be said: a register whose emptiness the disk will not tell stays, as does one the
        system will not let be removed."""
        try:
            empty = not self.db.in_transaction and self.made_empty()
        except sqlite3.Error:
            empty = False
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        if empty:
            self._remove()

    def _remove(self) -> None:
        """Remove the register this opening made, with the journal SQLite keeps beside it, as far as the system
        lets."""
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        self.created = False

    def made_empty(self) -> bool:
        """Whether this opening made the register and nothing is recorded in it yet: closed now, it is not left
        behind, nor the ingests numbered in it."""
        return self.created and not self.db.execute(
            "SELECT EXISTS (SELECT 1 FROM snapshots) OR EXISTS (SELECT 1 FROM applications)").fetchone()[0]

    def __enter__(self) -> Register:
        return self

    def __exit__(self, kind: object, error: BaseException | None, *rest: object) -> None:
        from engine.monitor.disk_errors import disk_trouble

        self.close()
        if error is not None and damaged(error):  # met in a page read only now: no traceback, and nothing written
            raise unreadable(self.path, str(error)) from None
        trouble = None if error is None or isinstance(error, RegisterError) else disk_trouble(self.path, error)
        if trouble is not None:
            raise trouble from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together, or — on any exception — none of them."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            # nothing is written into a damaged register (0.1 s for 20,000 snapshots); its pages not read by
            # the command would go unnoticed else
            found = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
            if found != "ok":
                raise unreadable(self.path, "database disk image is malformed")
            yield
            self.db.execute("COMMIT")
        except BaseException as error:
            if self.db.in_transaction:  # SQLite ends the transaction itself on some errors (a full disk)
                self.db.execute("ROLLBACK")
            self._policies.clear()  # ids handed out inside the transaction are void now
            self._outlines.clear()
            from engine.monitor.disk_errors import disk_trouble

            said = Said("nothing could be recorded, and the register is intact: as it was before this command",
                        "无法记录；台账完好，与这条命令运行前一样")
            trouble = None if isinstance(error, RegisterError) else disk_trouble(self.path, error, said)
            if trouble is not None:
                raise trouble from None
            raise

    # policies and batches ---------------------------------------------------------------

    def policy_id(self, policy: Policy) -> int:
        """The id of a policy version in this register, recording it (bytes and outline) when new."""
        from engine.monitor.snapshot import outline

        known = self._policies.get(id(policy))
        if known is not None and known[0] is policy:
            return known[1]
        path = str(Path(policy.file).resolve())
        key = (path, policy.sha256)
        row = self.db.execute("SELECT id FROM policies WHERE path = ? AND sha256 = ?", key).fetchone()
        if row is None:
            self._refuse_edited_version(policy)
            text = Path(policy.file).read_bytes()
            if hashlib.sha256(text).hexdigest() != policy.sha256:
                raise RegisterError(Said(f"{policy.file}: the file changed while it was being used",
                                         f"{policy.file} 在使用过程中被改动了"),
                                    help=Said("run the command again", "请再运行一次这条命令"))
            meta = policy.meta
            row = self.db.execute(
                "INSERT INTO policies (policy_id, version, file, path, sha256, effective_from, effective_to, "
                "outline, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (meta.id, meta.version, policy.file, path, policy.sha256, meta.effective_from.isoformat(),
                 meta.effective_to.isoformat() if meta.effective_to else None,
                 orjson.dumps(outline(policy)).decode(), text)).fetchone()
        self._policies[id(policy)] = (policy, int(row[0]))
        return int(row[0])

    def _refuse_edited_version(self, policy: Policy) -> None:
        """Refuse a policy whose version name the register holds with other rules (`engine.monitor.versions`)."""
        meta = policy.meta
        rows = [r[0] for r in self.db.execute(
            "SELECT id FROM policies WHERE policy_id = ? AND version = ? ORDER BY id DESC", (meta.id, meta.version))]
        if rows and not self.db.execute("SELECT 1 FROM policies WHERE policy_id = ? AND version = ? AND sha256 = ?",
                                        (meta.id, meta.version, policy.sha256)).fetchone():
            from engine.monitor.versions import check_version

            check_version(policy, [self.policy(r) for r in rows], str(self.path))

    def policy_rows(self) -> list[int]:
        """The ids of every policy version this register holds, first recorded first."""
        return [r[0] for r in self.db.execute("SELECT id FROM policies ORDER BY id")]

    def policy(self, policy_row: int) -> PolicyRecord:
        cached = self._outlines.get(policy_row)
        if cached is None:
            r = self.db.execute("SELECT id, policy_id, version, file, path, sha256, outline, text, effective_from, "
                                "effective_to FROM policies WHERE id = ?", (policy_row,)).fetchone()
            cached = PolicyRecord(r[0], r[1], r[2], r[3], r[4], r[5], orjson.loads(r[6]), bytes(r[7]), r[8], r[9])
            self._outlines[policy_row] = cached
        return cached

    def new_batch(self, kind: str, source: str) -> int:
        row = self.db.execute("INSERT INTO batches (kind, source, recorded_at) VALUES (?, ?, ?) RETURNING id",
                              (kind, source, now())).fetchone()
        return int(row[0])

    def batches(self) -> int:
        """How many ingests and reassessments are recorded: one more after a command's than before it, if it
        committed (an interruption may come just after its commit)."""
        return int(self.db.execute("SELECT count(*) FROM batches").fetchone()[0])

    def finish_batch(self, batch: int, snapshots: int, bad: int, duplicates: int) -> None:
        self.db.execute("UPDATE batches SET snapshots = ?, bad = ?, duplicates = ? WHERE id = ?",
                        (snapshots, bad, duplicates, batch))

    # snapshots --------------------------------------------------------------------------

    def snapshot_writer(self, batch: int, chunk: int) -> SnapshotWriter:
        return SnapshotWriter(self, batch, chunk)

    def add_snapshots(self, batch: int, rows: Sequence[SnapshotRow]) -> int:
        """Record snapshots; returns how many were new (identical ones already recorded are skipped)."""
        before = self.db.total_changes
        self.db.executemany(
            "INSERT OR IGNORE INTO snapshots (household, date, batch, policy, source, status, near_gap, digest, "
            "household_json, decision_json, verdicts, near, sides) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.household, r.date, batch, r.policy, r.source, r.status, r.near_gap,
              digest_of(r.household_json), r.household_json, r.decision_json, r.verdicts, r.near,
              r.sides) for r in rows])
        added = self.db.total_changes - before
        if added:
            self.refresh_latest({r.household for r in rows})
        return added

    def refresh_latest(self, households: Iterable[str]) -> None:
        """Recompute the `latest` rows of these households from the snapshots that count (`COUNTS`)."""
        pick = ("(SELECT s.id FROM snapshots s JOIN policies p ON p.id = s.policy WHERE s.household = h.value "
                f"AND {COUNTS} ORDER BY s.date DESC, s.id DESC LIMIT 1{{}})")
        ids = sorted(households)
        for start in range(0, len(ids), 5000):
            part = orjson.dumps(ids[start:start + 5000]).decode()
            self.db.execute("DELETE FROM latest WHERE household IN (SELECT value FROM json_each(?))",
                            (part,))  # a household whose every snapshot is voided has no latest one
            self.db.execute(
                "INSERT OR REPLACE INTO latest (household, id, date, status, near_gap, batch, previous, "
                "previous_date, previous_status) "
                "SELECT h.value, l.id, l.date, l.status, l.near_gap, l.batch, p.id, p.date, p.status "
                f"FROM json_each(?) h JOIN snapshots l ON l.id = {pick.format('')} "
                f"LEFT JOIN snapshots p ON p.id = {pick.format(' OFFSET 1')}", (part,))

    def same_day(self, household: str, date: str) -> list[SameDay]:
        """The household's snapshots dated `date`, first recorded first."""
        return [SameDay(r[0], bytes(r[1]), bytes(r[2]), r[3], not r[4], r[5], r[6], r[7]) for r in self.db.execute(
            f"SELECT s.policy, s.digest, s.household_json, s.source, {_live('s')}, s.batch, b.source, b.recorded_at "
            "FROM snapshots s JOIN batches b ON b.id = s.batch WHERE s.household = ? AND s.date = ? ORDER BY s.id",
            (household, date))]

    def add_voids(self, snapshots: Iterable[int], reason: str, voided_by: str) -> None:
        """Void these snapshots (inside a transaction; `refresh_latest` of their households goes with it)."""
        at = now()
        self.db.executemany("INSERT INTO voids (snapshot, reason, voided_by, voided_at) VALUES (?, ?, ?, ?)",
                            [(s, reason, voided_by, at) for s in snapshots])

    def add_void_events(self, snapshots: Iterable[int], kind: str, reason: str, changed_by: str) -> None:
        """Withdraw the voids of these snapshots (`kind` "withdrawn"), or void them again ("voided"): inside a
        transaction, as `add_voids`."""
        at = now()
        self.db.executemany("INSERT INTO void_events (snapshot, kind, reason, changed_by, changed_at) "
                            "VALUES (?, ?, ?, ?, ?)", [(s, kind, reason, changed_by, at) for s in snapshots])

    def batch(self, batch: int) -> tuple[str, str, str] | None:
        """(kind — ingest | reassess —, what it read, when) of the ingest or reassessment numbered `batch` (the two
        are numbered in one series), None when none has that number."""
        row = self.db.execute("SELECT kind, source, recorded_at FROM batches WHERE id = ?", (batch,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def latest_batches(self, limit: int = 3) -> list[tuple[int, str, str, str]]:
        """(number, kind, what it read, when) of the latest ingests and reassessments, the latest first."""
        return [(r[0], r[1], r[2], r[3]) for r in self.db.execute(
            "SELECT id, kind, source, recorded_at FROM batches ORDER BY id DESC LIMIT ?", (limit,))]

    def recorded_by(self, batch: int) -> list[tuple[int, str, str, bool, bool]]:
        """(id, household, date, voided, ever voided) of each snapshot an ingest or reassessment recorded, first
        recorded first."""
        return [(r[0], r[1], r[2], not r[3], bool(r[4])) for r in self.db.execute(
            f"SELECT s.id, s.household, s.date, {_live('s')}, EXISTS (SELECT 1 FROM voids v WHERE v.snapshot = s.id) "
            "FROM snapshots s WHERE s.batch = ? ORDER BY s.id", (batch,))]

    def reassessed_after(self, batch: int, household: str | None = None) -> list[ReassessedRow]:
        """Each snapshot recorded by a reassessment numbered after `batch` (of `household` alone, when given), first
        recorded first: where one made from a snapshot of that batch is found."""
        return [ReassessedRow(r[0], r[1], r[2], r[3], r[4], not r[5], bool(r[6]), r[7]) for r in self.db.execute(
            f"SELECT s.id, s.household, s.date, s.batch, s.source, {_live('s')}, "
            f"EXISTS (SELECT 1 FROM voids v WHERE v.snapshot = s.id), {_VOID_REASON} "
            "FROM batches b JOIN snapshots s ON s.batch = b.id WHERE b.kind = 'reassess' AND b.id > ? "
            f"{'' if household is None else 'AND s.household = ? '}ORDER BY s.id",
            (batch,) if household is None else (batch, household))]

    def reassessed_as(self, snapshot: int) -> tuple[str, int] | None:
        """(what it was made from — `snapshot #6 of DS-0006` —, the reassessment's number) of a snapshot a
        reassessment recorded; None for one an ingest recorded."""
        row = self.db.execute("SELECT s.source, s.batch FROM snapshots s JOIN batches b ON b.id = s.batch "
                              "WHERE s.id = ? AND b.kind = 'reassess'", (snapshot,)).fetchone()
        return (row[0], row[1]) if row else None

    def void_reasons(self, snapshots: Iterable[int]) -> dict[int, str]:
        """snapshot id → the reason of its void in force, for those of these snapshots that are voided."""
        ids = orjson.dumps(list(snapshots)).decode()
        return {r[0]: r[1] for r in self.db.execute(
            f"SELECT s.id, {_VOID_REASON}, {_live('s')} FROM snapshots s "
            "WHERE s.id IN (SELECT value FROM json_each(?))", (ids,)) if not r[2]}  # NULL: voided, none withdrawn

    def last_void(self, snapshots: Iterable[int]) -> dict[str, str]:
        """Why, by whom and when the last void of these snapshots was made (a first void, or one made again)."""
        ids = orjson.dumps(list(snapshots)).decode()
        r = self.db.execute(
            "SELECT reason, voided_by, voided_at FROM voids WHERE snapshot IN (SELECT value FROM json_each(?1)) "
            "UNION ALL SELECT reason, changed_by, changed_at FROM void_events WHERE kind = 'voided' "
            "AND snapshot IN (SELECT value FROM json_each(?1)) ORDER BY 3 DESC LIMIT 1", (ids,)).fetchone()
        return {"reason": r[0], "by": r[1], "at": r[2]}

    def latest_of(self, household: str) -> tuple[int, str] | None:
        """(id, date) of the household's latest snapshot, if one counts."""
        row = self.db.execute("SELECT id, date FROM latest WHERE household = ?", (household,)).fetchone()
        return (row[0], row[1]) if row else None

    def latest_date(self, household: str) -> str | None:
        """The date of the household's latest snapshot, if it has one."""
        row = self.db.execute("SELECT date FROM latest WHERE household = ?", (household,)).fetchone()
        return row[0] if row else None

    def history(self, household: str) -> list[dict[str, Any]]:
        """Every snapshot of a household, oldest first; `batch`: what recorded it (ingest | reassess); `ingest`: the
        number of the ingest or reassessment that recorded it, which `void --ingest NUMBER` takes; `what_if`: decided
        by its policy outside its window; `counts`: one the latest is chosen from (see `COUNTS`); `void`: why, by whom
        and when the void in force was made, None when none is; `voids`: each void made, first made first, with its
        `withdrawn` (why, by whom and when) or None."""
        voids = self._voids_of(household)
        cursor = self.db.execute(
            f"SELECT s.id, s.date, s.status, s.source, s.policy, b.kind, b.recorded_at, s.near_gap, {COUNTS}, "
            f"NOT {_in_force('s', 'p')}, b.id "
            "FROM snapshots s JOIN batches b ON b.id = s.batch JOIN policies p ON p.id = s.policy "
            "WHERE s.household = ? ORDER BY s.date, s.id", (household,))
        history = []
        for r in cursor:
            made = voids.get(r[0], [])
            in_force = made[-1] if made and made[-1]["withdrawn"] is None else None
            history.append({"id": r[0], "date": r[1], "status": r[2], "source": r[3], "policy": r[4],
                            "batch": r[5], "recorded_at": r[6], "near_gap": r[7], "counts": bool(r[8]),
                            "what_if": bool(r[9]), "ingest": r[10],
                            "void": None if in_force is None else {k: in_force[k] for k in ("reason", "by", "at")},
                            "voids": made})
        return history

    def statuses(self, households: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Household → each of its snapshots, oldest first, with its `id`, `date`, `status` and `counts` (as
        `history` gives them): what the alerts of many households are raised from, read in one query."""
        out: dict[str, list[dict[str, Any]]] = {household: [] for household in households}
        for household, snapshot, date, status, counts in self.db.execute(
                f"SELECT s.household, s.id, s.date, s.status, {COUNTS} FROM snapshots s "
                "JOIN policies p ON p.id = s.policy WHERE s.household IN (SELECT value FROM json_each(?)) "
                "ORDER BY s.household, s.date, s.id", (orjson.dumps(list(out)).decode(),)):
            out[household].append({"id": snapshot, "date": date, "status": status, "counts": bool(counts)})
        return out

    def _voids_of(self, household: str) -> dict[int, list[dict[str, Any]]]:
        """snapshot id → its voids, first made first, each with its withdrawal or None."""
        voids: dict[int, list[dict[str, Any]]] = {}
        for snapshot, kind, reason, by, at, _ in self.db.execute(
                "SELECT v.snapshot, 'voided', v.reason, v.voided_by, v.voided_at, 0 FROM voids v "
                "JOIN snapshots s ON s.id = v.snapshot WHERE s.household = ?1 UNION ALL "
                "SELECT e.snapshot, e.kind, e.reason, e.changed_by, e.changed_at, e.id FROM void_events e "
                "JOIN snapshots s ON s.id = e.snapshot WHERE s.household = ?1 ORDER BY 1, 6", (household,)):
            said = {"reason": reason, "by": by, "at": at}
            made = voids.setdefault(snapshot, [])
            if kind == "voided":
                made.append({**said, "withdrawn": None})
            else:
                made[-1]["withdrawn"] = said
        return voids

    def snapshot(self, snapshot_id: int) -> dict[str, Any]:
        r = self.db.execute(
            "SELECT id, household, date, policy, source, status, household_json, decision_json, verdicts, near "
            "FROM snapshots WHERE id = ?", (snapshot_id,)).fetchone()
        return {"id": r[0], "household": r[1], "date": r[2], "policy": r[3], "source": r[4], "status": r[5],
                "household_json": bytes(r[6]), "decision": orjson.loads(r[7]), "verdicts": orjson.loads(r[8]),
                "near": orjson.loads(r[9]) if r[9] is not None else []}

    def recorded(self, ids: Iterable[int]) -> dict[int, tuple[str, bytes]]:
        """(date, household JSON) of these snapshots, as recorded."""
        wanted = list(ids)
        marks = ", ".join("?" * len(wanted))
        return {r[0]: (r[1], bytes(r[2])) for r in self.db.execute(
            f"SELECT id, date, household_json FROM snapshots WHERE id IN ({marks})", wanted)}

    def households_like(self, text: str, limit: int = 5_000) -> list[str]:
        """Some household ids with snapshots sharing the first characters of `text`, in either case (for "did
        you mean": `ds-0002` was meant as `DS-0002`)."""
        return self._like("SELECT household FROM latest WHERE household >= ? AND household < ? LIMIT ?", text, limit)

    def applicants_like(self, text: str, limit: int = 5_000) -> list[str]:
        """Some ids of households with an undecided application sharing the first characters of `text`."""
        return self._like("SELECT DISTINCT household FROM applications WHERE decided IS NULL "
                          f"AND {_APPLICATION_COUNTS} AND household >= ? AND household < ? LIMIT ?", text, limit)

    def households_alike(self, text: str) -> list[str]:
        """The ids of households with snapshots written as `text` is but for case, full-width forms, separators and
        the leading zeros of numbers (`DS-0001` for `ds-1`, `DS－0001` or `DS-00001`): the "did you mean" to prefer."""
        return self._alike("SELECT household FROM latest WHERE loose_id(household) = ?", text)

    def applicants_alike(self, text: str) -> list[str]:
        """`households_alike` among the ids of households with an undecided application."""
        return self._alike("SELECT DISTINCT household FROM applications WHERE decided IS NULL "
                           f"AND {_APPLICATION_COUNTS} AND loose_id(household) = ?", text)

    def known_alike(self, text: str) -> list[str]:
        """`households_alike` among every id the register knows (see `knows`): those with snapshots, then those known
        only from an application made before their data."""
        return self._alike("SELECT household FROM latest WHERE loose_id(household) = ? UNION ALL "
                           "SELECT DISTINCT household FROM applications WHERE loose_id(household) = ? "
                           f"AND {_APPLICATION_COUNTS} AND household NOT IN (SELECT household FROM latest)", text, 2)

    def applicants_only(self) -> int:
        """How many households the register knows only from an application not voided (made before their data)."""
        return int(self.db.execute(f"SELECT count(DISTINCT household) FROM applications WHERE {_APPLICATION_COUNTS} "
                                   "AND household NOT IN (SELECT household FROM latest)").fetchone()[0])

    def household_ids(self) -> Iterator[str]:
        """The id of every household with a snapshot that counts."""
        return (r[0] for r in self.db.execute("SELECT household FROM latest"))

    def knows(self, household: str) -> bool:
        """Whether the register holds this very id: a snapshot of it that counts, or an application not voided (one
        made before its data); an id whose every record is voided — most often a typo — is known no more."""
        return bool(self.db.execute("SELECT EXISTS (SELECT 1 FROM latest WHERE household = ?) "
                                    "OR EXISTS (SELECT 1 FROM applications WHERE household = ? "
                                    f"AND {_APPLICATION_COUNTS})",
                                    (household, household)).fetchone()[0])

    def _alike(self, query: str, text: str, times: int = 1) -> list[str]:
        from engine.spelling import loose_id

        self.db.create_function("loose_id", 1, loose_id, deterministic=True)
        return [r[0] for r in self.db.execute(query, (loose_id(text),) * times) if r[0] != text]

    def _like(self, query: str, text: str, limit: int) -> list[str]:
        """Up to `limit` ids sharing the longest start with `text`, then shorter ones down to its first three
        characters: the ids nearest it in a register of many of one series (`SAMPLE-0000099` … for `SAMPLE-0000999`),
        not the first ones of the series."""
        found: dict[str, None] = {}
        for length in range(len(text), min(len(text), 3) - 1, -1):
            for prefix in dict.fromkeys((text[:length], text[:length].upper(), text[:length].lower())):
                found.update(dict.fromkeys(r[0] for r in self.db.execute(query, (prefix, prefix + "\U0010ffff",
                                                                                 limit))))
            if len(found) >= limit:
                break
        return list(found)

    def latest(self) -> Iterator[tuple[int, str, str, int, bytes]]:
        """(id, household, date, policy, household_json) of each household's latest snapshot; not of those that
        left the register."""
        return iter(self.db.execute(
            "SELECT s.id, s.household, s.date, s.policy, s.household_json FROM latest x "
            f"JOIN snapshots s ON s.id = x.id WHERE {_stays('x.household', 'x.date')} ORDER BY x.household"))

    def changes(self, since: str | None, margin: float | None, batch: int | None = None,
                ) -> list[tuple[str, int, str, str, float | None, int | None, str | None, str | None]]:
        """Households whose last two snapshots differ, or whose latest is within `margin` of a line.

        Rows: (household, latest id, latest date, latest status, latest near_gap, previous id,
        previous date, previous status). `since` keeps households whose latest snapshot is on or
        after that date; `batch` keeps those whose latest snapshot came from that batch.
        """
        where = ["((previous IS NOT NULL AND status IS NOT previous_status)"
                 + (" OR near_gap <= :margin)" if margin is not None else ")"),
                 _stays("latest.household", "latest.date")]  # not those that left the register
        if since is not None:
            where.append("date >= :since")
        if batch is not None:
            where.append("batch = :batch")
        sql = ("SELECT household, id, date, status, near_gap, previous, previous_date, previous_status FROM latest "
               "WHERE " + " AND ".join(where) + " ORDER BY household")
        return self.db.execute(sql, {"since": since, "margin": margin, "batch": batch}).fetchall()

    def details(self, ids: Iterable[int]) -> dict[int, tuple[int, bytes, bytes, bytes | None, bytes | None]]:
        """snapshot id → (policy, decision JSON, verdicts, near, sides) for the given snapshots."""
        out: dict[int, tuple[int, bytes, bytes, bytes | None, bytes | None]] = {}
        wanted = list(ids)
        for start in range(0, len(wanted), 500):
            part = wanted[start:start + 500]
            marks = ",".join("?" * len(part))
            for r in self.db.execute(f"SELECT id, policy, decision_json, verdicts, near, sides FROM snapshots "
                                     f"WHERE id IN ({marks})", part):
                out[r[0]] = (r[1], r[2], r[3], r[4], r[5])
        return out

    def counts(self) -> tuple[int, int]:
        """(snapshots, households) recorded."""
        snapshots = self.db.execute("SELECT count(*) FROM snapshots").fetchone()[0]
        households = self.db.execute("SELECT count(*) FROM latest").fetchone()[0]
        return int(snapshots), int(households)

    # applications -----------------------------------------------------------------------

    # departures ---------------------------------------------------------------------------

    def add_departure(self, household: str, date: str, reason: str, recorded_by: str) -> None:
        self.db.execute("INSERT INTO departures (household, date, reason, recorded_by, recorded_at) "
                        "VALUES (?, ?, ?, ?, ?)", (household, date, reason, recorded_by, now()))

    def departures(self, household: str) -> list[dict[str, Any]]:
        """Each departure of the household recorded, first recorded first, with `in_force`: not withdrawn, and no
        snapshot of the household is dated after it (the last may be; a record of a later date brought the household
        back); and `withdrawn`: the withdrawal of one recorded by mistake (reason, who, when), else None."""
        latest = self.latest_date(household) or ""
        return [{"date": r[0], "reason": r[1], "by": r[2], "at": r[3], "in_force": r[0] >= latest and r[4] is None,
                 "withdrawn": None if r[4] is None else {"reason": r[4], "by": r[5], "at": r[6]}}
                for r in self.db.execute("SELECT d.date, d.reason, d.recorded_by, d.recorded_at, w.reason, "
                                         "w.voided_by, w.voided_at FROM departures d LEFT JOIN departure_voids w "
                                         "ON w.departure = d.id WHERE d.household = ? ORDER BY d.id", (household,))]

    def withdraw_departures(self, household: str, date: str, reason: str, withdrawn_by: str) -> int:
        """Withdraw the household's departures of `date` not withdrawn yet (inside a transaction); how many."""
        ids = [r[0] for r in self.db.execute(f"SELECT id FROM departures d WHERE household = ? AND date = ? "
                                             f"AND {_DEPARTURE_COUNTS}", (household, date))]
        at = now()
        self.db.executemany("INSERT INTO departure_voids (departure, reason, voided_by, voided_at) "
                            "VALUES (?, ?, ?, ?)", [(i, reason, withdrawn_by, at) for i in ids])
        return len(ids)

    def staying_before(self, day: str) -> tuple[int, list[str]]:
        """(how many households of the register have not left it, those of them whose latest snapshot is dated
        before `day`)."""
        stays = _stays("household", "date")
        staying = self.db.execute(f"SELECT count(*) FROM latest WHERE {stays}").fetchone()[0]
        return int(staying), [r[0] for r in self.db.execute(
            f"SELECT household FROM latest WHERE date < ? AND {stays} ORDER BY household", (day,))]

    def open_application(self, household: str) -> tuple[int, str, str] | None:
        """(id, applied, due) of the household's undecided application, if any."""
        row = self.db.execute("SELECT id, applied, due FROM applications WHERE household = ? AND decided IS NULL "
                              f"AND {_APPLICATION_COUNTS} ORDER BY applied DESC LIMIT 1", (household,)).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def add_application(self, household: str, applied: str, special: bool, working_days: int, due: str,
                        policy: int) -> int:
        row = self.db.execute(
            "INSERT INTO applications (household, applied, special, working_days, due, policy, recorded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (household, applied, int(special), working_days, due, policy, now())).fetchone()
        return int(row[0])

    def decide_application(self, application: int, decided: str) -> None:
        self.db.execute("UPDATE applications SET decided = ? WHERE id = ?", (decided, application))

    def undecided(self, due_by: str) -> list[tuple[str, str, int, int, str, int]]:
        """(household, applied, special, working days, due, policy row) of undecided applications due on or before
        `due_by`."""
        return self.db.execute(
            "SELECT household, applied, special, working_days, due, policy FROM applications "
            f"WHERE decided IS NULL AND due <= ? AND {_APPLICATION_COUNTS} AND {_APPLICANT_STAYS} "
            "ORDER BY due, household",
            (due_by,)).fetchall()

    def applications(self, household: str) -> list[tuple[str, int, int, str, str | None]]:
        """(applied, special, working days, due, decided) of a household's applications not voided, oldest first."""
        return self.db.execute("SELECT applied, special, working_days, due, decided FROM applications "
                               f"WHERE household = ? AND {_APPLICATION_COUNTS} ORDER BY applied, id",
                               (household,)).fetchall()

    def voided_applications(self, household: str) -> list[tuple[str, int, int, str, str | None, str, str, str]]:
        """(applied, special, working days, due, decided, reason, voided by, voided at) of a household's applications
        recorded by mistake, oldest first."""
        return self.db.execute("SELECT a.applied, a.special, a.working_days, a.due, a.decided, w.reason, w.voided_by, "
                               "w.voided_at FROM applications a JOIN application_voids w ON w.application = a.id "
                               "WHERE a.household = ? ORDER BY a.applied, a.id", (household,)).fetchall()

    def void_applications(self, household: str, applied: str, reason: str, voided_by: str) -> list[int]:
        """Void the household's applications of `applied` not voided yet (inside a transaction); their ids."""
        ids = [r[0] for r in self.db.execute(f"SELECT id FROM applications WHERE household = ? AND applied = ? "
                                             f"AND {_APPLICATION_COUNTS} ORDER BY id", (household, applied))]
        at = now()
        self.db.executemany("INSERT INTO application_voids (application, reason, voided_by, voided_at) "
                            "VALUES (?, ?, ?, ?)", [(i, reason, voided_by, at) for i in ids])
        return ids


class SnapshotWriter:
    """Collects snapshot rows of one batch and writes them `chunk` at a time; `close` says how many were new."""

    def __init__(self, register: Register, batch: int, chunk: int):
        self.register, self.batch, self.chunk = register, batch, chunk
        self.rows: list[SnapshotRow] = []
        self.recorded = 0

    def add(self, row: SnapshotRow) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write the rows collected so far, so that the register's queries see them."""
        self.recorded += self.register.add_snapshots(self.batch, self.rows)
        self.rows.clear()

    def close(self) -> int:
        self.flush()
        return self.recorded
