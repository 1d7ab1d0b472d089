"""Snapshots recorded by mistake: `policy monitor void`, and a void made by mistake: `void --undo`.

Input: an open `Register`, a household id, the date of its snapshot recorded by
mistake (and, when that date has several, the one meant), the reason and who
voids it — or who withdraws its void; or the number of an ingest whose every
snapshot was recorded by mistake (an export given the wrong --date), or of a
reassessment (the wrong policy, the wrong --date): the two are numbered in one
series, the register's batches.
Output: a `Voided` (or `Withdrawn`) — the snapshots voided (or whose voids are
withdrawn) and the household's latest snapshot now — or, for an ingest, an
`IngestVoided`; or a `VoidError` that says, in both languages, why nothing was
done.
Invariants: a void is a fact recorded beside the snapshot (`voids`), never a
change to it; its withdrawal, and a void made again after it, are facts recorded
beside the void (`void_events`), never a change to it either, so the history
keeps every step with its reason, who and when. A voided snapshot stays in the
history, where `show` strikes it out with its reason, and is no longer one the
register goes by: alerts, reassessments, `show`'s latest snapshot and ingest's
one record per date leave it out; once its void is withdrawn it is one again. A
void is withdrawn only when that leaves its date one record: not beside another
snapshot of other data that counts on that date. The household's `latest` row
is refreshed in the same transaction.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from engine.diagnostics import Said, id_shown, shell_word
from engine.household_input import first_names
from engine.monitor.register import ReassessedRow, Register

INGESTS_LISTED = 3  # the latest ingests (and reassessments) named under a number the register does not hold
# what a reassessment read, as `engine.monitor.reassess` records it: `policy/post-transition.yaml (post-transition)`
_REASSESSED = re.compile(r"(.*) \(([^()]*)\)")


def void_command(household: str, date: str) -> str:
    """The command that voids a household's snapshots of a date, in backticks, as warnings and alerts give it."""
    return f"`{void_words(household, date)}`"


def void_words(household: str, date: str) -> str:
    """`void_command`'s command without its backticks, for a report that writes code its own way (markdown)."""
    return f"policy monitor void {shell_word(household)} --date {date} --reason …"


class VoidError(Exception):
    """Nothing can be voided as asked, worded in both languages."""

    def __init__(self, message: Said, help: Said | None = None):
        self.said, self.help = message, help
        super().__init__(message.en)


@dataclass(frozen=True)
class Reassessed:
    """A snapshot a reassessment made from a snapshot voided (or from one so made in turn), voided with it."""

    snapshot: int
    household: str
    date: str
    reassessment: int  # its number, in the series of the ingests'
    policy_file: str  # the policy it read, which a reassessment made again reads
    made_from: int | None = None  # the snapshot it was made from


@dataclass(frozen=True)
class Voided:
    household: str
    date: str
    snapshots: list[int]
    latest: tuple[int, str] | None  # (id, date) of the household's latest snapshot now; None when none counts
    reassessed: tuple[Reassessed, ...] = ()  # the reassessments made from them, voided (or restored) with them
    alerts: tuple[tuple[str, str], ...] = ()  # (kind, date) of the change alerts they raised, withdrawn with them


class Withdrawn(Voided):
    """The snapshots whose voids were withdrawn, and the household's latest snapshot now."""


def when(void: dict[str, Any]) -> str:
    """The moment a void was recorded, as a person reads it, in the local time of whoever reads it: `2026-03-05
    14:02`. It is stored with its offset (`2026-03-05T06:02:11+00:00`), whatever the zone of the machine that voided
    it, so that the same moment reads as the same local time as "today" does."""
    return local_time(str(void["at"]))


