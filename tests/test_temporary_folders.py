"""`engine.temporary_folders`: the folders of processes that ended without removing theirs are removed by the next
to make one; those of running processes, other names and other things are left."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from engine.temporary_folders import machine_name, own_folder


def test_the_folders_ended_processes_left_are_removed_and_the_others_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, check=True)
    left = tmp_path / f"policy-tables-{int(ended.stdout)}-{machine_name()}-abc"
    (left / "inner").mkdir(parents=True)
    (left / "inner" / "renamed-members.csv").write_text("household,id\n")
    kept = [tmp_path / f"policy-tables-{os.getpid()}-{machine_name()}-running", tmp_path / "policy-tables-k3x9ab12",
            tmp_path / f"policy-cache-{int(ended.stdout)}-{machine_name()}-other",
            tmp_path / f"policy-tables-{int(ended.stdout)}-another-machine-abc"]  # (its process id is not ours)
    for folder in kept:
        folder.mkdir()
    (tmp_path / f"policy-tables-{int(ended.stdout)}-{machine_name()}-file").write_text("not a folder")
    kept.append(tmp_path / f"policy-tables-{int(ended.stdout)}-{machine_name()}-file")
    made = own_folder("policy-tables-")
    assert made.parent == tmp_path and made.name.startswith(f"policy-tables-{os.getpid()}-{machine_name()}-")
    assert sorted(tmp_path.iterdir()) == sorted([*kept, made])


def test_the_tests_own_policy_cache_is_such_a_folder():
    """A test run killed before it could remove its cache of checked policies has it removed by the next."""
    cache = Path(os.environ["POLICY_CACHE_DIR"])
    assert cache.parent == Path(tempfile.gettempdir())
    assert cache.name.startswith(f"policy-cache-{os.getpid()}-{machine_name()}-")
