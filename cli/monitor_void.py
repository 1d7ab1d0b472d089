"""`policy monitor void`: a snapshot recorded by mistake voided, with its reason, kept for good; `--undo`: a void
made by mistake withdrawn, beside it; `--application`: an application recorded by mistake voided, beside it."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from cli.common import OK, lang_option, parse_date
from cli.monitor_common import db_option, fail, meant_id, no_snapshot, open_register, register_holds, say_note, typed_id
from engine.diagnostics import Said, id_shown, shell_word

if TYPE_CHECKING:
    from engine.monitor.voids import Reassessed, Voided


def login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment, and none for this uid
        return "?"


@click.command()
@click.argument("household", required=False, callback=typed_id)
@click.option("--date", "date_text", metavar="D",
              help="The date of the snapshot recorded by mistake YYYY-MM-DD (with `--ingest`: only that ingest's "
                   "snapshots of this date).")
@click.option("--reason", metavar="REASON", required=True,
              help="Why it is voided (with `--undo`: why the void is withdrawn): kept with it for good, and shown by "
                   "`show`.")
@click.option("--snapshot", "snapshot_id", metavar="NUMBER", type=click.IntRange(min=1),
              help="Only this snapshot (its # in `policy monitor show`), when that date has several.")
@click.option("--by", "voided_by", metavar="PERSON",
              help="Who voids it, or withdraws the void  [default: the login name of this account].")
@click.option("--undo", is_flag=True, help="Withdraw the void of that snapshot, made by mistake: it counts again.")
@click.option("--application", "of_application", is_flag=True,
              help="Void the application of `--date` instead, recorded by mistake (a date typed wrong).")
@click.option("--ingest", "ingest", metavar="NUMBER", type=click.IntRange(min=1),
              help="Void every snapshot this ingest recorded (its number, which the ingest's summary and warning give, "
                   "and `policy monitor show` beside each snapshot), "
                   "instead of one household's: an export ingested under the wrong date; or this reassessment "
                   "(numbered in the same series).")
@db_option
@lang_option
def void(household: str | None, date_text: str | None, reason: str, snapshot_id: int | None, voided_by: str | None,
         undo: bool, of_application: bool, ingest: int | None, db_path: Path, lang: str | None) -> None:
    """Void a snapshot recorded by mistake: a date typed wrong, another household's data.

    Nothing is deleted: the void is recorded beside the snapshot with its reason, who
    voided it and when, and `show` lists the snapshot struck out. From then on the
    register goes as if it were not there: the household's latest snapshot, its alerts
    and `reassess` leave it out, and a record that corrects it can be ingested on its
    date. Every snapshot of the household on that date is voided (they hold the same
    data), or only the one `--snapshot` names; and with it each snapshot a reassessment
    made from it, which holds its data (a note gives the `reassess` that makes it again,
    once the record that corrects it is ingested).

    A void made by mistake is withdrawn with `--undo`, with its reason: the withdrawal is
    recorded beside the void, which stays in the history `show` lists, and the snapshot
    counts again (it can be voided again later). It is refused while another snapshot
    of that date, with other data, counts: void that one first.

    An export ingested under the wrong `--date`, which the ingest warns of, is voided at once
    with `--ingest NUMBER`, NUMBER being the number the ingest's summary and warning give
    (`ingest #7`), which `policy monitor show` lists beside each snapshot too: every snapshot that
    ingest recorded is voided, each with the reason, and kept; --undo withdraws those voids.
    With `--date D`, only those of its snapshots dated D are.
    A reassessment is numbered in the same series (`reassessment #8`, in its summary and in
    `show`), and voided at once the same way.

    An application recorded by mistake (`policy monitor apply` with a date typed wrong) is
    voided with `--application`, `--date` being its application date: the void is recorded
    beside it with its reason, `show` lists it apart, and it is no longer open: no alert
    lists it, and the right application can be recorded.

    \b
    Examples:
      policy monitor ingest household.json --date 2062-03-01
      policy monitor void DS-0001 --date 2062-03-01 --reason "date entered wrongly"
      policy monitor void DS-0010 --date 2025-06-01 --reason "wrong id: DS-0100's data" --by wang.li
      policy monitor void DS-0001 --date 2062-03-01 --undo --reason "voided by mistake"
      policy monitor apply DS-0002 --date 2026-03-01
      policy monitor void DS-0002 --date 2026-03-01 --application --reason "month mistyped: 2026-01-03"
      policy monitor void --ingest 2 --reason "the whole file dated 2062 for 2026"
      policy monitor void --ingest 2 --date 2062-03-01 --undo --reason "voided by mistake"

    The examples run in the order given, on a register holding DS-0001, DS-0002 and DS-0010 (they
    stand for households in yours): the first is the slip the second voids (DS-0001's household
    file ingested as of 2062 for 2026; household.json stands for your own), the fifth the
    application the sixth voids, the seventh voids all that the first recorded, its ingest (#2
    on a register ingested once before; on yours, the number the first line's summary gives:
    `ingest #NUMBER (household.json)`), and the last withdraws those voids of its snapshots dated
    2062-03-01.

    Exit codes: 0 voided (or its void withdrawn), 2 no register, no such household (with `--ingest`: no
    such ingest, or none it recorded, none of that date), no snapshot (with `--application`: no application) on
    that date, voided already (with `--undo`: not voided, or another record of that date counts), or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.voids import VoidError, void_snapshots, withdraw_voids

    lang = lang or default_lang()
    if ingest is not None and ((household, snapshot_id) != (None, None) or of_application):
        fail(lang, Said("--ingest voids what one ingest recorded, whatever its households (`--date`: only that "
                        "date's): a household, --snapshot and --application are for one household's snapshots",
                        "--ingest 作废一次导入记录的全部快照，不分家庭（加 `--date`：只作废那一天的）："
                        "家庭编号、--snapshot 和 --application 只用于一户的快照"),
             Said("leave them out, or leave out --ingest", "请去掉它们，或去掉 --ingest"))
    if ingest is None:
        _required(household, date_text)
    reason, voided_by = reason.strip(), (voided_by or "").strip() or login_name()
    if not reason and undo:
        fail(lang, Said("give the reason the void is withdrawn with --reason", "请用 --reason 写明撤销作废的原因"),
             Said('e.g. --reason "voided the wrong snapshot: 2026-03-02\'s was meant"',
                  '例如 --reason "作废错了，应作废 2026-03-02 的快照"'))
    if not reason:
        fail(lang, Said("give the reason the snapshot is voided with --reason", "请用 --reason 写明作废的原因"),
              Said('e.g. --reason "the year is mistyped: 2026, not 2062"',
                   '例如 --reason "年份录错，应为 2026 年"'))
    if ingest is not None:
        day = parse_date(date_text)
        _void_ingest(ingest, day.isoformat() if day else None, reason, voided_by, undo, db_path, lang)
    assert household is not None
    day = parse_date(date_text)
    assert day is not None
    if of_application:
        _void_application(household, day, reason, voided_by, undo or snapshot_id is not None, db_path, lang)
    with open_register(db_path, lang) as register:
        if not register.history(household):
            fail(lang, no_snapshot(household, db_path),
                 meant_id(household, register, lang, destructive=True) or register_holds(register))
        try:
            done = (withdraw_voids if undo else void_snapshots)(register, household, day, reason, voided_by,
                                                                snapshot_id)
        except VoidError as error:
            fail(lang, error.said, error.help)
    ids, shown = ", ".join(f"#{i}" for i in done.snapshots), id_shown(household)
    made = _with_it(done, undo)
    if lang == "zh":
        now = (f"现在最近一次快照是 {done.latest[1]} 的 #{done.latest[0]}" if done.latest
               else "该户已没有有效的快照")
        what = f"已撤销 {done.date} 的快照 {ids} 的作废" if undo else f"已作废 {done.date} 的快照 {ids}"
        click.echo(f"{shown}：{what}（原因：{reason}）{made.zh}；{now}")
    else:
        what = "snapshot" if len(done.snapshots) == 1 else "snapshots"
        now = (f"the latest snapshot is now #{done.latest[0]} of {done.latest[1]}" if done.latest
               else "no snapshot of it counts any more")
        did = f"the void of {what} {ids} of {done.date} withdrawn" if undo else f"{what} {ids} of {done.date} voided"
        click.echo(f"{shown}: {did} (reason: {reason}){made.en}; {now}")
    if not undo:
        _say_withdrawn({household: done.alerts}, lang)
    _reassess_again(done.reassessed, undo, lang)
    raise SystemExit(OK)