def local_time(at: str) -> str:
    """A moment stored with its offset (`2026-03-05T06:02:11+00:00`), in the local time of whoever reads it."""
    try:
        moment = datetime.datetime.fromisoformat(at)
    except ValueError:  # not a moment: shown as stored
        return at[:16].replace("T", " ")
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def _on_day(register: Register, household: str, day: str, snapshot: int | None,
            voided_first: bool = False) -> list[dict[str, Any]]:
    """The household's snapshots dated `day` (only `snapshot`, when given), as `Register.history` has them. With
    none that day, the dates it has are said: those of snapshots in force first, the latest first, then those only
    voided, marked so (`voided_first`, for a void to withdraw: those first)."""
    shown = id_shown(household)
    history = register.history(household)
    on_day = [h for h in history if h["date"] == day]
    if not on_day:
        in_force = {h["date"] for h in history if h["void"] is None}
        voided = sorted({h["date"] for h in history} - in_force, reverse=True)
        groups = [sorted(in_force, reverse=True), voided]
        if voided_first:
            groups.reverse()
        dates = Said(first_names([d + (" (voided)" if d in voided else "") for g in groups for d in g]),
                     first_names([d + ("（已作废）" if d in voided else "") for g in groups for d in g], "zh"))
        raise VoidError(Said(f"household {shown} has no snapshot dated {day}",
                             f"家庭 {shown} 没有日期为 {day} 的快照"),
                        help=Said(f"its snapshots are dated {dates.en}; `policy monitor show "
                                  f"{shell_word(household)}` lists them",
                                  f"它的快照日期为 {dates.zh}；"
                                  f"`policy monitor show {shell_word(household)}` 会列出它们"))
    if snapshot is not None:
        chosen = [h for h in on_day if h["id"] == snapshot]
        if not chosen:
            ids = ", ".join(f"#{h['id']}" for h in on_day)
            raise VoidError(Said(f"snapshot #{snapshot} is not one of household {shown} dated {day}",
                                 f"第 {snapshot} 号快照不是家庭 {shown} 在 {day} 的快照"),
                            help=Said(f"its snapshots of that day: {ids}", f"它在这一天的快照：{ids}"))
        on_day = chosen
    return on_day


def void_snapshots(register: Register, household: str, date: datetime.date, reason: str, voided_by: str,
                   snapshot: int | None = None) -> Voided:
    """Void the household's snapshots dated `date` (only `snapshot`, when given) that are not voided already; one
    whose void was withdrawn is voided again."""
    shown = id_shown(household)
    day = date.isoformat()
    with register.transaction():
        on_day = _on_day(register, household, day, snapshot)
        live = [h for h in on_day if h["void"] is None]
        if not live:
            ids = ", ".join(f"#{h['id']}" for h in on_day)
            void = on_day[-1]["void"]
            raise VoidError(Said(f"the snapshot of household {shown} dated {day} ({ids}) is voided already: "
                                 f"on {when(void)} by {void['by']}, because “{void['reason']}”",
                                 f"家庭 {shown} 在 {day} 的快照（{ids}）已经作废：{when(void)} 由 {void['by']} "
                                 f"作废，原因是“{void['reason']}”"),
                            help=Said(f"nothing is left to do for it; if another date was meant, `policy monitor show "
                                      f"{shell_word(household)}` lists the dates of its snapshots",
                                      f"无需再作废；如果要作废的是另一天的快照，`policy monitor show "
                                      f"{shell_word(household)}` 会列出它各次快照的日期"))
        made = [r for r in _made_from(register, [(h["id"], household) for h in live], min(h["ingest"] for h in live))
                if not r.voided]
        raised = _alerts_raised(register.history(household), {h["id"] for h in live} | {r.id for r in made})
        register.add_voids([h["id"] for h in live if not h["voids"]] + [r.id for r in made if not r.ever_voided],
                           reason, voided_by)
        register.add_void_events([h["id"] for h in live if h["voids"]] + [r.id for r in made if r.ever_voided],
                                 "voided", reason, voided_by)
        register.refresh_latest([household])
        latest = register.latest_of(household)
    return Voided(household, day, [h["id"] for h in live], latest, _reassessments(register, made), raised)


