"""Which policy decides: the one in force on the evaluation date.

Input: a folder of policy files (or explicit files) and a date. Output: the one
`Policy` whose `effective` window contains the date, or `PolicyError` (L008)
naming the files and windows when none or several are in force, or L010 when the one in force shares its
`version` with another file of the folder (its decisions could not say which file decided); and, for
`policy check`, every two policies of one folder whose windows overlap (L008), or whose `version` is one (L010),
so that the mistake is found before an evaluation date happens to fall in it, the days between
two of them that none covers (a warning), and an abolished category dated by a later version's first day
though an earlier one already abolished it, or dated while an earlier one still had it (C039, a warning).
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import re
from pathlib import Path
from typing import Any

from engine.diagnostics import Diagnostic, PolicyError, Said, Span, path_in_prose
from engine.model import Policy
from engine.policy_cache import cached, load_policy_file


def named_yaml(file: Path) -> bool:
    """Whether a file's name says it is YAML: `.yaml` or `.yml`, in capitals too (`CASES.YML`)."""
    return file.suffix.lower() in (".yaml", ".yml")


def policy_files(paths: list[Path], cases: list[Path] | None = None) -> list[Path]:
    """Expand folders into their `*.yaml` / `*.yml` files (`.YAML` too), sorted by name; a folder's files of test
    cases (`holds_cases`), kept beside the policy they test, are no policies: left out, and added to `cases`."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            for file in sorted(p for p in path.iterdir() if named_yaml(p) and p.is_file()):
                if holds_cases(file):
                    if cases is not None:
                        cases.append(file)
                else:
                    files.append(file)
        else:
            files.append(path)
    return files


_CASES = re.compile(rb"^cases[ \t]*:", re.MULTILINE)
_POLICY = re.compile(rb"^policy[ \t]*:", re.MULTILINE)


def holds_cases(file: Path) -> bool:
    """Whether a YAML file is one of test cases: a `cases:` list at its left margin and no `policy:` there (read
    as text, in microseconds: a policy read back from the cache is never parsed)."""
    try:
        raw = file.read_bytes()
    except OSError:
        return False  # loading it says why it cannot be read
    return _POLICY.search(raw) is None and _CASES.search(raw) is not None  # (a policy's `policy:` opens it)


def load_folder(folder: Path, calendar: Path | None = None) -> list[Policy]:
    """The policies of a folder; `calendar`, the file given with --calendar, is none of them, if it is kept there."""
    return [load_policy_file(f)[0] for f in policy_files([folder])
            if calendar is None or f.resolve() != calendar.resolve()]


def _window(file: Path) -> tuple[tuple[datetime.date, datetime.date | None] | None, tuple[str, str] | None]:
    """The `effective` window and the `id` and `version` read cheaply, each None when only a full load can say."""
    import yaml

    try:
        head = yaml.load(file.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["policy"]
        effective = head["effective"]
        start, end = effective["from"], effective.get("to")
    except Exception:  # any problem: the full load reports it, located
        return None, None
    named = head.get("id"), head.get("version")
    version = named if all(isinstance(part, str) for part in named) else None
    if isinstance(start, datetime.date) and (end is None or isinstance(end, datetime.date)):
        return (start, end), version
    return None, version


def in_force_in_folder(folder: Path, day: datetime.date, dated_by: Any = None, source: str | None = None) -> Policy:
    """The policy in force on `day`, loading fully only the files whose window may hold it
    (a file loaded before is read back whole from `engine.policy_cache`, its window with it); `dated_by` and
    `source` as `in_force` takes them."""
    candidates: list[tuple[Path, Policy | None]] = []
    versions: list[tuple[str, str] | None] = []  # of every file: one said twice is found by the full load below
    for file in policy_files([folder]):
        known = cached(file)
        if known is not None:
            versions.append(_named(known))
            if known.meta.in_force(day):
                candidates.append((file, known))
            continue
        window, version = _window(file)
        versions.append(version)
        if window is None or (window[0] <= day and (window[1] is None or day <= window[1])):
            candidates.append((file, None))
        else:  # loaded once into the cache, so that the next run reads its window there, without YAML
            with contextlib.suppress(PolicyError):  # a file not in force with mistakes does not stop this run
                load_policy_file(file)
    if len(candidates) == 1:
        file, known = candidates[0]
        policy = known or load_policy_file(file)[0]
        if policy.meta.in_force(day) and versions.count(_named(policy)) == 1:
            return policy
    return in_force(load_folder(folder), day, str(folder), dated_by, source)


def what_if(policy: Policy, days: list[datetime.date]) -> Said:
    """What is said when a policy the user chose decides on days outside its window: a what-if, not the policy
    in force (`days`: the first few are named, then how many more)."""
    from engine.household_input import first_names

    shown, file = sorted({d.isoformat() for d in days}), file_in_prose(policy)
    return Said(f"{file} is in force {policy.meta.window()}, not on {first_names(shown)}; applied as a what-if",
                f"{file} 的施行期为 {policy.meta.window()}，不含 {first_names(shown, 'zh')}；按假设情形适用")


def file_in_prose(policy: Policy) -> str:
    """A policy's file as a sentence names it: set apart in backticks where a shell would split it (`path_in_prose`)."""
    return path_in_prose(str(policy.file))