def _say_withdrawn(alerts: dict[str, tuple[tuple[str, str], ...]], lang: str) -> None:
    """Each change alert the voided snapshots raised, withdrawn with them, one line each, household by household."""
    for household, raised in alerts.items():
        for kind, date in raised:
            click.echo(f"{id_shown(household)}{WITHDRAWN[kind].in_lang(lang).format(date=date)}")


# a change alert a voided snapshot raised, withdrawn with it, and what to undo of what the desk did on it
WITHDRAWN = {
    "start": Said(": the start alert of {date} is withdrawn: if assistance was started on it, stop it",
                  "：{date} 的新纳入提醒随之撤回：如已据此开始救助，请停止"),
    "exit": Said(": the exit alert of {date} is withdrawn: if assistance was stopped on it, resume it",
                 "：{date} 的退出提醒随之撤回：如已据此停止救助，请恢复救助"),
    "move": Said(": the move alert of {date} is withdrawn: if assistance was adjusted on it, adjust it back",
                 "：{date} 的类别变化提醒随之撤回：如已据此调整救助，请调整回来"),
}


def _with_it(done: Voided, undo: bool) -> Said:
    """The snapshots reassessments made from those voided (or restored), voided (restored) with them: `; with it
    snapshot #3 of 2026-01-01, which reassessment #3 made from it`; nothing when there are none."""
    if not done.reassessed:
        return Said("", "")
    en = ", ".join(f"snapshot #{r.snapshot} of {r.date}, which reassessment #{r.reassessment} made from it"
                   for r in done.reassessed)
    zh = "、".join(f"{r.date} 的快照 #{r.snapshot}（重新认定 #{r.reassessment}）" for r in done.reassessed)
    return Said(f"; with it {'that of ' if undo else ''}{en}",
                f"；由它重新认定的 {zh}{'也一并撤销作废' if undo else '一并作废'}")


