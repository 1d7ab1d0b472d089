"""Limits on hostile or corrupted input, in one place (docs/security.md).

Input: the environment, read once at import. Output: the limits the loader and the household
reader enforce. Invariant: each limit is far above any real policy or household; a user who
needs more sets `POLICY_MAX_…` (a positive whole number) rather than editing code.
"""

from __future__ import annotations

import os


def _limit(name: str, default: int) -> int:
    text = os.environ.get(f"POLICY_{name}", "")
    return int(text) if text.isdigit() and int(text) > 0 else default


MAX_POLICY_BYTES = _limit("MAX_POLICY_BYTES", 5_000_000)
MAX_YAML_NODES = _limit("MAX_YAML_NODES", 200_000)
MAX_YAML_DEPTH = _limit("MAX_YAML_DEPTH", 64)
MAX_MEMBERS = _limit("MAX_MEMBERS", 100)
MAX_LINES = _limit("MAX_LINES", 1000)
MAX_AGE = _limit("MAX_AGE", 120)  # years: a birth date further back is a slip of the year (1800 for 1950)
