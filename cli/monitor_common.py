"""What the `policy monitor` commands share: the --db, --calendar and --margin options, the register opened with
its mistakes said, the policies loaded, --margin read, alerts written, and errors and notes in the language of
--lang."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NoReturn

import click

from cli.common import (
    USAGE,
    counted,
    from_environment,
    print_diagnostics,
    require_policy_dir,
    stop_on_policy_errors,
    why_not_written,
    with_room_beside,
    write_atomically,
    write_elsewhere,
)
from cli.localize import in_language
from engine.diagnostics import Said, id_shown, path_in_prose
from engine.working_files import sqlite_beside

DB_HELP = "The register file (SQLite)  [default: policy-register.sqlite3 here, or $POLICY_REGISTER]."
ALERT_FORMATS = click.Choice(["text", "markdown", "json", "csv"])

# the words around a message, as `policy eval` and `policy check` write them
ERROR, HELP, NOTE, WARNING = (Said("error: ", "错误："), Said("  help: ", "  提示："), Said("note: ", "注意："),
                              Said("warning: ", "警告："))


def db_option(f, callback=None):  # type: ignore[no-untyped-def]
    """--db of a command that needs the register there already: where there is none, opening it says so; its name
    must leave room for the files SQLite keeps beside it (`NAME-wal`), checked before the run as ingest's is. One
    this account may not read is said by opening it, with what to do (`engine.monitor.disk_errors`), not as click's
    `is not readable`."""
    return click.option("--db", "db_path", metavar="FILE", type=click.Path(path_type=Path, readable=False),
                        envvar="POLICY_REGISTER",
                        default=Path("policy-register.sqlite3"), show_default=False, help=DB_HELP,
                        callback=callback or with_room_beside(_beside(create=False), in_folder=False))(f)


def new_db_option(f):  # type: ignore[no-untyped-def]
    """--db of ingest, which makes the register where there is none: the folder it goes in must be there, and the
    name leave room for the journal SQLite keeps beside a register it makes (`NAME-wal` beside one there)."""
    return db_option(f, with_room_beside(_beside(create=True)))


def typed_id(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The callback of a household's id typed on the command line: refused where it holds a byte that is not UTF-8
    (typed in a terminal writing GBK, pasted from a garbled file; read as a lone surrogate, U+DC80 for 0x80), which
    is no id a register holds, every one of them UTF-8 text, and which SQLite would not even take to look for."""
    from engine.diagnostics import NOT_UTF8_RUN, gbk_where_not_utf8
    from engine.household_input import byte_not_utf8

    bad = None if value is None or value.isprintable() else NOT_UTF8_RUN.search(value)
    if value is None or bad is None:
        return value
    raw = value.encode("utf-8", "surrogateescape")
    what = byte_not_utf8(raw, len(value[:bad.start()].encode("utf-8")))
    gbk = gbk_where_not_utf8(raw)
    read = Said("", "") if gbk is None else Said(f" (read as GBK, the id is {gbk})", f"（按 GBK 读是 {gbk}）")
    shown = id_shown(value)
    raise click.BadParameter(in_language(
        f"{shown}: {what.en}{read.en}, and every id in a register is; retype the id in a terminal that writes UTF-8",
        f"{shown}：{what.zh}{read.zh}，而台账中的编号都是 UTF-8 文本：请在使用 UTF-8 的终端中重新输入编号"), ctx, param)


def _beside(create: bool) -> Callable[[Path], str]:
    """What SQLite adds to the name of the register at a path for the files beside it (`sqlite_beside`)."""
    return lambda path: sqlite_beside(path, create)


def _read_calendar(ctx: click.Context, param: click.Parameter, value: Path | None) -> Any:
    """The `Supplement` of a --calendar file (none without one); its mistakes are located, exit 2."""
    from cli.common import default_lang
    from engine.diagnostics import PolicyError, source_lines
    from engine.monitor.workdays import NO_SUPPLEMENT, read_supplement

    if value is None:
        return NO_SUPPLEMENT
    try:
        return read_supplement(value)
    except PolicyError as error:
        lang = ctx.params.get("lang") or default_lang()  # --lang is eager: known by now
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        variable = from_environment(ctx, param.name or "")
        if variable:
            click.echo(Said(f"  note: this calendar file is the one ${variable} names",
                            f"  注意：这个日历文件是 ${variable} 指定的").in_lang(lang), err=True)
        raise SystemExit(USAGE) from None


def calendar_option(f):  # type: ignore[no-untyped-def]
    return click.option("--calendar", "supplement", type=click.Path(dir_okay=False, path_type=Path),
                        envvar="POLICY_CALENDAR", callback=_read_calendar,
                        help="The State Council's holiday arrangement for years the installed calendar does not "
                             "cover yet, copied from the published notice (YAML; see docs/monitor.md)  "
                             "[default: $POLICY_CALENDAR].")(f)


