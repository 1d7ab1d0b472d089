"""`policy monitor alerts`: what the desk must act on, changed households and application deadlines."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from cli.common import OK, file_in_existing_folder, lang_option, not_an_input, parse_date
from cli.monitor_common import (
    ALERT_FORMATS,
    calendar_option,
    db_option,
    margin_option,
    open_register,
    parse_margin,
    warn_today_after_today,
    write_output,
)
from engine.diagnostics import Said


@click.command()
@db_option
@click.option("--since", "since_text", metavar="D",
              help="Only households whose latest snapshot is dated on or after this day.")
@margin_option
@click.option("--today", "today_text", metavar="D", help="The day deadlines are measured from  [default: today].")
@click.option("--due-within", metavar="N", type=click.IntRange(min=1), default=7, show_default=True,
              help="Applications due on or before --today plus this many calendar days are listed (7: by the "
                   "same day next week).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(["start", "exit", "move", "near", "overdue",
                                                                   "due_soon"]),
              help="Only these kinds (repeatable)  [default: all].")
@click.option("--format", "fmt", type=ALERT_FORMATS, default="text", show_default=True,
              help="text for the desk, markdown for reports, json or csv for other tools.")
@click.option("-o", "--output", metavar="OUTPUT", type=click.Path(path_type=Path), callback=file_in_existing_folder,
              help="Write here (atomically) instead of standard output.")
@calendar_option
@lang_option
def alerts(db_path: Path, since_text: str | None, margin_text: str, today_text: str | None, due_within: int,
           kinds: tuple[str, ...], fmt: str, output: Path | None, supplement: Any, lang: str | None) -> None:
    """List what the desk must act on: changed households and application deadlines.

    start: newly qualifying (help them apply: the alert gives the `apply` command; assistance
    starts once decided); exit: no category any more (stop; it stays in
    the register, whose alerts follow its data); move: categories changed; near: within
    --margin of a line that would give a category; overdue and due_soon: undecided
    applications. Change alerts compare each household's last two snapshots and say which
    values moved and which clauses flipped.

    \b
    Examples:
      policy monitor alerts
      policy monitor alerts --since 2026-03-01 --margin 3% --lang en
      policy monitor alerts --format csv -o alerts-2026-03.csv
      policy monitor alerts --kind overdue --kind due_soon --today 2026-03-10

    Exit codes: 0 alerts listed (or none), 2 usage error.
    """
    from cli.common import default_lang
    from engine.monitor.alerts import application_alerts, change_alerts
    from engine.monitor.report import render_csv, render_json, render_markdown, render_text

    lang = lang or default_lang()
    since = parse_date(since_text, "--since")
    today = parse_date(today_text, "--today") or datetime.date.today()
    # most often a typo in the year, which lists every application as overdue
    warn_today_after_today(today, Said("deadlines are measured from that day", "时限按这一天计算"), lang)
    if since is not None:  # the same typo, which leaves out every change but of a snapshot dated after today
        warn_today_after_today(since, Said("only the households whose latest snapshot is dated on or after it are "
                                           "listed, those dated after today alone",
                                           "只列出最近一次快照在这一天或之后的家庭，也就只剩日期晚于今天的快照"),
                               lang, "--since")
    margin = parse_margin(margin_text)
    not_an_input(output, (db_path,), "'-o' / '--output'")
    with open_register(db_path, lang, read_only=True) as register:
        # the policy folder here, as `apply` reads it, says which policy is in force on --today
        found = change_alerts(register, margin=margin if margin > 0 else None, since=since, lang=lang,
                              policy_day=today, policy_dir=Path("policy"))
        found += application_alerts(register, today, due_within, supplement, lang)
    if kinds:
        found = [a for a in found if a.kind in kinds]
    if lang == "zh":
        title = (f"提醒 — {db_path} — 接近幅度 {margin:.2%}，今天 {today.isoformat()}"
                 + (f"，记录日期自 {since.isoformat()} 起" if since else ""))
    else:
        title = (f"Alerts — {db_path} — margin {margin:.2%}, today {today.isoformat()}"
                 + (f", since {since.isoformat()}" if since else ""))
    if fmt == "json":
        text = render_json(found, {"register": str(db_path), "margin": margin_text, "today": today.isoformat(),
                                   "since": since.isoformat() if since else None})
    elif fmt == "csv":
        text = render_csv(found, lang)
    elif fmt == "markdown":
        text = render_markdown(found, lang, title)
    else:
        text = render_text(found, lang, title)
    write_output(text, output, lang)
    raise SystemExit(OK)
