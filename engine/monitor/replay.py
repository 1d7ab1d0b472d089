"""A recorded snapshot → its decision made again, with the policy that made it.

Input: an open `Register` and a snapshot id. Output: a `Replay` — the `Decision`
(with its evaluation, ready for `engine.explain`), the policy it was made with,
whether the policy file on disk is still that policy, and whether the replayed
decision equals the recorded one.
Invariants: the policy is always the recorded version: the file on disk is used
only when its sha256 matches the recorded one; otherwise the copy of its bytes
kept in the register is loaded, under the recorded file name, and `file_note`
says why. Nothing is written.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.diagnostics import Said, path_in_prose
from engine.evaluator import Decision, evaluate
from engine.household import validate_household
from engine.household_input import read_json
from engine.loader import load_policy
from engine.model import Policy
from engine.monitor.register import PolicyRecord, Register
from engine.render import decision_json


@dataclass(frozen=True)
class Replay:
    snapshot: dict[str, Any]
    policy_record: PolicyRecord
    policy: Policy
    decision: Decision
    file_note: Said | None  # set when the file on disk is not the recorded policy any more
    matches: bool  # the replayed decision equals the recorded one


def _on_disk(record: PolicyRecord) -> tuple[bytes | None, Said | None]:
    for candidate in (record.path, record.file):
        try:
            return Path(candidate).read_bytes(), None
        except OSError:
            continue
    file = path_in_prose(record.file)
    return None, Said(f"{file} is no longer there; the decision is replayed with the copy of "
                      f"{record.version} (sha256 {record.sha256[:12]}…) kept in the register",
                      f"{file} 已不在原处；按台账中保存的 {record.version} 副本（sha256 "
                      f"{record.sha256[:12]}…）重演这一认定")


def policy_of(record: PolicyRecord) -> tuple[Policy, Said | None]:
    """The recorded policy version, and a note when the file on disk differs from it."""
    raw, note = _on_disk(record)
    if raw is not None:
        now = hashlib.sha256(raw).hexdigest()
        if now != record.sha256:
            file = path_in_prose(record.file)
            note = Said(f"{file} has changed since this decision was made (sha256 then "
                        f"{record.sha256[:12]}…, now {now[:12]}…); the decision is replayed with the copy of "
                        f"{record.version} kept in the register",
                        f"{file} 在这次认定之后改动过（当时 sha256 {record.sha256[:12]}…，现在 "
                        f"{now[:12]}…）；按台账中保存的 {record.version} 副本重演这一认定")
    policy, _ = load_policy(record.file, raw=record.text)
    return policy, note


def replay(register: Register, snapshot_id: int) -> Replay:
    """Decide a recorded snapshot again; raises `PolicyError`, `HouseholdError` or `EvaluationError`
    only when this version of the engine no longer accepts what it once did."""
    snapshot = register.snapshot(snapshot_id)
    record = register.policy(snapshot["policy"])
    policy, note = policy_of(record)
    day = datetime.date.fromisoformat(snapshot["date"])
    source = f"snapshot #{snapshot_id} ({snapshot['source']})"
    data = read_json(snapshot["household_json"].decode("utf-8"), source)
    household = validate_household(data, policy, source, today=day)
    decision = evaluate(policy, household, day)
    matches = _comparable(decision_json(decision)) == _comparable(snapshot["decision"])
    return Replay(snapshot, record, policy, decision, note, matches)


def _comparable(decision: dict[str, Any]) -> dict[str, Any]:
    # the policy's file name may be written differently; its content hash is what identifies it
    return {**decision, "policy": {k: v for k, v in decision["policy"].items() if k != "file"}}