def windowed(policy: Policy) -> Said:
    """A policy named with its window, as a list of windows names it: `policy/a.yaml (2024-01-01 – …)`."""
    path, window = file_in_prose(policy), policy.meta.window()
    return Said(f"{path} ({window})", f"{path}（{window}）")


def in_force(policies: list[Policy], day: datetime.date, folder: str = "policy/", dated_by: Any = None,
              source: str | None = None) -> Policy:
    """The single policy whose window holds `day`. `dated_by`: the household data (read from `source`) `day` was
    taken from when --date was not given; when its own `date` gave the day and no policy holds it, the mistake is
    most likely that date, so it is a finding about that household (`HouseholdError`, at its `date`), which stops
    no other household."""
    matching = [p for p in policies if p.meta.in_force(day)]
    if len(matching) == 1:
        twins = [p for p in policies if _named(p) == _named(matching[0])]
        if len(twins) > 1:  # its decisions would say a version name that does not tell which file decided
            raise PolicyError(same_versions(twins))
        return matching[0]
    folder = folder if folder.endswith("/") else folder + "/"  # said as a folder: `policy/`, not `policy`
    named = path_in_prose(folder)  # in a sentence: `/tmp/my policies/` set apart, as the files its windows list
    windows = Said("; ".join(windowed(p).en for p in policies) or "no policy files",
                   "；".join(windowed(p).zh for p in policies) or "没有政策文件")
    if not matching and dated_by is not None:
        from engine.household import HouseholdError, household_id, own_date

        if own_date(dated_by) is not None:
            raise HouseholdError([Diagnostic.said(
                "L008", Said(f"no policy in {named} is in force on {day.isoformat()}, the household's `date`",
                             f"{named} 中没有在 {day.isoformat()}（本户的 `date`）生效的政策文件"), None,
                path="date", source_file=source,
                help=Said(f"windows: {windows.en}; check the household's `date`, or decide it with --policy FILE",
                          f"各文件的生效期：{windows.zh}；请核对本户的 `date`，或用 --policy 文件 指定一个文件"))],
                household_id(dated_by), [(("date",), False)])
    if not matching:
        raise PolicyError([Diagnostic.said(
            "L008", Said(f"no policy in {named} is in force on {day.isoformat()}",
                         f"{named} 中没有在 {day.isoformat()} 生效的政策文件"), None, source_file=folder,
            help=Said(f"windows: {windows.en}; pick one with --policy FILE or another --date",
                      f"各文件的生效期：{windows.zh}；请用 --policy 文件 指定一个文件，或换一个 --date"))])
    overlap = Said(", ".join(f"{_where(p)} ({p.meta.window()})" for p in matching),
                   "、".join(f"{_where(p)}（{p.meta.window()}）" for p in matching))
    raise PolicyError([Diagnostic.said(
        "L008", Said(f"several policies are in force on {day.isoformat()}: {overlap.en}",
                     f"{day.isoformat()} 有多个政策文件同时生效：{overlap.zh}"), _span(matching[0]),
        source_file=folder, help=Said("make the `effective` windows not overlap (`policy check` on the folder shows "
                                      "where), or pick one with --policy FILE",
                                      "请调整 `effective` 生效期，使它们互不重叠（对该文件夹运行 `policy check` "
                                      "可看到重叠之处），或用 --policy 文件 指定一个文件"))])


