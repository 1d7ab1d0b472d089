"""Golden explanations: the exact text a caseworker reads, reviewed in `git diff`.

Regenerate after an intended change with:  UPDATE_GOLDEN=1 python -m pytest tests/test_golden_explain.py
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.helpers import ROOT

GOLDEN = ROOT / "tests" / "golden" / "explain"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

HOUSEHOLDS = [
    ("DS-0001-dibao-widow", "2025-06-01"),
    ("DS-0003-tekun-sibling-working-household", "2026-03-01"),
    ("DS-0005-rigid-expense-cancer", "2026-03-01"),
    ("DS-0007-monitoring-only-vehicle", "2025-06-01"),
    ("DS-0007-monitoring-only-vehicle", "2026-03-01"),
    ("DS-0013-deposits-over-24-months", "2025-12-20"),  # the transition's last days: the next policy makes it dibao
    ("DS-0025-orphan-and-grandmother", "2030-06-01"),  # the grandson turns 18 within the year, assessed unable to work
    # a pension written by the month and deposits in 万元 (doubts), and blanks that decide a category, only
    # assistance, or nothing
    ("../../tests/fixtures/households/DS-9001-doubted-and-blank", "2025-06-01"),
]
FORMATS = [("text", "zh", "zh.txt"), ("text", "en", "en.txt"), ("markdown", "zh", "zh.md"),
           ("markdown", "en", "en.md"), ("json", "en", "en.json")]


@pytest.mark.parametrize(("name", "date"), HOUSEHOLDS, ids=[f"{n.split('/')[-1][:7]}@{d}" for n, d in HOUSEHOLDS])
@pytest.mark.parametrize(("fmt", "lang", "suffix"), FORMATS, ids=[f[2] for f in FORMATS])
def test_explanation_matches_golden(monkeypatch, name, date, fmt, lang, suffix):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, ["eval", f"examples/households/{name}.json", "--explain", "--date", date,
                                      "--format", fmt, "--lang", lang], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name.split('/')[-1][:7]}@{date}.{suffix}"
    if UPDATE:
        golden.write_text(result.stdout, encoding="utf-8")
    assert golden.exists(), f"missing {golden}: run with UPDATE_GOLDEN=1 and review the new file"
    assert result.stdout == golden.read_text(encoding="utf-8")
