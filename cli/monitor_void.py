"""`policy monitor void`: a snapshot recorded by mistake voided, with its reason, kept for good."""

from __future__ import annotations

from pathlib import Path

import click

from cli.common import OK, lang_option, parse_date
from cli.monitor_common import db_option, fail, meant_id, no_snapshot, open_register
from engine.diagnostics import Said


def _login_name() -> str:
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name in the environment, and none for this uid
        return "?"


@click.command()
@click.argument("household")
@click.option("--date", "date_text", required=True, help="The date of the snapshot recorded by mistake YYYY-MM-DD.")
@click.option("--reason", required=True, help="Why it is voided: kept with it for good, and shown by `show`.")
@click.option("--snapshot", "snapshot_id", type=click.IntRange(min=1),
              help="Only this snapshot (its # in `policy monitor show`), when that date has several.")
@click.option("--by", "voided_by", help="Who voids it  [default: the login name of this account].")
@db_option
@lang_option
def void(household: str, date_text: str, reason: str, snapshot_id: int | None, voided_by: str | None,
         db_path: Path, lang: str | None) -> None:
    """Void a snapshot recorded by mistake: a date typed wrong, another household's data.

    Nothing is deleted: the void is recorded beside the snapshot with its reason, who
    voided it and when, and `show` lists the snapshot struck out. From then on the
    register goes as if it were not there: the household's latest snapshot, its alerts
    and `reassess` leave it out, and a record that corrects it can be ingested on its
    date. Every snapshot of the household on that date is voided (they hold the same
    data), or only the one --snapshot names. A void is never undone.

    \b
    Examples:
      policy monitor void DS-0001 --date 2062-03-01 --reason "日期录错"
      policy monitor void DS-0010 --date 2025-06-01 --reason "wrong id: DS-0100's data" --by wang.li

    Exit codes: 0 voided, 2 no register, no such household, no snapshot on that date, voided
    already, or usage error.
    """
    from cli.common import default_lang
    from engine.monitor.voids import VoidError, void_snapshots

    lang = lang or default_lang()
    day = parse_date(date_text)
    assert day is not None
    reason, voided_by = reason.strip(), (voided_by or "").strip() or _login_name()
    if not reason:
        fail(lang, Said("give the reason the snapshot is voided with --reason", "请用 --reason 写明作废的原因"),
              Said('e.g. --reason "the year is mistyped: 2026, not 2062"',
                   '例如 --reason "年份录错，应为 2026 年"'))
    with open_register(db_path, lang) as register:
        if not register.history(household):
            fail(lang, no_snapshot(household, db_path), meant_id(household, register, lang))
        try:
            voided = void_snapshots(register, household, day, reason, voided_by, snapshot_id)
        except VoidError as error:
            fail(lang, error.said, error.help)
    ids = ", ".join(f"#{i}" for i in voided.snapshots)
    if lang == "zh":
        now = (f"现在最近一次快照是 {voided.latest[1]} 的 #{voided.latest[0]}" if voided.latest
               else "该户已没有有效的快照")
        click.echo(f"{household}：已作废 {voided.date} 的快照 {ids}（原因：{reason}）；{now}")
    else:
        what = "snapshot" if len(voided.snapshots) == 1 else "snapshots"
        now = (f"the latest snapshot is now #{voided.latest[0]} of {voided.latest[1]}" if voided.latest
               else "no snapshot of it counts any more")
        click.echo(f"{household}: {what} {ids} of {voided.date} voided (reason: {reason}); {now}")
    raise SystemExit(OK)