def shared_days(earlier: Policy, later: Policy) -> Said | None:
    """The days two policies are both in force, as said after `in force` (`from A to B` / `在 A 至 B 期间`,
    `from A on` / `自 A 起`), or None when there is none; `earlier` starts no later than `later`."""
    first_end, start = earlier.meta.effective_to, later.meta.effective_from
    if first_end is not None and first_end < start:
        return None
    ends = [d for d in (first_end, later.meta.effective_to) if d is not None]
    if not ends:
        return Said(f"from {start.isoformat()} on", f"自 {start.isoformat()} 起")
    end = min(ends).isoformat()
    return Said(f"from {start.isoformat()} to {end}", f"在 {start.isoformat()} 至 {end} 期间")


def days_from_to(first: datetime.date, last: datetime.date) -> Said:
    """Days from `first` to `last`, as said after `in force`: `on A` / `在 A 当天`, `from A to B` / `在 A 至 B 期间`."""
    if first == last:
        return Said(f"on {first.isoformat()}", f"在 {first.isoformat()} 当天")
    return Said(f"from {first.isoformat()} to {last.isoformat()}", f"在 {first.isoformat()} 至 {last.isoformat()} 期间")


def overlaps(policies: list[Policy]) -> list[Diagnostic]:
    """L008 for every two policies (of one folder) in force on a same day, at the later one's `effective:`."""
    found = []
    ordered = sorted(policies, key=lambda p: (p.meta.effective_from, p.file))
    for i, later in enumerate(ordered):
        for earlier in ordered[:i]:
            first_end, later_end = earlier.meta.effective_to, later.meta.effective_to
            start = later.meta.effective_from
            period = shared_days(earlier, later)
            if period is None:
                continue
            fixes, file = [], file_in_prose(earlier)
            if earlier.meta.effective_from < start:
                day_before = start - datetime.timedelta(days=1)
                brief = _brief(earlier.meta.effective_from, day_before)
                to = f"`to: {day_before.isoformat()}`"
                fixes.append(Said(f"end {file} with {to}{brief.en}",
                                  f"把 {file} 的结束日期改为 {to}{brief.zh}") if first_end is not None else
                             Said(f"end {file} by adding {to} to its `effective:`{brief.en}",
                                  f"在 {file} 的 `effective:` 中加上结束日期 {to}{brief.zh}"))
            elif later_end is not None and (first_end is None or later_end < first_end):  # one first day: the one
                day_after = later_end + datetime.timedelta(days=1)  # that ends first keeps it, the other follows
                brief = _brief(day_after, first_end) if first_end is not None else Said("", "")
                fixes.append(Said(f"start {file} with `from: {day_after.isoformat()}`{brief.en}",
                                  f"把 {file} 的开始日期改为 `from: {day_after.isoformat()}`{brief.zh}"))
            if first_end is not None and (later_end is None or later_end > first_end):
                day_after = first_end + datetime.timedelta(days=1)
                brief = _brief(day_after, later_end) if later_end is not None else Said("", "")
                fixes.append(Said(f"start this one with `from: {day_after.isoformat()}`{brief.en}",
                                  f"把本文件的开始日期改为 `from: {day_after.isoformat()}`{brief.zh}"))
            found.append(Diagnostic.said(
                "L008", Said(f"the effective period overlaps that of {_where(earlier)}: both are in force {period.en}",
                             f"生效期与 {_where(earlier)} 的生效期重叠：两者{period.zh}都生效"),
                _span(later), source_file=later.file,
                help=Said("one must end before the other starts: " + (", or ".join(f.en for f in fixes) if fixes else
                          "change the dates of one, or move one file out of this folder"),
                          "一个文件须在另一个生效之前结束：" + ("请" + "，或".join(f.zh for f in fixes) if fixes else
                          "请修改其中一个的日期，或把其中一个文件移出这个文件夹"))))
    return found


