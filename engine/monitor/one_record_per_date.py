"""A household has one record per date: a decided record is new, already recorded, or a clash (H007).

Input: a `Decided` record, the register row of the policy that decided it, and the snapshots of its household
and date already recorded (`Register.same_day`, the file's earlier records included).
Output: a `Verdict`: the record is new (record it), already recorded (counted, not added), or a clash, a `Problem`
(H007) that names where the first record of that day came from.
Invariants: records are compared as data, not as bytes (`engine.monitor.household_json.canonical_json`); the
same data under another policy version (a what-if, a reassessment) is a snapshot of its own; a voided snapshot
holds no date — the record that corrects it is new, while its own data ingested again stays voided; the first
record stands, never silently replaced by a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from engine.diagnostics import Diagnostic, Said, id_shown, sentence, shell_word
from engine.monitor.household_json import canonical_json
from engine.monitor.record_outcomes import Decided, Problem
from engine.monitor.register import SameDay, digest_of


@dataclass(frozen=True)
class Verdict:
    """What a decided record is beside the snapshots of its household and date: already recorded, a clash, or
    else (neither) new."""

    already_recorded: bool = False  # counted, not added
    clash: Problem | None = None  # H007: other data than the first record of that day, which it names


def judge(decided: Decided, policy_row: int, same_day: list[SameDay], forced: bool = False) -> Verdict:
    """Whether a decided record is new or already recorded, given the snapshots of its household and date; a
    record with other data than they hold is a clash, a bad record (H007) that names where the first came from
    (`forced`: its date is the one --date gave every record of the file)."""
    digest, data = digest_of(decided.raw), None
    same = []
    for s in same_day:  # the same bytes, else the same data written otherwise (an export made again)
        if s.digest != digest:
            data = data or canonical_json(decided.raw)
            if data is None or canonical_json(s.household_json) != data:
                continue
        same.append(s)
    if any(s.policy == policy_row for s in same):
        return Verdict(already_recorded=True)  # voided or not: a voided snapshot stays so, its export ingested again
    live = [s for s in same_day if not s.voided]  # a voided snapshot's data is no record of that date
    if not live or any(not s.voided for s in same):
        return Verdict()  # new: the same data under another policy version (a what-if, a reassessment) is its own
    hid, date, first = decided.household, decided.date, live[0].source
    shown = id_shown(hid)
    return Verdict(clash=Problem(decided.source, [Diagnostic.said(
        "H007", Said(f"household {shown} already has a record dated {date}, with other data ({first})",
                     f"家庭 {shown} 在 {date} 已有一条数据不同的记录（{first}）"), None,
        help=_correction_help(hid, date, _own_date(decided.raw) if forced else None),
        source_file=decided.source)], clash=live[0], date=date))


def _correction_help(household: str, date: str, own: str | None = None) -> Said:
    """How the second record goes in: most often it corrects the first, which is voided and the record ingested
    again (the command to run, quoted as a shell reads it); else its `id` or `date` is the slip — or, when --date
    gave the day (`own`: the record's own `date`, "" for none), that option."""
    void = f"`policy monitor void {shell_word(household)} --date {date} --reason '…'`"
    corrects = Said(f"if this record corrects the one recorded, void that one with {void}, then ingest this record "
                    "again", f"如果这条记录是对已记录那条的更正，请先用 {void} 将那条作废，再重新导入这条记录")
    if own is None:
        return Said(f"{corrects.en}; if it is another household's or another day's, correct its `id` or its `date`",
                    f"{corrects.zh}；如果它属于别的家庭或别的日期，请改正它的 `id` 或 `date`")
    given = Said(f"{date} is the day --date gave every record", f"{date} 是 --date 给所有记录的日期")
    if own:
        return Said(f"{given.en}; this record's own `date` is {own}: to record each record on its own date, run the "
                    f"same ingest again without `--date`. {sentence(corrects.en)}",
                    f"{given.zh}；这条记录自己的 `date` 是 {own}：要按各条记录自己的日期记录，请去掉 --date 重新运行"
                    f"同一条导入命令；{corrects.zh}")
    return Said(f"{given.en}, this record having no `date` of its own: if another day was meant, run the same ingest "
                f"again with that day as `--date`. {sentence(corrects.en)}",
                f"{given.zh}（这条记录没有自己的 `date`）：如果指的是另一天，请用那一天作 --date 重新运行同一条"
                f"导入命令；{corrects.zh}")


def _own_date(raw: bytes) -> str:
    """The record's own `date` as written, "" for none (or one that is not a date)."""
    from engine.household import own_date

    try:
        own = own_date(orjson.loads(raw))
    except orjson.JSONDecodeError:
        return ""
    return "" if own is None else own.isoformat()
