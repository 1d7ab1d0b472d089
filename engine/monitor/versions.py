"""A policy version's name → the one set of rules the register holds under it.

Input: a policy about to decide something the register records (an ingest, a reassessment, an application),
whose file's sha256 the register holds under none of the rows of its id and version, and those rows.
Output: nothing when the file says what a recorded row says, written otherwise (comments, spacing, key order,
labels, notes and citations: no decision can change); else `EditedVersion`, which says which version, which
file, what the register holds and what to do.
Invariants: the register never holds two sets of rules under one version name, so a snapshot's version says
which rules decided it, and an alert between two snapshots of one version is a change of the household, never
one of the rules (a register written before this check may hold such rows: they are read as they are).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from engine.diagnostics import PolicyError, Said, path_in_prose
from engine.model import Policy
from engine.monitor.register import PolicyRecord, RegisterError
from engine.selection import file_in_prose
from engine.values import listed


class EditedVersion(RegisterError):
    """A policy file edited without a new version name: refused, nothing decided under it recorded."""


SHOWN = 3  # the differences named, the rest counted


def check_version(policy: Policy, recorded: Sequence[PolicyRecord], register: str) -> None:
    """Refuse `policy` (raise `EditedVersion`) when it decides otherwise than every row in `recorded` — the rows
    of its id and version, with other bytes — would (see the module docstring)."""
    from engine.diff.changes import diff
    from engine.policy_cache import load_policy_bytes
    from engine.yamlsource import load_yaml

    compared: tuple[PolicyRecord, list[str]] | None = None  # the latest row read, and how the file differs from it
    for record in recorded:
        try:
            old = load_policy_bytes(record.file, record.text)[0]
            changes = diff(old, policy, old_doc=load_yaml(record.text, record.file))
        except PolicyError:  # a version this engine no longer reads: its rules cannot be compared, only its bytes
            continue
        # a parameter computed from a changed one (`tekun_standard` from `dibao_standard`) is named after it; the
        # lines, limits and amounts that only follow from them (the marginal line, the deposit limits) are not
        found = sorted((i for i in changes.items if not i.wording and (not i.derived or i.section == "parameters")),
                       key=lambda i: i.derived)
        if not found:
            return  # the same rules written otherwise
        if compared is None:
            compared = (record, [i.section if i.id == i.section else i.key for i in found])
    first = recorded[0] if compared is None else compared[0]
    version, file, kept = policy.meta.version, file_in_prose(policy), path_in_prose(register)
    first_file = path_in_prose(first.file)
    then, now = first.sha256[:12], policy.sha256[:12]
    at = _version_at(policy)
    if compared is None:
        how = Said("cannot be compared with them: this version of policy no longer reads the copy the register keeps "
                   "of them",
                   "无法与之比较：这一版 policy 已读不了台账保存的那一份")
    else:
        differences = compared[1]
        more = len(differences) - SHOWN
        named = [*differences[:SHOWN], *([f"{more} more"] if more > 0 else [])]
        how = Said("differs from them in " + listed(named, "en"),
                   "与之不同：" + "、".join(differences[:SHOWN]) + (f" 等 {len(differences)} 处" if more > 0 else ""))
    raise EditedVersion(
        Said(f"{file} is policy version `{version}`, but {kept} holds other rules under that name (sha256 "
             f"{then}…, recorded from {first_file}); this file (sha256 {now}…) {how.en}: "
             "decided under it, snapshots of one version name would follow two sets of rules, and alerts would take "
             "the difference for changes of the households; nothing decided under it was recorded",
             f"{file} 是政策版本 `{version}`，但 {kept} 中以这个名称记录的是另一套规则（sha256 {then}…，"
             f"记录自 {first_file}）；这个文件（sha256 {now}…）{how.zh}：按它认定，同一个版本名称下的"
             "快照会依据两套规则，提醒会把规则的差别当成家庭情况的变化；按它认定的内容一条也没有记入"),
        help=Said(f"give the edited policy a version name of its own (`version: {version}-2` {at.en}) and run the "
                  "command again; if the edit was a mistake, undo it",
                  f"请给改过的政策另起一个版本名称（{at.zh}写 `version: {version}-2`），再运行这条命令；"
                  "如果是误改，请把改动撤销"))


def _version_at(policy: Policy) -> Said:
    """Where the policy's file writes its version name (`at policy/post-transition.yaml:10`), else the file."""
    from engine.yamlsource import load_yaml

    try:
        span = load_yaml(Path(policy.file).read_bytes(), policy.file).span(("policy", "version"), key=True)
    except (OSError, PolicyError):  # gone or broken since it was loaded: the file is all there is to name
        return Said(f"in {file_in_prose(policy)}", f"在 {file_in_prose(policy)} 中")
    at = path_in_prose(f"{policy.file}:{span.line}")  # the line set apart with its file: `/tmp/my policies/a.yaml:10`
    return Said(f"at {at}", f"在 {at} ")