def _void_application(household: str, day: datetime.date, reason: str, voided_by: str, other_options: bool,
                      db_path: Path, lang: str) -> NoReturn:
    from engine.monitor.deadlines import DeadlineError, void_application

    shown = id_shown(household)
    if other_options:
        fail(lang, Said("--application voids an application: --undo and --snapshot are for snapshots",
                        "--application 作废的是申请：--undo 和 --snapshot 只用于快照"),
             Said("leave them out", "请去掉它们"))
    with open_register(db_path, lang) as register:
        if not register.applications(household) and not register.voided_applications(household):
            fail(lang, Said(f"household `{shown}` has no application in {db_path}",
                            f"{db_path} 中家庭 `{shown}` 没有申请"),
                 meant_id(household, register, lang, applicants=True, destructive=True) or register_holds(register))
        try:
            void_application(register, household, day, reason, voided_by)
        except DeadlineError as error:
            fail(lang, error.said, error.help)
        pending = register.open_application(household)
    if lang == "zh":
        now = f"现有一份 {pending[1]} 提出、尚未办结的申请" if pending else "该户没有尚未办结的申请"
        click.echo(f"{shown}：已作废 {day.isoformat()} 提出的申请（原因：{reason}）；{now}")
    else:
        now = f"its undecided application is that of {pending[1]}" if pending else "it has no undecided application"
        click.echo(f"{shown}: application of {day.isoformat()} voided (reason: {reason}); {now}")
    raise SystemExit(OK)