def _alerts_raised(history: list[dict[str, Any]], snapshots: set[int]) -> tuple[tuple[str, str], ...]:
    """(kind, date) of the start, exit and move alerts these snapshots raised, each against the snapshot that
    counted before it: those the desk may have acted on, which a void withdraws."""
    from engine.monitor.alerts import change_kind

    counted = [h for h in history if h["counts"]]
    return tuple((change_kind(before["status"], h["status"]), h["date"])
                 for before, h in itertools.pairwise(counted)
                 if h["id"] in snapshots and h["status"] != before["status"])


def withdraw_voids(register: Register, household: str, date: datetime.date, reason: str, withdrawn_by: str,
                   snapshot: int | None = None) -> Withdrawn:
    """Withdraw the voids in force of the household's snapshots dated `date` (only `snapshot`, when given)."""
    day = date.isoformat()
    with register.transaction():
        on_day = _on_day(register, household, day, snapshot, voided_first=True)
        voided = [h for h in on_day if h["void"] is not None]
        if not voided:
            raise _not_voided(household, day, on_day)
        _one_record_on(register, household, day, voided)
        made = _voided_with(register, [(h["id"], household) for h in voided], min(h["ingest"] for h in voided))
        for date_of, restored in itertools.groupby(made, key=lambda r: r.date):
            _one_record_on(register, household, date_of, [{"id": r.id} for r in restored])
        register.add_void_events([h["id"] for h in voided] + [r.id for r in made], "withdrawn", reason,
                                 withdrawn_by)
        register.refresh_latest([household])
        latest = register.latest_of(household)
    return Withdrawn(household, day, [h["id"] for h in voided], latest, _reassessments(register, made))


def _voided_with(register: Register, voided: list[tuple[int, str]], batch: int) -> list[ReassessedRow]:
    """The snapshots reassessments made from these voided snapshots (id, household) that were voided with them —
    for the reason theirs were — rather than on their own."""
    reasons = set(register.void_reasons(snapshot for snapshot, _ in voided).values())
    return [r for r in _made_from(register, voided, batch) if r.voided and r.reason in reasons]


def _made_from(register: Register, seeds: list[tuple[int, str]], batch: int) -> list[ReassessedRow]:
    """The snapshots reassessments made from these snapshots (id, household), recorded by `batch` or later, and from
    those in turn: each holds the household data of the one it was made from, so data voided as a mistake is voided
    in them too."""
    from engine.monitor.reassess import REASSESSED_FROM

    made: list[ReassessedRow] = []
    sources = {REASSESSED_FROM.format(id=snapshot, household=household) for snapshot, household in seeds}
    households = {household for _, household in seeds}
    one = next(iter(households)) if len(households) == 1 else None
    for row in register.reassessed_after(batch, one):  # first recorded first: after the snapshot each was made from
        if row.source in sources:
            made.append(row)
            sources.add(REASSESSED_FROM.format(id=row.id, household=row.household))
    return made


def made_from_voided(register: Register, snapshot: int) -> Reassessed | None:
    """The snapshot, when a reassessment made it from a snapshot voided since — with the reassessment and the policy
    it read — in a register voided before such reassessments were voided with what they were made from."""
    from engine.monitor.reassess import made_from

    made = register.reassessed_as(snapshot)
    source = made_from(made[0]) if made else None
    if made is None or source is None or not register.void_reasons([source]):
        return None
    batch = register.batch(made[1])
    row = register.snapshot(snapshot)
    return Reassessed(snapshot, row["household"], row["date"], made[1], _reassessed(batch[1])[0] if batch else "?",
                      source)


def _reassessments(register: Register, made: list[ReassessedRow]) -> tuple[Reassessed, ...]:
    """The snapshots reassessments made, said with the reassessment that made each and the policy it read."""
    found = []
    for row in made:
        batch = register.batch(row.batch)
        found.append(Reassessed(row.id, row.household, row.date, row.batch, _reassessed(batch[1])[0] if batch else "?"))
    return tuple(found)


