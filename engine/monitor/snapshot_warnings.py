"""What a snapshot just recorded is warned of, or counted for: its date, its doubts, an id typed otherwise.

Input: each `Decided` record as it is recorded (`warn_of_recorded`), and at the end of a file the households new
to the register (`warn_of_ids_typed_otherwise`); the register, the `PolicyAndDateChoice` and the file's
`IngestReport`.
Output: warnings by place, `(source, Said)`, appended to the caller's list, and the report's counts (warnings,
snapshots dated before their household's latest, dated today for want of a date, what-ifs by date).
Invariants: what `policy eval` warns of (a date after today, a line given twice, an expense line of no member
that a measure reads per member, not one head of household, a figure out of its plausible range) is warned of
here too, with how to void the snapshot; the snapshot is recorded as given all the same. A household new to the
register whose id is a known household's typed otherwise is warned of, naming both: its data would otherwise
never be compared with that household's. Past the first `WRITTEN_LIKE_SHOWN` of those, the rest are counted.
Snapshots that --date dated otherwise than their records' own `date` are warned of once a file — once a run of
several files, a folder of one household a file — with those dates and how to void them (all at once, by the
ingest's number, when they are all it recorded): most often a month's export given the date of another month.
"""

from __future__ import annotations

import datetime

from engine.diagnostics import Said, id_shown
from engine.doubts import REPEATED
from engine.household import after_today
from engine.household_input import first_names
from engine.monitor.ingest_report import IngestReport
from engine.monitor.policy_and_date import PolicyAndDateChoice
from engine.monitor.record_outcomes import Decided, Warned
from engine.monitor.register import Register
from engine.monitor.voids import void_command

WRITTEN_LIKE_SHOWN = 20  # households new to the register warned of one by one, the rest counted


def warn_of_ids_typed_otherwise(register: Register, arrived: dict[str, tuple[str, str]], report: IngestReport,
                                warned: list[Warned]) -> None:
    """Warn of each household new to the register whose id is a known household's typed otherwise: written alike
    (`DS-00001`, `ds-0001` for `DS-0001`) or one character apart (`D5-0001`). Recorded under its own id, its data
    is never compared with the household's: most often a slip of the export, fixed by voiding and ingesting again."""
    from engine.spelling import ids_alike

    known = [hid for hid in register.household_ids() if hid not in arrived] if arrived else []
    if not known:  # nothing new, or a register's first households
        return
    found = ids_alike(arrived, known)
    for shown, (hid, (other, alike)) in enumerate((hid, found[hid]) for hid in arrived if hid in found):
        report.warnings += 1
        if shown == WRITTEN_LIKE_SHOWN:
            more = len(found) - WRITTEN_LIKE_SHOWN
            warned.append(Warned(report.source, Said(
                f"{more:,} more household{'' if more == 1 else 's'} new to the register "
                f"{'has' if more == 1 else 'have'} the id of a known household typed otherwise; "
                "`policy monitor show HOUSEHOLD` lists each household's snapshots",
                f"另有 {more:,} 户新家庭的编号像是台账中已有家庭的编号录错了；"
                "`policy monitor show 家庭编号` 会列出各户的快照")))
        if shown >= WRITTEN_LIKE_SHOWN:
            continue
        source, date = arrived[hid]
        how = (Said(f"that of household {other} written with another case, separators, full-width characters or "
                    "zero padding", f"与家庭 {other} 的只有大小写、分隔符、全角半角或数字前补零不同") if alike else
               Said(f"one character away from that of household {other}", f"与家庭 {other} 的只差一个字符"))
        void = void_command(hid, date)
        warned.append(Warned(source, Said(
            f"household {id_shown(hid)} is new to the register, and its id is {how.en}: if it is the same household, "
            f"its data is not compared with {other}'s: void the snapshot with {void} and ingest the record again with "
            f"the id {other}",
            f"家庭 {id_shown(hid)} 是台账中的新家庭，其编号{how.zh}：若是同一户，它的数据不会与 {other} 的比较："
            f"请用 {void} 将快照作废，改用编号 {other} 重新导入")))


def warn_of_recorded(decided: Decided, register: Register, newest: dict[str, str],
                     choice: PolicyAndDateChoice, report: IngestReport, warned: list[Warned]) -> None:
    """Count (and warn of) what a newly recorded snapshot's date means: a date after today is most often a typo in
    the year; one before the household's latest snapshot changes the two that alerts compare; one outside the
    window of the policy chosen makes the snapshot a what-if; today, for want of a date, may not be the day the
    data was collected."""
    hid, date = decided.household, decided.date
    shown = id_shown(hid)
    day = datetime.date.fromisoformat(date)
    if day > choice.today:
        report.warnings += 1
        typo = after_today(hid, day, choice.today)
        void = void_command(hid, date)
        warned.append(Warned(decided.source, Said(f"household {typo.en} (the snapshot is recorded: if its date is "
                                                  f"wrong, void it with {void})",
                                                  f"家庭 {typo.zh}（快照已记入；若日期有误，请用 {void} 将其作废）")))
    for kind, doubt, code, help, span in decided.doubted:  # most often a slip of the export: recorded, and said
        report.warnings += 1
        void = void_command(hid, date)
        if kind == REPEATED:  # most often a line pasted twice
            warned.append(Warned(decided.source, Said(
                f"household {shown}: {doubt.en}; the snapshot is recorded with both lines counted: if one was "
                f"pasted twice, void it with {void} and ingest the record corrected",
                f"家庭 {shown}：{doubt.zh}；快照已记入，两条都已计入：如是重复粘贴，请用 {void} 将其作废，"
                "改正后重新导入"), code, help, span))
            continue
        warned.append(Warned(decided.source, Said(
            f"household {shown}: {doubt.en}; the snapshot is recorded as given: if the data is wrong, void it with "
            f"{void} and ingest the record corrected",
            f"家庭 {shown}：{doubt.zh}；快照已按所填记入：如数据有误，请用 {void} 将其作废，改正后重新导入"), code,
            help, span))
    report.undated += decided.undated
    if choice.chosen is not None and not choice.chosen.meta.in_force(day):
        report.what_if[date] += 1
    latest = max(register.latest_date(hid) or "", newest.get(hid, ""))
    if date < latest:
        report.older += 1
        _behind_a_reassessment_of_voided_data(decided, register, report, warned)
    newest[hid] = max(date, newest.get(hid, ""))


