"""Which policy decides: the one in force on the evaluation date.

Input: a folder of policy files (or explicit files) and a date. Output: the one
`Policy` whose `effective` window contains the date, or `PolicyError` (L008)
naming the files and windows when none or several are in force.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from engine.diagnostics import Diagnostic, PolicyError
from engine.loader import load_policy
from engine.model import Policy


def policy_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their `*.yaml` / `*.yml` files, sorted by name."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()))
        else:
            files.append(path)
    return files


def load_folder(folder: Path) -> list[Policy]:
    return [load_policy(f)[0] for f in policy_files([folder])]


def _window(file: Path) -> tuple[datetime.date, datetime.date | None] | None:
    """The `effective` window read cheaply, or None when only a full load can say."""
    try:
        data = yaml.load(file.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        effective = data["policy"]["effective"]
        start, end = effective["from"], effective.get("to")
    except Exception:  # any problem: the full load reports it, located
        return None
    if isinstance(start, datetime.date) and (end is None or isinstance(end, datetime.date)):
        return start, end
    return None


def in_force_in_folder(folder: Path, day: datetime.date) -> Policy:
    """The policy in force on `day`, loading fully only the files whose window may hold it."""
    candidates = []
    for file in policy_files([folder]):
        window = _window(file)
        if window is None or (window[0] <= day and (window[1] is None or day <= window[1])):
            candidates.append(file)
    if len(candidates) == 1:
        policy = load_policy(candidates[0])[0]
        if policy.meta.in_force(day):
            return policy
    return in_force(load_folder(folder), day, str(folder))


def in_force(policies: list[Policy], day: datetime.date, folder: str = "policy/") -> Policy:
    """The single policy whose window holds `day`."""
    matching = [p for p in policies if p.meta.in_force(day)]
    if len(matching) == 1:
        return matching[0]
    folder = folder if folder.endswith("/") else folder + "/"  # said as a folder: `policy/`, not `policy`
    windows = "; ".join(f"{p.file} ({p.meta.window()})" for p in policies) or "no policy files"
    if not matching:
        raise PolicyError([Diagnostic(
            "L008", f"no policy in {folder} is in force on {day.isoformat()}", None, source_file=folder,
            help=f"windows: {windows}; pick one with --policy FILE or another --date")])
    overlap = ", ".join(f"{p.file} ({p.meta.window()})" for p in matching)
    raise PolicyError([Diagnostic(
        "L008", f"several policies are in force on {day.isoformat()}: {overlap}", None, source_file=folder,
        help="make the `effective` windows not overlap, or pick one with --policy FILE")])
