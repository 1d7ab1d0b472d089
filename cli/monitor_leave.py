"""`policy monitor leave`: a household that left the register — moved to another township, died — recorded, with
its reason, kept for good; its alerts and deadlines end. One recorded by mistake is withdrawn (`--undo`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from cli.common import OK, lang_option, parse_date
from cli.monitor_applications import refuse_after_today
from cli.monitor_common import db_option, fail, meant_id, no_snapshot, open_register, register_holds, typed_id
from cli.monitor_void import login_name
from engine.diagnostics import Said, id_shown, shell_word

if TYPE_CHECKING:
    from engine.monitor.departures import Departed

LEFT = (Said("the departure date", "离开日期"),
        Said("a departure is recorded once the household has left", "家庭离开后才能记录"),
        Said("it is taken as the day the departure is recorded", "按这一天作为记录离开的日期"))


@click.command()
@click.argument("household", callback=typed_id)
@click.option("--date", "date_text", metavar="D", required=True, help="The day the household left YYYY-MM-DD.")
@click.option("--reason", metavar="REASON", required=True,
              help="Why it left (moved to another township, died), or with --undo why its departure is withdrawn "
                   "(recorded for the wrong household): kept with it for good, and shown by `show`.")
@click.option("--by", "recorded_by", metavar="PERSON",
              help="Who records it  [default: the login name of this account].")
@click.option("--today", "today_text", metavar="D",
              help="The day it is recorded: the departure date may not be after it (not with `--undo`)  "
                   "[default: today].")
@click.option("--undo", is_flag=True, help="Withdraw the departure of that date, recorded by mistake (the wrong "
                                           "household): its alerts and deadlines count again.")
@db_option
@lang_option
def leave(household: str, date_text: str, reason: str, recorded_by: str | None, today_text: str | None,
          undo: bool, db_path: Path, lang: str | None) -> None:
    """Record that a household left the register: moved to another township, died.

    Nothing is deleted: the departure is recorded beside the household's history with
    its reason, who recorded it and when, and `show` lists it. From then on no alert
    lists the household — no change, no near line, no deadline of its undecided
    application — `reassess` leaves it out, and an export it is missing from does not
    count it as missing. A record of it dated after that day, ingested, brings it back.
    A departure recorded by mistake — the wrong household — is withdrawn with `--undo`,
    its date and a reason: the household's alerts and deadlines are as they were.

    \b
    Examples:
      policy monitor apply DS-0016 --date 2026-03-10
      policy monitor leave DS-0016 --date 2026-04-01 --reason "moved to another township"
      policy monitor leave DS-0016 --date 2026-04-01 --undo --reason "wrong household"

    DS-0016 stands for a household in your register; the examples run in the order given.

    Exit codes: 0 recorded (`--undo`: withdrawn), 2 no register, no such household, a date
    after today or before its latest snapshot, left already (`--undo`: no departure of that
    date, or withdrawn already), no reason, or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.departures import DepartureError, record_departure, withdraw_departure

    shown = id_shown(household)
    lang = lang or default_lang()
    day = parse_date(date_text)
    assert day is not None
    reason, recorded_by = reason.strip(), (recorded_by or "").strip() or login_name()
    if undo and today_text is not None:  # accepted and left unused, it would let a caseworker believe it did something
        fail(lang, Said("--today is not used with `--undo`: it is the day a departure is recorded on, and a withdrawal "
                        "names a departure recorded already, by its --date",
                        "--today 不能与 --undo 一起使用：它是登记离开的日期，"
                        "而撤销的是已登记的离开记录，按其 --date 指明"),
             Said("leave out --today", "请去掉 --today"))
    if not reason and undo:
        fail(lang, Said("give the reason the departure is withdrawn with --reason",
                        "请用 --reason 写明撤销离开记录的原因"),
             Said('e.g. --reason "recorded for the wrong household"', '例如 --reason "记错了户"'))
    if not reason:
        fail(lang, Said("give the reason the household left with --reason", "请用 --reason 写明该户离开的原因"),
             Said('e.g. --reason "moved to another township"', '例如 --reason "迁往其他乡镇"'))
    if not undo:
        refuse_after_today(household, LEFT, day, today_text, lang)
    with open_register(db_path, lang) as register:
        if not register.knows(household):
            _refuse_voided(household, register, lang)
            fail(lang, no_snapshot(household, db_path),
                 meant_id(household, register, lang, destructive=True) or register_holds(register))
        try:
            done = (withdraw_departure if undo else record_departure)(register, household, day, reason, recorded_by)
        except DepartureError as error:
            fail(lang, error.said, error.help)
    if undo:
        click.echo(_withdrawn(done, reason).in_lang(lang))
        raise SystemExit(OK)
    pending = Said(f", nor the deadline of its undecided application of {done.application}",
                   f"，其 {done.application} 提出的申请也不再计入期限提醒") if done.application else Said("", "")
    click.echo(Said(f"{shown}: left the register on {done.date} (reason: {reason}); no alert lists it any more"
                    f"{pending.en}",
                    f"{shown}：已记录于 {done.date} 离开台账（原因：{reason}）；不再为它提醒{pending.zh}"
                    ).in_lang(lang))
    raise SystemExit(OK)