def same_versions(policies: list[Policy]) -> list[Diagnostic]:
    """L010 for every policy (of one folder) whose `version` another of its `id` has too, at the copy's `version:`,
    naming the other. The file named after its version (`post-transition.yaml`) keeps the name; of two others, the
    one that takes force later is the copy; of two from one day, nothing tells: one of them is to be renamed."""
    found = []
    ordered = sorted(policies, key=lambda p: (not _named_after_version(p), p.meta.effective_from, p.file))
    names = {p.meta.version for p in policies}
    for i, later in enumerate(ordered):
        earlier = next((p for p in reversed(ordered[:i]) if _named(p) == _named(later)), None)
        if earlier is None:
            continue
        version = later.meta.version
        other = _placed(earlier, earlier.meta.version_span)
        own, why = _own_version(later, names)
        either = not _named_after_version(earlier) and earlier.meta.effective_from == later.meta.effective_from
        found.append(Diagnostic.said(
            "L010", Said(f"`version: {version}` is that of {other} too: decisions under either would say version "
                         f"{version}, and no one could tell which file decided",
                         f"`version: {version}` 也是 {other} 的版本名称：按两者作出的认定都会记为版本 {version}，"
                         "无法分辨是哪个文件作出的"),
            later.meta.version_span if later.meta.version_span.file else None, source_file=later.file,
            help=Said(f"give one of the two its own version name, e.g. `version: {own}` for this one ({why.en})",
                      f"请给两者之一另起一个版本名称，例如本文件写 `version: {own}`（{why.zh}）") if either else
            Said(f"give this file its own version name, e.g. `version: {own}` ({why.en})",
                 f"请给本文件另起一个版本名称，例如 `version: {own}`（{why.zh}）")))
    return found


_FILE_VERSION = re.compile(r"[A-Za-z][A-Za-z0-9_.-]*")  # a file's name that reads as a version name unquoted
_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})  # read as true, false, null


def _named_after_version(policy: Policy) -> bool:
    """Whether the file's name is its version (`post-transition.yaml`, `version: post-transition`): the original of
    any copy with that version."""
    return Path(policy.file).stem == policy.meta.version


def _own_version(policy: Policy, names: set[str]) -> tuple[str, Said]:
    """A version name for a copy that has another's: the name of its file (`county.yaml`), or the year it takes
    force; none a file of the folder has already."""
    stem = Path(policy.file).stem
    if _FILE_VERSION.fullmatch(stem) and stem.lower() not in _YAML_WORDS and stem not in names:
        return stem, Said("the name of its file", "与文件名相同")
    version, year = policy.meta.version, str(policy.meta.effective_from.year)
    own = f"'{year}'" if year not in names else f"{version}-{year}"  # (quoted: a bare 2027 is a number)
    return own, Said("the year it takes force", "它开始生效的年份")


def _named(policy: Policy) -> tuple[str, str]:
    """What a decision says of the policy that made it, beside the file: its `id` and `version`."""
    return policy.meta.id, policy.meta.version


_BRIEF = datetime.timedelta(days=31)  # a window a fix leaves this short is most likely not what was meant


def _brief(first: datetime.date, last: datetime.date) -> Said:
    """What follows a fix that would leave a policy in force from `first` to `last`, when that is a few days only (a
    date typed wrong, or a version that replaces the other): said, with the other way out; nothing for a month or
    more."""
    if last - first >= _BRIEF:
        return Said("", "")
    days = days_from_to(first, last)
    return Said(f" (it would then be in force {days.en} only: if one of the two replaces the other, move the one "
                "replaced out of this folder instead)",
                f"（这样它只{days.zh}生效：如果两者中一个取代另一个，请改为把被取代的那个移出这个文件夹）")


def gaps(policies: list[Policy]) -> list[Diagnostic]:
    """L008 warnings for the days between two policies of one folder that none covers: an evaluation on
    one of them finds no policy in force. Reported at the `effective:` of the one that starts after it."""
    found: list[Diagnostic] = []
    ordered = sorted(policies, key=lambda p: (p.meta.effective_from, p.file))
    covered_to: datetime.date | None = None
    for earlier, later in itertools.pairwise(ordered):
        end = earlier.meta.effective_to
        if end is None:
            return found  # in force from then on: nothing after it is left uncovered
        covered_to = end if covered_to is None else max(covered_to, end)
        start = later.meta.effective_from
        if covered_to + datetime.timedelta(days=1) < start:
            first, last = covered_to + datetime.timedelta(days=1), start - datetime.timedelta(days=1)
            days = days_from_to(first, last)
            found.append(Diagnostic.said(
                "L008", Said(f"no policy of this folder is in force {days.en}, between {_where(earlier)} and this one",
                             f"这个文件夹{days.zh}没有生效的政策文件（介于 {_where(earlier)} 与本文件之间）"),
                _span(later), severity="warning", source_file=later.file, help=_filled(earlier, first, last)))
    return found


