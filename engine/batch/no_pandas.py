"""pyarrow in a process that has no use for pandas: made to stop looking for it.

pyarrow checks whether pandas is installed the first time it converts a Python value (`pa.array`
of a list, a number handed to a compute function) and imports it when it is — some 300 modules,
0.3–0.4 s per process, before the first household is decided. `policy batch` (every local run
that reads or writes through Arrow), `policy diff --households` on tables and `policy sample` to
Parquet paid that for nothing: none of them hands pyarrow a pandas object. pandas comes with the
`spark` and `test` extras, so a platform that installs Spark paid it on every run.

`arrow_without_pandas` lets pyarrow look once while `import pandas` fails; pyarrow remembers that
it found none and does not look again. Nothing else changes: code that asks pyarrow for pandas
itself (`Table.to_pandas`) still imports it then, and where pandas is already imported (or pyarrow
is not installed) the call does nothing. Call it before the first conversion and before worker
processes fork, which inherit it.
"""

from __future__ import annotations

import importlib.abc
import sys


class _Unfound(importlib.abc.MetaPathFinder):
    """Makes `import pandas` fail while it is first on `sys.meta_path` (pyarrow's compiled import reads
    `sys.modules` directly, so a `None` there would be taken for the module)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        if name == "pandas":
            raise ImportError("pandas is not used here", name=name)


def arrow_without_pandas() -> None:
    if "pandas" in sys.modules:
        return
    try:
        import pyarrow as pa
    except ImportError:  # not installed: nothing to quiet
        return

    unfound = _Unfound()
    sys.meta_path.insert(0, unfound)
    try:
        pa.array([0])  # pyarrow's first (and only) look for pandas
    finally:
        sys.meta_path.remove(unfound)
