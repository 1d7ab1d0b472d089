"""`policy batch` and the optional libraries: runs through Arrow do not import pandas (0.3-0.4 s a process),
though the test extra installs it; and without pyarrow (`pip install -e .` alone) JSON Lines and CSV tables
are decided all the same, and Parquet is refused with the line that installs it."""

from __future__ import annotations

import gzip
import importlib.util
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers import POST, ROOT


def _run(script: str, cwd: Path) -> list[str]:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def _imports_pandas(cwd: Path, *args: str, ok: int = 0) -> bool:
    """Whether `policy ARGS`, run in one fresh process (--jobs 1 where it applies) and ending with exit code
    `ok`, imported pandas."""
    return _run(f"""
        import sys
        from cli.main import main
        sys.argv = ["policy", *{list(args)!r}]
        try:
            main()
        except SystemExit as stop:
            assert (stop.code or 0) == {ok}, stop.code
        print("pandas" in sys.modules)
    """, cwd)[-1] == "True"


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert importlib.util.find_spec("pandas") is not None, "pandas (the test extra) is what these tests are about"
    folder = tmp_path_factory.mktemp("extras")
    for output in ("h.parquet", "h.jsonl"):
        subprocess.run([sys.executable, "-m", "cli.main", "sample", "--n", "40", "--policy", POST, "-o", output],
                       cwd=folder, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return folder


@pytest.mark.parametrize("args", [
    ("batch", "h.jsonl", "-o", "d.parquet", "--jobs", "1"),
    ("batch", "h.parquet", "-o", "d.jsonl", "--jobs", "1"),
    ("batch", "h.parquet", "-o", "d.csv", "--jobs", "1", "--engine", "exact"),
    ("sample", "--n", "5", "-o", "s.parquet"),
    ("diff", str(ROOT / "policy" / "2024-transition.yaml"), POST, "--households", "h.parquet", "--date", "2026-03-01"),
], ids=["batch-jsonl-to-parquet", "batch-parquet", "batch-exact-to-csv", "sample-parquet", "diff-parquet"])
def test_a_run_through_arrow_leaves_pandas_alone(tables: Path, args: tuple[str, ...]) -> None:
    extra = ("--policy", POST) if args[0] in ("batch", "sample") else ()
    assert not _imports_pandas(tables, *args, *extra, ok=1 if args[0] == "diff" else 0)  # diff: the two differ


def test_pandas_is_still_there_for_whoever_asks(tmp_path: Path) -> None:
    """pyarrow stops looking for pandas on its own; asked for it, it imports it as before."""
    assert _run("""
        import sys
        from engine.batch.no_pandas import arrow_without_pandas
        arrow_without_pandas()
        import pyarrow as pa
        import pyarrow.compute as pc
        pc.fill_null(pa.array([1, None]), 0)
        pa.scalar(0, pa.int32())
        print("pandas" in sys.modules)
        print(pa.table({"a": [1, 2]}).to_pandas()["a"].sum())
    """, tmp_path) == ["False", "3"]


_WITHOUT_ARROW = """
import importlib.abc, sys

class Unfound(importlib.abc.MetaPathFinder):  # as if pyarrow were not installed
    def find_spec(self, name, path=None, target=None):
        if name == "pyarrow" or name.startswith("pyarrow."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, Unfound())
from cli.main import main
sys.argv = ["policy", *sys.argv[1:]]
main()
"""


def _without_arrow(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", _WITHOUT_ARROW, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_without_pyarrow_json_lines_and_csv_tables_are_decided_as_with_it(tables: Path) -> None:
    common = ("--policy", POST, "--date", "2026-03-01", "--chunk-size", "15", "--lang", "en")
    _run(f"""
        import gzip, shutil
        from cli.main import main
        from engine.batch.csv_tables import write_households_csv
        from engine.loader import load_policy
        import json
        items = [json.loads(line) for line in open("h.jsonl", encoding="utf-8")]
        write_households_csv(items, __import__("pathlib").Path("t"), load_policy({POST!r})[0])
        with open("h.jsonl", "rb") as plain, gzip.open("h.jsonl.gz", "wb") as packed:
            shutil.copyfileobj(plain, packed)
        shutil.copytree("t", "tgz")
        for name in ("households.csv", "members.csv", "lines.csv"):
            with open("t/" + name, "rb") as plain, gzip.open("tgz/" + name + ".gz", "wb") as packed:
                shutil.copyfileobj(plain, packed)
            __import__("os").remove("tgz/" + name)
    """, tables)
    with_arrow = subprocess.run([sys.executable, "-m", "cli.main", "batch", "h.jsonl", "-o", "arrow.jsonl", *common],
                                cwd=tables, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert with_arrow.returncode == 0, with_arrow.stderr
    for given in ("h.jsonl", "h.jsonl.gz", "t", "tgz"):
        done = _without_arrow(tables, "batch", given, "-o", "plain.jsonl", *common, "--summary", "plain.json")
        assert done.returncode == 0, done.stderr
        assert (tables / "plain.jsonl").read_bytes() == (tables / "arrow.jsonl").read_bytes(), given
    done = _without_arrow(tables, "batch", "h.jsonl", "-o", "plain.jsonl.gz", *common)  # gzip: the standard library
    assert done.returncode == 0, done.stderr
    assert gzip.decompress((tables / "plain.jsonl.gz").read_bytes()) == (tables / "arrow.jsonl").read_bytes()
    # each names the project's extra, which `pip install -e .` alone (the README's quick start) leaves out
    extra = "pip install -e '.[parquet]' in the policy repository (elsewhere: pip install 'pyarrow>=15')"
    done = _without_arrow(tables, "batch", "h.jsonl", "-o", "plain.jsonl.zst", *common)
    assert done.returncode == 2 and f"writing zstd needs pyarrow: {extra}; or name" in done.stderr
    done = _without_arrow(tables, "batch", "h.jsonl", "-o", "plain.parquet", *common)
    assert done.returncode == 2 and f"Parquet output needs pyarrow: {extra}" in done.stderr
    done = _without_arrow(tables, "batch", "h.parquet", "-o", "plain.jsonl", *common)
    assert done.returncode == 2 and f"error: reading Parquet needs pyarrow: {extra}" in done.stderr
    done = _without_arrow(tables, "batch", "h.jsonl", "-o", "plain.jsonl", "--engine", "spark", *common)
    assert done.returncode == 2 and ("--engine spark needs pyspark and pyarrow: pip install -e '.[spark]' in the "
                                     "policy repository (elsewhere: pip install 'pyspark>=3.5' 'pandas<3' "
                                     "'pyarrow>=15'), and Java") in done.stderr, done.stderr
    done = _without_arrow(tables, "sample", "--n", "3", "--policy", POST, "-o", "h3.parquet", "--lang", "zh")
    assert done.returncode == 2, done.stderr
    assert ("写 Parquet 需要 pyarrow：在 policy 的代码库中运行 pip install -e '.[parquet]'"
            "（在别处：pip install 'pyarrow>=15'）") in done.stderr


def test_the_packages_named_for_an_extra_are_those_of_pyproject() -> None:
    import tomllib

    from engine.install_words import EXTRAS

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert {name: list(packages) for name, packages in EXTRAS.items()} == {name: extras[name] for name in EXTRAS}
