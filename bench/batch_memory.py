"""`policy batch` on a large input: time, households/s and peak memory of the whole run; asserts nothing.

    python bench/batch_memory.py [--n 10000000] [--input parquet|csv] [--jobs 2] [--keep FOLDER]

Writes `--n` households (100,000 seeded sample households, repeated) as one Parquet file in row
groups of 100,000 (ids need not be unique), or as CSV tables (each repeat's ids get a suffix of
their own, so the tables stay plain: `--n` a multiple of 100,000), runs `policy batch INPUT -o
OUT.parquet` on the post-transition policy, and samples the resident memory of the run's processes
(the command and its workers, summed as PSS) every 50 ms from /proc. Prints the input and output
sizes, the time, the rate and the peak.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.installed import compile_project  # noqa: E402
from engine.batch.csv_tables import write_households_csv  # noqa: E402
from engine.batch.parquet_layout import write_households_parquet  # noqa: E402
from engine.loader import load_policy  # noqa: E402
from engine.sample import households  # noqa: E402

DAY = datetime.date(2026, 3, 1)
POLICY = ROOT / "policy" / "post-transition.yaml"


def tree_rss(pid: int) -> int:
    """Proportional resident bytes (PSS: a page shared by n processes counts 1/n in each) of a process and
    all its descendants: what the run holds, without counting the pages workers share with it twice."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        todo.extend(children.get(current, []))
    return total


BASE = 100_000


def parquet_input(folder: Path, n: int) -> Path:
    import pyarrow.parquet as pq

    source = folder / f"households-{n}.parquet"
    if not source.exists():
        base = folder / "base.parquet"
        write_households_parquet(list(households(min(n, BASE), 2026, DAY)), base, load_policy(POLICY)[0])
        table = pq.read_table(base)
        with pq.ParquetWriter(source, table.schema, compression="zstd") as writer:
            left = n
            while left > 0:
                part = table.slice(0, min(left, table.num_rows))
                writer.write_table(part, row_group_size=BASE)
                left -= part.num_rows
    return source


def csv_input(folder: Path, n: int) -> Path:
    """The base households' tables `n // BASE` times over, each time with `~k` after every household id."""
    if n > BASE and n % BASE:
        raise SystemExit(f"bench/batch_memory.py: --input csv needs --n up to {BASE:,} or a multiple of it")
    source = folder / f"tables-{n}"
    if not source.exists():
        base = folder / "base-tables"
        write_households_csv(households(min(n, BASE), 2026, DAY), base, load_policy(POLICY)[0])
        source.mkdir()
        for name in ("households.csv", "members.csv", "lines.csv"):
            header, _, body = (base / name).read_bytes().partition(b"\n")
            rows = body.splitlines()
            with (source / name).open("wb") as out:
                out.write(header + b"\n")
                for k in range(max(1, n // BASE)):
                    suffix = b"~%d," % k
                    out.write(b"".join(row.replace(b",", suffix, 1) + b"\n" for row in rows))
    return source


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() else path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--input", choices=("parquet", "csv"), default="parquet", help="the input form")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them (default: a temporary folder)")
    options = parser.parse_args()
    compile_project()
    import pyarrow as pa
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        source = (csv_input if options.input == "csv" else parquet_input)(folder, options.n)
        output = folder / "decisions.parquet"
        command = [sys.executable, "-m", "cli.main", "batch", str(source), "-o", str(output), "--policy", str(POLICY),
                   "--date", DAY.isoformat(), "--jobs", str(options.jobs), "--lang", "en"]  # its summary, quoted
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_rss(process.pid))
            time.sleep(0.05)
        seconds = time.perf_counter() - start
        summary = process.stderr.read().decode("utf-8", "replace").strip() if process.stderr else ""
        if process.returncode != 0:
            raise SystemExit(f"bench/batch_memory.py: policy batch exited {process.returncode}: {summary}")
        rows = pq.ParquetFile(output).metadata.num_rows
        form = "CSV tables" if options.input == "csv" else "Parquet"
        print(f"{options.n:,} households, {form} {size_of(source) / 2**20:,.0f} MiB in, "
              f"{output.stat().st_size / 2**20:,.0f} MiB out ({rows:,} decisions), {options.jobs} processes")
        print(f"wall time {seconds:.1f} s, {options.n / seconds:,.0f} households/s, "
              f"peak memory of the run (PSS) {peak / 2**20:,.0f} MiB (pyarrow {pa.__version__})")
        said = summary.splitlines()  # notes, then the summary and the tally of categories
        print("\n".join(said[-2:]))


if __name__ == "__main__":
    main()
