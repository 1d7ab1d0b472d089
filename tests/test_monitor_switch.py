"""The alerts of a policy switch say why each household starts, exits or moves.

The shipped example households are recorded as 2025 snapshots under the transition policy, then
reassessed under the post-transition one on 2026-03-05 (after DS-0006's p3 turned 18).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import ROOT

POST = str(ROOT / "policy" / "post-transition.yaml")


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("switch")
    export = folder / "2025.jsonl"
    with export.open("w", encoding="utf-8") as out:
        for path in sorted((ROOT / "examples" / "households").glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            out.write(json.dumps({**data, "date": "2025-06-30"}, ensure_ascii=False) + "\n")
    db = str(folder / "register.sqlite3")
    assert _run(db, "ingest", str(export)).exit_code == 0
    assert _run(db, "reassess", "--policy", POST, "--date", "2026-03-05").exit_code == 0
    return db


def _run(db: str, *args: str) -> Any:
    return CliRunner().invoke(cli, ["monitor", *args, "--db", db], catch_exceptions=False)


def alerts(db: str, *args: str) -> str:
    result = _run(db, "alerts", "--since", "2026-03-01", "--margin", "0%", "--today", "2026-03-10", *args)
    assert result.exit_code == 0, result.output
    return str(result.output)


def by_household(db: str, *args: str) -> dict[str, dict[str, Any]]:
    return {a["household"]: a for a in json.loads(alerts(db, "--format", "json", *args))["alerts"]}


def lines_of(text: str, household: str) -> str:
    """The lines of one household's alert in text output: its first line and those indented under it."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith(f"{household}:"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith("      ")), len(lines))
    return "\n".join(lines[start:end])


def test_a_member_clause_of_a_category_the_member_never_had_is_not_a_reason(register: str) -> None:
    # DS-0006's p3 turned 18 (no longer unable to work), but was tekun neither before nor after
    leave = by_household(register)["DS-0006"]
    assert leave["kind"] == "exit"
    assert [c for c in leave["clauses"] if c["member"] == "p3"] == []
    assert "(p3)" not in lines_of(alerts(register, "--lang", "en"), "DS-0006")
