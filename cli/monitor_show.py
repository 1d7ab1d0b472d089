"""`policy monitor show`: a household's history, and any past decision replayed and explained."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cli.common import FORMATS, counted, lang_option, parse_date, print_diagnostics
from cli.monitor_common import WARNING, db_option, fail, meant_id, no_snapshot, open_register, register_holds, typed_id
from engine.diagnostics import Said, id_shown, shell_word


@click.command()
@click.argument("household", callback=typed_id)
@db_option
@click.option("--date", "date_text", metavar="D",
              help="The snapshot in force on this day (the latest dated on or before it).")
@click.option("--explain", is_flag=True, help="Replay that decision with the policy that made it, and explain it.")
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True,
              help="text for people, markdown for case files, json for machines.")
@lang_option
def show(household: str, db_path: Path, date_text: str | None, explain: bool, fmt: str, lang: str | None) -> None:
    """Show a household's history, and explain any past decision.

    --explain replays the decision of the chosen snapshot (the latest, or the one in force on
    `--date`) with the household data and the policy version recorded then; if the policy file
    has changed since, it says so and uses the copy kept in the register.

    \b
    Examples:
      policy monitor show DS-0001
      policy monitor show DS-0001 --date 2025-06-30 --explain --lang en
      policy monitor show DS-0001 --format json

    Exit codes: 0 shown, 1 the replayed decision differs from the recorded one, 2 unknown household or usage error.
    """
    from cli.common import default_lang

    shown = id_shown(household)
    lang = lang or default_lang()
    day = parse_date(date_text)
    with open_register(db_path, lang, read_only=True) as register:
        history = register.history(household)
        applications, voided_applications = register.applications(household), register.voided_applications(household)
        departures = register.departures(household)
        if not history and (explain or day is not None or not (applications or voided_applications)):
            fail(lang, no_snapshot(household, db_path), meant_id(household, register, lang) or register_holds(register)
                 if not applications else Said(f"its application is listed by `policy monitor show "
                                               f"{shell_word(household)}`",
                                               f"`policy monitor show {shell_word(household)}` 会列出它的申请"))
        counted = [h for h in history if h["counts"]]  # neither voided nor a what-if beside a snapshot in force
        if not counted and (explain or day is not None):
            fail(lang, Said(f"every snapshot of household `{shown}` is voided",
                             f"家庭 `{shown}` 的快照都已作废"),
                  Said(f"`policy monitor show {shell_word(household)}` lists them with the reasons",
                       f"`policy monitor show {shell_word(household)}` 会列出它们和作废的原因"))
        chosen = counted[-1] if counted else None
        if day is not None:
            earlier = [h for h in counted if h["date"] <= day.isoformat()]
            if not earlier:
                fail(lang, Said(f"household `{shown}` has no snapshot on or before {day.isoformat()}",
                                 f"家庭 `{shown}` 在 {day.isoformat()} 及以前没有快照"),
                      Said(f"its first snapshot is dated {counted[0]['date']}",
                           f"它的第一次快照日期是 {counted[0]['date']}"))
            chosen = earlier[-1]
        if explain:
            assert chosen is not None
            _show_explained(register, chosen["id"], fmt, lang)
            return
        policies = {h["policy"]: register.policy(h["policy"]) for h in history}
    if fmt == "json":
        out: dict[str, Any] = {"household": household,
                               "snapshots": [_snapshot_json(h, policies[h["policy"]]) for h in history],
                               "departures": departures,
                               "applications": [_application_json(a) for a in applications],
                               "voided_applications": [{**_application_json(a), "void": {"reason": a[5], "by": a[6],
                                                                                          "at": a[7]}}
                                                       for a in voided_applications]}
        if day is not None and chosen is not None:
            out["in_force_on"] = {"date": day.isoformat(), "snapshot": chosen["id"]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(_history_text(household, history, policies, applications, chosen if day else None, lang, fmt,
                             voided_applications, departures, day.isoformat() if day else None))


def _snapshot_json(h: dict[str, Any], policy: Any) -> dict[str, Any]:
    from engine.monitor.snapshot import parse_status

    return {"id": h["id"], "date": h["date"], "status": parse_status(h["status"]),
            "policy": {"id": policy.policy_id, "version": policy.version, "file": policy.file,
                       "sha256": policy.sha256},
            "what_if": h["what_if"], "source": h["source"], "recorded_by": h["batch"], "ingest": h["ingest"],
            "recorded_at": h["recorded_at"],
            "void": h["void"], "voids": h["voids"]}


def _application_json(a: tuple[Any, ...]) -> dict[str, Any]:
    return {"applied": a[0], "special": bool(a[1]), "working_days": a[2], "due": a[3], "decided": a[4]}


def _by(h: dict[str, Any], zh: bool) -> str:
    """What recorded a snapshot: the ingest or the reassessment, by its number as `void --ingest` takes it
    (`ingest #7`, `reassessment #8`)."""
    if h["batch"] == "reassess":
        return f"重新认定 #{h['ingest']}" if zh else f"reassessment #{h['ingest']}"
    return f"导入 #{h['ingest']}" if zh else f"ingest #{h['ingest']}"


def _history_text(household: str, history: list[dict[str, Any]], policies: dict[int, Any],
                  applications: list[tuple[Any, ...]], chosen: dict[str, Any] | None, lang: str, fmt: str,
                  voided_applications: list[tuple[Any, ...]], departures: list[dict[str, Any]],
                  day: str | None) -> str:
    from engine.diagnostics import display_width
    from engine.markdown_text import CodeSlots, md_text
    from engine.monitor.reassess import source_words

    shown = id_shown(household)
    zh, markdown = lang == "zh", fmt == "markdown"
    # in markdown, the household's, the policy's and the desk's text as written, the ids of categories and members code
    say: Callable[[str], str] = md_text if markdown else str
    slots = CodeSlots()
    plural = "" if len(history) == 1 else "s"
    voided = [h for h in history if h["void"]]
    head = (f"户 {shown}：{len(history)} 次记录" + (f"（{len(voided)} 次已作废）" if voided else "") if zh
            else f"Household {shown}: {len(history)} snapshot{plural}"
            + (f" ({len(voided)} voided)" if voided else ""))
    if not history:  # known from its application alone (`apply --new`): its data is not ingested yet
        head = f"户 {shown}：还没有快照" if zh else f"Household {shown}: no snapshot yet"
    rows: list[tuple[str, ...]] = [(str(h["id"]) + ((" 作废" if zh else " void") if h["void"] else ""), h["date"],
             policies[h["policy"]].version + (("（假设情形）" if zh else " (what-if)") if h["what_if"] else ""),
             _categories_named(h["status"], policies[h["policy"]].outline, lang, slots.code if markdown else str),
             _by(h, zh), source_words(h["source"], lang)) for h in history]
    if markdown:  # each cell as written, its ids code; a voided row struck out, as on paper
        rows = [tuple(f"~~{c}~~" if h["void"] else c for c in (slots.escaped(c, table=True) for c in r))
                for r, h in zip(rows, history, strict=True)]
    header = ("#", "日期" if zh else "date", "政策版本" if zh else "policy", "认定" if zh else "categories",
              "来源" if zh else "by", "记录位置" if zh else "record")
    if fmt == "markdown":
        lines = [f"## {md_text(head)}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        lines.append("")  # a line straight under a table would be read as one more row of it
    else:  # columns padded to the width a terminal gives them: a Chinese character takes two
        widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(cells: tuple[str, ...]) -> str:
            return "  " + "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))
        lines = [head, line(header).rstrip(), *(line(r).rstrip() for r in rows)]
    if not history:
        lines = [f"## {md_text(head)}", ""] if markdown else [head]
    if chosen is not None:
        lines.append(("在该日有效的记录：#" if zh else "in force on that day: #") + str(chosen["id"]))
        gone = [d for d in departures if d["in_force"] and day is not None and d["date"] <= day]
        if gone:
            lines.append(f"（该户已于 {gone[-1]['date']} 离开台账，不晚于这一天）" if zh
                         else f"(the household left the register on {gone[-1]['date']}, on or before that day)")
    if departures:
        lines += _departure_lines(departures, zh, fmt, say)
    # in markdown, a list under a heading of its own, as on paper: plain indented lines would run into one paragraph
    item, under = ("- ", "    - ") if fmt == "markdown" else ("  ", "    ")
    ever = [h for h in history if h["voids"]]
    if ever:
        withdrawn = any(v["withdrawn"] for h in ever for v in h["voids"])
        title = ("作废和撤销作废" if zh else "Voided and restored") if withdrawn else ("已作废" if zh else "Voided")
        lines += _section(lines, title, fmt)
        for h in ever:
            lines += _void_lines(h, zh, item, under, say)
    if applications:
        lines += _section(lines, "申请" if zh else "Applications", fmt)
        for applied, special, days, due, decided in applications:
            if zh:
                state = f"已办结 {decided}" if decided else "未办结"
                lines.append(f"{item}{applied} → {due}（{'特殊情况，' if special else ''}{days} 个工作日）：{state}")
            else:
                state = f"decided {decided}" if decided else "undecided"
                kind = ", special case" if special else ""
                lines.append(f"{item}{applied} → {due} ({counted(days, 'working day')}{kind}): {state}")
    if voided_applications:
        from engine.monitor.voids import local_time

        lines += _section(lines, "已作废的申请" if zh else "Voided applications", fmt)
        for applied, _, _, due, _, reason, by, at in voided_applications:
            lines.append(f"{item}{applied} → {due}：{local_time(at)} 由 {say(by)} 作废：{say(reason)}" if zh
                         else f"{item}{applied} → {due}: voided on {local_time(at)} by {say(by)}: {say(reason)}")
    if fmt == "markdown" and lines[-1]:
        lines.append("")  # the hint, straight under a list, would be read as part of its last item
    if not history:  # no decision to explain yet
        return "\n".join(lines).rstrip("\n")
    if chosen is not None:  # --date was given: only --explain is missing
        hint = (f"（加 --explain 可查看该日有效的 #{chosen['id']} 这次认定的理由）" if zh
                else f"(add --explain to see why #{chosen['id']}, the decision in force on that day, was made)")
    else:
        hint = ("（加 --explain 可查看某次认定的理由，再加 --date 可指定是哪一天的）" if zh
                else "(add `--explain`, and `--date`, to see why a decision was made)")
    return "\n".join([*lines, hint])


def _departure_lines(departures: list[dict[str, Any]], zh: bool, fmt: str, say: Callable[[str], str]) -> list[str]:
    """Each departure recorded (`policy monitor leave`): when, why, by whom (the reasons and names as `say` writes
    them); one a later record ended, or withdrawn (`leave --undo`), said so."""
    from engine.monitor.voids import local_time

    lines = [""] if fmt == "markdown" else []
    for d in departures:
        left = (f"已于 {d['date']} 离开台账" if zh else f"Left the register on {d['date']}")
        back = "" if d["in_force"] else ("；之后的记录表明它已回到台账" if zh else "; a later record brought it back")
        if d["withdrawn"]:  # recorded by mistake: it never counted, which is said first, before it is read as a fact
            w = d["withdrawn"]
            left = (f"（已撤销）{d['date']} 的离开记录" if zh else f"(withdrawn) Departure of {d['date']}")
            back = (f"；已于 {local_time(w['at'])} 由 {say(w['by'])} 撤销：{say(w['reason'])}" if zh
                    else f"; withdrawn {local_time(w['at'])} by {say(w['by'])}: {say(w['reason'])}")
        reason, by = say(d["reason"]), say(d["by"])
        lines.append(f"{left}（原因：{reason}），{local_time(d['at'])} 由 {by} 记录{back}" if zh
                     else f"{left} (reason: {reason}), recorded {local_time(d['at'])} by {by}{back}")
    return lines


def _section(lines: list[str], title: str, fmt: str) -> list[str]:
    """The lines that open a section under what `lines` hold: its title after a blank line (in markdown a heading,
    with the blank line a list needs under it)."""
    gap = [""] if lines[-1] else []
    return [*gap, f"### {title}", ""] if fmt == "markdown" else [*gap, title]


def _void_lines(h: dict[str, Any], zh: bool, item: str, under: str, say: Callable[[str], str]) -> list[str]:
    """Each void of a snapshot and each withdrawal, in the order they were made: `#41 (2062-03-02): voided on …`, then
    `restored on …` and `voided again on …` under it (`item`, `under`: what starts each, by its depth; the reasons and
    names as `say` writes them)."""
    from engine.monitor.voids import when

    lines = []
    for n, void in enumerate(h["voids"]):
        by, reason = say(void["by"]), say(void["reason"])
        if zh:
            lines.append(f"{item}#{h['id']}（{h['date']}）：{when(void)} 由 {by} 作废：{reason}"
                         if not n else f"{under}{when(void)} 由 {by} 再次作废：{reason}")
        else:
            lines.append(f"{item}#{h['id']} ({h['date']}): voided on {when(void)} by {by}: {reason}"
                         if not n else f"{under}voided again on {when(void)} by {by}: {reason}")
        back = void["withdrawn"]
        if back is not None:
            by, reason = say(back["by"]), say(back["reason"])
            lines.append(f"{under}{when(back)} 由 {by} 撤销作废：{reason}" if zh
                         else f"{under}restored on {when(back)} by {by}: {reason}")
    return lines


def _categories_named(status: str, outline: dict[str, Any], lang: str, code: Callable[[str], str]) -> str:
    """A snapshot's categories as the explanation names them, from the labels of the policy that decided it:
    `最低生活保障对象（dibao）、特困人员（tekun，成员 p1）`, `person in extreme poverty (tekun, member p1)`, the ids as
    `code` writes them."""
    from engine.monitor.reasons import Words, categories_named

    zh = lang == "zh"
    named = categories_named(Words(lang, outline).entries(status), lang, code)
    return ("、" if zh else ", ").join(named) or ("无" if zh else "none")


def _show_explained(register: Any, snapshot_id: int, fmt: str, lang: str) -> None:
    from engine.diagnostics import PolicyError, source_lines
    from engine.evaluator import EvaluationError
    from engine.explain import explain as explain_tree
    from engine.household import HouseholdError
    from engine.monitor.replay import replay
    from engine.render import decision_json, render_markdown, render_text

    try:
        replayed = replay(register, snapshot_id)
    except (PolicyError, HouseholdError) as error:
        print_diagnostics(error.diagnostics, source_lines, lang=lang)
        fail(lang, Said(f"snapshot #{snapshot_id} cannot be replayed by this version of policy",
                         f"第 {snapshot_id} 号快照无法用这个版本的 policy 重演"))
    except EvaluationError as error:
        said = error.diagnostic.in_lang(lang)
        fail(lang, Said(f"snapshot #{snapshot_id} cannot be replayed: {said.message}",
                         f"第 {snapshot_id} 号快照无法重演：{said.message}"), said.help)
    if replayed.file_note:
        click.echo(click.style(WARNING.in_lang(lang), fg="yellow", bold=True) + replayed.file_note.in_lang(lang),
                   err=True)
    from engine.monitor.reassess import source_words

    snapshot, record = replayed.snapshot, replayed.policy_record
    click.echo(f"家庭 {snapshot['household']} 的第 {snapshot_id} 号快照，日期 {snapshot['date']}，记录自 "
               f"{source_words(snapshot['source'], lang)}，依据 {record.file}（{record.version}）" if lang == "zh" else
               f"snapshot #{snapshot_id} of {snapshot['household']}, dated {snapshot['date']}, recorded from "
               f"{snapshot['source']} with {record.file} ({record.version})", err=True)
    tree = explain_tree(replayed.decision, lang)
    if fmt == "json":
        out = decision_json(replayed.decision, tree)
        out["replay"] = {"snapshot": snapshot_id, "matches_recorded": replayed.matches,
                         "policy_file_changed": replayed.file_note is not None}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    elif fmt == "markdown":
        click.echo(render_markdown(tree), nl=False)
    else:
        from cli.common import style_for

        click.echo(render_text(tree, style_for(sys.stdout.isatty())), nl=False)
    if not replayed.matches:
        click.echo(WARNING.in_lang(lang) + Said(
            "the replayed decision differs from the recorded one: the engine has changed since; the recorded "
            "decision is in `policy monitor show --format json`",
            "重演的认定与记录的认定不同：此后引擎有过改动；记录的认定见 `policy monitor show --format json`",
        ).in_lang(lang), err=True)
        raise SystemExit(1)
