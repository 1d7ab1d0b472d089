"""The alerts of a policy switch say why each household starts, exits or moves.

The shipped example households are recorded as 2025 snapshots under the transition policy, then
reassessed under the post-transition one on 2026-03-05 (after DS-0006's p3 turned 18).
"""

from __future__ import annotations

import csv
import io
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


ABSORBING_EN = ("minimum living guarantee (dibao) household, person in extreme poverty (tekun), household on "
                "the margin of dibao, household with unbearable rigid expenses, other persons in hardship")


@pytest.mark.parametrize("household", ["DS-0007", "DS-0009", "DS-0028"])
def test_an_abolished_category_that_nothing_replaces_says_assistance_stops(register: str, household: str) -> None:
    gone = by_household(register)[household]
    assert gone["kind"] == "exit" and gone["abolished"][0]["now_in"] == []
    english = lines_of(alerts(register, "--lang", "en"), household)
    assert (f"household monitored against returning to poverty: abolished, absorbed by {ABSORBING_EN}; "
            "this household meets none of them: assistance stops") in english
    chinese = lines_of(alerts(register, "--lang", "zh"), household)
    assert ("防止返贫监测对象: 已取消，并入 最低生活保障对象、特困人员、低保边缘家庭成员、刚性支出困难家庭成员、"
            "其他困难人员；本户不符合其中任何一类：停止救助") in chinese
    markdown = alerts(register, "--lang", "en", "--format", "markdown")
    assert "this household meets none of them: assistance stops" in markdown.split(f"**{household}**")[1]
    row = next(r for r in csv.DictReader(io.StringIO(alerts(register, "--format", "csv", "--lang", "en")))
               if r["household"] == household)
    assert row["abolished"].endswith("; this household meets none of them: assistance stops")


def test_an_abolished_category_replaced_by_an_absorbing_one_says_only_what_absorbs_it(register: str) -> None:
    moved = by_household(register)["DS-0001"]  # dibao and monitoring → dibao
    assert moved["abolished"][0]["now_in"] == ["dibao"]
    assert "meets none" not in lines_of(alerts(register, "--lang", "en"), "DS-0001")
    assert "不符合" not in lines_of(alerts(register, "--lang", "zh"), "DS-0001")
