"""The project's modules compiled to bytecode, as an installed copy has them, before a benchmark times the command line.

A copy installed with pip, or run once where Python may write its caches, starts from the compiled modules
in `__pycache__`. Where `PYTHONDONTWRITEBYTECODE` is set (as on some build machines) Python never writes
them, and every command would compile the project's sources again at start-up — some 0.3 s of each
`policy batch` run on a 2-core machine, which no user of an installed copy pays. Python still reads caches
that exist, so compiling them once here times the command as it is used.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def compile_project() -> None:
    """Write the bytecode of `engine` and `cli` (where it is missing or stale); say nothing unless it fails."""
    for package in ("engine", "cli"):
        if not compileall.compile_dir(ROOT / package, quiet=1):
            raise SystemExit(f"bench: cannot compile {package}/ to bytecode")
