"""Fuzz household JSON reading, validation and evaluation: only the engine's diagnostics may escape."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from engine.evaluator import EvaluationError, evaluate
    from engine.household import HouseholdError, validate_household
    from engine.household_input import read_json
    from engine.loader import load_policy

POLICY = load_policy(ROOT / "policy" / "post-transition.yaml")[0]
DAY = datetime.date(2026, 3, 1)
SEED = (ROOT / "examples" / "households" / "DS-0005-rigid-expense-cancer.json").read_text(encoding="utf-8")


def test_one(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    text = SEED if provider.ConsumeBool() else ""
    cut = provider.ConsumeIntInRange(0, len(SEED))
    text = text[:cut] + provider.ConsumeUnicodeNoSurrogates(64) + text[cut:]
    try:
        household = validate_household(read_json(text, "fuzz.json"), POLICY, "fuzz.json", today=DAY)
        evaluate(POLICY, household, DAY)
    except (HouseholdError, EvaluationError):
        return


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
