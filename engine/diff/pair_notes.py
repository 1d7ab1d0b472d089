"""What is wrong with the pair of files given to `policy diff`, rather than with either of them.

Input: the OLD and NEW `Policy` and, when households are evaluated, the days they were decided on. Output: a list of
(level, `Said`): warnings — the same file given twice (or saved again with other line endings), one `version` for
two different contents, two different policies (`id`) compared as versions, windows (`effective`) that overlap,
leave days uncovered or start in the wrong order; and a note of the days households were decided on that fall
outside a version's window. Invariants: nothing is printed here (the command prints the list, a report may render
it); a pair with none of these mistakes gets an empty list.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

from engine.diagnostics import Said, text_lines
from engine.model import Policy
from engine.selection import days_from_to, file_in_prose, shared_days, what_if, windowed


def pair_notes(old: Policy, new: Policy, days: Sequence[datetime.date] = (),
               own: Mapping[datetime.date, tuple[int, str, str]] | None = None) -> list[tuple[str, Said]]:
    """What is amiss with OLD and NEW as a pair, in the order it is read, each with its level: warnings; and, when
    households are evaluated on `days` (empty when none are), a note for each version not in force on some of them,
    naming those days — as `policy eval --policy` notes it: comparing two versions on one day applies one of them
    as a what-if. `own`: where the days are the households' own `date`s, each day's households (how many, the first
    one's id and record), so that a day in neither window names them."""
    if old.sha256 == new.sha256:
        notes = [_same_file(old, new)]
    elif _same_text(old, new):
        a, b = file_in_prose(old), file_in_prose(new)
        notes = [Said(f"{a} and {b} differ only in their line endings or byte-order mark, as another "
                      "editor saves a file: the same policy, compared with itself",
                      f"{a} 与 {b} 只有换行符或字节顺序标记（BOM）不同，这是用另一种编辑器保存的结果："
                      "两者是同一份政策，这是拿它与自己比较")]
    elif old.meta.id != new.meta.id:
        a, b = file_in_prose(old), file_in_prose(new)
        notes = [Said(f"{a} has `id` {old.meta.id} and {b} has `id` {new.meta.id}: they are different "
                      "policies, not two versions of one",
                      f"{a} 的 `id` 是 {old.meta.id}，{b} 的 `id` 是 {new.meta.id}：这是两项不同的政策，"
                      "不是同一政策的两个版本")]
    else:
        notes = _same_version(old, new) + _windows(old, new)
    said: list[tuple[str, Said]] = [("warning", note) for note in notes]
    if days:
        neither = {d for d in days if not old.meta.in_force(d) and not new.meta.in_force(d)}
        if old.sha256 != new.sha256 and neither:  # a what-if under both: said once, as a warning
            said.append(("warning", _in_force_on_neither(old, new, sorted(neither), own)))
        else:
            neither = set()
        outside = [what_if(policy, off) for policy in (old, new)
                   if (off := [d for d in days if not policy.meta.in_force(d) and d not in neither])]
        said += [("note", note) for i, note in enumerate(outside) if note not in outside[:i]]  # the same file: once
    return said


def _in_force_on_neither(old: Policy, new: Policy, days: list[datetime.date],
                         own: Mapping[datetime.date, tuple[int, str, str]] | None) -> Said:
    """Households decided on days neither version is in force on (`days`): each version's window, and the fix —
    where the days are the households' own (`own`) and other households' are in a window, which households to check
    the `date` of; else a --date within a window."""
    from engine.household_input import first_names

    shown = [d.isoformat() for d in days]
    those = Said("that day", "该日") if len(days) == 1 else Said("those days", "这些日期")
    first, second = (windowed(p) for p in (old, new))
    if own is not None and set(own) - set(days):  # some households are dated within a window: these are amiss
        count = sum(own[d][0] for d in days if d in own)
        named = [f"{own[d][1]} ({own[d][2]}, {d.isoformat()})" for d in days if d in own]
        named_zh = [f"{own[d][1]}（{own[d][2]}，{d.isoformat()}）" for d in days if d in own]
        one = count == 1
        households = f"{count:,} household{'' if one else 's'}"
        each = Said("", "") if count == len(named) else Said("the first of each day: ", "每个日期的第一户：")
        return Said(f"neither {first.en} nor {second.en} is in force on the `date` of {households} ({each.en}"
                    f"{first_names(named)}), while the others' are in a window: {'it is' if one else 'they are'} "
                    f"decided by both as a what-if; check {'its' if one else 'their'} `date`",
                    f"{first.zh}与 {second.zh}在 {count:,} 户的 `date` 都不生效（{each.zh}"
                    f"{first_names(named_zh, 'zh')}），"
                    f"而其他各户的日期在施行期内：{'这户' if one else '这些户'}在两个版本下都按假设情形认定；"
                    f"请核对{'它' if one else '它们'}的 `date`")
    return Said(f"neither {first.en} nor {second.en} is in force on {first_names(shown)}: households decided on "
                f"{those.en} are decided by both as a what-if, and the impact is that of no version in force; give "
                "--date a day within one of the windows",
                f"{first.zh}与 {second.zh}在 {first_names(shown, 'zh')} 都不生效：在{those.zh}认定的家庭在两个版本下"
                "都按假设情形认定，所得影响不是任何一个生效版本的影响；请用 --date 给出其中一个施行期内的日期")


def _same_file(old: Policy, new: Policy) -> Said:
    a, b = file_in_prose(old), file_in_prose(new)
    if Path(old.file).resolve() == Path(new.file).resolve():
        return Said(f"{a} is given as both OLD and NEW: the file is compared with itself",
                    f"{a} 同时作为旧政策和新政策：这是拿同一个文件与它自己比较")
    return Said(f"{a} and {b} are the same file, byte for byte: the version is compared with itself",
                f"{a} 与 {b} 逐字节相同：这是拿同一个版本与它自己比较")


def _same_text(old: Policy, new: Policy) -> bool:
    """Whether two files hold one text, their line breaks and a byte-order mark aside."""
    try:
        texts = [text_lines(Path(p.file).read_bytes().decode("utf-8")) for p in (old, new)]
    except (OSError, UnicodeDecodeError):
        return False
    return texts[0] == texts[1]


def _same_version(old: Policy, new: Policy) -> list[Said]:
    if old.meta.version != new.meta.version:
        return []
    version, a, b = old.meta.version, file_in_prose(old), file_in_prose(new)
    return [Said(f"{a} and {b} are both `version` {version} of {old.meta.id}, but their content differs: "
                 f"decisions under either say version {version}, and register and batch outputs cannot tell them "
                 f"apart; give {b} its own `version`",
                 f"{a} 与 {b} 都是 {old.meta.id} 的 `version` {version}，但内容不同："
                 f"按两者作出的认定都记为版本 {version}，台账和批量输出无法区分；请给 {b} 另起一个 `version`")]


def _windows(old: Policy, new: Policy) -> list[Said]:
    """Overlap, gap and order of the two `effective` windows (one policy family: the same `id`)."""
    notes = []
    old_start, new_start = old.meta.effective_from, new.meta.effective_from
    if new_start < old_start:
        a, b = file_in_prose(old), file_in_prose(new)
        notes.append(Said(f"NEW {b} starts on {new_start.isoformat()}, before OLD {a}, which starts on "
                          f"{old_start.isoformat()}: OLD and NEW are probably swapped on the command line",
                          f"新版本 {b} 自 {new_start.isoformat()} 起施行，早于旧版本 {a}（自 "
                          f"{old_start.isoformat()} 起）：命令行上的旧政策与新政策可能写反了"))
    earlier, later = sorted((old, new), key=lambda p: p.meta.effective_from)
    first, second = (windowed(p) for p in (earlier, later))
    both, end, start = shared_days(earlier, later), earlier.meta.effective_to, later.meta.effective_from
    if both is not None:
        notes.append(Said(f"{first.en} and {second.en} are both in force {both.en}: `policy check` on a folder "
                          "holding both refuses them (L008), and an evaluation on those days cannot tell which decides",
                          f"{first.zh}与 {second.zh}{both.zh}都生效：对同时存放两者的文件夹运行 `policy check` "
                          "会拒绝它们（L008），在这些日期评估也无法确定按哪一个"))
    elif end is not None and end + datetime.timedelta(days=1) < start:
        days = days_from_to(end + datetime.timedelta(days=1), start - datetime.timedelta(days=1))
        notes.append(Said(f"neither {first.en} nor {second.en} is in force {days.en}: a household evaluated on those "
                          "days has no policy",
                          f"{first.zh}与 {second.zh}{days.zh}都不生效：在这些日期评估的家庭没有政策可依"))
    return notes