def _behind_a_reassessment_of_voided_data(decided: Decided, register: Register, report: IngestReport,
                                          warned: list[Warned]) -> None:
    """Warn of a record recorded behind a latest snapshot that a reassessment made from a snapshot voided since: most
    often the record that corrects that snapshot, which the reassessment of the mistaken data would keep shadowing
    (a register voided before such reassessments were voided with what they were made from)."""
    from engine.diagnostics import shell_word
    from engine.monitor.voids import made_from_voided

    hid = decided.household
    shown = id_shown(hid)
    latest = register.latest_of(hid)
    made = made_from_voided(register, latest[0]) if latest else None
    if made is None:
        return
    report.warnings += 1
    void = f"`policy monitor void {shell_word(hid)} --date {made.date} --snapshot {made.snapshot} --reason …`"
    again = f"policy monitor reassess --policy {shell_word(made.policy_file)}"
    warned.append(Warned(decided.source, Said(
        f"household {shown}: its latest snapshot, #{made.snapshot} of {made.date}, was made by reassessment "
        f"#{made.reassessment} from snapshot #{made.made_from}, which is voided: alerts and reassessments go by "
        f"#{made.snapshot}, not by this record; void #{made.snapshot} too with {void}, then reassess again: {again}",
        f"家庭 {shown}：最近一次快照 #{made.snapshot}（{made.date}）是重新认定 #{made.reassessment} 由已作废的快照 "
        f"#{made.made_from} 得出的：提醒和重新认定仍以 #{made.snapshot} 为准，而不是这条记录；请用 {void} 将 "
        f"#{made.snapshot} 一并作废，再重新认定：{again}")))


def date_given_warning(given: datetime.date | None, carried: dict[str, list[str]], recorded: int,
                       ingests: list[int]) -> Said | None:
    """The one warning of the snapshots recorded under --date (`given`) whose records carry a `date` of their own,
    another day (`carried`: each such date → the households recorded so) — said once for a file, or for the files of
    a run together (a folder of one household a file): most often an export given another month's date by mistake,
    which would otherwise go unnoticed in the register, each snapshot under the wrong date. Where they are all that
    was recorded (`recorded`), by one ingest (`ingests`: those that recorded any), one command voids them all; else
    one for each household, as voiding the ingest would void the others too, whose records carry --date's own date
    or none. None when there is nothing to warn of."""
    if not carried or given is None:
        return None
    day = given.isoformat()
    households = [hid for date in sorted(carried) for hid in carried[date]]
    n = len(households)
    if len(carried) == 1:
        dates = Said(next(iter(carried)), next(iter(carried)))
    else:
        dates = Said(first_names([f"{d} ({len(carried[d]):,})" for d in sorted(carried)]),
                     "、".join(f"{d}（{len(carried[d]):,} 条）" for d in sorted(carried)[:3])
                     + (f"，另有 {len(carried) - 3:,} 个日期" if len(carried) > 3 else ""))
    again = Said("then ingest the export again without `--date`, each record on its own date",
                 "再去掉 --date 重新导入这份导出，每条记录按自己的日期记录")
    if n == 1:
        void = void_command(households[0], day)
        return Said(
            f"--date {day} dated 1 snapshot recorded, whose record carries a date of its own: {dates.en}; if "
            f"--date is wrong, void it with {void}, {again.en}",
            f"有 1 条快照按 --date 记为 {day}，而它的记录自己的 `date` 是 {dates.zh}；若 --date 有误，请用 {void} "
            f"将其作废，{again.zh}")
    if n == recorded and len(ingests) == 1:  # all that the ingest recorded: voided at once
        void = f"`policy monitor void --ingest {ingests[0]} --reason …`"
        how = Said(f"void them all with {void}", f"请用 {void} 一并作废")
    else:
        how = Said(f"void them with {void_command('HOUSEHOLD', day)} for each household ({first_names(households)})",
                   f"请用 {void_command('家庭编号', day)} 逐户作废（{first_names(households, 'zh')}）")
    return Said(
        f"--date {day} dated {n:,} snapshots recorded, whose records carry dates of their own: {dates.en}; if "
        f"--date is wrong, {how.en}, {again.en}",
        f"有 {n:,} 条快照按 --date 记为 {day}，而它们的记录自己的 `date` 是 {dates.zh}；若 --date 有误，{how.zh}，"
        f"{again.zh}")