def _filled(earlier: Policy, first: datetime.date, last: datetime.date) -> Said:
    """How the days from `first` to `last` after `earlier` get a policy: a few days are most likely a date typed wrong,
    so one of the two dates moves; a month or more, a version of its own missing from the folder, which moving either
    date would put in force a month or more early, or late."""
    file = file_in_prose(earlier)
    if last - first < _BRIEF:
        return Said(f"start this one with `from: {first.isoformat()}`, or end {file} with "
                    f"`to: {last.isoformat()}`, so that every day has its policy",
                    f"请把本文件的开始日期改为 `from: {first.isoformat()}`，或把 {file} 的结束日期改为 "
                    f"`to: {last.isoformat()}`，让每一天都有政策可依")
    days, window = days_from_to(first, last), f"`effective: {{from: {first.isoformat()}, to: {last.isoformat()}}}`"
    return Said(f"add to this folder the policy in force {days.en} ({window}), so that every day has its policy; "
                f"change the `from:` of this one or the `to:` of {file} only if it is wrong",
                f"请把{days.zh}施行的政策文件放进这个文件夹（{window}），让每一天都有政策可依；只有本文件的 `from:` 或 "
                f"{file} 的 `to:` 写错时，才改动它")


def _span(policy: Policy) -> Span | None:
    return policy.meta.effective_span if policy.meta.effective_span.file else None


def _where(policy: Policy) -> str:
    return _placed(policy, policy.meta.effective_span)


def _placed(policy: Policy, span: Span) -> str:
    """A policy's file at `span` (its `effective:`, `version:`, `id:`) as a sentence names it, `policy/a.yaml:14:3`:
    set apart in backticks where a shell would split it (`path_in_prose`); the file alone where it has no place."""
    return path_in_prose(str(span)) if span.file else file_in_prose(policy)


def abolition_dates(policies: list[Policy]) -> list[Diagnostic]:
    """C039 warnings for an abolished category whose day differs from the one the earlier policies of the folder
    give it: an entry without its own `from:` that an earlier policy already abolished, or no longer had
    (explanations would tell its households this version's first day), and an entry whose `from:` falls while an
    earlier policy still had the category, or differs from the day an earlier policy abolished it from. A `from:`
    after the last policy that had the category ends, and by the first day of the next, is none of these when no
    policy of the folder gives another day (the version between them may be kept elsewhere)."""
    found: list[Diagnostic] = []
    ordered = sorted(policies, key=lambda p: (p.meta.effective_from, p.file))
    for later in ordered:
        earlier = [p for p in ordered if p.meta.effective_from < later.meta.effective_from]
        first = later.meta.effective_from
        for gone in later.abolished:
            had = next((p for p in reversed(earlier) if p.category(gone.id) is not None), None)
            since = _abolished_by(gone.id, earlier)
            if since is None and (gone.effective_from is None or had is None):
                continue  # abolished by this version, or never had by an earlier one: its own day is right
            if since is not None:
                day, by, listed = since
                if had is not None and day < by.meta.effective_from:
                    day = by.meta.effective_from  # that version's own `from:` is too early: it is warned of itself
            else:  # abolished on a day after the last version that had it ends, and by this version's first day
                day, by, listed = _day_after(had, first) if had is not None else first, later, True
            told = gone.effective_from or first
            if told == day:
                continue
            ended = had.meta.effective_to if had is not None else None
            between = ended is not None and ended < told <= by.meta.effective_from  # after the last that had it
            if between and (since is None or not listed):
                continue  # a day no version of the folder dates otherwise
            file = file_in_prose(by)
            if had is not None and told < by.meta.effective_from and not between:
                still = windowed(had)
                said = Said(f"{still.en} still has it", f"{still.zh}仍有它")
            elif listed:
                said = Said(f"{file} already abolished it from {day}", f"{file} 已自 {day} 起取消它")
            else:
                said = Said(f"{file}, in force from {day}, already has no `{gone.id}`",
                            f"{file}（自 {day} 起施行）已没有 `{gone.id}`")
            told_said = (Said(f"{told}, this version's first day", f"本版本的第一天 {told}")
                         if gone.effective_from is None else Said(f"{told}", f" {told}"))
            found.append(Diagnostic.said(
                "C039", Said(f"explanations tell households `{gone.id}` is abolished from {told_said.en}, but "
                             f"{said.en}", f"说明会告诉家庭 `{gone.id}` 自{told_said.zh} 起取消，但 {said.zh}"),
                gone.span, severity="warning", source_file=later.file,
                help=Said(f"write `from: {day}` in this entry of `abolished:`, so that explanations tell households "
                          "the day it was abolished",
                          f"请在 `abolished:` 的这一条中写上 `from: {day}`，让说明告诉家庭它真正被取消的日期")))
    return found