def _required(household: str | None, date_text: str | None) -> None:
    """Without --ingest, a household and --date are required, said as click says a missing one."""
    from cli.localize import missing

    ctx = click.get_current_context()
    for value, name in ((household, "household"), (date_text, "date_text")):
        if value is None:
            raise missing(ctx, next(p for p in ctx.command.params if p.name == name))


def _void_ingest(ingest: int, day: str | None, reason: str, voided_by: str, undo: bool, db_path: Path,
                 lang: str) -> NoReturn:
    from engine.household_input import first_names
    from engine.monitor.voids import VoidError, void_ingest, withdraw_ingest_voids

    with open_register(db_path, lang) as register:
        try:
            done = (withdraw_ingest_voids if undo else void_ingest)(register, ingest, reason, voided_by, day)
        except VoidError as error:
            fail(lang, error.said, error.help)
    n, households = done.snapshots, len(done.households)
    if lang == "zh":
        dated = f"日期为 {done.date} 的" if done.date else "的"
        what = (f"已撤销 {households:,} 户{dated} {n:,} 条快照的作废" if undo
                else f"已作废 {households:,} 户{dated} {n:,} 条快照")
        left = f"；另有 {done.left:,} 条{'没有作废' if undo else '此前已作废'}，未改动" if done.left else ""
        click.echo(f"{done.ingest.zh}：{what}（原因：{reason}）{left}：{first_names(done.households, 'zh')}"
                   f"{_made_with(done.reassessed, undo).zh}")
    else:
        what = (f"{n:,} snapshot{'' if n == 1 else 's'} of {households:,} household{'' if households == 1 else 's'}"
                + (f" dated {done.date}" if done.date else ""))
        did = f"the voids of {what} withdrawn" if undo else f"{what} voided"
        left = (f"; {done.left:,} other{'' if done.left == 1 else 's'} {'not voided' if undo else 'voided already'}, "
                "left as they were" if done.left else "")
        click.echo(f"{done.ingest.en}: {did} (reason: {reason}){left}: {first_names(done.households)}"
                   f"{_made_with(done.reassessed, undo).en}")
    if not undo:
        _say_withdrawn(done.alerts, lang)
    _reassess_again(done.reassessed, undo, lang)
    raise SystemExit(OK)


def _made_with(made: tuple[Reassessed, ...], undo: bool) -> Said:
    """The snapshots reassessments made from those of an ingest, voided (restored) with them: `; with them 2
    snapshots of 2 households that reassessment #8 made from them: DS-0029, DS-0030`."""
    if not made:
        return Said("", "")
    from engine.household_input import first_names
    from engine.values import listed_said

    n, households = len(made), list(dict.fromkeys(r.household for r in made))
    numbers = [f"#{b}" for b in dict.fromkeys(r.reassessment for r in made)]
    by = listed_said(numbers)
    what = (f"{n:,} snapshot{'' if n == 1 else 's'} of {len(households):,} "
            f"household{'' if len(households) == 1 else 's'}")
    return Said(f"; with them {'the voids of ' if undo else ''}{what} that reassessment {by.en} made from them"
                f"{' withdrawn' if undo else ''}: {first_names(households)}",
                f"；由这些快照重新认定的 {len(households):,} 户的 {n:,} 条快照（重新认定 {by.zh}）"
                f"{'也一并撤销作废' if undo else '一并作废'}：{first_names(households, 'zh')}")


def _reassess_again(made: tuple[Reassessed, ...], undo: bool, lang: str) -> None:
    """After the reassessments made from mistaken data are voided: the command that makes them again, from the
    records that correct it."""
    if not made or undo:
        return
    files = " ".join(dict.fromkeys(f"policy monitor reassess --policy {shell_word(r.policy_file)}" for r in made))
    say_note(lang, Said(f"once the records that correct them are ingested, reassess them again: {files}",
                        f"导入改正后的记录后，请重新认定：{files}"))