def margin_option(f):  # type: ignore[no-untyped-def]
    return click.option("--margin", "margin_text", metavar="PERCENT", default="5%", show_default=True,
                        help="How close to a line counts as near (relative to the line); 0% turns near alerts "
                             "off.")(f)


def fail(lang: str, message: Said, help: Said | str | None = None) -> NoReturn:
    """An error in the language of --lang (`help` already in it, when a str), exit 2."""
    if isinstance(help, Said):
        help = help.in_lang(lang)
    click.echo(click.style(ERROR.in_lang(lang), fg="red", bold=True) + message.in_lang(lang)
               + (f"\n{HELP.in_lang(lang)}{help}" if help else ""), err=True)
    raise SystemExit(USAGE)


def kept_for_good(count: int, what: Said, nothing: Said | None = None) -> Said:
    """Why a run that would record `count` snapshots `what` (as what-ifs, dated after today) records `nothing`:
    most often a slip, and snapshots are kept for good."""
    nothing = nothing or Said("nothing was recorded", "没有记录任何内容")
    return Said(f"{counted(count, 'snapshot')} would be recorded {what.en}; snapshots are kept for good, and stay in "
                f"the register even voided, so {nothing.en}",
                f"将记录的 {count:,} 条快照{what.zh}；快照一经记录便永久保存，作废后也仍留在台账中，因此{nothing.zh}")


def warn_today_after_today(today: datetime.date, what: Said, lang: str, option: str = "--today") -> None:
    """A warning when --today (or another day option: `option`) is after today: most often a typo in the year, which
    would measure `what` from then."""
    if today > datetime.date.today():
        from cli.common import tell

        tell("warning", Said(f"{option} {today.isoformat()} is after today ({datetime.date.today().isoformat()}): "
                             f"{what.en}; if it is a typo, correct {option}",
                             f"{option} {today.isoformat()} 晚于今天（{datetime.date.today().isoformat()}），"
                             f"{what.zh}；若是笔误，请改正 {option}"), lang)


def say_note(lang: str, note: Said) -> None:
    click.echo(NOTE.in_lang(lang) + note.in_lang(lang), err=True)


# a register of so few households is most often the wrong --db, not the right one with a slip of the id; the help
# names them all instead
SMALL_REGISTER = 3


def meant_id(household: str, register: Any, lang: str, applicants: bool = False,
             destructive: bool = False) -> str | None:
    """The "did you mean" of an id the register does not know, among its households (`applicants`: those with an
    undecided application): those written alike (case, full-width forms, separators, leading zeros: `SAMPLE-1305` is
    `SAMPLE-0001305`, not `SAMPLE-0000105`), else the closest — every one as close, never one picked of several
    (`SAMPLE-0000999`: `SAMPLE-0000099`, `SAMPLE-0000199` or `SAMPLE-0000299`), as the command that follows it may
    act on the wrong household. None for an id the register knows (a snapshot or an application of its own):
    another household's id is never offered for it, its record being there to act on. For a command that records
    for good (`destructive`), an id differing only in its digits (`DS-0103` for `DS-0101`) is another household's,
    and in a register of a few households any id but one written alike is a guess: the register is named, to check
    --db, with how many households it holds instead."""
    from engine.household_words import half_width
    from engine.spelling import closest_alike, closest_ones, one_of

    if register.knows(household):
        return None
    alike = (register.applicants_alike if applicants else register.known_alike)(household)
    if alike:
        meant = closest_alike(household, alike)
    else:
        written = half_width(household)
        like = (register.applicants_like if applicants else register.households_like)(written)
        meant = closest_ones(written, {c: c for c in like}, lambda m: m != household)
        # an id close to a household's, with an application or not: another household's, or another register's
        near = meant or (applicants and closest_ones(written, {c: c for c in register.households_like(written)},
                                                     lambda m: m != household))
        if near and destructive:
            _, households = register.counts()
            if households <= SMALL_REGISTER or any(_digits_apart(household, m) for m in near):
                return _check_db(register, households).in_lang(lang)
    if not meant:
        return None
    names = one_of(meant)
    return Said(f"did you mean {names.en}?", f"是否应为 {names.zh}？").in_lang(lang)


def _digits_apart(one: str, other: str) -> bool:
    """Whether two ids differ only in digits standing where the other has a digit: two households of one series."""
    return len(one) == len(other) and all(a == b or (a.isdigit() and b.isdigit())
                                          for a, b in zip(one, other, strict=True))


def _check_db(register: Any, households: int) -> Said:
    listed = ", ".join(f"`{id_shown(m)}`" for m in register.household_ids()) if households <= SMALL_REGISTER else ""
    path, held = register.path, households_held(register)
    return Said(f"check the id, and `--db`: {path} holds {held.en}"
                + (f" ({listed})" if listed else "; an id close to it is another household's, so none is offered"),
                f"请核对编号和 `--db`：{path} 中有 {held.zh}"
                + (f"（{listed.replace(', ', '、')}）" if listed else "；相近的编号是另一户的，因此不提示"))


