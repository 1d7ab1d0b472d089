"""The house style where no linter checks it: a module's private names (`_columnar`) are its own, never imported by
another module of engine/, cli/ or bench/ (what another module needs is made public, with a name that says what it
is)."""

from __future__ import annotations

import ast

from tests.helpers import ROOT


def test_no_module_imports_another_module_s_private_names() -> None:
    found = []
    for folder in ("engine", "cli", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                        and node.module.split(".")[0] in ("engine", "cli", "bench"):
                    found += [f"{path.relative_to(ROOT)}:{node.lineno}: {node.module}.{alias.name}"
                              for alias in node.names if alias.name.startswith("_") and not alias.name.startswith("__")]
    assert found == []
