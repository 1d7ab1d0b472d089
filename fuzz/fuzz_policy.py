"""Fuzz whole policy files through the loader and checker: only PolicyError may escape."""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    from engine.diagnostics import PolicyError
    from engine.loader import load_policy

SEED = (ROOT / "tests" / "fixtures" / "policies" / "mini.yaml").read_bytes()


def test_one(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    cut = provider.ConsumeIntInRange(0, len(SEED))
    raw = SEED[:cut] + provider.ConsumeBytes(48) + SEED[cut + provider.ConsumeIntInRange(0, 32):]
    try:
        load_policy(Path("fuzz.yaml"), raw=raw)
    except PolicyError:
        return


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one)
    atheris.Fuzz()
