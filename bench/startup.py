"""Start-up of the commands caseworkers and officers run, beside bare Python: prints figures, asserts nothing.

    python bench/startup.py                      # this checkout
    python bench/startup.py --against ../other   # and another checkout (an older version), run in turn

Each command runs `--runs` times, the checkouts and commands in turn so that all see the same moments of the machine;
the figures are medians of the wall clock and of the CPU time (user + system) of the process. Each command must end
with exit 0 and print the same bytes every run, in every checkout given (the same policies decide the same).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402

EXAMPLE = "examples/households/DS-0001-dibao-widow.json"
ROWS = [
    ("bare python (python -c pass)", ["-c", "pass"]),
    ("python -c 'import click'", ["-c", "import click"]),
    ("policy --help", ["-m", "cli.main", "--help"]),
    ("policy eval example --explain", ["-m", "cli.main", "eval", EXAMPLE, "--explain"]),
    ("policy eval example --explain --lang en --format markdown",
     ["-m", "cli.main", "eval", EXAMPLE, "--explain", "--lang", "en", "--format", "markdown"]),
    ("policy eval example --format json", ["-m", "cli.main", "eval", EXAMPLE, "--format", "json"]),
    ("policy check policy/", ["-m", "cli.main", "check", "policy/"]),
    ("policy check FILE, just edited (loaded in full)", ["-m", "cli.main", "check", "{edited}"]),
]


def run(tree: Path, argv: list[str], edited: Path) -> tuple[float, float, bytes]:
    """One run in `tree`: wall seconds, CPU seconds, and what it printed (the edited file's name left out)."""
    args = [a.replace("{edited}", str(edited)) for a in argv]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=tree, capture_output=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(tree)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"bench: `{' '.join(args)}` in {tree} ended with exit {done.returncode}:\n"
                         f"{done.stderr.decode(errors='replace')}")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, (done.stdout + done.stderr).replace(str(edited).encode(), b"FILE")


def main(runs: int, trees: list[Path]) -> None:
    for tree in trees:
        if tree == ROOT:
            compile_project()  # as an installed copy has them (`bench/installed.py`); another checkout: its own way
    policy = (ROOT / "policy" / "post-transition.yaml").read_text(encoding="utf-8")
    walls: dict[tuple[int, str], list[float]] = {}
    cpus: dict[tuple[int, str], list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="policy-startup-") as folder:
        for what, argv in ROWS:
            printed: set[bytes] = set()
            for turn in range(runs + 1):  # the first turn fills the caches, as a command run before has
                for t, tree in enumerate(trees if turn % 2 == 0 else trees[::-1]):
                    index = trees.index(tree)
                    edited = Path(folder) / f"edited-{turn}-{t}.yaml"  # a new file each run: never in the cache
                    edited.write_text(policy + f"# edited, run {turn}\n", encoding="utf-8")
                    wall, cpu, out = run(tree, argv, edited)
                    printed.add(out)
                    if turn:
                        walls.setdefault((index, what), []).append(wall)
                        cpus.setdefault((index, what), []).append(cpu)
            if len(printed) != 1:
                raise SystemExit(f"bench: {what}: the runs printed {len(printed)} different outputs")
    names = [str(tree) for tree in trees]
    print(f"medians of {runs} runs, ms; each checkout's wall clock, CPU, and wall clock over bare python")
    for index, name in enumerate(names):
        bare = statistics.median(walls[(index, ROWS[0][0])])
        print(f"\n{name}\n{'what':<58} {'wall':>7} {'CPU':>7} {'over bare':>10}")
        for what, _ in ROWS:
            wall, cpu = statistics.median(walls[(index, what)]), statistics.median(cpus[(index, what)])
            print(f"{what:<58} {wall * 1000:>7.0f} {cpu * 1000:>7.0f} {(wall - bare) * 1000:>10.0f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (default 7)")
    parser.add_argument("--against", type=Path, action="append", default=[],
                        help="another checkout of policy to time in turn with this one (repeatable)")
    options = parser.parse_args()
    main(max(1, options.runs), [ROOT, *(path.resolve() for path in options.against)])
