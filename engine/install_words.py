"""How to install what an optional feature needs: one sentence, said alike by every message that needs it.

The extras are those of pyproject.toml's `[project.optional-dependencies]` (a test holds them equal). In the
repository, `pip install -e '.[EXTRA]'` installs one; elsewhere the packages are named themselves, because a
package named `policy` on PyPI is another project and `pip install 'policy[EXTRA]'` would fetch it."""

from __future__ import annotations

from engine.diagnostics import Said

EXTRAS = {"parquet": ("pyarrow>=15",), "spark": ("pyspark>=3.5", "pandas<3", "pyarrow>=15")}


def to_install(extra: str) -> Said:
    """The command that installs `extra` in the repository, and the one that installs its packages elsewhere."""
    packages = " ".join(f"'{package}'" for package in EXTRAS[extra])
    return Said(f"pip install -e '.[{extra}]' in the policy repository (elsewhere: pip install {packages})",
                f"在 policy 的代码库中运行 pip install -e '.[{extra}]'（在别处：pip install {packages}）")