def _refuse_voided(household: str, register: Any, lang: str) -> None:
    """A household whose every record — its snapshots, else its applications — was voided is refused as it is, with
    how to bring it back (the void withdrawn, the application recorded again, its record ingested), or the household
    the void's reason names; an id with no record at all is left to the caller."""
    from cli.monitor_applications import every_snapshot_voided, named_in_reason, then

    shown = id_shown(household)
    voided = every_snapshot_voided(household, register, lang)
    if voided is not None:
        said, meant = voided
        latest = register.history(household)[-1]["date"]
        undo = f"policy monitor void {shell_word(household)} --date {latest} --undo --reason"
        fail(lang, said, Said(f"{then(meant, ' If', '; if')} it was voided by mistake, withdraw the void: "
                              f"`{undo} REASON`; or ingest the household's record again",
                              f"{then(meant, '', '；')}若是作废错了，请撤销作废：`{undo} 原因`；或重新导入该户的记录"
                              ).in_lang(lang))
    applications = register.voided_applications(household)
    if not applications:
        return
    applied, reason = applications[-1][0], applications[-1][5]
    meant = named_in_reason(reason, household, register, lang)
    count = (Said(f"its only application, of {applied}, was", f"它唯一的申请（{applied} 提出）已")
             if len(applications) == 1 else
             Said(f"its {len(applications)} applications were", f"它的 {len(applications)} 份申请都已"))
    again = f"policy monitor apply {shell_word(household)} --date {applied} --new"
    fail(lang, Said(f"household {shown} has no record that counts in the register: {count.en} voided (reason: "
                    f"{reason})",
                    f"台账中家庭 {shown} 没有有效的记录：{count.zh}作废（原因：{reason}）"),
         Said(f"{then(meant, ' If', '; if')} it was voided by mistake, record the application again: `{again}`; or "
              "ingest the household's record",
              f"{then(meant, '', '；')}若是作废错了，请重新记录申请：`{again}`；或导入该户的记录").in_lang(lang))


def _withdrawn(done: Departed, reason: str) -> Said:
    """What a departure withdrawn gives back: the household's alerts and the deadline of its undecided application."""
    shown = id_shown(done.household)
    said = Said(f"{shown}: the departure of {done.date} withdrawn (reason: {reason})",
                f"{shown}：已撤销 {done.date} 的离开记录（原因：{reason}）")
    if not done.in_force:  # a later record had brought the household back: nothing counts otherwise than before
        return Said(f"{said.en}; a later record had brought it back already",
                    f"{said.zh}；之后的记录早已表明它回到台账")
    pending = Said(f", and the deadline of its undecided application of {done.application}",
                   f"，其 {done.application} 提出的申请也重新计入期限提醒") if done.application else Said("", "")
    return Said(f"{said.en}; alerts list it again{pending.en}", f"{said.zh}；提醒重新列出该户{pending.zh}")