def households_held(register: Any) -> Said:
    """How many households the register holds: those with snapshots, and those known only from an application made
    before their data, if there are any."""
    _, households = register.counts()
    only_applied = register.applicants_only()
    said = Said(f"{households:,} household{'s' if households != 1 else ''}", f"{households:,} 户")
    if not only_applied:
        return said
    return Said(f"{said.en} with snapshots and {only_applied:,} known only from an application",
                f"{households:,} 户有快照，另有 {only_applied:,} 户只有申请")


def no_snapshot(household: str, db_path: Path) -> Said:
    shown = id_shown(household)
    return Said(f"no snapshot of household `{shown}` in {db_path}", f"{db_path} 中没有家庭 `{shown}` 的快照")


def register_holds(register: Any) -> Said:
    """The help under an id the register does not know and nothing close to it: how many households it holds, with
    one of their ids to show how they are written, or that it holds none yet."""
    _, households = register.counts()
    example = next(register.household_ids(), None)
    if not households or example is None:
        return Said("the register holds no household yet: record some with `policy monitor ingest FILE`",
                    "台账中还没有任何家庭：请先用 `policy monitor ingest 文件` 记录")
    held = households_held(register)
    return Said(f"check the id: the register holds {held.en}, with ids written like `{id_shown(example)}`",
                f"请核对编号：台账中有 {held.zh}，编号的写法如 `{id_shown(example)}`")


def open_register(db_path: Path, lang: str, create: bool = False, read_only: bool = False) -> Any:
    """The register at --db, its refusal said in the language of --lang (exit 2); `read_only`: for a command that
    records nothing, which reads one on a read-only filesystem too."""
    from engine.monitor.register import Register, RegisterError

    try:
        return Register.open(db_path, create=create, read_only=read_only)
    except RegisterError as error:
        variable = from_environment(click.get_current_context(silent=True), "db_path")
        help = error.help or Said("", "")
        if variable:
            help = Said(f"{help.en} (this path comes from ${variable})".lstrip(),
                        f"{help.zh}（这个路径来自 ${variable}）".lstrip())
        fail(lang, error.said, help)


def parse_margin(text: str) -> float:
    raw = text.strip()
    try:
        value = Decimal(raw[:-1]) / 100 if raw.endswith("%") else Decimal(raw)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite():
        raise click.BadParameter(in_language(f"`{text}` is not a margin; write a percentage such as 5%",
                                             f"`{text}` 不是比例：请写成百分数，如 5%"), param_hint="--margin")
    if not raw.endswith("%") and 1 < value <= 100:
        raise click.BadParameter(in_language(f"`{text}` would be {value * 100}%; write `{raw}%` (or {value / 100} as "
                                             "a fraction)",
                                             f"`{text}` 会被当作 {value * 100}%：请写成 `{raw}%`（或写成小数 "
                                             f"{value / 100}）"), param_hint="--margin")
    if not 0 <= value <= 1:
        raise click.BadParameter(in_language(f"`{text}` is not between 0% and 100%",
                                             f"`{text}` 不在 0% 到 100% 之间"), param_hint="--margin")
    return float(value)


def write_output(text: str, output: Path | None, lang: str) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomically(output, text)
    except OSError as error:
        why = why_not_written(error, output)
        fail(lang, Said(f"{output}: cannot write the alerts: {why.en}", f"无法写入提醒文件 {output}：{why.zh}"),
             write_elsewhere(error))


def load_policies(policy_file: Path | None, policy_dir: Path, lang: str,
                  forced_date: datetime.date | None = None, calendar: Path | None = None) -> tuple[list[Any], Any]:
    """The policies of --policy-dir, or the one of --policy (then also returned as chosen); given --date
    (`forced_date`), the folder must have one policy in force on it: every record would be refused else, so it is
    said once, before any is read. The --calendar file (`calendar`) kept in the folder is left out of it."""
    from engine.diagnostics import PolicyError
    from engine.policy_cache import load_policy_file
    from engine.selection import in_force, load_folder

    require_policy_dir(policy_file, policy_dir)
    nothing = Said("nothing was recorded in the register", "台账中没有记下任何内容")
    try:
        if policy_file is not None:
            chosen = load_policy_file(policy_file)[0]
            return [chosen], chosen
        policies = load_folder(policy_dir, calendar)
        if policies and forced_date is not None:
            in_force(policies, forced_date, str(policy_dir))
    except PolicyError as error:
        stop_on_policy_errors(error, lang, nothing)
    if not policies:
        folder = path_in_prose(str(policy_dir))
        fail(lang, Said(f"no policy files in {folder}", f"{folder} 中没有政策文件"),
             Said("give --policy FILE or --policy-dir DIR", "请用 --policy 文件 或 --policy-dir 文件夹 指定"))
    return policies, None
