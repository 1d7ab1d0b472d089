"""Policy files loaded once: the checked `Policy` kept on disk, keyed by the file's bytes.

Input: a policy file's path. Output: what `engine.loader.load_policy` gives for it — the
`Policy` and its warnings — read back from the cache when the same bytes were loaded before
by the same engine, else loaded in full and kept.
Invariants: an entry is used only for the same file name, the same bytes, the same limits
(`engine.limits`), the same Python and the same engine source files (their sizes and times),
so a cached policy is the policy a full load would give; a file with errors is never kept
(its errors come from the full load every time); any problem with the cache — a folder that
cannot be written, a damaged or foreign entry — falls back to the full load, silently: the
cache only ever saves time. `POLICY_CACHE_DIR` moves it (default `$XDG_CACHE_HOME/policy`,
else `~/.cache/policy`, in `checked/`); `POLICY_NO_CACHE=1` turns it off. The rule language's parser is kept in
its `grammar/` (`engine.syntax.parser.build_parser`), read and written the same way. This module imports nothing heavy:
on a hit no YAML reader, JSON Schema validator, grammar or checker is loaded.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from engine import limits
from engine.diagnostics import Diagnostic
from engine.model import Policy
from engine.syntax import ast

FORMAT = 1  # raised when what an entry holds changes shape
KEPT = 256  # entries kept; the oldest go first


def load_policy_file(path: str | Path) -> tuple[Policy, list[Diagnostic]]:
    """`engine.loader.load_policy(path)`, from the cache when it can be. Raises `PolicyError` as it does."""
    file = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError:
        raw = None  # the full load says what is wrong with the file, located
    if raw is None:
        from engine.loader import load_policy

        return load_policy(path, raw=raw)
    return load_policy_bytes(file, raw)


def load_policy_bytes(file: str, raw: bytes) -> tuple[Policy, list[Diagnostic]]:
    """`engine.loader.load_policy(file, raw=raw)` — a policy file's bytes kept elsewhere (the register keeps each
    version's), read under its name — from the cache when it can be."""
    folder = cache_folder()
    if folder is None:
        from engine.loader import load_policy

        return load_policy(file, raw=raw)
    entry = folder / f"{_key(file, raw)}.pickle"
    found = _read(entry)
    if found is not None:
        return found
    from engine.loader import load_policy

    policy, warnings = load_policy(file, raw=raw)
    _write(folder, entry, policy, warnings)
    return policy, warnings


def cached(path: str | Path) -> Policy | None:
    """The policy of this file if the cache holds it (nothing is loaded otherwise); None if not."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError:
        return None
    found = _read(folder / f"{_key(str(path), raw)}.pickle")
    return found[0] if found is not None else None


def cache_folder(within: str = "") -> Path | None:
    """Where entries are kept (those of another kind in the folder `within` of it: the grammar's parser in
    `grammar`), or None when the cache is off or the folder is not this user's own."""
    if os.environ.get("POLICY_NO_CACHE", "") not in ("", "0") or not hasattr(os, "getuid"):
        return None  # (without user ids to check who may write an entry, none is trusted)
    chosen = os.environ.get("POLICY_CACHE_DIR")
    if chosen:
        folder = Path(chosen)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        folder = Path(base) / "policy" / "checked"
    if within:
        folder = folder / within
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    # an entry is unpickled, so only a folder nobody else can write to is used
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & 0o022 or info.st_uid != os.getuid():
        return None
    return folder


def _key(file: str, raw: bytes) -> str:
    digest = hashlib.sha256()
    for part in (str(FORMAT), sys.version, _engine_fingerprint(), _limits(), file):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    digest.update(raw)
    return digest.hexdigest()[:40]


def _limits() -> str:
    return repr((limits.MAX_POLICY_BYTES, limits.MAX_YAML_NODES, limits.MAX_YAML_DEPTH))


@functools.cache
def _engine_fingerprint() -> str:
    """The engine's source files as they are now: a change to any of them makes every entry stale."""
    root = Path(__file__).parent
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        for name in names:
            info = os.stat(os.path.join(folder, name))
            found.append(f"{os.path.relpath(os.path.join(folder, name), root)}\0{info.st_size}\0{info.st_mtime_ns}")
    digest = hashlib.sha256("\0".join(sorted(found)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def read_own(entry: Path) -> bytes | None:
    """The bytes of an entry of a `cache_folder`, where it is this user's and nobody else may write to it; else
    None, as when there is none."""
    try:
        with entry.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
            return handle.read()
    except OSError:
        return None


def write_whole(folder: Path, entry: Path, data: bytes) -> bool:
    """`data` written to `entry` of `folder` whole or not at all, so that a command reading it meanwhile never
    reads half of it; False where it could not be written (a full disk, a folder made read-only)."""
    import tempfile  # (not at start-up: a warm command writes nothing)

    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, entry)
        except BaseException:
            os.unlink(temporary)
            raise
    except OSError:
        return False
    return True


def _read(entry: Path) -> tuple[Policy, list[Diagnostic]] | None:
    data = read_own(entry)
    if data is None:
        return None
    try:
        kept = pickle.loads(data)
    except Exception:  # a damaged entry (a disk error): loaded in full, and kept again
        return None
    if not (isinstance(kept, tuple) and len(kept) == 4 and kept[0] == FORMAT and isinstance(kept[1], Policy)):
        return None
    _, policy, warnings, typed = kept
    # the checker keys each node's type by the node's identity, which a new process does not share
    return dataclasses.replace(policy, types={id(node): kind for node, kind in typed}), warnings


def _write(folder: Path, entry: Path, policy: Policy, warnings: list[Diagnostic]) -> None:
    by_id = {id(node): node for node in _nodes(policy)}
    typed = [(by_id[key], kind) for key, kind in policy.types.items() if key in by_id]
    try:
        data = pickle.dumps((FORMAT, dataclasses.replace(policy, types={}), warnings, typed),
                            protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # something that cannot be pickled (a rule nested too deeply): not kept
        return
    if write_whole(folder, entry, data):  # else the next load is a full one again
        with contextlib.suppress(OSError):  # (the folder made unreadable meanwhile)
            prune(folder, ".pickle", KEPT)


def prune(folder: Path, suffix: str, kept: int) -> None:
    """The oldest entries (their names ending in `suffix`) beyond `kept` go, and what a process killed while writing
    left an hour ago."""
    entries, leftovers, stale = [], [], time.time_ns() - 3600 * 10**9
    for e in os.scandir(folder):
        if e.name.endswith(suffix):
            entries.append((e.stat().st_mtime_ns, e.path))
        elif e.name.endswith(".tmp") and e.stat().st_mtime_ns < stale:
            leftovers.append(e.path)
    for path in [*leftovers, *(path for _, path in sorted(entries)[:-kept])]:
        with contextlib.suppress(OSError):  # another process removed it first
            os.unlink(path)


def _nodes(root: Any) -> Iterator[ast.Node]:
    """Every expression node reachable from the policy (through dataclasses, maps, tuples and lists)."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        value = stack.pop()
        if id(value) in seen or isinstance(value, (str, bytes, int, float)) or value is None:
            continue
        seen.add(id(value))
        if isinstance(value, ast.Node):
            yield value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            stack.extend(getattr(value, f.name) for f in dataclasses.fields(value) if f.name != "types")
        elif isinstance(value, Mapping):
            stack.extend(value.values())
        elif isinstance(value, (tuple, list, set, frozenset)):
            stack.extend(value)