def _day_after(policy: Policy, first: datetime.date) -> datetime.date:
    """The first day `policy` is no longer in force, and no later than `first`."""
    end = policy.meta.effective_to
    return first if end is None else min(first, end + datetime.timedelta(days=1))


def between_files(policies: list[Policy], failed: list[Path]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """What `policy check` finds among the policies of one folder taken together, and what of it is held back because
    a policy file of the folder (`failed`) did not load: the days no policy covers and the days a category was
    abolished (`gaps`, `abolition_dates`) read the folder as the whole chain of its versions, so the file missing may
    be all that causes them. Overlaps and one version given twice are between files that loaded, and hold."""
    uncovered, abolished = gaps(policies), abolition_dates(policies)
    if not any(names_a_policy(file) for file in failed):
        return [*overlaps(policies), *uncovered, *same_versions(policies), *other_ids(policies), *abolished], []
    return [*overlaps(policies), *same_versions(policies), *other_ids(policies)], [*uncovered, *abolished]


def other_ids(policies: list[Policy]) -> list[Diagnostic]:
    """L011 warnings for a policy that takes force the day after another of the folder ends and cites a document
    that one cites, under another `id`: `policy eval` chooses between them by date, yet explanations under the one do
    not tell what the other will decide (`engine.successor` follows one `id`), and `policy diff` calls them two
    policies. At the later one's `id:`."""
    found: list[Diagnostic] = []
    for later in policies:
        for earlier in policies:
            end = earlier.meta.effective_to
            if end is None or end + datetime.timedelta(days=1) != later.meta.effective_from \
                    or earlier.meta.id == later.meta.id:
                continue
            cited = next((s for s in later.meta.sources if any(s.id == e.id or s.title == e.title
                                                              for e in earlier.meta.sources)), None)
            if cited is None:
                continue  # another document: another policy, which may well follow this one
            place = _placed(earlier, earlier.meta.id_span)
            start, own, kept = later.meta.effective_from.isoformat(), later.meta.id, earlier.meta.id
            found.append(Diagnostic.said(
                "L011", Said(f"`id: {own}` is not the `id` of {place}, `{kept}`, though this file takes over from it "
                             f"on {start} and cites the same document, `{cited.id}`: the two are taken for different "
                             "policies, so explanations under that one do not tell households what this one will "
                             "decide",
                             f"`id: {own}` 与 {place} 的 `id`（`{kept}`）不同，而本文件自 {start} 起接续它的施行期，"
                             f"引用的也是同一文件 `{cited.id}`：两者会被当作不同的政策，"
                             "按那一版本作出的说明不会告诉家庭本文件将如何认定"),
                later.meta.id_span if later.meta.id_span.file else None, severity="warning", source_file=later.file,
                help=Said(f"keep the `id` of the version it follows, `id: {kept}` (`version:` tells versions apart); "
                          "if this is another policy, not its next version, say why in a comment on this line and "
                          "keep it in a folder of its own: `policy eval` chooses among the files of a folder by date",
                          f"请沿用它所接续的版本的 `id`：`id: {kept}`（各版本由 `version:` 区分）；如果这是另一项政策，"
                          "而不是它的下一个版本，请在这一行的注释中说明原因，并把它放到单独的文件夹中：`policy eval` "
                          "按日期在同一文件夹的文件中选择")))
    return found


def names_a_policy(file: Path) -> bool:
    """Whether a file that did not load was meant to be a policy: it has `policy:` at its left margin (a household, a
    file of test cases or a calendar kept in the folder has none)."""
    try:
        return _POLICY.search(file.read_bytes()) is not None
    except OSError:
        return False


def _abolished_by(category: str, earlier: list[Policy]) -> tuple[datetime.date, Policy, bool] | None:
    """When `category` was abolished among `earlier` (ordered by first day): the day, the policy that has it no more
    since the last one that had it, and whether that policy lists it under `abolished:`; None while the last has it."""
    since: tuple[datetime.date, Policy, bool] | None = None
    for policy in earlier:
        if policy.category(category) is not None:
            since = None
        elif since is None:
            gone = next((g for g in policy.abolished if g.id == category), None)
            since = ((policy.abolished_since(gone), policy, True) if gone
                     else (policy.meta.effective_from, policy, False))
    return since