def _not_voided(household: str, day: str, on_day: list[dict[str, Any]]) -> VoidError:
    """No void in force to withdraw: never voided, or its void withdrawn already (said with when, by whom, why)."""
    shown = id_shown(household)
    ids = ", ".join(f"#{h['id']}" for h in on_day)
    show = Said(f"`policy monitor show {shell_word(household)}` lists its snapshots and their voids",
                f"`policy monitor show {shell_word(household)}` 会列出它的快照及其作废情况")
    withdrawn = [h["voids"][-1]["withdrawn"] for h in on_day if h["voids"]]
    if not withdrawn:
        return VoidError(Said(f"the snapshot of household {shown} dated {day} ({ids}) is not voided: there is "
                              "no void to withdraw",
                              f"家庭 {shown} 在 {day} 的快照（{ids}）没有作废，没有可撤销的作废"), help=show)
    last = max(withdrawn, key=lambda w: str(w["at"]))
    return VoidError(Said(f"the void of the snapshot of household {shown} dated {day} ({ids}) is withdrawn "
                          f"already: on {when(last)} by {last['by']}, because “{last['reason']}”",
                          f"家庭 {shown} 在 {day} 的快照（{ids}）的作废已经撤销：{when(last)} 由 {last['by']} "
                          f"撤销，原因是“{last['reason']}”"), help=show)


def _one_record_on(register: Register, household: str, day: str, restored: list[dict[str, Any]]) -> None:
    """Refuse to restore snapshots that would count beside one of other data on their date: a household has one
    record per date (H007), and the one that counts may be the correction ingested once they were voided."""
    from engine.monitor.household_json import canonical_json

    shown = id_shown(household)
    back = {h["id"] for h in restored}
    others = [h for h in register.history(household) if h["date"] == day and h["void"] is None
              and h["id"] not in back]
    recorded = register.recorded([*back, *(h["id"] for h in others)])
    data = {i: canonical_json(household_json) for i, (_, household_json) in recorded.items()}
    if len(set(data.values())) <= 1:
        return
    ids = ", ".join(f"#{h['id']}" for h in restored)
    other = next((h for h in others if data[h["id"]] not in {data[i] for i in back}), None)
    if other is None:  # the voided snapshots of that date hold other data each
        raise VoidError(Said(f"the snapshots of household {shown} dated {day} ({ids}) hold other data each: "
                             "withdrawing their voids would give that date two records",
                             f"家庭 {shown} 在 {day} 的快照（{ids}）数据各不相同：都撤销作废，"
                             "这一天就会有两条记录"),
                        help=Said("name the one meant with --snapshot NUMBER",
                                  "请用 --snapshot 编号 指定要恢复的那一条"))
    void = f"`policy monitor void {shell_word(household)} --date {day} --snapshot {other['id']} --reason …`"
    raise VoidError(Said(f"household {shown} has a snapshot dated {day} with other data that counts "
                         f"(#{other['id']}, recorded from {other['source']}): withdrawing the void of {ids} would give "
                         "that date two records",
                         f"家庭 {shown} 在 {day} 已有一条数据不同、仍然有效的快照（#{other['id']}，记录自 "
                         f"{other['source']}）：撤销 {ids} 的作废，这一天就会有两条记录"),
                    help=Said(f"if #{other['id']} is the mistake, void it first with {void}",
                              f"如果记错的是 #{other['id']}，请先用 {void} 将其作废"))


@dataclass(frozen=True)
class IngestVoided:
    """The snapshots of one ingest voided (or whose voids were withdrawn), and the households they are of."""

    ingest: Said  # `ingest #7 (2026-04.jsonl, recorded 2026-03-05 14:02)`, or a reassessment's
    snapshots: int
    households: list[str]
    left: int  # the ingest's other snapshots, voided already (withdrawn: not voided), left as they were
    date: str | None = None  # the only date voided (`void --ingest NUMBER --date D`), or None for every date
    reassessed: tuple[Reassessed, ...] = ()  # the reassessments made from them, voided (or restored) with them
    # household → (kind, date) of the change alerts its snapshots voided raised, withdrawn with them (as `Voided`'s)
    alerts: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)


def void_ingest(register: Register, ingest: int, reason: str, voided_by: str, day: str | None = None) -> IngestVoided:
    """Void every snapshot one ingest (or reassessment) recorded that is not voided already, each as a void of its own
    with the reason: an export ingested under the wrong date is hundreds of snapshots, a reassessment one a
    household. With `day` (ISO), only those dated that day."""
    with register.transaction():
        said, recorded = _of_ingest(register, ingest, day)
        live = [r for r in recorded if not r[3]]
        if not live:
            void = register.last_void(r[0] for r in recorded)
            n, dated = len(recorded), _dated(day)
            raise VoidError(Said(f"the {n:,} snapshot{'' if n == 1 else 's'}{dated.en} recorded by {said.en} "
                                 f"{'is' if n == 1 else 'are'} voided already: the last on {when(void)} by "
                                 f"{void['by']}, because “{void['reason']}”",
                                 f"{said.zh}记录的 {n:,} 条{dated.zh}快照已经作废：最近一次 {when(void)} 由 "
                                 f"{void['by']} 作废，原因是“{void['reason']}”"),
                            help=Said("nothing is left to do for them; `policy monitor show HOUSEHOLD` lists a "
                                      "household's snapshots and their voids",
                                      "无需再作废；`policy monitor show 家庭编号` 会列出一户的快照及其作废情况"))
        made = [r for r in _made_from(register, [(r[0], r[1]) for r in live], ingest) if not r.voided]
        households = list(dict.fromkeys(r[1] for r in live))
        snapshots = {r[0] for r in live} | {r.id for r in made}
        raised = {household: alerts for household, history in register.statuses(households).items()
                  if (alerts := _alerts_raised(history, snapshots))}  # read before the voids change what counts
        register.add_voids([r[0] for r in live if not r[4]] + [r.id for r in made if not r.ever_voided], reason,
                           voided_by)
        register.add_void_events([r[0] for r in live if r[4]] + [r.id for r in made if r.ever_voided], "voided",
                                 reason, voided_by)
        register.refresh_latest(households)
    return IngestVoided(said, len(live), households, len(recorded) - len(live), day, _reassessments(register, made),
                        raised)


def withdraw_ingest_voids(register: Register, ingest: int, reason: str, withdrawn_by: str,
                          day: str | None = None) -> IngestVoided:
    """Withdraw the voids in force of the snapshots one ingest recorded (with `day`, only those dated that day), as
    `withdraw_voids` does for each date of each household: refused, with nothing withdrawn, where one would give a
    date two records."""
    with register.transaction():
        said, recorded = _of_ingest(register, ingest, day)
        voided = [r for r in recorded if r[3]]
        if not voided:
            n, dated = len(recorded), _dated(day)
            raise VoidError(Said(f"none of the {n:,} snapshot{'' if n == 1 else 's'}{dated.en} recorded by {said.en} "
                                 "is voided: there is no void to withdraw",
                                 f"{said.zh}记录的 {n:,} 条{dated.zh}快照都没有作废，没有可撤销的作废"),
                            help=Said("`policy monitor show HOUSEHOLD` lists a household's snapshots and their voids",
                                      "`policy monitor show 家庭编号` 会列出一户的快照及其作废情况"))
        days: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for snapshot, household, date, _, _ in voided:
            days.setdefault((household, date), []).append({"id": snapshot})
        made = _voided_with(register, [(r[0], r[1]) for r in voided], ingest)
        for row in made:
            days.setdefault((row.household, row.date), []).append({"id": row.id})
        for (household, date), restored in days.items():
            _one_record_on(register, household, date, restored)
        register.add_void_events([r[0] for r in voided] + [r.id for r in made], "withdrawn", reason, withdrawn_by)
        households = list(dict.fromkeys(r[1] for r in voided))
        register.refresh_latest(households)
    return IngestVoided(said, len(voided), households, len(recorded) - len(voided), day,
                        _reassessments(register, made))


def _dated(day: str | None) -> Said:
    """` dated 2026-03-02` (`日期为 2026-03-02 的`) for the snapshots of one date of an ingest, or nothing."""
    return Said(f" dated {day}", f"日期为 {day} 的") if day else Said("", "")


def _batch_said(number: int, kind: str, source: str, at: str) -> Said:
    """An ingest or a reassessment, by the number `void --ingest` takes: `ingest #7 (2026-04.jsonl, recorded
    2026-03-05 14:02)`, `reassessment #8 (policy/post-transition.yaml, post-transition, recorded …)`."""
    if kind != "reassess":
        return Said(f"ingest #{number} ({source}, recorded {local_time(at)})",
                    f"导入 #{number}（{source}，{local_time(at)} 导入）")
    file, version = _reassessed(source)
    return Said(f"reassessment #{number} ({file}, {version}, recorded {local_time(at)})",
                f"重新认定 #{number}（{file}，{version}，{local_time(at)} 重新认定）")


def _listed(number: int, kind: str, source: str, at: str) -> Said:
    """An ingest or a reassessment among the latest: `#7 2026-04.jsonl (2026-03-05 14:02)`, `#8 reassessment under
    post-transition (…)`."""
    if kind != "reassess":
        return Said(f"#{number} {source} ({local_time(at)})", f"#{number} {source}（{local_time(at)}）")
    version = _reassessed(source)[1]
    return Said(f"#{number} reassessment under {version} ({local_time(at)})",
                f"#{number} 按 {version} 重新认定（{local_time(at)}）")


def _reassessed(source: str) -> tuple[str, str]:
    """(policy file, version) of what a reassessment read."""
    read = _REASSESSED.fullmatch(source)
    return (read[1], read[2]) if read else (source, "?")


def _of_ingest(register: Register, ingest: int,
               day: str | None = None) -> tuple[Said, list[tuple[int, str, str, bool, bool]]]:
    """The ingest or reassessment said (`ingest #7 (2026-04.jsonl, recorded 2026-03-05 14:02)`) and the snapshots it
    recorded (with `day`, those dated that day); a number of neither, one that recorded none, or none that day, is
    refused."""
    found = register.batch(ingest)
    if found is None:
        latest = [_listed(*b) for b in register.latest_batches(INGESTS_LISTED)]
        listed = Said(", ".join(b.en for b in latest), "、".join(b.zh for b in latest))
        raise VoidError(Said(f"the register holds no ingest #{ingest}", f"台账中没有导入 #{ingest}"),
                        help=Said(f"its latest ingests: {listed.en}; an ingest's summary gives its number, and `policy "
                                  "monitor show HOUSEHOLD` gives it beside each snapshot",
                                  f"最近几次导入：{listed.zh}；导入的汇总会给出导入的编号，"
                                  "`policy monitor show 家庭编号` 也在每条快照旁给出") if latest else
                        Said("it holds no ingest yet", "台账中还没有任何导入"))
    kind, source, at = found
    said = _batch_said(ingest, kind, source, at)
    recorded = register.recorded_by(ingest)
    if not recorded:
        why = Said("its records were recorded already, or bad ones", "它的记录此前已经记录过，或是错误记录") \
            if kind != "reassess" else Said("its decisions were recorded already, or could not be made",
                                             "它的认定结果此前已经记录过，或无法重新认定")
        raise VoidError(Said(f"{said.en} recorded no snapshot: there is nothing of it to void",
                             f"{said.zh}没有记录任何快照，没有可作废的"),
                        help=Said(f"{why.en}; `policy monitor show HOUSEHOLD` lists a household's snapshots and "
                                  "where each came from",
                                  f"{why.zh}；`policy monitor show 家庭编号` 会列出一户的快照及其来源"))
    if day is None:
        return said, recorded
    dated = [r for r in recorded if r[2] == day]
    if not dated:
        days = sorted({r[2] for r in recorded})
        raise VoidError(Said(f"{said.en} recorded no snapshot dated {day}", f"{said.zh}没有记录日期为 {day} 的快照"),
                        help=Said(f"its snapshots are dated {first_names(days)}; leave out --date for every date",
                                  f"它的快照日期为 {first_names(days, 'zh')}；去掉 --date 即不限日期"))
    return said, dated
